"""Weekly timetables: one model of "a slot in the week" shared by course runs, shifts and rotas.

Layer 1, pure: no I/O, no project imports. A slot is `(day, start, end)`: day 0 = Monday,
start and end UK local wall-clock times. A slot whose end is at or before its start runs
overnight into the next day (a 22:00-06:00 night shift).

Used by the course catalogue (a run's sessions against a worker's shifts, `shift_fit`) and by
jobs (a vacancy's shifts against the times a worker cannot work), so both read, write, compare
and describe a week the same way. Moved here from `course_catalogue` so jobs need not copy it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, time

Slot = tuple[int, time, time]

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

DAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_LABELS = DAY_SHORT  # the spelling written back to CSV files and the API

# Day words a file or form may use -> day number.
DAY_NAMES: dict[str, int] = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "weds": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}

CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)
MAX_SLOTS = 50  # no real week has more sessions or shifts; a longer list is a mistake


# --- reading and writing ---------------------------------------------------------------------
def parse_clock(value: str) -> time | None:
    """'18:00', '6pm', '6.30pm' -> time; None when it is not a clock time."""
    match = CLOCK.match(value.strip())
    if not match:
        return None
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower() == "pm" else 0)
    elif match.group(2) is None:
        return None  # a bare "18" is too ambiguous
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_day(value: str) -> int | None:
    return DAY_NAMES.get(value.strip().lower().rstrip("."))


def parse_timetable(value: str, *, overnight: bool = False) -> tuple[Slot, ...]:
    """'Tue 18:00-21:00; Thu 6pm-9pm' -> slots. Raises ValueError with a friendly message.

    Course sessions end after they start. Shifts may run overnight (`overnight=True`):
    'Fri 22:00-06:00' is Friday night into Saturday morning.
    """
    slots: list[Slot] = []
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        day_text, _, times = part.partition(" ")
        day = parse_day(day_text)
        start_text, dash, end_text = times.replace("–", "-").partition("-")
        start, end = parse_clock(start_text), parse_clock(end_text)
        if day is None or not dash or start is None or end is None:
            raise ValueError(
                f"Enter each session as a day and times, like Tue 18:00-21:00 (not '{part}')"
            )
        if end == start or (end < start and not overnight):
            raise ValueError(f"End time must be after start time ('{part}')")
        slots.append((day, start, end))
        if len(slots) > MAX_SLOTS:
            raise ValueError(f"Enter at most {MAX_SLOTS} sessions a week")
    return tuple(sorted(slots))


def format_timetable(slots: Iterable[Slot]) -> str:
    """Slots -> 'Tue 18:00-21:00; Thu 18:00-21:00' (what `parse_timetable` reads)."""
    return "; ".join(
        f"{DAY_LABELS[d]} {s.strftime('%H:%M')}-{e.strftime('%H:%M')}" for d, s, e in slots
    )


# --- time arithmetic -------------------------------------------------------------------------
def minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def slot_minutes(slot: Slot) -> int:
    """How long a slot lasts; an overnight slot counts to the next morning."""
    _, start, end = slot
    return (minutes(end) - minutes(start)) % MINUTES_PER_DAY or MINUTES_PER_DAY


def intervals(day: int, start: time, end: time, pad: int = 0) -> list[tuple[int, int]]:
    """Week-minute intervals [a, b) for a slot, split where it wraps past Sunday midnight.

    End at or before start means the slot runs overnight into the next day.
    """
    length = slot_minutes((day, start, end))
    a = (day * MINUTES_PER_DAY + minutes(start) - pad) % MINUTES_PER_WEEK
    b = a + length + 2 * pad
    if b <= MINUTES_PER_WEEK:
        return [(a, b)]
    return [(a, MINUTES_PER_WEEK), (0, b - MINUTES_PER_WEEK)]


def slots_overlap(s1: Slot, s2: Slot, buffer_minutes: int = 0) -> bool:
    """True if two weekly slots overlap; `buffer_minutes` pads the first slot on both sides."""
    first = intervals(*s1, pad=buffer_minutes)
    second = intervals(*s2)
    return any(a < d and c < b for a, b in first for c, d in second)


def overlap_minutes(slot: Slot, window: Slot) -> int:
    """Minutes of `slot` that fall inside `window` (both weekly slots)."""
    return sum(
        max(0, min(b, d) - max(a, c)) for a, b in intervals(*slot) for c, d in intervals(*window)
    )


# --- words -----------------------------------------------------------------------------------
def fmt_time(t: time, with_suffix: bool = True) -> str:
    """13:30 -> "1:30pm", 09:00 -> "9am", 00:00 -> "12am"."""
    hour12 = t.hour % 12 or 12
    text = f"{hour12}:{t.minute:02d}" if t.minute else f"{hour12}"
    if with_suffix:
        text += "am" if t.hour < 12 else "pm"
    return text


def fmt_range(start: time, end: time) -> str:
    """ "6-9pm", "9:30am-12:30pm", "10pm-6am", "midnight-9am" (not "12-9am")."""
    if start == end == time(0):
        return "all day"
    if start == time(0) and end != time(0):
        return f"midnight-{fmt_time(end)}"
    if end == time(0) and start != time(0):
        return f"{fmt_time(start)}-midnight"
    same_half = (start.hour < 12) == (end.hour < 12) and minutes(end) > minutes(start)
    if same_half and not (end.hour == 12 and end.minute == 0):
        return f"{fmt_time(start, with_suffix=False)}-{fmt_time(end)}"
    return f"{fmt_time(start)}-{fmt_time(end)}"


def fmt_slot(slot: Slot) -> str:
    day, start, end = slot
    return f"{DAY_SHORT[day % 7]} {fmt_range(start, end)}"


def fmt_date(d: date) -> str:
    return f"{d.day} {d.strftime('%b')}"


def shift_name(slot: Slot) -> str:
    """ "your Monday shift (9am-5pm)", "your Friday night shift (10pm-6am)"."""
    day, start, end = slot
    overnight = minutes(end) <= minutes(start)
    kind = "night shift" if overnight else "shift"
    return f"your {DAY_LONG[day % 7]} {kind} ({fmt_range(start, end)})"


def find_clashes(
    sessions: Iterable[Slot],
    busy: Sequence[Slot],
    buffer_minutes: int,
    name_busy: Callable[[Slot], str] = shift_name,
) -> tuple[list[str], list[str]]:
    """(clash texts, fine-session texts) for each session against every busy slot.

    `name_busy` says what a busy slot is in words ("your Monday shift (9am-5pm)" by default).
    """
    clashes: list[str] = []
    fine: list[str] = []
    for session in sessions:
        direct = next((b for b in busy if slots_overlap(session, b)), None)
        if direct is not None:
            clashes.append(f"{fmt_slot(session)} clashes with {name_busy(direct)}")
            continue
        tight = (
            next((b for b in busy if slots_overlap(session, b, buffer_minutes)), None)
            if buffer_minutes
            else None
        )
        if tight is not None:
            clashes.append(
                f"{fmt_slot(session)} is too close to {name_busy(tight)} to get there in time"
            )
            continue
        fine.append(f"{fmt_slot(session)}: you're free then")
    return clashes, fine


__all__ = [
    "DAY_LABELS",
    "DAY_LONG",
    "DAY_NAMES",
    "DAY_SHORT",
    "MAX_SLOTS",
    "MINUTES_PER_DAY",
    "MINUTES_PER_WEEK",
    "Slot",
    "find_clashes",
    "fmt_date",
    "fmt_range",
    "fmt_slot",
    "fmt_time",
    "format_timetable",
    "intervals",
    "minutes",
    "overlap_minutes",
    "parse_clock",
    "parse_day",
    "parse_timetable",
    "shift_name",
    "slot_minutes",
    "slots_overlap",
]
