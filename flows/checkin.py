"""Check-in: pay, hours, job and course progress; celebrate progress; offer a coach if it's hard.

It asks about the goal the worker chose: "Are you getting more hours yet?" for more hours, "Has
your contract changed?" for a more secure contract (and for anyone on zero hours or agency
work), "Are your shifts better?" for better shifts; each answer is saved as a SaveGoalProgress.
A new pay under the legal minimum gets the kind note and the offer to tell the coach.

Started by the scheduler (start) or by /checkin. Everything is saved when the last answer
comes in, so a half-answered check-in is not counted as answered (a yes to telling the coach
about pay is acted on at once).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flows import checks
from flows.checks import Underpaid
from flows.core import (
    THUMBS_UP,
    Button,
    CompleteCheckin,
    Context,
    Event,
    JobApp,
    RaiseFlag,
    Reply,
    Result,
    SaveEarnings,
    SaveGoalProgress,
    SetApplicationStatus,
    State,
    money,
    pressed,
    yes_no,
)
from flows.goals import CONTRACTS, INSECURE_CONTRACTS
from flows.pay import percent_change, to_hourly, with_spoken_pay
from flows.steps import Step
from nlu.jobs import only_employer, parse_job
from nlu.normalise import Money, Rise, apply_rise, likely_period

INSECURE = INSECURE_CONTRACTS
SHIFTS = {"better": "Yes, better", "same": "About the same", "worse": "Worse"}
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
    # open applications first: "How did your application to ... go?" (at most 2 a check-in)
    apps = [j.id for j in ctx.jobs if j.status in ("applied", "interview", "offer")][:MAX_APPS]
    first = "app" if apps else "pay"
    state = State("checkin", first, {"checkin_id": checkin_id, "answers": {}, "apps": apps})
    return Result(
        state, [Reply(f"Hi{name}! Time for a quick check-in. It takes a minute."), ask(state, ctx)]
    )


MAX_APPS = 2
APP_OUTCOMES = {
    "news": "No news yet",
    "interview": "Interview",
    "offer": "Offer",
    "started": "Started the job",
    "no": "Didn't get it",
}


def _app(state: State, ctx: Context) -> JobApp | None:
    """The application this check-in is asking about now."""
    apps = state.data.get("apps") or []
    if not apps:
        return None
    return next((j for j in ctx.jobs if j.id == apps[0]), None)


def _ask_app(state: State, ctx: Context) -> Reply:
    job = _app(state, ctx)
    name = f"{job.title} at {job.employer}" if job else "the job"
    question = (
        f"How did the interview for {name} go?"
        if job is not None and job.status == "interview"
        else f"How did your application to {name} go?"
    )
    b = [Button(label, f"ja:{key}") for key, label in APP_OUTCOMES.items()]
    return Reply(question, [b[0:2], b[2:4], b[4:5]])


_OUTCOME_WORDS = (
    (
        "no",
        r"\bdidn'?t get|\bdidnt get|\bno luck|\bunsuccessful|\brejected|\bturned (?:me )?down"
        r"|\bnot (?:successful|picked|chosen)|\bdidn'?t work out",
    ),
    ("started", r"\bstart(?:ed)?\b|\bworking there\b|\bmy first (?:day|shift|week)"),
    ("offer", r"\boffer(?:ed)?\b|\bgot (?:the|it|the job)\b|\bthey want me\b"),
    ("interview", r"\binterview"),
    (
        "news",
        r"\bno news|\bnot yet|\bnothing yet|\bnothing\b|\bwaiting|\bheard nothing"
        r"|\bnot heard|\bhaven'?t heard|\bno reply|\bno answer",
    ),
)


def _answer_app(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    key = pressed(event, "ja:")
    if key is None and event.kind == "text":
        low = event.text.lower().replace("’", "'")[:300]
        key = next((k for k, words in _OUTCOME_WORDS if re.search(words, low)), None)
    job = _app(state, ctx)
    if key not in APP_OUTCOMES:
        return None
    if job is None:
        return _next_app(new, ctx)
    effects: list[Any] = [] if key == "news" else [SetApplicationStatus(job.id, _STATUS[key])]
    if key == "interview":
        d["interview_app"] = job.id
        res = _go(new, "app_day", ctx)
    elif key == "started":
        a.update(job_title=job.title, started_app=job.id)
        if job.sector:
            a["sector"] = job.sector
        if job.contract_type in CONTRACTS:
            a["contract"] = job.contract_type
        d["new_job"] = {"pay": job.hourly_pence, "hours": job.weekly_hours}
        d["apps"] = []
        res = _go(new, "new_pay", ctx)
    else:
        said = {
            "news": "OK, fingers crossed. 🤞",
            "offer": "Brilliant, well done! 🎉",
            "no": "Sorry it didn't work out. Every application is good practice. "
            "You can look for more with /jobs.",
        }[key]
        res = _next_app(new, ctx, [Reply(said)])
    res.effects = [*effects, *res.effects]
    return res


_STATUS = {"interview": "interview", "offer": "offer", "started": "started", "no": "not_successful"}


def _next_app(state: State, ctx: Context, before: list[Reply] | None = None) -> Result:
    """The next open application, or on to the usual questions."""
    d = dict(state.data)
    d["apps"] = list(d.get("apps") or [])[1:]
    new = State("checkin", "app", d)
    if d["apps"] and _app(new, ctx) is not None:
        return Result(new, [*(before or []), ask(new, ctx)])
    return _go(new, "pay", ctx, before)


def _ask_app_day(state: State, ctx: Context) -> Reply:
    return Reply(
        "Good luck! 🤞 When is the interview? Type the day, like: Tuesday or 14/12.",
        [[Button("Skip this", "ja:skip")]],
    )


def _answer_app_day(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    if pressed(event, "ja:") == "skip":
        return _next_app(new, ctx)
    if event.kind != "text":
        return None
    day = interview_day(event.text, event.v.days, ctx.today)
    app_id = d.get("interview_app")
    if day is None or not isinstance(app_id, int):
        return None
    res = _next_app(new, ctx, [Reply(f"Got it: {day.strftime('%A %-d %B')}. Good luck!")])
    res.effects.insert(0, SetApplicationStatus(app_id, "interview", interview_on=day))
    return res


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MAX_INTERVIEW_DAYS = 180  # an interview further off than this is a typo


def interview_day(text: str, days: tuple[int, ...], today: date) -> date | None:
    """The day of an interview: "today", "tomorrow", a weekday (the next one), "14/12" or
    "14 dec" (this year, or next if that day has gone). None when unclear or too far off."""
    low = text.lower()[:100]
    found: date | None = None
    if re.search(r"\btoday\b", low):
        found = today
    elif re.search(r"\b(?:tomorrow|tmrw|tomoz|2moro)\b", low):
        found = today + timedelta(days=1)
    else:
        m = re.search(r"\b(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\b", low)
        n = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3})[a-z]*\b", low)
        try:
            if m:
                year = int(m.group(3)) if m.group(3) else today.year
                year = year + 2000 if year < 100 else year
                found = date(year, int(m.group(2)), int(m.group(1)))
            elif n and n.group(2) in _MONTH_NAMES:
                found = date(today.year, _MONTH_NAMES.index(n.group(2)) + 1, int(n.group(1)))
        except ValueError:
            return None
        if found is not None and found < today and not (m and m.group(3)):
            try:
                found = found.replace(year=found.year + 1)
            except ValueError:
                return None
        if found is None and len(days) == 1:
            ahead = (days[0] - today.weekday()) % 7 or 7
            found = today + timedelta(days=ahead)
    if found is None or not 0 <= (found - today).days <= MAX_INTERVIEW_DAYS:
        return None
    return found


def _ask_new_pay(state: State, ctx: Context) -> Reply:
    ad = (state.data.get("new_job") or {}).get("pay")
    buttons = [[Button(f"{money(int(ad))} an hour, as advertised", "ja:pay:ad")]] if ad else []
    return Reply(
        "Congratulations on the new job! 🎉 What is your pay there? For example: £12.50 an hour.",
        [*buttons, [Button("Skip this", "ja:pay:skip")]],
    )


def _new_hours_guess(state: State, ctx: Context) -> float | None:
    hours = (state.data.get("new_job") or {}).get("hours")
    return float(hours) if hours else ctx.weekly_hours


def _answer_new_pay(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    b = pressed(event, "ja:pay:")
    ad = (d.get("new_job") or {}).get("pay")
    if b == "skip":
        return _go(new, "new_hours", ctx)
    if b == "ad" and ad:
        a["pay_pence"], a["pay_period"] = int(ad), "hour"
        return _go(new, "new_hours", ctx)
    m = event.v.money if event.kind == "text" else None
    if m is None:
        return None
    if getattr(m, "minimum_wage", False):
        rate = checks.legal_minimum(ctx.age_band, ctx.today)
        if rate is None:
            return None
        pence, period = rate, "hour"
    else:
        pence, period = m.pence, likely_period(m)
    hourly = to_hourly(pence, period, _new_hours_guess(state, ctx))
    if not hourly:
        return None
    if checks.pay_doubt(hourly, ctx.age_band, ctx.today):
        d["pending"] = [pence, period, hourly]
        return _go(new, "new_pay_check", ctx)
    a["pay_pence"], a["pay_period"] = pence, period
    return _go(new, "new_hours", ctx, [Reply(f"Got it: {money(pence)} {PER.get(period, '')}.")])


def _ask_new_pay_check(state: State, ctx: Context) -> Reply:
    pending = state.data.get("pending") or [0, "hour", 0]
    given = None if pending[1] == "hour" else f"{money(int(pending[0]))} {PER.get(pending[1], '')}"
    return checks.confirm_pay(int(pending[2]), "jpc", ctx.age_band, ctx.today, given)


def _answer_new_pay_check(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    said = yes_no(event, "jpc") if event.v.money is None else None
    pending = d.get("pending")
    if said is True and isinstance(pending, list) and len(pending) == 3:
        a["pay_pence"], a["pay_period"] = int(pending[0]), str(pending[1])
        d.pop("pending", None)
        return _go(new, "new_hours", ctx)
    if said is False:
        d.pop("pending", None)
        return _go(new, "new_pay", ctx, [Reply("OK, let's try again.")])
    if event.v.money is not None:
        return _answer_new_pay(State("checkin", "new_pay", d), event, ctx)
    return None


def _ask_new_hours(state: State, ctx: Context) -> Reply:
    ad = (state.data.get("new_job") or {}).get("hours")
    buttons = [[Button(f"{float(ad):g} hours, as advertised", "ja:hrs:ad")]] if ad else []
    return Reply(
        "How many hours a week will you work there? Like: 30.",
        [*buttons, [Button("Skip this", "ja:hrs:skip")]],
    )


def _answer_new_hours(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    b = pressed(event, "ja:hrs:")
    ad = (d.get("new_job") or {}).get("hours")
    if b == "ad" and ad:
        a["hours"] = float(ad)
    elif b != "skip":
        h = event.v.hours if event.kind == "text" else None
        if h is None or not (0 < h <= 100):
            return None
        a["hours"] = float(h)
    _check_pay(new, ctx)
    return _after(new, "hours", ctx)


def ask(state: State, ctx: Context) -> Reply:
    """The question for the check-in step we are on (each step's own `ask` in STEPS)."""
    step = STEPS.get(state.step)
    return step.ask(state, ctx) if step else Reply("Thanks!")


def _ask_pay(state: State, ctx: Context) -> Reply:
    """Has the pay changed, with last time's pay so they need not remember it."""
    now = f" (last time: {money(ctx.hourly_pence)} an hour)" if ctx.hourly_pence else ""
    return Reply(
        f"Has your pay changed{now}?",
        [
            [Button("Same as before", "ci:pay:same"), Button("It went up", "ci:pay:up")],
            [Button("It went down", "ci:pay:down")],
        ],
    )


def _ask_pay_amount(state: State, ctx: Context) -> Reply:
    """The new pay, with an example of how to say it."""
    return Reply(
        "What is your pay now? For example: £12.50 an hour.",
        [[Button("Skip this", "ci:pay:skip")]],
    )


def _ask_pay_check(state: State, ctx: Context) -> Reply:
    """The pay read-back; when it is far from last time's, say that is why we ask."""
    a = state.data.get("answers", {})
    pence = int(a.get("pay_pence") or 0)
    reply = checks.confirm_pay(pence, "ci:pc", ctx.age_band, ctx.today)
    if ctx.hourly_pence and checks.pay_doubt(pence, ctx.age_band, ctx.today) is None:
        reply = Reply(
            f"{reply.text}\nLast time it was {money(ctx.hourly_pence)} an hour, so I'm checking.",
            reply.buttons,
        )
    return reply


def _ask_hours(state: State, ctx: Context) -> Reply:
    """Hours now; for an hours goal, "more hours yet?" with the hours they started on."""
    if "hours" in ctx.goal_kinds:
        start = _start_hours(ctx)
        began = f" When you started it was {start:g}." if start else ""
        return Reply(
            f"Are you getting more hours yet? How many hours a week do you work now?{began}",
            [[Button("Same as before", "ci:hrs:same")]],
        )
    now = f" (last time: {ctx.weekly_hours:g})" if ctx.weekly_hours else ""
    return Reply(
        f"How many hours a week are you working now{now}?",
        [[Button("Same as before", "ci:hrs:same")]],
    )


def _ask_underpaid(state: State, ctx: Context) -> Reply:
    """The underpayment note and the offer to tell the coach (the choice is the worker's)."""
    u = Underpaid.from_data(state.data.get("underpaid"))
    if u is not None:
        return checks.underpaid_reply(u)
    return Reply(
        "Shall I tell your coach about your pay?",
        [[Button("Yes, tell my coach", "uw:yes"), Button("No thanks", "uw:no")]],
    )


def _ask_contract(state: State, ctx: Context) -> Reply:
    """Has the contract changed: "No, still ..." names the one we know; the others are buttons
    (never self-employed or "not sure", which are not a change to tap)."""
    current = _contract_now(ctx)
    said = f" Last time: {CONTRACTS[current].lower()}." if current in CONTRACTS else ""
    same = (
        [[Button(f"No, still {CONTRACTS[current].lower()}", "ci:con:same")]]
        if current in CONTRACTS and current != "unknown"
        else [[Button("No change", "ci:con:same")]]
    )
    others = [
        Button(label, f"ci:con:{key}")
        for key, label in CONTRACTS.items()
        if key not in (current, "self_employed", "unknown")
    ]
    return Reply(
        f"Has your contract changed?{said} Tap what it is now.",
        same + [others[i : i + 2] for i in range(0, len(others), 2)],
    )


def _ask_shifts(state: State, ctx: Context) -> Reply:
    """For a shifts goal: are the shifts better now."""
    return Reply(
        "Are your shifts more regular or better now?",
        [[Button(label, f"ci:sh:{key}") for key, label in SHIFTS.items()]],
    )


def _ask_job(state: State, ctx: Context) -> Reply:
    """Same job or a new one."""
    return Reply(
        "Are you in the same job?",
        [[Button("Same job", "ci:job:same"), Button("New job", "ci:job:new")]],
    )


def _ask_job_text(state: State, ctx: Context) -> Reply:
    """The new job's title."""
    return Reply("Congratulations! What is your new job?", [[Button("Skip this", "ci:job:skip")]])


def _ask_course(state: State, ctx: Context) -> Reply:
    """How the saved course is going."""
    return Reply(
        "How is your course going?",
        [[Button(label, f"ci:crs:{key}")] for key, label in COURSE.items()],
    )


def _ask_help(state: State, ctx: Context) -> Reply:
    """It is hard: offer a coach (free), never raise a flag without a yes."""
    return Reply(
        "That sounds hard. Would you like a coach to get in touch? It's free.",
        [[Button("Yes please", "ci:help:yes"), Button("No thanks", "ci:help:no")]],
    )


def _go(state: State, step: str, ctx: Context, before: list[Reply] | None = None) -> Result:
    if step == "course" and not ctx.plan:
        # no course saved: don't ask how it is going
        d, a, new = _parts(state)
        a.setdefault("course", "none")
        res = finish(State("checkin", "course", d), ctx)
        return Result(res.state, [*(before or []), *res.replies], res.effects, res.lookup)
    new = State("checkin", step, state.data)
    return Result(new, [*(before or []), ask(new, ctx)])


def _start_hours(ctx: Context) -> float | None:
    return ctx.goal_baseline_hours or ctx.baseline_weekly_hours


def _contract_now(ctx: Context) -> str | None:
    return ctx.contract_type or ctx.goal_baseline_contract


def _asks(step: str, state: State, ctx: Context) -> bool:
    """Questions that only some check-ins ask."""
    if step == "underpaid":
        return Underpaid.from_data(state.data.get("underpaid")) is not None
    if step in ("contract", "job") and state.data.get("answers", {}).get("started_app"):
        return False  # a job from their list: we know it and its contract
    if step == "contract":
        return "secure" in ctx.goal_kinds or _contract_now(ctx) in INSECURE
    if step == "shifts":
        return "shifts" in ctx.goal_kinds
    return True


# after the hours, in this order; job, course and help follow
AFTER_HOURS = ("underpaid", "contract", "shifts", "job")


def _after(state: State, after: str, ctx: Context, before: list[Reply] | None = None) -> Result:
    rest = AFTER_HOURS[AFTER_HOURS.index(after) + 1 :] if after in AFTER_HOURS else AFTER_HOURS
    step = next((s for s in rest if _asks(s, state, ctx)), "course")
    return _go(state, step, ctx, before)


def _check_pay(state: State, ctx: Context) -> None:
    """A new pay under the legal minimum (at the hours they work now): keep the figures for the
    note and the offer to tell the coach."""
    a = state.data.get("answers", {})
    if not a.get("pay_pence"):
        return
    hours = a.get("hours") if a.get("hours") is not None else ctx.weekly_hours
    hourly = to_hourly(int(a["pay_pence"]), a.get("pay_period"), hours)
    under = (
        checks.underpaid(hourly, ctx.age_band, ctx.today, contract=ctx.contract_type)
        if hourly
        else None
    )
    if under is not None:
        state.data["underpaid"] = under.as_data()


def _parts(state: State) -> tuple[dict[str, Any], dict[str, Any], State]:
    d: dict[str, Any] = {**state.data, "answers": dict(state.data.get("answers", {}))}
    return d, d["answers"], State("checkin", state.step, d)


# A job offered, not started: "got offered a days job at greggs ... starting in 2 weeks"
JOB_OFFER = re.compile(
    r"\b(?:been\s+|got\s+|was\s+)?offered\b|\bjob\s+offer\b|\bits\s+an\s+offer\b"
    r"|\bstart(?:s|ing)?\s+(?:in\s+\d|in\s+(?:a|two|three)\s+weeks?|next\s+(?:week|month))"
)
OFFER_KEPT = (
    "Good luck with the offer! 🤞 I'll keep your pay as it is until you start. "
    'To see what the new job would leave in your pocket, type "will it pay".'
)


def _answer_pay(state: State, event: Event, ctx: Context) -> Result | None:
    """The pay question and "what is your pay now?": a button, a rise, a yes or no, or a pay."""
    event = with_spoken_pay(event)
    d, a, new = _parts(state)
    if event.kind == "text" and JOB_OFFER.search(event.text.lower()):
        # an offer is not a new pay yet (it had been saved as the pay now)
        a.setdefault("pay", "same")
        return _go(new, "hours", ctx, [Reply(OFFER_KEPT)])
    b = pressed(event, "ci:pay:")
    if b in ("same", "skip"):
        a.setdefault("pay", "same")
        return _go(new, "hours", ctx)
    if b in ("up", "down"):
        a["pay"] = b
        return _go(new, "pay_amount", ctx)
    if event.v.rise is not None:
        return _pay_rise_said(new, event.v.rise, ctx)
    m = event.v.money
    if m is None:
        return _pay_yes_or_no(new, event, ctx)
    return _pay_said(new, m, ctx)


def _pay_rise_said(new: State, rise: Rise, ctx: Context) -> Result:
    """ "up 40p": added to last time's pay when we know it, else asked as a new pay."""
    a = new.data["answers"]
    if ctx.hourly_pence:
        hourly = apply_rise(ctx.hourly_pence, rise)
        a["pay"], a["pay_pence"], a["pay_period"] = "up", hourly, "hour"
        return _go(new, "hours", ctx, [Reply(f"Well done! That makes {money(hourly)} an hour.")])
    a["pay"] = "up"
    return _go(new, "pay_amount", ctx)


def _pay_yes_or_no(new: State, event: Event, ctx: Context) -> Result | None:
    """No figure at "Has your pay changed?": "no" / "still the same" is the same pay, "yes"
    asks for the new one; anywhere else it is not an answer."""
    said = yes_no(event, "ci:pay") if event.kind == "text" else None
    way = _pay_way(event.text) if event.kind == "text" and new.step == "pay" else None
    if way is None and new.step == "pay" and event.kind == "text" and _THUMBS.match(event.text):
        way = "same"  # 👍 to "Has your pay changed?" is "all fine", not "yes, it went up"
    if way in ("up", "down"):  # "i got a rise": the same as tapping "It went up"
        new.data["answers"]["pay"] = way
        return _go(new, "pay_amount", ctx)
    if way == "same":
        new.data["answers"].setdefault("pay", "same")  # "nothing new", "no rise yet"
        return _go(new, "hours", ctx)
    if new.step == "pay" and (event.intent == "deny" or said is False):
        new.data["answers"].setdefault("pay", "same")  # "same", "no", "nope still the same"
        return _go(new, "hours", ctx)
    if new.step == "pay" and said is True:  # "yes": up or down?
        return Result(new, [Reply("What is your pay now? For example: £12.50 an hour.")])
    return None


_THUMBS = re.compile(r"^\s*" + THUMBS_UP + r"\s*$")
_PAY_UP = re.compile(
    r"\b(?:rise|raise|payrise|pay\s*rise|increase|went\s+up|gone\s+up|got\s+more|more\s+money"
    r"|paid\s+more)\b"
)
_PAY_DOWN = re.compile(
    r"\b(?:went\s+down|gone\s+down|pay\s*cut|cut\s+my\s+pay|paid\s+less|less\s+money"
    r"|dropped|lower)\b"
)
_PAY_SAME = re.compile(
    r"\b(?:same|nothing\s+(?:new|changed|different)|no\s+change|not\s+changed"
    r"|ha(?:s|ve)n'?t\s+changed|unchanged|nope?\s+still)\b"
)
_NO_WORD = re.compile(r"\b(?:no|not|never|havent|haven't|hasnt|hasn't|didnt|didn't|nope|nah)\b")


def _pay_way(text: str) -> str | None:
    """Which way the pay went, in words ("i got a rise", "nothing new", "no rise yet"); None
    when the words say nothing of pay (or speak of hours: "they cut my hours")."""
    low = text.lower().replace("’", "'")[:300]
    if re.search(r"\bhours?\b|\bhrs?\b|\bshifts?\b", low):
        return None
    up, down = bool(_PAY_UP.search(low)), bool(_PAY_DOWN.search(low))
    if up and not down:
        return "same" if _NO_WORD.search(low) else "up"
    if down and not up and not _NO_WORD.search(low):
        return "down"
    return "same" if _PAY_SAME.search(low) else None


def _pay_said(new: State, m: Money, ctx: Context) -> Result | None:
    """A pay (or "minimum wage") kept with its period; an hourly pay that looks wrong is read
    back first. The hours come next, so a weekly or yearly amount is made hourly at the end."""
    a = new.data["answers"]
    if getattr(m, "minimum_wage", False):
        rate = checks.legal_minimum(ctx.age_band, ctx.today)
        if rate is None:
            return None
        a["pay_pence"], a["pay_period"] = rate, "hour"
    else:
        a["pay_pence"], a["pay_period"] = m.pence, likely_period(m)
        if _doubtful(a["pay_pence"], a["pay_period"], ctx):
            return _go(new, "pay_check", ctx)
    return _go(
        new,
        "hours",
        ctx,
        [Reply(f"Got it: {money(a['pay_pence'])} {PER.get(a['pay_period'], '')}.")],
    )


def _doubtful(pence: int, period: str | None, ctx: Context) -> bool:
    """An hourly pay to read back before saving: over what most jobs pay, or more than one and
    a half times (or under half) last time's, which is likelier a slip ("35" typed for the
    hours) than a real change."""
    if period != "hour":
        return False
    if checks.pay_doubt(pence, ctx.age_band, ctx.today, ctx.contract_type) == "high":
        return True
    before = ctx.hourly_pence
    if not before:
        return False
    return not (before / 2 <= pence <= before * 3 / 2)


def _answer_pay_check(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    said = yes_no(event, "ci:pc") if event.v.money is None and event.v.rise is None else None
    if said is True:
        return _go(new, "hours", ctx, [Reply(f"Got it: {money(int(a['pay_pence']))} an hour.")])
    if said is False:
        a.pop("pay_pence", None)
        a.pop("pay_period", None)
        return _go(new, "pay_amount", ctx, [Reply("OK, let's try again.")])
    return _answer_pay(State("checkin", "pay_amount", d), event, ctx)


def _answer_hours(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    if pressed(event, "ci:hrs:") == "same" or (
        event.kind == "text"
        and event.v.hours is None
        and (
            _PAY_SAME.search(event.text.lower())  # "same", "nothing new", "no change"
            or yes_no(event, "ci:hrs") is False
        )
    ):
        a["hours"] = ctx.weekly_hours
        _check_pay(new, ctx)
        return _after(new, "hours", ctx)
    h = event.v.hours
    if h is None and yes_no(event, "ci:hrs") is True:
        return Result(new, [Reply("Great! How many hours a week do you work now? Like: 30.")])
    if h is None or not (0 <= h <= 100):
        return None
    a["hours"] = float(h)
    _check_pay(new, ctx)
    return _after(new, "hours", ctx, [Reply(f"Got it: {float(h):g} hours a week.")])


def _answer_underpaid(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    told = checks.underpaid_choice(event)
    if told is None and event.intent == "ask_human":
        told = True
    if told is None:
        return None
    u = Underpaid.from_data(d.pop("underpaid", None))
    a["told_coach_about_pay"] = told
    res = _after(new, "underpaid", ctx, [checks.underpaid_answered(told)])
    if told:
        res.effects.append(checks.underpaid_flag(u))
    return res


def _skip_underpaid(state: State, ctx: Context) -> Result:
    d, a, new = _parts(state)
    d.pop("underpaid", None)
    return _after(new, "underpaid", ctx)


def _answer_contract(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    key = pressed(event, "ci:con:")
    now = _contract_now(ctx)
    if key is None and event.kind == "text":
        key = event.v.contract
        if key is None and yes_no(event, "ci:con") is False:
            key = "same"
        elif key is None and yes_no(event, "ci:con") is True:
            return Result(new, [Reply("Great! What is it now? Tap one."), ask(new, ctx)])
    if key == "same" or (key is not None and key == now):
        a["contract"] = now if now in CONTRACTS else "same"
        return _after(new, "contract", ctx)
    if key not in CONTRACTS:
        return None
    a["contract"] = key
    return _after(new, "contract", ctx)


_WORSE = re.compile(r"\bworse\b|\bbad\b|\bawful\b|\bterrible\b|\bmore nights\b")


def _answer_shifts(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    key = pressed(event, "ci:sh:")
    if key is None and event.kind == "text":
        low = event.text.lower()
        said = yes_no(event, "ci:sh")
        if _WORSE.search(low):
            key = "worse"
        elif re.search(r"\bbetter\b|\bregular\b", low) and not re.search(r"\bnot\b", low):
            key = "better"
        elif said is not None:
            key = "better" if said else "same"
    if key not in SHIFTS:
        return None
    a["shifts"] = key
    return _after(new, "shifts", ctx)


_SAME_JOB = re.compile(
    r"\bsame\b|\bstill\b|\bno change|\bnot changed|n'?t changed|nothing'?s? changed"
)


# News of a new job in words ("new job", "started at tesco", "got a job at asda"): the same as
# tapping "New job" (the NLU is not there when an early answer is read again).
_NEW_JOB = re.compile(
    r"\bnew\s+job\b|\bstart(?:ed|ing)\s+(?:at|a\s+new|with|for)\b|\bgot\s+(?:a|the)\s+job\b"
    r"|\bchanged\s+jobs?\b|\bmoved\s+(?:jobs?|to)\b|\bnow\s+(?:at|working\s+(?:at|for))\b"
)


def new_job_said(text: str) -> bool:
    """Whether a message gives news of a new job, in words."""
    return bool(_NEW_JOB.search(text.lower().replace("’", "'")[:300]))


def _answer_job(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    b = pressed(event, "ci:job:")
    if b is None and event.kind == "text" and _NEW_JOB.search(event.text.lower()):
        b = "new"
    if event.kind == "text" and JOB_OFFER.search(event.text.lower()):
        return _go(new, "course", ctx, [Reply(OFFER_KEPT)])  # offered, not started: same job
    same = event.kind == "text" and bool(_SAME_JOB.search(event.text.lower()))
    # "Are you in the same job?": yes is the same job, "nah" / "no" is a new one
    said = None if same or event.kind != "text" else yes_no(event, "ci:job")
    if b == "same" or same or said is True:
        return _go(new, "course", ctx)
    if b == "new" or event.intent == "new_job" or said is False:
        # only a job we know by name: "started at argos on 12.75" had saved the job "Started"
        known = parse_job(event.text) if event.kind == "text" else None
        if known is not None and event.v.job is not None and not only_employer(event.text):
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
    if event.v.job is None or (event.kind == "text" and only_employer(event.text)):
        return None
    if event.kind == "text" and new_job_said(event.text) and parse_job(event.text) is None:
        return None  # "started at argos": news again, not the job's name
    a["job_title"] = event.v.job.title
    if event.v.job.sector:
        a["sector"] = event.v.job.sector
    return _go(new, "course", ctx)


_NOT_STARTED = re.compile(r"\bnot\s+(?:started|begun)\b|\bstarts?\s+(?:next|soon|in)\b|\bwaiting\b")
_NO_COURSE = re.compile(
    r"^\W*(?:none|nope|nah|no)\W*$|\b(?:not\s+got|haven'?t\s+got|havent\s+got|don'?t\s+have"
    r"|dont\s+have|no)\s+(?:a\s+|one|any)?\s*(?:course|one|yet)"
)


def _answer_course(state: State, event: Event, ctx: Context) -> Result | None:
    d, a, new = _parts(state)
    b = pressed(event, "ci:crs:")
    if b is None and event.kind == "text":  # "not started yet" is not course_started
        low = event.text.lower().replace("’", "'")
        if _NOT_STARTED.search(low):
            b = "waiting"
        elif _NO_COURSE.search(low):
            b = "none"
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


def _skip_after(step: str) -> Callable[[State, Context], Result]:
    def skip(state: State, ctx: Context) -> Result:
        return _after(State("checkin", step, dict(state.data)), step, ctx)

    return skip


def _finish_now(state: State, ctx: Context) -> Result:
    return finish(state, ctx)


STEPS: dict[str, Step] = {
    "pay": Step(
        _ask_pay,
        _answer_pay,
        "money",
        frozenset({"pay_rise", "inform_pay", "checkin_update", "deny"}),
        ("hours", "pay_amount", "pay_check"),
        _skip_to("hours"),
        "your pay",
    ),
    "pay_amount": Step(
        _ask_pay_amount,
        _answer_pay,
        "money",
        frozenset({"pay_rise", "inform_pay"}),
        ("hours", "pay_check"),
        _skip_to("hours"),
        "your pay",
    ),
    "pay_check": Step(
        _ask_pay_check,
        _answer_pay_check,
        "yes_no",
        frozenset({"affirm", "deny", "inform_pay", "pay_rise"}),
        ("hours", "pay_amount"),
        _skip_to("hours"),
        "your pay",
        confirm=True,
    ),
    "hours": Step(
        _ask_hours,
        _answer_hours,
        "hours",
        frozenset({"inform_hours", "checkin_update"}),
        ("underpaid", "contract", "shifts", "job"),
        _skip_after("hours"),
        "your hours",
    ),
    "underpaid": Step(
        _ask_underpaid,
        _answer_underpaid,
        "yes_no",
        frozenset({"affirm", "deny", "ask_human"}),
        ("contract", "shifts", "job"),
        _skip_underpaid,
        "the check-in",
        confirm=True,
        moved_on=_skip_underpaid,  # "new job" typed instead: no coach for now, on to the job
    ),
    "contract": Step(
        _ask_contract,
        _answer_contract,
        "choice",
        frozenset({"affirm", "deny", "new_job", "checkin_update"}),
        ("shifts", "job"),
        _skip_after("contract"),
        "your contract",
    ),
    "shifts": Step(
        _ask_shifts,
        _answer_shifts,
        "choice",
        frozenset({"affirm", "deny", "inform_shift"}),
        ("job",),
        _skip_after("shifts"),
        "your shifts",
    ),
    "job": Step(
        _ask_job,
        _answer_job,
        "yes_no",
        frozenset({"new_job", "inform_job"}),
        ("course", "job_text"),
        _skip_to("course"),
        "your job",
    ),
    "job_text": Step(
        _ask_job_text,
        _answer_job_text,
        "job",
        frozenset({"new_job", "inform_job"}),
        ("course",),
        _skip_to("course"),
        "your new job",
    ),
    "course": Step(
        _ask_course,
        _answer_course,
        "choice",
        frozenset({"course_started", "course_completed", "course_dropped", "struggling"}),
        ("help", "menu"),
        _finish_now,
        "your course",
    ),
    "help": Step(
        _ask_help,
        _answer_help,
        "yes_no",
        frozenset({"ask_human", "affirm", "deny"}),
        ("menu",),
        _finish_now,
        "the check-in",
    ),
    "app": Step(
        _ask_app,
        _answer_app,
        "choice",
        frozenset({"affirm", "deny", "new_job", "checkin_update"}),
        ("app", "app_day", "new_pay", "pay"),
        lambda state, ctx: _next_app(State("checkin", "app", dict(state.data)), ctx),
        "your application",
        early=False,
    ),
    "app_day": Step(
        _ask_app_day,
        _answer_app_day,
        "date",
        frozenset(),
        ("app", "pay"),
        lambda state, ctx: _next_app(State("checkin", "app_day", dict(state.data)), ctx),
        "the interview day",
        early=False,
    ),
    "new_pay": Step(
        _ask_new_pay,
        _answer_new_pay,
        "money",
        frozenset({"pay_rise", "inform_pay", "new_job"}),
        ("new_hours", "new_pay_check"),
        _skip_to("new_hours"),
        "your new pay",
        early=False,
    ),
    "new_pay_check": Step(
        _ask_new_pay_check,
        _answer_new_pay_check,
        "yes_no",
        frozenset({"affirm", "deny", "inform_pay"}),
        ("new_hours", "new_pay"),
        _skip_to("new_hours"),
        "your new pay",
        confirm=True,
        early=False,
    ),
    "new_hours": Step(
        _ask_new_hours,
        _answer_new_hours,
        "hours",
        frozenset({"inform_hours"}),
        ("underpaid", "shifts", "course"),
        _skip_after("hours"),
        "your new hours",
        early=False,
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


def _progress(a: dict[str, Any], ctx: Context) -> tuple[list[Any], list[str]]:
    """The answers about the worker's goal, as data, and the good news to say about them."""
    effects: list[Any] = []
    lines: list[str] = []
    start = _start_hours(ctx)
    if "hours" in ctx.goal_kinds and a.get("hours") is not None:
        hours = float(a["hours"])
        value = "same" if start is None or hours == start else "more" if hours > start else "fewer"
        effects.append(SaveGoalProgress("hours", value, hours))
        if value == "more":
            lines.append(f"🎉 {hours:g} hours a week now, up from {start:g}. Well done!")
    contract = a.get("contract")
    if contract in CONTRACTS:
        effects.append(SaveGoalProgress("contract", contract))
        began = ctx.goal_baseline_contract or ctx.contract_type
        if began in INSECURE and contract in ("permanent", "fixed_term"):
            kind = "permanent" if contract == "permanent" else "fixed-term"
            lines.append(f"🎉 A {kind} contract now. That's a big step!")
    if a.get("shifts") in SHIFTS:
        effects.append(SaveGoalProgress("shifts", a["shifts"]))
        if a["shifts"] == "better":
            lines.append("Great news about your shifts!")
    return effects, lines


def _hours_cut(a: dict[str, Any], ctx: Context) -> str | None:
    """A kind word when the hours went down in the same job ("they cut my hours to 20" had
    ended with "Thanks for checking in!" alone)."""
    now, before = a.get("hours"), ctx.weekly_hours
    if now is None or not before or a.get("job_title") or float(now) >= float(before):
        return None
    return (
        f"Sorry your hours went down ({float(before):g} to {float(now):g} a week). If you want "
        'more, tap Jobs that fit, or ask me "will more hours pay?".'
    )


def _course_news(a: dict[str, Any], effects: list[Any]) -> list[str]:
    """What the course answer says back, and the flags it raises."""
    if a.get("course") == "hard":
        effects.append(RaiseFlag("struggling", "Finding the course hard (check-in)"))
    if a.get("course") == "stopped":
        effects.append(RaiseFlag("struggling", "Stopped the course (check-in)"))
    if a.get("course") == "done":
        return ["🎓 You finished your course. Amazing work!"]
    if a.get("course") == "good":
        return ["Great to hear the course is going well. Keep it up!"]
    return []


def finish(state: State, ctx: Context) -> Result:
    a = dict(state.data.get("answers", {}))
    hours = a.get("hours") if a.get("hours") is not None else ctx.weekly_hours
    if a.get("pay_pence"):
        a["hourly_pence"] = to_hourly(a["pay_pence"], a["pay_period"], hours)
    hourly = a.get("hourly_pence") or ctx.hourly_pence
    contract = a.get("contract") if a.get("contract") in CONTRACTS else ctx.contract_type
    effects: list[Any] = [
        SaveEarnings(
            hourly_pence=hourly,
            weekly_hours=hours,
            job_title=a.get("job_title") or ctx.job_title,
            sector=a.get("sector") or ctx.sector,
            contract_type=contract,
            source="checkin",
            amount_pence=a.get("pay_pence") if a.get("pay_pence") else ctx.pay_amount_pence,
            period=a.get("pay_period") if a.get("pay_pence") else ctx.pay_period,
        ),
        CompleteCheckin(state.data.get("checkin_id"), dict(a)),
    ]
    progress, good_news = _progress(a, ctx)
    effects += progress
    lines = ["Thanks for checking in!"]
    base = ctx.baseline_hourly_pence
    if hourly and base and hourly > base:
        lines.append(
            f"🎉 Your pay is up {percent_change(base, hourly)}% since you started. "
            "That's brilliant!"
        )
    lines += good_news
    cut = _hours_cut(a, ctx)
    if cut:
        lines.append(cut)
    if a.get("job_title"):
        lines.append(f"Well done on the new job as {a['job_title']}!")
    lines += _course_news(a, effects)
    if a.get("wants_coach"):
        effects.append(RaiseFlag("asked_for_human", "Asked for a coach at check-in"))
        lines.append("I've asked a coach to get in touch with you soon.")
    elif a.get("course") in ("hard", "stopped"):
        lines.append('OK. If you change your mind, just say "talk to a coach".')
    buttons = [[Button("Find courses", "menu:courses"), Button("My plan", "menu:plan")]]
    if cut:
        buttons.insert(0, [Button("Jobs that fit", "menu:jobs")])
    return Result(State("menu", "idle", {}), [Reply("\n".join(lines), buttons)], effects)
