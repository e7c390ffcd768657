"""Funding rules engine: free routes first, then the Advanced Learner Loan.

Pure: takes facts and today's date, returns a decision. Every figure comes from the rules year
picked by the course's start date (1 Aug - 31 Jul), see `funding.rules`. The provider always
makes the final check at enrolment, and every decision says so.

Each route check answers yes / no / maybe / unknown. "unknown" means a fact the worker can give
is missing; "maybe" means only the provider can settle it (a course fact we do not have, or a
less common residency case).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from funding.devolved import (
    devolved_caveat,
    devolved_match,
    residency_caveats,
    threshold_caveat,
)
from funding.facts import COURSE_FACTS, FundingFacts
from funding.pay import annual_pay_pence, hourly_to_annual, money
from funding.repayment import RepaymentEstimate, plan5_estimate
from funding.rules import Rules, RulesNotAvailable, rules_for, rules_year_label

__all__ = [
    "FundingDecision",
    "FundingFacts",
    "RepaymentEstimate",
    "age_on",
    "assess",
    "worker_missing",
]

Outcome = Literal["free", "loan", "maybe", "not_eligible", "need_more_info"]
Status = Literal["yes", "no", "maybe", "unknown"]

# The order we ask for missing facts in: cheap, decisive questions first.
# "pay" means any pay figure (or unemployed=True).
FACT_ORDER: tuple[str, ...] = (
    "course_start",
    "course_level",
    "date_of_birth",
    "has_gcse_english_maths_grade4",
    "has_full_level2",
    "has_full_level3",
    "has_level2_in_sector",
    "pay",
    "weekly_hours",
    "fcfj_eligible",
    "level3_entitlement",
    "loan_approved",
    "course_weeks",
    "provider_has_loans_facility",
    "loans_used",
    "residency",
)

ENROLMENT_CAVEAT = "The provider makes the final check when you enrol."

ROUTE_BOOTCAMP = "bootcamp"
ROUTE_ENGLISH_MATHS = "legal_entitlement_english_maths"
ROUTE_DIGITAL = "legal_entitlement_digital"
ROUTE_LEVEL2 = "legal_entitlement_level2"
ROUTE_LEVEL3 = "legal_entitlement_level3"
ROUTE_LOW_WAGE = "low_wage"
ROUTE_FCFJ = "fcfj"
ROUTE_FCFJ_LEVEL2 = "fcfj_level2"  # listed level 2 construction/engineering: free at any pay
ROUTE_ESOL = "esol"
ROUTE_LOAN = "advanced_learner_loan"
ROUTE_UNDER_19 = "under_19"

FREE_ROUTES = (
    ROUTE_BOOTCAMP,
    ROUTE_ENGLISH_MATHS,
    ROUTE_DIGITAL,
    ROUTE_LEVEL2,
    ROUTE_LEVEL3,
    ROUTE_ESOL,
    ROUTE_FCFJ_LEVEL2,
    ROUTE_LOW_WAGE,
    ROUTE_FCFJ,
)

# The exact question a worker can put to the provider when a course fact is unknown.
ASK_PROVIDER = {
    "loan_approved": "Is this course approved for an Advanced Learner Loan?",
    "fcfj_eligible": "Is this course on the Free Courses for Jobs list?",
    "level3_entitlement": "Is this course on the level 3 free courses (legal entitlement) list?",
    "course_weeks": "How many weeks does the course last?",
    "provider_has_loans_facility": "Do you offer Advanced Learner Loans?",
}


def ask_provider(fact: str) -> str:
    return f'Ask the provider: "{ASK_PROVIDER[fact]}"'


_BURSARY_TEXT = {
    "childcare": "childcare",
    "travel": "travel",
    "accommodation": "somewhere to stay",
    "materials": "books, kit and materials",
    "hardship": "help if money is tight",
    "disability": "support for a disability",
}


@dataclass(frozen=True)
class FundingDecision:
    """The answer for one worker and one course, in plain English, with its rules year."""

    outcome: Outcome
    route: str | None
    reasons: list[str]
    next_steps: list[str]
    caveats: list[str]
    rules_year: str
    repayment: RepaymentEstimate | None = None  # at the worker's pay now
    repayment_at_target: RepaymentEstimate | None = None  # at the pay they are aiming for
    bursary: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # facts still needed, in asking order
    # the pay limit stopped a free route, but the worker lives where the course may still be
    # free locally: never say a flat "not free for you"
    local_free_maybe: bool = False
    # details for the "How do I apply?" / "What will I repay?" / "Why not free?" buttons
    apply_steps: list[str] = field(default_factory=list)
    repay_lines: list[str] = field(default_factory=list)
    not_free_reasons: list[str] = field(default_factory=list)
    loan_limits: list[str] = field(default_factory=list)

    @property
    def is_free(self) -> bool:
        return self.outcome == "free"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form for the funding_checks table (outcome, reasons, rules_year columns
        plus the rest for the answers/audit)."""
        return {
            "outcome": self.outcome,
            "route": self.route,
            "reasons": list(self.reasons),
            "next_steps": list(self.next_steps),
            "caveats": list(self.caveats),
            "rules_year": self.rules_year,
            "repayment": self.repayment.to_dict() if self.repayment else None,
            "repayment_at_target": (
                self.repayment_at_target.to_dict() if self.repayment_at_target else None
            ),
            "bursary": list(self.bursary),
            "missing": list(self.missing),
            "local_free_maybe": self.local_free_maybe,
        }


@dataclass
class _Check:
    route: str
    status: Status
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    key_caveats: list[str] = field(default_factory=list)  # shown before the others


@dataclass(frozen=True)
class _Ctx:
    facts: FundingFacts
    rules: Rules
    start: date
    age: int
    level: int
    pay: int | None  # gross pay a year, pence; 0 when unemployed
    today: date | None = None  # the day the worker is told: picks which dated figures to quote

    @property
    def threshold(self) -> int:
        return self.rules.earnings_threshold_pence

    @property
    def pay_known(self) -> bool:
        return self.pay is not None

    @property
    def low_paid(self) -> bool:
        return self.facts.unemployed is True or (self.pay is not None and self.pay < self.threshold)


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years old on `day` (a birthday on `day` counts)."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (1 if before_birthday else 0)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _unique(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))


def _ordered(names: list[str]) -> list[str]:
    seen = [n for n in FACT_ORDER if n in names]
    return seen + [n for n in dict.fromkeys(names) if n not in seen]


def _pay_sentence(ctx: _Ctx) -> str:
    if ctx.facts.unemployed is True:
        return "You are out of work at the moment."
    assert ctx.pay is not None
    return f"Your pay is about {money(ctx.pay)} a year."


def _pay_missing(ctx: _Ctx) -> list[str]:
    f = ctx.facts
    if f.hourly_pay_pence is not None and f.weekly_hours is None:
        return ["weekly_hours"]
    return ["pay"]


# --- free routes ---------------------------------------------------------------------------


def _bootcamp(ctx: _Ctx) -> _Check:
    r = ctx.rules
    if not ctx.facts.is_bootcamp:
        return _Check(ROUTE_BOOTCAMP, "no")
    return _Check(
        ROUTE_BOOTCAMP,
        "yes",
        reasons=[
            "This is a Skills Bootcamp.",
            f"Skills Bootcamps are free for people aged {r.bootcamp_min_age} or over.",
            "At the end you get a job interview.",
        ],
        caveats=[
            "If your own boss sends you, your boss may pay part of the cost "
            f"({r.bootcamp_employer_cofund_percent}% for a small employer)."
        ],
    )


def _english_maths(ctx: _Ctx) -> _Check:
    r, f = ctx.rules, ctx.facts
    if not f.is_english_maths or f.is_esol or ctx.level > r.english_maths_max_level:
        # ESOL is not the GCSE English legal entitlement: see _esol
        return _Check(ROUTE_ENGLISH_MATHS, "no")
    if f.has_gcse_english_maths_grade4 is None:
        return _Check(ROUTE_ENGLISH_MATHS, "unknown", missing=["has_gcse_english_maths_grade4"])
    if f.has_gcse_english_maths_grade4:
        return _Check(
            ROUTE_ENGLISH_MATHS,
            "no",
            reasons=["You already have a GCSE grade 4 (or C) in this subject."],
        )
    return _Check(
        ROUTE_ENGLISH_MATHS,
        "yes",
        reasons=[
            f"You are {r.entitlement_min_age} or over.",
            "You do not have a GCSE grade 4 (or C) in this subject.",
            "So this English or maths course is free for you.",
        ],
    )


def _digital(ctx: _Ctx) -> _Check:
    r, f = ctx.rules, ctx.facts
    if not f.is_digital or ctx.level > r.digital_max_level:
        return _Check(ROUTE_DIGITAL, "no")
    return _Check(
        ROUTE_DIGITAL,
        "yes",
        reasons=[
            f"You are {r.entitlement_min_age} or over.",
            "Basic digital skills courses are free for adults.",
            "So this course is free for you.",
        ],
        caveats=["The provider will first check your computer skills are below level 1."],
    )


def _first_full(ctx: _Ctx, level: int, route: str, has_it: bool | None) -> _Check:
    r = ctx.rules
    if ctx.level != level:
        return _Check(route, "no")
    if ctx.age > r.first_full_max_age:
        return _Check(
            route,
            "no",
            reasons=[
                f"You will be {ctx.age} when the course starts. A free first level {level} "
                f"is for people aged {r.entitlement_min_age} to {r.first_full_max_age}."
            ],
        )
    fact = f"has_full_level{level}"
    if has_it is None:
        return _Check(route, "unknown", missing=[fact])
    if has_it:
        return _Check(
            route, "no", reasons=[f"You already have a full level {level} qualification."]
        )
    return _Check(
        route,
        "yes",
        reasons=[
            f"You will be {ctx.age} when the course starts.",
            f"This would be your first full level {level}.",
            f"People aged {r.entitlement_min_age} to {r.first_full_max_age} get their first "
            f"full level {level} free.",
        ],
        caveats=["The provider checks that the course is a full qualification."],
    )


def _esol(ctx: _Ctx) -> _Check:
    """ESOL: free for people earning under the threshold or out of work, otherwise co-funded."""
    if not ctx.facts.is_esol:
        return _Check(ROUTE_ESOL, "no")
    if ctx.facts.unemployed is True:
        return _Check(
            ROUTE_ESOL,
            "yes",
            reasons=["You are out of work at the moment, so this ESOL course is free for you."],
            next_steps=["The provider may ask for proof that you are out of work."],
        )
    if not ctx.pay_known:
        return _Check(ROUTE_ESOL, "unknown", missing=_pay_missing(ctx))
    assert ctx.pay is not None
    if ctx.pay < ctx.threshold:
        return _Check(
            ROUTE_ESOL,
            "yes",
            reasons=[
                _pay_sentence(ctx),
                f"That is under {money(ctx.threshold)} a year, so this ESOL course is free for "
                "you.",
            ],
            next_steps=["The provider may ask to see proof of your pay, like a payslip."],
        )
    return _Check(
        ROUTE_ESOL,
        "no",
        reasons=[
            f"{_pay_sentence(ctx)} ESOL courses are free if you earn under "
            f"{money(ctx.threshold)} a year. Above that, the course is co-funded: you pay part "
            "of the fee and the provider tells you how much."
        ],
    )


def _low_wage(ctx: _Ctx) -> _Check:
    r = ctx.rules
    if ctx.level > r.low_wage_max_level:
        return _Check(ROUTE_LOW_WAGE, "no")
    if ctx.facts.unemployed is True:
        return _Check(
            ROUTE_LOW_WAGE,
            "yes",
            reasons=["You are out of work at the moment, so this course is free for you."],
            next_steps=["The provider may ask for proof that you are out of work."],
        )
    if not ctx.pay_known:
        return _Check(ROUTE_LOW_WAGE, "unknown", missing=_pay_missing(ctx))
    assert ctx.pay is not None
    if ctx.pay < ctx.threshold:
        return _Check(
            ROUTE_LOW_WAGE,
            "yes",
            reasons=[
                _pay_sentence(ctx),
                f"That is under {money(ctx.threshold)} a year, so this course is free for you.",
            ],
            next_steps=["The provider may ask to see proof of your pay, like a payslip."],
        )
    return _Check(
        ROUTE_LOW_WAGE,
        "no",
        reasons=[
            f"{_pay_sentence(ctx)} Courses are free if you earn under "
            f"{money(ctx.threshold)} a year, and your pay is not under that."
        ],
    )


_SECTOR_WORDS = {
    "construction": ("construction", "building", "bricklaying", "plastering", "carpentry"),
    "engineering": ("engineering",),
    "manufacturing": ("manufacturing",),
}
_FIELD_TEXT = {
    "construction": "building and construction",
    "engineering": "engineering or manufacturing",
    "manufacturing": "engineering or manufacturing",
}


def level2_field(facts: FundingFacts, rules: Rules) -> str | None:
    """The FCFJ level 2 field ("construction"...) a course is in, from its sector."""
    sector = (facts.course_sector or "").lower()
    for key in rules.fcfj_level2_sectors:
        if any(w in sector for w in _SECTOR_WORDS.get(key, (key,))):
            return key
    return None


def field_text(key: str | None) -> str:
    return _FIELD_TEXT.get(key or "", "this kind of work")


def _fcfj_level2(ctx: _Ctx) -> _Check:
    """Listed level 2 construction (and some engineering/manufacturing) courses: free for adults
    who do not already have a level 2 in that field, whatever their pay."""
    r, f = ctx.rules, ctx.facts
    key = level2_field(f, r)
    if ctx.level != 2 or key is None or not r.fcfj_level2_any_pay or f.fcfj_eligible is False:
        return _Check(ROUTE_FCFJ_LEVEL2, "no")
    what = field_text(key)
    if f.has_level2_in_sector is None:
        return _Check(ROUTE_FCFJ_LEVEL2, "unknown", missing=["has_level2_in_sector"])
    if f.has_level2_in_sector:
        return _Check(
            ROUTE_FCFJ_LEVEL2,
            "no",
            reasons=[
                f"You already have a level 2 in {what}, so the free level 2 offer does not apply."
            ],
        )
    reasons = [
        f"You do not have a level 2 in {what} yet.",
        f"Listed level 2 {what} courses are free for adults aged {r.entitlement_min_age} or "
        "over, whatever their pay.",
    ]
    if f.fcfj_eligible is None:
        return _Check(
            ROUTE_FCFJ_LEVEL2,
            "maybe",
            missing=["fcfj_eligible"],
            reasons=[*reasons, "So this course may be free for you, if it is on the list."],
            next_steps=[ask_provider("fcfj_eligible")],
        )
    return _Check(
        ROUTE_FCFJ_LEVEL2,
        "yes",
        reasons=[*reasons, "This course is on the list, so it is free for you."],
    )


def _fcfj_levels(r: Rules) -> frozenset[int]:
    return r.fcfj_levels | (frozenset({2}) if r.fcfj_level2_sectors else frozenset())


def _on_list(ctx: _Ctx) -> tuple[bool | None, list[str]]:
    """Is the course on a list that makes it free for a low earner? (yes/no/None, unknown facts)

    Level 3: the FCFJ list, or for ages 19-23 the level 3 entitlement list too (official level 3
    flow chart). Level 2: only a course flagged as on the FCFJ list (e.g. construction).
    """
    f, r = ctx.facts, ctx.rules
    lists = ["fcfj_eligible"]
    if ctx.level == 3 and ctx.age <= r.level3_young_max_age:
        lists.append("level3_entitlement")
    values = [getattr(f, name) for name in lists]
    if any(v is True for v in values):
        return True, []
    unknown = [name for name, v in zip(lists, values, strict=True) if v is None]
    if ctx.level not in r.fcfj_levels:  # level 2: only a course known to be on the list
        return False, []
    return (None, unknown) if unknown else (False, [])


def _fcfj(ctx: _Ctx) -> _Check:
    r, f = ctx.rules, ctx.facts
    if ctx.level not in _fcfj_levels(r):
        return _Check(ROUTE_FCFJ, "no")
    listed, unknown = _on_list(ctx)
    if listed is False:
        return _Check(ROUTE_FCFJ, "no")
    if not ctx.low_paid:
        if not ctx.pay_known:
            return _Check(ROUTE_FCFJ, "unknown", missing=_pay_missing(ctx))
        return _Check(
            ROUTE_FCFJ,
            "no",
            reasons=[
                f"{_pay_sentence(ctx)} Free Courses for Jobs are for people earning under "
                f"{money(ctx.threshold)} a year, or out of work."
            ],
        )
    low = (
        "You are out of work at the moment."
        if f.unemployed is True
        else f"{_pay_sentence(ctx)} That is under {money(ctx.threshold)} a year."
    )
    if listed is None:
        lists = " or ".join(
            "the Free Courses for Jobs list" if n == "fcfj_eligible" else "the level 3 free list"
            for n in unknown
        )
        return _Check(
            ROUTE_FCFJ,
            "maybe",
            missing=unknown,
            reasons=[
                low,
                "So this course may be free for you.",
                f"It depends on the course being on {lists}. We don't know that yet.",
            ],
            next_steps=[ask_provider(n) for n in unknown],
        )
    which = (
        "the Free Courses for Jobs list"
        if f.fcfj_eligible is True
        else "the level 3 free courses list"
    )
    return _Check(
        ROUTE_FCFJ,
        "yes",
        reasons=[low, f"This course is on {which}.", "So it is free for you."],
    )


# --- Advanced Learner Loan -------------------------------------------------------------------


# Course facts a loan depends on: while one is unknown the answer is "maybe, ask the provider".
LOAN_COURSE_FACTS = ("loan_approved", "course_weeks", "provider_has_loans_facility")


def _loan(ctx: _Ctx) -> _Check:
    """Can the worker get an Advanced Learner Loan? "no" with every rule the course or worker
    breaks, "unknown" while a worker fact is missing, else "yes" (or "maybe" while a course
    fact or their UK status is unsure) with what they need to know before they borrow."""
    refusals = _loan_refusals(ctx)
    if refusals:
        return _Check(ROUTE_LOAN, "no", reasons=refusals)
    f = ctx.facts
    course_unknown = [name for name in LOAN_COURSE_FACTS if getattr(f, name) is None]
    missing = [name for name in ("loans_used", "residency") if getattr(f, name) is None]
    if missing:
        return _Check(ROUTE_LOAN, "unknown", missing=missing + course_unknown)
    status: Status = "maybe" if f.residency == "other" or course_unknown else "yes"
    return _Check(
        ROUTE_LOAN,
        status,
        reasons=_loan_reasons(ctx, status),
        next_steps=[*_loan_questions(ctx, course_unknown), *_loan_apply_steps(ctx.rules)],
        caveats=_loan_caveats(ctx),
        key_caveats=_loan_key_caveats(ctx),
        missing=course_unknown,
    )


def _loan_refusals(ctx: _Ctx) -> list[str]:
    """Each loan rule the course or the worker breaks, as a plain sentence (none: no refusal)."""
    r, f = ctx.rules, ctx.facts
    no: list[str] = []
    if ctx.level not in r.loan_levels:
        levels = sorted(r.loan_levels)
        no.append(
            f"Advanced Learner Loans are for level {levels[0]} to {levels[-1]} courses. "
            f"This course is level {ctx.level}."
        )
    if f.is_apprenticeship_or_hnd:
        no.append("Advanced Learner Loans are not for apprenticeships or HNDs.")
    if f.course_weeks is not None and f.course_weeks < r.loan_min_weeks:
        no.append(f"The course must last at least {r.loan_min_weeks} weeks for a loan.")
    if f.loan_approved is False:
        no.append("This course is not approved for an Advanced Learner Loan.")
    if f.provider_has_loans_facility is False:
        no.append("This provider does not offer Advanced Learner Loans.")
    if f.course_fee_pence is not None and f.course_fee_pence < r.loan_min_amount_pence:
        no.append(
            f"The course costs {money(f.course_fee_pence)}. "
            f"The smallest loan is {money(r.loan_min_amount_pence)}."
        )
    if f.loans_used is not None and f.loans_used >= r.loan_max_loans:
        no.append(
            f"You can have up to {r.loan_max_loans} of these loans in your life, "
            "and you have used them."
        )
    if f.residency == "not_resident":
        no.append(
            "You need to live in the UK when the course starts, and have lived here "
            "for the 3 years before."
        )
    return no


def _loan_reasons(ctx: _Ctx, status: Status) -> list[str]:
    """Why a loan fits (or may fit), and how much they can borrow: the last line is the limit."""
    r, f = ctx.rules, ctx.facts
    reasons: list[str] = []
    if f.residency == "other":
        reasons.append(
            "You may still get a loan with your kind of UK status. Please check with the provider."
        )
    if status == "yes":
        reasons.append(
            f"You are {ctx.age}, and this level {ctx.level} course is approved for an "
            "Advanced Learner Loan."
        )
    else:
        reasons.append("You may be able to get an Advanced Learner Loan for this course.")
    reasons.append("There is no credit check and no income test.")
    fee = (
        f"up to the course fee ({money(f.course_fee_pence)})"
        if f.course_fee_pence is not None
        else "up to the course fee"
    )
    reasons.append(
        f"You can borrow from {money(r.loan_min_amount_pence)} {fee}. "
        "There is a limit for each course, so the provider tells you the exact amount."
    )
    return reasons


def _loan_questions(ctx: _Ctx, course_unknown: list[str]) -> list[str]:
    """The exact questions to put to the provider about the course facts we lack."""
    steps = [ask_provider(name) for name in course_unknown]
    if "course_weeks" in course_unknown:
        steps.append(f"A loan needs a course of at least {ctx.rules.loan_min_weeks} weeks.")
    return steps


def _loan_apply_steps(r: Rules) -> list[str]:
    return [
        "Ask the provider for a 'Learning and Funding Information' letter.",
        f"Apply for the loan online. It takes about {r.loan_application_weeks} weeks.",
        "You need a National Insurance number before the loan is paid.",
    ]


def _loan_key_caveats(ctx: _Ctx) -> list[str]:
    """Notes that change the choice, shown first: the Lifelong Learning Entitlement replacing
    the loan for later starts, and the Access to HE write-off."""
    r, f = ctx.rules, ctx.facts
    notes: list[str] = []
    if ctx.level in r.lle_levels and (ctx.start >= r.lle_start or f.general_check):
        when = (
            "Your course will start in 2027 or later"
            if f.general_check and ctx.start < r.lle_start
            else "Your course starts on or after that date"
        )
        notes.append(
            f"From {long_date(r.lle_start)}, a new Lifelong Learning Entitlement replaces this "
            f"loan for some level {min(r.lle_levels)} to {max(r.lle_levels)} courses. {when}, "
            "so ask the provider which one you would use. Some courses may have no loan from "
            "2027: the new one needs clear demand and support from employers."
        )
    if f.is_access_to_he:
        notes.append(
            "This is an Access to HE course. If you finish a university course that gets "
            "student finance, this loan is written off: you pay nothing back. You can have "
            "one Access to HE loan."
        )
    return notes


def _loan_caveats(ctx: _Ctx) -> list[str]:
    """The lifetime limit on loans (and how many are left), and what counts as using one."""
    r, used = ctx.rules, ctx.facts.loans_used
    caveats = [
        f"You can have up to {r.loan_max_loans} of these loans in your life. "
        f"You have {r.loan_max_loans - (used or 0)} left."
    ]
    if used:
        caveats.append(
            "You can get another loan at the same level if it is in a different subject."
        )
    caveats.append("If you leave after the first 2 weeks, it still counts as one of your loans.")
    caveats.append("Loans are not for apprenticeships or HNDs.")
    return caveats


def _target_annual(facts: FundingFacts, rules: Rules) -> int | None:
    if facts.target_annual_pence is not None:
        return facts.target_annual_pence
    if facts.target_hourly_pence is None:
        return None
    hours = facts.weekly_hours
    if hours is None:
        return hourly_to_annual(facts.target_hourly_pence, rules.annual_hours / 52)
    return hourly_to_annual(facts.target_hourly_pence, hours)


def _repayment_lines(
    ctx: _Ctx, now: RepaymentEstimate | None, target: RepaymentEstimate | None
) -> tuple[list[str], list[str]]:
    """(reasons, caveats) about paying the loan back."""
    p5 = ctx.rules.plan5
    f = ctx.facts
    if not p5.threshold_current(ctx.today or ctx.start):
        return (
            ["You only pay back when you earn over a set amount."],
            [
                'Check the current amount on gov.uk: "Repaying your student loan".',
                interest_line(ctx.rules, ctx.today or ctx.start),
            ],
        )
    reasons = [f"You only pay back when you earn over {money(p5.threshold_annual_pence)} a year."]
    if now is not None:
        if now.repays_nothing:
            reasons.append(f"At your pay now you would pay back {money(0)}.")
        else:
            reasons.append(
                f"At your pay now you would pay back about {money(now.monthly_pence)} a month "
                f"({money(now.weekly_pence)} a week)."
            )
    if target is not None:
        if f.target_hourly_pence is not None and f.target_annual_pence is None:
            at = f"{money(f.target_hourly_pence)} an hour ({money(target.annual_pay_pence)} a year)"
        else:
            at = f"{money(target.annual_pay_pence)} a year"
        if target.repays_nothing:
            reasons.append(f"If you earn {at}, you would pay back {money(0)}.")
        else:
            reasons.append(
                f"If you earn {at}, you would pay back about {money(target.monthly_pence)} a month "
                f"({money(target.weekly_pence)} a week)."
            )
    if f.course_weeks is not None:
        end = ctx.start + timedelta(days=int(Decimal(f.course_weeks) * 7))
        april_year = end.year if end.month < 4 else end.year + 1
        starts = f"Paying back starts in April {april_year} at the earliest."
    else:
        starts = "Paying back starts in the April after the course ends."
    caveats = [
        starts,
        f"Anything left is written off after {p5.write_off_years} years.",
        interest_line(ctx.rules, ctx.today or ctx.start),
    ]
    return reasons, caveats


def interest_line(rules: Rules, today: date) -> str:
    """Quote a rate only inside its period; after it, send the worker to check gov.uk."""
    p5 = rules.plan5
    rate = p5.interest_on(today)
    if rate is not None:
        return f"Interest is added. It is {rate.value}% ({p5.interest_name}) for {rate.period}."
    return (
        f"Interest is added at {p5.interest_name} (it changes each September). Check the "
        f'current rate on gov.uk: "{p5.interest_check_page}".'
    )


def _bursary(ctx: _Ctx) -> list[str]:
    r = ctx.rules
    items = []
    for key in r.bursary_items:
        if key == "childcare" and ctx.age < r.bursary_childcare_min_age:
            continue
        items.append(_BURSARY_TEXT.get(key, key))
    return items


# --- assess ----------------------------------------------------------------------------------


def _rules_year_for(start: date | None, today: date) -> str:
    return rules_year_label(start or today)


def _devolved_caveats(ctx: _Ctx, checks: list[_Check]) -> tuple[list[str], bool]:
    """(caveats, local_free_maybe). The first caveat says who runs free courses there; when
    the pay limit stopped a free route, the next says the course may still be free locally."""
    match = devolved_match(ctx.facts.postcode_district, ctx.rules)
    if match is None:
        return [], False
    caveats = [devolved_caveat(match)]
    pay_blocked = any(
        c.route in (ROUTE_LOW_WAGE, ROUTE_FCFJ, ROUTE_ESOL) and c.status == "no" and c.reasons
        for c in checks
    )
    if pay_blocked:
        caveats.insert(0, threshold_caveat(match, ctx.rules, money(ctx.threshold)))
    caveats.extend(residency_caveats(match, ctx.rules))
    return caveats, pay_blocked


def assess(facts: FundingFacts, today: date) -> FundingDecision:
    """Check the free routes first, then the Advanced Learner Loan."""
    ctx = _context(facts, today)
    if isinstance(ctx, FundingDecision):
        return ctx  # a course or birth date still to ask for, or no rules for that year yet
    if ctx.age < ctx.rules.entitlement_min_age:
        return _under_19(ctx)
    checks = [
        _bootcamp(ctx),
        _english_maths(ctx),
        _digital(ctx),
        _first_full(ctx, 2, ROUTE_LEVEL2, facts.has_full_level2),
        _first_full(ctx, 3, ROUTE_LEVEL3, facts.has_full_level3),
        _esol(ctx),
        _fcfj_level2(ctx),
        _low_wage(ctx),
        _fcfj(ctx),
    ]
    local, local_free = _devolved_caveats(ctx, checks)
    free = next((c for c in checks if c.status == "yes"), None)
    if free is not None:
        return _free(ctx, free, local)
    unknown = [c for c in checks if c.status == "unknown"]
    if unknown:
        return FundingDecision(
            outcome="need_more_info",
            route=None,
            reasons=["We need a bit more information to check if this course is free for you."],
            next_steps=["Answer a few quick questions."],
            caveats=[ENROLMENT_CAVEAT, *local],
            rules_year=ctx.rules.rules_year,
            missing=_ordered([m for c in unknown for m in c.missing]),
        )
    not_free = _not_free_reasons(ctx, checks)
    maybe_free = next((c for c in checks if c.status == "maybe"), None)
    if maybe_free is not None:
        return _maybe_free(ctx, maybe_free, local, not_free)
    return _loan_answer(ctx, today, local, local_free, not_free)


def _context(facts: FundingFacts, today: date) -> _Ctx | FundingDecision:
    """The facts with their rules year, age and yearly pay; or the answer when we cannot check
    yet (no course start, level or date of birth) or have no rules for the course's year."""
    prereq = [
        name
        for name in ("course_start", "course_level", "date_of_birth")
        if getattr(facts, name) is None
    ]
    if prereq:
        return FundingDecision(
            outcome="need_more_info",
            route=None,
            reasons=["We need a bit more information to check this."],
            next_steps=["Answer a few quick questions."],
            caveats=[ENROLMENT_CAVEAT],
            rules_year=_rules_year_for(facts.course_start, today),
            missing=_ordered(prereq),
        )
    assert facts.course_start is not None and facts.date_of_birth is not None
    assert facts.course_level is not None
    try:
        rules = rules_for(facts.course_start)
    except RulesNotAvailable as exc:
        return FundingDecision(
            outcome="maybe",
            route=None,
            reasons=[
                f"The course starts on {long_date(facts.course_start)}.",
                f"We do not have the funding rules for {exc.rules_year} yet.",
            ],
            next_steps=["Ask the provider how this course can be paid for."],
            caveats=[ENROLMENT_CAVEAT],
            rules_year=exc.rules_year,
        )
    age = age_on(facts.date_of_birth, facts.course_start)
    pay = 0 if facts.unemployed is True else annual_pay_pence(facts)
    return _Ctx(facts, rules, facts.course_start, age, facts.course_level, pay, today)


def _under_19(ctx: _Ctx) -> FundingDecision:
    return FundingDecision(
        outcome="maybe",
        route=ROUTE_UNDER_19,
        reasons=[
            f"You will be {ctx.age} when the course starts.",
            f"These funding rules are for people aged {ctx.rules.entitlement_min_age} or over.",
        ],
        next_steps=["Ask the provider what help there is for you."],
        caveats=[ENROLMENT_CAVEAT],
        rules_year=ctx.rules.rules_year,
    )


def _free(ctx: _Ctx, check: _Check, local: list[str]) -> FundingDecision:
    return FundingDecision(
        outcome="free",
        route=check.route,
        reasons=check.reasons,
        next_steps=["Tell the provider you think the course is free for you.", *check.next_steps],
        caveats=[ENROLMENT_CAVEAT, *check.caveats, *local],
        rules_year=ctx.rules.rules_year,
    )


def _not_free_reasons(ctx: _Ctx, checks: list[_Check]) -> list[str]:
    """Why no free route fits: every route's reason once, and the level limit for level 4+."""
    not_free = _unique([reason for c in checks for reason in c.reasons])
    if ctx.level >= 4 and not ctx.facts.is_bootcamp:
        not_free.append(
            f"Free courses in these rules are for level 3 and below. This course is level "
            f"{ctx.level}."
        )
    return not_free


def _maybe_free(ctx: _Ctx, check: _Check, local: list[str], not_free: list[str]) -> FundingDecision:
    """A free route only the provider can settle: their question, then the loan to ask about."""
    steps = list(check.next_steps)
    if ctx.level in ctx.rules.loan_levels:
        steps.append("If it is not free, ask about an Advanced Learner Loan.")
    return FundingDecision(
        outcome="maybe",
        route=check.route,
        reasons=check.reasons,
        next_steps=steps,
        caveats=[ENROLMENT_CAVEAT, *local],
        rules_year=ctx.rules.rules_year,
        missing=_ordered(check.missing),
        not_free_reasons=not_free,
    )


def _loan_answer(
    ctx: _Ctx, today: date, local: list[str], local_free: bool, not_free: list[str]
) -> FundingDecision:
    """No free route fits: the loan, or why not, or the fact we still need to tell."""
    loan = _loan(ctx)
    if loan.status == "unknown":
        return FundingDecision(
            outcome="need_more_info",
            route=None,
            reasons=[
                *not_free[:2],
                "We need a bit more information to check if you can get a loan.",
            ],
            next_steps=["Answer a few quick questions."],
            caveats=[ENROLMENT_CAVEAT, *local],
            rules_year=ctx.rules.rules_year,
            missing=_ordered(loan.missing),
        )
    if loan.status == "no":
        return FundingDecision(
            outcome="not_eligible",
            route=None,
            reasons=[*not_free[:3], *loan.reasons[:2]],
            next_steps=[
                "Ask the provider if there is another way to pay.",
                "We can look for a different course together.",
            ],
            caveats=[ENROLMENT_CAVEAT, *local],
            rules_year=ctx.rules.rules_year,
            local_free_maybe=local_free,
            not_free_reasons=not_free,
        )
    rules = ctx.rules
    current = rules.plan5.threshold_current(today)
    now = plan5_estimate(ctx.pay, rules, today) if ctx.pay is not None and current else None
    target_pay = _target_annual(ctx.facts, rules)
    target = (
        plan5_estimate(target_pay, rules, today) if target_pay is not None and current else None
    )
    pay_reasons, pay_caveats = _repayment_lines(ctx, now, target)
    return FundingDecision(
        outcome="loan" if loan.status == "yes" else "maybe",
        route=ROUTE_LOAN,
        reasons=[*not_free[:2], *loan.reasons[:-1], *pay_reasons, loan.reasons[-1]],
        next_steps=loan.next_steps,
        caveats=[ENROLMENT_CAVEAT, *loan.key_caveats, *local, *loan.caveats, *pay_caveats],
        rules_year=rules.rules_year,
        repayment=now,
        repayment_at_target=target,
        bursary=_bursary(ctx),
        missing=_ordered(loan.missing),
        local_free_maybe=local_free,
        apply_steps=[
            *loan.next_steps,
            "You can also apply by post.",
            "You can apply after the course starts, but not after it ends.",
            "Ask the provider about a bursary once your loan is approved.",
        ],
        repay_lines=[
            *pay_reasons,
            *pay_caveats,
            "You can pay back extra at any time if you want to.",
            "It comes out of your pay, rounded down, so amounts are about right, not exact.",
        ],
        not_free_reasons=not_free,
        loan_limits=[r for r in loan.reasons if r.startswith("You can borrow")] + loan.caveats,
    )


def worker_missing(decision: FundingDecision) -> list[str]:
    """Missing facts the worker can answer (not course or provider facts)."""
    return [m for m in decision.missing if m not in COURSE_FACTS]
