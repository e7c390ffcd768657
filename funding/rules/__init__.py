"""Funding rules as data, one JSON file per rules year (1 August to 31 July).

Why data: the rules change every 1 August. Next year is a new file here, not a code change.
Files are read once at import (no I/O inside the engine itself).
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
    """No rules file covers this date (for example a course starting after the newest file)."""

    def __init__(self, rules_year: str) -> None:
        super().__init__(f"No funding rules for the {rules_year} rules year yet.")
        self.rules_year = rules_year


@dataclass(frozen=True)
class Authority:
    """A mayoral authority holding the Adult Skills Fund, with what we know of its rules."""

    code: str
    name: str
    threshold_not_applied: bool = False  # said it would not apply the earnings threshold
    residency_years: int | None = None  # its own residency rule for free courses, if any


@dataclass(frozen=True)
class DevolvedArea:
    authorities: tuple[str, ...]  # authority names, plain text
    whole_area: bool  # False: only part of the postcode area is in the authority
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dated:
    """A figure that expires: quote it only on days from valid_from to valid_to."""

    value: Decimal
    valid_from: date
    valid_to: date | None  # None: no end published yet
    period: str = ""

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Plan5:
    threshold_annual_pence: int
    threshold_monthly_pence: int
    threshold_weekly_pence: int
    rate_percent: Decimal
    write_off_years: int
    interest_name: str
    interest_rates: tuple[Dated, ...]  # each with the period it applies to
    interest_check_page: str  # the gov.uk page to check the current rate on
    interest_check_url: str
    applies_to_courses_from: date
    threshold_valid_from: date
    threshold_valid_to: date | None

    def interest_on(self, day: date) -> Dated | None:
        """The interest rate for `day`, or None when our rate has expired (say "check")."""
        return next((r for r in self.interest_rates if r.covers(day)), None)

    def threshold_current(self, day: date) -> bool:
        return self.threshold_valid_from <= day and (
            self.threshold_valid_to is None or day <= self.threshold_valid_to
        )


@dataclass(frozen=True)
class Rules:
    """One rules year. Money in pence, ages in whole years, levels as ints (0 = entry level)."""

    rules_year: str
    starts: date
    ends: date
    source: str
    earnings_threshold_pence: int
    entitlement_min_age: int
    first_full_max_age: int
    english_maths_max_level: int
    digital_max_level: int
    level3_young_max_age: int
    low_wage_min_age: int
    low_wage_max_level: int
    fcfj_levels: frozenset[int]
    fcfj_level2_sectors: tuple[str, ...]
    fcfj_level2_any_pay: bool
    fcfj_sectors: tuple[str, ...]
    fcfj_min_guided_hours: int
    bootcamp_min_age: int
    bootcamp_max_weeks: int
    bootcamp_min_guided_hours: int
    bootcamp_employer_cofund_percent: int
    loan_min_age: int
    loan_levels: frozenset[int]
    loan_min_weeks: int
    loan_max_loans: int
    loan_min_amount_pence: int
    loan_application_weeks: int
    lle_start: date
    lle_levels: frozenset[int]
    plan5: Plan5
    bursary_childcare_min_age: int
    bursary_items: tuple[str, ...]
    annual_hours: Decimal
    benchmarks: dict[str, Any]
    devolved_authorities: dict[str, str]  # code -> name
    devolved_areas: dict[str, DevolvedArea]  # postcode area -> authorities (fallback only)
    devolved_source: str
    authorities: dict[str, Authority]  # code -> authority
    devolved_local_authorities: dict[str, str]  # local authority name -> authority code
    straddling_districts: dict[str, tuple[str, ...]]  # district -> authority codes

    def covers(self, day: date) -> bool:
        return self.starts <= day <= self.ends


def rules_year_label(day: date) -> str:
    """The rules year a date falls in: 1 Aug 2026 - 31 Jul 2027 is "2026-27"."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def _parse(raw: dict[str, Any]) -> Rules:
    p5 = raw["plan5"]
    loan = raw["loan"]
    le = raw["legal_entitlements"]
    dev = raw["devolved"]
    authorities = {
        code: Authority(
            code=code,
            name=spec["name"],
            threshold_not_applied=spec.get("earnings_threshold") == "not_applied",
            residency_years=spec.get("residency_years"),
        )
        for code, spec in dev["authorities"].items()
    }
    auth_names = {code: a.name for code, a in authorities.items()}
    areas = {
        area.upper(): DevolvedArea(
            authorities=tuple(auth_names[a] for a in spec["authorities"]),
            whole_area=bool(spec["whole_area"]),
            codes=tuple(spec["authorities"]),
        )
        for area, spec in dev["postcode_areas"].items()
    }
    local = dict(dev.get("local_authorities", {}))
    straddling = {k.upper(): tuple(v) for k, v in dev.get("straddling_districts", {}).items()}
    for code in [*local.values(), *(c for v in straddling.values() for c in v)]:
        if code not in authorities:
            raise ValueError(f"unknown authority code {code}")
    interest = p5["interest"]
    threshold_valid = p5.get("threshold_valid", {})
    rules = Rules(
        rules_year=raw["rules_year"],
        starts=date.fromisoformat(raw["starts"]),
        ends=date.fromisoformat(raw["ends"]),
        source=raw["source"],
        earnings_threshold_pence=int(raw["earnings_threshold"]["annual_pence"]),
        entitlement_min_age=int(le["min_age"]),
        first_full_max_age=int(le["first_full_max_age"]),
        english_maths_max_level=int(le["english_maths_max_level"]),
        digital_max_level=int(le["digital_max_level"]),
        level3_young_max_age=int(raw["level3"]["young_max_age"]),
        low_wage_min_age=int(raw["low_wage"]["min_age"]),
        low_wage_max_level=int(raw["low_wage"]["max_level"]),
        fcfj_levels=frozenset(int(x) for x in raw["fcfj"]["levels"]),
        fcfj_level2_sectors=tuple(raw["fcfj"]["level2_sectors"]),
        fcfj_level2_any_pay=bool(raw["fcfj"].get("level2_any_pay", False)),
        fcfj_sectors=tuple(raw["fcfj"]["sectors"]),
        fcfj_min_guided_hours=int(raw["fcfj"]["min_guided_hours"]),
        bootcamp_min_age=int(raw["bootcamp"]["min_age"]),
        bootcamp_max_weeks=int(raw["bootcamp"]["max_weeks"]),
        bootcamp_min_guided_hours=int(raw["bootcamp"]["min_guided_hours"]),
        bootcamp_employer_cofund_percent=int(raw["bootcamp"]["employer_cofund_percent_small"]),
        loan_min_age=int(loan["min_age"]),
        loan_levels=frozenset(int(x) for x in loan["levels"]),
        loan_min_weeks=int(loan["min_weeks"]),
        loan_max_loans=int(loan["max_loans"]),
        loan_min_amount_pence=int(loan["min_amount_pence"]),
        loan_application_weeks=int(loan["application_weeks"]),
        lle_start=date.fromisoformat(loan["lle_start"]),
        lle_levels=frozenset(int(x) for x in loan["lle_levels"]),
        plan5=Plan5(
            threshold_annual_pence=int(p5["threshold_annual_pence"]),
            threshold_monthly_pence=int(p5["threshold_monthly_pence"]),
            threshold_weekly_pence=int(p5["threshold_weekly_pence"]),
            rate_percent=Decimal(p5["rate_percent"]),
            write_off_years=int(p5["write_off_years"]),
            interest_name=interest["name"],
            interest_rates=tuple(
                Dated(
                    value=Decimal(r["rate_percent"]),
                    valid_from=date.fromisoformat(r["valid_from"]),
                    valid_to=date.fromisoformat(r["valid_to"]),
                    period=r["period"],
                )
                for r in interest["rates"]
            ),
            interest_check_page=interest["check_page"],
            interest_check_url=interest["check_url"],
            applies_to_courses_from=date.fromisoformat(p5["applies_to_courses_from"]),
            threshold_valid_from=date.fromisoformat(
                threshold_valid.get("valid_from", p5["applies_to_courses_from"])
            ),
            threshold_valid_to=(
                date.fromisoformat(threshold_valid["valid_to"])
                if threshold_valid.get("valid_to")
                else None
            ),
        ),
        bursary_childcare_min_age=int(raw["bursary"]["childcare_min_age"]),
        bursary_items=tuple(raw["bursary"]["items"]),
        annual_hours=Decimal(raw["pay_benchmarks"]["annual_hours"]),
        benchmarks=dict(raw["pay_benchmarks"]),
        devolved_authorities=auth_names,
        devolved_areas=areas,
        devolved_source=dev["source"],
        authorities=authorities,
        devolved_local_authorities=local,
        straddling_districts=straddling,
    )
    if (
        rules_year_label(rules.starts) != rules.rules_year
        or rules_year_label(rules.ends) != rules.rules_year
    ):
        raise ValueError(f"rules file {rules.rules_year}: starts/ends do not match the year")
    return rules


def load_rules_dir(directory: Path = RULES_DIR) -> dict[str, Rules]:
    """Read every `YYYY-YY.json` file in a folder. Used at import and by tests."""
    loaded: dict[str, Rules] = {}
    for path in sorted(directory.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].json")):
        rules = _parse(json.loads(path.read_text(encoding="utf-8")))
        if rules.rules_year != path.stem:
            raise ValueError(f"{path.name} holds rules_year {rules.rules_year}")
        loaded[rules.rules_year] = rules
    return loaded


ALL_RULES: dict[str, Rules] = load_rules_dir()


def rules_for(start_date: date) -> Rules:
    """The rules for a course starting on this date (the rules year is 1 Aug to 31 Jul)."""
    label = rules_year_label(start_date)
    try:
        return ALL_RULES[label]
    except KeyError:
        raise RulesNotAvailable(label) from None


def available_years() -> list[str]:
    return sorted(ALL_RULES)
