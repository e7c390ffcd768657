"""CSV exports in the Course Directory format, safe to open in a spreadsheet.

Every cell goes through `web_security.csv_safe.safe_cell` (the one rule against "CSV injection"
shared with the coach app): a cell that starts with = + - @, a tab or a carriage return gets an
apostrophe, so a spreadsheet shows it as text. Side effect: a negative number such as "-5" is
exported as "'-5"; the catalogue has none. The importer removes that apostrophe again, so an
export can be uploaded back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from course_catalogue.csv_format import (
    ATTENDANCE_PATTERN_LABELS,
    COURSE_EXTENSION_HEADERS,
    COURSE_FACT_COLUMNS,
    COURSE_HEADERS,
    DELIVERY_MODE_LABELS,
    DURATION_UNIT_LABELS,
    STUDY_MODE_LABELS,
    VENUE_HEADERS,
)
from course_catalogue.validate import format_timetable
from db.models import CourseRun, Provider, Venue
from web_security.csv_safe import safe_cell


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte order mark (so Excel reads accents right), CRLF, every cell made safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _cost(pence: int | None) -> str:
    return "" if pence is None else f"{pence // 100}.{pence % 100:02d}"


def run_row(run: CourseRun, *, extended: bool = True) -> list[object]:
    course = run.course
    row: list[object] = [
        course.lars_qan,
        course.who_this_course_is_for,
        course.entry_requirements,
        course.what_you_will_learn,
        course.how_you_will_learn,
        course.what_you_will_need_to_bring,
        course.how_you_will_be_assessed,
        course.where_next,
        course.course_name,
        run.your_reference,
        DELIVERY_MODE_LABELS.get(run.delivery_mode, run.delivery_mode),
        run.start_date.strftime("%d/%m/%Y") if run.start_date else "",
        "Yes" if run.flexible_start else "No",
        run.venue.name if run.venue else "",
        run.venue.your_venue_reference if run.venue else "",
        _yes_no(run.national_delivery),
        run.sub_regions or "",
        run.course_webpage,
        _cost(run.cost_pence),
        run.cost_description or "",
        run.duration_value,
        DURATION_UNIT_LABELS.get(run.duration_unit, run.duration_unit),
        STUDY_MODE_LABELS.get(run.study_mode or "", ""),
        ATTENDANCE_PATTERN_LABELS.get(run.attendance_pattern or "", ""),
    ]
    if extended:
        row += [
            format_timetable((s.day, s.start_time, s.end_time) for s in run.sessions),
            "Yes" if run.self_paced else "",
            "" if course.level is None else ("Entry" if course.level == 0 else course.level),
            course.sector or "",
            *(_tri(getattr(course, attr)) for attr in COURSE_FACT_COLUMNS.values()),
        ]
    return row


def _tri(value: bool | None) -> str:
    return "Unknown" if value is None else ("Yes" if value else "No")


def export_courses(session: Session, provider: Provider, *, extended: bool = True) -> bytes:
    """The provider's runs as a course CSV the importer accepts back unchanged.

    With `extended`, the TIMETABLE, SELF_PACED, LEVEL, SECTOR and funding-fact columns follow
    the 24 Course Directory columns; without, it is a plain Course Directory file.
    """
    runs = session.scalars(
        select(CourseRun)
        .where(CourseRun.provider_id == provider.id)
        .options(
            selectinload(CourseRun.course),
            selectinload(CourseRun.venue),
            selectinload(CourseRun.sessions),
        )
        .order_by(CourseRun.course_id, CourseRun.id)
    )
    headers = [*COURSE_HEADERS, *(COURSE_EXTENSION_HEADERS if extended else ())]
    return write_csv(headers, (run_row(r, extended=extended) for r in runs))


def export_venues(session: Session, provider: Provider) -> bytes:
    venues = session.scalars(
        select(Venue).where(Venue.provider_id == provider.id).order_by(Venue.id)
    )
    return write_csv(
        VENUE_HEADERS,
        (
            [
                v.your_venue_reference,
                v.name,
                v.address_line_1,
                v.address_line_2,
                v.town,
                v.county,
                v.postcode,
                v.email,
                v.phone,
                v.website,
            ]
            for v in venues
        ),
    )
