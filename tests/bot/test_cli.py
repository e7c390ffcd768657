"""The `escalator` command line, run as a user would run it (a real subprocess)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

ROOT = Path(__file__).resolve().parents[2]
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [A-Z]+ ")  # logging's own lines


def _escalator(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_every_command() -> None:
    out = _escalator("--help", env={}).stdout
    for command in ("db", "catalogue", "demo", "run", "chat"):
        assert command in out


def test_db_upgrade_creates_every_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = _escalator("db", "upgrade", env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    tables = set(inspect(create_engine(url)).get_table_names())
    assert {"workers", "course_runs", "run_sessions", "audit_events", "checkins"} <= tables
    assert "alembic_version" in tables


def test_demo_seed_on_a_fresh_database_migrates_first(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    env = {"DATABASE_URL": url, "APP_ENV": "development"}
    first = _escalator("demo", "seed", env=env)
    assert first.returncode == 0, first.stderr
    assert "coach@demo.local" in first.stdout
    engine = create_engine(url)
    with engine.connect() as conn:
        providers = conn.execute(text("SELECT count(*) FROM providers")).scalar()
    assert providers == 4

    again = _escalator("demo", "seed", env=env)
    assert again.returncode == 1
    assert "already has data (3 coaches, 4 providers, 6 employers)" in again.stderr
    assert "Nothing was changed." in again.stderr
    assert "Traceback" not in again.stderr
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM providers")).scalar() == 4
    engine.dispose()


def test_demo_seed_is_refused_in_production(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'prod.db'}"
    result = _escalator("demo", "seed", env={"DATABASE_URL": url, "APP_ENV": "production"})
    assert result.returncode == 1
    assert "only loaded when APP_ENV=development" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "prod.db").exists()  # not even migrated


def test_run_in_production_with_unsafe_settings_refuses_with_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'run.db'}"
    env = {
        "DATABASE_URL": url,
        "APP_ENV": "production",
        "SESSION_SECRET": "change-me-in-production",
        "SECURE_COOKIES": "true",
        "DEMO_SEED": "false",
        "TELEGRAM_BOT_TOKEN": "",
        "RASA_MANAGED": "false",
    }
    result = _escalator("run", "--no-rasa", env=env)
    assert result.returncode == 2
    said = [line for line in result.stderr.splitlines() if not LOG_LINE.match(line)]
    assert said == [
        "Refusing to start with APP_ENV=production: SESSION_SECRET is the default value."
    ]
    assert not (tmp_path / "run.db").exists()
