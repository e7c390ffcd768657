"""The sums. Method (as in the facts sheet): work out each figure for the year, then divide by
52 for a week or 12 for a month and round to the penny (half up). Net pay is gross minus the
rounded parts. Universal Credit is worked out a month at a time, as it is paid; its weekly
figure is the monthly one x 12 / 52.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from takehome.rules import Figure, Rules

WEEKS = 52
MONTHS = 12


class NotModelled(ValueError):
    """Pay above the basic-rate limit: higher-rate tax and the upper NI rate are not modelled."""


@dataclass(frozen=True)
class Job:
    """Pay and hours for one side of the comparison.

    plan5_loan: they repay an Advanced Learner Loan (Plan 5) from this pay.
    childcare_monthly_pence: what they pay for childcare a month while doing this job.
    """

    hourly_pence: int
    weekly_hours: float | Decimal
    plan5_loan: bool = False
    childcare_monthly_pence: int = 0

    @property
    def hours(self) -> Decimal:
        return Decimal(str(self.weekly_hours))

    @property
    def annual_gross(self) -> Decimal:
        """Exact yearly pay in pence: hourly x hours x 52 (not rounded)."""
        return Decimal(self.hourly_pence) * self.hours * WEEKS


@dataclass(frozen=True)
class Household:
    """What the worker told us about their home.

    on_uc: they get Universal Credit. children / limited_capability: they get the UC work
    allowance. housing_element: UC helps with their rent (the lower work allowance).
    uc_max_monthly_pence: their UC before earnings are taken off (standard allowance + housing +
    child elements), if known; then we can show the UC payment and stop it at £0.
    pension: None = auto-enrolment decides (aged 22 or over and pay of £10,000 a year or more);
    True/False = they are / are not in a workplace pension.
    """

    on_uc: bool = False
    children: int = 0
    limited_capability: bool = False
    housing_element: bool = False
    uc_max_monthly_pence: int | None = None
    pension: bool | None = None
    under_22: bool = False  # not auto-enrolled (the 16-17 and 18-20 pay bands are all under 22)

    @property
    def work_allowance(self) -> bool:
        return self.on_uc and (self.children > 0 or self.limited_capability)


@dataclass(frozen=True)
class Period:
    """One job's figures for a week or a month, in pence.

    net_pay: what reaches the bank from the job (after tax, NI, pension and any loan).
    uc_earnings_cut: how much UC goes down because of these earnings (55% of net earnings over
    any work allowance). uc_childcare: the UC childcare element. uc_payment: the UC paid, when the
    UC maximum is known (never below £0); otherwise uc_childcare - uc_earnings_cut, the change
    made by work. kept: net_pay + uc_payment - childcare_cost, the money to live on from work;
    compare it between two jobs.
    """

    gross: int
    tax: int
    ni: int
    pension: int
    loan: int
    net_pay: int
    uc_earnings_cut: int = 0
    uc_childcare: int = 0
    uc_payment: int = 0
    uc_max_known: bool = False
    childcare_cost: int = 0

    @property
    def kept(self) -> int:
        return self.net_pay + self.uc_payment - self.childcare_cost


def _pence(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _annual_parts(job: Job, household: Household, rules: Rules) -> dict[str, Decimal]:
    gross = job.annual_gross
    if gross > rules.basic_rate_limit:
        raise NotModelled("pay above the basic-rate limit is not modelled")
    tax = rules.basic_rate * max(Decimal(0), gross - rules.personal_allowance)
    ni = rules.ni_rate * max(
        Decimal(0), min(gross, Decimal(rules.ni_upper_limit)) - rules.ni_threshold
    )
    enrolled = (
        household.pension
        if household.pension is not None
        else (gross >= rules.pension_trigger and not household.under_22)
    )
    pension = Decimal(0)
    if enrolled:
        band = min(gross, Decimal(rules.pension_upper)) - rules.pension_lower
        pension = rules.pension_worker_rate * max(Decimal(0), band)
    loan = Decimal(0)
    if job.plan5_loan:
        loan = rules.plan5_rate * max(Decimal(0), gross - rules.plan5_threshold)
    return {"gross": gross, "tax": tax, "ni": ni, "pension": pension, "loan": loan}


def _split(parts: dict[str, Decimal], per: int) -> dict[str, int]:
    return {k: _pence(v / per) for k, v in parts.items()}


def _uc_monthly(
    net_earnings: int, job: Job, household: Household, rules: Rules
) -> tuple[int, int, int]:
    """(earnings cut, childcare element, payment) a month."""
    allowance = 0
    if household.work_allowance:
        allowance = (
            rules.uc_work_allowance_with_housing
            if household.housing_element
            else rules.uc_work_allowance_without_housing
        )
    cut = _pence(rules.uc_taper * max(0, net_earnings - allowance))
    childcare = 0
    if household.children > 0 and job.childcare_monthly_pence > 0:
        cap = (
            rules.uc_childcare_cap_one
            if household.children == 1
            else rules.uc_childcare_cap_two_plus
        )
        childcare = min(cap, _pence(rules.uc_childcare_rate * job.childcare_monthly_pence))
    if household.uc_max_monthly_pence is not None:
        payment = max(0, household.uc_max_monthly_pence + childcare - cut)
    else:
        payment = childcare - cut
    return cut, childcare, payment


def period_figures(job: Job, household: Household, rules: Rules) -> tuple[Period, Period]:
    """(a week, a month) for one job."""
    parts = _annual_parts(job, household, rules)
    out: list[Period] = []
    monthly_uc = (0, 0, 0)
    for per in (MONTHS, WEEKS):
        p = _split(parts, per)
        net = p["gross"] - p["tax"] - p["ni"] - p["pension"] - p["loan"]
        uc: tuple[int, ...] = (0, 0, 0)
        if household.on_uc:
            if per == MONTHS:
                # UC counts earnings after tax, NI and pension; a loan repayment is not taken off
                monthly_uc = _uc_monthly(net + p["loan"], job, household, rules)
                uc = monthly_uc
            else:
                uc = tuple(_pence(Decimal(x) * MONTHS / WEEKS) for x in monthly_uc)
        cost = (
            job.childcare_monthly_pence
            if per == MONTHS
            else _pence(Decimal(job.childcare_monthly_pence) * MONTHS / WEEKS)
        )
        out.append(
            Period(
                gross=p["gross"],
                tax=p["tax"],
                ni=p["ni"],
                pension=p["pension"],
                loan=p["loan"],
                net_pay=net,
                uc_earnings_cut=uc[0],
                uc_childcare=uc[1],
                uc_payment=uc[2],
                uc_max_known=household.on_uc and household.uc_max_monthly_pence is not None,
                childcare_cost=cost,
            )
        )
    month, week = out
    return week, month


@dataclass(frozen=True)
class Comparison:
    tax_year: str
    before: Job
    after: Job
    household: Household
    weekly_before: Period
    weekly_after: Period
    monthly_before: Period
    monthly_after: Period
    assumptions: tuple[str, ...]
    third_party: tuple[Figure, ...] = field(default_factory=tuple)

    @property
    def extra_gross_weekly(self) -> int:
        return self.weekly_after.gross - self.weekly_before.gross

    @property
    def extra_kept_weekly(self) -> int:
        return self.weekly_after.kept - self.weekly_before.kept

    @property
    def extra_gross_monthly(self) -> int:
        return self.monthly_after.gross - self.monthly_before.gross

    @property
    def extra_kept_monthly(self) -> int:
        return self.monthly_after.kept - self.monthly_before.kept

    @property
    def extra_hours(self) -> Decimal:
        return self.after.hours - self.before.hours

    @property
    def kept_per_extra_hour(self) -> int | None:
        """Pence kept a week for each extra hour a week (from the monthly change), or None."""
        if self.extra_hours <= 0:
            return None
        return _pence(Decimal(self.extra_kept_monthly) * MONTHS / WEEKS / self.extra_hours)


def _assumptions(before: Job, after: Job, household: Household, rules: Rules) -> list[str]:
    out = [
        f"Tax year {rules.tax_year}. Tax code 1257L, basic rate only (20% over £12,570 a year).",
        "Employee NI at 8% over £12,570 a year.",
        "Yearly figures / 52 for a week and / 12 for a month; payslips can differ by pennies.",
    ]
    if household.pension is None and household.under_22:
        out.append(
            f"Workplace pension: none, as you are under {rules.pension_min_age} "
            "(you can ask to join one)."
        )
    elif household.pension is None:
        out.append(
            "Workplace pension: auto-enrolled when pay is £10,000 a year or more; you pay "
            "4% of pay between £6,240 and £50,270 (5% with tax relief), your employer 3%."
        )
    elif household.pension:
        out.append("Workplace pension: you pay 4% of pay between £6,240 and £50,270.")
    else:
        out.append("No workplace pension (you opted out).")
    if before.plan5_loan or after.plan5_loan:
        out.append("Plan 5 loan: 9% of pay over £25,000 a year.")
    if household.on_uc:
        out.append(
            "Universal Credit goes down by 55p for each £1 of pay after tax, NI and pension."
        )
        if household.work_allowance:
            wa = (
                rules.uc_work_allowance_with_housing
                if household.housing_element
                else rules.uc_work_allowance_without_housing
            )
            out.append(
                f"Work allowance £{wa / 100:,.2f} a month (you have children or limited "
                "capability for work)."
            )
        else:
            out.append("No work allowance (no children and no limited capability for work).")
        if household.uc_max_monthly_pence is None:
            out.append("Your Universal Credit stays above £0 at both pays.")
        if household.children and (before.childcare_monthly_pence or after.childcare_monthly_pence):
            out.append("Universal Credit pays 85% of childcare costs, up to a monthly cap.")
        out.append("Nothing else changes: rent, other income, savings, council tax help.")
    return out


def compare(before: Job, after: Job, household: Household, rules: Rules) -> Comparison:
    """Take-home now and after a change (a higher rate, more hours, or both)."""
    wb, mb = period_figures(before, household, rules)
    wa, ma = period_figures(after, household, rules)
    used = {"Income tax", "National Insurance", "Workplace pension"}
    if before.plan5_loan or after.plan5_loan:
        used.add("Plan 5 loan repayment")
    if household.on_uc:
        used.add("Universal Credit taper")
        if household.work_allowance:
            used.add("Universal Credit work allowance")
        if household.children and (before.childcare_monthly_pence or after.childcare_monthly_pence):
            used.add("Universal Credit childcare")
    return Comparison(
        tax_year=rules.tax_year,
        before=before,
        after=after,
        household=household,
        weekly_before=wb,
        weekly_after=wa,
        monthly_before=mb,
        monthly_after=ma,
        assumptions=tuple(_assumptions(before, after, household, rules)),
        third_party=tuple(f for f in rules.third_party if f.name in used),
    )


# Weeks in each pay period that needs no days worked, as (weeks, per): a month is 52 weeks / 12.
# The one table for turning a period's pay into a week's (flows.pay.to_hourly uses it too).
PERIOD_WEEKS: dict[str, tuple[int, int]] = {
    "week": (1, 1),
    "fortnight": (2, 1),
    "four_weeks": (4, 1),
    "month": (52, 12),
    "year": (52, 1),
}


def hourly_for_net(
    net_pence: int,
    period: str,
    weekly_hours: float | Decimal,
    rules: Rules,
    household: Household | None = None,
) -> int | None:
    """The hourly pay before tax that leaves `net_pence` a `period` after tax, NI and pension,
    at these hours; None when no pay we model gives it. Why: many workers only know what
    reaches the bank; every sum here starts from the pay before tax.

    Found by halving the range: net pay rises with the hourly rate except for the small drop
    where pension auto-enrolment starts, so the answer is the lowest rate that leaves at least
    that much, to the penny."""
    weeks = PERIOD_WEEKS.get(period)
    if weeks is None or net_pence <= 0 or not 0 < float(weekly_hours) <= 100:
        return None
    target = Decimal(net_pence) * weeks[1] / weeks[0]
    house = household or Household()

    def weekly_net(hourly: int) -> int | None:
        try:
            return period_figures(Job(hourly, weekly_hours), house, rules)[0].net_pay
        except NotModelled:
            return None

    # 1p an hour up to the most that stays within the basic rate (higher rates not modelled)
    low = 1
    high = int(Decimal(rules.basic_rate_limit) / (Decimal(str(weekly_hours)) * 52))
    top = weekly_net(high) if high >= low else None
    if top is None or top < target:
        return None
    while low < high:
        mid = (low + high) // 2
        got = weekly_net(mid)
        if got is not None and got >= target:
            high = mid
        else:
            low = mid + 1
    return low
