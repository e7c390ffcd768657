"""The front door of the flows: commands, menu buttons, jumps on what the worker asks for, then
the current flow's step, then a friendly re-ask. Pure: the service does all the I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType
from typing import Any

from flows import (
    checkin,
    checks,
    courses,
    funding_check,
    goals,
    jobs,
    onboarding,
    support_chat,
    update,
    willitpay,
)
from flows.core import (
    Button,
    CancelCheckins,
    Context,
    DeleteWorker,
    Event,
    ExportData,
    RaiseFlag,
    Reply,
    Result,
    SaveGoal,
    ScheduleCheckins,
    State,
    UpdateWorker,
    money,
    yes_no,
)
from flows.pay import to_hourly
from flows.steps import Step, typed
from labour_market import pay_message
from nlu.jobs import ASKING, parse_job, search_asked, wants_jobs
from nlu.normalise import apply_rise, likely_period, parse_time_ranges
from nlu.safety import says_crisis
from nlu.understand import keyword_intent
from nlu.values import read_values
from support.messages import crisis_message

FLOWS: dict[str, ModuleType] = {
    "onboarding": onboarding,
    "goals": goals,
    "courses": courses,
    "funding": funding_check,
    "checkin": checkin,
    "update": update,
    "willitpay": willitpay,
    "support_chat": support_chat,
    "jobs": jobs,
}
JUMP_INTENTS = {
    "ask_funding",
    "ask_loan",
    "find_course",
    "pay_rise",
    "new_job",
    "ask_human",
    "struggling",
    "help",
    "stop",
}
SURE = 0.8  # jump before the step looks at the text
LIKELY = 0.5  # jump when the step could not use the text
RESUMABLE = {"onboarding", "goals", "checkin"}
# a flow that always carries straight on into another (answers typed early are kept across)
NEXT_FLOW = {"onboarding": "goals"}

MENU = [
    [Button("Find courses", "menu:courses"), Button("Check funding", "menu:funding")],
    [Button("Will it pay?", "menu:willitpay"), Button("Help with barriers", "menu:support")],
    [Button("Jobs that fit", "menu:jobs"), Button("My jobs", "menu:myjobs")],
    [Button("My plan", "menu:plan"), Button("Talk to a coach", "menu:coach")],
]
HELP = (
    "Here's what I can do:\n"
    "/plan – see your plan\n"
    "/courses – find courses that fit your shifts\n"
    "/jobs – jobs near you that fit your goal and shifts\n"
    "/funding – find out if a course is free, or if you can get a loan\n"
    "/willitpay – what a rise or more hours would leave in your pocket\n"
    "/support – help with childcare, health, caring, travel and more\n"
    "/checkin – tell me how things are going\n"
    "/pause – pause check-ins · /stop – stop messages\n"
    "/mydata – get a copy of your data · /delete – delete everything\n\n"
    'You can also just type, like "can I get a loan?", "any jobs near me?" or "I got a pay '
    'rise".'
)
NLU_DOWN = (
    "Sorry, I can't read typed messages right now. Please use the buttons for now. "
    "I'll be able to read typing again soon."
)


def handle(
    state: State | None, event: Event, ctx: Context, first_name: str | None = None
) -> Result:
    """One step of the conversation."""
    event = _with_values(event, ctx)
    if not ctx.has_worker:
        return onboarding.pre_consent(event, first_name)
    current = state or State("menu", "idle", {})
    result = _route(current, event, ctx)
    if (
        (current.flow, current.step) == ("goals", "target_pay")
        and result.state is not None
        and result.state.flow == "menu"
    ):
        # the plan is done: "sorry i meant 15.50" next corrects the pay goal, not the pay
        result.state.data["_just_answered"] = "target_pay"
    result = _keep_the_rest(current, event, result)
    early = current.data.get("_ahead")
    if early and result.state is not None and result.state.flow == NEXT_FLOW.get(current.flow):
        # onboarding done: answers typed early for the goal questions come along
        result.state.data["_ahead"] = {**early, **(result.state.data.get("_ahead") or {})}
    result = _use_ahead(result, ctx)
    result = _carry_resume(current, result, ctx)
    result = _checkin_offer_again(current, event, result)
    return _remember_buttons(_offer_way_back(result, ctx))


def _checkin_offer_again(old: State, event: Event, result: Result) -> Result:
    """The plan ends with "Can I check in with you now and then?". A worker who types
    something else next ("any jobs near me") has not said no: ask once more after answering
    them, then let it go. Without this the offer scrolled away and check-ins, the follow-up
    that helps most, were never set up."""
    if not old.data.get("_checkin_offer") or result.state is None:
        return result
    data = {k: v for k, v in result.state.data.items() if k != "_checkin_offer"}
    new = State(result.state.flow, result.state.step, data)
    shown = old.data.get("_buttons")
    typed = shown.get(_label_key(event.text)) if isinstance(shown, dict) else None
    said = event.text if event.kind == "button" else typed
    if isinstance(said, str) and said.startswith(("ck:", "ckt:")):
        return replace(result, state=new)  # they answered it
    if result.lookup is not None:
        new.data["_checkin_offer"] = 1  # after the look-up's answer
        return replace(result, state=new)
    if sum(1 for r in result.replies if r.buttons) > 1:
        # a list of cards with their own buttons (jobs, courses): 19 buttons at once is too
        # many, so the offer waits for a shorter answer
        new.data["_checkin_offer"] = 1
        return replace(result, state=new)
    offer = goals.checkin_offer()
    again = Reply("One more thing. " + offer.text, offer.buttons)
    return replace(result, state=new, replies=[*result.replies, again])


def _label_key(label: str) -> str:
    """ "✅ Every week" and "every week!" are the same label, and "Evenings (5-9pm)" is
    "evenings": people type the words, not the times in brackets."""
    label = re.sub(r"\([^)]*\)", " ", label.lower())
    label = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", label)  # "Every week." (voice-to-text), not "37.5"
    words = " ".join(re.sub(r"[^\w£.]+", " ", label).split())
    return _SAME_LABEL.get(words, words)


# Other words for a label people type: "weekly" is the "Every week" button.
_SAME_LABEL = {
    "weekly": "every week",
    "fortnightly": "every 2 weeks",
    "every two weeks": "every 2 weeks",
    "every other week": "every 2 weeks",
    "monthly": "every month",
    "once a month": "every month",
}


def _remember_buttons(result: Result) -> Result:
    """Keep the labels of the buttons just shown, so typing one ("every week") works like
    tapping it. Only the newest message's buttons count; at most 24."""
    if result.state is not None and result.replies:
        shown = {
            _label_key(b.label): b.data for r in result.replies for row in r.buttons for b in row
        }
        shown.pop("", None)
        if shown:
            result.state.data["_buttons"] = dict(list(shown.items())[:24])
        else:
            result.state.data.pop("_buttons", None)
    return result


# the menu's labels as typed ("my jobs", "will it pay"), worked out once
_MENU_LABELS = {_label_key(b.label): b.data for row in MENU for b in row}


def _typed_label(state: State, event: Event, ctx: Context) -> Event:
    """A typed button label is a tap on that button, except where the step reads the text
    itself ("mon" at the days question is Monday only, not a toggle; "better pay" at "what do
    you want most?" is chosen and we move on)."""
    shown = state.data.get("_buttons")
    step = step_of(state)
    if event.kind != "text":
        return event
    key = _label_key(event.text)
    data = shown.get(key) if isinstance(shown, dict) else None
    if step and typed(step, state):
        # a step that reads typed text keeps it, but a command's own button just shown is
        # still a tap: "no carry on" after "stop" had been kept as a barrier ("no car")
        command = isinstance(data, str) and data.startswith("cmd:")
        return Event(kind="button", text=str(data)) if command else event
    if data is None:
        data = _MENU_LABELS.get(key)  # "my jobs", "will it pay": the menu is always there
    if not isinstance(data, str):
        return event
    if step is not None and step.answer(state, event, ctx) is not None:
        # the step reads its own label typed ("English" at the barriers question): no jump
        # on what the NLU guessed ("English" looked like a course search)
        return replace(event, intent=None, confidence=0.0)
    return Event(kind="button", text=data)


# What a message says, by the kind of step that would want it. Only values the message itself
# marks (a £ or "an hour", "hours", day names, times) count: a bare "12" stays ambiguous.
def _kinds_said(event: Event) -> list[str]:
    v = event.v
    kinds = []
    if v.job is not None and v.job.sector is not None:  # a job we know, not any words
        kinds.append("job")
    if v.said_money is not None and v.rise is None:
        kinds.append("money")
    if v.said_hours is not None:
        kinds.append("hours")
    if v.days:
        kinds.append("days")
    if v.time_ranges or (v.pattern and v.pattern != "varies"):
        kinds.append("times")
    if v.contract is not None and v.contract != "unknown":
        kinds.append("contract")
    if event.kind == "text" and goals.aim_said(event.text) is not None:
        kinds.append("aim")  # "i want to be a senior carer": for the goal question
    if event.kind == "text" and checkin.new_job_said(event.text):
        kinds.append("job_news")  # "started at tesco on 12.60": for a check-in's job question
    if event.kind == "text" and goals.barriers_said(event.text):
        kinds.append("barriers")  # "childcare" typed at the contract question
    return kinds


# Kinds of answer only one step takes, found by its name rather than by what it expects (the
# contract question is a choice of buttons like many others).
_STEP_FOR_KIND = {
    "contract": "contract",
    "aim": "target",
    "job_news": "job",
    "barriers": "barriers",
}


def _later_steps(state: State) -> tuple[list[str], dict[str, Step]]:
    """The steps still to come after this one, in order (into the flow that follows on its
    own, onboarding -> goals), and the table to look them up in."""
    steps: dict[str, Step] = getattr(FLOWS.get(state.flow), "STEPS", {})
    names = list(steps)
    if state.flow not in RESUMABLE or state.step not in names:
        return [], steps
    later = names[names.index(state.step) + 1 :]
    if state.flow in NEXT_FLOW:
        following: dict[str, Step] = getattr(FLOWS[NEXT_FLOW[state.flow]], "STEPS", {})
        later += [n for n in following if n not in steps]
        steps = {**following, **steps}
    return later, steps


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _stash(
    state: State, event: Event, ahead: dict[str, str], skip: frozenset[str] = frozenset()
) -> list[str]:
    """Keep the text for each later step whose kind of answer it holds; the labels kept.
    With `skip` (the kind a step just took), the rest needs numbers of its own: "37.5" at the
    hours question is the hours, never also a pay of £37.50."""
    later, steps = _later_steps(state)
    labels: list[str] = []
    one_number = len(_NUMBER.findall(event.text)) < 2
    for kind in _kinds_said(event):
        if kind in skip or (skip and one_number and kind in ("money", "hours")):
            continue
        target = next(
            (
                n
                for n in later
                if (steps[n].expects == kind or _STEP_FOR_KIND.get(kind) == n)
                and (steps[n].early or kind == "aim")  # the aim step waits for a look-up
                # "sorry i meant 12.71" replaces a kept answer, and so do clock times a kept
                # "early mornings" only named
                and (n not in ahead or event.v.correction or _more_exact(kind, event, ahead[n]))
            ),
            None,
        )
        if target is not None:
            ahead[target] = event.text[:500]
            if steps[target].label not in labels:
                labels.append(steps[target].label)
    return labels


def _more_exact(kind: str, event: Event, kept: str) -> bool:
    """Clock times ("5 till 8 in the morning and 4 till 6") after words that only named the
    shifts ("offices early mornings and a school in the evening")."""
    if kind != "times":
        return False
    return bool(parse_time_ranges(event.text, shift_words=False)) and not parse_time_ranges(
        kept, shift_words=False
    )


def _moved_on(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """The worker answered the next question instead of the read-back or offer in front of
    them: people reply to what they expect, not to what was asked. Asking again and again is
    how a chat loops (and how "14 an hour", their goal, once became their pay), so moving on
    is taken as the step says (a low pay is kept quietly: ignoring it is not a yes), and
    their message answers the question it was meant for."""
    if step is None or step.moved_on is None:
        return None
    if step.kind(state) == "yes_no" and not _stash(state, event, {}):
        return None  # a yes/no left for something that answers nothing later: ask again
    moved = step.moved_on(state, ctx)
    after = moved.state
    if after is None or (after.flow, after.step) == (state.flow, state.step):
        return None
    nxt = step_of(after)
    # the question moved to is dropped (the message answers it), unless it gives way too
    shown = moved.replies if nxt is not None and nxt.moved_on is not None else moved.replies[:-1]
    then = _route(after, event, ctx)
    return Result(
        then.state,
        [*shown, *then.replies],
        [*moved.effects, *then.effects],
        then.lookup,
        then.understood,
        then.step_answer,
    )


def _done_late(state: State, event: Event, ctx: Context) -> Result | None:
    """ "done" typed after a "tap all that fit, then Done" question that a typed answer had
    already moved on from: it was meant for that question, so this one is just asked again
    (it had been "Sorry, I didn't quite get that")."""
    if state.flow != "goals" or not goals.DONE_WORDS.fullmatch(event.text.lower().strip()):
        return None
    if state.step not in goals.AFTER_TAP_ALL:
        return None
    return Result(state, _reask(state, ctx, [Reply(goals.DONE_LATE)]))


def _said_before(state: State, event: Event, ctx: Context) -> Result | None:
    """An answer to a question already answered ("nites" at the barriers question, after the
    shifts were read from "a care home doing nights"): not "didn't get that", and no miss."""
    steps: dict[str, Step] = getattr(FLOWS.get(state.flow), "STEPS", {})
    kinds = set(_kinds_said(event))
    done = [
        n
        for n in state.data.get("_answered", [])
        if n in steps and n != state.step and steps[n].expects in kinds
    ]
    if not done:
        return None
    kind = steps[done[-1]].expects
    change = {"money": "pay", "hours": "hours", "job": "job"}.get(kind)
    tail = f" To change it, type: change my {change}." if change else ""
    note = Reply(f"Thanks, I have {steps[done[-1]].label or 'that'} already.{tail}")
    return Result(state, _reask(state, ctx, [note]))


def _keep_for_later(state: State, event: Event, ctx: Context) -> Result | None:
    """The answer to a later question of this flow, typed early ("11.90 an hour" when we asked
    the hours): keep the text for that question instead of "didn't get that", so the worker
    and the bot stay in step. The later step reads it as if it had been typed there."""
    ahead = dict(state.data.get("_ahead") or {})
    labels = _stash(state, event, ahead)
    if not labels:  # said again ("mon to fri 8-2" twice): the newer words are kept
        again: dict[str, str] = {}
        labels = _stash(state, event, again)
        ahead.update(again)
    if not labels:
        return None
    new = State(state.flow, state.step, {**state.data, "_ahead": ahead})
    here = step_of(state)
    labels = [label for label in labels if here is None or label != here.label]
    note = Reply(
        f"Thanks, I'll keep that for when we get to {' and '.join(labels)}."
        if labels
        else "Thanks, I'll use that in a moment."  # e.g. "nights" at the days question
    )
    return Result(new, _reask(new, ctx, [note]))


def _keep_the_rest(old: State, event: Event, result: Result) -> Result:
    """A step took its answer from a message that says more ("carer, 3 nights a week, 12 hour
    shifts" at the job question): keep the rest for the questions it answers."""
    new, here = result.state, step_of(old)
    if (
        event.kind != "text"
        or not result.step_answer
        or event.v.correction
        or here is None
        or new is None
        or "_return_to" in new.data
        or new.flow not in (old.flow, NEXT_FLOW.get(old.flow))
    ):
        return result
    ahead = dict(new.data.get("_ahead") or {})
    if _stash(old, event, ahead, skip=frozenset({here.kind(old)})):
        new.data["_ahead"] = ahead
    return result


# Steps that take the same answer as another, earlier-named one: an aim kept for the goal
# question ("target") answers its typed form too (asked when they want a different job).
_SAME_ANSWER = {"target_text": "target"}


def _use_ahead(result: Result, ctx: Context, depth: int = 0) -> Result:
    """When the flow reaches a step the worker already answered early, read that answer now
    rather than asking (the question is replaced by what the step says back)."""
    new = result.state
    if new is None or result.lookup is not None or depth > 6 or not new.data.get("_ahead"):
        return result
    ahead = dict(new.data["_ahead"])
    shared = _SAME_ANSWER.get(new.step)
    if shared in ahead and new.step not in ahead:  # the goal kept for "target", asked as text
        ahead[new.step] = ahead.pop(shared)
    names = list(getattr(FLOWS.get(new.flow), "STEPS", {}))
    if new.step in names:  # answers for steps already behind us are stale: drop them
        passed = set(names[: names.index(new.step)])
        ahead = {k: v for k, v in ahead.items() if k not in passed}
    text = ahead.pop(new.step, None)
    new.data["_ahead"] = ahead
    step = step_of(new)
    if text is None or step is None or "_return_to" in new.data:
        return result
    early = Event(kind="text", text=text, values=read_values(text, ctx.today))
    answer = step.answer(new, early, ctx)
    if answer is None:
        return result  # it did not fit after all: ask the question as usual
    answer.step_answer = True
    answer = _done_with(new, answer, ctx)
    replies = result.replies[:-1] if result.replies else []
    combined = Result(
        answer.state,
        [*replies, *answer.replies],
        [*result.effects, *answer.effects],
        answer.lookup or result.lookup,
        result.understood,
    )
    return _use_ahead(combined, ctx, depth + 1)


def _with_values(event: Event, ctx: Context) -> Event:
    """Read the values in a typed message once, here, unless the service already did."""
    if event.kind == "text" and event.values is None:
        return replace(event, values=read_values(event.text, ctx.today))
    return event


def step_of(state: State) -> Step | None:
    module = FLOWS.get(state.flow)
    steps: dict[str, Step] = getattr(module, "STEPS", {}) if module is not None else {}
    return steps.get(state.step)


def _carry_resume(old: State, result: Result, ctx: Context) -> Result:
    """Keep a half-done flow to come back to after a side trip (e.g. funding mid-onboarding)."""
    resume = old.data.get("_resume")
    new = result.state
    if not resume or new is None:
        return result
    quiet = any(
        isinstance(e, UpdateWorker) and e.fields.get("status") in ("paused", "stopped")
        for e in result.effects
    )
    if new.flow == "menu" and result.lookup is None and not quiet:
        back = State(resume["flow"], resume["step"], resume["data"])
        module = FLOWS.get(back.flow)
        if module is None:
            return result
        replies = [
            *result.replies,
            Reply("Now, let's get back to where we were."),
            module.ask(back, ctx),
        ]
        return Result(back, replies, result.effects)
    if "_resume" not in new.data and new.flow not in RESUMABLE:
        new.data["_resume"] = resume
    return result


def _side_trip(old: State, result: Result) -> Result:
    """Entering another flow from an unfinished one: remember where we were, and offer a
    one-tap way back ("No, carry on with ...") on the first message of the side trip."""
    if old.flow in RESUMABLE and result.state is not None and result.state.flow != old.flow:
        clean = {k: v for k, v in old.data.items() if not k.startswith("_") or k == "_answered"}
        result.state.data["_resume"] = {"flow": old.flow, "step": old.step, "data": clean}
        result.state.data["_offer_back"] = True
    elif "_resume" in old.data and result.state is not None:
        result.state.data["_resume"] = old.data["_resume"]
    return result


def _offer_way_back(result: Result, ctx: Context) -> Result:
    state = result.state
    if state is None or not state.data.pop("_offer_back", None) or not result.replies:
        return result
    resume = state.data.get("_resume") or {}
    back = step_of(State(resume.get("flow", ""), resume.get("step", "")))
    label = back.label if back and back.label else "where we were"
    last = result.replies[-1]
    row = [Button(f"No, carry on with {label}"[:60], "menu:resume")]
    result.replies[-1] = Reply(last.text, [*last.buttons, row], last.document)
    return result


def _reask(state: State, ctx: Context, before: list[Reply]) -> list[Reply]:
    module = FLOWS.get(state.flow)
    if module is None:
        return [*before, Reply("What would you like to do?", MENU)]
    return [*before, module.ask(state, ctx)]


def _done_with(state: State, result: Result, ctx: Context | None = None) -> Result:
    """A step used the answer: forget the count of answers it could not use, and after a
    correction's read-back, go back to where the worker was."""
    new = result.state
    back = new.data.get("_return_to") if new is not None else None
    if (
        new is not None
        and ctx is not None
        and isinstance(back, list)
        and len(back) >= 2
        and new.flow == state.flow
    ):
        here = step_of(new)
        if here is None or not here.confirm:
            new.data.pop("_return_to", None)
            if new.step in back[1:]:  # still on the steps being put right (days, then times)
                new.data["_return_to"] = back
            elif step_of(State(new.flow, back[0])) is not None:
                target = State(new.flow, back[0], new.data)
                replies = result.replies[:-1] if result.replies else []
                result = Result(
                    target,
                    [*replies, FLOWS[new.flow].ask(target, ctx)],
                    result.effects,
                    result.lookup,
                    result.understood,
                )
                new = target
    moved = new is not None and (new.flow != state.flow or new.step != state.step)
    if new is not None and "_misses" in new.data and (moved or result.effects):
        new.data.pop("_misses", None)
    return result


def _offering(state: State, action: str) -> State:
    """Remember a Yes/No offer that has no step of its own (a coach after "it's hard with the
    kids"), so a typed "yes please" answers it like the button."""
    return State(state.flow, state.step, {**state.data, "_offer": action})


def _correct_pay_goal(state: State, event: Event, ctx: Context) -> Result | None:
    """ "sorry i meant 15.50" straight after the pay goal was set: change the goal."""
    m = event.v.money
    if m is None or getattr(m, "minimum_wage", False):
        return None
    hourly = to_hourly(m.pence, likely_period(m), ctx.weekly_hours)
    if not hourly:
        return None
    goal = SaveGoal(
        target_role=ctx.target_role,
        target_sector=ctx.target_sector,
        target_hourly_pence=hourly,
        not_sure=False,
        barriers=ctx.barriers,
    )
    reply = Reply(f"Thanks, I've changed your pay goal to {money(hourly)} an hour.", MENU)
    return Result(state, [reply], [goal])


def _without(state: State, key: str) -> State:
    """The state without a one-message mark (`_just_answered`, `_offer`): a mark is read by the
    next message only."""
    return State(state.flow, state.step, {k: v for k, v in state.data.items() if k != key})


def _take_just_answered(state: State, event: Event, ctx: Context) -> tuple[State, Result | None]:
    """Clear the "just answered" mark; a correction straight after the pay goal changes it."""
    just = state.data.get("_just_answered")
    if just is None:
        return state, None
    state = _without(state, "_just_answered")
    if just == "target_pay" and event.kind == "text" and event.v.correction:
        return state, _correct_pay_goal(state, event, ctx)
    return state, None


def _take_offer(state: State, event: Event) -> tuple[State, Event]:
    """Clear an open Yes/No offer; a typed "yes please" or "no" becomes the offer's button."""
    offer = state.data.get("_offer")
    if offer is None:
        return state, event
    state = _without(state, "_offer")
    said = yes_no(event, "offer") if event.kind == "text" else None
    if said is not None:
        event = Event(kind="button", text=f"cmd:{offer}" if said else "cmd:carry_on")
    return state, event


# Things said in passing while the plan is made, kept for the questions that need them:
# "im 17 and an apprentice" (a 17-year-old had been judged at the 21+ minimum), "37 hours term
# time only" (a caretaker's yearly pay spread over the year had been called underpaid).
_IN_PASSING: tuple[tuple[str, Callable[[str], object]], ...] = (
    ("age_band", goals.age_band_said),
    ("term_time", lambda text: True if goals.TERM_TIME.search(text.lower()) else None),
)


def _said_in_passing(state: State, event: Event) -> State:
    """The state with what a message says in passing (`_IN_PASSING`) kept in it."""
    if state.flow != "goals" or event.kind != "text":
        return state
    data = dict(state.data)
    for key, read in _IN_PASSING:
        value = read(event.text)
        if value is not None:
            data[key] = value
    return state if data == state.data else State(state.flow, state.step, data)


def _route(state: State, event: Event, ctx: Context) -> Result:
    """One message: commands and non-text first, then what it means before the step, the step
    itself, what it means when the step could not use it, and a friendly re-ask last."""
    event = _typed_label(state, event, ctx)
    state = _said_in_passing(state, event)
    state, res = _take_just_answered(state, event, ctx)
    if res is not None:
        return res
    state, event = _take_offer(state, event)
    if event.kind == "command":
        return _command(state, event, ctx)
    if event.kind == "other":
        return _not_understood(
            state,
            event,
            ctx,
            "Sorry, I can only read text messages. Please type, or use the buttons.",
        )
    step = step_of(state)
    res = (
        _before_step(state, event, ctx, step)
        or _in_flow(state, event, ctx)
        or _after_step(state, event, ctx, step)
    )
    if res is not None:
        return res
    if event.kind == "button":
        return _not_understood(
            state, event, ctx, "That button is from an older message. Here's where we are now."
        )
    return _not_understood(state, event, ctx)


def _before_step(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """Buttons that work anywhere, and what a typed message means before the step reads it."""
    if event.kind == "button":
        return _global_button(state, event, ctx)
    if event.kind == "text":
        return _text_first(state, event, ctx, step)
    return None


def _in_flow(state: State, event: Event, ctx: Context) -> Result | None:
    """The current flow's own handling of the message."""
    module = FLOWS.get(state.flow)
    res = module.handle(state, event, ctx) if module is not None else None
    return _done_with(state, res, ctx) if res is not None else None


def _after_step(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """A typed message the step could not use: less sure jumps, a change of subject, or an
    answer to a later question kept for when we get there."""
    if event.kind != "text":
        return None
    return (
        _done_late(state, event, ctx)
        or _text_last(state, event, ctx, step)
        or _moved_on(state, event, ctx, step)
        or _keep_for_later(state, event, ctx)
        or _said_before(state, event, ctx)
    )


def _text_first(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """What a typed message means before the current step reads it."""
    if says_crisis(event.text):
        return _crisis(state, event, ctx)
    for rule in _SAID_OUTRIGHT:
        res = rule(state, event, ctx, step)
        if res is not None:
            return res
    return _read_text(state, event, ctx, step)


def _delete_said(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """ "delete my data": asked to confirm first, from anywhere."""
    intent = event.intent if event.confidence >= LIKELY else None
    if intent == "delete_data" or _DELETE.search(event.text.lower()):
        return _menu_action("delete", state, ctx)
    return None


def _will_it_pay_said(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """ "would it be worth it?": the will-it-pay sums, unless that flow is asking for a value."""
    low = event.text.lower()
    on_uc = state.flow == "menu" and bool(_ON_UC_SAID.search(low)) and not _A_QUESTION.search(low)
    if not _WILL_IT_PAY.search(low) and not on_uc:
        return None
    if step is not None and typed(step, state) and state.flow == "willitpay":
        return None
    if state.flow in RESUMABLE and not _A_QUESTION.search(low):
        return None  # "no thats take home, before tax its more": about their pay, not a sum
    return _side_trip(state, willitpay.start_from(ctx, event, _plan_said(state)))


_PAY_FOR_JOB = re.compile(
    r"\b(?:how\s+much|wat|what)\s+(?:money\s+)?(?:do|does|can|would|will)\s+(?:a\s+|an\s+)?"
    r"(?P<who>[a-z][a-z ]{2,40}?)\s+(?:get|make|earn|get\s+paid|be\s+paid|take\s+home)\b"
    r"|\bwhat(?:'s|\s+is|s)\s+the\s+(?:pay|money|wage)\s+(?:like\s+)?(?:for|as)\s+(?:a\s+|an\s+)?"
    r"(?P<who2>[a-z][a-z ]{2,40}?)\W*$"
)
_NOT_A_JOB = frozenset({"i", "we", "you", "u", "they", "people", "my boss", "my mate", "he", "she"})


def _pay_for_job_said(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """ "how much do senior carers get": the typical pay for that job (ONS), then the question
    again; it had been "I can't help with that". Only for a job we know."""
    m = _PAY_FOR_JOB.search(event.text.lower().replace("’", "'")[:300])
    who = (m.group("who") or m.group("who2") or "").strip() if m else ""
    if not who or who in _NOT_A_JOB:
        return None
    job = parse_job(who) or parse_job(who.removesuffix("s"))
    if job is None:
        return None
    reply = Reply(pay_message(job.title, job.sector))
    return Result(state, _reask_if_busy(state, ctx, reply))


_A_QUESTION = re.compile(r"\?|^\W*(?:what|would|will|how|if|is|am|could|can|should|do)\b")


def _change_goal_said(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """ "change my goal": the goal questions again (while the plan is being made, the goal
    question is still to come)."""
    if _CHANGE_GOAL.search(event.text.lower()) and state.flow not in ("goals", "onboarding"):
        return _side_trip(state, goals.change_goal(ctx, event))
    return None


_CHANGE_WHAT = {
    "pay": "pay",
    "wage": "pay",
    "wages": "pay",
    "hours": "hours",
    "job": "job",
    "shifts": "shifts",
    "shift": "shifts",
    "rota": "shifts",
    "days": "shifts",
    "times": "shifts",
}


def _change_said(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """ "my pay changed", "change my hours": the update flow for that."""
    change = _CHANGE.search(event.text.lower())
    if not change:
        return None
    what = _CHANGE_WHAT[next(g for g in change.groups() if g)]
    again = _STEPS_OF[what][0]
    if state.flow == "goals" and again in state.data.get("_answered", []):
        # the plan is still being made: its own question again, then back to where we were
        # (the update flow had saved 32 hours while the plan kept 30); the shifts come back
        # after their times question, not straight after the days
        new = State("goals", again, {**state.data, "_return_to": [state.step, *_STEPS_OF[what]]})
        return Result(new, [FLOWS["goals"].ask(new, ctx)])
    if what == "shifts":
        return _side_trip(state, goals.change_shifts(ctx))
    return _side_trip(state, update.start(what, ctx))


# the plan's own questions for each change, the first one asked again
_STEPS_OF = {"pay": ["pay"], "hours": ["hours"], "job": ["job"], "shifts": ["days", "times"]}


def _must_work_said(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """stop, help and "talk to a person" work whatever the step and whatever the NLU guessed."""
    keyword = keyword_intent(event.text)
    if keyword in ("stop", "help", "ask_human") or _ASK_PERSON.search(event.text.lower()):
        intent = keyword if keyword in ("stop", "help") else "ask_human"
        return _jump(state, replace(event, intent=intent, confidence=1.0), ctx, explicit=True)
    return None


def _jobs_said(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """ "i applied for the tesco one", "any jobs near me". While a plan or a check-in is being
    answered only a job search asked outright counts ("a better job" there is an answer, "any
    cleaning jobs near me?" at the contract question is not); it had been "didn't get that"."""
    if step is not None and typed(step, state):
        return None
    if state.flow in RESUMABLE:
        return _job_search_asked(state, event, ctx)
    res = jobs.applied_from_text(state, event, ctx)
    if res is None and wants_jobs(event.text):
        res = jobs.start_from(ctx, event)
    return _side_trip(state, res) if res is not None else None


def _job_search_asked(state: State, event: Event, ctx: Context) -> Result | None:
    """A job search asked outright ("any care jobs near me?"), with what the plan was told."""
    if search_asked(event.text):
        return _side_trip(state, jobs.start_from(ctx, event, _plan_said(state)))
    return None


_HELP_ASKED = re.compile(r"\b(?:help|support|assistance|pay(?:ing)?\s+for|afford|costs?|grants?)\b")


def _support_said(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """ "can i get help with childcare", "is there support for carers": the help for that
    barrier, with a way back. Not where a barrier is the answer (the plan's barriers question);
    where a step waits for typed text (a job: "support worker for kids"), only asked outright."""
    if step is not None and "inform_barrier" in step.own_intents:
        return None
    low = event.text.lower()[:300]
    if not _HELP_ASKED.search(low) or _COURSE_WORDS.search(low):
        return None
    asked = bool(_A_QUESTION.search(low))
    if not asked and (
        (step is not None and typed(step, state))
        or not re.search(r"\b(?:help|support)\s+(?:with|for)\b", low)
    ):
        return None
    if not support_chat.named(event.text):
        return None
    return _side_trip(state, support_chat.start_from(ctx, event.text))


def _skip_said(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """Typed "skip" / "pass" / "next question" = the Skip button."""
    if step is not None and step.skip is not None and _SKIP_WORDS.match(event.text.lower()):
        return _skip(state, ctx)
    return None


_SAID_OUTRIGHT: tuple[Callable[[State, Event, Context, Step | None], Result | None], ...] = (
    _delete_said,
    _will_it_pay_said,
    _pay_for_job_said,
    _change_goal_said,
    _change_said,
    _must_work_said,
    _jobs_said,
    _support_said,
    _skip_said,
)
"""Things a typed message says outright, tried in this order before the step reads it."""


def _off_topic(text: str) -> bool:
    """A question about the bot or about benefits (not about a course). Saying they get
    Universal Credit ("yes i get uc") is about their money, for the will-it-pay sums."""
    low = text.lower()
    if _ON_UC_SAID.search(low) and not _A_QUESTION.search(low):
        return False
    return bool(_ABOUT_BOT.search(low) or (_BENEFITS.search(low) and not _COURSE_WORDS.search(low)))


_ON_UC_SAID = re.compile(
    r"\b(?:i\s+)?(?:get|am\s+on|i'?m\s+on|im\s+on|on|claim(?:ing)?)\s+(?:uc|universal\s+credit)\b"
)


def _sure_jump(event: Event, step: Step | None, state: State | None = None) -> bool:
    """A confident jump intent the step does not own, not said with "no"/"not"."""
    own = step.own_intents if step is not None else frozenset()
    return (
        event.intent in JUMP_INTENTS
        and event.intent not in own
        and event.confidence >= SURE
        and not _negated(event.text)
        and not (state is not None and _asked_later(state, event.intent))
        and not (state is not None and _no_job_news(state, event))
    )


def _no_job_news(state: State, event: Event) -> bool:
    """new_job from the NLU while the plan is made, with no news in the words and no question:
    "permanent, I've been there 15 years" had got "Congratulations! What is your new job?"."""
    if event.intent != "new_job" or state.flow not in RESUMABLE:
        return False
    low = event.text.lower().replace("’", "'")
    return not _JOB_NEWS.search(low) and not ASKING.search(low)


def _asked_later(state: State, intent: str | None) -> bool:
    """A check-in asks about a new job later on: "new job" typed at an earlier question of
    it is that answer, early, not a trip away that leaves the check-in's pay and hours
    unsaved (a tester's new pay and hours were lost that way)."""
    if state.flow != "checkin" or intent is None:
        return False
    later, steps = _later_steps(state)
    return any(intent in steps[n].own_intents for n in later)


def _read_text(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """Off-topic questions, sure jumps asked as questions, corrections, then the step's own
    reading of a typed value, a rise said in passing and other sure jumps."""
    waits_for_text = step is not None and typed(step, state)
    answer: Result | None = None  # the step's reading, once, if it was needed already
    if _off_topic(event.text):
        answer = step.answer(state, event, ctx) if step is not None and waits_for_text else None
        if answer is None:
            return Result(state, _reask(state, ctx, [Reply(out_of_scope_reply(event.text))]))
    sure_jump = _sure_jump(event, step, state)
    if sure_jump and _is_question(event.text):
        return _jump(state, event, ctx)
    res = (
        _correct_first(state, event, ctx, step)
        or _step_reads(state, event, ctx, step, answer)
        or _rise_in_passing(state, event, ctx, step)
    )
    if res is None and sure_jump:
        return _jump(state, event, ctx)
    return res


def _correct_first(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """ "sorry I meant 12.50": the last answer of that kind is corrected, unless the step is a
    read-back ("no its 37.5" at the pay question corrects the hours just given, not the pay)."""
    if event.v.correction and not (step is not None and step.confirm):
        return _correct(state, event, ctx)
    return None


def _step_reads(
    state: State, event: Event, ctx: Context, step: Step | None, answer: Result | None
) -> Result | None:
    """A step that expects a typed value (or a read-back being corrected) reads the text first:
    "shaz" at the name question is a name whatever the NLU guessed."""
    if step is None or not (typed(step, state) or (step.confirm and event.v.correction)):
        return None
    res = answer if answer is not None else step.answer(state, event, ctx)
    if res is None:
        return None
    res.step_answer = True
    return _done_with(state, res, ctx)


def _rise_in_passing(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """A rise said in passing ("up by 40p") is added to the pay we know."""
    own = step.own_intents if step is not None else frozenset()
    if event.v.rise is not None and "pay_rise" not in own and not _negated(event.text):
        return _update_pay(state, event, ctx, back=state if state.flow in FLOWS else None)
    return None


def _crisis(state: State, event: Event, ctx: Context) -> Result:
    """Someone says they may harm themselves: the crisis lines at once, and their coach is told
    (they are told so in the same message). The question they were on waits."""
    return Result(
        state,
        [
            Reply(crisis_message()),
            Reply(
                "I've let your coach know, so a real person can get in touch with you.\n"
                "I'm here when you want to carry on.",
                [[Button("Carry on", "cmd:carry_on")]],
            ),
        ],
        [RaiseFlag("crisis", event.text[:500])],
    )


def _text_last(state: State, event: Event, ctx: Context, step: Step | None) -> Result | None:
    """What a typed message means when the current step could not use it."""
    searched = _job_search_asked(state, event, ctx)
    if searched is not None:
        return searched
    own = step.own_intents if step is not None else frozenset()
    if (
        event.intent in JUMP_INTENTS
        and event.intent not in own
        and event.confidence >= LIKELY
        and not _negated(event.text)
        and not _asked_later(state, event.intent)
        and not _no_job_news(state, event)
    ):
        return _jump(state, event, ctx)
    if event.intent == "out_of_scope" and event.confidence >= LIKELY:
        return Result(state, _reask(state, ctx, [Reply(out_of_scope_reply(event.text))]))
    if event.intent == "greet" and event.confidence >= LIKELY:
        name = f" {ctx.first_name}" if ctx.first_name else ""
        return Result(state, _reask(state, ctx, [Reply(f"Hi{name}! 👋")]))
    return None


def _is_question(text: str) -> bool:
    low = text.lower().strip()
    return "?" in low or bool(
        re.match(r"(?:can|could|how|what|is|are|do|does|will|would|where|when|who|should)\b", low)
    )


def _negated(text: str) -> bool:
    """ "no i havent had a rise": words of a jump intent, said to deny it."""
    return bool(
        re.search(
            r"\b(?:no|not|never|havent|haven't|hasnt|hasn't|didnt|didn't|dont"
            r"|don't|aint|ain't|nope|nah)\b",
            text.lower(),
        )
    )


# "im knackered", "long day": not an answer, and not a crisis or a barrier either; a kind word
# before the question again, so the bot doesn't sound like it ignored them.
_TIRED = re.compile(
    r"\b(?:knacker(?:e|a)?d|shattered|exhausted|so tired|really tired|tired|worn out|wiped out"
    r"|dead on my feet|cream crackered|long (?:day|shift|week|night)|need (?:a|some) sleep)\b",
    re.I,
)
_THANKS = re.compile(
    r"^\W*(?:ok(?:ay)?|k|kk|fine|fine thanks|thanks|thank you|thanks a lot|cheers|ta|cool|great"
    r"|nice|lovely|brill|ace|sound|no worries|alright|all good|good|thx|ty|👍|🙏|😊|🙂)"
    r"(?:\s+(?:thanks|thank you|mate|love|x+|lol))*\W*$"
)
LONG_WORDS = 30
LONG_REPLY = (
    "Thanks for telling me all that. It sounds like a lot. I'm a simple bot and can't take "
    "it all in, but a coach (a real person) can. Would you like one to get in touch?"
)
TIRED_REPLY = "Sounds like a long day. Sorry you're tired. No rush: we can do this bit by bit."


def _not_understood(state: State, event: Event, ctx: Context, first: str | None = None) -> Result:
    """Re-ask, and never the same question a third time without a way forward."""
    if first is None and event.kind == "text" and _TIRED.search(event.text):
        first = TIRED_REPLY
        data = dict(state.data)
        new = State(state.flow, state.step, data)
        return Result(new, _reask(new, ctx, [Reply(first)]), understood=False)
    shown = state.data.get("_buttons")
    offered = isinstance(shown, dict) and any(str(v).startswith("ck:") for v in shown.values())
    if state.flow not in FLOWS and offered and yes_no(event, "ck") is True:
        # "yes ok" to "Can I check in with you now and then?": which often, not "Sorry"
        offer = goals.checkin_offer()
        return Result(state, [Reply("Great! How often? Tap one.", offer.buttons)])
    if state.flow not in FLOWS and event.kind == "text" and _THANKS.match(event.text.lower()):
        # "ok", "fine thanks" after the plan: no "Sorry, I didn't quite get that" (it had come
        # three times running, each with the whole menu)
        return Result(state, [Reply("OK 👍 I'm here when you need me.", MENU)])
    if first is None and event.kind == "text" and len(event.text.split()) >= LONG_WORDS:
        # a long message we cannot use is usually someone telling us how things are: a kind
        # word and the offer of a person, not "Type a date" (a tester's 90-word message)
        return Result(
            _offering(state, "coach"),
            [
                Reply(
                    LONG_REPLY,
                    [[Button("Yes please", "cmd:coach"), Button("No, carry on", "cmd:carry_on")]],
                )
            ],
            understood=False,
        )
    data = dict(state.data)
    misses = int(data.get("_misses", 0)) + 1
    data["_misses"] = misses
    new = State(state.flow, state.step, data)
    step = step_of(new)
    if (
        event.kind == "text"
        and event.nlu_down
        and not data.get("_nlu_told")
        and not (step is not None and typed(step, new))
    ):
        data["_nlu_told"] = True
        return Result(new, _reask(new, ctx, [Reply(NLU_DOWN)]), understood=False)
    if misses < 2 or state.flow not in FLOWS:
        return Result(
            new,
            _reask(new, ctx, [Reply(first or "Sorry, I didn't quite get that.")]),
            understood=False,
        )
    if misses > MAX_MISSES and step is not None and step.skip is not None and not typed(step, new):
        return _left_for_now(new, ctx)
    question = FLOWS[state.flow].ask(new, ctx)
    hint = HINTS.get(step.kind(new), "") if step else ""
    text = ((first + "\n") if first else "") + (
        "Sorry, I still didn't get that. "
        + (hint + " " if hint else "")
        + "You can also skip this, or ask a coach for help."
    )
    extra = [Button("Talk to a coach", "menu:coach")]
    has_skip = any(b.label == "Skip this" for row in question.buttons for b in row)
    if step is not None and step.skip is not None and not has_skip:
        extra.insert(0, Button("Skip this", "cmd:skip"))
    if misses % 2:
        text = text.replace("Sorry, I still didn't get that.", "Hmm, I'm still not sure.")
    return Result(
        new, [Reply(text + "\n\n" + question.text, [*question.buttons, extra])], understood=False
    )


MAX_MISSES = 3
"""A button question not understood this many times is left for now on the next miss: a
tester was asked "What kind of contract do you have?" seven times running."""


def _left_for_now(state: State, ctx: Context) -> Result:
    """Skip a button question the worker keeps answering in words we cannot read."""
    res = _skip(state, ctx)
    note = Reply("Let's leave that one for now and carry on. A coach can help with it later.")
    rest = [r for r in res.replies if r.buttons or not r.text.startswith("OK, let's skip")]
    return Result(res.state, [note, *rest], res.effects, res.lookup, understood=False)


HINTS = {
    "name": "Just type your first name, like: Sam.",
    "postcode": "Type the first half of your postcode, like: LS6.",
    "job": "Type your job in a few words, like: cleaner.",
    "money": "Type a number, like: 11.44 an hour, or 400 a week.",
    "hours": "Type a number of hours, like: 30.",
    "number": "Type a number, like: 4.",
    "days": "Type your days, like: mon to fri.",
    "times": "Type your times, like: 7am-3pm.",
    "date": "Type a date, like: 14/03/1990.",
    "choice": "Please tap one of the buttons.",
    "yes_no": "Please tap Yes or No.",
}


def recover(state: State | None, ctx: Context, error_ref: str, again: bool) -> Result:
    """After an unexpected error: never a dead end. The first time, the question again with
    a way to skip it or reach a coach; if the same message fails again, skip the step."""
    current = state or State("menu", "idle", {})
    step = step_of(current)
    if again:
        first = Reply(
            f"Sorry, that went wrong again (ref {error_ref}). I've moved on so "
            "you're not stuck. A coach can help if you need it."
        )
        if step is not None and step.skip is not None:
            res = step.skip(current, ctx)
            return Result(res.state, [first, *res.replies], res.effects)
        return Result(State("menu", "idle", {}), [first, Reply("What would you like to do?", MENU)])
    text = (
        f"Sorry, something went wrong on my side (ref {error_ref}). Nothing you told me "
        "is lost. You can try again, tap a button, skip this, or ask a coach."
    )
    extra = [Button("Talk to a coach", "menu:coach")]
    if step is not None and step.skip is not None:
        extra.insert(0, Button("Skip this", "cmd:skip"))
    module = FLOWS.get(current.flow)
    if module is None:
        return Result(current, [Reply(text, [*MENU, extra])])
    question = module.ask(current, ctx)
    return Result(current, [Reply(text), Reply(question.text, [*question.buttons, extra])])


def _skip(state: State, ctx: Context) -> Result:
    step = step_of(state)
    if step is None or step.skip is None:
        return Result(state, _reask(state, ctx, [Reply("This one can't be skipped.")]))
    res = step.skip(
        State(state.flow, state.step, {k: v for k, v in state.data.items() if k != "_misses"}), ctx
    )
    return res


def _correct(state: State, event: Event, ctx: Context) -> Result | None:
    """ "sorry I meant 12.50": change the answer it corrects, then carry on where we are."""
    v = event.v
    module = FLOWS.get(state.flow)
    steps: dict[str, Step] = getattr(module, "STEPS", {}) if module is not None else {}
    broad = [
        kind
        for kind, value in (
            ("money", v.money or v.rise),
            ("hours", v.hours),
            ("days", v.days),
            ("times", v.time_ranges),
            ("job", v.job),
        )
        if value
    ]
    # "sorry i meant £12.50" is money by the way it is written; a bare "37.5" could be either,
    # so the newest answer it could correct wins
    # hours worked out from clock times ("mon to fri 9-5" is 40) correct the shifts, not the hours
    hours_said = v.said_hours is not None and not v.time_ranges
    strict = ["money"] if v.said_money or v.rise else ["hours"] if hours_said else broad
    answered = list(reversed(state.data.get("_answered", [])))
    candidates = [n for n in answered if n in steps and steps[n].expects in strict] or [
        n for n in answered if n in steps and steps[n].expects in broad
    ]
    for name in candidates:
        step = steps[name]
        res = step.answer(State(state.flow, name, dict(state.data)), event, ctx)
        if res is None or res.state is None:
            continue
        here = step_of(res.state)
        if here is not None and here.confirm and res.state.flow == state.flow:
            res.state.data["_return_to"] = [state.step, name]  # the read-back comes first
            return res
        if res.state.step in step.next and res.state.flow == state.flow:
            data = {**res.state.data, "_answered": state.data.get("_answered", [])}
            data.pop("_misses", None)
            back = State(state.flow, state.step, data)
            notes = [r for r in res.replies[:-1]]
            return Result(
                back,
                [
                    *notes,
                    Reply(f"Thanks, I've changed {step.label or 'that'}."),
                    FLOWS[state.flow].ask(back, ctx),
                ],
                res.effects,
            )
        return res  # a read-back question ("Did you mean ...?") comes first
    kept = _correct_kept(state, event, ctx, candidates)
    if kept is not None:
        return kept
    if state.flow == "menu" or state.flow not in FLOWS:
        if v.money is not None and v.rise is None:
            return update.pay_from(State("update", "pay", {"_correction": True}), event, ctx)
        if v.rise is not None:
            return _update_pay(state, event, ctx)
        if v.hours is not None:
            return update.STEPS["hours"].answer(State("update", "hours", {}), event, ctx)
    return None


def _correct_kept(state: State, event: Event, ctx: Context, answered: list[str]) -> Result | None:
    """ "8 pound" typed at the hours question (kept for the pay), then "sorry 10": the kept
    pay is corrected, not the hours being asked (it had saved 10 hours a week)."""
    v = event.v
    ahead = dict(state.data.get("_ahead") or {})
    if answered or v.said_money or v.said_hours or not (v.money or v.hours):
        return None
    steps: dict[str, Step] = getattr(FLOWS.get(state.flow), "STEPS", {})
    kept = [n for n in ahead if n in steps and steps[n].expects in ("money", "hours")]
    if len(kept) != 1:
        return None
    ahead[kept[0]] = event.text[:500]
    new = State(state.flow, state.step, {**state.data, "_ahead": ahead})
    label = steps[kept[0]].label or "that"
    return Result(new, _reask(new, ctx, [Reply(f"Thanks, I'll use that for {label}.")]))


_WILL_IT_PAY = re.compile(
    r"\btake[\s-]*home\b|\bwill it pay\b|\bbetter off\b|\bworse off\b|\bin my pocket\b"
    r"|\b(?:will|would|does|do)\s+(?:more\s+hours|(?:a|the)\s+(?:rise|new\s+job|job)|extra\s+hours)"
    r"\s+pay\b"
    r"|\blose (?:money|out)\b"
    r"|\bwhat (?:would|will|do) i (?:get|keep|take)\b|\bwhat if i (?:did|do|work|got)\b"
    # "would i lose my universal credit if i earned more": the will-it-pay sums count UC
    r"|\b(?:universal credit|uc|benefits?)\b.{0,40}\b(?:earn\w*|more hours|more money|rise"
    r"|extra hours|work more|pay went up)\b"
    r"|\b(?:earn\w*|more hours|work more|pay rise)\b.{0,40}\b(?:universal credit|uc)\b"
)
_SKIP_WORDS = re.compile(
    r"^\W*(?:skip(?: this| it| that| this one| question)?|pass|next(?: question)?"
    r"|rather not say|prefer not to say)\W*$"
)
_CHANGE_GOAL = re.compile(
    r"\b(?:change|new|update|different|edit|reset)\s+(?:my\s+|the\s+)?(?:goal|aim|target)s?\b"
    r"|\b(?:why does it say|its not|it's not)\b.{0,30}\bi want to be\b"
    r"|^\W*(?:no\s+|actually\s+)?i\s+(?:want|wanna|would like|'?d like)\s+to\s+be\s+(?:a|an)\s"
)
_CHANGE = re.compile(
    r"^\W*(?:can i |i want to |i need to |pls |please )?(?:change|update|edit|fix)"
    r" my (pay|wages?|hours|job|shifts?|rota|days|times)\b"
    r"|\bmy (shifts?|rota|days|times) (?:(?:is|are) (?:wrong|not right)|(?:have|has) changed)\b"
)  # "change my hours", "fix my rota", "my shifts are wrong", "my rota has changed"
_PROMOTED = re.compile(r"\bpromot(?:ed|ion)\b|\bmoved up to\b|\bgot the (?:\w+ ){0,3}job\b")
_ASK_PERSON = re.compile(
    r"\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a|an|my|the|some)?\s*(?:real\s+)?(?:person"
    r"|human|coach|adviser|advisor|someone|somebody)\b"
)
_COURSE_WORDS = re.compile(
    r"\b(?:course|courses|loan|train|training|qualification|college|licen[cs]e|certificate"
    r"|cscs|sia|cpc|hgv|lgv|forklift|level \d|nvq|diploma|apprentice|exam|fees?)"
)  # "how much is the hgv licence n can i get it paid for": a course's cost, not wages
_DELETE = re.compile(
    r"\b(?:delete|erase|wipe|remove|get rid of)\b.{0,25}\b(?:my|all|every|me|info|data"
    r"|details)\b|\bforget (?:about )?me\b"
)


def out_of_scope_reply(text: str) -> str:
    """A friendly "I can't help with that" that says what the bot can do, and for money and
    benefits questions where free advice is (names from support-and-take-home.md)."""
    low = text.lower()
    if _BENEFITS.search(low):
        return (
            "I can't help with benefits, sorry. These give free, private advice:\n"
            "• Citizens Advice (citizensadvice.org.uk)\n"
            "• Turn2us benefits calculator (turn2us.org.uk)\n"
            "• entitledto calculator (entitledto.co.uk)\n"
            "I can help with your pay goal, courses that fit your shifts, and paying for "
            "them."
        )
    if _RUDE.search(low):
        return (
            "Sorry I'm not getting it right. I'm here to help with work, pay and courses. "
            'Tap a button, or say "talk to a coach" for a real person.'
        )
    if _ABOUT_BOT.search(low):
        return (
            "I'm a chatbot, not a person. I help with pay goals, courses that fit your "
            "shifts and paying for them. A real coach can talk to you too: just say "
            '"talk to a coach".'
        )
    return (
        "I can't help with that, sorry. I can help with your pay goal, courses that fit "
        "your shifts, paying for a course, and checking in on how it's going."
    )


_BENEFITS = re.compile(
    r"\b(?:uc|universal credit|benefits?|child benefit|tax credits?|pip|esa|jsa|council tax"
    r"|housing benefit|pension credit|carer'?s allowance|cost of living payment|dwp"
    r"|jobcentre|job centre|hmrc|tax code|sanction)\b"
)
_ABOUT_BOT = re.compile(
    r"\b(?:robot|a bot|this bot|are you (?:real|human|a person|ai)|\bai\b|who (?:made|built)"
    r" you|chat ?gpt|automated)\b"
)
_RUDE = re.compile(
    r"\b(?:shit|crap|rubbish|useless|stupid|f+u+c+k|fuck|wank|pish|bollocks"
    r"|piss|crap|dumb|idiot)"
)


def _jump(state: State, event: Event, ctx: Context, explicit: bool = False) -> Result:
    """Go where a jump intent leads ("can I get a loan?" -> funding); an intent with nowhere
    to go just asks the question again."""
    intent = event.intent or ""
    if intent == "ask_human" and explicit:
        return _coach_asked_for(state, event, ctx)
    if intent == "pay_rise" and _PROMOTED.search(event.text.lower()):
        intent = "new_job"  # a promotion is a new role first; the pay is asked next
    jump = _JUMPS.get(intent)
    return jump(state, event, ctx) if jump is not None else Result(state, _reask(state, ctx, []))


def _coach_asked_for(state: State, event: Event, ctx: Context) -> Result:
    """Asked for a person in so many words: the coach is told, and so is the worker."""
    return Result(
        state,
        _reask(
            state,
            ctx,
            [
                Reply(
                    "OK. I've asked a coach to get in touch with you soon. You're not on your own."
                )
            ],
        ),
        [RaiseFlag("asked_for_human", event.text[:500])],
    )


_TRAVEL_PAY = re.compile(r"\btravel|\bbetween (?:calls|clients|visits)")
_WAGES = re.compile(r"\b(?:paid|pay|wages?|money|petrol|mileage|holiday pay|sick pay|overtime)\b")
WAGE_QUESTION = (
    "That sounds like a question about your wages, not about paying for a course. Acas gives "
    "free, private advice on pay at work: 0300 123 1100."
)


def _jump_funding(state: State, event: Event, ctx: Context) -> Result:
    """Funding or a loan: the funding check, with a way back. "can i get paid for travel
    between clients" or "do they have to pay my petrol" is about wages, not course fees (the
    NLU often says ask_funding for any "pay"): answered where we can, and the question again."""
    low = event.text.lower()
    if event.kind == "text" and not _COURSE_WORDS.search(low) and _WAGES.search(low):
        if _TRAVEL_PAY.search(low):
            answer = f"{checks.TRAVEL_RULE}\n{checks.ACAS}"
        else:
            answer = WAGE_QUESTION
        return Result(state, _reask_if_busy(state, ctx, Reply(answer)))
    return _side_trip(state, funding_check.start(ctx))


def _plan_said(state: State) -> dict[str, Any] | None:
    """What the plan being made has been told so far (not saved until the plan is done), also
    from a side trip away from it (the jobs list, then "will it pay?")."""
    if state.flow == "goals":
        return state.data
    resume = state.data.get("_resume")
    if isinstance(resume, dict) and resume.get("flow") == "goals":
        data = resume.get("data")
        return data if isinstance(data, dict) else None
    return None


def _jump_courses(state: State, event: Event, ctx: Context) -> Result:
    """Looking for a course: the course search, with a way back. "any forklift jobs near
    me?" is a job search (the NLU often says find_course for any search): the jobs flow."""
    if event.kind == "text" and wants_jobs(event.text):
        return _side_trip(state, jobs.start_from(ctx, event, _plan_said(state)))
    if event.kind == "text":
        return _side_trip(state, courses.start_from(ctx, event.text))
    return _side_trip(state, courses.start(ctx))


def _jump_help(state: State, event: Event, ctx: Context) -> Result:
    """Help: what the bot can do, then the question again."""
    return Result(state, _reask(state, ctx, [Reply(HELP)]))


def _jump_offer_coach(state: State, event: Event, ctx: Context) -> Result:
    """A guessed wish for a person: offer a coach; only "yes" raises a flag."""
    return Result(
        _offering(state, "coach"),
        [
            Reply(
                "Would you like a coach (a real person) to get in touch with you?",
                [[Button("Yes please", "cmd:coach"), Button("No, carry on", "cmd:carry_on")]],
            )
        ],
    )


def _jump_struggling(state: State, event: Event, ctx: Context) -> Result:
    """Things are hard: a kind word and the offer of a coach; only "yes" raises a flag."""
    return Result(
        _offering(state, "coach"),
        [
            Reply(
                "I'm sorry things are hard right now. Would you like a coach to get in touch? "
                "It's free, and you don't have to sort it out on your own.",
                [[Button("Yes please", "cmd:coach"), Button("Not now", "cmd:carry_on")]],
            )
        ],
    )


def _jump_stop(state: State, event: Event, ctx: Context) -> Result:
    """ "stop": ask whether they mean check-ins or all messages; nothing is thrown away."""
    return Result(
        state,
        [
            Reply(
                "Do you want me to stop sending messages? I'll keep what you've told me.",
                [
                    [
                        Button("Pause check-ins", "cmd:pause"),
                        Button("Stop all messages", "cmd:stop"),
                    ],
                    [Button("No, carry on", "cmd:carry_on")],
                ],
            )
        ],
    )


def _jump_pay_rise(state: State, event: Event, ctx: Context) -> Result:
    """A rise: recorded at once when the new pay is in the message, else the pay question."""
    back = state if state.flow in FLOWS else None
    res = _update_pay(state, event, ctx, back=back)
    if res is not None:
        return res
    return _side_trip(state, update.start("pay", ctx, [Reply("Great news! 🎉")]))


# News of a job ("started at tesco", "got a job as a chef", "i'm now a supervisor"), as opposed
# to asking about jobs ("any forklift jobs?", "is job in my area?"), which the NLU also calls
# new_job: only news is saved straight from the message.
_JOB_NEWS = re.compile(
    r"\b(?:started|starting|start(?:s)?\s+(?:on|at|next|monday|tomorrow|soon)|got\s+(?:a|an|the|"
    r"my|that|this)\b|new\s+(?:job|role|position)|promot\w*|offered|took\s+(?:a|the)\s+job"
    r"|i'?m\s+now|i\s+am\s+now|now\s+(?:a|an|working)|moved\s+to|hired|accepted|changed\s+jobs?)\b"
)


def _jump_new_job(state: State, event: Event, ctx: Context) -> Result:
    """A new job or promotion: the title from the message if it is news, else the question.
    Asking about jobs is a job search, not news: nothing is saved or congratulated."""
    low = event.text.lower().replace("’", "'")
    news = bool(_JOB_NEWS.search(low)) and not _negated(event.text)
    if not news and (wants_jobs(event.text) or ASKING.search(low)):
        return _side_trip(state, jobs.start_from(ctx, event, _plan_said(state)))
    res = update.job_from(State("update", "job", {}), event, ctx) if news else None
    if res is None:
        res = update.start("job", ctx)
    return _side_trip(state, res)


_JUMPS: dict[str, Callable[[State, Event, Context], Result]] = {
    "ask_funding": _jump_funding,
    "ask_loan": _jump_funding,
    "find_course": _jump_courses,
    "help": _jump_help,
    "ask_human": _jump_offer_coach,
    "struggling": _jump_struggling,
    "stop": _jump_stop,
    "pay_rise": _jump_pay_rise,
    "new_job": _jump_new_job,
}
"""Where each jump intent leads (a person asked for in so many words is `_coach_asked_for`)."""


def _update_pay(
    state: State, event: Event, ctx: Context, back: State | None = None
) -> Result | None:
    """Record a pay update said in passing ("I got a rise to £12.50", "up by 40p")."""
    rise, known = event.v.rise, state.data.get("hourly_pence")
    if state.flow == "goals" and rise is not None and known:
        # the plan is still being made: the rise goes on the pay given a moment ago
        now = int(known)
        hourly = apply_rise(now, rise)
        data = {**state.data, "hourly_pence": hourly, "pay_given": [hourly, "hour"]}
        new = State(state.flow, state.step, data)
        said = (
            f"A {rise.percent:g}% rise on {money(now)} is {money(hourly)}."
            if rise.percent is not None
            else f"{money(now)} plus {money(hourly - now)} is {money(hourly)}."
        )
        return Result(
            new, _reask(new, ctx, [Reply(f"Good news! {said} I've put that in your plan.")])
        )
    res = update.pay_from(State("update", "pay", {}), event, ctx)
    if res is None:
        return None
    if back is not None and res.state is not None and res.state.flow == "menu":
        # said in the middle of something else: carry on with it
        return Result(back, _reask(back, ctx, [Reply(res.replies[0].text)]), res.effects)
    return _side_trip(state, res) if back is not None else res


def plan_text(ctx: Context) -> str:
    d: dict[str, Any] = {
        "job_title": ctx.job_title,
        "hourly_pence": ctx.hourly_pence,
        "hours": ctx.weekly_hours,
        "target_role": ctx.target_role,
        "target_pence": ctx.target_hourly_pence,
        "wants": list(ctx.goal_kinds),
        "target_hours": ctx.goal_target_hours,
        "contract": ctx.contract_type,
        # the pay in the period it was given ("£38,000 a year (about £24.36 an hour)")
        "pay_given": (
            [ctx.pay_amount_pence, ctx.pay_period]
            if ctx.pay_amount_pence and ctx.pay_period and ctx.pay_period != "hour"
            else None
        ),
        "rota_varies": ctx.rota_varies,
        "slots": [[s.day, s.start, s.end] for s in ctx.busy_slots],
        "barriers": list(ctx.barriers),
    }
    text = goals.summary_text(d)
    if ctx.plan:
        text += "\n\nCourses you saved:\n" + "\n".join(
            f"• {name} ({status})" for _, name, status in ctx.plan
        )
    else:
        text += "\n\nNo courses saved yet."
    return text


def _menu_action(action: str, state: State, ctx: Context) -> Result | None:
    """A menu button, a `cmd:` button or a command; None for an action we do not know."""
    act = _MENU_ACTIONS.get(action)
    return act(state, ctx) if act is not None else None


def _show_plan(state: State, ctx: Context) -> Result:
    """The plan, or where it has got to while it is still being made (also from a side trip
    away from it: "any jobs near me" half way through had shown "Now: your job.")."""
    making = _plan_said(state)
    if making is not None and ctx.job_title is None:
        so_far = goals.summary_text(making) if making.get("job_title") else ""
        note = "We haven't finished your plan yet." + (f"\n\n{so_far}" if so_far else "")
        return Result(state, _reask(state, ctx, [Reply(note)]))
    if state.flow == "onboarding":
        return Result(state, _reask(state, ctx, [Reply("We haven't made your plan yet.")]))
    if state.flow == "checkin" and step_of(state) is not None:
        # the check-in is not saved until it ends: back to its question, or the new pay and
        # job given so far were lost (a tester's /plan half way through)
        back = Reply("That's your plan. The check-in isn't finished yet, so:")
        return Result(state, _reask(state, ctx, [Reply(plan_text(ctx)), back]))
    return Result(state, [Reply(plan_text(ctx), MENU)])


def _ask_coach(state: State, ctx: Context) -> Result:
    """ "Talk to a coach" pressed: the coach is told, and so is the worker."""
    return Result(
        state,
        _reask(state, ctx, [Reply("I've asked a coach to get in touch with you soon.")]),
        [RaiseFlag("asked_for_human", "Pressed 'Talk to a coach'")],
    )


def _pause(state: State, ctx: Context) -> Result:
    """Pause check-ins; in the middle of onboarding or goals, show the question we were on
    (pausing the reminders is not leaving the chat)."""
    paused = Reply("OK, I've paused check-ins. Send /start when you want them back.")
    replies = [paused]
    if state.flow in ("onboarding", "goals") and step_of(state) is not None:
        replies = _reask(state, ctx, [paused, Reply("We can carry on whenever you like.")])
    return Result(state, replies, [UpdateWorker({"status": "paused"}), CancelCheckins()])


def _stop(state: State, ctx: Context) -> Result:
    """Stopping pauses messages; it never throws away what the worker already told us."""
    return Result(
        state,
        [
            Reply(
                "OK, I'll stop sending you messages. Everything you told me is still saved. "
                "Send /start to come back, or /delete to erase it."
            )
        ],
        [UpdateWorker({"status": "stopped"}), CancelCheckins()],
    )


def _ask_delete(state: State, ctx: Context) -> Result:
    """Deleting can't be undone, so it is confirmed first; a typed "yes" confirms it like the
    button (it had been "didn't get that" and the question before)."""
    return Result(
        _offering(state, "delete_yes"),
        [
            Reply(
                "Delete everything I know about you? This can't be undone.",
                [
                    [
                        Button("Yes, delete it all", "cmd:delete_yes"),
                        Button("No, keep it", "cmd:carry_on"),
                    ]
                ],
            )
        ],
    )


def _delete(state: State, ctx: Context) -> Result:
    """Confirmed: everything about the worker goes, and the chat starts from nothing."""
    return Result(
        None,
        [
            Reply(
                "Done. I've deleted everything about you. "
                "Send /start if you ever want to begin again."
            )
        ],
        [DeleteWorker()],
    )


def _welcome_back(state: State, ctx: Context) -> Result:
    """/start again: check-ins back on if they were paused or stopped, then carry on with what
    was half done, or the menu."""
    name = f", {ctx.first_name}" if ctx.first_name else ""
    effects: list[Any] = (
        [UpdateWorker({"status": "active"}), ScheduleCheckins()]
        if ctx.status in ("paused", "stopped")
        else []
    )
    if state.flow in FLOWS and state.flow != "courses":
        return Result(
            state, _reask(state, ctx, [Reply(f"Welcome back{name}! Let's carry on.")]), effects
        )
    return Result(
        State("menu", "idle", {}),
        [Reply(f"Welcome back{name}! What would you like to do?", MENU)],
        effects,
    )


def _checkin_asked(state: State, ctx: Context) -> Result:
    """/checkin: a check-in asks how things changed since the plan, so before there is a plan
    it says so and carries on (it had asked "has your pay changed?" of a pay never given)."""
    if ctx.job_title is None and state.flow in ("onboarding", "goals"):
        note = Reply("Let's finish your plan first. Then I can check in on how it's going.")
        return Result(state, _reask(state, ctx, [note]))
    return _side_trip(state, checkin.start(ctx, None))


def _trip(start: Callable[[Context], Result]) -> Callable[[State, Context], Result]:
    """A menu action that opens another flow, remembering the half-done one."""
    return lambda state, ctx: _side_trip(state, start(ctx))


_MENU_ACTIONS: dict[str, Callable[[State, Context], Result]] = {
    "courses": _trip(courses.start),
    "funding": _trip(funding_check.start),
    "plan": _show_plan,
    "checkin": _checkin_asked,
    "willitpay": lambda state, ctx: _side_trip(state, willitpay.start(ctx, said=_plan_said(state))),
    "jobs": _trip(jobs.start),
    "myjobs": _trip(jobs.my_jobs),
    "support": _trip(support_chat.start),
    "coach": _ask_coach,
    "help": lambda state, ctx: Result(state, [Reply(HELP, MENU)]),
    "pause": _pause,
    "stop": _stop,
    "skip": _skip,
    "checkins": lambda state, ctx: Result(state, [goals.checkin_offer()]),
    # the service's summary says what is saved ("Here is what I have saved about you:"):
    # a line of our own before it said the same thing twice
    "mydata": lambda state, ctx: Result(state, [], [ExportData()]),
    "delete": _ask_delete,
    "delete_yes": _delete,
    "carry_on": lambda state, ctx: Result(state, _reask(state, ctx, [Reply("OK, carrying on.")])),
    "start": _welcome_back,
}
"""What each menu action, `cmd:` button and command does (commands are named in COMMANDS)."""


def _global_button(state: State, event: Event, ctx: Context) -> Result | None:
    data = event.text
    if data in ("consent:yes", "consent:no"):
        note = (
            "You've already said yes, thanks."
            if data == "consent:yes"
            else ("You've already said yes. To delete your data, send /delete.")
        )
        return Result(state, _reask(state, ctx, [Reply(note)]))
    if data.startswith(("ck:", "ckt:")):
        return _checkin_choice(state, data, ctx)
    if data in ("uw:yes", "uw:no") and state.step != "underpaid":
        # "tell my coach about my pay" from an older message: still the worker's choice
        told = data == "uw:yes"
        under = (
            checks.underpaid(ctx.hourly_pence, ctx.age_band, ctx.today, contract=ctx.contract_type)
            if ctx.hourly_pence
            else None
        )
        effects: list[Any] = [checks.underpaid_flag(under)] if told else []
        return Result(state, _reask_if_busy(state, ctx, checks.underpaid_answered(told)), effects)
    if data.startswith("menu:"):
        if data == "menu:resume" and "_resume" in state.data:
            return _carry_resume(state, Result(State("menu", "idle", {})), ctx)
        return _menu_action(data[5:], state, ctx)
    if data.startswith("cmd:"):
        return _menu_action(data[4:], state, ctx)
    if data.startswith("f:run:") and data[6:].isdigit():
        return _side_trip(state, funding_check.start(ctx, int(data[6:])))
    if data.startswith(("j:", "jg:")) and state.flow != "jobs":
        # a jobs button from an older message (a card, a closing reminder): the jobs flow
        res = jobs.handle(State("jobs", "results", {}), event, ctx)
        return _side_trip(state, res) if res is not None else None
    if data.startswith("c:") and state.flow != "courses":
        # a course button from an older message: handle it in the courses flow
        res = courses.handle(State("courses", "results", {"offset": 0}), event, ctx)
        return _side_trip(state, res) if res is not None else None
    return None


def _checkin_choice(state: State, data: str, ctx: Context) -> Result | None:
    """Check-in settings from buttons that carry their own data, so they work at any time."""
    parts = data.split(":")
    if parts[0] == "ck" and parts[1:] == ["none"]:
        return Result(
            state,
            _reask_if_busy(
                state,
                ctx,
                Reply("OK, no check-ins. You can always send /checkin to tell me how it's going."),
            ),
            [UpdateWorker({"checkin_frequency": None}), CancelCheckins()],
        )
    if parts[0] == "ck" and len(parts) == 2 and parts[1] in goals.FREQUENCIES:
        return Result(state, [goals.checkin_time_question(parts[1])])
    if (
        parts[0] == "ckt"
        and len(parts) == 3
        and parts[1] in goals.FREQUENCIES
        and parts[2] in goals.WINDOWS
    ):
        freq, (label, start, end) = parts[1], goals.WINDOWS[parts[2]]
        fields: dict[str, Any] = {
            "checkin_frequency": freq,
            "checkin_window_start": start,
            "checkin_window_end": end,
        }
        how = goals.FREQUENCIES[freq].lower()
        return Result(
            state,
            _reask_if_busy(
                state, ctx, Reply(f"Great. I'll check in {how}, {label.split(' (')[0].lower()}.")
            ),
            [UpdateWorker(fields), ScheduleCheckins()],
        )
    return None


def _reask_if_busy(state: State, ctx: Context, reply: Reply) -> list[Reply]:
    """Answer, then repeat the open question if the worker is in the middle of something."""
    if state.flow in FLOWS and state.flow != "courses":
        return _reask(state, ctx, [reply])
    return [Reply(reply.text, MENU)]


COMMANDS = {
    "/start": "start",
    "/help": "help",
    "/plan": "plan",
    "/courses": "courses",
    "/funding": "funding",
    "/checkin": "checkin",
    "/pause": "pause",
    "/stop": "stop",
    "/mydata": "mydata",
    "/delete": "delete",
    "/coach": "coach",
    "/willitpay": "willitpay",
    "/support": "support",
    "/checkins": "checkins",
    "/jobs": "jobs",
}


def _command(state: State, event: Event, ctx: Context) -> Result:
    word = event.text.split()[0].lower().split("@")[0] if event.text.split() else ""
    action = COMMANDS.get(word)
    res = _menu_action(action, state, ctx) if action else None
    if res is not None:
        return res
    return Result(state, [Reply("Sorry, I don't know that command.\n\n" + HELP, MENU)])
