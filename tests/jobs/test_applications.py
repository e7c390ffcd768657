"""Workers' saved vacancies and applications on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from db.models import Worker
from jobs import applications
from tests.jobs.csvdata import TODAY
from tests.jobs.factories import add_employer, add_vacancy

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def _worker(session: Session, chat_id: int) -> Worker:
    worker = Worker(chat_id=chat_id, first_name="Sam")
    session.add(worker)
    session.flush()
    return worker


def test_save_then_apply_interview_offer_start(session: Session) -> None:
    employer = add_employer(session)
    vacancy = add_vacancy(session, employer, closing_date=TODAY + timedelta(days=10))
    worker = _worker(session, 1)
    app = applications.save_vacancy(session, worker.id, vacancy.id, NOW)
    assert app is not None and app.status == "saved" and app.saved_at == NOW
    assert (app.job_title, app.employer_name, app.hourly_pay_pence) == (
        "Care assistant",
        "Aire Valley Care (demo)",
        1400,
    )
    assert applications.save_vacancy(session, worker.id, vacancy.id, NOW) is app  # once only
    later = NOW + timedelta(days=2)
    applications.record_status(app, "interview", later, interview_on=date(2026, 12, 3))
    assert (app.status, app.applied_at, app.interview_at) == ("interview", later, later)
    assert app.interview_on == date(2026, 12, 3)
    applications.record_status(app, "offer", later + timedelta(days=8))
    applications.record_status(app, "started", later + timedelta(days=20))
    session.commit()
    assert app.applied_at == later  # the first time it got there is kept
    assert [a.status for a in applications.applications_for(session, worker.id)] == ["started"]
    with pytest.raises(ValueError, match="unknown application status"):
        applications.record_status(app, "hired", NOW)


def test_closed_expired_and_missing_vacancies_cannot_be_saved(session: Session) -> None:
    employer = add_employer(session)
    expired = add_vacancy(session, employer, ref="E", closing_date=TODAY - timedelta(days=1))
    worker = _worker(session, 2)
    assert applications.save_vacancy(session, worker.id, expired.id, NOW) is None
    assert applications.save_vacancy(session, worker.id, 999_999, NOW) is None
    assert applications.save_vacancy(session, worker.id, -1, NOW) is None


def test_another_workers_application_is_not_found(session: Session) -> None:
    employer = add_employer(session)
    vacancy = add_vacancy(session, employer, closing_date=TODAY + timedelta(days=10))
    sam, ali = _worker(session, 3), _worker(session, 4)
    app = applications.save_vacancy(session, sam.id, vacancy.id, NOW)
    assert app is not None
    assert applications.get_application(session, ali.id, app.id) is None
    assert applications.get_application(session, sam.id, app.id) is app


def test_own_applications_and_closing_reminders(session: Session) -> None:
    employer = add_employer(session)
    soon = add_vacancy(session, employer, ref="S", closing_date=TODAY + timedelta(days=2))
    later = add_vacancy(session, employer, ref="L", closing_date=TODAY + timedelta(days=20))
    worker = _worker(session, 5)
    saved_soon = applications.save_vacancy(session, worker.id, soon.id, NOW)
    applications.save_vacancy(session, worker.id, later.id, NOW)
    own = applications.add_own_application(session, worker.id, " Stock assistant ", "Tesco", NOW)
    assert (own.vacancy_id, own.status, own.applied_at, own.job_title) == (
        None,
        "applied",
        NOW,
        "Stock assistant",
    )
    session.commit()
    due = applications.closing_soon(session, TODAY, within_days=3)
    assert due == [saved_soon]
    assert saved_soon is not None
    applications.mark_reminded(saved_soon, NOW)
    session.commit()
    assert applications.closing_soon(session, TODAY, within_days=3) == []
