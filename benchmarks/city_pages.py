"""Coach page times at city scale: caseload, worker page, impact report and CSV export memory.

    .venv/bin/python -m benchmarks.city_seed              # once: 50,000 workers (a few minutes)
    .venv/bin/python -m benchmarks.city_pages             # p50/p95/p99 of each page
    .venv/bin/python -m benchmarks.city_pages --code /work/main --runs 3    # an older checkout

The coach app runs in a uvicorn server of its own (a child process started from `--code`, so
the same command measures this checkout or an older one against the same database), signed
in as the admin (every worker) and as one coach (500 workers). Each page is fetched `--runs`
times over HTTP with varied sorts, pages, searches and workers (fixed random seed), and
timed end to end. The impact CSV is downloaded as a stream while the server's peak resident
memory (VmHWM) is read before and after: the rise is what one export costs the server.
Targets (issue #16): caseload page p95 under 150 ms, worker page under 100 ms, impact report
under 500 ms, the export streamed without loading everything.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql+psycopg://escalator:escalator@127.0.0.1:55432/escalator"
PASSWORD = "benchmark passphrase"
SERVER = """
import sys, uvicorn
from fastapi import FastAPI
from coach_web.app import create_coach_app
from config.settings import Settings
from db.engine import make_engine, make_session_factory
engine = make_engine(sys.argv[1], pool_size=8)
app = FastAPI()
app.mount("/coach", create_coach_app(make_session_factory(engine),
          Settings(_env_file=None, session_secret="city-benchmark-" + "x" * 32), None))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def percentile(ordered: list[float], q: float) -> float:
    rank = max(1, round(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_kb(pid: int) -> tuple[int, int]:
    """(current, peak) resident memory of a process, in kB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def reset_peak(pid: int) -> None:
    """Start VmHWM again from the current size (Linux: write 5 to clear_refs)."""
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/clear_refs").write_text("5")


def start_server(url: str, code: str) -> tuple[subprocess.Popen[bytes], str]:
    """The coach app of the checkout `code`, in uvicorn, in a process of its own."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": code}
    server = subprocess.Popen([sys.executable, "-c", SERVER, url, str(port)], cwd=code, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/coach/login", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    return server, base


def signed_in(base: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120)
    page = client.get("/coach/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no login form"
    r = client.post(
        "/coach/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303, (r.status_code, r.text[:300])
    return client


def timed(fetch: Callable[[int], httpx.Response], runs: int) -> list[float]:
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        r = fetch(i)
        samples.append((time.perf_counter() - started) * 1000)
        assert r.status_code == 200, (r.status_code, r.text[:300])
    return sorted(samples)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", default=None, help="default: escalator_city on --pg")
    p.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG)
    p.add_argument("--name", default="escalator_city")
    p.add_argument("--code", default=str(ROOT), help="the checkout whose coach app to measure")
    p.add_argument("--runs", type=int, default=40)
    p.add_argument("--skip", default="", help="comma-separated scenario names to leave out")
    args = p.parse_args(argv)
    url = args.database_url or make_url(args.pg).set(database=args.name).render_as_string(
        hide_password=False
    )
    sys.path.insert(0, str(ROOT))
    from db.engine import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        workers = conn.execute(text("SELECT count(*), min(id), max(id) FROM workers")).one()
        coach_workers = conn.execute(
            text(
                "SELECT count(*) FROM workers w JOIN coaches c ON c.id = w.coach_id "
                "WHERE c.email = 'coach1@city.example'"
            )
        ).scalar()
    engine.dispose()
    print(f"{workers[0]:,} workers; coach1 has {coach_workers}; code: {args.code}", flush=True)

    server, base = start_server(url, args.code)
    try:
        admin = signed_in(base, "admin@city.example")
        coach = signed_in(base, "coach1@city.example")
        rnd = random.Random(16)
        sorts = ["attention", "name", "last_contact", "next_checkin", "stage"]
        names = ["amir", "ben", "pri", "zo", "sam", "ha", "le", "xin"]
        stages = ["goal set", "applied", "enrolled", "in work progression", "onboarding"]
        flags = ["any", "missed_checkins", "struggling", "free_not_applied", "pay_rise"]
        max_page = max(1, workers[0] // 50)

        def admin_page(i: int) -> httpx.Response:
            return admin.get(
                "/coach/", params={"sort": rnd.choice(sorts), "page": rnd.randint(1, max_page)}
            )

        def admin_search(i: int) -> httpx.Response:
            params = [
                {"q": rnd.choice(names)},
                {"stage": rnd.choice(stages)},
                {"flag": rnd.choice(flags)},
                {"q": rnd.choice(["SE15", "LS6", "M14", "B12"]), "sort": rnd.choice(sorts)},
                {"flag": "any", "stage": rnd.choice(stages), "sort": rnd.choice(sorts)},
            ][i % 5]
            return admin.get("/coach/", params=params)

        def coach_page(i: int) -> httpx.Response:
            return coach.get(
                "/coach/", params={"sort": rnd.choice(sorts), "page": rnd.randint(1, 10)}
            )

        def worker_page(i: int) -> httpx.Response:
            return admin.get(f"/coach/workers/{rnd.randint(workers[1], workers[2])}")

        scenarios: list[tuple[str, Callable[[int], httpx.Response], int]] = [
            ("caseload, all workers, first page", lambda i: admin.get("/coach/"), args.runs),
            ("caseload, all workers, any page and sort", admin_page, args.runs),
            ("caseload, all workers, search/filter", admin_search, args.runs),
            ("caseload, one coach (500), any sort", coach_page, args.runs),
            ("worker page", worker_page, args.runs),
            ("impact report, all workers", lambda i: admin.get("/coach/impact"), args.runs),
            ("impact report, one coach", lambda i: coach.get("/coach/impact"), args.runs),
        ]
        skip = {s.strip() for s in args.skip.split(",") if s.strip()}
        print(f"{'page':<44}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}", flush=True)
        for label, fetch, runs in scenarios:
            if any(label.startswith(s) for s in skip):
                continue
            fetch(0)  # warm: the first request pays for imports and caches
            got = timed(fetch, runs)
            print(
                f"{label:<44}{percentile(got, 50):>9.1f}{percentile(got, 95):>9.1f}"
                f"{percentile(got, 99):>9.1f}{got[-1]:>9.1f}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(30)
    # the export, in a fresh server (memory the pages above took is not handed back to the
    # system, so it would hide what the export costs): time, bytes, and the server's peak
    server, base = start_server(url, args.code)
    try:
        admin = signed_in(base, "admin@city.example")
        admin.get("/coach/")  # warm, as the pages above did
        reset_peak(server.pid)
        before_now, before_peak = peak_rss_kb(server.pid)
        started = time.perf_counter()
        size = rows = 0
        with admin.stream("GET", "/coach/impact.csv") as r:
            first_byte = None
            for chunk in r.iter_bytes():
                first_byte = first_byte or time.perf_counter()
                size += len(chunk)
                rows += chunk.count(b"\n")
        took = time.perf_counter() - started
        after_now, after_peak = peak_rss_kb(server.pid)
        print(
            f"impact CSV, all workers: {rows - 1:,} rows, {size / 1e6:.1f} MB in {took:.2f} s "
            f"(first byte after {((first_byte or started) - started) * 1000:.0f} ms); server "
            f"memory {before_now / 1024:.0f} MB before, peak {after_peak / 1024:.0f} MB during "
            f"(+{(after_peak - max(before_now, 0)) / 1024:.0f} MB)",
            flush=True,
        )
    finally:
        server.terminate()
        server.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
