"""Add a coach from the command line (production has no demo seed).

    .venv/bin/python -m coach_web.manage create-coach --email sam@example.org --name Sam [--admin]

The password is asked for twice (never passed as an argument, so it stays out of shell history);
with --password-stdin it is read from standard input instead, for scripts.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from coach_web.auth import create_coach
from config.settings import get_settings
from db.engine import make_engine, make_session_factory, session_scope


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Same password again: ") != first:
        raise ValueError("the two passwords are different")
    return first


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coach_web.manage")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("create-coach", help="add a coach who can log in to /coach")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--admin", action="store_true", help="sees every worker")
    add.add_argument("--password-stdin", action="store_true")
    add.add_argument("--database-url", help="default: DATABASE_URL from the settings")
    args = parser.parse_args(argv)

    engine = make_engine(args.database_url or get_settings().database_url)
    try:
        password = _password(args.password_stdin)
        with session_scope(make_session_factory(engine)) as session:
            coach = create_coach(
                session, args.email, args.name, password, "admin" if args.admin else "coach"
            )
            print(f"Added {coach.role} {coach.name} <{coach.email}>.")
    except ValueError as exc:
        print(f"Could not add the coach: {exc}.", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
