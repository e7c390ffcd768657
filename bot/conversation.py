"""The conversation service: the adapter between channels (Telegram, terminal), the pure flows
and the database.

Each inbound message is one unit of work: load the worker and their state, understand the text
(NLU, if it is up), step the flows, carry out the effects they ask for, save the new state and
log both sides of the exchange. Nothing is written for a chat until the worker gives consent.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.caseload import pick_coach
from bot.checkins import cancel_future, mark_answered, schedule_next
from db import audit
from db.engine import session_scope
from db.ids import valid_id
from db.models import (
    AvailabilitySlot,
    CheckIn,
    ConversationMessage,
    ConversationState,
    CourseRun,
    EarningsRecord,
    Employer,
    FundingCheck,
    Goal,
    GoalProgress,
    HelpOffer,
    LearningPlanItem,
    Provider,
    RunSession,
    Vacancy,
    VacancyApplication,
    Worker,
    WorkerFlag,
)
from db.types import utcnow
from flows import checkin as checkin_flow
from flows import jobs as jobs_flow
from flows import router
from flows.core import (
    Button,
    CancelCheckins,
    CompleteCheckin,
    Context,
    CourseFacts,
    CreateWorker,
    DeleteWorker,
    Event,
    ExportData,
    JobApp,
    JobDetails,
    NextSteps,
    RaiseFlag,
    RecordHelpOffered,
    Reply,
    Result,
    SaveEarnings,
    SaveFundingCheck,
    SaveGoal,
    SaveGoalProgress,
    SavePlanItem,
    SaveSlots,
    SaveVacancy,
    ScheduleCheckins,
    SearchCourses,
    SearchJobs,
    SetApplicationStatus,
    Slot,
    State,
    UpdateWorker,
    money,
)
from jobs.matching import GOALS
from nlu.understand import understand
from nlu.values import read_values

__all__ = ["Button", "Reply", "Inbound", "ConversationService"]

log = logging.getLogger(__name__)
OOPS = "Sorry, something went wrong on my side. Please try that again in a minute."
MAX_LOOKUPS = 3  # a flow may ask for a lookup, get the answer, and ask again; never loop forever


@dataclass(frozen=True)
class Inbound:
    channel: str  # "telegram" | "terminal"
    chat_id: int
    kind: str  # "text" | "button" | "command" | "other" (sticker/photo/voice...)
    text: str = ""  # message text, button data, or command incl. args ("/start")
    first_name: str | None = None
    label: str | None = None  # a button's label as the worker saw it ("Level 3")


# Runs first inside a message's transaction; False means "already handled, do nothing".
Claim = Callable[[Session], bool]


class NluLike(Protocol):
    """What we need from nlu.client.NluClient (any object with this shape will do)."""

    def parse(self, text: str) -> Any: ...


class ConversationService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        nlu: NluLike | None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sf = session_factory
        self._nlu = nlu
        self._clock = clock

    # --- public API --------------------------------------------------------------------------
    def handle(self, inbound: Inbound, claim: Claim | None = None) -> list[Reply]:
        """One inbound message -> the replies to send. Never raises for a worker's input:
        on an unexpected error nothing is saved and the worker is asked to try again.

        `claim(session)` runs first in the step's transaction (the webhook inbox marks the
        update handled there); when it returns False the message was already handled, and
        nothing is done or sent."""
        event = self._understand(inbound)
        try:
            try:
                return self._handle(inbound, event, claim)
            except IntegrityError:
                # two messages raced (e.g. "I agree" tapped twice): the other one won; redo
                return self._handle(inbound, event, claim)
        except Exception:
            ref = uuid.uuid4().hex[:8]
            log.exception(
                "conversation step failed (ref %s) for %s chat %s",
                ref,
                inbound.channel,
                inbound.chat_id,
            )
            try:
                return self._recover(inbound, event, ref, claim)
            except Exception:
                log.exception("recovery failed too (ref %s)", ref)
                return [Reply(OOPS)]

    def _recover(
        self, inbound: Inbound, event: Event, ref: str, claim: Claim | None = None
    ) -> list[Reply]:
        """The step failed: keep the worker's message, and answer with a way forward. A second
        failure of the same message at the same step skips the step, so nobody is stuck."""
        with session_scope(self._sf) as s:
            if claim is not None and not claim(s):
                return []
            worker = s.scalar(
                select(Worker).where(
                    Worker.channel == inbound.channel, Worker.chat_id == inbound.chat_id
                )
            )
            if worker is None:  # before consent: nothing is stored, so nothing to skip
                return [Reply(OOPS)]
            msg = self._log_in(s, worker, inbound, event)
            state = self._load_state(worker)
            key = hashlib.sha256(
                f"{inbound.kind}:{inbound.text}:{state.flow if state else ''}:"
                f"{state.step if state else ''}".encode()
            ).hexdigest()[:16]
            again = bool(state and state.data.get("_failed") == key)
            result = router.recover(state, self._context(s, worker), ref, again)
            if result.state is not None:
                if again:
                    result.state.data.pop("_failed", None)
                else:
                    result.state.data["_failed"] = key
            msg.understood = False if msg.confidence is not None else None
            return self._finish(s, worker, state, result, msg)

    def _handle(self, inbound: Inbound, event: Event, claim: Claim | None = None) -> list[Reply]:
        with session_scope(self._sf) as s:
            if claim is not None and not claim(s):
                log.info("%s chat %s: message already handled", inbound.channel, inbound.chat_id)
                return []
            # one message at a time per worker (PostgreSQL row lock; SQLite locks on write)
            worker = s.scalar(
                select(Worker)
                .where(Worker.channel == inbound.channel, Worker.chat_id == inbound.chat_id)
                .with_for_update()
            )
            if worker is None:
                result = router.handle(
                    None, event, Context(today=self._today()), inbound.first_name
                )
                if not any(isinstance(e, CreateWorker) for e in result.effects):
                    return result.replies  # before consent: nothing is stored
                worker = Worker(
                    channel=inbound.channel,
                    chat_id=inbound.chat_id,
                    consent_at=self._clock(),
                    status="onboarding",
                    coach_id=pick_coach(s),
                )
                s.add(worker)
                s.flush()
                audit.record(
                    s,
                    actor_type="worker",
                    actor_id=worker.id,
                    action="consent.given",
                    entity_type="worker",
                    entity_id=worker.id,
                )
                msg = self._log_in(s, worker, inbound, event)
                _note_understanding(msg, None, result)
                result.effects = [e for e in result.effects if not isinstance(e, CreateWorker)]
                return self._finish(s, worker, None, result, msg)
            worker.last_contact_at = self._clock()
            msg = self._log_in(s, worker, inbound, event)
            state = self._load_state(worker)
            result = router.handle(state, event, self._context(s, worker), inbound.first_name)
            if result.state is not None:
                result.state.data.pop("_failed", None)  # this message worked
            _note_understanding(msg, state, result)
            return self._finish(s, worker, state, result, msg)

    def start_checkin(self, worker_id: int, checkin_id: int | None = None) -> list[Reply]:
        with session_scope(self._sf) as s:
            worker = s.get(Worker, worker_id)
            if worker is None or worker.status in ("paused", "stopped", "inactive"):
                return []
            state = self._load_state(worker) or State("menu", "idle", {})
            ctx = self._context(s, worker)
            row = s.get(CheckIn, checkin_id) if checkin_id is not None else None
            if row is not None and row.kind == "closing":
                job = next((j for j in ctx.jobs if j.id == row.application_id), None)
                if job is None or job.status != "saved" or not _still_open(s, job, ctx.today):
                    return []  # applied, gone or closed: nothing to remind about
                reply = jobs_flow.closing_reminder(job, ctx)
                return self._finish(s, worker, state, Result(state, [reply]), None)
            result = router._side_trip(state, checkin_flow.start(ctx, checkin_id))
            return self._finish(s, worker, state, result, None)

    def mark_inactive(self, channel: str, chat_id: int, reason: str) -> None:
        with session_scope(self._sf) as s:
            worker = s.scalar(
                select(Worker).where(Worker.channel == channel, Worker.chat_id == chat_id)
            )
            if worker is None:
                return
            worker.status = "inactive"
            cancel_future(s, worker.id)
            audit.record(
                s,
                actor_type="system",
                actor_id=None,
                action="worker.inactive",
                entity_type="worker",
                entity_id=worker.id,
                detail={"reason": reason},
            )

    # --- understanding -----------------------------------------------------------------------
    def _understand(self, inbound: Inbound) -> Event:
        """Intent and entities from Rasa when it is up. When it is down, nlu.understand still
        catches the must-work words ("stop", "help", "talk to a person", yes/no) and the
        event is marked nlu_down so the flows say once that buttons are the way for now."""
        if inbound.kind != "text":
            return Event(kind=inbound.kind, text=inbound.text)
        try:
            # NluLike is the shape test doubles share; understand() also reads .available, and a
            # double without it fails into the except below like a broken NLU would
            got = understand(inbound.text, self._nlu, today=self._today())  # type: ignore[arg-type]
        except Exception as exc:  # a broken NLU must never break the conversation
            log.warning("NLU failed: %s", exc)
            return Event(kind="text", text=inbound.text, nlu_down=True)
        down = self._nlu is None or getattr(self._nlu, "available", True) is False
        entities = tuple((e.entity, str(e.value)) for e in got.entities)
        return Event(
            kind="text",
            text=inbound.text,
            intent=got.intent,
            confidence=float(got.confidence),
            entities=entities,
            nlu_down=down,
            source=got.source,
            values=got.read or read_values(inbound.text, self._today(), entities),
        )

    # --- state, context ----------------------------------------------------------------------
    def _today(self) -> date:
        return self._clock().date()

    @staticmethod
    def _load_state(worker: Worker) -> State | None:
        st = worker.state
        return State(st.flow, st.step, dict(st.data or {})) if st else None

    def _context(self, s: Session, worker: Worker) -> Context:
        earnings = list(
            s.scalars(
                select(EarningsRecord)
                .where(EarningsRecord.worker_id == worker.id)
                .order_by(EarningsRecord.recorded_at, EarningsRecord.id)
            )
        )
        latest = earnings[-1] if earnings else None
        baseline = next((e for e in earnings if e.source == "baseline"), None)
        goal = s.scalar(
            select(Goal)
            .where(Goal.worker_id == worker.id)
            .order_by(Goal.created_at.desc(), Goal.id.desc())
            .limit(1)
        )
        slots = s.scalars(
            select(AvailabilitySlot)
            .where(AvailabilitySlot.worker_id == worker.id)
            .order_by(AvailabilitySlot.day)
        )
        plan = [
            (item.course_run_id, item.course_run.course.course_name, item.status)
            for item in s.scalars(
                select(LearningPlanItem)
                .where(LearningPlanItem.worker_id == worker.id)
                .order_by(LearningPlanItem.id)
            )
        ]
        last_check = s.scalar(
            select(FundingCheck)
            .where(FundingCheck.worker_id == worker.id)
            .order_by(FundingCheck.id.desc())
            .limit(1)
        )
        return Context(
            today=self._today(),
            has_worker=True,
            status=worker.status,
            first_name=worker.first_name,
            postcode_district=worker.postcode_district,
            job_title=latest.job_title if latest else None,
            sector=latest.sector if latest else None,
            hourly_pence=latest.hourly_pay_pence if latest else None,
            pay_amount_pence=latest.pay_amount_pence if latest else None,
            pay_period=latest.pay_period if latest else None,
            weekly_hours=float(latest.weekly_hours) if latest and latest.weekly_hours else None,
            contract_type=latest.contract_type if latest else None,
            baseline_hourly_pence=baseline.hourly_pay_pence if baseline else None,
            baseline_weekly_hours=(
                float(baseline.weekly_hours) if baseline and baseline.weekly_hours else None
            ),
            busy_slots=tuple(
                Slot(x.day, x.start_time.strftime("%H:%M"), x.end_time.strftime("%H:%M"))
                for x in slots
            ),
            rota_varies=worker.rota_varies,
            travel_limit_km=worker.travel_limit_km,
            age_band=worker.age_band,
            target_role=goal.target_role if goal else None,
            target_sector=goal.target_sector if goal else None,
            target_hourly_pence=goal.target_hourly_pence if goal else None,
            goal_not_sure=goal.not_sure if goal else False,
            barriers=tuple(goal.barriers or ()) if goal else (),
            goal_kinds=tuple(goal.kinds or ()) if goal else (),
            goal_baseline_hours=_float(goal.baseline_hours) if goal else None,
            goal_baseline_contract=goal.baseline_contract if goal else None,
            goal_baseline_shifts=goal.baseline_shifts if goal else None,
            goal_target_hours=_float(goal.target_hours) if goal else None,
            plan=tuple(plan),
            has_goal=goal is not None,
            jobs=_job_apps(s, worker.id),
            funding_answers=_stored_facts(last_check),
        )

    # --- carrying out a result ---------------------------------------------------------------
    def _finish(
        self,
        s: Session,
        worker: Worker,
        state: State | None,
        result: Result,
        msg: ConversationMessage | None,
    ) -> list[Reply]:
        replies: list[Reply] = []
        for _ in range(MAX_LOOKUPS + 1):
            replies.extend(result.replies)
            deleted = self._apply(s, worker, result.effects, msg, replies)
            if deleted:
                return replies
            state = result.state
            if result.lookup is None or state is None:
                break
            s.flush()
            s.expire(worker)
            ctx = self._context(s, worker)
            payload = self._lookup(s, worker, result.lookup, ctx)
            result = router.handle(state, Event(kind="result", payload=payload), ctx)
        self._save_state(s, worker, state)
        for reply in replies:
            self._log_out(s, worker, reply)
        return replies

    def _save_state(self, s: Session, worker: Worker, state: State | None) -> None:
        row = s.get(ConversationState, worker.id)
        if state is None:
            if row is not None:
                s.delete(row)
            return
        if row is None:
            s.add(
                ConversationState(
                    worker_id=worker.id, flow=state.flow, step=state.step, data=state.data
                )
            )
        else:
            row.flow, row.step, row.data = state.flow, state.step, dict(state.data)

    def _apply(
        self,
        s: Session,
        worker: Worker,
        effects: list[Any],
        msg: ConversationMessage | None,
        replies: list[Reply],
    ) -> bool:
        """Write what the flows asked for, one writer per effect type (`_WRITERS`). Returns True
        when the worker was deleted: nothing after that is written."""
        w = _Write(s, worker, self._clock(), msg.id if msg is not None else None, replies)
        for e in effects:
            if isinstance(e, DeleteWorker):
                _delete_worker(w)
                return True
            write = _WRITERS.get(type(e))
            if write is not None:
                write(w, e)
        return False

    @staticmethod
    def _record_help(
        s: Session, worker: Worker, e: RecordHelpOffered, now: datetime, msg_id: int | None
    ) -> None:
        """One row per worker and help item: the first offer is kept, showing it again counts."""
        s.flush()
        existing = {
            row.item_id: row
            for row in s.scalars(
                select(HelpOffer).where(
                    HelpOffer.worker_id == worker.id,
                    HelpOffer.item_id.in_([item for item, _ in e.items]),
                )
            )
        }
        for item_id, barrier in dict.fromkeys(e.items):
            row = existing.get(item_id)
            if row is None:
                row = HelpOffer(
                    worker_id=worker.id,
                    item_id=item_id[:64],
                    barrier=barrier[:16],
                    facts_year=e.facts_year[:7],
                    offered_at=now,
                    last_offered_at=now,
                    times_offered=1,
                    message_id=msg_id,
                    status="offered",
                )
                s.add(row)
                existing[item_id] = row
            else:
                row.last_offered_at = now
                row.times_offered += 1

    @staticmethod
    def _save_plan_item(s: Session, worker: Worker, e: SavePlanItem, msg_id: int | None) -> None:
        if s.get(CourseRun, e.run_id) is None:
            return
        existing = s.scalar(
            select(LearningPlanItem).where(
                LearningPlanItem.worker_id == worker.id, LearningPlanItem.course_run_id == e.run_id
            )
        )
        if existing is None:
            s.add(
                LearningPlanItem(
                    worker_id=worker.id, course_run_id=e.run_id, status=e.status, message_id=msg_id
                )
            )
        else:
            existing.status = e.status

    @staticmethod
    def _complete_checkin(s: Session, worker: Worker, e: CompleteCheckin, now: datetime) -> None:
        row = s.get(CheckIn, e.checkin_id) if e.checkin_id else None
        if row is None:  # /checkin by hand: it answers the latest one we sent, if any
            row = s.scalar(
                select(CheckIn)
                .where(CheckIn.worker_id == worker.id, CheckIn.status == "sent")
                .order_by(CheckIn.due_at.desc())
                .limit(1)
            )
        if row is None or row.worker_id != worker.id:
            return
        row.answers = dict(e.answers)
        mark_answered(s, row.id, now)  # also cancels the reminder about it
        schedule_next(s, worker, now)

    # --- lookups -----------------------------------------------------------------------------
    def _lookup(self, s: Session, worker: Worker, lookup: Any, ctx: Context) -> Any:
        if isinstance(lookup, SearchCourses):
            return self._search(s, lookup, ctx)
        if isinstance(lookup, CourseFacts):
            return course_facts(s, lookup.run_id)
        if isinstance(lookup, SearchJobs):
            return self._search_jobs(s, worker, lookup, ctx)
        if isinstance(lookup, JobDetails):
            return job_details(s, worker.id, lookup.vacancy_id, ctx.today)
        if isinstance(lookup, NextSteps):
            from jobs.pathways import next_steps

            steps = next_steps(s, lookup.sector, lookup.current_role)
            return [_jsonable(asdict(step)) for step in steps]
        return None

    def _search_jobs(
        self, s: Session, worker: Worker, q: SearchJobs, ctx: Context
    ) -> list[dict[str, Any]]:
        """The jobs that fit, best first: the page asked for, less the ones the worker said
        are not for them (left out after paging, so "More jobs" never skips one)."""
        from jobs.search import find_matches, profile_for_worker, with_search_words

        goal = q.goal if q.goal in GOALS else None
        avoid = tuple(
            (d, time.fromisoformat(a), time.fromisoformat(b))
            for d, a, b in q.avoid[:21]
            if 0 <= d <= 6
        )
        profile = profile_for_worker(s, worker, goal=goal, busy=_kept_commitments(s, worker.id))
        profile = replace(
            profile, avoid=avoid, remote_only=q.remote_only, permanent_only=q.permanent_only
        )
        profile = with_search_words(
            profile, q.role, q.role_sector, q.hourly_pence, q.weekly_hours, q.near
        )
        limit = max(1, min(q.limit, 10))
        offset = max(0, min(q.offset, 500))
        found = find_matches(s, profile, ctx.today, limit=limit, offset=offset)
        hidden = set(q.exclude)
        return [_jsonable(asdict(m)) for m in found if m.vacancy.id not in hidden]

    def _search(self, s: Session, q: SearchCourses, ctx: Context) -> list[dict[str, Any]]:
        from course_catalogue.search import SearchQuery, search_runs

        query = SearchQuery(
            busy_slots=tuple(
                (x.day, time.fromisoformat(x.start), time.fromisoformat(x.end))
                for x in ctx.busy_slots
            ),
            rota_varies=ctx.rota_varies,
            postcode_district=ctx.postcode_district,
            travel_limit_km=q.travel_limit_km,
            levels=frozenset(q.levels) if q.levels else None,
            keywords=q.keywords,
            sector=q.sector,
            delivery_modes=frozenset({"online"}) if q.online_only else None,
            today=ctx.today,
            goal_sectors=frozenset(q.goal_sectors or ()) or None,
            target_level=q.target_level,
            current_level=q.current_level,
            lacks_basics=q.lacks_basics,
            low_paid=q.low_paid,
        )
        return [_jsonable(asdict(m)) for m in search_runs(s, query, limit=3, offset=q.offset)]

    # --- message log -------------------------------------------------------------------------
    def _log_in(
        self, s: Session, worker: Worker, inbound: Inbound, event: Event
    ) -> ConversationMessage:
        # a button is logged by the label the worker pressed, so transcripts read as the
        # chat did ("[button] Level 3", not "[button] fl:3"); its data when there is no label
        pressed = (inbound.label or "").strip() or inbound.text
        text = {"button": f"[button] {pressed}", "other": "[not a text message]"}.get(
            inbound.kind, inbound.text
        )
        typed = inbound.kind == "text"  # only typed messages are review-queue candidates
        msg = ConversationMessage(
            worker_id=worker.id,
            direction="in",
            text=text,
            intent=event.intent,
            entities=[{"entity": k, "value": v} for k, v in event.entities] or None,
            sender="worker",
            created_at=self._clock(),
            confidence=event.confidence if typed else None,
            nlu_source=event.source if typed else None,
        )
        s.add(msg)
        s.flush()
        return msg

    def _log_out(self, s: Session, worker: Worker, reply: Reply) -> None:
        text = reply.text
        if reply.document:
            text += f"\n[file: {reply.document[0]}]"
        s.add(
            ConversationMessage(
                worker_id=worker.id,
                direction="out",
                text=text,
                sender="bot",
                created_at=self._clock(),
            )
        )


def _note_understanding(msg: ConversationMessage, state: State | None, result: Result) -> None:
    """For the coaches' review queue: the flow and step a typed message arrived in, and
    whether the bot understood it. understood is False when the router's fallback answered
    (its first reply is "Sorry, I didn't quite get that." or the "can't read typing" notice,
    then the question again); True otherwise. Buttons, commands and other kinds stay NULL:
    they are not candidates for the queue."""
    if msg.confidence is None:  # not a typed message (see _log_in)
        return
    if state is not None:
        msg.flow, msg.step = state.flow[:40], state.step[:40]
    # a typed answer to a step's question (a postcode, a pay) is not an NLU miss: not a
    # candidate for the review queue, whatever the intent guess was
    msg.understood = None if result.step_answer and result.understood else result.understood


def _job_apps(s: Session, worker_id: int) -> tuple[JobApp, ...]:
    """The worker's saved jobs and applications, latest news first (at most 20)."""
    rows = s.scalars(
        select(VacancyApplication)
        .where(VacancyApplication.worker_id == worker_id)
        .order_by(VacancyApplication.updated_at.desc(), VacancyApplication.id.desc())
        .limit(20)
    )
    return tuple(
        JobApp(
            id=a.id,
            vacancy_id=a.vacancy_id,
            title=a.job_title,
            employer=a.employer_name,
            status=a.status,
            closing_date=a.closing_date.isoformat() if a.closing_date else None,
            hourly_pence=a.hourly_pay_pence,
            weekly_hours=_float(a.weekly_hours),
            contract_type=a.contract_type,
            sector=a.sector,
        )
        for a in rows
    )


def _still_open(s: Session, job: JobApp, today: date) -> bool:
    from jobs.vacancies import live

    if job.vacancy_id is None:
        return False
    found = s.scalar(select(Vacancy.id).where(Vacancy.id == job.vacancy_id, live(today)))
    return found is not None


def _kept_commitments(s: Session, worker_id: int) -> tuple[tuple[int, time, time], ...]:
    """Times the worker cannot work in a new job that the bot knows of: the sessions of the
    courses in their plan (saved or started). Their current shifts are not among them: those
    belong to the job they would leave (`profile_for_worker` keeps them for "better shifts")."""
    rows = s.execute(
        select(RunSession.day, RunSession.start_time, RunSession.end_time)
        .join(LearningPlanItem, LearningPlanItem.course_run_id == RunSession.run_id)
        .where(
            LearningPlanItem.worker_id == worker_id,
            LearningPlanItem.status.in_(("saved", "started")),
        )
    ).all()
    return tuple(sorted({(int(d), a, b) for d, a, b in rows}))


def job_details(s: Session, worker_id: int, vacancy_id: int, today: date) -> dict[str, Any] | None:
    """How to apply for a vacancy, whether it is still open, and the worker's application."""
    from jobs.vacancies import live

    if not valid_id(vacancy_id):
        return None
    row = s.execute(
        select(Vacancy, Employer.name).join(Employer).where(Vacancy.id == vacancy_id)
    ).first()
    if row is None:
        return None
    vacancy, employer = row
    is_live = s.scalar(select(Vacancy.id).where(Vacancy.id == vacancy_id, live(today))) is not None
    status = s.scalar(
        select(VacancyApplication.status).where(
            VacancyApplication.worker_id == worker_id,
            VacancyApplication.vacancy_id == vacancy_id,
        )
    )
    return {
        "id": vacancy.id,
        "job_title": vacancy.job_title,
        "employer_name": employer,
        "closing_date": vacancy.closing_date.isoformat(),
        "apply_url": vacancy.apply_url,
        "apply_phone": vacancy.apply_phone,
        "apply_email": vacancy.apply_email,
        "live": is_live,
        "application_status": status,
    }


@dataclass(frozen=True)
class _Write:
    """What every effect writer needs: the transaction the message is saved in (so the effects
    and the message are written together), the worker, one clock reading for all the rows, the
    message they came from, and the replies (an export adds its own)."""

    s: Session
    worker: Worker
    now: datetime
    msg_id: int | None
    replies: list[Reply]


def _update_worker(w: _Write, e: UpdateWorker) -> None:
    """Worker fields; check-in window times come as "HH:MM" text."""
    for key, value in e.fields.items():
        if key in ("checkin_window_start", "checkin_window_end") and value:
            value = time.fromisoformat(value)
        setattr(w.worker, key, value)


def _schedule_checkins(w: _Write, e: ScheduleCheckins) -> None:
    """The next check-in, from the settings just written (flushed first)."""
    w.s.flush()
    schedule_next(w.s, w.worker, w.now)


def _cancel_checkins(w: _Write, e: CancelCheckins) -> None:
    """No more check-ins until the worker asks again."""
    w.s.flush()
    cancel_future(w.s, w.worker.id)


def _save_earnings(w: _Write, e: SaveEarnings) -> None:
    """A new earnings row (never an update: the history is the worker's progress)."""
    w.s.add(
        EarningsRecord(
            worker_id=w.worker.id,
            recorded_at=w.now,
            job_title=e.job_title,
            sector=e.sector,
            hourly_pay_pence=e.hourly_pence,
            pay_amount_pence=e.amount_pence,
            pay_period=e.period,
            weekly_hours=_decimal(e.weekly_hours),
            contract_type=e.contract_type,
            source=e.source,
            message_id=w.msg_id,
        )
    )


def _save_slots(w: _Write, e: SaveSlots) -> None:
    """The shifts worked replace the old ones, with whether the rota changes every week."""
    w.s.execute(delete(AvailabilitySlot).where(AvailabilitySlot.worker_id == w.worker.id))
    for slot in e.slots:
        w.s.add(
            AvailabilitySlot(
                worker_id=w.worker.id,
                day=slot.day,
                start_time=time.fromisoformat(slot.start),
                end_time=time.fromisoformat(slot.end),
            )
        )
    w.worker.rota_varies = e.rota_varies


def _save_goal(w: _Write, e: SaveGoal) -> None:
    """A new goal row: the latest is the goal, older ones stay for the coach's history."""
    w.s.add(
        Goal(
            worker_id=w.worker.id,
            target_role=e.target_role,
            target_sector=e.target_sector,
            target_hourly_pence=e.target_hourly_pence,
            not_sure=e.not_sure,
            barriers=list(e.barriers),
            kinds=list(e.kinds),
            baseline_hours=_decimal(e.baseline_hours),
            baseline_contract=e.baseline_contract,
            baseline_shifts=e.baseline_shifts,
            target_hours=_decimal(e.target_hours),
            created_at=w.now,
            message_id=w.msg_id,
        )
    )


def _save_goal_progress(w: _Write, e: SaveGoalProgress) -> None:
    """A check-in answer about a goal, tied to the latest goal."""
    goal_id = w.s.scalar(
        select(Goal.id)
        .where(Goal.worker_id == w.worker.id)
        .order_by(Goal.created_at.desc(), Goal.id.desc())
        .limit(1)
    )
    w.s.add(
        GoalProgress(
            worker_id=w.worker.id,
            goal_id=goal_id,
            kind=e.kind,
            value=e.value,
            hours=_decimal(e.hours),
            source="checkin",
            recorded_at=w.now,
            message_id=w.msg_id,
        )
    )


def _record_help(w: _Write, e: RecordHelpOffered) -> None:
    """Help items shown, so the coach can mark them taken up."""
    ConversationService._record_help(w.s, w.worker, e, w.now, w.msg_id)


def _save_plan_item(w: _Write, e: SavePlanItem) -> None:
    """A course saved to the plan (or its status changed)."""
    ConversationService._save_plan_item(w.s, w.worker, e, w.msg_id)


def _save_vacancy(w: _Write, e: SaveVacancy) -> None:
    """A job saved from a card, with "I applied" recorded at once when tapped."""
    from jobs import applications

    app = applications.save_vacancy(w.s, w.worker.id, e.vacancy_id, w.now, message_id=w.msg_id)
    if app is not None and e.status != "saved":
        applications.record_status(app, e.status, w.now)


def _set_application_status(w: _Write, e: SetApplicationStatus) -> None:
    """How an application went; only the worker's own applications."""
    from jobs import applications

    found = applications.get_application(w.s, w.worker.id, e.application_id)
    if found is not None:
        applications.record_status(found, e.status, w.now, interview_on=e.interview_on)


def _save_funding_check(w: _Write, e: SaveFundingCheck) -> None:
    """A funding answer; a course run that has gone is left out rather than failing."""
    run_id = e.run_id if e.run_id and w.s.get(CourseRun, e.run_id) else None
    w.s.add(
        FundingCheck(
            worker_id=w.worker.id,
            course_run_id=run_id,
            answers=e.answers,
            outcome=e.outcome,
            reasons=list(e.reasons),
            rules_year=e.rules_year,
            created_at=w.now,
            message_id=w.msg_id,
        )
    )


def _raise_flag(w: _Write, e: RaiseFlag) -> None:
    """A flag for the coach (crisis, asked for a person, underpaid...)."""
    w.s.add(
        WorkerFlag(
            worker_id=w.worker.id,
            kind=e.kind,
            detail=e.detail,
            created_at=w.now,
            message_id=w.msg_id,
        )
    )


def _complete_checkin(w: _Write, e: CompleteCheckin) -> None:
    """The check-in's answers, and the next one scheduled."""
    ConversationService._complete_checkin(w.s, w.worker, e, w.now)


def _export_data(w: _Write, e: ExportData) -> None:
    """/mydata: what is saved in plain words, then the JSON file."""
    w.s.flush()
    export = export_worker(w.s, w.worker)
    w.replies.append(Reply(plain_summary(export)))
    w.replies.append(Reply("Your data (JSON file).", document=("my-data.json", export)))


def _delete_worker(w: _Write) -> None:
    """/delete confirmed: the worker and everything about them go; the audit log keeps only
    that it happened."""
    wid = w.worker.id
    w.s.delete(w.worker)
    w.s.flush()
    audit.record(
        w.s,
        actor_type="worker",
        actor_id=wid,
        action="worker.deleted",
        entity_type="worker",
        entity_id=wid,
    )


_WRITERS: dict[type, Callable[[_Write, Any], None]] = {
    UpdateWorker: _update_worker,
    ScheduleCheckins: _schedule_checkins,
    CancelCheckins: _cancel_checkins,
    SaveEarnings: _save_earnings,
    SaveSlots: _save_slots,
    SaveGoal: _save_goal,
    SaveGoalProgress: _save_goal_progress,
    RecordHelpOffered: _record_help,
    SavePlanItem: _save_plan_item,
    SaveVacancy: _save_vacancy,
    SetApplicationStatus: _set_application_status,
    SaveFundingCheck: _save_funding_check,
    RaiseFlag: _raise_flag,
    CompleteCheckin: _complete_checkin,
    ExportData: _export_data,
}
"""How each effect a flow returns is written (DeleteWorker ends the writing: `_apply`)."""


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _decimal(value: float | None) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


def _stored_facts(check: FundingCheck | None) -> dict[str, Any]:
    """The facts of the last funding check, so the worker isn't asked the same thing twice."""
    if check is None or not check.answers:
        return {}
    answers = dict(check.answers)
    return dict(answers.get("facts", answers))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKS_PER = {"weeks": 1.0, "months": 52 / 12, "years": 52.0, "days": 1 / 7}


def course_facts(s: Session, run_id: int) -> dict[str, Any] | None:
    """What the details card and the funding check need about one course run."""
    run = s.get(CourseRun, run_id)
    if run is None:
        return None
    course = run.course
    provider = s.get(Provider, run.provider_id)
    name = course.course_name
    low = name.lower()
    # ESOL is not GCSE English: the provider's flag, else the usual words in the name
    esol = (
        course.esol
        if course.esol is not None
        else bool(re.search(r"\besol\b|speakers of other languages", low))
    )
    weeks = (
        round(run.duration_value * _WEEKS_PER[run.duration_unit], 1)
        if run.duration_unit in _WEEKS_PER
        else None
    )
    timetable = ", ".join(
        f"{_DAYS[x.day]} {x.start_time:%H:%M}-{x.end_time:%H:%M}" for x in run.sessions
    )
    if not timetable and run.self_paced:
        timetable = "In your own time"
    where = ""
    if run.venue is not None:
        where = ", ".join(x for x in (run.venue.name, run.venue.town) if x)
    elif run.delivery_mode == "online":
        where = "Online"
    return {
        "run_id": run.id,
        "course_name": name,
        "provider_name": provider.name if provider else "",
        "level": course.level,
        "course_level": course.level,
        # tri-state: None = the provider has not said (-> "maybe: ask the provider")
        "loan_approved": course.loan_approved,
        "fcfj_eligible": course.fcfj_eligible,
        "level3_entitlement": course.level3_entitlement,
        "is_apprenticeship_or_hnd": course.apprenticeship_or_hnd,
        "is_esol": esol,
        "is_access_to_he": bool(re.search(r"\baccess to (he|higher education)\b", low)),
        "course_sector": course.sector.lower() if course.sector else None,
        "provider_has_loans_facility": provider.has_loans_facility if provider else None,
        "cost_pence": run.cost_pence,
        "course_fee_pence": run.cost_pence,
        "course_start": run.start_date.isoformat() if run.start_date else None,
        "course_weeks": weeks,
        "is_english_maths": bool(re.search(r"\b(english|maths|mathematics)\b", low))
        and (course.level or 0) <= 2
        and not esol,
        "is_digital": "essential digital skills" in low,
        "is_bootcamp": "bootcamp" in low,
        "who_for": course.who_this_course_is_for[:300],
        "entry": course.entry_requirements[:300],
        "timetable": timetable,
        "duration": f"{run.duration_value} {run.duration_unit}",
        "where": where,
        "webpage": run.course_webpage,
    }


def export_worker(s: Session, worker: Worker) -> bytes:
    """Everything stored about one worker, as JSON (for /mydata).

    Coaches' private notes are left out: the coach page promises "Only coaches see these".
    """

    def rows(model: Any, *cols: str) -> list[dict[str, Any]]:
        out = []
        for r in s.scalars(select(model).where(model.worker_id == worker.id).order_by(model.id)):
            out.append({c: _jsonable(getattr(r, c)) for c in cols})
        return out

    state = s.get(ConversationState, worker.id)
    data = {
        "about_this_file": "Everything Skills Escalator has saved about you.",
        "you": {
            c: _jsonable(getattr(worker, c))
            for c in (
                "first_name",
                "postcode_district",
                "status",
                "consent_at",
                "created_at",
                "rota_varies",
                "travel_limit_km",
                "checkin_frequency",
                "timezone",
                "age_band",
            )
        },
        "pay_and_hours": rows(
            EarningsRecord,
            "recorded_at",
            "job_title",
            "sector",
            "hourly_pay_pence",
            "pay_amount_pence",
            "pay_period",
            "weekly_hours",
            "contract_type",
            "source",
        ),
        "shifts": rows(AvailabilitySlot, "day", "start_time", "end_time"),
        "goals": rows(
            Goal,
            "created_at",
            "target_role",
            "target_sector",
            "target_hourly_pence",
            "not_sure",
            "barriers",
            "kinds",
            "baseline_hours",
            "baseline_contract",
            "baseline_shifts",
            "target_hours",
        ),
        "goal_progress": rows(GoalProgress, "recorded_at", "kind", "value", "hours"),
        "help_offered": rows(
            HelpOffer,
            "offered_at",
            "last_offered_at",
            "times_offered",
            "barrier",
            "item_id",
            "facts_year",
            "status",
        ),
        "saved_courses": rows(LearningPlanItem, "course_run_id", "status", "created_at"),
        "saved_jobs": rows(
            VacancyApplication,
            "created_at",
            "vacancy_id",
            "job_title",
            "employer_name",
            "hourly_pay_pence",
            "weekly_hours",
            "contract_type",
            "status",
            "saved_at",
            "applied_at",
            "interview_at",
            "interview_on",
            "offer_at",
            "started_at",
            "not_successful_at",
        ),
        "funding_checks": rows(
            FundingCheck,
            "created_at",
            "course_run_id",
            "answers",
            "outcome",
            "reasons",
            "rules_year",
        ),
        "check_ins": rows(CheckIn, "due_at", "status", "sent_at", "answered_at", "answers"),
        "flags_for_your_coach": rows(WorkerFlag, "created_at", "kind", "detail", "resolved_at"),
        # the answers of a plan or check-in not finished yet are kept here until it is: they
        # are theirs too (a tester's /mydata half way through showed no job, pay or shifts)
        "conversation_state": (
            {
                "flow": state.flow,
                "step": state.step,
                "answers_so_far": {
                    k: v for k, v in (state.data or {}).items() if k not in _NOT_ANSWERS
                },
            }
            if state
            else None
        ),
        "messages": rows(
            ConversationMessage, "created_at", "direction", "sender", "text", "intent", "entities"
        ),
    }
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


# Bookkeeping in a conversation's state, not anything the worker said.
_NOT_ANSWERS = frozenset({"_buttons", "_misses", "_nlu_told", "_checkin_offer", "_offer"})


def plain_summary(export: bytes) -> str:
    """What /mydata holds, in a few short lines: the JSON file is for computers, and most
    people will never open it, so the message itself says what is kept."""
    data = json.loads(export)
    you = data.get("you") or {}
    lines = ["Here is what I have saved about you:"]
    if you.get("first_name"):
        lines.append(f"• Name: {you['first_name']}")
    if you.get("postcode_district"):
        lines.append(f"• Area: {you['postcode_district']}")
    pay = (data.get("pay_and_hours") or [])[-1:] or [{}]
    last = pay[0]
    if last.get("job_title"):
        lines.append(f"• Job: {last['job_title']}")
    if last.get("hourly_pay_pence"):
        hours = (
            f", {float(last['weekly_hours']):g} hours a week" if last.get("weekly_hours") else ""
        )
        lines.append(f"• Pay: {money(int(last['hourly_pay_pence']))} an hour{hours}")
    so_far = ((data.get("conversation_state") or {}).get("answers_so_far")) or {}
    if not last.get("job_title") and isinstance(so_far, dict) and so_far.get("job_title"):
        lines.append(f"• Job: {so_far['job_title']} (your plan isn't finished yet)")
        if isinstance(so_far.get("hourly_pence"), int):
            lines.append(f"• Pay: {money(int(so_far['hourly_pence']))} an hour")
    goal = (data.get("goals") or [])[-1:] or [{}]
    if goal[0].get("target_role"):
        lines.append(f"• Goal: {goal[0]['target_role']}")
    counts = [
        (len(data.get("saved_courses") or []), "saved course"),
        (len(data.get("saved_jobs") or []), "saved job"),
        (len(data.get("check_ins") or []), "check-in"),
        (len(data.get("messages") or []), "message"),
    ]
    said = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts if n]
    if said:
        lines.append("• " + ", ".join(said))
    lines.append(
        "The file below has all of it. It is for computers (JSON), but you can open it "
        "in a notes app. Send /delete to erase it all."
    )
    return "\n".join(lines)
