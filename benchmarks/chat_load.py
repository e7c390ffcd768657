"""Load test: 200 simulated workers chatting at once with the real service on PostgreSQL.

    .venv/bin/python -m benchmarks.chat_load                    # 200 chats, 2 processes
    .venv/bin/python -m benchmarks.chat_load --chats 20 --turns 6 --think 1,2   # a quick look

Starts `--processes` real `escalator run` processes in webhook mode on one database (default:
the city database of benchmarks.city_seed, so the tables are city-sized), with a fake Bot API
(benchmarks/fake_bot_api.py: 30 messages a second for the bot as Telegram allows; the per-chat
limit off, since Telegram lets a turn's two or three replies through at once). This process
plays Telegram's webhook sender and a load balancer: each simulated worker sends its updates
(onboarding with buttons and typed answers, then a few more turns) to the processes in turn,
waits for the bot's first reply, then "reads and types" for `--think` seconds (a person on a
phone: 8-16 s by default, which keeps 200 chats near Telegram's 30 messages a second).

Turn latency: from posting the update to the webhook to the Bot API receiving the bot's first
reply (the fake runs in a process of its own and stamps each delivery). Errors: a webhook
answer other than 200, or no reply within `--timeout` seconds; failed conversation steps (the
bot's "something went wrong") and tracebacks are counted from the service logs. Rasa is not
started (the steps read names, pay, hours and buttons themselves); pass `--rasa-url` to use a
running Rasa. Check-in sending is off.
Bounded: `--chats` x `--turns`, local only; the simulated workers are deleted afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.engine import make_engine

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql+psycopg://escalator:escalator@127.0.0.1:55432/escalator"
TOKEN = "LOAD"
SECRET = "load-test-webhook-secret"
CHAT_BASE = 8_900_000_000  # outside the city seed's chats and the live-reply benchmark's
SCRIPT: list[tuple[str, str]] = [
    ("command", "/start"),
    ("button", "consent:yes"),
    ("button", "name:tg"),
    ("text", "LS6 3AB"),
    ("text", "care assistant"),
    ("button", "hrs:30"),
    ("text", "£11.44 an hour"),
    ("button", "pck:yes"),
    ("button", "con:zero_hours"),
    ("text", "Mon, Wed and Fri 6-2"),
    ("button", "bar:childcare"),
    ("button", "bar:done"),
    ("button", "tgt:0"),
    ("button", "tp:typ"),
    ("text", "help"),
    ("command", "/plan"),
]


def percentile(ordered: list[float], q: float) -> float:
    rank = max(1, round(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Telegram:
    """Makes updates the way Telegram shapes them."""

    def __init__(self) -> None:
        self._ids = itertools.count(int(time.time() * 1000) % 10**12)  # never seen before

    def update(self, chat_id: int, kind: str, value: str) -> dict[str, Any]:
        user = {"id": chat_id, "is_bot": False, "first_name": "Load", "language_code": "en"}
        update_id = next(self._ids)
        if kind == "button":
            return {
                "update_id": update_id,
                "callback_query": {
                    "id": str(update_id),
                    "from": user,
                    "chat_instance": str(chat_id),
                    "data": value,
                },
            }
        message: dict[str, Any] = {
            "message_id": update_id,
            "from": user,
            "chat": {"id": chat_id, "type": "private", "first_name": "Load"},
            "date": int(time.time()),
            "text": value,
        }
        if kind == "command":
            message["entities"] = [
                {"offset": 0, "length": len(value.split()[0]), "type": "bot_command"}
            ]
        return {"update_id": update_id, "message": message}


class Replies:
    """What the fake Bot API (a process of its own, so this busy process cannot skew its
    clock) accepted, read from its event lines: "D <chat id> <epoch seconds>"."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.waiting: dict[int, asyncio.Future[float]] = {}
        self.counts: defaultdict[int, int] = defaultdict(int)

    async def follow(self, lines: asyncio.StreamReader) -> None:
        while line := await lines.readline():
            parts = line.split()
            if len(parts) == 3 and parts[0] == b"D":
                self._arrived(int(parts[1]), float(parts[2]))

    def _arrived(self, chat_id: int, at: float) -> None:
        self.counts[chat_id] += 1
        future = self.waiting.pop(chat_id, None)
        if future is not None and not future.done():
            future.set_result(at)

    def expect(self, chat_id: int) -> asyncio.Future[float]:
        future = self.loop.create_future()
        self.waiting[chat_id] = future
        return future


async def simulated_worker(
    n: int,
    args: argparse.Namespace,
    backends: list[str],
    client: httpx.AsyncClient,
    telegram: Telegram,
    replies: Replies,
    results: dict[str, list[Any]],
) -> None:
    chat_id = CHAT_BASE + n
    rnd = random.Random(n)
    low, high = (float(x) for x in args.think.split(","))
    await asyncio.sleep(rnd.uniform(0, args.ramp))
    for turn, (kind, value) in enumerate(SCRIPT[: args.turns]):
        update = telegram.update(chat_id, kind, value)
        waiting = replies.expect(chat_id)
        target = backends[(n + turn) % len(backends)]  # the load balancer: round robin
        started = time.time()  # the fake stamps deliveries with the same (wall) clock
        try:
            r = await client.post(
                target, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
            if r.status_code != 200:
                results["errors"].append(f"webhook {r.status_code}")
            at = await asyncio.wait_for(waiting, args.timeout)
        except TimeoutError:
            results["errors"].append(f"no reply in {args.timeout:.0f} s ({value})")
            replies.waiting.pop(chat_id, None)
            continue
        except httpx.HTTPError as exc:
            results["errors"].append(f"{type(exc).__name__}")
            continue
        results["latency"].append(at - started)
        results.setdefault(f"turn {turn:02d} {value}", []).append(at - started)
        await asyncio.sleep(rnd.uniform(low, high))


def start_service(
    url: str, api_base: str, port: int, log: Path, rasa_url: str | None
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": api_base,
        "TELEGRAM_MODE": "webhook",
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "WEB_PORT": str(port),
        "RASA_MANAGED": "false",
        "RASA_URL": rasa_url or "http://127.0.0.1:9",
        "DEMO_SEED": "false",
        "SCHEDULER_ENABLED": "false",
    }
    cmd = [sys.executable, "-m", "bot.cli", "run"] + ([] if rasa_url else ["--no-rasa"])
    with log.open("w") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


async def run(args: argparse.Namespace, url: str) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    replies = Replies(loop)
    api_port = free_port()
    api = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.fake_bot_api", "--port", str(api_port),
        "--token", TOKEN, "--no-per-chat-limit", "--events",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert api.stdout is not None
    await api.stdout.readline()  # "fake Bot API on ..."
    follower = asyncio.create_task(replies.follow(api.stdout))
    api_base = f"http://127.0.0.1:{api_port}/bot"
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    ports = [free_port() for _ in range(args.processes)]
    procs = [
        start_service(url, api_base, port, logs / f"service-{i + 1}.log", args.rasa_url)
        for i, port in enumerate(ports)
    ]
    results: dict[str, list[Any]] = {"latency": [], "errors": []}
    stats: dict[str, Any] = {}
    cpu: list[float] = []
    try:
        async with httpx.AsyncClient(timeout=args.timeout) as client:
            for port, proc in zip(ports, procs, strict=True):
                for _ in range(600):
                    assert proc.poll() is None, f"a service process stopped: see {logs}"
                    try:
                        health = await client.get(f"http://127.0.0.1:{port}/healthz")
                        if health.json().get("telegram"):
                            break
                    except httpx.HTTPError:
                        pass
                    await asyncio.sleep(0.1)
            backends = [f"http://127.0.0.1:{p}/telegram/webhook" for p in ports]
            cpu0 = [cpu_seconds(p.pid) for p in procs]
            telegram = Telegram()
            started = time.perf_counter()
            await asyncio.gather(
                *(
                    simulated_worker(n, args, backends, client, telegram, replies, results)
                    for n in range(args.chats)
                )
            )
            wall = time.perf_counter() - started
            stats = (await client.get(f"http://127.0.0.1:{api_port}/_stats")).json()
            cpu = [cpu_seconds(p.pid) - at_start for p, at_start in zip(procs, cpu0, strict=True)]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)
        api.terminate()
        await api.wait()
        follower.cancel()
    ordered = sorted(results["latency"])
    ms = [x * 1000 for x in ordered]
    logged = [p.read_text() for p in logs.glob("service-*.log")]
    tracebacks = sum(text.count("Traceback") for text in logged)
    apologies = sum(text.count("conversation step failed") for text in logged)
    by_turn = {
        k: round(statistics.median(v) * 1000)
        for k, v in sorted(results.items())
        if k.startswith("turn ")
    }
    return {
        "median_ms_by_turn": by_turn,
        "chats": args.chats,
        "processes": args.processes,
        "turns": len(ordered),
        "errors": len(results["errors"]),
        "error_kinds": dict(
            sorted(
                {e: results["errors"].count(e) for e in set(results["errors"])}.items(),
                key=lambda kv: -kv[1],
            )[:5]
        ),
        "tracebacks_in_logs": tracebacks,
        "failed_steps_in_logs": apologies,
        "wall_seconds": round(wall, 1),
        "service_cpu_seconds": [round(c, 1) for c in cpu],
        "service_cpu_ms_per_turn": round(sum(cpu) * 1000 / len(ordered), 1) if ordered else None,
        "turns_per_s": round(len(ordered) / wall, 1) if wall else None,
        "bot_messages": stats["total"],
        "messages_per_s": round(stats["total"] / wall, 1) if wall else None,
        "max_messages_in_one_second": stats["max_in_one_second"],
        "rejected_429": stats["rejected_global_429"] + stats["rejected_chat_429"],
        "latency_ms": {
            "p50": round(percentile(ms, 50), 1) if ms else None,
            "p95": round(percentile(ms, 95), 1) if ms else None,
            "p99": round(percentile(ms, 99), 1) if ms else None,
            "max": round(ms[-1], 1) if ms else None,
            "mean": round(statistics.mean(ms), 1) if ms else None,
        },
    }


def cleanup(url: str) -> int:
    engine = make_engine(url)
    with engine.begin() as conn:
        gone = conn.execute(
            text("DELETE FROM workers WHERE chat_id >= :a AND chat_id < :b"),
            {"a": CHAT_BASE, "b": CHAT_BASE + 1_000_000},
        ).rowcount
    engine.dispose()
    return int(gone or 0)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", default=None, help="default: escalator_city on --pg")
    p.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG)
    p.add_argument("--name", default="escalator_city")
    p.add_argument("--chats", type=int, default=200)
    p.add_argument("--turns", type=int, default=len(SCRIPT), help=f"at most {len(SCRIPT)}")
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--think", default="10,30", help="seconds between turns: low,high")
    p.add_argument("--ramp", type=float, default=30.0, help="seconds over which chats start")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--rasa-url", default=None)
    p.add_argument("--logs", default="var/chat_load")
    args = p.parse_args(argv)
    url = args.database_url or make_url(args.pg).set(database=args.name).render_as_string(
        hide_password=False
    )
    cleanup(url)  # a previous run's workers, if it was stopped half-way
    print(
        f"{args.chats} chats x {min(args.turns, len(SCRIPT))} turns, {args.processes} "
        f"processes, think {args.think} s, on {url.split('@')[-1]} ...",
        flush=True,
    )
    result = asyncio.run(run(args, url))
    result["simulated_workers_removed"] = cleanup(url)
    lat = result["latency_ms"]
    print(
        f"{result['turns']} turns in {result['wall_seconds']} s ({result['turns_per_s']}/s; "
        f"{result['bot_messages']} bot messages, {result['messages_per_s']}/s); turn latency "
        f"p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms, max {lat['max']} ms; "
        f"errors {result['errors']}; 429s {result['rejected_429']}",
        flush=True,
    )
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
