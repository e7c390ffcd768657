"""Claiming, leases and scheduling on the checkins table (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.checkins import store
from db.models import CheckIn, WorkerFlag
from tests.bot.checkins.conftest import add_due, add_worker

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday
LEASE = timedelta(seconds=60)
LONDON = ZoneInfo("Europe/London")


def test_claims_are_exclusive_and_only_take_due_rows(
    session: Session, session_factory: sessionmaker[Session]
) -> None:
    for i in range(10):
        add_due(session, add_worker(session, 100 + i), NOW - timedelta(minutes=i))
    future = add_due(session, add_worker(session, 200), NOW + timedelta(minutes=5))
    session.commit()
    with session_factory() as a, session_factory() as b:
        first = store.claim_due(a, "A", NOW, LEASE, 6)
        second = store.claim_due(b, "B", NOW, LEASE, 10)
    ids_a, ids_b = {c.id for c in first}, {c.id for c in second}
    assert len(ids_a) == 6 and len(ids_b) == 4 and not ids_a & ids_b
    assert future.id not in ids_a | ids_b
    session.expire_all()
    rows = session.scalars(select(CheckIn).where(CheckIn.id.in_(ids_a))).all()
    assert {(r.status, r.claimed_by, r.attempts) for r in rows} == {("claimed", "A", 1)}


def test_oldest_due_rows_are_claimed_first(session: Session) -> None:
    late = add_due(session, add_worker(session, 1), NOW - timedelta(minutes=1))
    early = add_due(session, add_worker(session, 2), NOW - timedelta(hours=3))
    session.commit()
    assert [c.id for c in store.claim_due(session, "A", NOW, LEASE, 1)] == [early.id]
    assert [c.id for c in store.claim_due(session, "A", NOW, LEASE, 1)] == [late.id]


def test_expired_lease_is_reclaimed_and_mid_send_rows_stay_in_doubt(
    session: Session, session_factory: sessionmaker[Session]
) -> None:
    quiet = add_due(session, add_worker(session, 1), NOW - timedelta(minutes=1))
    busy = add_due(session, add_worker(session, 2), NOW - timedelta(minutes=1))
    session.commit()
    assert len(store.claim_due(session, "dead", NOW, LEASE, 10)) == 2
    assert store.mark_sending(session, busy.id, "dead", NOW)
    # while the lease runs, nobody else can take the rows
    assert store.claim_due(session, "B", NOW + LEASE - timedelta(seconds=1), LEASE, 10) == []
    later = NOW + LEASE + timedelta(seconds=1)
    got = {c.id: c for c in store.claim_due(session, "B", later, LEASE, 10)}
    assert got[quiet.id].status == "claimed" and got[quiet.id].attempts == 2
    assert got[busy.id].status == "sending"  # the dead process may have sent it: in doubt
    # the dead process cannot finish its old claim any more
    assert not store.mark_sending(session, quiet.id, "dead", later)


def test_renewed_lease_is_not_taken(session: Session) -> None:
    add_due(session, add_worker(session, 1), NOW - timedelta(minutes=1))
    session.commit()
    store.claim_due(session, "A", NOW, LEASE, 10)
    assert store.renew_leases(session, "A", NOW + timedelta(seconds=50)) == 1
    assert store.claim_due(session, "B", NOW + timedelta(seconds=70), LEASE, 10) == []


def test_schedule_next_uses_frequency_window_and_shifts_and_is_idempotent(
    session: Session,
) -> None:
    worker = add_worker(
        session, 1, frequency="fortnightly", window=(time(17), time(21)),
        shifts=[(0, time(14), time(22))],
    )  # fmt: skip
    first = store.schedule_next(session, worker, NOW)
    assert first is not None
    local = first.due_at.astimezone(LONDON)
    # two weeks on is Monday 7 Dec, but the Monday shift fills the evening: Tuesday 17:00
    assert (local.date().isoformat(), local.time()) == ("2026-12-08", time(17))
    again = store.schedule_next(session, worker, NOW + timedelta(minutes=1))
    assert again is not None and again.id == first.id


def test_schedule_next_skips_workers_who_do_not_want_checkins(session: Session) -> None:
    assert store.schedule_next(session, add_worker(session, 1, frequency=None), NOW) is None
    assert store.schedule_next(session, add_worker(session, 2, status="paused"), NOW) is None


def test_varying_rota_ignores_stored_shifts(session: Session) -> None:
    worker = add_worker(session, 1, shifts=[(0, time(14), time(22))])
    worker.rota_varies = True
    row = store.schedule_next(session, worker, NOW)
    assert row is not None and row.due_at == datetime(2026, 11, 30, 17, tzinfo=UTC)


def test_cancel_future_cancels_pending_rows_only(session: Session) -> None:
    worker = add_worker(session, 1)
    pending = add_due(session, worker, NOW + timedelta(days=1))
    done = add_due(session, worker, NOW - timedelta(days=7))
    done.status = "answered"
    session.flush()
    assert store.cancel_future(session, worker.id) == 1
    session.commit()
    session.expire_all()
    assert (session.get(CheckIn, pending.id).status, session.get(CheckIn, done.id).status) == (  # type: ignore[union-attr]
        "cancelled",
        "answered",
    )


def test_mark_answered_cancels_the_reminder(session: Session) -> None:
    worker = add_worker(session, 1)
    checkin = add_due(session, worker, NOW - timedelta(days=1))
    checkin.status = "sent"
    reminder = add_due(session, worker, NOW + timedelta(hours=2), kind="reminder")
    session.commit()
    answered = store.mark_answered(session, checkin.id, NOW)
    session.commit()
    session.expire_all()
    assert answered is not None and answered.status == "answered"
    assert session.get(CheckIn, checkin.id).answered_at == NOW  # type: ignore[union-attr]
    assert session.get(CheckIn, reminder.id).status == "cancelled"  # type: ignore[union-attr]
    assert store.mark_answered(session, 999_999, NOW) is None


def _send(session: Session, row: CheckIn, at: datetime) -> None:
    """Claim and finish one row as a dispatcher would (no HTTP)."""
    claimed = [c for c in store.claim_due(session, "A", at, LEASE, 100) if c.id == row.id]
    assert claimed, f"row {row.id} was not due at {at}"
    assert store.mark_sent(session, row.id, "A", 1, at)
    store.follow_up(session, row.id, at)
    session.commit()


def test_two_missed_checkins_raise_one_flag_for_the_coach(session: Session) -> None:
    worker = add_worker(session, 1)
    rows = [add_due(session, worker, NOW + timedelta(days=7 * i)) for i in range(4)]
    session.commit()
    flags = lambda: session.scalars(  # noqa: E731
        select(WorkerFlag).where(WorkerFlag.worker_id == worker.id)
    ).all()
    _send(session, rows[0], NOW)
    _send(session, rows[1], NOW + timedelta(days=7))
    session.expire_all()
    assert session.get(CheckIn, rows[0].id).status == "missed"  # type: ignore[union-attr]
    assert flags() == []  # one miss is not a pattern
    _send(session, rows[2], NOW + timedelta(days=14))
    assert [f.kind for f in flags()] == ["missed_checkins"]
    _send(session, rows[3], NOW + timedelta(days=21))
    assert len(flags()) == 1  # still open: not raised twice


def test_an_answer_breaks_the_run_of_misses(session: Session) -> None:
    worker = add_worker(session, 1)
    rows = [add_due(session, worker, NOW + timedelta(days=7 * i)) for i in range(3)]
    session.commit()
    _send(session, rows[0], NOW)
    store.mark_answered(session, rows[0].id, NOW + timedelta(hours=3))
    session.commit()
    _send(session, rows[1], NOW + timedelta(days=7))
    _send(session, rows[2], NOW + timedelta(days=14))
    assert session.scalars(select(WorkerFlag)).all() == []


def test_sending_schedules_the_next_checkin_and_one_reminder(session: Session) -> None:
    worker = add_worker(session, 1, window=(time(8), time(12)))
    row = add_due(session, worker, NOW - timedelta(minutes=5))
    session.commit()
    _send(session, row, NOW)
    pending = session.scalars(
        select(CheckIn).where(CheckIn.status == "due").order_by(CheckIn.due_at)
    ).all()
    assert [(p.kind, p.due_at) for p in pending] == [
        ("reminder", datetime(2026, 11, 24, 10, tzinfo=UTC)),  # 24 h later, inside the window
        ("checkin", datetime(2026, 11, 30, 8, tzinfo=UTC)),  # a week later, window start
    ]


def test_follow_up_twice_schedules_once(session: Session) -> None:
    worker = add_worker(session, 1)
    row = add_due(session, worker, NOW - timedelta(minutes=5))
    session.commit()
    _send(session, row, NOW)
    store.follow_up(session, row.id, NOW + timedelta(seconds=1))
    session.commit()
    pending = session.scalars(select(CheckIn.kind).where(CheckIn.status == "due")).all()
    assert sorted(pending) == ["checkin", "reminder"]


def test_ensure_scheduled_repairs_missing_schedules_once(session: Session) -> None:
    fresh = add_worker(session, 1)  # just chose "weekly", nothing scheduled yet
    crashed = add_worker(session, 2)  # its dispatcher died between send and follow-up
    sent = add_due(session, crashed, NOW - timedelta(days=3))
    sent.status, sent.sent_at = "sent", NOW - timedelta(days=3)
    add_worker(session, 3, frequency=None)
    add_worker(session, 4, status="inactive")
    session.commit()
    assert store.ensure_scheduled(session, NOW) == 2
    assert store.ensure_scheduled(session, NOW) == 0
    due = dict(
        session.execute(
            select(CheckIn.worker_id, CheckIn.due_at).where(CheckIn.status == "due")
        ).all()
    )
    assert due == {
        fresh.id: datetime(2026, 11, 30, 17, tzinfo=UTC),  # a week from now
        crashed.id: datetime(2026, 11, 27, 17, tzinfo=UTC),  # a week from the last one
    }
