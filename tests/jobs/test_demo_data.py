"""The demo employers and vacancies: fictional, legal pay, real districts, live, and useful to
the demo workers; loaded only with the rest of the demo into an empty database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.demo import DemoSeedRefused, seed_demo
from course_catalogue import geo
from db.models import (
    CareerPathway,
    Employer,
    EmployerApiKey,
    EmployerUser,
    Vacancy,
    VacancyCourse,
    Worker,
)
from jobs import vacancies
from jobs.demo_data import DEMO_EMPLOYERS
from jobs.employer_auth import verify_api_key
from jobs.search import find_matches, profile_for_worker
from jobs.validate import minimum_pay_pence


def test_the_demo_jobs_meet_the_brief(db_url: str, session: Session) -> None:
    lines = seed_demo(db_url)
    today = date.today()
    employers = session.scalars(select(Employer)).all()
    assert len(employers) == len(DEMO_EMPLOYERS) == 6
    assert all(e.name.endswith("(demo)") for e in employers)
    rows = session.scalars(select(Vacancy)).all()
    assert 28 <= len(rows) <= 35
    assert {v.sector for v in rows} == {"care", "retail", "hospitality", "warehouse", "cleaning"}
    floor = minimum_pay_pence(today)
    assert floor is not None
    for v in rows:
        assert floor <= v.pay_min_pence <= 2000, v.job_title  # legal and plausible
        assert v.postcode_district is not None and geo.lookup(v.postcode_district) is not None
        assert vacancies.is_live(v, today)
        assert v.apply_url or v.apply_phone
    assert {v.contract_type for v in rows} == {"permanent", "fixed_term", "agency", "zero_hours"}
    assert any(v.shifts for v in rows) and any(v.shifts_vary for v in rows)
    assert session.scalar(select(func.count()).select_from(VacancyCourse)) >= 3
    assert session.scalar(select(func.count()).select_from(CareerPathway)) >= 8
    assert session.scalar(select(func.count()).select_from(EmployerUser)) == 6
    keys = [line.rsplit(": ", 1)[1] for line in lines if "API key for" in line and "(demo)" in line]
    employer_keys = [k for k in keys if k.startswith("sej_")]
    assert len(employer_keys) == 6 and all(verify_api_key(session, k) for k in employer_keys)
    assert session.scalar(select(func.count()).select_from(EmployerApiKey)) == 6
    assert any("employer<N>@demo.local" in line for line in lines)


def test_demo_workers_have_matches_to_see(db_url: str, session: Session) -> None:
    seed_demo(db_url)
    today = date.today()
    workers = session.scalars(select(Worker).where(Worker.postcode_district.is_not(None))).all()
    with_matches = sum(
        1 for w in workers if find_matches(session, profile_for_worker(session, w), today)
    )
    assert with_matches >= len(workers) // 2


def test_an_employer_alone_is_data_too(db_url: str, session: Session) -> None:
    session.add(Employer(name="Real Employer Ltd"))
    session.commit()
    with pytest.raises(DemoSeedRefused, match=r"\(0 coaches, 0 providers, 1 employers\)"):
        seed_demo(db_url)
    assert session.scalar(select(func.count()).select_from(Vacancy)) == 0
