"""Database reads for the coach app: what a coach may see, and the facts behind each page.

Scoping lives here, in one place: a coach sees the workers assigned to them, an admin sees all.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy import Select, Text, cast, func, literal, select
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
from coach_web.impact import (
    BARRIER_ORDER,
    EarningsPoint,
    ImpactReport,
    StartedJob,
    WorkerOutcome,
    WorkerRecords,
    summarise,
    worker_outcome,
)
from coach_web.outcomes import (
    GOAL_KIND_LABELS,
    BarrierHelp,
    GoalFigures,
    GoalOutcome,
    GoalRecord,
    HelpPoint,
    JobPoint,
    ProgressPoint,
    describe_goal,
    describe_progress,
    goal_outcome,
    help_by_barrier,
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
    VacancyApplication,
    Worker,
    WorkerFlag,
    WorkerSummary,
)
from web_security.access import visible_workers

UPCOMING_CHECKIN = ("due", "claimed")
# an application still going (jobs.applications.OPEN_STATUSES; front ends do not import jobs)
OPEN_APPLICATION_STATUSES = ("saved", "applied", "interview", "offer")


def _goal_figures(flags: Sequence[Any], kinds: Sequence[Any]) -> GoalFigures:
    """The seven goal counts (in GoalFigures' field order) and the count per goal kind."""
    c = [int(f or 0) for f in flags[:7]]
    return GoalFigures(
        wanted_more_hours=c[0],
        got_more_hours=c[1],
        started_insecure=c[2],
        moved_off_insecure=c[3],
        wanted_better_shifts=c[4],
        got_better_shifts=c[5],
        with_goal=c[6],
        kind_counts=dict(zip(GOAL_KIND_LABELS, (int(k or 0) for k in kinds), strict=True)),
    )


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
    """Every visible worker with stage and flags, worked out from their records. The caseload
    page reads coach_web.summaries instead; this is the reference it must agree with."""
    return caseload_rows(session, visible_workers(coach).with_only_columns(Worker.id))


def caseload_rows(session: Session, worker_ids: Select[Any] | Sequence[int]) -> list[CaseloadRow]:
    """Stage and flags of the given workers, read as plain rows (no ORM objects), one query per
    kind of record for all of them at once."""
    ids: Any = worker_ids.scalar_subquery() if isinstance(worker_ids, Select) else list(worker_ids)
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
    open_apps: dict[int, int] = {
        wid: n
        for wid, n in session.execute(
            select(VacancyApplication.worker_id, func.count())
            .where(
                VacancyApplication.worker_id.in_(ids),
                VacancyApplication.status.in_(OPEN_APPLICATION_STATUSES),
            )
            .group_by(VacancyApplication.worker_id)
        )
    }
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
                open_applications=int(open_apps.get(wid, 0)),
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


def _goal_text(goal: Goal) -> str:
    """The goal line: the job and pay aimed for, or "not sure"; empty for a goal only about
    hours, contract or shifts (those have their own "Wants" and "Progress" lines)."""
    if goal.kinds and "pay" not in goal.kinds and not goal.target_role:
        return ""
    if goal.not_sure and not goal.target_role:
        return "Not sure yet what job they want next."
    text = f"Wants to work as {goal.target_role or 'something new'}"
    if goal.target_sector:
        text += f" ({goal.target_sector})"
    if goal.target_hourly_pence:
        text += f", aiming for {pounds(goal.target_hourly_pence)} an hour"
    return text + "."


def _goal_outcome_points(worker: Worker, goal: Goal) -> list[SummaryPoint]:
    """What the worker wants most and their progress on it (coach_web.outcomes), so a coach
    sees goals that are not only pay; progress lines link to the latest progress answer."""
    outcome = goal_outcome(
        _goal_record(goal),
        [
            JobPoint(e.recorded_at, e.source, e.weekly_hours, e.contract_type)
            for e in worker.earnings
        ],
        [ProgressPoint(p.recorded_at, p.kind, p.value, p.hours) for p in worker.goal_progress],
    )
    if outcome is None:
        return []
    points = []
    if goal.kinds:
        points.append(
            SummaryPoint("Wants", describe_goal(outcome), goal.message_id, goal.created_at)
        )
    wants = [k for k in goal.kinds or () if k != "pay"]
    if wants or outcome.started_insecure:
        last = worker.goal_progress[-1] if worker.goal_progress else None
        message_id, recorded_at = (last.message_id, last.recorded_at) if last else (None, None)
        points += [
            SummaryPoint("Progress", line, message_id, recorded_at)
            for line in describe_progress(outcome)
        ]
    return points


def _goal_points(worker: Worker) -> list[SummaryPoint]:
    """The latest goal: the aim, what they want most, progress, and the barriers they named."""
    if not worker.goals:
        return []
    goal = max(worker.goals, key=lambda g: g.created_at)
    points = []
    text = _goal_text(goal)
    if text:
        points.append(SummaryPoint("Goal", text, goal.message_id, goal.created_at))
    points += _goal_outcome_points(worker, goal)
    if goal.barriers:
        barriers = _plain(goal.barriers) + "."
        points.append(SummaryPoint("Barriers", barriers, goal.message_id, goal.created_at))
    return points


def _pay_points(worker: Worker) -> list[SummaryPoint]:
    """Pay at the start (the first baseline) and now (the latest record), or one line when
    they are the same record."""
    if not worker.earnings:  # ordered by recorded_at
        return []
    baseline = next((e for e in worker.earnings if e.source == "baseline"), None)
    latest = worker.earnings[-1]
    shown = [baseline, latest] if baseline is not None and baseline is not latest else [latest]
    return [
        SummaryPoint(
            "Pay at start" if record is baseline else "Pay now",
            _pay_text(record),
            record.message_id,
            record.recorded_at,
        )
        for record in shown
    ]


def _plan_text(item: PlanLine) -> str:
    """One plan line: "Course at Provider (start): status."; parts not known are left out."""
    text = f"{item.course_name}"
    if item.provider_name:
        text += f" at {item.provider_name}"
    if item.start:
        text += f" ({item.start})"
    return text + f": {item.status}."


def _funding_points(worker: Worker) -> list[SummaryPoint]:
    """The latest funding check's outcome and its first three reasons."""
    if not worker.funding_checks:
        return []
    check = max(worker.funding_checks, key=lambda f: f.created_at)
    text = f"{check.outcome.replace('_', ' ').capitalize()} (rules year {check.rules_year})"
    if check.reasons:
        text += ": " + " ".join(_plain(r) for r in check.reasons[:3])
    return [SummaryPoint("Funding", text, check.message_id, check.created_at)]


def _checkin_points(
    session: Session, worker: Worker, messages: Sequence[ConversationMessage]
) -> list[SummaryPoint]:
    """The latest answered check-in, linked to the message nearest its answer."""
    answered = [(c.answered_at, c) for c in worker.checkins if c.status == "answered"]
    answered_at = [(when, c) for when, c in answered if when]
    if not answered_at:
        return []
    last_checkin = max(answered_at, key=lambda pair: pair[0])[1]
    text = _plain(last_checkin.answers) if last_checkin.answers else "Answered."
    message_id = _message_near(session, worker, messages, last_checkin.answered_at)
    return [SummaryPoint("Latest check-in", text, message_id, last_checkin.answered_at)]


def build_summary(
    session: Session, worker: Worker, messages: Sequence[ConversationMessage]
) -> tuple[list[SummaryPoint], list[PlanLine]]:
    """The worker's story from the recorded facts, each with the message it came from."""
    points = _goal_points(worker) + _pay_points(worker)
    plan = _plan_lines(session, worker)  # read in this order, as the page always has
    points += [SummaryPoint("Plan", _plan_text(item), item.message_id) for item in plan]
    points += _funding_points(worker) + _checkin_points(session, worker, messages)
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


def _message_near(
    session: Session,
    worker: Worker,
    messages: Sequence[ConversationMessage],
    at: datetime | None,
) -> int | None:
    """Check-ins keep no message id: link the worker's last message up to the answer time
    (from the messages shown, else one indexed look-up for an older one)."""
    if at is None:
        return None
    before = [m for m in messages if m.direction == "in" and m.created_at <= at]
    if before:
        return before[-1].id
    M = ConversationMessage
    return session.scalar(
        select(M.id)
        .where(M.worker_id == worker.id, M.direction == "in", M.created_at <= at)
        .order_by(M.created_at.desc(), M.id.desc())
        .limit(1)
    )


def transcript(
    session: Session, worker: Worker, limit: int | None = None
) -> list[ConversationMessage]:
    """The worker's messages, oldest first; with `limit`, only the latest `limit` of them
    (read newest first through the (worker_id, created_at) index, so months of messages cost
    the same as a week's)."""
    M = ConversationMessage
    if limit is None:
        return list(
            session.scalars(select(M).where(M.worker_id == worker.id).order_by(M.created_at, M.id))
        )
    latest = session.scalars(
        select(M)
        .where(M.worker_id == worker.id)
        .order_by(M.created_at.desc(), M.id.desc())
        .limit(limit)
    )
    return list(reversed(list(latest)))


def message_count_and_last_in(session: Session, worker: Worker) -> tuple[int, datetime | None]:
    """How many messages the worker's transcript has, and when they last wrote."""
    M = ConversationMessage
    count, last_in = session.execute(
        select(func.count(), func.max(M.created_at).filter(M.direction == "in")).where(
            M.worker_id == worker.id
        )
    ).one()
    return int(count or 0), (_aware(last_in) if last_in is not None else None)


def own_message_ids(session: Session, worker: Worker, ids: set[int]) -> set[int]:
    """Which of these message ids are the worker's (facts link to their messages)."""
    if not ids:
        return set()
    M = ConversationMessage
    return set(session.scalars(select(M.id).where(M.worker_id == worker.id, M.id.in_(ids))))


def impact_records(session: Session, coach: Coach) -> list[WorkerRecords]:
    """Plain records for coach_web.impact, read as rows (no ORM objects). The impact page
    reads the outcomes kept in coach_web.summaries instead; this is the reference."""
    return impact_records_for(session, visible_workers(coach).with_only_columns(Worker.id))


def impact_records_for(
    session: Session, worker_ids: Select[Any] | Sequence[int]
) -> list[WorkerRecords]:
    """coach_web.impact's records for the given workers (a query of ids, or the ids)."""
    ids: Any = worker_ids.scalar_subquery() if isinstance(worker_ids, Select) else list(worker_ids)
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
    started: dict[int, list[StartedJob]] = defaultdict(list)
    A = VacancyApplication
    for wid, *rest in session.execute(
        select(A.worker_id, A.started_at, A.job_title, A.hourly_pay_pence).where(
            A.worker_id.in_(ids), A.status == "started", A.started_at.is_not(None)
        )
    ):
        started[wid].append(StartedJob(*rest))
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
            started_jobs=started.get(wid, []),
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


# --- the caseload and impact pages at scale: read worker_summaries (coach_web.summaries) ------
PAGE_SIZE = 50
MAX_PAGE = 100_000


@dataclass(frozen=True)
class CaseloadPage:
    rows: list[CaseloadRow]
    total: int  # workers the coach may see
    needing: int  # of those, with a flag that needs the coach
    matching: int  # after search and filters
    page: int
    pages: int
    preparing: int = 0  # visible workers whose summary is not worked out yet


def flags_from(data: list[Any] | None) -> list[Flag]:
    return [Flag(**f) for f in data or []]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# caseload.SORTS -> the summary columns of its index, in order; every sort ends with the worker id
_S = WorkerSummary
SORT_ORDER: dict[str, tuple[Any, ...]] = {
    "name": (_S.sort_name, _S.worker_id),
    "last_contact": (_S.contact_key, _S.worker_id),
    "next_checkin": (_S.checkin_key, _S.worker_id),
    "stage": (_S.stage_rank, _S.sort_name, _S.worker_id),
}
ATTENTION_ORDER: tuple[Any, ...] = (_S.attention_key, _S.contact_key, _S.worker_id)
# caseload.JOB_FILTERS -> the condition on the summary
JOB_CONDITIONS: dict[str, Any] = {
    "open": _S.open_applications > 0,
    "moved": _S.moved_job.is_(True),
}


def _flag_condition(flag: str) -> Any:
    """ "any" is a flag that needs the coach (attention_key = -attention < 0); a kind is found
    in `flag_kinds`, stored as "|kind|kind|"."""
    if flag == "any":
        return _S.attention_key < 0
    return _S.flag_kinds.like(f"%|{_like_escape(flag)}|%", escape="\\")


def _search_condition(q: str) -> Any:
    """A name containing the text, or a postcode district starting with it (spaces ignored)."""
    in_name = _S.sort_name.like(f"%{_like_escape(q.casefold())}%", escape="\\")
    district = "".join(q.split()).upper()
    return in_name | _S.district_key.like(f"{_like_escape(district)}%", escape="\\")


def _filtered(scoped: Select[Any], *, stage: str, flag: str, jobs: str, q: str) -> Select[Any]:
    """The scoped summaries narrowed by the page's filters, in the order the page always added
    them; with no filter it is `scoped` itself, which caseload_page checks by identity."""
    conditions = [
        _S.stage == stage if stage else None,
        _flag_condition(flag) if flag else None,
        JOB_CONDITIONS.get(jobs),
        _search_condition(q) if q else None,
    ]
    filtered = scoped
    for condition in conditions:
        if condition is not None:
            filtered = filtered.where(condition)
    return filtered


def _page_ids(
    session: Session,
    filtered: Select[Any],
    order: tuple[Any, ...],
    *,
    walk_count: int | None,
    page_size: int,
    number: int,
) -> list[tuple[int, int]]:
    """(worker id, matching count) of one page; the count rides along when filtered.

    `walk_count` (the admin's whole unfiltered caseload): walk the sort's index to the page
    and pass the count already known. Otherwise (a coach's workers, or a search) pick the
    matching rows first, then sort those few: left to itself PostgreSQL may walk the whole
    sort index instead, checking every worker on the way (a second and more at 50,000)."""
    if walk_count is not None:
        stmt = filtered.with_only_columns(_S.worker_id, literal(walk_count)).order_by(*order)
    else:
        keys = [c.label(f"k{i}") for i, c in enumerate(order)]
        picked = filtered.with_only_columns(*keys).cte("picked").prefix_with("MATERIALIZED")
        worker_id = picked.c[f"k{len(order) - 1}"]  # every sort ends with the worker id
        stmt = select(worker_id, func.count().over()).order_by(*picked.c)
    return [
        (int(wid), int(n))
        for wid, n in session.execute(stmt.limit(page_size).offset((number - 1) * page_size))
    ]


def _last_page(matching: int, page_size: int) -> int:
    """The number of pages for `matching` rows: at least one, so an empty caseload has page 1."""
    return max(1, -(-matching // page_size))


def _caseload_rows(session: Session, ids: list[int]) -> list[CaseloadRow]:
    """The rows shown, in the order of `ids`: one read of the page's summaries and workers."""
    if not ids:
        return []
    S, W = WorkerSummary, Worker
    details = {
        row[0]: row
        for row in session.execute(
            select(
                S.worker_id,
                W.first_name,
                W.postcode_district,
                W.status,
                S.stage,
                S.last_contact_at,
                S.next_checkin_at,
                Coach.name,
                S.flags,
                S.open_applications,
                S.moved_job,
            )
            .join(W, W.id == S.worker_id)
            .outerjoin(Coach, Coach.id == W.coach_id)
            .where(S.worker_id.in_(ids))
        )
    }
    rows = []
    for wid in ids:
        _, first_name, district_, status, stage_, last, nxt, coach_name, flags, n_open, moved = (
            details[wid]
        )
        rows.append(
            CaseloadRow(
                worker_id=wid,
                name=first_name or f"Worker {wid}",
                postcode_district=district_,
                status=status,
                stage=stage_,
                last_contact_at=last,
                next_checkin_at=nxt,
                coach_name=coach_name,
                flags=flags_from(flags),
                open_applications=int(n_open or 0),
                moved_job=bool(moved),
            )
        )
    return rows


def caseload_page(
    session: Session,
    coach: Coach,
    *,
    q: str = "",
    stage: str = "",
    flag: str = "",
    jobs: str = "",
    sort: str = "attention",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> CaseloadPage:
    """One page of the caseload, searched, filtered and sorted in SQL over worker_summaries
    with the same meaning as caseload.filter_rows and caseload.sort_rows. Scope (whose workers)
    comes from `workers.coach_id` itself, never from a summary.

    Two steps, so a deep page stays cheap: the page's worker ids from the summaries' sort index
    (joined to `workers` only when the scope or the search needs it), then the 50 rows shown."""
    S, W = WorkerSummary, Worker
    admin = coach.role == "admin"
    scoped = select(S.worker_id) if admin else select(S.worker_id).join(W, W.id == S.worker_id)
    visible = select(func.count()).select_from(W)
    if not admin:
        scoped = scoped.where(W.coach_id == coach.id)
        visible = visible.where(W.coach_id == coach.id)
    total_visible = int(session.scalar(visible) or 0)
    # attention_key = -attention: the attention index answers both counts on its own
    summarised, needing = (
        int(n or 0)
        for n in session.execute(
            scoped.with_only_columns(func.count(), func.count().filter(S.attention_key < 0))
        ).one()
    )
    filtered = _filtered(scoped, stage=stage, flag=flag, jobs=jobs, q=q.strip())
    unfiltered = filtered is scoped
    ids_on = partial(
        _page_ids,
        session,
        filtered,
        SORT_ORDER.get(sort, ATTENTION_ORDER),
        walk_count=summarised if admin and unfiltered else None,
        page_size=page_size,
    )
    page = min(max(1, page), MAX_PAGE)
    if unfiltered:
        matching = summarised
        page = min(page, _last_page(matching, page_size))
        found = ids_on(number=page)
    else:
        found = ids_on(number=page)
        matching = found[0][1] if found else _count(session, filtered)
        if not found:  # past the end (or nothing matches): the last page
            page = min(page, _last_page(matching, page_size))
            found = ids_on(number=page) if matching else []
    return CaseloadPage(
        rows=_caseload_rows(session, [wid for wid, _ in found]),
        total=total_visible,
        needing=needing,
        matching=matching,
        page=page,
        pages=_last_page(matching, page_size),
        preparing=max(0, total_visible - summarised),
    )


def _count(session: Session, filtered: Select[Any]) -> int:
    return int(session.scalar(filtered.with_only_columns(func.count())) or 0)


OUTCOME_FIELDS = tuple(f.name for f in fields(WorkerOutcome))


GOAL_FIELDS = tuple(f.name for f in fields(GoalOutcome))
GOAL_DECIMALS = frozenset(f.name for f in fields(GoalOutcome) if "Decimal" in str(f.type))


def _json_ready(value: Any) -> Any:
    """JSON-ready: Decimals as text (exact), tuples as lists, a dataclass as its values."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    if is_dataclass(value) and not isinstance(value, type):
        return [_json_ready(getattr(value, f.name)) for f in fields(value)]
    return value


def outcome_values(outcome: WorkerOutcome) -> list[Any]:
    """An outcome as it is kept: its values in field order, the goal outcome as its own values
    (the summary version says which fields, so the names need not be stored 50,000 times)."""
    return [_json_ready(getattr(outcome, name)) for name in OUTCOME_FIELDS]


def _goal_from(values: list[Any] | None) -> GoalOutcome | None:
    if values is None:
        return None
    kept = dict(zip(GOAL_FIELDS, values, strict=True))
    for name in GOAL_DECIMALS:
        if kept[name] is not None:
            kept[name] = Decimal(kept[name])
    kept["kinds"] = tuple(kept["kinds"])
    return GoalOutcome(**kept)


def _kept_outcome(values: list[Any]) -> WorkerOutcome:
    """A WorkerOutcome from its kept values without the frozen dataclass's per-field
    __setattr__ round trips (a fifth of the impact report's time at 50,000 workers)."""
    kept = dict(zip(OUTCOME_FIELDS, values, strict=True))
    kept["goal"] = _goal_from(kept.get("goal"))
    outcome = object.__new__(WorkerOutcome)
    outcome.__dict__.update(kept)
    return outcome


def _outcome(data: list[Any] | None, version: str | None, current: str) -> WorkerOutcome | None:
    """A kept outcome, or None when it has to be worked out again (missing or outdated)."""
    if not data or version != current or len(data) != len(OUTCOME_FIELDS):
        return None
    return _kept_outcome(data)


def impact_help(session: Session, coach: Coach) -> list[BarrierHelp]:
    """Help offered per barrier over the coach's scope (help offers are few: read them)."""
    H = HelpOffer
    stmt = select(H.worker_id, H.barrier, H.item_id, H.status)
    if coach.role != "admin":
        stmt = stmt.join(Worker, Worker.id == H.worker_id).where(Worker.coach_id == coach.id)
    offers = (
        (wid, HelpPoint(barrier, item, status))
        for wid, barrier, item, status in session.execute(stmt)
    )
    return help_by_barrier(offers, BARRIER_ORDER)


def impact_outcomes(session: Session, coach: Coach, current_version: str) -> list[WorkerOutcome]:
    """Every visible worker's impact outcome (by worker id): the kept ones from
    worker_summaries, and, for a worker whose summary is missing or outdated, worked out now
    from their records.

    The kept ones come back as one aggregated JSON text (string_agg / group_concat) parsed in
    one go: 50,000 outcomes as 50,000 result rows cost about a second in the database driver
    alone, as one text about 50 ms."""
    S, W = WorkerSummary, Worker
    kept_here = (S.version == current_version) & S.outcome.is_not(None)
    joined = select(S.worker_id).join(W, W.id == S.worker_id).where(kept_here)
    if coach.role != "admin":
        joined = joined.where(W.coach_id == coach.id)
    text_of = cast(S.outcome, Text)
    if session.get_bind().dialect.name == "postgresql":
        blob_of = func.string_agg(text_of, literal(","))
    else:
        blob_of = func.group_concat(text_of, ",")
    blob = session.scalar(joined.with_only_columns(blob_of))
    outcomes = [_kept_outcome(values) for values in json.loads(f"[{blob or ''}]")]
    visible = select(func.count()).select_from(W)
    if coach.role != "admin":
        visible = visible.where(W.coach_id == coach.id)
    redo: list[int] = []
    if session.scalar(visible) != len(outcomes):  # some summaries missing or outdated
        stale = (
            visible_workers(coach)
            .with_only_columns(Worker.id)
            .outerjoin(S, S.worker_id == Worker.id)
        )
        redo = list(session.scalars(stale.where(~kept_here | S.worker_id.is_(None))))
    for start in range(0, len(redo), 1000):
        outcomes += [
            worker_outcome(r) for r in impact_records_for(session, redo[start : start + 1000])
        ]
    outcomes.sort(key=lambda o: o.worker_id)
    return outcomes


def impact_report(session: Session, coach: Coach, current_version: str) -> ImpactReport:
    """The impact report for the coach's scope. On PostgreSQL the figures are aggregated in
    the database from the kept outcomes (`impact_report_in_sql`); on SQLite, or while some
    summaries are missing or outdated, from the outcomes in Python (`summarise`). Either way
    the same figures (a test compares them)."""
    if session.get_bind().dialect.name == "postgresql":
        report = impact_report_in_sql(session, coach, current_version)
        if report is not None:
            return report
    return summarise(impact_outcomes(session, coach, current_version), impact_help(session, coach))


def impact_report_in_sql(
    session: Session, coach: Coach, current_version: str
) -> ImpactReport | None:
    """coach_web.impact.summarise as one PostgreSQL aggregate over the outcome measures kept
    as columns in worker_summaries: 50,000 workers in tens of milliseconds, with no row
    leaving the database. None when a visible worker's summary is missing or outdated (the
    caller then works in Python, from the records where needed). Medians are
    percentile_cont(0.5): the middle value, or the mean of the two middle ones, as
    statistics.median."""
    S, W = WorkerSummary, Worker

    def median(value: Any, where: Any) -> Any:
        return func.percentile_cont(0.5).within_group(value).filter(where)

    hourly, weekly = S.hourly_change_pct.is_not(None), S.weekly_change_pct.is_not(None)
    move_known = (
        S.moved_job.is_(True)
        & S.job_move_before_pence.is_not(None)
        & S.job_move_after_pence.is_not(None)
    )
    move_change = S.job_move_after_pence - S.job_move_before_pence
    with_baseline = S.baseline_hourly_pence.is_not(None) & (S.baseline_hourly_pence != 0)
    goal_counts = [
        func.count().filter(S.goal_kinds.like(f"%|{kind}|%")) for kind in GOAL_KIND_LABELS
    ]
    goal_flags = [
        func.count().filter(S.wanted_more_hours.is_(True)),
        func.count().filter(S.wanted_more_hours.is_(True) & S.more_hours.is_(True)),
        func.count().filter(S.started_insecure.is_(True)),
        func.count().filter(S.moved_off_insecure.is_(True)),
        func.count().filter(S.wanted_better_shifts.is_(True)),
        func.count().filter(S.wanted_better_shifts.is_(True) & S.better_shifts.is_(True)),
        func.count().filter(S.goal_kinds.is_not(None)),
        func.count().filter(with_baseline & S.improved.is_(True)),
    ]
    stmt = (
        select(
            *goal_flags,
            *goal_counts,
            func.count(),
            func.count().filter(S.version != current_version),
            func.count().filter(with_baseline),
            func.count().filter(hourly),
            func.count().filter(weekly),
            median(S.hourly_change_pct, hourly),
            median(S.latest_hourly_pence - S.baseline_hourly_pence, hourly),
            median(S.weekly_change_pct, weekly),
            median(S.latest_weekly_pence - S.baseline_weekly_pence, weekly),
            func.count().filter(with_baseline & S.rise_over_10pct.is_(True)),
            func.count().filter(S.at_or_above_living_wage.is_not(None)),
            func.count().filter(S.at_or_above_living_wage.is_(True)),
            func.coalesce(func.sum(S.courses_started), 0),
            func.count().filter(S.courses_started > 0),
            func.coalesce(func.sum(S.courses_completed), 0),
            func.count().filter(S.courses_completed > 0),
            func.count().filter(S.moved_job.is_(True)),
            func.count().filter(move_known),
            median(move_change, move_known),
            func.avg(move_change).filter(move_known),
        )
        .select_from(S)
        .join(W, W.id == S.worker_id)
    )
    visible = select(func.count()).select_from(W)
    if coach.role != "admin":
        stmt = stmt.where(W.coach_id == coach.id)
        visible = visible.where(W.coach_id == coach.id)
    row = list(session.execute(stmt).one())
    flags, row = [int(n) for n in row[: len(goal_flags)]], row[len(goal_flags) :]
    kinds, row = [int(n) for n in row[: len(goal_counts)]], row[len(goal_counts) :]
    (
        workers, outdated, baselined, n_hourly, n_weekly, med_hourly, med_hourly_pence,
        med_weekly, med_weekly_pence, rises, n_known, at_rlw, starts, n_started, completions,
        n_completed, moved, n_move_known, med_move, mean_move,
    ) = row  # fmt: skip
    if outdated or session.scalar(visible) != workers:
        return None
    helped = impact_help(session, coach)
    improved = flags[7]

    def whole(value: Any) -> float | None:
        return None if value is None else float(value)

    return ImpactReport(
        workers=int(workers),
        with_baseline=int(baselined),
        followed_up_hourly=int(n_hourly),
        followed_up_weekly=int(n_weekly),
        median_hourly_change_pct=whole(med_hourly),
        median_hourly_change_pence=whole(med_hourly_pence),
        median_weekly_change_pct=whole(med_weekly),
        median_weekly_change_pence=whole(med_weekly_pence),
        rise_over_10pct=int(rises),
        share_rise_over_10pct=int(rises) / int(baselined) if baselined else None,
        with_known_pay=int(n_known),
        at_or_above_living_wage=int(at_rlw),
        share_at_or_above_living_wage=int(at_rlw) / int(n_known) if n_known else None,
        course_starts=int(starts),
        workers_started=int(n_started),
        course_completions=int(completions),
        workers_completed=int(n_completed),
        goals=_goal_figures(flags, kinds),
        improved=improved,
        share_improved=improved / int(baselined) if baselined else None,
        help=helped,
        help_offered=sum(b.items for b in helped),
        help_taken_up=sum(b.taken_up for b in helped),
        help_not_wanted=sum(b.not_wanted for b in helped),
        moved_job=int(moved),
        job_move_pay_known=int(n_move_known),
        median_job_move_change_pence=whole(med_move),
        mean_job_move_change_pence=whole(mean_move),
    )


def iter_impact_outcomes(
    session: Session, coach: Coach, current_version: str, batch: int = 1000
) -> Iterator[WorkerOutcome]:
    """The same, streamed: a server-side cursor over worker_summaries, `batch` rows at a time,
    so an export of any size holds only one batch in memory."""
    S = WorkerSummary
    stmt = (
        visible_workers(coach)
        .with_only_columns(Worker.id, S.outcome, S.version)
        .outerjoin(S, S.worker_id == Worker.id)
        .order_by(Worker.id)
        .execution_options(yield_per=batch)
    )
    redo: list[int] = []
    for wid, data, version in session.execute(stmt):
        outcome = _outcome(data, version, current_version)
        if outcome is not None:
            yield outcome
        else:
            redo.append(wid)
    for start in range(0, len(redo), batch):
        for record in impact_records_for(session, redo[start : start + batch]):
            yield worker_outcome(record)


def visible_worker_ids(session: Session, coach: Coach) -> list[int]:
    return list(session.scalars(visible_workers(coach).with_only_columns(Worker.id)))
