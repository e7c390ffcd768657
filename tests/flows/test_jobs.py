"""The jobs flow and the check-in's questions about applications, as pure functions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows import checkin, jobs
from flows.core import JobApp, SearchJobs, SetApplicationStatus, State
from nlu.jobs import wants_jobs

from .helpers import TODAY, all_text, button, button_data, ctx, step, text

MONDAY = TODAY  # 23 Nov 2026


def _match(**kw: object) -> dict[str, object]:
    vacancy = {
        "id": 7,
        "job_title": "Care assistant",
        "employer_name": "Aire Valley Care (demo)",
        "pay_min_pence": 1310,
        "pay_max_pence": None,
        "guaranteed_weekly_hours": 30.0,
        "contract_type": "permanent",
        "postcode_district": "LS9",
        "remote": False,
        "closing_date": "2026-12-14",
    }
    m: dict[str, object] = {
        "vacancy": vacancy,
        "distance_km": 3.6,
        "rota": "fits",
        "clashes": [],
        "reasons": [
            "Pays 30p an hour more than now",
            "About £6 a week more to live on",
            "£13.10 an hour",
            "Permanent contract, 30 hours a week guaranteed",
            "Shifts: Mon 7am-2:30pm",
            "4 km from LS6",
        ],
        "takehome_weekly_change_pence": 648,
        "takehome_note": None,
    }
    m.update(kw)
    return m


def test_the_saved_goal_kind_chooses_the_search() -> None:
    res = step(None, button("menu:jobs"), ctx(has_goal=True, goal_kinds=("hours", "pay")))
    assert res.lookup == SearchJobs(goal="more_hours", offset=0, limit=3, exclude=())
    old_goal = step(None, button("menu:jobs"), ctx(has_goal=True))  # before goal kinds: pay
    assert old_goal.lookup is not None and old_goal.lookup.goal == "pay"


def test_without_a_saved_goal_one_question_comes_first_and_is_saved() -> None:
    res = step(None, button("menu:jobs"))
    assert res.lookup is None and "What matters most in a new job?" in all_text(res)
    assert "jg:secure" in button_data(res)
    picked = step(res.state, text("a permanent contract"), ctx())
    assert picked.lookup is not None and picked.lookup.goal == "secure_contract"
    assert [e.kinds for e in picked.effects] == [("secure",)]


def test_typed_words_find_jobs_and_choose_the_goal() -> None:
    res = step(State("menu", "idle", {}), text("any jobs with more hours"), ctx(has_goal=True))
    assert res.lookup is not None and res.lookup.goal == "more_hours"
    for said in ("any jobs near me", "looking for a better job", "jobs", "any vacancies?"):
        assert wants_jobs(said), said
    for said in ("i got a new job", "i started a new job as a cook", "any courses near me"):
        assert not wants_jobs(said), said


def test_a_card_shows_the_facts_the_reasons_and_the_take_home_difference() -> None:
    shown = step(State("jobs", "results", {"goal": "pay", "offset": 0}), _result([_match()]))
    card = shown.replies[0].text
    assert card.startswith("Jobs that fit, for better pay:\n\n1. Care assistant\n")
    assert "£13.10 an hour · 30 hours a week\nPermanent · LS9, 4 km away" in card
    assert "✅ Pays 30p an hour more than now\n✅ Shifts: Mon 7am-2:30pm" in card
    assert "💷 About £6 more a week after tax" in card  # 648p, rounded
    assert "Closes Mon 14 Dec" in card
    assert {"j:save:7", "j:apply:7", "j:how:7", "j:no:7"} <= set(button_data(shown))
    less = jobs.takehome_line({"takehome_weekly_change_pence": -3849, "takehome_note": None})
    assert less == "💷 About £38 less a week after tax"
    # more an hour but fewer hours: said, so the two lines do not seem to contradict
    fewer = jobs.takehome_line(
        {"takehome_weekly_change_pence": -1500, "takehome_note": None, "hourly_change_pence": 51}
    )
    assert fewer == "💷 About £15 less a week after tax: more an hour, but fewer hours"


def test_no_match_says_so_plainly_and_offers_courses() -> None:
    res = step(State("jobs", "results", {"goal": "pay", "offset": 0}), _result([]))
    assert "I couldn't find a job near you for better pay right now." in all_text(res)
    assert "menu:courses" in button_data(res)


def test_typed_save_and_i_applied_name_the_job() -> None:
    data = {"goal": "pay", "offset": 0, "shown": [{"id": 7, "t": "Care assistant", "e": "X"}]}
    saved = step(State("jobs", "results", data), text("save 1"))
    assert saved.effects[0].vacancy_id == 7 and saved.effects[0].status == "saved"
    tesco = JobApp(3, 9, "Shop assistant", "Tesco", "saved")
    other = JobApp(4, 10, "Cleaner", "BrightSpace", "saved")
    said = step(
        State("menu", "idle", {}), text("i applied for the tescos one"), ctx(jobs=(tesco, other))
    )
    assert said.effects == [SetApplicationStatus(3, "applied")]
    unsure = step(State("menu", "idle", {}), text("ive applied"), ctx(jobs=(tesco, other)))
    assert unsure.effects == [] and {"j:done:3", "j:done:4"} <= set(button_data(unsure))
    assert not jobs.says_applied("i haven't applied yet")


def test_checkin_asks_about_open_applications_and_reads_an_interview_day() -> None:
    job = JobApp(5, 7, "Care assistant", "Aire Valley Care (demo)", "applied", hourly_pence=1310)
    c = ctx(jobs=(job,), hourly_pence=1280, weekly_hours=30.0)
    first = checkin.start(c, None)
    assert "How did your application to Care assistant at Aire Valley Care (demo) go?" in (
        all_text(first)
    )
    interview = step(first.state, button("ja:interview"), c)
    assert interview.effects == [SetApplicationStatus(5, "interview")]
    day = step(interview.state, text("thursday"), c)
    assert day.effects[0] == SetApplicationStatus(5, "interview", date(2026, 11, 26))
    assert day.state is not None and day.state.step == "pay"


def test_a_new_jobs_pay_that_looks_wrong_is_read_back() -> None:
    job = JobApp(5, 7, "Care assistant", "X", "offer", hourly_pence=1310, weekly_hours=30.0)
    c = ctx(jobs=(job,), hourly_pence=1280, weekly_hours=30.0)
    started = step(checkin.start(c, None).state, button("ja:started"), c)
    assert started.effects == [SetApplicationStatus(5, "started")]
    odd = step(started.state, text("£131 an hour"), c)
    assert odd.state is not None and odd.state.step == "new_pay_check"
    assert "Did you mean £131 an hour?" in all_text(odd)
    again = step(odd.state, button("jpc:no"), c)
    fixed = step(again.state, text("13.10"), c)
    assert fixed.state is not None and fixed.state.step == "new_hours"


def test_interview_days() -> None:
    assert checkin.interview_day("tomorrow", (), MONDAY) == date(2026, 11, 24)
    assert checkin.interview_day("on the 14/12", (), MONDAY) == date(2026, 12, 14)
    assert checkin.interview_day("3rd march", (), MONDAY) == date(2027, 3, 3)  # gone: next year
    assert checkin.interview_day("monday", (0,), MONDAY) == date(2026, 11, 30)
    assert checkin.interview_day("31/02", (), MONDAY) is None
    assert checkin.interview_day("14/12/2030", (), MONDAY) is None  # too far off


@given(st.text(max_size=60), st.lists(st.integers(0, 6), max_size=2))
def test_an_interview_day_is_never_in_the_past_or_far_off(said: str, days: list[int]) -> None:
    day = checkin.interview_day(said, tuple(days), MONDAY)
    assert day is None or MONDAY <= day <= MONDAY + timedelta(days=checkin.MAX_INTERVIEW_DAYS)


@given(st.text(max_size=120))
def test_reading_job_words_never_fails(said: str) -> None:
    wants_jobs(said)
    jobs.says_applied(said)
    jobs.goal_in_words(said)


def _result(payload: object):
    from flows.core import Event

    return Event(kind="result", payload=payload)


def test_typed_how_to_apply_asks_how_and_never_records_an_application() -> None:
    data = {"goal": "pay", "offset": 0, "shown": [{"id": 7, "t": "Care assistant", "e": "X"}]}
    for said in ("How to apply 1", "how to apply 1", "apply 1"):
        res = step(State("jobs", "results", data), text(said))
        assert not any(getattr(e, "status", None) == "applied" for e in res.effects), said
    res = step(State("jobs", "results", data), text("applied 1"))
    assert any(getattr(e, "status", None) == "applied" for e in res.effects)


def test_a_job_that_does_not_give_the_goal_says_so() -> None:
    """Ranked in because nothing nearer fits: the list must not call it a job that fits."""
    lower = _match(goal_met=False)
    res = step(State("jobs", "results", {"goal": "pay", "offset": 0}), _result([lower]))
    said = all_text(res)
    assert "No job near you gives better pay right now" in said
    assert "This one doesn't give better pay" in said and "Jobs that fit" not in said
    res = step(State("jobs", "results", {"goal": "pay", "offset": 0}), _result([_match(), lower]))
    said = all_text(res)
    assert "Jobs that fit, for better pay" in said and said.count("doesn't give") == 1


def test_a_job_named_in_the_search_is_searched_for_and_said_when_missing() -> None:
    """ "any forklift jobs near me?" mid-plan: searched for as the aim, with the pay and hours
    the plan was told (not saved yet)."""
    said = {"job_title": "Picker", "hourly_pence": 1280, "hours": 40.0}
    res = jobs.start_from(ctx(), text("any forklift jobs near me?"), said)
    # no saved goal, but a job named: better pay, without "What matters most?" first
    assert res.lookup == SearchJobs(
        goal="pay", offset=0, limit=3, exclude=(), role="Forklift driver",
        role_sector="warehouse", hourly_pence=1280, weekly_hours=40.0,
    )  # fmt: skip
    picker = _match(vacancy={**_match()["vacancy"], "job_title": "Picker packer"})  # type: ignore[dict-item]
    shown = step(res.state, _result([picker]))
    assert all_text(shown).startswith("No forklift driver jobs near you right now.\n\n")
    forklift = _match(vacancy={**_match()["vacancy"], "job_title": "Forklift driver (nights)"})  # type: ignore[dict-item]
    shown = step(res.state, _result([forklift]))
    assert "No forklift" not in all_text(shown)
    plain = jobs.start_from(ctx(has_goal=True), text("any jobs near me"))
    assert plain.lookup is not None and plain.lookup.role is None


def test_a_job_typed_at_what_matters_most_searches_for_it() -> None:
    """ "forklift driver" at "What matters most in a new job?" had been "not understood"."""
    asked = step(None, button("menu:jobs"))
    res = step(asked.state, text("forklift driver"))
    assert res.lookup is not None and (res.lookup.role, res.lookup.goal) == (
        "Forklift driver",
        "pay",
    )


def test_a_town_named_in_the_search_is_searched_from_and_named_in_the_list() -> None:
    """ "any care jobs in bradford" from a worker in LS6 had listed jobs near LS6 as if the
    town was not said."""
    res = jobs.start_from(ctx(has_goal=True), text("any care jobs in bradford"))
    assert isinstance(res.lookup, SearchJobs) and res.lookup.near is not None
    assert res.lookup.near.startswith("BD")
    said = all_text(step(res.state, _result([_match()])))
    assert said.startswith("Jobs near Bradford that fit, for better pay:\n\n")
    none = all_text(step(res.state, _result([])))
    assert none.startswith("I couldn't find a job near Bradford for better pay right now.")


def test_a_county_named_is_said_to_be_too_wide_and_the_list_stays_near_home() -> None:
    res = jobs.start_from(ctx(has_goal=True), text("any jobs in cornwall?"))
    assert isinstance(res.lookup, SearchJobs) and res.lookup.near is None
    said = all_text(step(res.state, _result([_match()])))
    assert said.startswith("Cornwall is a big area, so these are near you.")
    assert "like: jobs near PL" in said or "like: jobs near TR" in said
    assert "Jobs that fit, for better pay" in said


@pytest.mark.parametrize(
    ("said", "words", "slots"),
    [("any jobs with no nights", "with no nights", 7), ("days only", "with no nights", 7),
     ("i dont want nights", "with no nights", 7),
     ("only school hours", "in school hours", 12),
     ("something while the kids are at school", "in school hours", 12),
     ("any jobs near me", None, 0), ("nights", None, 0)],
)  # fmt: skip
def test_times_said_not_to_work_in_a_search(said: str, words: str | None, slots: int) -> None:
    """No nights: 10pm-6am on each of 7 days. School hours: Mon-Fri before 9am and from 3pm
    (10 slots) and all of Saturday and Sunday (2)."""
    wish = jobs.shift_wish(said)
    assert wish.get("avoid_words") == words and len(wish.get("avoid", [])) == slots


def test_days_only_typed_at_the_list_searches_again_clear_of_nights() -> None:
    state = State("jobs", "results", {"goal": "pay", "offset": 3, "hidden": [7]})
    res = step(state, text("days only"))
    assert isinstance(res.lookup, SearchJobs) and len(res.lookup.avoid) == 7
    assert res.lookup.avoid[0] == (0, "22:00", "06:00")
    assert res.lookup.offset == 0 and res.lookup.exclude == (7,)


def test_when_no_job_shown_fits_the_times_said_the_list_says_so() -> None:
    clash = _match(
        rota="clash",
        clashes=["Mon 9pm-8am clashes with a time you don't want to work (Mon 10pm-6am)"],
    )
    nights = jobs.shift_wish("no nights")
    state = State("jobs", "results", {"goal": "pay", "offset": 0, **nights})
    said = all_text(step(state, _result([clash])))
    assert said.startswith("No job near you fits those times right now. The nearest matches:")


def test_shifts_we_cannot_check_against_the_times_said_are_a_warning_not_a_tick() -> None:
    """ "only school hours": a job whose shifts change week to week had a ✅."""
    reasons = [
        "Pays 30p an hour more than now",
        "Shifts change week to week (Lates). Check they fit",
    ]
    vary = _match(rota="check", reasons=reasons)
    school = jobs.shift_wish("only school hours")
    state = State("jobs", "results", {"goal": "pay", "offset": 0, **school})
    said = all_text(step(state, _result([vary])))
    assert "⚠️ Shifts change week to week (Lates). Check they fit" in said
    assert "✅ Pays 30p an hour more than now" in said


def test_jobs_from_home_search_only_remote_work_and_say_so() -> None:
    """ "jobs from home only" had been "Sorry, I didn't quite get that"."""
    res = jobs.start_from(ctx(has_goal=True), text("jobs from home only"))
    assert isinstance(res.lookup, SearchJobs) and res.lookup.remote_only
    said = all_text(step(res.state, _result([_match()])))
    assert said.startswith("Jobs you can do from home that fit, for better pay:\n\n")
    none = all_text(step(res.state, _result([])))
    assert none.startswith("I couldn't find a job you can do from home for better pay right now.")


def test_permanent_only_typed_at_the_list_searches_again_for_permanent_jobs() -> None:
    """ "permanent only" had been ignored."""
    state = State("jobs", "results", {"goal": "pay", "offset": 0})
    res = step(state, text("permanent only"))
    assert isinstance(res.lookup, SearchJobs) and res.lookup.permanent_only
    said = all_text(step(res.state, _result([_match()])))
    assert said.startswith("Jobs that fit, for better pay, permanent only:\n\n")


def test_a_job_saved_in_words() -> None:
    """ "save the 2nd one" had been "Sorry, I didn't quite get that"."""
    shown = [{"id": 7, "t": "Care assistant", "e": "X"}, {"id": 9, "t": "Cleaner", "e": "Y"}]
    data = {"goal": "pay", "offset": 0, "shown": shown}
    res = step(State("jobs", "results", data), text("save the 2nd one"))
    assert [getattr(e, "vacancy_id", None) for e in res.effects] == [9]
