"""The APScheduler job that `escalator run` starts."""

from __future__ import annotations

import time
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy.orm import Session, sessionmaker

from benchmarks.checkin_dispatch import benchmark_source
from benchmarks.fake_bot_api import FakeBotApi
from bot.checkins.runner import CheckinScheduler, build_dispatcher, start_checkin_scheduler
from db.types import utcnow
from tests.bot.checkins.conftest import TOKEN, add_due, add_worker


def test_scheduler_tick_sends_due_checkins(
    session: Session, session_factory: sessionmaker[Session], fake_api: FakeBotApi
) -> None:
    for i in range(3):
        add_due(session, add_worker(session, 700 + i), utcnow() - timedelta(minutes=1))
    session.commit()
    dispatcher = build_dispatcher(
        session_factory, benchmark_source, base_url=fake_api.base_url, token=TOKEN, concurrency=2
    )
    scheduler = CheckinScheduler(dispatcher, tick_seconds=0.2).start()
    try:
        deadline = time.monotonic() + 20
        while fake_api.state.stats()["total"] < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        scheduler.shutdown(wait=True)
    assert fake_api.state.stats()["deliveries"] == {"700": 1, "701": 1, "702": 1}


def test_no_token_means_no_scheduler(session_factory: sessionmaker[Session]) -> None:
    settings = SimpleNamespace(telegram_bot_token=None)
    assert start_checkin_scheduler(settings, session_factory, service=None) is None
