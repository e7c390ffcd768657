"""The webhook's inbox: each Telegram update handled once, each chat's updates in order, across
any number of processes behind one webhook URL.

Why: behind a load balancer, two updates from one worker ("£12 an hour", then "yes") can land
on two processes. Handled where they land, the "yes" may be read before the pay; and a
redelivered update (Telegram retries until it gets a 200) can land on a third.

How, in four rules:

1. **The insert is the claim.** The webhook writes the update into `telegram_updates_seen`
   (update id as primary key, chat id, the update itself) and only then answers 200. One insert
   per id can succeed, on any number of processes; a repeat is answered 200 and dropped.
2. **One handler per chat.** Whoever received an update tries to take the chat's lock
   (`bot.telegram.chat_locks`: a PostgreSQL advisory lock, held while the update is handled
   *and* its replies are sent, so replies keep their order too). If another process holds it,
   that process will find the new row: nothing else to do.
3. **Lowest id first.** The lock holder handles the chat's unhandled rows in update-id order
   until none is left, releases the lock, then looks once more (a row that arrived while it
   was releasing is not left behind). Telegram's Bot API sends a chat's next update only after
   the previous one got its 200, and our 200 comes after the insert, so every earlier update of
   the chat is already in the table when a later one is looked for.
4. **Marked handled in the conversation's own transaction.** `claim_in(session, id)` sets
   `handled_at` in the same commit as the conversation step, so a crash before that commit
   leaves the row pending (another process's sweep picks it up: nothing is lost) and a crash
   after it never repeats the step. Replies go out after the commit: a process killed in that
   moment loses that turn's replies (the worker sees no answer and writes again), never repeats
   the step. Updates that change nothing in the database (a group message, a member change)
   are marked handled just after.

Every `SWEEP_EVERY` each process looks for chats with rows pending longer than `STALL_AFTER`
(their receiver died or its database call failed) and drains them. Handled rows lose their
payload at once and are pruned after 48 hours; so are pending rows that old (logged).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.telegram.chat_locks import ChatLocks, LocalChatLocks
from db.models import TelegramUpdateSeen
from db.types import utcnow

log = logging.getLogger("escalator.telegram")

KEEP = timedelta(hours=48)
PRUNE_EVERY = timedelta(minutes=10)
SWEEP_EVERY = 5.0  # seconds
STALL_AFTER = timedelta(seconds=10)
MAX_CONCURRENT_CHATS = 16  # chats handled at once per process (each holds one lock connection)

T = TelegramUpdateSeen


class UpdateInbox:
    """The table side: accept, find the next, mark handled, prune."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        keep: timedelta = KEEP,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._factory = session_factory
        self._keep = keep
        self._clock = clock
        self._last_prune: datetime | None = None

    def accept(self, update_id: int, chat_id: int | None = None, payload: Any = None) -> bool:
        """Record the update; False when its id is already recorded (a redelivery or replay).
        With a payload the row waits to be handled; without one it only records the id."""
        now = self._clock()
        with self._factory() as s:
            try:
                s.execute(
                    insert(T).values(
                        update_id=update_id,
                        received_at=now,
                        chat_id=chat_id,
                        payload=payload,
                        handled_at=None if payload is not None else now,
                    )
                )
                s.commit()
            except IntegrityError:
                s.rollback()
                log.info("Telegram update %d was delivered again: ignored", update_id)
                return False
        if self._last_prune is None or now - self._last_prune >= PRUNE_EVERY:
            self.prune(now)
        return True

    # the name the webhook used before the inbox existed
    first_time = accept

    def next_pending(self, chat_id: int) -> tuple[int, dict[str, Any]] | None:
        """The chat's lowest unhandled update: (update id, the update as Telegram sent it)."""
        with self._factory() as s:
            row = s.execute(
                select(T.update_id, T.payload)
                .where(T.chat_id == chat_id, T.handled_at.is_(None))
                .order_by(T.update_id)
                .limit(1)
            ).first()
        if row is None:
            return None
        return int(row[0]), dict(row[1] or {})

    def claim_in(self, session: Session, update_id: int) -> bool:
        """Mark the update handled inside the caller's transaction. False when it already was
        (the caller then does nothing: another handler committed this update first)."""
        result = session.execute(
            update(T)
            .where(T.update_id == update_id, T.handled_at.is_(None))
            .values(handled_at=self._clock(), payload=None)
        )
        return bool(getattr(result, "rowcount", 0))

    def claimer(self, update_id: int) -> Callable[[Session], bool]:
        return lambda session: self.claim_in(session, update_id)

    def finish(self, update_id: int) -> None:
        """Mark handled in a transaction of its own (no-op when the conversation did)."""
        with self._factory() as s:
            self.claim_in(s, update_id)
            s.commit()

    def stalled_chats(self, older_than: timedelta = STALL_AFTER, limit: int = 100) -> list[int]:
        """Chats with an update pending since before `older_than` ago."""
        cutoff = self._clock() - older_than
        with self._factory() as s:
            return [
                c
                for c in s.scalars(
                    select(T.chat_id)
                    .where(T.handled_at.is_(None), T.received_at < cutoff, T.chat_id.is_not(None))
                    .group_by(T.chat_id)
                    .order_by(func.min(T.update_id))
                    .limit(limit)
                )
                if c is not None
            ]

    def prune(self, now: datetime | None = None) -> int:
        """Forget ids older than the keep period; returns how many were removed."""
        now = now or self._clock()
        self._last_prune = now
        cutoff = now - self._keep
        with self._factory() as s:
            lost = s.scalar(
                select(func.count())
                .select_from(T)
                .where(T.received_at < cutoff, T.handled_at.is_(None))
            )
            if lost:
                log.warning("%d Telegram updates were never handled in 48 hours: dropped", lost)
            result = s.execute(delete(T).where(T.received_at < cutoff))
            s.commit()
        return int(getattr(result, "rowcount", 0) or 0)


# (update id, update as Telegram sent it) -> handled (replies sent)
ProcessUpdate = Callable[[int, dict[str, Any]], Awaitable[None]]


class InboxRunner:
    """The process side: drains chats (rules 2 and 3 above) and sweeps for stalled ones."""

    def __init__(
        self,
        inbox: UpdateInbox,
        process: ProcessUpdate,
        locks: ChatLocks | None = None,
        *,
        max_concurrent: int = MAX_CONCURRENT_CHATS,
        sweep_every: float = SWEEP_EVERY,
        stall_after: timedelta = STALL_AFTER,
    ) -> None:
        self.inbox = inbox
        self.process = process
        self.locks = locks or LocalChatLocks()
        self.sweep_every = sweep_every
        self.stall_after = stall_after
        self._slots = asyncio.Semaphore(max_concurrent)
        self._tasks: set[asyncio.Task[None]] = set()
        self._ready = asyncio.Event()
        self._sweeper: asyncio.Task[None] | None = None
        self.handled = 0

    def start(self) -> None:
        """Handle updates from now on (call once the bot can send) and sweep in the background."""
        self._ready.set()
        if self._sweeper is None or self._sweeper.done():
            self._sweeper = asyncio.create_task(self._sweep_forever())

    async def stop(self) -> None:
        self._ready.clear()
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    def kick(self, chat_id: int) -> None:
        """A row for this chat was just accepted: drain the chat in the background."""
        task = asyncio.create_task(self.drain(chat_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, chat_id: int) -> None:
        await self._ready.wait()  # updates accepted before the bot could send wait here
        async with self._slots:
            while True:
                token = await asyncio.to_thread(self.locks.try_acquire, chat_id)
                if token is None:
                    return  # the holder will find our row (rule 3)
                try:
                    await self._handle_pending(chat_id)
                except Exception:
                    # the row stays pending: the sweep (here or in another process) retries it
                    log.exception("Handling updates of chat %s failed; will retry", chat_id)
                    return
                finally:
                    await asyncio.to_thread(self.locks.release, token)
                # released: anything that came in meanwhile is ours to take now
                if await asyncio.to_thread(self.inbox.next_pending, chat_id) is None:
                    return

    async def _handle_pending(self, chat_id: int) -> None:
        while True:
            pending = await asyncio.to_thread(self.inbox.next_pending, chat_id)
            if pending is None:
                return
            update_id, payload = pending
            await self.process(update_id, payload)
            await asyncio.to_thread(self.inbox.finish, update_id)
            self.handled += 1

    async def sweep_once(self) -> int:
        chats = await asyncio.to_thread(self.inbox.stalled_chats, self.stall_after)
        for chat_id in chats:
            self.kick(chat_id)
        return len(chats)

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.sweep_every)
            try:
                found = await self.sweep_once()
                if found:
                    log.info("Picked up %d chat(s) with updates waiting too long", found)
            except Exception:
                log.warning("Inbox sweep failed; trying again later", exc_info=True)
