"""Goal-setting: job, sector, hours, pay, contract, shifts, barriers, target; then a plan summary.

Answers collect in the state's data and are saved together at the end, so a half-finished
goal never shows up as a real plan for a coach.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flows import checks, next_steps
from flows.checks import Underpaid
from flows.core import (
    Button,
    Context,
    Event,
    NextSteps,
    Reply,
    Result,
    SaveEarnings,
    SaveGoal,
    SaveSlots,
    Slot,
    State,
    UpdateWorker,
    money,
    pressed,
    rows,
    yes_no,
)
from flows.pay import (
    REAL_LIVING_WAGE_UK,
    describe_uplift,
    to_hourly,
    uplift,
    with_spoken_pay,
)
from flows.steps import Step
from labour_market import pay_message, typical_pay
from nlu.jobs import Job, looks_like_job, parse_job, says_not_sure, search_asked
from nlu.normalise import (
    apply_rise,
    hours_range,
    likely_period,
    parse_visit_pay,
    two_rates,
    visit_minutes,
    words_to_digits,
)
from nlu.values import Values, read_values
from takehome import RulesNotAvailable, hourly_for_net, rules_for
from timetable import fmt_range

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PATTERNS = {
    "early": ("Earlies (6am-2pm)", "06:00", "14:00"),
    "late": ("Lates (2pm-10pm)", "14:00", "22:00"),
    "night": ("Nights (10pm-6am)", "22:00", "06:00"),
    "day": ("9 to 5", "09:00", "17:00"),
}
CONTRACTS = {
    "permanent": "Permanent",
    "fixed_term": "Fixed-term or temp",
    "zero_hours": "Zero hours",
    "agency": "Agency",
    "self_employed": "Self-employed",
    "unknown": "Don't know",
}
# buttons in older messages, from before these keys were renamed (migration goals_1)
OLD_CONTRACTS = {"temporary": "fixed_term", "other": "unknown"}
INSECURE_CONTRACTS = frozenset({"zero_hours", "agency"})
# Job titles (nlu.jobs) of people who may visit clients in their own homes: they are asked
# whether they do home care, then about unpaid travel between visits (working time for the
# minimum wage: gov.uk/minimum-wage-different-types-work, HMRC NMW Manual NMWM08490).
HOME_CARER = "Home carer"
MAYBE_HOME_CARE = frozenset({"Care assistant", "Senior care assistant", "Support worker"})
# What the worker wants most from work (the goal kinds; db.models GOAL_KINDS).
WANTS = {
    "pay": "Better pay",
    "hours": "More hours",
    "secure": "A secure contract",
    "shifts": "Better shifts",
    "change": "A different job or sector",
}
WANT_NAMES = {
    "pay": "better pay",
    "hours": "more hours",
    "secure": "a permanent or more secure contract",
    "shifts": "regular or better shifts",
    "change": "a different job or sector",
}
# words for each goal kind when typed ("more hrs", "perm job", "no more nights")
WANT_WORDS = {
    "pay": r"\bpay\b|\bpaid\b|\bmoney\b|\bwages?\b|\bearn|\brise\b|\braise\b|\bsalary\b|£"
    r"|\bper hour\b|\bcash\b",
    "hours": r"\bmor?e?\s+(?:hours?|hrs?|ours|shifts|work)\b|\bextra\s+(?:hours?|hrs?|shifts)\b"
    r"|\bfull[\s-]*time\b|\bovertime\b",
    "secure": r"\bsecur|\bcontract\b|\bstable\b|\bsteady\b|\bguaranteed\b|\bproper job\b"
    r"|\boff (?:zero|agency)",
    "shifts": r"\bregular\b|\brota\b|\bnights?\b|\bweekends?\b|\bbetter\s+(?:shifts?|hours)\b"
    r"|\bday\s*time\b|\bdays\s+only\b|\bschool\s+hours\b|\bwhen\s+(?:the\s+)?kids\b"
    r"|\bshift\s+pattern|\bsame\s+(?:days|shifts|hours|times)\b|\bsociable\b|\bpredictable\b"
    r"|\bfixed\s+(?:days|shifts|times)\b",
    "change": r"\bdifferent\s+(?:job|sector|line|work|field|career|industry)|\bnew\s+(?:job|career"
    r"|sector|industry|line of work)|\bchange\s+(?:jobs?|careers?|sectors?|industry)"
    r"|\bcareer\s+change|\bget out of\b|\banother\s+(?:job|sector)|\bsomething\s+different",
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
# words for each barrier when typed ("no car", "the kids", "knackered after shifts" is not one)
BARRIER_WORDS = {
    "childcare": r"child\s*care|\bkids?\b|children|nursery|school run|little ones?|\bbaby\b",
    "caring": r"\bcaring\b|\bcarer for\b|look(?:ing)? after (?:my|me) (?:mum|dad|nan|gran|"
    r"husband|wife|partner|son|daughter|mam)",
    "health": r"health(?!\s*(?:and|&)\s*social)|disab|illness|\bback\s+is\s+(?:bad|killing)"
    r"|\bill\b|anxiety|depress|back pain|\bpain\b|adhd|autis"
    r"|dyslex|\bbad\s+(?:back|knees?|hips?|legs?|feet)\b|\bback\s+problems?\b|injur"
    r"|arthritis|diabet|asthma|migraine|long\s+covid|\boff\s+sick\b|chronic"
    r"|\b(?:back|knees?|hips?|legs?|feet|shoulders?)\s+(?:aint|ain'?t|isn'?t|isnt|aren'?t|arent|not)"
    r"\s+(?:great|good|right|what\s+(?:it|they)\s+(?:was|were|used))",
    "english": r"english|language|\besol\b",
    "transport": r"transport|\bbus(?:es)?\b(?!\s+(?:cleaner|driver|depot|station|garage))"
    r"|no car\b|don'?t drive|dont drive|can'?t drive|getting there|travel|\blifts?\b",
    "confidence": r"confiden|nervous|scared|shy",
    "digital": r"computer|laptop|digital|internet|online stuff|\bit\b skills|technology",
}
COMMON_JOBS = (
    ("Care assistant", "care"),
    ("Warehouse worker", "warehouse"),
    ("Shop worker", "retail"),
    ("Cleaner", "cleaning"),
    ("Kitchen or bar staff", "hospitality"),
    ("Delivery driver", "transport"),
)


def start(
    ctx: Context, before: list[Reply] | None = None, effects: list[Any] | None = None
) -> Result:
    state = State("goals", "job", {})
    return Result(state, [*(before or []), ask(state, ctx)], list(effects or []))


# --- questions ---------------------------------------------------------------------------------
def _ask_job(state: State, ctx: Context) -> Reply:
    return Reply(
        "What job do you do now? Tap one, or type your job, like: care assistant.",
        rows(*[(label, f"job:{i}") for i, (label, _) in enumerate(COMMON_JOBS)], per_row=2),
    )


def _ask_sector(state: State, ctx: Context) -> Reply:
    buttons = rows(*[(s.label, f"sec:{s.key}") for s in next_steps.SECTORS], per_row=3)
    return Reply("Which of these is closest to your work?", buttons)


def _ask_hours(state: State, ctx: Context) -> Reply:
    return Reply(
        "How many hours do you work in a normal week?",
        rows(
            ("16", "hrs:16"),
            ("20", "hrs:20"),
            ("30", "hrs:30"),
            ("37.5", "hrs:37.5"),
            ("40", "hrs:40"),
            ("45", "hrs:45"),
            ("It changes", "hrs:varies"),
            per_row=3,
        ),
    )


def _ask_shifts(state: State, ctx: Context) -> Reply:
    per = state.data.get("shift_hours") or 0
    return Reply(
        f"About {per:g} hours a shift. How many shifts a week?",
        [[Button(str(n), f"shn:{n}") for n in range(1, 8)]],
    )


def _ask_hours_check(state: State, ctx: Context) -> Reply:
    return checks.confirm_hours(float(state.data.get("pending_hours") or 0), "hck")


def _ask_pay(state: State, ctx: Context) -> Reply:
    rates = state.data.get("two_rates")
    if isinstance(rates, list) and len(rates) == 2:  # asked again: still the two they gave
        return _which_rate((int(rates[0]), int(rates[1])))
    nlw = checks.legal_minimum(state.data.get("age_band") or ctx.age_band, ctx.today)
    buttons = [[Button(f"Minimum wage ({money(nlw)})", "pay:nlw")]] if nlw else []
    return Reply(
        "What is your pay? You can say it per hour, week, month or year.\n"
        "For example: £11.44 an hour, or 23k a year.",
        buttons,
    )


def _ask_age(state: State, ctx: Context) -> Reply:
    return checks.age_question("age")


def _ask_pay_check(state: State, ctx: Context) -> Reply:
    given = state.data.get("pay_given")
    said = (
        f"{money(int(given[0]))} {PER.get(str(given[1]), '')}"
        if isinstance(given, list) and len(given) == 2 and given[1] != "hour"
        else None
    )
    return checks.confirm_pay(
        int(state.data.get("pending_pence") or 0),
        "pck",
        state.data.get("age_band") or ctx.age_band,
        ctx.today,
        said,
        ask_age=True,
    )


def _ask_contract(state: State, ctx: Context) -> Reply:
    return Reply(
        "What kind of contract do you have?",
        rows(*[(label, f"con:{key}") for key, label in CONTRACTS.items()], per_row=2),
    )


def _ask_days(state: State, ctx: Context) -> Reply:
    chosen = set(state.data.get("days", []))
    day_buttons = [
        Button(("✅ " if i in chosen else "") + name, f"day:{i}") for i, name in enumerate(DAYS)
    ]
    return Reply(
        "Which days do you usually work? Tap each day, then Done.\n"
        "Or type it, like: Mon to Fri 9-5.",
        [
            day_buttons[:4],
            day_buttons[4:],
            [Button("Done", "day:done"), Button("It changes every week", "day:varies")],
        ],
    )


def _ask_times(state: State, ctx: Context) -> Reply:
    names = ", ".join(DAYS[i] for i in state.data.get("days", []) if 0 <= i < 7)
    return Reply(
        f"What times do you work on those days ({names})?\nOr type them, like: 7am-3pm.",
        rows(*[(label, f"pat:{key}") for key, (label, _, _) in PATTERNS.items()], per_row=2),
    )


def _ask_barriers(state: State, ctx: Context) -> Reply:
    chosen = set(state.data.get("barriers", []))
    buttons = rows(
        *[(("✅ " if k in chosen else "") + lbl, f"bar:{k}") for k, lbl in BARRIERS.items()],
        per_row=2,
    )
    buttons.append([Button("Done", "bar:done"), Button("None of these", "bar:none")])
    return Reply(
        "Is anything making it hard to learn or get on at work? Tap all that fit, then Done.",
        buttons,
    )


def _next_roles(d: dict[str, Any]) -> list[dict[str, Any]]:
    """The next roles to offer: those the NextSteps look-up found (employers' published
    pathways first), or the general table for the sector."""
    found = d.get("next_roles")
    if isinstance(found, dict) and found.get("sector") == d.get("sector") and found.get("roles"):
        return list(found["roles"])
    return [{"role": role} for role in next_steps.sector(d.get("sector")).next_steps]


def _read_next_roles(payload: Any) -> list[dict[str, Any]] | None:
    """The look-up's answer, kept small and safe for the state (None when it is unusable)."""
    if not isinstance(payload, list):
        return None
    roles: list[dict[str, Any]] = []
    for item in payload[:3]:
        if not isinstance(item, dict) or not isinstance(item.get("role"), str):
            continue
        role = item["role"].strip()[:60]
        if not role:
            continue
        employers = [e[:60] for e in item.get("employers") or [] if isinstance(e, str)]
        low, high = item.get("pay_min_pence"), item.get("pay_max_pence")
        roles.append(
            {
                "role": role,
                "employers": employers[:5],
                "pay_min": low if isinstance(low, int) and low > 0 else None,
                "pay_max": high if isinstance(high, int) and high > 0 else None,
            }
        )
    return roles or None


def _role_line(item: dict[str, Any]) -> str:
    """'• Senior care assistant: £13.90 to £14.60 an hour at Aire Valley Care (demo)'."""
    line = f"• {item['role']}"
    low, high, employers = item.get("pay_min"), item.get("pay_max"), item.get("employers") or []
    if low:
        line += f": {money(low)}" + (f" to {money(high)}" if high and high > low else "")
        line += " an hour"
    if employers:
        more = f" and {len(employers) - 1} more" if len(employers) > 1 else ""
        line += f" at {employers[0]}{more}"
    return line


def _ask_target(state: State, ctx: Context) -> Reply:
    roles = _next_roles(state.data)
    buttons = [[Button(r["role"], f"tgt:{i}")] for i, r in enumerate(roles)]
    buttons.append([Button("Something else", "tgt:other"), Button("Not sure", "tgt:unsure")])
    ideas = "\n".join(_role_line(r) for r in roles)
    if any(r.get("employers") for r in roles):
        intro = "Here are next steps employers offer, and typical ones (not promises):"
    else:
        intro = "Here are some typical next steps from your kind of work (not promises):"
    return Reply(f"What job would you like next? {intro}\n{ideas}", buttons)


def _ask_target_text(state: State, ctx: Context) -> Reply:
    if "change" in state.data.get("wants", []) and "pay" not in state.data.get("wants", []):
        return Reply(
            "What job or kind of work would you like to move to? Type it in, like: "
            "warehouse supervisor.",
            [[Button("Not sure", "tgt:unsure")]],
        )
    return Reply("What job would you like? Type it in.", [[Button("Not sure", "tgt:unsure")]])


def _typical_hourly(d: dict[str, Any]) -> int | None:
    """ONS median full-time pay for the target role, as an hourly rate at 37.5 h a week."""
    role = d.get("target_role")
    pay = typical_pay(role, d.get("target_sector") or d.get("sector")) if role else None
    if pay is None:
        return None
    return int((Decimal(pay.median_annual_pence) / 52 / Decimal("37.5")).quantize(Decimal(1)))


def _ask_target_pay(state: State, ctx: Context) -> Reply:
    buttons = [[Button(f"Real Living Wage ({money(REAL_LIVING_WAGE_UK)})", "tp:rlw")]]
    typical = _typical_hourly(state.data)
    if typical:
        buttons.insert(0, [Button(f"Typical for the job (about {money(typical)})", "tp:typ")])
    buttons.append([Button("Not sure", "tp:unsure")])
    return Reply(
        "What pay are you aiming for? Type an amount, like £13.50 an hour.\n"
        f"The Real Living Wage is {money(REAL_LIVING_WAGE_UK)} an hour.",
        buttons,
    )


def _target_pay_note(d: dict[str, Any]) -> list[Reply]:
    role = d.get("target_role")
    if not role:
        return []
    note = pay_message(role, d.get("target_sector") or d.get("sector"))
    typical = _typical_hourly(d)
    if typical:
        note += f" That's about {money(typical)} an hour at 37.5 hours a week."
    return [Reply(note)]


def ask(state: State, ctx: Context) -> Reply:
    step = STEPS.get(state.step)
    return step.ask(state, ctx) if step else Reply("Let's carry on.")


# --- answers -----------------------------------------------------------------------------------
def _go(
    state: State,
    step: str,
    ctx: Context,
    before: list[Reply] | None = None,
    effects: list[Any] | None = None,
) -> Result:
    d = dict(state.data)
    if d.get("_shifts_only") and step not in ("days", "times"):
        return finish(State("goals", state.step, d), ctx, before)  # only the shifts changed
    answered = [s for s in d.get("_answered", []) if s != state.step]
    if state.step in ANSWERS and step != state.step:
        answered.append(state.step)
    d["_answered"] = answered[-12:]
    new = State("goals", step, d)
    known = d.get("next_roles")
    fresh = isinstance(known, dict) and known.get("sector") == d.get("sector")
    if step == "target" and not fresh and "_return_to" not in d:
        # ask for the next roles employers have published first (answered in _answer_target)
        lookup = NextSteps(d.get("sector"), d.get("job_title"))
        return Result(new, list(before or []), list(effects or []), lookup=lookup)
    return Result(new, [*(before or []), ask(new, ctx)], list(effects or []))


def _hm(t: time) -> str:
    return t.strftime("%H:%M")


def _text(event: Event) -> str:
    return event.text.strip() if event.kind == "text" else ""


# An aim said in passing: "i want to be a senior carer", "hoping to become a team leader".
_AIM = re.compile(
    r"\b(?:want|wanna|would\s+like|i'?d\s+like|like|hoping|hope|aim(?:ing)?|plan(?:ning)?|trying)"
    r"\s+(?:to\s+)?(?:be|become|get\s+(?:to\s+)?(?:be\s+)?|move\s+up\s+to|train\s+(?:as|to\s+be))"
    r"\s+(?:a\s+|an\s+)?(?P<job>[a-z][a-z' -]{2,40})"
)


def aim_said(text: str) -> tuple[Job, int] | None:
    """A job they want to move to, named in passing, and where that phrase starts; only a
    job we know ("i want to be a senior carer", "a team leader"), not "i want to be paid
    more"."""
    m = _AIM.search(text.lower().replace("’", "'")[:300])
    if m is None:
        return None
    job = parse_job(m.group("job"))  # a job in the table, or a role word ("team leader")
    if job is None:
        return None
    return job, m.start()


def _answer_job(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    pick = pressed(event, "job:")
    if pick is not None and pick.isdigit() and int(pick) < len(COMMON_JOBS):
        d["job_title"], d["sector"] = COMMON_JOBS[int(pick)]
        return _go(State("goals", "job", d), "hours", ctx)
    job = event.v.job
    aim = aim_said(event.text) if event.kind == "text" else None
    if aim is not None:  # "i want to be a senior carer" is the goal, not the job now
        job = parse_job(event.text[: aim[1]]) if aim[1] > 2 else None
    if job is None:
        return None
    d["job_title"] = job.title
    got = [Reply(f"Got it: {job.title.lower()}.")]
    if job.sector in next_steps.BY_KEY:
        d["sector"] = job.sector
        return _go(State("goals", "job", d), "hours", ctx, got)
    guessed = next_steps.guess_sector(job.title)
    if guessed in next_steps.BY_KEY:
        d["sector"] = guessed
        return _go(State("goals", "job", d), "hours", ctx, got)
    return _go(State("goals", "job", d), "sector", ctx, got)


def _answer_sector(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    key = pressed(event, "sec:")
    said: list[Reply] = []
    if key is None and _text(event):
        key = next_steps.guess_sector(_text(event))
        if key not in next_steps.BY_KEY and event.v.job and event.v.job.sector:
            key = event.v.job.sector
        if key not in next_steps.BY_KEY and looks_like_job(_text(event)):
            # "hand car wash", "nursery": work of a kind not on the buttons is "Something
            # else" (a car wash worker was asked this nine times)
            key = "other"
            said = [Reply("OK, I'll put that down as other work.")]
    if key not in next_steps.BY_KEY:
        return None
    d["sector"] = key
    return _go(State("goals", "sector", d), "hours", ctx, said)


def _set_hours(
    state: State, hours: Decimal, ctx: Context, confirmed: bool = False
) -> Result | None:
    if not (0 < hours <= 100):
        return None
    d = dict(state.data)
    if not confirmed and checks.hours_doubt(hours):
        d["pending_hours"] = float(hours)
        new = State("goals", "hours_check", d)
        return Result(new, [ask(new, ctx)])
    d["hours"] = float(hours)
    d.pop("pending_hours", None)
    said = [] if confirmed else [Reply(f"Got it: {float(hours):g} hours a week.")]
    return _go(State("goals", "hours", d), "pay", ctx, said)


_TRAVEL_IN_HOURS = re.compile(r"\b(?:inc\w*|with|plus|and|\+)\s+(?:the\s+)?travel")
_JOBS = re.compile(r"\b(?:[2-4]|two|three|four)\s+(?:jobs|part[\s-]?time jobs)\b", re.I)
SEVERAL_JOBS = (
    "More than one job: that's a lot to juggle! How many hours a week is that in all your "
    "jobs together? Like: 16 + 12."
)


_NO_SET_HOURS = re.compile(
    r"\bzero\s*(?:hours?|hrs?)\b|\bwhenever\b|\bon\s+the\s+bank\b|\bbank\s+(?:staff|work|shifts?)\b"
    r"|\bas\s+and\s+when\b|\bno\s+(?:set|fixed|guaranteed)\s+hours\b"
)
_SOME_WEEKS = re.compile(
    r"\bsome\s+weeks?\b.*\bsome(?:\s+weeks?|times)?\b|\bone\s+week\b.*\b(?:the\s+next|another)\b"
    r"|\bsometimes\b.*\bsometimes\b"
    r"|\bup\s+and\s+down\b"
)
_AVERAGE = re.compile(r"\baverage\b|\busually\b|\bnormally\b|\bmost\s+weeks\b|\bon\s+avg\b")
_HOURS_VARY = re.compile(
    r"^\W*(?:it\s+|they\s+|my\s+hours\s+)?(?:changes?|varies|vary|depends|all\s+over)\b"
    r"|^\W*(?:different|not\s+the\s+same)\s+every\s+week"
)


def _hours_tapped(state: State, event: Event, ctx: Context) -> Result | None:
    """A button (or "it changes" typed): a number of hours, or "It changes"."""
    raw = pressed(event, "hrs:")
    low = event.text.lower() if event.kind == "text" else ""
    if raw is None and event.kind == "text" and event.v.hours is None:
        raw = "varies" if _HOURS_VARY.search(low) else None  # "it changes"
    if raw is None and _SOME_WEEKS.search(low) and not _AVERAGE.search(low):
        raw = "varies"  # "some weeks 50 some weeks nothing": not 50 (the first number said)
    if raw is None and event.v.hours is None and _NO_SET_HOURS.search(low):
        raw = "varies"  # "zero hours", "whenever they call me", "im on the bank"
    spread = hours_range(low) if raw is None and not state.data.get("hours_vary") else None
    if spread is not None and spread[1] >= 2 * spread[0]:
        raw = "varies"  # "10 to 40 a week": no normal week in it yet (25 would be a guess)
    if raw == "varies" and state.data.get("hours_vary"):
        # said twice: a bank worker was asked the hours about 14 times
        note = Reply(
            "OK, I'll leave your hours out for now. To add them later, type: change my hours."
        )
        return _go(State("goals", "hours", dict(state.data)), "pay", ctx, [note])
    if raw == "varies":
        return Result(
            State("goals", state.step, {**state.data, "hours_vary": True}),
            [
                Reply(
                    "That's OK. About how many hours in a normal week? "
                    "A rough number is fine, like 25.",
                    _ask_hours(state, ctx).buttons[:2],
                )
            ],
        )
    if raw is not None:
        try:
            return _set_hours(state, Decimal(raw), ctx, confirmed=True)
        except ArithmeticError:
            return None
    return None


# "25ish", "about 30": a rough number of hours (the NLU may tag it as money); "12.71" is pay
_ROUGH_HOURS = re.compile(
    r"\W*(?:about|around|roughly|approx\w*|maybe|prob\w*|like)?\s*\d{1,2}(?:\.5)?\s*(?:ish)?\W*"
)


def _answer_hours(state: State, event: Event, ctx: Context) -> Result | None:
    tapped = _hours_tapped(state, event, ctx)
    if tapped is not None:
        return tapped
    v = event.v
    bare = event.kind == "text" and _ROUGH_HOURS.fullmatch(event.text.lower())
    if v.said_money is not None and v.said_hours is None and not bare:
        return None  # "sorry i meant 12.71" after a pay typed here fixes the pay, not the hours
    rota = _rota_hours(v)
    if rota is not None:  # "4 on 4 off, 12 hour shifts": 42 a week on average, not 12
        return _set_hours(state, rota, ctx)
    if v.hours is not None:
        if event.kind == "text" and _TRAVEL_IN_HOURS.search(event.text.lower()):
            # "35 hrs inc travel": travel between visits is paid working time, so the travel
            # questions come after the pay even if the job didn't say home care
            state = State(state.flow, state.step, {**state.data, "travel_in_hours": True})
        return _set_hours(state, v.hours, ctx)
    if _JOBS.search(event.text):
        return Result(state, [Reply(SEVERAL_JOBS, _ask_hours(state, ctx).buttons)])
    per = v.shift_hours
    if per is not None and 0 < per <= 24:
        return _per_shift(state, event, per, ctx)
    return None


def _per_shift(state: State, event: Event, per: Decimal, ctx: Context) -> Result | None:
    """A shift's length said at the hours question: the week from the days or the count said
    with it, else the question of how many shifts."""
    if _SPLIT.search(event.text.lower()):
        # "7am till 10pm split shifts": the gaps are not worked, so the span is no guide
        return Result(state, [Reply(SPLIT_SHIFTS, _ask_hours(state, ctx).buttons)])
    if event.v.days:  # "12 hour shifts every day": the days said are the shifts
        return _set_hours(state, per * len(event.v.days), ctx)
    count = _shift_count(event.text)
    if count:  # "i do four nights. ten till six": 4 shifts of 8 hours
        return _set_hours(state, per * count, ctx)
    new = State("goals", "shifts", {**state.data, "shift_hours": float(per)})
    return Result(new, [ask(new, ctx)])


_SHIFT_COUNT = re.compile(
    r"\b([1-7])\s+(?:nights?|days?|shifts?|times|mornings?|evenings?|earlies|lates)\b"
    r"(?!\s+(?:off|on)\b)"
)


def _shift_count(text: str) -> int | None:
    """How many shifts a week a message names ("four nights", "3 days"), or None."""
    m = _SHIFT_COUNT.search(words_to_digits(text))
    return int(m.group(1)) if m else None


_SPLIT = re.compile(r"\bsplit(?:\s+|-)?(?:shifts?|days?)?\b")
SPLIT_SHIFTS = (
    "Split shifts have gaps in them. About how many hours do you work in a week, "
    "not counting the gaps?"
)


def _rota_hours(v: Values) -> Decimal | None:
    """The average week of an "N on, M off" rota with its shift length, to the half hour."""
    per = v.shift_hours
    m = re.fullmatch(r"(\d)_on_(\d)_off", v.pattern or "")
    if per is None or not 0 < per <= 24 or m is None:
        return None
    on, off = int(m.group(1)), int(m.group(2))
    if on + off == 0:
        return None
    return (per * 7 * on / (on + off)).quantize(Decimal("0.5"))


def _answer_shifts(state: State, event: Event, ctx: Context) -> Result | None:
    raw = pressed(event, "shn:")
    if raw is None and _text(event):
        m = re.fullmatch(r"\D*?([1-7])\D*", _text(event))
        words = {
            "one": "1",
            "two": "2",
            "three": "3",
            "four": "4",
            "five": "5",
            "six": "6",
            "seven": "7",
        }
        raw = m.group(1) if m else words.get(_text(event).lower().split(" ")[0])
        v = event.v
        # weekly hours instead of a count ("40"), but not a pay ("14.50" had become 14.5 hours)
        if raw is None and v.hours is not None and (v.said_hours or v.said_money is None):
            return _set_hours(State("goals", "hours", dict(state.data)), v.hours, ctx)
    if raw is None or not raw.isdigit() or not 1 <= int(raw) <= 7:
        return None
    per = Decimal(str(state.data.get("shift_hours") or 0))
    return _set_hours(State("goals", "hours", dict(state.data)), per * int(raw), ctx)


def _answer_hours_check(state: State, event: Event, ctx: Context) -> Result | None:
    said = yes_no(event, "hck") if event.v.hours is None else None
    b = None if said is None else "yes" if said else "no"
    if b == "yes":
        pending = Decimal(str(state.data.get("pending_hours") or 0))
        return _set_hours(State("goals", "hours", dict(state.data)), pending, ctx, confirmed=True)
    if b == "no":
        d = {k: v for k, v in state.data.items() if k != "pending_hours"}
        new = State("goals", "hours", d)
        return Result(new, [Reply("OK, let's try again."), ask(new, ctx)])
    if event.v.hours is not None:
        return _set_hours(
            State("goals", "hours", dict(state.data)), event.v.hours, ctx, confirmed=True
        )
    return None


def _set_pay(
    state: State,
    hourly: int | None,
    ctx: Context,
    confirmed: bool = False,
    said: str = "",
    doubt: bool = False,
) -> Result | None:
    if not hourly or hourly < 1:
        return None
    d = dict(state.data)
    band = d.get("age_band") or ctx.age_band
    contract = _contract_said(d, ctx)
    term = bool(d.get("term_time"))  # "term time only", kept by the router
    low_doubt = checks.pay_doubt(hourly, band, ctx.today, contract)
    if term and low_doubt == "low":
        low_doubt = None  # term-time pay is spread over the year: no minimum-wage sum here
    if not confirmed and (doubt or low_doubt):
        d["pending_pence"] = hourly
        new = State("goals", "pay_check", d)
        return Result(new, [ask(new, ctx)])
    d["hourly_pence"] = hourly
    for key in ("pending_pence", "underpaid", "underpaid_done", "two_rates"):
        d.pop(key, None)
    under = None if term else checks.underpaid(hourly, band, ctx.today, contract=contract)
    if under is not None:
        d["underpaid"] = under.as_data()
    before = [Reply(f"Thanks. {said}That's about {money(hourly)} an hour.")]
    if term:
        before.append(Reply(TERM_TIME_NOTE))
    return _after_pay(State("goals", "pay", d), ctx, before)


TERM_TIME_NOTE = (
    "You said term time only. Term-time pay is often spread over the whole year, so I can't "
    "check it against the minimum wage. Your payslip shows your hourly rate."
)
TERM_TIME = re.compile(r"\bterm[\s-]*time\b|\bschool\s+holidays?\s+off\b")


def _contract_said(d: dict[str, Any], ctx: Context) -> str | None:
    """The contract as far as we know it at the pay question: answered, typed early ("im a self
    employed cleaner", kept for the contract question), or saved before."""
    if d.get("contract"):
        return str(d["contract"])
    early = (d.get("_ahead") or {}).get("contract")
    if early:
        said = read_values(str(early), ctx.today).contract
        if said is not None:
            return said
    return ctx.contract_type


def _after_pay(
    state: State, ctx: Context, before: list[Reply] | None = None, effects: list[Any] | None = None
) -> Result:
    """After the pay: the underpayment offer if it is under the minimum, the home-care travel
    questions for care workers, then the contract."""
    d = state.data
    if Underpaid.from_data(d.get("underpaid")) is not None:
        return _go(state, "underpaid", ctx, before, effects)
    title = d.get("job_title")
    if (
        d.get("hourly_pence")
        and d.get("hours")
        and "home_care" not in d
        and not d.get("underpaid_done")
    ):
        if title == HOME_CARER:  # said so: straight to the travel question
            return _go(
                State("goals", state.step, {**d, "home_care": True}), "travel", ctx, before, effects
            )
        if (d.get("sector") == "care" and title in MAYBE_HOME_CARE) or d.get("travel_in_hours"):
            return _go(state, "home_care", ctx, before, effects)
    return _go(state, "contract", ctx, before, effects)


def _minimum_wage(state: State, ctx: Context) -> Result | None:
    state = State(state.flow, state.step, {k: v for k, v in state.data.items() if k != "pay_given"})
    band = state.data.get("age_band") or ctx.age_band
    if band is None:
        new = State("goals", "age", {**state.data, "after_age": "nlw"})
        return Result(new, [ask(new, ctx)])
    return _set_pay(state, checks.legal_minimum(band, ctx.today), ctx, confirmed=True)


_NET_PAY = re.compile(
    r"\bafter (?:tax|deductions|stoppages)\b|\btake[\s-]*home\b|\bnet\b|\bin (?:my )?hand\b"
    r"|\bclear\b|\bin my pocket\b|\bin my (?:bank|account)\b"
)
NET_PAY_ASK = (
    "Thanks. That sounds like your pay after tax. I need your pay before tax: it is the 'gross "
    "pay' on your payslip. Or tell me your hourly rate, like £12.50 an hour. Don't know it? "
    "Send the same figure again and I'll work it out."
)


def _answer_pay(state: State, event: Event, ctx: Context) -> Result | None:
    event = with_spoken_pay(event)
    early = _pay_not_an_amount(state, event, ctx)
    if early is not None or event.v.money is None:
        return early
    m = event.v.money
    period = likely_period(m)
    after_tax = _after_tax(state, event, m.pence, period, ctx)
    if after_tax is not None:
        return after_tax
    hourly = to_hourly(m.pence, period, state.data.get("hours"))
    said = ""
    if period != "hour":
        at = state.data.get("hours") or 37.5
        said = f"{money(m.pence)} {PER.get(period, '')} at {at:g} hours a week. "
    kept = State("goals", state.step, {**state.data, "pay_given": [m.pence, period]})
    band = age_band_said(event.text) if event.kind == "text" else None
    if band is not None:  # "£10.85 cos im 19": judged against the 18 to 20 rate
        kept.data["age_band"] = band
    # a bare "48" is as likely the hours, fixed late, as £48 an hour: read back first
    bare = event.kind == "text" and _BARE_TWO_DIGITS.fullmatch(event.text.strip()) is not None
    return _set_pay(kept, hourly, ctx, said=said, doubt=bare and (hourly or 0) >= 2500)


_BARE_TWO_DIGITS = re.compile(r"\W*\d{2}\W*")


def _pay_not_an_amount(state: State, event: Event, ctx: Context) -> Result | None:
    """The answers to the pay question that are not one amount: the minimum-wage button or
    words, one of two rates tapped, two rates typed at once, a rise with no new pay."""
    if pressed(event, "pay:") == "nlw":
        return _minimum_wage(state, ctx)
    chosen = pressed(event, "pay2:")
    if chosen is not None:  # one of two rates they gave: the one for most of their hours
        pence = int(chosen) if chosen.isdigit() else 0
        return _set_pay(state, pence, ctx) if 100 <= pence <= 20_000 else None
    if event.kind == "text" and not event.v.correction and (both := two_rates(event.text)):
        return Result(
            State("goals", state.step, {**state.data, "two_rates": list(both)}), [_which_rate(both)]
        )
    picked = _rate_picked(state.data.get("two_rates"), event)
    if picked is not None:  # "the higher one", "the first", "about half and half"
        return _set_pay(state, picked, ctx)
    visit = _visit_pay(state, event, ctx)
    if visit is not None:
        return visit
    v = event.v
    if v.money is not None and getattr(v.money, "minimum_wage", False):
        return _minimum_wage(state, ctx)
    if v.money is None and v.rise is not None:
        return Result(
            state,
            [
                Reply(
                    "Good news about the rise! What is your pay now, with "
                    "the rise? For example: £12.50 an hour."
                )
            ],
        )
    return None


def _visit_pay(state: State, event: Event, ctx: Context) -> Result | None:
    """Paid by the visit ("about 9 quid a visit"): how long a visit is comes first, then the
    pay an hour is worked out. It had been read back as "£9 an hour?"."""
    tapped = pressed(event, "vis:")
    if event.kind != "text" and tapped is None:
        return None
    by_visit = parse_visit_pay(event.text) if tapped is None else None
    pence = by_visit[0] if by_visit is not None and by_visit[1] is None else None
    if pence is None and state.data.get("visit_pence"):
        if tapped is not None:
            minutes = int(tapped) if tapped in ("15", "30", "45", "60") else None
        else:  # "30" here is the minutes, not £30; "£12 an hour" is a pay after all
            minutes = _bare_minutes(event.text) or (
                visit_minutes(event.text) if event.v.money is None else None
            )
        if minutes:
            visit = int(state.data["visit_pence"])
            hourly = int(round(visit * 60 / minutes))
            d = {k: v for k, v in state.data.items() if k != "visit_pence"}
            said = f"{money(visit)} a visit of {minutes} minutes. "
            return _set_pay(State("goals", state.step, d), hourly, ctx, said=said)
        return None
    if pence is None:
        return None
    new = State("goals", state.step, {**state.data, "visit_pence": pence})
    lengths = [Button(f"{n} minutes", f"vis:{n}") for n in (15, 30, 45, 60)]
    return Result(new, [Reply(VISIT_LENGTH_QUESTION, [lengths[:2], lengths[2:]])])


VISIT_LENGTH_QUESTION = (
    "Paid by the visit: thanks. How long is a visit, usually? Like: 30 minutes. "
    "Then I can work out your pay an hour."
)


def _bare_minutes(text: str) -> int | None:
    """ "30", "45 min", "about 30": a visit's length in minutes, typed on its own."""
    m = re.fullmatch(r"\D{0,12}?(15|20|30|40|45|60)\s*(?:m|mins?|minutes?)?\W*", text.lower())
    return int(m.group(1)) if m else None


def _after_tax(state: State, event: Event, pence: int, period: str, ctx: Context) -> Result | None:
    """Pay said after tax ("2100 a month after tax"): asked once for the pay before tax; said
    after tax again, or the same figure given again, it is worked back to the pay before tax."""
    if period == "hour":
        return None
    net_said = event.kind == "text" and bool(_NET_PAY.search(event.text.lower()))
    if net_said and not state.data.get("_net_asked"):
        given = [pence, period]
        asked = State("goals", state.step, {**state.data, "_net_asked": True, "_net": given})
        return Result(asked, [Reply(NET_PAY_ASK, ask(asked, ctx).buttons)])
    if net_said or state.data.get("_net") == [pence, period]:
        return _gross_from_net(state, pence, period, ctx)
    return None


def _gross_from_net(state: State, pence: int, period: str, ctx: Context) -> Result | None:
    """The hourly pay before tax that leaves `pence` after tax, NI and a workplace pension, at
    their hours (37.5 when not given yet), by this tax year's rules; None when it can't be
    worked out (then the amount is taken as they said it)."""
    hours = float(state.data.get("hours") or 37.5)
    try:
        rules = rules_for(ctx.today)
    except RulesNotAvailable:
        return None
    hourly = hourly_for_net(pence, period, hours, rules)
    if hourly is None:
        return None
    said = (
        f"I worked back to your pay before tax from {money(pence)} {PER.get(period, '')} after "
        f"tax, at {hours:g} hours a week ({rules.tax_year} tax rules). It's a guess: your "
        "payslip shows the real one. "
    )
    d = {k: v for k, v in state.data.items() if k != "_net"}
    kept = State("goals", state.step, {**d, "pay_given": [hourly, "hour"]})
    # worked out, not typed: no "Did you mean £11.34?" about a figure they never said
    return _set_pay(kept, hourly, ctx, confirmed=True, said=said)


_HIGHER = re.compile(r"\b(?:higher|highest|more|bigger|top|better|second|2nd|last|latter)\b")
_LOWER = re.compile(
    r"\b(?:lower|lowest|less|smaller|basic|base|normal|standard|first|1st|former)\b"
)
_BOTH = re.compile(r"\bboth\b|\bhalf\s+and\s+half\b|\b50\s*/?\s*50\b|\bequal|\bthe\s+same\b")


def _rate_picked(rates: Any, event: Event) -> int | None:
    """Which of the two rates a typed answer picks: higher or second, lower or first, or both
    (their middle). None when the words pick neither ("mostly nights" says when, not which)."""
    if event.kind != "text" or not isinstance(rates, list) or len(rates) != 2:
        return None
    if event.v.money is not None:
        return None  # an amount typed: the pay step reads it
    first, second = int(rates[0]), int(rates[1])
    low = event.text.lower()
    if _BOTH.search(low):
        return (first + second + 1) // 2
    higher, lower = bool(_HIGHER.search(low)), bool(_LOWER.search(low))
    if higher == lower:
        return None
    by_order = re.search(r"\b(?:first|1st|former|second|2nd|last|latter)\b", low)
    if by_order:
        return second if higher else first
    return max(first, second) if higher else min(first, second)


def _which_rate(rates: tuple[int, int]) -> Reply:
    """Two rates said at once ("12.50 at the care home and 11.90 at the pub"): one is asked for,
    not saved as if it were the only one."""
    return Reply(
        "You gave two pay rates. Which one do you get for most of your hours?",
        [[Button(f"{money(p)} an hour", f"pay2:{p}") for p in rates]],
    )


_AGE_SAID = re.compile(
    r"\b(?:i'?m|i\s+am|aged?|age)\s+(1[4-9]|[2-9]\d)\b(?!\s*(?:an?\s+h|ph\b|p/h|hours?|hrs?|quid"
    r"|pounds?|p\b|k\b|%|\.\d))|\b(1[4-9]|[2-9]\d)\s*(?:years?\s+old|yrs?\s+old|yo)\b"
)


def _as_typed(text: str, ctx: Context) -> Event:
    """A button's meaning as the words it stands for, read as if typed."""
    return Event(kind="text", text=text, values=read_values(text, ctx.today))


_BARE_AGE = re.compile(r"\W*(1[4-9]|20)\W*")


def age_band_said(text: str) -> str | None:
    """The age band when the worker says their age with their pay ("cos im 19")."""
    m = _AGE_SAID.search(text.lower().replace("’", "'"))
    if m is None:
        return None
    age = int(m.group(1) or m.group(2))
    return "under_18" if age < 18 else "18_20" if age < 21 else "21_plus"


def _answer_age(state: State, event: Event, ctx: Context) -> Result | None:
    band = pressed(event, "age:")
    if band is None and _text(event):
        m = re.search(r"\b(\d{2})\b", _text(event))
        if m and 14 <= int(m.group(1)) <= 99:
            age = int(m.group(1))
            band = "under_18" if age < 18 else "18_20" if age < 21 else "21_plus"
    if band not in checks.AGE_BANDS:
        return None
    d = {k: v for k, v in state.data.items() if k != "after_age"}
    d["age_band"] = band
    res = _minimum_wage(State("goals", "pay", d), ctx)
    if res is not None:
        res.effects.append(UpdateWorker({"age_band": band}))
    return res


def _answer_pay_check(state: State, event: Event, ctx: Context) -> Result | None:
    tapped = pressed(event, "pck:")
    if event.kind == "text" and (bare := _BARE_AGE.fullmatch(event.text.strip())):
        n = int(bare.group(1))  # "19" after "... the minimum for people aged 21 or over"
        return Result(
            state,
            [
                Reply(
                    f"Is {n} your age, or your pay (£{n} an hour)?",
                    [[Button(f"I'm {n}", f"pck:age:{n}"), Button(f"£{n} an hour", f"pck:pay:{n}")]],
                )
            ],
        )
    if tapped is not None and (m := re.fullmatch(r"(age|pay):(1[4-9]|20)", tapped)):
        if m.group(1) == "pay":
            as_pay = _as_typed(f"£{m.group(2)} an hour", ctx)
            return _answer_pay(State("goals", "pay", dict(state.data)), as_pay, ctx)
        event = _as_typed(f"im {m.group(2)}", ctx)
    band = age_band_said(event.text) if event.kind == "text" and event.v.money is None else None
    if band is not None:  # "im 19" at "Did you mean £10.85? ... the minimum for 21 or over"
        d = {**state.data, "age_band": band}
        pending = int(d.get("pending_pence") or 0)
        return _set_pay(State("goals", "pay", d), pending, ctx, confirmed=True)
    said = yes_no(event, "pck") if event.v.money is None else None
    b = None if said is None else "yes" if said else "no"
    if b == "yes":
        pending = int(state.data.get("pending_pence") or 0)
        return _set_pay(State("goals", "pay", dict(state.data)), pending, ctx, confirmed=True)
    if b == "no":
        d = {k: v for k, v in state.data.items() if k != "pending_pence"}
        new = State("goals", "pay", d)
        return Result(new, [Reply("OK, let's try again."), ask(new, ctx)])
    if event.v.money is not None:
        return _answer_pay(State("goals", "pay", dict(state.data)), event, ctx)
    return None


def _hours_moved_on(state: State, ctx: Context) -> Result:
    """Answering the pay question instead of "Did you mean 2 hours a week?": hours that
    looked wrong are left out rather than saved."""
    d = {k: v for k, v in state.data.items() if k != "pending_hours"}
    note = Reply("I'll leave your hours out for now. To add them later, type: change my hours.")
    return _go(State("goals", "hours_check", d), "pay", ctx, [note])


def _pay_moved_on(state: State, ctx: Context) -> Result:
    """Answering the next question instead of "Did you mean £12.21 an hour?". A pay under the
    minimum is kept as typed, but it is not a yes: no underpayment note is raised on it
    (testers' "tues to sat 9 till 5" there had brought a warning about £5.28), and they are
    told how to change it (leaving it out had lost it). One too high to believe is left out."""
    d = dict(state.data)
    pending = int(d.pop("pending_pence", 0) or 0)
    band = d.get("age_band") or ctx.age_band
    if pending and checks.pay_doubt(pending, band, ctx.today, _contract_said(d, ctx)) == "low":
        d.update({"hourly_pence": pending, "underpaid_done": True})
        d.pop("underpaid", None)
        note = Reply(f"I've kept {money(pending)} an hour. If that's wrong, type: change my pay.")
        return _go(State("goals", "pay_check", d), "contract", ctx, [note])
    note = Reply("I'll leave your pay out for now. To add it later, type: change my pay.")
    return _go(State("goals", "pay_check", d), "contract", ctx, [note])


def _answer_contract(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    key = pressed(event, "con:")
    key = OLD_CONTRACTS.get(key or "", key)
    if key is None and event.kind == "text":
        key = event.v.contract
    if key not in CONTRACTS:
        return None
    d["contract"] = key
    said = (
        [Reply(f"Got it: {CONTRACTS[key].lower()}." if key != "unknown" else "OK, no problem.")]
        if event.kind == "text"
        else []
    )
    return _go(State("goals", "contract", d), "days", ctx, said)


def _rota_varies(state: State, ctx: Context, note: str) -> Result:
    d = {**state.data, "rota_varies": True, "slots": []}
    return _go(State("goals", state.step, d), "barriers", ctx, [Reply(note)])


# The steps that come straight after a "tap all that fit, then Done" question (barriers, want),
# where a "done" typed late is meant for that question.
AFTER_TAP_ALL = frozenset({"want", "hours_goal", "target", "target_text", "target_pay"})
DONE_WORDS = re.compile(
    r"^\W*(?:done|that'?s (?:it|all)|thats (?:it|all)|finished|all done"
    r"|nothing else|no more|ok done)\W*$"
)
_VARIES_NOTE = "OK. I'll look for online courses and ones you can fit in."


def _answer_days(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    b = pressed(event, "day:")
    if b == "varies":
        return _rota_varies(state, ctx, _VARIES_NOTE)
    done = b == "done" or (b is None and bool(DONE_WORDS.search(_text(event).lower())))
    if done and not d.get("days"):  # "done" typed or tapped before any day
        return Result(
            state,
            [
                Reply(
                    'Tap at least one day first, or pick "It changes every week".',
                    ask(state, ctx).buttons,
                )
            ],
        )
    if b == "done":
        return _go(State("goals", "days", d), "times", ctx)
    if b is not None and b.isdigit() and int(b) < 7:
        days = set(d.get("days", []))
        days ^= {int(b)}
        d["days"] = sorted(days)
        new = State("goals", "days", d)
        return Result(new, [ask(new, ctx)])
    text = _text(event)
    if not text:
        return None
    v = event.v
    low = text.lower()
    if DONE_WORDS.search(low) and d.get("days"):
        return _go(State("goals", "days", d), "times", ctx)
    if (
        v.pattern == "varies"
        or (v.pattern or "").endswith("_off")
        or any(w in low for w in ("changes", "varies", "different", "every week", "rota"))
        or re.search(
            r"\bdiff\b|\beach\s+week\b|\bweek\s+to\s+week\b|\bdepends\b|\bwhenever\b"
            r"|\bas\s+and\s+when\b|\bno\s+set\s+days\b|\bwhen\s+they\s+(?:text|call|need)",
            low,
        )
    ):
        return _rota_varies(state, ctx, _VARIES_NOTE)
    if not v.days:
        return None
    d["days"] = list(v.days)
    slots = _slots(list(v.days), v.time_ranges, v.pattern)
    if slots:
        d["slots"], d["rota_varies"] = slots, False
        said = [Reply(f"Got it: {shifts_read(slots)}.")]
        return _go(State("goals", "days", d), "barriers", ctx, said)
    return _go(State("goals", "days", d), "times", ctx)


def _slots(
    days: list[int], ranges: tuple[tuple[time, time], ...], pattern: str | None
) -> list[list[Any]]:
    spans = [(_hm(a), _hm(b)) for a, b in ranges]
    if not spans and pattern in PATTERNS:
        spans = [(PATTERNS[pattern][1], PATTERNS[pattern][2])]
    return [[day, a, b] for day in days for a, b in spans]


def _answer_times(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    key = pressed(event, "pat:")
    days = [x for x in d.get("days", []) if isinstance(x, int) and 0 <= x < 7]
    if key in PATTERNS:
        slots = _slots(days, (), key)
    elif _text(event):
        v = event.v
        if v.pattern == "varies":
            return _rota_varies(state, ctx, _VARIES_NOTE)
        slots = _slots(days, v.time_ranges, v.pattern)
        if not slots:
            return None
    else:
        return None
    d["slots"] = slots
    d["rota_varies"] = False
    said = [Reply(f"Got it: {shifts_read(slots)}.")] if key is None and slots else []
    return _go(State("goals", "times", d), "barriers", ctx, said)


def _days_read(days: list[int]) -> str:
    """ "Tue to Sat" for a run of days, else "Mon, Wed, Fri"."""
    days = sorted(set(days))
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAYS[days[0]]} to {DAYS[days[-1]]}"
    return ", ".join(DAYS[x] for x in days)


def shifts_read(slots: list[list[Any]]) -> str:
    """What was read from typed shifts, to say back so a wrong reading can be put right:
    "Tue to Sat, 10pm-6am" (the days had been left out of "Got it: 10pm-6am")."""
    spans = sorted({(str(a), str(b)) for _, a, b in slots})
    times = ", ".join(fmt_range(time.fromisoformat(a), time.fromisoformat(b)) for a, b in spans)
    return f"{_days_read([int(x) for x, _, _ in slots])}, {times}"


def _answer_barriers(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    b = pressed(event, "bar:")
    if b == "none":
        d["barriers"] = []
        return _go(State("goals", "barriers", d), "want", ctx)
    if b == "done":
        return _go(State("goals", "barriers", d), "want", ctx)
    if b in BARRIERS:
        chosen = set(d.get("barriers", []))
        chosen ^= {b}
        d["barriers"] = sorted(chosen)
        new = State("goals", "barriers", d)
        return Result(new, [ask(new, ctx)])
    text = _text(event)
    if not text:
        return None
    low = text.lower()
    if DONE_WORDS.search(low):
        return _go(State("goals", "barriers", d), "want", ctx)
    found = {k for k, words in BARRIER_WORDS.items() if re.search(words, low)}
    if not found and (
        re.search(r"\b(?:no|none|nothing|nah|nope|not really)\b", low) or event.intent == "deny"
    ):
        d["barriers"] = []
        return _go(State("goals", "barriers", d), "want", ctx)
    if not found:
        return None
    d["barriers"] = sorted(set(d.get("barriers", [])) | found)
    names = ", ".join(_lower_first(BARRIERS[k]) for k in sorted(found))
    # typed, the list is their whole answer: on to the next question (no "Done" to find)
    return _go(State("goals", "barriers", d), "want", ctx, [Reply(f"Got it: {names}.")])


def barriers_said(text: str) -> set[str]:
    """The barriers a short message names ("childcare", "no car and a bad back"): kept for the
    barriers question when typed before it. A long message is not read this way."""
    low = text.lower()[:300]
    if len(low.split()) > 12 or parse_job(text) is not None:
        return set()  # "forklift driver", "bus cleaner": a job, not a barrier
    return {k for k, words in BARRIER_WORDS.items() if re.search(words, low)}


def _barriers_moved_on(state: State, ctx: Context) -> Result:
    """Something else typed after tapping some barriers: they are done choosing."""
    if not state.data.get("barriers"):
        return Result(state)  # nothing chosen yet: not moving on
    return _go(State("goals", "barriers", dict(state.data)), "want", ctx)


def _offered_role(text: str, roles: list[dict[str, Any]]) -> str | None:
    """The index of the one offered role a short typed answer names ("supervisor" for
    "Cleaning supervisor", "senior" for "Senior care assistant"), or None."""
    words = re.findall(r"[a-z]+", text.lower())
    if not words or len(words) > 3:
        return None
    found = [
        i
        for i, r in enumerate(roles)
        if set(words) <= set(re.findall(r"[a-z]+", str(r.get("role", "")).lower()))
    ]
    return str(found[0]) if len(found) == 1 else None


# "any bar jobs near me?" at "what job would you like next?" is a search, not the answer
def _unsure_of_target(event: Event, pressed_key: str | None) -> bool:
    """ "Not sure" tapped, typed ("idk lol"), or meant with no job in the words."""
    return (
        pressed_key == "unsure"
        or (event.kind == "text" and says_not_sure(event.text))
        or (event.intent == "not_sure" and event.confidence >= 0.6 and event.v.job is None)
    )


def _target_choice(event: Event, roles: list[dict[str, Any]]) -> str | None:
    """The button pressed, or the offered role typed ("supervisor")."""
    b = pressed(event, "tgt:")
    job = event.v.job
    if b is None and event.kind == "text" and (job is None or job.sector is None):
        b = _offered_role(event.text, roles)  # a job we know by name ("senior carer") wins
    return b


def _answer_target(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    if event.kind == "result":  # the NextSteps look-up's answer: now ask
        d["next_roles"] = {"sector": d.get("sector"), "roles": _read_next_roles(event.payload)}
        new = State("goals", state.step, d)
        return Result(new, [ask(new, ctx)])
    if event.kind == "text" and search_asked(event.text):
        return None  # the router takes it to the job search, with a way back
    roles = _next_roles(d)
    b = _target_choice(event, roles)
    if _unsure_of_target(event, b):
        d["target_role"], d["not_sure"] = None, True
        return _then(
            State("goals", state.step, d),
            "target",
            ctx,
            [
                Reply(
                    "That's fine. We can look at courses that help in your kind of "
                    "work, and change this later."
                )
            ],
        )
    if b == "other":
        return _go(State("goals", state.step, d), "target_text", ctx)
    if b is not None and b.isdigit() and int(b) < len(roles):
        d["target_role"], d["not_sure"] = roles[int(b)]["role"], False
        return _then(State("goals", state.step, d), "target", ctx, _target_pay_note(d))
    return _typed_target(state, d, event, ctx)


def _typed_target(state: State, d: dict[str, Any], event: Event, ctx: Context) -> Result | None:
    """A job typed as the aim (with a pay for it, maybe), or wants typed late."""
    job = event.v.job
    wants = _wants_said(event)
    if event.kind == "text" and _SAME_JOB.search(event.text.lower().replace("’", "'")):
        # "same job!! just more hours": no new job to aim for (it had asked again, 3 times)
        d["wants"] = sorted(set(d.get("wants", [])) | wants)
        d["target_role"], d["not_sure"] = None, True
        said = Reply("OK, the same job. We'll work on what you want in it.")
        return _then(State("goals", state.step, d), "target", ctx, [said])
    if wants and (job is None or job.sector is None):
        # "guaranteed hours" here is what they want, typed late, not a job to aim for
        d["wants"] = sorted(set(d.get("wants", [])) | wants)
        new = State("goals", state.step, d)
        names = ", ".join(WANTS[k].lower() for k in sorted(wants))
        return Result(new, [Reply(f"Got it: {names}."), ask(new, ctx)])
    if (
        (job is None or job.sector is None)
        and event.kind == "text"
        and re.search(WANT_WORDS["change"], event.text.lower())
    ):
        # "different job", "something different": a wish to change, not a job called that
        d["wants"] = sorted(set(d.get("wants", [])) | {"change"})
        new = State("goals", "target_text", d)
        return Result(new, [_ask_target_text(new, ctx)])
    if job is None:
        return None
    _aim_at(d, job.title, job.sector)
    before: list[Reply] = _target_pay_note(d)
    v = event.v
    if v.money is not None and not getattr(v.money, "minimum_wage", False):
        hourly = to_hourly(v.money.pence, likely_period(v.money), d.get("hours"))
        if hourly and not checks.pay_doubt(hourly, d.get("age_band") or ctx.age_band, ctx.today):
            d["target_pence"] = hourly
            return finish(State("goals", state.step, d), ctx)
    return _then(State("goals", state.step, d), "target", ctx, before)


def _aim_at(d: dict[str, Any], role: str, sector: str | None) -> None:
    """Set the job aimed at; its sector is kept when it is not the worker's own."""
    d["target_role"], d["not_sure"] = role, False
    if sector in next_steps.BY_KEY and sector != d.get("sector"):
        d["target_sector"] = sector


_SAME_JOB = re.compile(
    r"\bsame\s+job\b|\bnot\s+(?:a\s+)?(?:new|different|another)\s+job\b|\bstay\s+(?:where|in\s+my)"
    r"|\bmy\s+(?:own|current)\s+job\b|\bdon'?t\s+want\s+(?:a\s+)?(?:new|different|another)\s+job\b"
)


def _wants_said(event: Event) -> set[str]:
    """The goal kinds a typed answer names ("guaranteed hours", "more hrs", "better pay")."""
    if event.kind != "text":
        return set()
    low = event.text.lower()
    return {k for k, words in WANT_WORDS.items() if k != "change" and re.search(words, low)}


def _answer_target_pay(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    b = pressed(event, "tp:")
    if b == "rlw":
        d["target_pence"] = REAL_LIVING_WAGE_UK
    elif b == "typ" and (typical := _typical_hourly(d)):
        d["target_pence"] = typical
    elif b == "unsure" or (event.kind == "text" and says_not_sure(event.text)):
        d["target_pence"] = None
    elif event.v.money is not None:
        m = event.v.money
        if getattr(m, "minimum_wage", False):
            return None
        hourly = to_hourly(m.pence, likely_period(m), d.get("hours"))
        if not hourly or hourly > checks.MAX_BELIEVABLE_HOURLY * 3:
            return None
        d["target_pence"] = hourly
    elif event.v.rise is not None and d.get("hourly_pence"):
        d["target_pence"] = apply_rise(int(d["hourly_pence"]), event.v.rise)
    else:
        return _aim_changed(State("goals", "target_pay", d), event, ctx)
    return finish(State("goals", "target_pay", d), ctx)


# words around a changed mind that are not part of the job: "actually no, make it team leader"
_CHANGE_WORDS = re.compile(
    r"actually|no|nah|nope|sorry|oh|wait|hmm|i|id|i'd|meant|mean|make|it|instead|rather|prefer"
    r"|be|a|an|want|to|think|maybe|ok|okay"
)


def _aim_changed(state: State, event: Event, ctx: Context) -> Result | None:
    """A job typed at the pay-goal question ("actually no, team leader"): the worker changed
    their mind about the aim just given, so it becomes the aim and the pay goal is asked for it.
    It had been "Sorry, I didn't quite get that" three times over."""
    if event.kind != "text" or event.v.money is not None or event.v.rise is not None:
        return None
    d = dict(state.data)
    words = [
        w for w in re.findall(r"[a-z']+", event.text.lower()) if not _CHANGE_WORDS.fullmatch(w)
    ]
    roles = _next_roles(d)
    offered = _offered_role(" ".join(words), roles) if words else None
    job = parse_job(event.text)  # a job we know, not any short answer ("no i havent had a rise")
    if offered is not None:
        role, sector = str(roles[int(offered)]["role"]), None
    elif job is not None:
        role, sector = job.title, job.sector
    else:
        return None
    if role.lower() == str(d.get("target_role") or "").lower():
        return None
    d.pop("target_sector", None)  # the aim changed: its sector is the new one's, if any
    _aim_at(d, role, sector)
    said = Reply(f"OK, {role.lower()} instead.")
    return _go(State("goals", "target_pay", d), "target_pay", ctx, [said, *_target_pay_note(d)])


# --- what the worker wants most --------------------------------------------------------------
def _ask_want(state: State, ctx: Context) -> Reply:
    chosen = set(state.data.get("wants", []))
    buttons = rows(
        *[(("✅ " if k in chosen else "") + label, f"want:{k}") for k, label in WANTS.items()],
        per_row=2,
    )
    buttons.append([Button("Done", "want:done"), Button("Not sure", "want:unsure")])
    return Reply(
        "What do you want most from work? Tap all that fit, then Done.\n"
        "Like better pay, more hours, a permanent or more secure contract, regular or better "
        "shifts, or a different kind of job.",
        buttons,
    )


def _wants(d: dict[str, Any]) -> list[str]:
    return [k for k in WANTS if k in (d.get("wants") or [])]


def _needs(step: str, d: dict[str, Any]) -> bool:
    """Which goal questions the chosen kinds need. No kinds (not sure, or skipped) is today's
    path: a target job and a pay goal."""
    kinds = _wants(d)
    if step == "hours_goal":
        return "hours" in kinds
    if step == "target":
        return not kinds or "pay" in kinds or "change" in kinds
    if step == "target_pay":
        return not kinds or "pay" in kinds
    return False


GOAL_STEPS = ("want", "hours_goal", "target", "target_pay")


def _then(state: State, after: str, ctx: Context, before: list[Reply] | None = None) -> Result:
    """The next goal question the worker's kinds need after `after`, or the plan."""
    d = state.data
    rest = GOAL_STEPS[GOAL_STEPS.index(after) + 1 :] if after in GOAL_STEPS else GOAL_STEPS[1:]
    for step in rest:
        if _needs(step, d):
            if step == "target" and "pay" not in _wants(d) and "change" in _wants(d):
                step = "target_text"  # a different kind of job: they type it
            return _go(state, step, ctx, before)
    return finish(state, ctx, before)


def _answer_want(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    b = pressed(event, "want:")
    if b in ("done", "unsure"):
        if b == "unsure":
            d["wants"] = []
        return _then(State("goals", "want", d), "want", ctx)
    if b in WANTS:
        chosen = set(d.get("wants", [])) ^ {b}
        d["wants"] = [k for k in WANTS if k in chosen]
        new = State("goals", "want", d)
        return Result(new, [ask(new, ctx)])
    text = _text(event)
    if not text:
        return None
    low = text.lower()
    if DONE_WORDS.search(low):
        return _want_done_typed(d, ctx)
    found = _wants_typed(event, low)
    if event.v.said_hours is not None:  # "30 hours ideally": more hours, and how many
        d["_ahead"] = {**(d.get("_ahead") or {}), "hours_goal": text[:500]}
    aim = parse_job(text)
    if aim is not None and aim.title.lower() != str(d.get("job_title") or "").lower():
        # "maybe teaching assistant one day": the job they want, kept for that question; on
        # its own it is a different job ("Thanks, I have your job already" had been said)
        d["_ahead"] = {**(d.get("_ahead") or {}), "target": text[:500]}
        found = found | {"change"}
    if not found:
        if says_not_sure(text) or (event.intent == "not_sure" and event.confidence >= 0.6):
            d["wants"] = []
            return _then(State("goals", "want", d), "want", ctx)
        return None
    d["wants"] = [k for k in WANTS if k in found or k in d.get("wants", [])]
    names = ", ".join(WANT_NAMES[k] for k in WANTS if k in found)
    return _then(State("goals", "want", d), "want", ctx, [Reply(f"Got it: {names}.")])


def _wants_typed(event: Event, low: str) -> set[str]:
    """The kinds a typed answer to "What do you want most?" names: by its words, a contract
    ("perm"), a pay ("£14"), or hours ("30 hours ideally")."""
    found = {k for k, words in WANT_WORDS.items() if re.search(words, low)}
    v = event.v
    if v.contract is not None and v.contract != "unknown":
        found.add("secure")
    if v.money is not None and v.said_money is not None:
        found.add("pay")
    if v.said_hours is not None:
        found.add("hours")
    return found


def _want_done_typed(d: dict[str, Any], ctx: Context) -> Result:
    """ "done" typed with nothing chosen is the barriers question's "done", sent after a typed
    barrier had already moved on: this question is asked again, not skipped."""
    new = State("goals", "want", d)
    if not d.get("wants"):
        return Result(new, [Reply(DONE_LATE), ask(new, ctx)])
    return _then(new, "want", ctx)


# a "done" meant for a question a typed answer had already moved on from: said so, then the
# question in front of them (the question again with no word looked like it had not been heard)
DONE_LATE = "Got it, that's saved. Next:"


def _hour_choices(now: float | None) -> list[float]:
    return [h for h in (16, 20, 25, 30, 37.5, 40, 45) if not now or h > now][:4]


def _ask_hours_goal(state: State, ctx: Context) -> Reply:
    now = state.data.get("hours")
    buttons = rows(*[(f"{h:g}", f"hg:{h:g}") for h in _hour_choices(now)], per_row=4)
    buttons.append([Button("As many as I can", "hg:max"), Button("Not sure", "hg:unsure")])
    said = f" You do about {now:g} now." if now else ""
    return Reply(f"How many hours a week would you like?{said}", buttons)


_AS_MANY = re.compile(r"\bas many\b|\bas much\b|\bmax|\bloads\b|\blots\b|\bany(?:thing)?\b")


def _answer_hours_goal(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    now = d.get("hours")
    b = pressed(event, "hg:")
    want: Decimal | None = None
    if b in ("max", "unsure"):
        d["target_hours"], d["hours_max"] = None, b == "max"
        return _then(State("goals", "hours_goal", d), "hours_goal", ctx)
    if b is not None:
        try:
            want = Decimal(b)
        except ArithmeticError:
            return None
    elif event.kind == "text":
        if event.v.hours is not None:
            want = event.v.hours
        elif _AS_MANY.search(event.text.lower()):
            d["target_hours"], d["hours_max"] = None, True
            return _then(State("goals", "hours_goal", d), "hours_goal", ctx)
        elif says_not_sure(event.text):
            d["target_hours"], d["hours_max"] = None, False
            return _then(State("goals", "hours_goal", d), "hours_goal", ctx)
    if want is None or not want.is_finite() or not (0 < want <= checks.MAX_BELIEVABLE_HOURS):
        return None
    if now and want <= Decimal(str(now)):
        return Result(
            state,
            [
                Reply(
                    f"That's not more than the {now:g} hours you do now. "
                    "How many hours a week would you like?",
                    _ask_hours_goal(state, ctx).buttons,
                )
            ],
        )
    d["target_hours"], d["hours_max"] = float(want), False
    return _then(State("goals", "hours_goal", d), "hours_goal", ctx)


# --- underpayment: the offer to tell the coach, and home carers' travel between visits ---------
def _ask_underpaid(state: State, ctx: Context) -> Reply:
    u = Underpaid.from_data(state.data.get("underpaid"))
    if u is None or state.data.get("_misses"):  # asked again: the question, not the whole note
        return Reply(
            "Shall I tell your coach about your pay?",
            [[Button("Yes, tell my coach", "uw:yes"), Button("No thanks", "uw:no")]],
        )
    return checks.underpaid_reply(u)


def _answer_underpaid(state: State, event: Event, ctx: Context) -> Result | None:
    band = age_band_said(event.text) if event.kind == "text" else None
    note = state.data.get("underpaid")
    judged = note.get("band") if isinstance(note, dict) else ctx.age_band
    if band is not None and band != judged:  # the note was for another age
        return _underpaid_age(state, band, ctx)
    if event.kind == "text" and event.v.money is not None and band is None:
        # "ok just put 260 a week": a new pay, not a yes; the "ok" had told the coach
        d = {k: v for k, v in state.data.items() if k not in ("underpaid", "pay_given")}
        return _answer_pay(State("goals", "pay", d), event, ctx)
    told = checks.underpaid_choice(event)
    if told is None and event.intent == "ask_human":
        told = True
    if told is None:
        return None
    return _underpaid_done(state, ctx, told)


def _underpaid_age(state: State, band: str, ctx: Context) -> Result:
    """ "yeah im 19" after the note: judged again at the rate for their age ("yeah" had told
    the coach about an underpayment that, at 19, was not one)."""
    d = {k: v for k, v in state.data.items() if k != "underpaid"}
    d["age_band"] = band
    hourly = int(d.get("hourly_pence") or 0)
    under = checks.underpaid(hourly, band, ctx.today, contract=_contract_said(d, ctx))
    if under is not None:
        d["underpaid"] = under.as_data()
        new = State("goals", state.step, d)
        return Result(new, [ask(new, ctx)])
    floor = checks.legal_minimum(band, ctx.today)
    note = Reply(
        f"Thanks. At your age the legal minimum is {money(floor or 0)} an hour, so "
        f"{money(hourly)} is not under it."
    )
    return _after_pay(State("goals", state.step, {**d, "underpaid_done": True}), ctx, [note])


def _underpaid_done(state: State, ctx: Context, told: bool) -> Result:
    d = dict(state.data)
    u = Underpaid.from_data(d.pop("underpaid", None))
    d["underpaid_done"] = True
    effects = [checks.underpaid_flag(u)] if told else []
    new = State("goals", state.step, d)
    return _after_pay(new, ctx, [checks.underpaid_answered(told)], effects)


def _skip_underpaid(state: State, ctx: Context) -> Result:
    d = {k: v for k, v in state.data.items() if k != "underpaid"}
    return _after_pay(State("goals", state.step, {**d, "underpaid_done": True}), ctx)


def _ask_home_care(state: State, ctx: Context) -> Reply:
    return Reply(
        "Do you visit people in their own homes for work (home care)?",
        [[Button("Yes, home care", "hc:yes"), Button("No", "hc:no")]],
    )


_HOME_CARE = re.compile(
    r"\bhome\s*care\b|\bdomiciliary\b|\bdom\s*care\b|\bin their (?:own )?homes\b"
)
_NOT_HOME_CARE = re.compile(r"\bcare home\b|\bnursing home\b|\bresidential\b|\bhospital\b")


def _answer_home_care(state: State, event: Event, ctx: Context) -> Result | None:
    said = yes_no(event, "hc")
    low = _text(event).lower()
    if said is None and low:
        said = False if _NOT_HOME_CARE.search(low) else True if _HOME_CARE.search(low) else None
    if said is None:
        return None
    d = {**state.data, "home_care": said}
    if said:
        return _go(State("goals", "home_care", d), "travel", ctx)
    return _after_pay(State("goals", "home_care", d), ctx)


TRAVEL_RULE = checks.TRAVEL_RULE


def _ask_travel(state: State, ctx: Context) -> Reply:
    return Reply(
        f"{TRAVEL_RULE}\nIn a normal week, about how many hours do you travel between visits "
        "without pay? Type a number, like 5.",
        [[Button("None, it's paid", "tr:0"), Button("Not sure", "tr:unsure")]],
    )


_NO_TRAVEL = re.compile(r"^\W*(?:none|nothing|no|nope|nah|zero)\b|\b(?:it'?s|its|all|is) paid\b")
_UNPAID = re.compile(r"\b(?:not|don'?t|dont|never|isn'?t|isnt|unpaid|no pay)\b")


def _answer_travel(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    b = pressed(event, "tr:")
    low = _text(event).lower()
    travel: Decimal | None = None
    if b == "unsure" or (b is None and low and says_not_sure(low)):
        note = Reply(
            "That's OK. If you're not paid for travel between visits, Acas can check your "
            "pay for free: 0300 123 1100."
        )
        return _after_pay(State("goals", "travel", d), ctx, [note])
    if b is not None:
        travel = Decimal(b) if b.isdigit() else None
    elif event.v.hours is not None:
        travel = event.v.hours
    elif low and _NO_TRAVEL.search(low) and not _UNPAID.search(low):
        travel = Decimal(0)
    if travel is None or not (0 <= travel <= checks.MAX_TRAVEL_HOURS):
        return None
    d["travel_hours"] = float(travel)
    hourly, hours = d.get("hourly_pence"), d.get("hours")
    if not travel or not hourly or not hours:
        return _after_pay(State("goals", "travel", d), ctx, [Reply("Good, thanks.")])
    band = d.get("age_band") or ctx.age_band
    under = checks.underpaid(
        int(hourly),
        band,
        ctx.today,
        paid_hours=float(hours),
        travel_hours=float(travel),
        contract=_contract_said(d, ctx),
    )
    if under is not None:
        d["underpaid"] = under.as_data()
        return _after_pay(State("goals", "travel", d), ctx)
    average = checks.average_with_travel(int(hourly), float(hours), float(travel))
    note = Reply(
        f"Thanks. Counting travel between visits, you get about {money(average)} an hour "
        "for all your working time. That's not under the legal minimum."
    )
    return _after_pay(State("goals", "travel", d), ctx, [note])


def _skip_to(step: str) -> Callable[[State, Context], Result]:
    def skip(state: State, ctx: Context) -> Result:
        return _go(
            State("goals", state.step, dict(state.data)), step, ctx, [Reply("OK, let's skip that.")]
        )

    return skip


def _skip_goal(after: str) -> Callable[[State, Context], Result]:
    """Skip a goal question: on to the next one the worker's goal kinds need."""

    def skip(state: State, ctx: Context) -> Result:
        skipped = State("goals", state.step, dict(state.data))
        return _then(skipped, after, ctx, [Reply("OK, let's skip that.")])

    return skip


def _skip_target_pay(state: State, ctx: Context) -> Result:
    return finish(State("goals", "target_pay", {**state.data, "target_pence": None}), ctx)


STEPS: dict[str, Step] = {
    "job": Step(
        _ask_job,
        _answer_job,
        "job",
        frozenset({"inform_job"}),
        ("hours", "sector"),
        _skip_to("sector"),
        "your job",
    ),
    "sector": Step(
        _ask_sector,
        _answer_sector,
        "choice",
        frozenset({"inform_job"}),
        ("hours",),
        _skip_to("hours"),
        "your kind of work",
    ),
    "hours": Step(
        _ask_hours,
        _answer_hours,
        "hours",
        frozenset({"inform_hours", "inform_shift"}),
        ("pay", "shifts", "hours_check"),
        _skip_to("pay"),
        "your hours",
    ),
    "shifts": Step(
        _ask_shifts,
        _answer_shifts,
        "number",
        frozenset({"inform_hours"}),
        ("pay", "hours_check"),
        _skip_to("pay"),
        "your hours",
        confirm=True,
    ),
    "hours_check": Step(
        _ask_hours_check,
        _answer_hours_check,
        "yes_no",
        frozenset({"affirm", "deny", "inform_hours"}),
        ("pay", "hours"),
        _skip_to("pay"),
        "your hours",
        confirm=True,
        moved_on=_hours_moved_on,
    ),
    "pay": Step(
        _ask_pay,
        _answer_pay,
        "money",
        frozenset({"pay_rise", "inform_pay", "ask_funding"}),
        ("contract", "pay_check", "age", "underpaid", "home_care"),
        _skip_to("contract"),
        "your pay",
    ),
    "age": Step(
        _ask_age,
        _answer_age,
        "choice",
        frozenset(),
        ("contract", "underpaid", "home_care"),
        _skip_to("contract"),
        "your pay",
        confirm=True,
    ),
    "pay_check": Step(
        _ask_pay_check,
        _answer_pay_check,
        "yes_no",
        frozenset({"affirm", "deny", "inform_pay"}),
        ("contract", "pay", "underpaid", "home_care"),
        _skip_to("contract"),
        "your pay",
        confirm=True,
        moved_on=_pay_moved_on,
    ),
    "underpaid": Step(
        _ask_underpaid,
        _answer_underpaid,
        "yes_no",
        frozenset({"affirm", "deny", "ask_human"}),
        ("contract", "home_care"),
        _skip_underpaid,
        "your pay",
        confirm=True,
        moved_on=_skip_underpaid,  # "no thanks" for now: the note's buttons still work later
    ),
    "home_care": Step(
        _ask_home_care,
        _answer_home_care,
        "yes_no",
        frozenset({"affirm", "deny", "inform_job"}),
        ("travel", "contract"),
        _skip_to("contract"),
        "your pay",
        confirm=True,
        moved_on=_skip_to("contract"),  # not answered: we don't know, so no travel questions
    ),
    "travel": Step(
        _ask_travel,
        _answer_travel,
        "hours",
        frozenset({"inform_hours", "affirm", "deny", "not_sure"}),
        ("underpaid", "contract"),
        _skip_to("contract"),
        "your pay",
        confirm=True,
        early=False,
    ),
    "contract": Step(
        _ask_contract,
        _answer_contract,
        "choice",
        frozenset(),
        ("days",),
        _skip_to("days"),
        "your contract",
    ),
    "days": Step(
        _ask_days,
        _answer_days,
        "days",
        frozenset({"inform_shift"}),
        ("times", "barriers"),
        _skip_to("barriers"),
        "your shifts",
    ),
    "times": Step(
        _ask_times,
        _answer_times,
        "times",
        frozenset({"inform_shift"}),
        ("barriers",),
        _skip_to("barriers"),
        "your shifts",
    ),
    "barriers": Step(
        _ask_barriers,
        _answer_barriers,
        "choice",
        frozenset({"inform_barrier", "deny"}),
        ("want",),
        _skip_to("want"),
        "what makes it hard",
        moved_on=_barriers_moved_on,
    ),
    "want": Step(
        _ask_want,
        _answer_want,
        "choice",
        frozenset({"set_goal", "not_sure", "pay_rise", "new_job", "inform_hours", "inform_shift"}),
        ("hours_goal", "target", "target_text", "target_pay", "menu"),
        _skip_goal("want"),
        "what you want most",
    ),
    "hours_goal": Step(
        _ask_hours_goal,
        _answer_hours_goal,
        "hours",
        frozenset({"set_goal", "not_sure", "inform_hours"}),
        ("target", "target_text", "target_pay", "menu"),
        _skip_goal("hours_goal"),
        "the hours you want",
        early=False,
    ),
    "target": Step(
        _ask_target,
        _answer_target,
        "job",
        frozenset({"not_sure", "set_goal", "inform_job", "pay_rise", "new_job"}),
        ("target_pay", "target_text", "menu"),
        _skip_goal("target"),
        "your goal",
        early=False,
    ),
    "target_text": Step(
        _ask_target_text,
        _answer_target,
        "job",
        frozenset({"not_sure", "set_goal", "inform_job", "pay_rise", "new_job"}),
        ("target_pay", "menu"),
        _skip_goal("target"),
        "your goal",
        early=False,
    ),
    "target_pay": Step(
        _ask_target_pay,
        _answer_target_pay,
        "money",
        frozenset({"not_sure", "set_goal", "inform_pay", "pay_rise"}),
        ("menu",),
        _skip_target_pay,
        "your pay goal",
        early=False,
    ),
}
# steps whose answer a later "sorry, I meant ..." may correct
ANSWERS = {
    "job",
    "hours",
    "pay",
    "contract",
    "days",
    "times",
    "want",
    "hours_goal",
    "target",
    "target_text",
    "target_pay",
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


def shift_pattern(d: dict[str, Any]) -> str | None:
    """The shift pattern at the start, for the goal's baseline: varies | nights | regular."""
    if d.get("rota_varies"):
        return "varies"
    slots = [s for s in d.get("slots", []) if isinstance(s, list) and len(s) == 3]
    if not slots:
        return None
    if any(str(s[2]) <= str(s[1]) or str(s[1]) >= "20:00" or str(s[1]) < "05:00" for s in slots):
        return "nights"
    return "regular"


SHIFT_WORDS = {"varies": "they change every week", "nights": "nights", "regular": "regular"}


def _more_hours_lines(d: dict[str, Any]) -> list[str]:
    now, want = d.get("hours"), d.get("target_hours")
    if now and want and want > now:
        lines = [f"• More hours: from {now:g} to {want:g} a week."]
        hourly = d.get("hourly_pence")
        if hourly:
            extra = int(
                (Decimal(int(hourly)) * (Decimal(str(want)) - Decimal(str(now)))).quantize(
                    Decimal(1), rounding=ROUND_HALF_UP
                )
            )
            lines.append(f"  That's about {money(extra)} more a week before tax.")
        return lines
    if d.get("hours_max"):
        return [f"• More hours: as many as you can get{f' (you do {now:g} now)' if now else ''}."]
    return [f"• More hours{f' (you do {now:g} a week now)' if now else ''}."]


def summary_text(d: dict[str, Any]) -> str:
    """The plan summary, also shown by /plan: one short part for each thing we know."""
    wants = _wants(d)
    about_pay = not wants or "pay" in wants
    lines = ["Here is your plan so far:", _now_line(d)]
    if wants:
        lines.append("• You want: " + ", ".join(WANT_NAMES[k] for k in wants) + ".")
    lines += _aim_lines(d, wants, about_pay)
    if about_pay:
        lines += _pay_goal_lines(d)
    lines += _more_hours_lines(d) if "hours" in wants else []
    lines += _contract_and_shift_goal_lines(d, wants)
    lines += _shifts_now_lines(d)
    if d.get("barriers"):
        lines.append(
            "• Things to plan around: "
            + ", ".join(_lower_first(BARRIERS.get(b, str(b))) for b in d["barriers"])
            + "."
        )
    return "\n".join(lines)


def _lower_first(label: str) -> str:
    """ "Getting there" -> "getting there", but "English" stays English."""
    return label if label == "English" else label[:1].lower() + label[1:]


def _now_line(d: dict[str, Any]) -> str:
    """The job, pay and hours now; pay given a week, month or year is shown as said, with the
    hourly figure it means, so the worker recognises their own words."""
    now = d.get("job_title") or "your job"
    hourly = d.get("hourly_pence")
    hours = d.get("hours")
    pay_part = f", {money(hourly)} an hour" if hourly else ""
    given = d.get("pay_given")
    if hourly and isinstance(given, list) and len(given) == 2 and given[1] != "hour":
        pay_part = (
            f", {money(int(given[0]))} {PER.get(str(given[1]), '')} (about {money(hourly)} an hour)"
        )
    hours_part = f", {hours:g} hours a week" if hours else ""
    contract = CONTRACTS.get(str(d.get("contract") or ""))
    # the contract given is shown too (testers: "the plan read-back never shows it")
    contract_part = f", {contract.lower()}" if contract and d.get("contract") != "unknown" else ""
    return f"• Now: {now}{pay_part}{hours_part}{contract_part}."


def _aim_lines(d: dict[str, Any], wants: list[str], about_pay: bool) -> list[str]:
    """The job aimed at: the one chosen, or what kind of step it will be."""
    if d.get("target_role"):
        return [f"• Aim: {d['target_role']}."]
    if about_pay:
        return ["• Aim: a step up in your kind of work (you can pick a job later)."]
    if "change" in wants:
        return ["• Aim: a different kind of job (you can pick one later)."]
    return []


def _pay_goal_lines(d: dict[str, Any]) -> list[str]:
    """The pay goal and what it is worth a week; with no goal, the Real Living Wage as a first
    aim for anyone paid less."""
    hourly, hours, target = d.get("hourly_pence"), d.get("hours"), d.get("target_pence")
    if target and hourly:
        up = uplift(hourly, target, hours)
        said = (
            "  " + describe_uplift(up)
            if up
            else "  You are already paid that, so we'll aim for a better role."
        )
        return [f"• Pay goal: {money(target)} an hour.", said]
    if hourly and hourly < REAL_LIVING_WAGE_UK:
        up = uplift(hourly, REAL_LIVING_WAGE_UK, hours)
        first = f"• A good first aim: the Real Living Wage, {money(REAL_LIVING_WAGE_UK)} an hour."
        return [first, "  " + describe_uplift(up)] if up else [first]
    return []


def _contract_and_shift_goal_lines(d: dict[str, Any], wants: list[str]) -> list[str]:
    """A secure contract or better shifts as goals, with what the worker has now."""
    lines = []
    if "secure" in wants:
        contract = CONTRACTS.get(str(d.get("contract")))
        known = contract and d.get("contract") != "unknown"
        now_is = f" (now: {contract.lower()})" if contract and known else ""
        lines.append(f"• A permanent or more secure contract{now_is}.")
    if "shifts" in wants:
        pattern = shift_pattern(d)
        now_is = f" (now: {SHIFT_WORDS[pattern]})" if pattern else ""
        lines.append(f"• Regular or better shifts{now_is}.")
    return lines


def _shifts_now_lines(d: dict[str, Any]) -> list[str]:
    """The shifts worked now (days and times), or that the rota changes every week."""
    if d.get("rota_varies"):
        return ["• Shifts: they change every week."]
    if not d.get("slots"):
        return []
    slots = [s for s in d["slots"] if isinstance(s, list) and len(s) == 3]
    day_list = sorted({s[0] for s in slots if isinstance(s[0], int) and 0 <= s[0] < 7})
    spans = list(dict.fromkeys(f"{s[1]}-{s[2]}" for s in slots))
    days = ", ".join(DAYS[i] for i in day_list)
    return [f"• Shifts: {days}, {' and '.join(spans)}."]


def change_goal(ctx: Context, event: Event | None = None) -> Result:
    """ "change my goal", "i want to be a chef": the goal questions again, with what we know
    kept; only the goal is saved at the end (pay, hours and shifts stay as they are)."""
    d: dict[str, Any] = {
        "_goal_only": True,
        "job_title": ctx.job_title,
        "sector": ctx.sector,
        "hours": ctx.weekly_hours,
        "hourly_pence": ctx.hourly_pence,
        "contract": ctx.contract_type,
        "barriers": list(ctx.barriers),
        "slots": [[s.day, s.start, s.end] for s in ctx.busy_slots],
        "rota_varies": ctx.rota_varies,
    }
    job = event.v.job if event is not None else None
    # "i want to be a chef": a different job, and a job we know (not "change my goal")
    if event is not None and job is not None and job.sector is not None:
        d["wants"] = ["change"]
        res = STEPS["target"].answer(State("goals", "target", d), event, ctx)
        if res is not None:
            return res
    new = State("goals", "want", d)
    return Result(new, [Reply("OK, let's set a new goal."), ask(new, ctx)])


def change_shifts(ctx: Context) -> Result:
    """ "change my shifts", "my shifts are wrong" after the plan: the days and times questions
    again, and only the shifts are saved (it had been "Sorry, I didn't quite get that")."""
    new = State("goals", "days", {"_shifts_only": True, "job_title": ctx.job_title})
    return Result(new, [Reply("OK, let's put your shifts right."), ask(new, ctx)])


_SHIFTS_DONE = [[Button("My plan", "menu:plan"), Button("Find courses", "menu:courses")]]


def finish(state: State, ctx: Context, before: list[Reply] | None = None) -> Result:
    d = state.data
    if d.get("_goal_only"):
        return _finish_goal_only(d, before)
    slots = tuple(Slot(s[0], s[1], s[2]) for s in d.get("slots", []))
    if d.get("_shifts_only"):
        said = "Thanks, I've changed your shifts."
        return Result(
            State("menu", "idle", {}),
            [*(before or []), Reply(said, _SHIFTS_DONE)],
            [SaveSlots(slots, bool(d.get("rota_varies")))],
        )
    given = d.get("pay_given") if isinstance(d.get("pay_given"), list) else None
    wants = tuple(_wants(d))
    target_hours = d.get("target_hours") if "hours" in wants else None
    effects: list[Any] = [
        SaveEarnings(
            hourly_pence=d.get("hourly_pence"),
            weekly_hours=d.get("hours"),
            job_title=d.get("job_title"),
            sector=d.get("sector"),
            contract_type=d.get("contract"),
            source="baseline",
            amount_pence=given[0] if given else d.get("hourly_pence"),
            period=given[1] if given else ("hour" if d.get("hourly_pence") else None),
        ),
        SaveSlots(slots, bool(d.get("rota_varies"))),
        SaveGoal(
            target_role=d.get("target_role"),
            target_sector=d.get("target_sector") or d.get("sector"),
            target_hourly_pence=d.get("target_pence") if not wants or "pay" in wants else None,
            not_sure=bool(d.get("not_sure")),
            barriers=tuple(d.get("barriers", [])),
            kinds=wants,
            baseline_hours=d.get("hours"),
            baseline_contract=d.get("contract"),
            baseline_shifts=shift_pattern(d),
            target_hours=float(target_hours) if target_hours else None,
        ),
        # an age said with the pay ("£10.85 cos im 19") is kept, so a check-in judges the
        # pay at that age's minimum too (it had warned a 19-year-old at the 21+ rate)
        UpdateWorker(
            {"status": "active"}
            | ({"age_band": d["age_band"]} if d.get("age_band") in checks.AGE_BANDS else {})
        ),
    ]
    summary_buttons: list[list[Button]] = []
    chosen = [b for b in d.get("barriers", []) if b in BARRIERS]
    if chosen:
        names = ", ".join(BARRIERS[b].lower() for b in chosen)[:40]
        summary_buttons.append([Button("Help with " + names, "menu:support")])
    if "hours" in wants and d.get("hourly_pence"):
        summary_buttons.append([Button("Will more hours pay?", "menu:willitpay")])
    replies = [
        *(before or []),
        Reply(summary_text(d), summary_buttons),
        Reply(
            "Next, shall we find a course that fits your shifts?",
            [[Button("Find courses", "menu:courses"), Button("Check funding", "menu:funding")]],
        ),
        checkin_offer(),
    ]
    # the offer is asked once more if the next message goes elsewhere (router.handle)
    return Result(State("menu", "idle", {"_checkin_offer": 1}), replies, effects)


def _finish_goal_only(d: dict[str, Any], before: list[Reply] | None) -> Result:
    wants = tuple(_wants(d))
    target_hours = d.get("target_hours") if "hours" in wants else None
    goal = SaveGoal(
        target_role=d.get("target_role"),
        target_sector=d.get("target_sector") or d.get("sector"),
        target_hourly_pence=d.get("target_pence") if not wants or "pay" in wants else None,
        not_sure=bool(d.get("not_sure")),
        barriers=tuple(d.get("barriers", [])),
        kinds=wants,
        baseline_hours=d.get("hours"),
        baseline_contract=d.get("contract"),
        baseline_shifts=shift_pattern(d),
        target_hours=float(target_hours) if target_hours else None,
    )
    replies = [
        *(before or []),
        Reply(
            "Done: I've changed your goal.\n\n" + summary_text(d),
            [[Button("Find courses", "menu:courses"), Button("My plan", "menu:plan")]],
        ),
    ]
    return Result(State("menu", "idle", {}), replies, [goal])


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
        [
            [Button(label, f"ck:{key}") for key, label in FREQUENCIES.items()],
            [Button("No thanks", "ck:none")],
        ],
    )


def checkin_time_question(frequency: str) -> Reply:
    return Reply(
        "What time of day is best for a message? I'll also avoid your shifts.",
        [[Button(label, f"ckt:{frequency}:{key}")] for key, (label, _, _) in WINDOWS.items()],
    )
