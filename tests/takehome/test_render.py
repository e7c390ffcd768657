"""The comparison in words: worked examples for the less common answers, and properties that
hold for any job change and household (strategies in tests/takehome/strategies.py)."""

from __future__ import annotations

from hypothesis import given, reject, settings

from takehome import Comparison, Household, Job, NotModelled, compare, render_comparison
from takehome.render import ADVICE, money
from takehome.rules import ALL_RULES

from .strategies import HOUSEHOLDS, JOBS

R = ALL_RULES["2026-27"]


def test_a_pay_cut_says_how_much_less_there_is_to_live_on() -> None:
    # The facts sheet's example 1 the other way round: £14 -> £12.60 an hour, 36 hours.
    # Gross a week 50,400p -> 45,360p (5,040p less); net 41,521p -> 38,094p (3,427p less).
    text = render_comparison(compare(Job(1400, 36), Job(1260, 36), Household(), R))
    assert "That's £50 a week less pay; you'd have about £34 a week less to live on." in text
    assert "keep about" not in text and "worse off" not in text


def test_on_universal_credit_under_the_work_allowance_every_extra_hour_is_kept() -> None:
    # A lone parent, UC with housing: the work allowance is £427 a month (2026-27 rules).
    # 4 -> 6 hours at £12.71: a month 1271 x 4 x 52 / 12 = 22,031p -> 33,046p; no tax, NI or
    # pension that low, so the UC cut stays £0 and UC does not change.
    # Kept 11,015p a month; each extra hour 11,015 x 12 / 52 / 2 = 1,270.96 -> £12.71.
    lone_parent = Household(on_uc=True, children=1, housing_element=True)
    text = render_comparison(compare(Job(1271, 4), Job(1271, 6), lone_parent, R))
    assert "Your Universal Credit would stay the same." in text
    assert "So you'd keep about £25 of the extra £25 a week" in text
    assert "That's £110 a month." in text
    assert "That's about £12.71 for each extra hour." in text
    assert "your Universal Credit stays above £0" in text  # we do not know their maximum


def test_childcare_and_the_under_22_pension_are_said() -> None:
    with_children = Household(children=2, under_22=True)
    text = render_comparison(
        compare(Job(1085, 20), Job(1085, 30, childcare_monthly_pence=30_000), with_children, R)
    )
    assert "Childcare costs are taken off. Tax-Free Childcare may help." in text
    assert "I assumed the usual tax code, no workplace pension, and nothing else changes." in text


def _compared(before: Job, after: Job, household: Household) -> Comparison:
    try:
        return compare(before, after, household, R)
    except NotModelled:
        reject()  # pay over the basic-rate limit: the flow says so instead


FAST = settings(derandomize=True, max_examples=300, deadline=None)


@FAST
@given(JOBS, JOBS, HOUSEHOLDS)
def test_every_comparison_has_its_figures_and_ends_with_the_advice(
    before: Job, after: Job, household: Household
) -> None:
    c = _compared(before, after, household)
    lines = render_comparison(c).split("\n")
    assert lines[0] == f"Your take-home pay ({c.tax_year} tax year):"
    assert f"{money(c.weekly_before.net_pay)} a week" in lines[1]
    assert f"{money(c.monthly_after.net_pay)} a month" in lines[2]
    assert lines[-1] == ADVICE
    assert sum(line.startswith("I assumed ") for line in lines) == 1
    uc = [line for line in lines if "Universal Credit would" in line]
    assert len(uc) == (1 if household.on_uc else 0)
    assert any("Plan 5 loan" in line for line in lines) == (c.weekly_after.loan > 0)


@FAST
@given(JOBS, JOBS, HOUSEHOLDS)
def test_the_verdict_follows_the_money(before: Job, after: Job, household: Household) -> None:
    """More pay: "keep about" when they keep more, "worse off" when they do not; less pay: how
    much less there is; the same pay: no verdict at all."""
    c = _compared(before, after, household)
    text = render_comparison(c)
    gross, kept = c.extra_gross_weekly, c.extra_kept_weekly
    assert ("So you'd keep about" in text) == (gross > 0 and kept > 0)
    assert ("worse off" in text) == (gross > 0 and kept <= 0)
    assert ("a week less pay" in text) == (gross < 0)
