"""Job matching: which vacancies fit a worker's goal, pay, hours, rota and travel, and why.

Pure: facts in, ranked matches out. No database and no I/O (the postcode centroid table and
the take-home rules are read once at import). `jobs.search.find_matches` fetches the candidate
vacancies from the database and calls `rank`; the chat and the coach views call that.

How a vacancy is scored (points; higher ranks first). Every part is in `Score`, and each
match carries plain-English reasons, so a worker and a coach can see why it is there.

- `goal_fit`: +400 when the vacancy meets the worker's goal (see below), +100 when we cannot
  tell, 0 when it does not; plus the role: +300 for the same SOC 2020 code as the role aimed
  for (or the current role, for goals in the same kind of work), +200 when the role's words
  are all in the job title, +100 for the same sector.
- `pay_uplift`: +10 per 1% more an hour than now (-10 per 1% less), capped at +/-300; 0 when
  the current pay is unknown.
- `rota_fit`: +150 for fixed shifts that miss every time the worker cannot work (with 30
  minutes' travel either side), 0 when the shifts are not given or change week to week
  ("check"), -600 for a clash (never hidden, but below every vacancy without one).
- `distance`: -4 per km from the worker's postcode district (0 for remote work). Beyond the
  worker's travel limit (or `DEFAULT_TRAVEL_KM`) a vacancy is not a match at all.
- `contract_security`: +50 for each step up the ladder zero hours < agency < fixed term <
  permanent; +5 per guaranteed hour more than the worker works now, -10 per hour less (kept
  between -150 and +100).

Goals (`GOALS`), and when a vacancy meets them:
- `pay`: it pays more an hour than now (the lowest rate of a range counts);
- `more_hours`: it guarantees more hours a week than the worker works now;
- `secure_contract`: permanent or fixed term, and more secure than the current contract;
- `better_shifts`: fixed shifts that fit, and fewer night or weekend hours than now (or any
  fixed shifts when the current rota changes week to week);
- `different_sector`: a different sector from now (and the sector aimed for, if given).

Ties go to the better paid, then the one with more guaranteed hours, then the nearer, then the
one closing sooner, so a better-paid, otherwise equal vacancy never ranks lower.

The take-home difference (`takehome.compare`: tax, NI, pension, Universal Credit) is worked out
for the matches returned only, from the vacancy's lowest rate and its guaranteed hours: a zero
hours contract counts as no pay at all, because none is promised.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from functools import lru_cache

from course_catalogue import geo
from course_catalogue.shift_fit import TRAVEL_BUFFER_MINUTES
from takehome import Household, Job, NotModelled, RulesNotAvailable, compare, rules_for
from takehome.render import money, pounds
from timetable import Slot, find_clashes, fmt_slot, intervals, overlap_minutes

GOALS = ("pay", "more_hours", "secure_contract", "better_shifts", "different_sector")
GOAL_WORDS = {
    "pay": "better pay",
    "more_hours": "more hours",
    "secure_contract": "a secure contract",
    "better_shifts": "better shifts",
    "different_sector": "a different kind of work",
}

# Contract security, lowest first. A worker's "temporary" is a vacancy's "fixed_term";
# self-employed and "other" have no place on the ladder (unknown).
CONTRACT_RANK = {"zero_hours": 0, "agency": 1, "fixed_term": 2, "temporary": 2, "permanent": 3}
CONTRACT_WORDS = {
    "permanent": "Permanent contract",
    "fixed_term": "Fixed term contract",
    "agency": "Agency work",
    "zero_hours": "Zero hours contract",
}

# Points (see the table above). Policy, not statistics: change them here, with the tests.
GOAL_MET, GOAL_UNSURE = 400, 100
ROLE_SOC, ROLE_WORDS, ROLE_SECTOR = 300, 200, 100
PAY_PER_PERCENT, PAY_CAP = 10, 300
ROTA_FITS, ROTA_CHECK, ROTA_CLASH = 150, 0, -600
PER_KM = -4
CONTRACT_STEP = 50
HOURS_GAINED, HOURS_LOST, HOURS_MIN, HOURS_MAX = 5, -10, -150, 100
# No travel limit given: the widest limit the bot offers as a button ("Up to 25 km").
DEFAULT_TRAVEL_KM = 25.0

# Unsocial hours, for "better shifts": night time as the Working Time Regulations 1998 (reg. 2)
# set it when a contract says nothing else, 11pm to 6am; and Saturdays and Sundays.
NIGHTS: tuple[Slot, ...] = tuple((d, time(23), time(6)) for d in range(7))
WEEKEND: tuple[Slot, ...] = ((5, time(0), time(0)), (6, time(0), time(0)))  # whole days

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"and", "the", "of", "a", "an", "in", "for", "to", "with", "at"})


@dataclass(frozen=True)
class WorkerProfile:
    """What matching needs to know about a worker. Everything is optional.

    goal: one of GOALS. target_*: the job aimed for (a SOC 2020 code matches best).
    current_*: the job now; pay in pence an hour, hours a week.
    busy: weekly times the worker cannot work in a new job (caring, school run, a course, a
    second job they keep). Not the shifts of the job they would leave: those go in
    `current_shifts` (used for "better shifts") with `current_rota_varies`.
    travel_limit_km: None means DEFAULT_TRAVEL_KM. household/plan5_loan: for take-home pay.
    """

    goal: str | None = None
    target_role: str | None = None
    target_soc2020: str | None = None
    target_sector: str | None = None
    current_role: str | None = None
    current_soc2020: str | None = None
    current_sector: str | None = None
    hourly_pence: int | None = None
    weekly_hours: float | None = None
    contract_type: str | None = None
    busy: tuple[Slot, ...] = ()
    # times said in a search not to work ("no nights", "only school hours"): a job with a shift
    # in them clashes, with no travel time added (they are the limit, not a place to get to)
    avoid: tuple[Slot, ...] = ()
    remote_only: bool = False  # "any jobs from home?": only work done from home
    permanent_only: bool = False  # "permanent only": only permanent contracts
    current_shifts: tuple[Slot, ...] = ()
    current_rota_varies: bool = False
    postcode_district: str | None = None
    travel_limit_km: float | None = None
    household: Household = field(default_factory=Household)
    plan5_loan: bool = False


@dataclass(frozen=True)
class VacancyFacts:
    """What matching needs to know about one live vacancy (`jobs.search` builds these)."""

    id: int
    job_title: str
    employer_name: str
    sector: str
    pay_min_pence: int
    guaranteed_weekly_hours: float
    contract_type: str
    closing_date: date
    soc2020: str | None = None
    pay_max_pence: int | None = None
    shifts: tuple[Slot, ...] = ()
    shifts_vary: bool = False
    shift_pattern: str | None = None
    remote: bool = False
    postcode_district: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    training_offered: str | None = None
    has_linked_courses: bool = False
    progression: str | None = None


@dataclass(frozen=True)
class Score:
    goal_fit: float
    pay_uplift: float
    rota_fit: float
    distance: float
    contract_security: float

    @property
    def total(self) -> float:
        return (
            self.goal_fit + self.pay_uplift + self.rota_fit + self.distance + self.contract_security
        )


@dataclass(frozen=True)
class Match:
    """One ranked vacancy. JSON-friendly except `vacancy` and `score`, which are plain
    dataclasses too (`dataclasses.asdict` works on the whole match).

    goal_met: True / False / None (cannot tell). rota: "fits" | "check" | "clash".
    Money in pence; take-home figures a week, from `takehome.compare` (None with a note when
    they cannot be worked out).
    """

    vacancy: VacancyFacts
    score: Score
    total: float
    goal_met: bool | None
    rota: str
    distance_km: float | None
    reasons: tuple[str, ...]
    clashes: tuple[str, ...]
    hourly_change_pence: int | None
    hours_change: float | None
    takehome_weekly_now_pence: int | None = None
    takehome_weekly_new_pence: int | None = None
    takehome_weekly_change_pence: int | None = None
    takehome_tax_year: str | None = None
    takehome_note: str | None = None


# --- the parts -------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def words(text: str | None) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall((text or "").lower()) if w not in _STOP)


def contract_rank(contract: str | None) -> int | None:
    return CONTRACT_RANK.get(contract or "")


def unsocial_minutes(shifts: Iterable[Slot]) -> int:
    """Minutes a week at night (11pm-6am) plus minutes at the weekend."""
    return _unsocial(tuple(shifts))


@lru_cache(maxsize=8192)
def _unsocial(shifts: tuple[Slot, ...]) -> int:
    return sum(overlap_minutes(s, w) for s in shifts for w in (*NIGHTS, *WEEKEND))


@lru_cache(maxsize=8192)
def _week(slots: tuple[Slot, ...], pad: int = 0) -> tuple[tuple[int, int], ...]:
    """The week-minute intervals of some slots (cached: the same weeks come up again and
    again, and a search checks hundreds of vacancies against one worker's week)."""
    return tuple(iv for s in slots for iv in intervals(*s, pad=pad))


def _overlap(first: tuple[tuple[int, int], ...], second: tuple[tuple[int, int], ...]) -> bool:
    return any(a < d and c < b for a, b in first for c, d in second)


def rota_state(
    vacancy: VacancyFacts,
    busy: tuple[tuple[int, int], ...],
    avoid: tuple[tuple[int, int], ...] = (),
) -> str:
    """ "fits" | "check" | "clash" for ranking, against the busy week's intervals (the same
    answer as `rota_fit`, without the words)."""
    if vacancy.shifts_vary or not vacancy.shifts:
        return "check"
    if avoid and _overlap(_week(vacancy.shifts, 0), avoid):
        return "clash"
    if not busy:
        return "fits"
    pad = 0 if vacancy.remote else TRAVEL_BUFFER_MINUTES
    return "clash" if _overlap(_week(vacancy.shifts, pad), busy) else "fits"


def _busy_name(slot: Slot) -> str:
    return f"a time you can't work ({fmt_slot(slot)})"


def _avoid_name(slot: Slot) -> str:
    return f"a time you don't want to work ({fmt_slot(slot)})"


def rota_fit(
    vacancy: VacancyFacts, busy: Sequence[Slot], avoid: Sequence[Slot] = ()
) -> tuple[str, list[str], list[str]]:
    """("fits" | "check" | "clash", clash texts, reason texts)."""
    if vacancy.shifts_vary or not vacancy.shifts:
        pattern = f" ({vacancy.shift_pattern})" if vacancy.shift_pattern else ""
        if vacancy.shifts_vary:
            return "check", [], [f"Shifts change week to week{pattern}. Check they fit"]
        return "check", [], [f"Shift times not given{pattern}. Ask the employer"]
    if avoid:
        outside, _ = find_clashes(vacancy.shifts, avoid, 0, name_busy=_avoid_name)
        if outside:
            return "clash", outside, []
    if not busy:
        times = ", ".join(fmt_slot(s) for s in vacancy.shifts)
        return "fits", [], [f"Shifts: {times}"]
    buffer = 0 if vacancy.remote else TRAVEL_BUFFER_MINUTES
    clashes, _ = find_clashes(vacancy.shifts, busy, buffer, name_busy=_busy_name)
    if clashes:
        return "clash", clashes, []
    return "fits", [], ["The shifts miss the times you can't work"]


class _Reference:
    """The role a vacancy is compared with, worked out once per search."""

    def __init__(self, profile: WorkerProfile) -> None:
        target = bool(profile.target_soc2020 or profile.target_role or profile.target_sector)
        if target or profile.goal == "different_sector":
            self.soc = profile.target_soc2020
            self.words = words(profile.target_role)
            # aiming higher in the same work unless the goal is to leave it
            same = profile.current_sector if profile.goal != "different_sector" else None
            self.sector = profile.target_sector or same
            self.aimed = True
        else:
            self.soc = profile.current_soc2020
            self.words = words(profile.current_role)
            self.sector = profile.current_sector
            self.aimed = False

    def points(self, vacancy: VacancyFacts) -> tuple[int, str | None]:
        said = "The kind of job you're aiming for" if self.aimed else "The same kind of job as now"
        if self.soc and vacancy.soc2020 == self.soc:
            return ROLE_SOC, said
        if self.words and self.words <= words(vacancy.job_title):
            return ROLE_WORDS, said
        if self.sector and vacancy.sector == self.sector:
            return ROLE_SECTOR, None
        return 0, None


GoalMet = tuple[bool | None, str | None]  # (met, the reason in words); met None: cannot tell


def goal_met(profile: WorkerProfile, vacancy: VacancyFacts, rota: str) -> GoalMet:
    """(met, the reason in words) for the worker's goal; met None when we cannot tell."""
    test = _GOAL_TESTS.get(profile.goal or "")
    return test(profile, vacancy, rota) if test is not None else (None, None)


def _pays_more(profile: WorkerProfile, vacancy: VacancyFacts, rota: str) -> GoalMet:
    if profile.hourly_pence is None:
        return None, None
    extra = vacancy.pay_min_pence - profile.hourly_pence
    if extra > 0:
        return True, f"Pays {_amount(extra)} an hour more than now"
    return False, None


def _more_hours(profile: WorkerProfile, vacancy: VacancyFacts, rota: str) -> GoalMet:
    if profile.weekly_hours is None:
        return None, None
    extra_hours = vacancy.guaranteed_weekly_hours - profile.weekly_hours
    if extra_hours > 0:
        return True, f"{_hours(extra_hours)} more hours a week, guaranteed"
    return False, None


def _more_secure(profile: WorkerProfile, vacancy: VacancyFacts, rota: str) -> GoalMet:
    rank, now = contract_rank(vacancy.contract_type), contract_rank(profile.contract_type)
    if rank is not None and rank >= 2 and (now is None or rank > now):
        return True, f"{CONTRACT_WORDS[vacancy.contract_type]}: more secure"
    return False, None


def _better_shifts(profile: WorkerProfile, vacancy: VacancyFacts, rota: str) -> GoalMet:
    """Fixed shifts for a changing rota; fewer night and weekend hours than now."""
    if vacancy.shifts_vary or not vacancy.shifts or rota == "clash":
        return False, None
    unsocial = unsocial_minutes(vacancy.shifts)
    if profile.current_rota_varies:
        return True, "Fixed shifts, the same every week"
    if not profile.current_shifts:
        return (True, "No nights or weekends") if unsocial == 0 else (None, None)
    if unsocial >= unsocial_minutes(profile.current_shifts):
        return False, None
    if unsocial == 0:
        return True, "No nights or weekends"
    return True, "Fewer night and weekend hours than now"


def _different_sector(profile: WorkerProfile, vacancy: VacancyFacts, rota: str) -> GoalMet:
    """The kind of work they want to move into, or any other than now when they did not say."""
    if profile.target_sector:
        if vacancy.sector != profile.target_sector or vacancy.sector == profile.current_sector:
            return False, None
        return True, "In the kind of work you want to move into"
    if profile.current_sector is None:
        return None, None
    if vacancy.sector != profile.current_sector:
        return True, "A different kind of work from now"
    return False, None


# the worker's goal -> whether a vacancy meets it
_GOAL_TESTS: dict[str, Callable[[WorkerProfile, VacancyFacts, str], GoalMet]] = {
    "pay": _pays_more,
    "more_hours": _more_hours,
    "secure_contract": _more_secure,
    "better_shifts": _better_shifts,
    "different_sector": _different_sector,
}


def _amount(pence: int) -> str:
    """'49p' under a pound, else '£1.29' (what a worker says and reads)."""
    return f"{pence}p" if 0 < pence < 100 else money(pence)


def _hours(value: float) -> str:
    return f"{value:g}"


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _origin(profile: WorkerProfile) -> geo.District | None:
    return geo.lookup(profile.postcode_district) if profile.postcode_district else None


def distance_km(origin: geo.District | None, vacancy: VacancyFacts) -> float | None:
    if vacancy.remote:
        return 0.0
    if origin is None or vacancy.latitude is None or vacancy.longitude is None:
        return None
    return geo.haversine_km(origin.latitude, origin.longitude, vacancy.latitude, vacancy.longitude)


class _Scored:
    """One candidate's score while ranking (a plain slotted class: hundreds are made per
    search, and only the few shown become a `Match`)."""

    __slots__ = (
        "vacancy",
        "parts",
        "total",
        "goal_met",
        "goal_reason",
        "role_reason",
        "rota",
        "distance_km",
    )

    def __init__(
        self,
        vacancy: VacancyFacts,
        parts: tuple[float, float, float, float, float],
        goal_met: bool | None,
        goal_reason: str | None,
        role_reason: str | None,
        rota: str,
        distance_km: float | None,
    ) -> None:
        self.vacancy = vacancy
        self.parts = parts
        self.total = sum(parts)
        self.goal_met = goal_met
        self.goal_reason = goal_reason
        self.role_reason = role_reason
        self.rota = rota
        self.distance_km = distance_km

    @property
    def score(self) -> Score:
        return Score(*self.parts)

    def key(self) -> tuple[float, ...]:
        v = self.vacancy
        return (
            -self.total,
            -v.pay_min_pence,
            -(v.pay_max_pence or v.pay_min_pence),
            -v.guaranteed_weekly_hours,
            self.distance_km if self.distance_km is not None else math.inf,
            v.closing_date.toordinal(),
            v.id,
        )


def score(
    profile: WorkerProfile,
    vacancy: VacancyFacts,
    *,
    origin: geo.District | None = None,
    reference: _Reference | None = None,
    busy_week: tuple[tuple[int, int], ...] | None = None,
    avoid_week: tuple[tuple[int, int], ...] | None = None,
) -> _Scored | None:
    """The score of one vacancy, or None when it is beyond the worker's travel limit."""
    km = distance_km(origin if origin is not None else _origin(profile), vacancy)
    limit = profile.travel_limit_km if profile.travel_limit_km is not None else DEFAULT_TRAVEL_KM
    if km is not None and km > limit:
        return None
    busy = busy_week if busy_week is not None else _week(tuple(profile.busy))
    avoid = avoid_week if avoid_week is not None else _week(tuple(profile.avoid), 0)
    rota = rota_state(vacancy, busy, avoid)
    met, goal_reason = goal_met(profile, vacancy, rota)
    role_points, role_reason = (reference or _Reference(profile)).points(vacancy)
    goal = role_points + (GOAL_MET if met else GOAL_UNSURE if met is None and profile.goal else 0)

    pay = 0.0
    if profile.hourly_pence:
        percent = (vacancy.pay_min_pence - profile.hourly_pence) * 100 / profile.hourly_pence
        pay = _clamp(percent * PAY_PER_PERCENT, -PAY_CAP, PAY_CAP)

    rank = contract_rank(vacancy.contract_type) or 0
    security = float(rank * CONTRACT_STEP)
    if profile.weekly_hours is not None:
        diff = vacancy.guaranteed_weekly_hours - profile.weekly_hours
        change = diff * HOURS_GAINED if diff > 0 else -diff * HOURS_LOST
        security += _clamp(change, HOURS_MIN, HOURS_MAX)

    rota_points = ROTA_FITS if rota == "fits" else ROTA_CLASH if rota == "clash" else ROTA_CHECK
    parts = (float(goal), pay, float(rota_points), PER_KM * km if km else 0.0, security)
    return _Scored(vacancy, parts, met, goal_reason, role_reason, rota, km)


# --- words and take-home for the matches shown -----------------------------------------------
def _pay_words(v: VacancyFacts) -> str:
    if v.pay_max_pence and v.pay_max_pence != v.pay_min_pence:
        return f"{money(v.pay_min_pence)} to {money(v.pay_max_pence)} an hour"
    return f"{money(v.pay_min_pence)} an hour"


def _contract_words(v: VacancyFacts) -> str:
    if v.contract_type == "zero_hours":
        return "Zero hours contract: no hours guaranteed"
    kind = CONTRACT_WORDS.get(v.contract_type, "Contract")
    return f"{kind}, {_hours(v.guaranteed_weekly_hours)} hours a week guaranteed"


def reasons(profile: WorkerProfile, s: _Scored) -> tuple[str, ...]:
    """Plain-English reasons, the most important first; each fits on a phone screen."""
    v = s.vacancy
    out: list[str] = []
    if s.goal_reason:
        out.append(s.goal_reason)
    if s.role_reason:
        out.append(s.role_reason)
    pay = _pay_words(v)
    if profile.hourly_pence is not None and profile.goal != "pay":
        diff = v.pay_min_pence - profile.hourly_pence
        if diff > 0:
            pay += f": {_amount(diff)} more than now"
        elif diff < 0:
            pay += f": {_amount(-diff)} less than now"
        else:
            pay += ": the same as now"
    out.append(pay)
    out.append(_contract_words(v))
    _, clashes, rota_words = rota_fit(v, profile.busy, profile.avoid)
    out.extend(clashes)
    out.extend(rota_words)
    if v.remote:
        out.append("Work from home")
    elif s.distance_km is not None:
        where = f" from {profile.postcode_district.upper()}" if profile.postcode_district else ""
        km = round(s.distance_km)
        out.append(f"{km} km{where}" if km >= 1 else f"Less than 1 km{where}")
    else:
        out.append(f"In {v.postcode_district}" if v.postcode_district else "Check where it is")
    if v.training_offered or v.has_linked_courses:
        out.append("Training offered" + (f": {v.training_offered}" if v.training_offered else ""))
    if v.progression:
        out.append(f"Next step: {v.progression}")
    return tuple(out)


def takehome_change(
    profile: WorkerProfile, vacancy: VacancyFacts, today: date
) -> tuple[int | None, int | None, int | None, str | None, str | None]:
    """(now a week, new a week, change a week, tax year, note) from `takehome.compare`."""
    if profile.hourly_pence is None or profile.weekly_hours is None:
        return None, None, None, None, "Tell me your pay and hours now to see the difference."
    try:
        rules = rules_for(today)
    except RulesNotAvailable:
        return None, None, None, None, "Take-home figures for this tax year are not ready yet."
    before = Job(profile.hourly_pence, Decimal(str(profile.weekly_hours)), profile.plan5_loan)
    after = Job(
        vacancy.pay_min_pence, Decimal(str(vacancy.guaranteed_weekly_hours)), profile.plan5_loan
    )
    try:
        c = compare(before, after, profile.household, rules)
    except NotModelled:
        return None, None, None, rules.tax_year, "The pay is too high for this calculator."
    note = None
    if vacancy.contract_type == "zero_hours":
        note = "A zero hours contract guarantees no pay, so this counts none."
    elif vacancy.pay_max_pence and vacancy.pay_max_pence > vacancy.pay_min_pence:
        hours = _hours(vacancy.guaranteed_weekly_hours)
        note = f"At the lowest rate and the {hours} guaranteed hours."
    return (
        c.weekly_before.kept,
        c.weekly_after.kept,
        c.extra_kept_weekly,
        rules.tax_year,
        note,
    )


def takehome_words(change_pence: int | None) -> str | None:
    """'About £34 a week more to live on' (rounded pounds), or None."""
    if change_pence is None:
        return None
    if abs(change_pence) < 50:
        return "About the same to live on each week"
    side = "more" if change_pence > 0 else "less"
    return f"About {pounds(change_pence)} a week {side} to live on"


# --- ranking ---------------------------------------------------------------------------------
def _ranked(
    profile: WorkerProfile, vacancies: Iterable[VacancyFacts], today: date
) -> list[_Scored]:
    origin = _origin(profile)
    reference = _Reference(profile)
    busy = _week(tuple(profile.busy))
    avoid = _week(tuple(profile.avoid), 0)
    scored = [
        s
        for v in vacancies
        if v.closing_date >= today
        and (
            s := score(
                profile, v, origin=origin, reference=reference, busy_week=busy, avoid_week=avoid
            )
        )
        is not None
    ]
    scored.sort(key=_Scored.key)
    return scored


def shortlist(
    profile: WorkerProfile,
    vacancies: Iterable[VacancyFacts],
    today: date,
    *,
    limit: int = 5,
    offset: int = 0,
) -> list[VacancyFacts]:
    """The vacancies `rank` would return, in its order, without their words and take-home
    figures. Only the fields that score are read (id, title, SOC, sector, pay, hours,
    contract, closing date, shifts, remote, place), so a search can fetch the rest for these
    few only and call `rank` on them."""
    return [s.vacancy for s in _ranked(profile, vacancies, today)[offset : offset + max(0, limit)]]


def rank(
    profile: WorkerProfile,
    vacancies: Iterable[VacancyFacts],
    today: date,
    *,
    limit: int = 5,
    offset: int = 0,
) -> list[Match]:
    """The best `limit` matches after `offset`, best first. Vacancies closed before `today`
    and those beyond the travel limit are left out; clashing ones rank last, never hidden."""
    out: list[Match] = []
    for s in _ranked(profile, vacancies, today)[offset : offset + max(0, limit)]:
        v = s.vacancy
        now, new, change, year, note = takehome_change(profile, v, today)
        why = reasons(profile, s)
        extra = takehome_words(change)
        if extra:
            why = (*why[:2], extra, *why[2:])
        out.append(
            Match(
                vacancy=v,
                score=s.score,
                total=s.total,
                goal_met=s.goal_met,
                rota=s.rota,
                distance_km=None if s.distance_km is None else round(s.distance_km, 1),
                reasons=why,
                clashes=tuple(rota_fit(v, profile.busy, profile.avoid)[1]),
                hourly_change_pence=(
                    None if profile.hourly_pence is None else v.pay_min_pence - profile.hourly_pence
                ),
                hours_change=(
                    None
                    if profile.weekly_hours is None
                    else v.guaranteed_weekly_hours - profile.weekly_hours
                ),
                takehome_weekly_now_pence=now,
                takehome_weekly_new_pence=new,
                takehome_weekly_change_pence=change,
                takehome_tax_year=year,
                takehome_note=note,
            )
        )
    return out
