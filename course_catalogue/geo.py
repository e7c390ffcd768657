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


# A named area whose districts lie, by the median, further than this from their middle is a
# county or a large district ("Cornwall", "Highland"), not a town to search around.
TOWN_SPREAD_KM = 10.0
# Area names in the table that are also everyday words after "in" ("in down time").
_NOT_PLACES = frozenset({"down", "hart", "eden"})
_PLACE_AFTER = re.compile(
    r"\b(?:in|near|around|round|nr|by)\s+(?:the\s+)?([a-z0-9][a-z0-9 .&'-]{1,60})"
)


@dataclass(frozen=True)
class Place:
    """A place named in a search: its name as shown, the district searched from (for a town,
    the district nearest the middle of its districts) and whether it is too wide to search."""

    name: str
    district: str
    too_wide: bool = False


@lru_cache(maxsize=1)
def _areas() -> dict[str, Place]:
    """Each area name in the table (lower case) as a Place, from its districts' centroids."""
    by_area: dict[str, list[District]] = {}
    for d in load_districts().values():
        if d.area:
            by_area.setdefault(d.area, []).append(d)
    out: dict[str, Place] = {}
    for area, ds in by_area.items():
        lat = sum(d.latitude for d in ds) / len(ds)
        lon = sum(d.longitude for d in ds) / len(ds)
        dist = sorted(haversine_km(lat, lon, d.latitude, d.longitude) for d in ds)
        middle = min(ds, key=lambda d: haversine_km(lat, lon, d.latitude, d.longitude))
        median = (dist[(len(dist) - 1) // 2] + dist[len(dist) // 2]) / 2
        out[area.lower()] = Place(area, middle.code, too_wide=median > TOWN_SPREAD_KM)
    return out


def place_in(text: str) -> Place | None:
    """The place a search names after "in", "near" or "around": a district ("near LS11") or
    an area in the table ("any care jobs in bradford"); None when none is named."""
    areas = _areas()
    for m in _PLACE_AFTER.finditer(text.lower()[:300]):
        words = re.findall(r"[a-z0-9&'.-]+", m.group(1))
        first = lookup(words[0]) if words else None
        if first is not None:
            return Place(first.code, first.code)
        for n in range(min(5, len(words)), 0, -1):
            name = " ".join(words[:n])
            if name in areas and name not in _NOT_PLACES:
                return areas[name]
    return None


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
