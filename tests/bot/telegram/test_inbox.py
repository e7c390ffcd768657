"""The webhook inbox (bot.telegram.inbox) on SQLite and PostgreSQL: each update handled once,
each chat's updates lowest id first and never two at a time, even with two runners (two
"processes": on PostgreSQL each has its own engine, so the advisory locks are real ones on
separate connections), and stalled or failed updates picked up by the sweep."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation import ConversationService, Inbound
from bot.telegram.chat_locks import (
    ChatLocks,
    LocalChatLocks,
    PgAdvisoryChatLocks,
    chat_locks_for,
    lock_key,
)
from bot.telegram.inbox import InboxRunner, UpdateInbox
from db.engine import make_engine, make_session_factory
from db.models import ConversationMessage, TelegramUpdateSeen, Worker
from db.types import utcnow


def _update(update_id: int, chat_id: int) -> dict[str, Any]:
    return {"update_id": update_id, "message": {"chat": {"id": chat_id}, "text": str(update_id)}}


class Recorder:
    """A `process` function: records who handled what, when, and can fail or be slow."""

    def __init__(self, name: str, log: list[tuple[str, int, int, float, float]]) -> None:
        self.name = name
        self.log = log
        self.delay = 0.0
        self.fail: set[int] = set()

    async def __call__(self, update_id: int, payload: dict[str, Any]) -> None:
        if update_id in self.fail:
            self.fail.discard(update_id)
            raise RuntimeError("the database fell over")
        started = time.monotonic()
        await asyncio.sleep(self.delay)
        chat = payload["message"]["chat"]["id"]
        self.log.append((self.name, chat, update_id, started, time.monotonic()))


def pending(factory: sessionmaker[Session]) -> int:
    with factory() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(TelegramUpdateSeen)
                .where(TelegramUpdateSeen.handled_at.is_(None))
            )
            or 0
        )


async def idle(runners: list[InboxRunner], factory: sessionmaker[Session]) -> None:
    for _ in range(400):
        if pending(factory) == 0 and not any(r._tasks for r in runners):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"still {pending(factory)} pending")


@pytest.fixture
def second_factory(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Another process's view of the same database (a separate engine and pool)."""
    other = make_engine(engine.url.render_as_string(hide_password=False))
    yield make_session_factory(other)
    other.dispose()


def locks_pair(engine: Engine, other: sessionmaker[Session]) -> tuple[ChatLocks, ChatLocks]:
    if engine.dialect.name == "postgresql":
        return chat_locks_for(engine, 8), chat_locks_for(other.kw["bind"], 8)
    shared = LocalChatLocks()  # SQLite runs one process: one set of locks
    return shared, shared


async def test_a_chat_is_handled_lowest_id_first_and_each_update_once(
    session_factory: sessionmaker[Session],
) -> None:
    inbox = UpdateInbox(session_factory)
    for update_id, chat in [(12, 7), (10, 7), (20, 8), (11, 7)]:
        assert inbox.accept(update_id, chat, _update(update_id, chat))
    assert not inbox.accept(11, 7, _update(11, 7))  # a redelivery
    log: list[tuple[str, int, int, float, float]] = []
    runner = InboxRunner(inbox, Recorder("a", log))
    for chat in (7, 8, 7, 7):
        runner.kick(chat)  # kicks before start wait for it
    await asyncio.sleep(0.05)
    assert log == []
    runner.start()
    await idle([runner], session_factory)
    await runner.stop()
    assert [u for _, c, u, _, _ in log if c == 7] == [10, 11, 12]
    assert [u for _, c, u, _, _ in log if c == 8] == [20]
    with session_factory() as s:
        rows = s.execute(select(TelegramUpdateSeen.payload, TelegramUpdateSeen.handled_at)).all()
    assert len(rows) == 4 and all(p is None and h is not None for p, h in rows)


async def test_two_runners_never_handle_one_chat_at_once_nor_out_of_order(
    engine: Engine,
    session_factory: sessionmaker[Session],
    second_factory: sessionmaker[Session],
) -> None:
    """Updates arrive alternately at two "processes", three chats interleaved: each is handled
    exactly once, each chat's in order and one at a time. Which runner wins each lock is a
    race, so the wave is repeated (new update ids) until both have taken part, up to 5 times;
    the guarantees are checked on every wave."""
    lock_a, lock_b = locks_pair(engine, second_factory)
    inbox_a, inbox_b = UpdateInbox(session_factory), UpdateInbox(second_factory)
    who: set[str] = set()
    for wave in range(5):
        log: list[tuple[str, int, int, float, float]] = []
        rec_a, rec_b = Recorder("a", log), Recorder("b", log)
        rec_a.delay = rec_b.delay = 0.01
        a = InboxRunner(inbox_a, rec_a, lock_a)
        b = InboxRunner(inbox_b, rec_b, lock_b)
        a.start()
        b.start()
        first = 100 + 100 * wave
        for update_id in range(first, first + 30):
            chat = 1 + update_id % 3
            receiver = (a, inbox_a) if update_id % 2 else (b, inbox_b)
            assert receiver[1].accept(update_id, chat, _update(update_id, chat))
            receiver[0].kick(chat)
            if update_id % 5 == 0:
                await asyncio.sleep(0.01)
        await idle([a, b], session_factory)
        await a.stop()
        await b.stop()
        assert sorted(u for _, _, u, _, _ in log) == list(range(first, first + 30))  # once each
        for chat in (1, 2, 3):
            mine = [(u, start, end) for _, c, u, start, end in log if c == chat]
            assert [u for u, _, _ in mine] == sorted(u for u, _, _ in mine)
            for (_, _, end), (_, start, _) in zip(mine, mine[1:], strict=False):
                assert end <= start  # one at a time
        who |= {name for name, *_ in log}
        if who == {"a", "b"}:
            break
    assert who == {"a", "b"}  # both took part


async def test_an_update_that_fails_stays_pending_and_the_sweep_retries_it(
    session_factory: sessionmaker[Session],
) -> None:
    inbox = UpdateInbox(session_factory)
    log: list[tuple[str, int, int, float, float]] = []
    rec = Recorder("a", log)
    rec.fail = {5}
    runner = InboxRunner(inbox, rec, stall_after=timedelta(0))
    runner.start()
    inbox.accept(5, 3, _update(5, 3))
    inbox.accept(6, 3, _update(6, 3))
    runner.kick(3)
    for _ in range(100):
        if not runner._tasks:
            break
        await asyncio.sleep(0.02)
    assert log == [] and pending(session_factory) == 2  # 6 did not jump the failed 5
    assert await runner.sweep_once() == 1
    await idle([runner], session_factory)
    await runner.stop()
    assert [u for _, _, u, _, _ in log] == [5, 6]


async def test_only_updates_waiting_longer_than_the_stall_time_are_swept(
    session_factory: sessionmaker[Session],
) -> None:
    now = utcnow()
    old = UpdateInbox(session_factory, clock=lambda: now - timedelta(minutes=1))
    old.accept(1, 10, _update(1, 10))
    UpdateInbox(session_factory).accept(2, 11, _update(2, 11))
    assert UpdateInbox(session_factory).stalled_chats(timedelta(seconds=10)) == [10]


def test_the_handled_mark_commits_or_rolls_back_with_the_callers_transaction(
    session_factory: sessionmaker[Session],
) -> None:
    inbox = UpdateInbox(session_factory)
    inbox.accept(9, 4, _update(9, 4))
    with session_factory() as s:
        assert inbox.claim_in(s, 9)
        s.rollback()
    assert inbox.next_pending(4) == (9, _update(9, 4))
    with session_factory() as s:
        assert inbox.claim_in(s, 9)
        s.commit()
    assert inbox.next_pending(4) is None
    with session_factory() as s:
        assert not inbox.claim_in(s, 9)  # a second handler does nothing


def test_a_step_for_an_update_already_handled_changes_nothing(
    session_factory: sessionmaker[Session],
) -> None:
    """Through the real ConversationService: the claim commits with the step, and a second
    delivery of the same update (here: the same claim again) answers nothing and stores
    nothing."""
    service = ConversationService(session_factory, None)
    inbox = UpdateInbox(session_factory)
    for update_id in (1, 2, 3):
        inbox.accept(update_id, 77, {"update_id": update_id})
    assert service.handle(Inbound("telegram", 77, "command", "/start", "Sam"), inbox.claimer(1))
    consent = service.handle(Inbound("telegram", 77, "button", "consent:yes", "Sam"))
    assert consent  # (no claim: the terminal and polling path)
    first = service.handle(Inbound("telegram", 77, "text", "Priya"), inbox.claimer(2))
    assert first
    with session_factory() as s:
        messages = s.scalar(select(func.count()).select_from(ConversationMessage))
        name = s.scalar(select(Worker.first_name))
    assert name == "Priya"
    again = service.handle(Inbound("telegram", 77, "text", "Priya"), inbox.claimer(2))
    assert again == []
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(ConversationMessage)) == messages
    assert inbox.next_pending(77) == (3, {"update_id": 3})


def test_lock_keys_fit_postgresql_int4_and_spread_chats() -> None:
    ids = [1, -1, 2**31, -(2**31), 2**40 + 5, -(2**52), 7_000_000_123, -1001234567890]
    keys = [lock_key(i) for i in ids]
    assert all(-(2**31) <= k < 2**31 for k in keys)
    assert len(set(keys)) == len(keys)


def test_advisory_locks_exclude_other_connections(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's")
    a = PgAdvisoryChatLocks(make_engine(engine.url.render_as_string(hide_password=False)))
    b = PgAdvisoryChatLocks(make_engine(engine.url.render_as_string(hide_password=False)))
    held = a.try_acquire(123)
    assert held is not None
    assert b.try_acquire(123) is None  # another "process" has to wait its turn
    other = b.try_acquire(124)
    assert other is not None
    a.release(held)
    again = b.try_acquire(123)
    assert again is not None
    b.release(again)
    b.release(other)
    a.engine.dispose()
    b.engine.dispose()
