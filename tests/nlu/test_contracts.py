"""Contract types read once from a message (nlu/contracts.py, carried as event.v.contract)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.contracts import MAX_CHARS, contract_from_text
from nlu.values import read_values

KEYS = {"permanent", "fixed_term", "zero_hours", "agency", "self_employed", "unknown"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("zero hours", "zero_hours"),
        ("im on zero hrs", "zero_hours"),
        ("0 hour contract", "zero_hours"),
        ("no guaranteed hours", "zero_hours"),
        ("zero hours through an agency", "zero_hours"),  # the insecure part first
        ("agency", "agency"),
        ("i work through an agency", "agency"),
        ("agancy", "agency"),
        ("perm", "permanent"),
        ("permanant now!!", "permanent"),
        ("Permanent", "permanent"),
        ("fixed term til march", "fixed_term"),
        ("temp", "fixed_term"),
        ("6 month contract", "fixed_term"),
        ("self employed", "self_employed"),
        ("sole trader", "self_employed"),
        # casual and bank work guarantee no hours ("casual" got the contract question 6 times)
        ("casual", "zero_hours"),
        ("im bank staff at the hospital", "zero_hours"),
        ("as and when they need me", "zero_hours"),
        ("the bank holiday shifts", None),
        ("food bank volunteer", None),
        ("i don’t know", "unknown"),  # a phone's curly apostrophe
        ("not perm, dunno what it is", "unknown"),  # "not perm" only rules out permanent
        ("dunno", "unknown"),
        ("not sure", "unknown"),
        ("not perm", None),
        ("permit", None),
        ("same", None),
        ("I work nights", None),
        ("", None),
    ],
)
def test_contract_words(text: str, key: str | None) -> None:
    assert contract_from_text(text) == key
    assert read_values(text).contract == key


def test_a_long_message_is_read_from_its_start() -> None:
    assert contract_from_text("x" * MAX_CHARS + " agency") is None
    assert contract_from_text("agency " + "x" * MAX_CHARS) == "agency"


def test_a_message_of_many_words_is_no_contract() -> None:
    """ "i dont know anymore, my kid is sick ..." at the contract question is not "don't know"."""
    rant = "i dont know anymore " + "and the rent went up again " * 5
    assert contract_from_text(rant) is None
    assert contract_from_text("zero hours through an agency but hoping to go perm soon") == (
        "zero_hours"
    )


@given(st.text(max_size=400))
@settings(max_examples=300, derandomize=True)
def test_any_text_gives_a_known_key_or_none(text: str) -> None:
    assert contract_from_text(text) in KEYS | {None}


def test_the_word_limit_is_twenty_five() -> None:
    """25 words are still read; 26 are someone telling us how things are."""
    words = ["agency"] + ["ok"] * 24
    assert contract_from_text(" ".join(words)) == "agency"
    assert contract_from_text(" ".join([*words, "ok"])) is None
