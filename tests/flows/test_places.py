import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.places import district_of


@pytest.mark.parametrize(
    ("typed", "district"),
    [
        ("LS9 7", "LS9"),  # the district plus the start of the second half
        ("ls9 7ab", "LS9"),
        ("its ls9", "LS9"),
        ("leeds ls6 mate", "LS6"),
        ("i live at 12 high st ls6 3ab", "LS6"),
        ("m14", "M14"),
        ("B1 1AA", "B1"),
        # voice-to-text ("L S nine." got the postcode question five times)
        ("L S nine.", "LS9"),
        ("M fourteen", "M14"),
        ("B twenty three", "B23"),
        ("B twenty", "B20"),
    ],
)
def test_district_found_in_what_people_type(typed: str, district: str) -> None:
    assert district_of(typed) == district


@pytest.mark.parametrize(
    "typed",
    [
        "11.90 an hour",
        "about 25hrs",
        "i do cleaning at a school",
        "2nd floor",
        "4 days",
        "one two three",
    ],
)
def test_no_district_in_other_answers(typed: str) -> None:
    assert district_of(typed) is None


_area = st.text(alphabet="ABCDEFGHIJKLMNOPRSTUWYZ", min_size=1, max_size=2)
_inward = st.tuples(
    st.integers(0, 9), st.text(alphabet="ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2)
)


@given(_area, st.integers(1, 99), _inward, st.sampled_from(["", " ", "  "]), st.booleans())
def test_full_postcode_gives_its_first_half(
    area: str, num: int, inward: tuple[int, str], gap: str, lower: bool
) -> None:
    outward = f"{area}{num}"
    code = f"{outward}{gap}{inward[0]}{inward[1]}"
    assert district_of(code.lower() if lower else code) == outward
