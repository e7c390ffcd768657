"""Password logins for every front end: argon2, throttling and lockout in one place.

Wrong passwords are counted per account+address and per address (`db.login_throttle`, in the
database so the counts hold across restarts and several web processes; one UPDATE ... RETURNING
per count, so parallel guesses all count): a stranger guessing at an email locks only the
stranger out, and the account's owner still signs in from their own address. The account's own
`failed_logins` records every wrong password (`db.lockout`, race-free too); its `locked_until`,
set by an admin, refuses every sign-in. Every answer costs one argon2 verification, so a wrong
email, a wrong password and a locked login take as long as each other.

The client address is `request.client.host`: behind a reverse proxy it is only the visitor's
when FORWARDED_ALLOW_IPS names the proxy (see the README, "Behind a reverse proxy").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, Protocol, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import login_throttle
from db.lockout import count_failed_login
from db.types import utcnow

MAX_FAILED_LOGINS = login_throttle.MAX_PER_ACCOUNT_IP
LOCKOUT = login_throttle.LOCKOUT
MIN_PASSWORD_LENGTH = 10


def new_login_email(session: Session, user_model: Any, email: str, password: str) -> str:
    """The checks a new provider or employer login must pass, in one place: the email tidied
    (and returned), a sensible length, a password long enough, and the email not taken.
    Raises ValueError with the message to show."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise ValueError("Enter an email address in the correct format, like name@example.com")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters")
    taken = session.scalar(
        select(func.count()).select_from(user_model).where(user_model.email == email)
    )
    if taken:
        raise ValueError("There is already a login with this email address")
    return email


class Account(Protocol):
    """A table row that can sign in with a password (Coach, ProviderUser, ...)."""

    id: int
    password_hash: str
    failed_logins: int
    locked_until: datetime | None


A = TypeVar("A", bound=Account)


@dataclass(frozen=True)
class LoginOutcome(Generic[A]):
    account: A | None  # set only when the password was right and nothing was locked
    locked_until: datetime | None = None  # a lock in force, or one this wrong try started
    refused_locked: bool = False  # refused before the password was looked at: locked


def verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_login(
    db: Session,
    *,
    scope: str,
    email: str,
    password: str,
    ip: str | None,
    find: Callable[[Session, str], A | None],
    hasher: PasswordHasher,
    dummy_hash: str,
    now: datetime | None = None,
) -> LoginOutcome[A]:
    """Check one login from address `ip` for the account `find(db, email)` and update the
    counts; the caller commits (so the counts are kept even when the answer is no). `scope`
    keeps each front end's throttle counts apart ("coach", "provider", ...)."""
    now = now or utcnow()
    lock = login_throttle.locked_until(db, scope, email, ip, now)
    account = find(db, email)
    if lock is None and account is not None and account.locked_until and account.locked_until > now:
        lock = account.locked_until
    if lock is not None:
        verify(hasher, dummy_hash, password)  # a locked login answers as slowly as others
        return LoginOutcome(None, locked_until=lock, refused_locked=True)
    if account is None:
        verify(hasher, dummy_hash, password)
        return LoginOutcome(
            None, locked_until=login_throttle.count_failure(db, scope, email, ip, now)
        )
    if not verify(hasher, account.password_hash, password):
        count_failed_login(db, type(account), account.id, now)
        return LoginOutcome(
            None, locked_until=login_throttle.count_failure(db, scope, email, ip, now)
        )
    account.failed_logins = 0
    login_throttle.clear(db, scope, email, ip)
    if hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hasher.hash(password)
    return LoginOutcome(account)


def client_ip(request: Request) -> str | None:
    """The address the request came from (the proxy's, unless uvicorn trusts its headers)."""
    return request.client.host if request.client else None


ClientIp = Annotated[str | None, Depends(client_ip)]
