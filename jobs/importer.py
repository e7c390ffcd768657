"""Import an employer's vacancy and pathway files: check everything first, then write.

The same conventions as the course upload (`course_catalogue.importer`): a file with any error
changes nothing, every problem is reported with its spreadsheet row and column (the first 100
kept, the rest counted), and the caller commits once. Re-uploading updates rows by
YOUR_REFERENCE (without case); rows missing from the file are kept (close or delete them on the
page or with the API). A re-upload does not reopen a vacancy the employer closed early.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from course_catalogue.csv_format import FileProblem, decode_csv
from course_catalogue.validate import ErrorList, RowError
from db import audit
from db.models import CareerPathway, Employer, Vacancy
from jobs import pathways, vacancies
from jobs.validate import (
    PathwayRecord,
    VacancyRecord,
    missing_courses,
    validate_pathway_table,
    validate_vacancy_table,
)

FILE_NAMES = {"vacancies": "vacancy file", "pathways": "pathway file"}


@dataclass
class ImportResult:
    # (file, error): the first MAX_REPORTED_ERRORS problems; more_errors counts the rest
    errors: list[tuple[str, RowError]] = field(default_factory=list)
    more_errors: int = 0
    vacancies_created: int = 0
    vacancies_updated: int = 0
    vacancies_unchanged: int = 0
    pathways_created: int = 0
    pathways_updated: int = 0
    pathways_unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.more_errors

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.more_errors

    def summary(self) -> dict[str, int]:
        return {
            "vacancies_created": self.vacancies_created,
            "vacancies_updated": self.vacancies_updated,
            "vacancies_unchanged": self.vacancies_unchanged,
            "pathways_created": self.pathways_created,
            "pathways_updated": self.pathways_updated,
            "pathways_unchanged": self.pathways_unchanged,
        }


def check_files(
    session: Session,
    *,
    vacancy_file: bytes | None,
    pathway_file: bytes | None,
    today: date,
) -> tuple[list[VacancyRecord], list[PathwayRecord], ErrorList]:
    """Read and validate both files (linked courses must be in the catalogue). No writes."""
    errors = ErrorList()
    tables = {}
    for name, data in (("vacancies", vacancy_file), ("pathways", pathway_file)):
        if data is None:
            continue
        try:
            tables[name] = decode_csv(data, label=FILE_NAMES[name])
        except FileProblem as exc:
            errors.append((name, RowError(0, "", str(exc))))
    if errors:
        return [], [], errors
    vacancy_records: list[VacancyRecord] = []
    pathway_records: list[PathwayRecord] = []
    if "vacancies" in tables:
        vacancy_records, found = validate_vacancy_table(tables["vacancies"], today)
        ids = {i for r in vacancy_records for i in r.course_ids}
        found.extend(missing_courses(vacancy_records, vacancies.known_course_ids(session, ids)))
        errors.extend(_in_file("vacancies", found))
    if "pathways" in tables:
        pathway_records, found = validate_pathway_table(tables["pathways"], today)
        errors.extend(_in_file("pathways", found))
    return vacancy_records, pathway_records, errors


def _in_file(name: str, errors: ErrorList) -> ErrorList:
    tagged = ErrorList((name, e) for e in errors)
    tagged.more += errors.more
    return tagged


def import_files(
    session: Session,
    employer: Employer,
    *,
    vacancy_file: bytes | None = None,
    pathway_file: bytes | None = None,
    today: date,
    actor_type: str = "employer",
    actor_id: str | None = None,
) -> ImportResult:
    """Check, then write. The caller commits (or rolls back) the session."""
    vacancy_records, pathway_records, errors = check_files(
        session, vacancy_file=vacancy_file, pathway_file=pathway_file, today=today
    )
    result = ImportResult(errors=list(errors), more_errors=errors.more)
    if not result.ok:
        return result
    stored = {
        v.your_reference.lower(): v
        for v in session.scalars(
            select(Vacancy)
            .where(Vacancy.employer_id == employer.id)
            .options(selectinload(Vacancy.shifts), selectinload(Vacancy.courses))
        )
    }
    for record in vacancy_records:
        existing = stored.get(record.your_reference.lower())
        _, changed = vacancies.write(session, employer.id, record, existing)
        if existing is None:
            result.vacancies_created += 1
        elif changed:
            result.vacancies_updated += 1
        else:
            result.vacancies_unchanged += 1
    steps = {
        p.your_reference.lower(): p
        for p in session.scalars(
            select(CareerPathway).where(CareerPathway.employer_id == employer.id)
        )
    }
    for step_record in pathway_records:
        existing_step = steps.get(step_record.your_reference.lower())
        _, changed = pathways.write(session, employer.id, step_record, existing_step)
        if existing_step is None:
            result.pathways_created += 1
        elif changed:
            result.pathways_updated += 1
        else:
            result.pathways_unchanged += 1
    audit.record(
        session,
        actor_type=actor_type,
        actor_id=actor_id,
        action="jobs.import",
        entity_type="employer",
        entity_id=employer.id,
        detail={
            **result.summary(),
            "files": [
                n
                for n, d in (("vacancies", vacancy_file), ("pathways", pathway_file))
                if d is not None
            ],
        },
    )
    session.flush()
    return result


def refused_upload(
    session: Session,
    employer_id: int | None,
    actor_id: str | None,
    reason: str,
    result: ImportResult | None = None,
) -> None:
    """Audit an upload that changed nothing (call after the rollback; this commits)."""
    detail: dict[str, object] = {"reason": reason}
    if result is not None:
        detail["problems"] = result.error_count
    audit.record(
        session,
        actor_type="employer",
        actor_id=actor_id,
        action="jobs.import_refused",
        entity_type="employer",
        entity_id=employer_id,
        detail=detail,
    )
    session.commit()
