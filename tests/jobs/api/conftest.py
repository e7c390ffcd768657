"""An app with the employer router, two employers (A and B), keys and a login for A."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import jobs.employer_auth
from db.models import AuditEvent
from jobs.api import create_employer_router
from jobs.employer_auth import create_api_key, create_employer, create_employer_user
from tests.jobs.csvdata import TODAY

PASSWORD = "correct horse battery"


@dataclass
class World:
    client: TestClient
    factory: sessionmaker[Session]
    key_a: str
    key_b: str
    day: list[date]

    def a(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key_a}"}

    def b(self) -> dict[str, str]:
        return {"X-API-Key": self.key_b}

    def audit(self) -> list[tuple[str, str | None, dict | None]]:
        with self.factory() as s:
            rows = s.scalars(select(AuditEvent).order_by(AuditEvent.id))
            return [(e.action, e.actor_id, e.detail) for e in rows]


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        jobs.employer_auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def world(session_factory: sessionmaker[Session]) -> Iterator[World]:
    with session_factory() as s:
        a = create_employer(s, "Aire Valley Care (demo)")
        b = create_employer(s, "Bright Retail (demo)")
        key_a, key_b = create_api_key(s, a), create_api_key(s, b)
        create_employer_user(s, a, "HR@aire.example", PASSWORD)
        create_employer_user(s, b, "hr@bright.example", PASSWORD)
        s.commit()
    day = [TODAY]
    app = FastAPI()
    app.include_router(
        create_employer_router(
            session_factory, today=lambda: day[0], session_secret="s" * 40, secure_cookies=False
        )
    )
    with TestClient(app) as client:
        yield World(client, session_factory, key_a, key_b, day)
