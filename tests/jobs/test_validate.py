"""Vacancy and pathway rows against every rule, with the exact row, column and message."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from course_catalogue.csv_format import decode_csv
from jobs.validate import (
    parse_pay_pence,
    validate_pathway_row,
    validate_pathway_table,
    validate_vacancy_row,
    validate_vacancy_table,
)
from tests.jobs.csvdata import TODAY, pathway_row, pathways_csv, vacancies_csv, vacancy_row


def _errors(**overrides: str) -> list[str]:
    record, errors = validate_vacancy_row(2, vacancy_row(**overrides), TODAY)
    assert (record is None) == bool(errors)
    return [str(e) for e in errors]


def test_a_good_row_is_normalised() -> None:
    record, errors = validate_vacancy_row(2, vacancy_row(), TODAY)
    assert errors == [] and record is not None
    assert record.pay_min_pence == 1320 and record.pay_max_pence is None
    assert record.guaranteed_weekly_hours == Decimal("30")
    assert record.contract_type == "permanent" and record.sector == "care"
    assert record.postcode_district == "LS6"  # only the district is kept
    assert record.shifts == (
        (0, time(7), time(15)),
        (1, time(7), time(15)),
        (4, time(22), time(6)),  # a night shift into Saturday
    )
    assert record.closing_date == date(2026, 12, 26)
    values = record.values()
    assert values["latitude"] is not None and values["longitude"] is not None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"JOB_TITLE": ""}, "Row 2, JOB_TITLE: Enter a job title"),
        ({"JOB_TITLE": "<b>Carer</b>"}, "Row 2, JOB_TITLE: Job title must not contain"),
        ({"SOC_2020": "613"}, "Row 2, SOC_2020: Enter a SOC 2020 code as 4 digits, like 6135"),
        ({"SOC_2020": "0135"}, "Row 2, SOC_2020: Enter a SOC 2020 code as 4 digits"),
        ({"SECTOR": "Nursing"}, "Row 2, SECTOR: Select a sector: Care, Hospitality"),
        ({"PAY_PER_HOUR": ""}, "Row 2, PAY_PER_HOUR: Enter the pay per hour, like 12.80"),
        ({"PAY_PER_HOUR": "12.5.0"}, "Row 2, PAY_PER_HOUR: Enter the pay per hour in pounds"),
        (
            {"PAY_PER_HOUR": "12.70"},
            "Row 2, PAY_PER_HOUR: Pay must be at least £12.71 an hour, the National Living Wage",
        ),
        ({"PAY_PER_HOUR": "24000"}, "Row 2, PAY_PER_HOUR: Enter the pay per hour in pounds"),
        (
            {"PAY_PER_HOUR_MAX": "13.00"},
            "Row 2, PAY_PER_HOUR_MAX: The highest pay must be at least the lowest pay",
        ),
        ({"GUARANTEED_HOURS": ""}, "Row 2, GUARANTEED_HOURS: Enter the hours a week"),
        ({"GUARANTEED_HOURS": "101"}, "Row 2, GUARANTEED_HOURS: Enter guaranteed hours a week"),
        ({"GUARANTEED_HOURS": "0"}, "Row 2, GUARANTEED_HOURS: Enter the hours the contract"),
        (
            {"CONTRACT_TYPE": "Zero hours"},
            "Row 2, GUARANTEED_HOURS: A zero hours contract guarantees no hours",
        ),
        ({"CONTRACT_TYPE": "casual"}, "Row 2, CONTRACT_TYPE: Select a contract type"),
        ({"SHIFTS": "Mon 7-3"}, "Row 2, SHIFTS: Enter each shift as a day and times"),
        ({"SHIFTS_VARY": "Yes"}, "Row 2, SHIFTS: Leave shifts empty when they change"),
        ({"SHIFTS": ""}, "Row 2, SHIFTS: Enter the shifts, like Mon 07:00-15:00"),
        ({"POSTCODE": ""}, "Row 2, POSTCODE: Enter the postcode where the job is"),
        ({"POSTCODE": "not a postcode"}, "Row 2, POSTCODE: Enter a real postcode"),
        ({"POSTCODE": "ZZ99 9ZZ"}, "Row 2, POSTCODE: We do not know the postcode district ZZ99"),
        ({"REMOTE": "maybe"}, "Row 2, REMOTE: Remote must be Yes or No"),
        ({"TRAINING_COURSE_IDS": "12; abc"}, "Row 2, TRAINING_COURSE_IDS: Enter course ids"),
        ({"CLOSING_DATE": ""}, "Row 2, CLOSING_DATE: Enter a closing date"),
        ({"CLOSING_DATE": "31/02/2027"}, "Row 2, CLOSING_DATE: Closing date must be a real date"),
        (
            {"CLOSING_DATE": "25/11/2026"},
            "Row 2, CLOSING_DATE: Closing date cannot be earlier than today's date",
        ),
        ({"CLOSING_DATE": "28/11/2027"}, "Row 2, CLOSING_DATE: Closing date must be within a year"),
        ({"APPLY_URL": "jobs.example.org"}, "Row 2, APPLY_URL: Apply web address must be a real"),
        ({"APPLY_URL": "", "APPLY_PHONE": "12"}, "Row 2, APPLY_PHONE: Enter a telephone number"),
        ({"APPLY_URL": "", "APPLY_EMAIL": "jobs@"}, "Row 2, APPLY_EMAIL: Enter an email address"),
        ({"APPLY_URL": ""}, "Row 2, APPLY_URL: Enter how to apply"),
    ],
)
def test_each_rule_names_row_column_and_problem(overrides: dict[str, str], message: str) -> None:
    errors = _errors(**overrides)
    assert any(e.startswith(message) for e in errors), errors


def test_values_that_are_fine() -> None:
    assert _errors(PAY_PER_HOUR="£12.71") == []  # exactly the National Living Wage
    assert _errors(CLOSING_DATE="26/11/2026") == []  # closes today: still open today
    assert _errors(CLOSING_DATE="27/11/2027") == []  # 366 days ahead
    assert _errors(CONTRACT_TYPE="zero-hours", GUARANTEED_HOURS="") == []
    assert _errors(CONTRACT_TYPE="Agency", GUARANTEED_HOURS="0") == []
    assert _errors(POSTCODE="", REMOTE="Yes") == []
    assert _errors(SHIFTS="", SHIFTS_VARY="yes", SHIFT_PATTERN="Days and nights on a rota") == []
    assert _errors(APPLY_URL="", APPLY_PHONE="0113 496 0000") == []
    record, _ = validate_vacancy_row(2, vacancy_row(PAY_PER_HOUR_MAX="13.20"), TODAY)
    assert record is not None and record.pay_max_pence is None  # one rate, said twice


def test_pay_is_read_in_pounds_with_at_most_two_decimals() -> None:
    assert parse_pay_pence("12.8") == 1280
    assert parse_pay_pence("£ 13") == 1300
    assert parse_pay_pence("999.99") == 99999
    assert parse_pay_pence("1000") is None
    assert parse_pay_pence("12.805") is None
    assert parse_pay_pence("-13") is None


def test_no_reference_gets_a_stable_one_and_duplicates_are_reported() -> None:
    a, _ = validate_vacancy_row(2, vacancy_row(YOUR_REFERENCE=""), TODAY)
    b, _ = validate_vacancy_row(3, vacancy_row(YOUR_REFERENCE="", PAY_PER_HOUR="14"), TODAY)
    assert a is not None and b is not None
    assert a.your_reference == b.your_reference and a.your_reference.startswith("auto-")
    table = decode_csv(vacancies_csv(vacancy_row(), vacancy_row(YOUR_REFERENCE="care-1")))
    records, errors = validate_vacancy_table(table, TODAY)
    assert [str(e) for e in errors] == [
        "Row 3, YOUR_REFERENCE: Your reference is already used in row 2"
    ]
    assert len(records) == 1


def test_wrong_headings_are_reported_on_row_1() -> None:
    data = vacancies_csv(vacancy_row()).replace(b"JOB_TITLE", b"TITLE", 1)
    _, errors = validate_vacancy_table(decode_csv(data), TODAY)
    assert [str(e) for e in errors] == ["Row 1, JOB_TITLE: Enter headings in the correct format"]


def test_headings_only_and_too_many_rows() -> None:
    _, errors = validate_vacancy_table(decode_csv(vacancies_csv()), TODAY)
    assert [str(e) for e in errors] == ["Row 2: The file has headings but no vacancies"]
    many = vacancies_csv(*[vacancy_row(YOUR_REFERENCE=f"R{i}") for i in range(20_001)])
    records, errors = validate_vacancy_table(decode_csv(many), TODAY)
    assert records == []
    assert [str(e) for e in errors] == [
        "The file has 20,001 vacancies. Upload at most 20,000 at a time"
    ]


def test_a_file_of_bad_rows_keeps_100_problems_and_counts_the_rest() -> None:
    data = vacancies_csv(*[vacancy_row(YOUR_REFERENCE=f"R{i}", JOB_TITLE="") for i in range(150)])
    _, errors = validate_vacancy_table(decode_csv(data), TODAY)
    assert len(errors) == 100 and errors.more == 50
    assert str(errors[0]) == "Row 2, JOB_TITLE: Enter a job title"


def test_pathway_rows() -> None:
    record, errors = validate_pathway_row(2, pathway_row(), TODAY)
    assert errors == [] and record is not None
    assert (record.role, record.next_role, record.next_pay_min_pence) == (
        "Care assistant",
        "Senior care assistant",
        1410,
    )
    assert record.typical_months == 12 and record.your_reference.startswith("auto-")
    cases = {
        "Row 2, NEXT_ROLE: The next role must be different from the role": {
            "NEXT_ROLE": "care assistant"
        },
        "Row 2, ROLE: Enter the role people step up from": {"ROLE": ""},
        "Row 2, TYPICAL_MONTHS: Enter typical months as a whole number from 1 to 120": {
            "TYPICAL_MONTHS": "0"
        },
        "Row 2, NEXT_PAY_PER_HOUR: Pay must be at least £12.71 an hour": {
            "NEXT_PAY_PER_HOUR": "11"
        },
        "Row 2, NEXT_PAY_PER_HOUR: Enter the lowest pay per hour too": {
            "NEXT_PAY_PER_HOUR": "",
            "NEXT_PAY_PER_HOUR_MAX": "15",
        },
    }
    for message, overrides in cases.items():
        _, errors = validate_pathway_row(2, pathway_row(**overrides), TODAY)
        assert any(str(e).startswith(message) for e in errors), (message, errors)
    _, errors = validate_pathway_row(2, pathway_row(NEXT_PAY_PER_HOUR=""), TODAY)
    assert errors == []  # pay is optional on a pathway step
    same = decode_csv(pathways_csv(pathway_row(), pathway_row(NEXT_PAY_PER_HOUR="15")))
    records, errors = validate_pathway_table(same, TODAY)
    assert [str(e) for e in errors] == [
        "Row 3: This pathway step is the same as row 2: give each one its own YOUR_REFERENCE"
    ]
