"""Server-side sign-ins (see db.models.WebSession): open, check and end them."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import WebSession
from db.types import utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(
    session: Session, kind: str, subject: str, max_age: timedelta, now: datetime | None = None
) -> str:
    """Record a sign-in and return the token for the cookie (the caller commits). Expired rows
    are cleared on the way, so the table only holds live sign-ins."""
    now = now or utcnow()
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=_hash(token), kind=kind, subject=subject, created_at=now,
            expires_at=now + max_age,
        )
    )  # fmt: skip
    return token


def session_subject(
    session: Session, kind: str, token: object, now: datetime | None = None
) -> str | None:
    """Who the live sign-in with this token is, or None (unknown, ended or expired)."""
    if not isinstance(token, str) or not token:
        return None
    row = session.scalar(
        select(WebSession).where(
            WebSession.token_hash == _hash(token),
            WebSession.kind == kind,
            WebSession.expires_at > (now or utcnow()),
        )
    )
    return None if row is None else row.subject


def session_id(session: Session, token: object) -> int | None:
    """The row id of the sign-in with this token, or None."""
    if not isinstance(token, str) or not token:
        return None
    return session.scalar(select(WebSession.id).where(WebSession.token_hash == _hash(token)))


def end_session(session: Session, token: object) -> None:
    """Log out: the token stops working at once (the caller commits)."""
    if isinstance(token, str) and token:
        session.execute(delete(WebSession).where(WebSession.token_hash == _hash(token)))


def live_sessions(session: Session, now: datetime | None = None) -> list[WebSession]:
    """Every sign-in that still works, newest first (for the admins' sessions page)."""
    return list(
        session.scalars(
            select(WebSession)
            .where(WebSession.expires_at > (now or utcnow()))
            .order_by(WebSession.created_at.desc(), WebSession.id.desc())
        )
    )


def revoke(session: Session, session_id: int) -> WebSession | None:
    """End one sign-in by its row id (an admin's "revoke"); returns the row that was ended, or
    None when there was none. The caller commits."""
    row = session.get(WebSession, session_id)
    if row is not None:
        session.delete(row)
    return row
