from flows import courses
from flows.core import CourseFacts, Event, SavePlanItem, SearchCourses, State, UpdateWorker

from .helpers import all_text, button, button_data, ctx, step

C = ctx(sector="care", postcode_district="LS6")


def match(run_id: int, **kw: object) -> dict:
    base = {"run_id": run_id, "course_id": run_id, "course_name": f"Course {run_id}",
            "provider_name": "Leeds College", "level": 2, "delivery_mode": "classroom",
            "start_date": "2027-01-12", "flexible_start": False, "distance_km": 3.4,
            "cost_pence": 90000, "score": 1.0,
            "reasons": ["Tue 6-9pm: you're free then"], "clashes": []}
    base.update(kw)
    return base


def test_search_uses_their_kind_of_work() -> None:
    res = courses.start(C)
    assert res.lookup == SearchCourses(offset=0, keywords="care")


def test_three_results_with_reasons_and_buttons() -> None:
    st = courses.start(C).state
    res = step(st, Event(kind="result", payload=[
        match(1), match(2, delivery_mode="online", reasons=["Online, any time"]),
        match(3, clashes=["Thu 6-9pm clashes with your Thursday late shift"])]), C)
    text = all_text(res)
    assert "Tue 6-9pm: you're free then" in text and "Online, any time" in text
    assert "clashes with your Thursday" in text and "3 km away" in text
    data = button_data(res)
    assert {"c:save:1", "c:info:2", "c:more", "c:filt"} <= set(data)
    assert all(len(x.encode()) <= 64 for x in data)


def test_no_match_in_their_field_widens_the_search() -> None:
    st = courses.start(C).state
    res = step(st, Event(kind="result", payload=[]), C)
    assert res.lookup == SearchCourses(offset=0, keywords=None)
    assert "other courses" in all_text(res)
    res = step(res.state, Event(kind="result", payload=[]), C)
    assert res.lookup is None and "c:filt" in button_data(res)


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
    res = step(res.state, Event(kind="result", payload={
        "run_id": 12, "course_name": "Care L2", "provider_name": "Leeds College",
        "timetable": "Tue 18:00-21:00", "cost_pence": 145000}), C)
    assert "When: Tue 18:00-21:00" in all_text(res) and "£1,450" in all_text(res)
    assert "f:run:12" in button_data(res)
