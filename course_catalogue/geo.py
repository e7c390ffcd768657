"""Postcode districts and distances.

Only the postcode *district* ("LS6") of a worker is kept, so all distance work happens at that
level: a district's centroid (from `data/postcode_districts.csv`, real ONS-derived data) and the
great-circle distance between two centroids. Pure functions plus one cached table load.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "postcode_districts.csv"
EARTH_RADIUS_KM = 6371.0088

# Outward code: area (1-2 letters) + district (digit, then optional digit or letter).
_OUTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)$")
# Full postcode: outward code + inward code (digit + 2 letters).
_FULL = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][A-Z]{2})$")

UNKNOWN_POSTCODE_MESSAGE = (
    "Sorry, I don't know that postcode. "
    "Please send the first part of your postcode, like LS6 or M14."
)


@dataclass(frozen=True)
class District:
    code: str
    latitude: float
    longitude: float
    area: str = ""


class UnknownPostcode(ValueError):
    """The text is not a postcode, or its district is not in our table."""

    def __init__(self, text: str) -> None:
        super().__init__(f"unknown postcode or district: {text!r}")
        self.text = text
        self.message = UNKNOWN_POSTCODE_MESSAGE


def normalise_district(text: str | None) -> str | None:
    """ "ls6 2ab" -> "LS6", "LS62AB" -> "LS6", " m14 " -> "M14"; anything else -> None.

    Only the shape is checked here; `lookup` says whether the district exists.
    """
    if not text:
        return None
    compact = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    if not compact or len(compact) > 7:
        return None
    full = _FULL.match(compact)
    if full:
        return full.group(1)
    out = _OUTCODE.match(compact)
    return out.group(1) if out else None


@lru_cache(maxsize=1)
def load_districts(path: str = str(DATA_FILE)) -> dict[str, District]:
    """The whole centroid table, keyed by district code (read once per process)."""
    table: dict[str, District] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["district"].strip().upper()
            table[code] = District(
                code=code,
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                area=(row.get("area") or "").strip(),
            )
    return table


def lookup(text: str | None) -> District | None:
    """The district for a postcode or district, or None if we don't know it."""
    code = normalise_district(text)
    if code is None:
        return None
    return load_districts().get(code)


def coordinates(text: str | None) -> tuple[float | None, float | None]:
    """(latitude, longitude) of a postcode's district centroid, or (None, None) if unknown.

    Venues get their district's centre: precise enough for "how far to travel" and it needs
    no full-postcode data set.
    """
    district = lookup(text)
    return (district.latitude, district.longitude) if district else (None, None)


def require(text: str | None) -> District:
    """Like `lookup`, but raises `UnknownPostcode` (with a friendly message) when unknown."""
    district = lookup(text)
    if district is None:
        raise UnknownPostcode(text or "")
    return district


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def district_distance_km(a: str, b: str) -> float | None:
    """Distance between two districts' centroids, or None if either is unknown."""
    da, db = lookup(a), lookup(b)
    if da is None or db is None:
        return None
    return haversine_km(da.latitude, da.longitude, db.latitude, db.longitude)


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) that contains every point within radius_km.

    Used as a cheap SQL pre-filter before the exact haversine check.
    """
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    coslat = max(0.01, math.cos(math.radians(lat)))
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * coslat))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
