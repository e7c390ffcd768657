"""Behind a reverse proxy: the service (real uvicorn, started with bot.service.server_options)
believes X-Forwarded-For only from the proxies in FORWARDED_ALLOW_IPS, so the per-address login
throttle counts the visitor's address, and nobody else can pick it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import coach_web.auth
from bot.service import build_app, server_options
from config.settings import Settings
from db.models import LoginThrottle
from tests.coach_web.factories import csrf_from

pytestmark = pytest.mark.integration
VISITOR = "203.0.113.7"  # a documentation address (RFC 5737)


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        coach_web.auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


def _settings(**kw: object) -> Settings:
    return Settings(_env_file=None, session_secret="t" * 40, web_port=0, **kw)  # type: ignore[call-arg]


@contextmanager
def running(settings: Settings, factory: sessionmaker[Session]) -> Iterator[str]:
    """The assembled service on a free port, as `escalator run` configures uvicorn."""
    options = server_options(settings)
    config = uvicorn.Config(build_app(settings, factory), log_level="warning", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _wrong_login(base: str) -> None:
    with httpx.Client(base_url=base, headers={"X-Forwarded-For": VISITOR}) as client:
        token = csrf_from(client.get("/coach/login").text)
        form = {"email": "nobody@example.org", "password": "wrong", "csrf_token": token}
        r = client.post("/coach/login", data=form)
        assert r.status_code == 401


def _counted_addresses(factory: sessionmaker[Session]) -> list[str]:
    with factory() as s:
        keys = s.scalars(select(LoginThrottle.key).where(LoginThrottle.key.like("ip:%")))
        return sorted(keys)


@pytest.mark.parametrize(
    ("trusted", "counted"),
    [
        (None, "ip:127.0.0.1"),  # default: nobody's header is believed
        ("10.0.0.1", "ip:127.0.0.1"),  # a proxy elsewhere: this peer's header is not believed
        ("127.0.0.1", f"ip:{VISITOR}"),  # our proxy: the visitor's address counts
        ("127.0.0.0/8, ::1", f"ip:{VISITOR}"),
    ],
)
def test_the_throttle_counts_the_address_the_settings_say_to_believe(
    session_factory: sessionmaker[Session], trusted: str | None, counted: str
) -> None:
    with running(_settings(forwarded_allow_ips=trusted), session_factory) as base:
        _wrong_login(base)
    assert _counted_addresses(session_factory) == [counted]


def test_an_ignored_forwarded_header_is_reported_once(
    session_factory: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="escalator.web")

    def check() -> list[str]:
        return [r.getMessage() for r in caplog.records if "FORWARDED_ALLOW_IPS" in r.getMessage()]

    with running(_settings(), session_factory) as base:
        assert httpx.get(base + "/healthz").status_code == 200
        assert check() == []  # no proxy header, nothing to say
        _wrong_login(base)
        _wrong_login(base)
    assert len(check()) == 1 and "set FORWARDED_ALLOW_IPS to the proxy's address" in check()[0]
    caplog.clear()
    with running(_settings(forwarded_allow_ips="127.0.0.1"), session_factory) as base:
        _wrong_login(base)
    assert check() == []
