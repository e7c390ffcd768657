"""The shared weekly-slot model: reading, writing and comparing slots (hand-worked cases and
properties)."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timetable import (
    MINUTES_PER_WEEK,
    find_clashes,
    fmt_range,
    format_timetable,
    overlap_minutes,
    parse_timetable,
    slot_minutes,
    slots_overlap,
)

MON, FRI, SAT, SUN = 0, 4, 5, 6


def test_overnight_shifts_are_read_only_when_allowed() -> None:
    with pytest.raises(ValueError, match="End time must be after start time"):
        parse_timetable("Fri 22:00-06:00")
    assert parse_timetable("Fri 22:00-06:00", overnight=True) == ((FRI, time(22), time(6)),)
    with pytest.raises(ValueError, match="End time must be after start time"):
        parse_timetable("Fri 09:00-09:00", overnight=True)  # no length at all


def test_a_week_of_more_than_50_slots_is_refused() -> None:
    text = "; ".join(["Mon 09:00-10:00"] * 51)
    with pytest.raises(ValueError, match="at most 50"):
        parse_timetable(text)


def test_slot_minutes_and_overlap_minutes_by_hand() -> None:
    night = (FRI, time(22), time(6))
    assert slot_minutes(night) == 8 * 60
    # Fri 22:00 - Sat 06:00 inside "Sat 00:00-07:00": 6 hours
    assert overlap_minutes(night, (SAT, time(0), time(7))) == 6 * 60
    # Sunday night wraps into Monday morning
    assert overlap_minutes((SUN, time(23), time(7)), (MON, time(0), time(6))) == 6 * 60
    assert overlap_minutes((MON, time(9), time(17)), (MON, time(17), time(18))) == 0


def test_clashes_are_named_by_the_caller() -> None:
    clashes, fine = find_clashes(
        [(MON, time(9), time(17)), (FRI, time(9), time(17))],
        [(MON, time(8), time(10))],
        0,
        name_busy=lambda s: "the school run",
    )
    assert clashes == ["Mon 9am-5pm clashes with the school run"]
    assert fine == ["Fri 9am-5pm: you're free then"]


clock = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
slot = st.tuples(st.integers(0, 6), clock, clock).filter(lambda s: s[1] != s[2])


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(slot, max_size=8))
def test_format_then_parse_gives_the_same_slots(slots: list) -> None:
    assert parse_timetable(format_timetable(sorted(slots)), overnight=True) == tuple(sorted(slots))


@settings(max_examples=300, derandomize=True, deadline=None)
@given(slot, slot)
def test_overlap_minutes_agrees_with_slots_overlap(a: tuple, b: tuple) -> None:
    shared = overlap_minutes(a, b)
    assert 0 <= shared <= min(slot_minutes(a), slot_minutes(b)) <= MINUTES_PER_WEEK
    assert (shared > 0) == slots_overlap(a, b)
    assert shared == overlap_minutes(b, a)


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [(time(0), time(9), "midnight-9am"), (time(15), time(0), "3pm-midnight"),
     (time(0), time(0), "all day"), (time(22), time(6), "10pm-6am"), (time(18), time(21), "6-9pm")],
)  # fmt: skip
def test_fmt_range_says_midnight_not_12am(start: time, end: time, said: str) -> None:
    assert fmt_range(start, end) == said
