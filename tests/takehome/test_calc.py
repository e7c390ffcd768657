"""Table-driven checks against the worked examples in support-and-take-home.md, to the penny."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from takehome import Household, Job, NotModelled, compare, period_figures, render_comparison
from takehome.rules import ALL_RULES, RulesNotAvailable, rules_for, tax_year_label

R = ALL_RULES["2026-27"]
SINGLE = Household()
UC_SINGLE_25 = Household(on_uc=True, uc_max_monthly_pence=42490 + 60000)  # 25+, rent £600
LONE_PARENT = Household(on_uc=True, children=1, housing_element=True)


# (job, household, period, gross, tax, ni, pension, loan, net)
FIGURES = [
    # Ex 1, weekly
    (Job(1260, 36), SINGLE, "week", 45360, 4237, 1695, 1334, 0, 38094),
    (Job(1400, 36), SINGLE, "week", 50400, 5245, 2098, 1536, 0, 41521),
    (Job(1400, 36, plan5_loan=True), SINGLE, "week", 50400, 5245, 2098, 1536, 209, 41312),
    # Ex 2, monthly
    (Job(1260, 36), UC_SINGLE_25, "month", 196560, 18362, 7345, 5782, 0, 165071),
    (Job(1400, 36), UC_SINGLE_25, "month", 218400, 22730, 9092, 6656, 0, 179922),
    # Ex 3, monthly
    (Job(1271, 20), LONE_PARENT, "month", 110153, 1081, 432, 2326, 0, 106314),
    (Job(1271, 30), LONE_PARENT, "month", 165230, 12096, 4838, 4529, 0, 143767),
]


@pytest.mark.parametrize("job,household,period,gross,tax,ni,pension,loan,net", FIGURES)
def test_worked_example_figures(job, household, period, gross, tax, ni, pension, loan, net):
    week, month = period_figures(job, household, R)
    p = week if period == "week" else month
    assert (p.gross, p.tax, p.ni, p.pension, p.loan, p.net_pay) == (
        gross,
        tax,
        ni,
        pension,
        loan,
        net,
    )


# (before, after, household, uc before, uc after (payment or -cut), kept +/mo, kept +/wk)
COMPARISONS = [
    (Job(1260, 36), Job(1400, 36), SINGLE, 0, 0, 14851, 3427),  # Ex 1
    (Job(1260, 36), Job(1400, 36), UC_SINGLE_25, 11701, 3533, 6683, 1542),  # Ex 2
    (Job(1271, 20), Job(1271, 30), LONE_PARENT, -34988, -55587, 16854, None),  # Ex 3
]


@pytest.mark.parametrize("before,after,household,uc_b,uc_a,kept_mo,kept_wk", COMPARISONS)
def test_worked_example_comparisons(before, after, household, uc_b, uc_a, kept_mo, kept_wk):
    c = compare(before, after, household, R)
    assert c.monthly_before.uc_payment == uc_b
    assert c.monthly_after.uc_payment == uc_a
    assert c.extra_kept_monthly == kept_mo
    if kept_wk is not None:
        assert c.extra_kept_weekly == kept_wk
    assert c.tax_year == "2026-27"
    assert c.assumptions


def test_ex1_gross_and_net_change():
    c = compare(Job(1260, 36), Job(1400, 36), SINGLE, R)
    assert c.extra_gross_weekly == 5040
    assert c.extra_kept_weekly == 3427


def test_ex3_uc_cuts_and_per_hour():
    c = compare(Job(1271, 20), Job(1271, 30), LONE_PARENT, R)
    assert c.monthly_before.uc_earnings_cut == 34988
    assert c.monthly_after.uc_earnings_cut == 55587
    assert c.monthly_after.net_pay - c.monthly_before.net_pay == 37453
    assert c.kept_per_extra_hour == 389


def test_no_work_allowance_without_children_or_lcw():
    c = compare(Job(1260, 36), Job(1400, 36), Household(on_uc=True), R)
    assert c.monthly_before.uc_earnings_cut == 90789  # 55% x 1,650.71


def test_work_allowance_without_housing_element():
    hh = Household(on_uc=True, limited_capability=True)
    _, month = period_figures(Job(1260, 36), hh, R)
    assert month.uc_earnings_cut == 51739  # 55% x (1,650.71 - 710.00) = 517.3905


def test_uc_payment_never_below_zero_when_maximum_known():
    hh = Household(on_uc=True, uc_max_monthly_pence=10000)
    _, month = period_figures(Job(1400, 36), hh, R)
    assert month.uc_payment == 0


def test_childcare_element_is_85_percent_up_to_the_cap():
    one = Household(on_uc=True, children=1, housing_element=True)
    _, month = period_figures(Job(1271, 30, childcare_monthly_pence=40000), one, R)
    assert month.uc_childcare == 34000
    _, month = period_figures(Job(1271, 30, childcare_monthly_pence=200000), one, R)
    assert month.uc_childcare == 107109
    two = Household(on_uc=True, children=2, housing_element=True)
    _, month = period_figures(Job(1271, 30, childcare_monthly_pence=300000), two, R)
    assert month.uc_childcare == 183616


def test_no_pension_under_the_trigger_and_opt_out():
    week, _ = period_figures(Job(1271, 10), SINGLE, R)  # £6,609 a year
    assert week.pension == 0 and week.tax == 0 and week.ni == 0
    week, _ = period_figures(Job(1400, 36), Household(pension=False), R)
    assert week.pension == 0


def test_pay_above_basic_rate_limit_is_not_modelled():
    with pytest.raises(NotModelled):
        compare(Job(1260, 36), Job(3000, 40), SINGLE, R)


def test_render_plain_words():
    text = render_comparison(compare(Job(1260, 36), Job(1400, 36), UC_SINGLE_25, R))
    assert "you'd keep about £15 of the extra £50 a week" in text
    assert "2026-27" in text
    assert "entitledto" in text and "Turn2us" in text
    assert "checked 26 Nov 2026" in text  # third-party figures shown with their date
    assert "£117.01 to £35.33" in text


def test_render_worse_off_and_loan():
    text = render_comparison(compare(Job(1260, 36), Job(1400, 36, plan5_loan=True), SINGLE, R))
    assert "£2.09 a week for your Plan 5 loan" in text


def test_rules_years():
    assert tax_year_label(date(2026, 4, 5)) == "2025-26"
    assert tax_year_label(date(2026, 4, 6)) == "2026-27"
    assert rules_for(date(2026, 11, 26)).tax_year == "2026-27"
    with pytest.raises(RulesNotAvailable):
        rules_for(date(2030, 1, 1))


def test_every_figure_has_a_source_and_date():
    for f in R.figures:
        assert f.source and f.date
    names = {f.name for f in R.third_party}
    assert "Universal Credit work allowance" in names


def test_no_auto_enrolment_under_22():
    # £10.85 x 36 h x 52 = £20,311.20 a year, over the £10,000 trigger
    week, _ = period_figures(Job(1085, 36), Household(under_22=True), R)
    assert week.pension == 0
    # at 22 or over: 4% of (2,031,120 - 624,000) pence a year = 56,284.8; / 52 = 1,082.4
    week, _ = period_figures(Job(1085, 36), SINGLE, R)
    assert week.pension == 1082


@given(st.integers(min_value=1271, max_value=2400), st.sampled_from([16, 20, 30, 37.5, 40]))
def test_the_pay_before_tax_found_for_a_take_home_gives_that_take_home(
    hourly: int, hours: float
) -> None:
    """Round trip: the take-home of a rate, worked back, gives a rate that leaves at least that
    much, and a penny less would leave less (or the rate itself)."""
    from takehome import hourly_for_net

    rules = rules_for(date(2026, 11, 26))
    net = period_figures(Job(hourly, hours), Household(), rules)[0].net_pay
    found = hourly_for_net(net, "week", hours, rules)
    assert found is not None and found <= hourly
    assert period_figures(Job(found, hours), Household(), rules)[0].net_pay >= net
