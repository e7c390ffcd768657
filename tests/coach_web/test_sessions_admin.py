"""Admins see every live sign-in (coach app and provider pages) and can end any of them."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from db import web_sessions
from db.models import AuditEvent, WebSession
from tests.coach_web.factories import csrf_from, login, mounted_client


def _client(session_factory, email):
    c = mounted_client(session_factory)
    assert login(c, email).status_code == 303
    return c


def _session_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'data-session-id="(\d+)"', html)]


def test_admin_lists_and_revokes_sign_ins(session_factory, world) -> None:
    with session_factory() as s:
        web_sessions.open_session(s, "provider", "key:se_abcd", timedelta(hours=1))
        s.commit()
    admin = _client(session_factory, "admin@example.org")
    ana = _client(session_factory, "ana@example.org")
    assert ana.get("/coach/", follow_redirects=False).status_code == 200

    page = admin.get("/coach/admin/sessions")
    assert page.status_code == 200
    assert "Ana Coach &lt;ana@example.org&gt;" in page.text
    assert "API key se_abcd (provider)" in page.text
    assert "(this browser)" in page.text
    assert len(_session_ids(page.text)) == 3
    with session_factory() as s:
        ana_sid = s.scalar(select(WebSession.id).where(WebSession.subject == str(world.ana)))

    # without the form's token nothing happens
    r = admin.post(f"/coach/admin/sessions/{ana_sid}/revoke", data={}, follow_redirects=False)
    assert r.status_code == 403
    assert ana.get("/coach/", follow_redirects=False).status_code == 200

    r = admin.post(
        f"/coach/admin/sessions/{ana_sid}/revoke",
        data={"csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/coach/admin/sessions"
    assert ana.get("/coach/", follow_redirects=False).status_code == 303  # signed out at once
    after = admin.get("/coach/admin/sessions")
    assert ana_sid not in _session_ids(after.text) and len(_session_ids(after.text)) == 2
    assert "Signed out" in after.text
    with session_factory() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "revoke_session"))
        assert event is not None and event.detail == {"kind": "coach", "subject": str(world.ana)}
    # again: already ended, nothing breaks
    r = admin.post(
        f"/coach/admin/sessions/{ana_sid}/revoke", data={"csrf_token": csrf_from(after.text)}
    )
    assert r.status_code == 200 and "already ended" in r.text


def test_only_admins_see_or_revoke_sign_ins(session_factory, world) -> None:
    admin = _client(session_factory, "admin@example.org")
    ana = _client(session_factory, "ana@example.org")
    assert "Sign-ins" not in ana.get("/coach/").text
    assert "Sign-ins" in admin.get("/coach/").text
    assert ana.get("/coach/admin/sessions").status_code == 404
    with session_factory() as s:
        admin_sid = s.scalar(select(WebSession.id).where(WebSession.subject == str(world.admin)))
    token = csrf_from(ana.get("/coach/").text)
    r = ana.post(f"/coach/admin/sessions/{admin_sid}/revoke", data={"csrf_token": token})
    assert r.status_code == 404
    assert admin.get("/coach/", follow_redirects=False).status_code == 200
    assert (
        mounted_client(session_factory)
        .get("/coach/admin/sessions", follow_redirects=False)
        .status_code
        == 303
    )
