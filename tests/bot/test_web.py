"""The service's own web app: status page and health check against a real database."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
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
