"""The Telegram adapter end to end through the real python-telegram-bot Application and the
local Bot API emulator, with a scripted double of the conversation service."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.conversation import Inbound
from bot.telegram.app import COMMANDS, SORRY, TelegramChannel, WorkerUnreachable
from db.models import Worker
from tests.bot.telegram.conftest import telegram_settings
from tests.bot.telegram.conversation_double import LONG_TEXT, ScriptedConversationService
from tests.telegram_emulator import BotApiEmulator

pytestmark = pytest.mark.integration


@pytest.fixture
def service() -> ScriptedConversationService:
    return ScriptedConversationService()


@pytest.fixture
async def channel(
    emulator: BotApiEmulator, service: ScriptedConversationService
) -> AsyncIterator[TelegramChannel]:
    channel = TelegramChannel(telegram_settings(emulator), service, poll_timeout=1)
    await channel.start()
    yield channel
    await channel.stop()


async def test_start_buttons_and_callback_answer(
    emulator: BotApiEmulator, service: ScriptedConversationService, channel: TelegramChannel
) -> None:
    ada = emulator.user(501, "Ada")
    ada.send_text("/start")
    messages = await ada.receive(at_least=2)
    assert [m["text"] for m in messages] == [
        "Hi Ada! Can I keep what you tell me?",
        "Please choose.",
    ]
    assert "reply_markup" not in messages[0]
    assert [b["text"] for b in ada.buttons()] == ["Yes", "No"]
    assert service.inbounds[0] == Inbound("telegram", 501, "command", "/start", "Ada")

    query_id = ada.press("Yes")
    assert await ada.receive_text() == "You chose consent:yes."
    assert emulator.callback_answers[query_id] is not None  # the spinner was stopped
    # the label of the button pressed comes along, for the transcript
    assert service.inbounds[1] == Inbound(
        "telegram", 501, "button", "consent:yes", "Ada", label="Yes"
    )


async def test_command_menu_is_set(emulator: BotApiEmulator, channel: TelegramChannel) -> None:
    assert [c["command"] for c in emulator.commands] == [name for name, _ in COMMANDS]
    assert {"start", "help", "mydata", "delete"} <= {c["command"] for c in emulator.commands}


async def test_long_reply_is_split_with_buttons_on_the_last_piece(
    emulator: BotApiEmulator, channel: TelegramChannel
) -> None:
    assert len(LONG_TEXT) > 4096
    sam = emulator.user(502)
    sam.send_text("long")
    messages = await sam.receive(at_least=2)
    assert len(messages) == 3
    assert all(len(m["text"]) <= 4096 for m in messages)
    assert ["reply_markup" in m for m in messages] == [False, False, True]
    assert "\n\n".join(m["text"] for m in messages) == LONG_TEXT.strip()
    assert all(m["text"].startswith("Paragraph ") for m in messages)  # cut between paragraphs


async def test_sticker_and_voice_get_a_polite_reply(
    emulator: BotApiEmulator, service: ScriptedConversationService, channel: TelegramChannel
) -> None:
    sam = emulator.user(503)
    sam.send_sticker()
    assert "only read text" in await sam.receive_text()
    sam.send_voice()
    assert "only read text" in await sam.receive_text()
    assert [i.kind for i in service.inbounds] == ["other", "other"]


async def test_document_reply_is_sent_as_a_file(
    emulator: BotApiEmulator, channel: TelegramChannel
) -> None:
    sam = emulator.user(504)
    sam.send_text("/mydata")
    messages = await sam.receive(at_least=2)
    assert messages[0]["text"] == "Here is your data."
    doc = messages[1]["document"]
    assert doc["file_name"] == "my-data.json"
    assert emulator.files[doc["file_id"]] == b'{"name": "Sam"}'


async def test_an_error_gets_a_friendly_reply_and_the_bot_keeps_going(
    emulator: BotApiEmulator, channel: TelegramChannel
) -> None:
    sam = emulator.user(505)
    sam.send_text("boom")
    assert await sam.receive_text() == SORRY
    sam.send_text("still there?")
    assert await sam.receive_text() == "echo: still there?"


async def test_blocked_bot_403_marks_the_worker_inactive(
    emulator: BotApiEmulator, service: ScriptedConversationService, channel: TelegramChannel
) -> None:
    sam = emulator.user(506)
    sam.send_text("hello")
    await sam.receive()
    sam.send_text("one more")
    sam.block(notify=False)  # blocked before the reply goes out: Telegram answers 403
    for _ in range(100):
        if service.inactive:
            break
        await asyncio.sleep(0.05)
    assert service.inactive == [("telegram", 506, "blocked")]
    assert await sam.quiet(0.5)  # and no apology attempt crashed anything


async def test_kicked_my_chat_member_marks_the_worker_inactive(
    emulator: BotApiEmulator, service: ScriptedConversationService, channel: TelegramChannel
) -> None:
    sam = emulator.user(507)
    sam.send_text("hello")
    await sam.receive()
    sam.block()  # Telegram sends my_chat_member with status "kicked"
    for _ in range(100):
        if service.inactive:
            break
        await asyncio.sleep(0.05)
    assert service.inactive == [("telegram", 507, "kicked")]
    assert [i.text for i in service.inbounds] == ["hello"]


async def test_429_is_retried_after_retry_after(
    emulator: BotApiEmulator, channel: TelegramChannel
) -> None:
    sam = emulator.user(508)
    emulator.fail_next("sendMessage", code=429, retry_after=1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    sam.send_text("hi")
    assert await sam.receive_text() == "echo: hi"
    assert loop.time() - started >= 1.0  # it waited retry_after before trying again
    assert len(emulator.calls_of("sendMessage")) == 2


async def test_each_chat_in_order_but_chats_in_parallel(
    emulator: BotApiEmulator, service: ScriptedConversationService, channel: TelegramChannel
) -> None:
    service.slow_texts["first"] = 2.0
    ann, bob = emulator.user(509), emulator.user(510)
    ann.send_text("first")
    ann.send_text("second")
    await asyncio.sleep(0.2)
    bob.send_text("quick")
    assert await bob.receive_text(timeout=1.5, settle=0.05) == "echo: quick"  # not held up by Ann
    texts = [m["text"] for m in await ann.receive(at_least=2)]
    assert texts == ["echo: first", "echo: second"]


async def test_send_to_worker_for_the_coach_app(
    emulator: BotApiEmulator, service: ScriptedConversationService, channel: TelegramChannel
) -> None:
    sam = emulator.user(511)
    sam.send_text("hello")
    await sam.receive()
    await channel.send_to_worker(Worker(channel="telegram", chat_id=511), "Your coach says hi.")
    assert await sam.receive_text() == "Your coach says hi."
    with pytest.raises(WorkerUnreachable, match="terminal"):
        await channel.send_to_worker(Worker(channel="terminal", chat_id=511), "Hi")
    sam.block(notify=False)
    with pytest.raises(WorkerUnreachable, match="blocked"):
        await channel.send_to_worker(Worker(channel="telegram", chat_id=511), "Still there?")
    assert service.inactive == [("telegram", 511, "blocked")]


async def test_sync_sends_from_another_thread(
    emulator: BotApiEmulator, service: ScriptedConversationService, channel: TelegramChannel
) -> None:
    sam = emulator.user(512)
    sam.send_text("hello")
    await sam.receive()
    assert await asyncio.to_thread(channel.sender.send_text_sync, 512, "From a thread.") is True
    assert await sam.receive_text() == "From a thread."
    checkin = await asyncio.to_thread(service.start_checkin, 1)
    assert await asyncio.to_thread(channel.send_replies_to_worker, 512, checkin) is True
    assert await sam.receive_text() == "How is it going?"
    sam.block(notify=False)
    assert await asyncio.to_thread(channel.send_replies_to_worker, 512, checkin) is False
    assert service.inactive == [("telegram", 512, "blocked")]
    with pytest.raises(RuntimeError, match="await"):
        channel.sender.send_text_sync(512, "called on the event loop")
