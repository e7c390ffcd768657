"""Checking vacancy and career-pathway rows: rows in, normalised records and row/column errors out.

Pure: no database and no I/O (the postcode table and the pay data are read once at import).
The same rules serve the CSV upload, the command line, the web page and the JSON API, so a
message reads the same wherever it appears. Errors use `course_catalogue`'s `RowError` and
capped `ErrorList`, so an employer's file is reported exactly like a provider's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation

from course_catalogue import geo
from course_catalogue.csv_format import YES_NO, CsvTable
from course_catalogue.validate import (
    EMAIL,
    FORBIDDEN,
    PHONE,
    ErrorList,
    RowError,
    auto_reference,
    check_headers,
    is_web_address,
    parse_date,
    row_values,
)
from jobs.csv_format import (
    CONTRACT_TYPES,
    LABELS,
    MAX_CLOSING_DAYS,
    MAX_HOURS,
    MAX_LENGTHS,
    MAX_PAY_PENCE,
    MAX_ROWS,
    MAX_TRAINING_COURSES,
    MAX_TYPICAL_MONTHS,
    PATHWAY_HEADERS,
    SECTORS,
    VACANCY_HEADERS,
)
from labour_market import OCCUPATIONS
from nlu.normalise import national_living_wage
from timetable import parse_timetable

Slot = tuple[int, time, time]

SOC = re.compile(r"^[1-9][0-9]{3}$")
PAY = re.compile(r"^\d+(\.\d{1,2})?$")
HOURS = re.compile(r"^\d+(\.\d{1,2})?$")

SECTOR_MESSAGE = (
    "Select a sector: Care, Hospitality, Retail, Warehouse, Cleaning, Construction, Transport, "
    "Office or Other"
)
CONTRACT_MESSAGE = "Select a contract type: Permanent, Fixed term, Agency or Zero hours"
SOC_MESSAGE = "Enter a SOC 2020 code as 4 digits, like 6135, or leave it empty"


@dataclass(frozen=True)
class VacancyRecord:
    """One valid vacancy row, normalised to what the database stores."""

    row: int
    your_reference: str
    job_title: str
    soc2020: str | None
    sector: str
    summary: str | None
    pay_min_pence: int
    pay_max_pence: int | None
    guaranteed_weekly_hours: Decimal
    contract_type: str
    shifts: tuple[Slot, ...]
    shift_pattern: str | None
    shifts_vary: bool
    remote: bool
    postcode_district: str | None
    training_offered: str | None
    course_ids: tuple[int, ...]
    progression: str | None
    closing_date: date
    apply_url: str | None
    apply_phone: str | None
    apply_email: str | None

    def values(self) -> dict[str, object]:
        """Column values of the `vacancies` row (shifts and course links are separate rows)."""
        lat, lon = geo.coordinates(self.postcode_district)
        return {
            "your_reference": self.your_reference,
            "job_title": self.job_title,
            "soc2020": self.soc2020,
            "sector": self.sector,
            "summary": self.summary,
            "pay_min_pence": self.pay_min_pence,
            "pay_max_pence": self.pay_max_pence,
            "guaranteed_weekly_hours": self.guaranteed_weekly_hours,
            "contract_type": self.contract_type,
            "shift_pattern": self.shift_pattern,
            "shifts_vary": self.shifts_vary,
            "remote": self.remote,
            "postcode_district": self.postcode_district,
            "latitude": lat,
            "longitude": lon,
            "training_offered": self.training_offered,
            "progression": self.progression,
            "closing_date": self.closing_date,
            "apply_url": self.apply_url,
            "apply_phone": self.apply_phone,
            "apply_email": self.apply_email,
        }


@dataclass(frozen=True)
class PathwayRecord:
    """One valid career-pathway row: one step up an employer's job ladder."""

    row: int
    your_reference: str
    sector: str
    role: str
    role_soc2020: str | None
    next_role: str
    next_soc2020: str | None
    next_pay_min_pence: int | None
    next_pay_max_pence: int | None
    requirements: str | None
    typical_months: int | None

    def values(self) -> dict[str, object]:
        return {
            "your_reference": self.your_reference,
            "sector": self.sector,
            "role": self.role,
            "role_soc2020": self.role_soc2020,
            "next_role": self.next_role,
            "next_soc2020": self.next_soc2020,
            "next_pay_min_pence": self.next_pay_min_pence,
            "next_pay_max_pence": self.next_pay_max_pence,
            "requirements": self.requirements,
            "typical_months": self.typical_months,
        }


# --- small value checks ---------------------------------------------------------------------
def pounds(pence: int) -> str:
    return f"£{pence // 100}.{pence % 100:02d}"


def minimum_pay_pence(today: date) -> int | None:
    """The lowest hourly pay a vacancy may show on `today`: the National Living Wage (21 and
    over), from the one dated table of statutory rates (`nlu.normalise`). None before our data.

    Why the 21+ rate and not the lower age rates: vacancies here are for adults, and a worker
    must never be shown a rate below the legal minimum for their age.
    """
    return national_living_wage(today)


def parse_pay_pence(value: str) -> int | None:
    """'12.80' or '£12.80' -> 1280; None when it is not pounds with at most 2 decimals."""
    cleaned = value.strip().lstrip("£").strip()
    if not PAY.match(cleaned):
        return None
    try:
        pence = int(Decimal(cleaned) * 100)
    except InvalidOperation:
        return None
    return pence if pence <= MAX_PAY_PENCE else None


def soc_title(code: str | None) -> str | None:
    """The ONS occupation title of a SOC 2020 code, when our pay table has it."""
    occ = OCCUPATIONS.get(code or "")
    return occ.title if occ else None


def _text(values: Mapping[str, str], column: str, err: _Err) -> str:
    raw = values.get(column, "")
    value = raw.strip() if column == "SUMMARY" else " ".join(raw.split())  # keep lines in a summary
    label = LABELS.get(column, column.replace("_", " ").capitalize())
    if FORBIDDEN.search(value):
        err(column, f"{label} must not contain the characters < > or `")
    limit = MAX_LENGTHS.get(column)
    if limit and len(value) > limit:
        err(column, f"{label} must be {limit} characters or less")
    return value.strip()


class _Err:
    """Collects (column, message) problems for one row."""

    def __init__(self, row: int) -> None:
        self.row = row
        self.errors: list[RowError] = []

    def __call__(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))


def _soc(values: Mapping[str, str], column: str, err: _Err) -> str | None:
    raw = values.get(column, "").strip()
    if not raw:
        return None
    if not SOC.match(raw):
        err(column, SOC_MESSAGE)
        return None
    return raw


def _sector(values: Mapping[str, str], err: _Err) -> str:
    raw = " ".join(values.get("SECTOR", "").lower().split())
    key = SECTORS.get(raw)
    if key is None:
        err("SECTOR", SECTOR_MESSAGE)
        return ""
    return key


def _pay_range(
    values: Mapping[str, str],
    low_col: str,
    high_col: str,
    today: date,
    err: _Err,
    required: bool,
) -> tuple[int | None, int | None]:
    low_raw, high_raw = values.get(low_col, ""), values.get(high_col, "")
    low = high = None
    floor = minimum_pay_pence(today)
    if not low_raw:
        if required:
            err(low_col, "Enter the pay per hour, like 12.80")
        if high_raw:
            err(low_col, "Enter the lowest pay per hour too, or only one rate")
        return None, None
    low = parse_pay_pence(low_raw)
    if low is None:
        err(low_col, "Enter the pay per hour in pounds, like 12.80 (up to 999.99)")
    elif floor is not None and low < floor:
        err(
            low_col,
            f"Pay must be at least {pounds(floor)} an hour, the National Living Wage",
        )
        low = None
    if high_raw:
        high = parse_pay_pence(high_raw)
        if high is None:
            err(high_col, "Enter the highest pay per hour in pounds, like 14.50 (up to 999.99)")
        elif low is not None and high < low:
            err(high_col, "The highest pay must be at least the lowest pay")
            high = None
        elif low is not None and high == low:
            high = None  # one rate
    return low, high


# --- vacancies -------------------------------------------------------------------------------
def validate_vacancy_row(
    row: int, values: Mapping[str, str], today: date
) -> tuple[VacancyRecord | None, list[RowError]]:
    """Check one vacancy against every rule. Course ids are only checked for shape here; the
    importer checks they are in the catalogue. Each group of columns has its own check below,
    run in column order so the errors read left to right."""
    err = _Err(row)
    your_reference = _text(values, "YOUR_REFERENCE", err)
    title = _text(values, "JOB_TITLE", err)
    if not title:
        err("JOB_TITLE", "Enter a job title")
    soc = _soc(values, "SOC_2020", err)
    sector = _sector(values, err)
    summary = _text(values, "SUMMARY", err) or None
    pay_min, pay_max = _pay_range(values, "PAY_PER_HOUR", "PAY_PER_HOUR_MAX", today, err, True)
    contract, hours = _contract_and_hours(values, err)
    shifts, pattern, vary = _shifts(values, err)
    remote, district = _where(values, err)
    training = _text(values, "TRAINING", err) or None
    course_ids = _training_course_ids(values, err)
    progression = _text(values, "PROGRESSION", err) or None
    closing = _closing_date(values, today, err)
    url, phone, email = _how_to_apply(values, err)
    if err.errors or pay_min is None or contract is None or hours is None or closing is None:
        return None, err.errors
    if not your_reference:
        your_reference = auto_reference(title.lower(), district, remote, contract, sector)
    return (
        VacancyRecord(
            row=row,
            your_reference=your_reference,
            job_title=title,
            soc2020=soc,
            sector=sector,
            summary=summary,
            pay_min_pence=pay_min,
            pay_max_pence=pay_max,
            guaranteed_weekly_hours=hours,
            contract_type=contract,
            shifts=shifts,
            shift_pattern=pattern,
            shifts_vary=vary,
            remote=remote,
            postcode_district=district,
            training_offered=training,
            course_ids=tuple(course_ids),
            progression=progression,
            closing_date=closing,
            apply_url=url or None,
            apply_phone=phone or None,
            apply_email=email or None,
        ),
        [],
    )


def _contract_and_hours(values: Mapping[str, str], err: _Err) -> tuple[str | None, Decimal | None]:
    """CONTRACT_TYPE and GUARANTEED_HOURS, which must agree: zero hours guarantees none, a
    permanent or fixed-term contract some."""
    contract = CONTRACT_TYPES.get(" ".join(values.get("CONTRACT_TYPE", "").lower().split()))
    if contract is None:
        err("CONTRACT_TYPE", CONTRACT_MESSAGE)
    hours = _guaranteed_hours(values, contract, err)
    if hours is None or contract is None:
        return contract, hours
    if contract == "zero_hours" and hours > 0:
        err(
            "GUARANTEED_HOURS",
            "A zero hours contract guarantees no hours: leave guaranteed hours empty or 0",
        )
    elif contract in ("permanent", "fixed_term") and hours == 0:
        err(
            "GUARANTEED_HOURS",
            "Enter the hours the contract guarantees (a contract with none is zero hours)",
        )
    return contract, hours


def _guaranteed_hours(values: Mapping[str, str], contract: str | None, err: _Err) -> Decimal | None:
    """Hours a week from 0 to MAX_HOURS; empty is 0 only for a zero hours contract."""
    raw = values.get("GUARANTEED_HOURS", "").strip()
    if not raw:
        if contract == "zero_hours":
            return Decimal(0)
        err("GUARANTEED_HOURS", "Enter the hours a week the contract guarantees, like 30")
        return None
    if not HOURS.match(raw) or Decimal(raw) > MAX_HOURS:
        err("GUARANTEED_HOURS", f"Enter guaranteed hours a week from 0 to {MAX_HOURS}, like 30")
        return None
    return Decimal(raw)


def _shifts(values: Mapping[str, str], err: _Err) -> tuple[tuple[Slot, ...], str | None, bool]:
    """SHIFTS (a weekly timetable), SHIFT_PATTERN and SHIFTS_VARY (words for a rota that
    changes): (shifts, pattern, vary); one of the shifts or the pattern is needed."""
    shifts: tuple[Slot, ...] = ()
    if values.get("SHIFTS", "").strip():
        try:
            shifts = parse_timetable(values["SHIFTS"], overnight=True)
        except ValueError as exc:
            err("SHIFTS", str(exc).replace("each session", "each shift"))
    pattern = _text(values, "SHIFT_PATTERN", err) or None
    vary_raw = values.get("SHIFTS_VARY", "").strip().lower()
    vary = YES_NO.get(vary_raw, False)
    if vary_raw and vary_raw not in YES_NO:
        err("SHIFTS_VARY", "Shifts vary must be Yes or No")
    if vary and shifts:
        err(
            "SHIFTS",
            "Leave shifts empty when they change week to week, and describe the pattern instead",
        )
    if not shifts and not pattern and "SHIFTS" not in {e.column for e in err.errors}:
        err("SHIFTS", "Enter the shifts, like Mon 07:00-15:00, or describe the shift pattern")
    return shifts, pattern, vary


def _where(values: Mapping[str, str], err: _Err) -> tuple[bool, str | None]:
    """REMOTE and POSTCODE: (remote, postcode district); a job that is not remote needs a
    postcode in a district we know."""
    remote_raw = values.get("REMOTE", "").strip().lower()
    remote = YES_NO.get(remote_raw, False)
    if remote_raw and remote_raw not in YES_NO:
        err("REMOTE", "Remote must be Yes or No")
    postcode_raw = values.get("POSTCODE", "").strip()
    if not postcode_raw:
        if not remote:
            err("POSTCODE", "Enter the postcode where the job is, or say the work is remote")
        return remote, None
    code = geo.normalise_district(postcode_raw)
    if code is None:
        err("POSTCODE", "Enter a real postcode, like LS6 2AB, or its first part, like LS6")
        return remote, None
    if geo.lookup(code) is None:
        err("POSTCODE", f"We do not know the postcode district {code}. Check the postcode")
        return remote, None
    return remote, code


def _training_course_ids(values: Mapping[str, str], err: _Err) -> list[int]:
    """TRAINING_COURSE_IDS: up to MAX_TRAINING_COURSES catalogue ids, separated by ; or ,."""
    ids_raw = values.get("TRAINING_COURSE_IDS", "").strip()
    if not ids_raw:
        return []
    parts = [p.strip() for p in re.split(r"[;,]", ids_raw) if p.strip()]
    if not all(p.isdigit() and 1 <= int(p) <= 2**31 - 1 for p in parts):
        err("TRAINING_COURSE_IDS", "Enter course ids as numbers separated by ;, like 12; 40")
        return []
    if len(set(parts)) > MAX_TRAINING_COURSES:
        err("TRAINING_COURSE_IDS", f"Link at most {MAX_TRAINING_COURSES} courses")
        return []
    return sorted({int(p) for p in parts})


def _closing_date(values: Mapping[str, str], today: date, err: _Err) -> date | None:
    """CLOSING_DATE: a real date from today to a year from now."""
    closing_raw = values.get("CLOSING_DATE", "").strip()
    if not closing_raw:
        err("CLOSING_DATE", "Enter a closing date")
        return None
    closing = parse_date(closing_raw)
    if closing is None:
        err("CLOSING_DATE", "Closing date must be a real date in the format dd/mm/yyyy")
    elif closing < today:
        err("CLOSING_DATE", "Closing date cannot be earlier than today's date")
        closing = None
    elif closing > today + timedelta(days=MAX_CLOSING_DAYS):
        err("CLOSING_DATE", "Closing date must be within a year from today")
        closing = None
    return closing


def _how_to_apply(values: Mapping[str, str], err: _Err) -> tuple[str, str, str]:
    """APPLY_URL, APPLY_PHONE and APPLY_EMAIL: each checked when given; at least one needed."""
    url = values.get("APPLY_URL", "").strip()
    phone = values.get("APPLY_PHONE", "").strip()
    email = values.get("APPLY_EMAIL", "").strip()
    if url and (not is_web_address(url) or len(url) > MAX_LENGTHS["APPLY_URL"]):
        err("APPLY_URL", "Apply web address must be a real webpage, like https://www.example.com")
    if phone and (not PHONE.match(phone) or not 10 <= sum(c.isdigit() for c in phone) <= 15):
        err("APPLY_PHONE", "Enter a telephone number, like 01632 960 001")
    if email and (not EMAIL.match(email) or len(email) > MAX_LENGTHS["APPLY_EMAIL"]):
        err("APPLY_EMAIL", "Enter an email address in the correct format, like name@example.com")
    if not (url or phone or email):
        err("APPLY_URL", "Enter how to apply: a web address, a phone number or an email")
    return url, phone, email


def _rows_checked(table: CsvTable, headers: tuple[str, ...], noun: str) -> ErrorList:
    errors = ErrorList(check_headers(table.headers, headers))
    if errors:
        return errors
    if not table.rows:
        errors.append(RowError(2, "", f"The file has headings but no {noun}"))
    elif len(table.rows) > MAX_ROWS:
        errors.append(
            RowError(
                0,
                "",
                f"The file has {len(table.rows):,} {noun}. Upload at most {MAX_ROWS:,} at a time",
            )
        )
    return errors


def validate_vacancy_table(table: CsvTable, today: date) -> tuple[list[VacancyRecord], ErrorList]:
    """Every row checked; references must be unique in the file."""
    errors = _rows_checked(table, VACANCY_HEADERS, "vacancies")
    if errors:
        return [], errors
    records: list[VacancyRecord] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        values, problem = row_values(number, cells, table.headers)
        if problem:
            errors.append(problem)
            continue
        record, row_errors = validate_vacancy_row(number, values, today)
        errors.extend(row_errors)
        if record is None:
            continue
        _unique(record, seen, errors, "vacancy", bool(values.get("YOUR_REFERENCE")))
        if seen[record.your_reference.lower()] == number:
            records.append(record)
    return records, errors


def _unique(
    record: VacancyRecord | PathwayRecord,
    seen: dict[str, int],
    errors: ErrorList,
    noun: str,
    given: bool,
) -> None:
    key = record.your_reference.lower()
    first = seen.setdefault(key, record.row)
    if first == record.row:
        return
    if given:
        errors.append(
            RowError(record.row, "YOUR_REFERENCE", f"Your reference is already used in row {first}")
        )
    else:
        errors.append(
            RowError(
                record.row,
                "",
                f"This {noun} is the same as row {first}: give each one its own YOUR_REFERENCE",
            )
        )


# --- career pathways -------------------------------------------------------------------------
def validate_pathway_row(
    row: int, values: Mapping[str, str], today: date
) -> tuple[PathwayRecord | None, list[RowError]]:
    err = _Err(row)
    your_reference = _text(values, "YOUR_REFERENCE", err)
    sector = _sector(values, err)
    role = _text(values, "ROLE", err)
    if not role:
        err("ROLE", "Enter the role people step up from, like Care assistant")
    role_soc = _soc(values, "ROLE_SOC_2020", err)
    next_role = _text(values, "NEXT_ROLE", err)
    if not next_role:
        err("NEXT_ROLE", "Enter the role they step up to, like Senior care assistant")
    elif role and next_role.lower() == role.lower():
        err("NEXT_ROLE", "The next role must be different from the role")
    next_soc = _soc(values, "NEXT_SOC_2020", err)
    pay_min, pay_max = _pay_range(
        values, "NEXT_PAY_PER_HOUR", "NEXT_PAY_PER_HOUR_MAX", today, err, False
    )
    requirements = _text(values, "WHAT_IS_NEEDED", err) or None
    months_raw = values.get("TYPICAL_MONTHS", "").strip()
    months: int | None = None
    if months_raw:
        if not months_raw.isdigit() or not 1 <= int(months_raw) <= MAX_TYPICAL_MONTHS:
            err(
                "TYPICAL_MONTHS",
                f"Enter typical months as a whole number from 1 to {MAX_TYPICAL_MONTHS}",
            )
        else:
            months = int(months_raw)
    if err.errors:
        return None, err.errors
    if not your_reference:
        your_reference = auto_reference(sector, role.lower(), next_role.lower())
    return (
        PathwayRecord(
            row=row,
            your_reference=your_reference,
            sector=sector,
            role=role,
            role_soc2020=role_soc,
            next_role=next_role,
            next_soc2020=next_soc,
            next_pay_min_pence=pay_min,
            next_pay_max_pence=pay_max,
            requirements=requirements,
            typical_months=months,
        ),
        [],
    )


def validate_pathway_table(table: CsvTable, today: date) -> tuple[list[PathwayRecord], ErrorList]:
    errors = _rows_checked(table, PATHWAY_HEADERS, "pathway steps")
    if errors:
        return [], errors
    records: list[PathwayRecord] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        values, problem = row_values(number, cells, table.headers)
        if problem:
            errors.append(problem)
            continue
        record, row_errors = validate_pathway_row(number, values, today)
        errors.extend(row_errors)
        if record is None:
            continue
        _unique(record, seen, errors, "pathway step", bool(values.get("YOUR_REFERENCE")))
        if seen[record.your_reference.lower()] == number:
            records.append(record)
    return records, errors


def missing_courses(records: Iterable[VacancyRecord], known: set[int]) -> list[RowError]:
    """A problem for each linked course id that is not in the catalogue."""
    out: list[RowError] = []
    for record in records:
        unknown = [i for i in record.course_ids if i not in known]
        if unknown:
            ids = ", ".join(str(i) for i in unknown)
            noun = "Course" if len(unknown) == 1 else "Courses"
            verb = "is" if len(unknown) == 1 else "are"
            out.append(
                RowError(
                    record.row, "TRAINING_COURSE_IDS", f"{noun} {ids} {verb} not in the catalogue"
                )
            )
    return out
