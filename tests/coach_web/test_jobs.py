"""Jobs on the coach side through the app `escalator run` serves (bot.service.build_app), on
SQLite and PostgreSQL: the worker page's matches and applications, the caseload's jobs filter,
and the impact report's job moves (page and CSV). Expected figures worked out by hand below."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

import coach_web.auth
from bot.service import build_app
from config.settings import Settings
from db.models import EarningsRecord, VacancyApplication, Worker
from tests.coach_web.factories import T0, add_coach, add_goal, add_worker, login
from tests.jobs.factories import add_employer, add_vacancy


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        coach_web.auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


def _pay(s: Session, w: Worker, pence: int, title: str, at: datetime, source: str) -> None:
    s.add(
        EarningsRecord(
            worker_id=w.id,
            hourly_pay_pence=pence,
            weekly_hours=Decimal(30),
            source=source,
            recorded_at=at,
            job_title=title,
            sector="care",
        )
    )


def _application(s: Session, w: Worker, status: str, at: datetime, pay: int) -> None:
    s.add(
        VacancyApplication(
            worker_id=w.id,
            status=status,
            job_title="Senior carer",
            employer_name="Aire Valley Care (demo)",
            hourly_pay_pence=pay,
            weekly_hours=Decimal("37.5"),
            contract_type="permanent",
            closing_date=date(2026, 5, 1),
            saved_at=at - timedelta(days=5),
            applied_at=at - timedelta(days=4),
            **({"started_at": at} if status == "started" else {}),
        )
    )


@pytest.fixture
def client(session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    with session_factory() as s:
        coach = add_coach(s, "ana@example.org")
        consent = {"consent_at": T0}
        amira = add_worker(s, coach, "Amira", "LS6", **consent)
        ben = add_worker(s, coach, "Ben", "LS6", **consent)
        cara = add_worker(s, coach, "Cara", "LS6", **consent)
        dan = add_worker(s, coach, "Dan", "LS6", **consent)
        # Amira: £12.00 -> started "Senior carer" on day 30, told the bot £14.50 a minute
        # later: one move (the start and the new title are the same move), +£2.50
        _pay(s, amira, 1200, "Care assistant", T0, "baseline")
        _application(s, amira, "started", T0 + timedelta(days=30), 1400)
        _pay(s, amira, 1450, "Senior carer", T0 + timedelta(days=30, minutes=1), "checkin")
        # Ben: £11.00 -> a check-in reporting a job as a cleaner at £12.00: +£1.00
        _pay(s, ben, 1100, "Care assistant", T0, "baseline")
        _pay(s, ben, 1100, "care assistant ", T0 + timedelta(days=5), "checkin")  # same job
        _pay(s, ben, 1200, "Cleaner", T0 + timedelta(days=10), "checkin")
        # Cara: £12.50 -> started a job at the advertised £13.00, no pay told yet: +£0.50
        _pay(s, cara, 1250, "Care assistant", T0, "baseline")
        _application(s, cara, "started", T0 + timedelta(days=20), 1300)
        # Dan: £12.00, one application open, a live vacancy near him paying £14.00
        _pay(s, dan, 1200, "Care assistant", T0, "baseline")
        add_goal(s, dan)
        _application(s, dan, "applied", T0 + timedelta(days=3), 1400)
        add_vacancy(s, add_employer(s), closing_date=date.today() + timedelta(days=20))
        s.commit()
    settings = Settings(_env_file=None, session_secret="t" * 40)  # type: ignore[call-arg]
    with TestClient(build_app(settings, session_factory)) as c:
        assert login(c, "ana@example.org").status_code == 303
        yield c


def _names(html: str) -> list[str]:
    return [n for n in ("Amira", "Ben", "Cara", "Dan") if f">{n}</a>" in html]


def test_caseload_filters_open_applications_and_job_moves(client: TestClient) -> None:
    page = client.get("/coach/", params={"jobs": "moved"}).text
    assert _names(page) == ["Amira", "Ben", "Cara"]
    assert "Moved job" in page
    page = client.get("/coach/", params={"jobs": "open"}).text
    assert _names(page) == ["Dan"] and "1 open" in page
    assert _names(client.get("/coach/", params={"jobs": "nonsense"}).text) == [
        "Amira",
        "Ben",
        "Cara",
        "Dan",
    ]


def test_worker_page_shows_matches_with_reasons_and_applications(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s:
        dan = s.query(Worker).filter_by(first_name="Dan").one()
    page = client.get(f"/coach/workers/{dan.id}").text
    jobs = page.split('id="jobs"', 1)[1].split("</section>", 1)[0]
    assert "Care assistant</strong> at Aire Valley Care (demo): £14.00 an hour" in jobs
    assert "30 hours a week, permanent, LS6" in jobs
    assert "<li>Pays £2 an hour more than now</li>" in jobs  # the reason, from jobs.matching
    assert "Senior carer" in jobs and "<td>Applied</td>" in jobs
    assert "Saved 28 Feb 2026<br>Applied 01 Mar 2026"  # 5 Mar - 5 and - 4 days in jobs
    assert "<td>£14.00</td><td>37.5</td><td>permanent</td>" in jobs


def test_impact_report_counts_job_moves_and_their_pay_change(client: TestClient) -> None:
    """Changes +250p, +100p, +50p: 3 moved, median +£1.00, mean 400/3 = +£1.33."""
    page = client.get("/coach/impact").text
    moves = page.split('id="job-moves"', 1)[1].split("</table>", 1)[0]
    assert '<td>Moved job</td><td class="figure">3</td>' in moves
    assert '<td class="figure">+£1.00</td>' in moves and '<td class="figure">+£1.33</td>' in moves
    assert "3 of them with the pay before and after" in moves
    rows = list(csv.DictReader(io.StringIO(client.get("/coach/impact.csv").text.lstrip("\ufeff"))))
    moved = {r["first_name"]: (r["moved_job"], r["job_move_pay_before"], r["job_move_pay_after"])
             for r in rows}  # fmt: skip
    assert moved == {
        "Amira": ("yes", "12.0", "14.5"),
        "Ben": ("yes", "11.0", "12.0"),
        "Cara": ("yes", "12.5", "13.0"),
        "Dan": ("no", "", ""),
    }


def test_a_worker_with_applications_can_still_be_deleted(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    """The applications trigger (jobcoach_1) marks summaries inside the delete's cascade too,
    without breaking it (SQLite drops OR IGNORE inside a foreign key action)."""
    with session_factory() as s:
        for worker in s.query(Worker).all():
            s.delete(worker)
        s.commit()
        assert s.query(VacancyApplication).count() == 0
    assert _names(client.get("/coach/").text) == []
