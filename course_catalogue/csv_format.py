"""The Course Directory CSV format: headings, allowed values, and turning uploaded bytes into rows.

Kept free of database code so validation, import, export and the API all share one definition.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from timetable import DAY_LABELS as DAY_LABELS
from timetable import DAY_NAMES as DAY_NAMES

COURSE_HEADERS: tuple[str, ...] = (
    "LARS_QAN",
    "WHO_THIS_COURSE_IS_FOR",
    "ENTRY_REQUIREMENTS",
    "WHAT_YOU_WILL_LEARN",
    "HOW_YOU_WILL_LEARN",
    "WHAT_YOU_WILL_NEED_TO_BRING",
    "HOW_YOU_WILL_BE_ASSESSED",
    "WHERE_NEXT",
    "COURSE_NAME",
    "YOUR_REFERENCE",
    "DELIVERY_MODE",
    "START_DATE",
    "FLEXIBLE_START_DATE",
    "VENUE_NAME",
    "YOUR_VENUE_REFERENCE",
    "NATIONAL_DELIVERY",
    "SUB_REGION",
    "COURSE_WEBPAGE",
    "COST",
    "COST_DESCRIPTION",
    "DURATION",
    "DURATION_UNIT",
    "STUDY_MODE",
    "ATTENDANCE_PATTERN",
)

# Extension columns: optional, after the 24 Course Directory columns, in any order.
# Funding facts a provider declares about a course: Yes | No | Unknown (empty = not given; on a
# new course that is unknown, on an update it keeps what is stored). Heading -> Course column.
COURSE_FACT_COLUMNS: dict[str, str] = {
    "LOAN_APPROVED": "loan_approved",
    "FREE_COURSES_FOR_JOBS": "fcfj_eligible",
    "LEVEL3_ENTITLEMENT": "level3_entitlement",
    "APPRENTICESHIP_OR_HND": "apprenticeship_or_hnd",
    "ESOL": "esol",
}
COURSE_EXTENSION_HEADERS: tuple[str, ...] = (
    "TIMETABLE",
    "SELF_PACED",
    "LEVEL",
    "SECTOR",
    *COURSE_FACT_COLUMNS,
)

VENUE_HEADERS: tuple[str, ...] = (
    "YOUR_VENUE_REFERENCE",
    "VENUE_NAME",
    "ADDRESS_LINE_1",
    "ADDRESS_LINE_2",
    "TOWN_OR_CITY",
    "COUNTY",
    "POSTCODE",
    "EMAIL",
    "PHONE",
    "WEBSITE",
)

TIMETABLE_HEADERS: tuple[str, ...] = ("YOUR_REFERENCE", "DAY", "START_TIME", "END_TIME")
TIMETABLE_EXTENSION_HEADERS: tuple[str, ...] = ("SELF_PACED",)

# The seven description fields that, with LARS_QAN, identify one course.
DESCRIPTION_COLUMNS: tuple[str, ...] = COURSE_HEADERS[1:8]
DESCRIPTION_FIELDS: tuple[str, ...] = tuple(c.lower() for c in DESCRIPTION_COLUMNS)

# Allowed values: lower-cased, trimmed input -> the value stored in the database.
DELIVERY_MODES: dict[str, str] = {
    "classroom": "classroom",
    "classroom based": "classroom",
    "classroom-based": "classroom",
    "online": "online",
    "work based": "work_based",
    "work-based": "work_based",
    "workbased": "work_based",
    "blended": "blended",
    "blended learning": "blended",
}
STUDY_MODES: dict[str, str] = {
    "full time": "full_time",
    "full-time": "full_time",
    "part time": "part_time",
    "part-time": "part_time",
    "flexible": "flexible",
}
ATTENDANCE_PATTERNS: dict[str, str] = {
    "daytime": "daytime",
    "evening": "evening",
    "weekend": "weekend",
    "day/block release": "day_block_release",
    "day or block release": "day_block_release",
    "block release": "day_block_release",
}
DURATION_UNITS: dict[str, str] = {
    "days": "days",
    "day": "days",
    "weeks": "weeks",
    "week": "weeks",
    "months": "months",
    "month": "months",
    "years": "years",
    "year": "years",
    "hours": "hours",
    "hour": "hours",
    "minutes": "minutes",
    "minute": "minutes",
}
YES_NO: dict[str, bool] = {"yes": True, "y": True, "no": False, "n": False}
# Tri-state course facts: "unknown" (or "not sure") says the provider does not know.
YES_NO_UNKNOWN: dict[str, bool | None] = {
    **YES_NO,
    "unknown": None,
    "not known": None,
    "not sure": None,
    "don't know": None,
}

# Stored value -> the words written back in an export (the Course Directory's own spelling).
DELIVERY_MODE_LABELS = {
    "classroom": "Classroom based",
    "online": "Online",
    "work_based": "Work based",
    "blended": "Blended learning",
}
STUDY_MODE_LABELS = {"full_time": "Full time", "part_time": "Part time", "flexible": "Flexible"}
ATTENDANCE_PATTERN_LABELS = {
    "daytime": "Daytime",
    "evening": "Evening",
    "weekend": "Weekend",
    "day_block_release": "Day/Block release",
}
DURATION_UNIT_LABELS = {v: v.capitalize() for v in DURATION_UNITS.values()}

VENUE_MODES = frozenset({"classroom", "blended"})

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILE_LABEL = "20 MB"

# Day words and labels are the shared timetable model's (timetable/).


def unescape_cell(value: str) -> str:
    """Undo web_security.csv_safe.safe_cell: "'=SUM(A1)" -> "=SUM(A1)", so exports re-import
    unchanged."""
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        return value[1:]
    return value


class FileProblem(ValueError):
    """The file as a whole cannot be read (size, encoding, empty). Carries a friendly message."""


class CsvRows:
    """The data rows of a decoded CSV as (row number, cells), the heading row being row 1.

    Read lazily from the text each time they are iterated, so a file of a million short rows
    never holds a million lists in memory at once. Completely blank rows are skipped.
    """

    def __init__(self, text: str, count: int) -> None:
        self._text = text
        self._count = count

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(self._text, newline=""))
        next(reader, None)  # the heading row
        for number, cells in enumerate(reader, start=2):
            if any(c.strip() for c in cells):
                yield number, cells

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0


@dataclass(frozen=True)
class CsvTable:
    """A decoded CSV: its heading row and its data rows with their spreadsheet row numbers."""

    headers: list[str]
    rows: CsvRows


def decode_csv(data: bytes, *, label: str = "file", max_bytes: int = MAX_FILE_BYTES) -> CsvTable:
    """Turn uploaded bytes into rows, or raise FileProblem with a message the provider can act on.

    Accepts UTF-8 with or without a byte order mark (Excel's "CSV UTF-8" adds one).
    Completely blank rows (Excel often leaves a few at the end) are skipped.
    """
    if len(data) > max_bytes:
        raise FileProblem(f"The {label} must be smaller than {MAX_FILE_LABEL}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(
            f"The {label} must be saved as UTF-8. It is saved as UTF-16: in Excel choose "
            "'CSV UTF-8 (Comma delimited)' when you save"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileProblem(
            f"The {label} must be saved as UTF-8. In Excel choose "
            "'CSV UTF-8 (Comma delimited)' when you save"
        ) from None
    if "\x00" in text:
        raise FileProblem(f"The {label} is not a CSV file")
    if not text.strip():
        raise FileProblem(f"The {label} is empty")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = [h.strip() for h in next(reader)]
        count = sum(1 for cells in reader if any(c.strip() for c in cells))  # checks every row
    except csv.Error as exc:
        raise FileProblem(f"The {label} is not a valid CSV file ({exc})") from None
    return CsvTable(headers=headers, rows=CsvRows(text, count))
