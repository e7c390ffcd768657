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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
TRAVEL_BUFFER_MINUTES = 30
IN_PERSON_MODES = frozenset({"classroom", "blended"})

DAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

PATTERN_WORDS = {
    "daytime": "Daytime classes",
    "evening": "Evening classes",
    "weekend": "Weekend classes",
    "day_block_release": "Day or block release from work",
}

Slot = tuple[int, time, time]


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


# --- time helpers --------------------------------------------------------------------------
def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _intervals(day: int, start: time, end: time, pad: int = 0) -> list[tuple[int, int]]:
    """Week-minute intervals [a, b) for a slot, split where it wraps past Sunday midnight.

    End at or before start means the slot runs overnight into the next day.
    """
    length = (_minutes(end) - _minutes(start)) % MINUTES_PER_DAY or MINUTES_PER_DAY
    a = (day * MINUTES_PER_DAY + _minutes(start) - pad) % MINUTES_PER_WEEK
    b = a + length + 2 * pad
    if b <= MINUTES_PER_WEEK:
        return [(a, b)]
    return [(a, MINUTES_PER_WEEK), (0, b - MINUTES_PER_WEEK)]


def slots_overlap(s1: Slot, s2: Slot, buffer_minutes: int = 0) -> bool:
    """True if two weekly slots overlap; `buffer_minutes` pads the first slot on both sides."""
    first = _intervals(*s1, pad=buffer_minutes)
    second = _intervals(*s2)
    return any(a < d and c < b for a, b in first for c, d in second)


def fmt_time(t: time, with_suffix: bool = True) -> str:
    """13:30 -> "1:30pm", 09:00 -> "9am", 00:00 -> "12am"."""
    hour12 = t.hour % 12 or 12
    text = f"{hour12}:{t.minute:02d}" if t.minute else f"{hour12}"
    if with_suffix:
        text += "am" if t.hour < 12 else "pm"
    return text


def fmt_range(start: time, end: time) -> str:
    """ "6-9pm", "9:30am-12:30pm", "10pm-6am"."""
    same_half = (start.hour < 12) == (end.hour < 12) and _minutes(end) > _minutes(start)
    if same_half and not (end.hour == 12 and end.minute == 0):
        return f"{fmt_time(start, with_suffix=False)}-{fmt_time(end)}"
    return f"{fmt_time(start)}-{fmt_time(end)}"


def fmt_slot(slot: Slot) -> str:
    day, start, end = slot
    return f"{DAY_SHORT[day % 7]} {fmt_range(start, end)}"


def _shift_name(slot: Slot) -> str:
    day, start, end = slot
    overnight = _minutes(end) <= _minutes(start)
    kind = "night shift" if overnight else "shift"
    return f"your {DAY_LONG[day % 7]} {kind} ({fmt_range(start, end)})"


def fmt_date(d: date) -> str:
    return f"{d.day} {d.strftime('%b')}"


# --- the fit ---------------------------------------------------------------------------------
def find_clashes(
    sessions: Iterable[Slot], busy: Sequence[Slot], buffer_minutes: int
) -> tuple[list[str], list[str]]:
    """(clash texts, fine-session texts) for each session against every busy slot."""
    clashes: list[str] = []
    fine: list[str] = []
    for session in sessions:
        direct = next((b for b in busy if slots_overlap(session, b)), None)
        if direct is not None:
            clashes.append(f"{fmt_slot(session)} clashes with {_shift_name(direct)}")
            continue
        tight = (
            next((b for b in busy if slots_overlap(session, b, buffer_minutes)), None)
            if buffer_minutes
            else None
        )
        if tight is not None:
            clashes.append(
                f"{fmt_slot(session)} is too close to {_shift_name(tight)} to get there in time"
            )
            continue
        fine.append(f"{fmt_slot(session)}: you're free then")
    return clashes, fine


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
        ordered = sorted(run.sessions, key=lambda s: (s[0], _minutes(s[1])))
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
