"""Builders for Course Directory CSV test files."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from course_catalogue.csv_format import COURSE_HEADERS, VENUE_HEADERS

FUTURE = (date.today() + timedelta(days=60)).strftime("%d/%m/%Y")


def course_row(**overrides: str) -> dict[str, str]:
    row = {h: "" for h in COURSE_HEADERS}
    row.update(
        LARS_QAN="60123456",
        WHO_THIS_COURSE_IS_FOR="Adults who work in care and want to move up.",
        ENTRY_REQUIREMENTS="None",
        WHAT_YOU_WILL_LEARN="Safe handling, care planning.",
        HOW_YOU_WILL_LEARN="Evening classes.",
        WHERE_NEXT="Level 3 diploma.",
        COURSE_NAME="Level 2 Diploma in Care",
        YOUR_REFERENCE="CARE-1",
        DELIVERY_MODE="Classroom based",
        START_DATE=FUTURE,
        VENUE_NAME="Main Campus",
        COURSE_WEBPAGE="https://www.example.ac.uk/care",
        COST="450.50",
        DURATION="30",
        DURATION_UNIT="Weeks",
        STUDY_MODE="Part time",
        ATTENDANCE_PATTERN="Evening",
    )
    row.update(overrides)
    return row


def venue_row(**overrides: str) -> dict[str, str]:
    row = {h: "" for h in VENUE_HEADERS}
    row.update(
        YOUR_VENUE_REFERENCE="V1",
        VENUE_NAME="Main Campus",
        ADDRESS_LINE_1="1 High Street",
        TOWN_OR_CITY="Leeds",
        POSTCODE="ls1 1aa",
        EMAIL="info@example.ac.uk",
        PHONE="0113 496 0000",
        WEBSITE="https://www.example.ac.uk",
    )
    row.update(overrides)
    return row


def to_csv(
    rows: list[dict[str, str]],
    headers: tuple[str, ...] | list[str] | None = None,
    bom: bool = False,
) -> bytes:
    headers = list(headers or (rows[0].keys() if rows else COURSE_HEADERS))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=headers, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data
