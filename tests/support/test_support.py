"""Help for barriers: one short, dated message per barrier; the Carer's Allowance warning."""

from __future__ import annotations

import itertools

import pytest

from support import (
    ALL_FACTS,
    BARRIER_KEYS,
    MAX_CHARS,
    carers_allowance_warning,
    carers_earnings,
    current,
    messages_for,
)

FACTS = ALL_FACTS["2026-27"]


def test_barrier_keys_match_the_goals_flow():
    from flows.goals import BARRIERS  # test only: support itself never imports flows

    assert set(BARRIER_KEYS) == set(BARRIERS)


CASES = list(itertools.product((None, True, False), (None, 18, 19, 30)))


@pytest.mark.parametrize("on_uc,age", CASES)
def test_one_short_dated_message_per_barrier(on_uc, age):
    msgs = messages_for(BARRIER_KEYS, FACTS, on_uc=on_uc, age=age)
    # under 19 the adult digital entitlement does not apply, so there is nothing to say
    assert len(msgs) == len(BARRIER_KEYS) - (1 if age is not None and age < 19 else 0)
    for m in msgs:
        assert len(m) < MAX_CHARS, m
        assert "26 Nov 2026" in m


def test_every_item_has_a_source_and_date_and_known_barrier():
    for item in FACTS.items:
        assert item.source and item.date and item.barrier in BARRIER_KEYS
        assert item.text and len(item.text) < 250
    assert {i.barrier for i in FACTS.items} == set(BARRIER_KEYS)


def test_only_chosen_barriers_in_goal_order_unknown_skipped():
    msgs = messages_for(["digital", "childcare", "nonsense"])
    assert len(msgs) == 2
    assert msgs[0].startswith("Help with childcare") and msgs[1].startswith("Help with computers")
    assert messages_for([]) == []


def test_childcare_tailored_to_uc():
    on_uc = messages_for(["childcare"], on_uc=True)[0]
    assert "85%" in on_uc and "Tax-Free Childcare" not in on_uc
    off_uc = messages_for(["childcare"], on_uc=False)[0]
    assert "Tax-Free Childcare" in off_uc and "Not with Universal Credit" in off_uc
    assert "85%" not in off_uc
    unknown = messages_for(["childcare"])[0]
    assert "Tax-Free Childcare" in unknown and "85%" in unknown


def test_care_to_learn_only_under_20():
    assert "Care to Learn" in messages_for(["childcare"], age=19)[0]
    assert "Care to Learn" not in messages_for(["childcare"], age=20)[0]


def test_third_party_facts_are_marked_and_old_facts_dated():
    transport = messages_for(["transport"])[0]
    assert "Not from GOV.UK" in transport
    assert "Nov 2021" in transport  # the jobcentre travel facts are from 2021
    confidence = messages_for(["confidence"])[0]
    assert "NHS Talking Therapies" in confidence and "Not from GOV.UK" not in confidence


def test_each_barrier_names_its_help():
    text = "\n".join(messages_for(BARRIER_KEYS))
    for words in (
        "30 free hours",
        "Tax-Free Childcare",
        "Care to Learn",
        "Learner Support",
        "Access to Work",
        "Acas",
        "ESOL",
        "£3 a single",
        "NHS Talking Therapies",
        "Carer's Allowance",
        "£204",
        "Computer skills",
    ):
        assert words in text


# (before, after, expected words or None)
WARNINGS = [
    (19000, 21000, "lose all your Carer's Allowance"),  # goes over: warn before it happens
    (20400, 20401, "£0.01 over"),  # £1 (even 1p) over the limit loses the week
    (18000, 19800, "under the £204 limit"),  # close to the limit
    (15000, 17000, None),  # well under
    (20000, 19000, None),  # a fall
    (21000, 22000, "stops when you earn over £204"),  # already over
]


@pytest.mark.parametrize("before,after,words", WARNINGS)
def test_carers_allowance_warning(before, after, words):
    got = carers_allowance_warning(before, after, FACTS)
    if words is None:
        assert got is None
    else:
        assert got is not None and words in got
        assert "26 Nov 2026" in got  # third-party figure shown with its date
        # we only know they care for someone, not that they get it (a tester: "it assumes")
        assert got.startswith("If you get Carer's Allowance")


def test_carers_earnings_takes_half_the_pension():
    assert carers_earnings(25420, 0, 0, 1000) == 24920


def test_current_is_newest():
    assert current().year == max(ALL_FACTS)
