"""An employer's vacancies and pathways as CSV files in the upload format, safe to open in a
spreadsheet (`course_catalogue.export.write_csv`: formula cells get an apostrophe, which the
importer removes again), so an export can be edited and uploaded back unchanged."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from course_catalogue.export import write_csv
from db.models import CareerPathway, Vacancy
from jobs.access import list_pathways, list_vacancies
from jobs.csv_format import CONTRACT_LABELS, PATHWAY_HEADERS, SECTOR_LABELS, VACANCY_HEADERS
from timetable import format_timetable


def _pay(pence: int | None) -> str:
    return "" if pence is None else f"{pence // 100}.{pence % 100:02d}"


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def vacancy_row(v: Vacancy) -> list[object]:
    return [
        v.your_reference,
        v.job_title,
        v.soc2020 or "",
        SECTOR_LABELS.get(v.sector, v.sector),
        v.summary or "",
        _pay(v.pay_min_pence),
        _pay(v.pay_max_pence),
        f"{v.guaranteed_weekly_hours.normalize():f}",
        CONTRACT_LABELS.get(v.contract_type, v.contract_type),
        format_timetable(s.as_slot() for s in v.shifts),
        v.shift_pattern or "",
        _yes_no(v.shifts_vary),
        v.postcode_district or "",
        _yes_no(v.remote),
        v.training_offered or "",
        "; ".join(str(c.course_id) for c in sorted(v.courses, key=lambda c: c.course_id)),
        v.progression or "",
        v.closing_date.strftime("%d/%m/%Y"),
        v.apply_url or "",
        v.apply_phone or "",
        v.apply_email or "",
    ]


def pathway_row(p: CareerPathway) -> list[object]:
    return [
        p.your_reference,
        SECTOR_LABELS.get(p.sector, p.sector),
        p.role,
        p.role_soc2020 or "",
        p.next_role,
        p.next_soc2020 or "",
        _pay(p.next_pay_min_pence),
        _pay(p.next_pay_max_pence),
        p.requirements or "",
        "" if p.typical_months is None else p.typical_months,
    ]


def export_vacancies(session: Session, employer_id: int, today: date) -> bytes:
    """Every vacancy not yet past its closing date (an expired one could not be uploaded
    again); one closed early stays closed when the file comes back."""
    rows = (vacancy_row(v) for v in list_vacancies(session, employer_id) if v.closing_date >= today)
    return write_csv(VACANCY_HEADERS, rows)


def export_pathways(session: Session, employer_id: int) -> bytes:
    return write_csv(PATHWAY_HEADERS, (pathway_row(p) for p in list_pathways(session, employer_id)))
