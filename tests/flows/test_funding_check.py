from flows import funding_check
from flows.core import CourseFacts, Event, SaveFundingCheck, State

from .helpers import all_text, ctx, step, text

C = ctx(hourly_pence=1144, weekly_hours=30.0, postcode_district="LS6",
        plan=((9, "Health and social care L3", "saved"),))


def test_starts_with_the_saved_course() -> None:
    res = funding_check.start(C)
    assert res.lookup == CourseFacts(9)


def test_free_route_found_without_asking_residency() -> None:
    st = State("funding", "course", {"run_id": 9, "answers": {}})
    facts = {"run_id": 9, "course_name": "Care L3", "course_level": 3, "fcfj_eligible": True,
             "loan_approved": True, "provider_has_loans_facility": True,
             "course_start": "2027-01-10", "course_weeks": 30}
    res = step(st, Event(kind="result", payload=facts), C)
    assert "date of birth" in all_text(res).lower()
    res = step(res.state, text("14/03/1990"), C)
    check = next(e for e in res.effects if isinstance(e, SaveFundingCheck))
    assert check.outcome == "free" and check.run_id == 9
    assert check.answers["facts"]["date_of_birth"] == "1990-03-14"
    assert "free" in all_text(res).lower()


def test_bad_date_is_reasked() -> None:
    st = State("funding", "question", {"run_id": None, "asking": "date_of_birth",
                                       "course": {"course_level": 2}, "answers": {}})
    res = step(st, text("yesterday"), C)
    assert res.state is not None and res.state.data["asking"] == "date_of_birth"
    assert "didn't quite get that" in all_text(res)


def test_parse_date() -> None:
    assert str(funding_check.parse_date("3 March 85")) == "1985-03-03"
    assert funding_check.parse_date("31/02/1990") is None


def test_pay_is_kept_in_the_period_the_worker_gave() -> None:
    st = State("funding", "question", {"run_id": None, "asking": "pay",
                                       "course": {"course_level": 3}, "answers": {}})
    res = step(st, text("about 24k a year"), ctx())
    assert res.state is not None
    assert res.state.data["answers"] == {"annual_pay_pence": 2400000, "unemployed": False}
    res = step(st, Event(kind="button", text="fq:unemployed"), ctx())
    assert res.state is not None and res.state.data["answers"] == {"unemployed": True}


def test_general_level4_check_says_the_lle_note() -> None:
    st = State("funding", "level", {"run_id": None, "answers": {}})
    res = step(st, Event(kind="button", text="fl:4"), C)
    assert res.state is not None and res.state.data["course"]["general_check"] is True
