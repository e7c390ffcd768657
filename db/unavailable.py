"""What a web app answers when the database cannot be reached: 503 and a friendly message
(a small HTML page for a browser, JSON for an API client) instead of a bare 500."""

from __future__ import annotations

import html
import logging
from typing import Any

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

log = logging.getLogger("escalator.db")

# Errors that mean "the database is down, unreachable, locked or full", not "a bug"
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeout)
MESSAGE = (
    "The database is not reachable right now, so this could not be done. Try again in a minute."
)
RETRY_AFTER_SECONDS = "30"


def database_down_response(request: Request, exc: Exception) -> Response:
    first_line = (str(getattr(exc, "orig", None) or exc).splitlines() or [""])[0]
    log.warning("Database unavailable for %s %s: %s", request.method, request.url.path, first_line)
    headers = {"Retry-After": RETRY_AFTER_SECONDS, "Cache-Control": "no-store"}
    if "text/html" in request.headers.get("accept", ""):
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            "<title>Back soon</title></head><body><h1>Back soon</h1>"
            f"<p>{html.escape(MESSAGE)}</p><p>Nothing you typed has been saved.</p></body></html>"
        )
        return HTMLResponse(page, status_code=503, headers=headers)
    return JSONResponse({"detail": MESSAGE}, status_code=503, headers=headers)


def install_database_down_handler(app: Any) -> None:
    """Answer DATABASE_DOWN errors from `app`'s routes with 503 (a FastAPI or Starlette app)."""
    for error in DATABASE_DOWN:
        app.add_exception_handler(error, database_down_response)
