from datetime import date

import pytest

from funding.devolved import devolved_caveat, devolved_match, postcode_area
from funding.rules import rules_for

Y1 = rules_for(date(2025, 9, 1))
Y2 = rules_for(date(2026, 9, 1))


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("M14", "M"),
        ("m14 5ab", "M"),
        ("B15", "B"),
        ("SW1A", "SW"),
        ("SW1A 1AA", "SW"),
        ("EC1A", "EC"),
        ("  wc2n ", "WC"),
        ("BR1", "BR"),
        ("OX1", "OX"),
        ("", None),
        (None, None),
        ("London", None),
        ("12345", None),
    ],
)
def test_postcode_area(text: str | None, area: str | None) -> None:
    assert postcode_area(text) == area


@pytest.mark.parametrize(
    ("postcode", "authority", "whole"),
    [
        ("M14", "Greater Manchester", True),
        ("B15", "West Midlands", False),
        ("SW1A", "Greater London Authority", True),
        ("E1", "Greater London Authority", True),
        ("RM1", "Greater London Authority", False),
        ("WD17", "Greater London Authority", False),
        ("L1", "Liverpool City Region", False),
        ("LS1", "West Yorkshire", False),
        ("S1", "South Yorkshire", False),
        ("NE1", "North East", True),
        ("TS1", "Tees Valley", False),
        ("BS1", "West of England", False),
        ("CB1", "Cambridgeshire and Peterborough", False),
        ("NG1", "East Midlands", False),
        ("YO1", "York and North Yorkshire", False),
    ],
)
def test_devolved_areas(postcode: str, authority: str, whole: bool) -> None:
    match = devolved_match(postcode, Y2)
    assert match is not None
    assert any(authority in name for name in match.authorities)
    assert match.whole_area is whole


@pytest.mark.parametrize("postcode", ["OX1", "GU1", "EX1", "LE1", "NR1", "CF10", "EH1", "", None])
def test_not_devolved(postcode: str | None) -> None:
    assert devolved_match(postcode, Y2) is None


def test_hull_is_only_listed_from_2026_27() -> None:
    assert devolved_match("HU1", Y1) is None
    match = devolved_match("HU1", Y2)
    assert match is not None and "Hull and East Yorkshire" in match.authorities[0]


@pytest.mark.parametrize("postcode", ["M14", "B15", "WA1"])
def test_caveat_wording_is_careful(postcode: str) -> None:
    match = devolved_match(postcode, Y2)
    assert match is not None
    text = devolved_caveat(match)
    assert " may " in text
    assert "check with the provider" in text
    assert " will " not in text and "must" not in text
    if not match.whole_area:
        assert text.startswith(f"Part of the {match.area} postcode area")
