"""Turn pay in any form into gross pay a year, the figure the earnings threshold uses."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from funding.facts import FundingFacts

WEEKS_A_YEAR = 52
MONTHS_A_YEAR = 12


def annual_pay_pence(facts: FundingFacts) -> int | None:
    """Yearly pay in pence, or None if we cannot tell yet.

    Order: a yearly figure, then weekly x 52, then monthly x 12, then hourly x weekly hours x 52.
    """
    if facts.annual_pay_pence is not None:
        return facts.annual_pay_pence
    if facts.weekly_pay_pence is not None:
        return facts.weekly_pay_pence * WEEKS_A_YEAR
    if facts.monthly_pay_pence is not None:
        return facts.monthly_pay_pence * MONTHS_A_YEAR
    if facts.hourly_pay_pence is not None and facts.weekly_hours is not None:
        return hourly_to_annual(facts.hourly_pay_pence, facts.weekly_hours)
    return None


def hourly_to_annual(hourly_pence: int, weekly_hours: Decimal) -> int:
    """Hourly pay x hours a week x 52, rounded to the nearest penny."""
    exact = Decimal(hourly_pence) * Decimal(weekly_hours) * WEEKS_A_YEAR
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pay_is_known(facts: FundingFacts) -> bool:
    return facts.unemployed is True or annual_pay_pence(facts) is not None


def money(pence: int) -> str:
    """£ text for a worker: "£26,800" for whole pounds, else "£24,784.50"."""
    pounds, rest = divmod(abs(pence), 100)
    sign = "-" if pence < 0 else ""
    if rest == 0:
        return f"{sign}£{pounds:,}"
    return f"{sign}£{pounds:,}.{rest:02d}"
