"""Typical pay for an occupation from ONS ASHE 2025 (SOC 2020), and the sector next-steps roles
mapped to SOC codes. Never invents a figure: a role with no row gives None and says so.

Layer 1: imports nothing of the project. The CSV files are read once at import.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA = Path(__file__).parent / "data"
ASHE_FILE = DATA / "ashe_2025_ft_annual_median.csv"
ROLES_FILE = DATA / "roles.csv"

SOURCE = (
    "ONS, Annual Survey of Hours and Earnings (ASHE) 2025 provisional, Table 14.7a (median "
    "gross annual pay, full-time employees, UK, SOC 2020)"
)
SOURCE_SHORT = "ONS"
YEAR = 2025
LICENCE = "Open Government Licence v3.0"
ANY_SECTOR = "*"


@dataclass(frozen=True)
class Occupation:
    soc2020: str
    title: str
    median_annual_gbp: int
    quality: str  # precise | reasonably-precise | use-with-caution | cv-unavailable
    cv_percent: str
    source_cell: str


@dataclass(frozen=True)
class Role:
    sector: str
    role: str
    soc2020: str | None
    match: str  # same | nearest | none
    note: str


@dataclass(frozen=True)
class TypicalPay:
    role: str
    soc2020: str
    occupation: str
    median_annual_gbp: int
    year: int
    source: str
    licence: str
    match: str
    quality: str

    @property
    def median_annual_pence(self) -> int:
        return self.median_annual_gbp * 100

    @property
    def rounded_gbp(self) -> int:
        """To the nearest £100, for a chat message."""
        return (
            int(
                (Decimal(self.median_annual_gbp) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            )
            * 100
        )

    def message(self) -> str:
        """'Senior care workers earn about £29,400 a year full-time (ONS, 2025).' A catch-all
        group ("Other administrative occupations n.e.c.") is named by the job instead: its
        title is jargon to a worker."""
        catch_all = "n.e.c." in self.occupation
        who = f"People in jobs like {self.role.lower()}" if catch_all else self.occupation
        text = f"{who} earn about £{self.rounded_gbp:,} a year full-time "
        text += f"({SOURCE_SHORT}, {self.year})."
        if self.match == "nearest" and not catch_all:
            text += f" That's the nearest group to {self.role.lower()}."
        if self.quality in ("use-with-caution", "cv-unavailable"):
            text += " This figure is less sure."
        return text


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


def _load_occupations(path: Path = ASHE_FILE) -> dict[str, Occupation]:
    with path.open(encoding="utf-8", newline="") as f:
        return {
            r["soc2020"]: Occupation(
                r["soc2020"],
                r["occupation"],
                int(r["median_annual_gbp"]),
                r["quality"],
                r["cv_percent"],
                r["source_cell"],
            )
            for r in csv.DictReader(f)
        }


def _load_roles(path: Path = ROLES_FILE) -> tuple[Role, ...]:
    with path.open(encoding="utf-8", newline="") as f:
        return tuple(
            Role(r["sector"], r["role"], r["soc2020"] or None, r["match"], r["note"])
            for r in csv.DictReader(f)
        )


OCCUPATIONS: dict[str, Occupation] = _load_occupations()
ROLES: tuple[Role, ...] = _load_roles()


# In one sector a supervisor and a team leader are the same first-line role: the table's
# "Team leader" rows are the sectors' supervisor groups ("Elementary storage supervisors").
_SAME_ROLE = {"supervisor": "team leader", "team leader": "supervisor"}


def find_role(role: str, sector: str | None = None) -> Role | None:
    """The mapping row for a role: in this sector first, then any sector's row if only one
    SOC code fits the name (a bare "Team leader" fits several, so it is None)."""
    want = _norm(role)
    rows = [r for r in ROLES if _norm(r.role) == want]
    if sector:
        exact = [r for r in rows if r.sector == sector]
        alias = _SAME_ROLE.get(want)
        exact = exact or [r for r in ROLES if r.sector == sector and _norm(r.role) == alias]
        if exact:
            return exact[0]
    generic = [r for r in rows if r.sector == ANY_SECTOR]
    if generic:
        return generic[0]
    codes = {r.soc2020 for r in rows}
    return rows[0] if len(codes) == 1 and rows else None


def by_soc(soc2020: str, role: str = "") -> TypicalPay | None:
    occ = OCCUPATIONS.get(soc2020)
    if occ is None:
        return None
    return TypicalPay(
        role or occ.title,
        occ.soc2020,
        occ.title,
        occ.median_annual_gbp,
        YEAR,
        SOURCE,
        LICENCE,
        "same",
        occ.quality,
    )


def typical_pay(role: str, sector: str | None = None) -> TypicalPay | None:
    """Typical full-time pay for a role, or None when we have no row for it."""
    row = find_role(role, sector)
    if row is None or row.soc2020 is None:
        return None
    occ = OCCUPATIONS.get(row.soc2020)
    if occ is None:
        return None
    return TypicalPay(
        row.role,
        occ.soc2020,
        occ.title,
        occ.median_annual_gbp,
        YEAR,
        SOURCE,
        LICENCE,
        row.match,
        occ.quality,
    )


def pay_message(role: str, sector: str | None = None) -> str:
    """The typical-pay sentence, or an honest 'no figure' sentence."""
    pay = typical_pay(role, sector)
    if pay is not None:
        return pay.message()
    return f"I don't have a typical pay figure for {role.lower()}."


__all__ = [
    "LICENCE",
    "OCCUPATIONS",
    "ROLES",
    "SOURCE",
    "YEAR",
    "Occupation",
    "Role",
    "TypicalPay",
    "by_soc",
    "find_role",
    "pay_message",
    "typical_pay",
]
