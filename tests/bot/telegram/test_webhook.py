"""Webhook mode: the emulator POSTs updates to our ASGI route, which checks the secret token."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from bot.telegram.app import TelegramChannel
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from tests.bot.telegram.conftest import serve_asgi, telegram_settings
from tests.bot.telegram.conversation_double import ScriptedConversationService
from tests.telegram_emulator import BotApiEmulator, free_port

pytestmark = pytest.mark.integration

SECRET = "s3cret-Token_for-tests"


@pytest.fixture
async def web(
    emulator: BotApiEmulator,
) -> AsyncIterator[tuple[TelegramChannel, ScriptedConversationService, str]]:
    port = free_port(exclude={emulator.port or 0})
    url = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    service = ScriptedConversationService()
    settings = telegram_settings(
        emulator, telegram_mode="webhook", telegram_webhook_url=url, telegram_webhook_secret=SECRET
    )
    channel = TelegramChannel(settings, service)
    app = FastAPI()
    app.include_router(channel.webhook_router())
    async with serve_asgi(app, port):
        await channel.start()
        yield channel, service, url
        await channel.stop()


async def test_updates_arrive_through_the_webhook(
    emulator: BotApiEmulator, web: tuple[TelegramChannel, ScriptedConversationService, str]
) -> None:
    channel, service, url = web
    assert emulator.webhook == {
        "url": url,
        "secret_token": SECRET,
        "allowed_updates": ["message", "callback_query", "my_chat_member"],
    }
    ada = emulator.user(601, "Ada")
    ada.send_text("/start")
    assert [m["text"] for m in await ada.receive(at_least=2)][0].startswith("Hi Ada!")
    ada.press("No")
    assert await ada.receive_text() == "You chose consent:no."
    assert [status for _, status in emulator.webhook_deliveries] == [200, 200]
    assert not emulator.calls_of("getUpdates")  # nothing polled in webhook mode


async def test_wrong_or_missing_secret_is_refused(
    emulator: BotApiEmulator, web: tuple[TelegramChannel, ScriptedConversationService, str]
) -> None:
    _, service, url = web
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": 602, "type": "private", "first_name": "Eve"},
            "from": {"id": 602, "is_bot": False, "first_name": "Eve"},
            "text": "let me in",
        },
    }
    async with httpx.AsyncClient() as client:
        missing = await client.post(url, json=update)
        wrong = await client.post(url, json=update, headers={SECRET_HEADER: SECRET + "x"})
        garbage = await client.post(url, content=b"{nope", headers={SECRET_HEADER: SECRET})
        not_update = await client.post(url, json={"hello": 1}, headers={SECRET_HEADER: SECRET})
        right = await client.post(url, json=update, headers={SECRET_HEADER: SECRET})
    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert (garbage.status_code, not_update.status_code) == (400, 400)
    assert right.status_code == 200
    for _ in range(100):
        if service.inbounds:
            break
        await asyncio.sleep(0.05)
    assert [i.text for i in service.inbounds] == ["let me in"]  # only the signed one got in


def test_a_webhook_needs_a_url_and_a_secret(emulator: BotApiEmulator) -> None:
    with pytest.raises(ValueError, match="TELEGRAM_WEBHOOK_URL"):
        TelegramChannel(
            telegram_settings(emulator, telegram_mode="webhook"), ScriptedConversationService()
        )
    with pytest.raises(ValueError, match="polling or webhook"):
        TelegramChannel(
            telegram_settings(emulator, telegram_mode="carrier-pigeon"),
            ScriptedConversationService(),
        )
    channel = TelegramChannel(
        telegram_settings(emulator, telegram_mode="webhook", telegram_webhook_url="https://x/y"),
        ScriptedConversationService(),
    )
    assert len(channel.webhook_secret) >= 32  # made up when not configured
