"""The one ASGI app the service runs: status page, health check, and the mounted web parts.

Each part (provider API, coach app, Telegram webhook) is built by its own package; this module
only decides where each one lives, so the parts stay independent of each other.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from bot.body_limit import BodyLimitMiddleware
from config.settings import Settings
from db.models import CourseRun, Provider, Worker
from db.unavailable import install_database_down_handler
from web_security.headers import DOCS_POLICIES, SecurityHeaders
from web_security.proxy import ForwardedHeaderWarning

log = logging.getLogger("escalator.web")

# One upload of the largest allowed file (20 MB), plus room for the multipart framing and form
# fields around it.
MAX_REQUEST_BYTES = 20 * 1024 * 1024 + 64 * 1024


def create_web_app(
    settings: Settings,
    session_factory: sessionmaker[Session],
    *,
    nlu_available: Callable[[], bool] | None = None,
    mounts: dict[str, Any] | None = None,
    routers: list[Any] | None = None,
    links: dict[str, str] | None = None,
    telegram_on: bool | Callable[[], bool] = False,
    max_body_bytes: int = MAX_REQUEST_BYTES,
    body_limits: dict[str, int] | None = None,
) -> FastAPI:
    """Build the service's web app. `mounts` maps a path to a sub-app; `routers` are included;
    `links` (path -> label) are the pages the status page points people to. Request bodies over
    `max_body_bytes` (or `body_limits[path]`) are refused with 413 before they are read. Every
    answer carries the security headers (web_security.headers)."""
    app = FastAPI(title="Skills Escalator", version="0.1.0")
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes, path_limits=body_limits)
    app.add_middleware(SecurityHeaders, policies=DOCS_POLICIES)  # every answer, the 413s too
    if settings.forwarded_allow_ips is None:
        app.add_middleware(ForwardedHeaderWarning)
    install_database_down_handler(app)
    for router in routers or []:
        app.include_router(router)
    for path, sub in (mounts or {}).items():
        app.mount(path, sub)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> JSONResponse:
        db_ok = database_takes_writes(session_factory)
        body = {"database": db_ok, "nlu": _is_up(nlu_available), "telegram": _is_up(telegram_on)}
        return JSONResponse(body, status_code=200 if db_ok else 503)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        facts = _count_facts(session_factory)
        nlu = "up" if _is_up(nlu_available) else "down (buttons only)"
        return HTMLResponse(status_page(facts, nlu, telegram_status(telegram_on), links or {}))

    return app


def _is_up(flag: bool | Callable[[], bool] | None) -> bool:
    """A part's state, given as a fixed flag or as a function asked afresh on every request."""
    return bool(flag() if callable(flag) else flag)


def database_takes_writes(session_factory: sessionmaker[Session]) -> bool:
    """A real write, rolled back: a database that answers SELECT but cannot write (read-only,
    disk full, locked, a standby) is not healthy."""
    try:
        with session_factory() as s:
            s.execute(text("UPDATE alembic_version SET version_num = version_num"))
            s.rollback()
        return True
    except Exception as exc:
        log.warning("Health check: the database cannot take a write: %s", exc)
        return False


def _count_facts(session_factory: sessionmaker[Session]) -> str:
    """The status page's counts as list items; a line saying so when the database is down (the
    status page still answers then)."""
    try:
        with session_factory() as s:
            counts = {
                "providers": s.scalar(select(func.count()).select_from(Provider)) or 0,
                "course runs": s.scalar(select(func.count()).select_from(CourseRun)) or 0,
                "workers": s.scalar(select(func.count()).select_from(Worker)) or 0,
            }
    except Exception:
        return "<li>The database is not reachable right now.</li>"
    return "".join(f"<li>{html.escape(k)}: {v}</li>" for k, v in counts.items())


def telegram_status(telegram_on: bool | Callable[[], bool]) -> str:
    """What the status page says of Telegram. A function (rather than a flag) means a channel
    exists: while it is down, the service is still retrying to reach the Bot API."""
    if _is_up(telegram_on):
        return "on"
    if callable(telegram_on):
        return "starting (the Telegram Bot API is not reachable yet; retrying)"
    return "off (no token: use <code>escalator chat</code>)"


def status_page(facts: str, nlu: str, telegram: str, links: dict[str, str]) -> str:
    """The status page's HTML: `facts` are list items, `links` (path -> label) the pages."""
    pages = "".join(
        f'<li><a href="{html.escape(path)}">{html.escape(label)}</a></li>'
        for path, label in links.items()
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Skills Escalator</title></head><body>
<h1>Skills Escalator</h1>
<p>Coaching, shift-fit courses and funding help for low-paid workers, in a phone chat.</p>
<ul>{facts}<li>language understanding: {nlu}</li>
<li>Telegram: {telegram}</li></ul>
<ul>{pages}<li><a href="/docs">API documentation</a></li></ul>
</body></html>"""
