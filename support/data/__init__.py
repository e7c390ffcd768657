"""Help for each barrier as dated, sourced data: one JSON file per year, read once at import."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent

BARRIER_KEYS = ("childcare", "caring", "health", "english", "transport", "confidence", "digital")


@dataclass(frozen=True)
class Item:
    """One kind of help. third_party: the figure came only from a non-government page."""

    id: str
    barrier: str
    text: str
    how: str
    source: str
    date: date
    third_party: bool
    when: dict[str, Any] = field(default_factory=dict)  # on_uc, min_age, max_age

    def fits(self, on_uc: bool | None, age: int | None) -> bool:
        """False only when what we know rules it out (unknown facts never hide help)."""
        if "on_uc" in self.when and on_uc is not None and on_uc != self.when["on_uc"]:
            return False
        if age is not None:
            if "min_age" in self.when and age < int(self.when["min_age"]):
                return False
            if "max_age" in self.when and age > int(self.when["max_age"]):
                return False
        return True


@dataclass(frozen=True)
class CarersAllowance:
    weekly_rate_pence: int
    earnings_limit_weekly_pence: int
    limit_from: date
    min_caring_hours: int
    source: str
    date: date
    third_party: bool


@dataclass(frozen=True)
class Crisis:
    """Where to get help at once when someone says they may harm themselves."""

    text: str
    source: str
    date: date
    third_party: bool


@dataclass(frozen=True)
class SupportFacts:
    year: str
    checked: date
    source: str
    items: tuple[Item, ...]
    carers_allowance: CarersAllowance
    crisis: Crisis

    def for_barrier(self, barrier: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.barrier == barrier)


def _parse(raw: dict[str, Any]) -> SupportFacts:
    ca = raw["carers_allowance"]
    items = tuple(
        Item(
            id=i["id"],
            barrier=i["barrier"],
            text=i["text"],
            how=i["how"],
            source=i["source"],
            date=date.fromisoformat(i["date"]),
            third_party=bool(i["third_party"]),
            when=dict(i.get("when") or {}),
        )
        for i in raw["items"]
    )
    for item in items:
        if item.barrier not in BARRIER_KEYS:
            raise ValueError(f"item {item.id}: unknown barrier {item.barrier!r}")
        if not item.source:
            raise ValueError(f"item {item.id}: no source")
    return SupportFacts(
        year=raw["year"],
        checked=date.fromisoformat(raw["checked"]),
        source=raw["source"],
        items=items,
        carers_allowance=CarersAllowance(
            weekly_rate_pence=int(ca["weekly_rate_pence"]),
            earnings_limit_weekly_pence=int(ca["earnings_limit_weekly_pence"]),
            limit_from=date.fromisoformat(ca["limit_from"]),
            min_caring_hours=int(ca["min_caring_hours"]),
            source=ca["source"],
            date=date.fromisoformat(ca["date"]),
            third_party=bool(ca["third_party"]),
        ),
        crisis=Crisis(
            text=raw["crisis"]["text"],
            source=raw["crisis"]["source"],
            date=date.fromisoformat(raw["crisis"]["date"]),
            third_party=bool(raw["crisis"]["third_party"]),
        ),
    )


def load_dir(directory: Path = DATA_DIR) -> dict[str, SupportFacts]:
    loaded: dict[str, SupportFacts] = {}
    for path in sorted(directory.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].json")):
        facts = _parse(json.loads(path.read_text(encoding="utf-8")))
        if facts.year != path.stem:
            raise ValueError(f"{path.name} holds year {facts.year}")
        loaded[facts.year] = facts
    return loaded


ALL_FACTS: dict[str, SupportFacts] = load_dir()


def current() -> SupportFacts:
    """The newest year's facts."""
    return ALL_FACTS[max(ALL_FACTS)]
