"""API keys and provider logins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_catalogue.provider_auth import (
    LockedOut,
    authenticate_user,
    create_api_key,
    create_provider_user,
    revoke_api_key,
    verify_api_key,
)
from db.models import AuditEvent, Provider, ProviderApiKey, ProviderUser
from db.types import utcnow


def _provider(session: Session) -> Provider:
    p = Provider(ukprn="10000001", name="College A")
    session.add(p)
    session.flush()
    return p


def test_api_key_round_trip_and_revoke(session: Session) -> None:
    p = _provider(session)
    key = create_api_key(session, p, label="timetable system")
    scheme, prefix, secret = key.split("_", 2)
    assert scheme == "se" and len(prefix) == 8 and len(secret) >= 40
    stored = session.scalars(select(ProviderApiKey)).one()
    assert stored.prefix == prefix and secret not in stored.key_hash and key not in stored.key_hash
    found = verify_api_key(session, f"  {key} ")
    assert found is not None and found.provider_id == p.id
    assert verify_api_key(session, key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert verify_api_key(session, f"se_{prefix}") is None
    assert verify_api_key(session, "nonsense") is None
    revoke_api_key(session, found)
    assert verify_api_key(session, key) is None
    actions = session.scalars(select(AuditEvent.action)).all()
    assert actions == ["api_key.create", "api_key.revoke"]


def test_user_password_is_argon2_and_checked(session: Session) -> None:
    p = _provider(session)
    user = create_provider_user(session, p, " Staff@College.ac.uk ", "a long password")
    assert user.email == "staff@college.ac.uk"
    assert user.password_hash.startswith("$argon2")
    assert authenticate_user(session, "STAFF@college.ac.uk", "a long password") == user
    assert authenticate_user(session, "staff@college.ac.uk", "wrong password") is None
    assert authenticate_user(session, "nobody@college.ac.uk", "a long password") is None


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        (
            "not-an-email",
            "a long password",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ("a@b.ac.uk", "short", "Password must be at least 10 characters"),
    ],
)
def test_user_creation_rules(session: Session, email: str, password: str, message: str) -> None:
    p = _provider(session)
    with pytest.raises(ValueError, match=message):
        create_provider_user(session, p, email, password)


def test_duplicate_email_refused(session: Session) -> None:
    p = _provider(session)
    create_provider_user(session, p, "a@b.ac.uk", "a long password")
    with pytest.raises(ValueError, match="already a login"):
        create_provider_user(session, p, "A@B.ac.uk", "another long one")


def test_lockout_after_five_failures_then_expires(session: Session) -> None:
    p = _provider(session)
    create_provider_user(session, p, "a@b.ac.uk", "a long password")
    now = utcnow()
    for _ in range(5):
        assert authenticate_user(session, "a@b.ac.uk", "wrong", now=now) is None
    with pytest.raises(LockedOut):
        authenticate_user(session, "a@b.ac.uk", "a long password", now=now)
    later = now + timedelta(minutes=16)
    user = authenticate_user(session, "a@b.ac.uk", "a long password", now=later)
    assert user is not None and user.locked_until is None and user.failed_logins == 0
    assert session.scalars(select(ProviderUser)).one().failed_logins == 0
