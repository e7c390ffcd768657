"""Postcode districts: keep only the district ("LS6"), and check it is a real one when the
catalogue's geography data is installed (course_catalogue.geo)."""

from __future__ import annotations

import re

_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
# "LS9 7": the district and the start of the second half, as people type when unsure of the rest.
_PARTIAL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s+[0-9][A-Z]?$")
_FULL_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*[0-9][A-Z]{2}\b")
_DISTRICT_IN_TEXT = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\b")


_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_SPOKEN = re.compile(
    r"\b(?:(?P<tens>" + "|".join(_TENS) + r")(?:[\s-]+(?P<unit>" + "|".join(_UNITS[1:10]) + r"))?"
    r"|(?P<small>" + "|".join(_UNITS) + r"))\b",
    re.IGNORECASE,
)


def _spoken_numbers(text: str) -> str:
    """Voice-to-text postcodes: "L S nine" -> "L S 9", "B twenty three" -> "B 23"."""

    def digits(m: re.Match[str]) -> str:
        if m.group("small"):
            return str(_UNITS.index(m.group("small").lower()))
        tens = _TENS[m.group("tens").lower()]
        unit = _UNITS.index(m.group("unit").lower()) if m.group("unit") else 0
        return str(tens + unit)

    return _SPOKEN.sub(digits, text[:100])


def district_of(text: str) -> str | None:
    """The district part of a UK postcode or district, upper-cased; None if it is not one.
    Also finds one inside a short sentence ("its ls9 7", "leeds ls6 mate"), because people
    rarely type the bare code."""
    raw = re.sub(r"[^A-Za-z0-9 ]", "", _spoken_numbers(text)).strip().upper()
    m = _FULL.match(raw) or _PARTIAL.match(raw)
    if m:
        return m.group(1)
    compact = raw.replace(" ", "")
    if _DISTRICT.match(compact):
        return compact
    m = _FULL.match(compact)
    if m:
        return m.group(1)
    m = _FULL_IN_TEXT.search(raw)
    if m:
        return m.group(1)
    found = [str(d) for d in _DISTRICT_IN_TEXT.findall(raw)]
    if len(raw.split()) > 4:  # in a long sentence, only a district we know ("ls12 3 something")
        found = [d for d in found if _known(d)]
    return found[0] if len(found) == 1 else None


def _known(district: str) -> bool | None:
    """True/False from the catalogue's district table; None if that table is not installed."""
    try:
        from course_catalogue import geo
    except ImportError:
        return None
    return geo.lookup(district) is not None


def check_district(text: str) -> tuple[str | None, str | None]:
    """(district, None) when fine, or (None, a friendly message) when not."""
    district = district_of(text)
    if not district:
        return None, "Hmm, that doesn't look like a postcode. Try the first half, like LS6 or M14."
    if _known(district) is False:
        return None, f"I can't find {district}. Please check it and try again, like LS6 or M14."
    return district, None
