"""Employer credentials: API keys (only a hash is stored) and user logins (argon2 passwords).

Built exactly like the providers' (`course_catalogue/provider_auth.py`), with its own key scheme
`sej_<prefix>_<secret>` so a provider's key is never taken for an employer's (and the audit log
tells them apart). Wrong passwords are throttled per login and address and per address
(`db.login_throttle`, scope "employer"), so a stranger cannot lock an employer's staff out.
The throttle and lockout rules are the web security layer's (`web_security.logins`), shared with
the coach and provider logins.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.models import Employer, EmployerApiKey, EmployerUser
from db.types import utcnow
from web_security.logins import new_login_email, password_login

KEY_SCHEME = "sej"
SCOPE = "employer"

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))  # keeps unknown emails as slow as known


class LockedOut(Exception):
    """Too many wrong passwords: the login is locked for a while."""


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _parts(key: str) -> tuple[str, str, str]:
    scheme, _, rest = key.strip().partition("_")
    prefix, _, secret = rest.partition("_")
    return scheme, prefix, secret


def create_employer(session: Session, name: str, website: str | None = None) -> Employer:
    """Add an employer. Raises ValueError with a friendly message on bad input."""
    name = " ".join(name.split())
    if not name or len(name) > 255:
        raise ValueError("Enter the employer's name (at most 255 characters)")
    taken = session.scalar(
        select(func.count()).select_from(Employer).where(func.lower(Employer.name) == name.lower())
    )
    if taken:
        raise ValueError("There is already an employer with this name")
    employer = Employer(name=name, website=website)
    session.add(employer)
    session.flush()
    audit.record(
        session,
        actor_type="system",
        actor_id=None,
        action="employer.create",
        entity_type="employer",
        entity_id=employer.id,
        detail={"name": name},
    )
    return employer


def create_api_key(session: Session, employer: Employer, label: str | None = None) -> str:
    """Make a new key for this employer and return it. It is shown once and never stored."""
    prefix = secrets.token_hex(4)
    key = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    session.add(
        EmployerApiKey(employer_id=employer.id, prefix=prefix, key_hash=_hash_key(key), label=label)
    )
    session.flush()
    audit.record(
        session,
        actor_type="system",
        actor_id=None,
        action="employer_api_key.create",
        entity_type="employer",
        entity_id=employer.id,
        detail={"prefix": prefix},
    )
    return key


def verify_api_key(session: Session, key: str) -> EmployerApiKey | None:
    """The stored key for this plain key, or None when it is unknown, wrong or revoked."""
    scheme, prefix, secret = _parts(key)
    if scheme != KEY_SCHEME or not prefix or not secret:
        return None
    row = session.scalars(select(EmployerApiKey).where(EmployerApiKey.prefix == prefix)).first()
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.key_hash, _hash_key(key.strip())):
        return None
    return row


def api_key_problem(session: Session, key: str) -> tuple[str, str | None]:
    """Why this key was refused, for the audit log: (reason, the prefix it claims, or None).
    The secret part never leaves this function."""
    scheme, prefix, secret = _parts(key)
    if scheme != KEY_SCHEME or not prefix or not secret:
        return "malformed", None
    prefix = prefix[:16]
    row = session.scalars(select(EmployerApiKey).where(EmployerApiKey.prefix == prefix)).first()
    if row is None:
        return "unknown key", prefix
    if row.revoked_at is not None:
        return "revoked key", prefix
    return "wrong secret", prefix


def key_prefix(api_key: str) -> str:
    """The public part of a key as typed, for the audit log; never more."""
    scheme, prefix, _ = _parts(api_key)
    return prefix[:16] if scheme == KEY_SCHEME and prefix.isalnum() else "(not a key)"


def revoke_api_key(session: Session, key: EmployerApiKey) -> None:
    key.revoked_at = utcnow()
    audit.record(
        session,
        actor_type="employer",
        actor_id=f"key:{key.prefix}",
        action="employer_api_key.revoke",
        entity_type="employer",
        entity_id=key.employer_id,
        detail={"prefix": key.prefix},
    )


def create_employer_user(
    session: Session, employer: Employer, email: str, password: str
) -> EmployerUser:
    """Add a login for this employer. Raises ValueError with a friendly message on bad input."""
    email = new_login_email(session, EmployerUser, email, password)
    user = EmployerUser(employer_id=employer.id, email=email, password_hash=_hasher.hash(password))
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor_type="system",
        actor_id=None,
        action="employer_user.create",
        entity_type="employer_user",
        entity_id=user.id,
        detail={"email": email},
    )
    return user


def authenticate_user(
    session: Session,
    email: str,
    password: str,
    now: datetime | None = None,
    ip: str | None = None,
) -> EmployerUser | None:
    """The user when email and password match. Raises LockedOut after repeated failures from
    this address for this login, or from this address at all. The caller commits, so
    failed-attempt counts are kept."""
    outcome = password_login(
        session,
        scope=SCOPE,
        email=email,
        password=password,
        ip=ip,
        find=_find_user,
        hasher=_hasher,
        dummy_hash=_DUMMY_HASH,
        now=now,
    )
    if outcome.refused_locked:
        raise LockedOut
    return outcome.account


def _find_user(session: Session, email: str) -> EmployerUser | None:
    return session.scalars(
        select(EmployerUser).where(EmployerUser.email == email.strip().lower())
    ).first()
