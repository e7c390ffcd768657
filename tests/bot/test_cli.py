"""The `escalator` command line, run as a user would run it (a real subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect

ROOT = Path(__file__).resolve().parents[2]


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
