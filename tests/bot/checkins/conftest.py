"""Fixtures for check-in tests: a real local fake Bot API (real HTTP) and worker rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.checkin_dispatch import benchmark_source
from benchmarks.fake_bot_api import FakeBotApi
from bot.checkins.dispatcher import CheckinDispatcher, CheckinMessageSource
from bot.checkins.ratelimit import DbRateBudget, PerChatSpacing
from bot.checkins.sender import RateLimitedSender, RetryPolicy
from bot.checkins.transport import TelegramHttpTransport
from db.models import AvailabilitySlot, CheckIn, Worker

TOKEN = "TEST"
FAKE_PORT = 0  # any free port: parallel runs (several worktrees, CI) must not collide


@pytest.fixture(scope="session")
def fake_api_server() -> Iterator[FakeBotApi]:
    api = FakeBotApi(port=FAKE_PORT, token=TOKEN).start()
    yield api
    api.stop()


@pytest.fixture
def fake_api(fake_api_server: FakeBotApi) -> FakeBotApi:
    fake_api_server.state.reset()
    return fake_api_server


@pytest.fixture
def transport(fake_api: FakeBotApi) -> Iterator[TelegramHttpTransport]:
    t = TelegramHttpTransport(fake_api.base_url, TOKEN, timeout=5)
    yield t
    t.close()


MakeDispatcher = Callable[..., CheckinDispatcher]


@pytest.fixture
def make_dispatcher(
    session_factory: sessionmaker[Session], transport: TelegramHttpTransport
) -> Iterator[MakeDispatcher]:
    made: list[CheckinDispatcher] = []

    def make(
        source: CheckinMessageSource = benchmark_source,
        now: datetime | None = None,
        per_chat: PerChatSpacing | None = None,
        **kwargs: object,
    ) -> CheckinDispatcher:
        engine = session_factory.kw["bind"]
        sender = RateLimitedSender(
            transport,
            DbRateBudget(engine),
            per_chat,
            RetryPolicy(first_backoff=0.05, max_backoff=0.2),
        )
        clock = (lambda: now) if now is not None else None
        d = CheckinDispatcher(
            session_factory,
            source,
            sender,
            concurrency=4,
            **({"clock": clock} if clock else {}),
            **kwargs,  # type: ignore[arg-type]
        )
        made.append(d)
        return d

    yield make
    for d in made:
        d.shutdown()


def add_worker(
    session: Session,
    chat_id: int,
    *,
    status: str = "active",
    frequency: str | None = "weekly",
    window: tuple[time, time] | None = (time(17), time(21)),
    shifts: list[tuple[int, time, time]] = (),  # type: ignore[assignment]
    channel: str = "telegram",
) -> Worker:
    worker = Worker(
        chat_id=chat_id,
        channel=channel,
        status=status,
        checkin_frequency=frequency,
        checkin_window_start=window[0] if window else None,
        checkin_window_end=window[1] if window else None,
        first_name="Sam",
    )
    for day, start, end in shifts:
        worker.busy_slots.append(AvailabilitySlot(day=day, start_time=start, end_time=end))
    session.add(worker)
    session.flush()
    return worker


def add_due(session: Session, worker: Worker, due_at: datetime, kind: str = "checkin") -> CheckIn:
    row = CheckIn(worker_id=worker.id, due_at=due_at, status="due", kind=kind)
    session.add(row)
    session.flush()
    return row


def ago(now: datetime, minutes: int = 1) -> datetime:
    return now - timedelta(minutes=minutes)
