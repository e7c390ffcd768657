"""Properties of the vacancy rules (hypothesis, fixed seed): any text gives problems or a
record and never an exception; a record written back by the export reads back the same."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from db.models import Vacancy, VacancyCourse, VacancyShift
from jobs.csv_format import CONTRACT_LABELS, SECTOR_LABELS, VACANCY_HEADERS
from jobs.export import vacancy_row
from jobs.validate import validate_vacancy_row
from tests.jobs.csvdata import TODAY
from timetable import format_timetable

SETTINGS = settings(max_examples=200, derandomize=True, deadline=None)
cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@SETTINGS
@given(st.dictionaries(st.sampled_from(VACANCY_HEADERS), cells))
def test_any_cells_give_problems_or_a_record_never_an_exception(values: dict[str, str]) -> None:
    row = {h: values.get(h, "") for h in VACANCY_HEADERS}
    record, errors = validate_vacancy_row(7, row, TODAY)
    assert (record is None) == bool(errors)
    for e in errors:
        assert e.row == 7 and (e.column in VACANCY_HEADERS or e.column == "")
        assert 0 < len(e.message) <= 200


clock = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
shifts = st.lists(
    st.tuples(st.integers(0, 6), clock, clock).filter(lambda s: s[1] != s[2]), max_size=5
).map(lambda xs: tuple(sorted(set(xs))))


@st.composite
def valid_rows(draw: st.DrawFn) -> dict[str, str]:
    contract = draw(st.sampled_from(list(CONTRACT_LABELS.values())))
    pay = draw(st.integers(1271, 4000))
    week = draw(shifts)
    vary = not week and draw(st.booleans())
    remote = draw(st.booleans())
    return {
        "YOUR_REFERENCE": draw(st.from_regex(r"[A-Z]{2}-[0-9]{1,4}", fullmatch=True)),
        "JOB_TITLE": draw(st.sampled_from(["Care assistant", "Picker", "Chef de partie"])),
        "SOC_2020": draw(st.sampled_from(["", "6135", "9252"])),
        "SECTOR": draw(st.sampled_from(list(SECTOR_LABELS.values()))),
        "SUMMARY": draw(st.sampled_from(["", "Friendly team.\nNo experience needed."])),
        "PAY_PER_HOUR": f"{pay // 100}.{pay % 100:02d}",
        "PAY_PER_HOUR_MAX": draw(st.sampled_from(["", "45.00"])),
        "GUARANTEED_HOURS": "0"
        if contract in ("Zero hours", "Agency") and draw(st.booleans())
        else draw(st.sampled_from(["16", "37.5", "40"]))
        if contract != "Zero hours"
        else "0",
        "CONTRACT_TYPE": contract,
        "SHIFTS": format_timetable(week),
        "SHIFT_PATTERN": "" if week else "On a rota",
        "SHIFTS_VARY": "Yes" if vary else "No",
        "POSTCODE": draw(st.sampled_from(["LS6", "M14", "E1", "BS5"])) if not remote else "",
        "REMOTE": "Yes" if remote else "No",
        "TRAINING": draw(st.sampled_from(["", "Level 2 diploma"])),
        "TRAINING_COURSE_IDS": draw(st.sampled_from(["", "12", "3; 40"])),
        "PROGRESSION": draw(st.sampled_from(["", "Team leader after a year"])),
        "CLOSING_DATE": (TODAY + timedelta(days=draw(st.integers(0, 366)))).strftime("%d/%m/%Y"),
        "APPLY_URL": "https://example.org/apply",
        "APPLY_PHONE": draw(st.sampled_from(["", "01632 960 001"])),
        "APPLY_EMAIL": draw(st.sampled_from(["", "jobs@example.org"])),
    }


@SETTINGS
@given(valid_rows())
def test_the_export_reads_back_as_the_same_record(row: dict[str, str]) -> None:
    record, errors = validate_vacancy_row(2, row, TODAY)
    assert errors == [] and record is not None
    vacancy = Vacancy(**record.values())
    vacancy.shifts = [VacancyShift(day=d, start_time=s, end_time=e) for d, s, e in record.shifts]
    vacancy.courses = [VacancyCourse(course_id=c) for c in record.course_ids]
    again, errors = validate_vacancy_row(
        3, dict(zip(VACANCY_HEADERS, map(str, vacancy_row(vacancy)), strict=True)), TODAY
    )
    assert errors == [] and again is not None
    assert replace(again, row=2) == record
