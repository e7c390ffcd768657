"""Turn a decision into one short chat message (plain English, under ~900 characters)."""

from __future__ import annotations

from funding.engine import ENROLMENT_CAVEAT, FundingDecision

MAX_CHARS = 900

_HEADLINES = {
    "free": "Good news: this course looks free for you.",
    "loan": "This course is not free for you, but you can get a loan to pay for it.",
    "maybe": "This course may be free, or you may get help to pay. The provider can tell you.",
    "not_eligible": "Sorry, this course does not look free for you, and a loan does not fit.",
    "need_more_info": "I need a bit more information first.",
}

_LOAN_MAYBE = "You may be able to get a loan to pay for this course."


def _headline(decision: FundingDecision) -> str:
    if decision.outcome == "maybe" and decision.route == "advanced_learner_loan":
        return _LOAN_MAYBE
    return _HEADLINES[decision.outcome]


def render_decision(decision: FundingDecision, max_chars: int = MAX_CHARS) -> str:
    """Headline, reasons, bursary, next steps and caveats, then the enrolment check.

    Each line has a priority. To stay under max_chars the least important lines go first
    (later caveats and steps, then the bursary, then later reasons). The headline, the first
    reason, the first caveat after the enrolment one (the most important: the LLE note or the
    local-rules note), the enrolment check and the rules year always stay.
    """
    caveats = [c for c in decision.caveats if c != ENROLMENT_CAVEAT]
    lines: list[tuple[int, str]] = []  # (priority: lower is more important, text)
    for i, reason in enumerate(decision.reasons):
        lines.append((0 if i == 0 else 2 + i, reason))
    if decision.bursary:
        lines.append((40, "A provider bursary may help with " + ", ".join(decision.bursary) + "."))
    for i, step in enumerate(decision.next_steps):
        lines.append((3 if i == 0 else 50 + i, step))
    for i, caveat in enumerate(caveats):
        lines.append((1 if i == 0 else 60 + i, caveat))
    head = _headline(decision)
    tail = f"{ENROLMENT_CAVEAT} (Rules for {decision.rules_year}.)"

    def build(kept: list[tuple[int, str]]) -> str:
        return "\n".join([head, *(text for _, text in kept), tail])

    kept = list(lines)
    while len(build(kept)) > max_chars:
        droppable = [item for item in kept if item[0] > 1]
        if not droppable:
            break
        kept.remove(max(droppable, key=lambda item: item[0]))
    text = build(kept)
    if len(text) > max_chars:  # only if the fixed parts alone are too long
        text = text[: max_chars - 1] + "…"
    return text
