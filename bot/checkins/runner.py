"""Wiring: the APScheduler job inside `escalator run`, and the real message source."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.orm import Session, sessionmaker

from bot.checkins.dispatcher import CheckinDispatcher, CheckinMessageSource
from bot.checkins.ratelimit import SEND_RATE, RateBudget, budget_for
from bot.checkins.sender import RateLimitedSender
from bot.checkins.transport import TelegramHttpTransport
from jobs import alerts

log = logging.getLogger("escalator.checkins")


class CheckinScheduler:
    """An APScheduler BackgroundScheduler whose interval job runs one dispatcher tick.

    APScheduler only provides the clock here: due check-ins live in the `checkins` table, so any
    number of processes can each run one of these (see `store.claim_due`).
    """

    def __init__(self, dispatcher: CheckinDispatcher, tick_seconds: float = 30.0) -> None:
        self.dispatcher = dispatcher
        self.scheduler = BackgroundScheduler(timezone=UTC)
        self.scheduler.add_job(
            dispatcher.tick,
            "interval",
            seconds=tick_seconds,
            id="checkin-dispatch",
            max_instances=1,  # one tick at a time; a long tick just delays the next
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
        # jobs: coach flags when a new vacancy fits a worker's goal; the daily vacancy purge
        alerts.register(self.scheduler, dispatcher.session_factory)

    def start(self) -> CheckinScheduler:
        self.scheduler.start()
        return self

    def shutdown(self, wait: bool = False) -> None:
        self.dispatcher.stop_event.set()
        self.scheduler.shutdown(wait=wait)
        if wait:
            self.dispatcher.shutdown()


def build_dispatcher(
    session_factory: sessionmaker[Session],
    source: CheckinMessageSource,
    *,
    base_url: str,
    token: str,
    rate: float = SEND_RATE,
    concurrency: int = 16,
    lease: timedelta = timedelta(seconds=60),
    instance_id: str | None = None,
    budget: RateBudget | None = None,
) -> CheckinDispatcher:
    """A dispatcher sending through `budget` (the one this process's live replies use), or the
    database's shared budget at `rate` when none is given."""
    engine = session_factory.kw["bind"]
    transport = TelegramHttpTransport(base_url, token, max_connections=concurrency)
    sender = RateLimitedSender(transport, budget or budget_for(engine, rate))
    return CheckinDispatcher(
        session_factory,
        source,
        sender,
        instance_id=instance_id,
        lease=lease,
        concurrency=concurrency,
    )


def start_checkin_scheduler(
    settings: Any,
    session_factory: sessionmaker[Session],
    service: Any,
    budget: RateBudget | None = None,
) -> CheckinScheduler | None:
    """Called by `escalator run`, with the send budget the Telegram channel uses. No Telegram
    token: no check-ins (nothing could deliver them)."""
    if not settings.telegram_bot_token:
        log.info("No TELEGRAM_BOT_TOKEN: scheduled check-ins are off.")
        return None
    dispatcher = build_dispatcher(
        session_factory,
        service.start_checkin,
        base_url=settings.telegram_base_url,
        token=settings.telegram_bot_token,
        rate=settings.telegram_send_rate,
        budget=budget,
    )
    return CheckinScheduler(dispatcher, settings.checkin_tick_seconds).start()
