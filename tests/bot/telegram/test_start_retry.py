"""Telegram unreachable at start: the web apps serve, the bot keeps trying with back-off."""

from __future__ import annotations

import asyncio
import logging

import pytest
from fastapi.testclient import TestClient

from bot.telegram.app import TelegramChannel
from tests.bot.telegram.conftest import telegram_settings
from tests.bot.telegram.conversation_double import ScriptedConversationService
from tests.telegram_emulator import BotApiEmulator, free_port


class Waits:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


async def test_waits_double_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    emu = BotApiEmulator(port=free_port())  # never started: only its URLs are used
    channel = TelegramChannel(telegram_settings(emu), ScriptedConversationService())
    failures = 10

    async def start() -> None:
        nonlocal failures
        if failures:
            failures -= 1
            raise OSError("Bot API unreachable")

    monkeypatch.setattr(channel, "start", start)
    waits = Waits()
    await channel.start_with_retry(first_delay=2.0, max_delay=300.0, sleep=waits)
    assert waits.seconds == [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]


@pytest.mark.integration
async def test_bot_comes_up_when_the_bot_api_comes_back(
    caplog: pytest.LogCaptureFixture,
) -> None:
    emu = BotApiEmulator(port=free_port())  # the Bot API is down: nothing listens there yet
    channel = TelegramChannel(telegram_settings(emu), ScriptedConversationService(), poll_timeout=1)
    caplog.set_level(logging.WARNING, logger="escalator.telegram")
    task = asyncio.create_task(channel.start_with_retry(first_delay=0.05, max_delay=0.2))
    try:
        for _ in range(200):
            if "Telegram Bot API not reachable (try 2" in caplog.text:
                break
            await asyncio.sleep(0.02)
        assert not channel.running and not task.done()
        assert emu.token not in caplog.text
        await emu.start()
        await asyncio.wait_for(task, 20)
        assert channel.running
    finally:
        task.cancel()
        await channel.stop()
        await emu.stop()


async def test_web_apps_serve_while_telegram_is_not_up(session_factory) -> None:
    from bot.service import build_app
    from config.settings import Settings

    emu = BotApiEmulator(port=free_port())
    channel = TelegramChannel(telegram_settings(emu), ScriptedConversationService())
    settings = Settings(_env_file=None, session_secret="t" * 40)  # type: ignore[call-arg]
    client = TestClient(build_app(settings, session_factory, telegram=channel))
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"database": True, "nlu": False, "telegram": False}
    assert "starting (the Telegram Bot API is not reachable yet; retrying)" in client.get("/").text
    assert client.get("/coach/", follow_redirects=False).headers["location"] == "/coach/login"
