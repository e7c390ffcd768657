"""understand(): Rasa when it can, exact keywords when it can't, values normalised."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from decimal import Decimal

import pytest

from nlu.client import Entity, NluClient, NluUnavailable, Parse
from nlu.normalise import Money, Rise
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


class FakeNlu:
    """Answers like Rasa with the spans a test gives: (entity, value) pairs found in the text."""

    available = True

    def __init__(
        self,
        intent: str | None = "inform",
        confidence: float = 0.9,
        spans: tuple[tuple[str, str], ...] = (),
        down: bool = False,
    ) -> None:
        self.intent, self.confidence, self.spans, self.down = intent, confidence, spans, down

    def parse(self, text: str) -> Parse:
        if self.down:
            raise NluUnavailable("down")
        entities = []
        for kind, value in self.spans:
            start = text.index(value)
            entities.append(Entity(kind, value, start, start + len(value), 0.8))
        return Parse(text, self.intent, self.confidence, entities)


TODAY = date(2026, 11, 23)


def ask(text: str, *spans: tuple[str, str], intent: str | None = "inform", confidence: float = 0.9):  # type: ignore[no-untyped-def]
    nlu = FakeNlu(intent, confidence, spans)
    return understand(text, nlu, today=TODAY)  # type: ignore[arg-type]


def test_whole_message_money_beats_a_diet_span() -> None:
    # DIET tagged only "44 an hour"; the whole message is £11.44 an hour (voice-to-text).
    assert ask("11 44 an hour", ("money", "44 an hour")).money == Money(1144, "hour")
    assert ask("eleven pound fifty an hour", ("money", "fifty an hour")).money == Money(
        1150, "hour"
    )


def test_an_entity_is_used_when_the_whole_message_is_ambiguous() -> None:
    # Two bare numbers: the whole-message parser can't choose, Rasa's span can.
    assert ask("10 or 12", ("money", "12")).money == Money(1200, None)


def test_a_bare_number_nobody_tagged_is_neither_pay_nor_hours() -> None:
    u = ask("I'm 23", intent="inform_age")
    assert (u.money, u.hours) == (None, None)


def test_whole_message_hours_beat_a_diet_span() -> None:
    assert ask("4 days a week 7.5 hours", ("hours", "7.5 hours")).hours == Decimal(30)
    assert ask("3 shifts of 12 hours", ("hours", "12 hours")).hours == Decimal(36)
    assert ask("37.5 hours").hours == Decimal("37.5")  # said "hours": no entity needed


def test_a_rise_is_not_saved_as_pay() -> None:
    u = ask("got a 50p an hour rise", ("money", "50p"))
    assert u.money is None
    assert u.rise == Rise(50, None, "hour")


def test_new_fields() -> None:
    u = ask("6-8 morning and 6-9 evening", ("time", "6-8"), ("time", "6-9"))
    assert u.time_ranges == [(time(6), time(8)), (time(18), time(21))]
    assert u.time_range == (time(6), time(8))
    assert ask("9:30-2:30").shift_hours == Decimal(5)
    assert ask("9:30-2:30").hours is None
    assert ask("i do 4 on 4 off").pattern == "4_on_4_off"
    assert ask("sorry i'm late replying").time_ranges == []  # not a late shift


def test_corrections_read_the_new_value() -> None:
    u = ask("sorry i meant 12.50 not 9.50", ("money", "12.50"), ("money", "9.50"))
    assert u.correction
    assert u.money == Money(1250, None)
    u = ask("i meant to say tues not wed", ("day", "tues"), ("day", "wed"))
    assert (u.correction, u.days) == (True, [1])
    u = ask("oops 37.5 not 35", ("hours", "35"))
    assert (u.correction, u.hours) == (True, Decimal("37.5"))
    u = ask("sorry i meant nights not lates", ("time", "nights"), ("time", "lates"))
    assert (u.correction, u.time_ranges) == (True, [(time(22), time(6))])
    assert not ask("not sure").correction


def test_nlu_fallback_is_low_confidence() -> None:
    u = ask("help", intent="nlu_fallback", confidence=0.95)
    assert (u.intent, u.source) == ("help", "keywords")
    u = ask("blah blah", intent="nlu_fallback", confidence=0.95)
    assert (u.intent, u.source) == (None, "rasa")
    u = ask("£12 an hour", ("money", "£12 an hour"), intent="nlu_fallback", confidence=0.95)
    assert u.intent is None and u.money == Money(1200, "hour")  # values still normalised


def test_an_outage_mid_call_never_raises() -> None:
    nlu = FakeNlu(down=True)
    u = understand("oops 37.5 not 35", nlu)  # type: ignore[arg-type]
    assert (u.intent, u.source, u.hours, u.correction) == (None, "none", None, True)
