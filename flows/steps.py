"""How a flow is declared: a table of steps, each saying what answer it expects.

Every flow module has ``STEPS: dict[str, Step]``. The router (flows/router.py) reads the table
instead of keeping its own lists: a step that expects a name, a postcode, a job or an amount
gets the first claim on the worker's text, so a guess like "greet" can never steal "shaz" at the
name question. ``scripts/flow_diagrams.py`` draws ``flows/diagrams/<flow>.mmd`` from the same
tables, and tests/flows/test_steps.py checks every table (every ``next`` exists, ``ask`` fits
Telegram, ``answer`` of an empty text is "not understood").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from flows.core import Context, Event, Reply, Result, State

# The kind of answer a step waits for. "choice": one of its buttons (or a word for one);
# "none": the step only shows results (course lists) and reads buttons.
Expects = Literal[
    "name",
    "postcode",
    "job",
    "money",
    "hours",
    "number",
    "days",
    "times",
    "date",
    "level",
    "yes_no",
    "choice",
    "none",
]
# Kinds whose answer is typed: the step reads the text before any jump is considered, and
# "use the buttons" makes no sense there when the NLU is down.
TYPED: frozenset[str] = frozenset(
    {"name", "postcode", "job", "money", "hours", "number", "days", "times", "date", "level"}
)

AskFn = Callable[[State, Context], Reply]
AnswerFn = Callable[[State, Event, Context], "Result | None"]
SkipFn = Callable[[State, Context], Result]


@dataclass(frozen=True)
class Step:
    """One question of a flow.

    ask: the question (text and buttons) for this state.
    answer: reads the worker's event; returns None when it could not use it.
    expects: what kind of answer this step waits for (see Expects).
    own_intents: NLU intents that are answers here, never jumps away (e.g. pay_rise at "pay").
    next: steps an answer can lead to, for the diagrams and the table checks.
    skip: where "Skip this" goes; None when the step cannot be skipped.
    """

    ask: AskFn
    answer: AnswerFn
    expects: Expects
    own_intents: frozenset[str] = frozenset()
    next: tuple[str, ...] = ()
    skip: SkipFn | None = None
    label: str = ""  # a few words for "No, carry on with <label>"
    # a read-back or follow-up of another step ("Did you mean £44 an hour?"): a correction that
    # lands here carries on to where the worker was once it is answered
    confirm: bool = False
    # for a step whose question changes (the funding check asks one fact at a time)
    expects_for: Callable[[State], Expects] | None = None
    # False: always asked, never filled from words typed before it was asked. A goal must be
    # the worker's own answer to "what job would you like next?", not a job they mentioned.
    early: bool = True
    # A read-back or offer the worker leaves unanswered while they answer the next questions
    # ("zero hours" after "Did you mean £11.95 an hour?"): what moving on means here (accept
    # the figure, or "no thanks"). None: ask again, keeping their answer for later.
    moved_on: SkipFn | None = None

    def kind(self, state: State) -> Expects:
        return self.expects_for(state) if self.expects_for is not None else self.expects


def typed(step: Step, state: State) -> bool:
    return step.kind(state) in TYPED
