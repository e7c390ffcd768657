"""Database reads for the coach app: what a coach may see, and the facts behind each page.

Scoping lives here, in one place: a coach sees the workers assigned to them, an admin sees all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from coach_web.caseload import (
    CaseloadRow,
    Flag,
    StoredFlag,
    derive_flags,
    derive_stage,
    pay_rise,
    pounds,
)
from coach_web.impact import BARRIER_ORDER, EarningsPoint, WorkerRecords
from coach_web.outcomes import (
    GoalRecord,
    HelpPoint,
    JobPoint,
    ProgressPoint,
    describe_goal,
    describe_progress,
    goal_outcome,
)
from db.models import (
    CheckIn,
    Coach,
    ConversationMessage,
    Course,
    CourseRun,
    EarningsRecord,
    FundingCheck,
    Goal,
    GoalProgress,
    HelpOffer,
    LearningPlanItem,
    Provider,
    Worker,
    WorkerFlag,
)
from web_security.access import visible_workers

UPCOMING_CHECKIN = ("due", "claimed")


def display_name(worker: Worker) -> str:
    return worker.first_name or f"Worker {worker.id}"


def earnings_points(worker: Worker) -> list[EarningsPoint]:
    return [
        EarningsPoint(
            e.recorded_at,
            e.source,
            e.hourly_pay_pence,
            e.weekly_hours,
            e.contract_type,
            e.job_title,
        )
        for e in worker.earnings
    ]


def _goal_record(goal: Goal) -> GoalRecord:
    return GoalRecord(
        goal.created_at,
        tuple(goal.kinds or ()),
        goal.baseline_hours,
        goal.baseline_contract,
        goal.baseline_shifts,
        goal.target_hours,
    )


def worker_flags(worker: Worker) -> list[Flag]:
    return derive_flags(
        stored=[
            StoredFlag(f.kind, f.detail, f.message_id, f.resolved_at is not None)
            for f in worker.flags
        ],
        checkins=[(c.due_at, c.status) for c in worker.checkins],
        funding_outcomes=[f.outcome for f in worker.funding_checks],
        plan_statuses=[p.status for p in worker.plan_items],
        earnings=earnings_points(worker),
    )


def worker_stage(worker: Worker) -> str:
    return derive_stage(
        worker_status=worker.status,
        has_goal=bool(worker.goals),
        plan_statuses=[p.status for p in worker.plan_items],
        had_pay_rise=pay_rise(earnings_points(worker)) is not None,
    )


def next_checkin(worker: Worker) -> datetime | None:
    upcoming = [c.due_at for c in worker.checkins if c.status in UPCOMING_CHECKIN]
    return min(upcoming) if upcoming else None


def load_caseload(session: Session, coach: Coach) -> list[CaseloadRow]:
    """Every visible worker with stage and flags, read as plain rows (no ORM objects): a busy
    service's caseload stays quick to load."""
    ids = visible_workers(coach).with_only_columns(Worker.id).scalar_subquery()
    workers = session.execute(
        select(
            Worker.id,
            Worker.first_name,
            Worker.postcode_district,
            Worker.status,
            Worker.last_contact_at,
            Coach.name,
        )
        .outerjoin(Coach, Coach.id == Worker.coach_id)
        .where(Worker.id.in_(ids))
    ).all()

    def grouped(stmt: Select[Any]) -> dict[int, list[Any]]:
        out: dict[int, list[Any]] = defaultdict(list)
        for row in session.execute(stmt):
            out[row[0]].append(row[1:])
        return out

    earnings = grouped(
        select(
            EarningsRecord.worker_id,
            EarningsRecord.recorded_at,
            EarningsRecord.source,
            EarningsRecord.hourly_pay_pence,
            EarningsRecord.weekly_hours,
        ).where(EarningsRecord.worker_id.in_(ids))
    )
    goals = grouped(select(Goal.worker_id, Goal.id).where(Goal.worker_id.in_(ids)))
    plans = grouped(
        select(LearningPlanItem.worker_id, LearningPlanItem.status).where(
            LearningPlanItem.worker_id.in_(ids)
        )
    )
    funding = grouped(
        select(FundingCheck.worker_id, FundingCheck.outcome).where(FundingCheck.worker_id.in_(ids))
    )
    checkins = grouped(
        select(CheckIn.worker_id, CheckIn.due_at, CheckIn.status).where(CheckIn.worker_id.in_(ids))
    )
    flags = grouped(
        select(
            WorkerFlag.worker_id, WorkerFlag.kind, WorkerFlag.detail, WorkerFlag.message_id
        ).where(WorkerFlag.worker_id.in_(ids), WorkerFlag.resolved_at.is_(None))
    )
    last_in = {
        wid: _aware(at)
        for wid, at in session.execute(
            select(ConversationMessage.worker_id, func.max(ConversationMessage.created_at))
            .where(ConversationMessage.worker_id.in_(ids), ConversationMessage.direction == "in")
            .group_by(ConversationMessage.worker_id)
        )
        if at is not None
    }
    out = []
    for wid, first_name, district, status, last_contact, coach_name in workers:
        points = [EarningsPoint(*e) for e in earnings.get(wid, [])]
        statuses = [p[0] for p in plans.get(wid, [])]
        its_checkins = [(due, st) for due, st in checkins.get(wid, [])]
        upcoming = [due for due, st in its_checkins if st in UPCOMING_CHECKIN]
        contacts = [t for t in (last_contact, last_in.get(wid)) if t is not None]
        out.append(
            CaseloadRow(
                worker_id=wid,
                name=first_name or f"Worker {wid}",
                postcode_district=district,
                status=status,
                stage=derive_stage(
                    worker_status=status,
                    has_goal=bool(goals.get(wid)),
                    plan_statuses=statuses,
                    had_pay_rise=pay_rise(points) is not None,
                ),
                last_contact_at=max(contacts) if contacts else None,
                next_checkin_at=min(upcoming) if upcoming else None,
                coach_name=coach_name,
                flags=derive_flags(
                    stored=[StoredFlag(k, d, m) for k, d, m in flags.get(wid, [])],
                    checkins=its_checkins,
                    funding_outcomes=[f[0] for f in funding.get(wid, [])],
                    plan_statuses=statuses,
                    earnings=points,
                ),
            )
        )
    return out


def _aware(value: Any) -> datetime:
    """Aggregates can bypass the UTC column type (SQLite returns text): make them aware UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


# --- worker page -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SummaryPoint:
    topic: str
    text: str
    message_id: int | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class PlanLine:
    course_name: str
    provider_name: str
    start: str
    status: str
    message_id: int | None


def _hours(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f} hours a week"


def _pay_text(record: EarningsRecord) -> str:
    bits = [f"{pounds(record.hourly_pay_pence)} an hour"] if record.hourly_pay_pence else []
    if record.weekly_hours is not None:
        bits.append(_hours(record.weekly_hours))
    if record.job_title:
        bits.append(record.job_title)
    if record.contract_type:
        bits.append(record.contract_type.replace("_", " "))
    return (", ".join(bits) or "No pay details") + "."


def _plan_lines(session: Session, worker: Worker) -> list[PlanLine]:
    if not worker.plan_items:
        return []
    run_ids = [p.course_run_id for p in worker.plan_items]
    rows = session.execute(
        select(
            CourseRun.id,
            Course.course_name,
            Provider.name,
            CourseRun.start_date,
            CourseRun.flexible_start,
        )
        .join(Course, Course.id == CourseRun.course_id)
        .join(Provider, Provider.id == CourseRun.provider_id)
        .where(CourseRun.id.in_(run_ids))
    ).all()
    info = {r[0]: r[1:] for r in rows}
    lines = []
    for item in sorted(worker.plan_items, key=lambda p: p.created_at):
        missing = ("A course", "", None, False)
        name, provider, start, flexible = info.get(item.course_run_id, missing)
        when = "flexible start" if flexible else (start.strftime("%d %b %Y") if start else "")
        lines.append(PlanLine(name, provider, when, item.status, item.message_id))
    return lines


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    return str(value).replace("_", " ")


def build_summary(
    session: Session, worker: Worker, messages: Sequence[ConversationMessage]
) -> tuple[list[SummaryPoint], list[PlanLine]]:
    """The worker's story from the recorded facts, each with the message it came from."""
    points: list[SummaryPoint] = []
    if worker.goals:
        goal = max(worker.goals, key=lambda g: g.created_at)
        if goal.not_sure and not goal.target_role:
            text = "Not sure yet what job they want next."
        else:
            text = f"Wants to work as {goal.target_role or 'something new'}"
            if goal.target_sector:
                text += f" ({goal.target_sector})"
            if goal.target_hourly_pence:
                text += f", aiming for {pounds(goal.target_hourly_pence)} an hour"
            text += "."
        wants = [k for k in goal.kinds or () if k != "pay"]
        if goal.kinds and "pay" not in goal.kinds and not goal.target_role:
            text = ""  # a goal about hours, contract or shifts: no job or pay aim to show
        if text:
            points.append(SummaryPoint("Goal", text, goal.message_id, goal.created_at))
        outcome = goal_outcome(
            _goal_record(goal),
            [
                JobPoint(e.recorded_at, e.source, e.weekly_hours, e.contract_type)
                for e in worker.earnings
            ],
            [ProgressPoint(p.recorded_at, p.kind, p.value, p.hours) for p in worker.goal_progress],
        )
        if outcome is not None and goal.kinds:
            points.append(
                SummaryPoint("Wants", describe_goal(outcome), goal.message_id, goal.created_at)
            )
        if outcome is not None and (wants or outcome.started_insecure):
            last = worker.goal_progress[-1] if worker.goal_progress else None
            for line in describe_progress(outcome):
                points.append(
                    SummaryPoint(
                        "Progress",
                        line,
                        last.message_id if last else None,
                        last.recorded_at if last else None,
                    )
                )
        if goal.barriers:
            points.append(
                SummaryPoint(
                    "Barriers", _plain(goal.barriers) + ".", goal.message_id, goal.created_at
                )
            )
    if worker.earnings:  # ordered by recorded_at
        baseline = next((e for e in worker.earnings if e.source == "baseline"), None)
        latest = worker.earnings[-1]
        shown = [baseline, latest] if baseline is not None and baseline is not latest else [latest]
        for record in shown:
            label = "Pay at start" if record is baseline else "Pay now"
            points.append(
                SummaryPoint(label, _pay_text(record), record.message_id, record.recorded_at)
            )
    plan = _plan_lines(session, worker)
    for item in plan:
        text = f"{item.course_name}"
        if item.provider_name:
            text += f" at {item.provider_name}"
        if item.start:
            text += f" ({item.start})"
        text += f": {item.status}."
        points.append(SummaryPoint("Plan", text, item.message_id))
    if worker.funding_checks:
        check = max(worker.funding_checks, key=lambda f: f.created_at)
        text = f"{check.outcome.replace('_', ' ').capitalize()} (rules year {check.rules_year})"
        if check.reasons:
            text += ": " + " ".join(_plain(r) for r in check.reasons[:3])
        points.append(SummaryPoint("Funding", text, check.message_id, check.created_at))
    answered = [(c.answered_at, c) for c in worker.checkins if c.status == "answered"]
    answered_at = [(when, c) for when, c in answered if when]
    if answered_at:
        last_checkin = max(answered_at, key=lambda pair: pair[0])[1]
        text = _plain(last_checkin.answers) if last_checkin.answers else "Answered."
        points.append(
            SummaryPoint(
                "Latest check-in",
                text,
                _message_near(messages, last_checkin.answered_at),
                last_checkin.answered_at,
            )
        )
    return points, plan


@dataclass(frozen=True)
class HelpLine:
    offer_id: int
    barrier: str
    item_id: str
    text: str
    offered_at: datetime
    times_offered: int
    status: str
    status_at: datetime | None
    message_id: int | None


def help_lines(worker: Worker, item_texts: dict[str, str]) -> list[HelpLine]:
    """The help the bot showed this worker, first offered first, with what the coach marked."""
    return [
        HelpLine(
            h.id,
            h.barrier,
            h.item_id,
            item_texts.get(h.item_id, h.item_id.replace("_", " ")),
            h.offered_at,
            h.times_offered,
            h.status,
            h.status_at,
            h.message_id,
        )
        for h in sorted(
            worker.help_offers,
            key=lambda h: (
                h.offered_at,
                BARRIER_ORDER.index(h.barrier) if h.barrier in BARRIER_ORDER else 99,
                h.id,
            ),
        )
    ]


def _message_near(messages: Sequence[ConversationMessage], at: datetime | None) -> int | None:
    """Check-ins keep no message id: link the worker's last message up to the answer time."""
    if at is None:
        return None
    before = [m for m in messages if m.direction == "in" and m.created_at <= at]
    return before[-1].id if before else None


def transcript(session: Session, worker: Worker) -> list[ConversationMessage]:
    return list(
        session.scalars(
            select(ConversationMessage)
            .where(ConversationMessage.worker_id == worker.id)
            .order_by(ConversationMessage.created_at, ConversationMessage.id)
        )
    )


def impact_records(session: Session, coach: Coach) -> list[WorkerRecords]:
    """Plain records for coach_web.impact, read as rows (no ORM objects)."""
    ids = visible_workers(coach).with_only_columns(Worker.id).scalar_subquery()
    earnings: dict[int, list[EarningsPoint]] = defaultdict(list)
    for wid, *rest in session.execute(
        select(
            EarningsRecord.worker_id,
            EarningsRecord.recorded_at,
            EarningsRecord.source,
            EarningsRecord.hourly_pay_pence,
            EarningsRecord.weekly_hours,
            EarningsRecord.contract_type,
            EarningsRecord.job_title,
        ).where(EarningsRecord.worker_id.in_(ids))
    ):
        earnings[wid].append(EarningsPoint(*rest))
    goals: dict[int, GoalRecord] = {}
    for wid, *rest in session.execute(
        select(
            Goal.worker_id,
            Goal.created_at,
            Goal.kinds,
            Goal.baseline_hours,
            Goal.baseline_contract,
            Goal.baseline_shifts,
            Goal.target_hours,
        )
        .where(Goal.worker_id.in_(ids))
        .order_by(Goal.created_at, Goal.id)
    ):
        created, kinds, *baseline = rest
        goals[wid] = GoalRecord(created, tuple(kinds or ()), *baseline)  # the latest wins
    progress: dict[int, list[ProgressPoint]] = defaultdict(list)
    for wid, *rest in session.execute(
        select(
            GoalProgress.worker_id,
            GoalProgress.recorded_at,
            GoalProgress.kind,
            GoalProgress.value,
            GoalProgress.hours,
        ).where(GoalProgress.worker_id.in_(ids))
    ):
        progress[wid].append(ProgressPoint(*rest))
    helped: dict[int, list[HelpPoint]] = defaultdict(list)
    for wid, *rest in session.execute(
        select(HelpOffer.worker_id, HelpOffer.barrier, HelpOffer.item_id, HelpOffer.status).where(
            HelpOffer.worker_id.in_(ids)
        )
    ):
        helped[wid].append(HelpPoint(*rest))
    plans: dict[int, list[str]] = defaultdict(list)
    for wid, status in session.execute(
        select(LearningPlanItem.worker_id, LearningPlanItem.status).where(
            LearningPlanItem.worker_id.in_(ids)
        )
    ):
        plans[wid].append(status)
    workers = session.execute(
        select(Worker.id, Worker.postcode_district, Worker.first_name)
        .where(Worker.id.in_(ids))
        .order_by(Worker.id)
    )
    return [
        WorkerRecords(
            worker_id=wid,
            postcode_district=district,
            earnings=earnings.get(wid, []),
            plan_statuses=plans.get(wid, []),
            first_name=first_name,
            goal=goals.get(wid),
            progress=progress.get(wid, []),
            help=helped.get(wid, []),
        )
        for wid, district, first_name in workers
    ]


def upcoming_checkin(session: Session, worker: Worker) -> CheckIn | None:
    return session.scalar(
        select(CheckIn)
        .where(CheckIn.worker_id == worker.id, CheckIn.status.in_(UPCOMING_CHECKIN))
        .order_by(CheckIn.due_at)
        .limit(1)
    )
