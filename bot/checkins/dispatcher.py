"""The dispatcher: claims due check-in rows and sends them through the rate-limited sender.

Exactly once, as far as it can be had. Telegram's sendMessage has no idempotency key, so no
sender can promise exactly-once delivery across a crash; what this does:

* A row is sent only by the instance whose claim (lease) it holds. Claims are atomic (see
  `store.claim_due`), so two live dispatchers never send the same row.
* Before each HTTP call the row is marked 'sending' (claim still ours, checked atomically);
  right after the call succeeds the row is marked sent, or the message counted in `parts_sent`
  when a check-in has several messages. Waiting for rate-limit slots happens *before* the
  'sending' mark, so the only unsafe window is one HTTP round trip plus one commit (a few ms).
* A live dispatcher renews its leases every lease/3. A dispatcher that dies (crash, kill -9)
  stops renewing; after `lease` its rows are re-claimed by another one, so nothing is lost.
* The remaining at-least-once window: if a process dies after Telegram accepted a message but
  before the commit that records it, the row is still 'sending' and the next claimant sends
  that one message again (rows in that state are counted as `in_doubt`, with the attempt key
  `checkin:<id>:<attempt>:<part>` in the log). We choose a rare duplicate over a lost check-in.
  A network timeout after the request reached Telegram is the same case.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.checkins import store
from bot.checkins.sender import GaveUp, RateLimitedSender
from bot.checkins.transport import BadRequest, Forbidden, OutgoingMessage, to_outgoing
from db.models import Worker
from db.types import utcnow

log = logging.getLogger("escalator.checkins")

# (worker_id, checkin_id) -> the messages to send; ConversationService.start_checkin fits.
CheckinMessageSource = Callable[[int, int], Sequence[Any]]

REMINDER_PREFIX = "Just a gentle reminder, no rush. "
RETRY_LATER = timedelta(minutes=5)
NOTHING_TO_SEND_RETRY = timedelta(hours=1)
MAX_ATTEMPTS = 8


def new_instance_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class DispatchStats:
    claimed: int = 0
    sent: int = 0
    messages: int = 0
    cancelled: int = 0
    failed: int = 0
    retry_later: int = 0
    lost_claims: int = 0
    in_doubt: int = 0
    inactive: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, name: str, n: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + n)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}


class CheckinDispatcher:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        source: CheckinMessageSource,
        sender: RateLimitedSender,
        *,
        instance_id: str | None = None,
        lease: timedelta = timedelta(seconds=60),
        concurrency: int = 16,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.session_factory = session_factory
        self.source = source
        self.sender = sender
        self.instance_id = instance_id or new_instance_id()
        self.lease = lease
        self.concurrency = concurrency
        self.clock = clock
        self.stats = DispatchStats()
        self.stop_event = threading.Event()
        self.ensure_every = 300.0  # seconds between schedule repairs (a sweep over workers)
        self._last_ensure = -self.ensure_every
        self._pool = ThreadPoolExecutor(concurrency, thread_name_prefix="checkin-send")

    # --- the loop -------------------------------------------------------------------------
    def tick(self) -> None:
        """The APScheduler job: top up schedules, send everything that is due now, return."""
        try:
            if time.monotonic() - self._last_ensure >= self.ensure_every:
                self.ensure_scheduled()
                self._last_ensure = time.monotonic()
            self.run_until_idle()
        except Exception:  # the scheduler must keep ticking whatever happens
            log.exception("check-in tick failed")

    def ensure_scheduled(self) -> int:
        with self.session_factory() as session:
            made = store.ensure_scheduled(session, self.clock())
        with self.session_factory() as session:  # reminders before saved jobs close
            made += store.schedule_closing_reminders(session, self.clock())
        return made

    def run_until_idle(self, max_seconds: float | None = None) -> DispatchStats:
        """Claim and send until nothing is due (or stop/max_seconds), keeping the pool busy."""
        deadline = None if max_seconds is None else time.monotonic() + max_seconds
        in_flight: set[Future[None]] = set()
        renew_every = self.lease.total_seconds() / 3
        last_renew = time.monotonic()
        exhausted = False
        while not self.stop_event.is_set():
            if deadline is not None and time.monotonic() > deadline:
                break
            free = self.concurrency - len(in_flight)
            if not exhausted and (free >= max(1, self.concurrency // 2) or not in_flight):
                claimed = self._claim(free)
                exhausted = len(claimed) < free
                for c in claimed:
                    in_flight.add(self._pool.submit(self._process_safely, c))
            if not in_flight:
                break
            done, in_flight = wait(in_flight, timeout=0.5, return_when=FIRST_COMPLETED)
            if done:
                exhausted = False  # room again: look for more due rows
            if time.monotonic() - last_renew > renew_every:
                with self.session_factory() as session:
                    store.renew_leases(session, self.instance_id, self.clock())
                last_renew = time.monotonic()
        wait(in_flight)
        return self.stats

    def shutdown(self) -> None:
        self.stop_event.set()
        self._pool.shutdown(wait=True, cancel_futures=False)

    def _claim(self, limit: int) -> list[store.Claimed]:
        with self.session_factory() as session:
            claimed = store.claim_due(session, self.instance_id, self.clock(), self.lease, limit)
        self.stats.add("claimed", len(claimed))
        return claimed

    # --- one row --------------------------------------------------------------------------
    def _process_safely(self, claimed: store.Claimed) -> None:
        try:
            self._process(claimed)
        except Exception as exc:  # never lose the row: put it back for later
            log.exception("check-in %s failed", claimed.id)
            self._give_back(claimed, f"{type(exc).__name__}: {exc}")

    def _process(self, c: store.Claimed) -> None:
        """Send one claimed row: the parts not sent yet, then mark it sent and schedule what
        comes after it. Each step that fails has already put the row where it belongs."""
        if c.status == "sending":
            self._note_in_doubt(c)
        messages, chat_id = self._messages_for(c)
        if messages is None:
            return
        parts_sent = self._send_parts(c, messages, chat_id)
        if parts_sent is None:
            return
        with self.session_factory() as session:
            if not store.mark_sent(session, c.id, self.instance_id, parts_sent, self.clock()):
                self.stats.add("lost_claims")
                return
        self.stats.add("sent")
        self._follow_up(c)

    def _note_in_doubt(self, c: store.Claimed) -> None:
        """A row left mid-send by a dispatcher that stopped: the part may or may not have gone,
        so it is resent with the same attempt key and counted."""
        self.stats.add("in_doubt")
        log.warning(
            "check-in %s was mid-send when its dispatcher stopped; resending part %s "
            "(attempt key checkin:%s:%s:%s)",
            c.id,
            c.parts_sent,
            c.id,
            c.attempts,
            c.parts_sent,
        )

    def _send_parts(
        self, c: store.Claimed, messages: list[OutgoingMessage], chat_id: int
    ) -> int | None:
        """Send the parts not sent yet, recording each one but the last as it goes (so a
        restart resends from there). The number sent, or None when sending stopped."""
        parts_sent = c.parts_sent
        for index in range(c.parts_sent, len(messages)):
            if not self._send_part(c, chat_id, messages[index], index):
                return None
            parts_sent = index + 1
            if parts_sent < len(messages) and not self._mark_part_sent(c, parts_sent):
                return None
        return parts_sent

    def _send_part(
        self, c: store.Claimed, chat_id: int, message: OutgoingMessage, index: int
    ) -> bool:
        """Send one part. False when it did not go: a blocked bot deactivates the worker, a
        refused message fails the row, a network failure gives it back, a lost claim leaves it."""
        key = f"checkin:{c.id}:{c.attempts}:{index}"
        try:
            message_id = self.sender.send(
                chat_id, message, before_attempt=lambda: self._mark_sending(c.id)
            )
        except Forbidden as exc:
            self._deactivate(c, str(exc))
            return False
        except BadRequest as exc:
            self._release(c, "failed", f"Telegram refused the message: {exc}")
            self.stats.add("failed")
            return False
        except GaveUp as exc:
            self._give_back(c, f"network: {exc}")
            return False
        if message_id is None:
            self.stats.add("lost_claims")
            log.warning("lost the claim on check-in %s before %s", c.id, key)
            return False
        self.stats.add("messages")
        log.debug("sent %s as message %s", key, message_id)
        return True

    def _mark_part_sent(self, c: store.Claimed, parts_sent: int) -> bool:
        """Record how many parts have gone; False when another dispatcher has the row now."""
        with self.session_factory() as session:
            if not store.mark_part_sent(session, c.id, self.instance_id, parts_sent, self.clock()):
                self.stats.add("lost_claims")
                return False
        return True

    def _follow_up(self, c: store.Claimed) -> None:
        """Schedule what follows a sent check-in (a reminder, the next one). Sent is sent: if
        this fails, ensure_scheduled repairs the schedule later."""
        try:
            with self.session_factory() as session:
                store.follow_up(session, c.id, self.clock())
                session.commit()
        except Exception:
            log.exception("follow-up after check-in %s failed", c.id)

    def _messages_for(self, c: store.Claimed) -> tuple[list[OutgoingMessage] | None, int]:
        """What to send, or None after putting the row in its final state."""
        with self.session_factory() as session:
            worker = session.get(Worker, c.worker_id)
            if worker is None or worker.status != "active":
                status = "gone" if worker is None else worker.status
                self._release(c, "cancelled", f"worker is {status}")
                self.stats.add("cancelled")
                return None, 0
            if worker.channel != "telegram":
                self._release(c, "cancelled", f"the {worker.channel} channel cannot be messaged")
                self.stats.add("cancelled")
                return None, 0
            chat_id = worker.chat_id
            about_id = c.id
            if c.kind == "reminder":
                about = store.latest_open_checkin(session, c.worker_id)
                if about is None:
                    self._release(c, "cancelled", "nothing to remind about")
                    self.stats.add("cancelled")
                    return None, 0
                about_id = about.id
        replies = list(self.source(c.worker_id, about_id))
        messages = to_outgoing(replies)
        if not messages and c.kind == "closing":  # applied or closed since: nothing to say
            self._release(c, "cancelled", "nothing to remind about")
            self.stats.add("cancelled")
            return None, 0
        if not messages:
            self._release(
                c, "due", "no message to send", due_at=self.clock() + NOTHING_TO_SEND_RETRY
            )
            self.stats.add("retry_later")
            return None, 0
        if c.kind == "reminder":
            first = messages[0]
            messages[0] = OutgoingMessage(
                REMINDER_PREFIX + first.text, first.buttons, first.document
            )
        return messages, chat_id

    # --- state changes --------------------------------------------------------------------
    def _mark_sending(self, checkin_id: int) -> bool:
        with self.session_factory() as session:
            return store.mark_sending(session, checkin_id, self.instance_id, self.clock())

    def _release(
        self, c: store.Claimed, status: str, error: str, due_at: datetime | None = None
    ) -> None:
        with self.session_factory() as session:
            store.release(
                session, c.id, self.instance_id, status=status, error=error, due_at=due_at
            )

    def _give_back(self, c: store.Claimed, error: str) -> None:
        if c.attempts >= MAX_ATTEMPTS:
            self._release(c, "failed", f"gave up after {c.attempts} attempts: {error}")
            self.stats.add("failed")
            return
        backoff = RETRY_LATER * min(2 ** (c.attempts - 1), 12)
        self._release(c, "due", error, due_at=self.clock() + backoff)
        self.stats.add("retry_later")

    def _deactivate(self, c: store.Claimed, reason: str) -> None:
        self._release(c, "failed", f"forbidden: {reason}")
        with self.session_factory() as session:
            store.deactivate_worker(session, c.worker_id, reason)
            session.commit()
        self.stats.add("inactive")
        log.info("worker %s blocked the bot: marked inactive, check-ins stopped", c.worker_id)
