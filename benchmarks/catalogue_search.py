"""Benchmark: shift-fit course search over a large catalogue.

Builds about 50,000 course runs with the demo generator (scaled up) in a fresh SQLite file and,
when a PostgreSQL URL is given (--pg URL or TEST_DATABASE_URL), in a fresh PostgreSQL database,
then times a few hundred varied searches. Target: p99 under 50 ms.

    python -m benchmarks.catalogue_search            # SQLite, plus PostgreSQL if configured
    python -m benchmarks.catalogue_search --runs 50000 --queries 500 --pg postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from datetime import time as t
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from course_catalogue.demo_data import DEMO_DISTRICTS, build_catalogue, write_catalogue
from course_catalogue.search import SearchQuery, search_runs
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from db.models import CourseRun

TARGET_P99_MS = 50.0
KEYWORDS = (
    None,
    "care",
    "forklift",
    "chef",
    "maths",
    "english",
    "accounting",
    "retail",
    "teaching assistant",
    "digital",
    "warehouse",
    "cleaning",
    "hgv",
    "nursing",
    "supervisor",
    "esol",
)
SHIFT_PATTERNS = (
    (),  # not given
    tuple((d, t(7), t(15)) for d in range(5)),  # early shifts Mon-Fri
    tuple((d, t(14), t(22)) for d in range(5)),  # late shifts
    tuple((d, t(22), t(6)) for d in (0, 1, 2, 3)),  # nights
    ((5, t(9), t(17)), (6, t(9), t(17))),  # weekends
    ((0, t(8), t(16)), (2, t(12), t(20)), (4, t(6), t(14))),  # mixed
)


def make_queries(n: int, today: date, seed: int = 7) -> list[SearchQuery]:
    rng = random.Random(seed)
    queries = []
    for _ in range(n):
        rota_varies = rng.random() < 0.2
        levels = rng.choice(
            [
                None,
                None,
                frozenset({2}),
                frozenset({3}),
                frozenset({2, 3}),
                frozenset({0, 1, 2}),
                frozenset({4, 5, 6}),
            ]
        )
        modes = rng.choice(
            [None, None, None, frozenset({"online"}), frozenset({"classroom", "blended"})]
        )
        queries.append(
            SearchQuery(
                busy_slots=() if rota_varies else rng.choice(SHIFT_PATTERNS),
                rota_varies=rota_varies,
                postcode_district=rng.choice(DEMO_DISTRICTS + ("LS6", "M14", "B23", "NG7")),
                travel_limit_km=rng.choice([5.0, 10.0, 15.0, 25.0, 40.0, None]),
                levels=levels,
                keywords=rng.choice(KEYWORDS),
                delivery_modes=modes,
                today=today,
            )
        )
    return queries


def populate(url: str, target_runs: int, today: date) -> int:
    upgrade(url)
    per_scale = sum(p.run_count for p in build_catalogue(today))
    scale = max(1, math.ceil(target_runs * 1.05 / per_scale))  # copies vary a little
    engine = make_engine(url)
    factory = make_session_factory(engine)
    started = time.perf_counter()
    with factory() as session:
        write_catalogue(session, build_catalogue(today, scale=scale))
        session.commit()
        runs = session.scalar(select(func.count(CourseRun.id))) or 0
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
    else:
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()
    print(f"  loaded {runs} runs in {time.perf_counter() - started:.1f} s")
    return runs


def time_queries(url: str, queries: list[SearchQuery]) -> tuple[list[float], list[float], float]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    timings: list[float] = []
    cpu: list[float] = []
    found = 0
    with factory() as session:
        for q in queries[:20]:  # warm up caches and the connection
            search_runs(session, q)
        for q in queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            matches = search_runs(session, q, limit=3)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            found += len(matches)
    engine.dispose()
    return timings, cpu, found / max(1, len(queries))


def _pct(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


def report(name: str, timings: list[float], cpu: list[float], avg_found: float) -> bool:
    wall = sorted(timings)
    own = sorted(cpu)
    p99 = _pct(wall, 99)
    ok = p99 < TARGET_P99_MS
    print(
        f"  {name}: {len(wall)} queries, avg {avg_found:.1f} results\n"
        f"    wall ms: p50 {_pct(wall, 50):.1f}  p95 {_pct(wall, 95):.1f}  p99 {p99:.1f}  "
        f"max {wall[-1]:.1f}  mean {statistics.fmean(wall):.1f}"
        f"  -> {'OK' if ok else 'TOO SLOW'} (target p99 < {TARGET_P99_MS:.0f} ms)\n"
        f"    this process's CPU ms (less sensitive to a busy machine): p50 "
        f"{_pct(own, 50):.1f}  p95 {_pct(own, 95):.1f}  p99 {_pct(own, 99):.1f}\n"
        f"    load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return ok


@contextmanager
def fresh_postgres(admin_url: str) -> Iterator[str]:
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"escalator_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL", ""))
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)

    today = date.today()
    queries = make_queries(args.queries, today)
    ok = True
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.db"
            print("SQLite")
            populate(url, args.runs, today)
            ok &= report("SQLite", *time_queries(url, queries))
    if args.pg:
        print("PostgreSQL")
        with fresh_postgres(args.pg) as url:
            populate(url, args.runs, today)
            ok &= report("PostgreSQL", *time_queries(url, queries))
    else:
        print("PostgreSQL: skipped (give --pg URL or set TEST_DATABASE_URL)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
