"""Shift-fit course search: the SQL side.

The database does the coarse, index-friendly filtering (level, sector, delivery mode, start date,
a bounding box around the worker's district) and hands back a bounded candidate set; the pure
`shift_fit.assess` does the fine work (clashes with shifts, reasons, ranking) in Python.

Candidate sets are bounded on purpose so a search stays fast on a big catalogue: remote runs
(online, work based) are taken best-first for a changing rota (self-paced, flexible start,
soonest), in-person runs nearest-first. See `shift_fit` for the ranking and clash policy.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, false, or_, select, true
from sqlalchemy.orm import Session

from course_catalogue import geo
from course_catalogue.shift_fit import IN_PERSON_MODES, RunFacts, assess
from db.models import Course, CourseRun, Provider, RunSession, Venue

UK = ZoneInfo("Europe/London")
REMOTE_MODES = frozenset({"online", "work_based"})
MIN_CANDIDATES = 200

# Words a worker might use -> words that appear in course names and sectors.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "carer": ("care",),
    "caring": ("care",),
    "nurse": ("nursing",),
    "nhs": ("health", "nursing"),
    "warehouse": ("warehouse", "logistics"),
    "warehousing": ("warehouse", "logistics"),
    "forklift": ("forklift", "lift truck"),
    "driver": ("driving", "hgv"),
    "driving": ("driving", "hgv"),
    "lorry": ("hgv",),
    "hgv": ("hgv",),
    "chef": ("chef", "culinary", "cookery", "kitchen"),
    "cook": ("cookery", "chef", "culinary"),
    "cooking": ("cookery", "chef", "culinary"),
    "kitchen": ("kitchen", "chef", "culinary"),
    "shop": ("retail",),
    "supervisor": ("supervisor", "team leader", "supervising"),
    "manager": ("management", "manager", "team leader"),
    "cleaner": ("cleaning", "facilities"),
    "cleaning": ("cleaning", "facilities"),
    "computer": ("digital", "computing"),
    "computers": ("digital", "computing"),
    "digital": ("digital",),
    "it": ("digital", "computing"),
    "accounts": ("accounting", "bookkeeping", "aat"),
    "accountant": ("accounting", "aat"),
    "bookkeeping": ("bookkeeping", "accounting"),
    "maths": ("maths", "numeracy"),
    "math": ("maths", "numeracy"),
    "english": ("english", "esol"),
    "esol": ("esol",),
    "teacher": ("teaching",),
    "teaching": ("teaching",),
    "school": ("teaching", "school"),
}
STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "want",
        "would",
        "like",
        "job",
        "work",
        "become",
        "course",
        "courses",
        "learn",
        "learning",
        "get",
        "into",
        "some",
        "about",
        "more",
        "better",
        "from",
        "that",
        "this",
        "what",
    ]
)


@dataclass(frozen=True)
class SearchQuery:
    busy_slots: tuple[tuple[int, time, time], ...] = ()  # worker's shifts (day, start, end)
    rota_varies: bool = False
    postcode_district: str | None = None
    travel_limit_km: float | None = None
    levels: frozenset[int] | None = None
    keywords: str | None = None  # subject / goal, e.g. "care", "forklift"
    sector: str | None = None
    delivery_modes: frozenset[str] | None = None  # classroom|online|work_based|blended
    today: date | None = None


@dataclass(frozen=True)
class RunMatch:
    run_id: int
    course_id: int
    course_name: str
    provider_name: str
    level: int | None
    delivery_mode: str
    start_date: date | None
    flexible_start: bool
    distance_km: float | None
    cost_pence: int | None
    score: float
    reasons: list[str]  # plain English, e.g. "Tue 6-9pm: you're free then", "Online, any time"
    clashes: list[str]  # e.g. "Thu 6-9pm clashes with your Thursday shift (5-11pm)"


def keyword_terms(keywords: str | None) -> list[tuple[str, ...]]:
    """Each meaningful word of the query with the terms it may match, e.g. chef -> cookery."""
    if not keywords:
        return []
    groups: list[tuple[str, ...]] = []
    for word in re.findall(r"[a-z0-9]+", keywords.lower()):
        if word in SYNONYMS:
            groups.append(SYNONYMS[word])
        elif len(word) >= 3 and word not in STOPWORDS:
            groups.append((word.rstrip("s") if len(word) > 4 else word,))
    return groups


def _relevance(name: str, sector: str | None, groups: list[tuple[str, ...]]) -> float:
    text = name.lower()
    sec = (sector or "").lower()
    score = 0.0
    for terms in groups:
        if any(t in text for t in terms):
            score += 15
        elif any(t in sec for t in terms):
            score += 8
    return score


def _base_query(query: SearchQuery, today: date, groups: list[tuple[str, ...]]) -> Select[Any]:
    stmt = (
        select(
            CourseRun.id,
            CourseRun.course_id,
            CourseRun.delivery_mode,
            CourseRun.start_date,
            CourseRun.flexible_start,
            CourseRun.self_paced,
            CourseRun.attendance_pattern,
            CourseRun.cost_pence,
            Course.course_name,
            Course.level,
            Course.sector,
            Provider.name.label("provider_name"),
            Venue.latitude,
            Venue.longitude,
            Venue.postcode_district.label("venue_district"),
        )
        .join(Course, Course.id == CourseRun.course_id)
        .join(Provider, Provider.id == CourseRun.provider_id)
        .outerjoin(Venue, Venue.id == CourseRun.venue_id)
        .where(or_(CourseRun.flexible_start.is_(true()), CourseRun.start_date >= today))
    )
    if query.levels is not None:
        stmt = stmt.where(Course.level.in_(sorted(query.levels)) if query.levels else false())
    if query.sector:
        stmt = stmt.where(Course.sector == query.sector.strip().lower())
    for terms in groups:
        stmt = stmt.where(
            or_(
                *[Course.course_name.ilike(f"%{t}%") for t in terms],
                *[Course.sector.ilike(f"%{t}%") for t in terms],
            )
        )
    return stmt


def _remote_candidates(
    session: Session,
    query: SearchQuery,
    today: date,
    groups: list[tuple[str, ...]],
    mode: str,
    cap: int,
) -> list[Any]:
    """Best-first remote runs without sorting the whole catalogue.

    Three small queries, each walking `ix_course_runs_remote_rank` in index order and
    stopping at `cap`: self-paced runs, then flexible-start runs, then the soonest starts.
    """
    base = _base_query(query, today, groups).where(CourseRun.delivery_mode == mode)
    steps = (
        base.where(CourseRun.self_paced.is_(true())).order_by(
            CourseRun.self_paced, CourseRun.flexible_start, CourseRun.start_date
        ),
        base.where(CourseRun.self_paced.is_(false()), CourseRun.flexible_start.is_(true())),
        base.where(
            CourseRun.self_paced.is_(false()),
            CourseRun.flexible_start.is_(false()),
            CourseRun.start_date >= today,
        ).order_by(CourseRun.start_date),
    )
    rows: list[Any] = []
    for stmt in steps:
        rows.extend(session.execute(stmt.limit(cap)).all())
    return rows


def _candidates(
    session: Session, query: SearchQuery, today: date, cap: int
) -> tuple[list[Any], geo.District | None]:
    groups = keyword_terms(query.keywords)
    modes = set(query.delivery_modes) if query.delivery_modes is not None else None
    origin = geo.lookup(query.postcode_district) if query.postcode_district else None
    rows: list[Any] = []

    remote = REMOTE_MODES if modes is None else REMOTE_MODES & modes
    for mode in sorted(remote):
        rows.extend(_remote_candidates(session, query, today, groups, mode, cap))

    in_person = IN_PERSON_MODES if modes is None else IN_PERSON_MODES & modes
    if in_person:
        stmt = _base_query(query, today, groups).where(
            CourseRun.delivery_mode.in_(sorted(in_person))
        )
        if origin is not None:
            if query.travel_limit_km is not None:
                lat0, lat1, lon0, lon1 = geo.bounding_box(
                    origin.latitude, origin.longitude, query.travel_limit_km
                )
                stmt = stmt.where(
                    and_(Venue.latitude.between(lat0, lat1), Venue.longitude.between(lon0, lon1))
                )
            k = math.cos(math.radians(origin.latitude))
            dlat = Venue.latitude - origin.latitude
            dlon = (Venue.longitude - origin.longitude) * k
            stmt = stmt.order_by((dlat * dlat + dlon * dlon).asc(), CourseRun.id.asc())
        else:
            stmt = stmt.order_by(CourseRun.start_date.asc(), CourseRun.id.asc())
        rows.extend(session.execute(stmt.limit(cap)).all())
    return rows, origin


def _sessions_for(session: Session, run_ids: list[int]) -> dict[int, list[tuple[int, time, time]]]:
    out: dict[int, list[tuple[int, time, time]]] = defaultdict(list)
    for start in range(0, len(run_ids), 900):  # stay under parameter limits
        chunk = run_ids[start : start + 900]
        stmt = select(
            RunSession.run_id, RunSession.day, RunSession.start_time, RunSession.end_time
        ).where(RunSession.run_id.in_(chunk))
        for run_id, day, s, e in session.execute(stmt):
            out[run_id].append((day, s, e))
    return out


def _distance(row: Any, origin: geo.District | None) -> float | None:
    if origin is None or row.delivery_mode not in IN_PERSON_MODES:
        return None
    lat, lon = row.latitude, row.longitude
    if lat is None or lon is None:
        venue = geo.lookup(row.venue_district)
        if venue is None:
            return None
        lat, lon = venue.latitude, venue.longitude
    return geo.haversine_km(origin.latitude, origin.longitude, lat, lon)


def search_runs(
    session: Session, query: SearchQuery, limit: int = 3, offset: int = 0
) -> list[RunMatch]:
    """Runs that fit the worker's shifts, place and goal, best first (see `shift_fit`).

    Only the best-fitting run of each course is returned, so a page shows different courses.
    """
    today = query.today or datetime.now(UK).date()
    cap = max(MIN_CANDIDATES, (limit + offset) * 20)
    rows, origin = _candidates(session, query, today, cap)
    if not rows:
        return []
    sessions = _sessions_for(session, [r.id for r in rows])
    groups = keyword_terms(query.keywords)
    district = origin.code if origin else None

    scored: list[tuple[float, date, int, RunMatch]] = []
    for row in rows:
        distance = _distance(row, origin)
        if (
            distance is not None
            and query.travel_limit_km is not None
            and distance > query.travel_limit_km
        ):
            continue
        facts = RunFacts(
            delivery_mode=row.delivery_mode,
            sessions=tuple(sessions.get(row.id, ())),
            self_paced=bool(row.self_paced),
            flexible_start=bool(row.flexible_start),
            start_date=row.start_date,
            attendance_pattern=row.attendance_pattern,
            distance_km=distance,
        )
        fit = assess(
            facts,
            busy_slots=query.busy_slots,
            rota_varies=query.rota_varies,
            postcode_district=district,
            today=today,
            relevance=_relevance(row.course_name, row.sector, groups),
        )
        match = RunMatch(
            run_id=row.id,
            course_id=row.course_id,
            course_name=row.course_name,
            provider_name=row.provider_name,
            level=row.level,
            delivery_mode=row.delivery_mode,
            start_date=row.start_date,
            flexible_start=bool(row.flexible_start),
            distance_km=None if distance is None else round(distance, 1),
            cost_pence=row.cost_pence,
            score=round(fit.score, 2),
            reasons=fit.reasons,
            clashes=fit.clashes,
        )
        scored.append((-fit.score, row.start_date or date.max, row.id, match))
    scored.sort(key=lambda item: item[:3])
    best_per_course: list[RunMatch] = []
    seen: set[int] = set()
    for *_, match in scored:  # one run per course: the best-fitting one
        if match.course_id not in seen:
            seen.add(match.course_id)
            best_per_course.append(match)
    return best_per_course[offset : offset + limit]
