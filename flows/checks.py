"""Sanity checks on numbers a worker gives, read back with tap-to-fix buttons.

A typo ("£44 an hour" for 11.44, "5 hours" for 37,5) must not become the worker's plan. So a
pay below the legal minimum for their age band or above £60 an hour, and hours below 4 or
above 70, are read back for a yes/no. A pay confirmed below the legal minimum gets a kind note
on where to get free help (Acas; HMRC complaints), from ../shared/docs/support-and-take-home.md.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flows.core import Button, Reply, money
from nlu.normalise import minimum_wage_for_age

MAX_BELIEVABLE_HOURLY = 6000  # £60 an hour: above this a typo is likelier than the pay
MIN_BELIEVABLE_HOURS = Decimal(4)
MAX_BELIEVABLE_HOURS = Decimal(70)
AGE_BANDS = {"under_18": ("Under 18", 17), "18_20": ("18 to 20", 19), "21_plus": ("21 or over", 21)}
ACAS = (
    "If you think you're paid less than the law says, you can get free, private help from "
    "Acas on 0300 123 1100. You can also complain to HMRC online. They keep your name "
    "private."
)


def legal_minimum(age_band: str | None, today: date) -> int | None:
    """The minimum wage in pence an hour for the band; the 21+ rate when we don't know."""
    age = AGE_BANDS[age_band][1] if age_band in AGE_BANDS else None
    return minimum_wage_for_age(age, today)


def pay_doubt(hourly: int, age_band: str | None, today: date) -> str | None:
    """Why an hourly pay should be read back, or None when it looks right."""
    if hourly > MAX_BELIEVABLE_HOURLY:
        return "high"
    floor = legal_minimum(age_band, today)
    if floor and hourly < floor:
        return "low"
    return None


def hours_doubt(hours: Decimal | float) -> bool:
    return not (MIN_BELIEVABLE_HOURS <= Decimal(str(hours)) <= MAX_BELIEVABLE_HOURS)


def confirm_pay(
    hourly: int,
    prefix: str,
    age_band: str | None = None,
    today: date | None = None,
    given: str | None = None,
) -> Reply:
    """ "Did you mean £11.44 an hour?" — or, for a weekly or yearly figure, that figure with
    the hourly rate it comes to, so the worker recognises what they typed."""
    why = ""
    floor = legal_minimum(age_band, today) if today else None
    if hourly > MAX_BELIEVABLE_HOURLY:
        why = "\nThat's a lot more than most jobs pay, so I'm checking."
    elif floor and hourly < floor:
        who = AGE_BANDS[age_band][0].lower() if age_band in AGE_BANDS else "21 or over"
        why = (
            f"\nThat's less than the minimum wage for people aged {who} "
            f"({money(floor)}), so I'm checking."
        )
    what = (
        f"{given}? That's about {money(hourly)} an hour." if given else f"{money(hourly)} an hour?"
    )
    return Reply(
        f"Did you mean {what}{why}",
        [
            [
                Button("Yes, that's right", f"{prefix}:yes"),
                Button("No, let me fix it", f"{prefix}:no"),
            ]
        ],
    )


def confirm_hours(hours: float, prefix: str) -> Reply:
    return Reply(
        f"Did you mean {hours:g} hours a week?",
        [
            [
                Button("Yes, that's right", f"{prefix}:yes"),
                Button("No, let me fix it", f"{prefix}:no"),
            ]
        ],
    )


def underpaid_note(hourly: int, age_band: str | None, today: date) -> Reply | None:
    """A kind note when a confirmed pay is below the legal minimum for the worker's band."""
    floor = legal_minimum(age_band, today)
    if not floor or hourly >= floor:
        return None
    who = (
        f"for people aged {AGE_BANDS[age_band][0].lower()}"
        if age_band in AGE_BANDS
        else "for people aged 21 or over"
    )
    text = (
        f"The legal minimum {who} is {money(floor)} an hour. You may be paid less than "
        "the law says. It's not your fault.\n" + ACAS
    )
    if age_band is None:
        text += "\nIf you're under 21 or an apprentice, the minimum is lower."
    return Reply(text)


def age_question(prefix: str) -> Reply:
    return Reply(
        "The minimum wage depends on your age. How old are you?",
        [[Button(label, f"{prefix}:{key}") for key, (label, _) in AGE_BANDS.items()]],
    )
