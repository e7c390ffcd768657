"""Take-home rules as data, one JSON file per tax year (6 April to 5 April).

Why data: tax, NI, pension, Universal Credit and Plan 5 figures change every April. Next year is
a new file here, not a code change. Files are read once at import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).parent


class RulesNotAvailable(LookupError):
    """No rules file covers this date."""

    def __init__(self, tax_year: str) -> None:
        super().__init__(f"No take-home rules for the {tax_year} tax year yet.")
        self.tax_year = tax_year


@dataclass(frozen=True)
class Figure:
    """Where a group of figures came from. third_party: only a non-government page gave it,
    so it is shown with its date and a "check on GOV.UK" note."""

    name: str
    source: str
    date: date
    third_party: bool


@dataclass(frozen=True)
class Rules:
    """One tax year. Money in pence a year unless the name says monthly/weekly."""

    tax_year: str
    starts: date
    ends: date
    checked: date
    personal_allowance: int
    basic_rate: Decimal  # a fraction, 0.20
    basic_rate_limit: int  # personal allowance + basic rate band
    ni_threshold: int
    ni_rate: Decimal
    ni_upper_limit: int
    pension_trigger: int
    pension_lower: int
    pension_upper: int
    pension_worker_rate: Decimal  # what the worker pays from net pay (4%)
    pension_relief_rate: Decimal
    pension_employer_rate: Decimal
    pension_min_age: int  # auto-enrolment starts at 22 (younger workers may ask to join)
    uc_taper: Decimal
    uc_work_allowance_with_housing: int  # a month
    uc_work_allowance_without_housing: int  # a month
    uc_childcare_rate: Decimal
    uc_childcare_cap_one: int  # a month
    uc_childcare_cap_two_plus: int  # a month
    uc_standard_allowance: dict[str, int]  # a month
    plan5_threshold: int
    plan5_rate: Decimal
    figures: tuple[Figure, ...]

    def covers(self, day: date) -> bool:
        return self.starts <= day <= self.ends

    @property
    def third_party(self) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if f.third_party)


def tax_year_label(day: date) -> str:
    """6 Apr 2026 - 5 Apr 2027 is "2026-27"."""
    first = day.year if (day.month, day.day) >= (4, 6) else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def _pct(value: str) -> Decimal:
    return Decimal(value) / 100


def _parse(raw: dict[str, Any]) -> Rules:
    tax, ni, pen, uc, p5 = (
        raw["income_tax"],
        raw["national_insurance"],
        raw["pension"],
        raw["universal_credit"],
        raw["plan5"],
    )

    def fig(name: str, section: dict[str, Any], prefix: str = "") -> Figure:
        return Figure(
            name,
            section[f"{prefix}source"],
            date.fromisoformat(section[f"{prefix}date"]),
            bool(section[f"{prefix}third_party"]),
        )

    rules = Rules(
        tax_year=raw["tax_year"],
        starts=date.fromisoformat(raw["starts"]),
        ends=date.fromisoformat(raw["ends"]),
        checked=date.fromisoformat(raw["checked"]),
        personal_allowance=int(tax["personal_allowance_annual_pence"]),
        basic_rate=_pct(tax["basic_rate_percent"]),
        basic_rate_limit=int(tax["personal_allowance_annual_pence"])
        + int(tax["basic_rate_band_annual_pence"]),
        ni_threshold=int(ni["primary_threshold_annual_pence"]),
        ni_rate=_pct(ni["rate_percent"]),
        ni_upper_limit=int(ni["upper_earnings_limit_annual_pence"]),
        pension_trigger=int(pen["trigger_annual_pence"]),
        pension_lower=int(pen["qualifying_lower_annual_pence"]),
        pension_upper=int(pen["qualifying_upper_annual_pence"]),
        pension_worker_rate=_pct(pen["worker_percent"]),
        pension_relief_rate=_pct(pen["tax_relief_percent"]),
        pension_employer_rate=_pct(pen["employer_percent"]),
        pension_min_age=int(pen["min_age"]),
        uc_taper=_pct(uc["taper_percent"]),
        uc_work_allowance_with_housing=int(uc["work_allowance_with_housing_monthly_pence"]),
        uc_work_allowance_without_housing=int(uc["work_allowance_without_housing_monthly_pence"]),
        uc_childcare_rate=_pct(uc["childcare_percent"]),
        uc_childcare_cap_one=int(uc["childcare_cap_one_child_monthly_pence"]),
        uc_childcare_cap_two_plus=int(uc["childcare_cap_two_plus_monthly_pence"]),
        uc_standard_allowance={
            k: int(v) for k, v in uc["standard_allowance_monthly_pence"].items()
        },
        plan5_threshold=int(p5["threshold_annual_pence"]),
        plan5_rate=_pct(p5["rate_percent"]),
        figures=(
            fig("Income tax", tax),
            fig("National Insurance", ni),
            fig("Workplace pension", pen),
            Figure(
                "Universal Credit taper",
                uc["taper_source"],
                date.fromisoformat(raw["checked"]),
                False,
            ),
            fig("Universal Credit work allowance", uc, "work_allowance_"),
            fig("Universal Credit childcare", uc, "childcare_"),
            fig("Universal Credit standard allowance", uc, "standard_allowance_"),
            fig("Plan 5 loan repayment", p5),
        ),
    )
    if rules.tax_year not in {tax_year_label(rules.starts)} or (
        tax_year_label(rules.ends) != rules.tax_year
    ):
        raise ValueError(f"rules file {rules.tax_year}: starts/ends do not match the year")
    return rules


def load_rules_dir(directory: Path = RULES_DIR) -> dict[str, Rules]:
    loaded: dict[str, Rules] = {}
    for path in sorted(directory.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].json")):
        rules = _parse(json.loads(path.read_text(encoding="utf-8")))
        if rules.tax_year != path.stem:
            raise ValueError(f"{path.name} holds tax_year {rules.tax_year}")
        loaded[rules.tax_year] = rules
    return loaded


ALL_RULES: dict[str, Rules] = load_rules_dir()


def rules_for(day: date) -> Rules:
    """The rules for the tax year this day falls in."""
    label = tax_year_label(day)
    try:
        return ALL_RULES[label]
    except KeyError:
        raise RulesNotAvailable(label) from None


def available_years() -> list[str]:
    return sorted(ALL_RULES)
