"""The dispatcher end to end over real HTTP against the local fake Bot API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from benchmarks.fake_bot_api import FakeBotApi
from bot.checkins import store
from bot.checkins.dispatcher import REMINDER_PREFIX
from bot.checkins.ratelimit import PerChatSpacing
from db.models import AuditEvent, CheckIn, Worker
from tests.bot.checkins.conftest import MakeDispatcher, add_due, add_worker

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)


def two_messages(worker_id: int, checkin_id: int) -> list[Reply]:
    return [
        Reply("Hi Sam! Time for a quick check-in."),
        Reply("How are things going?", [[Button("Good", "ci:good"), Button("Bad", "ci:bad")]]),
    ]


def statuses(session: Session) -> dict[int, str]:
    session.expire_all()
    return {r.id: r.status for r in session.scalars(select(CheckIn))}


def test_each_due_checkin_is_sent_once_with_its_buttons(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    rows = [
        add_due(session, add_worker(session, 500 + i), NOW - timedelta(minutes=1)) for i in range(8)
    ]
    session.commit()
    stats = make_dispatcher(now=NOW).run_until_idle(max_seconds=30)
    got = fake_api.state.stats()
    assert got["deliveries"] == {str(500 + i): 1 for i in range(8)}
    assert stats.sent == 8 and stats.in_doubt == 0
    assert all(statuses(session)[r.id] == "sent" for r in rows)
    # a second run finds nothing more to send
    make_dispatcher(now=NOW).run_until_idle(max_seconds=10)
    assert fake_api.state.stats()["total"] == 8


def test_several_messages_keep_one_per_second_per_chat(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    row = add_due(session, add_worker(session, 42), NOW - timedelta(minutes=1))
    session.commit()
    make_dispatcher(two_messages, now=NOW).run_until_idle(max_seconds=30)
    got = fake_api.state.stats()
    assert got["deliveries"] == {"42": 2} and got["rejected_chat_429"] == 0
    assert fake_api.state.texts[42] == [
        "Hi Sam! Time for a quick check-in.",
        "How are things going?",
    ]
    session.expire_all()
    sent = session.get(CheckIn, row.id)
    assert sent is not None and (sent.status, sent.parts_sent) == ("sent", 2)


def test_a_retry_after_a_partial_send_does_not_repeat_the_first_message(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    row = add_due(session, add_worker(session, 43), NOW - timedelta(minutes=1))
    row.parts_sent = 1  # a crashed process got the first message out
    session.commit()
    make_dispatcher(two_messages, now=NOW).run_until_idle(max_seconds=30)
    assert fake_api.state.texts[43] == ["How are things going?"]


def test_429_waits_and_then_delivers(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    add_due(session, add_worker(session, 44), NOW - timedelta(minutes=1))
    session.commit()
    # someone else just messaged this chat, and this sender does not space messages itself
    assert fake_api.state.accept(44, "live reply")[0] == 200
    d = make_dispatcher(two_messages, now=NOW, per_chat=PerChatSpacing(interval=0))
    d.run_until_idle(max_seconds=30)
    assert d.sender.stats["retry_after"] >= 1
    assert fake_api.state.stats()["deliveries"] == {"44": 3}


def test_network_errors_are_retried_with_backoff(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    add_due(session, add_worker(session, 45), NOW - timedelta(minutes=1))
    session.commit()
    httpx.post(
        f"http://127.0.0.1:{fake_api.server.server_address[1]}/_fail_next", json={"count": 2}
    )
    d = make_dispatcher(now=NOW)
    d.run_until_idle(max_seconds=30)
    assert d.sender.stats["network_errors"] == 2
    assert fake_api.state.stats()["deliveries"] == {"45": 1}


def test_endless_network_errors_put_the_row_back_for_later(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    row = add_due(session, add_worker(session, 46), NOW - timedelta(minutes=1))
    session.commit()
    fake_api.state.fail_next = 100
    make_dispatcher(now=NOW).run_until_idle(max_seconds=30)
    session.expire_all()
    back = session.get(CheckIn, row.id)
    assert back is not None and back.status == "due" and back.due_at > NOW
    assert "network" in (back.last_error or "")


def test_blocked_bot_marks_worker_inactive_and_stops_checkins(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    worker = add_worker(session, 47)
    row = add_due(session, worker, NOW - timedelta(minutes=1))
    later = add_due(session, worker, NOW + timedelta(days=7))
    session.commit()
    fake_api.state.blocked.add(47)
    make_dispatcher(now=NOW).run_until_idle(max_seconds=30)
    session.expire_all()
    assert session.get(Worker, worker.id).status == "inactive"  # type: ignore[union-attr]
    assert statuses(session) == {row.id: "failed", later.id: "cancelled"}
    assert session.scalars(select(AuditEvent.action)).all() == ["worker.inactive"]


def test_rows_for_workers_who_stopped_are_cancelled_not_sent(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    paused = add_due(session, add_worker(session, 48, status="paused"), NOW - timedelta(minutes=1))
    terminal = add_due(session, add_worker(session, 49, channel="terminal"), NOW)
    session.commit()
    make_dispatcher(now=NOW).run_until_idle(max_seconds=30)
    assert fake_api.state.stats()["total"] == 0
    assert statuses(session) == {paused.id: "cancelled", terminal.id: "cancelled"}


def test_no_reply_gets_one_gentle_reminder_a_day_later(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    worker = add_worker(session, 50)
    first = add_due(session, worker, NOW - timedelta(minutes=1))
    session.commit()
    make_dispatcher(now=NOW).run_until_idle(max_seconds=30)
    reminder = session.scalars(select(CheckIn).where(CheckIn.kind == "reminder")).one()
    assert reminder.due_at >= NOW + timedelta(hours=24)
    next_day = reminder.due_at + timedelta(minutes=1)
    fake_api.state.last_per_chat.clear()
    make_dispatcher(now=next_day).run_until_idle(max_seconds=30)
    texts = fake_api.state.texts[50]
    assert len(texts) == 2 and texts[1].startswith(REMINDER_PREFIX)
    session.expire_all()
    assert session.get(CheckIn, first.id).reminder_sent_at == next_day  # type: ignore[union-attr]
    # only one reminder: nothing else is due before the next check-in
    make_dispatcher(now=next_day + timedelta(days=2)).run_until_idle(max_seconds=10)
    assert len(fake_api.state.texts[50]) == 2


def test_an_answered_checkin_gets_no_reminder(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    first = add_due(session, add_worker(session, 51), NOW - timedelta(minutes=1))
    session.commit()
    make_dispatcher(now=NOW).run_until_idle(max_seconds=30)
    store.mark_answered(session, first.id, NOW + timedelta(hours=1))
    session.commit()
    make_dispatcher(now=NOW + timedelta(days=2)).run_until_idle(max_seconds=10)
    assert fake_api.state.stats()["deliveries"] == {"51": 1}


def test_a_failing_message_source_loses_nothing(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    row = add_due(session, add_worker(session, 52), NOW - timedelta(minutes=1))
    session.commit()

    def broken(worker_id: int, checkin_id: int) -> list[Reply]:
        raise RuntimeError("database hiccup")

    make_dispatcher(broken, now=NOW).run_until_idle(max_seconds=10)
    session.expire_all()
    back = session.get(CheckIn, row.id)
    assert back is not None and back.status == "due" and "hiccup" in (back.last_error or "")


def test_a_row_left_mid_send_is_counted_in_doubt_and_resent_from_its_part(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    """A dispatcher stopped while sending part 2 (index 1): its lease ran out long ago, so this
    one claims it, counts it in doubt and sends part 2 again, not part 1."""
    row = add_due(session, add_worker(session, 48), NOW - timedelta(days=1))
    row.status, row.claimed_by, row.claimed_at = "sending", "stopped", NOW - timedelta(days=1)
    row.parts_sent, row.attempts = 1, 1
    session.commit()
    stats = make_dispatcher(two_messages, now=NOW).run_until_idle(max_seconds=30)
    assert (stats.in_doubt, stats.sent) == (1, 1)
    assert fake_api.state.texts[48] == ["How are things going?"]
    session.expire_all()
    sent = session.get(CheckIn, row.id)
    assert sent is not None and (sent.status, sent.parts_sent) == ("sent", 2)


def test_a_message_telegram_refuses_fails_the_row_without_retrying(
    session: Session, fake_api: FakeBotApi, make_dispatcher: MakeDispatcher
) -> None:
    """The fake Bot API refuses an empty text with 400, as Telegram does: the row is failed
    (a retry would be refused again), nothing is delivered."""
    row = add_due(session, add_worker(session, 49), NOW - timedelta(minutes=1))
    session.commit()
    stats = make_dispatcher(lambda w, c: [Reply("")], now=NOW).run_until_idle(max_seconds=30)
    assert (stats.failed, stats.sent) == (1, 0)
    assert fake_api.state.stats()["total"] == 0
    session.expire_all()
    failed = session.get(CheckIn, row.id)
    assert failed is not None and failed.status == "failed"
    assert (failed.last_error or "").startswith("Telegram refused the message:")
