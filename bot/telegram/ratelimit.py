"""python-telegram-bot's rate limiter, on the shared send budget (bot.checkins.ratelimit).

Every message the bot sends from python-telegram-bot (answers to workers, coaches' messages)
books a *live* slot in the one budget the check-in dispatchers also use, so all processes
together stay under Telegram's overall limit and a reply never queues behind a wave of
check-ins. Calls that are not messages (answering a button press, setting the webhook, the
command menu) are not counted and go at once. A message whose slot was missed by more than
15 ms (the process was busy) takes the next slot rather than crowd the ones after it. A 429
pauses the shared budget for every process for `retry_after`, then the call is tried again (up
to `max_retries` times).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.checkins.ratelimit import RateBudget

log = logging.getLogger("escalator.telegram")

# Bot API methods that deliver a message to a chat: these count towards the ~30/s.
COUNTED = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendAudio",
        "sendVoice",
        "sendVideo",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
        "sendContact",
        "sendPoll",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
    }
)


LATE_SLOT = 0.015  # seconds: a slot missed by more than this is left unused...
MAX_REBOOKS = 2  # ...at most twice for one message, so a reply is never held up for long


def retry_seconds(exc: RetryAfter) -> float:
    value = getattr(exc, "_retry_after", None)
    if isinstance(value, timedelta):
        return value.total_seconds()
    raw = exc.retry_after
    return raw.total_seconds() if isinstance(raw, timedelta) else float(raw)


class BudgetRateLimiter(BaseRateLimiter[int]):
    """Books a live slot for each message; honours 429s for everyone."""

    def __init__(
        self,
        budget: RateBudget,
        *,
        max_retries: int = 3,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.budget = budget
        self.max_retries = max_retries
        self._clock = clock
        self._pool: ThreadPoolExecutor | None = None
        self.booked = 0
        self.late = 0

    def _executor(self) -> ThreadPoolExecutor:
        # booking may be a database call: keep it off the event loop, and off the default pool
        # the conversation steps use, so a reply's booking never waits behind a slow step
        if self._pool is None:
            self._pool = ThreadPoolExecutor(2, thread_name_prefix="send-budget")
        return self._pool

    async def initialize(self) -> None:
        self._executor()

    async def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        attempt = 0
        while True:
            if endpoint in COUNTED:
                for rebook in range(MAX_REBOOKS + 1):
                    slot = await loop.run_in_executor(self._executor(), self.budget.reserve_live)
                    self.booked += 1
                    delay = slot - self._clock()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    # woke too late (a busy process): sent now it would crowd the next slots
                    # towards a 429 that pauses every sender; take the next slot instead
                    if self._clock() - slot <= LATE_SLOT or rebook == MAX_REBOOKS:
                        break
                    self.late += 1
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt >= self.max_retries:
                    raise
                attempt += 1
                wait = retry_seconds(exc)
                log.info("429 from Telegram on %s: every sender waits %.1f s", endpoint, wait)
                until = self._clock() + wait
                await loop.run_in_executor(self._executor(), self.budget.push_back, until)
                await asyncio.sleep(max(0.0, until - self._clock()))
