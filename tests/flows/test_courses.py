import pytest

from flows import courses
from flows.core import CourseFacts, Event, SavePlanItem, SearchCourses, State, UpdateWorker

from .helpers import all_text, button, button_data, ctx, step, text

C = ctx(sector="care", postcode_district="LS6")


def match(run_id: int, **kw: object) -> dict:
    base = {
        "run_id": run_id,
        "course_id": run_id,
        "course_name": f"Course {run_id}",
        "provider_name": "Leeds College",
        "level": 2,
        "delivery_mode": "classroom",
        "start_date": "2027-01-12",
        "flexible_start": False,
        "distance_km": 3.4,
        "cost_pence": 90000,
        "score": 1.0,
        "reasons": ["Tue 6-9pm: you're free then"],
        "clashes": [],
    }
    base.update(kw)
    return base


def test_search_uses_their_kind_of_work() -> None:
    res = courses.start(C)
    assert res.lookup == SearchCourses(offset=0, keywords="care", goal_sectors=("care",))


def test_three_results_with_reasons_and_buttons() -> None:
    st = courses.start(C).state
    res = step(
        st,
        Event(
            kind="result",
            payload=[
                match(1),
                match(2, delivery_mode="online", reasons=["Online, any time"]),
                match(3, clashes=["Thu 6-9pm clashes with your Thursday late shift"]),
            ],
        ),
        C,
    )
    text = all_text(res)
    assert "Tue 6-9pm: you're free then" in text and "Online, any time" in text
    assert "clashes with your Thursday" in text and "3 km away" in text
    data = button_data(res)
    assert {"c:save:1", "c:info:2", "c:more", "c:filt"} <= set(data)
    assert all(len(x.encode()) <= 64 for x in data)


def test_no_match_in_their_field_widens_the_search() -> None:
    st = courses.start(C).state
    res = step(st, Event(kind="result", payload=[]), C)
    assert res.lookup == SearchCourses(offset=0, keywords=None, goal_sectors=("care",))
    widened = res.state
    res = step(widened, Event(kind="result", payload=[match(7)]), C)
    assert "Here are other courses that fit your time" in all_text(res)
    assert "I couldn't find a course in your kind of work that fits." in all_text(res)
    assert "Course 7" in all_text(res)


def test_no_match_for_a_typed_subject_says_which_subject() -> None:
    """ "any it helpdesk courses?" had said "nothing in your kind of work" (a warehouse)."""
    st = courses.start_from(C, "any it helpdesk courses?").state
    assert st is not None and st.data["keywords"] == "it helpdesk"
    res = step(st, Event(kind="result", payload=[]), C)
    res = step(res.state, Event(kind="result", payload=[match(7)]), C)
    assert "I couldn't find an IT helpdesk course that fits." in all_text(res)


def test_nothing_anywhere_says_so_once_without_promising_other_courses() -> None:
    st = courses.start(C).state
    res = step(st, Event(kind="result", payload=[]), C)
    res = step(res.state, Event(kind="result", payload=[]), C)
    assert res.lookup is None and "c:filt" in button_data(res)
    assert "other courses" not in all_text(res)
    assert "in your kind of work or any other" in all_text(res)


def test_more_pages_on() -> None:
    st = State("courses", "results", {"offset": 0})
    assert step(st, button("c:more"), C).lookup.offset == 3  # type: ignore[union-attr]


def test_filters_change_the_search() -> None:
    st = State("courses", "results", {"offset": 6})
    assert "c:online:1" in button_data(step(st, button("c:filt"), C))
    res = step(st, button("c:lvl:3"), C)
    assert res.lookup.levels == (3,) and res.lookup.offset == 0  # type: ignore[union-attr]
    res = step(res.state, button("c:km:10"), C)
    assert res.lookup.travel_limit_km == 10.0  # type: ignore[union-attr]
    assert UpdateWorker({"travel_limit_km": 10}) in res.effects
    res = step(res.state, button("c:online:1"), C)
    assert res.lookup.online_only is True  # type: ignore[union-attr]


def test_save_and_details() -> None:
    st = State("courses", "results", {"offset": 0})
    res = step(st, button("c:save:12"), C)
    assert res.effects == [SavePlanItem(12)] and "f:run:12" in button_data(res)
    res = step(st, button("c:info:12"), C)
    assert res.lookup == CourseFacts(12)
    res = step(
        res.state,
        Event(
            kind="result",
            payload={
                "run_id": 12,
                "course_name": "Care L2",
                "provider_name": "Leeds College",
                "timetable": "Tue 18:00-21:00",
                "cost_pence": 145000,
            },
        ),
        C,
    )
    assert "When: Tue 18:00-21:00" in all_text(res) and "£1,450" in all_text(res)
    assert "f:run:12" in button_data(res)


def test_search_carries_the_goal_level_and_what_they_have() -> None:
    c = ctx(
        sector="retail",
        target_sector="care",
        target_role="Nursing associate",
        postcode_district="LS6",
        hourly_pence=1200,
        weekly_hours=30.0,
        funding_answers={"has_full_level2": True, "has_full_level3": True},
    )
    q = courses.start(c).lookup
    assert q.keywords == "care nursing associate"  # type: ignore[union-attr]
    assert q.goal_sectors == ("care",) and q.target_level == 5  # type: ignore[union-attr]
    assert q.current_level == 3  # type: ignore[union-attr]
    # £12 x 30 h x 52 = £18,720: under the 2026-27 threshold of £26,800
    assert q.low_paid is True  # type: ignore[union-attr]
    assert q.lacks_basics is False  # type: ignore[union-attr]


def test_basics_button_and_no_gcse_ask_for_entitlement_courses() -> None:
    st = State("courses", "results", {"offset": 3})
    res = step(st, button("c:basics"), C)
    q = res.lookup
    assert q.keywords == "english maths digital" and q.lacks_basics is True  # type: ignore
    assert q.offset == 0  # type: ignore[union-attr]
    no_gcse = ctx(sector="care", funding_answers={"has_gcse_english_maths_grade4": False})
    assert courses.start(no_gcse).lookup.lacks_basics is True  # type: ignore[union-attr]


def test_every_level_1_to_6_is_a_filter_button_and_a_subject_can_be_typed() -> None:
    st = State("courses", "results", {"offset": 0})
    data = button_data(step(st, button("c:filt"), C))
    assert {f"c:lvl:{n}" for n in range(1, 7)} <= set(data)
    assert {"c:subj", "c:basics"} <= set(data)
    res = step(st, button("c:lvl:5"), C)
    assert res.lookup.levels == (5,)  # type: ignore[union-attr]
    res = step(st, button("c:subj"), C)
    assert res.state is not None and res.state.step == "subject"
    res = step(res.state, text_event("forklift"), C)
    assert res.lookup.keywords == "forklift"  # type: ignore[union-attr]


def text_event(t: str) -> Event:
    return Event(kind="text", text=t)


def test_cards_show_cost_or_free_duration_and_fit_marks() -> None:
    st = courses.start(C).state
    res = step(
        st,
        Event(
            kind="result",
            payload=[
                match(1, free_for_you=True, duration_value=30, duration_unit="weeks", fit="sure"),
                match(
                    2,
                    cost_pence=145000,
                    duration_value=1,
                    duration_unit="days",
                    fit="check",
                    reasons=["Evenings. Ask the college for the times"],
                ),
                match(3, fit="clash", clashes=["Thu 6-9pm clashes with your Thursday late shift"]),
            ],
        ),
        C,
    )
    text = all_text(res)
    cards = text.split("\n\n")
    assert "Free for you · 30 weeks" in cards[1] and "✅ Fits your time" in cards[1]
    assert "Costs £1,450 · 1 day" in cards[2] and "❓ Check it fits your time" in cards[2]
    assert "❓ Evenings. Ask the college for the times" in cards[2]
    assert "⚠️ Clashes with your shifts" in cards[3]


def test_details_say_free_for_you_like_the_card_did() -> None:
    st = courses.start(C).state
    res = step(
        st, Event(kind="result", payload=[match(12, free_for_you=True, cost_pence=220000)]), C
    )
    assert "Free for you" in all_text(res)
    res = step(res.state, button("c:info:12"), C)
    facts = {"run_id": 12, "course_name": "Care L2", "provider_name": "Leeds College",
             "cost_pence": 220000}  # fmt: skip
    res = step(res.state, Event(kind="result", payload=facts), C)
    assert "Cost: free for you (others pay £2,200)" in all_text(res)
    assert "you may get it free" not in all_text(res)


def test_back_keeps_the_page_and_broken_buttons_change_nothing() -> None:
    st = State("courses", "results", {"offset": 6, "levels": [2]})
    res = step(st, button("c:back"), C)
    assert res.lookup.offset == 6 and res.lookup.levels == (2,)  # type: ignore[union-attr]
    res = step(st, button("c:km:any"), C)
    assert res.lookup.travel_limit_km is None  # type: ignore[union-attr]
    assert UpdateWorker({"travel_limit_km": None}) in res.effects
    # a button the list did not send (an old or edited one): nothing saved, searched or changed
    for data in ("c:save:x", "c:info:", "c:lvl:7", "c:km:far", "c:teleport"):
        assert courses.handle(st, button(data), C) is None, data


def test_a_subject_typed_with_the_request_is_searched_for() -> None:
    """ "english course where" had shown the same three courses as any other request."""
    from flows import courses

    res = courses.start_from(ctx(), "english course where")
    assert res.lookup is not None and res.lookup.keywords == "english"
    online = courses.start_from(ctx(), "can i do a course online at night")
    assert online.lookup is not None and online.lookup.online_only
    assert courses.subject_in("what courses do i need") is None
    assert courses.subject_in("any forklift training near me") == "forklift"
    # "IT" is a subject; "it" the pronoun is not
    assert courses.subject_in("any IT courses") == "it"
    assert courses.subject_in("courses in it support") == "it support"
    assert courses.subject_in("can i do it online") is None


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("save the first one", "save:11"),
        ("save the 2nd one", "save:12"),
        ("tell me about the third one", "info:13"),
        ("2", "info:12"),
        ("save 4", None),  # only three on screen
        ("hello", None),
    ],
)
def test_a_course_picked_in_words(said: str, expected: str | None) -> None:
    """ "save the first one" at the list had been "Sorry, I didn't quite get that"."""
    res = step(State("courses", "results", {"shown": [11, 12, 13]}), text(said), C)
    if expected is None:
        assert not res.effects and res.lookup is None
    elif expected.startswith("save"):
        saved = [e.run_id for e in res.effects if isinstance(e, SavePlanItem)]
        assert saved == [int(expected.split(":")[1])]
    else:
        assert res.lookup == CourseFacts(int(expected.split(":")[1]))
