"""Jobs that fit: live vacancies matched to the worker's goal, pay, hours, rota and travel.

The search needs the database, so this flow asks for it with a `SearchJobs` look-up and shows
what the service feeds back (`jobs.matching.Match` as plain dicts, best first): up to three
cards, each with the pay, guaranteed hours, contract and place, the top reasons it fits and
the take-home difference a week (from `takehome`, never made up here). The goal comes from
the worker's saved goal kinds (`flows/goals.py` WANTS); with no saved goal, one short
question first. Words like "jobs with more hours" choose the goal for that search.

Saving, "I applied" and "How to apply" are effects (`SaveVacancy`) followed by a `JobDetails`
look-up, so the answer says what really happened (a job closed since the list was shown is
said plainly). "My jobs" lists the worker's saved jobs and applications from the context.
Typed "i applied for the tesco one" is read by `applied_from_text` (the router calls it).

Button data: `j:save|apply|how|no:<vacancy id>`, `j:done:<application id>`, `j:more`,
`j:back`, `j:mine`, `j:goal`, `jg:<want key>` (see flows/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from course_catalogue.geo import place_in
from flows.core import (
    Button,
    Context,
    Event,
    JobApp,
    JobDetails,
    Reply,
    Result,
    SaveGoal,
    SaveVacancy,
    SearchJobs,
    SetApplicationStatus,
    State,
    money,
    picked_from,
    pressed,
)
from flows.goals import WANT_WORDS, WANTS
from flows.steps import Step
from labour_market import find_role
from nlu.jobs import Job, parse_job
from takehome.render import pounds

FLOW = "jobs"
PAGE = 3
# the worker's goal kinds (flows/goals.py WANTS) -> jobs.matching.GOALS
GOAL_FOR_WANT = {
    "pay": "pay",
    "hours": "more_hours",
    "secure": "secure_contract",
    "shifts": "better_shifts",
    "change": "different_sector",
}
GOAL_WORDS = {
    "pay": "better pay",
    "more_hours": "more hours",
    "secure_contract": "a secure contract",
    "better_shifts": "better shifts",
    "different_sector": "a different kind of work",
}
CONTRACT_SHORT = {
    "permanent": "Permanent",
    "fixed_term": "Fixed term",
    "agency": "Agency",
    "zero_hours": "Zero hours",
}
STATUS_WORDS = {
    "saved": "Saved",
    "applied": "Applied",
    "interview": "Interview",
    "offer": "Offer 🎉",
    "started": "Started 🎉",
    "not_successful": "Didn't get it",
}
OPEN_APPLICATIONS = ("applied", "interview", "offer")
MAX_HIDDEN = 50  # "Not for me" ids kept in the state
MAX_MINE = 8  # jobs listed in "My jobs"


# --- which goal ------------------------------------------------------------------------------
def saved_goal(ctx: Context) -> str | None:
    """The matching goal from the worker's saved goal: its first kind (a goal saved before
    kinds existed is about pay); None when there is no saved goal at all."""
    if not ctx.has_goal:
        return None
    for kind in ctx.goal_kinds:
        if kind in GOAL_FOR_WANT:
            return GOAL_FOR_WANT[kind]
    return "pay"


def goal_in_words(text: str) -> str | None:
    """ "jobs with more hours" -> more_hours; None when the words name no goal (or several)."""
    low = text.lower()
    found = [GOAL_FOR_WANT[k] for k, words in WANT_WORDS.items() if re.search(words, low)]
    if re.search(r"\bbetter (?:paid|pay)\b|\bpays? (?:more|better)\b|\bhigher pay", low):
        found = ["pay"]
    return found[0] if len(set(found)) == 1 else None


def start(ctx: Context, goal: str | None = None, before: list[Reply] | None = None) -> Result:
    """The jobs that fit, for `goal` or the saved goal; the goal question when there is none."""
    goal = goal or saved_goal(ctx)
    if goal is None:
        state = State(FLOW, "goal", {})
        return Result(state, [*(before or []), _ask_goal(state, ctx)])
    return _search({"goal": goal, "offset": 0}, before)


def start_from(ctx: Context, event: Event, said: dict[str, Any] | None = None) -> Result:
    """Typed "any jobs near me", "looking for a job with more hours", "any forklift jobs?" (a
    job named is searched for first). `said`: the plan being made, whose pay and hours are not
    saved yet."""
    job = parse_job(event.text)
    named = job is not None and job.title.lower() != (ctx.job_title or "").lower()
    # a job named ("any forklift jobs?") is the search: better pay unless they said otherwise,
    # rather than "What matters most?" first
    wish = shift_wish(event.text)
    goal = goal_in_words(event.text)
    if wish and goal == "better_shifts":  # "no nights" names the shifts: the goal stays theirs
        goal = None
    if goal is None and said is not None:
        # part-way through the plan: what they want so far, else better pay, never "What
        # matters most?" (a waitress's plan was lost in that question's loop)
        wants = [w for w in said.get("wants", []) if w in GOAL_FOR_WANT]
        goal = GOAL_FOR_WANT[wants[0]] if wants else "pay"
    res = start(ctx, goal or ("pay" if named or wish else None))
    if res.state is None:
        return res
    d = dict(res.state.data)
    if job is not None and named:
        d.update(_role_data(job))
    d.update(_place_data(event.text, ctx))
    d.update(wish)
    for key in ("hourly_pence", "hours"):
        if said and isinstance(said.get(key), int | float):
            d[f"now_{key}"] = said[key]
    state = State(res.state.flow, res.state.step, d)
    if res.lookup is None:
        return Result(state, res.replies)
    return _search(d)


# Times a job search says not to work, as the weekly slots to keep clear. Nights are our shift
# table's 10pm-6am (nlu.normalise); school hours are read as Mon-Fri 9am-3pm, so the rest of
# the week is kept clear.
_NIGHTS_CLEAR = [[day, "22:00", "06:00"] for day in range(7)]
_SCHOOL_CLEAR = [
    *[[day, a, b] for day in range(5) for a, b in (("00:00", "09:00"), ("15:00", "00:00"))],
    [5, "00:00", "00:00"],  # all of Saturday and Sunday
    [6, "00:00", "00:00"],
]
_NO_NIGHTS = re.compile(
    r"\b(?:no|not|never|without|don'?t\s+(?:do|want))\s+(?:any\s+)?(?:night|nite)s?\b"
    r"|\bdays?\s+only\b|\bonly\s+days?\b|\bday\s*shifts?\s+only\b|\bonly\s+day\s*shifts?\b"
    r"|\bdaytime\s+only\b"
)
_SCHOOL = re.compile(
    r"\bschool\s+hours\b|\bwhile\s+(?:the\s+|my\s+)?(?:kids?|children)\s+(?:are\s+)?(?:at|in)"
    r"\s+school\b|\bschool\s+times\b"
)


_PERM_ONLY = re.compile(
    r"\bperm(?:anent)?\s+(?:only|jobs?\s+only)\b|\bonly\s+perm(?:anent)?\b"
    r"|\bproper\s+contract\s+only\b"
)
_FROM_HOME = re.compile(r"\bfrom\s+home\b|\bremote(?:ly)?\b|\bwfh\b|\bhome\s*based\b")


def shift_wish(text: str) -> dict[str, Any]:
    """ "no nights", "days only", "only school hours" in a job search: the times to keep
    clear, and the words to name the list by; "from home": only work done from home; {}
    when none is said."""
    low = text.lower().replace("’", "'")[:300]
    if _PERM_ONLY.search(low):  # "permanent only": with any other wish said with it
        return {**shift_wish(_PERM_ONLY.sub(" ", low)), "permanent": True}
    if _FROM_HOME.search(low):
        return {"remote": True}
    if _SCHOOL.search(low):
        return {"avoid": _SCHOOL_CLEAR, "avoid_words": "in school hours"}
    if _NO_NIGHTS.search(low):
        return {"avoid": _NIGHTS_CLEAR, "avoid_words": "with no nights"}
    return {}


def _place_data(text: str, ctx: Context) -> dict[str, Any]:
    """A town or district named in the search ("any care jobs in bradford"): searched from
    there, and named in the list. A county is too wide to search around: the list stays near
    home and says how to name a place. The worker's own district changes nothing."""
    place = place_in(text)
    if place is None or place.district == (ctx.postcode_district or "").upper():
        return {}
    if place.too_wide:
        return {"wide": [place.name, place.district]}
    return {"near": place.district, "where": place.name}


def _role_data(job: Job) -> dict[str, Any]:
    """A job named in a search, kept in the state: its title and sector."""
    return {"role": job.title, "role_sector": job.sector}


def _search(d: dict[str, Any], before: list[Reply] | None = None) -> Result:
    lookup = SearchJobs(
        goal=d.get("goal"),
        offset=int(d.get("offset", 0)),
        limit=PAGE,
        exclude=tuple(int(x) for x in d.get("hidden", [])),
        role=d.get("role"),
        role_sector=d.get("role_sector"),
        hourly_pence=d.get("now_hourly_pence"),
        weekly_hours=d.get("now_hours"),
        near=d.get("near"),
        avoid=tuple(
            (int(x[0]), str(x[1]), str(x[2]))
            for x in d.get("avoid", [])
            if isinstance(x, list | tuple) and len(x) == 3
        ),
        remote_only=bool(d.get("remote")),
        permanent_only=bool(d.get("permanent")),
    )
    return Result(State(FLOW, "results", d), list(before or []), lookup=lookup)


# --- the goal question -----------------------------------------------------------------------
def _ask_goal(state: State, ctx: Context) -> Reply:
    labels = [(label, f"jg:{key}") for key, label in WANTS.items()]
    buttons = [[Button(lbl, data) for lbl, data in labels[i : i + 2]] for i in range(0, 5, 2)]
    return Reply("What matters most in a new job? Tap one.", buttons)


def _answer_goal(state: State, event: Event, ctx: Context) -> Result | None:
    key = pressed(event, "jg:")
    if key is None and event.kind == "text":
        low = event.text.lower()[:300]
        found = [k for k, words in WANT_WORDS.items() if re.search(words, low)]
        key = found[0] if len(found) == 1 else None
        job = parse_job(event.text) if key is None else None
        if job is not None:  # "forklift driver": that job, for better pay (nothing saved)
            return _search({**_keep(state.data), **_role_data(job), "goal": "pay", "offset": 0})
    if key not in GOAL_FOR_WANT:
        return None
    effects: list[Any] = []
    if not ctx.has_goal:  # remember it, so the question is asked once
        effects.append(
            SaveGoal(
                target_role=None,
                target_sector=None,
                target_hourly_pence=None,
                not_sure=True,
                barriers=ctx.barriers,
                kinds=(key,),
                baseline_hours=ctx.weekly_hours,
                baseline_contract=ctx.contract_type,
            )
        )
    res = _search({**_keep(state.data), "goal": GOAL_FOR_WANT[key], "offset": 0})
    res.effects = effects
    return res


def _keep(data: dict[str, Any]) -> dict[str, Any]:
    """What a new list keeps from the old state: the way back, the hidden jobs, and what the
    search was for (a job named, pay and hours said in a plan not saved yet)."""
    return {k: v for k, v in data.items() if k in _KEPT}


_KEPT = (
    "_resume",
    "hidden",
    "role",
    "role_sector",
    "now_hourly_pence",
    "now_hours",
    "near",
    "where",
    "wide",
    "avoid",
    "avoid_words",
    "remote",
    "permanent",
)


# --- the cards -------------------------------------------------------------------------------
def closes(iso: str | None, today: date) -> str:
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return ""
    if day == today:
        return "Closes today"
    if day == today + timedelta(days=1):
        return "Closes tomorrow"
    return "Closes " + day.strftime("%a %-d %b")


def _lower_first(text: str) -> str:
    """ "Closes Mon 14 Dec" -> "closes Mon 14 Dec" (the day keeps its capitals)."""
    return text[:1].lower() + text[1:]


def takehome_line(m: dict[str, Any]) -> str:
    """ "About £38 more a week after tax", from the match's take-home figures, or why there is
    no figure. Never a number of our own."""
    change = m.get("takehome_weekly_change_pence")
    note = m.get("takehome_note")
    if change is None:
        return f"💷 {note}" if note else ""
    if abs(int(change)) < 50:
        words = "About the same a week after tax"
    else:
        side = "more" if change > 0 else "less"
        words = f"About {pounds(int(change))} {side} a week after tax"
        hourly = m.get("hourly_change_pence")
        if change < 0 and isinstance(hourly, int) and hourly > 0:
            # "✅ Pays 51p an hour more" beside "£15 less a week" read as a contradiction
            words += ": more an hour, but fewer hours"
    return f"💷 {words}" + (f"\n   ({note})" if note else "")


_FACT_LINE = re.compile(
    r"^(?:£|About |Permanent contract|Fixed term contract|Agency work|Zero hours contract"
    r"|Work from home|Less than 1 km|In [A-Z]|Check where|\d+ km)"
)


def why(m: dict[str, Any]) -> list[str]:
    """The top one or two reasons that are not already on the card (pay, contract, place)."""
    out = [r for r in m.get("reasons", []) if isinstance(r, str) and not _FACT_LINE.match(r)]
    return out[:2]


def card(i: int, m: dict[str, Any], today: date, *, unsure: bool = False) -> str:
    """One job. `unsure`: times not to work were said, so shifts we cannot check against them
    (they change week to week) are a warning, not a tick."""
    v = m.get("vacancy") or {}
    pay = f"{money(int(v['pay_min_pence']))} an hour"
    if v.get("pay_max_pence") and v["pay_max_pence"] != v["pay_min_pence"]:
        pay = f"{money(int(v['pay_min_pence']))} to {money(int(v['pay_max_pence']))} an hour"
    hours = float(v.get("guaranteed_weekly_hours") or 0)
    hours_words = f"{hours:g} hours a week" if hours else "no hours guaranteed"
    contract = CONTRACT_SHORT.get(v.get("contract_type", ""), "Contract")
    if v.get("remote"):
        where = "Work from home"
    else:
        km = m.get("distance_km")
        place = v.get("postcode_district") or ""
        where = place + (f", {km:.0f} km away" if isinstance(km, int | float) else "")
    lines = [
        f"{i}. {v.get('job_title', '')}",
        str(v.get("employer_name", "")),
        f"{pay} · {hours_words}",
        f"{contract} · {where}".rstrip(" ·"),
    ]
    clash = m.get("rota") == "clash"
    first = str(m["clashes"][0]) if clash and m.get("clashes") else None
    if first:
        lines.append(f"⚠️ {first}")
    # the clash is said once, first; the other reasons keep their own tick (a pay rise is
    # still good news when the shifts clash)
    lines += [
        f"{'⚠️' if unsure and m.get('rota') == 'check' and r.startswith('Shift') else '✅'} {r}"
        for r in why(m)
        if r != first
    ]
    extra = takehome_line(m)
    if extra:
        lines.append(extra)
    shut = closes(v.get("closing_date"), today)
    if shut:
        lines.append(shut)
    return "\n".join(lines)


def _card_buttons(n: int, vacancy_id: int) -> list[list[Button]]:
    return [
        [
            Button(f"Save {n}", f"j:save:{vacancy_id}"),
            Button(f"I applied {n}", f"j:apply:{vacancy_id}"),
        ],
        [
            Button(f"How to apply {n}", f"j:how:{vacancy_id}"),
            Button(f"Not for me {n}", f"j:no:{vacancy_id}"),
        ],
    ]


def _list_buttons(d: dict[str, Any], more: bool = True) -> list[list[Button]]:
    rows = [
        [Button("More jobs", "j:more")] if more else [Button("Find courses", "menu:courses")],
        [Button("My jobs", "j:mine"), Button("Look for something else", "j:goal")],
    ]
    if "_resume" in d:
        rows.append([Button("Carry on where I was", "menu:resume")])
    return rows


def _results(state: State, matches: list[dict[str, Any]], ctx: Context) -> Result:
    d = dict(state.data)
    offset = int(d.get("offset", 0))
    hidden = set(int(x) for x in d.get("hidden", []))
    matches = [m for m in matches if isinstance(m, dict) and m.get("vacancy")]
    matches = [m for m in matches if int(m["vacancy"]["id"]) not in hidden]
    goal = GOAL_WORDS.get(d.get("goal") or "", "you")
    near = (
        "you can do from home"
        if d.get("remote")
        else f"near {d['where']}"
        if d.get("where")
        else "near you"
    )
    if not matches and offset == 0:
        d["shown"] = []
        text = _too_wide(d) + (
            f"I couldn't find a job {near} for {goal} right now. New jobs come in all the "
            "time, so ask me again soon.\n\nA course could help you get a better job too."
        )
        buttons = [
            [Button("Find courses", "menu:courses"), Button("Look for something else", "j:goal")],
            [Button("My jobs", "j:mine")],
        ]
        if "_resume" in d:
            buttons.append([Button("Carry on where I was", "menu:resume")])
        return Result(State(FLOW, "results", d), [Reply(text, buttons)])
    if not matches:
        text = "That's all the jobs that fit right now. New ones come in all the time."
        return Result(State(FLOW, "results", d), [Reply(text, _list_buttons(d, more=False))])
    d["shown"] = [
        {
            "id": int(m["vacancy"]["id"]),
            "t": str(m["vacancy"].get("job_title", ""))[:120],
            "e": str(m["vacancy"].get("employer_name", ""))[:120],
        }
        for m in matches
    ]
    replies = []
    none_meet = all(m.get("goal_met") is False for m in matches)
    # "no nights" said and every job shown has a shift in them: say so, not a tick list
    none_fit = bool(d.get("avoid")) and all(m.get("rota") == "clash" for m in matches)
    for i, m in enumerate(matches):
        n = offset + i + 1
        head = ""
        if i == 0:
            head = (
                _too_wide(d)
                + _role_missing(d, matches, offset)
                + (
                    f"No job {near} fits those times right now. The nearest matches:\n\n"
                    if none_fit and not offset
                    else f"No job {near} gives {goal} right now. The nearest matches:\n\n"
                    if none_meet
                    else f"Jobs {near} that fit, for {goal}{_wish_words(d)}:\n\n"
                    if d.get("where") or d.get("remote")
                    else f"Jobs that fit, for {goal}{_wish_words(d)}:\n\n"
                )
            )
        text = head + card(n, m, ctx.today, unsure=bool(d.get("avoid")))
        if m.get("goal_met") is False:  # ranked in, but it does not give what they want
            text += f"\n⚠️ This one doesn't give {goal}."
        replies.append(Reply(text, _card_buttons(n, int(m["vacancy"]["id"]))))
    replies.append(Reply("Want to see more?", _list_buttons(d)))
    return Result(State(FLOW, "results", d), replies)


def _role_missing(d: dict[str, Any], matches: list[dict[str, Any]], offset: int) -> str:
    """ "No forklift driver jobs near you right now." when a job was named in the search and
    none of the first page is one (by its title's words or its SOC code: a hospital domestic
    is a cleaner); the matches are ranked for it, so one would be first."""
    role = str(d.get("role") or "")
    if not role or offset:
        return ""
    key = {w for w in re.findall(r"[a-z]+", role.lower()) if len(w) > 2}
    key -= {"staff", "worker", "assistant", "operative", "driver"} if len(key) > 1 else set()
    titles = [str(m["vacancy"].get("job_title", "")).lower() for m in matches]
    socs = {m["vacancy"].get("soc2020") for m in matches}
    found = find_role(role, d.get("role_sector"))
    soc = found.soc2020 if found is not None else None
    if any(w in t for w in key for t in titles) or (soc and soc in socs):
        return ""
    near = f"near {d['where']}" if d.get("where") else "near you"
    return f"No {role.lower()} jobs {near} right now.\n\n"


def _wish_words(d: dict[str, Any]) -> str:
    """ ", with no nights", ", permanent only": what the search was told, in the heading."""
    words = d.get("avoid_words")
    said = f", {words}" if isinstance(words, str) and words else ""
    return said + (", permanent only" if d.get("permanent") else "")


def _too_wide(d: dict[str, Any]) -> str:
    """Said once, on the first list: the place named was a county, so the jobs are near home."""
    wide = d.pop("wide", None)
    if not isinstance(wide, list) or len(wide) != 2:
        return ""
    return (
        f"{wide[0]} is a big area, so these are near you. To look there, send the first "
        f"half of a postcode, like: jobs near {wide[1]}\n\n"
    )


# --- one job: saved, applied, how to apply ---------------------------------------------------
def _job_reply(state: State, f: dict[str, Any] | None, ctx: Context) -> Result:
    d = dict(state.data)
    doing = d.pop("doing", "how")
    new = State(FLOW, "results", d)
    if not f:
        return Result(new, [Reply("Sorry, I can't find that job any more.", _BACK)])
    name = f"{f.get('job_title', '')} at {f.get('employer_name', '')}"
    if doing in ("save", "apply") and f.get("application_status") is None:
        return Result(new, [Reply(f"Sorry, {name} has closed, so I couldn't save it.", _BACK)])
    if doing == "save":
        return Result(new, [_saved_reply(f, name, ctx)])
    if doing == "apply":
        text = (
            f"Well done for applying for {name}! 🎉\n"
            "I'll ask how it went when we next check in. Good luck!"
        )
        return Result(new, [Reply(text, _BACK)])
    if not f.get("live"):
        return Result(new, [Reply(f"Sorry, {name} has closed.", _BACK)])
    return Result(new, [_how_reply(f, name, ctx)])


_BACK = [[Button("Back to the list", "j:back"), Button("My jobs", "j:mine")]]


def _saved_reply(f: dict[str, Any], name: str, ctx: Context) -> Reply:
    vid = int(f["id"])
    shut = closes(f.get("closing_date"), ctx.today)
    when = f" It {_lower_first(shut)}." if shut and f.get("live") else ""
    text = (
        f"Saved {name}. 👍\nI'll remind you before it closes.{when}"
        if f.get("application_status") == "saved"
        else f"{name} is already in your jobs."
    )
    buttons = [[Button("How to apply", f"j:how:{vid}"), Button("I applied", f"j:apply:{vid}")]]
    return Reply(text, [*buttons, *_BACK])


def _how_reply(f: dict[str, Any], name: str, ctx: Context) -> Reply:
    vid = int(f["id"])
    ways = [
        f"• {label}: {f[key]}"
        for label, key in (
            ("Online", "apply_url"),
            ("Phone", "apply_phone"),
            ("Email", "apply_email"),
        )
        if f.get(key)
    ]
    text = f"How to apply for {name}:\n" + "\n".join(ways or ["• Ask the employer"])
    shut = closes(f.get("closing_date"), ctx.today)
    if shut:
        text += f"\n{shut}."
    text += "\nWhen you've applied, tap I applied and I'll ask how it went."
    buttons = [[Button("Save", f"j:save:{vid}"), Button("I applied", f"j:apply:{vid}")]]
    return Reply(text, [*buttons, *_BACK])


def _job(d: dict[str, Any], vid: int, doing: str, effects: list[Any]) -> Result:
    new = State(FLOW, "job", {**d, "doing": doing})
    return Result(new, [], effects, lookup=JobDetails(vid))


# --- my jobs ---------------------------------------------------------------------------------
def my_jobs(ctx: Context, data: dict[str, Any] | None = None) -> Result:
    d = {k: v for k, v in (data or {}).items() if k in ("_resume", "goal", "hidden", "offset")}
    state = State(FLOW, "mine", d)
    return Result(state, [_ask_mine(state, ctx)])


def _ask_mine(state: State, ctx: Context) -> Reply:
    jobs = list(ctx.jobs)[:MAX_MINE]
    if not jobs:
        return Reply(
            "You haven't saved any jobs yet. Tap Jobs that fit to find some.",
            [[Button("Jobs that fit", "menu:jobs"), Button("Find courses", "menu:courses")]],
        )
    lines = ["Your jobs:"]
    buttons: list[list[Button]] = []
    for i, job in enumerate(jobs, 1):
        shut = closes(job.closing_date, ctx.today) if job.status == "saved" else ""
        lines.append(
            f"{i}. {job.title}, {job.employer}: {STATUS_WORDS.get(job.status, job.status)}"
            + (f" ({_lower_first(shut)})" if shut else "")
        )
        if job.status == "saved":
            buttons.append([Button(f"I applied for {i}", f"j:done:{job.id}")])
    buttons.append([Button("Jobs that fit", "menu:jobs")])
    return Reply("\n".join(lines), buttons)


def closing_reminder(job: JobApp, ctx: Context) -> Reply:
    """The one reminder before a saved job's closing date (sent by the check-in dispatcher)."""
    shut = _lower_first(closes(job.closing_date, ctx.today)) or "closes soon"
    name = f", {ctx.first_name}" if ctx.first_name else ""
    buttons = [[Button("I applied", f"j:done:{job.id}")]]
    if job.vacancy_id is not None:
        buttons[0].insert(0, Button("How to apply", f"j:how:{job.vacancy_id}"))
    buttons.append([Button("My jobs", "j:mine")])
    return Reply(
        f"Hi{name}! The job you saved, {job.title} at {job.employer}, {shut}. "
        "Have you applied? If not, there's still time.",
        buttons,
    )


# --- "i applied for the tesco one" -----------------------------------------------------------
_APPLIED = re.compile(
    r"\ba+p+l+(?:ied|yed|yd|ide)\b|\b(?:sent|put)\s+(?:in\s+)?(?:my|an|the)\s+(?:application|cv)"
)
_NOT = re.compile(r"\b(?:not|haven'?t|havent|didn'?t|didnt|never|should|will|gonna|going to)\b")
_FILLER = frozenset(
    {
        "i",
        "ive",
        "i've",
        "have",
        "just",
        "applied",
        "applyed",
        "aplied",
        "for",
        "the",
        "a",
        "an",
        "to",
        "at",
        "with",
        "one",
        "job",
        "jobs",
        "that",
        "this",
        "it",
        "as",
        "in",
        "on",
        "my",
        "and",
        "sent",
        "put",
        "application",
        "cv",
        "role",
        "position",
        "place",
        "today",
        "yesterday",
    }
)


def says_applied(text: str) -> bool:
    low = text.lower().replace("’", "'")[:300]
    return bool(_APPLIED.search(low)) and not _NOT.search(low) and "course" not in low


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _FILLER and len(w) > 2}


def _fits(said: set[str], name: str) -> int:
    """How many of the worker's words match the job's words (tescos = tesco)."""
    have = _words(name.replace("(demo)", ""))
    return sum(1 for w in said if any(h.startswith(w[:5]) or w.startswith(h) for h in have))


def applied_from_text(state: State, event: Event, ctx: Context) -> Result | None:
    """ "i applied for the tesco one": the saved or just-shown job it names, when that is
    clear; the choice when it is not; None when the text does not say they applied."""
    if event.kind != "text" or not says_applied(event.text):
        return None
    if state.flow == FLOW and _typed_action(state.data, event).kind == "button":
        return None  # "applied 2": the card on screen, read by `handle`
    said = _words(event.text)
    saved = [j for j in ctx.jobs if j.status == "saved"]
    known = {j.vacancy_id for j in ctx.jobs if j.vacancy_id is not None}
    shown = [
        s
        for s in (state.data.get("shown") or [] if state.flow == FLOW else [])
        if isinstance(s, dict) and s.get("id") not in known
    ]
    options: list[tuple[str, str, int]] = [  # (label, button data, words matched)
        (f"{j.title}, {j.employer}", f"j:done:{j.id}", _fits(said, f"{j.title} {j.employer}"))
        for j in saved
    ] + [
        (f"{s['t']}, {s['e']}", f"j:apply:{s['id']}", _fits(said, f"{s['t']} {s['e']}"))
        for s in shown
    ]
    best = max((n for _, _, n in options), default=0)
    picked = [o for o in options if o[2] == best] if best else options
    mine = [o for o in picked if o[1].startswith("j:done:")]
    if len(picked) > 1 and len(mine) == 1:
        picked = mine  # a tie: the job they saved is likelier than one only shown
    if len(picked) == 1:
        return _applied_button(state, picked[0][1], ctx)
    d = {k: v for k, v in state.data.items() if k in ("_resume", "goal", "hidden", "shown")}
    if not picked:
        return Result(
            State(FLOW, "mine", d),
            [
                Reply(
                    "Well done for applying! 🎉 I can only keep track of jobs you find here. "
                    "Tap Jobs that fit to see jobs near you.",
                    [[Button("Jobs that fit", "menu:jobs"), Button("My jobs", "j:mine")]],
                )
            ],
        )
    buttons = [[Button(label[:60], data)] for label, data, _ in picked[:6]]
    return Result(State(FLOW, "mine", d), [Reply("Well done! Which job was it? Tap one.", buttons)])


def _applied_button(state: State, data: str, ctx: Context) -> Result | None:
    return handle(
        State(FLOW, "results", dict(state.data) if state.flow == FLOW else {}),
        Event(kind="button", text=data),
        ctx,
    )


# --- buttons ---------------------------------------------------------------------------------
def handle(state: State, event: Event, ctx: Context) -> Result | None:
    """A look-up coming back, a j: button, or a typed "save 1" / "more"."""
    if event.kind == "result":
        payload = event.payload
        if state.step == "job":
            return _job_reply(state, payload if isinstance(payload, dict) else None, ctx)
        if state.step == "results":
            return _results(state, list(payload or []), ctx)
        return None
    if (event.kind == "button" and event.text.startswith("jg:")) or (
        state.step == "goal" and event.kind == "text"
    ):
        return _answer_goal(state, event, ctx)
    d = dict(state.data)
    wish = shift_wish(event.text) if event.kind == "text" else {}
    if wish:  # "days only" typed at the list: the list again, kept clear of nights
        goal = d.get("goal") or saved_goal(ctx) or "pay"
        return _search({**_keep(d), **wish, "goal": goal, "offset": 0})
    if event.kind == "text":
        event = _typed_action(d, event)
    if event.kind != "button" or not event.text.startswith("j:"):
        return None
    parts = event.text.split(":")
    action, arg = parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""
    if action in _LIST_BUTTONS:
        return _LIST_BUTTONS[action](d, ctx)
    if action not in _JOB_BUTTONS or not arg.isdigit() or len(arg) > 12:
        return None
    return _JOB_BUTTONS[action](d, int(arg), ctx)


def _more(d: dict[str, Any], ctx: Context) -> Result:
    d["offset"] = int(d.get("offset", 0)) + PAGE
    return _search({**d, "goal": d.get("goal") or saved_goal(ctx) or "pay"})


def _back(d: dict[str, Any], ctx: Context) -> Result:
    return _search({**d, "goal": d.get("goal") or saved_goal(ctx) or "pay"})


def _goal_again(d: dict[str, Any], ctx: Context) -> Result:
    new = State(FLOW, "goal", _keep(d))
    return Result(new, [_ask_goal(new, ctx)])


def _not_for_me(d: dict[str, Any], vid: int, ctx: Context) -> Result:
    d["hidden"] = [*[x for x in d.get("hidden", []) if x != vid], vid][-MAX_HIDDEN:]
    return Result(
        State(FLOW, "results", d), [Reply("OK, I'll leave that one out.", _list_buttons(d))]
    )


def _applied_for(d: dict[str, Any], app_id: int, ctx: Context) -> Result:
    """ "I applied" for a job already in the worker's list (by application id)."""
    job = next((j for j in ctx.jobs if j.id == app_id), None)
    if job is None:
        return Result(State(FLOW, "mine", d), [Reply("Sorry, I can't find that job.", _BACK)])
    return Result(
        State(FLOW, "mine", d),
        [
            Reply(
                f"Well done for applying for {job.title} at {job.employer}! 🎉\n"
                "I'll ask how it went when we next check in. Good luck!",
                [[Button("My jobs", "j:mine"), Button("Jobs that fit", "menu:jobs")]],
            )
        ],
        [SetApplicationStatus(job.id, "applied")],
    )


# j:<action> buttons without an id, and with one (see flows/README.md)
_LIST_BUTTONS: dict[str, Callable[[dict[str, Any], Context], Result]] = {
    "more": _more,
    "back": _back,
    "mine": lambda d, ctx: my_jobs(ctx, d),
    "goal": _goal_again,
}
_JOB_BUTTONS: dict[str, Callable[[dict[str, Any], int, Context], Result]] = {
    "save": lambda d, vid, ctx: _job(d, vid, "save", [SaveVacancy(vid, "saved")]),
    "apply": lambda d, vid, ctx: _job(d, vid, "apply", [SaveVacancy(vid, "applied")]),
    "how": lambda d, vid, ctx: _job(d, vid, "how", []),
    "no": _not_for_me,
    "done": _applied_for,
}


_JOB_VERB = re.compile(
    r"^(?:save|saved|keep|applied|i applied(?: for)?|apply|how(?: to apply)?(?: for)?"
    r"|not for me|no)$"
)


def _typed_action(d: dict[str, Any], event: Event) -> Event:
    """ "save 2", "save the first one", "how to apply 1", "more": the same as the button, for
    the list on screen."""
    low = event.text.lower().strip()[:60]
    if re.match(r"^\W*(?:more|more jobs|next|show more|any more|others?)\W*$", low):
        return Event(kind="button", text="j:more")
    if re.match(r"^\W*(?:my jobs|my saved jobs|saved jobs)\W*$", low):
        return Event(kind="button", text="j:mine")
    pick = picked_from(low, d.get("shown") or [], int(d.get("offset", 0)))
    if pick is None or not _JOB_VERB.match(pick[0]):
        return event
    word, job = pick
    # "how to apply 1" and "apply 1" ask how; only "applied" says they did
    action = (
        "save"
        if word in ("save", "saved", "keep")
        else "how"
        if word.startswith("how") or word == "apply"
        else "apply"
        if "applied" in word
        else "no"
    )
    return Event(kind="button", text=f"j:{action}:{job['id']}")


def ask(state: State, ctx: Context) -> Reply:
    step = STEPS.get(state.step)
    return step.ask(state, ctx) if step else _ask_results(state, ctx)


def _ask_results(state: State, ctx: Context) -> Reply:
    return Reply("Pick a job, or see more.", _list_buttons(dict(state.data)))


def _answer(state: State, event: Event, ctx: Context) -> Result | None:
    return handle(state, event, ctx)


def _skip_goal(state: State, ctx: Context) -> Result:
    return _search({**_keep(state.data), "goal": "pay", "offset": 0})


STEPS: dict[str, Step] = {
    "goal": Step(
        _ask_goal,
        _answer,
        "choice",
        frozenset(),
        ("results",),
        _skip_goal,
        "what matters most",
    ),
    "results": Step(
        _ask_results,
        _answer,
        "none",
        frozenset(),
        ("results", "job", "mine", "goal"),
        None,
        "the jobs list",
    ),
    "job": Step(_ask_results, _answer, "none", frozenset(), ("results",), None, "the jobs list"),
    "mine": Step(
        _ask_mine, _answer, "none", frozenset(), ("results", "job", "goal"), None, "your jobs"
    ),
}


__all__ = ["JobApp", "applied_from_text", "my_jobs", "start", "start_from"]
