"""One short message per barrier the worker chose: what they may get and how to get it, with
the date the facts were checked. Reading age about 9; each message under 600 characters."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from support.data import BARRIER_KEYS, CarersAllowance, Item, SupportFacts, current

MAX_CHARS = 600
TITLES = {
    "childcare": "Help with childcare",
    "caring": "Help if you care for someone",
    "health": "Help with health or disability at work",
    "english": "Help with English",
    "transport": "Help with getting there",
    "confidence": "Help with confidence and stress",
    "digital": "Help with computers",
}
OLD_DAYS = 366  # older facts say their date in the line itself
NOT_GOV = "* Not from GOV.UK: check it there."


def _day(d: object) -> str:
    return f"{d:%-d %b %Y}"


def items_for(
    barrier: str,
    facts: SupportFacts | None = None,
    *,
    on_uc: bool | None = None,
    age: int | None = None,
) -> tuple[Item, ...]:
    """The help items message_for shows for a barrier: what the bot records as offered."""
    facts = facts or current()
    return tuple(i for i in facts.for_barrier(barrier) if i.fits(on_uc, age))


def message_for(
    barrier: str,
    facts: SupportFacts | None = None,
    *,
    on_uc: bool | None = None,
    age: int | None = None,
) -> str | None:
    facts = facts or current()
    items = items_for(barrier, facts, on_uc=on_uc, age=age)
    if not items:
        return None
    lines = [f"{TITLES.get(barrier, 'Help')}:"]
    for item in items:
        star = "*" if item.third_party else ""
        old = ""
        if (facts.checked - item.date).days > OLD_DAYS and str(item.date.year) not in item.text:
            old = f" ({item.date:%b %Y} info)"
        lines.append(f"• {item.text}{old}{star} {item.how}".rstrip())
    lines.append(f"(Checked {_day(facts.checked)}.)")
    if any(i.third_party for i in items):
        lines.append(NOT_GOV)
    return "\n".join(lines)


def messages_for(
    barriers: Iterable[str],
    facts: SupportFacts | None = None,
    *,
    on_uc: bool | None = None,
    age: int | None = None,
) -> list[str]:
    """One message for each barrier, in the order of goals.BARRIERS; unknown keys are skipped.

    on_uc / age: when known, help that cannot apply is left out (Tax-Free Childcare on UC, Care
    to Learn at 20+); when unknown, everything for the barrier is shown.
    """
    chosen = set(barriers)
    out = []
    for key in BARRIER_KEYS:
        if key in chosen:
            text = message_for(key, facts, on_uc=on_uc, age=age)
            if text:
                out.append(text)
    return out


def carers_earnings(gross_pence: int, tax_pence: int, ni_pence: int, pension_pence: int) -> int:
    """Earnings as Carer's Allowance counts them: after tax, NI and half of pension payments."""
    half = int((Decimal(pension_pence) / 2).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return gross_pence - tax_pence - ni_pence - half


def _money(pence: int) -> str:
    pounds, rest = divmod(abs(pence), 100)
    return f"£{pounds:,}" if rest == 0 else f"£{pounds:,}.{rest:02d}"


CLOSE_PENCE = 1000  # warn when a change leaves less than £10 a week under the limit


def carers_allowance_warning(
    weekly_earnings_before: int,
    weekly_earnings_after: int,
    rules: CarersAllowance | SupportFacts | None = None,
) -> str | None:
    """A warning before a rise or more hours takes Carer's Allowance away, or None.

    Earnings are pence a week as Carer's Allowance counts them (see carers_earnings). Over the
    limit by even £1 loses the whole week's Carer's Allowance, so we warn when the change goes
    over, and when it leaves them less than £10 a week under.
    """
    if rules is None:
        rules = current()
    ca = rules.carers_allowance if isinstance(rules, SupportFacts) else rules
    limit, rate = ca.earnings_limit_weekly_pence, ca.weekly_rate_pence
    tail = (
        f"(Carer's Allowance figures from a website that is not the government's, checked "
        f"{_day(ca.date)}. Check on GOV.UK.)"
        if ca.third_party
        else ""
    )
    if weekly_earnings_after > limit:
        if weekly_earnings_before > limit:
            text = (
                f"If you get Carer's Allowance: your earnings would be about "
                f"{_money(weekly_earnings_after)} a week. It stops when you earn over "
                f"{_money(limit)} a week."
            )
        else:
            over = weekly_earnings_after - limit
            text = (
                f"If you get Carer's Allowance, careful: this would take your earnings to about "
                f"{_money(weekly_earnings_after)} a week. That is {_money(over)} over the "
                f"{_money(limit)} limit, so you would lose all your Carer's Allowance "
                f"({_money(rate)} a week). Talk to Citizens Advice or the Carer's Allowance "
                "Unit before you say yes."
            )
        return f"{text} {tail}".strip()
    rising = weekly_earnings_after > weekly_earnings_before
    if rising and limit - weekly_earnings_after < CLOSE_PENCE:
        text = (
            f"If you get Carer's Allowance, careful: your earnings would be "
            f"{_money(limit - weekly_earnings_after)} a week "
            f"under the {_money(limit)} limit for it. One extra shift could "
            "take you over, and then you lose that whole week's money."
        )
        return f"{text} {tail}".strip()
    return None


def crisis_message(facts: SupportFacts | None = None) -> str:
    """The reply when someone says they may harm themselves: crisis lines first, always."""
    crisis = (facts or current()).crisis
    return f"{crisis.text}\n(Checked {_day(crisis.date)}.)"
