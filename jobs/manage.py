"""Add employer logins and API keys from the command line (production has no demo seed).

    .venv/bin/python -m jobs.manage create-employer-user --employer "Acme Care" \
        --email hr@acme.example [--new-employer]
    .venv/bin/python -m jobs.manage create-api-key --employer "Acme Care" [--label "HR system"]

The password is asked for twice (never passed as an argument, so it stays out of shell history);
with --password-stdin it is read from standard input instead, for scripts. An API key is printed
once and only its hash is kept.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config.settings import get_settings
from db.engine import make_engine, make_session_factory, session_scope
from db.models import Employer
from jobs.employer_auth import create_api_key, create_employer, create_employer_user


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Same password again: ") != first:
        raise ValueError("the two passwords are different")
    return first


def _employer(session: Session, name: str, create: bool) -> Employer:
    found = session.scalar(
        select(Employer).where(func.lower(Employer.name) == " ".join(name.split()).lower())
    )
    if found is not None:
        return found
    if not create:
        raise ValueError(f'there is no employer called "{name}" (add --new-employer to add it)')
    return create_employer(session, name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs.manage")
    sub = parser.add_subparsers(dest="command", required=True)
    user = sub.add_parser("create-employer-user", help="add a login for the /employer pages")
    user.add_argument("--employer", required=True, help="the employer's name")
    user.add_argument("--email", required=True)
    user.add_argument("--new-employer", action="store_true", help="add the employer too")
    user.add_argument("--password-stdin", action="store_true")
    user.add_argument("--database-url", help="default: DATABASE_URL from the settings")
    key = sub.add_parser("create-api-key", help="add an API key for /employer/api (shown once)")
    key.add_argument("--employer", required=True, help="the employer's name")
    key.add_argument("--label", help="what the key is for, e.g. HR system")
    key.add_argument("--database-url", help="default: DATABASE_URL from the settings")
    args = parser.parse_args(argv)

    engine = make_engine(args.database_url or get_settings().database_url)
    try:
        if args.command == "create-employer-user":
            password = _password(args.password_stdin)
            with session_scope(make_session_factory(engine)) as session:
                employer = _employer(session, args.employer, args.new_employer)
                login = create_employer_user(session, employer, args.email, password)
                print(f"Added a login for {employer.name}: {login.email}.")
        else:
            with session_scope(make_session_factory(engine)) as session:
                employer = _employer(session, args.employer, False)
                secret = create_api_key(session, employer, label=args.label)
                print(f"API key for {employer.name} (shown once, keep it safe): {secret}")
    except ValueError as exc:
        print(f"Could not do that: {exc}.", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
