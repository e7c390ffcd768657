"""Goal-setting: job, sector, hours, pay, contract, shifts, barriers, target; then a plan summary.

Answers collect in the state's data and are saved together at the end, so a half-finished
goal never shows up as a real plan for a coach.
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import Any

from flows import next_steps
from flows.core import (
    Button,
    Context,
    Event,
    Reply,
    Result,
    SaveEarnings,
    SaveGoal,
    SaveSlots,
    Slot,
    State,
    UpdateWorker,
    money,
    rows,
)
from flows.pay import (
    REAL_LIVING_WAGE_UK,
    describe_uplift,
    national_living_wage,
    to_hourly,
    uplift,
)
from nlu.normalise import likely_period, parse_days, parse_hours, parse_money, parse_time_range

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PATTERNS = {
    "early": ("Earlies (6am-2pm)", "06:00", "14:00"),
    "late": ("Lates (2pm-10pm)", "14:00", "22:00"),
    "night": ("Nights (10pm-6am)", "22:00", "06:00"),
    "day": ("9 to 5", "09:00", "17:00"),
}
CONTRACTS = {
    "permanent": "Permanent",
    "temporary": "Temporary",
    "zero_hours": "Zero hours",
    "agency": "Agency",
    "self_employed": "Self-employed",
    "other": "Other / not sure",
}
BARRIERS = {
    "childcare": "Childcare",
    "caring": "Caring for someone",
    "health": "Health or disability",
    "english": "English",
    "transport": "Getting there",
    "confidence": "Confidence",
    "digital": "Using computers",
}
COMMON_JOBS = (
    ("Care assistant", "care"),
    ("Warehouse worker", "warehouse"),
    ("Shop worker", "retail"),
    ("Cleaner", "cleaning"),
    ("Kitchen or bar staff", "hospitality"),
    ("Delivery driver", "transport"),
)
# intents that belong to a step, so the router does not treat them as a jump elsewhere
OWN_INTENTS = {"pay": {"pay_rise", "inform_pay"}, "target": {"not_sure"}}


def start(ctx: Context, before: list[Reply] | None = None, effects: list[Any] | None = None
          ) -> Result:
    state = State("goals", "job", {})
    return Result(state, [*(before or []), ask(state, ctx)], list(effects or []))


# --- questions ---------------------------------------------------------------------------------
def ask(state: State, ctx: Context) -> Reply:
    d = state.data
    step = state.step
    if step == "job":
        return Reply(
            "What job do you do now? Tap one, or type your job, like: care assistant.",
            rows(*[(label, f"job:{i}") for i, (label, _) in enumerate(COMMON_JOBS)], per_row=2),
        )
    if step == "sector":
        buttons = rows(*[(s.label, f"sec:{s.key}") for s in next_steps.SECTORS], per_row=3)
        return Reply("Which of these is closest to your work?", buttons)
    if step == "hours":
        return Reply(
            "How many hours do you work in a normal week?",
            rows(("16", "hrs:16"), ("20", "hrs:20"), ("30", "hrs:30"), ("37.5", "hrs:37.5"),
                 ("40", "hrs:40"), ("45", "hrs:45"), ("It changes", "hrs:varies"), per_row=3),
        )
    if step == "pay":
        nlw = national_living_wage(ctx.today)
        buttons = [[Button(f"Minimum wage ({money(nlw)})", "pay:nlw")]] if nlw else []
        return Reply(
            "What is your pay? You can say it per hour, week or year.\n"
            "For example: £11.44 an hour, or 23k a year.",
            buttons,
        )
    if step == "contract":
        return Reply(
            "What kind of contract do you have?",
            rows(*[(label, f"con:{key}") for key, label in CONTRACTS.items()], per_row=2),
        )
    if step == "days":
        chosen = set(d.get("days", []))
        day_buttons = [
            Button(("✅ " if i in chosen else "") + name, f"day:{i}") for i, name in enumerate(DAYS)
        ]
        return Reply(
            "Which days do you usually work? Tap each day, then Done.\n"
            "Or type it, like: Mon to Fri 9-5.",
            [day_buttons[:4], day_buttons[4:],
             [Button("Done", "day:done"), Button("It changes every week", "day:varies")]],
        )
    if step == "times":
        names = ", ".join(DAYS[i] for i in d.get("days", []))
        return Reply(
            f"What times do you work on those days ({names})?\nOr type them, like: 7am-3pm.",
            rows(*[(label, f"pat:{key}") for key, (label, _, _) in PATTERNS.items()], per_row=2),
        )
    if step == "barriers":
        chosen = set(d.get("barriers", []))
        buttons = rows(
            *[(("✅ " if k in chosen else "") + lbl, f"bar:{k}") for k, lbl in BARRIERS.items()],
            per_row=2,
        )
        buttons.append([Button("Done", "bar:done"), Button("None of these", "bar:none")])
        return Reply(
            "Is anything making it hard to learn or get on at work? Tap all that fit, then Done.",
            buttons,
        )
    if step == "target":
        sec = next_steps.sector(d.get("sector"))
        buttons = [[Button(role, f"tgt:{i}")] for i, role in enumerate(sec.next_steps)]
        buttons.append([Button("Something else", "tgt:other"), Button("Not sure", "tgt:unsure")])
        ideas = "\n".join(f"• {role}" for role in sec.next_steps)
        return Reply(
            "What job would you like next? Here are some typical next steps from your kind of "
            f"work (not promises):\n{ideas}",
            buttons,
        )
    if step == "target_text":
        return Reply("What job would you like? Type it in.", [[Button("Not sure", "tgt:unsure")]])
    if step == "target_pay":
        return Reply(
            "What pay are you aiming for? Type an amount, like £13.50 an hour.\n"
            f"The Real Living Wage is {money(REAL_LIVING_WAGE_UK)} an hour.",
            [[Button(f"Real Living Wage ({money(REAL_LIVING_WAGE_UK)})", "tp:rlw")],
             [Button("Not sure", "tp:unsure")]],
        )
    return Reply("Let's carry on.")


# --- answers -----------------------------------------------------------------------------------
def _btn(event: Event, prefix: str) -> str | None:
    if event.kind == "button" and event.text.startswith(prefix):
        return event.text[len(prefix) :]
    return None


def _go(state: State, step: str, ctx: Context, before: list[Reply] | None = None) -> Result:
    new = State("goals", step, dict(state.data))
    return Result(new, [*(before or []), ask(new, ctx)])


def _hm(t: time) -> str:
    return t.strftime("%H:%M")


def handle(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    step = state.step
    text = event.text.strip() if event.kind == "text" else ""

    if step == "job":
        pick = _btn(event, "job:")
        if pick is not None and pick.isdigit() and int(pick) < len(COMMON_JOBS):
            d["job_title"], d["sector"] = COMMON_JOBS[int(pick)]
            return _go(State("goals", step, d), "hours", ctx)
        job = (event.entity("job_title") or text)[:120].strip()
        if not job or len(job) < 2:
            return None
        d["job_title"] = job
        guessed = event.entity("sector") or next_steps.guess_sector(job)
        if guessed in next_steps.BY_KEY:
            d["sector"] = guessed
            return _go(State("goals", step, d), "hours", ctx)
        return _go(State("goals", step, d), "sector", ctx)

    if step == "sector":
        key = _btn(event, "sec:")
        if key is None and text:
            key = next_steps.guess_sector(text)
        if key not in next_steps.BY_KEY:
            return None
        d["sector"] = key
        return _go(State("goals", step, d), "hours", ctx)

    if step == "hours":
        raw = _btn(event, "hrs:")
        if raw == "varies":
            return Result(state, [Reply("That's OK. About how many hours in a normal week? "
                                        "A rough number is fine, like 25.",
                                        ask(state, ctx).buttons[:2])])
        hours = Decimal(raw) if raw else (parse_hours(text) if text else None)
        if hours is None or not (0 < hours <= 100):
            return None
        d["hours"] = float(hours)
        return _go(State("goals", step, d), "pay", ctx)

    if step == "pay":
        if _btn(event, "pay:") == "nlw":
            hourly = national_living_wage(ctx.today)
        elif text:
            m = parse_money(text)
            if m is None:
                return None
            hourly = to_hourly(m.pence, likely_period(m), d.get("hours"))
        else:
            return None
        if not hourly or hourly < 100 or hourly > 20000:
            return None
        d["hourly_pence"] = hourly
        return _go(State("goals", step, d), "contract", ctx,
                   [Reply(f"Thanks. That's about {money(hourly)} an hour.")])

    if step == "contract":
        key = _btn(event, "con:")
        if key is None and text:
            low = text.lower()
            key = next((k for k, label in CONTRACTS.items()
                        if label.lower() in low or k.replace("_", " ") in low), None)
            if key is None and "zero" in low:
                key = "zero_hours"
        if key not in CONTRACTS:
            return None
        d["contract"] = key
        return _go(State("goals", step, d), "days", ctx)

    if step == "days":
        b = _btn(event, "day:")
        if b == "varies":
            d["rota_varies"], d["slots"] = True, []
            return _go(State("goals", step, d), "barriers", ctx,
                       [Reply("OK. I'll look for online courses and ones you can fit in.")])
        if b == "done":
            if not d.get("days"):
                return Result(state, [Reply("Tap at least one day first, or pick "
                                            "\"It changes every week\".", ask(state, ctx).buttons)])
            return _go(State("goals", step, d), "times", ctx)
        if b is not None and b.isdigit() and int(b) < 7:
            days = set(d.get("days", []))
            days ^= {int(b)}
            d["days"] = sorted(days)
            new = State("goals", step, d)
            return Result(new, [ask(new, ctx)])
        if text:
            low = text.lower()
            if any(w in low for w in ("changes", "varies", "different", "every week", "rota")):
                d["rota_varies"], d["slots"] = True, []
                return _go(State("goals", step, d), "barriers", ctx)
            days_list = parse_days(text)
            if not days_list:
                return None
            d["days"] = days_list
            span = parse_time_range(text)
            if span:
                d["slots"] = [[day, _hm(span[0]), _hm(span[1])] for day in days_list]
                d["rota_varies"] = False
                return _go(State("goals", step, d), "barriers", ctx)
            return _go(State("goals", step, d), "times", ctx)
        return None

    if step == "times":
        key = _btn(event, "pat:")
        if key in PATTERNS:
            start_s, end_s = PATTERNS[key][1], PATTERNS[key][2]
        elif text:
            span = parse_time_range(text)
            if not span:
                return None
            start_s, end_s = _hm(span[0]), _hm(span[1])
        else:
            return None
        d["slots"] = [[day, start_s, end_s] for day in d.get("days", [])]
        d["rota_varies"] = False
        return _go(State("goals", step, d), "barriers", ctx)

    if step == "barriers":
        b = _btn(event, "bar:")
        if b == "none":
            d["barriers"] = []
            return _go(State("goals", step, d), "target", ctx)
        if b == "done":
            return _go(State("goals", step, d), "target", ctx)
        if b in BARRIERS:
            chosen = set(d.get("barriers", []))
            chosen ^= {b}
            d["barriers"] = sorted(chosen)
            new = State("goals", step, d)
            return Result(new, [ask(new, ctx)])
        if text:
            low = text.lower()
            found = {k for k, label in BARRIERS.items() if k in low or label.lower() in low}
            if any(w in low for w in ("no", "none", "nothing")) and not found:
                d["barriers"] = []
                return _go(State("goals", step, d), "target", ctx)
            if not found:
                return None
            d["barriers"] = sorted(set(d.get("barriers", [])) | found)
            new = State("goals", step, d)
            return Result(new, [ask(new, ctx)])
        return None

    if step in ("target", "target_text"):
        b = _btn(event, "tgt:")
        sec = next_steps.sector(d.get("sector"))
        if b == "unsure" or (event.intent == "not_sure" and event.confidence >= 0.6):
            d["target_role"], d["not_sure"] = None, True
            return _go(State("goals", step, d), "target_pay", ctx,
                       [Reply("That's fine. We can look at courses that help in your kind of "
                              "work, and change this later.")])
        if b == "other":
            return _go(State("goals", step, d), "target_text", ctx)
        if b is not None and b.isdigit() and int(b) < len(sec.next_steps):
            d["target_role"], d["not_sure"] = sec.next_steps[int(b)], False
            return _go(State("goals", step, d), "target_pay", ctx)
        if text and len(text) >= 2:
            d["target_role"], d["not_sure"] = text[:120], False
            return _go(State("goals", step, d), "target_pay", ctx)
        return None

    if step == "target_pay":
        b = _btn(event, "tp:")
        if b == "rlw":
            d["target_pence"] = REAL_LIVING_WAGE_UK
        elif b == "unsure":
            d["target_pence"] = None
        elif text:
            m = parse_money(text)
            if m is None:
                return None
            d["target_pence"] = to_hourly(m.pence, likely_period(m), d.get("hours"))
        else:
            return None
        return finish(State("goals", step, d), ctx)
    return None


def summary_text(d: dict[str, Any]) -> str:
    """The plan summary, also shown by /plan."""
    lines = ["Here is your plan so far:"]
    now = d.get("job_title") or "your job"
    hourly = d.get("hourly_pence")
    hours = d.get("hours")
    pay_part = f", {money(hourly)} an hour" if hourly else ""
    hours_part = f", {hours:g} hours a week" if hours else ""
    lines.append(f"• Now: {now}{pay_part}{hours_part}.")
    if d.get("target_role"):
        lines.append(f"• Aim: {d['target_role']}.")
    else:
        lines.append("• Aim: a step up in your kind of work (you can pick a job later).")
    target = d.get("target_pence")
    if target and hourly:
        up = uplift(hourly, target, hours)
        lines.append(f"• Pay goal: {money(target)} an hour.")
        if up:
            lines.append("  " + describe_uplift(up))
        else:
            lines.append("  You are already paid that, so we'll aim for a better role.")
    elif hourly and hourly < REAL_LIVING_WAGE_UK:
        up = uplift(hourly, REAL_LIVING_WAGE_UK, hours)
        lines.append(f"• A good first aim: the Real Living Wage, {money(REAL_LIVING_WAGE_UK)} "
                     "an hour.")
        if up:
            lines.append("  " + describe_uplift(up))
    if d.get("rota_varies"):
        lines.append("• Shifts: they change every week.")
    elif d.get("slots"):
        days = ", ".join(DAYS[s[0]] for s in d["slots"])
        first = d["slots"][0]
        lines.append(f"• Shifts: {days}, {first[1]}-{first[2]}.")
    if d.get("barriers"):
        lines.append("• Things to plan around: "
                     + ", ".join(BARRIERS[b].lower() for b in d["barriers"]) + ".")
    return "\n".join(lines)


def finish(state: State, ctx: Context) -> Result:
    d = state.data
    slots = tuple(Slot(s[0], s[1], s[2]) for s in d.get("slots", []))
    effects: list[Any] = [
        SaveEarnings(
            hourly_pence=d.get("hourly_pence"),
            weekly_hours=d.get("hours"),
            job_title=d.get("job_title"),
            sector=d.get("sector"),
            contract_type=d.get("contract"),
            source="baseline",
        ),
        SaveSlots(slots, bool(d.get("rota_varies"))),
        SaveGoal(
            target_role=d.get("target_role"),
            target_sector=d.get("sector"),
            target_hourly_pence=d.get("target_pence"),
            not_sure=bool(d.get("not_sure")),
            barriers=tuple(d.get("barriers", [])),
        ),
        UpdateWorker({"status": "active"}),
    ]
    replies = [
        Reply(summary_text(d)),
        Reply(
            "Next, shall we find a course that fits your shifts?",
            [[Button("Find courses", "menu:courses"), Button("Check funding", "menu:funding")]],
        ),
        checkin_offer(),
    ]
    return Result(State("menu", "idle", {}), replies, effects)


# How often and when to check in. Windows match the scheduler's named windows
# (flows/checkin_schedule.py WINDOWS): local times, never in quiet hours.
FREQUENCIES = {"weekly": "Every week", "fortnightly": "Every 2 weeks", "monthly": "Every month"}
WINDOWS = {
    "morning": ("Mornings (8am-12)", "08:00", "12:00"),
    "afternoon": ("Afternoons (12-5pm)", "12:00", "17:00"),
    "evening": ("Evenings (5-9pm)", "17:00", "21:00"),
    "any": ("Any time (8am-9pm)", "08:00", "21:00"),
}


def checkin_offer() -> Reply:
    return Reply(
        "Can I check in with you now and then, to see how it's going? It only takes a minute.",
        [[Button(label, f"ck:{key}") for key, label in FREQUENCIES.items()],
         [Button("No thanks", "ck:none")]],
    )


def checkin_time_question(frequency: str) -> Reply:
    return Reply(
        "What time of day is best for a message? I'll also avoid your shifts.",
        [[Button(label, f"ckt:{frequency}:{key}")] for key, (label, _, _) in WINDOWS.items()],
    )
