"""Fixtures for the Telegram channel tests: the Bot API emulator and settings pointing at it."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn

from bot.settings import Settings
from tests.telegram_emulator import BotApiEmulator


def _missing(*modules: str) -> bool:
    try:
        return any(importlib.util.find_spec(m) is None for m in modules)
    except ModuleNotFoundError:
        return True


# The adapter is built against other helpers' modules (merged into main at different times).
# Until they are there, leave out the tests that need them rather than fail to collect.
collect_ignore: list[str] = []
if _missing("bot.conversation"):
    collect_ignore += ["test_app.py", "test_inbound.py", "test_webhook.py", "test_journeys.py"]
elif _missing("course_catalogue.search", "funding.engine", "nlu.normalise"):
    collect_ignore += ["test_journeys.py"]
if _missing(
    "bot.conversation",
    "bot.demo",
    "coach_web.app",
    "course_catalogue.api",
    "nlu.client",
):
    collect_ignore += ["test_service_run.py"]


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emu:
        yield emu


def telegram_settings(emu: BotApiEmulator, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "telegram_bot_token": emu.token,
        "telegram_base_url": emu.base_url,
        "telegram_base_file_url": emu.base_file_url,
        "telegram_mode": "polling",
        "telegram_webhook_secret": None,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def serve_asgi(app: Any, port: int) -> AsyncIterator[None]:
    """Serve an ASGI app with uvicorn on 127.0.0.1:port inside the test's event loop."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.02)
        yield
    finally:
        server.should_exit = True
        await task
