"""Onboarding: intro, privacy and consent, first name, postcode district.

Before consent nothing is stored: the pre-consent replies depend only on the incoming event, so a
restart simply shows the consent buttons again.
"""

from __future__ import annotations

import re

from flows import goals
from flows.core import Button, Context, CreateWorker, Event, Reply, Result, State, UpdateWorker
from flows.places import check_district

INTRO = (
    "Hi! I'm Skills Escalator. I help people in low-paid jobs get on at work.\n\n"
    "Together we can:\n"
    "• set a goal for better pay\n"
    "• find a course that fits around your shifts\n"
    "• find out if you can get it free, or with a loan"
)
PRIVACY = (
    "Before we start: your privacy.\n\n"
    "If you say yes, I will keep what you tell me: your first name, the first half of your "
    "postcode, your job, pay, hours, shifts, goals, and your answers about paying for courses "
    "(like your date of birth). A coach may read it to help you. "
    "I never share it with your boss.\n\n"
    "You can get a copy any time with /mydata, and delete it all with /delete.\n\n"
    "Is that OK?"
)
CONSENT_BUTTONS = [[Button("I agree", "consent:yes"), Button("No thanks", "consent:no")]]


def consent_replies() -> list[Reply]:
    return [Reply(INTRO), Reply(PRIVACY, CONSENT_BUTTONS)]


def pre_consent(event: Event, first_name: str | None) -> Result:
    """Stateless: no worker row exists yet. Returns CreateWorker only on "I agree"."""
    if event.kind == "button" and event.text == "consent:yes":
        state = State("onboarding", "name", {"tg_name": (first_name or "")[:40]})
        return Result(state, [ask_name(state)], [CreateWorker()])
    if event.kind == "button" and event.text == "consent:no":
        return Result(
            None,
            [
                Reply(
                    "That's fine. I have not saved anything about you.\n"
                    "If you change your mind, send /start."
                )
            ],
        )
    if event.kind == "command" and event.text.split()[0].lower() == "/start":
        return Result(None, consent_replies())
    return Result(
        None,
        [Reply("Before we chat, I need your OK to keep what you tell me.\n\n" + PRIVACY,
               CONSENT_BUTTONS)],
    )


def ask_name(state: State) -> Reply:
    tg = state.data.get("tg_name") or ""
    buttons = [[Button(f"Call me {tg}", "name:tg")]] if tg else []
    buttons.append([Button("Skip this", "name:skip")])
    return Reply("Great, thank you! What should I call you? Just your first name is fine.", buttons)


def ask_postcode() -> Reply:
    return Reply(
        "What is the first half of your postcode? For example: LS6 or M14.\n"
        "I only keep this part. It helps me find courses near you.",
        [[Button("I'd rather not say", "pc:skip")]],
    )


def ask(state: State, ctx: Context) -> Reply:
    return ask_name(state) if state.step == "name" else ask_postcode()


NOT_NAMES = {"hi", "hello", "hey", "yes", "no", "ok", "okay", "thanks", "help", "what", "why"}
_NAME_RE = re.compile(r"^[A-Za-zÀ-ÿ' -]{1,40}$")
_NAME_LEAD = re.compile(r"^(?:hi|hello|hey)?[ ,!]*(?:i'm|i am|im|it's|its|my name is|call me)\s+",
                        re.I)


def handle(state: State, event: Event, ctx: Context) -> Result | None:
    if state.step == "name":
        name: str | None = None
        if event.kind == "button" and event.text == "name:skip":
            return Result(State("onboarding", "postcode", {}), [Reply("No problem."),
                                                               ask_postcode()])
        if event.kind == "button" and event.text == "name:tg":
            name = state.data.get("tg_name") or None
        elif event.kind == "text":
            cleaned = _NAME_LEAD.sub("", event.text.strip()).strip(" .!")
            first = cleaned.split()[0] if cleaned.split() else ""
            greeting = event.intent in ("greet", "goodbye", "affirm", "deny", "help") and \
                event.confidence >= 0.6
            if _NAME_RE.match(first) and first.lower() not in NOT_NAMES and not greeting:
                name = first[:1].upper() + first[1:]
        if not name:
            return None
        new = State("onboarding", "postcode", {})
        return Result(
            new,
            [Reply(f"Nice to meet you, {name}!"), ask_postcode()],
            [UpdateWorker({"first_name": name})],
        )
    if state.step == "postcode":
        if event.kind == "button" and event.text == "pc:skip":
            return goals.start(ctx, [Reply("No problem. I'll show online courses first.")])
        if event.kind != "text":
            return None
        district, problem = check_district(event.text)
        if problem:
            return Result(state, [Reply(problem, ask_postcode().buttons)])
        return goals.start(
            ctx,
            [Reply(f"Thanks. I've saved {district}.")],
            [UpdateWorker({"postcode_district": district})],
        )
    return None
