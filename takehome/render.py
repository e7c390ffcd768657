"""The comparison in plain words (reading age about 9): short sentences, round pounds for the
headline, pennies in the detail, the tax year and the date of third-party figures."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from takehome.calc import Comparison, Job

ADVICE = (
    "I don't count other benefits, council tax help or rent changes. For a full check, "
    "try entitledto or Turn2us. Both are free."
)


def money(pence: int) -> str:
    pounds, rest = divmod(abs(pence), 100)
    sign = "-" if pence < 0 else ""
    return f"{sign}£{pounds:,}" if rest == 0 else f"{sign}£{pounds:,}.{rest:02d}"


def pounds(pence: int) -> str:
    """Whole pounds, rounded: £34."""
    whole = int((Decimal(abs(pence)) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"£{whole:,}"


def job_words(job: Job) -> str:
    return f"{money(job.hourly_pence)} an hour, {job.hours.normalize():f} hours a week"


def _date(d: object) -> str:
    return f"{d:%-d %b %Y}"


def render_comparison(c: Comparison) -> str:
    wb, wa, mb, ma = c.weekly_before, c.weekly_after, c.monthly_before, c.monthly_after
    lines = [f"Your take-home pay ({c.tax_year} tax year):"]
    lines.append(
        f"• Now ({job_words(c.before)}): {money(wb.net_pay)} a week, {money(mb.net_pay)} a month."
    )
    lines.append(
        f"• After ({job_words(c.after)}): {money(wa.net_pay)} a week, {money(ma.net_pay)} a month."
    )
    if wa.loan:
        lines.append(f"This takes off {money(wa.loan)} a week for your Plan 5 loan.")
    if c.household.on_uc:
        if mb.uc_max_known:
            lines.append(
                f"Universal Credit would go from {money(mb.uc_payment)} to "
                f"{money(ma.uc_payment)} a month."
            )
        else:
            drop = mb.uc_payment - ma.uc_payment
            if drop > 0:
                lines.append(f"Universal Credit would go down by about {money(drop)} a month.")
            elif drop < 0:
                lines.append(f"Universal Credit would go up by about {money(-drop)} a month.")
            else:
                lines.append("Your Universal Credit would stay the same.")
    gross, kept = c.extra_gross_weekly, c.extra_kept_weekly
    uc_note = ", after the Universal Credit you lose" if c.household.on_uc else ""
    if gross > 0 and kept > 0:
        lines.append(
            f"So you'd keep about {pounds(kept)} of the extra {pounds(gross)} a week"
            f"{uc_note}. That's {pounds(c.extra_kept_monthly)} a month."
        )
    elif gross > 0:
        lines.append(f"So you'd be about {pounds(-kept)} a week worse off{uc_note}.")
    elif gross < 0:
        lines.append(
            f"That's {pounds(-gross)} a week less pay; you'd have about "
            f"{pounds(abs(kept))} a week {'less' if kept < 0 else 'more'} to live on."
        )
    per_hour = c.kept_per_extra_hour
    if per_hour is not None and kept > 0 and c.household.on_uc:
        lines.append(f"That's about {money(per_hour)} for each extra hour.")
    if c.household.children and (
        c.before.childcare_monthly_pence or c.after.childcare_monthly_pence
    ):
        lines.append(
            "Universal Credit pays back 85% of childcare, up to a cap."
            if c.household.on_uc
            else "Childcare costs are taken off. Tax-Free Childcare may help."
        )
    guesses = [
        "the usual tax code",
        "no workplace pension"
        if c.household.pension is False or c.household.under_22
        else "the usual workplace pension",
    ]
    if c.household.on_uc and not mb.uc_max_known:
        guesses.append("your Universal Credit stays above £0")
    lines.append(f"I assumed {', '.join(guesses)}, and nothing else changes.")
    if c.third_party:
        newest = max(f.date for f in c.third_party)
        lines.append(
            f"Some figures are not from GOV.UK yet (checked {_date(newest)}), so treat them "
            "as a guide."
        )
    lines.append(ADVICE)
    return "\n".join(lines)
