"""When should the next check-in go out? Pure rules, no I/O.

A worker picks how often (weekly, fortnightly, monthly) and a time window (morning, afternoon,
evening, or their own times). The next check-in lands one period after `now`, on the first day
that has a free moment inside their window, outside their shifts and outside quiet hours
(no messages 21:00-08:00 local time). All of this is local wall-clock time in the worker's
timezone, so "Saturday 10am" stays 10am across the clock changes in March and October.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FREQUENCIES = ("weekly", "fortnightly", "monthly")
QUIET_HOURS: tuple[time, time] = (time(21, 0), time(8, 0))  # no messages from 21:00 to 08:00
SHIFT_BUFFER = timedelta(minutes=30)  # no message in the half hour before a shift starts
SEARCH_DAYS = 28  # how far past the target day we look for a free moment

BusySlot = tuple[int, time, time]  # (day 0=Monday, start, end); end <= start means overnight


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True)
class CheckinWindow:
    """A daily window in local time, e.g. 17:00-21:00. end <= start is not allowed."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if _minutes(self.end) <= _minutes(self.start) and self.end != time(0):
            raise ValueError("a check-in window must end after it starts")


WINDOWS: dict[str, CheckinWindow] = {
    "morning": CheckinWindow(time(8, 0), time(12, 0)),
    "afternoon": CheckinWindow(time(12, 0), time(17, 0)),
    "evening": CheckinWindow(time(17, 0), time(21, 0)),
    "any": CheckinWindow(time(8, 0), time(21, 0)),
}


def window_from(
    name: str | None = None, start: time | None = None, end: time | None = None
) -> CheckinWindow:
    """A named window ("morning") or explicit times; nothing chosen means any daytime hour."""
    if start is not None and end is not None:
        return CheckinWindow(start, end)
    if name is None:
        return WINDOWS["any"]
    try:
        return WINDOWS[name.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown check-in window {name!r}; use {', '.join(WINDOWS)}") from None


WindowSpec = CheckinWindow | str | tuple[time, time] | None


def as_window(spec: WindowSpec) -> CheckinWindow:
    """Accept a window, a name ("evening"), a (start, end) pair, or None (any daytime hour)."""
    if isinstance(spec, CheckinWindow):
        return spec
    if isinstance(spec, tuple):
        return window_from(None, spec[0], spec[1])
    return window_from(spec)


def next_checkin_at(
    now_utc: datetime,
    frequency: str,
    window: WindowSpec,
    busy_slots: Iterable[BusySlot] = (),
    tz: str = "Europe/London",
    *,
    quiet_hours: tuple[time, time] | None = QUIET_HOURS,
    shift_buffer: timedelta = SHIFT_BUFFER,
) -> datetime:
    """The next check-in time (aware UTC): one period after now, at a good local moment.

    Looks from the target day onwards for the earliest minute that is inside the window, not in
    quiet hours, not in a shift (or just before one). If four weeks hold no such minute (the
    shifts cover every window), the shifts are ignored rather than never checking in.
    """
    if now_utc.tzinfo is None:
        raise ValueError("now_utc must be an aware datetime")
    zone = ZoneInfo(tz)
    local_now = now_utc.astimezone(zone).replace(tzinfo=None)
    target = add_period(local_now.date(), frequency)
    slots = list(busy_slots)
    window = _usable(as_window(window), quiet_hours)
    found = _earliest(target, local_now, window, slots, quiet_hours, shift_buffer)
    if found is None:
        found = _earliest(target, local_now, window, [], quiet_hours, shift_buffer)
    assert found is not None  # a usable window always has a first minute
    return to_utc(found, zone)


def next_good_moment(
    after_utc: datetime,
    window: WindowSpec,
    busy_slots: Iterable[BusySlot] = (),
    tz: str = "Europe/London",
    *,
    quiet_hours: tuple[time, time] | None = QUIET_HOURS,
    shift_buffer: timedelta = SHIFT_BUFFER,
) -> datetime:
    """The first good moment at or after `after_utc` (used for the gentle reminder)."""
    if after_utc.tzinfo is None:
        raise ValueError("after_utc must be an aware datetime")
    zone = ZoneInfo(tz)
    local = after_utc.astimezone(zone).replace(tzinfo=None)
    window = _usable(as_window(window), quiet_hours)
    found = _earliest(local.date(), local, window, list(busy_slots), quiet_hours, shift_buffer)
    if found is None:
        found = _earliest(local.date(), local, window, [], quiet_hours, shift_buffer)
    assert found is not None
    return to_utc(found, zone)


def add_period(day: date, frequency: str) -> date:
    """One period later; a month after 31 January is the last day of February."""
    if frequency == "weekly":
        return day + timedelta(days=7)
    if frequency == "fortnightly":
        return day + timedelta(days=14)
    if frequency == "monthly":
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
        last = calendar.monthrange(year, month)[1]
        return date(year, month, min(day.day, last))
    raise ValueError(f"unknown check-in frequency {frequency!r}; use {', '.join(FREQUENCIES)}")


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """Local wall-clock time to UTC, safe at the clock changes.

    A time that does not exist (clocks go forward, e.g. 01:30 on the last Sunday of March in
    London) moves to the first real moment after the gap (02:00 BST). A time that happens twice
    (clocks go back, 01:30 on the last Sunday of October) means the first of the two (BST).
    """
    first = local.replace(tzinfo=zone, fold=0)
    utc = first.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) == local:
        return utc
    # In a gap: fold=0 used the offset from before the change, so find where the gap ends.
    later = local.replace(tzinfo=zone, fold=1).astimezone(UTC)
    gap_end = max(utc, later)
    while (gap_end - timedelta(minutes=1)).astimezone(zone).replace(tzinfo=None) > local:
        gap_end -= timedelta(minutes=1)
    return gap_end


# --- internals: minutes of a local day --------------------------------------------------------
Interval = tuple[int, int]  # [start, end) in minutes since local midnight
DAY = 24 * 60


def _usable(window: CheckinWindow, quiet_hours: tuple[time, time] | None) -> CheckinWindow:
    """A window that lies wholly in quiet hours is replaced by the whole daytime."""
    if _free_intervals(date(2000, 1, 3), window, (), quiet_hours, timedelta(0)):
        return window
    return WINDOWS["any"]


def _earliest(
    first_day: date,
    local_now: datetime,
    window: CheckinWindow,
    slots: Sequence[BusySlot],
    quiet_hours: tuple[time, time] | None,
    shift_buffer: timedelta,
) -> datetime | None:
    for offset in range(SEARCH_DAYS + 1):
        day = first_day + timedelta(days=offset)
        free = _free_intervals(day, window, slots, quiet_hours, shift_buffer)
        for start, end in free:
            begin = start
            if day == local_now.date():
                now_min = local_now.hour * 60 + local_now.minute + (1 if local_now.second else 0)
                begin = max(begin, now_min)
            if begin < end:
                return datetime.combine(day, time(0)) + timedelta(minutes=begin)
    return None


def _free_intervals(
    day: date,
    window: CheckinWindow,
    slots: Sequence[BusySlot],
    quiet_hours: tuple[time, time] | None,
    shift_buffer: timedelta,
) -> list[Interval]:
    end = DAY if window.end == time(0) else _minutes(window.end)
    free: list[Interval] = [(_minutes(window.start), end)]
    if quiet_hours is not None:
        q_start, q_end = _minutes(quiet_hours[0]), _minutes(quiet_hours[1])
        blocked = [(q_start, DAY), (0, q_end)] if q_end <= q_start else [(q_start, q_end)]
        for b in blocked:
            free = _subtract(free, b)
    for b in _busy_on(day, slots, int(shift_buffer.total_seconds() // 60)):
        free = _subtract(free, b)
    return free


def _busy_on(day: date, slots: Sequence[BusySlot], buffer_min: int) -> list[Interval]:
    """Busy minutes on `day`: its own shifts, plus overnight shifts from the day before."""
    weekday = day.weekday()
    busy: list[Interval] = []
    for slot_day, start, end in slots:
        s, e = _minutes(start), _minutes(end)
        overnight = e <= s
        if slot_day == weekday:
            busy.append((max(0, s - buffer_min), DAY if overnight else e))
        if overnight and (slot_day + 1) % 7 == weekday:
            busy.append((0, e))
        # a shift starting just after midnight tomorrow needs its buffer late today
        if (slot_day - 1) % 7 == weekday and s < buffer_min:
            busy.append((DAY - (buffer_min - s), DAY))
    return busy


def _subtract(free: list[Interval], block: Interval) -> list[Interval]:
    out: list[Interval] = []
    b_start, b_end = block
    for start, end in free:
        if b_end <= start or b_start >= end:
            out.append((start, end))
            continue
        if start < b_start:
            out.append((start, b_start))
        if b_end < end:
            out.append((b_end, end))
    return out
