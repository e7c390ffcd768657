from __future__ import annotations

import pytest

from coach_web.benchmarks import (
    LONDON_POSTCODE_AREAS,
    STEP_UP,
    is_london,
    postcode_area,
    real_living_wage_pence,
)


@pytest.mark.parametrize(
    ("district", "area", "rate"),
    [
        ("SE15", "SE", 1480),
        ("EC1A", "EC", 1480),
        ("W1A", "W", 1480),
        ("wc2n", "WC", 1480),
        ("N1", "N", 1480),
        ("B12", "B", 1345),
        ("M1", "M", 1345),
        ("NE1", "NE", 1345),  # not N
        ("WS1", "WS", 1345),  # not W
        ("BR1", "BR", 1345),  # only partly London: the UK rate, never overstated
        (None, None, 1345),
        ("", None, 1345),
    ],
)
def test_living_wage_by_postcode_area(district, area, rate):
    assert postcode_area(district) == area
    assert real_living_wage_pence(district) == rate
    assert is_london(district) is (rate == 1480)


def test_inner_london_areas_all_count_as_london():
    assert {"E", "EC", "N", "NW", "SE", "SW", "W", "WC"} <= LONDON_POSTCODE_AREAS


def test_step_up_figures_are_the_published_ones():
    assert STEP_UP["share_rise_over_10pct"].value == "20%"
    assert STEP_UP["share_at_or_above_rlw"].value == "19%"
    assert STEP_UP["median_hourly_change_pct"].value == "+15%"
    assert STEP_UP["median_weekly_change_pct"].value == "+42%"
