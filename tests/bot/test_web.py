"""The service's own web app: status page and health check against a real database."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from bot.web import create_web_app
from config.settings import Settings
from db.models import Provider


def test_health_reports_database_and_nlu(session_factory: sessionmaker[Session]) -> None:
    app = create_web_app(Settings(), session_factory, nlu_available=lambda: False)
    body = TestClient(app).get("/healthz").json()
    assert body == {"database": True, "nlu": False, "telegram": False}


def test_status_page_counts_and_links(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        s.add(Provider(ukprn="10000001", name="Test College"))
        s.commit()
    sub = FastAPI()
    app = create_web_app(
        Settings(), session_factory, mounts={"/coach": sub}, links={"/coach/": "Coach app"}
    )
    page = TestClient(app).get("/").text
    assert "providers: 1" in page
    assert '<a href="/coach/">Coach app</a>' in page
    assert "buttons only" in page


def test_health_is_503_when_database_is_gone(tmp_path) -> None:
    from db.engine import make_engine, make_session_factory

    # A directory where the database file should be: SQLite cannot open it.
    bad = tmp_path / "nodb"
    bad.mkdir()
    factory = make_session_factory(make_engine(f"sqlite:///{bad}"))
    response = TestClient(create_web_app(Settings(), factory)).get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_health_is_503_when_the_database_answers_but_cannot_write(migrated_url: str) -> None:
    """A read-only database still answers SELECT 1; the health check's write finds it out."""
    import sqlite3

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from db.engine import make_session_factory

    if not migrated_url.startswith("sqlite"):
        pytest.skip("read-only file mode is SQLite's")
    path = make_url(migrated_url).database
    engine = create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    )
    factory = make_session_factory(engine)
    with factory() as s:
        assert s.execute(text("SELECT 1")).scalar() == 1  # what the old check asked
    response = TestClient(create_web_app(Settings(), factory)).get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False
    engine.dispose()


def test_health_write_test_leaves_nothing_behind(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        before = s.execute(text("SELECT version_num FROM alembic_version")).all()
    client = TestClient(create_web_app(Settings(), session_factory))
    assert client.get("/healthz").status_code == 200
    with session_factory() as s:
        assert s.execute(text("SELECT version_num FROM alembic_version")).all() == before


def _down_factory(tmp_path):
    from db.engine import make_engine, make_session_factory

    bad = tmp_path / "nodb"
    bad.mkdir()  # a directory where the database file should be: SQLite cannot open it
    return make_session_factory(make_engine(f"sqlite:///{bad}"))


def test_database_down_gives_a_friendly_503_page_or_json(tmp_path) -> None:
    from bot.service import build_app
    from tests.coach_web.factories import csrf_from

    settings = Settings(_env_file=None, session_secret="t" * 40)  # type: ignore[call-arg]
    client = TestClient(build_app(settings, _down_factory(tmp_path)), raise_server_exceptions=False)

    api = client.get("/provider/api/courses", headers={"X-API-Key": "se_abc_def"})
    assert api.status_code == 503
    assert api.json() == {
        "detail": "The database is not reachable right now, so this could not be done. "
        "Try again in a minute."
    }
    assert api.headers["retry-after"] == "30"

    login = client.get("/coach/login")  # no database needed to show the form
    assert login.status_code == 200
    page = client.post(
        "/coach/login",
        data={"email": "a@example.org", "password": "x", "csrf_token": csrf_from(login.text)},
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Back soon</h1>" in page.text

    form = client.get("/provider/")  # no database needed to show the form either
    assert form.status_code == 200
    token = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    upload = client.post(
        "/provider/login",
        data={"email": "a@example.org", "password": "x", "csrf": token},
        headers={"Accept": "text/html,application/xhtml+xml"},
    )
    assert upload.status_code == 503 and "Back soon" in upload.text


def test_status_page_still_answers_when_the_database_is_down(tmp_path) -> None:
    app = create_web_app(Settings(), _down_factory(tmp_path), nlu_available=lambda: True)
    response = TestClient(app).get("/")
    assert response.status_code == 200
    assert "<li>The database is not reachable right now.</li>" in response.text
    assert "providers:" not in response.text
    assert "<li>language understanding: up</li>" in response.text


def test_status_page_says_how_telegram_is(session_factory: sessionmaker[Session]) -> None:
    said = {}
    for name, telegram_on in {
        "no token": False,
        "running": lambda: True,
        "retrying": lambda: False,
    }.items():
        page = TestClient(create_web_app(Settings(), session_factory, telegram_on=telegram_on))
        said[name] = page.get("/").text.split("<li>Telegram: ", 1)[1].split("</li>", 1)[0]
    assert said == {
        "no token": "off (no token: use <code>escalator chat</code>)",
        "running": "on",
        "retrying": "starting (the Telegram Bot API is not reachable yet; retrying)",
    }
