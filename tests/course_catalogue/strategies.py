"""Hypothesis strategies for shift fit: any course run against any week of shifts.

Why: the examples in test_shift_fit.py pin the rules people read; the properties need every
mix of delivery mode, timetable, start and rota, with shifts that run overnight and past Sunday
midnight, so the ranking policy in course_catalogue/shift_fit.py is checked for all of them.
"""

from __future__ import annotations

from datetime import date, time

from hypothesis import strategies as st

from course_catalogue.shift_fit import PATTERN_WORDS, RunFacts, Slot

MODES = ("classroom", "blended", "online", "work_based")
TIMES = st.builds(time, st.integers(min_value=0, max_value=23), st.sampled_from((0, 15, 30, 45)))
SLOTS: st.SearchStrategy[Slot] = st.tuples(st.integers(min_value=0, max_value=6), TIMES, TIMES)
WEEKS = st.lists(SLOTS, max_size=7)
DAYS = st.dates(date(2026, 1, 1), date(2027, 12, 31))

RUNS: st.SearchStrategy[RunFacts] = st.builds(
    RunFacts,
    delivery_mode=st.sampled_from(MODES),
    sessions=st.lists(SLOTS, max_size=5).map(tuple),
    self_paced=st.booleans(),
    flexible_start=st.booleans(),
    start_date=st.none() | DAYS,
    attendance_pattern=st.none() | st.sampled_from((*PATTERN_WORDS, "other")),
    distance_km=st.none() | st.floats(min_value=0, max_value=100),
)
