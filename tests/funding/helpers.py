"""Shared builders for funding tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from funding.facts import FundingFacts

TODAY = date(2026, 11, 23)

# A 36-year-old worker, course starting in the 2026-27 rules year, loan facts all fine.
BASE = FundingFacts(
    date_of_birth=date(1990, 5, 1),
    course_start=date(2026, 9, 1),
    course_level=3,
    course_weeks=30,
    loan_approved=True,
    provider_has_loans_facility=True,
    residency="uk_settled_3y",
    loans_used=0,
)


def facts(**changes: Any) -> FundingFacts:
    return replace(BASE, **changes)
