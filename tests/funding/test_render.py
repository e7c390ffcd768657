from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from funding.engine import ENROLMENT_CAVEAT, FundingDecision, assess
from funding.facts import FundingFacts
from funding.render import MAX_CHARS, render_decision

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


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_case_renders_short_with_year_and_enrolment(case) -> None:
    text = render_decision(assess(case.facts, TODAY))
    assert len(text) <= MAX_CHARS
    assert ENROLMENT_CAVEAT in text
    assert "Rules for 20" in text


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


def test_loan_message_keeps_repayment_at_current_pay() -> None:
    text = render_decision(assess(HIGH_L3_LONDON, TODAY))
    assert "£28.95 a month" in text
    assert "Greater London Authority" in text  # first caveat is kept


def test_lle_note_survives_trimming() -> None:
    f = facts(course_level=5, course_start=date(2027, 1, 1), residency="other", loans_used=3)
    text = render_decision(assess(f, TODAY))
    assert "Lifelong Learning Entitlement" in text
    assert len(text) <= MAX_CHARS


def test_trims_least_important_lines_first() -> None:
    d = assess(HIGH_L3_LONDON, TODAY)
    short = render_decision(d, max_chars=450)
    assert len(short) <= 450
    lines = short.splitlines()
    assert lines[0].startswith("This course is not free")
    assert d.reasons[0] in short
    assert lines[-1].startswith(ENROLMENT_CAVEAT)


def test_overlong_fixed_parts_are_cut_not_crashed() -> None:
    d = FundingDecision(
        outcome="free",
        route="low_wage",
        reasons=["x" * 2000],
        next_steps=[],
        caveats=[ENROLMENT_CAVEAT],
        rules_year="2026-27",
    )
    text = render_decision(d)
    assert len(text) == MAX_CHARS and text.endswith("…")
