"""coach_web.impact.job_moves: pure, worked examples and properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from coach_web.impact import (
    EarningsPoint,
    JobMoves,
    StartedJob,
    job_moves,
    summarise,
    worker_outcome,
)
from coach_web.impact import WorkerRecords as Records

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _p(days: float, pence: int | None, title: str | None, source: str = "checkin") -> EarningsPoint:
    return EarningsPoint(T0 + timedelta(days=days), source, pence, None, None, title)


def test_a_start_reported_with_its_new_pay_is_one_move() -> None:
    points = [_p(0, 1200, "Care assistant", "baseline"), _p(30.001, 1450, "Senior carer")]
    moves = job_moves(points, [StartedJob(T0 + timedelta(days=30), "Senior carer", 1400)])
    assert (moves.moves, moves.before_pence, moves.after_pence) == (1, 1200, 1450)


def test_a_start_with_the_same_title_takes_the_reported_pay_else_the_advert() -> None:
    points = [_p(0, 1200, "Care assistant", "baseline"), _p(10.5, 1330, "Care assistant")]
    start = StartedJob(T0 + timedelta(days=10), "Care assistant", 1300)
    assert job_moves(points, [start]) == JobMoves(1, 1200, 1330)
    assert job_moves(points[:1], [start]).after_pence == 1300  # nothing told: the advert


def test_two_moves_count_from_before_the_first_to_the_latest_job() -> None:
    points = [
        _p(0, 1100, "Care assistant", "baseline"),
        _p(5, 1100, " care  ASSISTANT"),  # the same job, spelt differently
        _p(10, 1200, "Cleaner"),
        _p(40, 1300, "Supervisor"),
        _p(50, None, None),  # no title: still the supervisor
    ]
    moves = job_moves(points, [])
    assert (moves.moves, moves.before_pence, moves.after_pence) == (2, 1100, 1300)


def test_no_job_title_change_and_no_start_is_no_move() -> None:
    points = [_p(0, 1100, "Care assistant", "baseline"), _p(9, 1300, "care assistant")]
    assert job_moves(points, []).moves == 0
    outcome = worker_outcome(Records(1, "LS6", points))
    assert not outcome.moved_job and outcome.job_move_before_pence is None


def test_the_report_takes_the_median_and_mean_of_known_changes() -> None:
    def moved(wid: int, before: int | None, after: int) -> Records:
        pts = [_p(0, before, "A", "baseline")] if before else []
        return Records(
            wid, "LS6", pts, started_jobs=[StartedJob(T0 + timedelta(days=9), "B", after)]
        )

    report = summarise(
        [
            worker_outcome(r)
            for r in (moved(1, 1200, 1450), moved(2, 1100, 1200), moved(3, None, 1300))
        ]
    )
    # changes +250 and +100 (worker 3 had no pay before): median = mean = 175
    assert (report.moved_job, report.job_move_pay_known) == (3, 2)
    assert report.median_job_move_change_pence == 175 == report.mean_job_move_change_pence


titles = st.sampled_from(["Care assistant", "Cleaner", "Chef", None])
points_st = st.lists(
    st.tuples(st.integers(0, 400), st.one_of(st.none(), st.integers(1000, 3000)), titles),
    max_size=8,
)


@seed(15)
@settings(max_examples=200, deadline=None)
@given(points_st, st.integers(500, 900), st.integers(1000, 3000))
def test_a_start_far_from_every_other_move_adds_exactly_one(raw, day, pay) -> None:
    points = [_p(d, p, t) for d, p, t in raw]
    before = job_moves(points, [])
    moves = job_moves(points, [StartedJob(T0 + timedelta(days=day), "New job", pay)])
    assert moves.moves == before.moves + 1
    assert moves.after_pence == pay  # the latest move, nothing reported after it
    if before.moves:
        assert moves.before_pence == before.before_pence  # still from before the first move
