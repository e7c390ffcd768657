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
from nlu.normalise import Money, Rise
from nlu.values import Values, read_values

Source = Literal["rasa", "keywords", "none"]

# Rasa's FallbackClassifier answers this when no intent is likely: treat it as low confidence.
FALLBACK_INTENT = "nlu_fallback"
# Values (money, hours, days, a rise...) are read by nlu.values.read_values: the whole message
# is trusted without a Rasa entity only when the text says what the number is (a £ or a pay
# period for money, an hours word for hours), else "I'm 23" would be £23 and 23 hours.

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
    # everything nlu.values read from the message (the one place values are read; the
    # fields above are its "said" view, for code that has no question in mind)
    read: Values | None = None

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
    parse = None
    if nlu is not None and nlu.available:
        try:
            parse = nlu.parse(text)
        except NluUnavailable:
            parse = None
    if parse is None or parse.intent is None:
        keyword = keyword_intent(text)
        read = read_values(text, today)
        if keyword:
            return Understanding(
                text, keyword, 1.0, "keywords", correction=read.correction, read=read
            )
        return Understanding(text, None, 0.0, "none", correction=read.correction, read=read)
    intent: str | None = parse.intent
    confidence = parse.confidence
    source: Source = "rasa"
    if confidence < min_confidence or intent == FALLBACK_INTENT:
        keyword = keyword_intent(text)
        intent, source = (keyword, "keywords") if keyword else (None, "rasa")
    entities = parse.entities
    read = read_values(text, today, tuple((e.entity, str(e.value)) for e in entities))
    return Understanding(
        text=text,
        intent=intent,
        confidence=confidence if source == "rasa" else 1.0,
        source=source,
        entities=entities,
        money=read.said_money,
        hours=read.said_hours,
        days=list(read.days),
        time_range=read.time_ranges[0] if read.time_ranges else None,
        rise=read.rise,
        shift_hours=read.shift_hours,
        time_ranges=list(read.time_ranges),
        pattern=read.pattern,
        correction=read.correction,
        read=read,
    )
