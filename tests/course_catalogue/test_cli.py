"""`escalator catalogue import` prints row/column errors and progress, exit code 1 on errors."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from course_catalogue.cli import run_import
from course_catalogue.csv_format import VENUE_HEADERS
from db.models import CourseRun, Provider
from tests.course_catalogue.csvdata import course_row, to_csv, venue_row


def setup(tmp_path: Path, factory: sessionmaker[Session], rows: list[dict[str, str]]) -> Path:
    with factory() as s:
        s.add(Provider(ukprn="10000001", name="Test College"))
        s.commit()
    (tmp_path / "courses.csv").write_bytes(to_csv(rows))
    (tmp_path / "venues.csv").write_bytes(to_csv([venue_row()], VENUE_HEADERS))
    return tmp_path


def test_cli_imports_and_prints_progress(
    tmp_path: Path, db_url: str, session_factory: sessionmaker[Session]
) -> None:
    d = setup(tmp_path, session_factory, [course_row(), course_row(YOUR_REFERENCE="B")])
    out = io.StringIO()
    code = run_import(
        "10000001", d / "courses.csv", d / "venues.csv", None, database_url=db_url, out=out
    )
    assert code == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    assert "Validated 2 of 2 rows" in lines and "Written 2 of 2 rows" in lines
    assert lines[-1].startswith("Imported for 10000001: 2 runs added, 0 updated, 0 unchanged;")
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(CourseRun)) == 2


def test_cli_prints_errors_and_changes_nothing(
    tmp_path: Path, db_url: str, session_factory: sessionmaker[Session]
) -> None:
    d = setup(
        tmp_path, session_factory, [course_row(), course_row(DELIVERY_MODE="", YOUR_REFERENCE="B")]
    )
    out = io.StringIO()
    code = run_import(
        "10000001", d / "courses.csv", d / "venues.csv", None, database_url=db_url, out=out
    )
    assert code == 1
    text = out.getvalue()
    assert "Errors in the course file:\n  Row 3, DELIVERY_MODE: Select a delivery mode\n" in text
    assert text.endswith("1 errors. Nothing was changed.\n")
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(CourseRun)) == 0


def test_cli_unknown_provider_and_missing_file(
    tmp_path: Path, db_url: str, session_factory: sessionmaker[Session]
) -> None:
    d = setup(tmp_path, session_factory, [course_row()])
    out = io.StringIO()
    assert run_import("99999999", d / "courses.csv", None, None, database_url=db_url, out=out) == 1
    assert "No provider with UKPRN 99999999" in out.getvalue()
    out = io.StringIO()
    assert run_import("10000001", d / "nope.csv", None, None, database_url=db_url, out=out) == 1
    assert "Cannot read the course file" in out.getvalue()
