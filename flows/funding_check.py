"""Funding check: ask only what changes the answer (funding.questions), then show the decision
(funding.engine.assess + funding.render). Free routes come first; the engine does the ordering.

Course facts come from the catalogue via a CourseFacts lookup; the worker is never asked them,
except the course level when they want a general check with no course picked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flows.core import (
    Button,
    Context,
    CourseFacts,
    Event,
    Reply,
    Result,
    SaveFundingCheck,
    State,
)
from flows.pay import to_hourly
from flows.places import check_district
from flows.steps import Expects, Step
from funding.engine import ROUTE_LOAN, FundingDecision, assess
from funding.facts import FundingFacts
from funding.questions import QUESTIONS, Question, next_questions
from funding.records import funding_check_fields
from funding.render import TOPICS, detail_topics, render_decision, render_detail
from nlu.normalise import likely_period

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}


def start(ctx: Context, run_id: int | None = None) -> Result:
    if run_id is None and ctx.plan:
        run_id = ctx.plan[-1][0]
    if run_id is not None:
        return Result(
            State("funding", "course", {"run_id": run_id, "answers": {}}),
            [],
            lookup=CourseFacts(run_id),
        )
    state = State("funding", "level", {"run_id": None, "answers": {}})
    return Result(
        state,
        [
            Reply(
                "Let's see how you could pay for a course.\n" + _level_q().text, _level_q().buttons
            )
        ],
    )


def _level_q() -> Reply:
    return Reply(
        "What level of course are you thinking of? Not sure? Level 2 is like GCSEs, "
        "level 3 is like A levels.",
        [
            [Button("Entry or level 1", "fl:1"), Button("Level 2", "fl:2")],
            [Button("Level 3", "fl:3"), Button("Level 4 or more", "fl:4")],
        ],
    )


def _course_facts(f: dict[str, Any], today: date) -> dict[str, Any]:
    """FundingFacts fields from the catalogue lookup (see bot.conversation._course_facts)."""
    out: dict[str, Any] = {}
    for key in (
        "course_level",
        "loan_approved",
        "fcfj_eligible",
        "provider_has_loans_facility",
        "course_fee_pence",
        "course_weeks",
        "is_english_maths",
        "is_digital",
        "is_bootcamp",
        "level3_entitlement",
        "is_apprenticeship_or_hnd",
        "is_esol",
        "is_access_to_he",
        "course_sector",
    ):
        if f.get(key) is not None:
            out[key] = f[key]
    out["course_start"] = f.get("course_start") or today.isoformat()
    return out


_PAY_FIELDS = {
    "hour": "hourly_pay_pence",
    "week": "weekly_pay_pence",
    "month": "monthly_pay_pence",
    "year": "annual_pay_pence",
}


def facts_for(state: State, ctx: Context) -> FundingFacts:
    """Everything we know: saved profile, earlier funding answers, this course, this chat."""
    d = state.data
    known: dict[str, Any] = {}
    if ctx.postcode_district:
        known["postcode_district"] = ctx.postcode_district
    given = _PAY_FIELDS.get(ctx.pay_period or "")
    if ctx.pay_amount_pence and given:
        known[given] = ctx.pay_amount_pence  # "£38,000 a year" stays £38,000, not 52 x 37.5 h
    elif ctx.hourly_pence:
        known["hourly_pay_pence"] = ctx.hourly_pence
    if ctx.weekly_hours:
        known["weekly_hours"] = str(ctx.weekly_hours)
    if ctx.target_hourly_pence:
        known["target_hourly_pence"] = ctx.target_hourly_pence
    worker_keys = {
        "date_of_birth",
        "has_gcse_english_maths_grade4",
        "has_full_level2",
        "has_full_level3",
        "residency",
        "loans_used",
        "unemployed",
    }
    known.update({k: v for k, v in ctx.funding_answers.items() if k in worker_keys})
    known.update(d.get("course", {}))
    known.update(d.get("answers", {}))
    return FundingFacts.from_dict(known)


_TARGET_Q = Question(
    "target_hourly_pence",
    "What pay per hour are you aiming for after the course? Then I can show what you would "
    "pay back at that pay too.",
    "worker",
    required=False,
)


def _repay_question(
    facts: FundingFacts, decision: FundingDecision, skipped: list[str], today: date
) -> Question | None:
    """For a loan: ask pay now and the target pay (once each), so the repayment shows both."""
    if decision.route != ROUTE_LOAN:
        return None
    for q in next_questions(facts, today, audience="worker", limit=None, include_optional=True):
        if q.fact in skipped:
            continue
        if q.fact == "pay":  # not needed for the answer, only for the repayment: skippable
            pay = QUESTIONS["pay"]
            return Question(pay.fact, pay.text, pay.source, pay.options, required=False)
        if q.fact == "target_hourly_pence":
            return _TARGET_Q
    return None


def _ask(state: State, q: Question, before: list[Reply] | None) -> Result:
    d = {**state.data, "asking": q.fact}
    buttons = [[Button(label, f"fq:{value}") for label, value in q.options]] if q.options else []
    if q.fact == "pay" and not buttons:
        buttons = [[Button("I'm not working", "fq:unemployed")]]
    if not q.required:
        buttons.append([Button("Not sure", "fq:skip")])
    buttons.append([Button("Not now", "fq:stop")])
    return Result(State("funding", "question", d), [*(before or []), Reply(q.text, buttons)])


def _answer_buttons(
    decision: FundingDecision, data: dict[str, Any], but: str | None = None
) -> list[list[Button]]:
    topics = [t for t in detail_topics(decision) if t != but]
    rows = [
        [Button(TOPICS[t], f"fd:{t}") for t in topics[i : i + 2]] for i in range(0, len(topics), 2)
    ]
    rows += [
        [Button("Find courses", "menu:courses"), Button("My plan", "menu:plan")],
        [Button("Talk to a coach", "menu:coach")],
    ]
    if "_resume" in data:
        rows.append([Button("Carry on where I was", "menu:resume")])
    return rows


def _next(state: State, ctx: Context, before: list[Reply] | None = None) -> Result:
    facts = facts_for(state, ctx)
    qs = next_questions(facts, ctx.today, audience="worker", limit=1)
    if qs:
        return _ask(state, qs[0], before)
    decision = assess(facts, ctx.today)
    extra = _repay_question(facts, decision, list(state.data.get("skipped", [])), ctx.today)
    if extra is not None:
        return _ask(state, extra, before)
    text = render_decision(decision)
    fields = funding_check_fields(facts, decision)
    effect = SaveFundingCheck(
        run_id=state.data.get("run_id"),
        answers=fields["answers"],
        outcome=fields["outcome"],
        reasons=tuple(fields["reasons"]),
        rules_year=fields["rules_year"],
    )
    keep = {k: v for k, v in state.data.items() if k in ("run_id", "_resume")}
    data = {**keep, "facts": facts.to_dict()}
    return Result(
        State("funding", "answer", data),
        [*(before or []), Reply(text, _answer_buttons(decision, data))],
        [effect],
    )


def _decision(state: State, ctx: Context) -> FundingDecision:
    return assess(FundingFacts.from_dict(dict(state.data.get("facts", {}))), ctx.today)


def _answer_detail(state: State, event: Event, ctx: Context) -> Result | None:
    """The detail buttons under an answer: each detail is its own short message."""
    if event.kind != "button" or not event.text.startswith("fd:"):
        return None
    topic = event.text[3:]
    decision = _decision(state, ctx)
    if topic not in detail_topics(decision):
        return None
    return Result(
        State("funding", "answer", dict(state.data)),
        [Reply(render_detail(decision, topic), _answer_buttons(decision, state.data, but=topic))],
    )


def _ask_answer(state: State, ctx: Context) -> Reply:
    decision = _decision(state, ctx)
    return Reply(render_decision(decision), _answer_buttons(decision, state.data))


def parse_date(text: str) -> date | None:
    """A date of birth: 14/03/1990, 14-3-90, 14 March 1990, and "12 3 1968" as voice-to-text
    writes it (a four-figure year, so "12 3 68" stays unread)."""
    low = text.lower().strip()
    m = re.search(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b", low) or re.search(
        r"\b(\d{1,2})\s+(\d{1,2})\s+((?:19|20)\d{2})\b", low
    )
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\s+(\d{2,4})\b", low)
        if not m or m.group(2)[:3] not in _MONTHS:
            return None
        day, month, year = int(m.group(1)), _MONTHS[m.group(2)[:3]], int(m.group(3))
    if year < 100:
        year += 1900 if year > 30 else 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _answer(fact: str, event: Event, ctx: Context) -> dict[str, Any] | None:
    """The facts an answer to the question about `fact` gives, or None when it wasn't
    understood. Each fact has its reader; a has_... fact is a yes or a no."""
    said = _Said(
        fact,
        event.text[3:] if event.kind == "button" and event.text.startswith("fq:") else None,
        event.text if event.kind == "text" else "",
        event,
        ctx,
    )
    reader = _yes_or_no if fact.startswith("has_") else _READERS.get(fact, _tapped)
    return reader(said)


@dataclass(frozen=True)
class _Said:
    """An answer to one question: the value of a tapped fq: button, or typed text."""

    fact: str
    value: str | None  # the tapped button's value
    text: str  # what they typed ("" for a button)
    event: Event
    ctx: Context

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def yes(self) -> bool:
        return self.value == "yes" or bool(re.search(r"\b(yes|yeah|yep|i do|i have)\b", self.low))

    @property
    def no(self) -> bool:
        return self.value == "no" or bool(
            re.search(r"\b(no|nope|not|don't|dont|haven't)\b", self.low)
        )


def _yes_or_no(said: _Said) -> dict[str, Any] | None:
    return None if said.yes == said.no else {said.fact: said.yes}


def _date_of_birth(said: _Said) -> dict[str, Any] | None:
    """A real date of birth of someone 14 or over."""
    born = parse_date(said.text)
    if not born or not (1900 < born.year <= said.ctx.today.year - 14):
        return None
    return {said.fact: born.isoformat()}


_PAY_FIELDS = {
    "hour": "hourly_pay_pence",
    "week": "weekly_pay_pence",
    "month": "monthly_pay_pence",
    "year": "annual_pay_pence",
}


def _pay(said: _Said) -> dict[str, Any] | None:
    """Out of work, or pay in the period they said it (a day's or fortnight's pay made hourly
    with their weekly hours)."""
    if said.value == "unemployed" or re.search(
        r"not (working|in work)|unemployed|no job", said.low
    ):
        return {"unemployed": True}
    m = said.event.v.money
    if not m:
        return None
    period = likely_period(m)
    if period in _PAY_FIELDS:
        return {_PAY_FIELDS[period]: m.pence, "unemployed": False}
    hourly = to_hourly(m.pence, period, said.ctx.weekly_hours)
    return {"hourly_pay_pence": hourly, "unemployed": False} if hourly else None


def _weekly_hours(said: _Said) -> dict[str, Any] | None:
    h = said.event.v.hours
    return {said.fact: str(h)} if h else None


def _loans_used(said: _Said) -> dict[str, Any] | None:
    """A tapped number, the first digit typed, or "none"."""
    if said.value is not None and said.value.isdigit():
        return {said.fact: int(said.value)}
    digit = re.search(r"\d", said.text)
    if digit:
        return {said.fact: int(digit.group())}
    return {said.fact: 0} if re.search(r"\b(none|no|never)\b", said.low) else None


def _residency(said: _Said) -> dict[str, Any] | None:
    if said.value in ("uk_settled_3y", "other", "not_resident"):
        return {said.fact: said.value}
    return {said.fact: "uk_settled_3y"} if said.yes and not said.no else None


def _postcode_district(said: _Said) -> dict[str, Any] | None:
    district, problem = check_district(said.text) if said.text else (None, "x")
    return {said.fact: district} if district and not problem else None


def _target_pay(said: _Said) -> dict[str, Any] | None:
    m = said.event.v.money
    if not m:
        return None
    return {said.fact: to_hourly(m.pence, likely_period(m), said.ctx.weekly_hours)}


def _tapped(said: _Said) -> dict[str, Any] | None:
    """Any other fact: the value of the button they tapped."""
    return {said.fact: said.value} if said.value is not None else None


_READERS: dict[str, Callable[[_Said], dict[str, Any] | None]] = {
    "date_of_birth": _date_of_birth,
    "pay": _pay,
    "weekly_hours": _weekly_hours,
    "loans_used": _loans_used,
    "residency": _residency,
    "postcode_district": _postcode_district,
    "target_hourly_pence": _target_pay,
}


def _answer_course(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    if event.kind != "result":
        return None
    if not event.payload:
        return Result(
            State("funding", "level", {"run_id": None, "answers": {}}),
            [Reply("I can't find that course any more."), _level_q()],
        )
    d["course"] = _course_facts(event.payload, ctx.today)
    name = event.payload.get("course_name", "this course")
    return _next(
        State("funding", "question", d), ctx, [Reply(f"Let's check how you could pay for {name}.")]
    )


# A level named by what it is like: "gcses" is level 2, "a levels" 3 ("no a levels" is what
# they lack, not what they want: no level), "degree" or "hnc" 4 or more, "basic" entry.
_LEVEL_WORDS: tuple[tuple[int, str], ...] = (
    (3, r"\ba[\s-]*levels?\b|\bbtec\s+(?:national|extended)\b"),
    (2, r"\bgcses?\b"),
    (4, r"\bdegree\b|\bhn[cd]\b|\bhigher\b|\buni(?:versity)?\b"),
    (1, r"\bentry\b|\bbasic\b|\bbeginners?\b|\bfunctional\s+skills\b"),
)
_LACKS = re.compile(r"\b(?:no|not|never|without|dont|don'?t|haven'?t|havent|didn'?t)\b")
_ASKS_FUNDING = re.compile(
    r"\bloan\b|\bfree\b|\bpay\s*(?:it\s+)?back\b|\bcosts?\b|\bhow\s+much\b|\bafford\b|\bfees?\b"
)
LEVEL_FIRST = (
    "That's what I'll work out for you. It depends on the course level, your age and what "
    "you've done before. First, the level."
)


def _level_said(text: str) -> int | None:
    """The course level in a typed answer: a number, or what the level is like."""
    low = text.lower()[:300]
    m = re.search(r"\b([1-6])\b", low)
    if m:
        return int(m.group(1))
    if _LACKS.search(low):
        return None
    found = [level for level, words in _LEVEL_WORDS if re.search(words, low)]
    return found[0] if len(found) == 1 else None


LACKS_LEVEL = (
    "OK, no {name} yet. {name} are level {level}. Some level {level} courses can be free if "
    "you don't have one yet: I'll check that for you."
)
_LEVEL_NAMES = {3: "A levels", 2: "GCSEs"}


def _level_lacked(text: str) -> tuple[str, int] | None:
    """ "no a levels", "never did my gcses": the qualification they lack and its level."""
    low = text.lower()[:300]
    if not _LACKS.search(low):
        return None
    for level, words in _LEVEL_WORDS:
        if level in _LEVEL_NAMES and re.search(words, low):
            return _LEVEL_NAMES[level], level
    return None


def _answer_level(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    level: int | None = None
    if event.kind == "button" and re.fullmatch(r"fl:[0-6]", event.text):
        level = int(event.text[3:])
    elif event.kind == "text":
        level = _level_said(event.text)
        lacks = _level_lacked(event.text)
        if level is None and lacks is not None:  # "im 24 and have no a levels"
            said = LACKS_LEVEL.format(name=lacks[0], level=lacks[1])
            return Result(state, [Reply(said + "\n" + _level_q().text, _level_q().buttons)])
        if level is None and (
            event.intent in ("ask_funding", "ask_loan") or _ASKS_FUNDING.search(event.text.lower())
        ):  # "can i get a loan", "is the course free": the answer is what this check is for
            return Result(state, [Reply(LEVEL_FIRST + "\n" + _level_q().text, _level_q().buttons)])
    if level is None:
        return None
    # no course picked: it will start later (for level 4-6, in 2027 or later: the LLE note)
    d["course"] = {
        "course_level": level,
        "course_start": ctx.today.isoformat(),
        "general_check": True,
    }
    return _next(State("funding", "question", d), ctx)


def _answer_question(state: State, event: Event, ctx: Context) -> Result | None:
    d = dict(state.data)
    if event.kind == "button" and event.text == "fq:stop":
        return _stop(state, ctx)
    fact = d.get("asking", "")
    if event.kind == "button" and event.text == "fq:skip":
        d["skipped"] = [*d.get("skipped", []), fact]
        return _next(State("funding", "question", d), ctx)
    got = _answer(fact, event, ctx)
    if got is None:
        return None
    d["answers"] = {**d.get("answers", {}), **got}
    return _next(State("funding", "question", d), ctx)


def _stop(state: State, ctx: Context) -> Result:
    return Result(
        State("menu", "idle", {}),
        [
            Reply(
                "OK. We can check funding another time with /funding.",
                [[Button("Find courses", "menu:courses"), Button("My plan", "menu:plan")]],
            )
        ],
    )


_FACT_KINDS: dict[str, Expects] = {
    "date_of_birth": "date",
    "pay": "money",
    "weekly_hours": "hours",
    "postcode_district": "postcode",
    "target_hourly_pence": "money",
    "loans_used": "number",
}


def _question_kind(state: State) -> Expects:
    return _FACT_KINDS.get(str(state.data.get("asking", "")), "choice")


STEPS: dict[str, Step] = {
    "course": Step(
        lambda state, ctx: ask(state, ctx),
        _answer_course,
        "none",
        frozenset(),
        ("question", "level"),
        None,
        "the funding check",
    ),
    "level": Step(
        lambda state, ctx: _level_q(),
        _answer_level,
        "level",
        frozenset({"ask_funding", "ask_loan"}),
        ("question",),
        _stop,
        "the funding check",
    ),
    "question": Step(
        lambda state, ctx: ask(state, ctx),
        _answer_question,
        "choice",
        frozenset({"ask_funding", "ask_loan", "inform_pay", "pay_rise", "affirm", "deny"}),
        ("question", "answer", "menu"),
        _stop,
        "the funding check",
        expects_for=_question_kind,
    ),
    "answer": Step(
        lambda state, ctx: _ask_answer(state, ctx),
        _answer_detail,
        "none",
        frozenset(),
        ("answer",),
        None,
        "the funding answer",
    ),
}


def handle(state: State, event: Event, ctx: Context) -> Result | None:
    step = STEPS.get(state.step)
    return step.answer(state, event, ctx) if step else None


def ask(state: State, ctx: Context) -> Reply:
    if state.step == "level":
        return _level_q()
    if state.step == "question":
        res = _next(state, ctx)
        if res.replies:
            return res.replies[-1]
    if state.step == "answer":
        return _ask_answer(state, ctx)
    return Reply("Let's look at funding.", [[Button("Check funding", "menu:funding")]])
