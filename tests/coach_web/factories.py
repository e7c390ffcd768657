"""Test data made through the real models (the shape the bot's flows write)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coach_web.app import create_coach_app
from coach_web.auth import create_coach
from config.settings import Settings
from db.models import (
    CheckIn,
    Coach,
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

PASSWORD = "correct horse battery"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def settings(**kw: object) -> Settings:
    return Settings(session_secret="test-secret-" + "x" * 32, **kw)  # type: ignore[arg-type]


def mounted_client(session_factory, send_to_worker=None, **settings_kw) -> TestClient:
    """The coach app mounted at /coach, as the service mounts it."""
    root = FastAPI()
    root.mount("/coach", create_coach_app(session_factory, settings(**settings_kw), send_to_worker))
    return TestClient(root)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD):
    page = client.get("/coach/login")
    return client.post(
        "/coach/login",
        data={"email": email, "password": password, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )


def add_coach(s: Session, email: str, role: str = "coach", name: str | None = None) -> Coach:
    return create_coach(s, email, name or email.split("@")[0].title(), PASSWORD, role)


_chat_ids = iter(range(1000, 100000))


def add_worker(
    s: Session, coach: Coach | None, name: str, district: str | None = "B12", **kw: object
) -> Worker:
    worker = Worker(
        chat_id=next(_chat_ids),
        first_name=name,
        postcode_district=district,
        coach_id=coach.id if coach else None,
        status=kw.pop("status", "active"),
        **kw,
    )
    s.add(worker)
    s.flush()
    return worker


def add_message(
    s: Session, worker: Worker, text: str, direction: str = "in", at: datetime | None = None
) -> ConversationMessage:
    msg = ConversationMessage(
        worker_id=worker.id,
        direction=direction,
        text=text,
        sender="worker" if direction == "in" else "bot",
        created_at=at or T0,
    )
    s.add(msg)
    s.flush()
    return msg


def add_earnings(
    s: Session,
    worker: Worker,
    pence: int | None,
    hours: str | None = "30",
    source: str = "baseline",
    at: datetime = T0,
    message: ConversationMessage | None = None,
) -> EarningsRecord:
    rec = EarningsRecord(
        worker_id=worker.id,
        hourly_pay_pence=pence,
        weekly_hours=Decimal(hours) if hours else None,
        source=source,
        recorded_at=at,
        job_title="Care assistant",
        message_id=message.id if message else None,
    )
    s.add(rec)
    s.flush()
    return rec


def add_run(s: Session, name: str = "Level 2 Diploma in Care") -> CourseRun:
    provider = s.query(Provider).filter_by(ukprn="10000001").one_or_none()
    if provider is None:
        provider = Provider(ukprn="10000001", name="Example College")
        s.add(provider)
        s.flush()
    course = Course(provider_id=provider.id, lars_qan="60312345", course_name=name, level=2)
    s.add(course)
    s.flush()
    run = CourseRun(
        course_id=course.id,
        provider_id=provider.id,
        your_reference=f"run-{course.id}",
        delivery_mode="classroom",
        start_date=date(2026, 9, 7),
        course_webpage="https://example.ac.uk/care",
        duration_value=30,
        duration_unit="weeks",
    )
    s.add(run)
    s.flush()
    return run


def add_plan(s: Session, worker: Worker, status: str, message=None, name=None) -> LearningPlanItem:
    run = add_run(s, name or "Level 2 Diploma in Care")
    item = LearningPlanItem(
        worker_id=worker.id,
        course_run_id=run.id,
        status=status,
        message_id=message.id if message else None,
    )
    s.add(item)
    s.flush()
    return item


def add_goal(
    s: Session, worker: Worker, role: str = "senior care worker", message=None, barriers=None
) -> Goal:
    goal = Goal(
        worker_id=worker.id,
        target_role=role,
        target_sector="care",
        target_hourly_pence=1450,
        barriers=barriers or ["childcare", "shift_patterns"],
        message_id=message.id if message else None,
        created_at=T0,
    )
    s.add(goal)
    s.flush()
    return goal


def add_funding(s: Session, worker: Worker, outcome: str = "free", message=None) -> FundingCheck:
    check = FundingCheck(
        worker_id=worker.id,
        outcome=outcome,
        rules_year="2025-26",
        reasons=["You earn less than £25,750 a year."],
        message_id=message.id if message else None,
        created_at=T0,
    )
    s.add(check)
    s.flush()
    return check


def add_flag(s: Session, worker: Worker, kind: str, message=None, resolved: bool = False):
    flag = WorkerFlag(
        worker_id=worker.id,
        kind=kind,
        detail=f"{kind} detail",
        message_id=message.id if message else None,
        resolved_at=T0 if resolved else None,
    )
    s.add(flag)
    s.flush()
    return flag


def add_checkin(s: Session, worker: Worker, status: str, due: datetime, **kw) -> CheckIn:
    c = CheckIn(worker_id=worker.id, status=status, due_at=due, **kw)
    s.add(c)
    s.flush()
    return c


DAY = timedelta(days=1)
