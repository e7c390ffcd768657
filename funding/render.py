"""Turn a decision into short chat messages: a headline answer, then one message per detail.

Why: one long message cut at 900 characters lost the details people need (how to apply, what
they would repay). Now the first message is the answer in a few lines, and each detail is its
own short message behind a button ("How do I apply?", "What will I repay?", "Help with costs
(bursary)", "Why not free?"). Every detail the engine gives is one tap away. Short sentences,
plain words (reading age about 9), and every message fits a phone screen.
"""

from __future__ import annotations

from collections.abc import Callable

from funding.engine import ENROLMENT_CAVEAT, ROUTE_LOAN, FundingDecision

# Longest message we send; a phone shows about this much without scrolling far.
MAX_CHARS = 700

_HEADLINES = {
    "free": "Good news: this course looks free for you.",
    "loan": "This course is not free for you, but you can get a loan to pay for it.",
    "maybe": "This course may be free, or you may get help to pay. The provider can tell you.",
    "not_eligible": "Sorry, this course does not look free for you, and a loan does not fit.",
    "need_more_info": "I need a bit more information first.",
}
# Where the course may still be free locally (the pay limit stopped a national free route).
_LOCAL_HEADLINES = {
    "loan": "This course may be free where you live. If not, you can get a loan to pay for it.",
    "maybe": "This course may be free where you live. If not, you may get a loan.",
    "not_eligible": "This course may still be free where you live. Ask the provider. "
    "A loan does not fit this course.",
}

_LOAN_MAYBE = "You may be able to get a loan to pay for this course."

# topic -> button label. The flow turns these into buttons (see flows/funding_check.py).
TOPICS: dict[str, str] = {
    "apply": "How do I apply?",
    "repay": "What will I repay?",
    "costs": "Help with costs (bursary)",
    "why": "Why not free?",
    "limits": "Loan rules",
}


def headline(decision: FundingDecision) -> str:
    if decision.local_free_maybe and decision.outcome in _LOCAL_HEADLINES:
        if decision.outcome == "maybe" and decision.route != ROUTE_LOAN:
            return _HEADLINES["maybe"]
        return _LOCAL_HEADLINES[decision.outcome]
    if decision.outcome == "maybe" and decision.route == ROUTE_LOAN:
        return _LOAN_MAYBE
    return _HEADLINES[decision.outcome]


def _tail(decision: FundingDecision) -> str:
    return f"{ENROLMENT_CAVEAT} (Rules for {decision.rules_year}.)"


def _caveats(decision: FundingDecision) -> list[str]:
    return [c for c in decision.caveats if c != ENROLMENT_CAVEAT]


def _key_reason(decision: FundingDecision) -> list[str]:
    """The one or two lines that carry the answer."""
    if decision.route == ROUTE_LOAN:
        pay_now = [r for r in decision.reasons if r.startswith("At your pay now")]
        first = [r for r in decision.reasons if "Advanced Learner Loan" in r][:1]
        asks = [s for s in decision.next_steps if s.startswith("Ask the provider:")]
        return first + asks + pay_now  # unknown course facts: the exact question to ask
    if decision.outcome == "free":
        return decision.reasons  # short: who it is for, and that it fits them
    if decision.outcome == "maybe":
        return [r for r in decision.reasons if "depends" in r or "may" in r][:1] + (
            decision.next_steps[:1]
        )
    if decision.outcome == "not_eligible":
        return decision.not_free_reasons[:1] or decision.reasons[:1]
    return []


def render_decision(decision: FundingDecision) -> str:
    """The headline message: the answer, why in a line, the note that matters most."""
    lines = [headline(decision), *_key_reason(decision)]
    caveats = _caveats(decision)
    if caveats:
        lines.append(caveats[0])  # the local-rules, LLE or Access to HE note comes first
    if detail_topics(decision):
        lines.append("Tap a button below to find out more.")
    lines.append(_tail(decision))
    return "\n".join(dict.fromkeys(lines))


def detail_topics(decision: FundingDecision) -> list[str]:
    """The detail buttons this decision has, in the order to show them."""
    if decision.outcome == "need_more_info":
        return []
    topics = ["apply"]
    if decision.route == ROUTE_LOAN:
        topics += ["repay", "limits"]
    topics.append("costs")
    if decision.outcome != "free":
        topics.append("why")
    return topics


def _bullets(title: str, items: list[str]) -> str:
    return "\n".join([title, *(f"• {item}" for item in dict.fromkeys(items) if item)])


def render_detail(decision: FundingDecision, topic: str) -> str:
    """One detail as its own short message (KeyError for a topic that is not in TOPICS)."""
    text = _DETAILS[topic](decision)
    if topic == "apply":
        # the notes not shown elsewhere: the first caveat is in the headline, and the repay and
        # loan-rules buttons carry their own
        others = [
            c
            for c in _caveats(decision)[1:]
            if c not in decision.repay_lines and c not in decision.loan_limits
        ]
        if others:
            text += "\n\n" + _bullets("Good to know:", others)
    return text


def _apply_detail(decision: FundingDecision) -> str:
    return _bullets("How to apply:", decision.apply_steps or decision.next_steps)


def _repay_detail(decision: FundingDecision) -> str:
    if decision.route != ROUTE_LOAN:
        return "There is no loan to pay back for this course."
    text = _bullets("Paying the loan back:", decision.repay_lines)
    access = [c for c in decision.caveats if "Access to HE" in c]
    return text + "\n\n" + access[0] if access else text


def _limits_detail(decision: FundingDecision) -> str:
    return _bullets("Loan rules:", decision.loan_limits or ["There is no loan here."])


def _costs_detail(decision: FundingDecision) -> str:
    if decision.bursary:
        return (
            _bullets("The provider may have a bursary. It can help with:", decision.bursary)
            + "\nAsk the provider about it once your loan is approved."
        )
    return (
        "Help with costs:\n"
        "• Ask the provider about Learner Support.\n"
        "• It can help if money is tight.\n"
        "• It can help with childcare if you are 20 or over.\n"
        "• You can get it on free courses too."
    )


def _why_detail(decision: FundingDecision) -> str:
    if decision.outcome == "free":
        return _bullets("Why it is free:", decision.reasons)
    text = _bullets("Why it is not free:", decision.not_free_reasons or decision.reasons)
    local = [c for c in _caveats(decision) if "locally" in c]
    return text + "\n\n" + local[0] if local else text


# topic -> the message behind its button (the same keys as TOPICS)
_DETAILS: dict[str, Callable[[FundingDecision], str]] = {
    "apply": _apply_detail,
    "repay": _repay_detail,
    "limits": _limits_detail,
    "costs": _costs_detail,
    "why": _why_detail,
}
