"""Check-in rows in the database: scheduling, claiming with a lease, and the state changes.

Row life: due -> claimed (lease: claimed_by, claimed_at) -> sending (one HTTP call in flight)
-> claimed (a message of several went out; parts_sent counts them) ... -> sent -> answered,
or missed when the next check-in goes out unanswered; cancelled (worker stopped/inactive);
failed (Telegram refused the message for good). Reminders are rows of kind 'reminder'.

Functions that take a Session leave committing to the caller, except `claim_due`, which is its
own transaction so the claim is visible to other dispatchers at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, Result, Row, and_, case, select, update
from sqlalchemy.orm import Session

from db import audit
from db.models import AvailabilitySlot, CheckIn, VacancyApplication, Worker, WorkerFlag
from flows.checkin_schedule import (
    CheckinWindow,
    next_checkin_at,
    next_good_moment,
    window_from,
)

PENDING = ("due", "claimed", "sending")
REMINDER_AFTER = timedelta(hours=24)
MISSED_IN_A_ROW_FOR_FLAG = 2
FLAG_MISSED = "missed_checkins"


@dataclass(frozen=True)
class Claimed:
    id: int
    worker_id: int
    kind: str
    status: str  # 'claimed', or 'sending' when a crashed process may have sent it already
    parts_sent: int
    attempts: int
    claimed_at: datetime


# --- claiming -----------------------------------------------------------------------------
def claim_due(
    session: Session, instance_id: str, now: datetime, lease: timedelta, limit: int
) -> list[Claimed]:
    """Claim up to `limit` due rows (and rows whose lease ran out) for this instance.

    PostgreSQL: the rows are picked with FOR UPDATE SKIP LOCKED in a CTE and updated in the same
    statement, so two dispatchers never get the same row and never wait on each other.
    SQLite: one conditional UPDATE ... WHERE id IN (SELECT ...) - SQLite runs a write statement
    atomically under its database lock, so the same holds in one process or several.
    """
    expired = and_(CheckIn.status.in_(("claimed", "sending")), CheckIn.claimed_at < now - lease)
    due = and_(CheckIn.status == "due", CheckIn.due_at <= now)
    # two simple statements, each an ordered index scan on (status, due_at) that stops at the
    # limit; one OR-ed query would sort every due row on each claim
    rows = _claim_where(session, expired, instance_id, now, limit)
    if len(rows) < limit:
        rows += _claim_where(session, due, instance_id, now, limit - len(rows))
    session.commit()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


def _claim_where(
    session: Session, ready: ColumnElement[bool], instance_id: str, now: datetime, limit: int
) -> list[Row[Any]]:
    pick = select(CheckIn.id).where(ready).order_by(CheckIn.due_at).limit(limit)
    values = {
        "status": case((CheckIn.status == "sending", "sending"), else_="claimed"),
        "claimed_by": instance_id,
        "claimed_at": now,
        "attempts": CheckIn.attempts + 1,
    }
    if session.get_bind().dialect.name == "postgresql":
        picked = pick.with_for_update(skip_locked=True).cte("picked")
        stmt = update(CheckIn).where(CheckIn.id == picked.c.id)
    else:
        stmt = update(CheckIn).where(CheckIn.id.in_(pick.scalar_subquery()))
    stmt = stmt.values(**values).returning(
        CheckIn.id,
        CheckIn.worker_id,
        CheckIn.kind,
        CheckIn.status,
        CheckIn.parts_sent,
        CheckIn.attempts,
        CheckIn.claimed_at,
    )
    return list(session.execute(stmt, execution_options={"synchronize_session": False}).all())


def renew_leases(session: Session, instance_id: str, now: datetime) -> int:
    """Keep this instance's claims alive while it works on them (a heartbeat)."""
    result = session.execute(
        update(CheckIn)
        .where(CheckIn.claimed_by == instance_id, CheckIn.status.in_(("claimed", "sending")))
        .values(claimed_at=now),
        execution_options={"synchronize_session": False},
    )
    session.commit()
    return _rowcount(result)


def _rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE touched (the result of a DML statement is always a CursorResult)."""
    assert isinstance(result, CursorResult)
    return int(result.rowcount or 0)


def _mine(checkin_id: int, instance_id: str) -> ColumnElement[bool]:
    return and_(
        CheckIn.id == checkin_id,
        CheckIn.claimed_by == instance_id,
        CheckIn.status.in_(("claimed", "sending")),
    )


def _update_if_mine(session: Session, checkin_id: int, instance_id: str, **values: object) -> bool:
    """Change a row only while this instance still holds its claim, and commit at once.

    False means the claim was lost (cancelled, or taken over after the lease ran out).
    """
    result = session.execute(
        update(CheckIn).where(_mine(checkin_id, instance_id)).values(**values),
        execution_options={"synchronize_session": False},
    )
    session.commit()
    return bool(_rowcount(result))


def mark_sending(session: Session, checkin_id: int, instance_id: str, now: datetime) -> bool:
    """Right before one HTTP call: False when our claim was lost (cancelled or taken over)."""
    return _update_if_mine(session, checkin_id, instance_id, status="sending", claimed_at=now)


def mark_part_sent(
    session: Session, checkin_id: int, instance_id: str, parts_sent: int, now: datetime
) -> bool:
    """Right after a message of several went out: the row goes back to 'claimed'."""
    return _update_if_mine(
        session, checkin_id, instance_id, status="claimed", parts_sent=parts_sent, claimed_at=now
    )


def release(
    session: Session,
    checkin_id: int,
    instance_id: str,
    *,
    status: str,
    error: str | None,
    due_at: datetime | None = None,
) -> bool:
    """Give a claimed row back: 'due' again (later), or final 'failed'/'cancelled'."""
    values: dict[str, object] = {"status": status, "last_error": error, "claimed_by": None}
    if due_at is not None:
        values["due_at"] = due_at
    return _update_if_mine(session, checkin_id, instance_id, **values)


# --- scheduling -----------------------------------------------------------------------------
def worker_window(worker: Worker) -> CheckinWindow:
    if worker.checkin_window_start is not None and worker.checkin_window_end is not None:
        try:
            return window_from(None, worker.checkin_window_start, worker.checkin_window_end)
        except ValueError:
            pass  # a bad stored window must not stop check-ins: use the whole day
    return window_from("any")


def worker_busy_slots(session: Session, worker: Worker) -> list[tuple[int, time, time]]:
    """The worker's weekly shifts; none when their rota varies (we cannot know them)."""
    if worker.rota_varies:
        return []
    slots = session.scalars(
        select(AvailabilitySlot).where(AvailabilitySlot.worker_id == worker.id)
    ).all()
    return [(s.day, s.start_time, s.end_time) for s in slots]


def schedule_next(session: Session, worker: Worker, now: datetime) -> CheckIn | None:
    """Make sure the worker has one future check-in row; return it (None: no check-ins wanted).

    Idempotent: when a pending check-in already exists it is returned, so calling this twice
    (or from two places) never doubles a worker's check-ins.
    """
    if worker.status != "active" or not worker.checkin_frequency:
        return None
    _lock_worker(session, worker.id)
    pending = session.scalars(
        select(CheckIn)
        .where(
            CheckIn.worker_id == worker.id,
            CheckIn.kind == "checkin",
            CheckIn.status.in_(PENDING),
        )
        .order_by(CheckIn.due_at)
    ).first()
    if pending is not None:
        return pending
    due_at = next_checkin_at(
        now,
        worker.checkin_frequency,
        worker_window(worker),
        worker_busy_slots(session, worker),
        worker.timezone or "Europe/London",
    )
    row = CheckIn(worker_id=worker.id, due_at=due_at, status="due", kind="checkin")
    session.add(row)
    session.flush()
    return row


def schedule_reminder(
    session: Session, worker: Worker, sent_at: datetime, next_due: datetime | None
) -> CheckIn | None:
    """One gentle reminder a day after the check-in, at a good moment, before the next one."""
    at = next_good_moment(
        sent_at + REMINDER_AFTER,
        worker_window(worker),
        worker_busy_slots(session, worker),
        worker.timezone or "Europe/London",
    )
    if next_due is not None and at >= next_due:
        return None
    row = CheckIn(worker_id=worker.id, due_at=at, status="due", kind="reminder")
    session.add(row)
    session.flush()
    return row


def cancel_future(session: Session, worker_id: int, reason: str = "cancelled") -> int:
    """Cancel the worker's check-ins and reminders that have not gone out yet."""
    result = session.execute(
        update(CheckIn)
        .where(CheckIn.worker_id == worker_id, CheckIn.status.in_(("due", "claimed")))
        .values(status="cancelled", last_error=reason, claimed_by=None),
        execution_options={"synchronize_session": False},
    )
    return _rowcount(result)


def mark_answered(session: Session, checkin_id: int, now: datetime) -> CheckIn | None:
    """The worker replied to this check-in: no reminder, and it no longer counts as missed."""
    row = session.get(CheckIn, checkin_id)
    if row is None:
        return None
    if row.answered_at is None:
        row.answered_at = now
    row.status = "answered"
    session.execute(
        update(CheckIn)
        .where(
            CheckIn.worker_id == row.worker_id,
            CheckIn.kind == "reminder",
            CheckIn.status.in_(("due", "claimed")),
        )
        .values(status="cancelled", last_error="answered", claimed_by=None),
        execution_options={"synchronize_session": False},
    )
    session.flush()
    return row


def latest_open_checkin(session: Session, worker_id: int) -> CheckIn | None:
    """The check-in a reminder is about: sent, not answered, not reminded yet."""
    return session.scalars(
        select(CheckIn)
        .where(
            CheckIn.worker_id == worker_id,
            CheckIn.kind == "checkin",
            CheckIn.status == "sent",
            CheckIn.reminder_sent_at.is_(None),
        )
        .order_by(CheckIn.sent_at.desc())
    ).first()


def mark_sent(
    session: Session, checkin_id: int, instance_id: str, parts_sent: int, now: datetime
) -> bool:
    """Right after the last message went out: one small UPDATE, committed at once.

    It is kept this small on purpose: the time between Telegram accepting a message and this
    commit is the only window in which a crash can cause a duplicate. The follow-up work
    (next check-in, reminder, missed) happens after, in `follow_up`.
    """
    return _update_if_mine(
        session, checkin_id, instance_id, status="sent", sent_at=now, parts_sent=parts_sent
    )


def follow_up(session: Session, checkin_id: int, now: datetime) -> None:
    """After a send: earlier unanswered check-ins become missed (two in a row raise a flag for
    the coach); the next check-in and one reminder are scheduled; a reminder is recorded on the
    check-in it is about. Idempotent, and `ensure_scheduled` repairs a crash before it ran."""
    row = session.get(CheckIn, checkin_id, populate_existing=True)
    if row is None or row.status != "sent":
        return
    worker = _lock_worker(session, row.worker_id)
    if row.kind == "closing":
        application = (
            session.get(VacancyApplication, row.application_id) if row.application_id else None
        )
        if application is not None and application.closing_reminder_sent_at is None:
            application.closing_reminder_sent_at = row.sent_at or now
        session.flush()
        return
    if row.kind == "reminder":
        about = latest_open_checkin(session, row.worker_id)
        if about is not None:
            about.reminder_sent_at = row.sent_at or now
        session.flush()
        return
    _mark_missed_before(session, row)
    if worker is not None:
        worker.last_contact_at = now
        nxt = schedule_next(session, worker, now)
        has_reminder = session.scalars(
            select(CheckIn.id).where(
                CheckIn.worker_id == worker.id,
                CheckIn.kind == "reminder",
                CheckIn.status.in_(PENDING),
            )
        ).first()
        if has_reminder is None and row.reminder_sent_at is None:
            schedule_reminder(session, worker, row.sent_at or now, nxt.due_at if nxt else None)
    session.flush()


def ensure_scheduled(session: Session, now: datetime, limit: int = 1000) -> int:
    """Give every active worker who wants check-ins a pending one (repairs crashes, and picks
    up workers who just chose a frequency). The cadence continues from their last check-in."""
    pending = select(CheckIn.id).where(
        CheckIn.worker_id == Worker.id, CheckIn.kind == "checkin", CheckIn.status.in_(PENDING)
    )
    workers = session.scalars(
        select(Worker)
        .where(
            Worker.status == "active",
            Worker.checkin_frequency.is_not(None),
            ~pending.exists(),
        )
        .limit(limit)
    ).all()
    made = 0
    for worker in workers:
        last = session.scalar(
            select(CheckIn.sent_at)
            .where(CheckIn.worker_id == worker.id, CheckIn.kind == "checkin")
            .order_by(CheckIn.sent_at.desc().nulls_last())
            .limit(1)
        )
        if schedule_next(session, worker, last or now) is not None:
            made += 1
    session.commit()
    return made


CLOSING_WITHIN_DAYS = 3  # remind about a saved job this many days before it closes


def schedule_closing_reminders(session: Session, now: datetime, limit: int = 1000) -> int:
    """One `closing` row for each saved (not applied) job closing within CLOSING_WITHIN_DAYS
    whose worker is active and has had no reminder about it: due at the worker's next good
    moment (their check-in window, outside quiet hours and shifts), so it goes out like a
    check-in. Paused or stopped workers get none (and /pause cancels a pending one); the
    application's `closing_reminder_sent_at`, set when it is sent, makes it once only."""
    from jobs.applications import closing_soon

    pending = set(
        session.scalars(
            select(CheckIn.application_id).where(
                CheckIn.kind == "closing",
                CheckIn.status.in_(PENDING),
                CheckIn.application_id.is_not(None),
            )
        )
    )
    made = 0
    for application in closing_soon(session, now.date(), within_days=CLOSING_WITHIN_DAYS):
        if made >= limit or application.id in pending:
            continue
        worker = session.get(Worker, application.worker_id)
        if worker is None or worker.status != "active":
            continue
        at = next_good_moment(
            now,
            worker_window(worker),
            worker_busy_slots(session, worker),
            worker.timezone or "Europe/London",
        )
        session.add(
            CheckIn(
                worker_id=worker.id,
                due_at=at,
                status="due",
                kind="closing",
                application_id=application.id,
            )
        )
        made += 1
    session.commit()
    return made


def _lock_worker(session: Session, worker_id: int) -> Worker | None:
    """Serialise scheduling per worker across processes (PostgreSQL row lock)."""
    return session.scalars(select(Worker).where(Worker.id == worker_id).with_for_update()).first()


def _mark_missed_before(session: Session, current: CheckIn) -> None:
    session.execute(
        update(CheckIn)
        .where(
            CheckIn.worker_id == current.worker_id,
            CheckIn.kind == "checkin",
            CheckIn.status == "sent",
            CheckIn.id != current.id,
        )
        .values(status="missed"),
        execution_options={"synchronize_session": False},
    )
    session.execute(  # reminders for the old check-in are pointless now
        update(CheckIn)
        .where(
            CheckIn.worker_id == current.worker_id,
            CheckIn.kind == "reminder",
            CheckIn.status.in_(("due", "claimed")),
        )
        .values(status="cancelled", last_error="next check-in sent", claimed_by=None),
        execution_options={"synchronize_session": False},
    )
    closed = session.scalars(
        select(CheckIn)
        .where(
            CheckIn.worker_id == current.worker_id,
            CheckIn.kind == "checkin",
            CheckIn.status.in_(("answered", "missed")),
        )
        .order_by(CheckIn.due_at.desc(), CheckIn.id.desc())
        .limit(MISSED_IN_A_ROW_FOR_FLAG)
        .execution_options(populate_existing=True)
    ).all()
    if len(closed) < MISSED_IN_A_ROW_FOR_FLAG or any(c.status != "missed" for c in closed):
        return
    open_flag = session.scalars(
        select(WorkerFlag).where(
            WorkerFlag.worker_id == current.worker_id,
            WorkerFlag.kind == FLAG_MISSED,
            WorkerFlag.resolved_at.is_(None),
        )
    ).first()
    if open_flag is None:
        dates = " and ".join(c.due_at.strftime("%d %b") for c in reversed(closed))
        session.add(
            WorkerFlag(
                worker_id=current.worker_id,
                kind=FLAG_MISSED,
                detail=f"No reply to the last {len(closed)} check-ins ({dates}).",
            )
        )


def deactivate_worker(session: Session, worker_id: int, reason: str) -> None:
    """Telegram said 403 (blocked, or account gone): stop all messages to this worker."""
    worker = session.get(Worker, worker_id)
    if worker is not None and worker.status != "inactive":
        worker.status = "inactive"
        audit.record(
            session,
            actor_type="system",
            actor_id="checkins",
            action="worker.inactive",
            entity_type="worker",
            entity_id=worker_id,
            detail={"reason": reason[:200]},
        )
    cancel_future(session, worker_id, reason="worker inactive")
    session.flush()
