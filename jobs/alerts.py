"""A coach flag when a new vacancy fits a worker's goal, and the daily purge: scheduled jobs.

`flag_new_vacancies` looks at the vacancies created since its last run (ids above the one
remembered in `vacancy_alert_runs`; the first run only remembers where to start), and for
each live one:

1. narrows the workers in SQL, so it stays cheap at 50,000 workers: consented and still in
   the service (status active or paused; "stop" and deleted workers are never flagged, as for
   every flag), living in a postcode district within the widest travel limit (25 km; any
   district for remote work), with a goal (not "not sure") whose sector is the vacancy's, or
   whose latest job is in its sector, or who want a different kind of work; not already
   saved or applied for it; no open `vacancy_fits` flag (one at a time: when the coach marks
   it dealt with, the next new vacancy that fits raises another); at most
   `MAX_CANDIDATES` of them, nearest ids first;
2. ranks the vacancy for each of those few with `jobs.matching.rank` (their own travel limit,
   pay, hours, contract and rota) and raises the flag when it meets their goal and their
   rota does not clash.

The flag (`worker_flags`, kind `vacancy_fits`) says which vacancy and why, so the coach can
tell the worker; the worker gets no message from this job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import String, cast, exists, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from course_catalogue import geo
from db.models import (
    EarningsRecord,
    Goal,
    Vacancy,
    VacancyAlertRun,
    VacancyApplication,
    Worker,
    WorkerFlag,
)
from jobs.matching import DEFAULT_TRAVEL_KM, Match, VacancyFacts, rank
from jobs.search import details, profile_for_worker
from jobs.vacancies import live, purge_expired

log = logging.getLogger("escalator.jobs.alerts")

FLAG_KIND = "vacancy_fits"
RUN_NAME = "vacancy_fits"
MAX_VACANCIES = 200  # new vacancies looked at in one run (the rest wait for the next)
MAX_CANDIDATES = 200  # workers ranked for one vacancy after the SQL narrowing
FLAGGED_STATUSES = ("active", "paused")
# the worker's goal kinds (db GOAL_KINDS, most wanted first) as jobs.matching.GOALS
GOAL_FOR_KIND = {
    "pay": "pay",
    "hours": "more_hours",
    "secure": "secure_contract",
    "shifts": "better_shifts",
    "change": "different_sector",
}


def goal_for_kinds(kinds: Sequence[str] | None) -> str:
    """The matching goal for what the worker wants most; pay when the goal has no kinds (a goal
    set before kinds existed was about pay)."""
    for kind in kinds or ():
        if kind in GOAL_FOR_KIND:
            return GOAL_FOR_KIND[kind]
    return "pay"


def latest_goal_kinds(session: Session, worker_id: int) -> list[str]:
    kinds = session.scalar(
        select(Goal.kinds)
        .where(Goal.worker_id == worker_id)
        .order_by(Goal.created_at.desc(), Goal.id.desc())
        .limit(1)
    )
    return [str(k) for k in kinds or []]


def _districts_near(vacancy: Vacancy) -> list[str] | None:
    """Postcode districts within the widest travel limit of the vacancy; None: anywhere."""
    if vacancy.remote or vacancy.latitude is None or vacancy.longitude is None:
        return None
    lat, lon = vacancy.latitude, vacancy.longitude
    return sorted(
        d.code
        for d in geo.load_districts().values()
        if geo.haversine_km(lat, lon, d.latitude, d.longitude) <= DEFAULT_TRAVEL_KM
    )


def candidate_workers(session: Session, vacancy: Vacancy, limit: int = MAX_CANDIDATES) -> list[int]:
    """Workers worth ranking this vacancy for (step 1 above), by SQL alone."""
    W, G = Worker, Goal
    goal_fits = exists().where(
        G.worker_id == W.id,
        G.not_sure.is_(False),
        or_(
            G.target_sector == vacancy.sector,
            cast(G.kinds, String).like('%"change"%'),
            exists().where(
                EarningsRecord.worker_id == W.id, EarningsRecord.sector == vacancy.sector
            ),
        ),
    )
    already = exists().where(
        VacancyApplication.worker_id == W.id, VacancyApplication.vacancy_id == vacancy.id
    )
    flagged = exists().where(
        WorkerFlag.worker_id == W.id,
        WorkerFlag.kind == FLAG_KIND,
        WorkerFlag.resolved_at.is_(None),
    )
    stmt = select(W.id).where(
        W.consent_at.is_not(None),
        W.status.in_(FLAGGED_STATUSES),
        goal_fits,
        ~already,
        ~flagged,
    )
    near = _districts_near(vacancy)
    if near is not None:
        stmt = stmt.where(func.upper(W.postcode_district).in_(near))
    return list(session.scalars(stmt.order_by(W.id).limit(limit)))


def vacancy_facts(session: Session, vacancy: Vacancy) -> VacancyFacts:
    """What matching reads about one vacancy, with its employer, place and words."""
    facts = VacancyFacts(
        id=vacancy.id,
        job_title=vacancy.job_title,
        employer_name="",
        sector=vacancy.sector,
        pay_min_pence=vacancy.pay_min_pence,
        guaranteed_weekly_hours=float(vacancy.guaranteed_weekly_hours),
        contract_type=vacancy.contract_type,
        closing_date=vacancy.closing_date,
        soc2020=vacancy.soc2020,
        pay_max_pence=vacancy.pay_max_pence,
        shifts=tuple(sorted((s.day, s.start_time, s.end_time) for s in vacancy.shifts)),
        shifts_vary=vacancy.shifts_vary,
        remote=vacancy.remote,
        latitude=vacancy.latitude,
        longitude=vacancy.longitude,
    )
    return details(session, [facts])[0]


def flag_detail(match: Match) -> str:
    v = match.vacancy
    pay = f"£{v.pay_min_pence / 100:.2f} an hour"
    why = "; ".join(match.reasons[:2])
    text = (
        f"{v.job_title} at {v.employer_name}, {pay}, closes {v.closing_date:%d/%m/%Y}. "
        f"{why}. (vacancy {v.id})"
    )
    return text[:1000]


def flag_workers_for(session: Session, vacancy: Vacancy, today: date, now: datetime) -> int:
    """Raise a flag for each narrowed worker this vacancy fits; how many (the caller commits)."""
    ids = candidate_workers(session, vacancy)
    if not ids:
        return 0
    facts = vacancy_facts(session, vacancy)
    raised = 0
    for worker in session.scalars(select(Worker).where(Worker.id.in_(ids))):
        goal = goal_for_kinds(latest_goal_kinds(session, worker.id))
        profile = profile_for_worker(session, worker, goal=goal)
        matches = rank(profile, [facts], today, limit=1)
        if not matches or matches[0].goal_met is not True or matches[0].rota == "clash":
            continue
        session.add(
            WorkerFlag(
                worker_id=worker.id, kind=FLAG_KIND, detail=flag_detail(matches[0]), created_at=now
            )
        )
        raised += 1
    return raised


def _claim(session: Session, now: datetime) -> tuple[int, int] | None:
    """(after, up to): the vacancy ids this run takes, or None when there is nothing new or
    another process took them first (a compare-and-set on the remembered id)."""
    newest = int(session.scalar(select(func.max(Vacancy.id))) or 0)
    run = session.get(VacancyAlertRun, RUN_NAME)
    if run is None:  # first run: start from now, never flag every vacancy ever posted
        session.add(VacancyAlertRun(name=RUN_NAME, last_vacancy_id=newest, ran_at=now))
        session.commit()
        return None
    after = run.last_vacancy_id
    if newest <= after:
        return None
    upto = min(newest, after + MAX_VACANCIES)
    taken = session.execute(
        update(VacancyAlertRun)
        .where(VacancyAlertRun.name == RUN_NAME, VacancyAlertRun.last_vacancy_id == after)
        .values(last_vacancy_id=upto, ran_at=now)
    )
    return (after, upto) if taken.rowcount == 1 else None  # type: ignore[attr-defined]


def flag_new_vacancies(session: Session, today: date, now: datetime) -> int:
    """One run: flags raised for the vacancies created since the last run (commits)."""
    claimed = _claim(session, now)
    if claimed is None:
        session.rollback()
        return 0
    after, upto = claimed
    raised = 0
    new = select(Vacancy).where(Vacancy.id > after, Vacancy.id <= upto, live(today))
    for vacancy in session.scalars(new.order_by(Vacancy.id)).all():
        raised += flag_workers_for(session, vacancy, today, now)
    session.commit()  # the claim and the flags together: a failed run is tried again
    return raised


def register(
    scheduler: Any,
    session_factory: sessionmaker[Session],
    *,
    every_minutes: float = 10,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> None:
    """Add both jobs to an APScheduler scheduler (bot.checkins.runner calls this)."""

    def vacancy_fits() -> None:
        now = clock()
        try:
            with session_factory() as session:
                n = flag_new_vacancies(session, now.date(), now)
            if n:
                log.info("Flagged %d workers whose goal fits a new vacancy", n)
        except Exception:
            log.warning("Vacancy alerts failed; trying again next time", exc_info=True)

    def purge() -> None:
        try:
            with session_factory() as session:
                n = purge_expired(session, clock().date())
                session.commit()
            if n:
                log.info("Deleted %d vacancies closed more than a year ago", n)
        except Exception:
            log.warning("Vacancy purge failed; trying again tomorrow", exc_info=True)

    scheduler.add_job(
        vacancy_fits,
        "interval",
        minutes=every_minutes,
        id="jobs-vacancy-fits",
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        purge, "interval", days=1, id="jobs-purge-expired", max_instances=1, coalesce=True
    )
