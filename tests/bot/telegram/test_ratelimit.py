"""The channel's messages go through the shared send budget (bot.telegram.ratelimit), against
the Bot API emulator: messages are paced, other calls are not, a 429 pauses every sender, and a
reply never queues behind a wave of check-ins booking the same budget."""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from collections.abc import AsyncIterator

import pytest

from bot.checkins.ratelimit import LocalRateBudget
from bot.telegram.app import TelegramChannel
from bot.telegram.ratelimit import BudgetRateLimiter
from tests.bot.telegram.conftest import telegram_settings
from tests.bot.telegram.conversation_double import ScriptedConversationService
from tests.telegram_emulator import BotApiEmulator

pytestmark = pytest.mark.integration


@pytest.fixture
async def paced(emulator: BotApiEmulator) -> AsyncIterator[tuple[TelegramChannel, LocalRateBudget]]:
    budget = LocalRateBudget(rate=10)
    channel = TelegramChannel(
        telegram_settings(emulator), ScriptedConversationService(), poll_timeout=1, budget=budget
    )
    await channel.start()
    yield channel, budget
    await channel.stop()


def _limiter(channel: TelegramChannel) -> BudgetRateLimiter:
    limiter = channel.application.bot.rate_limiter
    assert isinstance(limiter, BudgetRateLimiter)
    return limiter


async def test_messages_are_paced_by_the_budget_and_button_answers_are_not(
    emulator: BotApiEmulator, paced: tuple[TelegramChannel, LocalRateBudget]
) -> None:
    channel, _ = paced
    sam = emulator.user(801)
    sam.send_text("hello")
    await sam.receive()
    booked = _limiter(channel).booked
    started = time.monotonic()
    for i in range(4):
        assert await channel.sender.send_text(801, f"note {i}")
    assert time.monotonic() - started >= 0.3 - 0.02  # 10 a second: 4 messages span 0.3 s
    assert _limiter(channel).booked == booked + 4
    answers_before = len(emulator.calls_of("answerCallbackQuery"))
    sam.send_text("/start")
    await sam.receive(at_least=2)
    sam.press("Yes")
    await sam.receive()
    assert len(emulator.calls_of("answerCallbackQuery")) == answers_before + 1
    # /start's two replies and the button's one: three booked, the button answer not
    assert _limiter(channel).booked == booked + 4 + 3


async def test_a_429_pauses_the_shared_budget_then_the_message_goes(
    emulator: BotApiEmulator, paced: tuple[TelegramChannel, LocalRateBudget]
) -> None:
    channel, budget = paced
    emulator.user(802)
    emulator.fail_next("sendMessage", code=429, retry_after=1)
    started = time.time()
    assert await channel.sender.send_text(802, "after the pause")
    assert time.time() - started >= 1.0
    assert budget.reserve() >= started + 1.0  # a check-in waits the pause out too
    assert [m["text"] for m in emulator.chats[802].inbox] == ["after the pause"]


async def test_a_reply_does_not_wait_behind_a_bulk_wave(emulator: BotApiEmulator) -> None:
    budget = LocalRateBudget(rate=20)
    channel = TelegramChannel(
        telegram_settings(emulator), ScriptedConversationService(), poll_timeout=1, budget=budget
    )
    await channel.start()
    stop = threading.Event()
    bulk_sent: list[float] = []

    def wave() -> None:  # a dispatcher sending check-ins as fast as the budget lets it
        while not stop.is_set():
            slot = budget.reserve()
            time.sleep(max(0.0, slot - time.time()))
            bulk_sent.append(slot)

    threads = [threading.Thread(target=wave) for _ in range(16)]  # a dispatcher's 16 senders
    for t in threads:
        t.start()
    try:
        await asyncio.sleep(0.5)
        emulator.user(803)
        waits = []
        for i in range(6):
            started = time.monotonic()
            assert await channel.sender.send_text(803, f"reply {i}")
            waits.append(time.monotonic() - started)
            await asyncio.sleep(0.15)
    finally:
        stop.set()
        for t in threads:
            t.join()
        await channel.stop()
    # at 20 a second the wave would push a reply back a second if bulk booked ahead; it waits
    # about two slots (0.1 s) plus the HTTP call instead
    assert statistics.median(waits) < 0.3, waits
    assert len(bulk_sent) >= 20  # and the wave kept going around the replies
