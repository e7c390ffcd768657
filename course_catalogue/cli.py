"""`escalator catalogue import`: import Course Directory files for one provider from the shell."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from course_catalogue.importer import ImportResult, import_files
from db.engine import make_engine, make_session_factory
from db.models import Provider

FILE_NAMES = {"courses": "course file", "venues": "venue file", "timetable": "timetable file"}


def print_errors(result: ImportResult, out: TextIO = sys.stdout) -> None:
    """One line per error, grouped by file: 'Row 5, DELIVERY_MODE: Select a delivery mode'."""
    current = None
    for file, error in result.errors:
        if file != current:
            print(f"Errors in the {FILE_NAMES.get(file, file)}:", file=out)
            current = file
        print(f"  {error}", file=out)
    if result.more_errors:
        print(f"... and {result.more_errors:,} more.", file=out)


def _progress(out: TextIO):
    def report(stage: str, done: int, total: int) -> None:
        print(f"{stage.capitalize()} {done:,} of {total:,} rows", file=out, flush=True)

    return report


def run_import(
    provider_ukprn: str,
    courses_csv: Path | None,
    venues_csv: Path | None,
    timetable_csv: Path | None,
    *,
    database_url: str | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """Import the given files; exit code 0 when written, 1 when anything was wrong."""
    if database_url is None:
        from config.settings import get_settings

        database_url = get_settings().database_url
    if courses_csv is None and venues_csv is None and timetable_csv is None:
        print("Give at least one file: --courses, --venues or --timetable", file=out)
        return 1
    data: dict[str, bytes | None] = {}
    for name, path in (
        ("courses", courses_csv),
        ("venues", venues_csv),
        ("timetable", timetable_csv),
    ):
        if path is None:
            data[name] = None
            continue
        try:
            data[name] = path.read_bytes()
        except OSError as exc:
            print(f"Cannot read the {FILE_NAMES[name]} {path}: {exc.strerror}", file=out)
            return 1
    engine = make_engine(database_url)
    try:
        factory = make_session_factory(engine)
        with factory() as session:
            provider = session.scalar(select(Provider).where(Provider.ukprn == provider_ukprn))
            if provider is None:
                print(f"No provider with UKPRN {provider_ukprn}", file=out)
                return 1
            result = import_files(
                session,
                provider,
                courses=data["courses"],
                venues=data["venues"],
                timetable=data["timetable"],
                progress=_progress(out),
                actor_type="system",
                actor_id="cli",
            )
            if not result.ok:
                session.rollback()
                print_errors(result, out)
                print(f"{result.error_count:,} errors. Nothing was changed.", file=out)
                return 1
            session.commit()
    finally:
        engine.dispose()
    s = result.summary()
    print(
        f"Imported for {provider_ukprn}: "
        f"{s['runs_created']} runs added, {s['runs_updated']} updated, "
        f"{s['runs_unchanged']} unchanged; "
        f"{s['courses_created']} courses added, {s['courses_updated']} updated; "
        f"{s['venues_created']} venues added, {s['venues_updated']} updated; "
        f"{s['timetables_set']} timetables set.",
        file=out,
    )
    return 0
