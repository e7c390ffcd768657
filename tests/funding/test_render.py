from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from funding.engine import ENROLMENT_CAVEAT, FundingDecision, assess
from funding.facts import FundingFacts
from funding.render import MAX_CHARS, TOPICS, detail_topics, render_decision, render_detail

from .helpers import TODAY, facts
from .test_engine import CASES

HIGH_L3_LONDON = facts(
    course_level=3,
    hourly_pay_pence=1480,
    weekly_hours=Decimal("37.5"),
    target_hourly_pence=1600,
    course_fee_pence=250_000,
    loans_used=2,
    postcode_district="SE15",
)


def _messages(d: FundingDecision) -> list[str]:
    return [render_decision(d), *(render_detail(d, t) for t in detail_topics(d))]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_case_renders_short_messages_with_year_and_enrolment(case) -> None:
    d = assess(case.facts, TODAY)
    head = render_decision(d)
    assert len(head) <= 600
    assert ENROLMENT_CAVEAT in head and "Rules for 20" in head
    for text in _messages(d):
        assert len(text) <= MAX_CHARS, text
        for line in text.splitlines():
            for sentence in re.split(r"(?<=[.?!])\s+", line.strip("• ")):
                assert len(sentence.split()) <= 30, sentence


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_detail_is_one_tap_away(case) -> None:
    """Nothing the engine says is lost: each reason, step, caveat, repayment line and bursary
    item is in the headline or in one detail message."""
    d = assess(case.facts, TODAY)
    shown = "\n".join(_messages(d))
    everything = [
        *d.next_steps,
        *d.caveats,
        *d.repay_lines,
        *d.loan_limits,
        *d.bursary,
        *d.apply_steps,
        *d.not_free_reasons,
    ]
    if d.outcome == "free":
        everything += d.reasons
    for item in everything:
        if d.outcome == "need_more_info" and item in d.next_steps:
            continue  # the flow asks the questions instead
        assert item in shown, item


def test_buttons_per_outcome() -> None:
    loan = assess(HIGH_L3_LONDON, TODAY)
    assert detail_topics(loan) == ["apply", "repay", "limits", "costs", "why"]
    assert [TOPICS[t] for t in detail_topics(loan)][:2] == ["How do I apply?", "What will I repay?"]
    free = assess(facts(course_level=2, annual_pay_pence=2_000_000), TODAY)
    assert detail_topics(free) == ["apply", "costs"]
    assert detail_topics(assess(FundingFacts(), TODAY)) == []


def test_repay_detail_at_current_and_target_pay_weekly_and_monthly() -> None:
    # £14.80 x 37.5 x 52 = £28,860 -> 9% of £3,860 = £347.40 a year: £28.95 a month, £6.68 a week
    # target £16 x 37.5 x 52 = £31,200 -> 9% of £6,200 = £558 a year: £46.50 a month, £10.73 a week
    text = render_detail(assess(HIGH_L3_LONDON, TODAY), "repay")
    assert "At your pay now you would pay back about £28.95 a month (£6.68 a week)." in text
    assert (
        "If you earn £16 an hour (£31,200 a year), you would pay back about £46.50 a month "
        "(£10.73 a week)."
    ) in text
    assert "3.2" not in text and '"How interest is calculated - Plan 5"' in text


def test_access_to_he_write_off_is_in_the_repay_detail() -> None:
    d = assess(facts(course_level=3, is_access_to_he=True, annual_pay_pence=3_000_000), TODAY)
    assert "written off" in render_detail(d, "repay")


def test_costs_detail_lists_the_bursary_or_learner_support() -> None:
    loan = render_detail(assess(HIGH_L3_LONDON, TODAY), "costs")
    for item in (
        "childcare",
        "travel",
        "somewhere to stay",
        "books, kit and materials",
        "help if money is tight",
        "support for a disability",
    ):
        assert item in loan
    free = render_detail(assess(facts(course_level=2, annual_pay_pence=2_000_000), TODAY), "costs")
    assert "Learner Support" in free


def test_local_headline_never_says_flatly_not_free() -> None:
    d = assess(HIGH_L3_LONDON, TODAY)
    assert render_decision(d).splitlines()[0] == (
        "This course may be free where you live. If not, you can get a loan to pay for it."
    )
    d = assess(
        facts(
            course_level=2,
            has_full_level2=True,
            annual_pay_pence=3_000_000,
            postcode_district="M14",
        ),
        TODAY,
    )
    assert "not free" not in render_decision(d).splitlines()[0]
    assert "may still be free where you live" in render_decision(d)


@pytest.mark.parametrize(
    ("f", "headline"),
    [
        (facts(course_level=2, annual_pay_pence=2_000_000), "looks free for you"),
        (HIGH_L3_LONDON, "you can get a loan"),
        (facts(course_level=4, residency="other"), "You may be able to get a loan"),
        (facts(course_level=3, annual_pay_pence=2_000_000), "may be free"),
        (facts(course_level=4, loans_used=4), "does not look free"),
        (FundingFacts(), "more information"),
    ],
)
def test_headline(f: FundingFacts, headline: str) -> None:
    assert headline in render_decision(assess(f, TODAY)).splitlines()[0]


def test_headline_keeps_repayment_at_current_pay_and_the_local_note() -> None:
    text = render_decision(assess(HIGH_L3_LONDON, TODAY))
    assert "£28.95 a month" in text
    assert "Greater London Authority" in text


def test_lle_note_is_in_the_headline() -> None:
    f = facts(course_level=5, course_start=date(2027, 1, 1), residency="other", loans_used=3)
    assert "Lifelong Learning Entitlement" in render_decision(assess(f, TODAY))
