from datetime import date

import pytest

from funding.repayment import plan5_estimate
from funding.rules import rules_for

RULES = rules_for(date(2026, 9, 1))


@pytest.mark.parametrize(
    ("annual", "yearly", "monthly", "weekly"),
    [
        (2_478_450, 0, 0, 0),  # doc: 37.5h x 52 at £12.71 = £24,784.50 -> £0
        (2_886_000, 34_740, 2_895, 668),  # doc: £28,860 -> about £347 a year, £28.95 a month
        (2_500_000, 0, 0, 0),  # exactly at the threshold: nothing above it
        (2_500_100, 9, 0, 0),  # £1 above: 9p a year
        (0, 0, 0, 0),
        (3_500_000, 90_000, 7_500, 1_730),
    ],
)
def test_plan5(annual: int, yearly: int, monthly: int, weekly: int) -> None:
    est = plan5_estimate(annual, RULES)
    assert (est.yearly_pence, est.monthly_pence, est.weekly_pence) == (yearly, monthly, weekly)
    assert est.repays_nothing is (yearly == 0)
    assert est.rules_year == "2026-27"
    assert est.write_off_years == 40


def test_doc_example_rounds_to_347_a_year() -> None:
    assert round(plan5_estimate(2_886_000, RULES).yearly_pence / 100) == 347


def test_negative_pay_refused() -> None:
    with pytest.raises(ValueError):
        plan5_estimate(-1, RULES)


def test_to_dict_is_json_safe() -> None:
    import json

    d = plan5_estimate(2_886_000, RULES).to_dict()
    assert json.loads(json.dumps(d))["monthly_pence"] == 2895
    assert d["interest"] == "RPI"  # no rate: 3.2% ran Sep 2025 to Aug 2026 only


@pytest.mark.parametrize(
    ("today", "rate"),
    [
        (date(2025, 9, 1), "3.2"),  # first day of the period
        (date(2026, 8, 31), "3.2"),  # last day
        (date(2026, 9, 1), None),  # expired: never quote it
        (date(2026, 11, 26), None),
    ],
)
def test_interest_is_given_only_inside_its_period(today: date, rate: str | None) -> None:
    est = plan5_estimate(2_886_000, rules_for(date(2025, 9, 1)), today)
    assert (str(est.interest_rate_percent) if est.interest_rate_percent else None) == rate
