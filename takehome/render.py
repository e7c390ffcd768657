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
    """Take-home now and after, what happens to Universal Credit, what they keep of the extra,
    then what we assumed and where to get a full check: one line each, in that order."""
    return "\n".join(
        [
            f"Your take-home pay ({c.tax_year} tax year):",
            f"• Now ({job_words(c.before)}): {money(c.weekly_before.net_pay)} a week, "
            f"{money(c.monthly_before.net_pay)} a month.",
            f"• After ({job_words(c.after)}): {money(c.weekly_after.net_pay)} a week, "
            f"{money(c.monthly_after.net_pay)} a month.",
            *_loan_lines(c),
            *_universal_credit_lines(c),
            *_kept_lines(c),
            *_childcare_lines(c),
            _assumed_line(c),
            *_third_party_lines(c),
            ADVICE,
        ]
    )


def _loan_lines(c: Comparison) -> list[str]:
    loan = c.weekly_after.loan
    return [f"This takes off {money(loan)} a week for your Plan 5 loan."] if loan else []


def _universal_credit_lines(c: Comparison) -> list[str]:
    """The UC payment before and after when we know their maximum; else how much it changes."""
    before, after = c.monthly_before, c.monthly_after
    if not c.household.on_uc:
        return []
    if before.uc_max_known:
        return [
            f"Universal Credit would go from {money(before.uc_payment)} to "
            f"{money(after.uc_payment)} a month."
        ]
    drop = before.uc_payment - after.uc_payment
    if drop > 0:
        return [f"Universal Credit would go down by about {money(drop)} a month."]
    if drop < 0:
        return [f"Universal Credit would go up by about {money(-drop)} a month."]
    return ["Your Universal Credit would stay the same."]


def _kept_lines(c: Comparison) -> list[str]:
    """What they keep of the extra pay (or lose, or have to live on after a cut), and on UC
    what each extra hour is worth to them."""
    gross, kept = c.extra_gross_weekly, c.extra_kept_weekly
    uc_note = ", after the Universal Credit you lose" if c.household.on_uc else ""
    lines: list[str] = []
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
    return lines


def _childcare_lines(c: Comparison) -> list[str]:
    if not c.household.children or not (
        c.before.childcare_monthly_pence or c.after.childcare_monthly_pence
    ):
        return []
    if c.household.on_uc:
        return ["Universal Credit pays back 85% of childcare, up to a cap."]
    return ["Childcare costs are taken off. Tax-Free Childcare may help."]


def _assumed_line(c: Comparison) -> str:
    no_pension = c.household.pension is False or c.household.under_22
    guesses = [
        "the usual tax code",
        "no workplace pension" if no_pension else "the usual workplace pension",
    ]
    if c.household.on_uc and not c.monthly_before.uc_max_known:
        guesses.append("your Universal Credit stays above £0")
    return f"I assumed {', '.join(guesses)}, and nothing else changes."


def _third_party_lines(c: Comparison) -> list[str]:
    """Figures not on GOV.UK yet are a guide: say so, with the day they were last checked."""
    if not c.third_party:
        return []
    newest = max(f.date for f in c.third_party)
    return [
        f"Some figures are not from GOV.UK yet (checked {_date(newest)}), so treat them as a guide."
    ]
