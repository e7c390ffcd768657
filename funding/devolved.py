"""Is the worker in an area where a mayor's authority runs adult skills money?

We route by postcode DISTRICT ("LS6"): the catalogue's district table
(course_catalogue/data/postcode_districts.csv) names each district's local authority, and the
rules file maps local authorities to mayoral authorities. A district that lies wholly in one
authority gets a plain answer ("LS6 is in Leeds, in the West Yorkshire area"). Only the
districts listed as straddling a boundary get "may" ("part of BL0 is in ..."). When we do not
know the district (a typo, or only the area letters), we fall back to the postcode AREA and say
"part of the area", as before.

Each authority's known policy comes from the rules file: London, West Midlands, Greater
Manchester and Liverpool City Region said they would not apply the earnings threshold, and
Greater Lincolnshire's 2026-27 rules bring back a 3-year residency rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from course_catalogue.geo import load_districts, normalise_district
from funding.rules import Authority, Rules

_AREA = re.compile(r"^\s*([A-Za-z]{1,2})\d")


@dataclass(frozen=True)
class DevolvedMatch:
    area: str  # the postcode district ("LS6"), or the area ("LS") when the district is unknown
    authorities: tuple[str, ...]  # names
    whole_area: bool  # True: the place lies wholly in the one authority
    codes: tuple[str, ...] = ()
    local_authority: str | None = None  # from the district table
    by_district: bool = False


def postcode_area(postcode: str | None) -> str | None:
    """ "SW1A" -> "SW", "m14 5ab" -> "M". None when it does not look like a postcode."""
    if not postcode:
        return None
    match = _AREA.match(postcode)
    return match.group(1).upper() if match else None


def devolved_match(postcode: str | None, rules: Rules) -> DevolvedMatch | None:
    """The mayoral authority (or authorities) for a postcode district, or None if none."""
    district = normalise_district(postcode)
    if district is not None and rules.devolved_local_authorities:
        codes = rules.straddling_districts.get(district)
        known = load_districts().get(district)
        la = known.area if known else None
        if codes:
            return DevolvedMatch(
                area=district,
                authorities=tuple(rules.authorities[c].name for c in codes),
                whole_area=False,
                codes=codes,
                local_authority=la,
                by_district=True,
            )
        if known is not None:
            code = rules.devolved_local_authorities.get(known.area)
            if code is None:
                return None  # the district's council is not in a devolved area
            return DevolvedMatch(
                area=district,
                authorities=(rules.authorities[code].name,),
                whole_area=True,
                codes=(code,),
                local_authority=la,
                by_district=True,
            )
    area = postcode_area(postcode)
    if area is None:
        return None
    found = rules.devolved_areas.get(area)
    if found is None:
        return None
    return DevolvedMatch(
        area=area, authorities=found.authorities, whole_area=found.whole_area, codes=found.codes
    )


def authorities_of(match: DevolvedMatch, rules: Rules) -> list[Authority]:
    return [rules.authorities[c] for c in match.codes if c in rules.authorities]


def devolved_caveat(match: DevolvedMatch) -> str:
    """Plain words. "may" only where we cannot tell which authority the worker is in."""
    names = " or ".join(match.authorities)
    if match.by_district and match.whole_area:
        where = f"{match.local_authority} ({match.area})" if match.local_authority else match.area
        return (
            f"You live in {where}. Free courses there are run by {names}, which can set "
            "its own rules. Ask the provider what they are."
        )
    if match.by_district:
        return (
            f"Part of {match.area} is run by {names}. If you live in that part, local rules "
            "for free courses may be different. Please check with the provider."
        )
    if match.whole_area:
        return (
            f"Your postcode starts with {match.area}. That area is run by {names}. "
            "Local rules for free courses may be different there. Please check with the provider."
        )
    return (
        f"Part of the {match.area} postcode area is run by {names}. If you live in that part, "
        "local rules for free courses may be different. Please check with the provider."
    )


def threshold_caveat(match: DevolvedMatch, rules: Rules, threshold_text: str) -> str:
    """Said when the pay limit stopped a free route: the course may still be free locally."""
    auths = authorities_of(match, rules)
    waived = [a for a in auths if a.threshold_not_applied]
    sure = match.whole_area and match.by_district
    if waived:
        names = " and ".join(a.name for a in waived)
        lead = "" if sure else "If you live in that part, "
        text = (
            f"{lead}{names} said it would not use the {threshold_text} pay limit. So this "
            "course may be free for you locally, even on your pay. Ask the provider."
        )
        return text[0].upper() + text[1:]
    names = " or ".join(a.name for a in auths) or "your local area"
    names = names[0].upper() + names[1:]
    return (
        f"{names} can set its own pay limit, so this course may be free for you locally. "
        "Ask the provider."
    )


def residency_caveats(match: DevolvedMatch, rules: Rules) -> list[str]:
    out = []
    for a in authorities_of(match, rules):
        if a.residency_years:
            out.append(
                f"{a.name} has its own rule for free courses: you must have lived in the UK "
                f"for the last {a.residency_years} years. Ask the provider if you qualify."
            )
    return out


def threshold_waived(match: DevolvedMatch | None, rules: Rules) -> bool:
    return match is not None and any(a.threshold_not_applied for a in authorities_of(match, rules))
