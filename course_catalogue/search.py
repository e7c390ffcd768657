"""Shift-fit course search: the SQL side.

The database does the coarse, index-friendly work and returns a small candidate set; the pure
`shift_fit.assess` then does the fine work (clashes with shifts, reasons, ranking) in Python.

How a search runs (four short statements, see `benchmarks/catalogue_search.py`):
1. ids of courses matching the subject words, with level and sector (cached briefly); with
   no subject words, level and sector are checked on the joined course instead;
2. ONE UNION ALL of limited slices of run ids: for each remote mode (online, work based)
   self-paced, flexible-start and fixed-start runs (`ix_course_runs_remote_rank`); and
   in-person runs (classroom, blended) at venues inside a bounding box around the worker's
   district (`ix_venues_lat_lon`), nearest first; runs that started already and are not
   flexible are never candidates;
3. the details of those runs; 4. their weekly sessions.

Policies callers rely on:
- Unknown district: check `geo.lookup` first and say `geo.UNKNOWN_POSTCODE_MESSAGE`; a search
  without a known district cannot rank by distance.
- No travel limit given: in-person runs are looked for within `DEFAULT_RADIUS_KM`.
- Online and work-based runs need no travel; classroom and blended runs must be within the
  travel limit (exact distance between district centroids, km).
- One run per course in the answer (the best-fitting one); clashing runs rank last and carry
  their clashes (see `shift_fit`).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from time import monotonic
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from course_catalogue import geo
from course_catalogue.shift_fit import IN_PERSON_MODES, RunFacts, assess
from db.models import Course, CourseRun, Provider, RunSession, Venue

UK = ZoneInfo("Europe/London")
REMOTE_MODES = frozenset({"online", "work_based"})
MIN_SLICE = 12  # rows per candidate slice; in-person slice is 4x
DRIVE_FROM_COURSES_BELOW = 1500  # matching courses: below this, read runs by course_id
DEFAULT_RADIUS_KM = 60.0  # no travel limit given: in-person runs are looked for this close

# Words a worker might use -> words that appear in course names and sectors.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "carer": ("care",),
    "caring": ("care",),
    "nurse": ("nursing",),
    "nhs": ("health", "nursing"),
    "warehouse": ("warehouse", "warehousing", "logistics"),
    "warehousing": ("warehouse", "warehousing", "logistics"),
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
    "ict": ("digital", "computing"),
    "tech": ("digital", "computing"),
    "helpdesk": ("digital support", "it support", "computing"),
    "accounts": ("accounting", "bookkeeping", "aat"),
    "accountant": ("accounting", "aat"),
    "bookkeeping": ("bookkeeping", "accounting"),
    "maths": ("maths", "numeracy"),
    "math": ("maths", "numeracy"),
    "english": ("english", "esol"),
    "esol": ("esol",),
    "teacher": ("teaching",),
    "assistant": ("assistant", "supporting"),
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
    # Ranking by fit to the worker's goal (none of these filter anything out):
    goal_sectors: frozenset[str] | None = None  # catalogue sectors of the goal, e.g. {"care"}
    target_level: int | None = None  # the target role's usual level
    current_level: int | None = None  # highest full level they have (next level up ranks high)
    lacks_basics: bool = False  # no GCSE English/maths grade 4 or basic digital skills
    low_paid: bool | None = None  # under the Adult Skills Fund earnings threshold, or no job


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
    fit: str = "sure"  # "sure" (checked against shifts) | "check" (ask about times) | "clash"
    free_for_you: bool = False  # likely free for this worker (see `free_for_worker`)
    duration_value: int | None = None
    duration_unit: str | None = None
    cost_description: str | None = None
    sector: str | None = None


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


FIT_WORDS = {2: "sure", 1: "check", 0: "clash"}
BASICS_SECTORS = {"english_maths": 2, "digital": 1}  # entitlement courses, up to this level
GOAL_SECTOR = 600.0  # the course is in the worker's goal sector
SUBJECT_WORD = 20.0  # x `_relevance` (15 a word in the name, 8 in the sector)
BASICS = 700.0  # English/maths/digital entitlement course for someone who lacks them
BASICS_LEVEL = 75.0  # x level: level 2 English/maths (GCSE standard) is what opens level 3
LEVEL_RIGHT = 300.0  # the target role's level, or the next level up from what they have
LEVEL_NEAR = 120.0  # one level off
HAVE_IT = -200.0  # at or below a level they already have
FREE = 200.0  # likely free for them


def is_basics(sector: str | None, level: int | None, name: str = "") -> bool:
    """An English/maths (up to level 2) or digital (up to level 1) entitlement course. ESOL is
    not one: it is for speakers of other languages, with its own funding rule."""
    top = BASICS_SECTORS.get((sector or "").lower())
    return top is not None and (level or 0) <= top and "esol" not in name.lower()


def free_for_worker(row: Any, query: SearchQuery) -> bool:
    """Likely free for this worker under the national rules (the funding check confirms):
    English/maths up to level 2 and digital up to level 1 for someone who lacks them; any
    course up to level 2 for a low earner; a level 3 on the Free Courses for Jobs list for a
    low earner."""
    level = row.level if row.level is not None else 99
    if query.lacks_basics and is_basics(row.sector, row.level, row.course_name):
        return True
    if query.low_paid:
        if level <= 2:
            return True
        if level == 3 and row.fcfj_eligible is True:
            return True
    return False


def goal_fit(row: Any, query: SearchQuery, groups: list[tuple[str, ...]], free: bool) -> float:
    """Points for how well a course serves the worker's goal; added to the shift-fit score.

    Sized so the right course outranks a merely convenient one (a sure fit scores 1000 more
    than an unsure one, so at most a clash still sinks a right course).
    """
    points = SUBJECT_WORD * _relevance(row.course_name, row.sector, groups)
    sector = (row.sector or "").lower()
    basics = is_basics(row.sector, row.level, row.course_name)
    if query.goal_sectors and sector in query.goal_sectors:
        points += GOAL_SECTOR
    if query.lacks_basics and basics:
        points += BASICS + BASICS_LEVEL * (row.level or 0)
    preferred = set()
    if query.target_level is not None:
        preferred.add(query.target_level)
    if query.current_level is not None:
        preferred.add(min(query.current_level + 1, 6))
    if row.level is not None and preferred and not (basics and query.lacks_basics):
        off = min(abs(row.level - p) for p in preferred)
        points += LEVEL_RIGHT if off == 0 else LEVEL_NEAR if off == 1 else -60.0 * off
        if query.current_level is not None and row.level <= query.current_level:
            points += HAVE_IT
    if free:
        points += FREE
    return points


def _course_filter(query: SearchQuery, groups: list[tuple[str, ...]]) -> Select[Any] | None:
    """Courses matching level, sector and ANY of the subject words; None when no filter.

    Words are OR-ed ("teaching assistant" finds teaching courses); courses matching more of
    the words rank higher through `_relevance`.
    """
    conditions: list[Any] = []
    if query.levels is not None:
        conditions.append(Course.level.in_(sorted(query.levels)) if query.levels else false())
    if query.sector:
        conditions.append(Course.sector == query.sector.strip().lower())
    terms = sorted({t for group in groups for t in group})
    if terms:
        conditions.append(
            or_(
                *[Course.course_name.ilike(f"%{t}%") for t in terms],
                Course.sector.in_(terms),
            )
        )
    return select(Course.id).where(*conditions) if conditions else None


def _details_query(run_ids: list[int]) -> Select[Any]:
    """Everything the fit and the answer need, for a short list of chosen runs."""
    return (
        select(
            CourseRun.id,
            CourseRun.course_id,
            CourseRun.delivery_mode,
            CourseRun.start_date,
            CourseRun.flexible_start,
            CourseRun.self_paced,
            CourseRun.attendance_pattern,
            CourseRun.cost_pence,
            CourseRun.cost_description,
            CourseRun.duration_value,
            CourseRun.duration_unit,
            Course.course_name,
            Course.level,
            Course.sector,
            Course.fcfj_eligible,
            Provider.name.label("provider_name"),
            Venue.latitude,
            Venue.longitude,
            Venue.postcode_district.label("venue_district"),
        )
        .join(Course, Course.id == CourseRun.course_id)
        .join(Provider, Provider.id == CourseRun.provider_id)
        .outerjoin(Venue, Venue.id == CourseRun.venue_id)
        .where(CourseRun.id.in_(run_ids))
    )


def _member_of(
    column: Any, ids: list[int], ids_json: str, dialect: str, drive: bool = False
) -> Any:
    """`column IN ids` as ONE bound parameter.

    For a long id list (a broad subject) `+ 0` stops the planner from driving the query from
    the list (it would read every run of thousands of courses); the limited index scans stay
    in charge and check membership row by row. A short list (a rare subject) is better used
    the other way round, through the course_id index.
    """
    expr = column if drive or len(ids) <= DRIVE_FROM_COURSES_BELOW else column + 0
    if dialect == "postgresql":
        return expr == any_(bindparam("course_ids", ids, type_=ARRAY(Integer)))
    return expr.in_(select(literal_column("value")).select_from(func.json_each(ids_json)))


def _id_slices(
    query: SearchQuery,
    today: date,
    origin: geo.District | None,
    k: int,
    course_ids: list[int] | None,
    dialect: str,
) -> Any:
    """ONE statement: a UNION ALL of small, limited slices of run ids.

    Remote runs (online, work based) come in three slices per mode (self-paced, flexible
    start, fixed start) cut at `k`, so a changing rota always sees the any-time options;
    the database may stop reading as soon as a slice is full. In-person runs are read
    through the venue bounding box (`ix_venues_lat_lon`), nearest first.
    """
    modes = set(query.delivery_modes) if query.delivery_modes is not None else None
    ids_json = json.dumps(course_ids) if course_ids is not None and dialect != "postgresql" else ""
    runs = _RunIds(query, today, course_ids, ids_json, dialect)
    parts = _remote_slices(runs, REMOTE_MODES if modes is None else REMOTE_MODES & modes, k)
    in_person = IN_PERSON_MODES if modes is None else IN_PERSON_MODES & modes
    if in_person:
        parts.append(_in_person_slice(runs, in_person, origin, k))
    if not parts:
        return None
    subqueries = [select(p.subquery().c.id) for p in parts]
    return subqueries[0] if len(subqueries) == 1 else union_all(*subqueries)


@dataclass(frozen=True)
class _RunIds:
    """What every slice of one search shares: runs not started yet (or flexible), of the
    matching courses (or of the level and sector asked for)."""

    query: SearchQuery
    today: date
    course_ids: list[int] | None
    ids_json: str  # the course ids as JSON, for SQLite's json_each
    dialect: str

    def ids(self, *conditions: Any, drive: bool = False) -> Select[Any]:
        run = CourseRun
        stmt = select(run.id).where(
            or_(run.flexible_start == true(), run.start_date >= self.today), *conditions
        )
        if self.course_ids is not None:  # subject words (already combined with level/sector)
            return stmt.where(
                _member_of(run.course_id, self.course_ids, self.ids_json, self.dialect, drive)
            )
        return _of_level_and_sector(stmt, self.query)


def _of_level_and_sector(stmt: Select[Any], query: SearchQuery) -> Select[Any]:
    """Without subject words, level and sector are checked on the joined course."""
    if query.levels is None and not query.sector:
        return stmt
    stmt = stmt.join(Course, Course.id == CourseRun.course_id)
    if query.levels is not None:
        levels = sorted(query.levels)
        stmt = stmt.where(Course.level.in_(levels) if levels else false())
    if query.sector:
        stmt = stmt.where(Course.sector == query.sector.strip().lower())
    return stmt


def _remote_slices(runs: _RunIds, modes: Iterable[str], k: int) -> list[Select[Any]]:
    """For each remote mode: self-paced, flexible-start and fixed-start runs, `k` of each."""
    run = CourseRun
    parts: list[Select[Any]] = []
    for mode in sorted(modes):
        on = run.delivery_mode == mode
        parts += [
            runs.ids(on, run.self_paced == true()).limit(k),
            runs.ids(on, run.self_paced == false(), run.flexible_start == true()).limit(k),
            runs.ids(on, run.self_paced == false(), run.flexible_start == false()).limit(k),
        ]
    return parts


def _in_person_slice(
    runs: _RunIds, modes: Iterable[str], origin: geo.District | None, k: int
) -> Select[Any]:
    """In-person runs at venues near the worker's district, nearest first (soonest first when
    we do not know where they are)."""
    run = CourseRun
    # A subject search reads in-person runs through its courses (a few thousand rows at
    # most); the venue box then keeps the near ones.
    stmt = runs.ids(run.delivery_mode.in_(sorted(modes)), drive=True).join(
        Venue, Venue.id == run.venue_id
    )
    if origin is None:
        return stmt.order_by(run.start_date.asc(), run.id.asc()).limit(4 * k)
    radius = runs.query.travel_limit_km or DEFAULT_RADIUS_KM
    lat0, lat1, lon0, lon1 = geo.bounding_box(origin.latitude, origin.longitude, radius)
    in_box = and_(Venue.latitude.between(lat0, lat1), Venue.longitude.between(lon0, lon1))
    k_lon = math.cos(math.radians(origin.latitude))
    dlat = Venue.latitude - origin.latitude
    dlon = (Venue.longitude - origin.longitude) * k_lon
    closeness = dlat * dlat + dlon * dlon
    if runs.course_ids is None:
        # Broad search: only the nearest venues matter, so don't read every run in a
        # big city's box (subject searches are driven by their course ids instead).
        nearest = select(Venue.id).where(in_box).order_by(closeness).limit(8 * k)
        stmt = stmt.where(run.venue_id.in_(nearest))
    else:
        stmt = stmt.where(in_box)
    return stmt.order_by(closeness.asc(), run.id.asc()).limit(4 * k)


_COURSE_CACHE: dict[tuple[Any, ...], tuple[float, list[int]]] = {}
COURSE_CACHE_SECONDS = 30.0


def clear_cache() -> None:
    """Forget cached course matches (call after importing courses; tests use it too)."""
    _COURSE_CACHE.clear()


def _matching_course_ids(session: Session, query: SearchQuery) -> list[int] | None:
    """Ids of courses matching the subject words (and level, sector); None without words.

    The courses table is small and changes only when a provider imports, while the same
    few subjects are searched again and again, so matches are cached for a short time per
    database and catalogue version (newest course id and course count, both cheap). Runs are
    always read fresh; an edit that keeps the version (a renamed course) shows up within
    `COURSE_CACHE_SECONDS`.
    """
    groups = keyword_terms(query.keywords)
    if not groups:  # level and sector alone are checked on the joined course, row by row
        return None
    course_filter = _course_filter(query, groups)
    if course_filter is None:
        return None
    version = tuple(session.execute(select(func.max(Course.id), func.count(Course.id))).one())
    key = (
        str(session.get_bind().engine.url),
        version,
        None if query.levels is None else tuple(sorted(query.levels)),
        (query.sector or "").strip().lower(),
        tuple(groups),
    )
    now = monotonic()
    hit = _COURSE_CACHE.get(key)
    if hit is not None and now - hit[0] < COURSE_CACHE_SECONDS:
        return hit[1]
    ids = list(session.scalars(course_filter))
    if len(_COURSE_CACHE) > 512:
        _COURSE_CACHE.clear()
    _COURSE_CACHE[key] = (now, ids)
    return ids


def _candidates(
    session: Session, query: SearchQuery, today: date, k: int
) -> tuple[list[Any], geo.District | None]:
    origin = geo.lookup(query.postcode_district) if query.postcode_district else None
    if session.get_bind().dialect.name == "postgresql":
        # Plans depend a lot on the values (the box, the course list); PostgreSQL's generic
        # plans for re-used prepared statements ignore them, so ask for custom plans.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    course_ids = _matching_course_ids(session, query)
    if course_ids is not None and not course_ids:
        return [], origin
    dialect = session.get_bind().dialect.name
    slices = _id_slices(query, today, origin, k, course_ids, dialect)
    if slices is None:
        return [], origin
    run_ids = sorted(set(session.scalars(slices)))
    if not run_ids:
        return [], origin
    return list(session.execute(_details_query(run_ids)).all()), origin


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

    Only the best-fitting run of each course is returned, and different course names come
    before the same course from another provider, so a page shows varied choices.
    """
    today = query.today or datetime.now(UK).date()
    k = max(MIN_SLICE, (limit + offset) * 4)
    rows, origin = _candidates(session, query, today, k)
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
        free = free_for_worker(row, query)
        fit = assess(
            facts,
            busy_slots=query.busy_slots,
            rota_varies=query.rota_varies,
            postcode_district=district,
            today=today,
            relevance=goal_fit(row, query, groups, free),
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
            fit=FIT_WORDS[fit.tier],
            free_for_you=free,
            duration_value=row.duration_value,
            duration_unit=row.duration_unit,
            cost_description=row.cost_description,
            sector=row.sector,
        )
        scored.append((-fit.score, row.start_date or date.max, row.id, match))
    scored.sort(key=lambda item: item[:3])
    # One run per course (the best one); different course names first, then the same course
    # from another provider, so a short page is varied but never emptier than it need be.
    best_per_course: list[RunMatch] = []
    seen_courses: set[int] = set()
    for *_, match in scored:
        if match.course_id not in seen_courses:
            seen_courses.add(match.course_id)
            best_per_course.append(match)
    seen_names: set[str] = set()
    first: list[RunMatch] = []
    repeats: list[RunMatch] = []
    for match in best_per_course:
        name = " ".join(match.course_name.lower().split())
        (repeats if name in seen_names else first).append(match)
        seen_names.add(name)
    best_per_course = first + repeats
    return best_per_course[offset : offset + limit]
