"""Plan 5 repayment estimate for an Advanced Learner Loan.

Why: people fear debt. Showing "£0 a month at your pay now" is often the most useful sentence.
Figures come from the rules year (threshold, rate, write-off, interest), never from code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from funding.rules import Rules


@dataclass(frozen=True)
class RepaymentEstimate:
    """What someone on this yearly pay would repay. Pence, rounded down to the penny."""

    rules_year: str
    annual_pay_pence: int
    yearly_pence: int
    monthly_pence: int
    weekly_pence: int
    threshold_annual_pence: int
    rate_percent: Decimal
    write_off_years: int
    interest_name: str
    interest_rate_percent: Decimal | None  # None: our rate has expired, say "check gov.uk"
    interest_period: str | None

    @property
    def repays_nothing(self) -> bool:
        return self.yearly_pence == 0

    def to_dict(self) -> dict[str, object]:
        return {
            "rules_year": self.rules_year,
            "annual_pay_pence": self.annual_pay_pence,
            "yearly_pence": self.yearly_pence,
            "monthly_pence": self.monthly_pence,
            "weekly_pence": self.weekly_pence,
            "threshold_annual_pence": self.threshold_annual_pence,
            "rate_percent": str(self.rate_percent),
            "write_off_years": self.write_off_years,
            "interest": (
                f"{self.interest_name} {self.interest_rate_percent}% ({self.interest_period})"
                if self.interest_rate_percent is not None
                else self.interest_name
            ),
        }


def plan5_estimate(
    annual_pay_pence: int, rules: Rules, today: date | None = None
) -> RepaymentEstimate:
    """9% (per the rules file) of pay above the yearly threshold; £0 at or below it.

    Monthly and weekly figures are the yearly figure / 12 and / 52, matching the worked example
    in the rules doc (£28,860 a year -> about £347 a year, £28.95 a month). The interest rate is
    given only when `today` falls in its period.
    """
    if annual_pay_pence < 0:
        raise ValueError("pay cannot be negative")
    p5 = rules.plan5
    rate = p5.interest_on(today) if today is not None else None
    above = max(0, annual_pay_pence - p5.threshold_annual_pence)
    yearly = (Decimal(above) * p5.rate_percent / 100).to_integral_value(rounding=ROUND_DOWN)
    monthly = (yearly / 12).to_integral_value(rounding=ROUND_DOWN)
    weekly = (yearly / 52).to_integral_value(rounding=ROUND_DOWN)
    return RepaymentEstimate(
        rules_year=rules.rules_year,
        annual_pay_pence=annual_pay_pence,
        yearly_pence=int(yearly),
        monthly_pence=int(monthly),
        weekly_pence=int(weekly),
        threshold_annual_pence=p5.threshold_annual_pence,
        rate_percent=p5.rate_percent,
        write_off_years=p5.write_off_years,
        interest_name=p5.interest_name,
        interest_rate_percent=rate.value if rate else None,
        interest_period=rate.period if rate else None,
    )
