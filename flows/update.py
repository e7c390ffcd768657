"""Changes said at any time: a pay rise, a new pay, a promotion or new job, new hours.

"wages went up by 40p" is a rise added to the pay we know, never a new pay of 40p; "I've been
promoted to senior carer" changes the job title, then asks about the pay. Every change is a new
EarningsRecord (source "update"), so the coach sees pay over time.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flows import checks
from flows.checks import Underpaid
from flows.core import Button, Context, Event, Reply, Result, SaveEarnings, State, money, yes_no
from flows.pay import percent_change, to_hourly
from flows.steps import Step
from nlu.jobs import parse_job, wants_jobs
from nlu.normalise import apply_rise, likely_period

MENU_BUTTONS = [[Button("Find courses", "menu:courses"), Button("My plan", "menu:plan")]]


def _pay_now(state: State, ctx: Context) -> int | None:
    return state.data.get("hourly_pence") or ctx.hourly_pence


def _save(
    ctx: Context,
    *,
    hourly: int | None = None,
    hours: float | None = None,
    job_title: str | None = None,
    sector: str | None = None,
    given: tuple[int, str] | None = None,
) -> SaveEarnings:
    if given is None and hourly is not None:
        given = (hourly, "hour")
    amount, period = given if given is not None else (ctx.pay_amount_pence, ctx.pay_period)
    return SaveEarnings(
        amount_pence=amount,
        period=period,
        hourly_pence=hourly if hourly is not None else ctx.hourly_pence,
        weekly_hours=hours if hours is not None else ctx.weekly_hours,
        job_title=job_title or ctx.job_title,
        sector=sector or ctx.sector,
        contract_type=ctx.contract_type,
        source="update",
    )


def _done(state: State, lines: list[str], effects: list[Any], ctx: Context) -> Result:
    """Back to where the worker was (the router resumes a side trip), or the menu."""
    return Result(
        State("menu", "idle", {k: v for k, v in state.data.items() if k == "_resume"}),
        [Reply("\n".join(lines), MENU_BUTTONS)],
        effects,
    )


def saved_pay(
    state: State,
    hourly: int,
    ctx: Context,
    confirmed: bool = False,
    said: str = "",
    given: tuple[int, str] | None = None,
) -> Result:
    """Save a new hourly pay, after reading back one that looks like a typo."""
    if not confirmed and checks.pay_doubt(hourly, ctx.age_band, ctx.today, ctx.contract_type):
        new = State(
            "update",
            "pay_check",
            {
                **state.data,
                "pending_pence": hourly,
                "pending_given": list(given) if given else None,
            },
        )
        return Result(new, [ask(new, ctx)])
    before = ctx.hourly_pence
    under = checks.underpaid(hourly, ctx.age_band, ctx.today, contract=ctx.contract_type)
    if state.data.get("_correction"):
        lines = [f"Thanks, I've changed your pay to {money(hourly)} an hour."]
    elif under is not None or (before and hourly <= before):  # no praise for a cut
        lines = [f"Thanks. {said}I've saved your new pay: {money(hourly)} an hour."]
    else:
        lines = [f"Well done! {said}I've saved your new pay: {money(hourly)} an hour."]
    base = ctx.baseline_hourly_pence
    if base and hourly > base and not state.data.get("_correction"):
        lines.append(f"🎉 Your pay is up {percent_change(base, hourly)}% since you started.")
    job = state.data.get("job_title")
    effects: list[Any] = [
        _save(ctx, hourly=hourly, job_title=job, sector=state.data.get("sector"), given=given)
    ]
    if under is not None:
        # saved, then the kind note and the offer to tell the coach (only if they say yes)
        keep = {k: v for k, v in state.data.items() if k == "_resume"}
        new = State("update", "underpaid", {**keep, "underpaid": under.as_data()})
        return Result(new, [Reply("\n".join(lines)), ask(new, ctx)], effects)
    return _done(state, lines, effects, ctx)


def pay_from(state: State, event: Event, ctx: Context) -> Result | None:
    """A rise or a new pay in the text, saved; None when the text has neither."""
    v = event.v
    if v.rise is not None:
        now = _pay_now(state, ctx)
        if not now:
            new = State("update", "pay", {**state.data})
            return Result(
                new,
                [
                    Reply(
                        "Good news about the rise! What is your pay now, with "
                        "the rise? For example: £12.50 an hour."
                    )
                ],
            )
        hourly = apply_rise(now, v.rise)
        if v.rise.percent is not None:
            said = f"A {v.rise.percent:g}% rise on {money(now)} is {money(hourly)}. "
        else:
            said = f"{money(now)} plus {money(hourly - now)} is {money(hourly)}. "
        return saved_pay(state, hourly, ctx, said=said)
    m = v.money
    if m is None:
        return None
    if getattr(m, "minimum_wage", False):
        legal = checks.legal_minimum(ctx.age_band, ctx.today)
        return saved_pay(state, legal, ctx, confirmed=True) if legal else None
    period = likely_period(m)
    given = to_hourly(m.pence, period, ctx.weekly_hours)
    return saved_pay(state, given, ctx, given=(m.pence, period)) if given else None


def _ask_pay(state: State, ctx: Context) -> Reply:
    return Reply(
        "What is your pay now? For example: £12.50 an hour.", [[Button("Skip this", "up:skip")]]
    )


def _answer_pay(state: State, event: Event, ctx: Context) -> Result | None:
    if event.kind == "button" and event.text == "up:skip":
        return _skip(state, ctx)
    return pay_from(state, event, ctx)


def _ask_pay_check(state: State, ctx: Context) -> Reply:
    return checks.confirm_pay(
        int(state.data.get("pending_pence") or 0), "upc", ctx.age_band, ctx.today
    )


def _answer_pay_check(state: State, event: Event, ctx: Context) -> Result | None:
    said = yes_no(event, "upc") if event.v.money is None else None
    b = None if said is None else "yes" if said else "no"
    if b == "yes":
        pg = state.data.get("pending_given")
        given = (int(pg[0]), str(pg[1])) if isinstance(pg, list) and len(pg) == 2 else None
        return saved_pay(
            state, int(state.data.get("pending_pence") or 0), ctx, confirmed=True, given=given
        )
    if b == "no":
        new = State("update", "pay", {k: v for k, v in state.data.items() if k != "pending_pence"})
        return Result(new, [Reply("OK, let's try again."), ask(new, ctx)])
    return pay_from(state, event, ctx)


def _ask_underpaid(state: State, ctx: Context) -> Reply:
    u = Underpaid.from_data(state.data.get("underpaid"))
    if u is not None:
        return checks.underpaid_reply(u)
    return Reply(
        "Shall I tell your coach about your pay?",
        [[Button("Yes, tell my coach", "uw:yes"), Button("No thanks", "uw:no")]],
    )


def _answer_underpaid(state: State, event: Event, ctx: Context) -> Result | None:
    told = checks.underpaid_choice(event)
    if told is None and event.intent == "ask_human":
        told = True
    if told is None:
        return None
    u = Underpaid.from_data(state.data.get("underpaid"))
    effects = [checks.underpaid_flag(u)] if told else []
    return _done(state, [checks.underpaid_answered(told).text], effects, ctx)


def _skip_underpaid(state: State, ctx: Context) -> Result:
    return _done(state, ["OK. Your new pay is saved."], [], ctx)


def _ask_job(state: State, ctx: Context) -> Reply:
    return Reply("Congratulations! What is your new job?", [[Button("Skip this", "up:skip")]])


def job_from(state: State, event: Event, ctx: Context) -> Result | None:
    """A new job or promotion: save the title, then ask if the pay changed (or save it too)."""
    job = event.v.job
    if job is None or (event.kind == "text" and not _names_a_job(event)):
        return None
    # what it was, so "no i didnt get a job" straight after can put it back
    was = {"was_job": ctx.job_title, "was_sector": ctx.sector}
    d = {**state.data, **was, "job_title": job.title, "sector": job.sector or ctx.sector}
    if event.v.money is not None or event.v.rise is not None:
        res = pay_from(State("update", "pay", d), event, ctx)
        if res is not None:
            return res
    new = State("update", "job_pay", d)
    return Result(
        new,
        [Reply(f"Congratulations on the new job as {job.title.lower()}! 🎉"), ask(new, ctx)],
        [_save(ctx, job_title=job.title, sector=d["sector"])],
    )


_NOT_NEWS = re.compile(
    r"\b(?:didn'?t|did\s+not|haven'?t|havent|have\s+not|not|never|no)\s+(?:\w+\s+)?"
    r"(?:get|got|had|have|start(?:ed)?|a|any)\s+(?:a\s+|any\s+|the\s+)?(?:new\s+)?job\b"
    r"|\bno(?:t)?\s+(?:a\s+)?new\s+job\b"
)


def _names_a_job(event: Event) -> bool:
    """Typed words that can be a new job's title: not a search ("jobs in leeds"), not times
    ("days only" had been saved as a job), not a denial ("no i didnt get a job")."""
    low = event.text.lower().replace("’", "'")
    v = event.v
    if wants_jobs(event.text) or _NOT_NEWS.search(low):
        return False
    said_times = bool(v.days or v.time_ranges or v.pattern)
    return not said_times or parse_job(event.text) is not None  # "night security guard"


def _put_back(state: State, ctx: Context) -> Result:
    """ "no i didnt get a job" straight after a job was saved from their words: the old job
    goes back, and we say sorry (it had said "OK, I've saved your new job")."""
    was, sector = state.data.get("was_job"), state.data.get("was_sector")
    effects = [_save(ctx, job_title=str(was), sector=sector)] if was else []
    back = f" I've put your job back to {str(was).lower()}." if was else ""
    return _done(state, [f"Sorry, my mistake.{back}"], effects, ctx)


def _answer_job(state: State, event: Event, ctx: Context) -> Result | None:
    if event.kind == "button" and event.text == "up:skip":
        return _skip(state, ctx)
    if event.kind == "text" and (yes_no(event, "up") is False or event.intent == "deny"):
        return _skip(state, ctx)  # "no i haven't got a new job": nothing to save
    return job_from(state, event, ctx)


def _ask_job_pay(state: State, ctx: Context) -> Reply:
    return Reply(
        "Did your pay change too?",
        [[Button("Yes, it went up", "upj:yes"), Button("No, same pay", "upj:no")]],
    )


def _answer_job_pay(state: State, event: Event, ctx: Context) -> Result | None:
    if event.kind == "text" and _NOT_NEWS.search(event.text.lower().replace("’", "'")):
        return _put_back(state, ctx)
    if event.kind == "text":
        res = pay_from(state, event, ctx)
        if res is not None:
            return res
    said = yes_no(event, "upj")
    b = None if said is None else "yes" if said else "no"
    if b == "yes":
        new = State("update", "pay", dict(state.data))
        return Result(new, [ask(new, ctx)])
    if b == "no":
        return _done(state, ["OK, I've saved your new job."], [], ctx)
    return None


def _ask_hours(state: State, ctx: Context) -> Reply:
    return Reply("How many hours a week do you work now?", [[Button("Skip this", "up:skip")]])


def _answer_hours(state: State, event: Event, ctx: Context) -> Result | None:
    if event.kind == "button" and event.text == "up:skip":
        return _skip(state, ctx)
    h = event.v.hours
    if h is None or not (Decimal(0) < h <= 100):
        return None
    if checks.hours_doubt(h) and state.data.get("pending_hours") != float(h):
        new = State("update", "hours", {**state.data, "pending_hours": float(h)})
        return Result(
            new,
            [
                Reply(
                    f"Just to check: {h:g} hours a week? Type it again to "
                    "confirm, or type the right number."
                )
            ],
        )
    return _done(
        state, [f"Thanks. I've saved {h:g} hours a week."], [_save(ctx, hours=float(h))], ctx
    )


def _skip(state: State, ctx: Context) -> Result:
    return _done(state, ["OK, no change saved."], [], ctx)


def start(step: str, ctx: Context, before: list[Reply] | None = None) -> Result:
    new = State("update", step, {})
    return Result(new, [*(before or []), ask(new, ctx)])


STEPS: dict[str, Step] = {
    "pay": Step(
        _ask_pay,
        _answer_pay,
        "money",
        frozenset({"pay_rise", "inform_pay"}),
        ("menu", "pay_check", "underpaid"),
        _skip,
        "your new pay",
    ),
    "pay_check": Step(
        _ask_pay_check,
        _answer_pay_check,
        "yes_no",
        frozenset({"affirm", "deny", "inform_pay"}),
        ("menu", "pay", "underpaid"),
        _skip,
        "your new pay",
        confirm=True,
    ),
    "underpaid": Step(
        _ask_underpaid,
        _answer_underpaid,
        "yes_no",
        frozenset({"affirm", "deny", "ask_human"}),
        ("menu",),
        _skip_underpaid,
        "your pay",
        confirm=True,
    ),
    "job": Step(
        _ask_job,
        _answer_job,
        "job",
        frozenset({"new_job", "inform_job"}),
        ("job_pay", "menu", "underpaid"),
        _skip,
        "your new job",
    ),
    "job_pay": Step(
        _ask_job_pay,
        _answer_job_pay,
        "yes_no",
        frozenset({"affirm", "deny", "pay_rise", "inform_pay"}),
        ("pay", "menu", "underpaid"),
        _skip,
        "your new pay",
    ),
    "hours": Step(
        _ask_hours,
        _answer_hours,
        "hours",
        frozenset({"inform_hours"}),
        ("menu",),
        _skip,
        "your hours",
    ),
}


def ask(state: State, ctx: Context) -> Reply:
    step = STEPS.get(state.step)
    return step.ask(state, ctx) if step else Reply("What's changed?")


def handle(state: State, event: Event, ctx: Context) -> Result | None:
    step = STEPS.get(state.step)
    return step.answer(state, event, ctx) if step else None
