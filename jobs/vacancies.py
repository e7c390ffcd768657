"""Vacancies: which are live, and writing one (from a file row, the page or the API).

A vacancy is live while it is not closed early (`closed_at` is NULL) and its closing date is
today or later. Every query that workers see goes through `live(today)`, so an expired vacancy
disappears by itself: nothing has to run at midnight. `purge_expired` can clear long-dead rows
(saved applications keep their own copy of what the worker saw).

All writes are scoped to one employer through an `access.Actor`, audited, and leave the commit
to the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, delete, func, select
from sqlalchemy.orm import Session

from db.models import Course, Vacancy, VacancyCourse, VacancyShift
from db.types import utcnow
from jobs.access import Actor, Conflict, Invalid
from jobs.validate import VacancyRecord, missing_courses, validate_vacancy_row


def live(today: date) -> ColumnElement[bool]:
    """SQL condition: the vacancy is open to applications on `today`."""
    return and_(Vacancy.closed_at.is_(None), Vacancy.closing_date >= today)


def is_live(vacancy: Vacancy, today: date) -> bool:
    return vacancy.closed_at is None and vacancy.closing_date >= today


def status(vacancy: Vacancy, today: date) -> str:
    """'open', 'closed' (by the employer) or 'expired' (past its closing date)."""
    if vacancy.closed_at is not None:
        return "closed"
    return "open" if vacancy.closing_date >= today else "expired"


def known_course_ids(session: Session, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(session.scalars(select(Course.id).where(Course.id.in_(sorted(ids)))))


def write(
    session: Session, employer_id: int, record: VacancyRecord, vacancy: Vacancy | None
) -> tuple[Vacancy, bool]:
    """Insert or update one vacancy from a checked record; (vacancy, changed).

    The shifts and course links are replaced only when they differ, and an unchanged row is
    not written at all (its `updated_at` stays).
    """
    values = record.values()
    changed = False
    if vacancy is None:
        vacancy = Vacancy(employer_id=employer_id, **values)
        session.add(vacancy)
        changed = True
    else:
        for key, value in values.items():
            if getattr(vacancy, key) != value:
                setattr(vacancy, key, value)
                changed = True
    have = sorted(s.as_slot() for s in vacancy.shifts)
    if have != sorted(record.shifts):
        vacancy.shifts = [
            VacancyShift(day=d, start_time=s, end_time=e) for d, s, e in record.shifts
        ]
        changed = True
    if sorted(c.course_id for c in vacancy.courses) != list(record.course_ids):
        vacancy.courses = [VacancyCourse(course_id=c) for c in record.course_ids]
        changed = True
    if changed and vacancy.id is not None:
        vacancy.updated_at = utcnow()
    return vacancy, changed


def _check(session: Session, row: Mapping[str, str], today: date) -> VacancyRecord:
    record, errors = validate_vacancy_row(0, row, today)
    if record is not None:
        errors = missing_courses([record], known_course_ids(session, set(record.course_ids)))
    if errors or record is None:
        raise Invalid([(e.column.lower() or "row", e.message) for e in errors])
    return record


def _reference_taken(
    session: Session, employer_id: int, reference: str, other_than: int | None
) -> bool:
    """References are matched without case, as in a re-upload."""
    query = select(Vacancy.id).where(
        Vacancy.employer_id == employer_id,
        func.lower(Vacancy.your_reference) == reference.lower(),
    )
    if other_than is not None:
        query = query.where(Vacancy.id != other_than)
    return session.scalar(query.limit(1)) is not None


def create(session: Session, actor: Actor, row: Mapping[str, str], today: date) -> Vacancy:
    """A new vacancy from field values (CSV column names); raises Invalid or Conflict."""
    record = _check(session, row, today)
    if _reference_taken(session, actor.employer_id, record.your_reference, None):
        raise Conflict(f"You already have a vacancy with the reference {record.your_reference}")
    vacancy, _ = write(session, actor.employer_id, record, None)
    session.flush()
    actor.record(session, "vacancy.create", "vacancy", vacancy.id, {"title": vacancy.job_title})
    return vacancy


def update(
    session: Session, actor: Actor, vacancy: Vacancy, row: Mapping[str, str], today: date
) -> Vacancy:
    """Replace a vacancy's fields (shifts and courses included); raises Invalid or Conflict."""
    record = _check(session, row, today)
    if _reference_taken(session, actor.employer_id, record.your_reference, vacancy.id):
        raise Conflict(f"You already have a vacancy with the reference {record.your_reference}")
    _, changed = write(session, actor.employer_id, record, vacancy)
    if changed:
        actor.record(session, "vacancy.update", "vacancy", vacancy.id)
    return vacancy


def close(session: Session, actor: Actor, vacancy: Vacancy) -> None:
    """Close early: workers stop seeing it at once; the employer still does."""
    if vacancy.closed_at is None:
        vacancy.closed_at = utcnow()
        actor.record(session, "vacancy.close", "vacancy", vacancy.id)


def reopen(session: Session, actor: Actor, vacancy: Vacancy, today: date) -> None:
    """Undo `close`. A vacancy past its closing date needs a new closing date instead."""
    if vacancy.closing_date < today:
        raise Invalid([("closing_date", "Closing date cannot be earlier than today's date")])
    if vacancy.closed_at is not None:
        vacancy.closed_at = None
        actor.record(session, "vacancy.reopen", "vacancy", vacancy.id)


def delete_vacancy(session: Session, actor: Actor, vacancy: Vacancy) -> None:
    """Delete for good. Workers' saved copies keep what they saw (their link becomes empty)."""
    actor.record(session, "vacancy.delete", "vacancy", vacancy.id, {"title": vacancy.job_title})
    session.delete(vacancy)


def purge_expired(session: Session, today: date, older_than_days: int = 365) -> int:
    """Delete vacancies whose closing date passed more than `older_than_days` ago; how many.

    Optional housekeeping (nothing depends on it: queries filter by `live`). Workers' saved
    applications keep their copy, with the link set to NULL by the foreign key.
    """
    cutoff = today - timedelta(days=older_than_days)
    result = session.execute(delete(Vacancy).where(Vacancy.closing_date < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
