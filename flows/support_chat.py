"""Help for barriers: one short message for each barrier the worker chose (ctx.barriers), from
support.messages_for; then they can pick another barrier or finish. Each message comes with a
RecordHelpOffered effect naming the help items shown, so the coach sees what was offered and
can mark it taken up.

Button data: `sup:<barrier key>` (see flows/goals.py BARRIERS) and `sup:done`.
"""

from __future__ import annotations

import re
from typing import Any

from flows.core import Button, Context, Event, RecordHelpOffered, Reply, Result, State, rows
from flows.goals import BARRIER_WORDS, BARRIERS
from flows.steps import Step
from support import current, items_for, message_for, messages_for

FLOW = "support_chat"
DONE_BUTTONS = [[Button("Find courses", "menu:courses"), Button("My plan", "menu:plan")]]
# what we know of age from the age band: Care to Learn is for under-20s, adult courses for 19+
AGE_FROM_BAND = {"under_18": 17, "21_plus": 21}


def _known(ctx: Context) -> dict[str, Any]:
    return {"on_uc": None, "age": AGE_FROM_BAND.get(ctx.age_band or "")}


def offered(barriers: list[str], ctx: Context) -> list[RecordHelpOffered]:
    """The help items the messages for these barriers show, as data to record."""
    items = tuple((item.id, key) for key in barriers for item in items_for(key, **_known(ctx)))
    return [RecordHelpOffered(items, current().year)] if items else []


def start(ctx: Context, before: list[Reply] | None = None) -> Result:
    shown = [b for b in BARRIERS if b in ctx.barriers]
    replies = [*(before or [])]
    if shown:
        replies += [Reply(text) for text in messages_for(shown, **_known(ctx))]
    state = State(FLOW, "pick", {"shown": shown})
    return Result(state, [*replies, ask(state, ctx)], list(offered(shown, ctx)))


def named(text: str) -> list[str]:
    """The barriers a message names ("help with childcare and the bus"), in table order."""
    low = text.lower()[:300]
    return [k for k, words in BARRIER_WORDS.items() if re.search(words, low)]


def start_from(ctx: Context, text: str) -> Result:
    """ "can i get help with childcare": the help for what they named, then the other kinds.
    It had gone to course funding (the NLU says ask_funding for "help ... pay")."""
    found = named(text)
    if not found:
        return start(ctx)
    state = State(FLOW, "pick", {"shown": found})
    replies = [Reply(t) for t in messages_for(found, **_known(ctx))]
    return Result(state, [*replies, ask(state, ctx)], list(offered(found, ctx)))


def _ask_pick(state: State, ctx: Context) -> Reply:
    shown = set(state.data.get("shown", []))
    others = [(label, f"sup:{key}") for key, label in BARRIERS.items() if key not in shown]
    buttons = rows(*others, per_row=2)
    buttons.append([Button("That's all", "sup:done")])
    question = (
        "Do you want help with anything else? Tap one."
        if shown
        else "What makes work or learning hard? Tap one and I'll tell you what help there is."
    )
    return Reply(question, buttons)


def ask(state: State, ctx: Context) -> Reply:
    step = STEPS.get(state.step)
    return step.ask(state, ctx) if step else Reply("Let's carry on.")


def _done(state: State) -> Result:
    return Result(
        State("menu", "idle", {k: v for k, v in state.data.items() if k == "_resume"}),
        [Reply("OK. You can ask me about help any time.", DONE_BUTTONS)],
    )


def _answer_pick(state: State, event: Event, ctx: Context) -> Result | None:
    key: str | None = None
    if event.kind == "button" and event.text.startswith("sup:"):
        key = event.text[len("sup:") :]
        if key == "done":
            return _done(state)
    elif event.kind == "text" and event.text.strip():
        low = event.text.lower()
        found = named(event.text)
        if not found and (
            event.intent == "deny" or re.search(r"\b(?:no|none|nothing|done|that'?s all)\b", low)
        ):
            return _done(state)
        seen = set(state.data.get("shown", []))
        found.sort(key=lambda k: k in seen)  # something new first
        key = found[0] if found else None
    if key not in BARRIERS:
        return None
    text = message_for(key, **_known(ctx))
    shown = list(dict.fromkeys([*state.data.get("shown", []), key]))
    new = State(FLOW, "pick", {**state.data, "shown": shown})
    reply = (
        Reply(text)
        if text
        else Reply(
            f"I don't have anything for {BARRIERS[key].lower()} at your age yet. A coach can help."
        )
    )
    return Result(new, [reply, ask(new, ctx)], list(offered([key], ctx)) if text else [])


def _skip(state: State, ctx: Context) -> Result:
    return _done(state)


STEPS: dict[str, Step] = {
    "pick": Step(
        _ask_pick,
        _answer_pick,
        "choice",
        frozenset({"inform_barrier", "deny"}),
        ("pick", "menu"),
        _skip,
        "help with what makes it hard",
    ),
}


def handle(state: State, event: Event, ctx: Context) -> Result | None:
    step = STEPS.get(state.step)
    return step.answer(state, event, ctx) if step else None
