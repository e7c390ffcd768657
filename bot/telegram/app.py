"""The Telegram channel: turns Telegram updates into `Inbound`s and sends back the `Reply`s.

All conversation logic lives in `ConversationService` (sync, database-backed); here we only
translate, run it in a worker thread so the event loop stays free, and deal with Telegram's
rules: 4096-character messages, always answering button presses, 403 for blocked bots, and the
send budget shared with the check-in dispatchers (bot.telegram.ratelimit: replies go first; a
429 pauses every sender for `retry_after`, then the message is tried again).
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from telegram import BotCommand, ChatMember, Update
from telegram.error import Forbidden
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.checkins.ratelimit import LocalRateBudget, RateBudget
from bot.telegram.inbox import InboxRunner
from bot.telegram.outbound import TelegramSender, mark_blocked, send_replies
from bot.telegram.ratelimit import BudgetRateLimiter
from config.settings import Settings

if TYPE_CHECKING:
    from fastapi import APIRouter

    from bot.conversation import ConversationService, Inbound, Reply

log = logging.getLogger("escalator.telegram")

CHANNEL = "telegram"
SORRY = "Sorry, something went wrong on our side. Please try again."
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]

# The menu Telegram shows next to the text box. Plain words: the worker sees these.
COMMANDS: list[tuple[str, str]] = [
    ("start", "Start, or start again"),
    ("help", "What I can do"),
    ("plan", "See your learning plan"),
    ("courses", "Find courses that fit your shifts"),
    ("funding", "Check help to pay for a course"),
    ("jobs", "Jobs that fit you"),
    ("checkin", "Check in on how it is going"),
    ("pause", "Pause my messages"),
    ("stop", "Stop my messages"),
    ("mydata", "Get a copy of your data"),
    ("delete", "Delete your data"),
]

_COMMAND_RE = re.compile(r"^/([A-Za-z0-9_]+)(?:@[A-Za-z0-9_]+)?(?:\s+(.*))?$", re.DOTALL)
SERVICE_KEY = "conversation_service"
INBOX_KEY = "webhook_inbox"


def normalise_command(text: str) -> str:
    """'/Start@SkillsBot  abc' -> '/start abc': the service sees one spelling per command."""
    match = _COMMAND_RE.match(text.strip())
    if not match:
        return text.strip()
    name, args = match.group(1).lower(), (match.group(2) or "").strip()
    return f"/{name} {args}" if args else f"/{name}"


def inbound_from_update(update: Update) -> Inbound | None:
    """Translate one update into what the conversation service understands, or None to ignore.

    Only private chats count: the bot coaches one worker at a time, never a group.
    """
    from bot.conversation import Inbound

    chat = update.effective_chat
    user = update.effective_user
    first_name = user.first_name if user else None
    if update.callback_query is not None:
        query = update.callback_query
        chat_id = chat.id if chat is not None else query.from_user.id
        if chat is not None and chat.type != chat.PRIVATE:
            return None
        return Inbound(
            CHANNEL, chat_id, "button", query.data or "", first_name, _button_label(query)
        )
    message = update.message
    if message is None or chat is None or chat.type != chat.PRIVATE:
        return None
    if message.text is not None:
        entities = message.entities or ()
        if any(e.type == e.BOT_COMMAND and e.offset == 0 for e in entities):
            return Inbound(CHANNEL, chat.id, "command", normalise_command(message.text), first_name)
        return Inbound(CHANNEL, chat.id, "text", message.text, first_name)
    if _is_service_message(message):
        return None
    return Inbound(CHANNEL, chat.id, "other", message.caption or "", first_name)


def _button_label(query: Any) -> str | None:
    """The label of the pressed button: the button on the query's message whose callback data
    is the query's (None when the message or its keyboard is not available)."""
    message = getattr(query, "message", None)
    markup = getattr(message, "reply_markup", None)
    for row in getattr(markup, "inline_keyboard", None) or ():
        for button in row:
            if button.callback_data is not None and button.callback_data == query.data:
                return str(button.text)
    return None


def _is_service_message(message: Any) -> bool:
    """Joins, pins, title changes and the like: not something the worker said to us."""
    return bool(filters.StatusUpdate.ALL.check_update(Update(0, message=message)))


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Handle different chats at the same time, but each chat's updates strictly in order.

    One slow database call for one worker must not hold up everyone else, while two quick
    messages from the same worker must still be answered in the order they were sent.
    """

    def __init__(self, max_concurrent_updates: int = 16) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _chat_key(update: object) -> int:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return 0


def _service(context: ContextTypes.DEFAULT_TYPE) -> ConversationService:
    return context.application.bot_data[SERVICE_KEY]


async def _converse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one path every worker message takes: Inbound -> service (in a thread) -> replies."""
    inbound = inbound_from_update(update)
    if inbound is None:
        return
    service = _service(context)
    inbox = context.application.bot_data.get(INBOX_KEY)
    if inbox is not None:  # webhook inbox: the step and the "handled" mark commit together
        replies = await asyncio.to_thread(service.handle, inbound, inbox.claimer(update.update_id))
    else:
        replies = await asyncio.to_thread(service.handle, inbound)
    try:
        await send_replies(context.bot, inbound.chat_id, replies)
    except Forbidden as exc:
        await mark_blocked(service, inbound.chat_id, exc)


async def on_callback_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer first (Telegram shows a spinner until we do), then treat the press as input."""
    query = update.callback_query
    assert query is not None
    try:
        await query.answer()
    except Exception:  # an old query cannot be answered; the press still counts
        log.warning("Could not answer callback query %s", query.id, exc_info=True)
    await _converse(update, context)


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The worker blocked or removed the bot: stop messaging them."""
    change = update.my_chat_member
    if change is None or change.chat.type != change.chat.PRIVATE:
        return
    status = change.new_chat_member.status
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        reason = "kicked" if status == ChatMember.BANNED else "left"
        log.info("Chat %s: bot was %s", change.chat.id, reason)
        await asyncio.to_thread(_service(context).mark_inactive, CHANNEL, change.chat.id, reason)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log it, say sorry in plain words, and keep the bot running whatever happened."""
    error = context.error
    chat_id = _chat_key(update) if isinstance(update, Update) else 0
    if isinstance(error, Forbidden) and chat_id:
        try:
            await mark_blocked(_service(context), chat_id, error)
        except Exception:
            log.exception("Could not mark chat %s inactive", chat_id)
        return
    log.error("Error while handling an update", exc_info=error)
    if not chat_id:
        return
    try:
        await context.bot.send_message(chat_id, SORRY)
    except Forbidden as exc:
        try:
            await mark_blocked(_service(context), chat_id, exc)
        except Exception:
            log.exception("Could not mark chat %s inactive", chat_id)
    except Exception:
        log.exception("Could not send the apology to chat %s", chat_id)


def build_application(
    settings: Settings,
    service: ConversationService,
    *,
    max_retries: int = 3,
    concurrent_updates: int = 16,
    budget: RateBudget | None = None,
) -> Application:
    """A python-telegram-bot Application wired to the conversation service.

    The Bot API address comes from settings, so tests (and a local Bot API server) can stand in
    for api.telegram.org. Messages book live slots in `budget` (the one the check-in dispatchers
    share; a budget of its own when none is given); 429s are retried up to `max_retries` times
    after `retry_after`.
    """
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    if budget is None:
        budget = LocalRateBudget(settings.telegram_send_rate)
    # httpx logs every request URL at INFO, and Bot API URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .rate_limiter(BudgetRateLimiter(budget, max_retries=max_retries))
        .concurrent_updates(PerChatUpdateProcessor(concurrent_updates))
        .build()
    )
    application.bot_data[SERVICE_KEY] = service
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    names = [name for name, _ in COMMANDS]
    application.add_handler(CommandHandler(names, _converse, filters=private))
    application.add_handler(MessageHandler(private & filters.COMMAND, _converse))  # unknown ones
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, _converse))
    application.add_handler(
        MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, _converse)
    )
    application.add_handler(CallbackQueryHandler(on_callback_query))
    application.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_error_handler(on_error)
    return application


class WorkerLike(Protocol):
    """What we need of a `db.models.Worker`."""

    channel: str
    chat_id: int


class WorkerUnreachable(Exception):
    """The message could not go to this worker: not on Telegram, or the bot is blocked."""


class TelegramChannel:
    """Runs the bot inside the service's event loop, next to uvicorn (polling or webhook)."""

    def __init__(
        self,
        settings: Settings,
        service: ConversationService,
        *,
        poll_timeout: float = 10.0,
        max_retries: int = 3,
        concurrent_updates: int = 16,
        budget: RateBudget | None = None,
    ) -> None:
        self.settings = settings
        self.service = service
        self.mode = settings.telegram_mode
        if self.mode not in ("polling", "webhook"):
            raise ValueError(f"TELEGRAM_MODE must be polling or webhook, not {self.mode!r}")
        if self.mode == "webhook" and not settings.telegram_webhook_url:
            raise ValueError("TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_URL")
        self.application = build_application(
            settings,
            service,
            max_retries=max_retries,
            concurrent_updates=concurrent_updates,
            budget=budget,
        )
        self.sender = TelegramSender(self.application.bot, service)
        # Telegram allows A-Z, a-z, 0-9, _ and -; token_urlsafe uses exactly those.
        self.webhook_secret = settings.telegram_webhook_secret or secrets.token_urlsafe(32)
        self.poll_timeout = poll_timeout
        self._running = False
        self.inbox: InboxRunner | None = None

    @property
    def running(self) -> bool:
        return self._running

    async def start(self) -> None:
        """Connect to the Bot API and start polling (or set the webhook). Raises when the Bot
        API cannot be reached; safe to call again after a failure."""
        app = self.application
        await app.initialize()  # does nothing the second time
        try:
            await app.bot.set_my_commands([BotCommand(n, d) for n, d in COMMANDS])
        except Exception:  # the menu is a nicety; never let it stop the bot
            log.warning("Could not set the bot's command menu", exc_info=True)
        if not app.running:
            await app.start()
        self.sender.attach(asyncio.get_running_loop())
        if self.mode == "polling":
            assert app.updater is not None
            if not app.updater.running:
                await app.updater.start_polling(
                    timeout=int(self.poll_timeout), allowed_updates=ALLOWED_UPDATES
                )
        else:
            await app.bot.set_webhook(
                url=self.settings.telegram_webhook_url or "",
                secret_token=self.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
            if self.inbox is not None:
                self.inbox.start()
        self._running = True
        log.info("Telegram channel started (%s)", self.mode)

    async def start_with_retry(
        self,
        *,
        first_delay: float = 2.0,
        max_delay: float = 300.0,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        """Keep trying `start` with doubling waits (2 s, 4 s, ... up to 5 minutes) until the Bot
        API answers. Run it as a background task: the web apps do not wait for Telegram."""
        delay = first_delay
        attempt = 1
        while True:
            try:
                await self.start()
                if attempt > 1:
                    log.info("Telegram Bot API reachable again after %d tries", attempt)
                return
            except Exception as exc:
                reason = f"{type(exc).__name__}: {exc}"
                token = self.settings.telegram_bot_token
                if token:
                    reason = reason.replace(token, "***")
                log.warning(
                    "Telegram Bot API not reachable (try %d: %s); the web apps keep running "
                    "and the bot tries again in %.0f s",
                    attempt,
                    reason,
                    delay,
                )
            await sleep(delay)
            delay = min(delay * 2, max_delay)
            attempt += 1

    async def stop(self) -> None:
        """Stop whatever part of the channel started (all of it, or what a failed start left)."""
        was_running = self._running
        self._running = False
        if self.inbox is not None:
            await self.inbox.stop()
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()  # does nothing when the application never initialised
        if was_running:
            log.info("Telegram channel stopped")

    def webhook_router(self, session_factory: Any | None = None) -> APIRouter:
        """The webhook route. With a session factory, updates go through the database inbox
        (`bot.telegram.inbox`): each update id handled once and each chat's updates in order,
        however many processes serve the webhook."""
        from bot.telegram.chat_locks import chat_locks_for
        from bot.telegram.inbox import MAX_CONCURRENT_CHATS, UpdateInbox
        from bot.telegram.webhook import create_webhook_router

        if session_factory is not None and self.inbox is None:
            inbox = UpdateInbox(session_factory)
            locks = chat_locks_for(session_factory.kw["bind"], MAX_CONCURRENT_CHATS)
            self.inbox = InboxRunner(inbox, self._process_payload, locks)
            self.application.bot_data[INBOX_KEY] = inbox
        return create_webhook_router(self.application, self.webhook_secret, inbox=self.inbox)

    async def _process_payload(self, update_id: int, payload: dict[str, Any]) -> None:
        """Handle one update from the inbox through the usual handlers (replies sent too)."""
        update = Update.de_json(payload, self.application.bot)
        await self.application.process_update(update)

    async def send_to_worker(self, worker: WorkerLike, text: str) -> None:
        """The coach app's `SendToWorker`: send `text` to the worker's chat, or raise.

        Raises `WorkerUnreachable` when the worker is not on Telegram or has blocked the bot (the
        worker is then marked inactive), and Telegram errors (e.g. network) as they come.
        """
        if worker.channel != CHANNEL:
            raise WorkerUnreachable(f"the worker chats on {worker.channel}, not Telegram")
        if not await self.sender.send_text(worker.chat_id, text):
            raise WorkerUnreachable("the worker has blocked the bot")

    def send_replies_to_worker(self, chat_id: int, replies: Sequence[Reply]) -> bool:
        """From another thread (e.g. a scheduler job): send the service's replies to a chat.

        True when sent, False when the worker has blocked the bot (then marked inactive).
        """
        return self.sender.send_replies_sync(chat_id, replies)


async def start_telegram(settings: Settings, service: ConversationService) -> TelegramChannel:
    """Start the channel in the running event loop; keep the result to stop it later."""
    channel = TelegramChannel(settings, service)
    await channel.start()
    return channel


async def stop_telegram(channel: TelegramChannel) -> None:
    await channel.stop()
