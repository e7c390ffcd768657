"""Jobs on the coach's worker page: the worker's best current matches and their applications.

Bounded, so the page stays fast at city scale: the matches are worked out on request for this
one worker (`jobs.search.find_matches`, limit 3: one query for the live vacancies near them,
then the three shown get their details), and the applications are the latest `MAX_SHOWN`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import VacancyApplication, Worker
from jobs.alerts import goal_for_kinds, latest_goal_kinds
from jobs.matching import GOAL_WORDS, Match
from jobs.search import find_matches, profile_for_worker

MATCHES_SHOWN = 3
MAX_SHOWN = 20
STATUS_LABELS = {
    "saved": "Saved",
    "applied": "Applied",
    "interview": "Interview",
    "offer": "Offer",
    "started": "Started the job",
    "not_successful": "Not successful",
}
CONTRACT_WORDS = {
    "permanent": "permanent",
    "fixed_term": "fixed term",
    "agency": "agency",
    "zero_hours": "zero hours",
}


@dataclass(frozen=True)
class MatchLine:
    title: str
    employer: str
    pay: str
    hours: str
    contract: str
    where: str
    closes: date
    reasons: tuple[str, ...]
    goal_met: bool | None
    takehome: str  # "About £38 more a week after tax", or ""


@dataclass(frozen=True)
class ApplicationLine:
    title: str
    employer: str
    status: str
    news_at: datetime  # when the latest status was reached
    steps: tuple[tuple[str, datetime], ...]  # every status reached, in order, with its time
    interview_on: date | None
    pay: str
    hours: str
    contract: str
    closes: date | None


@dataclass(frozen=True)
class WorkerJobs:
    goal: str  # "better pay", ...
    matches: list[MatchLine]
    applications: list[ApplicationLine]
    more_applications: bool


def _pounds(pence: int | None) -> str:
    return "" if pence is None else f"£{pence // 100}.{pence % 100:02d}"


def _takehome(match: Match) -> str:
    change = match.takehome_weekly_change_pence
    if change is None:
        return ""
    pounds = round(abs(change) / 100)
    if pounds == 0:
        return "About the same a week after tax"
    return f"About £{pounds} {'more' if change > 0 else 'less'} a week after tax"


def match_line(match: Match) -> MatchLine:
    v = match.vacancy
    pay = _pounds(v.pay_min_pence)
    if v.pay_max_pence and v.pay_max_pence != v.pay_min_pence:
        pay += f" to {_pounds(v.pay_max_pence)}"
    return MatchLine(
        title=v.job_title,
        employer=v.employer_name,
        pay=f"{pay} an hour",
        hours=f"{v.guaranteed_weekly_hours:g} hours a week",
        contract=CONTRACT_WORDS.get(v.contract_type, v.contract_type),
        where="Remote" if v.remote else (v.postcode_district or ""),
        closes=v.closing_date,
        reasons=tuple(match.reasons[:3]),
        goal_met=match.goal_met,
        takehome=_takehome(match),
    )


def application_line(app: VacancyApplication) -> ApplicationLine:
    reached = [
        (STATUS_LABELS[status], at)
        for status in STATUS_LABELS
        if (at := getattr(app, f"{status}_at", None)) is not None
    ]
    news = max((at for _, at in reached), default=app.updated_at)
    return ApplicationLine(
        title=app.job_title,
        employer=app.employer_name,
        status=STATUS_LABELS.get(app.status, app.status),
        news_at=news,
        steps=tuple(sorted(reached, key=lambda step: step[1])),
        interview_on=app.interview_on,
        pay=_pounds(app.hourly_pay_pence),
        hours="" if app.weekly_hours is None else f"{app.weekly_hours.normalize():f}",
        contract=CONTRACT_WORDS.get(app.contract_type or "", app.contract_type or ""),
        closes=app.closing_date,
    )


def worker_jobs(session: Session, worker: Worker, today: date) -> WorkerJobs:
    goal = goal_for_kinds(latest_goal_kinds(session, worker.id))
    profile = profile_for_worker(session, worker, goal=goal)
    matches = find_matches(session, profile, today, limit=MATCHES_SHOWN)
    A = VacancyApplication
    rows = list(
        session.scalars(
            select(A)
            .where(A.worker_id == worker.id)
            .order_by(A.updated_at.desc(), A.id.desc())
            # latest news first; one more than shown, to say there are more
            .limit(MAX_SHOWN + 1)
        )
    )
    lines = sorted(
        (application_line(a) for a in rows[:MAX_SHOWN]), key=lambda a: a.news_at, reverse=True
    )
    return WorkerJobs(
        goal=GOAL_WORDS.get(goal, goal),
        matches=[match_line(m) for m in matches],
        applications=lines,
        more_applications=len(rows) > MAX_SHOWN,
    )
