"""Coach accounts: argon2 password hashes, login with lockout after repeated failures.

The lockout lives in the coaches table (failed_logins, locked_until) so it holds across restarts
and across several web processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.lockout import count_failed_login
from db.models import Coach
from db.types import utcnow

ROLES = ("coach", "admin")
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password-just-for-timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


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


def authenticate(
    session: Session, email: str, password: str, now: datetime | None = None
) -> LoginResult:
    """Check a login and update the failure count; the caller commits.

    A locked account is refused even with the right password, until the lock runs out.
    """
    now = now or utcnow()
    coach = session.scalar(select(Coach).where(func.lower(Coach.email) == normalise_email(email)))
    if coach is None:
        verify_password(_DUMMY_HASH, password)
        return LoginResult(None)
    if coach.locked_until is not None and coach.locked_until > now:
        verify_password(_DUMMY_HASH, password)  # a locked account answers as slowly as others
        return LoginResult(None, locked_until=coach.locked_until)
    if not verify_password(coach.password_hash, password):
        if count_failed_login(session, Coach, coach.id, now) >= MAX_FAILED_LOGINS:
            coach.locked_until = now + LOCKOUT
            return LoginResult(None, locked_until=coach.locked_until)
        return LoginResult(None)
    coach.failed_logins = 0
    coach.locked_until = None
    if _hasher.check_needs_rehash(coach.password_hash):
        coach.password_hash = hash_password(password)
    return LoginResult(coach)
