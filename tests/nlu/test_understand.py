"""understand(): Rasa when it can, exact keywords when it can't, values normalised."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time

import pytest

from nlu.client import NluClient
from nlu.normalise import Money
from nlu.understand import keyword_intent, understand
from tests.nlu.http_double import RasaDouble, free_port


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("STOP", "stop"),
        ("Stop!", "stop"),
        ("please stop messaging me, thanks", "stop"),
        ("unsubscribe", "stop"),
        ("help", "help"),
        ("Menu", "help"),
        ("can i speak to a real person", "ask_human"),
        ("yes", "affirm"),
        ("Yeah.", "affirm"),
        ("nope", "deny"),
        ("hiya", "greet"),
        ("bye", "goodbye"),
        ("dunno", "not_sure"),
        ("i don't know", "not_sure"),
        ("on 11.44 an hour", None),
        ("don't stop now, it's going well", None),
        ("", None),
    ],
)
def test_keyword_intent(text: str, intent: str | None) -> None:
    assert keyword_intent(text) == intent


@pytest.fixture
def rasa() -> Iterator[RasaDouble]:
    double = RasaDouble(free_port()).start()
    yield double
    double.stop()


def test_uses_rasa_and_normalises_entities(rasa: RasaDouble) -> None:
    result = understand("on £11.44/hr", NluClient(rasa.url, "T"), today=date(2026, 11, 23))
    assert (result.intent, result.source) == ("inform_pay", "rasa")
    assert result.money == Money(1144, "hour")
    assert result.time_range == (time(22), time(6))  # the double's "night" entity
    assert result.values("money") == ["£11.44/hr"]


def test_falls_back_to_keywords_when_rasa_is_down() -> None:
    client = NluClient(f"http://127.0.0.1:{free_port()}", "T", timeout=0.3)
    result = understand("STOP", client)
    assert (result.intent, result.source) == ("stop", "keywords")
    assert not client.available
    other = understand("on 11.44 an hour", client)  # no network call while backing off
    assert (other.intent, other.source, other.money) == (None, "none", None)


def test_works_without_any_client() -> None:
    assert understand("yes please", None).intent == "affirm"
    assert understand("i do nights", None).intent is None


def test_low_confidence_prefers_an_exact_keyword(rasa: RasaDouble) -> None:
    client = NluClient(rasa.url, "T")
    sure = understand("help", client, min_confidence=0.5)
    assert (sure.intent, sure.source) == ("inform_pay", "rasa")  # the double is 0.97 sure
    unsure = understand("help", client, min_confidence=0.99)
    assert (unsure.intent, unsure.source) == ("help", "keywords")
    neither = understand("blah", client, min_confidence=0.99)
    assert (neither.intent, neither.source) == (None, "rasa")
