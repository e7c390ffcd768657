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
    """Fit, plain-English reasons and clashes for one run. Higher score ranks first."""
    in_person = run.delivery_mode in IN_PERSON_MODES
    reasons: list[str] = []
    clashes: list[str] = []
    tier = 2
    score = 0.0

    # Where and how.
    if run.delivery_mode == "online":
        if run.self_paced:
            reasons.append("Online, any time")
        elif run.sessions:
            reasons.append("Online, at set times")
        else:
            reasons.append("Online")
    elif run.delivery_mode == "work_based":
        reasons.append("You learn at work")
    elif run.self_paced:
        reasons.append("Study at your own pace")
    if in_person and run.distance_km is not None:
        km = max(1, round(run.distance_km))
        where = f" from {postcode_district}" if postcode_district else " away"
        reasons.append(f"{km} km{where}")
        score -= 2.0 * run.distance_km

    # When: the timetable against the shifts.
    if run.self_paced:
        score += 15
    elif run.sessions:
        ordered = sorted(run.sessions, key=lambda s: (s[0], minutes(s[1])))
        if rota_varies:
            tier = 1
            times = ", ".join(fmt_slot(s) for s in ordered)
            reasons.append(f"Set times ({times}). Check they fit your rota")
        elif busy_slots:
            buffer = TRAVEL_BUFFER_MINUTES if in_person else 0
            clashes, fine = find_clashes(ordered, busy_slots, buffer)
            if clashes:
                tier = 0
                score -= 25 * len(clashes)
            else:
                score += 20  # checked against the real shifts: a sure fit
            reasons.extend(fine)
        else:
            reasons.extend(f"{fmt_slot(s)}" for s in ordered)
    elif run.delivery_mode != "work_based":
        tier = 1
        label = PATTERN_WORDS.get(run.attendance_pattern or "", "Class times not given")
        reasons.append(f"{label}. Ask the college for the times")

    # Start date.
    if run.flexible_start:
        reasons.append("Starts any time")
        score += 10
    elif run.start_date is not None:
        reasons.append(f"Starts {fmt_date(run.start_date)}")
        if today is not None:
            days = (run.start_date - today).days
            if 0 <= days <= 90:
                score += (90 - days) / 9  # sooner is better, at most +10

    # A changing rota needs freedom over when to study.
    if rota_varies:
        if run.self_paced:
            score += 120
        if run.flexible_start:
            score += 60
        if run.delivery_mode in ("online", "work_based"):
            score += 60
        elif in_person and not run.self_paced:
            score -= 40
    elif run.delivery_mode in ("online", "work_based"):
        score += 5

    score += relevance
    return Fit(tier=tier, score=tier * 1000 + score, reasons=reasons, clashes=clashes)


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
