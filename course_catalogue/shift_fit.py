"""Shift fit: does a course run's weekly timetable fit around a worker's shifts?

Pure logic, no I/O. Times are UK local wall-clock times on a weekly grid (day 0 = Monday).
A slot whose end is at or before its start runs overnight into the next day (a 22:00-06:00
night shift). In-person sessions get a travel buffer on each side, because you cannot finish
a shift at 17:45 and be in a classroom across town at 18:00.

Ranking policy (documented here because the bot and coaches rely on it):
- tier 2 "fits": no clash found, or nothing to clash with (self-paced, online any time,
  learning at work);
- tier 1 "unsure": times we cannot check (the provider gave no timetable, or the worker's
  rota changes week to week and the run has fixed times);
- tier 0 "clashes": at least one session overlaps a shift (with travel buffer).
Runs are never hidden for clashing: they rank below every run in a better tier, so they only
show up when there are few better options, and the clash is always spelled out.
Within a tier, variable rotas push self-paced, online and flexible-start runs up; then
nearer, sooner and more relevant runs win.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

# The weekly-slot model and its words are shared with jobs/ (vacancy shifts): see timetable/.
from timetable import (
    DAY_LONG,
    DAY_SHORT,
    MINUTES_PER_DAY,
    MINUTES_PER_WEEK,
    Slot,
    find_clashes,
    fmt_date,
    fmt_range,
    fmt_slot,
    fmt_time,
    minutes,
    slots_overlap,
)

TRAVEL_BUFFER_MINUTES = 30
IN_PERSON_MODES = frozenset({"classroom", "blended"})

PATTERN_WORDS = {
    "daytime": "Daytime classes",
    "evening": "Evening classes",
    "weekend": "Weekend classes",
    "day_block_release": "Day or block release from work",
}


@dataclass(frozen=True)
class RunFacts:
    """What the fit needs to know about one course run."""

    delivery_mode: str
    sessions: tuple[Slot, ...] = ()
    self_paced: bool = False
    flexible_start: bool = False
    start_date: date | None = None
    attendance_pattern: str | None = None
    distance_km: float | None = None


@dataclass(frozen=True)
class Fit:
    tier: int  # 2 fits, 1 unsure, 0 clashes
    score: float
    reasons: list[str] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)


# --- the fit ---------------------------------------------------------------------------------
def assess(
    run: RunFacts,
    busy_slots: Sequence[Slot] = (),
    rota_varies: bool = False,
    postcode_district: str | None = None,
    today: date | None = None,
    relevance: float = 0.0,
) -> Fit:
    """Fit, plain-English reasons and clashes for one run. Higher score ranks first.

    The reasons come in the order a worker asks: where and how, when (against their shifts),
    when it starts; the score adds up in the same order, then what a changing rota needs.
    """
    draft = _Draft()
    _where_and_how(draft, run, postcode_district)
    _when(draft, run, busy_slots, rota_varies)
    _start(draft, run, today)
    _rota_freedom(draft, run, rota_varies)
    draft.score += relevance
    return Fit(
        tier=draft.tier,
        score=draft.tier * 1000 + draft.score,
        reasons=draft.reasons,
        clashes=draft.clashes,
    )


@dataclass
class _Draft:
    """A fit being worked out: each step below adds its reasons and score, in turn."""

    tier: int = 2
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)


def _how(run: RunFacts) -> str | None:
    if run.delivery_mode == "online":
        if run.self_paced:
            return "Online, any time"
        return "Online, at set times" if run.sessions else "Online"
    if run.delivery_mode == "work_based":
        return "You learn at work"
    return "Study at your own pace" if run.self_paced else None


def _where_and_how(draft: _Draft, run: RunFacts, postcode_district: str | None) -> None:
    """Online, at work or at your own pace; how far away a classroom is (nearer ranks higher)."""
    how = _how(run)
    if how is not None:
        draft.reasons.append(how)
    if run.delivery_mode in IN_PERSON_MODES and run.distance_km is not None:
        km = max(1, round(run.distance_km))
        where = f" from {postcode_district}" if postcode_district else " away"
        draft.reasons.append(f"{km} km{where}")
        draft.score -= 2.0 * run.distance_km


def _when(draft: _Draft, run: RunFacts, busy_slots: Sequence[Slot], rota_varies: bool) -> None:
    """The timetable against the shifts: a sure fit, clashes, or times we cannot check."""
    if run.self_paced:
        draft.score += 15
        return
    if not run.sessions:
        if run.delivery_mode != "work_based":
            draft.tier = 1
            label = PATTERN_WORDS.get(run.attendance_pattern or "", "Class times not given")
            draft.reasons.append(f"{label}. Ask the college for the times")
        return
    ordered = sorted(run.sessions, key=lambda s: (s[0], minutes(s[1])))
    if rota_varies:
        draft.tier = 1
        times = ", ".join(fmt_slot(s) for s in ordered)
        draft.reasons.append(f"Set times ({times}). Check they fit your rota")
    elif not busy_slots:
        draft.reasons.extend(f"{fmt_slot(s)}" for s in ordered)
    else:
        buffer = TRAVEL_BUFFER_MINUTES if run.delivery_mode in IN_PERSON_MODES else 0
        draft.clashes, fine = find_clashes(ordered, busy_slots, buffer)
        if draft.clashes:
            draft.tier = 0
            draft.score -= 25 * len(draft.clashes)
        else:
            draft.score += 20  # checked against the real shifts: a sure fit
        draft.reasons.extend(fine)


def _start(draft: _Draft, run: RunFacts, today: date | None) -> None:
    """Any-time starts rank up; a fixed start within 90 days ranks higher the sooner it is."""
    if run.flexible_start:
        draft.reasons.append("Starts any time")
        draft.score += 10
        return
    if run.start_date is None:
        return
    draft.reasons.append(f"Starts {fmt_date(run.start_date)}")
    if today is not None:
        days = (run.start_date - today).days
        if 0 <= days <= 90:
            draft.score += (90 - days) / 9  # sooner is better, at most +10


def _rota_freedom(draft: _Draft, run: RunFacts, rota_varies: bool) -> None:
    """A changing rota needs freedom over when to study: self-paced, flexible-start, online and
    at-work runs go up, fixed classroom times go down."""
    anywhere = run.delivery_mode in ("online", "work_based")
    if not rota_varies:
        if anywhere:
            draft.score += 5
        return
    if run.self_paced:
        draft.score += 120
    if run.flexible_start:
        draft.score += 60
    if anywhere:
        draft.score += 60
    elif run.delivery_mode in IN_PERSON_MODES and not run.self_paced:
        draft.score -= 40


__all__ = [
    "DAY_LONG",
    "DAY_SHORT",
    "IN_PERSON_MODES",
    "MINUTES_PER_DAY",
    "MINUTES_PER_WEEK",
    "TRAVEL_BUFFER_MINUTES",
    "Fit",
    "RunFacts",
    "Slot",
    "assess",
    "find_clashes",
    "fmt_date",
    "fmt_range",
    "fmt_slot",
    "fmt_time",
    "slots_overlap",
]
