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
        # by district: the district table names the council, the rules map it to an authority
        ("M14", "Greater Manchester", True),  # Manchester
        ("B15", "West Midlands", True),  # Birmingham
        ("SW1A", "Greater London Authority", True),  # Westminster
        ("RM1", "Greater London Authority", True),  # Havering
        ("L1", "Liverpool City Region", True),
        ("PR8", "Liverpool City Region", True),  # Sefton (Southport)
        ("LS1", "West Yorkshire", True),
        ("S1", "South Yorkshire", True),
        ("TS1", "Tees Valley", True),  # Middlesbrough
        ("BS1", "West of England", True),
        ("CB1", "Cambridgeshire and Peterborough", True),
        ("NG1", "East Midlands", True),
        ("YO1", "York and North Yorkshire", True),
        # [Nov 2026] the new authorities from 1 Aug 2026
        ("PR1", "Lancashire", True),  # Preston
        ("BB1", "Lancashire", True),  # Blackburn with Darwen
        ("FY1", "Lancashire", True),  # Blackpool
        ("LA1", "Lancashire", True),  # Lancaster
        ("L39", "Lancashire", True),  # West Lancashire (Ormskirk): a part of L
        ("WN8", "Lancashire", True),  # West Lancashire (Skelmersdale): a part of WN
        ("LN1", "Greater Lincolnshire", True),  # West Lindsey
        ("DN15", "Greater Lincolnshire", True),  # North Lincolnshire: a part of DN
        ("DN31", "Greater Lincolnshire", True),  # North East Lincolnshire
        ("PE21", "Greater Lincolnshire", True),  # Boston: a part of PE
        ("NG31", "Greater Lincolnshire", True),  # South Kesteven: a part of NG
        ("HU1", "Hull and East Yorkshire", True),
        ("YO15", "Hull and East Yorkshire", True),  # East Riding of Yorkshire
        # districts lying in two authorities: "may"
        ("BL0", "Lancashire", False),
        ("DN9", "Greater Lincolnshire", False),
        # district not in the table: back to the postcode area
        ("WN99", "Lancashire", False),
    ],
)
def test_devolved_areas(postcode: str, authority: str, whole: bool) -> None:
    match = devolved_match(postcode, Y2)
    assert match is not None
    assert any(authority in name for name in match.authorities)
    assert match.whole_area is whole


@pytest.mark.parametrize(
    "postcode",
    [
        "OX1",
        "GU1",
        "EX1",
        "LE1",
        "NR1",
        "CF10",
        "EH1",
        "",
        None,
        "WA1",  # Warrington: neither Greater Manchester nor Liverpool City Region
        "WD17",  # Watford: a WD district outside London
        "LA8",  # South Lakeland: not Lancashire
        "PE30",
    ],  # King's Lynn
)
def test_not_devolved(postcode: str | None) -> None:
    assert devolved_match(postcode, Y2) is None


def test_new_authorities_only_from_2026_27() -> None:
    for district in ("HU1", "PR1", "LN1"):
        assert devolved_match(district, Y1) is None
        assert devolved_match(district, Y2) is not None


def test_caveat_wording() -> None:
    sure = devolved_caveat(devolved_match("M14", Y2))  # type: ignore[arg-type]
    assert sure.startswith("You live in Manchester (M14).")
    assert " may " not in sure and "Ask the provider" in sure
    part = devolved_caveat(devolved_match("BL0", Y2))  # type: ignore[arg-type]
    assert part.startswith(
        "Part of BL0 is run by Greater Manchester Combined Authority or "
        "Lancashire Combined County Authority."
    )
    assert " may " in part
    area = devolved_caveat(devolved_match("WN99", Y2))  # type: ignore[arg-type]
    assert area.startswith("Part of the WN postcode area")


def test_local_policy_caveats() -> None:
    from funding.devolved import residency_caveats, threshold_caveat

    london = devolved_match("SE15", Y2)
    assert london is not None
    assert threshold_caveat(london, Y2, "£26,800") == (
        "The Mayor of London (Greater London Authority) said it would not use the £26,800 "
        "pay limit. So this course may be free for you locally, even on your pay. Ask the "
        "provider."
    )
    leeds = devolved_match("LS6", Y2)
    assert leeds is not None
    assert "can set its own pay limit, so this course may be free for you locally" in (
        threshold_caveat(leeds, Y2, "£26,800")
    )
    lincs = devolved_match("LN1", Y2)
    assert lincs is not None
    assert residency_caveats(lincs, Y2) == [
        "Greater Lincolnshire Combined County Authority has its own rule for free courses: you "
        "must have lived in the UK for the last 3 years. Ask the provider if you qualify."
    ]
