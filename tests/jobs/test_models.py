"""The jobs tables (migration jobs_1) on both backends: what survives what, and what a
worker's data export holds."""

from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from bot.conversation import export_worker
from db.engine import make_engine
from db.migrate import downgrade, upgrade
from db.models import (
    Employer,
    Vacancy,
    VacancyApplication,
    VacancyShift,
    Worker,
)

JOBS_TABLES = {
    "employers",
    "employer_users",
    "employer_api_keys",
    "vacancies",
    "vacancy_shifts",
    "vacancy_courses",
    "career_pathways",
    "vacancy_applications",
}


def _vacancy(employer: Employer, ref: str = "V1") -> Vacancy:
    return Vacancy(
        employer=employer,
        your_reference=ref,
        job_title="Care assistant",
        soc2020="6135",
        sector="care",
        pay_min_pence=1300,
        guaranteed_weekly_hours=Decimal("30"),
        contract_type="permanent",
        postcode_district="LS6",
        closing_date=date(2027, 1, 31),
        apply_url="https://example.org/apply",
    )


def test_a_night_shift_round_trips_and_shifts_come_back_in_week_order(session: Session) -> None:
    vacancy = _vacancy(Employer(name="Acme Care (demo)"))
    vacancy.shifts = [
        VacancyShift(day=4, start_time=time(22), end_time=time(6)),
        VacancyShift(day=0, start_time=time(7), end_time=time(15)),
    ]
    session.add(vacancy)
    session.commit()
    session.expire_all()
    got = session.scalars(select(Vacancy)).one()
    assert [s.as_slot() for s in got.shifts] == [(0, time(7), time(15)), (4, time(22), time(6))]
    assert got.guaranteed_weekly_hours == Decimal("30.00")


def test_an_application_outlives_its_vacancy_but_not_its_worker(session: Session) -> None:
    employer = Employer(name="Acme Care (demo)")
    vacancy = _vacancy(employer)
    worker = Worker(chat_id=7, first_name="Sam")
    session.add_all([vacancy, worker])
    session.flush()
    session.add(
        VacancyApplication(
            worker_id=worker.id,
            vacancy_id=vacancy.id,
            status="applied",
            job_title="Care assistant",
            employer_name=employer.name,
            hourly_pay_pence=1300,
        )
    )
    session.commit()
    session.execute(text("DELETE FROM vacancies"))
    session.commit()
    app = session.scalars(select(VacancyApplication)).one()
    assert app.vacancy_id is None and app.job_title == "Care assistant"  # history kept

    session.execute(text("DELETE FROM workers"))
    session.commit()
    assert session.scalar(text("SELECT count(*) FROM vacancy_applications")) == 0


def test_mydata_includes_saved_jobs(session: Session) -> None:
    worker = Worker(chat_id=8, first_name="Sam")
    session.add(worker)
    session.flush()
    session.add(
        VacancyApplication(
            worker_id=worker.id,
            status="interview",
            job_title="Kitchen porter",
            employer_name="Harbour Hotel (demo)",
            interview_on=date(2027, 1, 5),
        )
    )
    session.commit()
    data = json.loads(export_worker(session, worker))
    assert [(j["job_title"], j["status"], j["interview_on"]) for j in data["saved_jobs"]] == [
        ("Kitchen porter", "interview", "2027-01-05")
    ]


def test_jobs_1_downgrades_and_upgrades_cleanly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    eng = make_engine(url)
    assert set(inspect(eng).get_table_names()) >= JOBS_TABLES
    eng.dispose()
    downgrade(url, "course_facts_1")
    eng = make_engine(url)
    assert not JOBS_TABLES & set(inspect(eng).get_table_names())
    eng.dispose()
    upgrade(url)
    eng = make_engine(url)
    assert set(inspect(eng).get_table_names()) >= JOBS_TABLES
    eng.dispose()
