"""Demo data: fictional providers and courses across England, and demo staff logins.

Called by `escalator demo seed` and on the first start of `escalator run`, and only ever into an
empty database (no coaches, no providers) with APP_ENV=development: it never touches a database
that holds anyone's data, and never runs in production.

The courses are fictional (see `course_catalogue/demo_data.py` and
`course_catalogue/data/README.md`): provider names end in "(demo)", UKPRNs start with 1999,
LARS-style codes start with 99. Only the venue postcode districts and coordinates are real.
The demo employers, vacancies and career pathways are fictional too (`jobs/demo_data.py`).
The logins below are for a demo only: remove or change them before real use.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.demo_workers import build_demo_workers, write_demo_workers
from course_catalogue.demo_data import DEMO_UKPRN_PREFIX, build_catalogue, write_catalogue
from course_catalogue.provider_auth import create_api_key
from db.engine import make_engine, make_session_factory, session_scope
from db.models import Coach, CourseRun, Employer, Provider, ProviderApiKey, ProviderUser
from db.types import utcnow
from jobs.demo_data import write_demo_jobs

log = logging.getLogger(__name__)

DEMO_PASSWORD = "escalator-demo"
DEMO_COACH_EMAIL = "coach@demo.local"
DEMO_ADMIN_EMAIL = "admin@demo.local"
DEMO_COACH2_EMAIL = "coach2@demo.local"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_LOGINS = (
    DemoLogin("coach", DEMO_COACH_EMAIL, DEMO_PASSWORD),
    DemoLogin("admin", DEMO_ADMIN_EMAIL, DEMO_PASSWORD),
    DemoLogin("coach", DEMO_COACH2_EMAIL, DEMO_PASSWORD),
)
_STAFF_NAMES = ("Demo Coach", "Demo Admin", "Demo Coach Two")


def demo_logins_text() -> str:
    """What `escalator run` prints on start so a tester can sign in to the coach app."""
    lines = ["Demo logins (demo data only, change before real use):"]
    lines += [f"  {d.role:<8} {d.email}  password: {d.password}" for d in DEMO_LOGINS]
    lines.append(f"  provider provider<N>@demo.local  password: {DEMO_PASSWORD}")
    lines.append(f"  employer employer<N>@demo.local  password: {DEMO_PASSWORD}")
    return "\n".join(lines)


def _ensure_staff(session: Session, password_hash: str) -> int:
    added = 0
    for login, name in zip(DEMO_LOGINS, _STAFF_NAMES, strict=True):
        if session.scalar(select(Coach.id).where(Coach.email == login.email)) is None:
            session.add(
                Coach(
                    email=login.email,
                    name=name,
                    password_hash=password_hash,
                    role=login.role,
                )
            )
            added += 1
    return added


def _ensure_provider_users(session: Session, password_hash: str) -> list[str]:
    """Give each demo provider a login and, the first time, an API key (shown only once)."""
    keys: list[str] = []
    demo = session.scalars(
        select(Provider).where(Provider.ukprn.like(f"{DEMO_UKPRN_PREFIX}%")).order_by(Provider.id)
    ).all()
    for index, provider in enumerate(demo, start=1):
        email = f"provider{index}@demo.local"
        if session.scalar(select(ProviderUser.id).where(ProviderUser.email == email)) is None:
            session.add(
                ProviderUser(provider_id=provider.id, email=email, password_hash=password_hash)
            )
        if (
            session.scalar(
                select(ProviderApiKey.id).where(ProviderApiKey.provider_id == provider.id)
            )
            is None
        ):
            key = create_api_key(session, provider, label="demo")
            keys.append(f"  API key for {provider.name} (shown once): {key}")
    return keys


def _add_demo_workers(session: Session) -> int:
    """About 40 fictional workers with months of history, spread over the demo coaches (the
    demo coaches first, then the admin), so the coach app has something to show."""
    session.flush()
    coach_ids = [
        session.scalar(select(Coach.id).where(Coach.email == email))
        for email in (DEMO_COACH_EMAIL, DEMO_COACH2_EMAIL, DEMO_COACH_EMAIL, DEMO_ADMIN_EMAIL)
    ]
    run_ids = list(session.scalars(select(CourseRun.id).order_by(CourseRun.id)))
    workers = build_demo_workers(utcnow(), len(coach_ids))
    return write_demo_workers(session, workers, [c for c in coach_ids if c], run_ids)


class DemoSeedRefused(Exception):
    """The demo data set was not loaded, and why (a sentence for the person who asked)."""


def refuse_reason(session: Session, app_env: str) -> str | None:
    """Why demo data must not go into this database, or None when it may."""
    if app_env != "development":
        return (
            f"Demo data is only loaded when APP_ENV=development (it is {app_env}): "
            "demo logins must never exist in production."
        )
    coaches = session.scalar(select(func.count(Coach.id))) or 0
    providers = session.scalar(select(func.count(Provider.id))) or 0
    employers = session.scalar(select(func.count(Employer.id))) or 0
    if coaches or providers or employers:
        more = f", {employers} employers" if employers else ""
        return (
            f"The database already has data ({coaches} coaches, {providers} providers{more}), "
            "so the demo data was not loaded: it only goes into an empty database."
        )
    return None


def seed_demo(database_url: str, *, app_env: str = "development") -> list[str]:
    """Load the demo catalogue and logins into the (migrated, empty) database at `database_url`.

    Raises DemoSeedRefused, changing nothing, unless app_env is development and the database
    has no coaches and no providers. Returns the lines to show the person starting the service
    (the demo logins and API keys). Progress goes to the log.
    """
    engine = make_engine(database_url)
    try:
        factory = make_session_factory(engine)
        with session_scope(factory) as session:
            reason = refuse_reason(session, app_env)
            if reason is not None:
                raise DemoSeedRefused(reason)
            # One argon2 hash for the shared demo password (all demo logins use it).
            password_hash = PasswordHasher().hash(DEMO_PASSWORD)
            today = datetime.now(ZoneInfo("Europe/London")).date()
            counts = write_catalogue(session, build_catalogue(today))
            _ensure_staff(session, password_hash)
            api_keys = _ensure_provider_users(session, password_hash)
            workers = _add_demo_workers(session)
            vacancies, employer_keys = write_demo_jobs(session, today, password_hash)
        log.info(
            "Demo data loaded: %d providers, %d venues, %d courses, %d course runs.",
            counts["providers"],
            counts["venues"],
            counts["courses"],
            counts["runs"],
        )
        log.info("Demo caseload: %d fictional workers with months of history.", workers)
        log.info("Demo jobs: %d fictional vacancies from demo employers.", vacancies)
        return demo_logins_text().splitlines() + api_keys + employer_keys
    finally:
        engine.dispose()
