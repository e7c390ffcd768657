"""Live replies during a check-in wave: how long a reply waits for the shared send budget.

    .venv/bin/python -m benchmarks.live_replies --database-url URL --base-url URL --token T

Runs as its own process next to the dispatcher processes of `benchmarks.checkin_dispatch`
(phase "live"): python-telegram-bot's ExtBot with the service's own rate limiter
(bot.telegram.ratelimit.BudgetRateLimiter) on the database send budget, sending `--rate` replies
a second, each to a chat of its own, for `--seconds`. A reply's latency is from the moment the
bot has it ready to the Bot API's answer: the budget wait plus the HTTP call. Prints one JSON
line with the counts and p50/p95/p99/max in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from telegram.ext import ExtBot

from bot.checkins.ratelimit import SEND_RATE, DbRateBudget
from bot.telegram.ratelimit import BudgetRateLimiter
from db.engine import make_engine


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not ordered:
        return float("nan")
    rank = max(1, round(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    engine = make_engine(args.database_url, pool_size=4)
    limiter = BudgetRateLimiter(DbRateBudget(engine, rate=args.send_rate), max_retries=5)
    bot = ExtBot(args.token, base_url=args.base_url, rate_limiter=limiter)
    await bot.initialize()
    latencies: list[float] = []
    errors: list[str] = []

    async def one(n: int) -> None:
        started = time.perf_counter()
        try:
            await bot.send_message(args.chat_base + n, f"Reply {n}: thanks, saved.")
            latencies.append(time.perf_counter() - started)
        except Exception as exc:  # counted and shown, never hidden
            errors.append(f"{type(exc).__name__}: {exc}")

    tasks = []
    started = time.perf_counter()
    n = 0
    while time.perf_counter() - started < args.seconds:
        tasks.append(asyncio.create_task(one(n)))
        n += 1
        await asyncio.sleep(1 / args.rate)
    await asyncio.gather(*tasks)
    await bot.shutdown()
    engine.dispose()
    ordered = sorted(latencies)
    ms = [round(x * 1000, 1) for x in ordered]
    return {
        "event": "live_finished",
        "replies": len(latencies),
        "errors": len(errors),
        "first_errors": errors[:3],
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "max_ms": ms[-1] if ms else None,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", required=True)
    p.add_argument("--base-url", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--rate", type=float, default=4.0, help="replies a second")
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--send-rate", type=float, default=SEND_RATE, help="the shared budget")
    p.add_argument("--chat-base", type=int, default=9_000_000_000)
    args = p.parse_args(argv)
    print(json.dumps(asyncio.run(run(args))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
