"""Strategies and checks shared by the flow fuzz tests and `python -m benchmarks.fuzz_flows`.

Every state of every flow, driven with arbitrary text, button data, commands and lookup
results: the router must answer without an exception, with replies that fit Telegram, and leave
a state that can be saved as JSON (it is stored as it is).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import strategies as st

from flows import router
from flows.core import MAX_BUTTON_DATA, Context, Event, Result, Slot, State

TELEGRAM_TEXT_LIMIT = 4096
TODAY = date(2026, 11, 23)
INTENTS = [
    None,
    "greet",
    "goodbye",
    "affirm",
    "deny",
    "help",
    "stop",
    "delete_data",
    "inform_name",
    "inform_job",
    "inform_pay",
    "inform_hours",
    "inform_shift",
    "inform_barrier",
    "set_goal",
    "not_sure",
    "find_course",
    "ask_funding",
    "ask_loan",
    "checkin_update",
    "pay_rise",
    "new_job",
    "course_started",
    "course_completed",
    "course_dropped",
    "struggling",
    "ask_human",
    "out_of_scope",
    "nlu_fallback",
]
FUNDING_FACTS = [
    "date_of_birth",
    "pay",
    "weekly_hours",
    "postcode_district",
    "target_hourly_pence",
    "loans_used",
    "residency",
    "has_full_level2",
    "has_full_level3",
    "has_gcse_english_maths_grade4",
    "unemployed",
    "",
]
BUTTON_PREFIXES = [
    "consent:",
    "name:",
    "pc:",
    "job:",
    "sec:",
    "hrs:",
    "shn:",
    "hck:",
    "pay:",
    "age:",
    "pck:",
    "uw:",
    "hc:",
    "tr:",
    "con:",
    "day:",
    "pat:",
    "bar:",
    "want:",
    "hg:",
    "tgt:",
    "tp:",
    "c:save:",
    "c:info:",
    "c:",
    "c:lvl:",
    "c:km:",
    "c:online:",
    "f:run:",
    "fl:",
    "fq:",
    "ci:pay:",
    "ci:hrs:",
    "ci:con:",
    "ci:sh:",
    "ci:job:",
    "ci:crs:",
    "ci:help:",
    "menu:",
    "cmd:",
    "ck:",
    "ckt:",
    "up:",
    "upc:",
    "upj:",
    "",
]
WORDS = [
    "£",
    "p",
    "k",
    ":",
    "-",
    ".",
    ",",
    "%",
    "an hour",
    "a week",
    "a fortnight",
    "every 4 weeks",
    "a month",
    "a year",
    "hours",
    "hrs",
    "shifts",
    "days",
    "nights",
    "nites",
    "earlies",
    "lates",
    "mon",
    "tues to sat",
    "weekends",
    "4 on 4 off",
    "sorry i meant",
    "more hours",
    "zero hours",
    "perm",
    "agency",
    "home care",
    "better shifts",
    "not",
    "no",
    "yes",
    "idk",
    "up by",
    "rise",
    "promoted",
    "minimum wage",
    "level 3",
    "care",
    "cleaner",
    "LS6",
    "M14 5AB",
    "9:30-2:30",
    "6-8 morning and 6-9 evening",
    "11 44",
    "37,5",
    "£11,44",
    "twelve",
    "half",
    "😂",
    "👍",
    "\u200b",
    "\x00",
    "\n",
    "\t",
    "?",
    "!",
    "🇬🇧",
    "ﷺ",
    "Ⅻ",
    "١٢",
    "٫",
]
COMMANDS = [
    "/start",
    "/help",
    "/plan",
    "/courses",
    "/funding",
    "/checkin",
    "/pause",
    "/stop",
    "/mydata",
    "/delete",
    "/coach",
    "/checkins",
    "/jobs",
    "/nonsense",
    "/",
    "/start@bot extra",
]

messy_text = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.integers(-5, 100_000).map(str),
            st.decimals(0, 1000, places=2).map(str),
            st.text(max_size=5),
        ),
        max_size=12,
    ).map(" ".join),
    st.text(min_size=4000, max_size=6000),
)
button_data = st.one_of(
    st.tuples(
        st.sampled_from(BUTTON_PREFIXES),
        st.one_of(
            st.text(max_size=20),
            st.integers(-10, 2**40).map(str),
            st.sampled_from(
                [
                    "yes",
                    "no",
                    "skip",
                    "done",
                    "varies",
                    "nlw",
                    "any",
                    "more",
                    "back",
                    "filt",
                    "stop",
                    "resume",
                    "other",
                    "unsure",
                    "rlw",
                    "none",
                    "weekly:any",
                    "1",
                    "0",
                ]
            ),
        ),
    ).map("".join),
    st.text(max_size=64),
)


def events() -> st.SearchStrategy[Event]:
    text_events = st.builds(
        Event,
        kind=st.just("text"),
        text=messy_text,
        intent=st.sampled_from(INTENTS),
        confidence=st.floats(0, 1),
        nlu_down=st.booleans(),
        entities=st.lists(
            st.tuples(
                st.sampled_from(["money", "hours", "job_title", "day"]), st.text(max_size=20)
            ),
            max_size=3,
        ).map(tuple),
    )
    return st.one_of(
        text_events,
        st.builds(Event, kind=st.just("button"), text=button_data),
        st.builds(
            Event,
            kind=st.just("command"),
            text=st.one_of(st.sampled_from(COMMANDS), st.text(max_size=30).map(lambda t: "/" + t)),
        ),
        st.builds(Event, kind=st.just("other"), text=st.text(max_size=10)),
        st.builds(Event, kind=st.just("result"), payload=st.sampled_from([None, [], {}])),
    )


def contexts() -> st.SearchStrategy[Context]:
    return st.builds(
        Context,
        today=st.just(TODAY),
        has_worker=st.just(True),
        status=st.sampled_from(["active", "onboarding", "paused", "stopped"]),
        first_name=st.sampled_from([None, "Sam"]),
        postcode_district=st.sampled_from([None, "LS6"]),
        job_title=st.sampled_from([None, "Cleaner"]),
        sector=st.sampled_from([None, "cleaning", "nonsense"]),
        hourly_pence=st.sampled_from([None, 1, 1271, 99_999]),
        weekly_hours=st.sampled_from([None, 0.5, 30.0, 100.0]),
        baseline_hourly_pence=st.sampled_from([None, 1200]),
        busy_slots=st.sampled_from([(), (Slot(0, "09:00", "17:00"),)]),
        age_band=st.sampled_from([None, "under_18", "18_20", "21_plus"]),
        plan=st.sampled_from([(), ((7, "Course", "saved"),)]),
    )


def step_data(flow: str) -> st.SearchStrategy[dict[str, Any]]:
    """Data a state of this flow could hold, including half-empty and odd values."""
    resume = st.sampled_from(
        [
            None,
            {"flow": "goals", "step": "pay", "data": {}},
            {"flow": "nowhere", "step": "x", "data": {}},
        ]
    )
    base = st.fixed_dictionaries(
        {},
        optional={
            "job_title": st.sampled_from(["Cleaner", ""]),
            "sector": st.sampled_from(["care", "nonsense", None]),
            "hours": st.sampled_from([30.0, 0.0, None]),
            "hourly_pence": st.sampled_from([1271, 0, None]),
            "shift_hours": st.sampled_from([5.0, 0.0, None]),
            "pending_pence": st.sampled_from([99_999, 0, None]),
            "pending_hours": st.sampled_from([80.0, 1.0, None]),
            "days": st.sampled_from([[0, 2], [], [9]]),
            "barriers": st.sampled_from([["childcare"], [], ["nonsense"]]),
            "wants": st.sampled_from([["hours", "change"], [], ["nonsense"], "pay"]),
            "target_hours": st.sampled_from([40.0, 0.0, None]),
            "underpaid": st.sampled_from(
                [
                    {"hourly": 1000, "average": 900, "floor": 1271, "since": "2026-04-01"},
                    {"hourly": "x"},
                    None,
                ]
            ),
            "home_care": st.sampled_from([True, False, None]),
            "age_band": st.sampled_from(["18_20", None, "nonsense"]),
            "_answered": st.sampled_from([["job", "hours", "pay"], [], ["nowhere"]]),
            "_misses": st.integers(0, 5),
            "checkin_id": st.sampled_from([None, 42]),
            "answers": st.sampled_from([{}, {"pay": "up"}]),
            "asking": st.sampled_from(FUNDING_FACTS),
            "run_id": st.sampled_from([None, 7]),
            "offset": st.sampled_from([0, 3]),
            "shown": st.sampled_from([[7], []]),
            "course": st.sampled_from([{}, {"course_level": 3, "course_start": "2027-01-10"}]),
        },
    )
    return st.tuples(base, resume).map(lambda t: {**t[0], **({"_resume": t[1]} if t[1] else {})})


def all_states() -> list[tuple[str, str]]:
    found = [("menu", "idle")]
    for flow, module in router.FLOWS.items():
        found += [(flow, name) for name in getattr(module, "STEPS", {})]
    return found


def check(result: Result) -> None:
    """What every answer must satisfy, whatever came in."""
    assert result.replies or result.state is not None or result.effects
    for reply in result.replies:
        assert isinstance(reply.text, str) and reply.text.strip()
        assert len(reply.text) <= TELEGRAM_TEXT_LIMIT, len(reply.text)
        assert sum(len(row) for row in reply.buttons) <= 100
        for row in reply.buttons:
            assert 0 < len(row) <= 8
            for b in row:
                assert b.label.strip() and len(b.data.encode()) <= MAX_BUTTON_DATA
    if result.state is not None:
        json.dumps(result.state.data)
        assert isinstance(result.state.flow, str) and isinstance(result.state.step, str)


def drive(flow: str, step: str, data: dict[str, Any], event: Event, ctx: Context) -> Result:
    state = None if flow == "-" else State(flow, step, data)
    result = router.handle(state, event, ctx, "Sam")
    check(result)
    # a lookup is answered by the service and fed back: feed an empty answer back too
    if result.lookup is not None and result.state is not None:
        again = router.handle(result.state, Event(kind="result", payload=None), ctx)
        check(again)
    return result
