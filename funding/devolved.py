"""Is the worker in an area where a mayor's authority runs adult skills money?

Approximate on purpose: we only look at the postcode AREA (the letters at the start, "M" in
"M14"), and postcode areas do not follow authority borders. So we only ever say local rules
"may" differ and ask the worker to check with the provider.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from funding.rules import Rules

_AREA = re.compile(r"^\s*([A-Za-z]{1,2})\d")


@dataclass(frozen=True)
class DevolvedMatch:
    area: str
    authorities: tuple[str, ...]
    whole_area: bool


def postcode_area(postcode: str | None) -> str | None:
    """ "SW1A" -> "SW", "m14 5ab" -> "M". None when it does not look like a postcode."""
    if not postcode:
        return None
    match = _AREA.match(postcode)
    return match.group(1).upper() if match else None


def devolved_match(postcode: str | None, rules: Rules) -> DevolvedMatch | None:
    area = postcode_area(postcode)
    if area is None:
        return None
    found = rules.devolved_areas.get(area)
    if found is None:
        return None
    return DevolvedMatch(area=area, authorities=found.authorities, whole_area=found.whole_area)


def devolved_caveat(match: DevolvedMatch) -> str:
    """Plain words, and only "may": we do not know the worker's exact authority."""
    names = " or ".join(match.authorities)
    if match.whole_area:
        return (
            f"Your postcode starts with {match.area}. That area is run by {names}. "
            "Local rules for free courses may be different there. Please check with the provider."
        )
    return (
        f"Part of the {match.area} postcode area is run by {names}. If you live in that part, "
        "local rules for free courses may be different. Please check with the provider."
    )
