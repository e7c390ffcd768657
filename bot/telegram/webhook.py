"""POST /telegram/webhook: where Telegram delivers updates in webhook mode.

Anyone on the internet can POST here, so we check the secret token Telegram echoes back in the
X-Telegram-Bot-Api-Secret-Token header (compared in constant time) before trusting a byte.
A body that is not a Telegram update gets 400; an update id already recorded (Telegram redelivers
until it gets a 200) gets 200 and is not handled again. With an inbox (`bot.telegram.inbox`, what
`escalator run` uses) the update is written to the database before the 200 and handled by
whichever process holds its chat's lock, in update-id order; without one (tests of the route
alone) it goes straight to this process's python-telegram-bot queue.
"""

from __future__ import annotations

import hmac
import json
import logging

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.telegram.inbox import InboxRunner

log = logging.getLogger("escalator.telegram")


def chat_key(update: Update) -> int:
    """Whose queue an update joins: its chat, else its sender, else 0 (all such share one)."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return 0


WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1_000_000


def create_webhook_route(
    application: Application,
    secret: str,
    path: str = WEBHOOK_PATH,
    inbox: InboxRunner | None = None,
) -> Route:
    """A Starlette route that checks the secret, then puts the update in the inbox (once per
    update id) or, without an inbox, on the application's queue."""
    if not secret:
        raise ValueError("a webhook needs a secret token")
    expected = secret.encode("utf-8")

    async def telegram_webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(given, expected):
            log.warning("Webhook call with a wrong or missing secret token was refused")
            return JSONResponse({"ok": False, "error": "forbidden"}, status_code=403)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return JSONResponse({"ok": False, "error": "too large"}, status_code=413)
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(data, application.bot)
        except Exception as exc:  # whatever the parser trips on, it is the sender's fault
            log.warning("Webhook body is not a Telegram update: %s: %s", type(exc).__name__, exc)
            return JSONResponse({"ok": False, "error": "bad update"}, status_code=400)
        if inbox is None:
            await application.update_queue.put(update)
            return JSONResponse({"ok": True})
        chat_id = chat_key(update)
        if not await run_in_threadpool(inbox.inbox.accept, update.update_id, chat_id, data):
            return JSONResponse({"ok": True, "duplicate": True})
        inbox.kick(chat_id)
        return JSONResponse({"ok": True})

    return Route(path, telegram_webhook, methods=["POST"], include_in_schema=False)


def create_webhook_router(
    application: Application,
    secret: str,
    path: str = WEBHOOK_PATH,
    inbox: InboxRunner | None = None,
) -> APIRouter:
    """The same route wrapped in a FastAPI router, for `app.include_router(...)`."""
    router = APIRouter()
    router.routes.append(create_webhook_route(application, secret, path, inbox))
    return router
