"""Issue 17: no message crashes a conversation. Every state of every flow, any input.

Runs in CI with a fixed seed and a bounded number of examples (FUZZ_EXAMPLES, default 60 per
state); `python -m benchmarks.fuzz_flows` runs many more.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows import router
from flows.core import Context, Event, State

from .fuzzing import all_states, check, contexts, drive, events, step_data
from .helpers import all_text, button_data, step, text

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize(("flow", "step_name"), all_states())
def test_every_step_answers_any_input(flow: str, step_name: str) -> None:
    @FUZZ
    @given(data=step_data(flow), event=events(), ctx=contexts())
    def run(data: dict, event: Event, ctx: Context) -> None:
        drive(flow, step_name, data, event, ctx)

    run()


@FUZZ
@given(event=events(), first=st.sampled_from([None, "Sam", "x" * 200]))
def test_before_consent_any_input(event: Event, first: str | None) -> None:
    check(router.handle(None, event, Context(today=date(2026, 11, 23)), first))


def test_every_flow_declares_its_steps() -> None:
    """The table contract: every step's next steps exist, ask() fits Telegram, and an empty
    text is "not understood" (None), never a crash or a saved value."""
    from flows.core import Context as Ctx

    ctx = Ctx(today=date(2026, 11, 23), has_worker=True)
    for flow, module in router.FLOWS.items():
        steps = module.STEPS
        for name, spec in steps.items():
            for nxt in spec.next:
                assert nxt in steps or nxt == "menu" or "." in nxt, (flow, name, nxt)
            reply = spec.ask(State(flow, name, {}), ctx)
            check_reply = router.Result(State(flow, name, {}), [reply])
            check(check_reply)
            empty = spec.answer(State(flow, name, {}), Event(kind="text", text=""), ctx)
            assert empty is None or not empty.effects, (flow, name)


# --- regressions: each crash or mis-read the fuzzing and users found ---------------------------
def test_shift_times_at_the_hours_step_ask_how_many_shifts() -> None:
    res = step(State("goals", "hours", {"job_title": "Cleaner"}), text("9:30-2:30"))
    assert res.state is not None and res.state.step == "shifts"
    assert "About 5 hours a shift. How many shifts a week?" in all_text(res)
    res = step(res.state, button("shn:4"))
    assert res.state is not None and res.state.data["hours"] == 20.0  # 5 h x 4 shifts


def test_two_time_ranges_make_two_slots_a_day() -> None:
    res = step(State("goals", "times", {"days": [0, 1]}), text("6-8 morning and 6-9 evening"))
    assert res.state is not None
    assert res.state.data["slots"] == [
        [0, "06:00", "08:00"],
        [0, "18:00", "21:00"],
        [1, "06:00", "08:00"],
        [1, "18:00", "21:00"],
    ]


@pytest.mark.parametrize("name", ["kayleigh", "chloe", "shaz", "its shaz", "dean", "kai", "gaz"])
def test_short_first_names_are_names_even_if_guessed_as_a_greeting(name: str) -> None:
    st_ = State("onboarding", "name", {})
    res = step(st_, text(name, intent="greet", confidence=0.97))
    assert res.state is not None and res.state.step == "postcode"
    assert "Nice to meet you" in all_text(res)


def test_a_stale_button_from_an_old_message_gets_the_current_question() -> None:
    res = step(State("goals", "contract", {}), button("tgt:2"))
    assert "older message" in all_text(res) and "con:agency" in button_data(res)


def button(data: str) -> Event:
    return Event(kind="button", text=data)


def test_a_saved_state_with_an_unknown_barrier_still_finishes() -> None:
    """Found by benchmarks.fuzz_flows: a barrier key the code no longer knows (an old saved
    state) crashed the plan summary with KeyError."""
    st_ = State("goals", "target_pay", {"barriers": ["nonsense"], "hourly_pence": 1300})
    res = step(st_, button("tp:unsure"))
    assert res.state is not None and res.state.flow == "menu"


def test_will_it_pay_with_a_lost_state_asks_again_instead_of_crashing() -> None:
    """Found by the flow fuzz test: 'yes' at the rent question with no pay in the state
    (an old or half-lost state) raised KeyError 'now_pay'."""
    res = step(State("willitpay", "rent", {}), text("yes", intent="affirm", confidence=0.9))
    assert res.state is not None and res.state.flow == "willitpay"
    assert res.state.step == "now_pay"
