"""The coach app through HTTP, mounted at /coach as the service mounts it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from coach_web.auth import MAX_FAILED_LOGINS, hash_password
from db.models import AuditEvent, Coach, CoachNote, ConversationMessage, Worker
from tests.coach_web.conftest import XSS
from tests.coach_web.factories import (
    DAY,
    T0,
    add_checkin,
    add_message,
    csrf_from,
    login,
    mounted_client,
)


def logged_in(session_factory, email: str, **kw):
    client = mounted_client(session_factory, **kw)
    r = login(client, email)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/coach/"
    return client


def audit_actions(session_factory, action: str) -> list[AuditEvent]:
    with session_factory() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# --- login, cookies, lockout -------------------------------------------------------------------
def test_pages_need_login(session_factory, world):
    client = mounted_client(session_factory)
    for path in ("/coach/", f"/coach/workers/{world.amira}", "/coach/impact", "/coach/impact.csv"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/coach/login", path


def test_session_cookie_flags(session_factory, world):
    client = mounted_client(session_factory)
    r = login(client, "ana@example.org")
    cookie = r.headers["set-cookie"].lower()
    assert "coach_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie
    secure = mounted_client(session_factory, secure_cookies=True)
    assert "secure" in login(secure, "ana@example.org").headers["set-cookie"].lower()


def test_wrong_password_then_lockout(session_factory, world):
    client = mounted_client(session_factory)
    for _ in range(MAX_FAILED_LOGINS - 1):
        r = login(client, "ana@example.org", "wrong password")
        assert r.status_code == 401
        assert "do not match" in r.text
    r = login(client, "ana@example.org", "wrong password")
    assert r.status_code == 401 and "locked" in r.text
    r = login(client, "ana@example.org")  # the right password, but locked
    assert r.status_code == 401 and "locked" in r.text
    assert client.get("/coach/", follow_redirects=False).status_code == 303
    with session_factory() as s:
        coach = s.get(Coach, world.ana)
        # every wrong password is on record, but the lock is on this address, not the account
        assert coach.failed_logins == MAX_FAILED_LOGINS and coach.locked_until is None
    assert len(audit_actions(session_factory, "login_failed")) == MAX_FAILED_LOGINS + 1


def test_logout_ends_the_session(session_factory, world):
    client = logged_in(session_factory, "ana@example.org")
    page = client.get("/coach/")
    r = client.post(
        "/coach/logout", data={"csrf_token": csrf_from(page.text)}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/coach/login"
    assert client.get("/coach/", follow_redirects=False).status_code == 303


def test_a_new_password_ends_old_sessions(session_factory, world):
    client = logged_in(session_factory, "ana@example.org")
    assert client.get("/coach/", follow_redirects=False).status_code == 200
    with session_factory() as s:
        s.get(Coach, world.ana).password_hash = hash_password("a brand new passphrase")
        s.commit()
    assert client.get("/coach/", follow_redirects=False).status_code == 303


def test_a_forged_session_cookie_is_ignored(session_factory, world):
    client = mounted_client(session_factory)
    client.cookies.set("coach_session", "eyJjb2FjaF9pZCI6IDF9.forged.signature")
    assert client.get("/coach/", follow_redirects=False).status_code == 303


# --- CSRF ------------------------------------------------------------------------------------
def test_post_without_or_with_wrong_csrf_token_is_refused(session_factory, world):
    client = logged_in(session_factory, "ana@example.org")
    url = f"/coach/workers/{world.amira}/notes"
    assert client.post(url, data={"text": "no token"}).status_code == 403
    r = client.post(url, data={"text": "bad <token>", "csrf_token": "forged"})
    assert r.status_code == 403 and "expired" in r.text
    assert "bad &lt;token&gt;</textarea>" in r.text  # nothing the coach wrote is lost
    assert (
        client.post("/coach/login", data={"email": "ana@example.org", "password": "x"}).status_code
        == 403
    )
    with session_factory() as s:
        assert s.scalars(select(CoachNote)).all() == []
    page = client.get(f"/coach/workers/{world.amira}")
    r = client.post(
        url, data={"text": "good token", "csrf_token": csrf_from(page.text)}, follow_redirects=False
    )
    assert r.status_code == 303
    with session_factory() as s:
        assert [n.text for n in s.scalars(select(CoachNote))] == ["good token"]


def test_a_token_from_another_session_is_refused(session_factory, world):
    other = logged_in(session_factory, "ana@example.org")
    stolen = csrf_from(other.get("/coach/").text)
    client = logged_in(session_factory, "ana@example.org")
    r = client.post(f"/coach/workers/{world.amira}/notes", data={"text": "x", "csrf_token": stolen})
    assert r.status_code == 403


# --- who sees what ---------------------------------------------------------------------------
def test_coach_sees_only_their_caseload(session_factory, world):
    client = logged_in(session_factory, "ana@example.org")
    page = client.get("/coach/").text
    assert "Amira" in page and "Ben" not in page
    r = client.get(f"/coach/workers/{world.ben}")
    assert r.status_code == 404 and "hello from ben" not in r.text
    assert client.get("/coach/workers/999999").status_code == 404
    r = client.post(
        f"/coach/workers/{world.ben}/notes", data={"text": "sneaky", "csrf_token": csrf_from(page)}
    )
    assert r.status_code == 404
    with session_factory() as s:
        assert s.scalars(select(CoachNote)).all() == []
    denied = audit_actions(session_factory, "view_worker_denied")
    assert {e.entity_id for e in denied} >= {str(world.ben)}


def test_admin_sees_everyone(session_factory, world):
    client = logged_in(session_factory, "admin@example.org")
    page = client.get("/coach/").text
    assert "Amira" in page and "Ben" in page and "Bo Coach" in page
    assert client.get(f"/coach/workers/{world.ben}").status_code == 200


def test_admin_moves_a_worker_to_another_coach(session_factory, world):
    admin = logged_in(session_factory, "admin@example.org")
    page = admin.get(f"/coach/workers/{world.ben}").text
    r = admin.post(
        f"/coach/workers/{world.ben}/coach",
        data={"coach_id": str(world.ana), "csrf_token": csrf_from(page)},
    )
    assert r.status_code == 200 and "Coach changed." in r.text
    ana = logged_in(session_factory, "ana@example.org")
    assert ana.get(f"/coach/workers/{world.ben}").status_code == 200
    moves = audit_actions(session_factory, "assign_coach")
    assert moves[0].detail == {"from": world.bo, "to": world.ana}
    # a coach cannot move workers, not even their own
    page = ana.get(f"/coach/workers/{world.ben}").text
    assert 'id="assign"' not in page
    r = ana.post(
        f"/coach/workers/{world.ben}/coach", data={"coach_id": "", "csrf_token": csrf_from(page)}
    )
    assert r.status_code == 403
    with session_factory() as s:
        assert s.get(Worker, world.ben).coach_id == world.ana


def test_coach_marks_a_flag_as_dealt_with(session_factory, world):
    client = logged_in(session_factory, "ana@example.org")
    page = client.get(f"/coach/workers/{world.amira}").text
    assert page.count("Mark as dealt with") == 1  # only the stored flag; derived ones clear alone
    r = client.post(
        f"/coach/workers/{world.amira}/flags/resolve",
        data={"kind": "struggling", "csrf_token": csrf_from(page)},
    )
    assert r.status_code == 200 and "Marked as dealt with: Struggling." in r.text
    table = client.get("/coach/").text.split('<table id="caseload">')[1]
    assert "Struggling" not in table and "Missed check-ins" in table
    assert audit_actions(session_factory, "resolve_flag")[0].entity_id == str(world.amira)
    other = logged_in(session_factory, "bo@example.org")
    token = csrf_from(other.get("/coach/").text)
    r = other.post(
        f"/coach/workers/{world.amira}/flags/resolve",
        data={"kind": "struggling", "csrf_token": token},
    )
    assert r.status_code == 404


def test_worker_names_are_escaped_everywhere(session_factory, world):
    with session_factory() as s:
        s.get(Worker, world.amira).first_name = "<img src=x onerror=alert(1)>"
        s.commit()
    client = logged_in(session_factory, "ana@example.org")
    for path in ("/coach/", f"/coach/workers/{world.amira}"):
        page = client.get(path).text
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_caseload_shows_stage_flags_and_filters(session_factory, world):
    client = logged_in(session_factory, "admin@example.org")
    page = client.get("/coach/").text
    # Amira: pay rise from £12.21 to £14.00 -> in work progression; flags derived and stored
    for text in (
        "in work progression",
        "Struggling",
        "Missed check-ins",
        "Free course, not applied",
        "Pay rise",
        "01 May 2026 10:00",
    ):
        assert text in page, text
    assert "Amira" not in client.get("/coach/?q=b12").text
    assert "Ben" in client.get("/coach/?q=b12").text
    assert "Ben" not in client.get("/coach/?q=se15").text
    assert "Ben" not in client.get("/coach/?flag=struggling").text
    assert "Amira" not in client.get("/coach/?stage=onboarding").text
    assert client.get("/coach/?sort=%3Cx%3E&stage=%3Cx%3E").status_code == 200


# --- worker page -------------------------------------------------------------------------------
def test_transcript_escapes_worker_text(session_factory, world):
    client = logged_in(session_factory, "ana@example.org")
    r = client.get(f"/coach/workers/{world.amira}")
    assert r.status_code == 200
    assert XSS not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "script-src" not in r.headers["content-security-policy"]  # default-src 'none'
    assert r.headers["cache-control"] == "no-store"


def test_summary_points_link_to_their_messages(session_factory, world):
    client = logged_in(session_factory, "ana@example.org")
    page = client.get(f"/coach/workers/{world.amira}").text
    assert "Wants to work as senior care worker (care), aiming for £14.50 an hour." in page
    assert f'href="#msg-{world.goal_msg}"' in page and f'id="msg-{world.goal_msg}"' in page
    assert "childcare, shift patterns" in page
    assert "£12.21 an hour, 30 hours a week, Care assistant." in page  # pay at start
    assert "£14.00 an hour, 32 hours a week, Care assistant." in page  # pay now
    assert "Level 3 Diploma in Adult Care at Example College" in page
    assert "Free (rules year 2025-26)" in page
    assert f'href="#msg-{world.xss_msg}"' in page  # the struggling flag's message
    assert "<svg" in page and "Real Living Wage £14.80" in page  # SE15 is London
    assert page.count("<circle") == 4  # two hourly, two weekly points


def test_long_transcripts_show_the_latest_and_link_older_facts(session_factory, world):
    from coach_web.app import TRANSCRIPT_WINDOW

    with session_factory() as s:
        amira = s.get(Worker, world.amira)
        for i in range(TRANSCRIPT_WINDOW):
            add_message(s, amira, f"later message {i}", at=T0 + 10 * DAY + i * timedelta(minutes=1))
        s.commit()
    client = logged_in(session_factory, "ana@example.org")
    page = client.get(f"/coach/workers/{world.amira}").text
    assert f'id="msg-{world.goal_msg}"' not in page
    assert f'href="/coach/workers/{world.amira}?all=1#msg-{world.goal_msg}"' in page
    assert "Show all" in page
    full = client.get(f"/coach/workers/{world.amira}?all=1").text
    assert f'id="msg-{world.goal_msg}"' in full and f'href="#msg-{world.goal_msg}"' in full


def test_views_are_audited(session_factory, world):
    client = logged_in(session_factory, "ana@example.org")
    client.get("/coach/")
    client.get(f"/coach/workers/{world.amira}")
    views = audit_actions(session_factory, "view_worker")
    assert [(e.actor_id, e.entity_id) for e in views] == [(str(world.ana), str(world.amira))]
    caseload = audit_actions(session_factory, "view_caseload")
    assert caseload[-1].detail == {"worker_ids": [world.amira]}


def test_send_message_records_it_as_from_the_coach(session_factory, world):
    sent: list[tuple[int, str]] = []

    async def send(worker: Worker, text: str) -> None:
        sent.append((worker.chat_id, text))

    client = logged_in(session_factory, "ana@example.org", send_to_worker=send)
    page = client.get(f"/coach/workers/{world.amira}").text
    r = client.post(
        f"/coach/workers/{world.amira}/messages",
        data={"text": "  Hi Amira, how did it go?  ", "csrf_token": csrf_from(page)},
    )
    assert r.status_code == 200 and "Message sent." in r.text
    with session_factory() as s:
        amira = s.get(Worker, world.amira)
        assert sent == [(amira.chat_id, "Hi Amira, how did it go?")]
        msg = s.scalars(select(ConversationMessage).where(ConversationMessage.sender == "coach"))
        assert [(m.direction, m.text) for m in msg] == [("out", "Hi Amira, how did it go?")]
    assert len(audit_actions(session_factory, "send_message")) == 1


def test_send_failure_is_reported_kindly_and_keeps_the_text(session_factory, world):
    async def broken(worker: Worker, text: str) -> None:
        raise ConnectionError("network down")

    client = logged_in(session_factory, "ana@example.org", send_to_worker=broken)
    page = client.get(f"/coach/workers/{world.amira}").text
    r = client.post(
        f"/coach/workers/{world.amira}/messages",
        data={"text": "Are you free <Tuesday>?", "csrf_token": csrf_from(page)},
    )
    assert r.status_code == 502
    assert "could not be sent" in r.text
    assert "Are you free &lt;Tuesday&gt;?</textarea>" in r.text
    with session_factory() as s:
        coach_msgs = s.scalars(
            select(ConversationMessage).where(ConversationMessage.sender == "coach")
        ).all()
        assert coach_msgs == []


def test_sending_off_without_a_bot_token(session_factory, world):
    client = logged_in(session_factory, "ana@example.org")
    page = client.get(f"/coach/workers/{world.amira}").text
    assert "no Telegram bot token is configured" in page
    r = client.post(
        f"/coach/workers/{world.amira}/messages",
        data={"text": "hello", "csrf_token": csrf_from(page)},
    )
    assert r.status_code == 409 and "hello</textarea>" not in r.text


def test_empty_note_is_refused_kindly(session_factory, world):
    client = logged_in(session_factory, "ana@example.org")
    page = client.get(f"/coach/workers/{world.amira}").text
    r = client.post(
        f"/coach/workers/{world.amira}/notes", data={"text": "   ", "csrf_token": csrf_from(page)}
    )
    assert r.status_code == 400 and "The note is empty" in r.text


# --- impact ------------------------------------------------------------------------------------
def test_impact_page_and_csv(session_factory, world):
    with session_factory() as s:
        s.get(Worker, world.ben).first_name = '=HYPERLINK("http://evil")'
        s.commit()
    client = logged_in(session_factory, "admin@example.org")
    page = client.get("/coach/impact").text
    assert "+14.7%" in page  # Amira: £12.21 -> £14.00
    assert "+15%" in page and "+42%" in page and "20%" in page and "19%" in page  # Step Up
    r = client.get("/coach/impact.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in r.headers["content-disposition"]
    reader = csv.DictReader(io.StringIO(r.text.removeprefix("\ufeff")))
    rows = {row["worker_id"]: row for row in reader}
    assert rows[str(world.ben)]["first_name"] == '\'=HYPERLINK("http://evil")'
    amira = rows[str(world.amira)]
    assert (amira["baseline_hourly_gbp"], amira["latest_hourly_gbp"]) == ("12.21", "14.0")
    assert amira["hourly_change_pct"] == "14.7" and amira["real_living_wage_gbp"] == "14.8"
    export = audit_actions(session_factory, "export_impact_csv")
    assert sorted(export[0].detail["worker_ids"]) == sorted([world.amira, world.ben])


def test_coach_impact_covers_only_their_caseload(session_factory, world):
    client = logged_in(session_factory, "bo@example.org")
    r = client.get("/coach/impact.csv")
    ids = [row["worker_id"] for row in csv.DictReader(io.StringIO(r.text.removeprefix("\ufeff")))]
    assert ids == [str(world.ben)]


def test_next_checkin_is_the_earliest_due(session_factory, world):
    with session_factory() as s:
        add_checkin(s, s.get(Worker, world.amira), "due", T0 + 50 * DAY - timedelta(hours=2))
        s.commit()
    client = logged_in(session_factory, "ana@example.org")
    assert "21 Apr 2026 08:00" in client.get("/coach/").text  # UK time (BST)


def test_works_inside_the_service_web_app(session_factory, world):
    """Mounted exactly as bot.service does it: every link and redirect carries /coach."""
    from fastapi.testclient import TestClient

    from bot.web import create_web_app
    from coach_web.app import create_coach_app
    from tests.coach_web.factories import settings

    cfg = settings()
    app = create_web_app(
        cfg,
        session_factory,
        mounts={"/coach": create_coach_app(session_factory, cfg, None)},
        links={"/coach/": "Coach app"},
    )
    client = TestClient(app)
    assert 'href="/coach/"' in client.get("/").text
    r = login(client, "ana@example.org")
    assert r.status_code == 303 and r.headers["location"] == "/coach/"
    page = client.get("/coach/").text
    assert f'href="/coach/workers/{world.amira}"' in page
    assert 'action="/coach/logout"' in page and 'href="/coach/impact"' in page
