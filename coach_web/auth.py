"""Coach accounts: argon2 password hashes, login with lockout after repeated failures.

The login rules (throttling per account+IP address and per IP address, the account's own count
and lock, equal timing) are `web_security.logins`, shared with the provider login: a stranger's
wrong guesses lock the stranger out, never the coach. coaches.failed_logins still counts every
wrong password (for the record); coaches.locked_until, when an admin sets it, refuses every
sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Coach
from web_security import logins
from web_security.logins import password_login, verify

ROLES = ("coach", "admin")
MAX_FAILED_LOGINS = logins.MAX_FAILED_LOGINS
LOCKOUT = logins.LOCKOUT
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password-just-for-timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    return verify(_hasher, password_hash, password)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_coach(
    session: Session, email: str, name: str, password: str, role: str = "coach"
) -> Coach:
    """Add a coach (not committed: the caller owns the transaction)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    email = normalise_email(email)
    if "@" not in email:
        raise ValueError("that does not look like an email address")
    if not name.strip():
        raise ValueError("the coach needs a name")
    if session.scalar(select(Coach.id).where(func.lower(Coach.email) == email)) is not None:
        raise ValueError(f"there is already a coach with the email {email}")
    coach = Coach(email=email, name=name.strip(), password_hash=hash_password(password), role=role)
    session.add(coach)
    session.flush()
    return coach


@dataclass(frozen=True)
class LoginResult:
    coach: Coach | None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.coach is not None


def _find(session: Session, email: str) -> Coach | None:
    return session.scalar(select(Coach).where(func.lower(Coach.email) == normalise_email(email)))


def authenticate(
    session: Session,
    email: str,
    password: str,
    now: datetime | None = None,
    ip: str | None = None,
) -> LoginResult:
    """Check a login from address `ip` and update the failure counts; the caller commits.

    A locked account+address (or address) is refused even with the right password, until the
    lock runs out (web_security.logins holds the rules, shared with the provider login).
    """
    outcome = password_login(
        session,
        scope="coach",
        email=email,
        password=password,
        ip=ip,
        find=_find,
        hasher=_hasher,
        dummy_hash=_DUMMY_HASH,
        now=now,
    )
    return LoginResult(outcome.account, locked_until=outcome.locked_until)
