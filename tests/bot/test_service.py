"""`escalator run`'s start and stop steps (bot/service.py) on a real database; the whole run,
with Telegram on, is in tests/bot/telegram/test_service_run.py."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from bot.service import _prepare_database, _start_parts
from config.settings import Settings
from db.models import Coach, Provider


def _settings(db_url: str, **values: object) -> Settings:
    values = {
        "database_url": db_url,
        "telegram_bot_token": None,
        "rasa_managed": False,
        "rasa_url": "http://127.0.0.1:9",  # nothing there: buttons only
        **values,
    }
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)) or 0)


async def test_demo_data_is_loaded_into_an_empty_database_once(
    db_url: str,
    engine: Engine,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = _settings(db_url, demo_seed=True, app_env="development")
    await _prepare_database(settings)
    assert "coach@demo.local" in capsys.readouterr().out  # the logins are shown
    providers = _count(engine, Provider)
    assert providers > 0 and _count(engine, Coach) > 0
    with caplog.at_level(logging.INFO, logger="escalator.service"):
        await _prepare_database(settings)  # the next start: data there, nothing loaded
    assert capsys.readouterr().out == ""
    said = [r.getMessage() for r in caplog.records if r.name == "escalator.service"]
    assert any(m.startswith("The database already has data") for m in said), said
    assert _count(engine, Provider) == providers


async def test_no_demo_data_when_switched_off(db_url: str, engine: Engine) -> None:
    await _prepare_database(_settings(db_url, demo_seed=False))
    assert (_count(engine, Provider), _count(engine, Coach)) == (0, 0)


async def test_started_parts_serve_the_app_and_stop(db_url: str, engine: Engine) -> None:
    parts = await _start_parts(_settings(db_url, scheduler_enabled=True), with_rasa=False)
    try:
        # no token: no Telegram channel, and so no check-in scheduler (nothing could deliver)
        assert (parts.telegram, parts.scheduler, parts.rasa) == (None, None, None)
        health = TestClient(parts.app).get("/healthz").json()
        assert (health["database"], health["telegram"]) == (True, False)
        assert parts.refresher._thread is not None and parts.refresher._thread.is_alive()
    finally:
        await parts.stop()
    assert not parts.refresher._thread.is_alive()
