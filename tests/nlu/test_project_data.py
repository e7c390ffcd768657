"""Lint the Rasa training data: coverage, a clean held-out split, consistent money/hours spans."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from nlu.app_eval import APP_SETS
from nlu.evaluate import leaked_examples
from nlu.normalise import parse_hours, parse_money, parse_shift_hours
from nlu.project import (
    DATA_DIR,
    DOMAIN_FILE,
    HELDOUT_FILE,
    HELDOUT_FILES,
    INDEPENDENT_HELDOUT_FILE,
    read_examples,
    training_examples,
)

REQUIRED_INTENTS = [
    "greet",
    "goodbye",
    "affirm",
    "deny",
    "help",
    "stop",
    "inform_job",
    "inform_pay",
    "inform_hours",
    "inform_shift",
    "inform_barrier",
    "set_goal",
    "not_sure",
    "find_course",
    "ask_funding",
    "ask_loan",
    "checkin_update",
    "pay_rise",
    "new_job",
    "course_started",
    "course_completed",
    "course_dropped",
    "struggling",
    "ask_human",
    "out_of_scope",
    "delete_data",
    "inform_name",
]
REQUIRED_ENTITIES = [
    "job_title",
    "sector",
    "money",
    "hours",
    "day",
    "time",
    "postcode",
    "subject",
    "level",
]
_ENTITY = re.compile(r"\[([^\]]+)\]\(([a-z_]+)(?::[^)]*)?\)")


def _domain_list(section: str) -> list[str]:
    text = DOMAIN_FILE.read_text()
    block = re.search(rf"^{section}:\n((?:  - .*\n)+)", text, re.M)
    assert block, section
    return re.findall(r"  - (\S+)", block.group(1))


def _regex(name: str) -> re.Pattern[str]:
    text = (DATA_DIR / "regexes.yml").read_text()
    m = re.search(rf"- regex: {name}\n    examples: \|\n      - (.*)\n", text)
    assert m, name
    return re.compile(m.group(1), re.IGNORECASE)


def _annotated(paths: list[Path]) -> list[tuple[str, str, str]]:
    """(plain text, entity text, entity type) for every annotation in the files."""
    out = []
    for path in paths:
        for line in path.read_text().splitlines():
            m = re.match(r"\s+- (.*\[.*)$", line)
            if not m:
                continue
            plain = _ENTITY.sub(lambda a: a.group(1), m.group(1))
            out += [(plain, a.group(1), a.group(2)) for a in _ENTITY.finditer(m.group(1))]
    return out


def test_domain_lists_every_required_intent_and_entity() -> None:
    assert set(REQUIRED_INTENTS) <= set(_domain_list("intents"))
    assert set(REQUIRED_ENTITIES) <= set(_domain_list("entities"))


def test_enough_training_examples_per_intent() -> None:
    counts = Counter(ex.intent for ex in training_examples())
    assert set(counts) == set(_domain_list("intents"))
    thin = {intent: n for intent, n in counts.items() if n < 25}
    assert not thin, f"intents with fewer than 25 examples: {thin}"


def test_training_examples_are_unique() -> None:
    texts = Counter(ex.text.lower() for ex in training_examples())
    assert [t for t, n in texts.items() if n > 1] == []


@pytest.mark.parametrize("heldout_file", HELDOUT_FILES, ids=lambda p: p.name)
def test_heldout_covers_every_intent_and_is_never_trained_on(heldout_file: Path) -> None:
    heldout = read_examples(heldout_file)
    intents = {ex.intent for ex in heldout}
    # the two older files were written before delete_data and inform_name existed
    newer = (
        set() if heldout_file in {s.heldout for s in APP_SETS} else {"delete_data", "inform_name"}
    )
    assert intents == set(_domain_list("intents")) - newer
    assert leaked_examples((heldout_file,)) == []
    assert not str(heldout_file).startswith(str(DATA_DIR))


def test_both_heldout_files_are_checked_for_leaks() -> None:
    assert HELDOUT_FILE in HELDOUT_FILES and INDEPENDENT_HELDOUT_FILE in HELDOUT_FILES


@pytest.mark.parametrize("name", ["money", "hours"])
def test_regex_finds_exactly_the_annotated_spans(name: str) -> None:
    """Annotations follow the rule in regexes.yml, so the regex and the labels agree."""
    regex = _regex(name)
    files = sorted((DATA_DIR / "nlu").glob("*.yml"))
    for plain, _, _ in _annotated(files):
        expected = sorted(e for p, e, t in _annotated(files) if p == plain and t == name)
        found = sorted(m.group(0) for m in regex.finditer(plain))
        assert found == expected, plain


def test_every_annotated_money_and_hours_value_normalises() -> None:
    files = [*sorted((DATA_DIR / "nlu").glob("*.yml")), *HELDOUT_FILES]
    for _, value, entity in _annotated(files):
        if entity == "money":
            assert parse_money(value) is not None, value
        elif entity == "hours" and not re.search(r"part|zero", value, re.I):
            # a shift length alone ("12hr") gives no weekly figure, but it is still read
            assert parse_hours(value) is not None or parse_shift_hours(value) is not None, value


MONEY_REGEX_CASES = [
    ("on 11.44 an hour", ["11.44 an hour"]),
    ("£11.44/hr", ["£11.44/hr"]),
    ("23k a year", ["23k a year"]),
    ("1,900 a month", ["1,900 a month"]),
    ("20 grand a year", ["20 grand a year"]),
    ("i get 12.50ph", ["12.50ph"]),
    ("37.50 hours", []),
    ("6-9pm", []),
    ("at 7.30am", []),
    ("level 3 course", []),
    ("i do 4 a week", []),
    ("£11,44", ["£11,44"]),
    ("11 44 an hour", ["11 44 an hour"]),
    ("i do 3 12 hour shifts", []),
    ("£900 a fortnight", ["£900 a fortnight"]),
    ("£1,150 every 4 weeks", ["£1,150 every 4 weeks"]),
    ("£1,200 four weekly", ["£1,200 four weekly"]),
    ("wages went up by 40p", ["40p"]),
    ("twelve quid an hour", ["twelve quid an hour"]),
    ("6pm till 9pm", []),
]


@pytest.mark.parametrize(("text", "expected"), MONEY_REGEX_CASES)
def test_money_regex(text: str, expected: list[str]) -> None:
    assert [m.group(0) for m in _regex("money").finditer(text)] == expected


HOURS_REGEX_CASES = [
    ("37.5 hours", ["37.5 hours"]),
    ("16hrs a week", ["16hrs"]),
    ("20-30 hours", ["20-30 hours"]),
    ("forty hours", ["forty hours"]),
    ("full-time", ["full-time"]),
    ("zero hours contract", ["zero hours"]),
    ("11.44 an hour", []),
    ("£12 an hour", []),
    ("37,5 hours", ["37,5 hours"]),
    ("thirty seven and a half hours", ["thirty seven and a half hours"]),
    ("3 shifts of 12 hours", ["12 hours"]),
    ("£1,900 a month", []),
]


@pytest.mark.parametrize(("text", "expected"), HOURS_REGEX_CASES)
def test_hours_regex(text: str, expected: list[str]) -> None:
    assert [m.group(0) for m in _regex("hours").finditer(text)] == expected
