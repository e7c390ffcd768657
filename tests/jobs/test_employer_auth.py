"""Employer API keys and logins (built like providers', with their own key scheme)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

import jobs.employer_auth
from course_catalogue import provider_auth
from db.models import AuditEvent, EmployerApiKey, Provider
from db.types import utcnow
from jobs.employer_auth import (
    LockedOut,
    api_key_problem,
    authenticate_user,
    create_api_key,
    create_employer,
    create_employer_user,
    key_prefix,
    revoke_api_key,
    verify_api_key,
)


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        jobs.employer_auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


def test_employers_have_unique_names(session: Session) -> None:
    create_employer(session, "  Aire  Valley Care ")
    with pytest.raises(ValueError, match="already an employer with this name"):
        create_employer(session, "aire valley care")
    with pytest.raises(ValueError, match="Enter the employer's name"):
        create_employer(session, "   ")


def test_api_key_round_trip_revoke_and_problems(session: Session) -> None:
    employer = create_employer(session, "Aire Valley Care")
    key = create_api_key(session, employer, label="HR system")
    scheme, prefix, secret = key.split("_", 2)
    assert scheme == "sej" and len(prefix) == 8 and len(secret) >= 40
    stored = session.scalars(select(EmployerApiKey)).one()
    assert key not in stored.key_hash and len(stored.key_hash) == 64
    found = verify_api_key(session, f" {key} ")
    assert found is not None and found.employer_id == employer.id
    wrong = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert verify_api_key(session, wrong) is None
    assert api_key_problem(session, wrong) == ("wrong secret", prefix)
    assert api_key_problem(session, "sej_ffffffff_x") == ("unknown key", "ffffffff")
    assert api_key_problem(session, "nonsense") == ("malformed", None)
    assert key_prefix(key) == prefix and key_prefix("se_abc_def") == "(not a key)"
    revoke_api_key(session, found)
    assert verify_api_key(session, key) is None
    assert api_key_problem(session, key) == ("revoked key", prefix)
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["employer.create", "employer_api_key.create", "employer_api_key.revoke"]


def test_provider_and_employer_keys_are_not_interchangeable(session: Session) -> None:
    employer = create_employer(session, "Aire Valley Care")
    provider = Provider(ukprn="10000001", name="College A")
    session.add(provider)
    session.flush()
    employer_key = create_api_key(session, employer)
    provider_key = provider_auth.create_api_key(session, provider)
    assert verify_api_key(session, provider_key) is None
    assert provider_auth.verify_api_key(session, employer_key) is None


def test_logins_are_argon2_checked_and_throttled_per_address(session: Session) -> None:
    employer = create_employer(session, "Aire Valley Care")
    with pytest.raises(ValueError, match="Password must be at least 10 characters"):
        create_employer_user(session, employer, "hr@aire.example", "short")
    with pytest.raises(ValueError, match="Enter an email address"):
        create_employer_user(session, employer, "hr", "a long password")
    user = create_employer_user(session, employer, " HR@Aire.example ", "a long password")
    assert user.email == "hr@aire.example" and user.password_hash.startswith("$argon2")
    with pytest.raises(ValueError, match="already a login"):
        create_employer_user(session, employer, "hr@AIRE.example", "another long one")
    assert authenticate_user(session, "HR@aire.example", "a long password") == user
    now = utcnow()
    for _ in range(5):
        assert authenticate_user(session, "hr@aire.example", "wrong", now=now, ip="6.6.6.6") is None
    with pytest.raises(LockedOut):
        authenticate_user(session, "hr@aire.example", "a long password", now=now, ip="6.6.6.6")
    # the stranger's guesses do not lock the staff member out from their own address
    assert authenticate_user(session, "hr@aire.example", "a long password", now=now, ip="10.0.0.1")
    later = now + timedelta(minutes=16)
    assert authenticate_user(session, "hr@aire.example", "a long password", now=later, ip="6.6.6.6")
