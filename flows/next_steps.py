"""Typical next steps by sector: a small table, shown as "typical next steps", never promises.

No pay figures here on purpose. Course keywords steer the catalogue search towards courses that
usually help with that step. Roles follow common progression routes described in the National
Careers Service job profiles ("career path and progression" sections).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sector:
    key: str
    label: str
    words: tuple[str, ...]  # words in a job title that suggest this sector
    next_steps: tuple[str, ...]
    course_keywords: str  # one word: the catalogue search needs every word to match


SECTORS: tuple[Sector, ...] = (
    Sector(
        "care",
        "Care",
        ("care", "carer", "support worker", "healthcare", "nursing", "hca"),
        ("Senior care assistant", "Care team leader", "Nursing associate"),
        "care",
    ),
    Sector(
        "hospitality",
        "Hospitality",
        ("kitchen", "chef", "waiter", "waitress", "bar", "hotel", "cafe", "barista", "porter"),
        ("Supervisor", "Chef de partie", "Assistant manager"),
        "hospitality",
    ),
    Sector(
        "retail",
        "Shops",
        ("retail", "shop", "cashier", "sales", "checkout", "store", "till"),
        ("Team leader", "Supervisor", "Assistant store manager"),
        "retail",
    ),
    Sector(
        "warehouse",
        "Warehouse",
        ("warehouse", "picker", "packer", "forklift", "logistics", "stock", "operative"),
        ("Forklift driver", "Team leader", "Stock controller"),
        "warehouse",
    ),
    Sector(
        "cleaning",
        "Cleaning",
        ("clean", "housekeep", "domestic"),
        ("Cleaning supervisor", "Team leader", "Facilities assistant"),
        "cleaning",
    ),
    Sector(
        "construction",
        "Building",
        ("construction", "labourer", "builder", "site", "plaster", "brick"),
        ("CSCS card holder", "Trade apprentice", "Site supervisor"),
        "construction",
    ),
    Sector(
        "transport",
        "Driving",
        ("driver", "delivery", "courier", "bus", "van", "lorry"),
        ("HGV driver", "Transport planner", "Team leader"),
        "driving",
    ),
    Sector(
        "office",
        "Office",
        ("admin", "office", "receptionist", "call centre", "customer service"),
        ("Team leader", "Administrator", "Bookkeeper"),
        "business",
    ),
    Sector("other", "Something else", (), ("Team leader", "Supervisor"), ""),
)
BY_KEY = {s.key: s for s in SECTORS}

# The usual qualification level of each next-step role (National Careers Service job profiles,
# "entry requirements" and "career path"): it steers the course search to the right level.
ROLE_LEVELS: dict[str, int] = {
    "senior care assistant": 3,
    "care team leader": 3,
    "nursing associate": 5,
    "supervisor": 3,
    "chef de partie": 3,
    "assistant manager": 4,
    "team leader": 3,
    "assistant store manager": 4,
    "forklift driver": 2,
    "stock controller": 3,
    "cleaning supervisor": 3,
    "facilities assistant": 2,
    "cscs card holder": 1,
    "trade apprentice": 2,
    "site supervisor": 3,
    "hgv driver": 2,
    "transport planner": 3,
    "administrator": 2,
    "bookkeeper": 3,
}
# Our sector keys -> the catalogue's sector names (course_catalogue/demo_data.SECTORS).
CATALOGUE_SECTORS: dict[str, tuple[str, ...]] = {
    "care": ("care",),
    "hospitality": ("hospitality",),
    "retail": ("retail",),
    "warehouse": ("logistics",),
    "cleaning": ("facilities",),
    "construction": ("construction",),
    "transport": ("logistics",),
    "office": ("business", "accounting"),
}


def role_level(role: str | None) -> int | None:
    """The usual level of a target role, when we know it."""
    return ROLE_LEVELS.get((role or "").strip().lower())


def sector(key: str | None) -> Sector:
    return BY_KEY.get(key or "", BY_KEY["other"])


def guess_sector(text: str) -> str | None:
    """The sector a job title suggests, or None if it is unclear."""
    low = text.lower()
    for s in SECTORS:
        if any(w in low for w in s.words):
            return s.key
    return None
