from __future__ import annotations

from datetime import timedelta

import pytest

from coach_web.auth import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    authenticate,
    create_coach,
    hash_password,
    verify_password,
)
from db.types import utcnow
from tests.coach_web.conftest import PRODUCTION_HASHER
from tests.coach_web.factories import PASSWORD


def test_production_cost_is_argon2_cffis_recommended_one():
    h = PRODUCTION_HASHER.hash("a long passphrase")
    assert h.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(h, "a long passphrase")


def test_hash_and_verify():
    h = hash_password("a long passphrase")
    assert h.startswith("$argon2id$")
    assert verify_password(h, "a long passphrase")
    assert not verify_password(h, "a long passphrasE")
    assert not verify_password("not a hash", "anything")


def test_create_coach_normalises_and_checks(session):
    coach = create_coach(session, "  Sam@Example.ORG ", "Sam", PASSWORD, "admin")
    assert coach.id and coach.email == "sam@example.org" and coach.role == "admin"
    assert verify_password(coach.password_hash, PASSWORD)
    with pytest.raises(ValueError, match="role"):
        create_coach(session, "x@example.org", "X", PASSWORD, "boss")
    with pytest.raises(ValueError, match="characters"):
        create_coach(session, "x@example.org", "X", "short", "coach")
    with pytest.raises(ValueError, match="already"):
        create_coach(session, "SAM@example.org", "Sam again", PASSWORD, "coach")


def test_lockout_after_repeated_failures_and_unlock_later(session):
    coach = create_coach(session, "lock@example.org", "Lock", PASSWORD)
    now = utcnow()
    for i in range(MAX_FAILED_LOGINS - 1):
        assert not authenticate(session, "lock@example.org", "wrong", now).ok
        assert coach.failed_logins == i + 1 and coach.locked_until is None
    result = authenticate(session, "lock@example.org", "wrong", now)
    assert not result.ok and result.locked_until == now + LOCKOUT
    # the right password is refused while locked
    assert not authenticate(session, "lock@example.org", PASSWORD, now + timedelta(minutes=14)).ok
    # after the lock runs out it works again and the count resets
    later = now + LOCKOUT + timedelta(seconds=1)
    assert authenticate(session, "LOCK@example.org", PASSWORD, later).ok
    assert coach.failed_logins == 0 and coach.locked_until is None


def test_unknown_email_fails_without_error(session):
    assert not authenticate(session, "nobody@example.org", PASSWORD).ok
