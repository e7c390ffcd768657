"""Coach accounts: argon2 password hashes, login with lockout after repeated failures.

The lockout counts per account+IP address and per IP address (`db.login_throttle`, in the
database so it holds across restarts and several web processes): a stranger's wrong guesses
lock the stranger out, never the coach. coaches.failed_logins still counts every wrong password
(for the record); coaches.locked_until, when an admin sets it, refuses every sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import login_throttle
from db.lockout import count_failed_login
from db.models import Coach
from db.types import utcnow

ROLES = ("coach", "admin")
MAX_FAILED_LOGINS = login_throttle.MAX_PER_ACCOUNT_IP
LOCKOUT = login_throttle.LOCKOUT
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
    session: Session,
    email: str,
    password: str,
    now: datetime | None = None,
    ip: str | None = None,
) -> LoginResult:
    """Check a login from address `ip` and update the failure counts; the caller commits.

    A locked account+address (or address) is refused even with the right password, until the
    lock runs out.
    """
    now = now or utcnow()
    lock = login_throttle.locked_until(session, "coach", email, ip, now)
    coach = session.scalar(select(Coach).where(func.lower(Coach.email) == normalise_email(email)))
    if lock is None and coach is not None and coach.locked_until and coach.locked_until > now:
        lock = coach.locked_until
    if lock is not None:
        verify_password(_DUMMY_HASH, password)  # a locked login answers as slowly as others
        return LoginResult(None, locked_until=lock)
    if coach is None:
        verify_password(_DUMMY_HASH, password)
        return LoginResult(
            None, locked_until=login_throttle.count_failure(session, "coach", email, ip, now)
        )
    if not verify_password(coach.password_hash, password):
        count_failed_login(session, Coach, coach.id, now)
        return LoginResult(
            None, locked_until=login_throttle.count_failure(session, "coach", email, ip, now)
        )
    coach.failed_logins = 0
    login_throttle.clear(session, "coach", email, ip)
    if _hasher.check_needs_rehash(coach.password_hash):
        coach.password_hash = hash_password(password)
    return LoginResult(coach)
