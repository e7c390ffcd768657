"""Check-in: pay, hours, job and course progress; celebrate progress; offer a coach if it's hard.

Started by the scheduler (start) or by /checkin. Everything is saved when the last answer
comes in, so a half-answered check-in is not counted as answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flows import checks
from flows.core import (
    Button,
    CompleteCheckin,
    Context,
    Event,
    RaiseFlag,
    Reply,
    Result,
    SaveEarnings,
    State,
    money,
    pressed,
    yes_no,
)
from flows.pay import percent_change, to_hourly
from flows.steps import Step
from nlu.normalise import apply_rise, likely_period

COURSE = {
    "none": "I haven't got a course yet",
    "waiting": "Not started yet",
    "good": "Going well",
    "hard": "Finding it hard",
    "done": "Finished it!",
    "stopped": "I stopped",
}


def start(ctx: Context, checkin_id: int | None) -> Result:
    name = f", {ctx.first_name}" if ctx.first_name else ""
    state = State("checkin", "pay", {"checkin_id": checkin_id, "answers": {}})
    return Result(
        state, [Reply(f"Hi{name}! Time for a quick check-in. It takes a minute."), ask(state, ctx)]
    )


def ask(state: State, ctx: Context) -> Reply:
    step = state.step
    if step == "pay":
        now = f" (last time: {money(ctx.hourly_pence)} an hour)" if ctx.hourly_pence else ""
        return Reply(
            f"Has your pay changed{now}?",
            [
                [Button("Same as before", "ci:pay:same"), Button("It went up", "ci:pay:up")],
                [Button("It went down", "ci:pay:down")],
            ],
        )
    if step == "pay_amount":
        return Reply(
            "What is your pay now? For example: £12.50 an hour.",
            [[Button("Skip this", "ci:pay:skip")]],
        )
    if step == "hours":
        now = f" (last time: {ctx.weekly_hours:g})" if ctx.weekly_hours else ""
        return Reply(
            f"How many hours a week are you working now{now}?",
            [[Button("Same as before", "ci:hrs:same")]],
        )
    if step == "job":
        return Reply(
            "Are you in the same job?",
            [[Button("Same job", "ci:job:same"), Button("New job", "ci:job:new")]],
        )
    if step == "job_text":
        return Reply(
            "Congratulations! What is your new job?", [[Button("Skip this", "ci:job:skip")]]
        )
    if step == "course":
        return Reply(
            "How is your course going?",
            [[Button(label, f"ci:crs:{key}")] for key, label in COURSE.items()],
        )
    if step == "help":
        return Reply(
            "That sounds hard. Would you like a coach to get in touch? It's free.",
            [[Button("Yes please", "ci:help:yes"), Button("No thanks", "ci:help:no")]],
        )
    return Reply("Thanks!")


def _go(state: State, step: str, ctx: Context, before: list[Reply] | None = None) -> Result:
    if step == "course" and not ctx.plan:
        # no course saved: don't ask how it is going
        d, a, new = _parts(state)
        a.setdefault("course", "none")
        res = finish(State("checkin", "course", d), ctx)
        return Result(res.state, [*(before or []), *res.replies], res.effects, res.lookup)
    new = State("checkin", step, state.data)
    return Result(new, [*(before or []), ask(new, ctx)])


def _parts(state: State) -> tuple[dict[str, Any], dict[str, Any], State]:
    d: dict[str, Any] = {**state.data, "answers": dict(state.data.get("answers", {}))}
    return d, d["answers"], State("checkin", state.step, d)


def _answer_pay(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    b = pressed(event, "ci:pay:")
    if b in ("same", "skip"):
        a.setdefault("pay", "same")
        return _go(new, "hours", ctx)
    if b in ("up", "down"):
        a["pay"] = b
        return _go(new, "pay_amount", ctx)
    v = event.v
    if v.rise is not None and ctx.hourly_pence:
        hourly = apply_rise(ctx.hourly_pence, v.rise)
        a["pay"], a["pay_pence"], a["pay_period"] = "up", hourly, "hour"
        return _go(new, "hours", ctx, [Reply(f"Well done! That makes {money(hourly)} an hour.")])
    if v.rise is not None:
        a["pay"] = "up"
        return _go(new, "pay_amount", ctx)
    m = v.money
    if m is None:
        if event.kind == "text" and event.intent == "deny" and state.step == "pay":
            a.setdefault("pay", "same")
            return _go(new, "hours", ctx)
        return None
    if getattr(m, "minimum_wage", False):
        rate = checks.legal_minimum(ctx.age_band, ctx.today)
        if rate is None:
            return None
        a["pay_pence"], a["pay_period"] = rate, "hour"
    else:
        # the hours come next, so a weekly or yearly amount is made hourly at the end
        a["pay_pence"], a["pay_period"] = m.pence, likely_period(m)
    return _go(
        new,
        "hours",
        ctx,
        [Reply(f"Got it: {money(a['pay_pence'])} {PER.get(a['pay_period'], '')}.")],
    )


def _answer_hours(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    if pressed(event, "ci:hrs:") == "same" or (
        event.kind == "text"
        and event.v.hours is None
        and re.search(r"\bsame\b", event.text.lower())
    ):
        a["hours"] = ctx.weekly_hours
        return _go(new, "job", ctx)
    h = event.v.hours
    if h is None or not (0 <= h <= 100):
        return None
    a["hours"] = float(h)
    return _go(new, "job", ctx)


_SAME_JOB = re.compile(
    r"\bsame\b|\bstill\b|\bno change|\bnot changed|n'?t changed|nothing'?s? changed"
)


def _answer_job(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    b = pressed(event, "ci:job:")
    same = event.kind == "text" and bool(_SAME_JOB.search(event.text.lower()))
    # "Are you in the same job?": yes is the same job, "nah" / "no" is a new one
    said = None if same or event.kind != "text" else yes_no(event, "ci:job")
    if b == "same" or same or said is True:
        return _go(new, "course", ctx)
    if b == "new" or event.intent == "new_job" or said is False:
        if event.v.job is not None:
            a["job_title"] = event.v.job.title
            return _go(new, "course", ctx)
        return _go(new, "job_text", ctx)
    if event.kind == "text" and event.intent == "affirm":
        return _go(new, "course", ctx)
    return None


def _answer_job_text(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    if pressed(event, "ci:job:") == "skip":
        return _go(new, "course", ctx)
    if event.v.job is None:
        return None
    a["job_title"] = event.v.job.title
    if event.v.job.sector:
        a["sector"] = event.v.job.sector
    return _go(new, "course", ctx)


def _answer_course(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    b = pressed(event, "ci:crs:")
    if b is None and event.intent in (
        "course_completed",
        "course_dropped",
        "struggling",
        "course_started",
    ):
        b = {
            "course_completed": "done",
            "course_dropped": "stopped",
            "struggling": "hard",
            "course_started": "good",
        }[event.intent]
    if b not in COURSE:
        return None
    a["course"] = b
    if b in ("hard", "stopped"):
        return _go(new, "help", ctx)
    return finish(new, ctx)


def _answer_help(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    b = pressed(event, "ci:help:")
    if b is None and event.intent in ("affirm", "ask_human"):
        b = "yes"
    elif b is None and event.intent == "deny":
        b = "no"
    if b not in ("yes", "no"):
        return None
    a["wants_coach"] = b == "yes"
    return finish(new, ctx)


def _skip_to(step: str) -> Callable[[State, Context], Result]:
    def skip(state: State, ctx: Context) -> Result:
        return _go(State("checkin", step, dict(state.data)), step, ctx)

    return skip


def _finish_now(state: State, ctx: Context) -> Result:
    return finish(state, ctx)


STEPS: dict[str, Step] = {
    "pay": Step(
        ask,
        _answer_pay,
        "money",
        frozenset({"pay_rise", "inform_pay", "checkin_update", "deny"}),
        ("hours", "pay_amount"),
        _skip_to("hours"),
        "your pay",
    ),
    "pay_amount": Step(
        ask,
        _answer_pay,
        "money",
        frozenset({"pay_rise", "inform_pay"}),
        ("hours",),
        _skip_to("hours"),
        "your pay",
    ),
    "hours": Step(
        ask,
        _answer_hours,
        "hours",
        frozenset({"inform_hours", "checkin_update"}),
        ("job",),
        _skip_to("job"),
        "your hours",
    ),
    "job": Step(
        ask,
        _answer_job,
        "yes_no",
        frozenset({"new_job", "inform_job"}),
        ("course", "job_text"),
        _skip_to("course"),
        "your job",
    ),
    "job_text": Step(
        ask,
        _answer_job_text,
        "job",
        frozenset({"new_job", "inform_job"}),
        ("course",),
        _skip_to("course"),
        "your new job",
    ),
    "course": Step(
        ask,
        _answer_course,
        "choice",
        frozenset({"course_started", "course_completed", "course_dropped", "struggling"}),
        ("help", "menu"),
        _finish_now,
        "your course",
    ),
    "help": Step(
        ask,
        _answer_help,
        "yes_no",
        frozenset({"ask_human", "affirm", "deny"}),
        ("menu",),
        _finish_now,
        "the check-in",
    ),
}
PER = {
    "hour": "an hour",
    "day": "a day",
    "week": "a week",
    "fortnight": "a fortnight",
    "four_weeks": "every 4 weeks",
    "month": "a month",
    "year": "a year",
}


def handle(state: State, event: Event, ctx: Context) -> Result | None:
    step = STEPS.get(state.step)
    return step.answer(state, event, ctx) if step else None


def finish(state: State, ctx: Context) -> Result:
    a = dict(state.data.get("answers", {}))
    hours = a.get("hours") if a.get("hours") is not None else ctx.weekly_hours
    if a.get("pay_pence"):
        a["hourly_pence"] = to_hourly(a["pay_pence"], a["pay_period"], hours)
    hourly = a.get("hourly_pence") or ctx.hourly_pence
    effects: list[Any] = [
        SaveEarnings(
            hourly_pence=hourly,
            weekly_hours=hours,
            job_title=a.get("job_title") or ctx.job_title,
            sector=a.get("sector") or ctx.sector,
            contract_type=ctx.contract_type,
            source="checkin",
            amount_pence=a.get("pay_pence") if a.get("pay_pence") else ctx.pay_amount_pence,
            period=a.get("pay_period") if a.get("pay_pence") else ctx.pay_period,
        ),
        CompleteCheckin(state.data.get("checkin_id"), dict(a)),
    ]
    lines = ["Thanks for checking in!"]
    base = ctx.baseline_hourly_pence
    if hourly and base and hourly > base:
        lines.append(
            f"🎉 Your pay is up {percent_change(base, hourly)}% since you started. "
            "That's brilliant!"
        )
    if a.get("job_title"):
        lines.append(f"Well done on the new job as {a['job_title']}!")
    if a.get("course") == "done":
        lines.append("🎓 You finished your course. Amazing work!")
    elif a.get("course") == "good":
        lines.append("Great to hear the course is going well. Keep it up!")
    if a.get("course") == "hard":
        effects.append(RaiseFlag("struggling", "Finding the course hard (check-in)"))
    if a.get("course") == "stopped":
        effects.append(RaiseFlag("struggling", "Stopped the course (check-in)"))
    if a.get("wants_coach"):
        effects.append(RaiseFlag("asked_for_human", "Asked for a coach at check-in"))
        lines.append("I've asked a coach to get in touch with you soon.")
    elif a.get("course") in ("hard", "stopped"):
        lines.append('OK. If you change your mind, just say "talk to a coach".')
    buttons = [[Button("Find courses", "menu:courses"), Button("My plan", "menu:plan")]]
    return Result(State("menu", "idle", {}), [Reply("\n".join(lines), buttons)], effects)
