"""One send budget for every message the bot sends, live replies first.

Telegram allows a bot about 30 messages a second overall and 1 a second per chat. Every process
books its sends in one budget (`SEND_RATE`, 29.5/s by default: `TELEGRAM_SEND_RATE`), kept as a
GCRA ("virtual scheduling") slot: `next_at` is the time of the next free slot, and booking one is
`next_at = max(next_at, now) + 1/rate`. There is no burst allowance, so no one-second window
holds more than `rate` sends plus scheduling jitter. A 429 pushes `next_at` past its
`retry_after` for every process.

Priority without two budgets: a **live** reply (an answer to a worker, a coach's message) books
the next slot whatever is already booked. A **bulk** send (a check-in) may book only while the
next slot is at most `lookahead` (one slot) away, so bulk never holds slots far ahead of time.
A live reply arriving in the middle of a bulk wave therefore waits at most the lookahead plus
one slot (about 70 ms), while bulk takes every slot live replies leave: when nobody chats,
check-ins go at the full rate. The lookahead also soaks up late wake-ups: the slot is booked a
moment before it is due, so a bulk sender that wakes a few milliseconds late loses nothing.

On PostgreSQL the slot is one row in `send_rate_slots` shared by every process: booking is one
`UPDATE ... RETURNING` (bulk adds `AND next_at <= now + lookahead`). Only one thread per process
polls for bulk slots at a time; the others queue behind it, so two dispatcher processes make
about 30 small statements a second each. Why one row and not "each process takes rate/N": no
registry of processes, a process that dies or starts changes nothing, and an idle process
leaves its share to the others. Clocks: slots are wall-clock epoch seconds, so hosts need NTP
(ms accuracy is plenty). SQLite serves one process: `LocalRateBudget` keeps the same slot in
memory. The per-chat spacing of bulk sends is kept in-process: a check-in's messages are all
sent by the one process that claimed it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from sqlalchemy import Engine, Float, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from db.models import SendRateSlot

TELEGRAM_RATE = 30.0  # messages per second per bot, Telegram's limit
SEND_RATE = 29.5  # what we book: a little under, for the jitter between booking and arrival
PER_CHAT_INTERVAL = 1.05  # seconds between two messages to one chat (a little margin)
LOOKAHEAD_SLOTS = 1.0  # how far ahead (in slots) a bulk send may book
MAX_NAP = 1.0  # a waiting bulk sender looks again at least this often (seconds)


class RateBudget(Protocol):
    def reserve(self) -> float:
        """Book a bulk send slot, waiting while live replies need the budget; return its epoch
        time (at most the lookahead ahead; may be in the past: send now)."""
        ...

    def reserve_live(self) -> float:
        """Book the next slot for a live reply, ahead of any bulk waiting; return its time."""
        ...

    def push_back(self, not_before: float) -> None:
        """After a 429: no slot before `not_before` (epoch seconds), for every user."""
        ...


class LocalRateBudget:
    """The budget in one process (SQLite deployments, tests)."""

    def __init__(
        self,
        rate: float = SEND_RATE,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        lookahead_slots: float = LOOKAHEAD_SLOTS,
    ) -> None:
        self.interval = 1.0 / rate
        self.lookahead = lookahead_slots * self.interval
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def reserve_live(self) -> float:
        with self._lock:
            slot = max(self._next, self._clock())
            self._next = slot + self.interval
            return slot

    def reserve(self) -> float:
        while True:
            with self._lock:
                now = self._clock()
                if self._next <= now + self.lookahead:
                    slot = max(self._next, now)
                    self._next = slot + self.interval
                    return slot
                wait = self._next - self.lookahead - now
            self._sleep(min(wait, MAX_NAP))

    def push_back(self, not_before: float) -> None:
        with self._lock:
            self._next = max(self._next, not_before)


class DbRateBudget:
    """The budget shared by every process that uses the same database row."""

    def __init__(
        self,
        engine: Engine,
        name: str = "telegram",
        rate: float = SEND_RATE,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        lookahead_slots: float = LOOKAHEAD_SLOTS,
    ) -> None:
        self.engine = engine
        self.name = name
        self.interval = 1.0 / rate
        self.lookahead = lookahead_slots * self.interval
        self._clock = clock
        self._sleep = sleep
        self._bulk_lock = threading.Lock()
        self._greatest = func.max if engine.dialect.name == "sqlite" else func.greatest
        now = bindparam("now", type_=Float)
        row = SendRateSlot.name == name
        booked = self._greatest(SendRateSlot.next_at, now) + self.interval
        self._book_live = (
            update(SendRateSlot).where(row).values(next_at=booked).returning(SendRateSlot.next_at)
        )
        self._book_bulk = (
            update(SendRateSlot)
            .where(row, SendRateSlot.next_at <= bindparam("horizon", type_=Float))
            .values(next_at=booked)
            .returning(SendRateSlot.next_at)
        )
        self._peek = select(SendRateSlot.next_at).where(row)

    def reserve_live(self) -> float:
        for _ in range(3):
            with self.engine.begin() as conn:
                next_at = conn.execute(self._book_live, {"now": self._clock()}).scalar()
            if next_at is not None:
                return float(next_at) - self.interval
            self._create_row()
        raise RuntimeError(f"could not book a send slot in {self.name!r}")

    def reserve(self) -> float:
        with self._bulk_lock:  # one bulk poller per process; the other threads queue here
            while True:
                now = self._clock()
                with self.engine.begin() as conn:
                    next_at = conn.execute(
                        self._book_bulk, {"now": now, "horizon": now + self.lookahead}
                    ).scalar()
                    if next_at is None:
                        current = conn.execute(self._peek).scalar()
                if next_at is not None:
                    return float(next_at) - self.interval
                if current is None:
                    self._create_row()
                    continue
                wait = float(current) - self.lookahead - self._clock()
                if wait > 0:
                    self._sleep(min(wait, MAX_NAP))

    def push_back(self, not_before: float) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(SendRateSlot)
                .where(SendRateSlot.name == self.name)
                .values(next_at=self._greatest(SendRateSlot.next_at, not_before))
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


def budget_for(engine: Engine, rate: float = SEND_RATE) -> RateBudget:
    """The shared row on PostgreSQL (every process), the in-memory slot on SQLite."""
    if engine.dialect.name == "postgresql":
        return DbRateBudget(engine, rate=rate)
    return LocalRateBudget(rate)


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
