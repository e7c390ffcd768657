"""Login throttling per account+IP and per IP: a stranger cannot lock a coach (or a provider's
staff) out, and one address cannot try account after account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from coach_web.app import create_coach_app
from coach_web.auth import MAX_FAILED_LOGINS, authenticate
from course_catalogue.provider_auth import LockedOut, authenticate_user, create_provider_user
from db import login_throttle
from db.models import Provider
from db.types import utcnow
from tests.coach_web.factories import PASSWORD, add_coach, login, settings

STRANGER, COACH_HOME = "203.0.113.9", "198.51.100.7"


def client_from(session_factory, ip: str) -> TestClient:
    root = FastAPI()
    root.mount("/coach", create_coach_app(session_factory, settings(), None))
    return TestClient(root, client=(ip, 50000))


def test_a_stranger_cannot_lock_a_coach_out(session_factory) -> None:
    with session_factory() as s:
        add_coach(s, "ana@example.org")
        s.commit()
    stranger = client_from(session_factory, STRANGER)
    for _ in range(MAX_FAILED_LOGINS + 3):
        assert login(stranger, "ana@example.org", "guess").status_code == 401
    # the stranger is locked out, even with the right password...
    assert login(stranger, "ana@example.org").status_code == 401
    # ...but Ana, from her own address, signs in
    ana = client_from(session_factory, COACH_HOME)
    assert login(ana, "ana@example.org").status_code == 303


def test_one_address_cannot_try_many_accounts(session) -> None:
    add_coach(session, "bo@example.org")
    now = utcnow()
    tries = 0
    while tries < login_throttle.MAX_PER_IP:
        email = f"guess{tries // (MAX_FAILED_LOGINS - 1)}@example.org"  # under each account cap
        result = authenticate(session, email, "guess", now, ip=STRANGER)
        tries += 1
        assert not result.ok
    assert result.locked_until == now + login_throttle.LOCKOUT  # the address limit
    # every account, even with its right password, is refused from that address now
    assert not authenticate(session, "bo@example.org", PASSWORD, now, ip=STRANGER).ok
    assert authenticate(session, "bo@example.org", PASSWORD, now, ip=COACH_HOME).ok
    # and the address may try again once the lock has run out
    later = now + login_throttle.LOCKOUT + timedelta(seconds=1)
    assert authenticate(session, "bo@example.org", PASSWORD, later, ip=STRANGER).ok


def test_account_and_address_lock_runs_out_and_a_right_password_resets(session) -> None:
    add_coach(session, "cy@example.org")
    now = utcnow()
    for _ in range(MAX_FAILED_LOGINS - 1):
        assert not authenticate(session, "cy@example.org", "x", now, ip=STRANGER).ok
    assert authenticate(session, "cy@example.org", PASSWORD, now, ip=STRANGER).ok
    # the count started again: four more wrong tries do not lock
    for _ in range(MAX_FAILED_LOGINS - 1):
        assert authenticate(session, "cy@example.org", "x", now, ip=STRANGER).locked_until is None
    # wrong tries spread out beyond the window do not add up
    later = now + login_throttle.WINDOW + timedelta(minutes=1)
    assert authenticate(session, "cy@example.org", "x", later, ip=STRANGER).locked_until is None


def test_a_stranger_cannot_lock_provider_staff_out(session) -> None:
    provider = Provider(ukprn="10000001", name="College A")
    session.add(provider)
    session.flush()
    create_provider_user(session, provider, "staff@college-a.ac.uk", "a long password 1")
    now = utcnow()
    for _ in range(MAX_FAILED_LOGINS):
        assert (
            authenticate_user(session, "staff@college-a.ac.uk", "guess", now, ip=STRANGER) is None
        )
    with pytest.raises(LockedOut):  # the stranger's address, even with the right password
        authenticate_user(session, "staff@college-a.ac.uk", "a long password 1", now, ip=STRANGER)
    user = authenticate_user(
        session, "staff@college-a.ac.uk", "a long password 1", now, ip=COACH_HOME
    )
    assert user is not None and user.locked_until is None
