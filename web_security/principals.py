"""Who is signed in: open, check and end a front end's sign-ins, for any kind of principal.

A sign-in is a server-side row (db.web_sessions: kind, subject, expiry; only a hash of its token)
plus the token in the front end's signed cookie. The row decides: logging out deletes it, an
admin can revoke it, and a copy of the cookie then signs nobody in. An optional *binding* ties
the sign-in to something that must not change under it (the coach's password hash): when it
changes, the sign-in ends.

`current_principal(kind, load)` makes the FastAPI dependency for "the signed-in X": it is the
one piece a new front end needs (see README.md, "Adding a front end").
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from fastapi import Request
from sqlalchemy.orm import Session

from db import web_sessions
from web_security import csrf
from web_security.database import DbSession
from web_security.front import FrontEnd, front_of

T = TypeVar("T")

SID = "sid"
BIND = "bind"


class NotSignedIn(Exception):
    """No live sign-in of this kind: the front end answers with its login page (or 401)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not signed in as {kind}")
        self.kind = kind


def _cookie_front(request: Request) -> FrontEnd:
    front = front_of(request)
    if front.cookie is None:
        raise RuntimeError(f"the {front.kind} front end has no session cookie")
    return front


def _fingerprint(request: Request, value: str) -> str:
    front = _cookie_front(request)
    assert front.cookie is not None
    secret = front.cookie.secret.encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def sign_in(request: Request, db: Session, subject: str, *, bind: str = "") -> None:
    """Open a sign-in for `subject` (the caller commits). The cookie's old contents are dropped
    (no session fixation) and the CSRF token changes."""
    front = _cookie_front(request)
    assert front.cookie is not None
    token = web_sessions.open_session(
        db, front.kind, subject, timedelta(seconds=front.cookie.max_age)
    )
    request.session.clear()
    request.session[SID] = token
    if bind:
        request.session[BIND] = _fingerprint(request, bind)
    csrf.rotate(request)


def sign_out(request: Request, db: Session) -> None:
    """End this browser's sign-in at once, copies of the cookie included (the caller commits)."""
    web_sessions.end_session(db, request.session.get(SID))
    request.session.clear()


def signed_in_subject(request: Request, db: Session, kind: str) -> str | None:
    """The subject of this browser's live sign-in of `kind`, or None. A browser with no token
    is answered without asking the database."""
    sid = request.session.get(SID)
    if not isinstance(sid, str) or not sid:
        return None
    return web_sessions.session_subject(db, kind, sid)


def session_row_id(request: Request, db: Session) -> int | None:
    """The web_sessions row id of this browser's sign-in (to mark "yours" in a list)."""
    return web_sessions.session_id(db, request.session.get(SID))


def _principal(
    request: Request,
    db: Session,
    kind: str,
    load: Callable[[Session, str], T | None],
    bind: Callable[[T], str] | None,
) -> T | None:
    subject = signed_in_subject(request, db, kind)
    principal = load(db, subject) if subject is not None else None
    if principal is not None and bind is not None:
        sent = str(request.session.get(BIND, ""))
        if not hmac.compare_digest(sent, _fingerprint(request, bind(principal))):
            principal = None
    if principal is None:
        request.session.pop(SID, None)
        request.session.pop(BIND, None)
    return principal


def current_principal(
    kind: str,
    load: Callable[[Session, str], T | None],
    *,
    bind: Callable[[T], str] | None = None,
) -> Callable[[Request, Session], T]:
    """A dependency giving the signed-in principal of `kind`, or raising NotSignedIn.

    `load(db, subject)` turns the sign-in's subject (the string given to `sign_in`) into the
    principal, or None when it no longer exists or may no longer sign in. `bind(principal)` is
    the value the sign-in was bound to, if any. Use it on a router of the front end whose
    `kind` this is.
    """

    def dependency(request: Request, db: DbSession) -> T:
        principal = _principal(request, db, kind, load, bind)
        if principal is None:
            raise NotSignedIn(kind)
        return principal

    dependency.__name__ = f"current_{kind}"
    return dependency


def optional_principal(
    kind: str,
    load: Callable[[Session, str], T | None],
    *,
    bind: Callable[[T], str] | None = None,
) -> Callable[[Request, Session], T | None]:
    """Like current_principal, but None instead of NotSignedIn (for pages that show a login
    form in place of their content)."""

    def dependency(request: Request, db: DbSession) -> T | None:
        return _principal(request, db, kind, load, bind)

    dependency.__name__ = f"optional_{kind}"
    return dependency
