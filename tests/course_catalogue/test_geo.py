"""Postcode normalising, the real centroid table and distances."""

from __future__ import annotations

import pytest

from course_catalogue import geo


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("ls6 2ab", "LS6"),
        ("LS62AB", "LS6"),
        (" m14 ", "M14"),
        ("SW1A 1AA", "SW1A"),
        ("ec1a", "EC1A"),
        ("W1A 0AX", "W1A"),
        ("B23", "B23"),
    ],
)
def test_normalise_district(text: str, district: str) -> None:
    assert geo.normalise_district(text) == district


@pytest.mark.parametrize("text", ["", None, "hello", "12345", "LS6 2ABC", "L"])
def test_normalise_rejects_non_postcodes(text: str | None) -> None:
    assert geo.normalise_district(text) is None


def test_table_covers_the_uk_from_real_data() -> None:
    table = geo.load_districts()
    assert len(table) > 2500
    for code in ("LS6", "M14", "B23", "NE1", "PL1", "CB1", "E1", "SW1A", "EH1", "CF10", "BT1"):
        assert code in table
    leeds = table["LS6"]
    assert leeds.area == "Leeds"
    assert 53.7 < leeds.latitude < 53.9 and -1.7 < leeds.longitude < -1.4


def test_unknown_district_has_a_friendly_message() -> None:
    assert geo.lookup("ZZ9 9ZZ") is None
    with pytest.raises(geo.UnknownPostcode) as err:
        geo.require("ZZ9")
    assert "I don't know that postcode" in err.value.message


def test_distances() -> None:
    near = geo.district_distance_km("LS6", "LS1")
    assert near is not None and 1 < near < 4
    far = geo.district_distance_km("LS1", "M1")
    assert far is not None and 50 < far < 65
    assert geo.district_distance_km("LS1", "ZZ9") is None
    assert geo.haversine_km(51.5, -0.1, 51.5, -0.1) == 0


def test_bounding_box_contains_the_circle() -> None:
    lat0, lat1, lon0, lon1 = geo.bounding_box(53.8, -1.55, 10)
    for lat, lon in [(53.8 + 0.089, -1.55), (53.8, -1.55 + 0.15), (53.8, -1.55 - 0.15)]:
        inside = geo.haversine_km(53.8, -1.55, lat, lon) <= 10
        assert not inside or (lat0 <= lat <= lat1 and lon0 <= lon <= lon1)
    assert lat0 < 53.8 < lat1 and lon0 < -1.55 < lon1


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("any care jobs in bradford", "Bradford"),
        ("warehouse jobs around sheffield?", "Sheffield"),
        ("jobs in leeds city centre pls", "Leeds"),
    ],
)
def test_a_town_named_in_a_search_is_searched_from_near_its_middle(said: str, name: str) -> None:
    """The district searched from is one of the town's own, within 10 km of its "1" district
    (BD1, S1, LS1: the city centres)."""
    place = geo.place_in(said)
    assert place is not None and place.name == name and not place.too_wide
    district = geo.lookup(place.district)
    assert district is not None and district.area == name
    centre = {"Bradford": "BD1", "Sheffield": "S1", "Leeds": "LS1"}[name]
    km = geo.district_distance_km(place.district, centre)
    assert km is not None and km < 10


def test_a_district_named_is_searched_from_as_it_is() -> None:
    assert geo.place_in("forklift jobs near ng7?") == geo.Place("NG7", "NG7")


@pytest.mark.parametrize("county", ["Cornwall", "Highland"])
def test_a_county_is_too_wide_to_search_around(county: str) -> None:
    place = geo.place_in(f"any jobs in {county.lower()}")
    assert place is not None and place.name == county and place.too_wide


@pytest.mark.parametrize(
    "said",
    ["any jobs near me", "jobs in care", "cleaning jobs in the morning", "jobs in a warehouse",
     "in down time at work", "jobs in 2 weeks"],
)  # fmt: skip
def test_words_after_in_that_are_no_place_name_none(said: str) -> None:
    assert geo.place_in(said) is None
