"""Every value one message carries, read once: pay, a rise, hours, days, times, a job.

The conversation service builds this with the NLU's answer (nlu.understand) and the flows read
it from the event, so no flow parses the text a second time. The whole message is read by the
normalisers (nlu.normalise): for money and hours that is more reliable than a learned span.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from nlu import normalise as n
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
    text: str = ""  # the text the values were read from (a correction's lead words removed)


def read_values(text: str, today: date | None = None) -> Values:
    """All the values in one message. Pure, and never raises for any text."""
    text = text[:2000]
    correction, body = n.strip_correction(text)
    rise = n.parse_rise(body)
    money = None if rise is not None else n.parse_money(body, today=today)
    return Values(
        money=money,
        rise=rise,
        hours=n.parse_hours(body),
        shift_hours=n.parse_shift_hours(body),
        days=tuple(n.parse_days(body)),
        time_ranges=tuple(n.parse_time_ranges(body)),
        pattern=n.parse_pattern(body),
        correction=correction,
        job=job_from_text(body),
        text=body,
    )
