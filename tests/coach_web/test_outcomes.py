"""Goals that are not only hourly pay, and help for barriers (coach_web/outcomes.py): figures
worked out by hand from small cases, and properties over any records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from coach_web.impact import EarningsPoint, WorkerRecords, compute_impact
from coach_web.outcomes import (
    GoalRecord,
    HelpPoint,
    JobPoint,
    ProgressPoint,
    describe_goal,
    describe_progress,
    goal_figures,
    goal_outcome,
    help_by_barrier,
)

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
DAY = timedelta(days=1)


def job(day: int, hours: str | None, contract: str | None, source: str = "checkin") -> JobPoint:
    return JobPoint(T0 + day * DAY, source, Decimal(hours) if hours else None, contract)


def goal(*kinds: str, hours: str | None = "20", contract: str | None = "zero_hours") -> GoalRecord:
    return GoalRecord(T0, kinds, Decimal(hours) if hours else None, contract, "varies")


def test_more_hours_counts_only_a_later_record_above_the_start() -> None:
    start = [job(0, "20", "zero_hours", "baseline")]
    none_yet = goal_outcome(goal("hours"), start, [])
    assert none_yet is not None and none_yet.wanted_more_hours and not none_yet.more_hours
    assert none_yet.hours_now is None
    same = goal_outcome(goal("hours"), [*start, job(30, "20", "zero_hours")], [])
    assert same is not None and not same.more_hours
    more = goal_outcome(goal("hours"), [*start, job(30, "28", None), job(60, "26", None)], [])
    assert more is not None and more.more_hours and more.hours_now == Decimal("26")
    # the latest record counts, not the highest: 28 then back to 20 is not more
    back = goal_outcome(goal("hours"), [*start, job(30, "28", None), job(60, "20", None)], [])
    assert back is not None and not back.more_hours


def test_a_goal_without_baseline_hours_uses_the_first_baseline_record() -> None:
    g = goal("hours", hours=None)
    o = goal_outcome(g, [job(0, "16", None, "baseline"), job(9, "24", None)], [])
    assert o is not None and o.hours_start == Decimal("16") and o.more_hours


def test_off_zero_hours_needs_a_known_other_contract() -> None:
    start = [job(0, "20", "zero_hours", "baseline")]
    for later, moved in (
        ("permanent", True),
        ("fixed_term", True),
        ("agency", False),
        ("zero_hours", False),
        ("unknown", False),
    ):
        o = goal_outcome(goal("pay"), [*start, job(20, None, later)], [])
        assert o is not None and o.started_insecure and o.moved_off_insecure is moved, later
    permanent_start = goal_outcome(goal("secure", contract="permanent"), start, [])
    assert permanent_start is not None and not permanent_start.started_insecure


def test_better_shifts_is_the_latest_answer() -> None:
    p = [
        ProgressPoint(T0 + 10 * DAY, "shifts", "better"),
        ProgressPoint(T0 + 40 * DAY, "shifts", "same"),
    ]
    o = goal_outcome(goal("shifts"), [], p)
    assert o is not None and o.shifts_answer == "same" and not o.better_shifts
    o = goal_outcome(goal("shifts"), [], list(reversed(p))[1:])
    assert o is not None and o.better_shifts


def test_words_for_the_coach() -> None:
    o = goal_outcome(
        GoalRecord(
            T0, ("hours", "secure", "shifts"), Decimal("20"), "agency", "nights", Decimal("30")
        ),
        [job(0, "20", "agency", "baseline"), job(30, "24", "permanent")],
        [ProgressPoint(T0 + 30 * DAY, "shifts", "worse")],
    )
    assert o is not None
    assert describe_goal(o) == (
        "Wants more hours, a permanent or more secure contract, regular or better shifts."
    )
    assert describe_progress(o) == [
        "More hours: 20 hours a week at the start, would like 30; 24 now (more).",
        "Contract: agency at the start; permanent now (moved off zero hours or agency).",
        "Shifts: nights at the start; latest check-in says worse.",
    ]


def test_report_shares_over_who_wanted_it() -> None:
    """Three hours goals (two got more), two zero-hours starters (one moved), one shifts goal
    (better): 2/3, 1/2, 1/1."""

    def rec(i: int, g: GoalRecord, earnings: list[EarningsPoint], progress=()) -> WorkerRecords:
        return WorkerRecords(i, "B12", earnings, (), None, g, tuple(progress))

    def ep(day: int, pence: int, hours: str, contract: str, source: str = "checkin"):
        return EarningsPoint(T0 + day * DAY, source, pence, Decimal(hours), contract, "Cleaner")

    base = lambda contract="permanent": ep(0, 1300, "20", contract, "baseline")  # noqa: E731
    records = [
        rec(1, goal("hours", contract="permanent"), [base(), ep(30, 1300, "30", "permanent")]),
        rec(2, goal("hours", contract="permanent"), [base(), ep(30, 1300, "25", "permanent")]),
        rec(3, goal("hours", contract="permanent"), [base()]),
        rec(4, goal("pay"), [base("zero_hours"), ep(30, 1300, "20", "permanent")]),
        rec(5, goal("secure", contract="agency"), [base("agency")]),
        rec(
            6,
            goal("shifts", contract="permanent"),
            [base()],
            [ProgressPoint(T0 + 30 * DAY, "shifts", "better")],
        ),
    ]
    r = compute_impact(records)
    g = r.goals
    assert (g.got_more_hours, g.wanted_more_hours) == (2, 3)
    assert (g.moved_off_insecure, g.started_insecure) == (1, 2)
    assert (g.got_better_shifts, g.wanted_better_shifts) == (1, 1)
    assert g.share_more_hours == 2 / 3 and g.share_off_insecure == 1 / 2
    assert g.kind_counts == {"pay": 1, "hours": 3, "secure": 1, "shifts": 1, "change": 0}
    # improved: 1, 2 (more hours), 4 (off zero hours), 6 (better shifts) = 4 of 6
    assert (r.improved, r.with_baseline) == (4, 6)


def test_help_counts_each_item_once_per_worker() -> None:
    offers = [
        (1, HelpPoint("childcare", "tax_free_childcare", "taken_up")),
        (1, HelpPoint("childcare", "tax_free_childcare", "taken_up")),  # a repeat row
        (1, HelpPoint("childcare", "funded_hours", "not_wanted")),
        (2, HelpPoint("childcare", "funded_hours", "offered")),
        (2, HelpPoint("health", "access_to_work", "taken_up")),
        (3, HelpPoint("zz_new", "x", "offered")),
    ]
    rows = help_by_barrier(offers, ("health", "childcare"))
    assert [(b.barrier, b.workers, b.items, b.taken_up, b.not_wanted) for b in rows] == [
        ("health", 1, 1, 1, 0),
        ("childcare", 2, 3, 1, 1),
        ("zz_new", 1, 1, 0, 0),
    ]


KINDS = st.lists(st.sampled_from(["pay", "hours", "secure", "shifts", "change"]), unique=True)
CONTRACT = st.sampled_from([None, "permanent", "fixed_term", "zero_hours", "agency", "unknown"])
HOURS = st.one_of(st.none(), st.decimals(0, 70, places=1))


@st.composite
def outcomes(draw):
    g = GoalRecord(
        T0 + draw(st.integers(0, 5)) * DAY, tuple(draw(KINDS)), draw(HOURS), draw(CONTRACT)
    )
    jobs = [
        JobPoint(
            T0 + draw(st.integers(0, 90)) * DAY,
            draw(st.sampled_from(["baseline", "checkin"])),
            draw(HOURS),
            draw(CONTRACT),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    progress = [
        ProgressPoint(
            T0 + draw(st.integers(0, 90)) * DAY,
            "shifts",
            draw(st.sampled_from(["better", "same", "worse"])),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    return goal_outcome(g, jobs, progress)


@given(st.lists(outcomes(), max_size=12))
@settings(max_examples=200, derandomize=True)
def test_shares_are_parts_of_their_wholes(items) -> None:
    f = goal_figures(items)
    assert 0 <= f.got_more_hours <= f.wanted_more_hours <= f.with_goal
    assert 0 <= f.moved_off_insecure <= f.started_insecure <= f.with_goal
    assert 0 <= f.got_better_shifts <= f.wanted_better_shifts <= f.with_goal
    for share in (f.share_more_hours, f.share_off_insecure, f.share_better_shifts):
        assert share is None or 0 <= share <= 1
    for o in items:
        assert not o.moved_off_insecure or o.started_insecure
        assert not o.more_hours or (o.hours_now is not None and o.hours_start is not None)
