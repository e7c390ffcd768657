"""Exports: the Course Directory format, round-trips through the importer, formula-safe."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy.orm import Session

from course_catalogue.csv_format import COURSE_EXTENSION_HEADERS, COURSE_HEADERS, VENUE_HEADERS
from course_catalogue.export import export_courses, export_venues, write_csv
from course_catalogue.importer import import_files
from db.models import Provider
from tests.course_catalogue.csvdata import course_row, to_csv, venue_row
from web_security.csv_safe import safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+44 113", "'+44 113"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("Care = kindness", "Care = kindness"),
        ("safe", "safe"),
        ("", ""),
        (None, ""),
        (12, "12"),
        ("'already", "'already"),
    ],
)
def test_safe_cell(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


def test_write_csv_makes_every_cell_safe() -> None:
    data = write_csv(["A", "B"], [["=1+1", "ok"], ["@x", "-1"]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data[3:].decode())))
    assert rows == [["A", "B"], ["'=1+1", "ok"], ["'@x", "'-1"]]


def _provider(session: Session) -> Provider:
    p = Provider(ukprn="10000001", name="Test College")
    session.add(p)
    session.flush()
    return p


def test_export_is_safe_and_reimports_unchanged(session: Session) -> None:
    p = _provider(session)
    headers = (*COURSE_HEADERS, *COURSE_EXTENSION_HEADERS)
    rows = [
        course_row(
            WHAT_YOU_WILL_LEARN='=HYPERLINK("http://evil","Click")',
            COST_DESCRIPTION="-50% for members",
            TIMETABLE="Tue 18:00-21:00",
            SELF_PACED="",
            LEVEL="Entry",
            SECTOR="Care",
        ),
        course_row(
            YOUR_REFERENCE="ON-1",
            DELIVERY_MODE="Online",
            VENUE_NAME="",
            STUDY_MODE="",
            ATTENDANCE_PATTERN="",
            SELF_PACED="Yes",
            TIMETABLE="",
            LEVEL="Entry",
            SECTOR="Care",
            COST="0",
        ),
    ]
    assert import_files(
        session, p, courses=to_csv(rows, headers), venues=to_csv([venue_row()], VENUE_HEADERS)
    ).ok
    session.commit()
    exported = export_courses(session, p)
    table = list(csv.DictReader(io.StringIO(exported[3:].decode())))
    assert list(table[0]) == list(headers)
    first = table[0]
    assert first["WHAT_YOU_WILL_LEARN"] == '\'=HYPERLINK("http://evil","Click")'
    assert first["COST_DESCRIPTION"] == "'-50% for members"
    assert first["LARS_QAN"] == "60123456" and first["COST"] == "450.50"
    assert first["DELIVERY_MODE"] == "Classroom based" and first["STUDY_MODE"] == "Part time"
    assert first["TIMETABLE"] == "Tue 18:00-21:00" and first["LEVEL"] == "Entry"
    assert table[1]["SELF_PACED"] == "Yes" and table[1]["COST"] == "0.00"
    # Upload the export again: everything is updated, nothing is added, nothing changes.
    result = import_files(session, p, courses=exported, venues=export_venues(session, p))
    assert result.ok, result.errors
    assert (result.runs_created, result.courses_created, result.venues_created) == (0, 0, 0)
    session.commit()
    assert export_courses(session, p) == exported


def test_plain_course_directory_export(session: Session) -> None:
    p = _provider(session)
    rows = [course_row(VENUE_NAME="", YOUR_VENUE_REFERENCE="V1")]
    venues_csv = to_csv([venue_row()], VENUE_HEADERS)
    assert import_files(session, p, courses=to_csv(rows), venues=venues_csv).ok
    data = export_courses(session, p, extended=False)
    header = data[3:].decode().splitlines()[0]
    assert header == ",".join(COURSE_HEADERS)
    venues = export_venues(session, p)[3:].decode().splitlines()
    assert venues[0] == ",".join(VENUE_HEADERS)
    assert venues[1].startswith("V1,Main Campus,1 High Street,,Leeds,,LS1 1AA,")
