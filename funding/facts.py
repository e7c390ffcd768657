"""What we know about a worker and a course, as far as funding cares.

Every field is optional: None means "not known yet". `funding.questions` works out which of the
missing facts are worth asking for.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

RESIDENCY_VALUES = ("uk_settled_3y", "other", "not_resident")

# Facts the worker can answer, versus facts about the course or provider that the catalogue
# (or the provider) should supply. The engine never asks the worker about course facts.
COURSE_FACTS = frozenset(
    {
        "course_start",
        "course_level",
        "course_weeks",
        "loan_approved",
        "fcfj_eligible",
        "is_english_maths",
        "is_digital",
        "is_bootcamp",
        "is_apprenticeship_or_hnd",
        "provider_has_loans_facility",
        "course_fee_pence",
        "level3_entitlement",
        "is_esol",
        "is_access_to_he",
        "course_sector",
        "general_check",
    }
)


@dataclass(frozen=True)
class FundingFacts:
    """Facts for one funding check. Money is integer pence; levels are ints (0 = entry level).

    Course-kind flags (is_english_maths, is_digital, is_bootcamp, is_apprenticeship_or_hnd,
    is_esol, is_access_to_he) count as "no" when None. The list facts (loan_approved,
    fcfj_eligible, level3_entitlement) are tri-state: None means unknown, which leads to
    "maybe: ask the provider", never to "no". has_gcse_english_maths_grade4 means: has GCSE
    grade 4/C or above in the subject of this English or maths course. Set unemployed=True when
    the worker has no job.
    """

    # the worker
    date_of_birth: date | None = None
    postcode_district: str | None = None
    unemployed: bool | None = None
    hourly_pay_pence: int | None = None
    weekly_hours: Decimal | None = None
    weekly_pay_pence: int | None = None
    monthly_pay_pence: int | None = None
    annual_pay_pence: int | None = None
    target_hourly_pence: int | None = None
    target_annual_pence: int | None = None
    has_gcse_english_maths_grade4: bool | None = None
    has_full_level2: bool | None = None
    has_full_level3: bool | None = None
    residency: str | None = None  # "uk_settled_3y" | "other" | "not_resident"
    loans_used: int | None = None
    # already has a level 2 in the course's field (building and construction, engineering...)
    has_level2_in_sector: bool | None = None
    # the course and provider
    course_start: date | None = None
    course_level: int | None = None
    course_weeks: Decimal | None = None
    loan_approved: bool | None = None  # LARS validity category ADV_LEARN_LOAN covers the start
    fcfj_eligible: bool | None = None  # on the Free Courses for Jobs / level 3 offer list
    is_english_maths: bool | None = None
    is_digital: bool | None = None  # essential digital skills
    is_bootcamp: bool | None = None
    is_apprenticeship_or_hnd: bool | None = None
    provider_has_loans_facility: bool | None = None
    course_fee_pence: int | None = None
    level3_entitlement: bool | None = None  # on the level 3 entitlement (free level 3) list
    is_esol: bool | None = None  # English for speakers of other languages (not GCSE English)
    is_access_to_he: bool | None = None  # Access to HE diploma (the loan is written off)
    course_sector: str | None = None  # e.g. "construction", for the level 2 FCFJ offer
    general_check: bool | None = None  # no course picked: it will start later (maybe 2027+)

    def __post_init__(self) -> None:
        if self.residency is not None and self.residency not in RESIDENCY_VALUES:
            raise ValueError(f"residency must be one of {RESIDENCY_VALUES}, not {self.residency!r}")
        for name in ("weekly_hours", "course_weeks"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Decimal):
                object.__setattr__(self, name, Decimal(str(value)))
        for name in (
            "hourly_pay_pence",
            "weekly_pay_pence",
            "monthly_pay_pence",
            "annual_pay_pence",
            "target_hourly_pence",
            "target_annual_pence",
            "loans_used",
            "course_fee_pence",
        ):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} cannot be negative")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (dates as ISO strings, decimals as strings); None values left out."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FundingFacts:
        """Inverse of to_dict. Unknown keys are ignored so old stored answers still load."""
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known or value is None:
                continue
            if key in ("date_of_birth", "course_start") and isinstance(value, str):
                value = date.fromisoformat(value)
            kwargs[key] = value
        return cls(**kwargs)
