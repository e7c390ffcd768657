"""The emulator must answer like the real Bot API, or the adapter tests prove nothing.

These drive it with python-telegram-bot's own Bot, so every answer is parsed the way production
parses Telegram's answers.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter

from tests.telegram_emulator import BotApiEmulator

pytestmark = pytest.mark.integration


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emu:
        yield emu


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    bot = Bot(emulator.token, base_url=emulator.base_url, base_file_url=emulator.base_file_url)
    async with bot:
        yield bot


async def test_get_me_is_a_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == "SkillsEscalatorTestBot"


async def test_wrong_token_is_unauthorised(emulator: BotApiEmulator) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("1:wrong", base_url=emulator.base_url) as bad:
            await bad.get_me()


async def test_updates_long_poll_and_offsets(emulator: BotApiEmulator, bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert time.monotonic() - started >= 0.9  # it really waited
    user = emulator.user(7, "Ada")
    user.send_text("/start")
    user.send_text("hello")
    updates = await bot.get_updates(timeout=1)
    assert [u.message.text for u in updates] == ["/start", "hello"]
    first = updates[0].message
    assert first.entities[0].type == "bot_command"
    assert abs(first.date.timestamp() - time.time()) < 60  # seconds, not milliseconds
    again = await bot.get_updates(offset=updates[1].update_id + 1, timeout=0)
    assert again == ()


async def test_send_edit_and_callback(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.user(8)
    user.send_text("hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="y")]])
    sent = await bot.send_message(8, "Pick one", reply_markup=keyboard)
    assert sent.chat.id == 8 and sent.from_user.is_bot
    query_id = user.press("Yes")
    (update,) = [u for u in await bot.get_updates(timeout=0) if u.callback_query]
    query = update.callback_query
    assert query.id == query_id and query.data == "y" and query.chat_instance
    assert query.message.message_id == sent.message_id
    assert await query.answer() is True
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await query.answer()
    edited = await bot.edit_message_text(
        "Picked", chat_id=8, message_id=sent.message_id, reply_markup=keyboard
    )
    assert edited.text == "Picked" and edited.edit_date is not None
    assert edited.reply_markup == keyboard
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_text(
            "Picked", chat_id=8, message_id=sent.message_id, reply_markup=keyboard
        )
    cleared = await bot.edit_message_reply_markup(chat_id=8, message_id=sent.message_id)
    assert cleared.reply_markup is None


async def test_telegram_limits_and_errors(emulator: BotApiEmulator, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(9, "nobody pressed Start")
    user = emulator.user(9)
    user.send_text("hi")
    with pytest.raises(BadRequest, match="(?i)too long"):
        await bot.send_message(9, "x" * 4097)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(9, "buttons", reply_markup=too_long)
    emulator.fail_next("sendMessage", retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(9, "busy")
    assert caught.value.retry_after == 3
    user.block(notify=False)
    with pytest.raises(Forbidden, match="(?i)bot was blocked by the user"):
        await bot.send_message(9, "are you there?")


async def test_documents_and_commands(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.user(10).send_text("hi")
    message = await bot.send_document(10, document=b"a,b\n1,2\n", filename="data.csv")
    assert message.document.file_name == "data.csv"
    assert message.document.file_size == 8
    assert emulator.files[message.document.file_id] == b"a,b\n1,2\n"
    assert await bot.set_my_commands([("start", "Start")]) is True
    assert [c.command for c in await bot.get_my_commands()] == ["start"]


async def test_webhook_blocks_polling(emulator: BotApiEmulator, bot: Bot) -> None:
    assert await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="abc") is True
    info = await bot.get_webhook_info()
    assert info.url == "http://127.0.0.1:9/hook"
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    assert await bot.delete_webhook() is True
    assert await bot.get_updates(timeout=0) == ()
