"""Benchmark: import a 50,000-run Course Directory file (plus venues) and print rows per second.

    .venv/bin/python benchmarks/catalogue_import.py            # SQLite
    .venv/bin/python benchmarks/catalogue_import.py --pg URL   # also PostgreSQL (or set
                                                               # TEST_DATABASE_URL)

Target: under 20 s for 50,000 runs, first upload and re-upload. The PostgreSQL run uses a fresh,
temporary database that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text
from sqlalchemy.engine import make_url

from course_catalogue.csv_format import (
    COURSE_EXTENSION_HEADERS,
    COURSE_HEADERS,
    VENUE_HEADERS,
)
from course_catalogue.importer import import_files
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from db.models import Provider

TARGET_SECONDS = 20.0
MODES = ["Classroom based", "Online", "Work based", "Blended learning"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def make_files(
    runs: int, venues: int = 50, runs_per_course: int = 10, cost_offset: int = 0
) -> tuple[bytes, bytes]:
    """A valid course file with `runs` rows (with the timetable extension) and its venues."""
    vbuf = io.StringIO()
    w = csv.writer(vbuf, lineterminator="\r\n")
    w.writerow(VENUE_HEADERS)
    for v in range(venues):
        w.writerow(
            [
                f"V{v}",
                f"Campus {v}",
                f"{v + 1} High Street",
                "",
                "Leeds",
                "",
                f"LS{v % 9 + 1} {v % 9 + 1}AA",
                "",
                "",
                "",
            ]
        )
    cbuf = io.StringIO()
    w = csv.writer(cbuf, lineterminator="\r\n")
    w.writerow([*COURSE_HEADERS, *COURSE_EXTENSION_HEADERS])
    start = date.today() + timedelta(days=30)
    for i in range(runs):
        course = i // runs_per_course
        mode = MODES[i % 4]
        at_venue = mode in ("Classroom based", "Blended learning")
        day = DAYS[i % 7]
        w.writerow(
            [
                f"{60000000 + course % 90000:08d}",
                f"Adults who want to move up, group {course}",
                "None",
                "Practical skills for work.",
                "Classes and practice.",
                "",
                "Portfolio",
                "Level 3",
                f"Course {course}",
                f"RUN-{i}",
                mode,
                (start + timedelta(days=i % 300)).strftime("%d/%m/%Y"),
                "No",
                f"Campus {i % venues}" if at_venue else "",
                "",
                "Yes" if mode == "Work based" else "",
                "",
                f"https://www.example.ac.uk/courses/{course}",
                f"{(i % 500) + cost_offset + 0.5:.2f}",
                "",
                str(i % 52 + 1),
                "Weeks",
                "Part time" if at_venue else "",
                "Evening" if at_venue else "",
                f"{day} 18:00-21:00" if at_venue else "",
                "Yes" if mode == "Online" else "",
                str(course % 4 + 1),
                "Care",
            ]
        )
    return cbuf.getvalue().encode(), vbuf.getvalue().encode()


def run_once(url: str, files: list[tuple[str, bytes, bytes]], label: str) -> list[float]:
    """Each (name, courses, venues) upload in turn into one fresh database; seconds each."""
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    times: list[float] = []
    try:
        with factory() as s:
            provider = Provider(ukprn="10099999", name="Benchmark College")
            s.add(provider)
            s.commit()
            for attempt, courses, venues in files:
                marks: dict[str, float] = {}

                def progress(stage: str, done: int, total: int) -> None:
                    if done == total:
                        marks[stage] = time.perf_counter()  # noqa: B023

                t0, c0 = time.perf_counter(), time.process_time()
                result = import_files(
                    s,
                    provider,
                    courses=courses,
                    venues=venues,
                    progress=progress,
                    actor_type="system",
                )
                if not result.ok:
                    raise SystemExit(f"benchmark file is invalid: {result.errors[:3]}")
                s.commit()
                total = time.perf_counter() - t0
                cpu = time.process_time() - c0
                rows = result.runs_created + result.runs_updated + result.runs_unchanged
                validated = marks.get("validated", t0) - t0
                print(
                    f"{label:10} {attempt:22} {rows:,} runs in {total:6.2f} s "
                    f"({rows / total:,.0f} rows/s; validate {validated:.2f} s, "
                    f"write+commit {total - validated:.2f} s; this process's CPU {cpu:.2f} s) "
                    f"{'OK' if total < TARGET_SECONDS else 'SLOWER THAN TARGET'}",
                    flush=True,
                )
                times.append(total)
    finally:
        engine.dispose()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50_000)
    parser.add_argument(
        "--pg",
        nargs="?",
        const=os.environ.get("TEST_DATABASE_URL", ""),
        default=os.environ.get("TEST_DATABASE_URL", ""),
        help="PostgreSQL admin URL (default: $TEST_DATABASE_URL)",
    )
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    courses, venues = make_files(args.runs)
    changed, _ = make_files(args.runs, cost_offset=1)
    files = [
        ("first upload", courses, venues),
        ("same file again", courses, venues),
        ("every cost changed", changed, venues),
    ]
    print(
        f"Generated {args.runs:,} runs ({len(courses) / 1e6:.1f} MB) "
        f"in {time.perf_counter() - t0:.2f} s"
    )
    worst = 0.0
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            worst = max(worst, *run_once(f"sqlite:///{tmp}/bench.db", files, "SQLite"))
    if args.pg:
        admin = make_engine(args.pg, isolation_level="AUTOCOMMIT")
        name = f"escalator_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(args.pg).set(database=name).render_as_string(hide_password=False)
            worst = max(worst, *run_once(url, files, "PostgreSQL"))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    print(f"Slowest import: {worst:.2f} s (target under {TARGET_SECONDS:.0f} s)")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(
            f"Note: the machine was busy (load average {load:.1f} on {os.cpu_count()} cores); "
            "wall-clock times are inflated, compare the CPU figures."
        )
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
