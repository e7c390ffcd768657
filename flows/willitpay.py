""" "Will it pay?": take-home now and after a higher rate, more hours, or both.

Asks what to compare, the new rate and/or hours, whether they get Universal Credit, and (on UC)
children or limited capability for work and help with rent; a Plan 5 loan only when the new pay
is over the repayment threshold. Then shows takehome.compare in plain words. The worker's pay
and hours come from the context (ctx.hourly_pence, ctx.weekly_hours); if either is missing we
ask for it first. Pure: no I/O, nothing saved (these are "what if" answers).

Button data: `wp:<what>:<value>` (see STEPS below).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flows.core import (
    Button,
    Context,
    Event,
    Reply,
    Result,
    State,
    money,
    pressed,
    rows,
    yes_no,
)
from flows.pay import to_hourly
from flows.steps import Step
from labour_market import pay_message
from nlu.normalise import likely_period
from support import carers_allowance_warning, carers_earnings
from takehome import Household, Job, NotModelled, compare, render_comparison
from takehome.rules import ALL_RULES, Rules, RulesNotAvailable, rules_for

FLOW = "willitpay"
WHAT = {
    "rate": "A higher hourly rate",
    "hours": "More hours",
    "both": "Compare both",
    "offer": "A job offer (pay and hours)",
}
# A job offer's pay may be lower and its hours fewer than now: only these bounds apply.
MIN_OFFER_PENCE = 100
MAX_HOURS = 70
DONE_BUTTONS = [[Button("Find courses", "menu:courses"), Button("My plan", "menu:plan")]]


def start(
    ctx: Context, before: list[Reply] | None = None, said: dict[str, Any] | None = None
) -> Result:
    """`said`: the plan being made, whose pay and hours are not saved yet (they had been
    asked for again: "First, what is your pay now?")."""
    d: dict[str, Any] = {}
    pay = ctx.hourly_pence or (said or {}).get("hourly_pence")
    hours = ctx.weekly_hours or (said or {}).get("hours")
    if isinstance(pay, int | float) and pay > 0:
        d["now_pay"] = int(pay)
    if isinstance(hours, int | float) and 0 < hours <= MAX_HOURS:
        d["now_hours"] = float(hours)
    if "childcare" in ctx.barriers:  # they told us about their children when setting goals
        d["kids"] = "children"
    state = State(FLOW, _first_missing(d), d)
    return Result(state, [*(before or []), ask(state, ctx)])


_AT_RATE = re.compile(r"\b(?:at|on)\s+£?(\d{1,2}(?:[.,]\d{1,2})?)(?![\d.,]|\s*(?:hours?|hrs?)\b)")


def _at_rate(text: str) -> int | None:
    """ "take home at 14" / "on 14.50": in this question a bare number after at/on is an
    hourly rate (the general reader leaves a bare number alone when hours are also said)."""
    m = _AT_RATE.search(text.lower())
    return round(float(m.group(1).replace(",", ".")) * 100) if m else None


def start_from(ctx: Context, event: Event, said: dict[str, Any] | None = None) -> Result:
    """ "what would I take home at £14?", "what if I did 30 hours?": start with what they
    asked already filled in, so they aren't asked it again."""
    res = start(ctx, said=said)
    state = res.state
    if state is None or state.step != "what" or event.kind != "text":
        return res
    d = _what_said(state.data, event)
    household = _household_said(event.text)
    if d is None and household:  # "yes i get uc": kept, so it is not asked again
        state = State(FLOW, state.step, {**state.data, **household})
        noted = [Reply("Thanks. I'll count your Universal Credit.")] if "uc" in household else []
        res = Result(state, [*noted, *res.replies])
    if d is None and re.search(r"\bmore\s+hours\b|\bextra\s+hours\b", event.text.lower()):
        return _go(state, {**state.data, "what": "hours"}, "hours", ctx)  # "will more hours pay"
    return res if d is None else _next_household(state, d, ctx)


def _what_said(data: dict[str, Any], event: Event) -> dict[str, Any] | None:
    """What to compare, from the words: a pay and hours together are a job offer ("they
    offered me 13.20 for 30 hrs"), a higher pay or more hours alone the rise or the hours."""
    v = event.v
    now_pay = int(data.get("now_pay") or 0)
    now_hours = float(data.get("now_hours") or 0)
    rate = _hourly(event, now_hours) if v.said_money is not None else _at_rate(event.text)
    hours = float(v.said_hours) if v.said_hours is not None else None
    d = dict(data)
    if rate and rate >= MIN_OFFER_PENCE and hours and 0 < hours <= MAX_HOURS:
        d.update({"what": "offer", "rate": rate, "hours": hours})
    elif rate and rate > now_pay:
        d.update({"what": "rate", "rate": rate})
    elif hours and now_hours < hours <= MAX_HOURS:
        d.update({"what": "hours", "hours": hours})
    else:
        return None
    return {**d, **_household_said(event.text)}


_OFFER = re.compile(r"\boffer(?:ed|s)?\b|\bnew\s+job\b|\bother\s+job\b")
_ON_UC = re.compile(r"\b(?:on|get|getting|claim|claiming|have)\s+(?:uc|universal\s*credit)\b")
_NOT_UC = re.compile(r"\b(?:not|no|don'?t\s+get|never)\s+(?:on\s+)?(?:uc|universal\s*credit)\b")
_HAS_KIDS = re.compile(
    r"\b(?:\d+|one|two|three|four|five|a|my|the|have|got|with)\s+(?:kids?|children|child|"
    r"little\s+ones?)\b|\b(?:single\s+(?:mum|mam|dad|parent))\b"
)


def _household_said(text: str) -> dict[str, str]:
    """ "on uc with 2 kids" in the question: those answers, so they are not asked again."""
    low = text.lower()
    said: dict[str, str] = {}
    if _NOT_UC.search(low):
        said["uc"] = "no"
    elif _ON_UC.search(low):
        said["uc"] = "yes"
    if _HAS_KIDS.search(low):
        said["kids"] = "children"
    return said


def _next_household(state: State, d: dict[str, Any], ctx: Context) -> Result:
    """Ask about Universal Credit and children only when we don't know yet."""
    if "uc" not in d:
        return _go(state, d, "uc", ctx)
    if d["uc"] == "yes" and "kids" not in d:
        return _go(state, d, "kids", ctx)
    if d["uc"] == "yes" and d.get("kids") != "none" and "rent" not in d:
        return _go(state, d, "rent", ctx)
    return _after_uc(state, d, ctx)


def _first_missing(d: dict[str, Any]) -> str:
    if not d.get("now_pay"):
        return "now_pay"
    if not d.get("now_hours"):
        return "now_hours"
    return "what"


# --- questions ---------------------------------------------------------------------------------
def _ask_now_pay(state: State, ctx: Context) -> Reply:
    return Reply("First, what is your pay now? For example: £12.71 an hour.")


def _ask_now_hours(state: State, ctx: Context) -> Reply:
    return Reply(
        "How many hours do you work in a normal week?",
        rows(
            ("16", "wp:nh:16"),
            ("20", "wp:nh:20"),
            ("30", "wp:nh:30"),
            ("37.5", "wp:nh:37.5"),
            per_row=4,
        ),
    )


def _ask_what(state: State, ctx: Context) -> Reply:
    d = state.data
    return Reply(
        f"Let's see what you'd really keep. Now you get {money(int(d.get('now_pay') or 0))} an "
        f"hour for {float(d.get('now_hours') or 0):g} hours a week. What do you want to check?",
        rows(*[(label, f"wp:what:{key}") for key, label in WHAT.items()], per_row=1),
    )


def _ask_rate(state: State, ctx: Context) -> Reply:
    lines = ["What hourly pay are you thinking of? For example: £13.50 an hour."]
    if ctx.target_role:
        lines.append(pay_message(ctx.target_role, ctx.target_sector or ctx.sector))
    buttons = []
    goal = ctx.target_hourly_pence
    if goal and goal > int(state.data.get("now_pay") or 0):
        buttons = [[Button(f"My pay goal ({money(goal)})", "wp:rate:goal")]]
    return Reply("\n".join(lines), buttons)


def _ask_hours(state: State, ctx: Context) -> Reply:
    now = float(state.data.get("now_hours") or 0)
    if state.data.get("what") == "offer":
        return Reply(
            f"How many hours a week is the job? Now you work {now:g}.",
            rows(*[(f"{h:g}", f"wp:hrs:{h:g}") for h in (16, 20, 30, 37.5)], per_row=4),
        )
    options = [h for h in (now + 4, now + 8, now + 16, 37.5) if now < h <= MAX_HOURS]
    options = sorted(set(options))[:4]
    return Reply(
        f"How many hours a week would you work? Now it's {now:g}.",
        rows(*[(f"{h:g}", f"wp:hrs:{h:g}") for h in options], per_row=4),
    )


def _ask_uc(state: State, ctx: Context) -> Reply:
    return Reply(
        "Do you get Universal Credit?",
        rows(("Yes", "wp:uc:yes"), ("No", "wp:uc:no"), ("Not sure", "wp:uc:unsure"), per_row=3),
    )


def _ask_kids(state: State, ctx: Context) -> Reply:
    return Reply(
        "Do you have children? Or has Universal Credit said you have limited capability for "
        "work (LCW)? This changes how much you can earn before UC goes down.",
        rows(
            ("I have children", "wp:kids:children"),
            ("I have LCW", "wp:kids:lcw"),
            ("Neither", "wp:kids:none"),
            per_row=1,
        ),
    )


def _ask_rent(state: State, ctx: Context) -> Reply:
    return Reply(
        "Does your Universal Credit help pay your rent?",
        rows(("Yes", "wp:rent:yes"), ("No", "wp:rent:no"), per_row=2),
    )


def _ask_loan(state: State, ctx: Context) -> Reply:
    return Reply(
        "Will you be paying back an Advanced Learner Loan (for a course)?",
        rows(("Yes", "wp:loan:yes"), ("No", "wp:loan:no"), per_row=2),
    )


def ask(state: State, ctx: Context) -> Reply:
    step = STEPS.get(state.step)
    return step.ask(state, ctx) if step else Reply("Let's carry on.")


# --- answers -----------------------------------------------------------------------------------
def _yes_no(event: Event, prefix: str) -> str | None:
    """A tapped button's value, or a typed yes or no ("yes" typed at "Do you get Universal
    Credit?" had been "didn't get that" when the NLU was unsure)."""
    b = pressed(event, prefix)
    if b is None and event.kind == "text":
        said = yes_no(event, prefix.rstrip(":"))
        b = None if said is None else "yes" if said else "no"
    return b


def _go(
    state: State, d: dict[str, Any], step: str, ctx: Context, before: list[Reply] | None = None
) -> Result:
    new = State(FLOW, step, d)
    return Result(new, [*(before or []), ask(new, ctx)])


def _hourly(event: Event, hours: float | None) -> int | None:
    m = event.v.money
    if m is None or getattr(m, "minimum_wage", False):
        return None
    return to_hourly(m.pence, likely_period(m), hours)


def _answer_now_pay(state: State, event: Event, ctx: Context) -> Result | None:
    hours = event.v.said_hours if event.kind == "text" else None
    d = dict(state.data)
    if hours is not None and 0 < hours <= MAX_HOURS and not d.get("now_hours"):
        d["now_hours"] = float(hours)  # "£13.40 an hour days 37.5 hrs": both, not asked again
    hourly = _hourly(event, d.get("now_hours"))
    if not hourly or hourly < 100:
        return None
    d["now_pay"] = hourly
    return _go(state, d, _first_missing(d), ctx)


def _read_hours(event: Event, prefix: str) -> float | None:
    raw = pressed(event, prefix)
    try:
        hours = Decimal(raw) if raw is not None else event.v.hours
    except ArithmeticError:
        return None
    if hours is None or not 0 < hours <= MAX_HOURS:
        return None
    return float(hours)


def _answer_now_hours(state: State, event: Event, ctx: Context) -> Result | None:
    hours = _read_hours(event, "wp:nh:")
    if hours is None:
        return None
    d = {**state.data, "now_hours": hours}
    return _go(state, d, _first_missing(d), ctx)


def _answer_what(state: State, event: Event, ctx: Context) -> Result | None:
    what = pressed(event, "wp:what:")
    said = _what_said(state.data, event) if what is None and event.kind == "text" else None
    if said is not None:  # "they offered me 13.20 for 30 hrs": straight to the sums
        return _next_household(state, said, ctx)
    if what is None and event.kind == "text" and _OFFER.search(event.text.lower()):
        what = "offer"
    if what is None and event.kind == "text":
        low = event.text.lower()
        rate, hours = ("rate" in low or "pay" in low or "rise" in low), "hour" in low
        what = (
            "both"
            if ("both" in low or (rate and hours))
            else ("rate" if rate else "hours" if hours else None)
        )
    if what not in WHAT:
        return None
    d = {**state.data, "what": what}
    return _go(state, d, "hours" if what == "hours" else "rate", ctx)


def _answer_rate(state: State, event: Event, ctx: Context) -> Result | None:
    now = int(state.data.get("now_pay") or 0)
    offer = state.data.get("what") == "offer"
    if pressed(event, "wp:rate:") == "goal" and ctx.target_hourly_pence:
        rate = int(ctx.target_hourly_pence)
    else:
        rate = _hourly(event, state.data.get("now_hours")) or 0
    if rate <= 0 or (offer and rate < MIN_OFFER_PENCE):
        return None
    if offer:  # a job offer may pay less than now: worth knowing too
        d = {**state.data, "rate": rate}
        hours = event.v.said_hours if event.kind == "text" else None
        if hours is not None and 0 < hours <= MAX_HOURS:  # "13.00 an hour 30 hours"
            return _next_household(state, {**d, "hours": float(hours)}, ctx)
        return _go(state, d, "hours", ctx)
    if rate <= now:
        return Result(
            state,
            [
                Reply(
                    f"That's not more than your {money(now)} an hour now. "
                    "What higher rate shall we try?"
                )
            ],
        )
    d = {**state.data, "rate": rate}
    if d.get("what") == "both":
        return _go(state, d, "hours", ctx)
    return _next_household(state, d, ctx)


def _answer_hours(state: State, event: Event, ctx: Context) -> Result | None:
    v = event.v
    if event.kind == "text" and v.said_money is not None and v.said_hours is None:
        # "oh sorry i meant 15 quid an hour not hours": a higher rate after all
        switched = _answer_rate(State(FLOW, "rate", {**state.data, "what": "rate"}), event, ctx)
        if switched is not None:
            return switched
    hours = _read_hours(event, "wp:hrs:")
    if hours is None:
        return None
    now = float(state.data.get("now_hours") or 0)
    if state.data.get("what") == "offer":
        return _next_household(state, {**state.data, "hours": hours}, ctx)
    if hours <= now:
        return Result(
            state,
            [
                Reply(
                    f"That's not more than your {now:g} hours now. How many "
                    "hours a week would you work?",
                    ask(state, ctx).buttons,
                )
            ],
        )
    d = {**state.data, "hours": hours}
    return _next_household(state, d, ctx)


def _answer_uc(state: State, event: Event, ctx: Context) -> Result | None:
    b = _yes_no(event, "wp:uc:")
    if b is None and event.kind == "text" and "not sure" in event.text.lower():
        b = "unsure"
    if b not in ("yes", "no", "unsure"):
        return None
    d = {**state.data, "uc": b, **_household_said(event.text if event.kind == "text" else "")}
    d["uc"] = b
    return _next_household(state, d, ctx)


def _answer_kids(state: State, event: Event, ctx: Context) -> Result | None:
    b = pressed(event, "wp:kids:")
    if b is None and event.kind == "text":
        low = event.text.lower()
        if any(w in low for w in ("child", "kid", "son", "daughter", "baby")):
            b = "children"
        elif "lcw" in low or "capability" in low:
            b = "lcw"
        elif event.intent == "deny" or re.search(r"\b(?:neither|none|no|nope)\b", low):
            b = "none"
    if b not in ("children", "lcw", "none"):
        return None
    d = {**state.data, "kids": b}
    return _next_household(state, d, ctx)


_RENTS = re.compile(r"\b(?:rent|renting|council|housing|landlord|private let)\b")
_NO_RENT = re.compile(r"\b(?:own|mortgage|live with|living with|parents|mum|mam|dad|nan)\b")


def _answer_rent(state: State, event: Event, ctx: Context) -> Result | None:
    b = _yes_no(event, "wp:rent:")
    if b is None and event.kind == "text":  # "i rent from the council", "i live with my mum"
        low = event.text.lower()
        b = "no" if _NO_RENT.search(low) else "yes" if _RENTS.search(low) else None
    if b not in ("yes", "no"):
        return None
    return _after_uc(state, {**state.data, "rent": b == "yes"}, ctx)


def _answer_loan(state: State, event: Event, ctx: Context) -> Result | None:
    b = _yes_no(event, "wp:loan:")
    if b not in ("yes", "no"):
        return None
    return show(State(FLOW, "loan", {**state.data, "loan": b == "yes"}), ctx)


# --- the answer --------------------------------------------------------------------------------
def _rules(ctx: Context) -> Rules:
    try:
        return rules_for(ctx.today)
    except RulesNotAvailable:
        return ALL_RULES[max(ALL_RULES)]


def _jobs(d: dict[str, Any], loan: bool) -> list[tuple[str, Job, Job]]:
    pay, hours = int(d["now_pay"]), float(d["now_hours"])
    now = Job(pay, hours)
    what = d.get("what")
    out = []
    if what in ("rate", "both") and d.get("rate"):
        out.append(("A higher rate", now, Job(int(d["rate"]), hours, plan5_loan=loan)))
    if what in ("hours", "both") and d.get("hours"):
        out.append(("More hours", now, Job(pay, float(d["hours"]), plan5_loan=loan)))
    if what == "offer" and d.get("rate") and d.get("hours"):
        offered = Job(int(d["rate"]), float(d["hours"]), plan5_loan=loan)
        out.append(("The job offer", now, offered))
    return out


def _after_uc(state: State, d: dict[str, Any], ctx: Context) -> Result:
    """Ask about a loan only when the new pay is over the Plan 5 threshold."""
    missing = _first_missing(d)
    if missing != "what" or d.get("what") not in WHAT:
        # an old or half-lost state (found by the flow fuzz test): ask what is missing
        return _go(state, d, missing if missing != "what" else "what", ctx)
    rules = _rules(ctx)
    over = any(after.annual_gross > rules.plan5_threshold for _, _, after in _jobs(d, False))
    if over:
        return _go(state, d, "loan", ctx)
    return show(State(FLOW, state.step, {**d, "loan": False}), ctx)


def household(d: dict[str, Any], age_band: str | None = None) -> Household:
    on_uc = d.get("uc") == "yes"
    kids = d.get("kids")
    return Household(
        on_uc=on_uc,
        children=1 if on_uc and kids == "children" else 0,
        limited_capability=on_uc and kids == "lcw",
        housing_element=bool(d.get("rent")),
        under_22=age_band in ("under_18", "18_20"),
    )


def show(state: State, ctx: Context) -> Result:
    d = state.data
    if _first_missing(d) != "what":
        return _go(state, dict(d), _first_missing(d), ctx)
    rules = _rules(ctx)
    hh = household(d, ctx.age_band)
    replies: list[Reply] = []
    kept: list[tuple[str, int]] = []
    for label, before, after in _jobs(d, bool(d.get("loan"))):
        try:
            c = compare(before, after, hh, rules)
        except NotModelled:
            replies.append(
                Reply(
                    f"{label}: that pay is over £50,270 a year, and I can't work "
                    "that out well. Try entitledto or Turn2us (both free)."
                )
            )
            continue
        title = f"{label}:\n" if d.get("what") == "both" else ""
        replies.append(Reply(title + render_comparison(c)))
        kept.append((label, c.extra_kept_weekly))
        if "caring" in ctx.barriers:
            wb, wa = c.weekly_before, c.weekly_after
            warning = carers_allowance_warning(
                carers_earnings(wb.gross, wb.tax, wb.ni, wb.pension),
                carers_earnings(wa.gross, wa.tax, wa.ni, wa.pension),
            )
            if warning:
                replies.append(Reply(warning))
    if len(kept) == 2:
        (a, ka), (b, kb) = kept
        if ka != kb:
            best, diff = (a, ka - kb) if ka > kb else (b, kb - ka)
            replies.append(Reply(f"{best} leaves you about {money(diff)} a week better off."))
        else:
            replies.append(Reply("Both leave you with about the same."))
    if d.get("uc") == "unsure":
        replies.append(
            Reply(
                "I worked this out without Universal Credit. If you get it, ask "
                "me again: it changes the answer a lot."
            )
        )
    replies.append(Reply("Anything else?", DONE_BUTTONS))
    return Result(State("menu", "idle", {k: v for k, v in d.items() if k == "_resume"}), replies)


def _skip_to(step: str) -> Any:
    def skip(state: State, ctx: Context) -> Result:
        return _go(state, dict(state.data), step, ctx, [Reply("OK, let's skip that.")])

    return skip


def _skip_loan(state: State, ctx: Context) -> Result:
    return show(State(FLOW, "loan", {**state.data, "loan": False}), ctx)


def _skip_uc(state: State, ctx: Context) -> Result:
    return _after_uc(state, {**state.data, "uc": "unsure"}, ctx)


STEPS: dict[str, Step] = {
    "now_pay": Step(
        _ask_now_pay,
        _answer_now_pay,
        "money",
        frozenset({"inform_pay"}),
        ("now_hours", "what"),
        None,
        "your pay",
    ),
    "now_hours": Step(
        _ask_now_hours,
        _answer_now_hours,
        "hours",
        frozenset({"inform_hours"}),
        ("what",),
        None,
        "your hours",
    ),
    "what": Step(
        _ask_what,
        _answer_what,
        "choice",
        frozenset(),
        ("rate", "hours", "uc", "kids", "rent", "loan", "menu"),
        None,
        "will it pay",
    ),
    "rate": Step(
        _ask_rate,
        _answer_rate,
        "money",
        frozenset({"inform_pay", "pay_rise"}),
        ("hours", "uc", "kids", "rent", "loan", "menu"),
        None,
        "will it pay",
    ),
    "hours": Step(
        _ask_hours,
        _answer_hours,
        "hours",
        frozenset({"inform_hours"}),
        ("uc", "kids", "rent", "loan", "menu"),
        None,
        "will it pay",
    ),
    "uc": Step(
        _ask_uc,
        _answer_uc,
        "yes_no",
        frozenset({"affirm", "deny", "not_sure"}),
        ("kids", "rent", "loan", "menu"),
        _skip_uc,
        "will it pay",
    ),
    "kids": Step(
        _ask_kids,
        _answer_kids,
        "choice",
        frozenset({"deny"}),
        ("rent", "loan", "menu"),
        _skip_to("rent"),
        "will it pay",
    ),
    "rent": Step(
        _ask_rent,
        _answer_rent,
        "yes_no",
        frozenset({"affirm", "deny"}),
        ("loan", "menu"),
        None,
        "will it pay",
    ),
    "loan": Step(
        _ask_loan,
        _answer_loan,
        "yes_no",
        frozenset({"affirm", "deny", "ask_loan"}),
        ("menu",),
        _skip_loan,
        "will it pay",
    ),
}


def handle(state: State, event: Event, ctx: Context) -> Result | None:
    step = STEPS.get(state.step)
    return step.answer(state, event, ctx) if step else None
