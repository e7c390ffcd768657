"""Impact figures for the service: pure computation on plain records, no database.

Definitions (shown on the report page too, so the figures can be checked):
- baseline: the worker's first earnings record with source "baseline";
- latest: the most recent record after the baseline that has the measure (hourly pay, or hourly
  pay and weekly hours for weekly earnings). A worker with no later record has no change yet;
- weekly earnings = hourly pay x weekly hours;
- "a rise above 10%": latest hourly pay more than 10% above baseline, counted over everyone with a
  baseline hourly pay (like Step Up, which counted over all participants);
- "at or above the Real Living Wage": the most recent known hourly pay, over everyone with one;
  the London rate applies to London postcode areas;
- course starts: plan items enrolled or completed; completions: plan items completed;
- goals that are not only pay, and help for barriers: see coach_web/outcomes.py;
- improved their job situation (beside Step Up's 39%, whose definition may differ in detail):
  over everyone with a baseline hourly pay, those with a rise above 10%, more hours (when they
  wanted more), a move off zero hours or agency, better shifts (when they wanted them), or a
  new job (a later record with another job title).
- job moves (`job_moves`): a check-in (or update) reporting a job under another title than the
  record before it, or an application reaching "started"; a record made within the hour
  before to 2 days after a start is that same move (the chat records the new pay with it).
  Pay change per worker who moved: the hourly pay in their latest new job minus the hourly
  pay just before their first move (the last record before it); the new job's pay is the one
  the worker reported, or else the advertised pay copied when they saved the vacancy.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from coach_web.benchmarks import real_living_wage_pence
from coach_web.outcomes import (
    BarrierHelp,
    GoalFigures,
    GoalOutcome,
    GoalRecord,
    HelpPoint,
    JobPoint,
    ProgressPoint,
    goal_figures,
    goal_outcome,
    help_by_barrier,
)

BARRIER_ORDER = ("childcare", "caring", "health", "english", "transport", "confidence", "digital")

STARTED_STATUSES = frozenset({"enrolled", "completed"})
# a pay record this close to an application's start is the same job move
SAME_MOVE_BEFORE = timedelta(hours=1)
SAME_MOVE_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class EarningsPoint:
    recorded_at: datetime
    source: str
    hourly_pay_pence: int | None
    weekly_hours: Decimal | None = None
    contract_type: str | None = None
    job_title: str | None = None

    @property
    def weekly_pence(self) -> int | None:
        if self.hourly_pay_pence is None or self.weekly_hours is None:
            return None
        value = Decimal(self.hourly_pay_pence) * Decimal(self.weekly_hours)
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class StartedJob:
    """An application that reached "started", with the pay copied when it was saved."""

    started_at: datetime
    job_title: str | None = None
    hourly_pay_pence: int | None = None


@dataclass(frozen=True)
class JobMoves:
    moves: int = 0
    before_pence: int | None = None  # hourly pay just before the first move
    after_pence: int | None = None  # hourly pay in the latest new job


@dataclass(frozen=True)
class WorkerRecords:
    worker_id: int
    postcode_district: str | None
    earnings: Sequence[EarningsPoint] = ()
    plan_statuses: Sequence[str] = ()
    first_name: str | None = None
    goal: GoalRecord | None = None
    progress: Sequence[ProgressPoint] = ()
    help: Sequence[HelpPoint] = ()
    started_jobs: Sequence[StartedJob] = ()


@dataclass(frozen=True)
class WorkerOutcome:
    worker_id: int
    first_name: str | None
    postcode_district: str | None
    baseline_hourly_pence: int | None
    latest_hourly_pence: int | None  # the most recent known, even with no follow-up
    hourly_change_pct: float | None  # None until there is a later record
    baseline_weekly_pence: int | None
    latest_weekly_pence: int | None
    weekly_change_pct: float | None
    living_wage_pence: int
    rise_over_10pct: bool
    at_or_above_living_wage: bool | None
    courses_started: int
    courses_completed: int
    goal: GoalOutcome | None = None
    new_job: bool = False
    improved: bool = False
    help_offered: int = 0
    help_taken_up: int = 0
    moved_job: bool = False
    job_move_before_pence: int | None = None
    job_move_after_pence: int | None = None


@dataclass(frozen=True)
class ImpactReport:
    workers: int
    with_baseline: int
    followed_up_hourly: int
    followed_up_weekly: int
    median_hourly_change_pct: float | None
    median_hourly_change_pence: float | None
    median_weekly_change_pct: float | None
    median_weekly_change_pence: float | None
    rise_over_10pct: int
    share_rise_over_10pct: float | None  # 0..1, over with_baseline
    with_known_pay: int
    at_or_above_living_wage: int
    share_at_or_above_living_wage: float | None  # 0..1, over with_known_pay
    course_starts: int
    workers_started: int
    course_completions: int
    workers_completed: int
    outcomes: list[WorkerOutcome] = field(default_factory=list)
    goals: GoalFigures = field(default_factory=GoalFigures)
    improved: int = 0
    share_improved: float | None = None  # 0..1, over with_baseline
    help: list[BarrierHelp] = field(default_factory=list)
    help_offered: int = 0
    help_taken_up: int = 0
    help_not_wanted: int = 0
    moved_job: int = 0  # workers who moved job
    job_move_pay_known: int = 0  # of those, with the pay before and after
    median_job_move_change_pence: float | None = None
    mean_job_move_change_pence: float | None = None


def _pct(before: int, after: int) -> float:
    return (after - before) / before * 100


def _baseline(points: Sequence[EarningsPoint]) -> EarningsPoint | None:
    baselines = [p for p in points if p.source == "baseline"]
    return min(baselines, key=lambda p: p.recorded_at) if baselines else None


def _latest_after(
    points: Sequence[EarningsPoint], after: datetime, has: str
) -> EarningsPoint | None:
    later = [p for p in points if p.recorded_at > after and getattr(p, has) is not None]
    return max(later, key=lambda p: p.recorded_at) if later else None


def _title(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def _title_changes(points: list[EarningsPoint]) -> list[EarningsPoint]:
    """Records that report a job under another title than the latest titled record before."""
    changes, current = [], ""
    for p in points:
        title = _title(p.job_title)
        if title and current and title != current:
            changes.append(p)
        current = title or current
    return changes


def _pay_before(points: list[EarningsPoint], when: datetime) -> int | None:
    earlier = [p.hourly_pay_pence for p in points if p.recorded_at < when and p.hourly_pay_pence]
    return earlier[-1] if earlier else None


def job_moves(earnings: Sequence[EarningsPoint], started: Sequence[StartedJob]) -> JobMoves:
    """The worker's job moves (see the module's definitions): how many, the hourly pay just
    before the first and in the latest new job."""
    points = sorted(earnings, key=lambda p: p.recorded_at)
    moves: list[tuple[datetime, int | None, int | None]] = [
        (p.recorded_at, _pay_before(points, p.recorded_at), p.hourly_pay_pence)
        for p in _title_changes(points)
    ]
    for job in started:
        start, end = job.started_at - SAME_MOVE_BEFORE, job.started_at + SAME_MOVE_AFTER
        if any(start <= when <= end for when, _, _ in moves):
            continue  # the chat recorded this start as a new job already
        reported = [p for p in points if start <= p.recorded_at <= end and p.hourly_pay_pence]
        after = reported[0].hourly_pay_pence if reported else job.hourly_pay_pence
        moves.append((job.started_at, _pay_before(points, start), after))
    if not moves:
        return JobMoves()
    moves.sort(key=lambda m: m[0])
    return JobMoves(len(moves), moves[0][1], moves[-1][2])


def worker_outcome(rec: WorkerRecords) -> WorkerOutcome:
    points = list(rec.earnings)
    base = _baseline(points)
    living_wage = real_living_wage_pence(rec.postcode_district)

    base_hourly = base.hourly_pay_pence if base else None
    base_weekly = base.weekly_pence if base else None
    later_hourly = (
        _latest_after(points, base.recorded_at, "hourly_pay_pence")
        if base and base_hourly
        else None
    )
    later_weekly = (
        _latest_after(points, base.recorded_at, "weekly_pence") if base and base_weekly else None
    )
    # _latest_after only returns a point that has the figure, so "later" is known when found
    later_hourly_pence = later_hourly.hourly_pay_pence if later_hourly else None
    later_weekly_pence = later_weekly.weekly_pence if later_weekly else None
    hourly_change = (
        _pct(base_hourly, later_hourly_pence)
        if base_hourly and later_hourly_pence is not None
        else None
    )
    weekly_change = (
        _pct(base_weekly, later_weekly_pence)
        if base_weekly and later_weekly_pence is not None
        else None
    )
    rise = bool(
        base_hourly
        and later_hourly
        and Fraction(later_hourly.hourly_pay_pence or 0, base_hourly) > Fraction(11, 10)
    )
    with_pay = [p for p in points if p.hourly_pay_pence is not None]
    latest_known = max(with_pay, key=lambda p: p.recorded_at) if with_pay else None
    latest_hourly = latest_known.hourly_pay_pence if latest_known else None
    with_weekly = [p for p in points if p.weekly_pence is not None]
    latest_weekly = (
        max(with_weekly, key=lambda p: p.recorded_at).weekly_pence if with_weekly else None
    )
    statuses = list(rec.plan_statuses)
    goal = goal_outcome(
        rec.goal,
        [JobPoint(p.recorded_at, p.source, p.weekly_hours, p.contract_type) for p in points],
        rec.progress,
    )
    later_titles = {
        p.job_title.strip().lower()
        for p in points
        if base and p.recorded_at > base.recorded_at and p.job_title
    }
    new_job = bool(base and base.job_title and later_titles - {base.job_title.strip().lower()})
    improved = bool(base_hourly) and (
        rise
        or new_job
        or (
            goal is not None
            and (
                (goal.wanted_more_hours and goal.more_hours)
                or goal.moved_off_insecure
                or (goal.wanted_better_shifts and goal.better_shifts)
            )
        )
    )
    items = {h.item_id: h for h in rec.help}
    moved = job_moves(points, rec.started_jobs)
    return WorkerOutcome(
        worker_id=rec.worker_id,
        first_name=rec.first_name,
        postcode_district=rec.postcode_district,
        baseline_hourly_pence=base_hourly,
        latest_hourly_pence=latest_hourly,
        hourly_change_pct=hourly_change,
        baseline_weekly_pence=base_weekly,
        latest_weekly_pence=latest_weekly,
        weekly_change_pct=weekly_change,
        living_wage_pence=living_wage,
        rise_over_10pct=rise,
        at_or_above_living_wage=None if latest_hourly is None else latest_hourly >= living_wage,
        courses_started=sum(1 for s in statuses if s in STARTED_STATUSES),
        courses_completed=sum(1 for s in statuses if s == "completed"),
        goal=goal,
        new_job=new_job,
        improved=improved,
        help_offered=len(items),
        help_taken_up=sum(1 for h in items.values() if h.status == "taken_up"),
        moved_job=moved.moves > 0,
        job_move_before_pence=moved.before_pence,
        job_move_after_pence=moved.after_pence,
    )


def _known(values: Iterable[float | None]) -> list[float]:
    return [v for v in values if v is not None]


def _changes(pairs: Iterable[tuple[int | None, int | None]]) -> list[float]:
    """later - earlier for each (earlier, later) pair where both are known."""
    return [
        later - earlier for earlier, later in pairs if earlier is not None and later is not None
    ]


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def compute_impact(records: Iterable[WorkerRecords]) -> ImpactReport:
    records = list(records)
    helped = help_by_barrier(((r.worker_id, h) for r in records for h in r.help), BARRIER_ORDER)
    return summarise([worker_outcome(r) for r in records], helped)


def summarise(
    outcomes: list[WorkerOutcome], helped: list[BarrierHelp] | None = None
) -> ImpactReport:
    """The report from per-worker outcomes (kept per worker in coach_web.summaries, so a
    report over 50,000 workers reads one row each instead of every pay record) and the help
    offered per barrier (help_by_barrier over the workers' help offers)."""
    helped = list(helped or [])
    improved = sum(1 for o in outcomes if o.baseline_hourly_pence and o.improved)
    hourly = [o for o in outcomes if o.hourly_change_pct is not None]
    weekly = [o for o in outcomes if o.weekly_change_pct is not None]
    with_baseline = [o for o in outcomes if o.baseline_hourly_pence]
    known = [o for o in outcomes if o.at_or_above_living_wage is not None]
    rises = sum(1 for o in with_baseline if o.rise_over_10pct)
    at_rlw = sum(1 for o in known if o.at_or_above_living_wage)
    moved = [o for o in outcomes if o.moved_job]
    move_changes = _changes((o.job_move_before_pence, o.job_move_after_pence) for o in moved)
    return ImpactReport(
        workers=len(outcomes),
        with_baseline=len(with_baseline),
        followed_up_hourly=len(hourly),
        followed_up_weekly=len(weekly),
        median_hourly_change_pct=_median(_known(o.hourly_change_pct for o in hourly)),
        median_hourly_change_pence=_median(
            _changes((o.baseline_hourly_pence, o.latest_hourly_pence) for o in hourly)
        ),
        median_weekly_change_pct=_median(_known(o.weekly_change_pct for o in weekly)),
        median_weekly_change_pence=_median(
            _changes((o.baseline_weekly_pence, o.latest_weekly_pence) for o in weekly)
        ),
        rise_over_10pct=rises,
        share_rise_over_10pct=_share(rises, len(with_baseline)),
        with_known_pay=len(known),
        at_or_above_living_wage=at_rlw,
        share_at_or_above_living_wage=_share(at_rlw, len(known)),
        course_starts=sum(o.courses_started for o in outcomes),
        workers_started=sum(1 for o in outcomes if o.courses_started),
        course_completions=sum(o.courses_completed for o in outcomes),
        workers_completed=sum(1 for o in outcomes if o.courses_completed),
        outcomes=outcomes,
        goals=goal_figures(o.goal for o in outcomes),
        improved=improved,
        share_improved=_share(improved, len(with_baseline)),
        help=helped,
        help_offered=sum(b.items for b in helped),
        help_taken_up=sum(b.taken_up for b in helped),
        help_not_wanted=sum(b.not_wanted for b in helped),
        moved_job=len(moved),
        job_move_pay_known=len(move_changes),
        median_job_move_change_pence=_median(move_changes),
        mean_job_move_change_pence=_mean(move_changes),
    )
