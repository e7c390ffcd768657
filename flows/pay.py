"""Pay sums: hourly pay from what the worker said, and the uplift a goal would bring.

The pay benchmarks (21+ National Living Wage, Real Living Wage) live in nlu.normalise, taken
from /work/shared/docs/funding-rules.md. We never show other pay figures.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from flows.core import Event, money
from nlu.normalise import REAL_LIVING_WAGE_UK, Money, national_living_wage, spoken_rate
from takehome.calc import PERIOD_WEEKS

__all__ = ["REAL_LIVING_WAGE_UK", "national_living_wage", "to_hourly", "uplift", "Uplift"]

STANDARD_WEEK_HOURS = Decimal("37.5")  # annual equivalents use 37.5 h x 52 weeks


DAYS_A_WEEK = 5  # a day's pay is spread over a five-day week of the worker's hours


def to_hourly(pence: int, period: str | None, weekly_hours: float | None) -> int | None:
    """Hourly pay in pence from an amount per hour/day/week/fortnight/four weeks/month/year.

    Rounded half-up to a whole penny, so the result is for showing and comparing, not for
    turning back into a yearly figure (£38,000 a year -> 1949p -> £38,005.50 a year).
    A day's pay needs the worker's weekly hours (hours a day = weekly hours / 5): without
    them we return None rather than guess the length of their day. Unknown periods: None.
    """
    if period in (None, "hour"):
        return pence
    if period == "day":
        if not weekly_hours:
            return None
        per_hour = Decimal(pence) * DAYS_A_WEEK / Decimal(str(weekly_hours))
        return int(per_hour.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    weeks = PERIOD_WEEKS.get(period)
    if weeks is None:
        return None
    hours = Decimal(str(weekly_hours)) if weekly_hours else STANDARD_WEEK_HOURS
    per_week = Decimal(pence) * weeks[1] / weeks[0]
    return int((per_week / hours).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Uplift:
    percent: int  # whole per cent
    weekly_pence: int


def uplift(current_hourly: int, target_hourly: int, weekly_hours: float | None) -> Uplift | None:
    """How much more the target pays: per cent and £ a week at their hours."""
    if current_hourly <= 0 or target_hourly <= current_hourly:
        return None
    hours = Decimal(str(weekly_hours)) if weekly_hours else STANDARD_WEEK_HOURS
    pct = (Decimal(target_hourly - current_hourly) * 100 / current_hourly).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    week = (Decimal(target_hourly - current_hourly) * hours).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return Uplift(int(pct), int(week))


def describe_uplift(u: Uplift) -> str:
    return f"That is {u.percent}% more: about {money(u.weekly_pence)} more a week."


def percent_change(before: int, after: int) -> int:
    return int(
        (Decimal(after - before) * 100 / before).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )


def with_spoken_pay(event: Event) -> Event:
    """At a question that asks for a pay, "Fourteen ninety now." is £14.90 an hour (voice-to-
    text writes a rate as two number words); anywhere else it stays two numbers."""
    if event.kind != "text" or event.v.money is not None or event.v.rise is not None:
        return event
    pence = spoken_rate(event.text)
    if pence is None:
        return event
    said = Money(pence, "hour")
    return replace(event, values=replace(event.v, money=said, said_money=said))
