"""Onboarding: intro, privacy and consent, first name, postcode district.

Before consent nothing is stored: the pre-consent replies depend only on the incoming event, so a
restart simply shows the consent buttons again.
"""

from __future__ import annotations

import re

from flows import goals
from flows.core import Button, Context, CreateWorker, Event, Reply, Result, State, UpdateWorker
from flows.places import check_district, district_of
from flows.steps import Step
from nlu.safety import says_crisis
from support.messages import crisis_message

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


# Typed answers to "Is that OK?": most people type "yes" or "ok" rather than tap the button.
# "no worries" / "no problem" mean yes; anything unclear gets the question again.
_AGREE = re.compile(
    r"^\W*(?:no (?:worries|probs?|problem)|yes|yeah|yea|yep|yup|yh|ya|ye|yeh|yas|y|aye|ok|okay|okey"
    r"|k|kk|sure|fine|that'?s fine|i agree|agreed?|go on|go ahead|go for it|alright|all right"
    r"|sounds good|of course|ofc|course|deffo|defo|definitely|sound|safe|grand|👍)(?!\w)"
)
_REFUSE = re.compile(r"^\W*(?:no|nah|nope|no thanks|not really|i don'?t agree|don'?t|do not)\b")


def _consent_answer(event: Event) -> str | None:
    """ "yes" / "no" from the buttons or typed words; None when unclear."""
    if event.kind == "button" and event.text in ("consent:yes", "consent:no"):
        return event.text.split(":")[1]
    if event.kind != "text":
        return None
    low = event.text.lower().replace("’", "'").strip()
    if _AGREE.search(low):
        return "yes"
    if _REFUSE.search(low):
        return "no"
    return None


def pre_consent(event: Event, first_name: str | None) -> Result:
    """Stateless: no worker row exists yet. Returns CreateWorker only on "I agree" (tapped or
    typed: a typed "yes" to "Is that OK?" is as clear as the button)."""
    if event.kind == "text" and says_crisis(event.text):
        # nothing is stored before consent, but the crisis lines are never held back
        return Result(
            None,
            [
                Reply(crisis_message()),
                Reply(
                    "I'm here when you're ready. Is it OK to keep what you tell me?",
                    CONSENT_BUTTONS,
                ),
            ],
        )
    answer = _consent_answer(event)
    if answer == "yes":
        state = State("onboarding", "name", {"tg_name": (first_name or "")[:40]})
        return Result(state, [ask_name(state)], [CreateWorker()])
    if answer == "no":
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
        [
            Reply(
                "Before we chat, I need your OK to keep what you tell me: your first name, "
                "the first half of your postcode, your job, pay, hours, shifts, goals and answers "
                "about paying for courses. "
                "A coach may read it. I never share it with your boss. Is that OK? "
                "Type yes, or tap I agree. (Send /start to read it all again.)",
                CONSENT_BUTTONS,
            )
        ],
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
    step = STEPS.get(state.step)
    return step.ask(state, ctx) if step else ask_postcode()


# Words that answer "what should I call you?" but are not names.
NOT_NAMES = {
    "hi",
    "hello",
    "hey",
    "hiya",
    "heya",
    "yo",
    "alright",
    "morning",
    "evening",
    "yes",
    "no",
    "ok",
    "okay",
    "thanks",
    "ta",
    "help",
    "what",
    "why",
    "who",
    "how",
    "stop",
    "yeah",
    "yep",
    "nah",
    "nope",
    "sure",
    "idk",
    "dunno",
    "lol",
    "hmm",
    "um",
    "erm",
    "bye",
    "name",
    "my",
    "me",
    "the",
    "a",
    "and",
    "not",
    "sorry",
    "please",
    "pls",
    "skip",
    "none",
    "nothing",
    "x",
    "i",
    "agree",
    "perm",
    "rather",
    "prefer",
}
# "im knackered", "i'm fine": how they are, not who. A name after "i'm" never ends in -ed or
# -ing unless it is one of these (a few common names that do).
FEELINGS = {
    "knackered", "knackerd", "shattered", "tired", "exhausted", "done", "fine", "good", "great",
    "grand", "well", "busy", "stressed", "skint", "broke", "sick", "ill", "poorly", "bored",
    "confused", "lost", "new", "back", "here", "working", "off", "so", "just", "really", "very",
    "abit", "bit", "fed", "sad", "down", "low", "cold", "hungry", "late", "early", "free", "on",
    "at", "in", "from", "an", "doing", "going", "looking", "trying", "after", "wondering",
    "interested", "single", "married", "pregnant", "unemployed", "employed", "self", "part",
    "full", "finished", "happy", "annoyed", "angry", "gutted", "worried", "scared", "nervous",
    "anxious", "unsure", "curious", "struggling", "alright", "ok", "okay", "sound", "cream",
    "dead", "fuming", "upset", "unwell", "injured", "stuck", "desperate", "older",
    "young", "old", "only", "still", "currently", "now", "bare", "proper",
}  # fmt: skip
_NAMES_ENDING_ED_ING = {
    "ed", "fred", "ted", "ned", "jed", "zed", "reed", "ahmed", "ahmad", "mohammed", "muhammed",
    "mohamed", "mehmed", "hamed", "javed", "saeed", "sayed", "syed", "zahed", "rashed", "ming",
    "ling", "jing", "xing", "bing", "yang", "sterling", "king", "manning", "ewing", "irving",
}  # fmt: skip
_IM_LEAD = re.compile(r"^\W*(?:i'm|i’m|i am|im)\s+\S", re.I)
# "rather not", "i'd prefer not to say": a polite no, the same as the Skip button
_NO_NAME = re.compile(
    r"^\W*(?:i'?d |i would )?(?:rather not|prefer not|not saying|no thanks|skip(?: it| this)?"
    r"|pass|don'?t want to(?: say)?)\b",
    re.I,
)
_WHY_NAME = re.compile(
    r"\bwhy\b.*\bname\b|\bwhat (?:do|is) (?:you|u) (?:need|want).*\bname\b", re.I
)
# "tomasz but everyone calls me tom": the name they want is the one after "call(s) me"
_CALLED = re.compile(r"\bcalls? me\s+([A-Za-zÀ-ÿ'’-]{2,40})\b", re.I)
_NAME_RE = re.compile(r"^[A-Za-zÀ-ÿ'’-]{1,40}$")
_NAME_LEAD = re.compile(
    r"^(?:(?:hi|hiya|hello|hey|heya|yo|alright|ok|okay|sure|yeah|yes)\b[ ,!.]*)*"
    r"(?:i'm called|im called|i am called|i'm|i’m|i am|im|it's|it’s|its|my name is|my names"
    r"|my name's|my name|name is|name's|names|call me|u can call me|you can call me|this is)?\s*",
    re.I,
)
_AFTER_NAME = re.compile(
    r"^(?:x+|xx+|thanks|thx|ta|please|pls|mate|lol|haha|but\b.*|sorry\b.*|i (?:just )?(?:said"
    r"|told (?:you|u))\b.*|(?:i )?already (?:said|told)\b.*|[^\w]+)$",
    re.I,
)


def name_from(text: str) -> str | None:
    """The first name in an answer to "what should I call you?" ("its shaz" -> "Shaz")."""
    called = _CALLED.search(text)
    if called and called.group(1).lower() not in NOT_NAMES:
        return called.group(1)[:1].upper() + called.group(1)[1:40]
    cleaned = _NAME_LEAD.sub("", text.strip(), count=1).strip(" .!,…?")
    words = cleaned.split()
    if not words:
        return None
    first = words[0].strip(" .!,…?")
    rest = " ".join(words[1:])
    if rest and not _AFTER_NAME.match(rest) and (len(words) > 2):
        return None  # "tomasz but everyone calls me tom" is fine; a sentence is not a name
    low = first.lower()
    if not _NAME_RE.match(first) or low in NOT_NAMES or low in FEELINGS:
        return None
    if _IM_LEAD.match(text) and low.endswith(("ed", "ing")) and low not in _NAMES_ENDING_ED_ING:
        return None  # "im knackered", "i'm struggling"
    return first[:1].upper() + first[1:]


def _answer_name(state: State, event: Event, ctx: Context) -> Result | None:
    name: str | None = None
    if event.kind == "button" and event.text == "name:skip":
        return _skip_name(state, ctx)
    if event.kind == "button" and event.text == "name:tg":
        name = state.data.get("tg_name") or None
    elif event.kind == "text":
        if _NO_NAME.search(event.text.strip()):
            return _skip_name(state, ctx)
        if _WHY_NAME.search(event.text):
            why = Reply(
                "I only use your first name to make our chat friendly. "
                "You don't have to give it: tap Skip this."
            )
            return Result(state, [why, ask_name(state)])
        name = name_from(event.text)
        district = district_of(event.text) if name is None else None
        if district is not None and not state.data.get("postcode"):
            # the next question answered first: keep the postcode, ask the name again
            found, problem = check_district(event.text)
            if found and not problem:
                new = State("onboarding", "name", {**state.data, "postcode": found})
                return Result(
                    new,
                    [Reply(f"Thanks, I've saved {found}."), ask_name(new)],
                    [UpdateWorker({"postcode_district": found})],
                )
    if not name:
        return None
    effects = [UpdateWorker({"first_name": name})]
    if state.data.get("postcode"):  # already given: straight on to the goal questions
        return goals.start(ctx, [Reply(f"Nice to meet you, {name}!")], effects)
    new = State("onboarding", "postcode", {})
    return Result(new, [Reply(f"Nice to meet you, {name}!"), ask_postcode()], effects)


def _skip_name(state: State, ctx: Context) -> Result:
    if state.data.get("postcode"):
        return goals.start(ctx, [Reply("No problem.")])
    return Result(State("onboarding", "postcode", {}), [Reply("No problem."), ask_postcode()])


def _answer_postcode(state: State, event: Event, ctx: Context) -> Result | None:
    if event.kind == "button" and event.text == "pc:skip":
        return _skip_postcode(state, ctx)
    if event.kind != "text":
        return None
    district, problem = check_district(event.text)
    if problem:
        if district_of(event.text) is None and len(event.text.split()) > 3:
            return None  # a sentence, not a try at a postcode: let the router read it
        return Result(state, [Reply(problem, ask_postcode().buttons)])
    return goals.start(
        ctx,
        [Reply(f"Thanks. I've saved {district}.")],
        [UpdateWorker({"postcode_district": district})],
    )


def _skip_postcode(state: State, ctx: Context) -> Result:
    return goals.start(ctx, [Reply("No problem. I'll show online courses first.")])


STEPS: dict[str, Step] = {
    "name": Step(
        lambda state, ctx: ask_name(state),
        _answer_name,
        "name",
        frozenset({"greet", "inform_name", "affirm", "deny"}),
        ("postcode",),
        _skip_name,
        "your name",
    ),
    "postcode": Step(
        lambda state, ctx: ask_postcode(),
        _answer_postcode,
        "postcode",
        frozenset({"greet", "inform_name"}),
        ("goals.job",),
        _skip_postcode,
        "your postcode",
    ),
}


def handle(state: State, event: Event, ctx: Context) -> Result | None:
    step = STEPS.get(state.step)
    return step.answer(state, event, ctx) if step else None
