"""Employers and vacancies for database tests."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from sqlalchemy.orm import Session

from course_catalogue import geo
from db.models import Employer, Vacancy, VacancyShift


def add_employer(session: Session, name: str = "Aire Valley Care (demo)") -> Employer:
    employer = Employer(name=name)
    session.add(employer)
    session.flush()
    return employer


def add_vacancy(
    session: Session,
    employer: Employer,
    *,
    closing_date: date,
    ref: str = "V1",
    district: str | None = "LS6",
    shifts: tuple[tuple[int, time, time], ...] = ((1, time(7), time(15)),),
    **values: object,
) -> Vacancy:
    lat, lon = geo.coordinates(district)
    fields: dict[str, object] = {
        "job_title": "Care assistant",
        "soc2020": "6135",
        "sector": "care",
        "pay_min_pence": 1400,
        "guaranteed_weekly_hours": Decimal(30),
        "contract_type": "permanent",
        "apply_url": "https://jobs.example.org/1",
        **values,
    }
    vacancy = Vacancy(
        employer_id=employer.id,
        your_reference=ref,
        closing_date=closing_date,
        postcode_district=district,
        latitude=lat,
        longitude=lon,
        **fields,
    )
    vacancy.shifts = [VacancyShift(day=d, start_time=s, end_time=e) for d, s, e in shifts]
    session.add(vacancy)
    session.flush()
    return vacancy
