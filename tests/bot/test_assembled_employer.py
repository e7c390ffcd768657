"""The employer pages and API inside the app `escalator run` serves (bot.service.build_app):
linked from the status page, route names unique next to the coach and provider apps, and a
vacancy posted on the page is found by the matching search for a worker nearby."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

import jobs.employer_auth
from bot.service import build_app
from config.settings import Settings
from jobs.employer_auth import create_api_key, create_employer, create_employer_user
from jobs.matching import WorkerProfile
from jobs.search import find_matches
from tests.bot.test_assembled_app import _route_names
from tests.jobs.csvdata import vacancy_row


@pytest.fixture
def client(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setattr(
        jobs.employer_auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    settings = Settings(_env_file=None, session_secret="t" * 40)  # type: ignore[call-arg]
    with TestClient(build_app(settings, session_factory)) as c:
        yield c


def test_employer_routes_are_mounted_with_unique_names(client: TestClient) -> None:
    names = _route_names(client.app.router.routes)  # type: ignore[attr-defined]
    assert sorted({n for n in names if names.count(n) > 1}) == []
    assert {"employer_login", "employer_api_list_vacancies", "provider_login"} <= set(names)
    assert client.app.url_path_for("employer_login") == "/employer/login"  # type: ignore[attr-defined]
    status = client.get("/").text
    href = re.search(r'<a href="([^"]+)">Employer vacancies</a>', status).group(1)  # type: ignore[union-attr]
    page = client.get(href)
    assert page.status_code == 200 and 'action="/employer/login"' in page.text
    assert "/employer/api/vacancies" in client.get("/openapi.json").json()["paths"]


def test_a_vacancy_posted_on_the_page_is_matched_to_a_worker_nearby(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s:
        employer = create_employer(s, "Aire Valley Care (demo)")
        create_employer_user(s, employer, "hr@aire.example", "correct horse battery")
        key = create_api_key(s, employer)
        s.commit()
    login = client.get("/employer/").text
    token = login.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    form = {"email": "hr@aire.example", "password": "correct horse battery", "csrf": token}
    home = client.post("/employer/login", data=form).text
    token = home.split('name="csrf" value="', 1)[1].split('"', 1)[0]  # a new one once signed in
    form = {k.lower(): v for k, v in vacancy_row().items()}
    form["closing_date"] = (date.today() + timedelta(days=30)).isoformat()  # a date picker's
    saved = client.post("/employer/vacancies/new", data={**form, "csrf": token})
    assert "Vacancy saved." in saved.text
    listed = client.get("/employer/api/vacancies", headers={"X-API-Key": key}).json()
    assert [v["job_title"] for v in listed] == ["Care assistant"]
    with session_factory() as s:
        worker = WorkerProfile(
            goal="pay", postcode_district="LS1", hourly_pence=1271, weekly_hours=30
        )
        matches = find_matches(s, worker, date.today())
    assert [m.vacancy.id for m in matches] == [listed[0]["id"]]
    assert matches[0].reasons[0] == "Pays 49p an hour more than now"
