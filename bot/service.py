"""`escalator run`: the whole service in one process.

Order matters: the database is migrated (and seeded on first start) before anything can use it;
Rasa starts as a managed child process, but the bot does not wait on it forever: when Rasa cannot
start, the bot runs with buttons only and the NLU client keeps probing until Rasa is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import uvicorn
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from config.settings import Settings, refusal
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade

if TYPE_CHECKING:
    from bot.checkins.runner import CheckinScheduler
    from bot.telegram.app import TelegramChannel
    from coach_web.summaries import SummaryRefresher
    from nlu.server import RasaProcess

log = logging.getLogger("escalator.service")


def run_service(settings: Settings, with_rasa: bool = True) -> int:
    reason = refusal(settings)
    if reason is not None:
        print(reason, file=sys.stderr, flush=True)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(settings, with_rasa=with_rasa))
    return 0


def _start_rasa(settings: Settings) -> Any | None:
    """Train the NLU model if it is missing and start Rasa; None (buttons only) on failure."""
    from nlu.server import RasaProcess, RasaStartError, ensure_model

    try:
        ensure_model(settings)
        rasa = RasaProcess(settings)
        rasa.start()
        return rasa
    except RasaStartError as exc:
        log.warning("Rasa is not running, the bot will use buttons only: %s", exc)
        return None


def build_app(
    settings: Settings,
    factory: sessionmaker[Session],
    *,
    nlu_available: Callable[[], bool] | None = None,
    telegram: Any | None = None,
) -> Any:
    """The one ASGI app `escalator run` serves: status page, provider and employer routers,
    coach app and, in webhook mode, the Telegram webhook. `telegram` is a TelegramChannel or
    None."""
    from bot.telegram.webhook import MAX_BODY_BYTES, WEBHOOK_PATH
    from bot.web import create_web_app
    from coach_web.app import create_coach_app
    from course_catalogue.api import create_provider_router
    from jobs.api import create_employer_router

    employers = create_employer_router(
        factory, session_secret=settings.session_secret, secure_cookies=settings.secure_cookies
    )
    routers: list[Any] = [create_provider_router(factory), employers]
    send_to_worker = None
    if telegram is not None:
        send_to_worker = telegram.send_to_worker
        if settings.telegram_mode == "webhook":
            routers.append(telegram.webhook_router(factory))
    coach = create_coach_app(factory, settings, send_to_worker)
    return create_web_app(
        settings,
        factory,
        nlu_available=nlu_available,
        mounts={"/coach": coach},
        routers=routers,
        links={
            "/coach/": "Coach app",
            "/provider/": "Provider course upload",
            "/employer/": "Employer vacancies",
        },
        telegram_on=(lambda: telegram.running) if telegram is not None else False,
        body_limits={WEBHOOK_PATH: MAX_BODY_BYTES},
    )


def server_options(settings: Settings) -> dict[str, Any]:
    """Where uvicorn listens, and whose X-Forwarded-For / X-Forwarded-Proto it believes: only
    the proxies in FORWARDED_ALLOW_IPS (unset: none, not uvicorn's own default of 127.0.0.1, so
    a local process cannot pick the address the login throttle counts)."""
    trusted = settings.forwarded_allow_ips
    return {
        "host": settings.web_host,
        "port": settings.web_port,
        "proxy_headers": trusted is not None,
        "forwarded_allow_ips": trusted or "",
    }


async def _serve(settings: Settings, *, with_rasa: bool) -> None:
    await _prepare_database(settings)
    parts = await _start_parts(settings, with_rasa=with_rasa)
    server = _uvicorn_server(parts.app, settings)
    try:
        if parts.telegram is not None:
            # in the background: the web apps serve even while the Bot API is unreachable
            parts.telegram_task = asyncio.create_task(parts.telegram.start_with_retry())
        print(
            f"Skills Escalator is running on http://{settings.web_host}:{settings.web_port}/",
            flush=True,
        )
        await server.serve()
    finally:
        await parts.stop()


async def _prepare_database(settings: Settings) -> None:
    """Migrate before anything uses the database; then, in development only, load the demo data
    into an empty database and show its logins (a database with data is left as it is)."""
    from bot.demo import DemoSeedRefused, seed_demo

    log.info("Migrating the database (%s)", settings.database_url.split("@")[-1])
    await asyncio.to_thread(upgrade, settings.database_url)
    if not (settings.demo_seed and settings.app_env == "development"):
        return
    try:
        logins = await asyncio.to_thread(seed_demo, settings.database_url, app_env=settings.app_env)
    except DemoSeedRefused as exc:
        log.info("%s", exc)
        return
    for line in logins:
        print(line, flush=True)


@dataclass
class _Running:
    """What `escalator run` starts next to the web server, kept together so that one method
    stops it all, in order, however serving ended."""

    engine: Engine
    app: Any
    refresher: SummaryRefresher
    rasa: RasaProcess | None = None
    telegram: TelegramChannel | None = None
    scheduler: CheckinScheduler | None = None
    telegram_task: asyncio.Task[None] | None = None

    async def stop(self) -> None:
        """Telegram first (no new messages come in), then check-ins, summaries, Rasa, and the
        database connections last, as every other part may still be using them."""
        log.info("Shutting down")
        if self.telegram_task is not None:
            self.telegram_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.telegram_task
        if self.telegram is not None:
            await self.telegram.stop()
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        self.refresher.stop()
        if self.rasa is not None:
            await asyncio.to_thread(self.rasa.stop)
        self.engine.dispose()


async def _start_parts(settings: Settings, *, with_rasa: bool) -> _Running:
    """Start Rasa (when managed), the conversation service, the Telegram channel (with a token),
    the web app, the summary refresher and the check-in scheduler (when enabled)."""
    from bot.checkins.ratelimit import budget_for
    from bot.conversation import ConversationService
    from coach_web.summaries import SummaryRefresher
    from nlu.server import make_client

    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)
    rasa = None
    if with_rasa and settings.rasa_managed:
        rasa = await asyncio.to_thread(_start_rasa, settings)
    nlu = make_client(settings)
    service = ConversationService(factory, nlu)
    # one send budget for live replies and check-ins (shared by every process on PostgreSQL)
    budget = budget_for(engine, settings.telegram_send_rate)
    telegram = _telegram_channel(settings, service, budget)
    app = build_app(settings, factory, nlu_available=lambda: nlu.available, telegram=telegram)
    # the coach pages read worker summaries: keep them worked out in the background
    refresher = SummaryRefresher(factory).start()
    scheduler = None
    if settings.scheduler_enabled:
        from bot.checkins.runner import start_checkin_scheduler

        scheduler = start_checkin_scheduler(settings, factory, service, budget)
    return _Running(engine, app, refresher, rasa=rasa, telegram=telegram, scheduler=scheduler)


def _telegram_channel(settings: Settings, service: Any, budget: Any) -> TelegramChannel | None:
    """The Telegram channel when a bot token is set; without one the bot is the terminal's."""
    if not settings.telegram_bot_token:
        log.info("No TELEGRAM_BOT_TOKEN: the Telegram channel is off. Try `escalator chat`.")
        return None
    from bot.telegram.app import TelegramChannel

    return TelegramChannel(settings, service, budget=budget)


def _uvicorn_server(app: Any, settings: Settings) -> uvicorn.Server:
    """uvicorn for `app`; SIGINT and SIGTERM let it finish its requests and return, so the
    parts are stopped in order (where the loop cannot take signal handlers, Ctrl-C still ends
    the run)."""
    server = uvicorn.Server(uvicorn.Config(app, log_level="info", **server_options(settings)))
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, lambda: setattr(server, "should_exit", True))
    return server
