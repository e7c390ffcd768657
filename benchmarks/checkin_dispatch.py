"""Benchmark: send N due check-ins through two dispatcher processes on PostgreSQL.

    .venv/bin/python -m benchmarks.checkin_dispatch --count 100000       # about 2 x 57 minutes
    .venv/bin/python -m benchmarks.checkin_dispatch --count 3000 --phases normal,live

Every phase runs against the local fake Bot API (benchmarks/fake_bot_api.py, real HTTP, real
clock, 30 msg/s per bot and 1/s per chat enforced with 429s), with the one shared send budget
(`--rate`, 29.5/s by default; bot/checkins/ratelimit.py):
  1. "normal": two processes send every due check-in with nobody chatting; report sustained
     rate (target: at least 28.5/s), duplicates, losses.
  2. "live": the same wave, while a third process (benchmarks/live_replies.py) sends live
     replies through python-telegram-bot and the service's rate limiter: their latency
     p50/p95/p99 (target: p95 under 200 ms) and the check-in rate around them.
  3. "kill": the same as normal, but one process is killed with SIGKILL part-way; the survivor
     re-claims its rows once their lease runs out.
Each worker gets one check-in, so a chat with 2 deliveries is a duplicate, 0 is a loss.
The database is a fresh one created on the server and dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url

from benchmarks.fake_bot_api import FakeBotApi
from bot.checkins.ratelimit import SEND_RATE
from db.engine import make_engine
from db.migrate import upgrade
from db.models import CheckIn, Worker
from db.types import utcnow

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql+psycopg://escalator:escalator@127.0.0.1:55432/escalator"
CHAT_BASE = 7_000_000_000
LIVE_CHAT_BASE = 9_000_000_000  # live replies go to chats from here on
TOKEN = "BENCH"


@dataclass(frozen=True)
class _Button:
    label: str
    data: str


@dataclass(frozen=True)
class _Reply:
    text: str
    buttons: list[list[_Button]] = field(default_factory=list)
    document: tuple[str, bytes] | None = None


def benchmark_source(worker_id: int, checkin_id: int) -> Sequence[Any]:
    """The check-in opener, without the database work of the full conversation service."""
    try:
        from bot.conversation import Button, Reply
    except ImportError:  # the conversation service is not merged in yet
        Button, Reply = _Button, _Reply  # type: ignore[misc,assignment]
    return [
        Reply(
            "Hi! It's time for your check-in. How are things going with your plan?",
            [
                [
                    Button("Going well", f"ci:{checkin_id}:good"),
                    Button("Not great", f"ci:{checkin_id}:bad"),
                ]
            ],
        )
    ]


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"escalator_ckbench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seed(url: str, count: int, chat_base: int = CHAT_BASE) -> None:
    """`count` active workers, each with one check-in due now."""
    engine = make_engine(url)
    now = utcnow()
    with engine.begin() as conn:
        for start in range(0, count, 5000):
            n = min(5000, count - start)
            conn.execute(
                insert(Worker),
                [
                    {
                        "channel": "telegram",
                        "chat_id": chat_base + i,
                        "status": "active",
                        "timezone": "Europe/London",
                        "rota_varies": False,
                        "checkin_frequency": "weekly",
                        "created_at": now,
                    }
                    for i in range(start, start + n)
                ],
            )
        conn.execute(
            text(
                "INSERT INTO checkins (worker_id, due_at, status, kind, attempts, parts_sent,"
                " created_at) SELECT id, :due, 'due', 'checkin', 0, 0, :now FROM workers"
            ),
            {"due": now - timedelta(seconds=1), "now": now},
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))  # what autovacuum would do after a bulk load
    engine.dispose()


def start_worker(
    url: str, base_url: str, token: str, name: str, lease: float, rate: float
) -> subprocess.Popen[str]:
    cmd = [
        sys.executable, "-m", "bot.checkins.worker",
        "--database-url", url, "--base-url", base_url, "--token", token,
        "--source", "benchmarks.checkin_dispatch:benchmark_source",
        "--lease", str(lease), "--rate", str(rate), "--tick", "0.5",
        "--exit-when-done", "--instance-id", name,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


def finished_stats(
    proc: subprocess.Popen[str], timeout: float, marker: str = "finished"
) -> dict[str, Any]:
    out, _ = proc.communicate(timeout=timeout)
    for line in reversed(out.splitlines()):
        if line.startswith("{") and f'"{marker}"' in line:
            return json.loads(line)  # type: ignore[no-any-return]
    return {}


def start_live(
    url: str, base_url: str, token: str, rate: float, seconds: float, send_rate: float
) -> subprocess.Popen[str]:
    cmd = [
        sys.executable, "-m", "benchmarks.live_replies",
        "--database-url", url, "--base-url", base_url, "--token", token,
        "--rate", str(rate), "--seconds", str(seconds), "--send-rate", str(send_rate),
        "--chat-base", str(LIVE_CHAT_BASE),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


def run_phase(
    server_url: str,
    api: FakeBotApi,
    count: int,
    *,
    kill_after: float | None,
    lease: float,
    rate: float,
    progress: float = 0,
    live_rate: float = 0.0,
    live_seconds: float = 0.0,
) -> dict[str, Any]:
    """One phase on a fresh database; kill_after = fraction of deliveries before kill -9;
    live_rate > 0 sends that many live replies a second for live_seconds during the wave."""
    api.state.reset()
    live: dict[str, Any] = {}
    with fresh_database(server_url) as url:
        seed(url, count)
        procs = [
            start_worker(url, api.base_url, api.token, f"bench-{i}", lease, rate) for i in (1, 2)
        ]
        killed_at = None
        started = time.monotonic()
        if live_rate > 0:
            while api.state.total < min(count // 10, int(rate * 5)):
                time.sleep(0.05)  # the wave is under way
            before = (api.state.total, time.monotonic())
            live_proc = start_live(url, api.base_url, api.token, live_rate, live_seconds, rate)
            live = finished_stats(live_proc, live_seconds * 3 + 60, marker="live_finished")
            after = (api.state.total, time.monotonic())
            in_window = after[0] - before[0] - live.get("replies", 0)
            live["checkins_per_s_meanwhile"] = round(in_window / (after[1] - before[1]), 2)
        if kill_after is not None:
            while api.state.total < count * kill_after:
                if procs[0].poll() is not None:
                    break
                time.sleep(0.05)
            time.sleep(random.uniform(0, 1))  # a random moment, not just after a delivery
            procs[0].send_signal(signal.SIGKILL)
            procs[0].wait()
            killed_at = api.state.total
        timeout = count / rate * 3 + lease + 120
        last_report = time.monotonic()
        while procs[1].poll() is None and time.monotonic() - started < timeout:
            time.sleep(0.5)
            if progress and time.monotonic() - last_report >= progress:
                last_report = time.monotonic()
                done = api.state.total
                print(
                    f"  {done}/{count} sent after {last_report - started:.0f} s "
                    f"({done / (last_report - started):.1f}/s)",
                    flush=True,
                )
        survivor = finished_stats(procs[1], timeout)
        first = {} if kill_after is not None else finished_stats(procs[0], timeout)
        wall = time.monotonic() - started
        engine = make_engine(url)
        with engine.connect() as conn:
            by_status = dict(
                conn.execute(
                    select(CheckIn.status, func.count())
                    .where(CheckIn.kind == "checkin", CheckIn.due_at <= utcnow())
                    .group_by(CheckIn.status)
                ).all()
            )
        engine.dispose()
    stats = api.state.stats()
    delivered = stats["deliveries"]
    losses = sum(1 for i in range(count) if delivered.get(str(CHAT_BASE + i), 0) == 0)
    checkins = sum(n for chat, n in delivered.items() if int(chat) < LIVE_CHAT_BASE)
    return {
        "count": count,
        "delivered_chats": sum(1 for chat in delivered if int(chat) < LIVE_CHAT_BASE),
        "messages": checkins,
        "duplicates": sum(
            n - 1 for chat, n in delivered.items() if n > 1 and int(chat) < LIVE_CHAT_BASE
        ),
        "losses": losses,
        "sustained_rate_per_s": round(checkins / stats["span_seconds"], 2)
        if stats["span_seconds"]
        else None,
        "live": live or None,
        "wall_seconds": round(wall, 1),
        "max_in_one_second": stats["max_in_one_second"],
        "rejected_429": stats["rejected_global_429"] + stats["rejected_chat_429"],
        "killed_after_messages": killed_at,
        "in_doubt_rows_recovered": survivor.get("in_doubt", 0) + first.get("in_doubt", 0),
        "rows_by_status": by_status,
        "process_1": first or "killed",
        "process_2": survivor,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Check-in dispatch benchmark (PostgreSQL, 2 procs)")
    p.add_argument("--count", type=int, default=100_000)
    p.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG)
    p.add_argument("--port", type=int, default=8811)
    p.add_argument("--rate", type=float, default=SEND_RATE, help="the shared send budget")
    p.add_argument("--lease", type=float, default=15.0)
    p.add_argument("--phases", default="normal,live,kill")
    p.add_argument("--live-rate", type=float, default=4.0, help="live replies a second")
    p.add_argument("--live-seconds", type=float, default=30.0)
    p.add_argument("--progress", type=float, default=60.0, help="seconds between progress lines")
    p.add_argument("--kill-at", type=float, default=0.4, help="fraction sent before kill -9")
    args = p.parse_args(argv)
    api = FakeBotApi(port=args.port, token=TOKEN).start()
    results: dict[str, Any] = {}
    try:
        for phase in args.phases.split(","):
            kill = args.kill_at if phase == "kill" else None
            print(f"--- {phase}: {args.count} check-ins, 2 processes ...", flush=True)
            r = run_phase(
                args.database_url,
                api,
                args.count,
                kill_after=kill,
                lease=args.lease,
                rate=args.rate,
                progress=args.progress,
                live_rate=args.live_rate if phase == "live" else 0.0,
                live_seconds=args.live_seconds,
            )
            results[phase] = r
            print(
                f"{phase}: {r['messages']} messages to {r['delivered_chats']}/{r['count']} chats "
                f"in {r['wall_seconds']} s; sustained {r['sustained_rate_per_s']}/s; "
                f"duplicates {r['duplicates']}; losses {r['losses']}; "
                f"max in one second {r['max_in_one_second']}; 429s {r['rejected_429']}"
                + (
                    f"; killed after {r['killed_after_messages']} messages,"
                    f" {r['in_doubt_rows_recovered']} row(s) recovered mid-send"
                    if kill
                    else ""
                ),
                flush=True,
            )
            if r["live"]:
                lv = r["live"]
                print(
                    f"live replies: {lv.get('replies')} sent, {lv.get('errors')} errors; latency "
                    f"p50 {lv.get('p50_ms')} ms, p95 {lv.get('p95_ms')} ms, p99 "
                    f"{lv.get('p99_ms')} ms, max {lv.get('max_ms')} ms; check-ins meanwhile "
                    f"{lv.get('checkins_per_s_meanwhile')}/s",
                    flush=True,
                )
    finally:
        api.stop()
    print(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
