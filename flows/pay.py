"""Pay sums: hourly pay from what the worker said, and the uplift a goal would bring.

Benchmarks are from /work/shared/docs/funding-rules.md (Living Wage Foundation, Oct 2025; 21+
National Living Wage from April 2025 and April 2026). We never show other pay figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flows.core import money

REAL_LIVING_WAGE_UK = 1345
REAL_LIVING_WAGE_LONDON = 1480
NATIONAL_LIVING_WAGE = ((date(2025, 4, 1), 1221), (date(2026, 4, 1), 1271))
STANDARD_WEEK_HOURS = Decimal("37.5")  # annual equivalents use 37.5 h x 52 weeks


def national_living_wage(today: date) -> int | None:
    rate = None
    for start, pence in NATIONAL_LIVING_WAGE:
        if today >= start:
            rate = pence
    return rate


def to_hourly(pence: int, period: str | None, weekly_hours: float | None) -> int | None:
    """Hourly pay in pence from an amount per hour/week/month/year and the hours worked."""
    if period in (None, "hour"):
        return pence
    hours = Decimal(str(weekly_hours)) if weekly_hours else STANDARD_WEEK_HOURS
    per_week = {
        "week": Decimal(pence),
        "month": Decimal(pence) * 12 / 52,
        "year": Decimal(pence) / 52,
    }[period]
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
