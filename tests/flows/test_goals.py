from dataclasses import replace
from datetime import date

import pytest

from flows.core import Event, NextSteps, RaiseFlag, SaveEarnings, SaveGoal, SaveSlots, Slot, State
from nlu.values import read_values

from .helpers import all_text, button, button_data, step, text


def test_job_title_guesses_the_sector_and_skips_the_sector_question() -> None:
    res = step(State("goals", "job", {}), text("care assistant"))
    assert res.state is not None and res.state.step == "hours"
    assert res.state.data["sector"] == "care"


def test_unknown_job_asks_for_the_sector() -> None:
    res = step(State("goals", "job", {}), text("dog groomer"))
    assert res.state is not None and res.state.step == "sector"
    assert "sec:care" in button_data(res)


def test_yearly_pay_becomes_hourly_at_their_hours() -> None:
    st = State("goals", "pay", {"job_title": "picker", "sector": "warehouse", "hours": 37.5})
    res = step(st, text("26k a year"))
    assert res.state is not None and res.state.data["hourly_pence"] == 1333  # 26000/52/37.5
    assert "£13.33 an hour" in all_text(res)


def test_pay_that_is_not_money_is_reasked_and_nothing_lost() -> None:
    st = State("goals", "pay", {"job_title": "picker", "hours": 30})
    res = step(st, text("not much"))
    assert res.state is not None and res.state.step == "pay"
    assert res.state.data["job_title"] == "picker"
    assert "didn't quite get that" in all_text(res)


def test_typed_rota_with_days_and_times_skips_the_times_question() -> None:
    st = State("goals", "days", {})
    res = step(st, text("Mon to Fri 9-5"))
    assert res.state is not None and res.state.step == "barriers"
    assert res.state.data["slots"] == [[d, "09:00", "17:00"] for d in range(5)]
    assert "Got it: Mon to Fri, 9am-5pm." in all_text(res)  # said back, days and times


def test_times_read_after_the_days_are_said_back_with_the_days() -> None:
    """ "Got it: 10pm-6am" had left out the Tue to Sat typed just before."""
    res = step(State("goals", "times", {"days": [1, 2, 3, 4, 5]}), text("nites"))
    assert "Got it: Tue to Sat, 10pm-6am." in all_text(res)
    res = step(State("goals", "times", {"days": [0, 2, 4]}), text("6-2"))
    assert "Got it: Mon, Wed, Fri, 6am-2pm." in all_text(res)


def test_rota_that_changes_every_week() -> None:
    res = step(State("goals", "days", {}), button("day:varies"))
    assert res.state is not None and res.state.data["rota_varies"] is True


def test_whole_goal_flow_saves_everything_and_shows_uplift() -> None:
    state: State | None = State("goals", "job", {})
    res = None
    for ev in [
        text("care assistant"),
        button("hrs:30"),
        text("£11.44 an hour"),
        button("pck:yes"),
        button("uw:no"),  # under the minimum: told, and they chose not to tell the coach
        button("con:zero_hours"),
        button("day:0"),
        button("day:2"),
        button("day:done"),
        button("pat:late"),
        button("bar:childcare"),
        button("bar:done"),
        button("want:pay"),
        button("want:done"),
        button("tgt:1"),
        button("tp:rlw"),
    ]:
        res = step(state, ev)
        state = res.state
    assert res is not None and state is not None and state.flow == "menu"
    earnings = next(e for e in res.effects if isinstance(e, SaveEarnings))
    assert (earnings.hourly_pence, earnings.weekly_hours, earnings.contract_type) == (
        1144,
        30.0,
        "zero_hours",
    )
    slots = next(e for e in res.effects if isinstance(e, SaveSlots))
    assert slots.slots == (Slot(0, "14:00", "22:00"), Slot(2, "14:00", "22:00"))
    goal = next(e for e in res.effects if isinstance(e, SaveGoal))
    assert goal.target_role == "Care team leader" and goal.target_hourly_pence == 1345
    assert goal.barriers == ("childcare",) and goal.kinds == ("pay",)
    assert (goal.baseline_hours, goal.baseline_contract, goal.baseline_shifts) == (
        30.0,
        "zero_hours",
        "regular",
    )
    assert not any(isinstance(e, RaiseFlag) for e in res.effects)
    summary = all_text(res)
    # (13.45 - 11.44) / 11.44 = 17.6% -> 18%; 2.01 x 30 h = £60.30 a week
    assert "18% more" in summary and "£60.30 more a week" in summary


def test_not_sure_goal_gives_no_uplift_figures() -> None:
    st = State("goals", "target", {"sector": "retail", "hourly_pence": 1200, "hours": 20})
    res = step(st, button("tgt:unsure"))
    res = step(res.state, button("tp:unsure"))
    goal = next(e for e in res.effects if isinstance(e, SaveGoal))
    assert goal.not_sure is True and goal.target_hourly_pence is None
    # no pay aim chosen: the Real Living Wage is offered as a first aim (£12 -> £13.45)
    assert "A good first aim: the Real Living Wage" in all_text(res)
    assert "12% more: about £29 more a week" in all_text(res)


def test_no_pay_figures_when_already_above_the_real_living_wage() -> None:
    st = State("goals", "target_pay", {"sector": "retail", "hourly_pence": 1400, "hours": 20})
    res = step(st, button("tp:unsure"))
    assert "% more" not in all_text(res) and "Real Living Wage" not in all_text(res)


def test_target_step_offers_typical_next_steps_for_the_sector() -> None:
    st = State("goals", "want", {"sector": "care", "job_title": "Care worker"})
    res = step(st, button("want:unsure"))
    # the flow asks for employers' published steps first (jobs.pathways, via the service)
    assert res.lookup == NextSteps("care", "Care worker") and res.replies == []
    assert res.state is not None
    res = step(res.state, Event(kind="result", payload=[]))  # none published
    assert "typical next steps" in all_text(res)
    assert "Senior care assistant" in all_text(res)
    assert button_data(res)[:3] == ["tgt:0", "tgt:1", "tgt:2"]


def test_target_step_shows_employers_published_next_steps_with_their_pay() -> None:
    st = State("goals", "want", {"sector": "care", "job_title": "Care worker"})
    res = step(st, button("want:unsure"))
    assert res.state is not None
    payload = [
        {
            "role": "Senior care assistant",
            "source": "employer",
            "employers": ["Aire Valley Care (demo)", "Moorside Homes (demo)"],
            "pay_min_pence": 1390,
            "pay_max_pence": 1460,
        },
        {"role": "Care team leader", "source": "typical", "employers": []},
        "junk",
    ]
    res = step(res.state, Event(kind="result", payload=payload))
    said = all_text(res)
    assert "next steps employers offer" in said
    assert (
        "• Senior care assistant: £13.90 to £14.60 an hour at Aire Valley Care (demo) and 1 more"
        in said
    )
    assert "• Care team leader" in said
    assert res.state is not None
    picked = step(res.state, button("tgt:1"))
    assert picked.state is not None and picked.state.data["target_role"] == "Care team leader"
    # asked again (e.g. after a side trip), the same list comes back without a new look-up
    again = step(State("goals", "target", res.state.data), text("???"))
    assert "Aire Valley Care (demo)" in all_text(again) and again.lookup is None


def test_a_yearly_salary_is_kept_as_given_not_rebuilt_from_the_hourly_rate() -> None:
    """£38,000 a year is £19.49 an hour at 37.5 h (38000 / 52 / 37.5 = 19.487); rebuilding the
    year from that rate gave £38,005.50. The amount is kept as given, for funding too."""
    from flows.funding_check import facts_for

    st = State("goals", "pay", {"job_title": "Administrator", "sector": "office", "hours": 37.5})
    res = step(st, text("£38,000"))
    assert res.state is not None and res.state.data["pay_given"] == [3800000, "year"]
    assert res.state.data["hourly_pence"] == 1949
    d = {**res.state.data, "contract": "permanent", "rota_varies": True}
    done = step(State("goals", "target_pay", d), button("tp:unsure"))
    saved = next(e for e in done.effects if isinstance(e, SaveEarnings))
    assert (saved.amount_pence, saved.period, saved.hourly_pence) == (3800000, "year", 1949)
    assert "£38,000 a year (about £19.49 an hour)" in all_text(done)
    from .helpers import ctx as make_ctx

    c = make_ctx(hourly_pence=1949, pay_amount_pence=3800000, pay_period="year")
    facts = facts_for(State("funding", "question", {}), c)
    assert facts.annual_pay_pence == 3800000 and facts.hourly_pay_pence is None


def test_summary_lists_each_day_once_and_every_time_range() -> None:
    from flows.goals import summary_text

    d = {
        "slots": [
            [0, "06:00", "08:00"],
            [0, "18:00", "21:00"],
            [1, "06:00", "08:00"],
            [1, "18:00", "21:00"],
        ]
    }
    assert "• Shifts: Mon, Tue, 06:00-08:00 and 18:00-21:00." in summary_text(d)


def test_a_target_job_shows_its_ons_pay_and_offers_it_as_the_goal() -> None:
    """Senior care workers: ONS ASHE 2025 median £29,381 a year full-time (labour_market data);
    29381 / 52 / 37.5 = £15.07 an hour."""
    st = State("goals", "target", {"sector": "care", "hourly_pence": 1300, "hours": 30.0})
    res = step(st, button("tgt:0"))  # Senior care assistant
    assert "Senior care workers earn about £29,400 a year full-time (ONS, 2025)." in all_text(res)
    assert "about £15.07 an hour" in all_text(res) and "tp:typ" in button_data(res)
    done = step(res.state, button("tp:typ"))
    goal = next(e for e in done.effects if isinstance(e, SaveGoal))
    assert goal.target_hourly_pence == 1507


def test_a_target_with_no_ons_row_says_so() -> None:
    st = State("goals", "target", {"sector": "transport", "hourly_pence": 1300})
    res = step(st, text("team leader"))
    assert "I don't have a typical pay figure for team leader." in all_text(res)
    assert "tp:typ" not in button_data(res)


# --- goals that are not only hourly pay --------------------------------------------------------
def _drive(state: State, *events):
    res = None
    for ev in events:
        res = step(state, ev)
        assert res.state is not None, all_text(res)
        state = res.state
    return res


BASE = {
    "job_title": "Care assistant",
    "sector": "care",
    "hours": 30.0,
    "hourly_pence": 1290,
    "contract": "zero_hours",
    "rota_varies": True,
    "barriers": [],
}


def test_more_hours_and_a_secure_contract_typed_skip_the_pay_questions() -> None:
    res = step(State("goals", "want", dict(BASE)), text("more hrs and a perm contract tbh"))
    assert "Got it: more hours, a permanent or more secure contract." in all_text(res)
    assert res.state is not None and res.state.step == "hours_goal"
    assert "You do about 30 now" in all_text(res)
    # only choices above what they do now
    assert [d for d in button_data(res) if d.startswith("hg:")] == [
        "hg:37.5",
        "hg:40",
        "hg:45",
        "hg:max",
        "hg:unsure",
    ]
    done = step(res.state, text("37.5"))
    assert done.state is not None and done.state.flow == "menu"  # no target job, no pay goal
    goal = next(e for e in done.effects if isinstance(e, SaveGoal))
    assert goal.kinds == ("hours", "secure")
    assert (goal.baseline_hours, goal.baseline_contract, goal.baseline_shifts) == (
        30.0,
        "zero_hours",
        "varies",
    )
    assert goal.target_hours == 37.5 and goal.target_hourly_pence is None
    summary = all_text(done)
    # 7.5 more hours x £12.90 = £96.75 a week
    assert "• More hours: from 30 to 37.5 a week." in summary
    assert "That's about £96.75 more a week before tax." in summary
    assert "• A permanent or more secure contract (now: zero hours)." in summary
    assert "Pay goal" not in summary and "Real Living Wage" not in summary
    assert "menu:willitpay" in button_data(done)


def test_hours_wanted_must_be_more_than_now() -> None:
    st = State("goals", "hours_goal", {**BASE, "wants": ["hours"]})
    res = step(st, text("20"))
    assert "That's not more than the 30 hours you do now." in all_text(res)
    assert res.state is not None and res.state.step == "hours_goal"
    res = step(res.state, text("as many as i can get"))
    goal = next(e for e in res.effects if isinstance(e, SaveGoal))
    assert goal.kinds == ("hours",) and goal.target_hours is None
    assert "as many as you can get (you do 30 now)" in all_text(res)


def test_a_different_kind_of_job_asks_for_it_and_no_pay_goal() -> None:
    st = State("goals", "barriers", dict(BASE))
    res = _drive(st, button("bar:none"), button("want:change"), button("want:done"))
    assert res.state.step == "target_text"
    assert "What job or kind of work would you like to move to?" in all_text(res)
    done = step(res.state, text("warehouse supervisor"))
    assert done.state is not None and done.state.flow == "menu"
    goal = next(e for e in done.effects if isinstance(e, SaveGoal))
    assert goal.kinds == ("change",) and goal.target_role and goal.target_hourly_pence is None
    assert "You want: a different job or sector." in all_text(done)


def test_better_shifts_only_is_saved_with_the_night_pattern() -> None:
    d = {**BASE, "rota_varies": False, "slots": [[0, "22:00", "06:00"], [1, "22:00", "06:00"]]}
    res = _drive(State("goals", "want", d), button("want:shifts"), button("want:done"))
    assert res.state.flow == "menu"
    goal = next(e for e in res.effects if isinstance(e, SaveGoal))
    assert goal.kinds == ("shifts",) and goal.baseline_shifts == "nights"
    assert "• Regular or better shifts (now: nights)." in all_text(res)


def test_not_sure_what_they_want_is_todays_pay_path() -> None:
    res = step(State("goals", "want", dict(BASE)), button("want:unsure"))
    assert res.state is not None and res.state.step == "target"
    res = step(State("goals", "want", dict(BASE)), text("dunno really"))
    assert res.state is not None and res.state.step == "target"


def test_want_buttons_tick_and_untick() -> None:
    res = step(State("goals", "want", dict(BASE)), button("want:hours"))
    assert res.state.data["wants"] == ["hours"] and "✅ More hours" in str(res.replies[-1])
    res = step(res.state, button("want:pay"))
    assert res.state.data["wants"] == ["pay", "hours"]
    res = step(res.state, button("want:hours"))
    assert res.state.data["wants"] == ["pay"]


def test_contract_typed_is_read_by_the_nlu_values_and_old_buttons_still_work() -> None:
    st = State("goals", "contract", {"job_title": "Cleaner"})
    res = step(st, text("im on zero hrs"))
    assert res.state.data["contract"] == "zero_hours"
    res = step(st, button("con:temporary"))  # a button from before the rename
    assert res.state.data["contract"] == "fixed_term"
    res = step(st, text("dunno"))
    assert res.state.data["contract"] == "unknown"


# --- underpayment and home care ---------------------------------------------------------------
def test_a_care_assistant_is_asked_about_home_care_then_unpaid_travel() -> None:
    """£12.90 an hour for 30 paid hours = £387 a week; 8 hours of unpaid travel between visits
    makes 38 working hours: £387 / 38 = £10.18 an hour, under £12.71 (21+, from 1 Apr 2026)."""
    st = State("goals", "pay", {"job_title": "Care assistant", "sector": "care", "hours": 30.0})
    res = step(st, text("12.90 an hour"))
    assert res.state.step == "home_care" and "hc:yes" in button_data(res)
    res = step(res.state, button("hc:yes"))
    assert res.state.step == "travel"
    assert "Travel between visits is working time" in all_text(res)
    assert "from your last visit home, does not count" in all_text(res)
    res = step(res.state, text("bout 8 hrs"))
    assert res.state.step == "underpaid" and not res.effects
    note = all_text(res)
    assert "Counting your 8 hours of unpaid travel, you get about £10.18 an hour" in note
    assert "£12.71 an hour (since 1 Apr 2026)" in note and "0300 123 1100" in note
    res = step(res.state, button("uw:yes"))
    flag = next(e for e in res.effects if isinstance(e, RaiseFlag))
    assert flag.kind == "underpaid" and "8 hours of unpaid travel" in (flag.detail or "")
    assert "I've told your coach" in all_text(res) and res.state.step == "contract"


def test_a_home_carer_goes_straight_to_travel_and_paid_travel_is_fine() -> None:
    st = State("goals", "pay", {"job_title": "Home carer", "sector": "care", "hours": 30.0})
    res = step(st, text("£14 an hour"))
    assert res.state.step == "travel"
    # £14 x 30 = £420; / 33 h = £12.727 -> £12.73: not under the minimum
    res2 = step(res.state, text("3"))
    assert "about £12.73 an hour" in all_text(res2) and res2.state.step == "contract"
    assert not res2.effects
    res3 = step(res.state, text("none its all paid"))
    assert res3.state.step == "contract" and res3.state.data["travel_hours"] == 0.0
    res4 = step(res.state, text("5 hours but its not paid"))
    assert res4.state.data["travel_hours"] == 5.0
    res5 = step(res.state, button("tr:unsure"))
    assert "Acas can check your pay for free" in all_text(res5)


def test_saying_no_to_telling_the_coach_raises_no_flag() -> None:
    st = State("goals", "pay", {"job_title": "Cleaner", "sector": "cleaning", "hours": 20.0})
    res = step(st, text("£10 an hour"))
    res = step(res.state, button("pck:yes"))
    assert res.state.step == "underpaid" and "You get £10 an hour." in all_text(res)
    res = step(res.state, text("no thanks"))
    assert not any(isinstance(e, RaiseFlag) for e in res.effects)
    assert "I won't tell anyone" in all_text(res) and res.state.step == "contract"


def test_summary_for_a_change_of_job_shows_no_pay_goal_and_the_rota_and_barriers() -> None:
    """A worker who only wants a different job: no pay goal line (even with a target pay),
    the aim says a different kind of job, a changing rota wins over slots."""
    from flows.goals import summary_text

    d = {
        "job_title": "cleaner",
        "hourly_pence": 1300,
        "hours": 20.0,
        "wants": ["change"],
        "target_pence": 1500,
        "rota_varies": True,
        "slots": [[0, "06:00", "08:00"]],
        "barriers": ["childcare", "transport"],
    }
    assert summary_text(d) == (
        "Here is your plan so far:\n"
        "• Now: cleaner, £13 an hour, 20 hours a week.\n"
        "• You want: a different job or sector.\n"
        "• Aim: a different kind of job (you can pick one later).\n"
        "• Shifts: they change every week.\n"
        "• Things to plan around: childcare, getting there."
    )


def test_summary_when_already_paid_the_pay_goal() -> None:
    """No goal kinds said means pay; a target at or under the pay now has no uplift."""
    from flows.goals import summary_text

    d = {"hourly_pence": 1600, "target_pence": 1500}
    assert summary_text(d) == (
        "Here is your plan so far:\n"
        "• Now: your job, £16 an hour.\n"
        "• Aim: a step up in your kind of work (you can pick a job later).\n"
        "• Pay goal: £15 an hour.\n"
        "  You are already paid that, so we'll aim for a better role."
    )


def test_english_keeps_its_capital_in_the_plan() -> None:
    from flows.goals import summary_text

    text = summary_text({"job_title": "Shop worker", "barriers": ["english", "transport"]})
    assert "Things to plan around: English, getting there." in text


def test_two_rates_typed_together_ask_which_one_and_save_only_that() -> None:
    """Two jobs or two rates were saved as the first rate read; now one is asked for."""
    data = {"job_title": "Care assistant", "sector": "care", "hours": 30.0}
    res = step(State("goals", "pay", data), text("12.90 at the care home and 13.50 at the pub"))
    assert res.state is not None and "hourly_pence" not in res.state.data
    assert "You gave two pay rates." in all_text(res)
    assert button_data(res) == ["pay2:1290", "pay2:1350"]
    res = step(res.state, button("pay2:1350"))
    assert res.state is not None and res.state.data["hourly_pence"] == 1350
    typed = step(State("goals", "pay", data), text("12.90 at the care home and 13.50 at the pub"))
    res = step(typed.state, text("12.90"))
    assert res.state is not None and res.state.data["hourly_pence"] == 1290


def test_pay_after_tax_said_again_is_worked_back_to_the_pay_before_tax() -> None:
    """£450 a week after tax at 40 hours. By hand (2026-27 rules): £13.88 x 40 x 52 = £28,870.40
    a year; tax 20% of (£28,870.40 - £12,570) = £3,260.08; NI 8% of the same = £1,304.03;
    pension 4% (after tax relief) of (£28,870.40 - £6,240) = £905.22; £23,401.07 left = £450.02
    a week. £13.87 leaves £449.75, so £13.88 is the lowest rate that leaves £450."""
    data = {"job_title": "Cleaner", "sector": "cleaning", "hours": 40.0}
    asked = step(State("goals", "pay", data), text("450 a week after tax"))
    assert asked.state is not None and "hourly_pence" not in asked.state.data
    assert "That sounds like your pay after tax." in all_text(asked)
    again = step(asked.state, text("450 a week"))  # the same figure: they only know that one
    assert again.state is not None and again.state.data["hourly_pence"] == 1388
    assert "from £450 a week after tax, at 40 hours a week" in all_text(again)
    assert "That's about £13.88 an hour." in all_text(again)
    gross = step(asked.state, text("its 555.20 a week before tax"))
    assert gross.state is not None and gross.state.data["hourly_pence"] == 1388
    assert "worked back" not in all_text(gross)


def test_a_word_of_one_offered_role_typed_picks_that_role() -> None:
    """ "supervisor" when "Cleaning supervisor" is offered had been saved as "Supervisor", with
    no pay figure for it."""
    data = {"job_title": "Cleaner", "sector": "cleaning", "hourly_pence": 1300, "wants": ["pay"]}
    res = step(State("goals", "target", data), text("supervisor"))
    assert res.state is not None and res.state.data["target_role"] == "Cleaning supervisor"
    res = step(State("goals", "target", data), text("team leader"))
    assert res.state is not None and res.state.data["target_role"] == "Team leader"
    care = {"job_title": "Care assistant", "sector": "care", "hourly_pence": 1250}
    care["next_roles"] = {"sector": "care", "roles": [{"role": "Senior care assistant"},
                          {"role": "Senior home carer"}]}  # fmt: skip
    res = step(State("goals", "target", care), text("senior carer"))  # a job we know by name
    assert res.state is not None and res.state.data["target_role"] == "Senior care assistant"


def test_hours_that_include_travel_bring_the_travel_questions_for_any_job() -> None:
    """ "35 hrs inc travel" from a cleaner going house to house: the home-visits question comes
    after the pay, instead of "£12.80 is above the minimum" and nothing about unpaid travel."""
    data = {"job_title": "Cleaner", "sector": "cleaning"}
    res = step(State("goals", "hours", data), text("35 hrs inc travel"))
    assert res.state is not None and res.state.data["hours"] == 35.0
    res = step(res.state, text("12.80 an hour"))
    assert res.state is not None and res.state.step == "home_care"
    plain = step(State("goals", "hours", data), text("35 hrs"))
    plain = step(plain.state, text("12.80 an hour"))
    assert plain.state is not None and plain.state.step == "contract"


@pytest.mark.parametrize("said", ["It changes", "it varies", "depends on the rota"])
def test_hours_that_change_typed_get_the_rough_number_question(said: str) -> None:
    """ "It changes" typed (the button's own words) had been "didn't get that", 7 times."""
    res = step(State("goals", "hours", {"job_title": "Cleaner", "sector": "cleaning"}), text(said))
    assert "About how many hours in a normal week?" in all_text(res)


def test_a_four_on_four_off_rota_is_its_average_week() -> None:
    """12-hour shifts, 4 on 4 off: 4 shifts in every 8 days = 12 x 7 x 4 / 8 = 42 a week."""
    data = {"job_title": "Security officer", "sector": "security"}
    res = step(State("goals", "hours", data), text("4 on 4 off 12 hour shifts"))
    assert res.state is not None and res.state.data["hours"] == 42.0


def test_an_age_said_after_the_underpaid_note_judges_the_pay_again() -> None:
    """£11.50 is under the 21+ rate (£12.71) but over the 18-20 rate (£10.85, from April
    2026): "yeah im 19" is not "yes, tell my coach"."""
    data = {"job_title": "Kitchen porter", "sector": "hospitality", "hours": 30.0}
    res = step(State("goals", "pay", data), text("11.50"))
    res = step(res.state, button("pck:yes"))
    assert res.state is not None and res.state.step == "underpaid"
    res = step(res.state, text("yeah im 19"))
    assert not any(isinstance(e, RaiseFlag) for e in res.effects)
    assert "At your age the legal minimum is £10.85 an hour" in all_text(res)
    assert res.state is not None and res.state.data["age_band"] == "18_20"


def test_a_bare_two_digit_pay_of_25_or_more_is_read_back() -> None:
    """ "48" at the pay question (the hours, fixed late) had been saved as £48 an hour."""
    data = {"job_title": "Security officer", "sector": "security", "hours": 12.0}
    res = step(State("goals", "pay", data), text("48"))
    assert res.state is not None and res.state.step == "pay_check"
    assert "Did you mean £48 an hour?" in all_text(res)
    plain = step(State("goals", "pay", data), text("£28 an hour"))
    assert plain.state is not None and plain.state.data["hourly_pence"] == 2800


def test_done_typed_before_any_day_says_what_to_do() -> None:
    """ "done" typed with no day tapped had been "Sorry, I didn't quite get that"."""
    res = step(State("goals", "days", {"job_title": "Cleaner", "sector": "cleaning"}), text("done"))
    assert "Tap at least one day first" in all_text(res)


_HOME_CARER = {"job_title": "Home carer", "sector": "care", "hours": 35.0}


@pytest.mark.parametrize("length", ["half an hour", "30", "30 mins", "vis:30"])
def test_pay_by_the_visit_asks_how_long_a_visit_is_then_works_out_the_hour(length: str) -> None:
    """ "about 9 quid a visit" had been read back as "Did you mean £9 an hour?". £9 for 30
    minutes is £18 an hour."""
    res = step(State("goals", "pay", dict(_HOME_CARER)), text("about 9 quid a visit"))
    assert res.state is not None and res.state.step == "pay"
    assert "How long is a visit" in all_text(res) and "vis:30" in button_data(res)
    assert "£9 an hour" not in all_text(res)
    event = button(length) if length.startswith("vis:") else text(length)
    res = step(res.state, event)
    assert res.state is not None and res.state.data["hourly_pence"] == 1800
    assert "£9 a visit of 30 minutes. That's about £18 an hour." in all_text(res)
    assert "visit_pence" not in res.state.data


def test_pay_by_the_visit_with_its_length_in_one_message() -> None:
    said = text("9 pound a visit, the calls are 30 mins")
    res = step(State("goals", "pay", dict(_HOME_CARER)), said)
    assert res.state is not None and res.state.data["hourly_pence"] == 1800  # 900 * 60 / 30


def test_split_shifts_ask_for_the_hours_worked_not_the_span() -> None:
    """ "7am till 10pm split shifts every day" had become "About 15 hours a shift. How many
    shifts a week?", asked seven times."""
    state = State("goals", "hours", {"job_title": "Home carer", "sector": "care"})
    res = step(state, text("7am till 10pm split shifts every day"))
    assert res.state is not None and res.state.step == "hours"
    assert "not counting the gaps" in all_text(res)
    res = step(res.state, text("about 35"))
    assert res.state is not None and res.state.data["hours"] == 35.0


def test_a_shift_length_with_the_days_counts_the_days() -> None:
    """ "10 hour shifts mon wed fri": 3 shifts of 10 hours, 30 a week, no shifts question."""
    state = State("goals", "hours", {"job_title": "Cleaner", "sector": "cleaning"})
    res = step(state, text("10 hour shifts mon wed fri"))
    assert res.state is not None and res.state.data["hours"] == 30.0, all_text(res)


def test_a_pay_at_the_shifts_question_is_not_taken_as_hours() -> None:
    """ "14.50" at "How many shifts a week?" had been saved as 14.5 hours a week."""
    state = State("goals", "shifts", {"job_title": "Cleaner", "shift_hours": 8.0})
    res = step(state, text("14.50"))
    assert res.state is None or "hours" not in res.state.data
    res = step(state, text("40"))
    assert res.state is not None and res.state.data["hours"] == 40.0


@pytest.mark.parametrize("said", ["different job", "something different", "a new career"])
def test_a_wish_to_change_at_the_target_question_is_no_job_title(said: str) -> None:
    """ "different job" had been saved as the aim: "I don't have a typical pay figure for
    different job", and the plan said "Aim: Different job."."""
    st = State("goals", "target", {"sector": "transport", "hourly_pence": 1300, "hours": 40.0})
    res = step(st, text(said))
    assert res.state is not None and res.state.step == "target_text"
    assert res.state.data.get("target_role") is None and "change" in res.state.data["wants"]
    said = all_text(step(res.state, text("warehouse supervisor")))
    # Elementary storage supervisors (SOC 9251): £31,010 a year full-time (ASHE 2025)
    assert "Elementary storage supervisors earn about £31,000 a year full-time" in said
    assert "Aim: Supervisor." in said and "Different job" not in said


def _read_back_10_85() -> State:
    """ "Did you mean £10.85 an hour? ... less than the minimum for 21 or over (£12.71)"."""
    res = step(State("goals", "pay", {"job_title": "Kitchen porter", "hours": 24.0}), text("10.85"))
    assert res.state is not None and res.state.step == "pay_check"
    return res.state


@pytest.mark.parametrize("said", ["im 19", "i'm 19 years old"])
def test_an_age_at_the_pay_read_back_judges_the_pay_at_that_age(said: str) -> None:
    """ "im 19" had been "Sorry, I didn't quite get that". £10.85 is the 18-20 rate."""
    res = step(_read_back_10_85(), text(said))
    assert res.state is not None and res.state.data["hourly_pence"] == 1085
    assert res.state.data["age_band"] == "18_20" and "minimum" not in all_text(res)


def test_a_bare_age_like_number_at_the_read_back_asks_age_or_pay() -> None:
    """A bare "19" had been saved as £19 an hour."""
    res = step(_read_back_10_85(), text("19"))
    assert all_text(res) == "Is 19 your age, or your pay (£19 an hour)?"
    assert button_data(res) == ["pck:age:19", "pck:pay:19"]
    age = step(res.state, button("pck:age:19"))
    assert age.state is not None and age.state.data["hourly_pence"] == 1085
    pay = step(res.state, button("pck:pay:19"))
    assert pay.state is not None and pay.state.data["hourly_pence"] == 1900


@pytest.mark.parametrize(
    ("said", "found"),
    [("bad back from standing all day", ["health"]), ("i have arthritis", ["health"]),
     ("been off sick a lot", ["health"]), ("sick of it tbh", None)],
)  # fmt: skip
def test_health_in_everyday_words_at_the_barriers_question(said: str, found: list | None) -> None:
    """ "bad back from standing all day" had been "Sorry, I still didn't get that"."""
    res = step(State("goals", "barriers", {"job_title": "Picker"}), text(said))
    got = res.state.data.get("barriers") if res.state is not None else None
    assert got == found, all_text(res)


@pytest.mark.parametrize(
    "said", ["4 nights a week 7pm-7am, diff nights each week", "depends on the rota lol"]
)
def test_days_that_change_in_everyday_words(said: str) -> None:
    """ "diff nights each week" got the days question four times."""
    res = step(State("goals", "days", {"job_title": "Security officer"}), text(said))
    assert res.state is not None and res.state.step != "days", all_text(res)
    assert res.state.data.get("rota_varies") is True


@pytest.mark.parametrize(
    "said", ["i just want more hours love, not a new job", "same job!! just more hours"]
)
def test_the_same_job_at_the_target_question_moves_on(said: str) -> None:
    """A dinner lady who wants more hours was asked "What job would you like next?" three
    times."""
    d = {"job_title": "Lunchtime supervisor", "sector": "other", "hourly_pence": 1271,
         "hours": 10.0, "wants": ["hours"]}  # fmt: skip
    res = step(State("goals", "target", d), text(said))
    said_back = all_text(res)
    assert "What job would you like next?" not in said_back
    assert "Here is your plan so far:" in said_back and "Aim:" not in said_back


@pytest.mark.parametrize("said", ["some weeks 50 some weeks nothing", "42 one week 30 the next"])
def test_hours_that_go_up_and_down_ask_for_a_normal_week(said: str) -> None:
    """ "some weeks 50 some weeks nothing" had been saved as 50 hours a week."""
    res = step(State("goals", "hours", {"job_title": "Driver's mate"}), text(said))
    assert res.state is not None and "hours" not in res.state.data
    assert "About how many hours in a normal week?" in all_text(res)


def test_hours_that_change_said_twice_are_left_out_and_the_plan_moves_on() -> None:
    """A bank care worker said her hours change six ways and was asked about 14 times. The
    second time, the hours are left out (with how to add them); "on the bank" is kept for
    the contract question."""
    state = State("goals", "hours", {"job_title": "Care assistant", "sector": "care"})
    res = step(state, text("it varies"))
    assert res.state is not None and res.state.step == "hours"
    assert "About how many hours in a normal week?" in all_text(res)
    res = step(res.state, text("im on the bank so it changes"))
    assert res.state is not None and res.state.step == "pay" and "hours" not in res.state.data
    assert "I'll leave your hours out for now" in all_text(res)
    assert res.state.data["_ahead"]["contract"] == "im on the bank so it changes"


@pytest.mark.parametrize("said", ["Zero hours", "whenever they call me"])
def test_no_set_hours_at_the_hours_question_asks_for_a_normal_week(said: str) -> None:
    res = step(State("goals", "hours", {"job_title": "Care assistant"}), text(said))
    assert res.state is not None and res.state.step == "hours"
    assert "About how many hours in a normal week?" in all_text(res)


@pytest.mark.parametrize(
    ("said", "hours"), [("i do four nights. ten till six", 32.0), ("3 days 9-5", 24.0)]
)
def test_a_count_of_shifts_with_their_times_gives_the_week(said: str, hours: float) -> None:
    """ "i do four nights. ten till six" had been asked "How many shifts a week?"."""
    res = step(State("goals", "hours", {"job_title": "Security officer"}), text(said))
    assert res.state is not None and res.state.data["hours"] == hours, all_text(res)


@pytest.mark.parametrize(
    ("said", "pence"), [("Fourteen ninety now.", 1490), ("twelve fifty", 1250)]
)
def test_a_rate_said_in_words_at_the_pay_question(said: str, pence: int) -> None:
    """Voice-to-text writes £14.90 as "Fourteen ninety": at a pay question that is the rate."""
    res = step(State("goals", "pay", {"job_title": "Refuse collector", "hours": 39.0}), text(said))
    assert res.state is not None
    # £12.50 is under the £12.71 minimum, so it is read back before it is saved
    assert (res.state.data.get("hourly_pence") or res.state.data.get("pending_pence")) == pence


@pytest.mark.parametrize(
    ("said", "found"),
    [("forklift driver on agency", set()), ("bus cleaner on nights", set()),
     ("ive just started my level 3 in health and social care", set()),
     ("My back is bad. And I don't drive.", {"health", "transport"}),
     ("no bus at night", {"transport"})],
)  # fmt: skip
def test_barriers_kept_early_are_never_read_from_a_job(said: str, found: set[str]) -> None:
    """ "forklift" had given the barrier "getting there" (lift), a bus cleaner too (bus), and
    a level 3 in health and social care "health or disability"."""
    from flows.goals import barriers_said

    assert barriers_said(said) == found


@pytest.mark.parametrize("said", ["car wash", "i wash car hand car wash"])
def test_work_not_on_the_sector_buttons_is_something_else(said: str) -> None:
    """A car wash worker was asked "Which of these is closest to your work?" nine times."""
    res = step(State("goals", "sector", {"job_title": "Car wash"}), text(said))
    assert res.state is not None and res.state.data["sector"] == "other"
    assert res.state.step == "hours"


def test_hours_typed_at_what_they_want_are_the_hours_goal() -> None:
    """ "30 hours ideally" at "What do you want most?" got "Thanks, I have your hours already"
    (read as the hours now, 8)."""
    d = {"job_title": "Sales assistant", "sector": "retail", "hours": 8.0, "hourly_pence": 1221}
    res = step(State("goals", "want", d), text("30 hours ideally"))
    goal = next(e for e in res.effects if isinstance(e, SaveGoal))
    assert goal.kinds == ("hours",) and goal.target_hours == 30.0
    assert "More hours: from 8 to 30 a week." in all_text(res)


def test_the_plan_shows_the_contract_given() -> None:
    """Testers: "the plan read-back never shows the contract type"."""
    d = {"job_title": "Cleaner", "hourly_pence": 1280, "hours": 25.0, "contract": "zero_hours"}
    from flows.goals import summary_text

    assert "• Now: Cleaner, £12.80 an hour, 25 hours a week, zero hours." in summary_text(d)
    assert "don't know" not in summary_text({**d, "contract": "unknown"}).lower()


def test_days_whenever_they_text_is_a_changing_rota() -> None:
    """ "whenever they text me" got the days question seven times."""
    res = step(State("goals", "days", {"job_title": "Picker"}), text("whenever they text me"))
    assert res.state is not None and res.state.data.get("rota_varies") is True


def _at_pay_goal_for(aim: str) -> State:
    st = State("goals", "want", {"sector": "care", "job_title": "Care assistant", "hours": 30})
    res = step(st, button("want:pay"))
    res = step(res.state, button("want:done"))
    res = step(res.state, Event(kind="result", payload=[]))  # typical next steps offered
    res = step(res.state, text(aim))
    assert res.state is not None and res.state.step == "target_pay"
    return res.state


def test_a_job_typed_at_the_pay_goal_question_changes_the_aim() -> None:
    st = _at_pay_goal_for("senior carer")
    res = step(st, text("actually no, team leader"))  # an offered role, named in short
    assert res.state is not None and res.state.step == "target_pay"
    assert res.state.data["target_role"] == "Care team leader"
    assert "OK, care team leader instead." in all_text(res)
    res = step(st, text("sorry i meant nurse"))  # a job we know that was not offered
    assert res.state is not None and res.state.data["target_role"] == "Nurse"


def test_words_that_are_not_a_job_at_the_pay_goal_question_keep_the_aim() -> None:
    st = _at_pay_goal_for("senior carer")
    for said in ("no i havent had a rise", "senior carer"):
        res = step(st, text(said))
        assert res.state is not None and res.state.step == "target_pay"
        assert res.state.data["target_role"] == "Senior care assistant"
        assert "instead" not in all_text(res)


def test_a_wide_range_of_hours_asks_for_a_normal_week() -> None:
    st = State("goals", "hours", {"job_title": "Picker", "sector": "warehouse"})
    res = step(st, text("10 to 40 a week"))  # had been saved as 40
    assert res.state is not None and res.state.step == "hours" and "hours" not in res.state.data
    assert "About how many hours in a normal week?" in all_text(res)
    # a rough number, not a pay, even when the NLU tags it as money (it did)
    tagged = (("money", "25ish"),)
    said = replace(text("25ish"), values=read_values("25ish", date(2026, 11, 27), tagged))
    assert said.v.said_money is not None  # as the service reads it with Rasa's span
    res = step(res.state, said)
    assert res.state is not None and res.state.step == "pay" and res.state.data["hours"] == 25


def test_a_narrow_range_of_hours_is_its_middle() -> None:
    res = step(State("goals", "hours", {"job_title": "Picker"}), text("30 to 40 a week"))
    assert res.state is not None and res.state.data["hours"] == 35


def _two_rates_asked() -> State:
    st = State("goals", "pay", {"job_title": "Care assistant", "sector": "care", "hours": 30})
    res = step(st, text("12.90 but night premium so 13.75"))
    assert "Which one do you get for most of your hours?" in all_text(res)
    assert res.state is not None
    return res.state


@pytest.mark.parametrize(
    ("said", "pence"),
    [
        ("the higher one", 1375),
        ("the first one", 1290),
        ("the second", 1375),
        ("the basic rate", 1290),
        ("both really, half and half", 1333),  # (1290 + 1375) / 2 = 1332.5, rounded up
        ("13.75", 1375),
    ],
)
def test_one_of_two_rates_picked_in_words(said: str, pence: int) -> None:
    res = step(_two_rates_asked(), text(said))
    assert res.state is not None and res.state.data["hourly_pence"] == pence
    assert "two_rates" not in res.state.data


def test_two_rates_are_asked_again_after_another_answer() -> None:
    """ "mostly nights" is kept for the shifts; the question comes back with the two rates
    (it had gone back to "What is your pay?", and the worker's two rates were lost)."""
    res = step(_two_rates_asked(), text("mostly nights"))
    assert res.state is not None and res.state.step == "pay"
    assert button_data(res) == ["pay2:1290", "pay2:1375"]


def test_a_new_pay_at_the_tell_your_coach_question_is_not_a_yes() -> None:
    """ "ok just put 260 a week" after the underpaid note had told the coach (the "ok")."""
    st = State("goals", "pay", {"job_title": "Nail technician", "hours": 30})
    res = step(st, text("£200 a week"))  # £6.67 an hour: read back first
    res = step(res.state, button("pck:yes"))
    assert res.state is not None and res.state.step == "underpaid"
    res = step(res.state, text("ok just put 260 a week"))
    assert not any(isinstance(e, RaiseFlag) for e in res.effects)
    assert res.state is not None and res.state.data.get("pending_pence") == 867  # 260 / 30


def test_sometimes_this_sometimes_that_hours_ask_for_a_normal_week() -> None:
    """ "sometimes 10 sometimes like 25 if its busy" had been saved as 10 hours."""
    res = step(
        State("goals", "hours", {"job_title": "Usher"}),
        text("sometimes 10 sometimes like 25 if its busy"),
    )
    assert res.state is not None and res.state.step == "hours" and "hours" not in res.state.data
    assert "About how many hours in a normal week?" in all_text(res)


def test_a_job_named_at_what_do_you_want_most_is_the_aim() -> None:
    """ "maybe teaching assistant one day" had been "Thanks, I have your job already"."""
    d = {"job_title": "Cleaner", "sector": "cleaning", "hours": 25.0, "hourly_pence": 1271}
    said = (
        "i want one job not two, in the day time when kids at school. "
        "maybe teaching assistant one day"
    )
    res = step(State("goals", "want", d), text(said))
    goal = next(e for e in res.effects if isinstance(e, SaveGoal))
    assert goal.target_role == "Teaching assistant"
    assert set(goal.kinds) == {"shifts", "change"}  # "day time ... when kids at school": shifts
    res = step(State("goals", "want", d), text("cleaner"))  # the job they do: no aim
    assert res.state is not None and res.state.step == "want"


def test_better_hours_in_the_day_is_better_shifts() -> None:
    d = {"job_title": "Cleaner", "sector": "cleaning", "hours": 25.0, "hourly_pence": 1271}
    res = step(State("goals", "want", d), text("better hours, day time only"))
    assert "Got it: regular or better shifts." in all_text(res)


@pytest.mark.parametrize("said", ["me back aint great", "my knees aren't what they were"])
def test_a_body_that_is_not_what_it_was_is_a_health_barrier(said: str) -> None:
    from flows.goals import barriers_said

    assert barriers_said(said) == {"health"}


def test_a_late_done_at_what_do_you_want_most_says_it_was_saved() -> None:
    """ "i dont drive", then "done" for the barriers question, which had already moved on:
    the want question came again with no word, as if the bot had not heard."""
    d = {"job_title": "Care assistant", "sector": "care", "barriers": ["transport"]}
    res = step(State("goals", "want", d), text("done"))
    assert res.state is not None and res.state.step == "want"
    assert all_text(res).startswith("Got it, that's saved. Next:")


def test_no_carry_on_is_no_car() -> None:
    from flows.goals import barriers_said

    assert barriers_said("no carry on") == set()
    assert barriers_said("no car") == {"transport"}
