"""Hypothesis strategies for the catalogue's pure parts: shift fit and row validation.

Why: the examples in test_shift_fit.py and test_validate.py pin the rules people read; the
properties need every mix: course runs of each delivery mode, timetable, start and rota against
shifts that run overnight and past Sunday midnight, and Course Directory rows with any cells
swapped for empty or broken values.
"""

from __future__ import annotations

from datetime import date, time

from hypothesis import strategies as st

from course_catalogue.shift_fit import PATTERN_WORDS, RunFacts, Slot
from tests.course_catalogue.csvdata import course_row

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

# --- Course Directory rows: a valid row of each delivery mode, with cells swapped for good,
# empty and broken values (whitespace, wrong case, markup, too long, impossible dates)
ONLINE = {"DELIVERY_MODE": "Online", "VENUE_NAME": "", "STUDY_MODE": "", "ATTENDANCE_PATTERN": ""}
WORK_BASED = {**ONLINE, "DELIVERY_MODE": "Work based", "NATIONAL_DELIVERY": "Yes"}
CELLS: dict[str, tuple[str, ...]] = {
    "LARS_QAN": ("60123456", "", "bad code!", "6012345", "ABCDEFGHI", " 6012345x "),
    "WHO_THIS_COURSE_IS_FOR": ("Adults in care", "", "<b>hi</b>", "x" * 2001),
    "COURSE_NAME": ("Care level 2", "", "`x`"),
    "YOUR_REFERENCE": ("CARE-1", "", "<x>"),
    "DELIVERY_MODE": ("Classroom based", "online", "WORK BASED", "Blended", "", "zoom"),
    "FLEXIBLE_START_DATE": ("", "Yes", "No", "maybe"),
    "START_DATE": ("", "01/02/2027", "31/02/2027", "01/01/2020", "2027-01-01"),
    "VENUE_NAME": ("", "Main Campus", " main  campus ", "Nowhere"),
    "YOUR_VENUE_REFERENCE": ("", "V1", "v2", "V9"),
    "NATIONAL_DELIVERY": ("", "Yes", "No", "perhaps"),
    "SUB_REGION": ("", "Leeds", "Leeds; York", " ; "),
    "COURSE_WEBPAGE": ("", "https://www.example.ac.uk/care", "not a page"),
    "COST": ("", "450.50", "12.345", "abc", "1000000", "0"),
    "COST_DESCRIPTION": ("", "Free for most people", "<x>"),
    "DURATION": ("", "30", "0", "1000", "3.5", "999"),
    "DURATION_UNIT": ("", "Weeks", "hours", "MONTHS"),
    "STUDY_MODE": ("", "Part time", "full-time", "sometimes"),
    "ATTENDANCE_PATTERN": ("", "Evening", "day/block release", "whenever"),
    "TIMETABLE": ("", "Tue 18:00-21:00", "Tue 6pm-9pm; Thu 18:00-21:00", "Blursday 1-2"),
    "SELF_PACED": ("", "Yes", "No", "kinda"),
    "LEVEL": ("", "2", "Entry", "9", "x"),
    "SECTOR": ("", "Care", "<x>"),
    "LOAN_APPROVED": ("", "Yes", "Unknown", "eh"),
}
BASE_ROWS = (course_row(), course_row(**ONLINE), course_row(**WORK_BASED))
COURSE_ROWS: st.SearchStrategy[dict[str, str]] = st.builds(
    lambda base, changes: {**base, **changes},
    st.sampled_from(BASE_ROWS),
    st.dictionaries(st.sampled_from(sorted(CELLS)), st.just(""), max_size=6).flatmap(
        lambda picked: st.fixed_dictionaries({c: st.sampled_from(CELLS[c]) for c in picked})
    ),
)
