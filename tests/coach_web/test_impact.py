from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from coach_web.impact import EarningsPoint, WorkerRecords, compute_impact, worker_outcome

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def pt(day: int, pence: int | None, hours: str | None = "30", source: str = "checkin"):
    return EarningsPoint(T0 + timedelta(days=day), source, pence, Decimal(hours) if hours else None)


def base(pence: int | None, hours: str | None = "30", day: int = 0):
    return pt(day, pence, hours, "baseline")


def w(i: int, earnings=(), district: str | None = "B12", plan=()):
    return WorkerRecords(i, district, tuple(earnings), tuple(plan))


@pytest.mark.parametrize(
    ("case", "earnings", "district", "hourly_pct", "weekly_pct", "rise", "at_rlw"),
    [
        ("no records", [], "B12", None, None, False, None),
        ("baseline only", [base(1200)], "B12", None, None, False, False),
        (
            "rise of exactly 10% is not above 10%",
            [base(1200), pt(30, 1320)],
            "B12",
            10.0,
            10.0,
            False,
            False,
        ),
        (
            "rise just above 10%",
            [base(1200), pt(30, 1321)],
            "B12",
            pytest.approx(10.0833, abs=1e-3),
            pytest.approx(10.0833, abs=1e-3),
            True,
            False,
        ),
        (
            "UK rate reached outside London",
            [base(1200), pt(30, 1345)],
            "M1",
            pytest.approx(12.0833, abs=1e-3),
            pytest.approx(12.0833, abs=1e-3),
            True,
            True,
        ),
        (
            "London needs the London rate",
            [base(1200), pt(30, 1345)],
            "SE15",
            pytest.approx(12.0833, abs=1e-3),
            pytest.approx(12.0833, abs=1e-3),
            True,
            False,
        ),
        (
            "London rate reached in London",
            [base(1300), pt(30, 1480)],
            "EC1A",
            pytest.approx(13.846, abs=1e-3),
            pytest.approx(13.846, abs=1e-3),
            True,
            True,
        ),
        (
            "more hours, same pay: weekly up only",
            [base(1200, "20"), pt(30, 1200, "30")],
            "B12",
            0.0,
            50.0,
            False,
            False,
        ),
        (
            "pay cut",
            [base(1300), pt(30, 1200)],
            "B12",
            pytest.approx(-7.692, abs=1e-3),
            pytest.approx(-7.692, abs=1e-3),
            False,
            False,
        ),
        (
            "latest is the most recent, not the highest",
            [base(1200), pt(10, 1500), pt(20, 1250)],
            "B12",
            pytest.approx(4.1667, abs=1e-3),
            pytest.approx(4.1667, abs=1e-3),
            False,
            False,
        ),
        (
            "first baseline counts, a later 'baseline' is a later record",
            [base(1000), base(1200, day=5)],
            "B12",
            20.0,
            20.0,
            True,
            False,
        ),
        (
            "check-in without hours: hourly change, weekly from no later hours",
            [base(1200), pt(30, 1400, None)],
            "B12",
            pytest.approx(16.667, abs=1e-3),
            None,
            True,
            True,
        ),
        ("no baseline: no change, pay still known", [pt(3, 1400)], "B12", None, None, False, True),
        ("records arrive out of order", [pt(30, 1500), base(1200)], "B12", 25.0, 25.0, True, True),
    ],
)
def test_worker_outcome(case, earnings, district, hourly_pct, weekly_pct, rise, at_rlw):
    o = worker_outcome(w(1, earnings, district))
    assert o.hourly_change_pct == hourly_pct, case
    assert o.weekly_change_pct == weekly_pct, case
    assert o.rise_over_10pct is rise, case
    assert o.at_or_above_living_wage is at_rlw, case


def test_report_medians_shares_and_courses():
    records = [
        w(1, [base(1200), pt(30, 1380)], plan=["completed", "saved"]),  # +15%
        w(2, [base(1100), pt(30, 1155)], plan=["enrolled"]),  # +5%
        w(3, [base(1000), pt(30, 1250)], plan=["applied"]),  # +25%
        w(4, [base(1300)], plan=["dropped"]),  # no follow-up
        w(5, [], plan=["saved"]),  # nothing yet
    ]
    r = compute_impact(records)
    assert r.workers == 5
    assert r.with_baseline == 4
    assert r.followed_up_hourly == 3
    assert r.median_hourly_change_pct == pytest.approx(15.0)
    assert r.median_hourly_change_pence == 180
    assert r.median_weekly_change_pct == pytest.approx(15.0)
    assert r.median_weekly_change_pence == 180 * 30
    assert r.rise_over_10pct == 2
    assert r.share_rise_over_10pct == pytest.approx(2 / 4)
    assert r.with_known_pay == 4
    assert r.at_or_above_living_wage == 1  # only £13.80 >= £13.45
    assert r.share_at_or_above_living_wage == pytest.approx(1 / 4)
    assert (r.course_starts, r.workers_started) == (2, 2)
    assert (r.course_completions, r.workers_completed) == (1, 1)


def test_empty_report_has_no_figures_rather_than_zero():
    r = compute_impact([])
    assert r.workers == 0
    assert r.median_hourly_change_pct is None
    assert r.share_rise_over_10pct is None
    assert r.share_at_or_above_living_wage is None


def test_even_count_median_is_the_mean_of_the_middle_two():
    r = compute_impact(
        [
            w(1, [base(1000), pt(9, 1100)]),
            w(2, [base(1000), pt(9, 1300)]),
        ]
    )
    assert r.median_hourly_change_pct == pytest.approx(20.0)


def test_weekly_pence_rounds_half_up():
    assert pt(0, 1245, "37.5").weekly_pence == 46688  # 46687.5
