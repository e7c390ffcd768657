"""The scheduled vacancy-fit flag and the daily purge (jobs.alerts), on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import EarningsRecord, Goal, Vacancy, Worker, WorkerFlag
from jobs import alerts
from tests.jobs.factories import add_employer, add_vacancy

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
_ids = iter(range(50_000, 60_000))


def _worker(s: Session, name: str, district: str, *, consent: bool = True, **kw: object) -> int:
    w = Worker(
        chat_id=next(_ids),
        first_name=name,
        postcode_district=district,
        status=kw.pop("status", "active"),
        consent_at=NOW - timedelta(days=30) if consent else None,
    )
    s.add(w)
    s.flush()
    s.add(
        EarningsRecord(
            worker_id=w.id,
            hourly_pay_pence=1200,
            weekly_hours=Decimal(30),
            source="baseline",
            recorded_at=NOW - timedelta(days=30),
            job_title="Care assistant",
            sector="care",
        )
    )
    s.add(Goal(worker_id=w.id, target_role="Senior carer", target_sector="care", kinds=["pay"]))
    s.flush()
    return w.id


def _flags(factory: sessionmaker[Session]) -> list[tuple[str, str]]:
    with factory() as s:
        rows = s.execute(
            select(Worker.first_name, WorkerFlag.detail)
            .join(Worker, Worker.id == WorkerFlag.worker_id)
            .where(WorkerFlag.kind == alerts.FLAG_KIND)
            .order_by(WorkerFlag.id)
        )
        return [(n or "", d or "") for n, d in rows]


def test_a_new_vacancy_that_fits_flags_only_the_workers_it_fits(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s:
        employer = add_employer(s)
        add_vacancy(s, employer, ref="OLD", closing_date=TODAY + timedelta(days=30))
        _worker(s, "Near", "LS6")
        _worker(s, "Stopped", "LS6", status="stopped")
        _worker(s, "No consent", "LS6", consent=False)
        _worker(s, "Far", "SE15")  # London: 270 km from Leeds
        s.commit()
        # the first run only remembers where to start: the vacancy posted before is not news
        assert alerts.flag_new_vacancies(s, TODAY, NOW) == 0
        # a better paid (£14.00 > £12.00) care job in LS6, and a worse paid one
        new = add_vacancy(s, employer, ref="NEW", closing_date=TODAY + timedelta(days=30))
        add_vacancy(
            s, employer, ref="LOW", pay_min_pence=1150, closing_date=TODAY + timedelta(days=30)
        )
        s.commit()
        new_id = new.id
        assert alerts.flag_new_vacancies(s, TODAY, NOW) == 1
    flags = _flags(session_factory)
    assert [n for n, _ in flags] == ["Near"]
    assert flags[0][1].startswith(
        "Care assistant at Aire Valley Care (demo), £14.00 an hour, closes 31/12/2026."
    )
    assert flags[0][1].endswith(f"(vacancy {new_id})") and "Pays £2 an hour more" in flags[0][1]
    with session_factory() as s:  # nothing new: nothing more, and never twice
        assert alerts.flag_new_vacancies(s, TODAY, NOW) == 0
        # one open flag at a time: a second fitting vacancy waits until the coach deals with it
        add_vacancy(s, employer, ref="NEW2", closing_date=TODAY + timedelta(days=20))
        s.commit()
        assert alerts.flag_new_vacancies(s, TODAY, NOW) == 0
        flag = s.scalars(select(WorkerFlag)).one()
        flag.resolved_at = NOW
        add_vacancy(s, employer, ref="NEW3", closing_date=TODAY + timedelta(days=20))
        s.commit()
        assert alerts.flag_new_vacancies(s, TODAY, NOW) == 1
    assert [n for n, _ in _flags(session_factory)] == ["Near", "Near"]


def test_the_scheduled_jobs_flag_and_purge(session_factory: sessionmaker[Session]) -> None:
    scheduler = BackgroundScheduler(timezone=UTC)  # not started: the jobs are run by hand
    alerts.register(scheduler, session_factory, clock=lambda: NOW)
    jobs = {j.id: j for j in scheduler.get_jobs()}
    assert set(jobs) == {"jobs-vacancy-fits", "jobs-purge-expired"}
    with session_factory() as s:
        employer = add_employer(s)
        _worker(s, "Near", "LS6")
        old = add_vacancy(s, employer, ref="OLD", closing_date=date(2025, 11, 1))
        s.commit()
        old_id = old.id
    jobs["jobs-vacancy-fits"].func()  # first run: the starting point
    with session_factory() as s:
        add_vacancy(s, employer, ref="NEW", closing_date=TODAY + timedelta(days=30))
        s.commit()
    jobs["jobs-vacancy-fits"].func()
    assert [n for n, _ in _flags(session_factory)] == ["Near"]
    jobs["jobs-purge-expired"].func()  # closed 1 Nov 2025: more than a year before 1 Dec 2026
    with session_factory() as s:
        assert s.get(Vacancy, old_id) is None
        assert [v.your_reference for v in s.scalars(select(Vacancy))] == ["NEW"]


def test_goal_kinds_map_to_matching_goals() -> None:
    assert alerts.goal_for_kinds(["hours", "pay"]) == "more_hours"
    assert alerts.goal_for_kinds(["secure"]) == "secure_contract"
    assert alerts.goal_for_kinds(["shifts"]) == "better_shifts"
    assert alerts.goal_for_kinds(["change"]) == "different_sector"
    assert alerts.goal_for_kinds([]) == "pay" == alerts.goal_for_kinds(None)
