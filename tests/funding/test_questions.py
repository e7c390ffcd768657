"""The chat asks only what changes the answer: simulate conversations against known truths."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from funding.engine import assess
from funding.facts import COURSE_FACTS, FundingFacts
from funding.questions import QUESTIONS, next_questions

from .helpers import TODAY

PAY_FIELDS = (
    "hourly_pay_pence",
    "weekly_pay_pence",
    "monthly_pay_pence",
    "annual_pay_pence",
    "unemployed",
)

COURSE_L2 = {"course_start": date(2026, 9, 1), "course_level": 2, "course_weeks": Decimal(20)}
COURSE_L3 = {
    **COURSE_L2,
    "course_level": 3,
    "course_weeks": Decimal(30),
    "loan_approved": True,
    "provider_has_loans_facility": True,
    "fcfj_eligible": False,
}
COURSE_L4 = {**COURSE_L3, "course_level": 4}


def answer(known: FundingFacts, truth: FundingFacts, fact: str) -> FundingFacts:
    """What a truthful worker would tell us for this question."""
    if fact == "pay":
        values = {name: getattr(truth, name) for name in PAY_FIELDS}
        if all(v is None for v in values.values()):
            raise AssertionError("asked for pay the worker has not got")
        return replace(known, **values)
    return replace(known, **{fact: getattr(truth, fact)})


def converse(course: dict, truth: FundingFacts) -> tuple[list[str], str, str | None]:
    """Start from the course facts only; answer each question. Return (asked, outcome, route)."""
    known = FundingFacts(**course)
    asked: list[str] = []
    for _ in range(20):
        questions = next_questions(known, TODAY)
        if not questions:
            d = assess(known, TODAY)
            return asked, d.outcome, d.route
        (q,) = questions
        assert q.source == "worker" and q.fact not in COURSE_FACTS
        assert q.fact not in asked, f"asked {q.fact} twice"
        asked.append(q.fact)
        known = answer(known, truth, q.fact)
    raise AssertionError("conversation did not finish")


WORKER = dict(
    date_of_birth=date(1990, 5, 1),
    postcode_district="M14",
    residency="uk_settled_3y",
    loans_used=0,
    has_gcse_english_maths_grade4=False,
    has_full_level2=False,
    has_full_level3=False,
)


@pytest.mark.parametrize(
    ("course", "truth", "asked", "outcome", "route"),
    [
        # level 2, low pay: free, so no residency or loans questions
        (
            COURSE_L2,
            FundingFacts(**WORKER, annual_pay_pence=2_000_000),
            ["date_of_birth", "pay"],
            "free",
            "low_wage",
        ),
        # hourly pay needs hours too
        (
            COURSE_L2,
            FundingFacts(**WORKER, hourly_pay_pence=1271, weekly_hours=Decimal(30)),
            ["date_of_birth", "pay", "weekly_hours"],
            "free",
            "low_wage",
        ),
        # age 20, level 2: the first-full-level-2 question settles it; pay is never asked
        (
            COURSE_L2,
            FundingFacts(**{**WORKER, "date_of_birth": date(2006, 1, 1)}),
            ["date_of_birth", "has_full_level2"],
            "free",
            "legal_entitlement_level2",
        ),
        # level 3 not on the FCFJ list, 36-year-old: no free route can fit, so no pay question
        (
            COURSE_L3,
            FundingFacts(**WORKER, annual_pay_pence=2_000_000),
            ["date_of_birth", "loans_used", "residency"],
            "loan",
            "advanced_learner_loan",
        ),
        # level 3 on the FCFJ list, above the threshold: pay decides, then the loan questions
        (
            {**COURSE_L3, "fcfj_eligible": True},
            FundingFacts(**WORKER, annual_pay_pence=3_000_000),
            ["date_of_birth", "pay", "loans_used", "residency"],
            "loan",
            "advanced_learner_loan",
        ),
        # level 4: no free route to check, so pay is not needed to decide
        (
            COURSE_L4,
            FundingFacts(**WORKER),
            ["date_of_birth", "loans_used", "residency"],
            "loan",
            "advanced_learner_loan",
        ),
        # bootcamp: only the age is needed
        (
            {**COURSE_L4, "is_bootcamp": True},
            FundingFacts(**WORKER),
            ["date_of_birth"],
            "free",
            "bootcamp",
        ),
        # maths course: GCSE question first
        (
            {**COURSE_L2, "is_english_maths": True},
            FundingFacts(**WORKER, annual_pay_pence=3_000_000),
            ["date_of_birth", "has_gcse_english_maths_grade4"],
            "free",
            "legal_entitlement_english_maths",
        ),
        # residency "other": maybe, asked once
        (
            COURSE_L4,
            FundingFacts(**{**WORKER, "residency": "other"}),
            ["date_of_birth", "loans_used", "residency"],
            "maybe",
            "advanced_learner_loan",
        ),
        # 4 loans used: stop before the residency question
        (
            COURSE_L4,
            FundingFacts(**{**WORKER, "loans_used": 4}),
            ["date_of_birth", "loans_used"],
            "not_eligible",
            None,
        ),
    ],
)
def test_conversation_asks_only_what_is_needed(
    course: dict, truth: FundingFacts, asked: list[str], outcome: str, route: str | None
) -> None:
    assert converse(course, truth) == (asked, outcome, route)


def test_no_residency_question_when_free_route_fits() -> None:
    known = FundingFacts(**COURSE_L2, date_of_birth=date(1990, 5, 1), unemployed=True)
    all_q = next_questions(known, TODAY, audience=None, limit=None, include_optional=True)
    assert "residency" not in [q.fact for q in all_q]
    assert "loans_used" not in [q.fact for q in all_q]


def test_no_gcse_question_for_level3() -> None:
    course = {**COURSE_L3, "is_english_maths": True, "fcfj_eligible": True}
    known = FundingFacts(**course, date_of_birth=date(1990, 5, 1))
    facts_asked = [q.fact for q in next_questions(known, TODAY, limit=None)]
    assert "has_gcse_english_maths_grade4" not in facts_asked
    assert facts_asked[0] == "pay"


def test_course_facts_come_first_for_the_catalogue() -> None:
    got = next_questions(FundingFacts(), TODAY, audience=None, limit=None)
    assert [q.fact for q in got] == ["course_start", "course_level", "date_of_birth"]
    assert [q.source for q in got] == ["course", "course", "worker"]
    assert [q.fact for q in next_questions(FundingFacts(), TODAY)] == ["date_of_birth"]


def test_optional_questions_for_a_loan() -> None:
    known = FundingFacts(**COURSE_L4, date_of_birth=date(1990, 5, 1), loans_used=0)
    known = replace(known, residency="uk_settled_3y")
    assert next_questions(known, TODAY) == []
    optional = next_questions(known, TODAY, limit=None, include_optional=True)
    assert [q.fact for q in optional] == ["postcode_district", "pay", "target_hourly_pence"]
    assert not any(q.required for q in optional)


def test_unknown_course_fact_is_a_course_question() -> None:
    known = FundingFacts(
        **{**COURSE_L4, "loan_approved": None},
        date_of_birth=date(1990, 5, 1),
        loans_used=0,
        residency="uk_settled_3y",
    )
    assert next_questions(known, TODAY) == []
    (q,) = next_questions(known, TODAY, audience="course")
    assert q.fact == "loan_approved"


def test_every_question_has_plain_text_and_button_values_fit_telegram() -> None:
    for q in QUESTIONS.values():
        assert q.text.endswith(("?", "."))
        for label, value in q.options:
            assert label and len(value.encode()) <= 64
    assert {v for _, v in QUESTIONS["residency"].options} == {
        "uk_settled_3y",
        "other",
        "not_resident",
    }
