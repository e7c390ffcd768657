"""Finding matches in the database: live vacancies near the worker, ranked by `jobs.matching`.

One statement per search: the live vacancies inside a bounding box around the worker's
postcode district (`ix_vacancies_lat_lon`) UNION ALL the live remote ones
(`ix_vacancies_remote_closing`), each with its weekly shifts as one text and whether it links
courses. The pure `matching.rank` then scores them and works out the take-home difference for
the ones returned. `benchmarks/jobs_matching.py` measures it.

Policies callers rely on:
- Expired and closed vacancies are never candidates (`vacancies.live`).
- No known postcode district: only remote vacancies (ask for the district first; a search
  with no place would offer jobs at the other end of the country).
- No travel limit: `matching.DEFAULT_TRAVEL_KM`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Float,
    Select,
    String,
    cast,
    exists,
    func,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from course_catalogue import geo
from db.models import (
    AvailabilitySlot,
    EarningsRecord,
    Employer,
    Goal,
    Vacancy,
    VacancyCourse,
    VacancyShift,
    Worker,
)
from jobs.matching import (
    DEFAULT_TRAVEL_KM,
    Match,
    VacancyFacts,
    WorkerProfile,
    rank,
    shortlist,
)
from jobs.vacancies import live
from labour_market import find_role

# What scoring reads (the rest is fetched for the few matches returned: `details`).
_SCORED = (
    Vacancy.id,
    Vacancy.job_title,
    Vacancy.sector,
    Vacancy.pay_min_pence,
    cast(Vacancy.guaranteed_weekly_hours, Float),  # a float at once: no Decimal per row
    Vacancy.contract_type,
    Vacancy.closing_date,
    Vacancy.soc2020,
    Vacancy.pay_max_pence,
    Vacancy.shifts_vary,
    Vacancy.remote,
    Vacancy.latitude,
    Vacancy.longitude,
)


def _shifts_text() -> Any:
    """A vacancy's weekly shifts as one text ("0 07:00:00 15:00:00;4 22:00:00 06:00:00"), read
    in the same query (`read_shifts`): a second query and the database driver's parsing of
    every time value cost more than the whole ranking of a city's vacancies."""
    one = (
        cast(VacancyShift.day, String)
        + " "
        + cast(VacancyShift.start_time, String)
        + " "
        + cast(VacancyShift.end_time, String)
    )
    return (
        select(func.aggregate_strings(one, ";"))
        .where(VacancyShift.vacancy_id == Vacancy.id)
        .scalar_subquery()
        .label("shifts")
    )


@lru_cache(maxsize=4096)
def read_shifts(text: str | None) -> tuple[tuple[int, time, time], ...]:
    """`_shifts_text` back into slots, in week order. Times are 'HH:MM' then seconds (SQLite
    adds microseconds); shifts start on the minute."""
    if not text:
        return ()
    slots = []
    for part in text.split(";"):
        day, start, end = part.split(" ")
        slots.append(
            (int(day), time(int(start[:2]), int(start[3:5])), time(int(end[:2]), int(end[3:5])))
        )
    return tuple(sorted(slots))


def _query(profile: WorkerProfile, today: date) -> Select[Any] | CompoundSelect:
    """Live remote vacancies, plus live ones in a bounding box around the worker's district.

    Two index-friendly halves joined by UNION ALL (`ix_vacancies_remote_closing`,
    `ix_vacancies_lat_lon`): one query with an OR lets the planner fall back to scanning every
    vacancy still open.
    """
    base = select(*_SCORED, _shifts_text()).where(live(today))
    if profile.permanent_only:
        base = base.where(Vacancy.contract_type == "permanent")
    remote = base.where(Vacancy.remote.is_(True))
    origin = geo.lookup(profile.postcode_district) if profile.postcode_district else None
    if origin is None or profile.remote_only:
        return remote
    km = profile.travel_limit_km if profile.travel_limit_km is not None else DEFAULT_TRAVEL_KM
    lat_lo, lat_hi, lon_lo, lon_hi = geo.bounding_box(origin.latitude, origin.longitude, km)
    near = base.where(
        Vacancy.remote.is_(False),
        Vacancy.latitude.between(lat_lo, lat_hi),
        Vacancy.longitude.between(lon_lo, lon_hi),
    )
    return union_all(near, remote)


def candidates(session: Session, profile: WorkerProfile, today: date) -> list[VacancyFacts]:
    """Live vacancies the worker could travel to (or do from home), with what scoring reads
    (`matching.shortlist`); employer, place and words are empty until `details`."""
    return [
        VacancyFacts(
            id=r[0],
            job_title=r[1],
            employer_name="",
            sector=r[2],
            pay_min_pence=r[3],
            guaranteed_weekly_hours=r[4],
            contract_type=r[5],
            closing_date=r[6],
            soc2020=r[7],
            pay_max_pence=r[8],
            shifts_vary=r[9],
            remote=r[10],
            latitude=r[11],
            longitude=r[12],
            shifts=read_shifts(r[13]),
        )
        for r in session.execute(_query(profile, today)).all()
    ]


def details(session: Session, facts: list[VacancyFacts]) -> list[VacancyFacts]:
    """The same vacancies with the employer, place and words filled in (one query)."""
    if not facts:
        return []
    linked = exists().where(VacancyCourse.vacancy_id == Vacancy.id)
    rows = {
        r[0]: r
        for r in session.execute(
            select(
                Vacancy.id,
                Employer.name,
                Vacancy.shift_pattern,
                Vacancy.postcode_district,
                Vacancy.training_offered,
                Vacancy.progression,
                linked,
            )
            .join(Employer, Employer.id == Vacancy.employer_id)
            .where(Vacancy.id.in_([f.id for f in facts]))
        )
    }
    return [
        replace(
            f,
            employer_name=rows[f.id][1],
            shift_pattern=rows[f.id][2],
            postcode_district=rows[f.id][3],
            training_offered=rows[f.id][4],
            progression=rows[f.id][5],
            has_linked_courses=bool(rows[f.id][6]),
        )
        for f in facts
        if f.id in rows
    ]


def find_matches(
    session: Session,
    profile: WorkerProfile,
    today: date,
    *,
    limit: int = 5,
    offset: int = 0,
) -> list[Match]:
    """The worker's best live matches, best first (see `jobs.matching` for the scoring):
    every reachable vacancy is scored, then the few shown get their details, words and
    take-home figures."""
    chosen = shortlist(
        profile, candidates(session, profile, today), today, limit=limit, offset=offset
    )
    return rank(profile, details(session, chosen), today, limit=len(chosen))


def profile_for_worker(
    session: Session,
    worker: Worker,
    *,
    goal: str | None = None,
    busy: tuple[tuple[int, time, time], ...] = (),
) -> WorkerProfile:
    """A matching profile from what the bot has stored about a worker.

    Their latest pay, hours, contract, job and sector; their latest goal's target role and
    sector (with SOC codes from `labour_market` when the role is in its table); their stored
    shifts as `current_shifts` (the job they may leave), postcode district and travel limit.
    The goal kind and the times they cannot work are not stored yet: the caller passes them.
    """
    latest = session.scalar(
        select(EarningsRecord)
        .where(EarningsRecord.worker_id == worker.id)
        .order_by(EarningsRecord.recorded_at.desc(), EarningsRecord.id.desc())
        .limit(1)
    )
    aim = session.scalar(
        select(Goal)
        .where(Goal.worker_id == worker.id)
        .order_by(Goal.created_at.desc(), Goal.id.desc())
        .limit(1)
    )
    shifts = tuple(
        (s.day, s.start_time, s.end_time)
        for s in session.scalars(
            select(AvailabilitySlot).where(AvailabilitySlot.worker_id == worker.id)
        )
    )
    sector = latest.sector if latest else None
    target_role = aim.target_role if aim and not aim.not_sure else None
    target_sector = (aim.target_sector or sector) if aim is not None and target_role else None
    current = find_role(latest.job_title, sector) if latest and latest.job_title else None
    target = find_role(target_role, target_sector) if target_role else None
    return WorkerProfile(
        goal=goal,
        target_role=target_role,
        target_soc2020=target.soc2020 if target else None,
        target_sector=target_sector,
        current_role=latest.job_title if latest else None,
        current_soc2020=current.soc2020 if current else None,
        current_sector=sector,
        hourly_pence=latest.hourly_pay_pence if latest else None,
        weekly_hours=float(latest.weekly_hours) if latest and latest.weekly_hours else None,
        contract_type=latest.contract_type if latest else None,
        busy=busy,
        current_shifts=shifts,
        current_rota_varies=worker.rota_varies,
        postcode_district=worker.postcode_district,
        travel_limit_km=worker.travel_limit_km,
    )


def with_search_words(
    profile: WorkerProfile,
    role: str | None,
    role_sector: str | None,
    hourly_pence: int | None = None,
    weekly_hours: float | None = None,
    near: str | None = None,
) -> WorkerProfile:
    """The profile for one search: a job named in it ("any forklift jobs?") is ranked as the
    job aimed for, and pay and hours said in a plan not saved yet fill the gaps (stored
    figures win: they are what the worker confirmed). `near`: a district named in the search
    ("jobs in bradford"), searched from instead of the worker's own."""
    if near and geo.lookup(near) is not None:
        profile = replace(profile, postcode_district=near)
    if role:
        found = find_role(role[:80], role_sector)
        profile = replace(
            profile,
            target_role=role[:80],
            target_sector=role_sector or (found.sector if found else None),
            target_soc2020=found.soc2020 if found else None,
        )
    if profile.hourly_pence is None and hourly_pence and 100 <= hourly_pence <= 20_000:
        profile = replace(profile, hourly_pence=int(hourly_pence))
    if profile.weekly_hours is None and weekly_hours and 0 < weekly_hours <= 100:
        profile = replace(profile, weekly_hours=float(weekly_hours))
    return profile
