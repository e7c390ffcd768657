"""A stand-alone dispatcher process: `python -m bot.checkins.worker --help`.

Run several (on PostgreSQL) to share the load; the benchmark and the integration tests start
two of these and kill one. With --exit-when-done it stops once no check-in is due or in flight
(after waiting for any dead process's lease to run out), and prints its figures as JSON.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import signal
import sys
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from bot.checkins.dispatcher import CheckinDispatcher, CheckinMessageSource
from bot.checkins.ratelimit import SEND_RATE
from bot.checkins.runner import build_dispatcher
from db.engine import make_engine, make_session_factory
from db.models import CheckIn
from db.types import utcnow


def load_source(spec: str, factory: sessionmaker[Session]) -> CheckinMessageSource:
    """'module:function' -> the function; 'conversation' -> ConversationService.start_checkin."""
    if spec == "conversation":
        from bot.conversation import ConversationService  # the flows helper's service

        return ConversationService(factory, None).start_checkin
    module, _, name = spec.partition(":")
    source: CheckinMessageSource = getattr(importlib.import_module(module), name)
    return source


def pending_now(dispatcher: CheckinDispatcher) -> int:
    with dispatcher.session_factory() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(CheckIn)
                .where(
                    or_(
                        (CheckIn.status == "due") & (CheckIn.due_at <= utcnow()),
                        CheckIn.status.in_(("claimed", "sending")),
                    )
                )
            )
            or 0
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Send due check-ins (one dispatcher process).")
    p.add_argument("--database-url", required=True)
    p.add_argument("--base-url", default="https://api.telegram.org/bot")
    p.add_argument("--token", required=True)
    p.add_argument("--source", default="conversation", help="'conversation' or module:function")
    p.add_argument(
        "--rate",
        type=float,
        default=SEND_RATE,
        help="messages/s for the whole bot across processes (live replies go first)",
    )
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--lease", type=float, default=60.0, help="seconds")
    p.add_argument("--tick", type=float, default=1.0, help="seconds between polls")
    p.add_argument(
        "--ensure-every", type=float, default=60.0, help="seconds between schedule repairs"
    )
    p.add_argument("--exit-when-done", action="store_true")
    p.add_argument("--max-seconds", type=float, default=None)
    p.add_argument("--instance-id", default=None)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")

    engine = make_engine(args.database_url, pool_size=args.concurrency + 4, max_overflow=8)
    factory = make_session_factory(engine)
    dispatcher = build_dispatcher(
        factory,
        load_source(args.source, factory),
        base_url=args.base_url,
        token=args.token,
        rate=args.rate,
        concurrency=args.concurrency,
        lease=timedelta(seconds=args.lease),
        instance_id=args.instance_id,
    )
    signal.signal(signal.SIGTERM, lambda *_: dispatcher.stop_event.set())
    started = time.monotonic()
    last_ensure = 0.0
    print(json.dumps({"event": "started", "instance": dispatcher.instance_id}), flush=True)
    while not dispatcher.stop_event.is_set():
        remaining = None
        if args.max_seconds is not None:
            remaining = args.max_seconds - (time.monotonic() - started)
            if remaining <= 0:
                break
        if time.monotonic() - last_ensure >= args.ensure_every:
            dispatcher.ensure_scheduled()
            last_ensure = time.monotonic()
        dispatcher.run_until_idle(max_seconds=remaining)
        if args.exit_when_done and pending_now(dispatcher) == 0:
            break
        dispatcher.stop_event.wait(args.tick)
    dispatcher.shutdown()
    result: dict[str, Any] = {
        "event": "finished",
        "instance": dispatcher.instance_id,
        "seconds": round(time.monotonic() - started, 3),
        **dispatcher.stats.as_dict(),
        **{f"sender_{k}": v for k, v in dispatcher.sender.stats.items()},
    }
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
