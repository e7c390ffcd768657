"""The step tables and the docs that describe them stay in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

from flows import router
from flows.core import Context, State
from flows.diagram import DIAGRAMS, drawings

from .helpers import TODAY

README = Path(router.__file__).resolve().parent / "README.md"


def test_diagrams_are_drawn_from_the_current_tables() -> None:
    for flow, text in drawings().items():
        path = DIAGRAMS / f"{flow}.mmd"
        assert path.exists() and path.read_text(encoding="utf-8") == text, (
            f"{path} is out of date: run python -m flows.diagram"
        )


def _documented_prefixes() -> set[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("Button data", 1)[1].split("NLU intents used", 1)[0]
    return {tok.split(":")[0] for tok in re.findall(r"`([a-z]+:[^`]*)`", block)}


def test_every_button_the_flows_show_is_documented() -> None:
    ctx = Context(today=TODAY, has_worker=True, hourly_pence=1300, weekly_hours=30.0)
    used: set[str] = set()
    samples = [
        {},
        {
            "days": [0],
            "sector": "care",
            "pending_pence": 1000,
            "pending_hours": 80.0,
            "shift_hours": 5.0,
            "asking": "has_full_level2",
        },
    ]
    for flow, module in router.FLOWS.items():
        for name, step in module.STEPS.items():
            for data in samples:
                reply = step.ask(State(flow, name, dict(data)), ctx)
                used |= {b.data.split(":")[0] for row in reply.buttons for b in row}
    used |= {b.data.split(":")[0] for row in router.MENU for b in row}
    documented = _documented_prefixes()
    assert used - documented == set(), f"undocumented button prefixes: {used - documented}"
