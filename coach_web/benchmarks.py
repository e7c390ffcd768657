"""Published figures the impact report is shown beside.

Source: /work/shared/docs/funding-rules.md, "Pay benchmarks" and "Outcome benchmarks"
(Living Wage Foundation rates announced October 2025; Step Up, London 2015-18).
Kept as data in one place: when the Real Living Wage changes each autumn, change it here.
"""

from __future__ import annotations

from dataclasses import dataclass

REAL_LIVING_WAGE_UK_PENCE = 1345
REAL_LIVING_WAGE_LONDON_PENCE = 1480
REAL_LIVING_WAGE_SOURCE = "Living Wage Foundation, rates announced October 2025"

# Postcode areas of the London postal district (the London post town): E, EC, N, NW, SE, SW, W,
# WC (Royal Mail). The brief asks for the London rate by postcode *area*; outer-London boroughs
# in areas such as BR, CR, HA or UB also share those areas with places outside London, so they
# get the UK rate here: a conservative choice (it never overstates who reached the rate).
LONDON_POSTCODE_AREAS = frozenset({"E", "EC", "N", "NW", "SE", "SW", "W", "WC"})


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
