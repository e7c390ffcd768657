import pytest

from flows import funding_check
from flows.core import CourseFacts, Event, SaveFundingCheck, State

from .helpers import all_text, button_data, ctx, step, text

C = ctx(
    hourly_pence=1144,
    weekly_hours=30.0,
    postcode_district="LS6",
    plan=((9, "Health and social care L3", "saved"),),
)


def test_starts_with_the_saved_course() -> None:
    res = funding_check.start(C)
    assert res.lookup == CourseFacts(9)


def test_free_route_found_without_asking_residency() -> None:
    st = State("funding", "course", {"run_id": 9, "answers": {}})
    facts = {
        "run_id": 9,
        "course_name": "Care L3",
        "course_level": 3,
        "fcfj_eligible": True,
        "loan_approved": True,
        "provider_has_loans_facility": True,
        "course_start": "2027-01-10",
        "course_weeks": 30,
    }
    res = step(st, Event(kind="result", payload=facts), C)
    assert "date of birth" in all_text(res).lower()
    res = step(res.state, text("14/03/1990"), C)
    check = next(e for e in res.effects if isinstance(e, SaveFundingCheck))
    assert check.outcome == "free" and check.run_id == 9
    assert check.answers["facts"]["date_of_birth"] == "1990-03-14"
    assert "free" in all_text(res).lower()


def test_bad_date_is_reasked() -> None:
    st = State(
        "funding",
        "question",
        {"run_id": None, "asking": "date_of_birth", "course": {"course_level": 2}, "answers": {}},
    )
    res = step(st, text("yesterday"), C)
    assert res.state is not None and res.state.data["asking"] == "date_of_birth"
    assert "didn't quite get that" in all_text(res)


def test_parse_date() -> None:
    assert str(funding_check.parse_date("3 March 85")) == "1985-03-03"
    assert funding_check.parse_date("31/02/1990") is None
    # voice-to-text leaves out the slashes ("12 3 1968" had got the question again)
    assert str(funding_check.parse_date("12 3 1968")) == "1968-03-12"
    assert funding_check.parse_date("12 3 68") is None
    assert str(funding_check.parse_date("4th of june 1973")) == "1973-06-04"


def test_pay_is_kept_in_the_period_the_worker_gave() -> None:
    st = State(
        "funding",
        "question",
        {"run_id": None, "asking": "pay", "course": {"course_level": 3}, "answers": {}},
    )
    res = step(st, text("about 24k a year"), ctx())
    assert res.state is not None
    assert res.state.data["answers"] == {"annual_pay_pence": 2400000, "unemployed": False}
    res = step(st, Event(kind="button", text="fq:unemployed"), ctx())
    assert res.state is not None and res.state.data["answers"] == {"unemployed": True}


def test_general_level4_check_says_the_lle_note() -> None:
    st = State("funding", "level", {"run_id": None, "answers": {}})
    res = step(st, Event(kind="button", text="fl:4"), C)
    assert res.state is not None and res.state.data["course"]["general_check"] is True


L4 = {
    "run_id": 7,
    "course_name": "Business L4",
    "course_level": 4,
    "loan_approved": True,
    "provider_has_loans_facility": True,
    "course_start": "2027-01-10",
    "course_weeks": 30,
    "course_fee_pence": 300000,
}


def _run(events: list[Event], payload: dict, context=C):
    st = State("funding", "course", {"run_id": payload["run_id"], "answers": {}})
    res = step(st, Event(kind="result", payload=payload), context)
    out = [res]
    for ev in events:
        res = step(res.state, ev, context)
        out.append(res)
    return out


def test_loan_answer_asks_target_pay_then_shows_details_behind_buttons() -> None:
    from .helpers import button, button_data

    results = _run([text("14/03/1990"), button("fq:0"), button("fq:uk_settled_3y")], L4)
    asked = results[-1]
    assert "aiming for" in all_text(asked) and "fq:skip" in button_data(asked)
    res = step(asked.state, text("£20 an hour"), C)
    assert res.state is not None and res.state.step == "answer"
    head = all_text(res)
    assert head.startswith("This course is not free for you, but you can get a loan")
    assert len(head) <= 600
    data = button_data(res)
    for b in ("fd:apply", "fd:repay", "fd:costs", "fd:why"):
        assert b in data
    assert all(len(d.encode()) <= 64 for d in data)
    repay = step(res.state, button("fd:repay"), C)
    text_ = all_text(repay)
    # pay now £11.44 x 30 h x 52 = £17,846.40: under £25,000, so £0
    assert "At your pay now you would pay back £0." in text_
    # target £20 x 30 h x 52 = £31,200: 9% of £6,200 = £558 a year, £46.50 a month, £10.73 a week
    assert "£46.50 a month (£10.73 a week)" in text_
    assert "fd:repay" not in button_data(repay) and "fd:apply" in button_data(repay)
    apply = step(repay.state, button("fd:apply"), C)
    assert "Learning and Funding Information" in all_text(apply)


def test_skipping_target_pay_still_answers() -> None:
    from .helpers import button

    results = _run(
        [text("14/03/1990"), button("fq:0"), button("fq:uk_settled_3y"), button("fq:skip")], L4
    )
    assert results[-1].state is not None and results[-1].state.step == "answer"


def test_uploaded_course_with_unknown_loan_flag_is_maybe_not_no() -> None:
    from .helpers import button

    uploaded = {**L4, "loan_approved": None}
    results = _run(
        [text("14/03/1990"), button("fq:0"), button("fq:uk_settled_3y"), button("fq:skip")],
        uploaded,
    )
    res = results[-1]
    head = all_text(res)
    assert head.startswith("You may be able to get a loan")
    assert "does not fit" not in head
    assert 'Ask the provider: "Is this course approved for an Advanced Learner Loan?"' in head


def test_loan_without_pay_asks_it_once_and_it_can_be_skipped() -> None:
    from .helpers import button, button_data, ctx

    no_pay = ctx(postcode_district="LS6")
    results = _run([text("14/03/1990"), button("fq:0"), button("fq:uk_settled_3y")], L4, no_pay)
    asked = results[-1]
    assert asked.state is not None and asked.state.data["asking"] == "pay"
    assert "fq:skip" in button_data(asked)
    res = step(asked.state, button("fq:skip"), no_pay)
    assert res.state is not None and res.state.data["asking"] == "target_hourly_pence"
    res = step(res.state, button("fq:skip"), no_pay)
    assert res.state is not None and res.state.step == "answer"


def _given(fact: str, event: Event, context: object = C) -> dict | None:
    """What an answer to the question about `fact` stored, or None when it was asked again."""
    st = State(
        "funding",
        "question",
        {"run_id": None, "asking": fact, "course": {"course_level": 3}, "answers": {}},
    )
    res = step(st, event, context)  # type: ignore[arg-type]
    assert res.state is not None
    if "didn't quite get that" in all_text(res):
        assert res.state.data["asking"] == fact
        return None
    return res.state.data.get("answers") or res.state.data["facts"]


@pytest.mark.parametrize(
    ("fact", "event", "context", "stored"),
    [
        # a day's pay is made hourly with their weekly hours: £90 x 5 days / 30 hours = £15
        ("pay", text("£90 a day"), ctx(weekly_hours=30.0), {"hourly_pay_pence": 1500}),
        ("pay", text("£90 a day"), ctx(), None),  # no hours: the length of a day is a guess
        ("pay", text("not working at the moment"), ctx(), {"unemployed": True}),
        ("has_full_level2", text("yes i have"), C, {"has_full_level2": True}),
        ("has_full_level2", text("yes no not sure"), C, None),
        ("loans_used", text("i had 2 before"), C, {"loans_used": 2}),
        ("loans_used", text("never"), C, {"loans_used": 0}),
        ("loans_used", Event(kind="button", text="fq:1"), C, {"loans_used": 1}),
        ("residency", text("yes"), C, {"residency": "uk_settled_3y"}),
        ("residency", Event(kind="button", text="fq:other"), C, {"residency": "other"}),
        ("residency", text("no"), C, None),
        ("target_hourly_pence", text("£14 an hour"), C, {"target_hourly_pence": 1400}),
        ("target_hourly_pence", text("not sure"), C, None),
        ("postcode_district", text("LS6"), C, {"postcode_district": "LS6"}),
        ("postcode_district", text("not telling"), C, None),
    ],
)
def test_each_question_reads_its_own_kind_of_answer(
    fact: str, event: Event, context: object, stored: dict | None
) -> None:
    got = _given(fact, event, context)
    if stored is None:
        assert got is None
    else:
        assert got is not None and stored.items() <= got.items(), got


@pytest.mark.parametrize(
    ("said", "level"),
    [("a levels", 3), ("gcse maths", 2), ("something at degree level", 4), ("basic", 1),
     ("level 3 please", 3)],
)  # fmt: skip
def test_the_level_in_words(said: str, level: int) -> None:
    state = funding_check.start(ctx()).state
    assert state is not None
    res = step(state, text(said))
    assert res.state is not None and res.state.data["course"]["course_level"] == level


@pytest.mark.parametrize(
    "said", ["can i get a loan", "is the course free", "how much would i pay back"]
)
def test_a_funding_question_at_the_level_question_is_told_the_level_comes_first(said: str) -> None:
    """These had been "Sorry, I didn't quite get that"."""
    state = funding_check.start(ctx()).state
    assert state is not None
    res = step(state, text(said))
    assert all_text(res).startswith("That's what I'll work out for you.")
    assert "fl:3" in button_data(res) and res.state == state


def test_a_qualification_they_lack_is_no_level_but_a_hint() -> None:
    state = funding_check.start(ctx()).state
    assert state is not None
    res = step(state, text("im 24 and have no a levels"))
    assert res.state == state
    assert all_text(res).startswith("OK, no A levels yet. A levels are level 3.")
