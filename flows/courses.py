"""Course finding: three runs at a time that fit the worker's shifts, with why each fits.

The search itself needs the database, so this flow asks for it with a SearchCourses lookup and
renders the matches the service feeds back (plain dicts shaped like course_catalogue's RunMatch).

The right course first: the lookup carries the worker's goal (target sector and the target
role's usual level), the level they already have, a typed subject, whether they lack English
or maths, and whether they are low paid; the search ranks by those before shifts and distance
(see course_catalogue.search.goal_fit). Each card shows the cost or "free for you" and how long
the course lasts; sure fits have ✅, "check it fits" ❓, clashes ⚠️.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from flows import next_steps
from flows.core import (
    Button,
    Context,
    CourseFacts,
    Event,
    Reply,
    Result,
    SavePlanItem,
    SearchCourses,
    State,
    UpdateWorker,
    money,
    picked_from,
)
from flows.steps import Step
from funding.facts import FundingFacts
from funding.pay import annual_pay_pence
from funding.rules import RulesNotAvailable, rules_for

PAGE = 3
MODES = {
    "classroom": "In a classroom",
    "online": "Online",
    "work_based": "At work",
    "blended": "Online and classroom",
}


BASICS_WORDS = "english maths digital"
_ROLE_STOP = frozenset({"assistant", "senior", "team", "manager", "worker", "holder", "card"})


def _current_level(ctx: Context) -> int | None:
    """The highest full level the worker told the funding check they have."""
    a = ctx.funding_answers
    if a.get("has_full_level3") is True:
        return 3
    if a.get("has_full_level2") is True:
        return 2
    if a.get("has_full_level2") is False:
        return 1
    return None


def _hours(hours: float | None) -> Decimal | None:
    """The funding facts count in Decimal; str() keeps 16.1 as 16.1, not the float's binary tail."""
    return None if hours is None else Decimal(str(hours))


def _low_paid(ctx: Context) -> bool | None:
    """Under the earnings threshold of the rules year we are in (or out of work)."""
    if ctx.funding_answers.get("unemployed") is True:
        return True
    facts = FundingFacts(
        hourly_pay_pence=ctx.hourly_pence,
        weekly_hours=_hours(ctx.weekly_hours) if ctx.hourly_pence else None,
    )
    pay = annual_pay_pence(facts)
    if pay is None:
        return None
    try:
        return pay < rules_for(ctx.today).earnings_threshold_pence
    except RulesNotAvailable:
        return None


def _goal_words(ctx: Context, sec: next_steps.Sector) -> str | None:
    """The sector's course word plus the target role's own words ("forklift", "nursing")."""
    words = [sec.course_keywords] if sec.course_keywords else []
    role = (ctx.target_role or "").lower()
    words += [w for w in re.findall(r"[a-z]+", role) if w not in _ROLE_STOP and len(w) > 2]
    return " ".join(dict.fromkeys(words)) or None


def _query(d: dict[str, Any], ctx: Context) -> SearchCourses:
    sec = next_steps.sector(ctx.target_sector or ctx.sector)
    basics = bool(d.get("basics"))
    if "keywords" in d:
        keywords = d["keywords"]
    elif basics:
        keywords = BASICS_WORDS
    else:
        keywords = _goal_words(ctx, sec)
    goal = next_steps.CATALOGUE_SECTORS.get(sec.key)
    return SearchCourses(
        offset=int(d.get("offset", 0)),
        levels=tuple(d["levels"]) if d.get("levels") else None,
        travel_limit_km=d.get("km", ctx.travel_limit_km),
        online_only=bool(d.get("online")),
        keywords=keywords,
        sector=None,
        goal_sectors=goal,
        target_level=next_steps.role_level(ctx.target_role),
        current_level=_current_level(ctx),
        lacks_basics=basics or ctx.funding_answers.get("has_gcse_english_maths_grade4") is False,
        low_paid=_low_paid(ctx),
    )


# Words of a course request that name no subject ("can i do a course online at night")
_NOT_SUBJECT = frozenset([
    "a", "an", "the", "any", "some", "what", "whats", "which", "where", "wher", "how", "can",
    "could", "do", "does", "i", "im", "i'm", "me", "my", "we", "need", "want", "wanna", "like",
    "looking", "look", "find", "show", "get", "got", "for", "to", "in", "on", "at", "of", "near",
    "nearby", "around", "course", "courses", "cours", "corse", "training", "train",
    "qualification", "qualifications", "class", "classes", "lesson", "lessons", "college", "uni",
    "study", "learn", "learning", "doing", "there", "is", "are", "it", "that", "this",
    "be", "please", "pls", "plz", "thanks", "ta", "online", "night", "nights", "evening",
    "evenings", "weekend", "weekends", "day", "days", "free", "cheap", "start", "starting",
    "next", "soon", "local", "area", "town", "city", "help", "with", "about", "know", "tell",
    "anything", "something", "good", "best", "new", "really", "just", "so", "and", "or", "but",
    "if", "then", "there's", "yes", "no", "ok", "recommend", "recommended", "should", "would",
    "become", "one", "ones", "apprenticeship", "level", "lvl",
])  # fmt: skip


_IT_SUBJECT = re.compile(
    r"\bIT\b|\b[Ii][Tt](?=\s+(?:course|support|help\s*desk|helpdesk|skills|technician|training"
    r"|qualification|job|work))|(?<=\bin\s)[Ii][Tt](?=\s*(?:\?|$|,|\.))"
)


def subject_in(text: str) -> str | None:
    """The subject named in a typed course request ("english course where" -> "english",
    "any forklift training near me" -> "forklift"), or None when it names none. Why: the
    search had ignored the words and shown the same three courses to everyone."""
    text = _IT_SUBJECT.sub(" itsubject ", text[:200])  # "IT", "it support": the subject
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if w not in _NOT_SUBJECT]
    words = ["it" if w == "itsubject" else w for w in words if len(w) > 2]
    if not 0 < len(words) <= 4:
        return None  # nothing, or a whole sentence rather than a subject
    return " ".join(dict.fromkeys(words))[:60]


def start_from(ctx: Context, text: str) -> Result:
    """A typed course request: its subject searched first, online when they say so (with no
    match, `_results` widens to any course that fits their shifts, and says so)."""
    data: dict[str, Any] = {}
    subject = subject_in(text)
    if subject:
        data["keywords"] = subject
    if re.search(r"\bonline\b|\bfrom home\b", text.lower()):
        data["online"] = True
    return start(ctx, data)


def start(ctx: Context, data: dict[str, Any] | None = None) -> Result:
    d = {"offset": 0, **(data or {})}
    state = State("courses", "results", d)
    return Result(state, [], [], lookup=_query(d, ctx))


def _level(level: int | None) -> str:
    if level is None:
        return ""
    return "Entry level" if level == 0 else f"Level {level}"


_FIT_MARK = {"sure": "✅", "check": "❓", "clash": "⚠️"}
_FIT_WORDS = {
    "sure": "✅ Fits your time",
    "check": "❓ Check it fits your time",
    "clash": "⚠️ Clashes with your shifts",
}


def _duration(m: dict[str, Any]) -> str:
    value, unit = m.get("duration_value"), m.get("duration_unit")
    if not value or not unit:
        return ""
    return f"{value} {unit[:-1] if value == 1 and unit.endswith('s') else unit}"


def _cost(m: dict[str, Any]) -> str:
    if m.get("free_for_you"):
        return "Free for you"
    if m.get("cost_pence"):
        return f"Costs {money(m['cost_pence'])}"
    if m.get("cost_description"):
        return str(m["cost_description"])
    return "Cost: ask the provider"


def _card(i: int, m: dict[str, Any]) -> str:
    fit = m.get("fit") or ("clash" if m.get("clashes") else "sure")
    bits = [f"{i}. {m['course_name']}", f"   {m['provider_name']}"]
    money_line = [x for x in (_cost(m), _duration(m)) if x]
    bits.append("   " + " · ".join(money_line))
    facts = [x for x in (_level(m.get("level")), MODES.get(m.get("delivery_mode", ""), "")) if x]
    if m.get("distance_km") is not None and m.get("delivery_mode") != "online":
        facts.append(f"{m['distance_km']:.0f} km away")
    says_start = any(r.lower().startswith("start") for r in m.get("reasons", []))
    if m.get("flexible_start") and not says_start:
        facts.append("start any time")
    elif m.get("start_date") and not says_start:
        facts.append("starts " + date.fromisoformat(m["start_date"]).strftime("%-d %b %Y"))
    if facts:
        bits.append("   " + " · ".join(facts))
    bits.append(f"   {_FIT_WORDS[fit]}")
    mark = "✅" if fit == "sure" else "❓" if fit == "check" else "•"
    for reason in m.get("reasons", [])[:3]:
        bits.append(f"   {mark} {reason}")
    for clash in m.get("clashes", [])[:2]:
        bits.append(f"   ⚠️ {clash}")
    return "\n".join(bits)


def _results(state: State, matches: list[dict[str, Any]], ctx: Context) -> Result:
    d = dict(state.data)
    if not matches and not d.get("offset") and _query(d, ctx).keywords:
        # nothing in their field (or the subject they typed) fits: widen to any course that
        # fits their shifts, and say so with the results, once we know there are some
        d["_widened"] = d.get("keywords") or True
        d["keywords"] = None
        return Result(State("courses", "results", d), [], lookup=_query(d, ctx))
    widened = d.pop("_widened", False)
    filters = [[Button("More", "c:more"), Button("Change filters", "c:filt")]]
    if "_resume" in d:  # came here in the middle of something: offer the way back
        filters.append([Button("Carry on where I was", "menu:resume")])
    if not matches:
        text = (
            "I couldn't find more courses that fit right now."
            if d.get("offset")
            else "I couldn't find a course that fits your time yet, in your kind of work or "
            "any other. Try changing the filters, or ask a coach."
            if widened
            else "I couldn't find a course that fits yet. Try changing the filters."
        )
        return Result(State("courses", "results", d), [Reply(text, [filters[0][1:], *filters[1:]])])
    d["shown"] = [m["run_id"] for m in matches]
    # remembered so the details say the same as the card ("Free for you")
    d["free"] = sorted(
        {*d.get("free", []), *(m["run_id"] for m in matches if m.get("free_for_you"))}
    )[-60:]
    cards = "\n\n".join(_card(d.get("offset", 0) + i + 1, m) for i, m in enumerate(matches))
    buttons = [
        [
            Button(f"Save {d.get('offset', 0) + i + 1}", f"c:save:{m['run_id']}"),
            Button(f"Details {d.get('offset', 0) + i + 1}", f"c:info:{m['run_id']}"),
        ]
        for i, m in enumerate(matches)
    ]
    buttons += filters
    return Result(
        State("courses", "results", d),
        [
            Reply(
                (
                    f"I couldn't find {_what_was_asked(widened)} that fits. "
                    "Here are other courses that fit your time:\n\n"
                    if widened
                    else "Here are courses that could fit:\n\n"
                )
                + cards,
                buttons,
            )
        ],
    )


def _what_was_asked(widened: object) -> str:
    """ "an IT helpdesk course" for a typed subject; "a course in your kind of work" else."""
    if not isinstance(widened, str):
        return "a course in your kind of work"
    subject = " ".join("IT" if w == "it" else w for w in widened.split())
    article = "an" if subject[:1].lower() in "aeio" or subject.startswith("IT") else "a"
    return f"{article} {subject} course"


def _details(state: State, f: dict[str, Any]) -> Result:
    if not f:
        return Result(state, [Reply("Sorry, I can't find that course any more.")])
    lines = [f["course_name"], f["provider_name"]]
    for label, key in (
        ("Who it's for", "who_for"),
        ("You need", "entry"),
        ("When", "timetable"),
        ("How long", "duration"),
        ("Where", "where"),
    ):
        if f.get(key):
            lines.append(f"{label}: {f[key]}")
    if f.get("run_id") in state.data.get("free", []):
        full = f" (others pay {money(f['cost_pence'])})" if f.get("cost_pence") else ""
        lines.append(f"Cost: free for you{full}. Check funding to be sure.")
    elif f.get("cost_pence") is not None:
        lines.append(f"Cost: {money(f['cost_pence'])} (you may get it free: check funding)")
    if f.get("webpage"):
        lines.append(f"More: {f['webpage']}")
    run = f["run_id"]
    buttons = [
        [Button("Save to my plan", f"c:save:{run}"), Button("Check funding", f"f:run:{run}")],
        [Button("Back to the list", "c:back")],
    ]
    return Result(State("courses", "results", dict(state.data)), [Reply("\n".join(lines), buttons)])


def filters_reply() -> Reply:
    return Reply(
        "Change what I look for:",
        [
            [
                Button("Level 1", "c:lvl:1"),
                Button("Level 2", "c:lvl:2"),
                Button("Level 3", "c:lvl:3"),
            ],
            [
                Button("Level 4", "c:lvl:4"),
                Button("Level 5", "c:lvl:5"),
                Button("Level 6", "c:lvl:6"),
                Button("Any level", "c:lvl:any"),
            ],
            [Button("Type a subject", "c:subj"), Button("English, maths or computers", "c:basics")],
            [
                Button("Up to 5 km", "c:km:5"),
                Button("Up to 10 km", "c:km:10"),
                Button("Up to 25 km", "c:km:25"),
                Button("Any distance", "c:km:any"),
            ],
            [Button("Online only", "c:online:1"), Button("Online or in person", "c:online:0")],
        ],
    )


def handle(state: State, event: Event, ctx: Context) -> Result | None:
    """A search result or course details coming back, or a c:<action>[:<arg>] button."""
    d = dict(state.data)
    if event.kind == "result":
        if state.step == "details":
            return _details(State("courses", "results", d), event.payload or {})
        return _results(state, list(event.payload or []), ctx)
    if event.kind == "text" and state.step == "results":
        event = _typed_action(d, event)
    if event.kind != "button" or not event.text.startswith("c:"):
        return None
    parts = event.text.split(":")
    action = parts[1] if len(parts) > 1 else ""
    arg = parts[2] if len(parts) > 2 else ""
    button = _BUTTONS.get(action)
    return button(d, arg, ctx) if button is not None else None


_SAVE_WORDS = re.compile(r"^(?:save|keep|add|pick|choose|i(?:'ll| will)? (?:take|have))$")
_INFO_WORDS = re.compile(
    r"^(?:|details?|info|more (?:about|on|info on)|tell me (?:more )?about|what about|show me"
    r"|open|see)$"
)


def _typed_action(d: dict[str, Any], event: Event) -> Event:
    """ "save the first one", "details 2", "more": the same as the button, for the list on
    screen (testers' typed picks had been "Sorry, I didn't quite get that")."""
    low = event.text.lower().strip()
    if re.match(r"^\W*(?:more|more courses|next|show more|any more|others?)\W*$", low):
        return Event(kind="button", text="c:more")
    pick = picked_from(low, d.get("shown") or [], int(d.get("offset", 0)))
    if pick is None:
        return event
    verb, run = pick
    action = "save" if _SAVE_WORDS.match(verb) else "info" if _INFO_WORDS.match(verb) else None
    return Event(kind="button", text=f"c:{action}:{run}") if action else event


def _save(d: dict[str, Any], arg: str, ctx: Context) -> Result | None:
    if not arg.isdigit():
        return None
    run = int(arg)
    return Result(
        State("courses", "results", d),
        [
            Reply(
                "Saved to your plan. 👍 See it any time with /plan.",
                [
                    [
                        Button("Check funding for it", f"f:run:{run}"),
                        Button("More courses", "c:more"),
                    ]
                ],
            )
        ],
        [SavePlanItem(run)],
    )


def _info(d: dict[str, Any], arg: str, ctx: Context) -> Result | None:
    if not arg.isdigit():
        return None
    return Result(State("courses", "details", d), [], lookup=CourseFacts(int(arg)))


def _more(d: dict[str, Any], arg: str, ctx: Context) -> Result:
    d["offset"] = int(d.get("offset", 0)) + PAGE
    return Result(State("courses", "results", d), [], lookup=_query(d, ctx))


def _back(d: dict[str, Any], arg: str, ctx: Context) -> Result:
    return Result(State("courses", "results", d), [], lookup=_query(d, ctx))


def _filters(d: dict[str, Any], arg: str, ctx: Context) -> Result:
    return Result(State("courses", "results", d), [filters_reply()])


def _subject(d: dict[str, Any], arg: str, ctx: Context) -> Result:
    return Result(State("courses", "subject", d), [_subject_q()])


def _basics(d: dict[str, Any], arg: str, ctx: Context) -> Result:
    """English, maths and digital skills courses: free for anyone who lacks them."""
    d.pop("keywords", None)
    d.update(basics=True, offset=0, levels=None)
    return Result(State("courses", "results", d), [], lookup=_query(d, ctx))


def _filtered(d: dict[str, Any], ctx: Context, effects: list[Any] | None = None) -> Result:
    """A filter changed: the list again from its first page."""
    d["offset"] = 0
    return Result(State("courses", "results", d), [], effects or [], lookup=_query(d, ctx))


def _level_filter(d: dict[str, Any], arg: str, ctx: Context) -> Result | None:
    if arg != "any" and not (arg.isdigit() and 0 <= int(arg) <= 6):
        return None
    d["levels"] = None if arg == "any" else [int(arg)]
    return _filtered(d, ctx)


def _distance_filter(d: dict[str, Any], arg: str, ctx: Context) -> Result | None:
    """A travel limit for this list, kept for the next searches too."""
    if arg != "any" and not arg.isdigit():
        return None
    d["km"] = None if arg == "any" else float(arg)
    return _filtered(
        d, ctx, [UpdateWorker({"travel_limit_km": None if arg == "any" else int(arg)})]
    )


def _online_filter(d: dict[str, Any], arg: str, ctx: Context) -> Result:
    d["online"] = arg == "1"
    return _filtered(d, ctx)


# c:<action>[:<arg>] buttons (see flows/README.md) -> what each does with the list's state
_BUTTONS: dict[str, Callable[[dict[str, Any], str, Context], Result | None]] = {
    "save": _save,
    "info": _info,
    "more": _more,
    "back": _back,
    "filt": _filters,
    "subj": _subject,
    "basics": _basics,
    "lvl": _level_filter,
    "km": _distance_filter,
    "online": _online_filter,
}


def ask(state: State, ctx: Context) -> Reply:
    return Reply(
        "Pick a course, or change the filters.",
        [[Button("Show courses", "c:back"), Button("Change filters", "c:filt")]],
    )


def _answer(state: State, event: Event, ctx: Context) -> Result | None:
    return handle(state, event, ctx)


def _subject_q() -> Reply:
    return Reply(
        "What would you like to learn? For example: forklift, cooking, bookkeeping.",
        [[Button("Back to the list", "c:back")]],
    )


def _answer_subject(state: State, event: Event, ctx: Context) -> Result | None:
    if event.kind == "button":
        return handle(State("courses", "results", dict(state.data)), event, ctx)
    words = " ".join(re.findall(r"[A-Za-z][A-Za-z ]{1,60}", event.text or "")).strip()
    if event.kind != "text" or len(words) < 2:
        return None
    d = {**state.data, "keywords": words[:60], "offset": 0, "basics": False}
    return Result(State("courses", "results", d), [], lookup=_query(d, ctx))


STEPS: dict[str, Step] = {
    "results": Step(
        ask, _answer, "none", frozenset(), ("results", "details"), None, "the course list"
    ),
    "details": Step(ask, _answer, "none", frozenset(), ("results",), None, "the course list"),
    "subject": Step(
        lambda state, ctx: _subject_q(),
        _answer_subject,
        "job",
        frozenset({"find_course"}),
        ("results",),
        None,
        "the course subject",
    ),
}
