"""Small helpers for driving the pure flows in tests."""

from __future__ import annotations

from datetime import date

from flows import router
from flows.core import Context, Event, Result, State

TODAY = date(2026, 11, 23)


def ctx(**kw: object) -> Context:
    base: dict[str, object] = {"today": TODAY, "has_worker": True, "status": "active"}
    base.update(kw)
    return Context(**base)  # type: ignore[arg-type]


def button(data: str) -> Event:
    return Event(kind="button", text=data)


def text(
    t: str,
    intent: str | None = None,
    confidence: float = 0.0,
    entities: tuple[tuple[str, str], ...] = (),
    nlu_down: bool = False,
) -> Event:
    return Event(
        kind="text",
        text=t,
        intent=intent,
        confidence=confidence,
        entities=entities,
        nlu_down=nlu_down,
    )


def step(state: State | None, event: Event, context: Context | None = None) -> Result:
    return router.handle(state, event, context or ctx())


def all_text(result: Result) -> str:
    return "\n".join(r.text for r in result.replies)


def button_data(result: Result) -> list[str]:
    return [b.data for r in result.replies for row in r.buttons for b in row]
