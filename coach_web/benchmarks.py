"""Published figures the impact report is shown beside.

Source: /work/shared/docs/funding-rules.md, "Pay benchmarks" and "Outcome benchmarks"
(Living Wage Foundation rates announced October 2025; Step Up, London 2015-18). The pay figures
and the London postcode areas are read from the funding rules data (funding/rules/*.json), so the
service keeps them in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from funding.rules import ALL_RULES, Rules, rules_year_label


def _current_rules(today: date | None = None) -> Rules:
    """This rules year's data, or the newest we have (the pay figures change in the autumn)."""
    label = rules_year_label(today or date.today())
    return ALL_RULES.get(label) or ALL_RULES[max(ALL_RULES)]


_RULES = _current_rules()
REAL_LIVING_WAGE_UK_PENCE: int = int(_RULES.benchmarks["real_living_wage_uk_hourly_pence"])
REAL_LIVING_WAGE_LONDON_PENCE: int = int(_RULES.benchmarks["real_living_wage_london_hourly_pence"])
REAL_LIVING_WAGE_SOURCE = "Living Wage Foundation, rates announced October 2025"

# London postcode areas: the ones the funding rules map wholly to the Mayor of London (the same
# data that routes devolved funding). Areas only partly in London (BR, CR, KT, ...) get the UK
# rate: a conservative choice that never overstates who reached the London rate.
LONDON_POSTCODE_AREAS: frozenset[str] = frozenset(
    area
    for area, found in _RULES.devolved_areas.items()
    if found.whole_area and any(a == "GLA" or "London" in a for a in found.authorities)
)


def postcode_area(district: str | None) -> str | None:
    """The letters at the start of a postcode district: "SE15" -> "SE", "W1A" -> "W"."""
    if not district:
        return None
    letters = ""
    for ch in district.strip().upper():
        if not ch.isalpha():
            break
        letters += ch
    return letters or None


def is_london(district: str | None) -> bool:
    return postcode_area(district) in LONDON_POSTCODE_AREAS


def real_living_wage_pence(district: str | None) -> int:
    return REAL_LIVING_WAGE_LONDON_PENCE if is_london(district) else REAL_LIVING_WAGE_UK_PENCE


@dataclass(frozen=True)
class Benchmark:
    label: str
    value: str
    note: str


STEP_UP_SOURCE = "Step Up (London, 2015-18), published results"

# Keyed by the impact figure they sit beside.
STEP_UP: dict[str, Benchmark] = {
    "share_rise_over_10pct": Benchmark(
        "Raised hourly pay by more than 10%", "20%", "of participants, within the programme"
    ),
    "share_at_or_above_rlw": Benchmark(
        "Reached the London Living Wage", "19%", "of participants, within the programme"
    ),
    "median_hourly_change_pct": Benchmark(
        "Median change in hourly pay", "+15%", "among those with an outcome"
    ),
    "median_weekly_change_pct": Benchmark(
        "Median change in weekly earnings", "+42%", "among those with an outcome"
    ),
    "improved_job_situation": Benchmark(
        "Improved their job situation", "39%", "within the programme"
    ),
    "months_to_first_outcome": Benchmark(
        "Average time to a first outcome", "5.4 months", "among those with an outcome"
    ),
}
