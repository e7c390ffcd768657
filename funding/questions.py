"""Which question to ask next, so the chat only asks what changes the answer.

It runs the engine on what we know and reads back the facts the engine still needs. So there
is no residency question when a free route already fits, and no GCSE question for a level 3
course. Course facts (level, start date, loan approval...) are marked source="course": the flow
should fill them from the catalogue, not ask the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from funding.engine import FundingDecision, assess, field_text, level2_field
from funding.facts import COURSE_FACTS, FundingFacts
from funding.pay import pay_is_known
from funding.rules import RulesNotAvailable, rules_for

Source = Literal["worker", "course"]

YES_NO: tuple[tuple[str, str], ...] = (("Yes", "yes"), ("No", "no"))


@dataclass(frozen=True)
class Question:
    """fact is a FundingFacts field name, or "pay" (any pay figure, or unemployed=True)."""

    fact: str
    text: str
    source: Source
    options: tuple[tuple[str, str], ...] = ()  # (button label, value)
    required: bool = True  # False: improves the answer but does not change the outcome


QUESTIONS: dict[str, Question] = {
    q.fact: q
    for q in (
        Question("course_start", "When does the course start?", "course"),
        Question("course_level", "What level is the course?", "course"),
        Question(
            "date_of_birth",
            "What is your date of birth? Some free courses depend on your age.",
            "worker",
        ),
        Question(
            "has_gcse_english_maths_grade4",
            "Do you have a GCSE in this subject at grade 4 (or C) or higher?",
            "worker",
            YES_NO,
        ),
        Question(
            "has_full_level2",
            "Do you already have a full level 2 qualification (GCSE level)?",
            "worker",
            YES_NO,
        ),
        Question(
            "has_full_level3",
            "Do you already have a full level 3 qualification (A level standard)?",
            "worker",
            YES_NO,
        ),
        Question(
            "has_level2_in_sector",
            "Do you already have a level 2 qualification in building and construction?",
            "worker",
            YES_NO,
        ),
        Question(
            "level3_entitlement",
            "Is this course on the level 3 free courses list?",
            "course",
            YES_NO,
        ),
        Question(
            "pay",
            "How much do you earn before tax? You can say it per hour, week, month or year. "
            "If you are not working, just say so.",
            "worker",
        ),
        Question("weekly_hours", "How many hours a week do you usually work?", "worker"),
        Question(
            "fcfj_eligible",
            "Is this course on the Free Courses for Jobs list?",
            "course",
            YES_NO,
        ),
        Question(
            "loan_approved",
            "Is this course approved for an Advanced Learner Loan?",
            "course",
            YES_NO,
        ),
        Question("course_weeks", "How many weeks does the course last?", "course"),
        Question(
            "provider_has_loans_facility",
            "Does the provider offer Advanced Learner Loans?",
            "course",
            YES_NO,
        ),
        Question(
            "loans_used",
            "How many Advanced Learner Loans have you had before?",
            "worker",
            (("None", "0"), ("1", "1"), ("2", "2"), ("3", "3"), ("4 or more", "4")),
        ),
        Question(
            "residency",
            "Have you lived in the UK for the last 3 years, and are you a UK citizen or do "
            "you have settled status?",
            "worker",
            (
                ("Yes", "uk_settled_3y"),
                ("Something else", "other"),
                ("I don't live in the UK", "not_resident"),
            ),
        ),
        Question(
            "postcode_district",
            "What is the first part of your postcode? For example M14 or B15.",
            "worker",
            required=False,
        ),
        Question(
            "target_hourly_pence",
            "What pay per hour are you aiming for after the course?",
            "worker",
            required=False,
        ),
    )
}


def _question(name: str, facts: FundingFacts) -> Question:
    q = QUESTIONS[name]
    if name == "has_level2_in_sector" and facts.course_start is not None:
        try:
            key = level2_field(facts, rules_for(facts.course_start))
        except RulesNotAvailable:
            key = None
        text = f"Do you already have a level 2 qualification in {field_text(key)}?"
        return Question(q.fact, text, q.source, q.options, q.required)
    return q


def questions_for(decision: FundingDecision, facts: FundingFacts) -> list[Question]:
    """All questions still worth asking, required ones first, in asking order."""
    out = [_question(name, facts) for name in decision.missing if name in QUESTIONS]
    if decision.outcome == "need_more_info":
        return out
    if facts.postcode_district is None and decision.route is not None:
        out.append(QUESTIONS["postcode_district"])
    if decision.route == "advanced_learner_loan":
        if not pay_is_known(facts):
            pay = QUESTIONS["pay"]
            out.append(Question(pay.fact, pay.text, pay.source, required=False))
        if facts.target_hourly_pence is None and facts.target_annual_pence is None:
            out.append(QUESTIONS["target_hourly_pence"])
    return out


def next_questions(
    facts: FundingFacts,
    today: date,
    *,
    audience: Source | None = "worker",
    limit: int | None = 1,
    include_optional: bool = False,
) -> list[Question]:
    """The next question(s) to ask. Empty when the engine can answer with what we know.

    audience="worker" leaves out course facts (fill those from the catalogue instead);
    audience=None returns both kinds.
    """
    found = questions_for(assess(facts, today), facts)
    if audience is not None:
        found = [q for q in found if q.source == audience]
    if not include_optional:
        found = [q for q in found if q.required]
    return found if limit is None else found[:limit]


def missing_course_facts(facts: FundingFacts, today: date) -> list[str]:
    """Course or provider facts the engine would use; handy for the catalogue lookup."""
    return [name for name in assess(facts, today).missing if name in COURSE_FACTS]
