"""The provider API and upload page against a real database, through FastAPI's TestClient."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from course_catalogue.api import create_provider_router
from course_catalogue.csv_format import COURSE_HEADERS, VENUE_HEADERS
from course_catalogue.provider_auth import create_api_key, create_provider_user
from db.models import AuditEvent, CourseRun, Provider, Venue
from tests.course_catalogue.csvdata import FUTURE, course_row, to_csv, venue_row

COURSE = {
    "lars_qan": "60123456",
    "who_this_course_is_for": "Care workers",
    "course_name": "Level 2 Diploma in Care",
    "level": "2",
    "sector": "Care",
}
RUN = {
    "your_reference": "R1",
    "delivery_mode": "Classroom",
    "start_date": FUTURE,
    "your_venue_reference": "V1",
    "course_webpage": "https://www.example.ac.uk/care",
    "cost": 450.5,
    "duration": 30,
    "duration_unit": "Weeks",
    "study_mode": "Part time",
    "attendance_pattern": "Evening",
    "timetable": "Tue 18:00-21:00",
}
VENUE = {
    "your_venue_reference": "V1",
    "venue_name": "Main Campus",
    "address_line_1": "1 High Street",
    "town_or_city": "Leeds",
    "postcode": "LS1 1AA",
}


@dataclass
class World:
    client: TestClient
    factory: sessionmaker[Session]
    key_a: str
    key_b: str

    def a(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key_a}"}

    def b(self) -> dict[str, str]:
        return {"X-API-Key": self.key_b}

    def audit_actions(self) -> list[str]:
        with self.factory() as s:
            return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def world(session_factory: sessionmaker[Session]) -> Iterator[World]:
    with session_factory() as s:
        a = Provider(ukprn="10000001", name="College A")
        b = Provider(ukprn="10000002", name="College B")
        s.add_all([a, b])
        s.flush()
        key_a, key_b = create_api_key(s, a), create_api_key(s, b)
        create_provider_user(s, a, "Staff@College-A.ac.uk", "correct horse battery")
        s.commit()
    app = FastAPI()
    app.include_router(create_provider_router(session_factory))
    with TestClient(app) as client:
        yield World(client, session_factory, key_a, key_b)


def test_keys_are_required_and_stored_hashed(world: World) -> None:
    c = world.client
    assert c.get("/provider/api/courses").status_code == 401
    assert c.get("/provider/api/courses", headers={"X-API-Key": "se_nope_nope"}).status_code == 401
    wrong = world.key_a[:-3] + "xyz"
    assert c.get("/provider/api/courses", headers={"X-API-Key": wrong}).status_code == 401
    assert c.get("/provider/api/me", headers=world.a()).json() == {
        "ukprn": "10000001",
        "name": "College A",
    }
    with world.factory() as s:
        from db.models import ProviderApiKey

        stored = s.scalars(select(ProviderApiKey.key_hash)).all()
        assert world.key_a not in stored and len(stored[0]) == 64


def test_create_read_update_delete_with_audit(world: World) -> None:
    c = world.client
    r = c.post("/provider/api/venues", json=VENUE, headers=world.a())
    assert r.status_code == 201, r.text
    venue_id = r.json()["id"]
    assert r.json()["postcode_district"] == "LS1"
    r = c.post("/provider/api/courses", json={**COURSE, "runs": [RUN]}, headers=world.a())
    assert r.status_code == 201, r.text
    course = r.json()
    assert course["lars_qan"] == "60123456" and course["level"] == 2
    assert set(course["funding_facts"].values()) == {"unknown"}  # not declared: unknown
    run = course["runs"][0]
    assert run["cost_pence"] == 45050 and run["venue_id"] == venue_id
    assert run["timetable"] == "Tue 18:00-21:00" and run["sessions"][0]["day_name"] == "Tue"
    # add a second run, online and self-paced
    online = {
        **RUN,
        "your_reference": "R2",
        "delivery_mode": "Online",
        "your_venue_reference": "",
        "study_mode": "",
        "attendance_pattern": "",
        "timetable": "",
        "self_paced": "Yes",
    }
    r = c.post(f"/provider/api/courses/{course['id']}/runs", json=online, headers=world.a())
    assert r.status_code == 201, r.text
    run2 = r.json()
    assert run2["self_paced"] is True and run2["venue_id"] is None
    # update
    r = c.put(f"/provider/api/runs/{run['id']}", json={**RUN, "cost": "500"}, headers=world.a())
    assert r.status_code == 200 and r.json()["cost_pence"] == 50000
    r = c.put(
        f"/provider/api/courses/{course['id']}",
        json={
            **COURSE,
            "course_name": "Care 2",
            "loan_approved": "Yes",
            "free_courses_for_jobs": "No",
            "esol": "Unknown",
        },
        headers=world.a(),
    )
    assert r.status_code == 200 and r.json()["course_name"] == "Care 2"
    assert r.json()["funding_facts"] == {
        "loan_approved": "yes",
        "free_courses_for_jobs": "no",
        "level3_entitlement": "unknown",
        "apprenticeship_or_hnd": "unknown",
        "esol": "unknown",
    }
    r = c.put(
        f"/provider/api/courses/{course['id']}",
        json={**COURSE, "loan_approved": "perhaps"},
        headers=world.a(),
    )
    assert r.status_code == 422
    assert {"field": "loan_approved", "message": "Enter Yes, No or Unknown"} in r.json()["errors"]
    listed = c.get("/provider/api/courses", headers=world.a()).json()
    assert [(x["course_name"], x["run_count"]) for x in listed] == [("Care 2", 2)]
    # a venue in use cannot go
    r = c.delete(f"/provider/api/venues/{venue_id}", headers=world.a())
    assert r.status_code == 409 and "used by 1 runs" in r.json()["detail"]
    assert c.delete(f"/provider/api/runs/{run2['id']}", headers=world.a()).status_code == 204
    assert c.delete(f"/provider/api/courses/{course['id']}", headers=world.a()).status_code == 204
    assert c.delete(f"/provider/api/venues/{venue_id}", headers=world.a()).status_code == 204
    assert c.get("/provider/api/courses", headers=world.a()).json() == []
    assert world.audit_actions()[-8:] == [
        "venue.create",
        "course.create",
        "run.create",
        "run.update",
        "course.update",
        "run.delete",
        "course.delete",
        "venue.delete",
    ]
    with world.factory() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "run.update")).one()
        assert event.actor_type == "provider" and event.actor_id.startswith("key:")


def test_rules_and_messages_come_back_per_field(world: World) -> None:
    c = world.client
    bad = {**RUN, "delivery_mode": "", "duration": 0}
    r = c.post("/provider/api/courses", json={**COURSE, "runs": [bad]}, headers=world.a())
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {"field": "runs[0].delivery_mode", "message": "Select a delivery mode"},
        {"field": "runs[0].duration", "message": "Enter duration between 1-999"},
    ]
    r = c.post("/provider/api/courses", json={**COURSE, "lars_qan": ""}, headers=world.a())
    assert r.json()["errors"] == [{"field": "lars_qan", "message": "Enter a LARS or QAN code"}]
    r = c.post("/provider/api/venues", json={**VENUE, "postcode": "nowhere"}, headers=world.a())
    assert r.json()["errors"] == [
        {"field": "postcode", "message": "Enter a real postcode, like SW1A 1AA"}
    ]
    with world.factory() as s:
        assert s.scalar(select(func.count()).select_from(CourseRun)) == 0


def test_duplicates_are_conflicts(world: World) -> None:
    c = world.client
    c.post("/provider/api/venues", json=VENUE, headers=world.a())
    assert c.post("/provider/api/venues", json=VENUE, headers=world.a()).status_code == 409
    r = c.post("/provider/api/courses", json={**COURSE, "runs": [RUN]}, headers=world.a())
    course_id = r.json()["id"]
    assert c.post("/provider/api/courses", json=COURSE, headers=world.a()).status_code == 409
    r = c.post(f"/provider/api/courses/{course_id}/runs", json=RUN, headers=world.a())
    assert r.status_code == 409 and "R1" in r.json()["detail"]


def test_other_providers_courses_runs_and_venues_are_not_found(world: World) -> None:
    c = world.client
    venue = c.post("/provider/api/venues", json=VENUE, headers=world.a()).json()
    course = c.post(
        "/provider/api/courses", json={**COURSE, "runs": [RUN]}, headers=world.a()
    ).json()
    run_id = course["runs"][0]["id"]
    b = world.b()
    for method, url, body in [
        ("GET", f"/provider/api/courses/{course['id']}", None),
        ("PUT", f"/provider/api/courses/{course['id']}", COURSE),
        ("DELETE", f"/provider/api/courses/{course['id']}", None),
        ("POST", f"/provider/api/courses/{course['id']}/runs", {**RUN, "your_reference": "X"}),
        ("GET", f"/provider/api/runs/{run_id}", None),
        ("PUT", f"/provider/api/runs/{run_id}", RUN),
        ("DELETE", f"/provider/api/runs/{run_id}", None),
        ("GET", f"/provider/api/venues/{venue['id']}", None),
        ("PUT", f"/provider/api/venues/{venue['id']}", VENUE),
        ("DELETE", f"/provider/api/venues/{venue['id']}", None),
    ]:
        r = c.request(method, url, json=body, headers=b)
        assert r.status_code == 404, (method, url, r.status_code)
    assert c.get("/provider/api/courses", headers=b).json() == []
    assert c.get("/provider/api/venues", headers=b).json() == []
    # B cannot use A's venue in its runs either
    r = c.post("/provider/api/courses", json={**COURSE, "runs": [RUN]}, headers=b)
    assert r.json()["errors"] == [
        {
            "field": "runs[0].your_venue_reference",
            "message": "Venue reference does not match one of your venues",
        }
    ]
    assert c.get(f"/provider/api/runs/{run_id}", headers=world.a()).status_code == 200


def test_upload_and_export_through_the_api(world: World) -> None:
    c = world.client
    files = {
        "venues": ("venues.csv", to_csv([venue_row()], VENUE_HEADERS), "text/csv"),
        "courses": (
            "courses.csv",
            to_csv([course_row(), course_row(YOUR_REFERENCE="B", DURATION="0")]),
            "text/csv",
        ),
    }
    r = c.post("/provider/api/import", files=files, headers=world.a())
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {
            "file": "courses",
            "row": 3,
            "column": "DURATION",
            "message": "Enter duration between 1-999",
        }
    ]
    with world.factory() as s:
        assert s.scalar(select(func.count()).select_from(Venue)) == 0
    files["courses"] = ("courses.csv", to_csv([course_row()]), "text/csv")
    r = c.post("/provider/api/import", files=files, headers=world.a())
    assert r.status_code == 200 and r.json()["summary"]["runs_created"] == 1
    r = c.post("/provider/api/import", files=files, headers=world.a())
    assert r.json()["summary"]["runs_unchanged"] == 1
    files["courses"] = ("courses.csv", to_csv([course_row(COST="99")]), "text/csv")
    r = c.post("/provider/api/import", files=files, headers=world.a())
    assert r.json()["summary"]["runs_updated"] == 1
    r = c.get("/provider/api/export/courses.csv", headers=world.a())
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert b"CARE-1" in r.content
    assert b"CARE-1" not in c.get("/provider/api/export/courses.csv", headers=world.b()).content
    assert "catalogue.import" in world.audit_actions()


def test_openapi_documents_the_api(world: World) -> None:
    spec = world.client.app.openapi()  # type: ignore[attr-defined]
    assert "/provider/api/courses/{course_id}/runs" in spec["paths"]
    assert "/provider/api/import" in spec["paths"]
    assert "/provider/login" not in spec["paths"]


# --- web upload page ----------------------------------------------------------------------------
def _csrf(html: str) -> str:
    marker = 'name="csrf" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def _sign_in(c: TestClient, data: dict[str, str]):
    """Post the sign-in form as a browser does: with the CSRF token of the page it came from."""
    return c.post("/provider/login", data={**data, "csrf": _csrf(c.get("/provider/").text)})


def test_upload_page_login_upload_errors_and_logout(world: World) -> None:
    c = world.client
    r = c.get("/provider/")
    assert "Sign in" in r.text
    r = _sign_in(c, {"email": "staff@college-a.ac.uk", "password": "wrong pw!!"})
    assert r.status_code == 401 and "not right" in r.text
    r = _sign_in(c, {"email": "STAFF@college-a.ac.uk", "password": "correct horse battery"})
    assert r.status_code == 200 and "College A" in r.text  # after the redirect
    csrf = _csrf(r.text)
    bad = to_csv([course_row(DELIVERY_MODE="teleport", VENUE_NAME="<b>x</b>")])
    r = c.post(
        "/provider/upload", data={"csrf": csrf}, files={"courses": ("c.csv", bad, "text/csv")}
    )
    assert r.status_code == 422
    assert "Nothing was changed" in r.text
    assert "<td>2</td>" in r.text and "<td>DELIVERY_MODE</td>" in r.text
    assert "Select a delivery mode" in r.text
    assert "<b>x</b>" not in r.text
    r = c.post(
        "/provider/upload",
        data={"csrf": "forged"},
        files={"venues": ("v.csv", to_csv([venue_row()], VENUE_HEADERS), "text/csv")},
    )
    assert r.status_code == 403
    r = c.post(
        "/provider/upload",
        data={"csrf": csrf},
        files={
            "venues": ("v.csv", to_csv([venue_row()], VENUE_HEADERS), "text/csv"),
            "courses": ("c.csv", to_csv([course_row()]), "text/csv"),
        },
    )
    assert r.status_code == 200 and "1 runs added" in r.text
    r = c.get("/provider/export/courses.csv")
    assert r.status_code == 200 and b"CARE-1" in r.content
    with world.factory() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "catalogue.import")).one()
        assert event.actor_id.startswith("user:")
    c.post("/provider/logout", data={"csrf": csrf})
    assert "Sign in" in c.get("/provider/").text


def test_upload_page_with_api_key_and_lockout(world: World) -> None:
    c = world.client
    r = _sign_in(c, {"api_key": world.key_b})
    assert r.status_code == 200 and "College B" in r.text
    c.cookies.clear()
    for _ in range(5):
        _sign_in(c, {"email": "staff@college-a.ac.uk", "password": "nope nope"})
    r = _sign_in(c, {"email": "staff@college-a.ac.uk", "password": "correct horse battery"})
    assert r.status_code == 401 and "wait 15 minutes" in r.text  # the same answer as a typo


def test_forged_cookie_is_ignored(world: World) -> None:
    c = world.client
    c.cookies.set("provider_session", "eyJwIjoxLCJhIjoidXNlcjoxIn0.forged.sig", path="/provider")
    assert "Sign in" in c.get("/provider/").text


def _junk_courses_csv(rows: int) -> bytes:
    """The course headings, then `rows` rows of one letter each (a 2-byte row: "a\\n")."""
    return (",".join(COURSE_HEADERS) + "\n" + "a\n" * rows).encode()


def test_a_huge_file_of_bad_rows_gets_a_small_answer_with_the_first_100_problems(
    world: World,
) -> None:
    # Each "a" row breaks 8 rules (who it is for, name, delivery mode, start date, webpage,
    # cost, duration, duration unit): 200,000 rows make 1,600,000 problems.
    data = _junk_courses_csv(200_000)
    r = world.client.post(
        "/provider/api/import", headers=world.a(), files={"courses": ("c.csv", data)}
    )
    assert r.status_code == 422
    body = r.json()
    assert len(body["errors"]) == 100
    assert body["more_errors"] == 1_599_900
    assert body["message"] == (
        "We found 1,600,000 problems. Nothing was changed. The first 100 are listed, "
        "and 1,599,900 more."
    )
    # 100 = 12 rows x 8 + 4: the list ends at row 14's fourth problem (rows start at 2)
    assert body["errors"][0] == {
        "file": "courses",
        "row": 2,
        "column": "WHO_THIS_COURSE_IS_FOR",
        "message": "Enter who this course is for",
    }
    assert (body["errors"][-1]["row"], body["errors"][-1]["column"]) == (14, "START_DATE")
    assert len(r.content) < 20_000


def test_upload_page_lists_100_problems_and_counts_the_rest(world: World) -> None:
    page = _sign_in(
        world.client, {"email": "staff@college-a.ac.uk", "password": "correct horse battery"}
    )
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    r = world.client.post(
        "/provider/upload",
        data={"csrf": csrf},
        files={"courses": ("c.csv", _junk_courses_csv(20))},
    )
    assert r.status_code == 422
    assert "We found 160" in r.text
    assert r.text.count("<tr><td>course file</td>") == 100
    assert "And 60 more problems" in r.text


STAFF, STAFF_PASSWORD = "staff@college-a.ac.uk", "correct horse battery"


def _audit(world: World, action: str) -> list[tuple[str | None, str | None, dict | None]]:
    with world.factory() as s:
        rows = s.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
        return [(e.actor_id, e.entity_id, e.detail) for e in rows]


def test_failed_provider_logins_are_audited_without_secrets(world: World) -> None:
    c = world.client
    _sign_in(c, {"email": " Staff@College-A.ac.uk", "password": "wrong pass"})
    _sign_in(c, {"email": "nobody@example.org", "password": "whatever1"})
    _sign_in(c, {"api_key": "se_deadbeef_notthesecret"})
    _sign_in(c, {"api_key": "hunter2"})
    for _ in range(4):  # 5 wrong passwords in all lock the login
        _sign_in(c, {"email": "staff@college-a.ac.uk", "password": "wrong"})
    locked = _sign_in(c, {"email": STAFF, "password": STAFF_PASSWORD})
    assert locked.status_code == 401
    events = _audit(world, "provider.login_failed")
    assert [e[2] for e in events] == [
        {"reason": "wrong email or password", "email": "staff@college-a.ac.uk"},
        {"reason": "wrong email or password", "email": "nobody@example.org"},
        {"reason": "wrong api key", "api_key_prefix": "deadbeef"},
        {"reason": "wrong api key", "api_key_prefix": "(not a key)"},
        *[{"reason": "wrong email or password", "email": "staff@college-a.ac.uk"}] * 4,
        {"reason": "locked", "email": "staff@college-a.ac.uk"},
    ]
    assert all(actor is None for actor, _, _ in events)
    with world.factory() as s:
        logged = " ".join(str(d) for d in s.scalars(select(AuditEvent.detail)))
    assert "notthesecret" not in logged and "hunter2" not in logged and "wrong pass" not in logged


def test_refused_uploads_and_exports_are_audited(world: World) -> None:
    bad = to_csv([course_row(DELIVERY_MODE="by pigeon")])
    r = world.client.post(
        "/provider/api/import", headers=world.a(), files={"courses": ("c.csv", bad)}
    )
    assert r.status_code == 422
    assert world.client.post("/provider/api/import", headers=world.a()).status_code == 422
    with world.factory() as s:
        provider_a = s.scalar(select(Provider.id).where(Provider.ukprn == "10000001"))
    refused = _audit(world, "catalogue.import_refused")
    prefix = world.key_a.split("_")[1]
    assert refused == [
        (f"key:{prefix}", str(provider_a), {"reason": "invalid files", "problems": 1}),
        (f"key:{prefix}", str(provider_a), {"reason": "no file chosen"}),
    ]
    for name in ("courses", "venues"):
        got = world.client.get(f"/provider/api/export/{name}.csv", headers=world.a())
        assert got.status_code == 200
    assert _audit(world, "catalogue.export") == [
        (f"key:{prefix}", str(provider_a), {"file": "courses"}),
        (f"key:{prefix}", str(provider_a), {"file": "venues"}),
    ]


def test_upload_page_refusals_and_exports_are_audited(world: World) -> None:
    c = world.client
    r = c.post("/provider/upload", data={"csrf": "x"}, files={"courses": ("c.csv", b"x")})
    assert r.status_code == 401  # not signed in
    page = _sign_in(c, {"email": STAFF, "password": STAFF_PASSWORD})
    forged = c.post("/provider/upload", data={"csrf": "forged"}, files={"courses": ("c.csv", b"x")})
    assert forged.status_code == 403
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    bad = to_csv([course_row(DELIVERY_MODE="by pigeon")])
    refused = c.post("/provider/upload", data={"csrf": csrf}, files={"courses": ("c.csv", bad)})
    assert refused.status_code == 422
    assert c.get("/provider/export/venues.csv").status_code == 200
    with world.factory() as s:
        user = s.scalar(select(AuditEvent.actor_id).where(AuditEvent.action == "provider.login"))
    reasons = [(actor, d["reason"]) for actor, _, d in _audit(world, "catalogue.import_refused")]
    assert reasons == [
        (None, "not signed in"),
        (user, "form expired (CSRF)"),
        (user, "invalid files"),
    ]
    assert [(a, d) for a, _, d in _audit(world, "catalogue.export")] == [(user, {"file": "venues"})]


def test_refused_api_keys_are_audited_without_the_secret(world: World) -> None:
    from course_catalogue.provider_auth import revoke_api_key
    from db.models import ProviderApiKey

    c = world.client
    prefix = world.key_a.split("_")[1]
    wrong = world.key_a[:-3] + "xyz"
    assert c.get("/provider/api/courses").status_code == 401  # no key at all: not audited
    for headers in (
        {"X-API-Key": "not-a-key"},
        {"X-API-Key": "se_nope_nope"},
        {"Authorization": f"Bearer {wrong}"},
    ):
        assert c.get("/provider/api/courses", headers=headers).status_code == 401
    with world.factory() as s:
        key = s.scalars(select(ProviderApiKey).where(ProviderApiKey.prefix == prefix)).one()
        revoke_api_key(s, key)
        s.commit()
    assert c.post("/provider/api/courses", json=COURSE, headers=world.a()).status_code == 401
    with world.factory() as s:
        events = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "provider.api_key_refused")
            .order_by(AuditEvent.id)
        ).all()
    got = [(e.actor_id, e.detail["reason"], e.detail["method"], e.detail["path"]) for e in events]
    assert got == [
        (None, "malformed", "GET", "/provider/api/courses"),
        ("key:nope", "unknown key", "GET", "/provider/api/courses"),
        (f"key:{prefix}", "wrong secret", "GET", "/provider/api/courses"),
        (f"key:{prefix}", "revoked key", "POST", "/provider/api/courses"),
    ]
    assert all(e.detail["ip"] == "testclient" for e in events)
    # the secret is all after the second "_" (token_urlsafe can hold "_" itself: split("_")[2]
    # had been a fragment as short as one letter, found by chance in the detail: a flaky test)
    secret = world.key_a.split("_", 2)[2]
    assert len(secret) >= 40 and not any(secret in str(e.detail) for e in events)


def test_the_sign_in_form_needs_this_browsers_token(world: World) -> None:
    """Login CSRF: another site cannot sign a provider's browser in to the attacker's login."""
    c, attacker = world.client, TestClient(world.client.app)
    creds = {"email": STAFF, "password": STAFF_PASSWORD}
    assert c.post("/provider/login", data=creds).status_code == 403
    theirs = _csrf(attacker.get("/provider/").text)
    c.get("/provider/")
    refused = c.post("/provider/login", data={**creds, "csrf": theirs})
    assert refused.status_code == 403 and "expired" in refused.text
    assert 'value="staff@college-a.ac.uk"' in refused.text  # the email is kept to try again
    assert "Sign in" in c.get("/provider/").text
    assert _audit(world, "provider.login") == []
    assert _sign_in(c, creds).status_code == 200  # with the page's own token it works


def test_read_one_course_and_venue_and_delete_an_unused_venue(world: World) -> None:
    c = world.client
    venue = c.post("/provider/api/venues", json=VENUE, headers=world.a()).json()
    other = c.post(
        "/provider/api/venues",
        json={**VENUE, "your_venue_reference": "V2", "venue_name": "Annex"},
        headers=world.a(),
    ).json()
    course = c.post(
        "/provider/api/courses", json={**COURSE, "runs": [RUN]}, headers=world.a()
    ).json()
    got = c.get(f"/provider/api/courses/{course['id']}", headers=world.a())
    assert got.status_code == 200 and got.json() == course
    got = c.get(f"/provider/api/venues/{venue['id']}", headers=world.a())
    assert got.status_code == 200 and got.json()["venue_name"] == "Main Campus"
    # V1 has the run: a conflict, and it stays; V2 has none: gone, and audited
    assert c.delete(f"/provider/api/venues/{venue['id']}", headers=world.a()).status_code == 409
    assert c.delete(f"/provider/api/venues/{other['id']}", headers=world.a()).status_code == 204
    assert c.get(f"/provider/api/venues/{other['id']}", headers=world.a()).status_code == 404
    assert c.get(f"/provider/api/venues/{venue['id']}", headers=world.a()).status_code == 200
    assert "venue.delete" in world.audit_actions()


def test_upload_page_asks_for_a_sign_in_a_file_and_a_known_export(world: World) -> None:
    c = world.client
    r = _sign_in(c, {"email": "  ", "password": ""})
    assert r.status_code == 400 and "Enter your email and password, or your API key" in r.text
    page = _sign_in(c, {"email": STAFF, "password": STAFF_PASSWORD})
    r = c.post("/provider/upload", data={"csrf": _csrf(page.text)})
    assert r.status_code == 200 and "Choose at least one file" in r.text
    assert c.get("/provider/export/students.csv").status_code == 404
    reasons = [d["reason"] for _, _, d in _audit(world, "catalogue.import_refused")]
    assert reasons == ["no file chosen"]
    assert _audit(world, "catalogue.export") == []
