"""The app `escalator run` serves (bot.service.build_app), driven as a browser would drive it:
the coach app and the provider pages live side by side without mixing up their links."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from starlette.routing import Mount

import coach_web.auth
from bot.service import build_app
from config.settings import Settings
from tests.coach_web.factories import PASSWORD, add_coach, csrf_from


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        coach_web.auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def client(session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    with session_factory() as s:
        add_coach(s, "ana@example.org", name="Ana Coach")
        s.commit()
    settings = Settings(_env_file=None, session_secret="t" * 40)  # type: ignore[call-arg]
    with TestClient(build_app(settings, session_factory)) as c:
        yield c


def _route_names(routes: list, prefix: str = "") -> list[str]:
    names = []
    for route in routes:
        if isinstance(route, Mount):
            names += _route_names(route.routes, prefix + route.path)
        elif hasattr(route, "original_router"):  # FastAPI keeps included routers as they are
            names += _route_names(route.original_router.routes, prefix)
        elif getattr(route, "name", None):
            names.append(route.name)
    return names


def test_route_names_are_unique_across_the_mounted_apps(client: TestClient) -> None:
    names = _route_names(client.app.router.routes)  # type: ignore[attr-defined]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert duplicates == []
    assert "coach_login" in names and "provider_login" in names
    app = client.app
    assert app.url_path_for("coach_login") == "/coach/login"  # type: ignore[attr-defined]
    assert app.url_path_for("provider_login") == "/provider/login"  # type: ignore[attr-defined]


def test_coach_root_goes_to_the_coach_login(client: TestClient) -> None:
    response = client.get("/coach/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/coach/login"


def test_status_page_coach_link_leads_to_the_coach_login(client: TestClient) -> None:
    status = client.get("/").text
    href = re.search(r'<a href="([^"]+)">Coach app</a>', status).group(1)  # type: ignore[union-attr]
    assert href == "/coach/"
    page = client.get(href)
    assert page.status_code == 200
    assert str(page.url).endswith("/coach/login")
    assert 'action="/coach/login"' in page.text
    assert "/provider/" not in page.text


def test_coach_logout_really_ends_the_session(client: TestClient) -> None:
    login_page = client.get("/coach/login")
    signed_in = client.post(
        "/coach/login",
        data={
            "email": "ana@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_from(login_page.text),
        },
        follow_redirects=False,
    )
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/coach/"
    caseload = client.get("/coach/")
    assert caseload.status_code == 200 and "Ana Coach" in caseload.text
    assert 'action="/coach/logout"' in caseload.text
    assert "/provider/logout" not in caseload.text

    out = client.post(
        "/coach/logout", data={"csrf_token": csrf_from(caseload.text)}, follow_redirects=False
    )
    assert out.status_code == 303 and out.headers["location"] == "/coach/login"
    after = client.get("/coach/", follow_redirects=False)
    assert after.status_code == 303 and after.headers["location"] == "/coach/login"


def test_coach_logout_revokes_a_copied_cookie(client: TestClient) -> None:
    login_page = client.get("/coach/login")
    client.post(
        "/coach/login",
        data={
            "email": "ana@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_from(login_page.text),
        },
    )
    copied = dict(client.cookies)
    caseload = client.get("/coach/")
    assert caseload.status_code == 200
    client.post("/coach/logout", data={"csrf_token": csrf_from(caseload.text)})
    thief = TestClient(client.app, cookies=copied)  # e.g. a cookie left on a shared computer
    replay = thief.get("/coach/", follow_redirects=False)
    assert replay.status_code == 303 and replay.headers["location"] == "/coach/login"


def test_provider_logout_revokes_a_copied_cookie(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    from course_catalogue.provider_auth import create_provider_user
    from db.models import Provider

    with session_factory() as s:
        provider = Provider(ukprn="10000001", name="College A")
        s.add(provider)
        s.flush()
        create_provider_user(s, provider, "staff@college-a.ac.uk", "correct horse battery")
        s.commit()
    form = client.get("/provider/").text
    token = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    page = client.post(
        "/provider/login",
        data={"email": "staff@college-a.ac.uk", "password": "correct horse battery", "csrf": token},
    )
    assert "College A" in page.text
    copied = dict(client.cookies)
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    client.post("/provider/logout", data={"csrf": csrf})
    thief = TestClient(client.app, cookies=copied)
    assert "College A" not in thief.get("/provider/").text
    assert thief.get("/provider/export/courses.csv", follow_redirects=False).status_code == 303


def test_every_page_and_answer_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/coach/login", "/provider/", "/provider/api/me", "/healthz", "/nowhere"):
        r = client.get(path)
        assert r.headers["x-frame-options"] == "DENY", path
        assert r.headers["x-content-type-options"] == "nosniff", path
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src" not in csp, path
    docs = client.get("/docs")
    assert docs.status_code == 200 and docs.headers["x-frame-options"] == "DENY"
    csp = docs.headers["content-security-policy"]
    assert "script-src 'unsafe-inline' https://cdn.jsdelivr.net" in csp  # Swagger UI, no more
    assert "frame-ancestors 'none'" in csp and "connect-src 'self'" in csp
