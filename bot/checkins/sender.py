"""The one rate-limited sender for bulk messages: budgets, 429 waits and bounded retries."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.checkins.ratelimit import PerChatSpacing, RateBudget
from bot.checkins.transport import NetworkError, OutgoingMessage, RetryAfter, Transport

log = logging.getLogger("escalator.checkins.sender")


class GaveUp(Exception):
    """Network errors went on past the retry limit; the caller puts the row back for later."""


@dataclass(frozen=True)
class RetryPolicy:
    max_network_retries: int = 5  # then GaveUp
    first_backoff: float = 0.5  # seconds; doubles each time
    max_backoff: float = 8.0
    max_retry_after: float = 300.0  # never wait longer than this on one 429
    late_slot: float = 0.015  # seconds: a send slot missed by more than this is left unused


class RateLimitedSender:
    """Sends one message at a time per call; many threads may call `send` at once.

    Order per attempt: wait for the chat's own slot (1/s), then book a bulk slot in the shared
    budget (what live replies leave of the overall rate, across all processes; the slot is at
    most one slot ahead), call `before_attempt` (the dispatcher marks the row 'sending' there,
    so the crash window is that slot's wait plus the HTTP round trip), sleep until the slot
    and send. A slot missed by more than `late_slot` is left unused and another booked, so a
    stalled thread never sends on top of the next ones.
    A 429 pauses the chat and the shared budget for `retry_after`; network errors back off
    exponentially (0.5 s, 1 s, 2 s, ... at most 8 s, 5 retries); `Forbidden`/`BadRequest` go to
    the caller.
    """

    def __init__(
        self,
        transport: Transport,
        budget: RateBudget,
        per_chat: PerChatSpacing | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.transport = transport
        self.budget = budget
        self.per_chat = per_chat or PerChatSpacing()
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self.stats = {"sent": 0, "retry_after": 0, "network_errors": 0, "late_slots": 0}
        self._stats_lock = threading.Lock()

    def send(
        self,
        chat_id: int,
        message: OutgoingMessage,
        before_attempt: Callable[[], bool] | None = None,
    ) -> int | None:
        """Send; return the message id, or None when `before_attempt` says stop (lease lost)."""
        network_failures = 0
        while True:
            self._wait_until(self.per_chat.reserve(chat_id))
            slot = self.budget.reserve()  # waits while live replies need the budget
            if before_attempt is not None and not before_attempt():
                return None
            self._wait_until(slot)
            if self._clock() - slot > self.policy.late_slot:
                # woke too late (a busy machine): sent now it would crowd the next slots and
                # risk a 429 that pauses every sender; leave the slot and book another
                self._count("late_slots")
                continue
            # the chat's next slot counts from the real send time, not from the booking
            self.per_chat.push_back(chat_id, self._clock() + self.per_chat.interval)
            try:
                message_id = self.transport.send(chat_id, message)
            except RetryAfter as exc:
                self._count("retry_after")
                wait = min(max(exc.seconds, 0.0), self.policy.max_retry_after)
                log.info("429 for chat %s: waiting %.1fs", chat_id, wait)
                # Telegram's 429 does not say which limit was hit: pause this chat, and pause
                # the shared budget too (every process), so nobody hammers the API meanwhile
                self.per_chat.push_back(chat_id, self._clock() + wait)
                self.budget.push_back(self._clock() + wait)
                continue
            except NetworkError as exc:
                self._count("network_errors")
                network_failures += 1
                if network_failures > self.policy.max_network_retries:
                    raise GaveUp(str(exc)) from exc
                backoff = min(
                    self.policy.first_backoff * 2 ** (network_failures - 1),
                    self.policy.max_backoff,
                )
                log.info("network error for chat %s (%s): retry in %.1fs", chat_id, exc, backoff)
                self._sleep(backoff)
                continue
            self._count("sent")
            return message_id

    def _count(self, name: str) -> None:
        with self._stats_lock:
            self.stats[name] += 1

    def _wait_until(self, at: float) -> None:
        delay = at - self._clock()
        if delay > 0:
            self._sleep(delay)
