"""Fixtures for the coach web app: a small world of coaches and workers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher

import coach_web.auth
from tests.coach_web.factories import (
    DAY,
    T0,
    add_checkin,
    add_coach,
    add_earnings,
    add_flag,
    add_funding,
    add_goal,
    add_message,
    add_plan,
    add_worker,
)

PRODUCTION_HASHER = coach_web.auth._hasher


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2, with small cost settings so the many logins in these tests stay quick.
    (test_auth checks the production settings through PRODUCTION_HASHER.)"""
    monkeypatch.setattr(
        coach_web.auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


XSS = "<script>alert(1)</script>"


@dataclass
class World:
    ana: int
    bo: int
    admin: int
    amira: int
    ben: int
    goal_msg: int
    xss_msg: int


@pytest.fixture
def world(session_factory) -> World:
    with session_factory() as s:
        ana = add_coach(s, "ana@example.org", name="Ana Coach")
        bo = add_coach(s, "bo@example.org", name="Bo Coach")
        admin = add_coach(s, "admin@example.org", role="admin", name="Ada Admin")
        amira = add_worker(s, ana, "Amira", "SE15", last_contact_at=T0 + 40 * DAY)
        ben = add_worker(s, bo, "Ben", "B12")
        pay_msg = add_message(s, amira, "I get 12.21 an hour, 30 hours", at=T0)
        goal_msg = add_message(s, amira, "I want to be a senior carer", at=T0 + DAY)
        add_message(s, amira, "Great! Let's find a course.", direction="out", at=T0 + DAY)
        xss_msg = add_message(s, amira, XSS, at=T0 + 2 * DAY)
        add_earnings(s, amira, 1221, "30", "baseline", T0, pay_msg)
        add_earnings(s, amira, 1400, "32", "checkin", T0 + 35 * DAY)
        add_goal(s, amira, message=goal_msg)
        fund_msg = add_message(s, amira, "yes I earn under that", at=T0 + 3 * DAY)
        add_funding(s, amira, "free", fund_msg)
        add_plan(s, amira, "saved", name="Level 3 Diploma in Adult Care")
        add_flag(s, amira, "struggling", message=xss_msg)
        add_checkin(s, amira, "missed", T0 + 14 * DAY)
        add_checkin(s, amira, "due", T0 + 60 * DAY)
        add_earnings(s, ben, 1100, "20", "baseline", T0)
        add_message(s, ben, "hello from ben", at=T0)
        s.commit()
        return World(ana.id, bo.id, admin.id, amira.id, ben.id, goal_msg.id, xss_msg.id)
