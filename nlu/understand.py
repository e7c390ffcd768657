"""One call for the flows: what did the worker mean, with values already normalised.

Uses Rasa when it is available; when it is down or unsure, falls back to a short list of
exact keywords so the things that must always work still do ("stop", "help", "human",
yes/no). Everything else then gets intent None, and the flow shows buttons instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Literal

from nlu.client import Entity, NluClient, NluUnavailable
from nlu.normalise import (
    Money,
    Rise,
    parse_days,
    parse_hours,
    parse_money,
    parse_pattern,
    parse_rise,
    parse_shift_hours,
    parse_time_range,
    parse_time_ranges,
    strip_correction,
)

Source = Literal["rasa", "keywords", "none"]

# Rasa's FallbackClassifier answers this when no intent is likely: treat it as low confidence.
FALLBACK_INTENT = "nlu_fallback"
# The whole-message parse is trusted without a Rasa entity only when the text says what the
# number is: a £/pounds or a pay period for money, an hours word for hours. Otherwise "I'm 23"
# would become £23 an hour and 23 hours a week.
_SAYS_MONEY = re.compile(r"£|\bquid\b|\bpounds?\b|\d\s*p\b|\d\s*k\b")
_SAYS_HOURS = re.compile(r"\bhours?\b|\bhrs?\b|\d\s*h\b|\bfull[\s-]*time\b|\bshifts?\b")

# Whole-message keywords (after lower-casing and dropping punctuation).
_EXACT: dict[str, frozenset[str]] = {
    "stop": frozenset(
        [
            "stop",
            "unsubscribe",
            "unsub",
            "opt out",
            "stop messaging me",
            "stop texting me",
            "leave me alone",
            "no more messages",
            "stop the reminders",
            "stop reminders",
            "pls stop",
            "please stop",
        ]
    ),
    "help": frozenset(
        ["help", "help me", "menu", "options", "what can you do", "how does this work"]
    ),
    "ask_human": frozenset(
        [
            "human",
            "person",
            "real person",
            "coach",
            "advisor",
            "adviser",
            "talk to a person",
            "talk to a human",
            "speak to a person",
            "speak to a human",
            "talk to my coach",
            "speak to my coach",
        ]
    ),
    "affirm": frozenset(
        [
            "yes",
            "yeah",
            "yep",
            "yup",
            "yes please",
            "ok",
            "okay",
            "sure",
            "y",
            "ye",
            "yh",
            "aye",
            "correct",
        ]
    ),
    "deny": frozenset(["no", "nope", "nah", "no thanks", "no thank you", "n", "na", "not really"]),
    "greet": frozenset(
        ["hi", "hello", "hiya", "hey", "morning", "good morning", "alright", "hi there"]
    ),
    "goodbye": frozenset(
        ["bye", "goodbye", "bye bye", "see ya", "see you", "cya", "laters", "ta ra", "tara"]
    ),
    "not_sure": frozenset(
        ["not sure", "dunno", "i dunno", "idk", "dont know", "i dont know", "no idea"]
    ),
}
# Phrases that count anywhere in the message: opting out and asking for a person.
_CONTAINS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("stop", re.compile(r"\b(?:unsubscribe|stop (?:messaging|texting|sending|contacting) me)\b")),
    ("ask_human", re.compile(r"\b(?:real|actual) (?:person|human)\b|\bspeak to (?:a|my) coach\b")),
)


def keyword_intent(text: str) -> str | None:
    """The intent of a short, unmistakable message, or None. Pure; used when Rasa can't help."""
    low = re.sub(r"[^\w\s]", "", text.lower().replace("’", "'")).strip()
    low = re.sub(r"\s+", " ", low)
    for intent, phrases in _EXACT.items():
        if low in phrases:
            return intent
    for intent, pattern in _CONTAINS:
        if pattern.search(low):
            return intent
    return None


@dataclass(frozen=True)
class Understanding:
    text: str
    intent: str | None
    confidence: float
    source: Source
    entities: list[Entity] = field(default_factory=list)
    # Normalised values (None/empty without Rasa: a flow that asked a specific question should
    # call the nlu.normalise parser on the whole reply instead). Money and hours come from the
    # whole message when it says what the number is, else from Rasa's entities; when the
    # message is a correction ("sorry i meant 12.50 not 9.50") the values are read from the
    # corrected part only.
    money: Money | None = None
    hours: Decimal | None = None
    days: list[int] = field(default_factory=list)
    time_range: tuple[time, time] | None = None
    rise: Rise | None = None
    shift_hours: Decimal | None = None
    time_ranges: list[tuple[time, time]] = field(default_factory=list)
    pattern: str | None = None
    correction: bool = False  # the worker is correcting their last answer

    def values(self, entity: str) -> list[str]:
        return [e.value for e in self.entities if e.entity == entity]


def understand(
    text: str,
    nlu: NluClient | None,
    *,
    min_confidence: float = 0.5,
    today: date | None = None,
) -> Understanding:
    """Intent, entities and normalised values for one message; never raises for NLU outages."""
    correction, corrected = strip_correction(text)
    parse = None
    if nlu is not None and nlu.available:
        try:
            parse = nlu.parse(text)
        except NluUnavailable:
            parse = None
    if parse is None or parse.intent is None:
        keyword = keyword_intent(text)
        if keyword:
            return Understanding(text, keyword, 1.0, "keywords", correction=correction)
        return Understanding(text, None, 0.0, "none", correction=correction)
    intent: str | None = parse.intent
    confidence = parse.confidence
    source: Source = "rasa"
    if confidence < min_confidence or intent == FALLBACK_INTENT:
        keyword = keyword_intent(text)
        intent, source = (keyword, "keywords") if keyword else (None, "rasa")
    entities = parse.entities
    low = corrected.lower()

    def has(kind: str) -> bool:
        return any(e.entity == kind for e in entities)

    def tagged(kind: str) -> list[str]:
        # After a correction, Rasa's spans may hold the old value ("not 9.50"): don't use them.
        return [] if correction else [e.value for e in entities if e.entity == kind]

    money = parse_money(corrected, today=today)
    if money and not (
        has("money") or money.period or money.minimum_wage or _SAYS_MONEY.search(low)
    ):
        money = None  # a bare number nobody called money ("I'm 23")
    rise = parse_rise(corrected)
    if money is None and rise is None:  # Rasa's "50p" in "a 50p rise" is not the pay
        money = next((m for v in tagged("money") if (m := parse_money(v, today=today))), None)
    hours = parse_hours(corrected)
    if hours and not (has("hours") or _SAYS_HOURS.search(low)):
        hours = None
    if hours is None:
        hours = next((h for v in tagged("hours") if (h := parse_hours(v))), None)
    if correction:
        days = parse_days(corrected)
    else:
        days = sorted({d for v in tagged("day") for d in parse_days(v)})
    # Clock ranges from the whole message keep their "morning"/"evening" words; shift words
    # only count where Rasa tagged them ("sorry i'm late" is not a late shift) or in the
    # corrected part of a correction ("i meant nights").
    time_ranges = parse_time_ranges(corrected, shift_words=correction)
    if not time_ranges:
        time_ranges = [r for v in tagged("time") if (r := parse_time_range(v))]
    return Understanding(
        text=text,
        intent=intent,
        confidence=confidence if source == "rasa" else 1.0,
        source=source,
        entities=entities,
        money=money,
        hours=hours,
        days=days,
        time_range=time_ranges[0] if time_ranges else None,
        rise=rise,
        shift_hours=parse_shift_hours(corrected),
        time_ranges=time_ranges,
        pattern=parse_pattern(corrected),
        correction=correction,
    )
