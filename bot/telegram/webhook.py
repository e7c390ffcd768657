"""POST /telegram/webhook: where Telegram delivers updates in webhook mode.

Anyone on the internet can POST here, so we check the secret token Telegram echoes back in the
X-Telegram-Bot-Api-Secret-Token header (compared in constant time) before trusting a byte.
A body that is not a Telegram update gets 400; an update id already handled (Telegram redelivers
until it gets a 200) gets 200 and is not handled again (`bot.telegram.seen`).
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

from bot.telegram.seen import SeenUpdates

log = logging.getLogger("escalator.telegram")

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1_000_000


def create_webhook_route(
    application: Application,
    secret: str,
    path: str = WEBHOOK_PATH,
    seen: SeenUpdates | None = None,
) -> Route:
    """A Starlette route that checks the secret and queues the update for the application
    (once per update id when `seen` is given)."""
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
        if seen is not None and not await run_in_threadpool(seen.first_time, update.update_id):
            return JSONResponse({"ok": True, "duplicate": True})
        await application.update_queue.put(update)
        return JSONResponse({"ok": True})

    return Route(path, telegram_webhook, methods=["POST"], include_in_schema=False)


def create_webhook_router(
    application: Application,
    secret: str,
    path: str = WEBHOOK_PATH,
    seen: SeenUpdates | None = None,
) -> APIRouter:
    """The same route wrapped in a FastAPI router, for `app.include_router(...)`."""
    router = APIRouter()
    router.routes.append(create_webhook_route(application, secret, path, seen))
    return router
