"""Changing one course, run or venue (the API's write side), with the same rules as the upload.

Every function works only inside one provider (others' rows are simply not found) and records an
audit event. The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, selectinload

from course_catalogue import geo
from course_catalogue.csv_format import DESCRIPTION_FIELDS
from course_catalogue.importer import run_values
from course_catalogue.validate import (
    CourseFields,
    RowError,
    RunRecord,
    VenueIndex,
    VenueRecord,
    validate_course_fields,
    validate_course_row,
    validate_venue_row,
)
from db import audit
from db.ids import valid_id
from db.models import Course, CourseRun, RunSession, Venue
from db.types import utcnow


class Invalid(Exception):
    """Input broke one or more rules: (field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(m for _, m in errors))
        self.errors = errors


class Conflict(Exception):
    """The change clashes with something stored (a duplicate reference, a venue in use)."""


@dataclass(frozen=True)
class Actor:
    provider_id: int
    actor_id: str  # "user:3" or "key:ab12cd34"

    def record(
        self,
        session: Session,
        action: str,
        entity: str,
        entity_id: int,
        detail: dict[str, object] | None = None,
    ) -> None:
        audit.record(
            session,
            actor_type="provider",
            actor_id=self.actor_id,
            action=action,
            entity_type=entity,
            entity_id=entity_id,
            detail={"provider_id": self.provider_id, **(detail or {})},
        )


def _fields(errors: list[RowError], prefix: str = "") -> list[tuple[str, str]]:
    return [(prefix + (e.column.lower() or "row"), e.message) for e in errors]


# --- lookups (404 when not this provider's) -----------------------------------------------------
def get_course(session: Session, provider_id: int, course_id: int) -> Course | None:
    if not valid_id(course_id):
        return None
    return session.scalars(
        select(Course)
        .where(Course.id == course_id, Course.provider_id == provider_id)
        .options(selectinload(Course.runs).selectinload(CourseRun.sessions))
    ).first()


def get_run(session: Session, provider_id: int, run_id: int) -> CourseRun | None:
    if not valid_id(run_id):
        return None
    return session.scalars(
        select(CourseRun).where(CourseRun.id == run_id, CourseRun.provider_id == provider_id)
    ).first()


def get_venue(session: Session, provider_id: int, venue_id: int) -> Venue | None:
    if not valid_id(venue_id):
        return None
    return session.scalars(
        select(Venue).where(Venue.id == venue_id, Venue.provider_id == provider_id)
    ).first()


def list_courses(session: Session, provider_id: int) -> list[tuple[Course, int]]:
    counts = (
        select(CourseRun.course_id, func.count().label("n"))
        .where(CourseRun.provider_id == provider_id)
        .group_by(CourseRun.course_id)
        .subquery()
    )
    rows = session.execute(
        select(Course, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.course_id == Course.id)
        .where(Course.provider_id == provider_id)
        .order_by(Course.id)
    ).all()
    return [(c, int(n)) for c, n in rows]


# --- courses ------------------------------------------------------------------------------------
def _course_values(fields: CourseFields) -> dict[str, object]:
    return {
        "lars_qan": fields.lars_qan,
        "course_name": fields.course_name,
        **dict(zip(DESCRIPTION_FIELDS, fields.descriptions, strict=True)),
        "level": fields.level,
        "sector": fields.sector,
        **dict(fields.facts),  # only the facts given; "Unknown" clears to None
    }


def _check_course(
    session: Session, provider_id: int, row: dict[str, str], exclude_id: int | None = None
) -> CourseFields:
    fields, errors = validate_course_fields(0, row)
    if fields is None:
        raise Invalid(_fields(errors))
    same = select(Course.id).where(
        Course.provider_id == provider_id,
        Course.lars_qan == fields.lars_qan,
        *(
            getattr(Course, f) == v
            for f, v in zip(DESCRIPTION_FIELDS, fields.descriptions, strict=True)
        ),
    )
    if exclude_id is not None:
        same = same.where(Course.id != exclude_id)
    if session.scalar(same) is not None:
        raise Conflict(
            "You already have a course with this LARS code and these descriptions. "
            "Add a run to that course instead."
        )
    return fields


def create_course(
    session: Session, actor: Actor, row: dict[str, str], runs: list[dict[str, str]], today: date
) -> Course:
    fields = _check_course(session, actor.provider_id, row)
    records = [
        _check_run(session, actor.provider_id, {**row, **run}, today, prefix=f"runs[{i}].")
        for i, run in enumerate(runs)
    ]
    refs = [r.your_reference.lower() for r, _ in records]
    if len(set(refs)) != len(refs):
        raise Conflict("Each run needs its own your_reference")
    course = Course(provider_id=actor.provider_id, **_course_values(fields))
    session.add(course)
    session.flush()
    for record, venue_id in records:
        _save_run(session, CourseRun(provider_id=actor.provider_id), record, course.id, venue_id)
    actor.record(session, "course.create", "course", course.id, {"lars_qan": course.lars_qan})
    session.flush()
    return course


def update_course(session: Session, actor: Actor, course: Course, row: dict[str, str]) -> Course:
    fields = _check_course(session, actor.provider_id, row, exclude_id=course.id)
    for key, value in _course_values(fields).items():
        setattr(course, key, value)
    course.updated_at = utcnow()
    actor.record(session, "course.update", "course", course.id, {"lars_qan": course.lars_qan})
    session.flush()
    return course


def delete_course(session: Session, actor: Actor, course: Course) -> None:
    refs = [r.your_reference for r in course.runs]
    actor.record(
        session, "course.delete", "course", course.id, {"lars_qan": course.lars_qan, "runs": refs}
    )
    session.delete(course)
    session.flush()


def course_row(course: Course) -> dict[str, str]:
    """A stored course as CSV values, so a run can be checked together with its course."""
    return {
        "LARS_QAN": course.lars_qan,
        **{f.upper(): getattr(course, f) for f in DESCRIPTION_FIELDS},
        "COURSE_NAME": course.course_name,
    }


# --- runs ---------------------------------------------------------------------------------------
def _check_run(
    session: Session,
    provider_id: int,
    row: dict[str, str],
    today: date,
    exclude_id: int | None = None,
    prefix: str = "",
) -> tuple[RunRecord, int | None]:
    venues = session.execute(
        select(Venue.your_venue_reference, Venue.name, Venue.id).where(
            Venue.provider_id == provider_id
        )
    ).all()
    record, errors = validate_course_row(0, row, VenueIndex.of((r, n) for r, n, _ in venues), today)
    if record is None:
        raise Invalid(_fields(errors, prefix))
    taken = select(CourseRun.id).where(
        CourseRun.provider_id == provider_id,
        func.lower(CourseRun.your_reference) == record.your_reference.lower(),
    )
    if exclude_id is not None:
        taken = taken.where(CourseRun.id != exclude_id)
    if session.scalar(taken) is not None:
        raise Conflict(f"Your reference {record.your_reference} is already used by another run")
    venue_id = next((i for r, _, i in venues if r == record.venue_ref), None)
    return record, venue_id


def _save_run(
    session: Session, run: CourseRun, record: RunRecord, course_id: int, venue_id: int | None
) -> CourseRun:
    values = run_values(record, course_id, venue_id)
    values["self_paced"] = bool(record.self_paced)  # a PUT replaces the whole run
    for key, value in values.items():
        setattr(run, key, value)
    run.updated_at = utcnow()
    if run.id is None:
        session.add(run)
    session.flush()
    session.execute(delete(RunSession).where(RunSession.run_id == run.id))
    if record.sessions:
        session.execute(
            insert(RunSession),
            [
                {"run_id": run.id, "day": d, "start_time": s, "end_time": e}
                for d, s, e in record.sessions
            ],
        )
    session.expire(run, ["sessions"])
    return run


def create_run(
    session: Session, actor: Actor, course: Course, row: dict[str, str], today: date
) -> CourseRun:
    record, venue_id = _check_run(session, actor.provider_id, {**course_row(course), **row}, today)
    run = _save_run(session, CourseRun(provider_id=actor.provider_id), record, course.id, venue_id)
    actor.record(
        session, "run.create", "course_run", run.id, {"your_reference": run.your_reference}
    )
    session.flush()
    return run


def update_run(
    session: Session, actor: Actor, run: CourseRun, row: dict[str, str], today: date
) -> CourseRun:
    record, venue_id = _check_run(
        session, actor.provider_id, {**course_row(run.course), **row}, today, exclude_id=run.id
    )
    _save_run(session, run, record, run.course_id, venue_id)
    actor.record(
        session, "run.update", "course_run", run.id, {"your_reference": run.your_reference}
    )
    session.flush()
    return run


def delete_run(session: Session, actor: Actor, run: CourseRun) -> None:
    actor.record(
        session, "run.delete", "course_run", run.id, {"your_reference": run.your_reference}
    )
    session.delete(run)
    session.flush()


# --- venues -------------------------------------------------------------------------------------
def _check_venue(
    session: Session, provider_id: int, row: dict[str, str], exclude_id: int | None = None
) -> VenueRecord:
    record, errors = validate_venue_row(0, row)
    if record is None:
        raise Invalid(_fields(errors))
    others = select(Venue.your_venue_reference, Venue.name).where(Venue.provider_id == provider_id)
    if exclude_id is not None:
        others = others.where(Venue.id != exclude_id)
    for ref, name in session.execute(others):
        if ref.lower() == record.your_venue_reference.lower():
            raise Conflict("You already have a venue with this reference")
        if name.lower() == record.name.lower():
            raise Conflict("You already have a venue with this name")
    return record


def _apply_venue(venue: Venue, record: VenueRecord) -> None:
    venue.latitude, venue.longitude = geo.coordinates(record.postcode_district)
    venue.your_venue_reference = record.your_venue_reference
    venue.name = record.name
    venue.address_line_1 = record.address_line_1
    venue.address_line_2 = record.address_line_2
    venue.town = record.town
    venue.county = record.county
    venue.postcode = record.postcode
    venue.postcode_district = record.postcode_district
    venue.email = record.email
    venue.phone = record.phone
    venue.website = record.website
    venue.updated_at = utcnow()


def create_venue(session: Session, actor: Actor, row: dict[str, str]) -> Venue:
    record = _check_venue(session, actor.provider_id, row)
    venue = Venue(provider_id=actor.provider_id)
    _apply_venue(venue, record)
    session.add(venue)
    session.flush()
    actor.record(
        session, "venue.create", "venue", venue.id, {"reference": record.your_venue_reference}
    )
    session.flush()
    return venue


def update_venue(session: Session, actor: Actor, venue: Venue, row: dict[str, str]) -> Venue:
    record = _check_venue(session, actor.provider_id, row, exclude_id=venue.id)
    _apply_venue(venue, record)
    actor.record(
        session, "venue.update", "venue", venue.id, {"reference": record.your_venue_reference}
    )
    session.flush()
    return venue


def delete_venue(session: Session, actor: Actor, venue: Venue) -> None:
    used = session.scalar(
        select(func.count()).select_from(CourseRun).where(CourseRun.venue_id == venue.id)
    )
    if used:
        raise Conflict(f"This venue is used by {used} runs. Move or delete those runs first.")
    actor.record(
        session, "venue.delete", "venue", venue.id, {"reference": venue.your_venue_reference}
    )
    session.delete(venue)
    session.flush()
