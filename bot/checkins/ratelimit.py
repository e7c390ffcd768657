"""Send budgets: 30 messages a second per bot, 1 a second per chat (Telegram's limits).

Bulk check-ins take `BULK_RATE` (25/s) of the 30/s, leaving 5/s for live replies, which the
Telegram channel sends through python-telegram-bot's own limiter.

Across processes the overall budget holds because every dispatcher books its send slots in one
database row (`send_rate_slots`), using GCRA ("virtual scheduling"): the row holds the time of the
next free slot; booking a slot is one atomic `UPDATE ... SET next_at = max(next_at, now) +
1/rate ... RETURNING next_at`. There is no burst allowance, so no one-second window ever holds
more than `rate` sends plus scheduling jitter. Why this and not "each process takes budget/N":
it needs no instance registry, adapts at once when a process dies or starts, and a process
that is idle leaves its share to the others. Cost: one tiny transaction per message (25/s).
Clocks: slots are wall-clock epoch seconds, so hosts running dispatchers need NTP (ms accuracy
is plenty). The per-chat spacing is kept in-process: a check-in's messages are all sent by the
one process that claimed the row.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from sqlalchemy import Engine, Float, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from db.models import SendRateSlot

TELEGRAM_RATE = 30.0  # messages per second per bot
BULK_RATE = 25.0  # the share bulk check-ins may use
PER_CHAT_INTERVAL = 1.05  # seconds between two messages to one chat (a little margin)


class RateBudget(Protocol):
    def reserve(self) -> float:
        """Book the next send slot; return its epoch time (may be in the past: send now)."""
        ...

    def push_back(self, not_before: float) -> None:
        """After a 429: no slot before `not_before` (epoch seconds), for every user."""
        ...


class LocalRateBudget:
    """GCRA in one process (tests, single-process SQLite deployments)."""

    def __init__(self, rate: float = BULK_RATE, clock: Callable[[], float] = time.time) -> None:
        self.interval = 1.0 / rate
        self._clock = clock
        self._next = 0.0
        self._lock = threading.Lock()

    def reserve(self) -> float:
        with self._lock:
            slot = max(self._next, self._clock())
            self._next = slot + self.interval
            return slot

    def push_back(self, not_before: float) -> None:
        with self._lock:
            self._next = max(self._next, not_before)


class DbRateBudget:
    """GCRA shared by every process that uses the same database row."""

    def __init__(
        self,
        engine: Engine,
        name: str = "telegram-bulk",
        rate: float = BULK_RATE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.name = name
        self.interval = 1.0 / rate
        self._clock = clock
        greatest = func.max if engine.dialect.name == "sqlite" else func.greatest
        now = bindparam("now", type_=Float)
        self._book = (
            update(SendRateSlot)
            .where(SendRateSlot.name == name)
            .values(next_at=greatest(SendRateSlot.next_at, now) + self.interval)
            .returning(SendRateSlot.next_at)
        )

    def reserve(self) -> float:
        for _ in range(3):
            with self.engine.begin() as conn:
                next_at = conn.execute(self._book, {"now": self._clock()}).scalar()
            if next_at is not None:
                return float(next_at) - self.interval
            self._create_row()
        raise RuntimeError(f"could not book a send slot in {self.name!r}")

    def push_back(self, not_before: float) -> None:
        greatest = func.max if self.engine.dialect.name == "sqlite" else func.greatest
        with self.engine.begin() as conn:
            conn.execute(
                update(SendRateSlot)
                .where(SendRateSlot.name == self.name)
                .values(next_at=greatest(SendRateSlot.next_at, not_before))
            )

    def _create_row(self) -> None:
        try:
            with self.engine.begin() as conn:
                exists = conn.execute(
                    select(SendRateSlot.name).where(SendRateSlot.name == self.name)
                ).first()
                if exists is None:
                    conn.execute(insert(SendRateSlot).values(name=self.name, next_at=0.0))
        except IntegrityError:
            pass  # another process created it first


class PerChatSpacing:
    """At most one message a second to any one chat (in this process)."""

    def __init__(
        self, interval: float = PER_CHAT_INTERVAL, clock: Callable[[], float] = time.time
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._next: dict[int, float] = {}
        self._lock = threading.Lock()

    def reserve(self, chat_id: int) -> float:
        with self._lock:
            now = self._clock()
            if len(self._next) > 10_000:  # forget chats whose slot has long passed
                self._next = {c: t for c, t in self._next.items() if t > now}
            slot = max(self._next.get(chat_id, 0.0), now)
            self._next[chat_id] = slot + self.interval
            return slot

    def push_back(self, chat_id: int, not_before: float) -> None:
        """After a 429 for this chat, nothing goes to it before `not_before`."""
        with self._lock:
            self._next[chat_id] = max(self._next.get(chat_id, 0.0), not_before)
