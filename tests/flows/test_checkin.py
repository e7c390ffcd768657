from dataclasses import replace

import pytest

from flows import checkin
from flows.core import CompleteCheckin, RaiseFlag, SaveEarnings, SaveGoalProgress

from .helpers import all_text, button, button_data, ctx, step, text

C = ctx(
    first_name="Sam",
    hourly_pence=1200,
    baseline_hourly_pence=1200,
    weekly_hours=30.0,
    job_title="picker",
    sector="warehouse",
    plan=((5, "Warehouse skills L2", "saved"),),
)


def answer(events: list) -> tuple:
    res = checkin.start(C, 42)
    state = res.state
    for ev in events:
        res = step(state, ev, C)
        state = res.state
    return state, res


def test_pay_rise_is_recorded_and_celebrated() -> None:
    state, res = answer(
        [
            text("£12.96 an hour"),
            button("ci:hrs:same"),
            button("ci:job:same"),
            button("ci:crs:good"),
        ]
    )
    e = next(x for x in res.effects if isinstance(x, SaveEarnings))
    assert (e.hourly_pence, e.weekly_hours, e.source) == (1296, 30.0, "checkin")
    assert (
        CompleteCheckin(
            42,
            {
                "pay_pence": 1296,
                "pay_period": "hour",
                "hours": 30.0,
                "course": "good",
                "hourly_pence": 1296,
            },
        )
        in res.effects
    )
    assert "pay is up 8% since you started" in all_text(res)
    assert state is not None and state.flow == "menu"


def test_struggling_offers_a_coach_and_raises_flags() -> None:
    _, res = answer(
        [
            button("ci:pay:same"),
            text("about 20 hours"),
            button("ci:job:new"),
            text("shift leader"),
            button("ci:crs:hard"),
            button("ci:help:yes"),
        ]
    )
    kinds = {x.kind for x in res.effects if isinstance(x, RaiseFlag)}
    assert kinds == {"struggling", "asked_for_human"}
    e = next(x for x in res.effects if isinstance(x, SaveEarnings))
    assert e.job_title == "Shift leader" and e.weekly_hours == 20.0
    assert "coach" in all_text(res)


def test_no_celebration_when_pay_is_the_same() -> None:
    _, res = answer(
        [button("ci:pay:same"), button("ci:hrs:same"), button("ci:job:same"), button("ci:crs:none")]
    )
    assert "pay is up" not in all_text(res)
    assert not any(isinstance(x, RaiseFlag) for x in res.effects)


def test_yearly_pay_at_checkin_is_turned_into_hourly() -> None:
    _, res = answer(
        [text("25k a year now"), text("37.5"), button("ci:job:same"), button("ci:crs:none")]
    )
    e = next(x for x in res.effects if isinstance(x, SaveEarnings))
    assert e.hourly_pence == 1282  # 25,000 / 52 / 37.5 hours = £12.82


@pytest.mark.parametrize(
    ("said", "next_step"),
    [
        ("nah", "job_text"),  # not the same job: ask what the new one is
        ("no", "job_text"),
        ("yeah", "course"),
        ("same job", "course"),
        ("no change", "course"),
        ("still at tesco", "course"),
    ],
)
def test_are_you_in_the_same_job_reads_yes_and_no_the_right_way_round(
    said: str, next_step: str
) -> None:
    state, res = answer([button("ci:pay:same"), button("ci:hrs:same"), text(said)])
    assert state is not None and state.step == next_step


def test_no_course_question_without_a_saved_course() -> None:
    no_plan = ctx(first_name="Sam", hourly_pence=1200, weekly_hours=30.0, job_title="picker")
    res = checkin.start(no_plan, 42)
    for ev in (button("ci:pay:same"), button("ci:hrs:same"), button("ci:job:same")):
        res = step(res.state, ev, no_plan)
    assert "How is your course going?" not in all_text(res)
    assert any(isinstance(e, CompleteCheckin) for e in res.effects)


# --- goals that are not only hourly pay -------------------------------------------------------
PLAN = ((5, "Warehouse skills L2", "saved"),)  # a saved course: the check-in asks about it


def _run(c, *events):
    c = replace(c, plan=c.plan or PLAN)
    res = checkin.start(c, 7)
    state = res.state
    seen = [res]
    for ev in events:
        res = step(state, ev, c)
        seen.append(res)
        state = res.state
    return state, res, "\n".join(all_text(r) for r in seen)


def test_more_hours_goal_asks_about_hours_and_records_the_progress() -> None:
    c = ctx(
        hourly_pence=1300,
        baseline_hourly_pence=1300,
        weekly_hours=20.0,
        baseline_weekly_hours=20.0,
        goal_kinds=("hours",),
        goal_baseline_hours=20.0,
        contract_type="permanent",
    )
    state, res, said = _run(
        c, button("ci:pay:same"), text("yeah 30 now"), button("ci:job:same"), button("ci:crs:none")
    )
    assert "Are you getting more hours yet?" in said and "When you started it was 20." in said
    assert "Has your contract changed?" not in said  # permanent, and no contract goal
    assert SaveGoalProgress("hours", "more", 30.0) in res.effects
    assert "🎉 30 hours a week now, up from 20. Well done!" in all_text(res)
    e = next(x for x in res.effects if isinstance(x, SaveEarnings))
    assert e.weekly_hours == 30.0


def test_same_hours_is_recorded_as_no_more_yet() -> None:
    c = ctx(weekly_hours=20.0, goal_kinds=("hours", "pay"), goal_baseline_hours=20.0)
    _, res, _ = _run(
        c, button("ci:pay:same"), text("no"), button("ci:job:same"), button("ci:crs:none")
    )
    assert SaveGoalProgress("hours", "same", 20.0) in res.effects


def test_zero_hours_worker_is_asked_if_the_contract_changed() -> None:
    c = ctx(weekly_hours=25.0, contract_type="zero_hours", goal_kinds=("secure",))
    state, res, said = _run(
        c,
        button("ci:pay:same"),
        button("ci:hrs:same"),
        text("yes perm now!!"),
        button("ci:job:same"),
        button("ci:crs:none"),
    )
    assert "Has your contract changed? Last time: zero hours." in said
    assert SaveGoalProgress("contract", "permanent") in res.effects
    e = next(x for x in res.effects if isinstance(x, SaveEarnings))
    assert e.contract_type == "permanent"
    assert "🎉 A permanent contract now. That's a big step!" in all_text(res)


def test_agency_worker_without_a_contract_goal_is_asked_too_and_no_means_the_same() -> None:
    c = ctx(weekly_hours=25.0, contract_type="agency")
    state, res, said = _run(
        c,
        button("ci:pay:same"),
        button("ci:hrs:same"),
        text("nope"),
        button("ci:job:same"),
        button("ci:crs:none"),
    )
    assert "Has your contract changed?" in said
    assert SaveGoalProgress("contract", "agency") in res.effects
    assert "contract now" not in all_text(res)


def test_a_yes_without_the_new_type_asks_which_it_is() -> None:
    c = ctx(weekly_hours=25.0, contract_type="zero_hours", goal_kinds=("secure",))
    state, res, _ = _run(c, button("ci:pay:same"), button("ci:hrs:same"), text("yes"))
    assert "What is it now?" in all_text(res) and state.step == "contract"
    assert "ci:con:permanent" in button_data(res)


def test_better_shifts_goal_asks_about_shifts() -> None:
    c = ctx(weekly_hours=25.0, goal_kinds=("shifts",), goal_baseline_shifts="varies")
    for typed, value in (("yeah a bit better", "better"), ("worse tbh", "worse"), ("no", "same")):
        _, res, said = _run(
            c,
            button("ci:pay:same"),
            button("ci:hrs:same"),
            text(typed),
            button("ci:job:same"),
            button("ci:crs:none"),
        )
        assert "Are your shifts more regular or better now?" in said
        assert SaveGoalProgress("shifts", value) in res.effects, typed


def test_a_new_pay_under_the_minimum_offers_to_tell_the_coach() -> None:
    """£400 a week for 35 hours is £11.43 an hour (400 / 35 = 11.428...), under £12.71."""
    c = ctx(weekly_hours=30.0, hourly_pence=1300, baseline_hourly_pence=1300)
    state, res, said = _run(c, text("£400 a week"), text("35 hours"))
    assert state.step == "underpaid"
    assert "You get £11.43 an hour." in said and "0300 123 1100" in said
    res = step(state, button("uw:yes"), c)
    flag = next(e for e in res.effects if isinstance(e, RaiseFlag))
    assert flag.kind == "underpaid" and "£11.43" in (flag.detail or "")
    assert res.state is not None and res.state.step == "job"


def test_course_answers_typed_in_a_hurry() -> None:
    for typed, key in (
        ("not got one yet", "none"),
        ("nah", "none"),
        ("not started yet", "waiting"),
        ("it starts next week", "waiting"),
    ):
        # the NLU may hear "started" in "not started yet": the words win
        _, res = answer(
            [
                button("ci:pay:same"),
                button("ci:hrs:same"),
                button("ci:job:same"),
                text(typed, intent="course_started", confidence=0.9),
            ]
        )
        done = next(x for x in res.effects if isinstance(x, CompleteCheckin))
        assert done.answers["course"] == key, typed


def test_a_pay_far_from_last_time_is_read_back_before_it_is_saved() -> None:
    """Last time £12.00 an hour; "35" is almost 3 times that (over 1.5 x = £18.00): a slip
    for the 35 hours is likelier, so it is read back, and "no" asks again."""
    state, res, said = _run(C, text("it went up"), text("35"))
    assert state.step == "pay_check"
    assert "Did you mean £35 an hour?" in all_text(res)
    assert "Last time it was £12 an hour" in all_text(res)
    state, res, _ = _run(C, text("it went up"), text("35"), text("no"))
    assert state.step == "pay_amount"
    state, res, _ = _run(C, text("it went up"), text("35"), text("sorry 12.35"))
    assert state.step == "hours"
    assert "£12.35 an hour" in all_text(res)


def test_a_read_back_pay_is_kept_when_the_worker_says_it_is_right() -> None:
    state, res, _ = _run(
        C,
        text("it went up"),
        text("£19 an hour"),
        button("ci:pc:yes"),
        button("ci:hrs:same"),
        button("ci:job:same"),
        button("ci:crs:good"),
    )
    e = next(x for x in res.effects if isinstance(x, SaveEarnings))
    assert (e.hourly_pence, e.weekly_hours) == (1900, 30.0)


def test_a_pay_near_last_time_is_not_read_back() -> None:
    """£17.99 is under 1.5 x £12.00 = £18.00: saved without a question."""
    state, _, _ = _run(C, text("it went up"), text("17.99 an hour"))
    assert state.step == "hours"


def _question(step_name: str, context, answers: dict | None = None):
    from flows.core import State

    return checkin.ask(State("checkin", step_name, {"answers": answers or {}}), context)


def test_each_check_in_question_names_what_we_knew_last_time() -> None:
    """C: £12.00 an hour, 30 hours a week, no goal kinds."""
    pay = _question("pay", C)
    assert pay.text == "Has your pay changed (last time: £12 an hour)?"
    assert [b.data for row in pay.buttons for b in row] == [
        "ci:pay:same",
        "ci:pay:up",
        "ci:pay:down",
    ]
    assert (
        _question("hours", C).text == "How many hours a week are you working now (last time: 30)?"
    )
    assert _question("pay", replace(C, hourly_pence=None)).text == "Has your pay changed?"


def test_the_contract_question_offers_no_change_first_and_only_real_changes() -> None:
    """On zero hours: "No, still zero hours", then permanent, fixed-term, agency (never
    zero hours again, self-employed or don't know), two a row."""
    q = _question("contract", replace(C, contract_type="zero_hours"))
    assert q.text == "Has your contract changed? Last time: zero hours. Tap what it is now."
    assert [[b.data for b in row] for row in q.buttons] == [
        ["ci:con:same"],
        ["ci:con:permanent", "ci:con:fixed_term"],
        ["ci:con:agency"],
    ]
    assert q.buttons[0][0].label == "No, still zero hours"


def test_a_pay_far_from_last_time_is_read_back_saying_why() -> None:
    """£20 after £12 last time is over 1.5 times it: read back, with last time's pay."""
    q = _question("pay_check", C, {"pay_pence": 2000})
    assert q.text == "Did you mean £20 an hour?\nLast time it was £12 an hour, so I'm checking."


def test_a_rise_at_the_pay_question_is_added_to_last_times_pay() -> None:
    """£12.00 + 40p = £12.40, then the hours question."""
    state, res = answer([text("it went up 40p")])
    assert "Well done! That makes £12.40 an hour." in all_text(res)
    assert state is not None and state.step == "hours"
    assert state.data["answers"]["pay_pence"] == 1240


def test_a_rise_said_with_the_new_rate_saves_the_rate_said() -> None:
    """Last time £12.00; "got a 45p rise so now 13.15": £13.15 (what they said), not £12.45
    (the rise on a pay that was out of date)."""
    state, _ = answer([text("got a 45p rise so now 13.15")])
    assert state is not None and state.data["answers"]["pay_pence"] == 1315


def test_the_last_check_in_questions() -> None:
    assert _question("job_text", C).text == "Congratulations! What is your new job?"
    help_q = _question("help", C)
    assert help_q.text == "That sounds hard. Would you like a coach to get in touch? It's free."
    assert [b.data for row in help_q.buttons for b in row] == ["ci:help:yes", "ci:help:no"]
    assert _question("nowhere", C).text == "Thanks!"


def test_more_hours_news_at_the_pay_question_is_kept_and_read_back() -> None:
    """ "10 more hrs a week, so 26 now": 26 is the new total, kept for the hours question."""
    state, res, said = _run(C, text("they gave me 10 more hrs a week, so 26 now"), text("same"))
    assert state.data["answers"]["hours"] == 26.0
    assert "Got it: 26 hours a week." in said


@pytest.mark.parametrize(
    ("said", "next_step", "way"),
    [("i got a rise", "pay_amount", "up"), ("they cut my pay", "pay_amount", "down"),
     ("nothing new", "hours", "same"), ("no rise yet", "hours", "same"),
     ("havent had a raise", "hours", "same")],
)  # fmt: skip
def test_which_way_the_pay_went_in_words(said: str, next_step: str, way: str) -> None:
    """ "i got a rise" at "Has your pay changed?" had been "didn't get that"."""
    state, res = answer([text(said)])
    assert state is not None and state.step == next_step, all_text(res)
    assert state.data["answers"]["pay"] == way


def test_hours_cut_to_a_number_at_the_pay_question_are_the_hours_not_the_pay() -> None:
    """ "they cut my hours to 36" had been read back as "Did you mean £36 an hour?"."""
    state, res = answer([text("they cut my hours to 36")])
    assert "£36" not in all_text(res)
    assert state is not None and "pay_pence" not in state.data["answers"]
    state, res = answer([text("they cut my hours to 36"), text("same")])
    assert state is not None and state.data["answers"]["hours"] == 36.0, all_text(res)


@pytest.mark.parametrize("said", ["nothing new", "nothing new i said", "no change"])
def test_nothing_new_at_the_hours_question_is_the_same_hours(said: str) -> None:
    state, res = answer([button("ci:pay:same"), text(said)])
    assert state is not None and state.data["answers"]["hours"] == 30.0, all_text(res)


def test_hours_cut_in_the_same_job_get_a_kind_word_and_the_jobs_button() -> None:
    """ "they cut my hours to 20" had ended with "Thanks for checking in!" alone."""
    state, res = answer(
        [button("ci:pay:same"), text("they cut my hours to 20"), button("ci:job:same"),
         button("ci:crs:good")]
    )  # fmt: skip
    said = all_text(res)
    assert "Sorry your hours went down (30 to 20 a week)." in said
    assert "menu:jobs" in button_data(res)


def test_job_news_naming_no_job_asks_for_the_job_and_never_saves_started() -> None:
    """ "started at argos on 12.75 part time" had been "Well done on the new job as
    Started!"."""
    c = replace(C, job_title="Delivery driver", sector="transport")
    res = checkin.start(c, 42)
    res = step(res.state, text("started at argos on 12.75 part time", "new_job", 0.9), c)
    res = step(res.state, text("same"), c)
    assert res.state is not None and res.state.step == "job_text", all_text(res)
    assert "Started" not in all_text(res)
    res = step(res.state, text("warehouse"), c)
    res = step(res.state, button("ci:crs:good"), c)
    done = next(e for e in res.effects if isinstance(e, SaveEarnings))
    assert (done.hourly_pence, done.job_title) == (1275, "Warehouse operative")


def test_a_rise_with_the_new_rate_in_words_is_saved_at_the_check_in() -> None:
    """ "They gave us a pay rise. Fourteen ninety now." had got "What is your pay now?"."""
    state, res = answer([text("They gave us a pay rise. Fourteen ninety now.")])
    assert state is not None and state.data["answers"]["pay_pence"] == 1490, all_text(res)


def test_a_thumbs_up_to_has_your_pay_changed_is_the_same_pay() -> None:
    """👍 had been taken as "it went up"."""
    state, res = answer([text("👍")])
    assert state is not None and state.step == "hours" and state.data["answers"]["pay"] == "same"


def test_a_job_offer_in_a_check_in_is_not_a_new_pay_or_job_yet() -> None:
    """ "got offered a days job at greggs, 13.50 an hour" had been saved as the pay now, and
    "not yet its an offer" as a new job."""
    c = ctx(
        first_name="Dan", hourly_pence=1290, weekly_hours=40.0, job_title="Production operative"
    )
    res = checkin.start(c, 7)
    res = step(
        res.state,
        text("got offered a days job at greggs, 13.50 an hour, 37.5 hrs, starting in 2 weeks"),
        c,
    )
    assert res.state is not None and res.state.data["answers"].get("pay") == "same"
    assert "pay_pence" not in res.state.data["answers"]
    assert "Good luck with the offer!" in all_text(res)
