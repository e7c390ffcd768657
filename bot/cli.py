"""`escalator` command line: database, catalogue import, demo data, the service, terminal chat."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from config.settings import get_settings


def _cmd_db_upgrade(args: argparse.Namespace) -> int:
    from db.migrate import upgrade

    upgrade(get_settings().database_url, args.revision)
    print(f"Database is at revision {args.revision}.")
    return 0


def _cmd_catalogue_import(args: argparse.Namespace) -> int:
    from course_catalogue.cli import run_import

    return run_import(
        provider_ukprn=args.provider,
        courses_csv=Path(args.courses) if args.courses else None,
        venues_csv=Path(args.venues) if args.venues else None,
        timetable_csv=Path(args.timetable) if args.timetable else None,
    )


def _cmd_demo_seed(args: argparse.Namespace) -> int:
    from bot.demo import DemoSeedRefused, seed_demo
    from db.migrate import upgrade

    settings = get_settings()
    if settings.app_env != "development":
        print(
            "Demo data is only loaded when APP_ENV=development: nothing was changed.",
            file=sys.stderr,
        )
        return 1
    upgrade(settings.database_url)  # a fresh database gets its tables first
    try:
        lines = seed_demo(settings.database_url, app_env=settings.app_env)
    except DemoSeedRefused as exc:
        print(f"{exc} Nothing was changed.", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.service import run_service

    return run_service(get_settings(), with_rasa=not args.no_rasa)


def _cmd_chat(args: argparse.Namespace) -> int:
    from bot.terminal import run_terminal_chat

    return run_terminal_chat(get_settings(), debug=bool(getattr(args, "debug", False)))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="escalator",
        description="Skills Escalator: coaching, shift-fit courses and funding for low-paid work.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="database tasks").add_subparsers(
        dest="db_command", required=True
    )
    up = db.add_parser("upgrade", help="apply Alembic migrations")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=_cmd_db_upgrade)

    cat = sub.add_parser("catalogue", help="course catalogue tasks").add_subparsers(
        dest="catalogue_command", required=True
    )
    imp = cat.add_parser("import", help="import Course Directory CSV files for one provider")
    imp.add_argument("--provider", required=True, help="the provider's UKPRN")
    imp.add_argument("--courses", help="course CSV (DfE Course Directory format)")
    imp.add_argument("--venues", help="venues CSV (DfE Course Directory format)")
    imp.add_argument("--timetable", help="optional weekly timetable CSV keyed by YOUR_REFERENCE")
    imp.set_defaults(func=_cmd_catalogue_import)

    demo = sub.add_parser("demo", help="demo data").add_subparsers(
        dest="demo_command", required=True
    )
    seed = demo.add_parser(
        "seed", help="load the demo providers, courses and coach into an empty database"
    )
    seed.set_defaults(func=_cmd_demo_seed)

    run = sub.add_parser("run", help="run the service: database, Rasa, web, bot, scheduler")
    run.add_argument("--no-rasa", action="store_true", help="do not start a local Rasa server")
    run.set_defaults(func=_cmd_run)

    chat = sub.add_parser("chat", help="chat with the bot in this terminal")
    chat.add_argument(
        "--debug",
        action="store_true",
        help="also show errors and their details on the screen (always in var/chat.log)",
    )
    chat.set_defaults(func=_cmd_chat)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
