"""How fast the coach pages are with a realistic caseload.

Run: .venv/bin/python benchmarks/coach_pages.py [--workers 300] [--database-url URL]
Seeds a throwaway database (SQLite by default), then times the caseload, a worker page, the
impact report and the CSV export through the real app (mounted at /coach). Target: the caseload
of a busy service (300 workers) in well under a second, so a coach sees who needs them at once.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi import FastAPI
from fastapi.testclient import TestClient

from coach_web.app import create_coach_app
from coach_web.auth import create_coach
from config.settings import Settings
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from db.models import (
    CheckIn,
    ConversationMessage,
    Course,
    CourseRun,
    EarningsRecord,
    FundingCheck,
    Goal,
    LearningPlanItem,
    Provider,
    Worker,
    WorkerFlag,
)

PASSWORD = "benchmark passphrase"
DISTRICTS = ["SE15", "B12", "M14", "LS6", "N1", "BS5", "NE4", "E8"]
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def seed(factory, workers: int) -> None:
    with factory() as s:
        admin = create_coach(s, "admin@bench.example", "Admin", PASSWORD, "admin")
        provider = Provider(ukprn="10009999", name="Bench College")
        s.add(provider)
        s.flush()
        runs = []
        for i in range(20):
            course = Course(
                provider_id=provider.id, lars_qan=f"6000{i:04d}", course_name=f"Course {i}", level=2
            )
            s.add(course)
            s.flush()
            run = CourseRun(
                course_id=course.id,
                provider_id=provider.id,
                your_reference=f"r{i}",
                delivery_mode="online",
                start_date=date(2026, 9, 1),
                course_webpage="https://example.ac.uk",
                duration_value=10,
                duration_unit="weeks",
            )
            s.add(run)
            s.flush()
            runs.append(run)
        for i in range(workers):
            w = Worker(
                chat_id=10_000 + i,
                first_name=f"Worker{i}",
                coach_id=admin.id,
                postcode_district=DISTRICTS[i % len(DISTRICTS)],
                status="active",
                last_contact_at=T0 + timedelta(days=i % 60),
            )
            s.add(w)
            s.flush()
            msgs = []
            for m in range(30):
                msg = ConversationMessage(
                    worker_id=w.id,
                    direction="in" if m % 2 else "out",
                    text=f"message {m}",
                    sender="worker" if m % 2 else "bot",
                    created_at=T0 + timedelta(hours=m),
                )
                s.add(msg)
                msgs.append(msg)
            s.flush()
            for k, pence in enumerate((1150 + i % 100, 1200 + i % 150, 1250 + i % 300)):
                s.add(
                    EarningsRecord(
                        worker_id=w.id,
                        hourly_pay_pence=pence,
                        weekly_hours=Decimal("30"),
                        source="baseline" if k == 0 else "checkin",
                        recorded_at=T0 + timedelta(days=30 * k),
                        message_id=msgs[1].id,
                    )
                )
            s.add(
                Goal(
                    worker_id=w.id,
                    target_role="team leader",
                    barriers=["childcare"],
                    message_id=msgs[3].id,
                )
            )
            s.add(
                LearningPlanItem(
                    worker_id=w.id,
                    course_run_id=runs[i % 20].id,
                    status=("saved", "applied", "enrolled", "completed")[i % 4],
                )
            )
            s.add(
                FundingCheck(
                    worker_id=w.id,
                    outcome="free",
                    rules_year="2025-26",
                    reasons=["Low wage"],
                    message_id=msgs[5].id,
                )
            )
            for c in range(8):
                s.add(
                    CheckIn(
                        worker_id=w.id,
                        due_at=T0 + timedelta(days=14 * c),
                        status=("answered", "missed", "due")[c % 3],
                    )
                )
            if i % 5 == 0:
                s.add(WorkerFlag(worker_id=w.id, kind="struggling", message_id=msgs[7].id))
        s.commit()


def timed(client: TestClient, path: str, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        r = client.get(path)
        samples.append(time.perf_counter() - t)
        assert r.status_code == 200, (path, r.status_code)
    return statistics.median(samples) * 1000, max(samples) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=300)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--database-url", help="an empty database (default: a temp SQLite)")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    upgrade(url)
    factory = make_session_factory(make_engine(url))
    t = time.perf_counter()
    seed(factory, args.workers)
    print(f"seeded {args.workers} workers in {time.perf_counter() - t:.1f}s ({url.split(':')[0]})")

    root = FastAPI()
    cfg = Settings(session_secret="benchmark-secret-" + "x" * 32)
    root.mount("/coach", create_coach_app(factory, cfg, None))
    client = TestClient(root)
    page = client.get("/coach/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post(
        "/coach/login",
        data={"email": "admin@bench.example", "password": PASSWORD, "csrf_token": token},
    )
    print(f"{'page':<28}{'median ms':>10}{'max ms':>10}")
    for label, path in [
        ("caseload (all workers)", "/coach/"),
        ("caseload, search + sort", "/coach/?q=SE&sort=last_contact"),
        ("worker page", "/coach/workers/1"),
        ("impact report", "/coach/impact"),
        ("impact CSV", "/coach/impact.csv"),
    ]:
        median, worst = timed(client, path, args.runs)
        print(f"{label:<28}{median:>10.1f}{worst:>10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
