"""Importing employers' files on both databases: all or nothing, updates by reference, exact
errors, linked courses checked against the catalogue."""

from __future__ import annotations

from datetime import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AuditEvent, CareerPathway, Course, Provider, Vacancy
from jobs.export import export_pathways, export_vacancies
from jobs.importer import import_files
from tests.jobs.csvdata import TODAY, pathway_row, pathways_csv, vacancies_csv, vacancy_row
from tests.jobs.factories import add_employer


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_import_then_the_same_file_again_then_a_change(session: Session) -> None:
    employer = add_employer(session)
    files = {
        "vacancy_file": vacancies_csv(vacancy_row(), vacancy_row(YOUR_REFERENCE="CARE-2")),
        "pathway_file": pathways_csv(pathway_row()),
    }
    first = import_files(session, employer, **files, today=TODAY, actor_id="user:1")
    assert first.ok
    assert (first.vacancies_created, first.pathways_created) == (2, 1)
    session.commit()
    vacancy = session.scalars(select(Vacancy).where(Vacancy.your_reference == "CARE-1")).one()
    assert [s.as_slot() for s in vacancy.shifts][-1] == (4, time(22), time(6))
    stamp = vacancy.updated_at

    again = import_files(session, employer, **files, today=TODAY)
    assert (again.vacancies_unchanged, again.pathways_unchanged) == (2, 1)
    assert again.vacancies_updated == 0
    session.commit()
    session.refresh(vacancy)
    assert vacancy.updated_at == stamp  # nothing written

    changed = vacancies_csv(vacancy_row(YOUR_REFERENCE="care-1", PAY_PER_HOUR="13.50"))
    third = import_files(session, employer, vacancy_file=changed, today=TODAY)
    assert (third.vacancies_updated, third.vacancies_created) == (1, 0)
    session.commit()
    session.refresh(vacancy)
    assert vacancy.pay_min_pence == 1350 and _count(session, Vacancy) == 2  # CARE-2 kept
    actions = session.scalars(select(AuditEvent.action)).all()
    assert actions.count("jobs.import") == 3


def test_a_file_with_any_error_changes_nothing(session: Session) -> None:
    employer = add_employer(session)
    bad = vacancies_csv(vacancy_row(), vacancy_row(YOUR_REFERENCE="B", PAY_PER_HOUR="9.50"))
    result = import_files(
        session, employer, vacancy_file=bad, pathway_file=pathways_csv(pathway_row()), today=TODAY
    )
    assert not result.ok
    assert [(f, str(e)) for f, e in result.errors] == [
        (
            "vacancies",
            "Row 3, PAY_PER_HOUR: Pay must be at least £12.71 an hour, the National Living Wage",
        )
    ]
    session.rollback()
    assert _count(session, Vacancy) == 0 and _count(session, CareerPathway) == 0


def test_file_problems_are_reported_for_the_whole_file(session: Session) -> None:
    employer = add_employer(session)
    result = import_files(session, employer, vacancy_file="é".encode("latin-1"), today=TODAY)
    assert [(f, str(e)) for f, e in result.errors] == [
        (
            "vacancies",
            "The vacancy file must be saved as UTF-8. In Excel choose "
            "'CSV UTF-8 (Comma delimited)' when you save",
        )
    ]
    empty = import_files(session, employer, pathway_file=b"", today=TODAY)
    assert [str(e) for _, e in empty.errors] == ["The pathway file is empty"]


def test_linked_courses_must_be_in_the_catalogue(session: Session) -> None:
    employer = add_employer(session)
    provider = Provider(ukprn="10000001", name="College A")
    session.add(provider)
    session.flush()
    course = Course(provider_id=provider.id, lars_qan="60123456", course_name="Care L2")
    session.add(course)
    session.commit()
    missing = course.id + 1000
    data = vacancies_csv(vacancy_row(TRAINING_COURSE_IDS=f"{course.id}; {missing}"))
    result = import_files(session, employer, vacancy_file=data, today=TODAY)
    assert [str(e) for _, e in result.errors] == [
        f"Row 2, TRAINING_COURSE_IDS: Course {missing} is not in the catalogue"
    ]
    session.rollback()
    data = vacancies_csv(vacancy_row(TRAINING_COURSE_IDS=str(course.id)))
    assert import_files(session, employer, vacancy_file=data, today=TODAY).ok
    session.commit()
    vacancy = session.scalars(select(Vacancy)).one()
    assert [c.course_id for c in vacancy.courses] == [course.id]


def test_a_reupload_does_not_reopen_a_closed_vacancy(session: Session) -> None:
    from db.types import utcnow

    employer = add_employer(session)
    data = vacancies_csv(vacancy_row())
    import_files(session, employer, vacancy_file=data, today=TODAY)
    vacancy = session.scalars(select(Vacancy)).one()
    vacancy.closed_at = utcnow()
    session.commit()
    import_files(session, employer, vacancy_file=data, today=TODAY)
    session.commit()
    session.refresh(vacancy)
    assert vacancy.closed_at is not None


def test_the_export_uploads_back_unchanged(session: Session) -> None:
    employer = add_employer(session)
    files = {
        "vacancy_file": vacancies_csv(
            vacancy_row(SUMMARY='=HYPERLINK("x")', PAY_PER_HOUR_MAX="14.00"),
            vacancy_row(YOUR_REFERENCE="R2", SHIFTS="", SHIFTS_VARY="Yes", SHIFT_PATTERN="Rota"),
        ),
        "pathway_file": pathways_csv(pathway_row()),
    }
    assert import_files(session, employer, **files, today=TODAY).ok
    session.commit()
    vacancies_out = export_vacancies(session, employer.id, TODAY)
    pathways_out = export_pathways(session, employer.id)
    assert b"'=HYPERLINK" in vacancies_out  # a formula is shown as text in a spreadsheet
    again = import_files(
        session, employer, vacancy_file=vacancies_out, pathway_file=pathways_out, today=TODAY
    )
    assert again.ok, again.errors
    assert (again.vacancies_unchanged, again.pathways_unchanged) == (2, 1)
