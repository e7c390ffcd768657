"""Fixtures for the Telegram channel tests: the Bot API emulator and settings pointing at it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn

from config.settings import Settings
from tests.telegram_emulator import BotApiEmulator


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
