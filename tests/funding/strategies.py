"""Hypothesis strategies for funding facts: any mix of known and unknown facts.

Why: the engine must answer every worker, whatever they have told us so far, so the property
tests draw facts with any field missing, every course kind, levels from entry to 8, start dates
inside and outside the rules years we hold, and postcode districts in and out of devolved areas
(BL0 straddles two authorities, "ZZ9" is no district at all).
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from hypothesis import strategies as st

from funding.facts import RESIDENCY_VALUES, FundingFacts

DISTRICTS = ("M1", "LS6", "BL0", "SE15", "B1", "NE1", "LN1", "EX1", "CB1", "ZZ9", "bl0")
SECTORS = ("construction", "Building and construction", "engineering", "care", "retail")
T = TypeVar("T")


def _maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """Known three times in four: with every fact a coin toss, almost every draw stopped at
    "need more information" and the loan answers were never reached."""
    return st.integers(min_value=0, max_value=3).flatmap(
        lambda roll: strategy if roll else st.none()
    )


def _pence(top: int) -> st.SearchStrategy[int | None]:
    return _maybe(st.integers(min_value=0, max_value=top))


FLAG = _maybe(st.booleans())

FACTS: st.SearchStrategy[FundingFacts] = st.builds(
    FundingFacts,
    date_of_birth=_maybe(st.dates(date(1950, 1, 1), date(2012, 12, 31))),
    postcode_district=_maybe(st.sampled_from(DISTRICTS)),
    unemployed=FLAG,
    hourly_pay_pence=_pence(6000),
    weekly_hours=_maybe(st.decimals(min_value=0, max_value=80, places=1)),
    weekly_pay_pence=_pence(200_000),
    monthly_pay_pence=_pence(800_000),
    annual_pay_pence=_pence(10_000_000),
    target_hourly_pence=_pence(6000),
    target_annual_pence=_pence(10_000_000),
    has_gcse_english_maths_grade4=FLAG,
    has_full_level2=FLAG,
    has_full_level3=FLAG,
    residency=_maybe(st.sampled_from(RESIDENCY_VALUES)),
    loans_used=_maybe(st.integers(min_value=0, max_value=6)),
    has_level2_in_sector=FLAG,
    # 2025-26 and 2026-27 have rules; a 2027-28 start has none yet
    course_start=_maybe(st.dates(date(2025, 8, 1), date(2028, 7, 31))),
    course_level=_maybe(st.integers(min_value=0, max_value=8)),
    course_weeks=_maybe(st.decimals(min_value=0, max_value=150, places=1)),
    loan_approved=FLAG,
    fcfj_eligible=FLAG,
    is_english_maths=FLAG,
    is_digital=FLAG,
    is_bootcamp=FLAG,
    is_apprenticeship_or_hnd=FLAG,
    provider_has_loans_facility=FLAG,
    course_fee_pence=_pence(2_000_000),
    level3_entitlement=FLAG,
    is_esol=FLAG,
    is_access_to_he=FLAG,
    course_sector=_maybe(st.sampled_from(SECTORS)),
    general_check=FLAG,
)

# Days a worker may ask on: the answer quotes the figures in force on that day.
TODAYS = st.dates(date(2025, 6, 1), date(2028, 12, 31))

_NO_FLAG = st.sampled_from((False, False, False, None, True))

# Adults on level 3-6 courses the free routes mostly miss: the loan answers (yes, maybe, no,
# with their repayment lines, the LLE and Access to HE notes) need most facts known.
LOAN_SHAPED: st.SearchStrategy[FundingFacts] = st.builds(
    FundingFacts,
    date_of_birth=st.dates(date(1950, 1, 1), date(2003, 12, 31)),
    postcode_district=_maybe(st.sampled_from(DISTRICTS)),
    unemployed=st.just(False),
    annual_pay_pence=st.integers(min_value=1_500_000, max_value=8_000_000),
    target_hourly_pence=_pence(6000),
    target_annual_pence=_maybe(st.integers(min_value=1_000_000, max_value=10_000_000)),
    weekly_hours=_maybe(st.decimals(min_value=1, max_value=60, places=1)),
    has_full_level2=st.just(True),
    has_full_level3=st.just(True),
    residency=st.sampled_from(RESIDENCY_VALUES),
    loans_used=st.integers(min_value=0, max_value=5),
    course_start=st.dates(date(2025, 8, 1), date(2027, 7, 31)),
    course_level=st.integers(min_value=3, max_value=6),
    course_weeks=_maybe(st.decimals(min_value=1, max_value=120, places=1)),
    loan_approved=_NO_FLAG.map(lambda v: None if v is None else not v),
    fcfj_eligible=_NO_FLAG,
    level3_entitlement=_NO_FLAG,
    is_english_maths=_NO_FLAG,
    is_digital=_NO_FLAG,
    is_bootcamp=_NO_FLAG,
    is_esol=_NO_FLAG,
    is_apprenticeship_or_hnd=_NO_FLAG,
    provider_has_loans_facility=_NO_FLAG.map(lambda v: None if v is None else not v),
    course_fee_pence=_pence(2_000_000),
    is_access_to_he=FLAG,
    general_check=FLAG,
)

ANY_FACTS = st.one_of(FACTS, LOAN_SHAPED)
