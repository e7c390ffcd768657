"""Property tests: the funding engine answers every worker, and its answers hang together.

Why: the table tests in test_engine.py pin each rule at its boundary; these draw any mix of
known and unknown facts (tests/funding/strategies.py) and check what must hold for all of them:
an explained answer with its rules year and the enrolment note, the facts still needed in asking
order, a loan only with its repayment lines, and no pay cut that loses a free course.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from funding.engine import (
    ENROLMENT_CAVEAT,
    FACT_ORDER,
    FREE_ROUTES,
    ROUTE_LOAN,
    assess,
)
from funding.facts import FundingFacts
from funding.render import TOPICS, detail_topics, render_decision, render_detail
from funding.rules import rules_for

from .strategies import ANY_FACTS, LOAN_SHAPED, TODAYS

FAST = settings(derandomize=True, max_examples=300, deadline=None)


@FAST
@given(ANY_FACTS, TODAYS)
def test_every_answer_is_explained_with_its_year_and_the_enrolment_note(
    facts: FundingFacts, today: date
) -> None:
    d = assess(facts, today)
    assert d.reasons and all(d.reasons)
    assert ENROLMENT_CAVEAT in d.caveats
    assert re.fullmatch(r"20\d\d-\d\d", d.rules_year)
    json.dumps(d.to_dict())  # what the funding_checks table stores
    if d.outcome == "free":
        assert d.route in FREE_ROUTES
    if d.outcome == "loan":
        assert d.route == ROUTE_LOAN and d.repay_lines and d.apply_steps
    if d.outcome == "need_more_info":
        assert d.missing and d.route is None


@FAST
@given(ANY_FACTS, TODAYS)
def test_missing_facts_come_in_asking_order(facts: FundingFacts, today: date) -> None:
    missing = assess(facts, today).missing
    assert len(missing) == len(set(missing))
    known = [m for m in missing if m in FACT_ORDER]
    assert known == sorted(known, key=FACT_ORDER.index)
    assert missing[: len(known)] == known  # facts outside the order come last


@FAST
@given(LOAN_SHAPED, TODAYS)
def test_a_loan_says_how_many_loans_are_left(facts: FundingFacts, today: date) -> None:
    d = assess(facts, today)
    if d.route != ROUTE_LOAN:
        return
    assert facts.course_start is not None and facts.loans_used is not None
    limit = rules_for(facts.course_start).loan_max_loans
    left = f"You can have up to {limit} of these loans in your life. "
    left += f"You have {limit - facts.loans_used} left."
    assert left in d.caveats and left in d.loan_limits
    assert any(r.startswith("You can borrow from") for r in d.reasons)


# Adults on courses up to level 3 starting in a rules year we hold, in work: the workers whose
# pay decides whether a course is free.
IN_WORK_UP_TO_LEVEL_3 = st.builds(
    replace,
    ANY_FACTS,
    course_level=st.integers(min_value=0, max_value=3),
    date_of_birth=st.dates(date(1950, 1, 1), date(2003, 12, 31)),
    course_start=st.dates(date(2025, 8, 1), date(2027, 7, 31)),
    unemployed=st.just(False),
)


@settings(derandomize=True, max_examples=600, deadline=None)
@given(IN_WORK_UP_TO_LEVEL_3, TODAYS, st.integers(min_value=0, max_value=4_000_000), st.data())
def test_a_pay_cut_never_loses_a_free_course(
    facts: FundingFacts, today: date, pay: int, data: st.DataObject
) -> None:
    before = replace(facts, annual_pay_pence=pay)  # a yearly figure wins over the others
    if assess(before, today).outcome != "free":
        return
    lower = data.draw(st.integers(min_value=0, max_value=pay), label="lower pay")
    assert assess(replace(before, annual_pay_pence=lower), today).outcome == "free"


@FAST
@given(ANY_FACTS, TODAYS)
def test_every_detail_is_one_tap_away(facts: FundingFacts, today: date) -> None:
    """Whatever the facts, each step, caveat, repayment line, limit and bursary item the engine
    gives is in the headline or behind one of its buttons."""
    d = assess(facts, today)
    shown = "\n".join([render_decision(d), *(render_detail(d, t) for t in detail_topics(d))])
    assert ENROLMENT_CAVEAT in shown and set(detail_topics(d)) <= set(TOPICS)
    everything = [
        *d.caveats,
        *d.repay_lines,
        *d.loan_limits,
        *d.bursary,
        *d.apply_steps,
        *d.not_free_reasons,
        *([] if d.outcome == "need_more_info" else d.next_steps),  # the flow asks instead
        *(d.reasons if d.outcome == "free" else []),
    ]
    assert [item for item in everything if item not in shown] == []
