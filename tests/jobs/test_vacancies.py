"""Scoped access and expiry on both databases: an employer reaches only its own rows, and a
vacancy past its closing date (or closed early) disappears from every worker-facing query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEvent, Vacancy
from jobs import access, vacancies
from jobs.access import Actor, Conflict, Invalid
from jobs.matching import WorkerProfile
from jobs.search import find_matches
from tests.jobs.csvdata import TODAY, vacancy_row
from tests.jobs.factories import add_employer, add_vacancy

WORKER = WorkerProfile(postcode_district="LS6", hourly_pence=1271, weekly_hours=30)


def _row(**overrides: str) -> dict[str, str]:
    return vacancy_row(**overrides)


def test_an_employer_reaches_only_its_own_vacancies(session: Session) -> None:
    a, b = add_employer(session, "A (demo)"), add_employer(session, "B (demo)")
    theirs = add_vacancy(session, b, closing_date=TODAY + timedelta(days=5))
    session.commit()
    assert access.get_vacancy(session, a.id, theirs.id) is None
    assert access.get_vacancy(session, b.id, theirs.id) is theirs
    assert access.list_vacancies(session, a.id) == []
    for junk in (0, -1, 2**31, "1", None, True):
        assert access.get_vacancy(session, b.id, junk) is None


def test_create_update_close_reopen_delete_are_audited(session: Session) -> None:
    employer = add_employer(session)
    actor = Actor(employer.id, "user:1")
    vacancy = vacancies.create(session, actor, _row(), TODAY)
    assert vacancy.pay_min_pence == 1320 and len(vacancy.shifts) == 3
    with pytest.raises(Conflict):
        vacancies.create(session, actor, _row(YOUR_REFERENCE="care-1"), TODAY)
    with pytest.raises(Invalid) as bad:
        vacancies.update(session, actor, vacancy, _row(PAY_PER_HOUR="", SHIFTS="Mon 7"), TODAY)
    assert bad.value.errors == [
        ("pay_per_hour", "Enter the pay per hour, like 12.80"),
        ("shifts", "Enter each shift as a day and times, like Tue 18:00-21:00 (not 'Mon 7')"),
    ]
    vacancies.update(session, actor, vacancy, _row(SHIFTS="Sat 09:00-17:00"), TODAY)
    assert [s.day for s in vacancy.shifts] == [5]
    vacancies.close(session, actor, vacancy)
    assert vacancies.status(vacancy, TODAY) == "closed"
    vacancies.reopen(session, actor, vacancy, TODAY)
    assert vacancies.status(vacancy, TODAY) == "open"
    vacancies.delete_vacancy(session, actor, vacancy)
    session.commit()
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == [
        "vacancy.create",
        "vacancy.update",
        "vacancy.close",
        "vacancy.reopen",
        "vacancy.delete",
    ]
    assert session.scalars(select(AuditEvent.actor_type)).all() == ["employer"] * 5


def test_expired_and_closed_vacancies_disappear_by_themselves(session: Session) -> None:
    employer = add_employer(session)
    add_vacancy(session, employer, ref="today", closing_date=TODAY)
    add_vacancy(session, employer, ref="yesterday", closing_date=TODAY - timedelta(days=1))
    closed = add_vacancy(session, employer, ref="closed", closing_date=TODAY + timedelta(days=9))
    vacancies.close(session, Actor(employer.id, "user:1"), closed)
    session.commit()
    live = session.scalars(
        select(Vacancy.your_reference).where(vacancies.live(TODAY)).order_by(Vacancy.id)
    ).all()
    assert live == ["today"]
    assert [m.vacancy.id for m in find_matches(session, WORKER, TODAY)] == [
        session.scalar(select(Vacancy.id).where(Vacancy.your_reference == "today"))
    ]
    tomorrow = TODAY + timedelta(days=1)
    assert find_matches(session, WORKER, tomorrow) == []  # nothing had to run at midnight
    # the employer still sees all three, with their state
    states = {
        v.your_reference: vacancies.status(v, tomorrow)
        for v in access.list_vacancies(session, employer.id)
    }
    assert states == {"today": "expired", "yesterday": "expired", "closed": "closed"}
    with pytest.raises(Invalid):
        vacancies.reopen(session, Actor(employer.id, "user:1"), closed, TODAY + timedelta(days=10))


def test_purge_expired_keeps_recent_ones(session: Session) -> None:
    employer = add_employer(session)
    add_vacancy(session, employer, ref="old", closing_date=TODAY - timedelta(days=400))
    add_vacancy(session, employer, ref="recent", closing_date=TODAY - timedelta(days=30))
    session.commit()
    assert vacancies.purge_expired(session, TODAY) == 1
    session.commit()
    assert session.scalars(select(Vacancy.your_reference)).all() == ["recent"]
