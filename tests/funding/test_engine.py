"""Table-driven checks of the funding engine against funding-rules.md, boundaries included."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from funding.engine import ENROLMENT_CAVEAT, FundingDecision, age_on, assess, worker_missing
from funding.facts import FundingFacts

from .helpers import TODAY, facts


@dataclass(frozen=True)
class Case:
    id: str
    facts: FundingFacts
    outcome: str
    route: str | None = None
    rules_year: str = "2026-27"
    reason_has: tuple[str, ...] = ()
    caveat_has: tuple[str, ...] = ()
    caveat_lacks: tuple[str, ...] = ()
    missing: tuple[str, ...] | None = None


STRICT = {"is_english_maths": False, "is_digital": False, "is_bootcamp": False}
LOW = {"annual_pay_pence": 2_000_000}
HIGH = {"annual_pay_pence": 3_000_000}
AGE20 = {"date_of_birth": date(2006, 5, 1)}  # 20 on 1 Sep 2026

CASES = [
    # --- 19th birthday boundary: age on the first day of the course -------------------------
    Case(
        "19th-birthday-on-start-day-level2",
        facts(date_of_birth=date(2007, 9, 1), course_level=2, has_full_level2=False),
        "free",
        "legal_entitlement_level2",
        reason_has=("You will be 19",),
    ),
    Case(
        "19th-birthday-day-after-start-level2",
        facts(date_of_birth=date(2007, 9, 2), course_level=2, has_full_level2=False),
        "maybe",
        "under_19",
        reason_has=("You will be 18",),
    ),
    Case(
        "19th-birthday-on-start-day-loan",
        facts(date_of_birth=date(2007, 9, 1), course_level=4),
        "loan",
        "advanced_learner_loan",
    ),
    Case(
        "19th-birthday-day-after-start-loan",
        facts(date_of_birth=date(2007, 9, 2), course_level=4),
        "maybe",
        "under_19",
    ),
    # --- 23 vs 24 for first full level 2/3 ---------------------------------------------------
    Case(
        "age-23-first-full-level3",
        facts(date_of_birth=date(2002, 9, 2), course_level=3, has_full_level3=False, **HIGH),
        "free",
        "legal_entitlement_level3",
    ),
    Case(
        "age-24-on-start-day-level3-above-threshold",
        facts(date_of_birth=date(2002, 9, 1), course_level=3, has_full_level3=False, **HIGH),
        "loan",
        "advanced_learner_loan",
        reason_has=("aged 19 to 23", "£26,800"),
    ),
    # --- earnings threshold: "below" means strictly below ------------------------------------
    Case(
        "pay-exactly-at-threshold-is-not-below",
        facts(course_level=2, annual_pay_pence=2_680_000),
        "not_eligible",
        reason_has=("£26,800", "not under"),
    ),
    Case(
        "pay-1p-below-threshold",
        facts(course_level=2, annual_pay_pence=2_679_999),
        "free",
        "low_wage",
        reason_has=("under £26,800 a year, so this course is free for you",),
    ),
    Case(
        "hourly-pay-annualised",
        facts(course_level=1, hourly_pay_pence=1271, weekly_hours=Decimal("37.5")),
        "free",
        "low_wage",
        reason_has=("£24,784.50",),
    ),
    Case(
        "weekly-pay-annualised",
        facts(course_level=2, weekly_pay_pence=51_539),  # x52 = £26,800.28
        "not_eligible",
    ),
    Case(
        "monthly-pay-annualised",
        facts(course_level=2, monthly_pay_pence=223_333),  # x12 = £26,799.96
        "free",
        "low_wage",
    ),
    Case(
        "unemployed-level1",
        facts(course_level=1, unemployed=True),
        "free",
        "low_wage",
        reason_has=("out of work",),
    ),
    # --- rules year boundary: 31 July vs 1 August 2026 ---------------------------------------
    Case(
        "start-31-july-2026-uses-2025-26-threshold",
        facts(course_start=date(2026, 7, 31), course_level=2, annual_pay_pence=2_600_000),
        "not_eligible",
        rules_year="2025-26",
        reason_has=("£25,750",),
    ),
    Case(
        "start-1-august-2026-uses-2026-27-threshold",
        facts(course_start=date(2026, 8, 1), course_level=2, annual_pay_pence=2_600_000),
        "free",
        "low_wage",
        rules_year="2026-27",
        reason_has=("£26,800",),
    ),
    Case(
        "start-after-newest-rules-file",
        facts(course_start=date(2027, 8, 1), course_level=2),
        "maybe",
        None,
        rules_year="2027-28",
        reason_has=("do not have the funding rules for 2027-28",),
    ),
    # --- level 3 flow chart ------------------------------------------------------------------
    Case(
        "19-23-with-full-level3-low-pay-fcfj",
        facts(**AGE20, course_level=3, has_full_level3=True, fcfj_eligible=True, **LOW),
        "free",
        "fcfj",
    ),
    Case(
        "19-23-with-full-level3-above-threshold",
        facts(**AGE20, course_level=3, has_full_level3=True, fcfj_eligible=True, **HIGH),
        "loan",
        "advanced_learner_loan",
    ),
    Case(
        "24-plus-below-threshold-fcfj-list",
        facts(course_level=3, fcfj_eligible=True, **LOW),
        "free",
        "fcfj",
        reason_has=("Free Courses for Jobs",),
    ),
    Case(
        "24-plus-unemployed-fcfj-list",
        facts(course_level=3, fcfj_eligible=True, unemployed=True),
        "free",
        "fcfj",
    ),
    Case(
        "24-plus-below-threshold-not-on-list",
        facts(course_level=3, fcfj_eligible=False, **LOW),
        "loan",
        "advanced_learner_loan",
    ),
    Case(
        "24-plus-below-threshold-list-unknown",
        facts(course_level=3, **LOW),
        "maybe",
        "fcfj",
        missing=("fcfj_eligible",),
    ),
    Case(
        "24-plus-above-threshold-level3",
        facts(course_level=3, **HIGH),
        "loan",
        "advanced_learner_loan",
    ),
    Case(
        "level2-construction-on-fcfj-list",
        facts(course_level=2, fcfj_eligible=True, unemployed=True),
        "free",
        "low_wage",  # low-wage route already covers level 2
    ),
    # --- level 3 vs level 4 ------------------------------------------------------------------
    Case(
        "age-20-level3-no-full-level3",
        facts(**AGE20, course_level=3, has_full_level3=False),
        "free",
        "legal_entitlement_level3",
    ),
    Case(
        "age-20-level4",
        facts(**AGE20, course_level=4, **LOW),
        "loan",
        "advanced_learner_loan",
        reason_has=("level 3 and below",),
    ),
    # --- other legal entitlements and bootcamps ----------------------------------------------
    Case(
        "english-no-gcse",
        facts(course_level=1, is_english_maths=True, has_gcse_english_maths_grade4=False, **HIGH),
        "free",
        "legal_entitlement_english_maths",
    ),
    Case(
        "english-level2-has-gcse-high-pay",
        facts(course_level=2, is_english_maths=True, has_gcse_english_maths_grade4=True, **HIGH),
        "not_eligible",
        reason_has=("already have a GCSE",),
    ),
    Case(
        "english-gcse-unknown",
        facts(course_level=2, is_english_maths=True),
        "need_more_info",
        missing=("has_gcse_english_maths_grade4", "pay"),
    ),
    Case(
        "digital-entry-level",
        facts(course_level=0, is_digital=True, **HIGH),
        "free",
        "legal_entitlement_digital",
        caveat_has=("below level 1",),
    ),
    Case(
        "digital-level2-is-not-the-entitlement",
        facts(course_level=2, is_digital=True, **HIGH),
        "not_eligible",
    ),
    Case(
        "bootcamp-level4-high-pay",
        facts(course_level=4, is_bootcamp=True, **HIGH),
        "free",
        "bootcamp",
        reason_has=("Skills Bootcamp",),
    ),
    # --- devolved areas ----------------------------------------------------------------------
    Case(
        "devolved-manchester",
        facts(course_level=2, postcode_district="M14", **LOW),
        "free",
        "low_wage",
        caveat_has=("Greater Manchester", "Manchester (M14)", "Ask the provider"),
    ),
    Case(
        "devolved-london-above-threshold-loan",
        facts(course_level=3, postcode_district="SE15", **HIGH),
        "loan",
        "advanced_learner_loan",
        caveat_has=(
            "Greater London Authority",
            "would not use the £26,800 pay limit",
            "may be free for you locally",
        ),
    ),
    Case(
        "not-devolved-oxford",
        facts(course_level=2, postcode_district="OX1", **LOW),
        "free",
        "low_wage",
        caveat_lacks=("Local rules",),
    ),
    # --- Lifelong Learning Entitlement note --------------------------------------------------
    Case(
        "lle-level4-31-dec-2026-no-note",
        facts(course_level=4, course_start=date(2026, 12, 31)),
        "loan",
        "advanced_learner_loan",
        caveat_lacks=("Lifelong Learning Entitlement",),
    ),
    Case(
        "lle-level4-1-jan-2027-note",
        facts(course_level=4, course_start=date(2027, 1, 1)),
        "loan",
        "advanced_learner_loan",
        caveat_has=("Lifelong Learning Entitlement", "1 January 2027"),
    ),
    Case(
        "lle-level6-2027-note",
        facts(course_level=6, course_start=date(2027, 3, 1)),
        "loan",
        "advanced_learner_loan",
        caveat_has=("Lifelong Learning Entitlement",),
    ),
    Case(
        "lle-level3-stays-outside",
        facts(course_level=3, course_start=date(2027, 1, 1), **HIGH),
        "loan",
        "advanced_learner_loan",
        caveat_lacks=("Lifelong Learning Entitlement",),
    ),
    # --- loan eligibility --------------------------------------------------------------------
    Case(
        "residency-other-maybe",
        facts(course_level=4, residency="other"),
        "maybe",
        "advanced_learner_loan",
        reason_has=("check with the provider",),
    ),
    Case(
        "not-resident",
        facts(course_level=4, residency="not_resident"),
        "not_eligible",
        reason_has=("live in the UK",),
    ),
    Case(
        "four-loans-used",
        facts(course_level=4, loans_used=4),
        "not_eligible",
        reason_has=("up to 4 of these loans",),
    ),
    Case(
        "three-loans-used",
        facts(course_level=4, loans_used=3),
        "loan",
        "advanced_learner_loan",
        caveat_has=("You have 1 left", "different subject"),
    ),
    Case(
        "course-not-loan-approved",
        facts(course_level=4, loan_approved=False),
        "not_eligible",
        reason_has=("not approved",),
    ),
    Case(
        "loan-approval-unknown",
        facts(course_level=4, loan_approved=None),
        "maybe",
        "advanced_learner_loan",
        missing=("loan_approved",),
    ),
    Case("course-one-week", facts(course_level=4, course_weeks=1), "not_eligible"),
    Case(
        "course-two-weeks", facts(course_level=4, course_weeks=2), "loan", "advanced_learner_loan"
    ),
    Case(
        "no-loans-facility",
        facts(course_level=4, provider_has_loans_facility=False),
        "not_eligible",
    ),
    Case(
        "apprenticeship",
        facts(course_level=4, is_apprenticeship_or_hnd=True),
        "not_eligible",
        reason_has=("apprenticeships or HNDs",),
    ),
    Case(
        "fee-under-300",
        facts(course_level=4, course_fee_pence=29_999),
        "not_eligible",
        reason_has=("smallest loan is £300",),
    ),
    Case(
        "fee-300",
        facts(course_level=4, course_fee_pence=30_000),
        "loan",
        "advanced_learner_loan",
        reason_has=("up to the course fee (£300)",),
    ),
    Case(
        "level2-above-threshold-no-loan",
        facts(course_level=2, **HIGH),
        "not_eligible",
        reason_has=("level 3 to 6",),
    ),
    Case(
        "level7-no-loan",
        facts(course_level=7),
        "not_eligible",
    ),
    # --- missing facts -----------------------------------------------------------------------
    Case(
        "nothing-known",
        FundingFacts(),
        "need_more_info",
        missing=("course_start", "course_level", "date_of_birth"),
    ),
    Case(
        "loan-needs-residency-and-loans",
        facts(course_level=4, residency=None, loans_used=None),
        "need_more_info",
        missing=("loans_used", "residency"),
    ),
    Case(
        "hourly-pay-needs-hours",
        facts(course_level=2, hourly_pay_pence=1200),
        "need_more_info",
        missing=("weekly_hours",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_assess(case: Case) -> None:
    d = assess(case.facts, TODAY)
    assert (d.outcome, d.route) == (case.outcome, case.route), d.reasons
    assert d.rules_year == case.rules_year
    reasons = " ".join(d.reasons)
    for text in case.reason_has:
        assert text in reasons
    caveats = " ".join(d.caveats)
    for text in case.caveat_has:
        assert text in caveats
    for text in case.caveat_lacks:
        assert text not in caveats
    if case.missing is not None:
        assert tuple(d.missing) == case.missing


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_outcome_is_explained(case: Case) -> None:
    d = assess(case.facts, TODAY)
    assert d.reasons and d.next_steps
    assert re.fullmatch(r"\d{4}-\d{2}", d.rules_year)
    assert ENROLMENT_CAVEAT in d.caveats
    json.dumps(d.to_dict())  # storable as-is


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_plain_english(case: Case) -> None:
    """Short sentences (reading age about 9) and no unexplained abbreviations."""
    d = assess(case.facts, TODAY)
    for line in [*d.reasons, *d.next_steps, *d.caveats]:
        for sentence in re.split(r"(?<=[.?!])\s+", line):
            assert len(sentence.split()) <= 25, sentence
        assert "ASF" not in line and "ALL " not in line and "FCFJ" not in line


@pytest.mark.parametrize(
    ("pay", "monthly", "yearly"),
    [
        ({"hourly_pay_pence": 1271, "weekly_hours": Decimal("37.5")}, 0, 0),
        ({"hourly_pay_pence": 1480, "weekly_hours": Decimal("37.5")}, 2895, 34_740),
        ({"unemployed": True}, 0, 0),
    ],
)
def test_loan_repayment_at_current_pay(pay: dict[str, Any], monthly: int, yearly: int) -> None:
    d = assess(facts(course_level=4, **pay), TODAY)
    assert d.outcome == "loan"
    assert d.repayment is not None
    assert (d.repayment.monthly_pence, d.repayment.yearly_pence) == (monthly, yearly)
    assert any("£25,000" in r for r in d.reasons)
    assert any("40 years" in c for c in d.caveats)
    # today (23 Nov 2026) is past the 3.2% period (Sep 2025 - Aug 2026): no rate, check gov.uk
    assert not any("3.2" in c for c in d.caveats)
    assert any('"How interest is calculated - Plan 5"' in c for c in d.caveats)


def test_repayment_at_target_pay_uses_their_hours() -> None:
    d = assess(
        facts(
            course_level=4,
            hourly_pay_pence=1271,
            weekly_hours=Decimal("37.5"),
            target_hourly_pence=1480,
        ),
        TODAY,
    )
    assert d.repayment is not None and d.repayment.repays_nothing
    assert d.repayment_at_target is not None
    assert d.repayment_at_target.annual_pay_pence == 2_886_000
    assert d.repayment_at_target.monthly_pence == 2895
    assert any("£14.80 an hour (£28,860 a year)" in r and "£28.95" in r for r in d.reasons)


def test_target_without_hours_uses_37_5_hours() -> None:
    d = assess(facts(course_level=4, target_hourly_pence=1480), TODAY)
    assert d.repayment is None  # pay now unknown
    assert d.repayment_at_target is not None
    assert d.repayment_at_target.annual_pay_pence == 2_886_000


@pytest.mark.parametrize(
    ("start", "weeks", "april"),
    [
        (date(2026, 9, 1), 30, "April 2027"),  # ends 30 March 2027
        (date(2026, 9, 1), 31, "April 2028"),  # ends 6 April 2027: the next April
        (date(2026, 9, 1), 52, "April 2028"),
    ],
)
def test_repayment_starts_the_april_after_the_course(start: date, weeks: int, april: str) -> None:
    d = assess(facts(course_level=4, course_start=start, course_weeks=weeks), TODAY)
    assert any(april in c for c in d.caveats)


def test_free_route_always_beats_the_loan() -> None:
    # Every loan condition holds, but a free route fits: no loan, no repayment, no bursary.
    d = assess(facts(**AGE20, course_level=3, has_full_level3=False), TODAY)
    assert d.outcome == "free"
    assert d.repayment is None and d.bursary == []
    assert not any("loan" in line.lower() for line in d.reasons + d.next_steps)


@pytest.mark.parametrize(
    ("dob", "childcare"),
    [(date(2007, 9, 1), False), (date(2006, 9, 1), True), (date(1990, 5, 1), True)],
)
def test_bursary_childcare_from_age_20(dob: date, childcare: bool) -> None:
    d = assess(facts(course_level=4, date_of_birth=dob), TODAY)
    assert d.outcome == "loan"
    assert ("childcare" in d.bursary) is childcare
    assert {"travel", "books, kit and materials", "support for a disability"} <= set(d.bursary)
    assert "help if money is tight" in d.bursary


def test_loan_next_steps() -> None:
    d = assess(facts(course_level=4), TODAY)
    steps = " ".join(d.next_steps)
    assert "Learning and Funding Information" in steps
    assert "National Insurance number" in steps
    assert "about 2 weeks" in steps


def test_worker_missing_leaves_out_course_facts() -> None:
    d = assess(FundingFacts(), TODAY)
    assert worker_missing(d) == ["date_of_birth"]


def test_missing_start_uses_todays_rules_year_label() -> None:
    d = assess(FundingFacts(course_level=2), date(2027, 8, 2))
    assert d.outcome == "need_more_info" and d.rules_year == "2027-28"


@pytest.mark.parametrize(
    ("dob", "day", "age"),
    [
        (date(2007, 9, 1), date(2026, 9, 1), 19),
        (date(2007, 9, 2), date(2026, 9, 1), 18),
        (date(2004, 2, 29), date(2023, 2, 28), 18),
        (date(2004, 2, 29), date(2023, 3, 1), 19),
        (date(2004, 2, 29), date(2024, 2, 29), 20),
    ],
)
def test_age_on(dob: date, day: date, age: int) -> None:
    assert age_on(dob, day) == age


def test_decision_is_frozen() -> None:
    d = assess(FundingFacts(), TODAY)
    assert isinstance(d, FundingDecision)
    with pytest.raises(AttributeError):
        d.outcome = "free"  # type: ignore[misc]


# --- tri-state course facts: unknown means "maybe: ask the provider", never "no" ------------


def test_unknown_loan_approval_is_maybe_with_the_question_to_ask() -> None:
    d = assess(facts(loan_approved=None, **HIGH), TODAY)
    assert (d.outcome, d.route) == ("maybe", "advanced_learner_loan")
    assert 'Ask the provider: "Is this course approved for an Advanced Learner Loan?"' in (
        d.next_steps
    )


def test_unknown_fcfj_for_a_low_earner_is_maybe_with_the_question_to_ask() -> None:
    d = assess(facts(fcfj_eligible=None, **LOW), TODAY)  # 36 years old: FCFJ list only
    assert (d.outcome, d.route) == ("maybe", "fcfj")
    assert d.missing == ["fcfj_eligible"]
    assert 'Ask the provider: "Is this course on the Free Courses for Jobs list?"' in d.next_steps


def test_level3_entitlement_counts_for_19_to_23_year_olds() -> None:
    both_unknown = assess(facts(**AGE20, has_full_level3=True, **LOW), TODAY)
    assert (both_unknown.outcome, both_unknown.route) == ("maybe", "fcfj")
    assert both_unknown.missing == ["fcfj_eligible", "level3_entitlement"]
    assert any(
        "level 3 free courses (legal entitlement) list" in s for s in both_unknown.next_steps
    )
    listed = assess(
        facts(**AGE20, has_full_level3=True, fcfj_eligible=False, level3_entitlement=True, **LOW),
        TODAY,
    )
    assert (listed.outcome, listed.route) == ("free", "fcfj")
    assert "This course is on the level 3 free courses list." in listed.reasons
    # 24 or over: the level 3 entitlement list does not apply, only FCFJ
    older = assess(facts(fcfj_eligible=False, level3_entitlement=True, **LOW), TODAY)
    assert older.outcome == "loan"


@pytest.mark.parametrize(
    ("pay", "outcome", "route", "says"),
    [
        (LOW, "free", "esol", "so this ESOL course is free for you"),
        ({"unemployed": True}, "free", "esol", "out of work"),
        (HIGH, "not_eligible", None, "co-funded: you pay part of the fee"),
    ],
)
def test_esol_is_free_for_low_earners_and_co_funded_above(
    pay: dict[str, Any], outcome: str, route: str | None, says: str
) -> None:
    # an ESOL course is not the GCSE English entitlement: no GCSE question, pay decides
    d = assess(facts(course_level=1, is_esol=True, is_english_maths=True, **pay), TODAY)
    assert (d.outcome, d.route) == (outcome, route)
    assert any(says in r for r in d.reasons)
    assert "has_gcse_english_maths_grade4" not in d.missing


def test_esol_asks_pay_not_gcse() -> None:
    d = assess(facts(course_level=1, is_esol=True, is_english_maths=True), TODAY)
    assert d.outcome == "need_more_info" and d.missing == ["pay"]


# --- [Nov 2026] level 2 construction / engineering: free whatever the pay ---------------------

L2_BUILD = {"course_level": 2, "course_sector": "Construction", "fcfj_eligible": True}


def test_level2_construction_asks_only_about_a_level2_in_the_field() -> None:
    # 36 years old, pay not given: the one question is the level 2 in construction
    d = assess(facts(**L2_BUILD), TODAY)
    assert d.outcome == "need_more_info" and d.missing[0] == "has_level2_in_sector"
    free = assess(facts(**L2_BUILD, has_level2_in_sector=False), TODAY)
    assert (free.outcome, free.route) == ("free", "fcfj_level2")  # no pay question
    assert any("whatever their pay" in r for r in free.reasons)


def test_level2_construction_is_free_above_the_pay_limit() -> None:
    d = assess(facts(**L2_BUILD, has_level2_in_sector=False, **HIGH), TODAY)
    assert (d.outcome, d.route) == ("free", "fcfj_level2")


def test_level2_construction_with_a_level2_already_goes_to_the_pay_test() -> None:
    high = assess(facts(**L2_BUILD, has_level2_in_sector=True, **HIGH), TODAY)
    assert high.outcome == "not_eligible"  # £30,000 >= £26,800 and level 2 has no loan
    assert any("already have a level 2 in building and construction" in r for r in high.reasons)
    low = assess(facts(**L2_BUILD, has_level2_in_sector=True, **LOW), TODAY)
    assert (low.outcome, low.route) == ("free", "low_wage")


def test_level2_engineering_unknown_list_is_maybe() -> None:
    d = assess(
        facts(
            course_level=2,
            course_sector="Engineering",
            fcfj_eligible=None,
            has_level2_in_sector=False,
            **HIGH,
        ),
        TODAY,
    )
    assert (d.outcome, d.route) == ("maybe", "fcfj_level2")
    assert 'Ask the provider: "Is this course on the Free Courses for Jobs list?"' in d.next_steps


def test_level2_question_names_the_field() -> None:
    from funding.questions import next_questions

    q = next_questions(facts(**L2_BUILD), TODAY)[0]
    assert q.text == "Do you already have a level 2 qualification in building and construction?"
    q = next_questions(facts(**{**L2_BUILD, "course_sector": "Engineering"}), TODAY)[0]
    assert q.text == "Do you already have a level 2 qualification in engineering or manufacturing?"


# --- devolved areas: each area's known policy on the pay limit -------------------------------


@pytest.mark.parametrize(
    ("district", "local_free", "says"),
    [
        ("M14", True, "Greater Manchester Combined Authority said it would not use the £26,800"),
        ("B15", True, "West Midlands Combined Authority said it would not use"),
        ("L1", True, "Liverpool City Region Combined Authority said it would not use"),
        ("SE15", True, "Greater London Authority) said it would not use"),
        ("LS6", True, "West Yorkshire Combined Authority can set its own pay limit"),
        ("PR1", True, "Lancashire Combined County Authority can set its own pay limit"),
        ("OX1", False, None),
    ],
)
def test_above_the_pay_limit_in_a_devolved_area_may_still_be_free(
    district: str, local_free: bool, says: str | None
) -> None:
    # 36 years old, level 2, £30,000: not free under the national rules, and level 2 has no loan
    d = assess(
        facts(course_level=2, has_full_level2=True, postcode_district=district, **HIGH), TODAY
    )
    assert d.outcome == "not_eligible" and d.local_free_maybe is local_free
    if says:
        assert any(says in c for c in d.caveats)
        assert any("may be free for you locally" in c for c in d.caveats)


def test_greater_lincolnshire_residency_rule_is_said() -> None:
    d = assess(facts(course_level=2, postcode_district="LN1", **LOW), TODAY)
    assert d.outcome == "free"
    assert any("lived in the UK for the last 3 years" in c for c in d.caveats)


# --- LLE for a general check, Access to HE, expiring figures --------------------------------


def test_general_level4_check_mentions_the_lle() -> None:
    # no course picked: the flow uses today as the start, but the course will start in 2027+
    d = assess(
        facts(course_level=4, course_start=TODAY, general_check=True, loan_approved=None), TODAY
    )
    assert any("Lifelong Learning Entitlement" in c and "2027 or later" in c for c in d.caveats)
    level3 = assess(facts(course_level=3, course_start=TODAY, general_check=True, **HIGH), TODAY)
    assert not any("Lifelong Learning" in c for c in level3.caveats)


def test_access_to_he_loan_is_written_off() -> None:
    d = assess(facts(course_level=3, is_access_to_he=True, **HIGH), TODAY)
    assert d.outcome == "loan"
    assert any("written off" in c and "Access to HE" in c for c in d.caveats)


def _all_text(d: FundingDecision) -> str:
    return "\n".join([*d.reasons, *d.next_steps, *d.caveats])


@pytest.mark.parametrize("year", ["2025-26", "2026-27"])
def test_no_expired_figure_is_ever_quoted(year: str) -> None:
    from datetime import timedelta

    from funding.rules import ALL_RULES

    rules = ALL_RULES[year]
    day = rules.starts
    while day <= rules.ends + timedelta(days=365):
        d = assess(
            facts(course_start=rules.starts + timedelta(days=40), course_level=4, **HIGH), day
        )
        text = _all_text(d)
        for rate in rules.plan5.interest_rates:
            if not rate.covers(day):
                assert f"{rate.value}%" not in text, (day, rate)
        if not rules.plan5.threshold_current(day):
            assert "£25,000" not in text, day
            assert '"Repaying your student loan"' in text
        day += timedelta(days=7)


def test_today_26_nov_2026_no_rate_quoted() -> None:
    d = assess(facts(course_level=4, **HIGH), date(2026, 11, 26))
    text = _all_text(d)
    assert "3.2" not in text
    assert 'Check the current rate on gov.uk: "How interest is calculated - Plan 5".' in text
    in_period = assess(
        facts(course_start=date(2026, 3, 1), course_level=4, **HIGH), date(2026, 2, 1)
    )
    assert "It is 3.2% (RPI) for Sep 2025 to Aug 2026." in _all_text(in_period)
