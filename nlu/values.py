"""Every value one message carries, read once: pay, a rise, hours, days, times, a job.

The conversation service builds this with the NLU's answer (nlu.understand) and the flows read
it from the event, so no flow parses the text a second time. The whole message is read by the
normalisers (nlu.normalise): for money and hours that is more reliable than a learned span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from nlu import normalise as n
from nlu.contracts import contract_from_text
from nlu.jobs import Job, job_from_text


@dataclass(frozen=True)
class Values:
    money: n.Money | None = None
    rise: n.Rise | None = None
    hours: Decimal | None = None  # weekly hours
    shift_hours: Decimal | None = None  # hours in one shift ("9:30-2:30" -> 5)
    days: tuple[int, ...] = ()
    time_ranges: tuple[tuple[time, time], ...] = ()
    pattern: str | None = None  # "early", "late", "night", "day", "4_on_4_off", "varies", ...
    correction: bool = False  # "sorry I meant ...": the values are the corrected ones
    job: Job | None = None
    # a contract type named in the text (nlu.contracts keys: zero_hours, agency, permanent...)
    contract: str | None = None
    text: str = ""  # the text the values were read from (a correction's lead words removed)
    # Only what the message itself says is money or hours (a £, a period, "quid", "hours", or
    # a span the NLU tagged). A step that asked for pay reads `money` (a bare "12" answers
    # "what is your pay?"); anything read without such a question uses these.
    said_money: n.Money | None = None
    said_hours: Decimal | None = None


# a 2-decimal amount ("on 11.44") is money by the annotation rule in nlu/rasa_project/README.md
_SAYS_MONEY = re.compile(
    r"£|\bquid\b|\bpounds?\b|\d\s*p\b|\d\s*k\b|\bgrand\b"
    r"|(?<![\d.])\d{1,3}[.,]\d{2}(?![\d.])"
)
_SAYS_HOURS = re.compile(
    r"\bhours?\b|\bhrs?\b|\d\s*(?:h|hours?|hrs?)\b|\bfull[\s-]*time\b|\bshifts?\b"
    r"|\d\s*(?:a|per|p|/)\s*(?:week|wk)\b|\d\s*pw\b|\bcontract(?:ed)?\b"
    r"|\b(?:six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen)(?:e?s)\b|\d'?s\b"
    r"|\d\s*[x×]\s*\d|\bovertime\b|\bo/?t\b"
)  # "38hrs pw", "contracted 16, do 24", "3 twelves", "4 x 10s"
# "an hour" in "12 pounds 90 pence per hour" says a rate, not a number of hours
_RATE_PHRASE = re.compile(
    r"\b(?:an?|per|for|each|every|by\s+the)\s+(?:hour|hr)\b|\d\s*p/?h\b|\bhourly\b"
    r"|\b(?:pay|rate|wage|salary)\s+(?:for|per|an?)\s+(?:hour|hr)\b"
)


def read_values(
    text: str, today: date | None = None, entities: tuple[tuple[str, str], ...] = ()
) -> Values:
    """All the values in one message. Pure, and never raises for any text.

    `entities` are the NLU's (name, span) pairs: a span it tagged as money or hours lets a
    bare number count as said. The whole message is read by the normalisers either way: they
    read "11 44 an hour" or "4 days a week 7.5 hours" better than a learned span does.
    """
    text = text[:2000]
    correction, body = n.strip_correction(text)
    low = body.lower()
    tagged = {name for name, _ in entities}
    rise = n.parse_rise(body)
    money = None if rise is not None else n.parse_money(body, today=today)
    if rise is not None and (rate := n.rate_after_rise(body, today)) is not None:
        rise, money = None, rate  # "a 45p rise so now 13.15": the rate said is the new pay
    hours = n.parse_hours(body)
    said_money = (
        money
        if money is not None
        and (
            ("money" in tagged and hours is None)
            or money.period
            or money.minimum_wage
            or _SAYS_MONEY.search(low)
        )
        else None
    )
    # a pay with a rate ("thirteen twenty five an hour") and no other hours word says no hours,
    # whatever span the NLU tagged
    hours_said = bool(_SAYS_HOURS.search(_RATE_PHRASE.sub(" ", low))) or (
        hours is not None and bool(n.parse_time_ranges(body, shift_words=False))
    )  # "9-5 mon to fri": the hours of a rota with its days are said (40)
    pay_only = said_money is not None and not hours_said
    said_hours = (
        hours if hours is not None and not pay_only and ("hours" in tagged or hours_said) else None
    )
    if not correction:  # a span the NLU found, when the whole message gave nothing
        if said_money is None and rise is None:
            said_money = next(
                (
                    m
                    for name, span in entities
                    if name == "money"
                    if (m := n.parse_money(span, today=today))
                ),
                None,
            )
            money = money or said_money
        if said_hours is None and not pay_only:
            said_hours = next(
                (h for name, span in entities if name == "hours" if (h := n.parse_hours(span))),
                None,
            )
            hours = hours or said_hours
    # clock ranges from the whole message; shift words only where the NLU tagged a time
    # ("sorry i'm late" is not a late shift; a step that asks for shifts reads `pattern`)
    ranges = n.parse_time_ranges(body, shift_words=correction)
    if not ranges and not correction:
        ranges = [r for name, span in entities if name == "time" if (r := n.parse_time_range(span))]
    return Values(
        money=money,
        rise=rise,
        said_money=said_money,
        said_hours=said_hours,
        hours=hours,
        shift_hours=n.parse_shift_hours(body),
        days=tuple(n.parse_days(body)),
        time_ranges=tuple(ranges),
        pattern=n.parse_pattern(body),
        correction=correction,
        job=job_from_text(body),
        contract=contract_from_text(body),
        text=body,
    )
