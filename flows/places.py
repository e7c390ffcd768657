"""Postcode districts: keep only the district ("LS6"), and check it is a real one when the
catalogue's geography data is installed (course_catalogue.geo)."""

from __future__ import annotations

import re

from nlu.normalise import words_to_digits

_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
# "LS9 7": the district and the start of the second half, as people type when unsure of the rest.
_PARTIAL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s+[0-9][A-Z]?$")
_FULL_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*[0-9][A-Z]{2}\b")
_DISTRICT_IN_TEXT = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\b")


def district_of(text: str) -> str | None:
    """The district part of a UK postcode or district, upper-cased; None if it is not one.
    Also finds one inside a short sentence ("its ls9 7", "leeds ls6 mate"), because people
    rarely type the bare code."""
    # voice-to-text: "L S nine" -> "l s 9", "B twenty three" -> "b 23"
    raw = re.sub(r"[^A-Za-z0-9 ]", "", words_to_digits(text)).strip().upper()
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
