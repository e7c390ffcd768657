"""A worker's saved vacancies and applications (`vacancy_applications`).

For the chat (save a vacancy, "I applied", how the interview went), the check-ins (reminders
before a closing date, asking how applications went) and the coach views. Each status keeps
the time it was first reached (`saved_at`, `applied_at`, ... `not_successful_at`), and what the
worker saw is copied in when they save it, so the record outlives the vacancy.

Every function works inside one worker (another worker's row is simply not found) and leaves
the commit to the caller, so the conversation service saves it in the message's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.ids import valid_id
from db.models import APPLICATION_STATUSES, Employer, Vacancy, VacancyApplication
from jobs.vacancies import live

# How far along each status is: the "latest news" of an application.
STAGE = {
    "saved": 0,
    "applied": 1,
    "interview": 2,
    "offer": 3,
    "started": 4,
    "not_successful": 4,
}
OPEN_STATUSES = ("saved", "applied", "interview", "offer")


def save_vacancy(
    session: Session,
    worker_id: int,
    vacancy_id: int,
    now: datetime,
    *,
    message_id: int | None = None,
) -> VacancyApplication | None:
    """Save a live vacancy for the worker; the existing row if they saved it before; None
    when the vacancy does not exist or is no longer open."""
    if not valid_id(vacancy_id):
        return None
    existing = session.scalar(
        select(VacancyApplication).where(
            VacancyApplication.worker_id == worker_id,
            VacancyApplication.vacancy_id == vacancy_id,
        )
    )
    if existing is not None:
        return existing
    row = session.execute(
        select(Vacancy, Employer.name)
        .join(Employer, Employer.id == Vacancy.employer_id)
        .where(Vacancy.id == vacancy_id, live(now.date()))
    ).first()
    if row is None:
        return None
    vacancy, employer_name = row
    application = VacancyApplication(
        worker_id=worker_id,
        vacancy_id=vacancy.id,
        status="saved",
        job_title=vacancy.job_title,
        employer_name=employer_name,
        soc2020=vacancy.soc2020,
        sector=vacancy.sector,
        hourly_pay_pence=vacancy.pay_min_pence,
        weekly_hours=vacancy.guaranteed_weekly_hours,
        contract_type=vacancy.contract_type,
        closing_date=vacancy.closing_date,
        saved_at=now,
        created_at=now,
        updated_at=now,
        message_id=message_id,
    )
    session.add(application)
    session.flush()
    return application


def add_own_application(
    session: Session,
    worker_id: int,
    job_title: str,
    employer_name: str,
    now: datetime,
    *,
    status: str = "applied",
    hourly_pay_pence: int | None = None,
    weekly_hours: float | None = None,
    message_id: int | None = None,
) -> VacancyApplication:
    """An application for a job found elsewhere (no vacancy row), e.g. "I applied at Tesco"."""
    application = VacancyApplication(
        worker_id=worker_id,
        vacancy_id=None,
        status="saved",
        job_title=job_title.strip()[:120],
        employer_name=employer_name.strip()[:255],
        hourly_pay_pence=hourly_pay_pence,
        weekly_hours=weekly_hours,
        saved_at=now,
        created_at=now,
        updated_at=now,
        message_id=message_id,
    )
    session.add(application)
    record_status(application, status, now)
    session.flush()
    return application


def record_status(
    application: VacancyApplication,
    status: str,
    now: datetime,
    *,
    interview_on: date | None = None,
) -> VacancyApplication:
    """Move an application to `status` and keep when it got there (the first time).

    Any move is allowed (the worker knows best: an offer can still come to nothing). An
    interview, offer or start also counts as applied when "I applied" was never said ("I got
    the job!"), so the coach's counts of applications stay true. (Not every job has an
    interview, so no interview time is made up.)
    """
    if status not in APPLICATION_STATUSES:
        raise ValueError(f"unknown application status: {status!r}")
    application.status = status
    if status in ("interview", "offer", "started") and application.applied_at is None:
        application.applied_at = now
    column = f"{status}_at"
    if getattr(application, column) is None:
        setattr(application, column, now)
    if interview_on is not None:
        application.interview_on = interview_on
    application.updated_at = now
    return application


def get_application(
    session: Session, worker_id: int, application_id: object
) -> VacancyApplication | None:
    """This worker's application, or None (another worker's is not found)."""
    if not valid_id(application_id):
        return None
    return session.scalar(
        select(VacancyApplication).where(
            VacancyApplication.id == application_id,
            VacancyApplication.worker_id == worker_id,
        )
    )


def applications_for(
    session: Session, worker_id: int, statuses: Sequence[str] | None = None
) -> list[VacancyApplication]:
    """The worker's saved vacancies and applications, latest news first."""
    query = select(VacancyApplication).where(VacancyApplication.worker_id == worker_id)
    if statuses is not None:
        query = query.where(VacancyApplication.status.in_(list(statuses)))
    return list(
        session.scalars(
            query.order_by(VacancyApplication.updated_at.desc(), VacancyApplication.id.desc())
        )
    )


def closing_soon(session: Session, today: date, within_days: int = 3) -> list[VacancyApplication]:
    """Saved (not yet applied) vacancies, still open, closing within `within_days` days, whose
    worker has not had a reminder: for "reminders before the closing date"."""
    return list(
        session.scalars(
            select(VacancyApplication)
            .join(Vacancy, Vacancy.id == VacancyApplication.vacancy_id)
            .where(
                VacancyApplication.status == "saved",
                VacancyApplication.closing_reminder_sent_at.is_(None),
                live(today),
                Vacancy.closing_date <= today + timedelta(days=within_days),
            )
            .order_by(Vacancy.closing_date, VacancyApplication.id)
        )
    )


def mark_reminded(application: VacancyApplication, now: datetime) -> None:
    application.closing_reminder_sent_at = now
