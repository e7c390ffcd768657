"""Import Course Directory files for one provider: check everything first, then write in bulk.

Nothing is written unless every file and every row is valid, and the caller commits once, so a
file with any error changes nothing. Re-uploading updates runs by YOUR_REFERENCE and courses by
LARS_QAN plus the seven description fields, so the same file can be sent again and again.
Runs that are not in the file are kept (a worker may have saved them); delete them in the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Row, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from course_catalogue import geo, search
from course_catalogue.csv_format import (
    COURSE_FACT_COLUMNS,
    DESCRIPTION_FIELDS,
    FileProblem,
    decode_csv,
)
from course_catalogue.validate import (
    ErrorList,
    Progress,
    RowError,
    RunRecord,
    TimetableEntry,
    VenueIndex,
    VenueRecord,
    validate_course_table,
    validate_timetable_table,
    validate_venue_table,
)
from db import audit
from db.models import Course, CourseRun, Provider, RunSession, Venue
from db.types import utcnow

BATCH = 5000


@dataclass
class ImportResult:
    # (file, error): the first MAX_REPORTED_ERRORS problems; more_errors counts the rest
    errors: list[tuple[str, RowError]] = field(default_factory=list)
    more_errors: int = 0
    venues_created: int = 0
    venues_updated: int = 0
    courses_created: int = 0
    courses_updated: int = 0
    runs_created: int = 0
    runs_updated: int = 0
    timetables_set: int = 0
    courses_unchanged: int = 0
    runs_unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.more_errors

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.more_errors

    def summary(self) -> dict[str, int]:
        return {
            "venues_created": self.venues_created,
            "venues_updated": self.venues_updated,
            "courses_created": self.courses_created,
            "courses_updated": self.courses_updated,
            "runs_created": self.runs_created,
            "runs_updated": self.runs_updated,
            "timetables_set": self.timetables_set,
            "courses_unchanged": self.courses_unchanged,
            "runs_unchanged": self.runs_unchanged,
        }


@dataclass(frozen=True)
class CheckedFiles:
    """The outcome of checking: valid records ready to write, or errors."""

    venues: list[VenueRecord]
    runs: list[RunRecord]
    timetable: dict[str, TimetableEntry]
    errors: ErrorList  # of (file, error), capped at MAX_REPORTED_ERRORS


def check_files(
    session: Session,
    provider: Provider,
    *,
    courses: bytes | None,
    venues: bytes | None,
    timetable: bytes | None,
    today: date,
    progress: Progress | None = None,
) -> CheckedFiles:
    """Read and validate every file against the provider's stored venues and runs. No writes."""
    errors = ErrorList()
    tables = {}
    for name, data in (("venues", venues), ("courses", courses), ("timetable", timetable)):
        if data is None:
            continue
        try:
            tables[name] = decode_csv(data, label=f"{name.rstrip('s')} file")
        except FileProblem as exc:
            errors.append((name, RowError(0, "", str(exc))))
    if errors:
        return CheckedFiles([], [], {}, errors)

    stored_venues = session.execute(
        select(Venue.your_venue_reference, Venue.name).where(Venue.provider_id == provider.id)
    ).all()
    venue_records: list[VenueRecord] = []
    if "venues" in tables:
        venue_records, venue_errors = validate_venue_table(
            tables["venues"], [(r, n) for r, n in stored_venues]
        )
        errors.extend(_in_file("venues", venue_errors))
    file_refs = {v.your_venue_reference.lower() for v in venue_records}
    index = VenueIndex.of(
        [(r, n) for r, n in stored_venues if r.lower() not in file_refs]
        + [(v.your_venue_reference, v.name) for v in venue_records]
    )

    run_records: list[RunRecord] = []
    if "courses" in tables:
        run_records, course_errors = validate_course_table(
            tables["courses"], index, today, progress
        )
        errors.extend(_in_file("courses", course_errors))

    entries: dict[str, TimetableEntry] = {}
    if "timetable" in tables:
        stored_refs = session.scalars(
            select(CourseRun.your_reference).where(CourseRun.provider_id == provider.id)
        ).all()
        entries, tt_errors = validate_timetable_table(
            tables["timetable"], [*stored_refs, *(r.your_reference for r in run_records)]
        )
        errors.extend(_in_file("timetable", tt_errors))
    return CheckedFiles(venue_records, run_records, entries, errors)


def _in_file(name: str, errors: list[RowError]) -> ErrorList:
    """(name, error) pairs, still counting the problems the file's list only counted."""
    tagged = ErrorList((name, e) for e in errors)
    tagged.more += getattr(errors, "more", 0)
    return tagged


def refused_upload(
    session: Session,
    provider_id: int | None,
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
        actor_type="provider",
        actor_id=actor_id,
        action="catalogue.import_refused",
        entity_type="provider",
        entity_id=provider_id,
        detail=detail,
    )
    session.commit()


def record_export(session: Session, provider_id: int, actor_id: str, name: str) -> None:
    """Audit a provider downloading its catalogue (courses or venues CSV); this commits."""
    audit.record(
        session,
        actor_type="provider",
        actor_id=actor_id,
        action="catalogue.export",
        entity_type="provider",
        entity_id=provider_id,
        detail={"file": name},
    )
    session.commit()


def import_files(
    session: Session,
    provider: Provider,
    *,
    courses: bytes | None = None,
    venues: bytes | None = None,
    timetable: bytes | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    actor_type: str = "provider",
    actor_id: str | int | None = None,
) -> ImportResult:
    """Check, then write. The caller commits (or rolls back) the session."""
    checked = check_files(
        session,
        provider,
        courses=courses,
        venues=venues,
        timetable=timetable,
        today=today or date.today(),
        progress=progress,
    )
    result = ImportResult(errors=list(checked.errors), more_errors=checked.errors.more)
    if not result.ok:
        return result
    write_records(session, provider, checked, result, progress)
    audit.record(
        session,
        actor_type=actor_type,
        actor_id=actor_id,
        action="catalogue.import",
        entity_type="provider",
        entity_id=provider.id,
        detail={
            **result.summary(),
            "files": [
                n
                for n, d in (("courses", courses), ("venues", venues), ("timetable", timetable))
                if d is not None
            ],
        },
    )
    session.flush()
    return result


def write_records(
    session: Session,
    provider: Provider,
    checked: CheckedFiles,
    result: ImportResult,
    progress: Progress | None = None,
) -> None:
    venue_ids = _write_venues(session, provider, checked.venues, result)
    runs = [_with_timetable(r, checked.timetable) for r in checked.runs]
    course_ids = _write_courses(session, provider, runs, result)
    run_ids = _write_runs(session, provider, runs, course_ids, venue_ids, result, progress)
    # Timetable-file entries for runs that were not in this course file
    in_file = {r.your_reference.lower() for r in runs}
    stored = (
        {
            ref.lower(): rid
            for ref, rid in session.execute(
                select(CourseRun.your_reference, CourseRun.id).where(
                    CourseRun.provider_id == provider.id
                )
            )
        }
        if any(ref not in in_file for ref in checked.timetable)
        else {}
    )
    timetables: dict[int, TimetableEntry] = {}
    for r in runs:
        if r.sessions is not None:
            timetables[run_ids[r.your_reference.lower()]] = TimetableEntry(
                bool(r.self_paced), r.sessions
            )
    for ref, entry in checked.timetable.items():
        if ref not in in_file:
            timetables[stored[ref]] = entry
            session.execute(
                update(CourseRun)
                .where(CourseRun.id == stored[ref])
                .values(self_paced=entry.self_paced, updated_at=utcnow())
            )
    result.timetables_set = _write_sessions(session, provider, timetables)
    search.clear_cache()  # renamed or new courses must show in the next search


def _with_timetable(record: RunRecord, entries: dict[str, TimetableEntry]) -> RunRecord:
    """The timetable file, when it names this run, replaces the TIMETABLE/SELF_PACED columns."""
    entry = entries.get(record.your_reference.lower())
    if entry is not None:
        return replace(record, sessions=entry.sessions, self_paced=entry.self_paced)
    if record.sessions and record.self_paced is None:
        return replace(record, self_paced=False)
    return record


def _table(model: Any) -> Table:
    """A mapped class's Table, for Core bulk inserts (typed as the wider FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _write_venues(
    session: Session, provider: Provider, records: list[VenueRecord], result: ImportResult
) -> dict[str, int]:
    stored = {
        v.your_venue_reference.lower(): v
        for v in session.scalars(select(Venue).where(Venue.provider_id == provider.id))
    }
    for rec in records:
        values: dict[str, Any] = {
            "your_venue_reference": rec.your_venue_reference,
            "name": rec.name,
            "address_line_1": rec.address_line_1,
            "address_line_2": rec.address_line_2,
            "town": rec.town,
            "county": rec.county,
            "postcode": rec.postcode,
            "postcode_district": rec.postcode_district,
            "email": rec.email,
            "phone": rec.phone,
            "website": rec.website,
        }
        values["latitude"], values["longitude"] = geo.coordinates(rec.postcode_district)
        venue = stored.get(rec.your_venue_reference.lower())
        if venue is None:
            venue = Venue(provider_id=provider.id, **values)
            session.add(venue)
            stored[rec.your_venue_reference.lower()] = venue
            result.venues_created += 1
        else:
            for key, value in values.items():
                setattr(venue, key, value)
            result.venues_updated += 1
    session.flush()
    return {ref: v.id for ref, v in stored.items()}


def _course_key(row: Row[Any]) -> tuple[str, ...]:
    return (row.lars_qan, *(getattr(row, f) for f in DESCRIPTION_FIELDS))


def _write_courses(
    session: Session, provider: Provider, runs: list[RunRecord], result: ImportResult
) -> dict[tuple[str, ...], int]:
    """Insert new courses and change only those whose name, level or sector differ."""
    cols = [
        Course.id,
        Course.lars_qan,
        *(getattr(Course, f) for f in DESCRIPTION_FIELDS),
        Course.course_name,
        Course.level,
        Course.sector,
        *(getattr(Course, a) for a in COURSE_FACT_COLUMNS.values()),
    ]
    stored = {
        _course_key(row): row
        for row in session.execute(select(*cols).where(Course.provider_id == provider.id))
    }
    courses = _course_values(runs)
    now = utcnow()
    new = [
        {
            "provider_id": provider.id,
            "updated_at": now,
            **dict.fromkeys(COURSE_FACT_COLUMNS.values()),  # not given: unknown
            **v,
        }
        for k, v in courses.items()
        if k not in stored
    ]
    for start in range(0, len(new), BATCH):
        session.execute(insert(_table(Course)), new[start : start + BATCH])
    result.courses_created = len(new)
    changes = []
    for key, values in courses.items():
        row = stored.get(key)
        if row is None:
            continue  # a new course, inserted above
        change = _course_change(row, values)
        if change:
            changes.append({"id": row.id, "updated_at": now, **change})
    _bulk_update(session, Course, changes)
    result.courses_updated = len(changes)
    result.courses_unchanged = len(courses) - len(new) - len(changes)
    ids = {key: row.id for key, row in stored.items()}
    if new:
        ids.update(
            (_course_key(row), row.id)
            for row in session.execute(select(*cols[:9]).where(Course.provider_id == provider.id))
        )
    return ids


def _course_values(runs: list[RunRecord]) -> dict[tuple[str, ...], dict[str, object]]:
    """Each course's columns, from its first run; a level, sector or fact left empty there is
    taken from the next run that gives one."""
    courses: dict[tuple[str, ...], dict[str, object]] = {}
    for r in runs:
        values = courses.get(r.course_key)
        if values is None:
            courses[r.course_key] = {
                "lars_qan": r.lars_qan,
                "course_name": r.course_name,
                **dict(zip(DESCRIPTION_FIELDS, r.descriptions, strict=True)),
                "level": r.level,
                "sector": r.sector,
                **dict(r.course_facts),
            }
            continue
        for attr, value in r.course_facts:
            values.setdefault(attr, value)
        if values["level"] is None:
            values["level"] = r.level
        if values["sector"] is None:
            values["sector"] = r.sector
    return courses


def _course_change(row: Row[Any], values: dict[str, object]) -> dict[str, object]:
    """The stored course's columns the file changes: a new name; a level or sector the file
    gives; any fact column the file has (even "Unknown" replaces what is stored)."""
    change: dict[str, object] = {}
    if row.course_name != values["course_name"]:
        change["course_name"] = values["course_name"]
    for name in ("level", "sector"):
        if values[name] is not None and getattr(row, name) != values[name]:
            change[name] = values[name]
    for name in COURSE_FACT_COLUMNS.values():
        if name in values and getattr(row, name) != values[name]:
            change[name] = values[name]
    return change


def _bulk_update(session: Session, model: type, changes: list[dict[str, object]]) -> None:
    """ORM bulk UPDATE by primary key, grouped by the set of columns so each batch is uniform."""
    groups: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for change in changes:
        groups.setdefault(tuple(sorted(change)), []).append(change)
    for rows in groups.values():
        for start in range(0, len(rows), BATCH):
            session.execute(update(model), rows[start : start + BATCH])


RUN_COLUMNS = (
    "course_id",
    "your_reference",
    "delivery_mode",
    "start_date",
    "flexible_start",
    "venue_id",
    "national_delivery",
    "sub_regions",
    "course_webpage",
    "cost_pence",
    "cost_description",
    "duration_value",
    "duration_unit",
    "study_mode",
    "attendance_pattern",
    "self_paced",
)


def _write_runs(
    session: Session,
    provider: Provider,
    runs: list[RunRecord],
    course_ids: dict[tuple[str, ...], int],
    venue_ids: dict[str, int],
    result: ImportResult,
    progress: Progress | None,
) -> dict[str, int]:
    """Insert new runs, update changed ones (matched by YOUR_REFERENCE), leave the rest alone."""
    stored = {
        row.your_reference.lower(): row
        for row in session.execute(
            select(CourseRun.id, *(getattr(CourseRun, c) for c in RUN_COLUMNS)).where(
                CourseRun.provider_id == provider.id
            )
        )
    }
    now = utcnow()
    inserts: list[dict[str, object]] = []
    updates: list[dict[str, object]] = []
    unchanged = 0
    for r in runs:
        venue_id = venue_ids[r.venue_ref.lower()] if r.venue_ref else None
        values = run_values(r, course_ids[r.course_key], venue_id)
        row = stored.get(r.your_reference.lower())
        if row is None:
            values.setdefault("self_paced", False)
            inserts.append({"provider_id": provider.id, "updated_at": now, **values})
        else:
            change = {k: v for k, v in values.items() if getattr(row, k) != v}
            if change:
                updates.append({"id": row.id, "updated_at": now, **change})
            else:
                unchanged += 1
    total, done = len(runs), unchanged
    for start in range(0, len(inserts), BATCH):
        chunk = inserts[start : start + BATCH]
        session.execute(insert(_table(CourseRun)), chunk)
        done += len(chunk)
        if progress:
            progress("written", done, total)
    for start in range(0, len(updates), BATCH):
        _bulk_update(session, CourseRun, updates[start : start + BATCH])
        done += len(updates[start : start + BATCH])
        if progress:
            progress("written", done, total)
    if progress and not inserts and not updates:
        progress("written", total, total)
    result.runs_created, result.runs_updated = len(inserts), len(updates)
    result.runs_unchanged = unchanged
    ids = {ref: row.id for ref, row in stored.items()}
    if inserts:
        ids.update(
            (ref.lower(), run_id)
            for ref, run_id in session.execute(
                select(CourseRun.your_reference, CourseRun.id).where(
                    CourseRun.provider_id == provider.id
                )
            )
        )
    return ids


def run_values(record: RunRecord, course_id: int, venue_id: int | None) -> dict[str, object]:
    """Column values of a course run from a validated record (self_paced only when given)."""
    values: dict[str, object] = {
        "course_id": course_id,
        "your_reference": record.your_reference,
        "delivery_mode": record.delivery_mode,
        "start_date": record.start_date,
        "flexible_start": record.flexible_start,
        "venue_id": venue_id,
        "national_delivery": record.national_delivery,
        "sub_regions": record.sub_regions,
        "course_webpage": record.course_webpage,
        "cost_pence": record.cost_pence,
        "cost_description": record.cost_description,
        "duration_value": record.duration_value,
        "duration_unit": record.duration_unit,
        "study_mode": record.study_mode,
        "attendance_pattern": record.attendance_pattern,
    }
    if record.self_paced is not None:
        values["self_paced"] = record.self_paced
    return values


def _write_sessions(
    session: Session, provider: Provider, timetables: dict[int, TimetableEntry]
) -> int:
    """Replace the weekly sessions of every run given a different timetable; count them."""
    stored: dict[int, list[tuple[int, object, object]]] = {}
    for run_id, day, start, end in session.execute(
        select(RunSession.run_id, RunSession.day, RunSession.start_time, RunSession.end_time)
        .join(CourseRun, CourseRun.id == RunSession.run_id)
        .where(CourseRun.provider_id == provider.id)
    ):
        stored.setdefault(run_id, []).append((day, start, end))
    timetables = {
        run_id: entry
        for run_id, entry in timetables.items()
        if sorted(stored.get(run_id, [])) != sorted(entry.sessions)
    }
    run_ids = list(timetables)
    for start in range(0, len(run_ids), BATCH):
        session.execute(
            delete(RunSession).where(RunSession.run_id.in_(run_ids[start : start + BATCH]))
        )
    rows = [
        {"run_id": run_id, "day": day, "start_time": s, "end_time": e}
        for run_id, entry in timetables.items()
        for day, s, e in entry.sessions
    ]
    for start in range(0, len(rows), BATCH):
        session.execute(insert(_table(RunSession)), rows[start : start + BATCH])
    return len(timetables)
