"""Outcomes for goals that are not only hourly pay, and help for barriers: pure, no database.

Definitions (the impact report shows them too, so the figures can be checked):
- the goal is the worker's latest goal; its kinds say what they want most (pay, hours, secure,
  shifts, change). Goals set before goal kinds existed have none and count as pay goals;
- more hours: among workers whose goal includes more hours and whose starting weekly hours are
  known (the goal's baseline, else the first baseline pay record), those whose most recent
  hours recorded after the goal was set are higher. No later record: not counted as more;
- off zero-hours or agency: among workers whose contract at the start (the goal's baseline,
  else the first baseline record) was zero hours or agency, whatever their goal, those whose
  most recent contract recorded later is another known type (permanent, fixed-term,
  self-employed); "don't know" is not a move;
- better shifts: among workers whose goal includes regular or better shifts, those whose latest
  check-in answer to "Are your shifts more regular or better now?" was "better";
- help: each help item shown to a worker counts once (however often it was shown); taken up
  and not wanted are what their coach marked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

INSECURE = frozenset({"zero_hours", "agency"})
KNOWN_CONTRACTS = frozenset({"permanent", "fixed_term", "self_employed", "zero_hours", "agency"})
GOAL_KIND_LABELS = {
    "pay": "better pay",
    "hours": "more hours",
    "secure": "a permanent or more secure contract",
    "shifts": "regular or better shifts",
    "change": "a different job or sector",
}
CONTRACT_LABELS = {
    "permanent": "permanent",
    "fixed_term": "fixed-term or temp",
    "zero_hours": "zero hours",
    "agency": "agency",
    "self_employed": "self-employed",
    "unknown": "don't know",
    # stored before migration goals_1 renamed them
    "temporary": "fixed-term or temp",
    "other": "don't know",
}
SHIFT_LABELS = {"varies": "changes every week", "nights": "nights", "regular": "regular"}
SHIFT_ANSWERS = {"better": "better", "same": "about the same", "worse": "worse"}


@dataclass(frozen=True)
class GoalRecord:
    created_at: datetime
    kinds: tuple[str, ...] = ()
    baseline_hours: Decimal | None = None
    baseline_contract: str | None = None
    baseline_shifts: str | None = None
    target_hours: Decimal | None = None


@dataclass(frozen=True)
class JobPoint:
    """One earnings record as far as these outcomes need it."""

    recorded_at: datetime
    source: str
    weekly_hours: Decimal | None
    contract_type: str | None


@dataclass(frozen=True)
class ProgressPoint:
    recorded_at: datetime
    kind: str  # hours | contract | shifts
    value: str
    hours: Decimal | None = None


@dataclass(frozen=True)
class HelpPoint:
    barrier: str
    item_id: str
    status: str  # offered | taken_up | not_wanted


@dataclass(frozen=True)
class GoalOutcome:
    kinds: tuple[str, ...]
    wanted_more_hours: bool
    hours_start: Decimal | None
    hours_target: Decimal | None
    hours_now: Decimal | None  # the most recent hours recorded after the goal, if any
    more_hours: bool
    contract_start: str | None
    contract_now: str | None  # the most recent contract recorded after the goal, if any
    started_insecure: bool
    moved_off_insecure: bool
    wanted_secure: bool
    wanted_better_shifts: bool
    shifts_start: str | None
    shifts_answer: str | None  # latest answer: better | same | worse
    better_shifts: bool


def _latest(points: Iterable[JobPoint], after: datetime, has: str) -> JobPoint | None:
    later = [p for p in points if p.recorded_at > after and getattr(p, has) is not None]
    return max(later, key=lambda p: p.recorded_at) if later else None


def goal_outcome(
    goal: GoalRecord | None, jobs: Sequence[JobPoint], progress: Sequence[ProgressPoint]
) -> GoalOutcome | None:
    """Where a worker is against their latest goal; None without a goal."""
    if goal is None:
        return None
    baselines = sorted((p for p in jobs if p.source == "baseline"), key=lambda p: p.recorded_at)
    first = baselines[0] if baselines else None
    kinds = tuple(goal.kinds)
    hours_start = goal.baseline_hours
    if hours_start is None and first is not None:
        hours_start = first.weekly_hours
    later_hours = _latest(jobs, goal.created_at, "weekly_hours")
    hours_now = later_hours.weekly_hours if later_hours else None
    contract_start = goal.baseline_contract or (first.contract_type if first else None)
    later_contract = _latest(jobs, goal.created_at, "contract_type")
    contract_now = later_contract.contract_type if later_contract else None
    started_insecure = contract_start in INSECURE
    shifts = [p for p in progress if p.kind == "shifts" and p.recorded_at >= goal.created_at]
    shifts_answer = max(shifts, key=lambda p: p.recorded_at).value if shifts else None
    return GoalOutcome(
        kinds=kinds,
        wanted_more_hours="hours" in kinds and hours_start is not None,
        hours_start=hours_start,
        hours_target=goal.target_hours,
        hours_now=hours_now,
        more_hours=bool(
            hours_start is not None and hours_now is not None and hours_now > hours_start
        ),
        contract_start=contract_start,
        contract_now=contract_now,
        started_insecure=started_insecure,
        moved_off_insecure=bool(
            started_insecure and contract_now in KNOWN_CONTRACTS and contract_now not in INSECURE
        ),
        wanted_secure="secure" in kinds,
        wanted_better_shifts="shifts" in kinds,
        shifts_start=goal.baseline_shifts,
        shifts_answer=shifts_answer,
        better_shifts=shifts_answer == "better",
    )


def _hours(value: Decimal | None) -> str:
    return "?" if value is None else f"{value.normalize():f}"


def describe_goal(o: GoalOutcome) -> str:
    """'Wants more hours, a permanent or more secure contract.' for the coach's summary."""
    kinds = [GOAL_KIND_LABELS[k] for k in GOAL_KIND_LABELS if k in o.kinds]
    return ("Wants " + ", ".join(kinds) + ".") if kinds else ""


def describe_progress(o: GoalOutcome) -> list[str]:
    """One line per goal kind that is not only pay, from the start to now."""
    lines = []
    if "hours" in o.kinds:
        start = f"{_hours(o.hours_start)} hours a week at the start"
        aim = f", would like {_hours(o.hours_target)}" if o.hours_target is not None else ""
        if o.hours_now is None:
            lines.append(f"More hours: {start}{aim}; no later hours recorded yet.")
        else:
            verdict = "more" if o.more_hours else "not more yet"
            lines.append(f"More hours: {start}{aim}; {_hours(o.hours_now)} now ({verdict}).")
    if "secure" in o.kinds or o.started_insecure:
        start = CONTRACT_LABELS.get(o.contract_start or "", "not known")
        now = CONTRACT_LABELS.get(o.contract_now or "", "")
        if not now:
            lines.append(f"Contract: {start} at the start; no change recorded yet.")
        else:
            moved = " (moved off zero hours or agency)" if o.moved_off_insecure else ""
            lines.append(f"Contract: {start} at the start; {now} now{moved}.")
    if "shifts" in o.kinds:
        start = SHIFT_LABELS.get(o.shifts_start or "", "not known")
        answer = SHIFT_ANSWERS.get(o.shifts_answer or "")
        said = f"latest check-in says {answer}" if answer else "not asked at a check-in yet"
        lines.append(f"Shifts: {start} at the start; {said}.")
    return lines


@dataclass(frozen=True)
class BarrierHelp:
    barrier: str
    workers: int
    items: int
    taken_up: int
    not_wanted: int


@dataclass(frozen=True)
class GoalFigures:
    wanted_more_hours: int = 0
    got_more_hours: int = 0
    started_insecure: int = 0
    moved_off_insecure: int = 0
    wanted_better_shifts: int = 0
    got_better_shifts: int = 0
    with_goal: int = 0
    kind_counts: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def share_more_hours(self) -> float | None:
        return self.share(self.got_more_hours, self.wanted_more_hours)

    @property
    def share_off_insecure(self) -> float | None:
        return self.share(self.moved_off_insecure, self.started_insecure)

    @property
    def share_better_shifts(self) -> float | None:
        return self.share(self.got_better_shifts, self.wanted_better_shifts)


def goal_figures(outcomes: Iterable[GoalOutcome | None]) -> GoalFigures:
    done = [o for o in outcomes if o is not None]
    counts: dict[str, int] = {k: 0 for k in GOAL_KIND_LABELS}
    for o in done:
        for k in set(o.kinds) & set(counts):
            counts[k] += 1
    return GoalFigures(
        wanted_more_hours=sum(o.wanted_more_hours for o in done),
        got_more_hours=sum(o.wanted_more_hours and o.more_hours for o in done),
        started_insecure=sum(o.started_insecure for o in done),
        moved_off_insecure=sum(o.moved_off_insecure for o in done),
        wanted_better_shifts=sum(o.wanted_better_shifts for o in done),
        got_better_shifts=sum(o.wanted_better_shifts and o.better_shifts for o in done),
        with_goal=len(done),
        kind_counts=counts,
    )


def help_by_barrier(
    offers: Iterable[tuple[int, HelpPoint]], order: Sequence[str] = ()
) -> list[BarrierHelp]:
    """Per barrier: workers offered help, items offered, taken up, not wanted. `offers` are
    (worker id, help point) pairs; barriers in `order` first, any others after."""
    workers: dict[str, set[int]] = defaultdict(set)
    items: dict[str, set[tuple[int, str]]] = defaultdict(set)
    taken: dict[str, int] = defaultdict(int)
    unwanted: dict[str, int] = defaultdict(int)
    for wid, h in offers:
        if (wid, h.item_id) in items[h.barrier]:
            continue
        workers[h.barrier].add(wid)
        items[h.barrier].add((wid, h.item_id))
        taken[h.barrier] += h.status == "taken_up"
        unwanted[h.barrier] += h.status == "not_wanted"
    keys = [b for b in order if b in items] + sorted(b for b in items if b not in order)
    return [BarrierHelp(b, len(workers[b]), len(items[b]), taken[b], unwanted[b]) for b in keys]
