"""Sanity checks on numbers a worker gives, read back with tap-to-fix buttons.

A typo ("£44 an hour" for 11.44, "5 hours" for 37,5) must not become the worker's plan. So a
pay below the legal minimum for their age band or above £60 an hour, and hours below 4 or
above 70, are read back for a yes/no.

A pay confirmed below the legal minimum (or, for a home carer, an average below it once unpaid
travel between visits is counted as working time) gets a kind note with the dated minimum,
where to get free help (Acas; the HMRC complaint route, from
../shared/docs/support-and-take-home.md [25], [27]) and an offer to tell their coach: the flag
is raised only if the worker says yes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flows.core import Button, Event, RaiseFlag, Reply, money, yes_no
from nlu.normalise import MINIMUM_WAGE_RATES, minimum_wage_for_age

MAX_BELIEVABLE_HOURLY = 6000  # £60 an hour: above this a typo is likelier than the pay
MIN_BELIEVABLE_HOURS = Decimal(4)
MAX_BELIEVABLE_HOURS = Decimal(70)
AGE_BANDS = {"under_18": ("Under 18", 17), "18_20": ("18 to 20", 19), "21_plus": ("21 or over", 21)}
ACAS = (
    "Free, private help: Acas on 0300 123 1100. You can also complain to HMRC online: "
    "gov.uk/national-minimum-wage/worker-disputes-over-minimum-wage. They keep your name "
    "private."
)
MAX_TRAVEL_HOURS = Decimal(40)
# what counts as working time for a home carer (gov.uk/minimum-wage-different-types-work;
# HMRC National Minimum Wage Manual NMWM08490)
TRAVEL_RULE = (
    "Travel between visits is working time, so it must be paid. Travel from home to your "
    "first visit, and from your last visit home, does not count."
)  # unpaid travel between visits in a week: more is a typo


def legal_minimum(age_band: str | None, today: date) -> int | None:
    """The minimum wage in pence an hour for the band; the 21+ rate when we don't know."""
    age = AGE_BANDS[age_band][1] if age_band in AGE_BANDS else None
    return minimum_wage_for_age(age, today)


def legal_minimum_since(today: date) -> date | None:
    """The day the rates legal_minimum gives came in (1 Apr 2026), to show with the figure."""
    since = None
    for row in MINIMUM_WAGE_RATES:
        if today >= row.start:
            since = row.start
    return since


def minimum_wage_applies(contract: str | None) -> bool:
    """The self-employed set their own rates: the minimum wage is not theirs to claim
    (gov.uk/national-minimum-wage/who-gets-the-minimum-wage), so no "under the minimum" note."""
    return contract != "self_employed"


def pay_doubt(
    hourly: int, age_band: str | None, today: date, contract: str | None = None
) -> str | None:
    """Why an hourly pay should be read back, or None when it looks right."""
    if hourly > MAX_BELIEVABLE_HOURLY:
        return "high"
    if not minimum_wage_applies(contract):
        return None
    floor = legal_minimum(age_band, today)
    if floor and hourly < floor:
        return "low"
    return None


def hours_doubt(hours: Decimal | float) -> bool:
    return not (MIN_BELIEVABLE_HOURS <= Decimal(str(hours)) <= MAX_BELIEVABLE_HOURS)


def confirm_pay(
    hourly: int,
    prefix: str,
    age_band: str | None = None,
    today: date | None = None,
    given: str | None = None,
    ask_age: bool = False,
) -> Reply:
    """ "Did you mean £11.44 an hour?" — or, for a weekly or yearly figure, that figure with
    the hourly rate it comes to, so the worker recognises what they typed. `ask_age`: the
    step reads an age said back ("im 19"), so a worker of unknown age is invited to say it."""
    why = ""
    floor = legal_minimum(age_band, today) if today else None
    if hourly > MAX_BELIEVABLE_HOURLY:
        why = "\nThat's a lot more than most jobs pay, so I'm checking."
    elif floor and hourly < floor:
        who = AGE_BANDS[age_band][0].lower() if age_band in AGE_BANDS else "21 or over"
        why = (
            f"\nThat's less than the minimum wage for people aged {who} "
            f"({money(floor)}), so I'm checking."
        )
        if ask_age and age_band not in AGE_BANDS:  # a 19-year-old had been judged at 21+
            why += " If you're under 21, just tell me your age."
    what = (
        f"{given}? That's about {money(hourly)} an hour." if given else f"{money(hourly)} an hour?"
    )
    return Reply(
        f"Did you mean {what}{why}",
        [
            [
                Button("Yes, that's right", f"{prefix}:yes"),
                Button("No, let me fix it", f"{prefix}:no"),
            ]
        ],
    )


def confirm_hours(hours: float, prefix: str) -> Reply:
    return Reply(
        f"Did you mean {hours:g} hours a week?",
        [
            [
                Button("Yes, that's right", f"{prefix}:yes"),
                Button("No, let me fix it", f"{prefix}:no"),
            ]
        ],
    )


@dataclass(frozen=True)
class Underpaid:
    """Pay below the legal minimum, with the figures the note and the coach's flag show.

    hourly: the pay an hour for the paid hours; average: over all working time (lower than
    hourly only when unpaid travel between care visits is counted).
    """

    hourly: int
    average: int
    floor: int
    band: str | None
    since: date | None
    paid_hours: float | None = None
    travel_hours: float | None = None

    def as_data(self) -> dict[str, Any]:
        """For the flow state (stored as JSON) while the worker answers the offer."""
        return {
            "hourly": self.hourly,
            "average": self.average,
            "floor": self.floor,
            "band": self.band,
            "since": self.since.isoformat() if self.since else None,
            "paid_hours": self.paid_hours,
            "travel_hours": self.travel_hours,
        }

    @staticmethod
    def from_data(raw: object) -> Underpaid | None:
        if not isinstance(raw, dict):
            return None
        try:
            since = raw.get("since")
            return Underpaid(
                hourly=int(raw["hourly"]),
                average=int(raw["average"]),
                floor=int(raw["floor"]),
                band=raw.get("band") if raw.get("band") in AGE_BANDS else None,
                since=date.fromisoformat(since) if isinstance(since, str) else None,
                paid_hours=_float(raw.get("paid_hours")),
                travel_hours=_float(raw.get("travel_hours")),
            )
        except (KeyError, TypeError, ValueError):
            return None

    @property
    def who(self) -> str:
        return AGE_BANDS[self.band][0].lower() if self.band in AGE_BANDS else "21 or over"

    def minimum_text(self) -> str:
        since = f" (since {self.since.day} {self.since:%b %Y})" if self.since else ""
        floor = money(self.floor)
        return f"The legal minimum for people aged {self.who} is {floor} an hour{since}."


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def average_with_travel(hourly: int, paid_hours: float, travel_hours: float) -> int:
    """Pay an hour over all working time: the week's pay / (paid hours + unpaid travel)."""
    paid = Decimal(str(paid_hours))
    total = paid + Decimal(str(travel_hours))
    if total <= 0:
        return hourly
    return int((Decimal(hourly) * paid / total).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def underpaid(
    hourly: int,
    age_band: str | None,
    today: date,
    *,
    paid_hours: float | None = None,
    travel_hours: float | None = None,
    contract: str | None = None,
) -> Underpaid | None:
    """The figures when pay (over all working time) is under the legal minimum, else None."""
    if not minimum_wage_applies(contract):
        return None
    floor = legal_minimum(age_band, today)
    if not floor or hourly <= 0:
        return None
    average = hourly
    if travel_hours and paid_hours:
        average = average_with_travel(hourly, paid_hours, travel_hours)
    if average >= floor:
        return None
    return Underpaid(
        hourly,
        average,
        floor,
        age_band if age_band in AGE_BANDS else None,
        legal_minimum_since(today),
        paid_hours,
        travel_hours if travel_hours else None,
    )


def underpaid_reply(u: Underpaid, prefix: str = "uw") -> Reply:
    """The kind note: the dated minimum, that it is not their fault, where to get free help,
    and the offer to tell their coach (buttons `<prefix>:yes|no`)."""
    if u.travel_hours and u.paid_hours:
        said = (
            f"Travel between visits is working time. Counting your "
            f"{u.travel_hours:g} hours of unpaid travel, you get about {money(u.average)} an "
            "hour for all your working time."
        )
    else:
        said = f"You get {money(u.hourly)} an hour."
    text = (
        f"{said}\n{u.minimum_text()} So you may be paid less than the law says. "
        "It's not your fault.\n" + ACAS
    )
    if u.band is None:
        text += "\nIf you're under 21 or an apprentice, the minimum is lower."
    text += (
        "\n\nShall I tell your coach? They can help you sort it out. "
        "I'll only tell them if you say yes."
    )
    return Reply(
        text,
        [[Button("Yes, tell my coach", f"{prefix}:yes"), Button("No thanks", f"{prefix}:no")]],
    )


def underpaid_choice(event: Event, prefix: str = "uw") -> bool | None:
    """Yes (tell the coach), no, or None when the answer is neither."""
    return yes_no(event, prefix)


def underpaid_flag(u: Underpaid | None) -> RaiseFlag:
    """The coach's flag, raised only after the worker said yes."""
    if u is None:
        return RaiseFlag("underpaid", "Said yes to telling you they may be paid under the minimum.")
    rule = f"under the legal minimum {money(u.floor)} ({u.who}"
    rule += f", since {u.since.day} {u.since:%b %Y})" if u.since else ")"
    if u.travel_hours and u.paid_hours:
        detail = (
            f"Home carer: {money(u.hourly)} an hour for {u.paid_hours:g} paid hours plus "
            f"{u.travel_hours:g} hours of unpaid travel between visits is about "
            f"{money(u.average)} an hour for all working time, {rule}."
        )
    else:
        detail = f"Pay {money(u.hourly)} an hour, {rule}."
    return RaiseFlag("underpaid", detail + " They asked for their coach to be told.")


def underpaid_answered(told: bool) -> Reply:
    if told:
        return Reply("OK, I've told your coach. They'll get in touch soon.")
    return Reply('OK, I won\'t tell anyone. If you change your mind, just say "talk to a coach".')


def age_question(prefix: str) -> Reply:
    return Reply(
        "The minimum wage depends on your age. How old are you?",
        [[Button(label, f"{prefix}:{key}") for key, (label, _) in AGE_BANDS.items()]],
    )
