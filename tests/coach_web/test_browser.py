"""The coach app in headless Chromium (Debian's chromium, driven by Playwright for Python).

The app is served for real by uvicorn in a thread, mounted at /coach as in the service.
Needs scripts/install-browser.sh (never `playwright install`).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI

from coach_web.app import create_coach_app
from tests.coach_web.conftest import XSS, World
from tests.coach_web.factories import PASSWORD, settings

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
PORTS = range(8830, 8840)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8830-8839")


@pytest.fixture
def server(session_factory, world: World) -> Iterator[str]:
    root = FastAPI()
    root.mount("/coach", create_coach_app(session_factory, settings(), None))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(root, host="127.0.0.1", port=port, log_level="warning"))
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
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # type: ignore[attr-defined]
    yield pg
    with contextlib.suppress(Exception):
        context.close()


def _login(page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/coach/")
    assert page.url == f"{base}/coach/login"
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")


def test_login_wrong_then_right(page, server):
    _login(page, server, "ana@example.org", "not my password")
    assert "do not match" in page.locator("[role=alert]").inner_text()
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{server}/coach/")
    assert page.locator("h1").inner_text() == "Your caseload"
    cookie = next(c for c in page.context.cookies() if c["name"] == "coach_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.click("text=Log out")
    page.wait_for_url(f"{server}/coach/login")
    page.goto(f"{server}/coach/")
    assert page.url == f"{server}/coach/login"


def test_caseload_filter_and_search(page, server, world):
    _login(page, server, "admin@example.org")
    page.wait_for_url(f"{server}/coach/")
    rows = page.locator("#caseload tbody tr")
    assert rows.count() == 2
    # Amira needs the coach (flags), so she comes first
    assert rows.first.get_attribute("data-worker-id") == str(world.amira)
    assert "Struggling" in rows.first.inner_text()
    page.fill("#q", "b12")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/coach/?q=b12*")
    assert page.locator("#caseload tbody tr").count() == 1
    assert "Ben" in page.locator("#caseload").inner_text()
    page.select_option("#flag", "struggling")
    page.fill("#q", "")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**flag=struggling*")
    assert page.locator("#caseload tbody tr").count() == 1
    assert "Amira" in page.locator("#caseload").inner_text()


def test_worker_page_summary_links_transcript_and_notes(page, server, world):
    _login(page, server, "ana@example.org")
    page.wait_for_url(f"{server}/coach/")
    page.click("text=Amira")
    page.wait_for_url(f"{server}/coach/workers/{world.amira}")
    summary = page.locator("#summary").inner_text()
    assert "senior care worker" in summary and "Free (rules year 2025-26)" in summary
    # the goal's source link jumps to the message in the transcript
    page.locator(f'#summary a[href="#msg-{world.goal_msg}"]').first.click()
    assert page.url.endswith(f"#msg-{world.goal_msg}")
    assert page.locator(f"#msg-{world.goal_msg}").is_visible()
    # worker text is shown as text, never run
    assert XSS in page.locator(f"#msg-{world.xss_msg}").inner_text()
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.locator("#earnings svg").count() == 2
    assert "no Telegram bot token is configured" in page.locator("#send-off").inner_text()
    page.fill("#note-text", "Call her on Tuesday about childcare <b>bold?</b>")
    page.click("#notes button[type=submit]")
    page.wait_for_url(f"{server}/coach/workers/{world.amira}#notes")
    assert "Note saved." in page.locator(".flash").inner_text()
    assert "Call her on Tuesday about childcare <b>bold?</b>" in page.locator("#notes").inner_text()


def test_other_coachs_worker_is_not_found(page, server, world):
    _login(page, server, "ana@example.org")
    page.wait_for_url(f"{server}/coach/")
    response = page.goto(f"{server}/coach/workers/{world.ben}")
    assert response is not None and response.status == 404
    assert "hello from ben" not in page.content()


def test_impact_report_page(page, server):
    _login(page, server, "admin@example.org")
    page.wait_for_url(f"{server}/coach/")
    page.click("text=Impact report")
    page.wait_for_url(f"{server}/coach/impact")
    assert "+14.7%" in page.locator("#median-hourly").inner_text()
    assert "+15%" in page.locator("#median-hourly").inner_text()


def test_review_queue_filters_and_opens_the_transcript(page, server, session_factory, world):
    from tests.coach_web.factories import DAY, T0
    from tests.coach_web.test_review import add_typed

    with session_factory() as s:
        lost = add_typed(
            s,
            world.amira,
            "wibble <i>wobble</i>",
            at=T0 + 10 * DAY,
            understood=False,
            confidence=0.42,
            flow="goals",
            step="target_pay",
        )
        add_typed(
            s,
            world.amira,
            "when is it open",
            at=T0 + 11 * DAY,
            understood=True,
            confidence=0.55,
            intent="ask_course_details",
            flow="menu",
            step="idle",
        )
        s.commit()
    _login(page, server, "ana@example.org")
    page.wait_for_url(f"{server}/coach/")
    page.click("text=Messages to review")
    page.wait_for_url(f"{server}/coach/review")
    assert page.locator("#review tbody tr").count() == 2
    page.check("input[name=not_understood]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**not_understood=1*")
    rows = page.locator("#review tbody tr")
    assert rows.count() == 1
    assert "wibble <i>wobble</i>" in rows.first.inner_text()
    assert "goals/target_pay" in rows.first.inner_text()
    rows.first.locator("td").first.locator("a").click()
    page.wait_for_url(f"**/coach/workers/{world.amira}?all=1#msg-{lost}")
    assert page.locator(f"#msg-{lost}").is_visible()
    assert page.dialogs == []  # type: ignore[attr-defined]
