"""Login throttling per account+IP and per IP (coach app and provider pages).

Wrong passwords are counted against (account, IP) and against the IP alone, never against the
account alone, so a stranger guessing at a coach's email locks only themselves out: the coach,
from their own address, still signs in. An address that tries many accounts is stopped by the
per-IP limit. A count starts again once its lock has run out or after `WINDOW` without a wrong
try. Counting is one UPDATE ... RETURNING per key, so parallel guesses all count.

Behind a reverse proxy, set FORWARDED_ALLOW_IPS to the proxy's address (README, "Behind a reverse
proxy") so the client address is the visitor's, not the proxy's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, func, null, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import LoginThrottle

MAX_PER_ACCOUNT_IP = 5
MAX_PER_IP = 30
LOCKOUT = timedelta(minutes=15)
WINDOW = timedelta(minutes=15)


def _keys(email: str, ip: str | None) -> list[tuple[str, int]]:
    ip = (ip or "unknown")[:100]
    account = email.strip().lower()[:254]
    return [(f"acct:{account}|ip:{ip}", MAX_PER_ACCOUNT_IP), (f"ip:{ip}", MAX_PER_IP)]


def locked_until(
    session: Session, scope: str, email: str, ip: str | None, now: datetime
) -> datetime | None:
    """The end of the live lock on this account from this address (or on the address), or
    None when a try is allowed."""
    keys = [k for k, _ in _keys(email, ip)]
    return session.scalar(
        select(func.max(LoginThrottle.locked_until)).where(
            LoginThrottle.scope == scope,
            LoginThrottle.key.in_(keys),
            LoginThrottle.locked_until > now,
        )
    )


def count_failure(
    session: Session, scope: str, email: str, ip: str | None, now: datetime
) -> datetime | None:
    """Count one wrong try; returns the lock's end when this try reached a limit."""
    lock = None
    for key, limit in _keys(email, ip):
        exists = session.scalar(
            select(LoginThrottle.id).where(LoginThrottle.scope == scope, LoginThrottle.key == key)
        )
        if exists is None:
            prune(session, now)  # a new key now and then: clear out the old ones
            try:
                with session.begin_nested():
                    session.add(
                        LoginThrottle(scope=scope, key=key, failed_logins=0, updated_at=now)
                    )
            except IntegrityError:
                pass  # another request added it first: count on it
        stale = or_(
            and_(LoginThrottle.locked_until.is_not(None), LoginThrottle.locked_until <= now),
            and_(LoginThrottle.locked_until.is_(None), LoginThrottle.updated_at < now - WINDOW),
        )
        count = session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.scope == scope, LoginThrottle.key == key)
            .values(
                failed_logins=case((stale, 1), else_=LoginThrottle.failed_logins + 1),
                locked_until=case((stale, null()), else_=LoginThrottle.locked_until),
                updated_at=now,
            )
            .returning(LoginThrottle.failed_logins),
            execution_options={"synchronize_session": False},
        ).scalar_one()
        if count >= limit:
            until = now + LOCKOUT
            session.execute(
                update(LoginThrottle)
                .where(LoginThrottle.scope == scope, LoginThrottle.key == key)
                .values(locked_until=until, failed_logins=0),
                execution_options={"synchronize_session": False},
            )
            lock = until if lock is None else max(lock, until)
    return lock


def clear(session: Session, scope: str, email: str, ip: str | None) -> None:
    """A right password: forget this account's wrong tries from this address (the address's
    own count stays: it may be trying other accounts)."""
    key = _keys(email, ip)[0][0]
    session.execute(
        delete(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.key == key)
    )


def prune(session: Session, now: datetime) -> None:
    """Drop rows with no live lock and no recent try (called now and then from logins)."""
    session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.updated_at < now - WINDOW - LOCKOUT,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now),
        )
    )
