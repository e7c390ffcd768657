"""The assembled service (`escalator run`'s app: coach app, provider and employer pages) in
headless Chromium (Debian's chromium, driven by Playwright for Python), served for real by
uvicorn in a thread. Needs scripts/install-browser.sh (never `playwright install`)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import uvicorn
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import jobs.employer_auth
from bot.service import build_app
from config.settings import Settings
from db.models import AuditEvent, Vacancy
from jobs.employer_auth import create_employer, create_employer_user

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
PORTS = range(8840, 8850)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
EMPLOYER_PASSWORD = "correct horse battery"


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8840-8849")


@pytest.fixture
def server(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    monkeypatch.setattr(
        jobs.employer_auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    with session_factory() as s:
        employer = create_employer(s, "Aire Valley Care (demo)")
        create_employer_user(s, employer, "hr@aire.example", EMPLOYER_PASSWORD)
        s.commit()
    settings = Settings(_env_file=None, session_secret="t" * 40)  # type: ignore[call-arg]
    app = build_app(settings, session_factory)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail("chromium is missing: run scripts/install-browser.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    with contextlib.suppress(Exception):
        context.close()


def _employer_login(page, base: str, password: str = EMPLOYER_PASSWORD) -> None:
    page.goto(f"{base}/employer/")
    page.fill("#email", "hr@aire.example")
    page.fill("#password", password)
    page.click("button[type=submit]")


def test_employer_login_carries_its_csrf_token_and_a_forged_one_is_refused(
    page, server: str, session_factory: sessionmaker[Session]
) -> None:
    # a sign-in form whose token was changed signs nobody in, and keeps the email typed
    page.goto(f"{server}/employer/")
    page.fill("#email", "hr@aire.example")
    page.fill("#password", EMPLOYER_PASSWORD)
    page.locator("input[name=csrf]").evaluate("e => { e.value = 'forged' }")
    page.click("button[type=submit]")
    assert "This form has expired" in page.locator("[role=alert]").inner_text()
    assert page.input_value("#email") == "hr@aire.example"
    assert page.locator("h1").inner_text() == "Sign in to post your vacancies"
    # the page's own token: signed in; the cookie is HttpOnly, SameSite=Lax, for /employer only
    page.fill("#password", EMPLOYER_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/employer/")
    assert page.locator("h1").inner_text() == "Aire Valley Care (demo)"
    cookie = next(c for c in page.context.cookies() if c["name"] == "employer_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/employer"
    # post a vacancy with the date picker, change nothing else, see it listed
    page.click("text=Post a vacancy")
    page.fill("#job_title", "Care assistant")
    page.select_option("#sector", "Care")
    page.fill("#pay_per_hour", "13.20")
    page.select_option("#contract_type", "Permanent")
    page.fill("#guaranteed_hours", "30")
    page.fill("#shifts", "Mon 07:00-15:00; Tue 07:00-15:00")
    page.fill("#postcode", "LS6 2AB")
    page.fill("#closing_date", (date.today() + timedelta(days=20)).isoformat())
    page.fill("#apply_url", "https://example.org/jobs/1")
    page.click("button:has-text('Save')")
    page.wait_for_url(f"{server}/employer/?done=vacancy-saved")
    assert "Vacancy saved." in page.locator("[role=status]").inner_text()
    assert page.locator("td a", has_text="Care assistant").count() == 1
    with session_factory() as s:
        assert s.scalars(select(Vacancy.postcode_district)).all() == ["LS6"]
        actions = s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["employer.login", "vacancy.create"]
    # signing out ends the sign-in
    page.click("button:has-text('Sign out')")
    page.goto(f"{server}/employer/vacancies/new")
    assert page.locator("h1").inner_text() == "Sign in to post your vacancies"
