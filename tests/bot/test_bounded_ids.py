"""Ids from URLs are bounded integers in the assembled service (bot.service.build_app): a huge or
non-numeric id is 404, never a 500, on SQLite and PostgreSQL; every 422 of the provider and
employer APIs has the one documented shape."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

import coach_web.auth
from bot.service import build_app
from config.settings import Settings
from course_catalogue.api_models import FieldErrors
from course_catalogue.provider_auth import create_api_key
from db.models import Provider
from jobs import employer_auth
from tests.coach_web.factories import add_coach, add_worker, login

MAX_ID = 2**31 - 1
# Not ids: below 1, one past PostgreSQL's INTEGER, SQLite's 64-bit limit and past it, not numbers
NOT_IDS = ["0", "-1", "2147483648", "9223372036854775807", "9223372036854775808", "1" * 30,
           "abc", "1.5", "%20", "0x10"]  # fmt: skip


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        coach_web.auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@dataclass
class Service:
    client: TestClient
    key: str
    worker: int
    employer_key: str


@pytest.fixture
def service(session_factory: sessionmaker[Session]) -> Iterator[Service]:
    with session_factory() as s:
        admin = add_coach(s, "admin@example.org", role="admin")
        worker = add_worker(s, admin, "Amira")
        provider = Provider(ukprn="10000001", name="College A")
        s.add(provider)
        s.flush()
        key = create_api_key(s, provider)
        employer = employer_auth.create_employer(s, "Aire Valley Care (demo)")
        employer_key = employer_auth.create_api_key(s, employer)
        s.commit()
        worker_id = worker.id
    settings = Settings(_env_file=None, session_secret="t" * 40)  # type: ignore[call-arg]
    with TestClient(build_app(settings, session_factory), raise_server_exceptions=False) as c:
        yield Service(c, key, worker_id, employer_key)


API_ID_ROUTES = [
    ("GET", "/provider/api/courses/{}"),
    ("PUT", "/provider/api/courses/{}"),
    ("DELETE", "/provider/api/courses/{}"),
    ("POST", "/provider/api/courses/{}/runs"),
    ("GET", "/provider/api/runs/{}"),
    ("PUT", "/provider/api/runs/{}"),
    ("DELETE", "/provider/api/runs/{}"),
    ("GET", "/provider/api/venues/{}"),
    ("PUT", "/provider/api/venues/{}"),
    ("DELETE", "/provider/api/venues/{}"),
]
EMPLOYER_API_ID_ROUTES = [
    ("GET", "/employer/api/vacancies/{}"),
    ("PUT", "/employer/api/vacancies/{}"),
    ("DELETE", "/employer/api/vacancies/{}"),
    ("POST", "/employer/api/vacancies/{}/close"),
    ("POST", "/employer/api/vacancies/{}/reopen"),
    ("GET", "/employer/api/pathways/{}"),
    ("PUT", "/employer/api/pathways/{}"),
    ("DELETE", "/employer/api/pathways/{}"),
]
EMPLOYER_PAGE_ID_ROUTES = [
    ("GET", "/employer/vacancies/{}"),
    ("POST", "/employer/vacancies/{}"),
    ("POST", "/employer/vacancies/{}/close"),
    ("POST", "/employer/vacancies/{}/reopen"),
    ("GET", "/employer/pathways/{}"),
    ("POST", "/employer/pathways/{}"),
    ("POST", "/employer/pathways/{}/delete"),
]


@pytest.mark.parametrize("raw", [*NOT_IDS, str(MAX_ID), "1"])
def test_api_ids_that_name_nothing_are_404(service: Service, raw: str) -> None:
    for method, path in API_ID_ROUTES:
        r = service.client.request(
            method, path.format(raw), headers={"X-API-Key": service.key}, json={}
        )
        assert (r.status_code, r.json()) == (404, {"detail": "Not found"}), (method, path, raw)


@pytest.mark.parametrize("raw", [*NOT_IDS, str(MAX_ID), "1"])
def test_employer_api_ids_that_name_nothing_are_404(service: Service, raw: str) -> None:
    for method, path in EMPLOYER_API_ID_ROUTES:
        r = service.client.request(
            method, path.format(raw), headers={"X-API-Key": service.employer_key}, json={}
        )
        assert (r.status_code, r.json()) == (404, {"detail": "Not found"}), (method, path, raw)


@pytest.mark.parametrize("raw", NOT_IDS)
def test_employer_page_ids_that_name_nothing_are_the_404_page(service: Service, raw: str) -> None:
    c = service.client
    token = c.get("/employer/").text.split('name="csrf" value="')[1].split('"')[0]
    home = c.post("/employer/login", data={"csrf": token, "api_key": service.employer_key})
    token = home.text.split('name="csrf" value="')[1].split('"')[0]
    for method, path in EMPLOYER_PAGE_ID_ROUTES:
        r = c.request(method, path.format(raw), data={"csrf": token})
        assert r.status_code == 404 and "Not found" in r.text, (method, path, raw)
    assert "Aire Valley Care (demo)" in c.get("/employer/").text  # still signed in


def test_an_id_is_checked_after_the_key(service: Service) -> None:
    r = service.client.get("/provider/api/courses/abc")
    assert r.status_code == 401  # who is asking comes first, as for an id in range
    assert service.client.get("/employer/api/vacancies/abc").status_code == 401


@pytest.mark.parametrize("raw", NOT_IDS)
def test_coach_ids_that_name_nothing_are_the_404_page(service: Service, raw: str) -> None:
    c = service.client
    assert login(c, "admin@example.org").status_code == 303
    page = c.get(f"/coach/workers/{raw}")
    assert page.status_code == 404 and "Not found" in page.text, raw
    token = c.get("/coach/admin/sessions").text.split('name="csrf_token" value="')[1][:43]
    r = c.post(f"/coach/admin/sessions/{raw}/revoke", data={"csrf_token": token})
    assert r.status_code == 404, raw
    assert c.get(f"/coach/workers/{service.worker}").status_code == 200  # still signed in


def test_the_openapi_documents_the_bounds_and_one_422_shape(service: Service) -> None:
    spec = service.client.get("/openapi.json").json()
    ids = 0
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            for p in op.get("parameters", []):
                if p["in"] == "path" and p["name"].endswith("_id"):
                    ids += 1
                    assert (p["schema"]["minimum"], p["schema"]["maximum"]) == (1, MAX_ID)
            if not path.startswith(("/provider/api/", "/employer/api/")):
                continue
            shape = op["responses"]["422"]["content"]["application/json"]["schema"]
            refs = [shape.get("$ref")] + [s.get("$ref") for s in shape.get("anyOf", [])]
            assert any(r and r.endswith("FieldErrors") for r in refs), (method, path)
            if "{" in path:
                assert "404" in op["responses"], (method, path)
    assert ids == len(API_ID_ROUTES) + len(EMPLOYER_API_ID_ROUTES)
    # one 422 shape for both APIs: FastAPI's own is documented nowhere
    assert "HTTPValidationError" not in str(spec["paths"])


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "fields"),
    [
        ("GET", "/provider/api/export/courses.csv?plain=maybe", {}, ["plain"]),
        ("POST", "/provider/api/courses", {"content": b"{not json"}, ["body"]),
        ("POST", "/provider/api/courses", {"json": [1, 2]}, ["body"]),
        (
            "POST",
            "/provider/api/courses",
            {
                "json": {
                    "lars_qan": [1],
                    "who_this_course_is_for": "x",
                    "course_name": "y",
                    "runs": [{"duration": {}}],
                    "colour": "red",
                }
            },  # fmt: skip
            [
                "lars_qan",
                "runs[0].delivery_mode",
                "runs[0].course_webpage",
                "runs[0].duration",
                "runs[0].duration_unit",
                "colour",
            ],  # fmt: skip
        ),
        ("POST", "/provider/api/import", {"data": {"courses": "not a file"}}, ["courses"]),
        ("POST", "/employer/api/vacancies", {"content": b"{not json"}, ["body"]),
        (
            "POST",
            "/employer/api/vacancies",
            {"json": {"job_title": ["x"], "sector": "Care", "colour": "red"}},
            ["job_title", "pay_per_hour", "contract_type", "closing_date", "colour"],
        ),
        ("POST", "/employer/api/pathways", {"json": [1]}, ["body"]),
        ("POST", "/employer/api/import", {"data": {"vacancies": "not a file"}}, ["vacancies"]),
    ],
)
def test_every_422_of_the_api_has_the_documented_shape(
    service: Service, method: str, path: str, kwargs: dict, fields: list[str]
) -> None:
    headers = {"X-API-Key": service.employer_key if "/employer/" in path else service.key}
    if "content" in kwargs:
        headers["Content-Type"] = "application/json"
    r = service.client.request(method, path, headers=headers, **kwargs)
    assert r.status_code == 422
    body = FieldErrors.model_validate(r.json())
    assert [e.field for e in body.errors] == fields
    assert all(e.message for e in body.errors)
