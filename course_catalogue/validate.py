"""Validation of Course Directory rows: rows in, normalised records and row/column errors out.

Pure: no database and no I/O. The importer gives it the provider's known venues and today's date,
so the same rules serve the CSV upload, the command line and the JSON API. Messages follow the
Course Directory's wording ("Select a delivery mode", "Enter duration between 1-999", ...).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from course_catalogue.csv_format import (
    ATTENDANCE_PATTERNS,
    COURSE_EXTENSION_HEADERS,
    COURSE_FACT_COLUMNS,
    COURSE_HEADERS,
    DELIVERY_MODES,
    DESCRIPTION_COLUMNS,
    DURATION_UNITS,
    STUDY_MODES,
    TIMETABLE_EXTENSION_HEADERS,
    TIMETABLE_HEADERS,
    VENUE_HEADERS,
    VENUE_MODES,
    YES_NO,
    YES_NO_UNKNOWN,
    CsvTable,
    unescape_cell,
)

# Weekly timetables are read and written by the shared timetable package (vacancy shifts too).
from timetable import Slot, parse_clock, parse_day, parse_timetable
from timetable import format_timetable as format_timetable

Progress = Callable[[str, int, int], None]  # (stage, rows done, rows in total)
PROGRESS_EVERY = 1000

HEADINGS_MESSAGE = "Enter headings in the correct format"
FORBIDDEN = re.compile(r"[<>`]")
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ()-]+$")
LARS = re.compile(r"^[A-Z0-9]{1,8}$")
COST = re.compile(r"^\d+(\.\d{1,2})?$")
MAX_COST = Decimal("999999.99")
SPACE = re.compile(r"\s")

LABELS: dict[str, str] = {
    "LARS_QAN": "LARS or QAN code",
    "WHO_THIS_COURSE_IS_FOR": "Who this course is for",
    "ENTRY_REQUIREMENTS": "Entry requirements",
    "WHAT_YOU_WILL_LEARN": "What you will learn",
    "HOW_YOU_WILL_LEARN": "How you will learn",
    "WHAT_YOU_WILL_NEED_TO_BRING": "What you will need to bring",
    "HOW_YOU_WILL_BE_ASSESSED": "How you will be assessed",
    "WHERE_NEXT": "Where next",
    "COURSE_NAME": "Course name",
    "YOUR_REFERENCE": "Your reference",
    "COST_DESCRIPTION": "Cost description",
    "SUB_REGION": "Sub region",
    "SECTOR": "Sector",
    "VENUE_NAME": "Venue name",
    "YOUR_VENUE_REFERENCE": "Venue reference",
    "ADDRESS_LINE_1": "Address line 1",
    "ADDRESS_LINE_2": "Address line 2",
    "TOWN_OR_CITY": "Town or city",
    "COUNTY": "County",
}
# Longest text the Course Directory (or our database column) accepts.
MAX_LENGTHS: dict[str, int] = {
    "WHO_THIS_COURSE_IS_FOR": 2000,
    "ENTRY_REQUIREMENTS": 500,
    "WHAT_YOU_WILL_LEARN": 1500,
    "HOW_YOU_WILL_LEARN": 500,
    "WHAT_YOU_WILL_NEED_TO_BRING": 500,
    "HOW_YOU_WILL_BE_ASSESSED": 500,
    "WHERE_NEXT": 500,
    "COURSE_NAME": 255,
    "YOUR_REFERENCE": 255,
    "COST_DESCRIPTION": 255,
    "SECTOR": 64,
    "VENUE_NAME": 255,
    "YOUR_VENUE_REFERENCE": 255,
    "ADDRESS_LINE_1": 255,
    "ADDRESS_LINE_2": 255,
    "TOWN_OR_CITY": 120,
    "COUNTY": 120,
    "COURSE_WEBPAGE": 500,
    "WEBSITE": 500,
    "EMAIL": 254,
}


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number: the heading row is row 1
    column: str  # the CSV heading, or "" when the error is about the whole row or file
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        if self.column:
            return f"Row {self.row}, {self.column}: {self.message}"
        return f"Row {self.row}: {self.message}"


@dataclass(frozen=True)
class VenueRecord:
    row: int
    your_venue_reference: str
    name: str
    address_line_1: str
    address_line_2: str | None
    town: str
    county: str | None
    postcode: str
    postcode_district: str
    email: str | None
    phone: str | None
    website: str | None


@dataclass(frozen=True)
class RunRecord:
    """One valid course-file row, normalised to what the database stores."""

    row: int
    lars_qan: str
    descriptions: tuple[str, ...]  # the seven description fields, in DESCRIPTION_FIELDS order
    course_name: str
    your_reference: str
    delivery_mode: str
    start_date: date | None
    flexible_start: bool
    venue_ref: str | None  # the venue's YOUR_VENUE_REFERENCE as stored
    national_delivery: bool | None
    sub_regions: str | None
    course_webpage: str
    cost_pence: int | None
    cost_description: str | None
    duration_value: int
    duration_unit: str
    study_mode: str | None
    attendance_pattern: str | None
    # extension columns; None means "not given" (an update keeps what is stored)
    self_paced: bool | None = None
    sessions: tuple[Slot, ...] | None = None
    level: int | None = None
    sector: str | None = None
    # funding facts the row declares: (Course column, True/False/None=unknown); absent = not given
    course_facts: tuple[tuple[str, bool | None], ...] = ()

    @property
    def course_key(self) -> tuple[str, ...]:
        return (self.lars_qan, *self.descriptions)


@dataclass(frozen=True)
class TimetableEntry:
    self_paced: bool
    sessions: tuple[Slot, ...]


@dataclass
class VenueIndex:
    """The provider's venues, found by reference or by name (both case-insensitive)."""

    by_ref: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, venues: Iterable[tuple[str, str]]) -> VenueIndex:
        """Build from (your_venue_reference, name) pairs."""
        index = cls()
        for ref, name in venues:
            index.by_ref[ref.strip().lower()] = ref
            index.by_name[name.strip().lower()] = ref
        return index


# --- small value parsers ------------------------------------------------------------------------
def pad_lars(value: str) -> str:
    return value.strip().upper().zfill(8)


DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@lru_cache(maxsize=4096)
def parse_date(value: str) -> date | None:
    """'dd/mm/yyyy' (or d/m/yyyy) -> date; None when it is not a real date."""
    match = DATE.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def parse_cost_pence(value: str) -> int | None:
    """'1,250.50' or '£99' -> pence; None when it is not a number with at most 2 decimals."""
    cleaned = value.strip().lstrip("£").replace(",", "").strip()
    if not COST.match(cleaned):
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if amount > MAX_COST:
        return None
    return int(amount * 100)


@lru_cache(maxsize=4096)
def is_web_address(value: str) -> bool:
    if SPACE.search(value):
        return False
    parts = urlsplit(value)
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and not host.endswith(".")


def normalise_postcode(value: str) -> tuple[str, str] | None:
    """'sw1a1aa' -> ('SW1A 1AA', 'SW1A'); None when it is not a UK postcode."""
    match = POSTCODE.match(value.strip().upper().replace(" ", ""))
    if not match:
        match = POSTCODE.match(" ".join(value.strip().upper().split()))
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}", match.group(1)


def _level(value: str) -> int | None:
    text = value.strip().lower()
    if text in ("e", "entry", "entry level"):
        return 0
    text = text.removeprefix("level").strip()
    if text.isdigit() and 0 <= int(text) <= 8:
        return int(text)
    raise ValueError("Enter a level from Entry to 8, like 2 or Entry")


# --- headings -----------------------------------------------------------------------------------
MAX_REPORTED_ERRORS = 100


class ErrorList(list[Any]):
    """Keeps the first `limit` problems and only counts the rest (`more`), so a file with a
    million bad rows costs no more memory, and makes no bigger an answer, than one with 100."""

    def __init__(self, items: Iterable[Any] = (), limit: int = MAX_REPORTED_ERRORS) -> None:
        super().__init__()
        self.limit = limit
        self.more = 0
        self.extend(items)

    def append(self, item: Any) -> None:
        if len(self) < self.limit:
            super().append(item)
        else:
            self.more += 1

    def extend(self, items: Iterable[Any]) -> None:
        for item in items:
            self.append(item)
        self.more += getattr(items, "more", 0)

    # list's own += takes any iterable, but typeshed's list.__add__ takes only lists, so mypy
    # calls the pair incompatible; the override is needed: list.__iadd__ skips our extend().
    def __iadd__(self, items: Iterable[Any]) -> ErrorList:  # type: ignore[misc]
        self.extend(items)
        return self

    @property
    def total(self) -> int:
        return len(self) + self.more


def problems_message(shown: int, more: int) -> str:
    """'We found 8,000,000 problems. The first 100 are listed, and 7,999,900 more.'"""
    total = shown + more
    noun = "problem" if total == 1 else "problems"
    if not more:
        return f"We found {total:,} {noun}. Nothing was changed."
    return (
        f"We found {total:,} {noun}. Nothing was changed. The first {shown:,} are listed, "
        f"and {more:,} more."
    )


def check_headers(
    headers: Sequence[str], expected: Sequence[str], extensions: Sequence[str] = ()
) -> list[RowError]:
    """The Course Directory headings exactly, in order; our extension columns may follow."""
    head = list(headers[: len(expected)])
    tail = list(headers[len(expected) :])
    if head != list(expected):
        for i, name in enumerate(expected):
            got = head[i] if i < len(head) else ""
            if got != name:
                return [RowError(1, name, HEADINGS_MESSAGE)]
    seen: set[str] = set()
    for name in tail:
        if name not in extensions or name in seen:
            return [RowError(1, name, HEADINGS_MESSAGE)]
        seen.add(name)
    return []


def _clean(cell: str) -> str:
    return unescape_cell(cell.strip())


def row_values(
    number: int, cells: list[str], headers: Sequence[str]
) -> tuple[dict[str, str], RowError | None]:
    """Map cells to headings (trimmed). Extra non-empty cells are an error; missing ones are ''."""
    if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
        return {}, RowError(
            number, "", f"This row has {len(cells)} values but there are {len(headers)} headings"
        )
    values = dict(zip(headers, map(_clean, cells), strict=False))
    if len(cells) < len(headers):
        values.update((h, "") for h in headers[len(cells) :])
    return values, None


def _text(values: Mapping[str, str], column: str, errors: list[RowError], row: int) -> str:
    value = values.get(column, "")
    label = LABELS.get(column, column.replace("_", " ").capitalize())
    if FORBIDDEN.search(value):
        errors.append(RowError(row, column, f"{label} must not contain the characters < > or `"))
    limit = MAX_LENGTHS.get(column)
    if limit and len(value) > limit:
        errors.append(RowError(row, column, f"{label} must be {limit} characters or less"))
    return value


@dataclass(frozen=True)
class CourseFields:
    """The course-level part of a row: LARS_QAN, descriptions, name, and LEVEL/SECTOR."""

    lars_qan: str
    descriptions: tuple[str, ...]
    course_name: str
    level: int | None
    sector: str | None
    facts: tuple[tuple[str, bool | None], ...] = ()


FACT_MESSAGE = "Enter Yes, No or Unknown"


def _course_facts(
    values: Mapping[str, str], err: Callable[[str, str], None]
) -> tuple[tuple[str, bool | None], ...]:
    """LOAN_APPROVED and the other fact columns: Yes / No / Unknown; empty means not given."""
    out: list[tuple[str, bool | None]] = []
    for column, attr in COURSE_FACT_COLUMNS.items():
        raw = values.get(column, "").strip().lower()
        if not raw:
            continue
        if raw not in YES_NO_UNKNOWN:
            err(column, FACT_MESSAGE)
            continue
        out.append((attr, YES_NO_UNKNOWN[raw]))
    return tuple(out)


def _course_part(row: int, values: Mapping[str, str], errors: list[RowError]) -> CourseFields:
    def err(column: str, message: str) -> None:
        errors.append(RowError(row, column, message))

    # LARS_QAN
    lars_raw = values.get("LARS_QAN", "").strip().upper()
    lars = ""
    if not lars_raw:
        err("LARS_QAN", "Enter a LARS or QAN code")
    elif not LARS.match(lars_raw):
        err("LARS_QAN", "LARS or QAN code must be 8 letters or numbers or fewer, like 60123456")
    else:
        lars = pad_lars(lars_raw)

    descriptions = tuple(_text(values, c, errors, row) for c in DESCRIPTION_COLUMNS)
    if not descriptions[0]:
        err("WHO_THIS_COURSE_IS_FOR", "Enter who this course is for")

    course_name = _text(values, "COURSE_NAME", errors, row)
    if not course_name:
        err("COURSE_NAME", "Enter a course name")
    level: int | None = None
    if values.get("LEVEL"):
        try:
            level = _level(values["LEVEL"])
        except ValueError as exc:
            err("LEVEL", str(exc))
    sector = _text(values, "SECTOR", errors, row) or None
    facts = _course_facts(values, err)
    return CourseFields(lars, descriptions, course_name, level, sector, facts)


def validate_course_fields(
    row: int, values: Mapping[str, str]
) -> tuple[CourseFields | None, list[RowError]]:
    """Only the course-level columns (for the API, where a course is changed on its own)."""
    errors: list[RowError] = []
    course = _course_part(row, values, errors)
    return (None if errors else course), errors


# --- course rows --------------------------------------------------------------------------------
COURSE_COLUMNS = (
    "LARS_QAN",
    *DESCRIPTION_COLUMNS,
    "COURSE_NAME",
    "LEVEL",
    "SECTOR",
    *COURSE_FACT_COLUMNS,
)


@dataclass
class _Row:
    """One row being checked: its cells and the errors found so far, in column order."""

    number: int
    values: Mapping[str, str]
    errors: list[RowError] = field(default_factory=list)

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    def err(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def text(self, column: str, required: str | None = None) -> str:
        """A free-text cell within its limits; `required` is the message when it is empty."""
        value = _text(self.values, column, self.errors, self.number)
        if required and not value:
            self.err(column, required)
        return value


def validate_course_row(
    row: int,
    values: Mapping[str, str],
    venues: VenueIndex,
    today: date,
    course_cache: dict[tuple[str, ...], CourseFields] | None = None,
) -> tuple[RunRecord | None, list[RowError]]:
    """Check one course-file row against every Course Directory rule.

    Each group of columns has its own check below, run in column order so the errors read
    left to right. `course_cache` lets a file's many runs of one course skip re-checking the
    course columns.
    """
    r = _Row(row, values)
    course = _cached_course_part(r, course_cache)
    your_reference = r.text("YOUR_REFERENCE")
    mode = DELIVERY_MODES.get(" ".join(r.get("DELIVERY_MODE").lower().split()))
    if mode is None:
        r.err("DELIVERY_MODE", "Select a delivery mode")
    flexible, start_date = _start_date(r, today)
    venue_ref = _venue(r, mode, venues)
    national, sub_regions = _national_delivery(r, mode)
    webpage = _course_webpage(r)
    cost_pence, cost_description = _cost(r)
    duration, unit = _duration(r)
    study_mode, attendance = _study_and_attendance(r, mode)
    self_paced, sessions = _pace_and_timetable(r)
    if r.errors or mode is None or unit is None:
        return None, r.errors
    if not your_reference:
        your_reference = auto_reference(
            course.lars_qan, mode, start_date, venue_ref, study_mode, attendance
        )
    return (
        RunRecord(
            row=row,
            lars_qan=course.lars_qan,
            descriptions=course.descriptions,
            course_name=course.course_name,
            your_reference=your_reference,
            delivery_mode=mode,
            start_date=start_date,
            flexible_start=flexible,
            venue_ref=venue_ref,
            national_delivery=national,
            sub_regions=sub_regions,
            course_webpage=webpage,
            cost_pence=cost_pence,
            cost_description=cost_description or None,
            duration_value=duration,
            duration_unit=unit,
            study_mode=study_mode,
            attendance_pattern=attendance,
            self_paced=self_paced,
            sessions=sessions,
            level=course.level,
            sector=course.sector,
            course_facts=course.facts,
        ),
        [],
    )


def _cached_course_part(
    r: _Row, course_cache: dict[tuple[str, ...], CourseFields] | None
) -> CourseFields:
    """The course columns, checked once per course in a file (only a clean course is kept)."""
    key = tuple(r.get(c) for c in COURSE_COLUMNS)
    course = course_cache.get(key) if course_cache is not None else None
    if course is None:
        course = _course_part(r.number, r.values, r.errors)
        if course_cache is not None and not r.errors:
            course_cache[key] = course
    return course


def _start_date(r: _Row, today: date) -> tuple[bool, date | None]:
    """FLEXIBLE_START_DATE and START_DATE: (flexible, start date); a fixed start is not past."""
    flexible_raw = r.get("FLEXIBLE_START_DATE").lower()
    flexible = YES_NO.get(flexible_raw, False) if flexible_raw else False
    if flexible_raw and flexible_raw not in YES_NO:
        r.err("FLEXIBLE_START_DATE", "Flexible start date must be Yes or No")
    start_raw = r.get("START_DATE")
    if flexible:
        if start_raw:
            r.err("START_DATE", "Start date must be empty when flexible start date is Yes")
        return flexible, None
    if not start_raw:
        r.err("START_DATE", "Enter a start date")
        return flexible, None
    start_date = parse_date(start_raw)
    if start_date is None:
        r.err("START_DATE", "Start date must be a real date in the format dd/mm/yyyy")
    elif start_date < today:
        r.err("START_DATE", "Start date cannot be earlier than today's date")
    return flexible, start_date


def _venue(r: _Row, mode: str | None, venues: VenueIndex) -> str | None:
    """The venue reference of a classroom or blended run; online and work based runs have none."""
    name, ref = r.get("VENUE_NAME"), r.get("YOUR_VENUE_REFERENCE")
    if mode in VENUE_MODES:
        return _matched_venue(r, name, ref, venues)
    if mode is not None:
        if name:
            r.err("VENUE_NAME", "Venue name must be empty for online or work based courses")
        if ref:
            r.err(
                "YOUR_VENUE_REFERENCE",
                "Venue reference must be empty for online or work based courses",
            )
    return None


def _matched_venue(r: _Row, name: str, ref: str, venues: VenueIndex) -> str | None:
    """One of the provider's venues, by reference or name (both must agree when both given)."""
    by_ref = venues.by_ref.get(ref.lower()) if ref else None
    by_name = venues.by_name.get(" ".join(name.split()).lower()) if name else None
    if not name and not ref:
        r.err("VENUE_NAME", "Select a venue")
    elif ref and by_ref is None:
        r.err("YOUR_VENUE_REFERENCE", "Venue reference does not match one of your venues")
    elif name and by_name is None:
        r.err("VENUE_NAME", "Venue name does not match one of your venues")
    elif by_ref and by_name and by_ref != by_name:
        r.err("VENUE_NAME", "Venue name and venue reference are for different venues")
    else:
        return by_ref or by_name
    return None


def _national_delivery(r: _Row, mode: str | None) -> tuple[bool | None, str | None]:
    """NATIONAL_DELIVERY and SUB_REGION: (anywhere in England, sub regions) for work based runs;
    other runs leave both empty."""
    national_raw = r.get("NATIONAL_DELIVERY").lower()
    sub_region_raw = r.text("SUB_REGION")
    if mode == "work_based":
        return _work_based_area(r, national_raw, sub_region_raw)
    if mode is not None:
        if national_raw:
            r.err(
                "NATIONAL_DELIVERY",
                "National delivery must be empty unless the course is work based",
            )
        if sub_region_raw:
            r.err("SUB_REGION", "Sub region must be empty unless the course is work based")
    return None, None


def _work_based_area(
    r: _Row, national_raw: str, sub_region_raw: str
) -> tuple[bool | None, str | None]:
    national: bool | None = None
    if not national_raw:
        r.err("NATIONAL_DELIVERY", "Select if you can deliver this course anywhere in England")
    elif national_raw not in YES_NO:
        r.err("NATIONAL_DELIVERY", "National delivery must be Yes or No")
    else:
        national = YES_NO[national_raw]
    parts = [p.strip() for p in sub_region_raw.split(";") if p.strip()]
    if national is False and not parts:
        r.err("SUB_REGION", "Select a sub region")
    elif national is True and parts:
        r.err("SUB_REGION", "Sub region must be empty when national delivery is Yes")
    return national, ";".join(parts) or None


def _course_webpage(r: _Row) -> str:
    webpage = r.get("COURSE_WEBPAGE")
    if not webpage:
        r.err("COURSE_WEBPAGE", "Enter a course webpage")
    elif not is_web_address(webpage) or len(webpage) > MAX_LENGTHS["COURSE_WEBPAGE"]:
        r.err(
            "COURSE_WEBPAGE", "Course webpage must be a real webpage, like https://www.example.com"
        )
    return webpage


def _cost(r: _Row) -> tuple[int | None, str]:
    """COST and COST_DESCRIPTION: (cost in pence, description); one of them is needed."""
    cost_raw = r.get("COST")
    description = r.text("COST_DESCRIPTION")
    if not cost_raw:
        if not description:
            r.err("COST", "Enter a cost or cost description")
        return None, description
    cost_pence = parse_cost_pence(cost_raw)
    if cost_pence is None:
        r.err("COST", "Cost must be a number with no more than 2 decimal places, up to 999999.99")
    return cost_pence, description


def _duration(r: _Row) -> tuple[int, str | None]:
    """DURATION and DURATION_UNIT: (1-999, unit), 0 and None when not given right."""
    raw = r.get("DURATION")
    duration = 0
    if not raw:
        r.err("DURATION", "Enter duration")
    elif not raw.isdigit() or not 1 <= int(raw) <= 999:
        r.err("DURATION", "Enter duration between 1-999")
    else:
        duration = int(raw)
    unit = DURATION_UNITS.get(r.get("DURATION_UNIT").lower())
    if unit is None:
        r.err("DURATION_UNIT", "Select a duration unit")
    return duration, unit


def _study_and_attendance(r: _Row, mode: str | None) -> tuple[str | None, str | None]:
    """STUDY_MODE and ATTENDANCE_PATTERN: needed for courses at a venue, empty for the rest."""
    study_raw = " ".join(r.get("STUDY_MODE").lower().split())
    attendance_raw = " ".join(r.get("ATTENDANCE_PATTERN").lower().split())
    study_mode = STUDY_MODES.get(study_raw)
    attendance = ATTENDANCE_PATTERNS.get(attendance_raw)
    if mode in VENUE_MODES:
        if study_mode is None:
            r.err("STUDY_MODE", "Select a study mode")
        if attendance is None:
            r.err("ATTENDANCE_PATTERN", "Select an attendance pattern")
        return study_mode, attendance
    if mode is None:
        return study_mode, attendance  # the row fails on its delivery mode anyway
    if study_raw:
        r.err("STUDY_MODE", "Study mode must be empty for online or work based courses")
    if attendance_raw:
        r.err(
            "ATTENDANCE_PATTERN",
            "Attendance pattern must be empty for online or work based courses",
        )
    return None, None


def _pace_and_timetable(r: _Row) -> tuple[bool | None, tuple[Slot, ...] | None]:
    """Our extension columns SELF_PACED and TIMETABLE: (self paced, weekly sessions); a
    self-paced run has no sessions, and None means not given."""
    self_paced: bool | None = None
    sessions: tuple[Slot, ...] | None = None
    if r.get("SELF_PACED"):
        sp = r.get("SELF_PACED").lower()
        if sp not in YES_NO:
            r.err("SELF_PACED", "Self paced must be Yes or No")
        else:
            self_paced = YES_NO[sp]
    if r.get("TIMETABLE"):
        try:
            sessions = parse_timetable(r.get("TIMETABLE"))
        except ValueError as exc:
            r.err("TIMETABLE", str(exc))
        if self_paced and sessions:
            r.err("TIMETABLE", "Timetable must be empty when the course is self paced")
    elif self_paced:
        sessions = ()
    return self_paced, sessions


def auto_reference(*parts: object) -> str:
    """A stable reference for a row without YOUR_REFERENCE, so re-uploading it updates the run."""
    digest = hashlib.sha256("|".join("" if p is None else str(p) for p in parts).encode())
    return "auto-" + digest.hexdigest()[:12]


def validate_course_table(
    table: CsvTable, venues: VenueIndex, today: date, progress: Progress | None = None
) -> tuple[list[RunRecord], list[RowError]]:
    """Every row checked; also references unique in the file and one level/sector per course."""
    errors = ErrorList(check_headers(table.headers, COURSE_HEADERS, COURSE_EXTENSION_HEADERS))
    if errors:
        return [], errors
    records: list[RunRecord] = []
    seen_refs: dict[str, int] = {}
    course_extras: dict[tuple[str, ...], tuple[int, int | None, str | None]] = {}
    course_cache: dict[tuple[str, ...], CourseFields] = {}
    course_facts: dict[tuple[str, ...], dict[str, bool | None]] = {}
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        values, problem = row_values(number, cells, table.headers)
        if problem:
            errors.append(problem)
        else:
            record, row_errors = validate_course_row(number, values, venues, today, course_cache)
            errors.extend(row_errors)
            if record is not None:
                key = record.your_reference.lower()
                if key in seen_refs:
                    column = "YOUR_REFERENCE" if values.get("YOUR_REFERENCE") else ""
                    errors.append(
                        RowError(
                            number,
                            column,
                            f"Your reference is already used in row {seen_refs[key]}"
                            if column
                            else f"This run is the same as row {seen_refs[key]}: "
                            "give each run its own YOUR_REFERENCE",
                        )
                    )
                else:
                    seen_refs[key] = number
                    records.append(record)
                    _check_course_extras(record, course_extras, errors, course_facts)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress("validated", done, total)
    if not table.rows:
        errors.append(RowError(2, "", "The file has headings but no courses"))
    return records, errors


def _check_course_extras(
    record: RunRecord,
    seen: dict[tuple[str, ...], tuple[int, int | None, str | None]],
    errors: list[RowError],
    facts_seen: dict[tuple[str, ...], dict[str, bool | None]],
) -> None:
    first = seen.get(record.course_key)
    if first is None:
        seen[record.course_key] = (record.row, record.level, record.sector)
        facts_seen[record.course_key] = dict(record.course_facts)
        return
    facts = facts_seen.setdefault(record.course_key, {})
    heading = {attr: column for column, attr in COURSE_FACT_COLUMNS.items()}
    for attr, value in record.course_facts:
        if attr in facts and facts[attr] != value:
            errors.append(
                RowError(
                    record.row,
                    heading[attr],
                    f"{heading[attr].replace('_', ' ').capitalize()} must match row "
                    f"{first[0]} (same course)",
                )
            )
        facts.setdefault(attr, value)
    row, level, sector = first
    if record.level is not None and level is not None and record.level != level:
        errors.append(RowError(record.row, "LEVEL", f"Level must match row {row} (same course)"))
    if record.sector and sector and record.sector.lower() != sector.lower():
        errors.append(RowError(record.row, "SECTOR", f"Sector must match row {row} (same course)"))
    if level is None or not sector:
        seen[record.course_key] = (
            row,
            level if level is not None else record.level,
            sector or record.sector,
        )


# --- venue rows ---------------------------------------------------------------------------------
def validate_venue_row(
    row: int, values: Mapping[str, str]
) -> tuple[VenueRecord | None, list[RowError]]:
    r = _Row(row, values)
    ref = r.text("YOUR_VENUE_REFERENCE", required="Enter a venue reference")
    name = r.text("VENUE_NAME", required="Enter a venue name")
    line1 = r.text("ADDRESS_LINE_1", required="Enter address line 1")
    line2 = r.text("ADDRESS_LINE_2")
    town = r.text("TOWN_OR_CITY", required="Enter a town or city")
    county = r.text("COUNTY")
    postcode = _venue_postcode(r)
    email, phone, website = _contact_details(r)
    if r.errors or postcode is None:
        return None, r.errors
    return (
        VenueRecord(
            row=row,
            your_venue_reference=ref,
            name=" ".join(name.split()),
            address_line_1=line1,
            address_line_2=line2 or None,
            town=town,
            county=county or None,
            postcode=postcode[0],
            postcode_district=postcode[1],
            email=email or None,
            phone=phone or None,
            website=website or None,
        ),
        [],
    )


def _venue_postcode(r: _Row) -> tuple[str, str] | None:
    """(postcode, district), or None with the error when it is missing or not a postcode."""
    raw = r.get("POSTCODE")
    if not raw:
        r.err("POSTCODE", "Enter a postcode")
        return None
    postcode = normalise_postcode(raw)
    if postcode is None:
        r.err("POSTCODE", "Enter a real postcode, like SW1A 1AA")
    return postcode


def _contact_details(r: _Row) -> tuple[str, str, str]:
    """EMAIL, PHONE and WEBSITE: each optional, each checked when given."""
    email, phone, website = r.get("EMAIL"), r.get("PHONE"), r.get("WEBSITE")
    if email and (not EMAIL.match(email) or len(email) > MAX_LENGTHS["EMAIL"]):
        r.err("EMAIL", "Enter an email address in the correct format, like name@example.com")
    if phone and (not PHONE.match(phone) or not 10 <= sum(c.isdigit() for c in phone) <= 15):
        r.err("PHONE", "Enter a telephone number, like 01632 960 001")
    if website and (not is_web_address(website) or len(website) > MAX_LENGTHS["WEBSITE"]):
        r.err("WEBSITE", "Website must be a real website, like https://www.example.com")
    return email, phone, website


def validate_venue_table(
    table: CsvTable, existing: Iterable[tuple[str, str]] = ()
) -> tuple[list[VenueRecord], list[RowError]]:
    """Venue rows; references and names must be unique in the file and among your other venues.

    `existing` holds (reference, name) of venues already stored for this provider.
    """
    errors = ErrorList(check_headers(table.headers, VENUE_HEADERS))
    if errors:
        return [], errors
    records: list[VenueRecord] = []
    refs: dict[str, int] = {}
    names: dict[str, int] = {}
    for number, cells in table.rows:
        values, problem = row_values(number, cells, table.headers)
        if problem:
            errors.append(problem)
            continue
        record, row_errors = validate_venue_row(number, values)
        errors.extend(row_errors)
        if record is None:
            continue
        repeated = _repeated_venue(record, refs, names)
        if repeated is not None:
            errors.append(repeated)
            continue
        refs[record.your_venue_reference.lower()] = names[record.name.lower()] = number
        records.append(record)
    errors.extend(_names_already_used(existing, refs, names))
    if not table.rows:
        errors.append(RowError(2, "", "The file has headings but no venues"))
    return records, errors


def _repeated_venue(
    record: VenueRecord, refs: Mapping[str, int], names: Mapping[str, int]
) -> RowError | None:
    """A venue whose reference or name an earlier row of the file already used."""
    ref_key, name_key = record.your_venue_reference.lower(), record.name.lower()
    if ref_key in refs:
        return RowError(
            record.row,
            "YOUR_VENUE_REFERENCE",
            f"Venue reference is already used in row {refs[ref_key]}",
        )
    if name_key in names:
        return RowError(
            record.row, "VENUE_NAME", f"Venue name is already used in row {names[name_key]}"
        )
    return None


def _names_already_used(
    existing: Iterable[tuple[str, str]], refs: Mapping[str, int], names: Mapping[str, int]
) -> list[RowError]:
    """New venues in the file named like one the provider already has (a venue the file
    updates, by its reference, keeps its name)."""
    errors: list[RowError] = []
    for ref, name in existing:
        if ref.lower() in refs:
            continue  # this venue is being updated by the file
        if name.strip().lower() in names:
            errors.append(
                RowError(
                    names[name.strip().lower()],
                    "VENUE_NAME",
                    "You already have a venue with this name",
                )
            )
    return errors


# --- timetable file -----------------------------------------------------------------------------
def validate_timetable_table(
    table: CsvTable, known_refs: Iterable[str]
) -> tuple[dict[str, TimetableEntry], list[RowError]]:
    """Weekly sessions per YOUR_REFERENCE; a row with SELF_PACED=Yes and no times marks a run
    as self-paced. Returns entries keyed by the lower-cased reference."""
    errors = ErrorList(check_headers(table.headers, TIMETABLE_HEADERS, TIMETABLE_EXTENSION_HEADERS))
    if errors:
        return {}, errors
    known = {r.lower() for r in known_refs}
    slots: dict[str, list[Slot]] = {}
    paced: dict[str, int] = {}
    for number, cells in table.rows:
        values, problem = row_values(number, cells, table.headers)
        if problem:
            errors.append(problem)
            continue
        row = _timetable_row(number, values, known)
        if isinstance(row, list):
            errors.extend(row)
            continue
        ref, session = row
        if session is None:
            paced[ref] = number
        else:
            slots.setdefault(ref, []).append(session)
    for ref, number in paced.items():
        if ref in slots:
            errors.append(
                RowError(number, "SELF_PACED", "A self paced course cannot also have session times")
            )
    entries = {ref: TimetableEntry(False, tuple(sorted(s))) for ref, s in slots.items()}
    entries.update({ref: TimetableEntry(True, ()) for ref in paced if ref not in slots})
    return entries, errors


def _timetable_row(
    number: int, values: Mapping[str, str], known: set[str]
) -> tuple[str, Slot | None] | list[RowError]:
    """(reference, weekly session) for one row, the session None when the row marks the run as
    self paced; or the row's errors."""
    ref = values["YOUR_REFERENCE"].lower()
    if not ref:
        return [RowError(number, "YOUR_REFERENCE", "Enter your reference")]
    if ref not in known:
        return [
            RowError(number, "YOUR_REFERENCE", "Your reference does not match any of your courses")
        ]
    sp_raw = values.get("SELF_PACED", "").lower()
    if sp_raw and sp_raw not in YES_NO:
        return [RowError(number, "SELF_PACED", "Self paced must be Yes or No")]
    if YES_NO.get(sp_raw, False):
        if any(values[c] for c in ("DAY", "START_TIME", "END_TIME")):
            return [
                RowError(
                    number, "SELF_PACED", "Leave day and times empty when the course is self paced"
                )
            ]
        return ref, None
    session = _session(number, values)
    return session if isinstance(session, list) else (ref, session)


def _session(number: int, values: Mapping[str, str]) -> Slot | list[RowError]:
    """DAY, START_TIME and END_TIME as one weekly session, or what is wrong with them."""
    day = parse_day(values["DAY"])
    start, end = parse_clock(values["START_TIME"]), parse_clock(values["END_TIME"])
    errors: list[RowError] = []
    if day is None:
        errors.append(RowError(number, "DAY", "Enter a day of the week, like Tuesday"))
    if start is None:
        errors.append(RowError(number, "START_TIME", "Enter a start time, like 18:00"))
    if end is None:
        errors.append(RowError(number, "END_TIME", "Enter an end time, like 21:00"))
    if day is None or start is None or end is None:
        return errors
    if end <= start:
        return [RowError(number, "END_TIME", "End time must be after start time")]
    return day, start, end
