"""Provider authentication: API keys (only a hash is stored) and user logins (argon2 passwords).

API keys look like `se_<prefix>_<secret>`. The prefix is stored in clear so a key can be found
and told apart; the whole key is stored only as a SHA-256 hash and compared in constant time.
A key has 256 random bits, so a fast hash is enough; passwords are short, so they get argon2.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import Provider, ProviderApiKey, ProviderUser
from db.types import utcnow
from web_security import logins
from web_security.logins import new_login_email, password_login

KEY_SCHEME = "se"
MAX_FAILED_LOGINS = logins.MAX_FAILED_LOGINS
LOCKOUT = logins.LOCKOUT

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))  # keeps unknown emails as slow as known


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_api_key(session: Session, provider: Provider, label: str | None = None) -> str:
    """Make a new key for this provider and return it. It is shown once and never stored."""
    prefix = secrets.token_hex(4)
    key = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    session.add(
        ProviderApiKey(provider_id=provider.id, prefix=prefix, key_hash=_hash_key(key), label=label)
    )
    session.flush()
    audit.record(
        session,
        actor_type="system",
        actor_id=None,
        action="api_key.create",
        entity_type="provider",
        entity_id=provider.id,
        detail={"prefix": prefix},
    )
    return key


def verify_api_key(session: Session, key: str) -> ProviderApiKey | None:
    """The stored key for this plain key, or None when it is unknown, wrong or revoked."""
    scheme, _, rest = key.strip().partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != KEY_SCHEME or not prefix or not secret:
        return None
    row = session.scalars(select(ProviderApiKey).where(ProviderApiKey.prefix == prefix)).first()
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.key_hash, _hash_key(key.strip())):
        return None
    return row


def api_key_problem(session: Session, key: str) -> tuple[str, str | None]:
    """Why this key was refused, for the audit log: (reason, the prefix it claims, or None).
    The secret part never leaves this function."""
    scheme, _, rest = key.strip().partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != KEY_SCHEME or not prefix or not secret:
        return "malformed", None
    prefix = prefix[:16]
    row = session.scalars(select(ProviderApiKey).where(ProviderApiKey.prefix == prefix)).first()
    if row is None:
        return "unknown key", prefix
    if row.revoked_at is not None:
        return "revoked key", prefix
    return "wrong secret", prefix


def revoke_api_key(session: Session, key: ProviderApiKey) -> None:
    key.revoked_at = utcnow()
    audit.record(
        session,
        actor_type="provider",
        actor_id=f"key:{key.prefix}",
        action="api_key.revoke",
        entity_type="provider",
        entity_id=key.provider_id,
        detail={"prefix": key.prefix},
    )


def create_provider_user(
    session: Session, provider: Provider, email: str, password: str
) -> ProviderUser:
    """Add a login for this provider. Raises ValueError with a friendly message on bad input."""
    email = new_login_email(session, ProviderUser, email, password)
    user = ProviderUser(provider_id=provider.id, email=email, password_hash=_hasher.hash(password))
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor_type="system",
        actor_id=None,
        action="provider_user.create",
        entity_type="provider_user",
        entity_id=user.id,
        detail={"email": email},
    )
    return user


class LockedOut(Exception):
    """Too many wrong passwords: the login is locked for a while."""


def _find_user(session: Session, email: str) -> ProviderUser | None:
    return session.scalars(
        select(ProviderUser).where(ProviderUser.email == email.strip().lower())
    ).first()


def authenticate_user(
    session: Session,
    email: str,
    password: str,
    now: datetime | None = None,
    ip: str | None = None,
) -> ProviderUser | None:
    """The user when email and password match. Raises LockedOut after repeated failures from
    this address for this login, or from this address at all (`web_security.logins`, shared
    with the coach login: a stranger's guesses never lock the provider's own staff out).

    The caller commits, so failed-attempt counts are kept.
    """
    outcome = password_login(
        session,
        scope="provider",
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
