# ruff: noqa: E501
"""Every Course Directory rule and its message, on single rows and whole files."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_catalogue.csv_format import (
    COURSE_EXTENSION_HEADERS,
    COURSE_HEADERS,
    TIMETABLE_HEADERS,
    VENUE_HEADERS,
    FileProblem,
    decode_csv,
)
from course_catalogue.validate import (
    RowError,
    VenueIndex,
    format_timetable,
    parse_cost_pence,
    parse_timetable,
    validate_course_row,
    validate_course_table,
    validate_timetable_table,
    validate_venue_table,
)
from tests.course_catalogue.csvdata import course_row, to_csv, venue_row
from tests.course_catalogue.strategies import BASE_ROWS, COURSE_ROWS

TODAY = date.today()
VENUES = VenueIndex.of([("V1", "Main Campus"), ("V2", "Town Centre")])
ONLINE = {"DELIVERY_MODE": "Online", "VENUE_NAME": "", "STUDY_MODE": "", "ATTENDANCE_PATTERN": ""}
WORK = {**ONLINE, "DELIVERY_MODE": "Work based", "NATIONAL_DELIVERY": "Yes"}


def errors_for(**overrides: str) -> list[tuple[str, str]]:
    _, errors = validate_course_row(5, course_row(**overrides), VENUES, TODAY)
    assert all(e.row == 5 for e in errors)
    return [(e.column, e.message) for e in errors]


def test_a_good_row_is_normalised() -> None:
    record, errors = validate_course_row(
        2,
        course_row(LARS_QAN=" 123456 ", COST="£1,250.5", VENUE_NAME="main  CAMPUS"),
        VENUES,
        TODAY,
    )
    assert errors == []
    assert record is not None
    assert record.lars_qan == "00123456"
    assert record.cost_pence == 125050
    assert record.delivery_mode == "classroom"
    assert record.study_mode == "part_time"
    assert record.attendance_pattern == "evening"
    assert record.duration_unit == "weeks"
    assert record.venue_ref == "V1"
    assert record.sessions is None and record.self_paced is None


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"LARS_QAN": ""}, ("LARS_QAN", "Enter a LARS or QAN code")),
        (
            {"LARS_QAN": "123456789"},
            ("LARS_QAN", "LARS or QAN code must be 8 letters or numbers or fewer, like 60123456"),
        ),
        (
            {"WHO_THIS_COURSE_IS_FOR": ""},
            ("WHO_THIS_COURSE_IS_FOR", "Enter who this course is for"),
        ),
        (
            {"WHERE_NEXT": "<script>"},
            ("WHERE_NEXT", "Where next must not contain the characters < > or `"),
        ),
        ({"COURSE_NAME": ""}, ("COURSE_NAME", "Enter a course name")),
        ({"COURSE_NAME": "x" * 256}, ("COURSE_NAME", "Course name must be 255 characters or less")),
        (
            {"COURSE_NAME": "Care `1`"},
            ("COURSE_NAME", "Course name must not contain the characters < > or `"),
        ),
        ({"DELIVERY_MODE": ""}, ("DELIVERY_MODE", "Select a delivery mode")),
        ({"DELIVERY_MODE": "by post"}, ("DELIVERY_MODE", "Select a delivery mode")),
        ({"START_DATE": ""}, ("START_DATE", "Enter a start date")),
        (
            {"START_DATE": "2026-12-01"},
            ("START_DATE", "Start date must be a real date in the format dd/mm/yyyy"),
        ),
        (
            {"START_DATE": "31/02/2030"},
            ("START_DATE", "Start date must be a real date in the format dd/mm/yyyy"),
        ),
        (
            {"START_DATE": (TODAY - timedelta(days=1)).strftime("%d/%m/%Y")},
            ("START_DATE", "Start date cannot be earlier than today's date"),
        ),
        (
            {"FLEXIBLE_START_DATE": "Yes"},
            ("START_DATE", "Start date must be empty when flexible start date is Yes"),
        ),
        (
            {"FLEXIBLE_START_DATE": "maybe"},
            ("FLEXIBLE_START_DATE", "Flexible start date must be Yes or No"),
        ),
        ({"VENUE_NAME": ""}, ("VENUE_NAME", "Select a venue")),
        ({"VENUE_NAME": "Nowhere"}, ("VENUE_NAME", "Venue name does not match one of your venues")),
        (
            {"VENUE_NAME": "", "YOUR_VENUE_REFERENCE": "V9"},
            ("YOUR_VENUE_REFERENCE", "Venue reference does not match one of your venues"),
        ),
        (
            {"YOUR_VENUE_REFERENCE": "V2"},
            ("VENUE_NAME", "Venue name and venue reference are for different venues"),
        ),
        (
            {**ONLINE, "VENUE_NAME": "Main Campus"},
            ("VENUE_NAME", "Venue name must be empty for online or work based courses"),
        ),
        (
            {**ONLINE, "YOUR_VENUE_REFERENCE": "V1"},
            (
                "YOUR_VENUE_REFERENCE",
                "Venue reference must be empty for online or work based courses",
            ),
        ),
        (
            {**WORK, "NATIONAL_DELIVERY": ""},
            ("NATIONAL_DELIVERY", "Select if you can deliver this course anywhere in England"),
        ),
        (
            {**WORK, "NATIONAL_DELIVERY": "often"},
            ("NATIONAL_DELIVERY", "National delivery must be Yes or No"),
        ),
        ({**WORK, "NATIONAL_DELIVERY": "No"}, ("SUB_REGION", "Select a sub region")),
        (
            {**WORK, "SUB_REGION": "Leeds"},
            ("SUB_REGION", "Sub region must be empty when national delivery is Yes"),
        ),
        (
            {"NATIONAL_DELIVERY": "Yes"},
            (
                "NATIONAL_DELIVERY",
                "National delivery must be empty unless the course is work based",
            ),
        ),
        (
            {"SUB_REGION": "Leeds"},
            ("SUB_REGION", "Sub region must be empty unless the course is work based"),
        ),
        ({"COURSE_WEBPAGE": ""}, ("COURSE_WEBPAGE", "Enter a course webpage")),
        (
            {"COURSE_WEBPAGE": "www.example.com"},
            (
                "COURSE_WEBPAGE",
                "Course webpage must be a real webpage, like https://www.example.com",
            ),
        ),
        (
            {"COURSE_WEBPAGE": "javascript:alert(1)"},
            (
                "COURSE_WEBPAGE",
                "Course webpage must be a real webpage, like https://www.example.com",
            ),
        ),
        ({"COST": ""}, ("COST", "Enter a cost or cost description")),
        (
            {"COST": "12.345"},
            ("COST", "Cost must be a number with no more than 2 decimal places, up to 999999.99"),
        ),
        (
            {"COST": "-5"},
            ("COST", "Cost must be a number with no more than 2 decimal places, up to 999999.99"),
        ),
        (
            {"COST": "1000000"},
            ("COST", "Cost must be a number with no more than 2 decimal places, up to 999999.99"),
        ),
        (
            {"COST_DESCRIPTION": "x" * 256},
            ("COST_DESCRIPTION", "Cost description must be 255 characters or less"),
        ),
        ({"DURATION": ""}, ("DURATION", "Enter duration")),
        ({"DURATION": "0"}, ("DURATION", "Enter duration between 1-999")),
        ({"DURATION": "1000"}, ("DURATION", "Enter duration between 1-999")),
        ({"DURATION": "2.5"}, ("DURATION", "Enter duration between 1-999")),
        ({"DURATION_UNIT": "fortnights"}, ("DURATION_UNIT", "Select a duration unit")),
        ({"STUDY_MODE": ""}, ("STUDY_MODE", "Select a study mode")),
        ({"ATTENDANCE_PATTERN": ""}, ("ATTENDANCE_PATTERN", "Select an attendance pattern")),
        ({"ATTENDANCE_PATTERN": "nights"}, ("ATTENDANCE_PATTERN", "Select an attendance pattern")),
        (
            {**ONLINE, "STUDY_MODE": "Part time"},
            ("STUDY_MODE", "Study mode must be empty for online or work based courses"),
        ),
        (
            {**ONLINE, "ATTENDANCE_PATTERN": "Evening"},
            (
                "ATTENDANCE_PATTERN",
                "Attendance pattern must be empty for online or work based courses",
            ),
        ),
        (
            {"TIMETABLE": "Someday 18:00-21:00"},
            (
                "TIMETABLE",
                "Enter each session as a day and times, like Tue 18:00-21:00 (not 'Someday 18:00-21:00')",
            ),
        ),
        (
            {"TIMETABLE": "Tue 21:00-18:00"},
            ("TIMETABLE", "End time must be after start time ('Tue 21:00-18:00')"),
        ),
        (
            {"TIMETABLE": "Tue 18:00-21:00", "SELF_PACED": "Yes"},
            ("TIMETABLE", "Timetable must be empty when the course is self paced"),
        ),
        ({"SELF_PACED": "sometimes"}, ("SELF_PACED", "Self paced must be Yes or No")),
        ({"LEVEL": "9"}, ("LEVEL", "Enter a level from Entry to 8, like 2 or Entry")),
        ({"SECTOR": "<b>"}, ("SECTOR", "Sector must not contain the characters < > or `")),
    ],
)
def test_each_rule_has_its_message(overrides: dict[str, str], expected: tuple[str, str]) -> None:
    assert expected in errors_for(**overrides)


@pytest.mark.parametrize(
    ("mode", "stored"),
    [
        ("classroom", "classroom"),
        (" CLASSROOM BASED ", "classroom"),
        ("Blended learning", "blended"),
        ("blended", "blended"),
    ],
)
def test_delivery_mode_aliases_at_a_venue(mode: str, stored: str) -> None:
    record, errors = validate_course_row(2, course_row(DELIVERY_MODE=mode), VENUES, TODAY)
    assert errors == [] and record is not None and record.delivery_mode == stored


def test_online_and_work_based_need_no_venue_or_pattern() -> None:
    online, errors = validate_course_row(2, course_row(**ONLINE), VENUES, TODAY)
    assert errors == [] and online is not None and online.delivery_mode == "online"
    assert online.study_mode is None and online.venue_ref is None
    work, errors = validate_course_row(
        2,
        course_row(**{**WORK, "NATIONAL_DELIVERY": "no", "SUB_REGION": "Leeds; Bradford"}),
        VENUES,
        TODAY,
    )
    assert errors == [] and work is not None
    assert work.delivery_mode == "work_based" and work.national_delivery is False
    assert work.sub_regions == "Leeds;Bradford"


def test_flexible_start_and_cost_description() -> None:
    record, errors = validate_course_row(
        2,
        course_row(
            START_DATE="",
            FLEXIBLE_START_DATE="YES",
            COST="",
            COST_DESCRIPTION="Free if you earn under the threshold",
        ),
        VENUES,
        TODAY,
    )
    assert errors == [] and record is not None
    assert record.flexible_start and record.start_date is None and record.cost_pence is None


def test_today_is_a_valid_start_date() -> None:
    assert errors_for(START_DATE=TODAY.strftime("%d/%m/%Y")) == []


def test_extension_columns() -> None:
    record, errors = validate_course_row(
        2,
        course_row(TIMETABLE="thu 6pm-9pm; Tue 18:00-21:00", LEVEL="Entry", SECTOR="Care"),
        VENUES,
        TODAY,
    )
    assert errors == [] and record is not None
    assert record.sessions == ((1, time(18), time(21)), (3, time(18), time(21)))
    assert record.level == 0 and record.sector == "Care"
    paced, errors = validate_course_row(2, course_row(SELF_PACED="yes"), VENUES, TODAY)
    assert errors == [] and paced is not None and paced.self_paced and paced.sessions == ()


def test_cost_parsing() -> None:
    assert parse_cost_pence("0") == 0
    assert parse_cost_pence("99.9") == 9990
    assert parse_cost_pence("99.99") == 9999
    assert parse_cost_pence("£1,000") == 100000
    assert parse_cost_pence("ten") is None


def test_timetable_round_trip() -> None:
    slots = parse_timetable("Tue 18:00-21:00; Thu 18:30-21:00")
    assert format_timetable(slots) == "Tue 18:00-21:00; Thu 18:30-21:00"


# --- whole files --------------------------------------------------------------------------------
def test_headings_must_match_exactly() -> None:
    headers = list(COURSE_HEADERS)
    headers[10] = "DELIVERY MODE"
    table = decode_csv(",".join(headers).encode() + b"\r\n")
    _, errors = validate_course_table(table, VENUES, TODAY)
    assert errors == [RowError(1, "DELIVERY_MODE", "Enter headings in the correct format")]
    table = decode_csv(",".join([*COURSE_HEADERS, "NOTES"]).encode() + b"\r\n")
    _, errors = validate_course_table(table, VENUES, TODAY)
    assert errors == [RowError(1, "NOTES", "Enter headings in the correct format")]
    table = decode_csv(",".join(COURSE_HEADERS[:-1]).encode() + b"\r\n")
    _, errors = validate_course_table(table, VENUES, TODAY)
    assert errors == [RowError(1, "ATTENDANCE_PATTERN", "Enter headings in the correct format")]


def test_every_error_has_its_row_and_blank_rows_are_skipped() -> None:
    data = to_csv([course_row(), course_row(YOUR_REFERENCE="B", DELIVERY_MODE="")])
    data += b"," * 23 + b"\r\n"
    data += to_csv([course_row(YOUR_REFERENCE="C", DURATION="x")]).split(b"\r\n", 1)[1]
    records, errors = validate_course_table(decode_csv(data), VENUES, TODAY)
    assert [str(e) for e in errors] == [
        "Row 3, DELIVERY_MODE: Select a delivery mode",
        "Row 5, DURATION: Enter duration between 1-999",
    ]
    assert [r.row for r in records] == [2]


def test_references_unique_in_the_file() -> None:
    data = to_csv([course_row(), course_row()])
    _, errors = validate_course_table(decode_csv(data), VENUES, TODAY)
    assert errors == [RowError(3, "YOUR_REFERENCE", "Your reference is already used in row 2")]
    data = to_csv([course_row(YOUR_REFERENCE=""), course_row(YOUR_REFERENCE="")])
    _, errors = validate_course_table(decode_csv(data), VENUES, TODAY)
    assert errors == [
        RowError(3, "", "This run is the same as row 2: give each run its own YOUR_REFERENCE")
    ]


def test_one_level_per_course() -> None:
    rows = [dict(course_row(), LEVEL="2"), dict(course_row(YOUR_REFERENCE="B"), LEVEL="3")]
    _, errors = validate_course_table(decode_csv(to_csv(rows)), VENUES, TODAY)
    assert errors == [RowError(3, "LEVEL", "Level must match row 2 (same course)")]


def test_too_many_cells() -> None:
    data = to_csv([course_row()]) + b"x," * 24 + b"extra\r\n"
    _, errors = validate_course_table(decode_csv(data), VENUES, TODAY)
    assert errors[0] == RowError(3, "", "This row has 25 values but there are 24 headings")


def test_headings_only() -> None:
    _, errors = validate_course_table(decode_csv(to_csv([])), VENUES, TODAY)
    assert errors == [RowError(2, "", "The file has headings but no courses")]


def test_progress_is_reported() -> None:
    rows = [course_row(YOUR_REFERENCE=f"R{i}") for i in range(2500)]
    seen: list[tuple[str, int, int]] = []
    validate_course_table(decode_csv(to_csv(rows)), VENUES, TODAY, lambda *a: seen.append(a))
    assert seen == [("validated", 1000, 2500), ("validated", 2000, 2500), ("validated", 2500, 2500)]


# --- decoding -----------------------------------------------------------------------------------
def test_utf8_with_and_without_bom() -> None:
    rows = [course_row(COURSE_NAME="Café skills – level 2")]
    for bom in (False, True):
        table = decode_csv(to_csv(rows, bom=bom))
        assert table.headers == list(COURSE_HEADERS)
        records, errors = validate_course_table(table, VENUES, TODAY)
        assert errors == [] and records[0].course_name == "Café skills – level 2"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "Café".encode("cp1252"),
            "The course file must be saved as UTF-8. In Excel choose 'CSV UTF-8 (Comma delimited)' when you save",
        ),
        (
            "LARS_QAN".encode("utf-16"),
            "The course file must be saved as UTF-8. It is saved as UTF-16: in Excel choose 'CSV UTF-8 (Comma delimited)' when you save",
        ),
        (b"", "The course file is empty"),
        (b"\r\n \r\n", "The course file is empty"),
        (b"x" * (20 * 1024 * 1024 + 1), "The course file must be smaller than 20 MB"),
    ],
)
def test_file_problems(data: bytes, message: str) -> None:
    with pytest.raises(FileProblem) as info:
        decode_csv(data, label="course file")
    assert str(info.value) == message


# --- venues -------------------------------------------------------------------------------------
def test_venue_file() -> None:
    rows = [
        venue_row(),
        venue_row(YOUR_VENUE_REFERENCE="V2", VENUE_NAME="Town", POSTCODE="BD1 1HY"),
    ]
    records, errors = validate_venue_table(decode_csv(to_csv(rows, VENUE_HEADERS)))
    assert errors == []
    assert records[0].postcode == "LS1 1AA" and records[0].postcode_district == "LS1"
    assert records[1].postcode_district == "BD1"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"YOUR_VENUE_REFERENCE": ""}, ("YOUR_VENUE_REFERENCE", "Enter a venue reference")),
        ({"VENUE_NAME": ""}, ("VENUE_NAME", "Enter a venue name")),
        (
            {"VENUE_NAME": "<b>"},
            ("VENUE_NAME", "Venue name must not contain the characters < > or `"),
        ),
        ({"ADDRESS_LINE_1": ""}, ("ADDRESS_LINE_1", "Enter address line 1")),
        ({"TOWN_OR_CITY": ""}, ("TOWN_OR_CITY", "Enter a town or city")),
        ({"POSTCODE": ""}, ("POSTCODE", "Enter a postcode")),
        ({"POSTCODE": "LS"}, ("POSTCODE", "Enter a real postcode, like SW1A 1AA")),
        (
            {"EMAIL": "info.example"},
            ("EMAIL", "Enter an email address in the correct format, like name@example.com"),
        ),
        ({"PHONE": "123"}, ("PHONE", "Enter a telephone number, like 01632 960 001")),
        (
            {"WEBSITE": "example"},
            ("WEBSITE", "Website must be a real website, like https://www.example.com"),
        ),
    ],
)
def test_venue_rules(overrides: dict[str, str], expected: tuple[str, str]) -> None:
    _, errors = validate_venue_table(decode_csv(to_csv([venue_row(**overrides)], VENUE_HEADERS)))
    assert (errors[0].row, errors[0].column, errors[0].message) == (2, *expected)


def test_venue_names_and_references_unique() -> None:
    rows = [venue_row(), venue_row(VENUE_NAME="Other"), venue_row(YOUR_VENUE_REFERENCE="V3")]
    _, errors = validate_venue_table(decode_csv(to_csv(rows, VENUE_HEADERS)))
    assert errors == [
        RowError(3, "YOUR_VENUE_REFERENCE", "Venue reference is already used in row 2"),
        RowError(4, "VENUE_NAME", "Venue name is already used in row 2"),
    ]
    _, errors = validate_venue_table(
        decode_csv(to_csv([venue_row()], VENUE_HEADERS)), [("OLD", "main campus")]
    )
    assert errors == [RowError(2, "VENUE_NAME", "You already have a venue with this name")]


# --- timetable file -----------------------------------------------------------------------------
def tt(
    rows: list[list[str]], headers: tuple[str, ...] = (*TIMETABLE_HEADERS, "SELF_PACED")
) -> bytes:
    return ("\r\n".join(",".join(r) for r in [list(headers), *rows]) + "\r\n").encode()


def test_timetable_file() -> None:
    data = tt(
        [
            ["A", "Tuesday", "18:00", "21:00", ""],
            ["a", "thu", "6pm", "9pm", ""],
            ["B", "", "", "", "Yes"],
        ]
    )
    entries, errors = validate_timetable_table(decode_csv(data), ["A", "B"])
    assert errors == []
    assert entries["a"].sessions == ((1, time(18), time(21)), (3, time(18), time(21)))
    assert entries["b"].self_paced and entries["b"].sessions == ()


def test_timetable_file_errors() -> None:
    data = tt(
        [
            ["X", "Mon", "10:00", "12:00", ""],
            ["A", "Funday", "25:00", "", ""],
            ["A", "Mon", "12:00", "10:00", ""],
            ["", "Mon", "10:00", "12:00", ""],
            ["A", "Mon", "10:00", "12:00", "Yes"],
        ]
    )
    _, errors = validate_timetable_table(decode_csv(data), ["A"])
    assert [str(e) for e in errors] == [
        "Row 2, YOUR_REFERENCE: Your reference does not match any of your courses",
        "Row 3, DAY: Enter a day of the week, like Tuesday",
        "Row 3, START_TIME: Enter a start time, like 18:00",
        "Row 3, END_TIME: Enter an end time, like 21:00",
        "Row 4, END_TIME: End time must be after start time",
        "Row 5, YOUR_REFERENCE: Enter your reference",
        "Row 6, SELF_PACED: Leave day and times empty when the course is self paced",
    ]
    _, errors = validate_timetable_table(decode_csv(b"REF,DAY\r\n"), ["A"])
    assert errors == [RowError(1, "YOUR_REFERENCE", "Enter headings in the correct format")]


def test_timetable_file_self_paced_rows() -> None:
    """A run is self paced or has sessions, never both; SELF_PACED is Yes, No or empty."""
    data = tt(
        [
            ["A", "", "", "", "Yes"],
            ["A", "Mon", "10:00", "12:00", "No"],
            ["B", "Mon", "10:00", "12:00", "maybe"],
            ["C", "", "", "", "yes"],
        ]
    )
    entries, errors = validate_timetable_table(decode_csv(data), ["A", "B", "C"])
    assert [str(e) for e in errors] == [
        "Row 4, SELF_PACED: Self paced must be Yes or No",
        "Row 2, SELF_PACED: A self paced course cannot also have session times",
    ]
    assert entries["a"].sessions == ((0, time(10), time(12)),) and not entries["a"].self_paced
    assert "b" not in entries
    assert entries["c"].self_paced and entries["c"].sessions == ()


def test_many_short_rows_keep_memory_bounded() -> None:
    """30,000 one-letter rows (60 kB) break 8 rules each: 240,000 problems, of which 100 are
    kept. Neither the rows nor the problems are all held at once (held, they took over 40 MB;
    tracemalloc makes this slow, so the file is smaller than the 1,000,000-row case)."""
    import tracemalloc

    from course_catalogue.csv_format import COURSE_HEADERS, decode_csv
    from course_catalogue.validate import VenueIndex, validate_course_table

    data = (",".join(COURSE_HEADERS) + "\n" + "a\n" * 30_000).encode()
    tracemalloc.start()
    try:
        table = decode_csv(data)
        records, errors = validate_course_table(table, VenueIndex.of([]), date(2026, 1, 5))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(table.rows) == 30_000
    assert records == []
    assert len(errors) == 100 and errors.more == 239_900  # type: ignore[attr-defined]
    assert peak < 2 * 1024 * 1024


# --- properties: any row, good or broken ------------------------------------------------------

REQUIRED = {  # the cells every run needs, and those its delivery mode adds
    "classroom": ("VENUE_NAME", "STUDY_MODE", "ATTENDANCE_PATTERN"),
    "online": (),
    "work_based": ("NATIONAL_DELIVERY",),
}
ALWAYS = ("LARS_QAN", "WHO_THIS_COURSE_IS_FOR", "COURSE_NAME", "DELIVERY_MODE", "START_DATE")
ALWAYS += ("COURSE_WEBPAGE", "COST", "DURATION", "DURATION_UNIT")
COLUMNS = {*COURSE_HEADERS, *COURSE_EXTENSION_HEADERS, ""}


@settings(derandomize=True, max_examples=300, deadline=None)
@given(COURSE_ROWS)
def test_a_row_gives_a_record_or_the_errors_that_stop_it(values: dict[str, str]) -> None:
    record, errors = validate_course_row(7, values, VENUES, TODAY)
    assert (record is None) == bool(errors)
    assert all(e.row == 7 and e.column in COLUMNS and e.message for e in errors)
    if record is None:
        return
    assert record.flexible_start == (record.start_date is None)
    assert record.start_date is None or record.start_date >= TODAY
    assert (record.venue_ref is not None) == (record.delivery_mode in ("classroom", "blended"))
    assert (record.national_delivery is not None) == (record.delivery_mode == "work_based")
    assert 1 <= record.duration_value <= 999
    assert not (record.self_paced and record.sessions)
    assert record.cost_pence is not None or record.cost_description


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.sampled_from(BASE_ROWS), st.data())
def test_an_empty_required_cell_is_named(base: dict[str, str], data: st.DataObject) -> None:
    record, _ = validate_course_row(2, base, VENUES, TODAY)
    assert record is not None
    column = data.draw(st.sampled_from(ALWAYS + REQUIRED[record.delivery_mode]))
    record, errors = validate_course_row(2, {**base, column: ""}, VENUES, TODAY)
    assert record is None and column in {e.column for e in errors}
