"""The employer web pages on both databases, driven as a browser would: sign in, post with
mistakes and fix them, close, upload, and never reach another employer's rows."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from db.models import Vacancy
from tests.jobs.api.conftest import PASSWORD, World
from tests.jobs.csvdata import vacancies_csv, vacancy_row

FORM = {k.lower(): v for k, v in vacancy_row().items()}


def csrf(html: str) -> str:
    return html.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def login_form(c: TestClient, **fields: str) -> dict[str, str]:
    """The sign-in form's fields with this browser's CSRF token, as the page would post them."""
    return {"csrf": csrf(c.get("/employer/").text), **fields}


def sign_in(c: TestClient, email: str = "hr@aire.example") -> str:
    r = c.post("/employer/login", data=login_form(c, email=email, password=PASSWORD))
    assert r.status_code == 200 and "Your vacancies" in r.text, r.text
    return r.text


def test_sign_in_post_with_mistakes_fix_and_close(world: World) -> None:
    c = world.client
    assert "Sign in to post your vacancies" in c.get("/employer/").text
    home = sign_in(c)
    assert "Aire Valley Care (demo)" in home and "You have no vacancies yet." in home
    token = csrf(home)
    # a mistake keeps what was typed and says what to fix, next to the field
    bad = {**FORM, "csrf": token, "pay_per_hour": "9.50", "closing_date": "2026-12-26"}
    r = c.post("/employer/vacancies/new", data=bad)
    assert r.status_code == 422
    assert "Pay must be at least £12.71 an hour, the National Living Wage" in r.text
    assert (
        'value="9.50"' in r.text
        and 'value="Mon 07:00-15:00; Tue 07:00-15:00; Fri 22:00-06:00"' in r.text
    )
    assert '<a href="#pay_per_hour">' in r.text
    # fixed: saved (a date picker's 2026-12-26 is 26/12/2026)
    r = c.post("/employer/vacancies/new", data={**bad, "pay_per_hour": "13.20"})
    assert r.status_code == 200 and "Vacancy saved." in r.text
    assert "Care assistant" in r.text and "£13.20" in r.text and "26/12/2026" in r.text
    with world.factory() as s:
        vacancy = s.scalars(select(Vacancy)).one()
        assert vacancy.closing_date.isoformat() == "2026-12-26"
    # the edit form shows it back, date included
    edit = c.get(f"/employer/vacancies/{vacancy.id}")
    assert 'value="2026-12-26"' in edit.text and 'value="13.20"' in edit.text
    r = c.post(
        f"/employer/vacancies/{vacancy.id}",
        data={**FORM, "csrf": csrf(edit.text), "job_title": "Care assistant (days)"},
    )
    assert "Care assistant (days)" in r.text
    r = c.post(f"/employer/vacancies/{vacancy.id}/close", data={"csrf": csrf(r.text)})
    assert "Vacancy closed. Workers no longer see it." in r.text
    assert re.search(r"<td>Closed</td>", r.text)
    r = c.post(f"/employer/vacancies/{vacancy.id}/reopen", data={"csrf": csrf(r.text)})
    assert "Vacancy reopened." in r.text


def test_a_forged_form_changes_nothing(world: World) -> None:
    c = world.client
    sign_in(c)
    r = c.post("/employer/vacancies/new", data={**FORM, "csrf": "forged"})
    assert "That form had expired, so nothing was changed." in r.text
    with world.factory() as s:
        assert s.scalars(select(Vacancy)).all() == []
    r = c.post(
        "/employer/upload",
        data={"csrf": "forged"},
        files={"vacancies": ("v.csv", vacancies_csv(vacancy_row()), "text/csv")},
    )
    assert r.status_code == 403
    assert [a for a, _, _ in world.audit()][-1] == "jobs.import_refused"


def test_another_employers_vacancy_is_not_found_on_the_pages(world: World) -> None:
    c = world.client
    theirs = c.post("/employer/api/vacancies", json={**FORM}, headers=world.b()).json()["id"]
    home = sign_in(c)
    token = csrf(home)
    assert c.get(f"/employer/vacancies/{theirs}").status_code == 404
    assert c.post(f"/employer/vacancies/{theirs}", data={**FORM, "csrf": token}).status_code == 404
    assert c.post(f"/employer/vacancies/{theirs}/close", data={"csrf": token}).status_code == 404
    assert "Care assistant" not in c.get("/employer/").text
    with world.factory() as s:
        vacancy = s.get(Vacancy, theirs)
        assert vacancy is not None and vacancy.closed_at is None


def test_upload_lists_problems_then_imports(world: World) -> None:
    c = world.client
    token = csrf(sign_in(c))
    bad = vacancies_csv(
        *[vacancy_row(YOUR_REFERENCE=f"R{i}", SECTOR="Nursing") for i in range(120)]
    )
    r = c.post(
        "/employer/upload", data={"csrf": token}, files={"vacancies": ("v.csv", bad, "text/csv")}
    )
    assert r.status_code == 422
    assert "We found 120 problems. Nothing was changed. The first 100 are listed" in r.text
    assert "And 20 more problems" in r.text
    assert "<td>vacancy file</td><td>2</td>" in r.text and "<td>SECTOR</td>" in r.text
    good = vacancies_csv(vacancy_row())
    r = c.post(
        "/employer/upload", data={"csrf": token}, files={"vacancies": ("v.csv", good, "text/csv")}
    )
    assert r.status_code == 200
    assert "Your files were imported. Vacancies: 1 added, 0 changed, 0 unchanged." in r.text
    exported = c.get("/employer/export/vacancies.csv")
    assert exported.status_code == 200 and b"CARE-1" in exported.content


def test_sign_in_refusals_and_sign_out(world: World) -> None:
    c = world.client
    form = login_form(c, email="hr@aire.example", password="wrong one!")
    r = c.post("/employer/login", data=form)
    assert r.status_code == 401 and "are not right" in r.text
    r = c.post("/employer/login", data=login_form(c, api_key="se_12345678_not-ours"))
    assert r.status_code == 401
    failed = [d for a, _, d in world.audit() if a == "employer.login_failed"]
    assert failed[0] == {"reason": "wrong email or password", "email": "hr@aire.example"}
    assert failed[1] == {"reason": "wrong api key", "api_key_prefix": "(not a key)"}
    home = c.post("/employer/login", data=login_form(c, api_key=world.key_a)).text
    assert "Aire Valley Care (demo)" in home
    copied = dict(c.cookies)
    c.post("/employer/logout", data={"csrf": csrf(home)})
    thief = TestClient(c.app, cookies=copied)
    assert "Sign in to post your vacancies" in thief.get("/employer/").text
    assert thief.get("/employer/export/vacancies.csv", follow_redirects=False).status_code == 303


def test_the_sign_in_form_needs_its_token(world: World) -> None:
    """Login CSRF: a sign-in posted without this browser's token signs nobody in."""
    c = world.client
    r = c.post("/employer/login", data={"email": "hr@aire.example", "password": PASSWORD})
    assert r.status_code == 403 and "This form has expired" in r.text
    assert 'value="hr@aire.example"' in r.text  # what was typed is kept (never the password)
    r = c.post("/employer/login", data={"csrf": "forged", "api_key": world.key_a})
    assert r.status_code == 403
    assert "Sign in to post your vacancies" in c.get("/employer/").text
    assert "employer.login" not in [a for a, _, _ in world.audit()]
    # signing in starts a new token: the one from before the sign-in is worth nothing after it
    before = csrf(c.get("/employer/").text)
    after = sign_in(c)
    assert csrf(after) != before
    r = c.post("/employer/vacancies/new", data={**FORM, "csrf": before})
    assert r.status_code == 403


def test_an_expired_vacancy_form_keeps_what_was_typed(world: World) -> None:
    c = world.client
    sign_in(c)
    r = c.post("/employer/vacancies/new", data={**FORM, "csrf": "old", "job_title": "Night carer"})
    assert r.status_code == 403
    assert "That form had expired, so nothing was changed." in r.text
    assert 'value="Night carer"' in r.text and 'value="13.20"' in r.text
    r = c.post("/employer/vacancies/new", data={**FORM, "csrf": csrf(r.text)})
    assert r.status_code == 200 and "Vacancy saved." in r.text


def test_wrong_passwords_lock_the_login_from_that_address(world: World) -> None:
    """The web security layer's rule: 5 wrong passwords for one login from one address lock it
    from that address for 15 minutes, the right password included; the answer never says so."""
    c = world.client
    for _ in range(5):
        form = login_form(c, email="hr@aire.example", password="wrong one!")
        assert c.post("/employer/login", data=form).status_code == 401
    r = c.post("/employer/login", data=login_form(c, email="hr@aire.example", password=PASSWORD))
    assert r.status_code == 401 and "are not right, or the login is locked" in r.text
    reasons = [d["reason"] for a, _, d in world.audit() if a == "employer.login_failed"]
    assert reasons == ["wrong email or password"] * 5 + ["locked"]
    # the other employer's login, from the same address, is not locked
    assert "Bright Retail (demo)" in sign_in(c, "hr@bright.example")
