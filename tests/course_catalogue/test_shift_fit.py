"""Clash detection and ranking, pure."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_catalogue.shift_fit import RunFacts, Slot, assess, fmt_range, slots_overlap

from .strategies import DAYS, RUNS, WEEKS

TODAY = date(2026, 11, 23)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (time(18), time(21), "6-9pm"),
        (time(9, 30), time(12, 30), "9:30am-12:30pm"),
        (time(22), time(6), "10pm-6am"),
        (time(10), time(13), "10am-1pm"),
        (time(18, 30), time(20, 30), "6:30-8:30pm"),
    ],
)
def test_time_ranges_read_naturally(start: time, end: time, text: str) -> None:
    assert fmt_range(start, end) == text


def test_overlap_and_no_overlap_same_day() -> None:
    assert slots_overlap((TUE, time(18), time(21)), (TUE, time(17), time(23)))
    assert not slots_overlap((TUE, time(18), time(21)), (TUE, time(7), time(15)))
    assert not slots_overlap((TUE, time(18), time(21)), (WED, time(18), time(21)))


def test_overnight_shift_runs_into_the_next_day() -> None:
    night = (TUE, time(22), time(6))
    assert slots_overlap((WED, time(1), time(2)), night)
    assert not slots_overlap((WED, time(9), time(12)), night)
    # Sunday night wraps into Monday morning.
    assert slots_overlap((MON, time(5), time(7)), (SUN, time(22), time(6)))


def test_evening_class_clashes_with_late_shift() -> None:
    run = RunFacts("classroom", sessions=((THU, time(18), time(21)),), start_date=TODAY)
    fit = assess(run, busy_slots=((THU, time(17), time(23)),), today=TODAY)
    assert fit.tier == 0
    assert fit.clashes == ["Thu 6-9pm clashes with your Thursday shift (5-11pm)"]


def test_night_shift_clash_is_named() -> None:
    run = RunFacts("online", sessions=((SAT, time(2), time(4)),), start_date=TODAY)
    fit = assess(run, busy_slots=((FRI, time(22), time(6)),), today=TODAY)
    assert fit.clashes == ["Sat 2-4am clashes with your Friday night shift (10pm-6am)"]


def test_travel_buffer_applies_in_person_only() -> None:
    shift = ((TUE, time(9), time(17, 45)),)
    session = ((TUE, time(18), time(21)),)
    classroom = assess(RunFacts("classroom", sessions=session), busy_slots=shift)
    assert classroom.tier == 0
    assert "too close" in classroom.clashes[0]
    online = assess(RunFacts("online", sessions=session), busy_slots=shift)
    assert online.tier == 2 and online.clashes == []


def test_free_evening_reason_and_distance() -> None:
    run = RunFacts(
        "classroom",
        sessions=((TUE, time(18), time(21)),),
        start_date=date(2026, 12, 7),
        distance_km=2.6,
    )
    fit = assess(run, busy_slots=((MON, time(7), time(15)),), postcode_district="LS6", today=TODAY)
    assert fit.tier == 2
    assert fit.reasons == ["3 km from LS6", "Tue 6-9pm: you're free then", "Starts 7 Dec"]


def test_clashing_runs_rank_below_clean_ones() -> None:
    busy = ((THU, time(17), time(23)),)
    clean_far = RunFacts("classroom", sessions=((TUE, time(18), time(21)),), distance_km=14)
    clashing_near = RunFacts("classroom", sessions=((THU, time(18), time(21)),), distance_km=1)
    assert assess(clean_far, busy_slots=busy).score > assess(clashing_near, busy_slots=busy).score


def test_variable_rota_prefers_self_paced_and_flexible() -> None:
    self_paced = RunFacts("online", self_paced=True, flexible_start=True)
    fixed = RunFacts(
        "classroom", sessions=((TUE, time(18), time(21)),), start_date=TODAY, distance_km=1
    )
    a = assess(self_paced, rota_varies=True, today=TODAY)
    b = assess(fixed, rota_varies=True, today=TODAY)
    assert a.reasons == ["Online, any time", "Starts any time"]
    assert b.tier == 1 and "Check they fit your rota" in b.reasons[1]
    assert a.score > b.score


def test_unknown_times_are_unsure_not_clean() -> None:
    run = RunFacts("classroom", attendance_pattern="evening", start_date=TODAY)
    fit = assess(run, busy_slots=((MON, time(7), time(15)),))
    assert fit.tier == 1
    assert fit.reasons[0] == "Evening classes. Ask the college for the times"


def test_work_based_needs_no_timetable() -> None:
    fit = assess(
        RunFacts("work_based", flexible_start=True), busy_slots=((MON, time(7), time(15)),)
    )
    assert fit.tier == 2
    assert fit.reasons == ["You learn at work", "Starts any time"]


# --- properties: the ranking policy in the module docstring, for any run and any week ----------

FAST = settings(derandomize=True, max_examples=300, deadline=None)


@FAST
@given(RUNS, WEEKS, st.booleans(), st.none() | DAYS)
def test_a_run_clashes_exactly_when_a_clash_is_spelled_out(
    run: RunFacts, busy: list[Slot], rota_varies: bool, today: date | None
) -> None:
    fit = assess(run, busy, rota_varies, today=today)
    assert fit.tier in (0, 1, 2)
    assert (fit.tier == 0) == bool(fit.clashes)
    if fit.tier == 0:  # only a fixed timetable checked against real shifts can clash
        assert run.sessions and busy and not run.self_paced and not rota_varies
        assert len(fit.clashes) + sum("you're free then" in r for r in fit.reasons) == len(
            run.sessions
        )


@FAST
@given(RUNS, RUNS, WEEKS, st.booleans(), st.none() | DAYS)
def test_a_better_tier_always_ranks_higher(
    a: RunFacts, b: RunFacts, busy: list[Slot], rota_varies: bool, today: date | None
) -> None:
    """Clashing runs are never hidden, but rank below every run that fits or may fit."""
    fit_a = assess(a, busy, rota_varies, postcode_district="LS6", today=today)
    fit_b = assess(b, busy, rota_varies, postcode_district="LS6", today=today)
    if fit_a.tier > fit_b.tier:
        assert fit_a.score > fit_b.score


@FAST
@given(RUNS, WEEKS, st.booleans())
def test_without_shifts_nothing_clashes_and_free_study_is_never_unsure(
    run: RunFacts, busy: list[Slot], rota_varies: bool
) -> None:
    assert assess(run, (), rota_varies).tier != 0
    if run.self_paced:
        assert assess(run, busy, rota_varies).tier == 2
