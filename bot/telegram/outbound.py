"""Sending the conversation's replies to a Telegram chat.

Used by the update handlers and by anything else that talks to a worker first (the coach app,
the check-in scheduler). A 403 means the worker blocked the bot: we tell the conversation service
so it marks the worker inactive and stops check-ins, instead of failing again and again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import Forbidden

from bot.telegram.split import split_message

if TYPE_CHECKING:
    from bot.conversation import Button, Reply

log = logging.getLogger("escalator.telegram")

CALLBACK_DATA_LIMIT = 64  # bytes, set by Telegram


class InactiveMarker(Protocol):
    """The part of ConversationService the sender needs."""

    def mark_inactive(self, channel: str, chat_id: int, reason: str) -> None: ...


def build_keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """Inline keyboard for the reply's buttons, or None when there are none."""
    keyboard = []
    for row in rows:
        buttons = []
        for button in row:
            if len(button.data.encode("utf-8")) > CALLBACK_DATA_LIMIT:
                raise ValueError(f"button data is over 64 bytes: {button.data!r}")
            buttons.append(InlineKeyboardButton(button.label, callback_data=button.data))
        if buttons:
            keyboard.append(buttons)
    return InlineKeyboardMarkup(keyboard) if keyboard else None


async def send_replies(bot: Bot, chat_id: int, replies: Sequence[Reply]) -> list[Message]:
    """Send each reply in order: its text (split to fit), its buttons, then its document.

    The buttons go on the last text piece (or on the document when there is no text), so they
    sit under the question they answer. Errors, including Forbidden, are raised to the caller.
    """
    sent: list[Message] = []
    for reply in replies:
        pieces = split_message(reply.text)
        keyboard = build_keyboard(reply.buttons)
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            sent.append(
                await bot.send_message(chat_id, piece, reply_markup=keyboard if last else None)
            )
        if reply.document is not None:
            filename, content = reply.document
            sent.append(
                await bot.send_document(
                    chat_id,
                    document=content,
                    filename=filename,
                    reply_markup=None if pieces else keyboard,
                )
            )
        elif not pieces:
            log.warning("Skipped an empty reply to chat %s", chat_id)
    return sent


class TelegramSender:
    """Sends to a worker's chat from async code or from other threads (sync callers).

    `send_text_sync` and `send_replies_sync` hand the work to the bot's event loop, so FastAPI
    sync endpoints and scheduler threads can use one shared, rate-limited Bot. They return True
    when the message went out and False when the worker has blocked the bot (then marked
    inactive). Other Telegram errors are raised.
    """

    def __init__(
        self,
        bot: Bot,
        service: InactiveMarker,
        loop: asyncio.AbstractEventLoop | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.bot = bot
        self.service = service
        self.loop = loop
        self.timeout = timeout

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Remember the event loop the bot runs in (done when the channel starts)."""
        self.loop = loop

    async def send_replies(self, chat_id: int, replies: Sequence[Reply]) -> bool:
        try:
            await send_replies(self.bot, chat_id, replies)
        except Forbidden as exc:
            await mark_blocked(self.service, chat_id, exc)
            return False
        return True

    async def send_text(self, chat_id: int, text: str) -> bool:
        from bot.conversation import Reply

        return await self.send_replies(chat_id, [Reply(text=text)])

    def send_replies_sync(self, chat_id: int, replies: Sequence[Reply]) -> bool:
        return self._run(self.send_replies(chat_id, replies))

    def send_text_sync(self, chat_id: int, text: str) -> bool:
        return self._run(self.send_text(chat_id, text))

    def _run(self, coro: Coroutine[Any, Any, bool]) -> bool:
        loop = self.loop
        if loop is None or loop.is_closed() or not loop.is_running():
            coro.close()
            raise RuntimeError("The Telegram channel is not running.")
        if _running_in(loop):
            coro.close()
            raise RuntimeError(
                "send_*_sync was called on the bot's event loop; await send_text() instead."
            )
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        return future.result(self.timeout)


def _running_in(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


async def mark_blocked(service: InactiveMarker, chat_id: int, exc: Exception) -> None:
    """The worker blocked the bot (403): record it so nobody keeps messaging them."""
    log.info("Chat %s refused our message (%s): marking the worker inactive", chat_id, exc)
    await asyncio.to_thread(service.mark_inactive, "telegram", chat_id, "blocked")


__all__ = [
    "TelegramSender",
    "build_keyboard",
    "mark_blocked",
    "send_replies",
]
