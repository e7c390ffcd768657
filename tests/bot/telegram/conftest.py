"""Fixtures for the Telegram channel tests: the Bot API emulator and settings pointing at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.settings import Settings
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
