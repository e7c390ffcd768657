"""Employers' front end (layer 3): the web pages at /employer and the JSON API at
/employer/api, mounted in the assembled app by `bot/service.py`.

`create_employer_router(session_factory)` builds both, each on its own web_security
`FrontEnd` (kind "employer": the pages with the `employer_session` cookie, the API with a key
on every call). Route names start with "employer_" (pages) and "employer_api_" (API), so they
stay unique next to the coach and provider apps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import APIRouter
from sqlalchemy.orm import Session, sessionmaker

from jobs.api.pages import create_pages
from jobs.api.routes import create_api_router


def create_employer_router(
    session_factory: sessionmaker[Session],
    *,
    today: Callable[[], date] = date.today,
    session_secret: str | None = None,
    secure_cookies: bool | None = None,
) -> APIRouter:
    router = APIRouter(prefix="/employer")
    api = create_api_router(session_factory, today)
    pages = create_pages(
        session_factory, today, session_secret=session_secret, secure_cookies=secure_cookies
    )
    _prefix_names(api, "employer_api_")
    _prefix_names(pages, "employer_")
    router.include_router(api)
    router.include_router(pages)
    return router


def _prefix_names(router: APIRouter, prefix: str) -> None:
    for route in router.routes:
        name = getattr(route, "name", None)
        if isinstance(name, str) and not name.startswith(prefix):
            route.name = prefix + name  # type: ignore[attr-defined]
