"""`jobs.search` on both databases: the candidates the database gives the pure ranking, and
a worker's stored answers turned into a matching profile."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from db.models import AvailabilitySlot, EarningsRecord, Goal, Worker
from jobs.matching import WorkerProfile
from jobs.search import candidates, details, find_matches, profile_for_worker
from tests.jobs.csvdata import TODAY
from tests.jobs.factories import add_employer, add_vacancy

OPEN = TODAY + timedelta(days=14)


def test_candidates_are_near_or_remote_and_carry_their_shifts(session: Session) -> None:
    employer = add_employer(session)
    near = add_vacancy(session, employer, ref="LS1", district="LS1", closing_date=OPEN)
    add_vacancy(session, employer, ref="M14", district="M14", closing_date=OPEN)  # ~56 km
    remote = add_vacancy(
        session, employer, ref="home", district=None, closing_date=OPEN, remote=True, shifts=()
    )
    session.commit()
    got = {c.id: c for c in candidates(session, WorkerProfile(postcode_district="LS6"), TODAY)}
    assert set(got) == {near.id, remote.id}
    assert got[near.id].shifts == ((1, time(7), time(15)),)
    assert got[near.id].employer_name == ""  # filled in for the few shown
    [full] = details(session, [got[near.id]])
    assert (full.employer_name, full.postcode_district) == ("Aire Valley Care (demo)", "LS1")
    assert full.shifts == got[near.id].shifts and not full.has_linked_courses
    # no district known: remote work only
    nowhere = candidates(session, WorkerProfile(), TODAY)
    assert [c.id for c in nowhere] == [remote.id]
    # a wider travel limit reaches Manchester
    wide = candidates(session, WorkerProfile(postcode_district="LS6", travel_limit_km=80), TODAY)
    assert len(wide) == 3
    # "any jobs from home?": remote work only, wherever they live
    home = WorkerProfile(postcode_district="LS6", remote_only=True)
    assert [c.id for c in candidates(session, home, TODAY)] == [remote.id]
    # "permanent only": the factory's vacancies are permanent unless told otherwise
    temp = add_vacancy(
        session, employer, ref="LS1-T", district="LS1", closing_date=OPEN, contract_type="agency"
    )
    session.commit()
    perm = WorkerProfile(postcode_district="LS6", permanent_only=True)
    assert temp.id not in {c.id for c in candidates(session, perm, TODAY)}
    assert near.id in {c.id for c in candidates(session, perm, TODAY)}


def test_find_matches_ranks_with_takehome(session: Session) -> None:
    employer = add_employer(session)
    better = add_vacancy(
        session, employer, ref="B", district="LS1", closing_date=OPEN, pay_min_pence=1400
    )
    add_vacancy(session, employer, ref="W", district="LS1", closing_date=OPEN, pay_min_pence=1300)
    session.commit()
    profile = WorkerProfile(goal="pay", postcode_district="LS6", hourly_pence=1271, weekly_hours=30)
    first, second = find_matches(session, profile, TODAY)
    assert first.vacancy.id == better.id
    assert first.takehome_weekly_change_pence == 2632  # worked by hand in test_matching
    assert [m.vacancy.id for m in find_matches(session, profile, TODAY, offset=1)] == [
        second.vacancy.id
    ]


def test_profile_for_worker_reads_the_latest_answers(session: Session) -> None:
    worker = Worker(chat_id=9, postcode_district="LS6", travel_limit_km=10, rota_varies=True)
    session.add(worker)
    session.flush()
    session.add_all(
        [
            EarningsRecord(
                worker_id=worker.id,
                job_title="Care worker",
                sector="care",
                hourly_pay_pence=1271,
                weekly_hours=Decimal("30"),
                contract_type="zero_hours",
            ),
            Goal(worker_id=worker.id, target_role="Senior care assistant", target_sector="care"),
            AvailabilitySlot(worker_id=worker.id, day=0, start_time=time(7), end_time=time(15)),
        ]
    )
    session.commit()
    profile = profile_for_worker(session, worker, goal="pay")
    assert profile.goal == "pay"
    assert (profile.current_role, profile.current_soc2020, profile.current_sector) == (
        "Care worker",
        "6135",
        "care",
    )
    assert (profile.target_role, profile.target_soc2020) == ("Senior care assistant", "6136")
    assert (profile.hourly_pence, profile.weekly_hours, profile.contract_type) == (
        1271,
        30.0,
        "zero_hours",
    )
    assert profile.current_shifts == ((0, time(7), time(15)),) and profile.busy == ()
    assert (profile.current_rota_varies, profile.postcode_district, profile.travel_limit_km) == (
        True,
        "LS6",
        10,
    )
