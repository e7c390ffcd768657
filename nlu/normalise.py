"""Turn what workers type into numbers the rules can use: pay, hours, days and times.

Pure functions, no I/O. Rasa finds *where* a value is; these decide *what* it means, so the
same code serves Rasa's entity text, the whole message (when Rasa is down) and button data.

Why not a library: price-parser (PyPI) finds an amount, but not the period ("an hour", "pw"),
"23k", which of several numbers is the pay ("30 hours at 11.44"), or hours and shift words, so
it would only replace one float() call. The parsers below are small and table-tested instead.

Documented assumptions (also in the tests):
- "minimum wage" / "national living wage" means the 21+ National Living Wage in force on
  `today` (funding-rules.md: £12.21 from 1 Apr 2025, £12.71 from 1 Apr 2026); "real living
  wage" £13.45 and "london living wage" £14.80 (Living Wage Foundation, Oct 2025).
- "full time" is 37.5 hours a week (the docs' annual-equivalent week). "Part time" and
  "zero hours" give None: they say nothing about the number.
- An hours range ("20-30 hours") gives its midpoint; a bare range with both ends 12 or
  under ("7-10") is a clock time, not hours.
- Weekly hours may be said as hours per shift x shifts per week ("6 hours a day mon to fri",
  "12hr shifts x3", "three 12s"): see the notes above `_shift_product`. A stated weekly total
  wins; a shift length with no count ("12 hour shifts", "6 hours a day") is not weekly hours.
- The hours worked beat the contract's: "contracted 16 but i do 30 most weeks" is 30 (only
  when what follows says it is done, not wanted). "The 24 hour tesco" is a shop, not hours.
  A lone number with pence that are not a quarter hour ("12.80") is pay, not hours.
- Pay by the visit ("9 quid a visit") is hourly only with the visit's length, said anywhere
  ("calls are 30 mins"); without it, no pay is read (`parse_visit_pay` gives both parts).
- Hours changed to a number ("they cut my hours to 36") are the hours now, never the pay.
- Shift words said as not worked ("no nights", "don't do lates") give nothing.
- Shift words: earlies 06:00-14:00, lates 14:00-22:00, nights 22:00-06:00, twilights
  17:00-22:00, day shift 09:00-17:00, mornings 06:00-12:00, afternoons 12:00-18:00,
  evenings 18:00-22:00. A range whose end is before its start crosses midnight.
- A clock range without am/pm ("9-5", "7 till 3") is read as the likeliest working day:
  the start is a morning hour (7-11 am) unless that makes the end come first, then pm.
  A word right after (or else right before) a range decides it: "6-8 morning" is 06:00-08:00.
- Pay periods: hour, day, week, fortnight, four weeks ("every 4 weeks", "4 weekly"), month,
  year. A day's pay becomes hourly only with weekly hours (hours a day = weekly / 5).
- "minimum wage"/"nmw"/"nlw" gives the 21+ rate on `today` with `minimum_wage=True`; the
  age bands are in MINIMUM_WAGE_RATES, the one table of statutory rates.
- Voice-to-text: "11 44 an hour" is £11.44 (two digits after a space, before "an hour");
  numbers in words count as pay only with a £/pounds or a period ("twelve fifty an hour"),
  or a thousand ("salary is twenty five thousand"); "three hundred and twenty" is 320.
- A rise said as a change ("up 40p", "5% rise") is never the pay: `parse_money` skips it and
  `parse_rise` reads it. "A rise to £12.50" is a new pay.
- No parser raises, whatever the text (tests/nlu/test_normalise_properties.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum
from typing import Literal

Period = Literal["hour", "day", "week", "fortnight", "four_weeks", "month", "year"]


@dataclass(frozen=True)
class Money:
    """An amount of money in integer pence, and the period it is paid over, if the worker said.

    `minimum_wage` is True when the worker named the minimum wage rather than an amount: the
    pence are then the 21+ rate on the day, and a flow that knows their age can swap in
    `minimum_wage_for_age` instead of trusting the 21+ figure.
    """

    pence: int
    period: Period | None
    minimum_wage: bool = False


# --- pay benchmarks from /work/shared/docs/funding-rules.md (per hour, pence) -------------------


@dataclass(frozen=True)
class MinimumWageRates:
    """Statutory hourly minimums (pence) from `start`; None where our sources are silent."""

    start: date
    age_21_plus: int
    age_18_to_20: int | None
    under_18_or_apprentice: int | None


# The one table of statutory minimum wage rates. Sources:
# - 1 Apr 2025, 21+ £12.21: /work/shared/docs/funding-rules.md ("Pay benchmarks"); the 18-20
#   and under-18 rates for 2025-26 are in neither docs file, so they are None, not guessed.
# - 1 Apr 2026: /work/shared/docs/support-and-take-home.md section 3 (source [26],
#   howespercival.com "New national minimum wage rates announced"): 21+ £12.71, 18-20 £10.85,
#   16-17 £8.00, apprentice (under 19, or in the first year) £8.00.
MINIMUM_WAGE_RATES: tuple[MinimumWageRates, ...] = (
    MinimumWageRates(date(2025, 4, 1), 1221, None, None),
    MinimumWageRates(date(2026, 4, 1), 1271, 1085, 800),
)
# Kept for callers that read the 21+ series directly; derived from the table above.
NATIONAL_LIVING_WAGE: tuple[tuple[date, int], ...] = tuple(
    (r.start, r.age_21_plus) for r in MINIMUM_WAGE_RATES
)
REAL_LIVING_WAGE_UK = 1345
REAL_LIVING_WAGE_LONDON = 1480


def _rates_on(today: date) -> MinimumWageRates | None:
    rates = None
    for row in MINIMUM_WAGE_RATES:
        if today >= row.start:
            rates = row
    return rates


def national_living_wage(today: date) -> int | None:
    """The 21+ National Living Wage in pence an hour on `today`, or None before our data."""
    rates = _rates_on(today)
    return rates.age_21_plus if rates else None


def minimum_wage_for_age(age: int | None, today: date, *, apprentice: bool = False) -> int | None:
    """The legal minimum for a worker of `age` on `today`, in pence an hour.

    Why: "I'm on minimum wage" means £8.00 at 17 but £12.71 at 30, so a pay figure saved from
    those words must follow the worker's age. Unknown age gives the 21+ rate (what "minimum
    wage" means to most adults, and what `parse_money` stores). Under 16, before our data, or
    a band our sources don't give for that year: None. `apprentice` means the worker is under
    19 or in the first year of an apprenticeship (the caller knows which).
    """
    rates = _rates_on(today)
    if rates is None:
        return None
    if age is None:
        return rates.age_21_plus
    if age < 16:
        return None
    if apprentice or age < 18:
        return rates.under_18_or_apprentice
    if age < 21:
        return rates.age_18_to_20
    return rates.age_21_plus


# --- money -----------------------------------------------------------------------------------

# No value a worker types has 16 digits in a row; such runs are junk. Dropping them, and
# making every run of white space one space, keeps the regexes below fast on long messages
# (backtracking over a 5,000-digit or 5,000-space run took seconds).
_LONG_DIGITS = re.compile(r"\d{16,}")
_SPACES = re.compile(r"\s+")


# "12.75 hr": pounds and pence then a bare singular "hr" is a rate, not 12.75 hours (hours are
# written "12.5 hrs", "12 hour shifts"). Only 5.00-30.99 (an hourly wage), never before a shift,
# day or week word, so "7.50 hr shift" and "37.50 hr week" stay hours.
_RATE_HR = re.compile(
    r"(?<![\d.,£])((?:[5-9]|[12]\d|30)\.\d{2})\s*(?:hr|h|hour)\b(?!\s*(?:shifts?|days?|nights?|long"
    r"|each|weeks?|wk|pw|contract|a\s+(?:day|shift|night|week|wk)|per\s+(?:day|shift|week)))"
)


def _lower(text: str) -> str:
    """The text every parser reads: lower case, straight apostrophes, single spaces, and
    "12.75 hr" spelled as the rate it is."""
    low = _SPACES.sub(" ", _LONG_DIGITS.sub(" ", text.lower().replace("’", "'")))
    return _RATE_HR.sub(r"\1 an hour", low)


_PERIOD_WORDS: tuple[tuple[str, Period], ...] = (
    # Each is a regex that must come right after the amount (after optional "quid"/"pounds").
    # Longer periods that contain "week" come before "week".
    (r"(?:an?|per|p|/|every)\s*(?:hour|hr|h)\b|ph\b|p/h\b|hourly\b|hr\b|/hr|/h\b", "hour"),
    (r"(?:an?|per|p|/|every)\s*day\b|pd\b|p/d\b|daily\b", "day"),
    (
        r"(?:an?|per|p|/|every)\s*(?:fortnight|(?:2|two)\s*weeks?)\b|fortnightly\b"
        r"|(?:2|two)[\s-]*weekly\b|bi-?weekly\b",
        "fortnight",
    ),
    (
        r"(?:an?|per|p|/|every)\s*(?:4|four)\s*(?:weeks?|wks?)\b|(?:4|four)[\s-]*weekly\b"
        r"|(?:4|four)[\s-]*wkly\b",
        "four_weeks",
    ),
    (r"(?:an?|per|p|/|every)\s*(?:week|wk|w)\b|pw\b|p/w\b|weekly\b|wk\b", "week"),
    (r"(?:an?|per|p|/|every)\s*(?:month|mnth|mth|mo|m)\b|pcm\b|p/m\b|monthly\b", "month"),
    (
        r"(?:an?|per|p|/|every)\s*(?:year|yr|y|annum)\b|pa\b|p\.a\.?|p/a\b|annually\b"
        r"|yearly\b|salary\b",
        "year",
    ),
)
_PERIOD_RE = [(re.compile(r"\s*(?:" + p + ")"), period) for p, period in _PERIOD_WORDS]
_CURRENCY_AFTER = re.compile(r"\s*(?:quid|pounds?|gbp|squid)\b")
_NUMBER = re.compile(
    r"(?P<pound>£\s*)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<comma_dec>,\d{1,2}(?!\d))?"
    r"\s*(?P<mult>k\b|grand\b|thousand\b)?(?P<pence>p(?![\w/.])(?!\s*h\b))?"
)
_HOUR_UNIT_AFTER = re.compile(r"\s*(?:hours?|hrs?|h)(?!\w)(?!\s*(?:an?|per)\s*(?:hour|hr))")
_NOT_MONEY_AFTER = re.compile(
    r"\s*(?:(?:days?|weeks?|months?|years?|yrs?|yo|shifts?|nights?|kids?|children|miles?|mins?"
    r"|minutes?|am|pm|percent|x|st|nd|rd|th|jobs?|employers?|places?|clients?|visits?"
    r"|people)\b|%|:\d)"
)
_LOOK_BACK = 20  # "...$" regexes only look this far back, so long messages stay linear
_LEVEL_BEFORE = re.compile(r"\b(?:level|lvl|nvq|l|entry|year|yr|age|aged|step)\s*$")
# Smallest believable pay for a bare number with a period (no £): below these it is hours/days.
_MIN_BARE_PENCE: dict[Period, int] = {
    "hour": 100, "day": 2_000, "week": 10_000, "fortnight": 20_000, "four_weeks": 40_000,
    "month": 40_000, "year": 300_000,
}  # fmt: skip
# More than £100 million is not anyone's pay (and keeps absurd digit strings out of the flows).
_MAX_PENCE = 100_000_000_00
_MIN_WAGE = re.compile(
    r"\b(?:min(?:imum)?\.?\s*wage|national\s+(?:living|minimum)\s+wage|nlw|nmw)\b"
)
_REAL_LW = re.compile(r"\breal\s+living\s+wage\b")
_LONDON_LW = re.compile(r"\blondon\s+living\s+wage\b")
_PLAIN_LW = re.compile(r"\bliving\s+wage\b")


def _to_pence(num: str, comma_dec: str | None, mult: str | None, pence_suffix: bool) -> int | None:
    try:
        value = Decimal(num.replace(",", ""))
        if comma_dec:  # "11,44": a typed decimal comma
            value += Decimal("0" + comma_dec.replace(",", "."))
    except InvalidOperation:
        return None
    if mult:
        value *= 1000
    if pence_suffix and not mult:
        return int(value.to_integral_value(ROUND_HALF_UP))
    return int((value * 100).to_integral_value(ROUND_HALF_UP))


def _period_after(text: str, pos: int) -> Period | None:
    m = _CURRENCY_AFTER.match(text, pos)
    if m:
        pos = m.end()
    for regex, period in _PERIOD_RE:
        if regex.match(text, pos):
            return period
    return None


# Voice-to-text splits the decimal point: "11 44 an hour" means £11.44 an hour.
_HOURLY_AHEAD = (
    r"(?=\s*(?:quid|pounds?)?\s*(?:(?:an?|per|p|/)\s*(?:hour|hr)\b|ph\b|p/h\b|hourly\b|/h\b))"
)
_SPLIT_DECIMAL = re.compile(r"(?<![\d.,£])(£\s*)?(\d{1,2}) (\d{2})(?![\d.,])" + _HOURLY_AHEAD)
# "11 pound 50", "11 quid 50p": pounds then pence.
_POUNDS_THEN_PENCE = re.compile(
    r"(?<![\d.,£])(\d{1,3})\s*(?:pounds?|quid)\s+(?:and\s+)?(\d{2})(?:\s*(?:p|pence)\b)?(?!\d|[.,]\d)"
    r"(?!\s*(?:hours?|hrs?|h\b|days?|weeks?|%))"
)


# Voice-to-text thousands: "1 950 a month" is £1,950 (only with a pay period after it).
_SPLIT_THOUSANDS = re.compile(
    r"(?<![\d.,£])(£\s*)?([1-9]\d?) (\d{3})(?![\d.,])"
    r"(?=\s*(?:pounds?\s+|quid\s+)?(?:a|per|every|each)\s+(?:month|year|week|fortnight)\b"
    r"|\s*(?:pcm|pa|p/m)\b)"
)
# A decimal comma that can only be one: "0,40" (a rise of 40p), "3,5%" (a percent).
_COMMA_DECIMAL = re.compile(
    r"(?<![\d,.])(?:(0),(\d{1,2})(?![\d,])|(\d{1,2}),(\d)(?=\s*(?:%|percent\b|per\s*cent\b)))"
)


def _money_text(text: str, words: bool) -> str:
    low = _lower(text)
    low = _words_to_digits(low) if words else _big_digit_numbers(low)
    low = _COMMA_DECIMAL.sub(lambda m: ".".join(g for g in m.groups() if g is not None), low)
    low = _SPLIT_THOUSANDS.sub(lambda m: f"{m.group(1) or ''}{m.group(2)}{m.group(3)}", low)
    low = _POUNDS_THEN_PENCE.sub(r"£\1.\2", low)
    return _SPLIT_DECIMAL.sub(lambda m: f"{m.group(1) or ''}{m.group(2)}.{m.group(3)}", low)


_PER_VISIT = re.compile(
    r"(?:£\s*(?P<amount>\d{1,3}(?:\.\d{1,2})?)|(?<![\d.])(?P<amount2>\d{1,3}(?:\.\d{1,2})?)"
    r"\s*(?:quid|pounds?))\s*(?:for|per|a|each)\s+(?:a\s+|an\s+|each\s+)?"
    r"(?P<len>half\s+(?:an\s+)?hour|(?:15|20|30|40|45)\s*(?:mins?|minutes?))"
)


# Pay by the visit with the length said elsewhere or not at all: "about 9 quid a visit",
# "£9 per call, calls are 30 mins". Not an hourly pay until we know how long a visit is.
_PAID_BY_VISIT = re.compile(
    r"(?:£\s*(?P<amount>\d{1,3}(?:\.\d{1,2})?)|(?<![\d.])(?P<amount2>\d{1,3}(?:\.\d{1,2})?)"
    r"\s*(?:quid|pounds?)?)\s*(?:for|per|a|each)\s+(?:a\s+|an\s+|each\s+)?(?:visit|call|client)s?\b"
)
_VISIT_LENGTH = re.compile(
    r"(?<![\d.£])(?P<mins>15|20|30|40|45|60)\s*(?:mins?|minutes?)\b|\bhalf\s+(?:an\s+)?hour\b"
    r"|\b(?:an?|one)\s+hour\s+(?:long|visits?|calls?)\b|\bhour\s+long\b"
)


def visit_minutes(text: str) -> int | None:
    """How long a visit is, if the text says ("30 mins", "half an hour", "an hour long")."""
    m = _VISIT_LENGTH.search(_lower(text))
    if m is None:
        return None
    if m.group("mins"):
        return int(m.group("mins"))
    return 30 if "half" in m.group() else 60


def parse_visit_pay(text: str) -> tuple[int, int | None] | None:
    """Pay by the visit: (pence a visit, minutes a visit or None when not said)."""
    low = _money_text(text, words=False)
    m = _PAID_BY_VISIT.search(low)
    if m is None:
        return None
    pence = round(Decimal(m.group("amount") or m.group("amount2")) * 100)
    if not 100 <= pence <= 20_000:
        return None
    return pence, visit_minutes(low)


def _visit_money(low: str) -> tuple[bool, Money | None]:
    """(paid by the visit?, the pay an hour when the visit's length is known): "£9 for a half
    hour call" is £18 an hour; "9 quid a visit" is no pay yet."""
    per_visit = _PER_VISIT.search(low)
    if per_visit is not None:
        minutes = _visit_minutes(per_visit.group("len"))
        pence = round(Decimal(per_visit.group("amount") or per_visit.group("amount2")) * 100)
        if minutes and pence:
            return True, Money(int(round(Decimal(pence) * 60 / minutes)), "hour")
    by_visit = parse_visit_pay(low)
    if by_visit is None:
        return False, None
    pence, minutes = by_visit
    return True, Money(int(round(Decimal(pence) * 60 / minutes)), "hour") if minutes else None


def _visit_minutes(length: str) -> int | None:
    if length.startswith("half"):
        return 30
    m = re.match(r"\d+", length)
    return int(m.group()) if m else None


def _clock_ranges_out(low: str) -> str:
    """Times with am or pm blanked out: "mon-fri 6-8am and 3.30-6pm" holds no pay (it had
    been read back as "Did you mean £3.30 an hour?")."""
    return _TIME_RANGE.sub(lambda m: " " if re.search(r"[ap]\.?m\b", m.group()) else m.group(), low)


def parse_money(text: str, *, today: date | None = None) -> Money | None:
    """Pay from free text: "£11.44/hr", "11.44 an hour", "23k a year", "1,900 a month".

    Returns None when there is no amount we can be sure is money (for example "30 hours"),
    and for amounts that are a rise ("went up by 40p": see `parse_rise`), so a caller never
    saves the rise as the pay. A bare number ("on 11.44") is accepted when it is the only
    number in the message. Numbers in words ("eleven pound fifty an hour") count only with a
    £/pounds or a period, so "no one" never becomes £1. "Minimum wage" is the 21+ rate only
    when no amount is typed with it.
    """
    low = _clock_ranges_out(_HOURS_CHANGED_TO.sub(" ", _money_text(text, words=False)))
    when = today or date.today()
    fixed = _money_fixed(low)
    if fixed is not None:  # "12.17 no wait 12.71": the amount after the correction
        found = parse_money(fixed[0], today=when)
        if found is not None:
            return found if found.period else Money(found.pence, fixed[1], found.minimum_wage)
    if _LONDON_LW.search(low):
        return Money(REAL_LIVING_WAGE_LONDON, "hour")
    if _REAL_LW.search(low):
        return Money(REAL_LIVING_WAGE_UK, "hour")
    by_visit, visit_pay = _visit_money(low)
    if by_visit:
        return visit_pay
    found = _best_money(low, min_strength=0)
    if (_MIN_WAGE.search(low) or _PLAIN_LW.search(low)) and found is None:
        # "minimum wage" alone; with an amount ("11.44 i think thats minimum wage") the amount
        # they typed wins, and the caller reads it back if it is under the legal rate
        nlw = national_living_wage(when)
        return Money(nlw, "hour", minimum_wage=True) if nlw is not None else None
    if found is None:
        worded = _money_text(text, words=True)
        if worded != _money_text(text, words=False):
            # "twenty five thousand", "two grand": a word number with a multiplier is money
            big = re.search(r"\d\s*(?:k|grand)\b", worded) is not None
            found = _best_money(worded, min_strength=1 if big else 2)
    return found


# "12.40 actually i mean 12.45", "12.17 no wait 12.71", "not 420 a week, its 450"
_MONEY_FIX = (
    re.compile(
        r"\d[^\d]{0,20}?\b(?:no\s+wait|wait\s+no|wait|actually|i\s+mean|i\s+meant|no\s+sorry"
        r"|sorry|soz|oops|correction)\b\W*(?:i\s+mean\W*|it'?s\W*|its\W*)?(?=[£\d])"
    ),
    re.compile(r"^\W*not\b[^,;]*\d[^,;]*[,;]\s*(?:it'?s|its|it\s+is)\b\W*(?=[£\d])"),
)


# "went from 12.21 to 12.71", "rise yes, 12.71 to 13.00": the new rate is the second amount
_FROM_TO = re.compile(
    r"(?:\bfrom\s+)?£?\d{1,3}(?:\.\d{1,2})?\s*(?:to|->|=>)\s*(?=£?\d{1,3}(?:\.\d{1,2})?(?!\d|\s*(?:am|pm|:)))"
)


def _pay_from_to(low: str) -> list[re.Match[str]]:
    """ "went from 12.21 to 12.71": each money-looking "A to" of a pay that changed (a rise
    word or "from" in the message); the amount after it is the new pay."""
    if not _RISE_CONTEXT.search(low):
        return []
    return [m for m in _FROM_TO.finditer(low) if re.search(r"\.\d|£", m.group())]


def _money_fixed(low: str) -> tuple[str, Period | None] | None:
    """(the text after a correction inside one message, the period said before it), or None.
    Why: the last amount said is the one meant; an amount with no period keeps the period the
    first one had ("not 420 a week, its 450" is £450 a week)."""
    if not re.search(r"\d", low):
        return None
    found = [m for regex in _MONEY_FIX for m in regex.finditer(low)] + _pay_from_to(low)
    if not found:
        return None
    m = max(found, key=lambda f: f.end())
    head = _best_money(low[: m.end()], min_strength=0)
    return low[m.end() :], head.period if head is not None else None


def two_rates(text: str) -> tuple[int, int] | None:
    """Two different hourly rates in one message ("12.71 days and 14.20 nights", "£12.50 at the
    care home and £11.90 at the pub"), in pence, in the order said; None otherwise (a
    correction, a rise, or a pay that went from one amount to another says one rate).
    Why: saving either one alone, or an average, would be wrong; the worker is asked."""
    low = _money_text(text, words=False)
    if _money_fixed(low) is not None or _rise_matches(low) or _RISE_CONTEXT.search(low):
        return None
    if re.search(r"\bnot\s+£?\d|\bor\s+£?\d", low):  # "12.50 not 11.44", "12.50 or 12.80"
        return None
    rates: list[int] = []
    for m in _NUMBER.finditer(low):
        found = _money_candidate(low, m) if _could_be_pay(low, m, []) else None
        if found is None or found[0] < 1 or m.group("mult") or m.group("pence"):
            continue  # two decimal places or a £ at least: "3 months" is not a rate
        money = found[1]
        if money.period not in (None, "hour") or not 500 <= money.pence <= 6000:
            continue
        if money.pence not in rates:
            rates.append(money.pence)
    other = _OTHER_JOB_RATE.search(low)
    if len(rates) == 1 and other is not None:  # "12.71 at one and 13 at the other"
        pence = int(other.group(1)) * 100
        if 500 <= pence <= 6000 and pence != rates[0]:
            rates.append(pence)
    return (rates[0], rates[1]) if len(rates) == 2 else None


# A whole-pound rate said for a second job: "and 13 at the other", "14 in my other job".
_OTHER_JOB_RATE = re.compile(
    r"(?<![\d.£])(\d{1,2})\s+(?:an?\s+hour\s+|ph\s+)?(?:at|in|for|with)\s+(?:the|my)\s+"
    r"(?:other|second|2nd)\b"
)


def _best_money(low: str, *, min_strength: int) -> Money | None:
    """The amount most surely meant as pay; None when there is none, or when several bare
    numbers leave us unable to tell which one is the pay."""
    rise_spans = [m.span() for m in _rise_matches(low)]
    numbers = [m for m in _NUMBER.finditer(low) if _could_be_pay(low, m, rise_spans)]
    candidates = [
        found
        for m in numbers
        if (found := _money_candidate(low, m)) is not None and found[0] >= min_strength
    ]
    if not candidates:
        return None
    best_strength = max(s for s, _ in candidates)
    if best_strength == 0 and len(numbers) > 1:
        return None  # several bare numbers: we can't tell which is the pay
    return next(money for s, money in candidates if s == best_strength)


# "im 24", "the under 21 rate", "over 21s": an age, not a pay (a bare whole number only)
_AGE_BEFORE = re.compile(r"\b(?:i'?m|i\s+am|under|over|turned|turning)\s*$")


def _could_be_pay(low: str, m: re.Match[str], rise_spans: list[tuple[int, int]]) -> bool:
    """False for a number inside a word or a clock time, after "level", an age, or in a rise."""
    start = m.start()
    if start > 0 and (low[start - 1].isalpha() or low[start - 1] == ":"):
        return False  # part of a word or postcode ("m1"), or a clock time
    if _LEVEL_BEFORE.search(low, max(0, start - _LOOK_BACK), start):
        return False  # "level 3", "nvq 2"
    if (
        re.fullmatch(r"1[6-9]|[2-9]\d", m.group("num"))
        and not m.group("pound")
        and _AGE_BEFORE.search(low, max(0, start - _LOOK_BACK), start)
        and _period_after(low, m.end()) is None
    ):
        return False  # "im 24", "the under 21 rate"
    if (
        not m.group("pound")
        and re.fullmatch(r"\d{1,2}[.:](?:00|15|30|45)", m.group("num"))
        and _AT_TIME_BEFORE.search(low, max(0, start - _LOOK_BACK), start)
        and _period_after(low, m.end()) is None
    ):
        return False  # "meeting at 3.30", "clock in at 6.45": a time, not a pay
    return not any(a <= start < b for a, b in rise_spans)  # "went up by 40p": a rise


# "at 3.30" after words of time, not of pay ("paid at 12.30 an hour" keeps its period)
_AT_TIME_BEFORE = re.compile(
    r"(?<!paid )(?<!pay )(?<!rate )\b(?:at|by|till|til|until|from|before|after)\s*$"
)


def _money_candidate(low: str, m: re.Match[str]) -> tuple[int, Money] | None:
    """(strength, money) for one number, or None when what follows says it is not money."""
    end = m.end()
    pound = bool(m.group("pound"))
    mult, pence_suffix = m.group("mult"), bool(m.group("pence"))
    marked = pound or bool(mult)  # "£12", "23k": money whatever follows
    if not marked and (_HOUR_UNIT_AFTER.match(low, end) or _NOT_MONEY_AFTER.match(low, end)):
        return None  # "30 hours", "5 days"
    pence = _to_pence(m.group("num"), m.group("comma_dec"), mult, pence_suffix)
    if pence is None or not 0 < pence <= _MAX_PENCE:
        return None
    period = _period_after(low, end)
    if period and not marked and not pence_suffix and pence < _MIN_BARE_PENCE[period]:
        return None  # "30 a week" is hours, not £30 pay
    if period is None and not pence_suffix:
        before = _period_before(low, m.start())
        if before is not None and pence >= _MIN_BARE_PENCE[before]:
            period = before  # "weekly wage 498", "monthly about 2,100": but "weekly, 12.50" is not
    return _strength(low, m, period), Money(pence, period)


# A pay period said just before the amount, with only a few words between ("paid fortnightly
# about 760", "annual salary 27,300", "every 4 wks i get £1,610"). Only unmistakable period
# words: "a week" before a number is too often the hours ("3 days a week 12.50").
_BEFORE_WORDS: tuple[tuple[str, Period], ...] = (
    (
        r"hourly(?:\s+(?:rate|pay|wage))?|(?:rate|pay|wage|salary)\s+(?:for|per|an?)\s+hour"
        r"|per\s+hour",
        "hour",
    ),
    (r"day\s+rate|daily\s+rate", "day"),
    (
        r"fortnightly|every\s+(?:fortnight|(?:2|two)\s+w(?:ee)?ks?)|(?:2|two)[\s-]*weekly",
        "fortnight",
    ),
    (r"(?:4|four)[\s-]*weekly|every\s+(?:4|four)\s+w(?:ee)?ks?", "four_weeks"),
    (r"weekly|every\s+week|a\s+week\s+i\s+(?:get|take\s+home)", "week"),
    (r"monthly|every\s+month|a\s+month\s+i\s+(?:get|take\s+home)", "month"),
    (r"annual(?:ly)?|yearly|salary|per\s+annum|a\s+year\s+i\s+(?:get|make)", "year"),
)
_PERIOD_BEFORE = tuple(
    (re.compile(r"\b(?:" + p + r")\b[^\d£]{0,25}$"), period) for p, period in _BEFORE_WORDS
)


def _period_before(low: str, start: int) -> Period | None:
    window = low[max(0, start - 40) : start]
    for regex, period in _PERIOD_BEFORE:
        if regex.search(window):
            return period
    return None


def _strength(low: str, m: re.Match[str], period: Period | None) -> int:
    """How surely a number is pay: a £ or "pounds" 2, a period 2, "k" or "p" 1, and two
    decimal places ("11.44") 1."""
    currency = m.group("pound") or _CURRENCY_AFTER.match(low, m.end())
    suffix = m.group("mult") or m.group("pence")
    two_places = re.fullmatch(r"\d+\.\d{2}", m.group("num"))
    return (
        (2 if currency else 0)
        + (2 if period else 0)
        + (1 if suffix else 0)
        + (1 if two_places else 0)
    )


# --- rises -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rise:
    """A pay rise said as a change ("went up by 40p", "5% rise"), not as the new pay.

    Exactly one of `pence` and `percent` is set. `period` is the rise's period when the worker
    said one ("50p an hour rise"); `apply_rise` adds pence to a pay in the same period.
    """

    pence: int | None
    percent: Decimal | None
    period: Period | None


_RISE_AMOUNT = (
    r"(?P<amt>£\s*\d+(?:\.\d+)?(?!\s*(?:%|percent|per\s*cent))"
    r"|\d+(?:\.\d+)?\s*(?:%|percent\b|per\s*cent\b|p\b|pence\b|quid\b|pounds?\b)"
    r"|(?:(?:a|one)\s+)?(?:pound|quid)\b"
    r"|\d+\.\d+(?![\d%]))"
)
_RISE_PERIOD = r"(?:\s*(?:an?|per|p|/)\s*(?:hour|hr)\b|\s*ph\b|\s*p/h\b|\s*hourly\b)?"
_RISE_WORD = r"(?:pay\s*)?(?:rise|raise|increase|uplift|bump|more|extra)\b"
_RISE_RES = (
    # "went up by 40p", "a rise of £1", "up 3 percent", "an extra pound an hour"
    re.compile(
        r"\b(?:up|rise|raise|increase[ds]?|uplift|bump(?:ed)?|extra)\s+(?:of\s+|by\s+)?"
        r"(?:an?\s+)?(?:extra\s+)?" + _RISE_AMOUNT + _RISE_PERIOD
    ),
    # "a £1 rise", "50p an hour rise", "5% pay rise", "40p more", "50p up"
    re.compile(_RISE_AMOUNT + _RISE_PERIOD + r"\s*(?:" + _RISE_WORD + r"|up\b)"),
    # "the rise was 45p", "rise yes, 30p": the rise named, then its amount
    re.compile(
        r"\b(?:rise|raise|increase|uplift|bump)\s+(?:was|is|yes|of\s+about|about|only)\W*\s*"
        + _RISE_AMOUNT
        + _RISE_PERIOD
    ),
    # "we got 3.5% in april", "they gave us 15p", "yes 4 percent", "rose by 4.1%": a percent or
    # a few pence got or given (never pay: nobody is paid 15p; a percent after "got" is a rise),
    # but not "20% off", "5% pension" or "7% interest"
    re.compile(
        r"\b(?:got|get|getting|gave|give|given|giving|rose|risen|yes|yeah|yep|only|had|awarded"
        r"|offered|went\s+up|gone\s+up)\s+(?:(?:us|me|them|everyone|by|of|a|an|only|just|about"
        r"|around|another|extra)\s+){0,3}"
        r"(?P<amt>\d+(?:\.\d+)?\s*(?:%|percent\b|per\s*cent\b)|\d{1,2}\s*(?:p|pence)\b)"
        r"(?!\s*(?:off|discount|tax|vat|interest|apr|pension|battery|chance|a\s+mile|per\s+mile))"
        + _RISE_PERIOD
    ),
)


def _rise_matches(low: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    for regex in _RISE_RES:
        for m in regex.finditer(low):
            if not any(m.start() < f.end() and f.start() < m.end() for f in found):
                found.append(m)
    return sorted(found, key=lambda m: m.start())


def _rise_from(m: re.Match[str], low: str) -> Rise | None:
    amt = m.group("amt")
    number = re.search(r"\d+(?:\.\d+)?", amt)
    try:
        value = Decimal(number.group()) if number else Decimal(1)  # "a pound"
    except InvalidOperation:
        return None
    period = _period_after(low, m.start("amt") + len(amt)) or _period_after(low, m.end())
    if period is None and re.search(r"(?:an?|per|p|/)\s*(?:hour|hr)\b|ph\b|hourly", m.group()):
        period = "hour"
    if re.search(r"%|percent|cent", amt):
        return Rise(None, value, None) if Decimal(0) < value <= 100 else None
    pence_unit = re.search(r"\d\s*(?:p|pence)\b", amt) is not None
    pence = int((value if pence_unit else value * 100).to_integral_value(ROUND_HALF_UP))
    return Rise(pence, None, period) if pence > 0 else None


_RISE_CONTEXT = re.compile(r"\b(?:rise|raise|went\s+up|gone\s+up|increase|bumped|put\s+up|from)\b")


# a rise said as an amount of change ("a 60p rise, from 12.71 to 13.31" is still a 60p rise)
_RISE_AMOUNT_SAID = re.compile(r"\d\s*(?:p|pence|%|percent)\b|\b(?:a|one)\s+(?:pound|quid)\b")


def parse_rise(text: str) -> Rise | None:
    """A rise said as a change: "went up by 40p", "a £1 rise", "5% rise", "an extra pound an hour".

    Why: a rise must be added to the pay we know, never saved as the pay itself. "Got a rise
    to £12.50" is a new pay (None here; `parse_money` reads it), as is a plain amount.
    """
    for words in (False, True):
        low = _money_text(text, words=words)
        if _pay_from_to(low) and not _RISE_AMOUNT_SAID.search(low):
            return None  # "went from 12.21 to 12.71": a new pay (parse_money reads it)
        for m in _rise_matches(low):
            rise = _rise_from(m, low)
            if rise is not None:
                return rise
    return None


_NEW_RATE_AFTER = re.compile(
    r"^\W*(?:(?:so|and|which|that)\s+)?(?:now\b|to\b|making\s+(?:it|me)\b|makes\s+it\b|(?:i'?m|im|i\s+am)"
    r"\s+(?:now\s+)?on\b|=|from\s+£?\d+(?:\.\d+)?\s+to\b)"
)


def rate_after_rise(text: str, today: date | None = None) -> Money | None:
    """The new pay said after a rise ("got a 45p rise so now 13.15", "a 60p rise, from 12.71
    to 13.31"), or None. Why: the rate the worker says is the truth; adding the rise to the pay
    we have on file could be wrong if that pay is out of date."""
    low = _money_text(text, words=False)
    found = _rise_matches(low)
    if not found:
        return None
    tail = low[found[-1].end() :]
    if not _NEW_RATE_AFTER.search(tail):
        return None
    return parse_money(tail, today=today)


def apply_rise(current_pence: int, rise: Rise) -> int:
    """The pay after `rise`, in pence; a percentage is rounded half-up to the penny."""
    if rise.percent is not None:
        new = Decimal(current_pence) * (100 + rise.percent) / 100
        return int(new.to_integral_value(ROUND_HALF_UP))
    return current_pence + (rise.pence or 0)


# How to say each period after an amount ("£900 a fortnight"), for replies.
PERIOD_PHRASES: dict[Period, str] = {
    "hour": "an hour",
    "day": "a day",
    "week": "a week",
    "fortnight": "a fortnight",
    "four_weeks": "every four weeks",
    "month": "a month",
    "year": "a year",
}


def as_weekly_or_longer(money: Money) -> Money | None:
    """`money` with a fortnight or four weeks turned into a week (rounded half-up to a penny).

    Why: code that stores pay as hourly/weekly/monthly/yearly figures (the funding facts)
    has no field for the newer periods. A day's pay can't become a week without the days
    worked, so it gives None; other periods come back unchanged.
    """
    weeks = {"fortnight": 2, "four_weeks": 4}.get(money.period or "")
    if money.period == "day":
        return None
    if weeks is None:
        return money
    pence = int((Decimal(money.pence) / weeks).to_integral_value(ROUND_HALF_UP))
    return Money(pence, "week", money.minimum_wage)


def likely_period(money: Money) -> Period:
    """The period a worker most likely meant when they didn't say one (UK pay sizes)."""
    if money.period:
        return money.period
    pence = money.pence  # whole pence: no float, so no overflow on absurd amounts
    if pence < 100_00:
        return "hour"
    if pence < 1200_00:
        return "week"
    if pence < 6000_00:
        return "month"
    return "year"


# --- hours -----------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "thrity": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_WORD_NUMBER = re.compile(
    r"\b(?:(?P<tens>" + "|".join(_TENS) + r")(?:[\s-]+(?P<unit1>" + "|".join(_UNITS) + r"))?"
    r"|(?P<unit2>" + "|".join(_UNITS) + r"))\b(?P<half>\s+and\s+a\s+half)?"
)
# "37½", "37 and a half", "37 and half", "37 n half", "37 & a half"
_HALF = re.compile(r"(\d+)\s*(?:½|(?:and|n|&|'n'?)\s+(?:a\s+)?half\b|\s1/2\b)")  # "22 1/2"
# "3 twelves", "two sixes": shift lengths said as plural number words, read as "3 12s"
_PLURAL_LENGTH = re.compile(
    r"\b(six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen)(?:e?s|'s)\b"
)
_HOURS_NUM = re.compile(
    r"(?<![\d.£:])(\d+(?:\.\d+)?)(?![\d.]*\s*(?:k\b|%|am\b|pm\b|p\b|pence\b|grand\b))"
    r"(?![\d.]*'?s\b)"
)  # not "in my 20s"
_HOURS_RANGE = re.compile(
    r"(?<![\d.£])(\d+(?:\.\d+)?)\s*(?:-|–|to|or|and)\s*(\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h\b)"
)
# "10 to 40 a week": a range of weekly hours (not 40, the top of it); "9 to 5" is a clock range
_WEEK_RANGE = re.compile(
    r"(?<![\d.£:])(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)?\s*"
    r"(?:a|per|each|every)\s+(?:week|wk)\b"
)
_PER_SHIFT_ONLY = re.compile(r"\d\s*-?\s*(?:hours?|hrs?|h)\s*(?:shifts?|days?)\b")
_BARE_RANGE = re.compile(
    r"(?<![\d.£])(\d+(?:[.:]\d+)?)\s*(?:-|–|to|till|til|until)\s*(\d+(?:[.:]\d+)?)\s*(am|pm)?"
)
_FULL_TIME = re.compile(r"\bfull[\s-]*time\b|\bf/t\b|\bft\b")
_NO_NUMBER_HOURS = re.compile(r"\b(?:part[\s-]*time|p/t|zero[\s-]*hours?|0[\s-]*hours?\s+contract)")


# "three hundred and twenty", "1 thousand 8 hundred", "a hundred": numbers joined by hundred
# or thousand, read once the small number words are digits (see `_big_number`).
_BIG_RUN = re.compile(
    r"(?<![\w.,])(?:a|\d{1,3})\s+(?:hundred|thousand)\b"
    r"(?:(?:\s+and)?\s+(?:\d{1,3}(?![\d.,:])|(?:hundred|thousand)\b))*"
)


def _big_number(run: str) -> str:
    """One run as digits: "3 hundred and 20" -> "320", "1 thousand 8 hundred" -> "1800".

    Whole thousands keep a "k" ("25 thousand" -> "25k") so money reads them as it reads "25k"
    and hours never takes them for hours. Reading stops at a word that does not fit ("4
    hundred 3 hundred"); the rest of the run is kept as it was.
    """
    words = run.split()
    total, part, used = 0, 0, 0
    for i, word in enumerate(words):
        scale_next = i + 1 < len(words) and words[i + 1] == "hundred"
        if word == "hundred" and 1 <= part <= 99:
            part *= 100  # "twelve hundred" is 1200
        elif word == "thousand" and 1 <= part <= 999 and total == 0:
            total, part = part * 1000, 0
        elif word == "and" and i + 1 < len(words):
            continue
        elif word.isdigit() or word == "a":
            n = 1 if word == "a" else int(word)
            if part and (part % 100 or n >= 100 or scale_next):
                break  # "4 hundred 3 hundred": a second number, not part of this one
            part += n
        else:
            break
        used = i + 1
    rest = " ".join(words[used:])
    number = f"{total // 1000}k" if part == 0 else str(total + part)
    return f"{number} {rest}" if rest else number


def words_to_digits(text: str) -> str:
    """Number words in a message as digits, lower-cased ("L S nine" -> "l s 9", "four
    nights" -> "4 nights"), for readers outside the normaliser (postcodes, shift counts)."""
    return _words_to_digits(text.lower())


def _words_to_digits(low: str) -> str:
    """Number words as digits ("thirty seven and a half" -> "37.5", "four hundred" -> "400").
    Two words in a row stay two numbers ("twelve fifty" -> "12 50", a rate)."""

    def repl(m: re.Match[str]) -> str:
        n = _TENS.get(m.group("tens") or "", 0) + _UNITS.get(
            m.group("unit1") or m.group("unit2") or "", 0
        )
        return f"{n}.5" if m.group("half") else str(n)

    return _big_numbers(_WORD_NUMBER.sub(repl, low))


def _big_digit_numbers(low: str) -> str:
    """ "1 thousand 8 hundred" -> "1800", when no number words are about: "a hundred and
    fifty" is read whole with the words (`_words_to_digits`), never as 100."""
    return low if _WORD_NUMBER.search(low) else _big_numbers(low)


def _big_numbers(low: str) -> str:
    """ "1 thousand 8 hundred" -> "1800" (digits said with hundred/thousand)."""
    if "hundred" not in low and "thousand" not in low:
        return low
    return _BIG_RUN.sub(lambda m: _big_number(m.group()), low)


# --- weekly hours as a product: hours per shift x shifts per week ------------------------------
#
# Workers give their week as a shift length times a count, in any order and many shapes:
# "6 hours a day mon to fri", "12hr shifts x3", "3 x 8hr", "2 long days 13 hours each",
# "10 hour shifts 4 a week", "9 hours 4 days". The rules, in order:
#   * A stated weekly total wins: "N hours a week", or a plain "N hours" over 13 (longer than
#     any ordinary shift): "37.5 hours, 5 days" -> 37.5; "20 hours over 4 days" -> 20.
#   * A LENGTH is "N hour shifts/days/nights", "N hours a day/each morning/per shift",
#     "shifts of N hours", "N hours each", a unit-less "7.5 a day", or (weak, only next to a
#     count) a plain "N hours" of at most 13: "9 hours 4 days" -> 36.
#   * A COUNT is "N days/shifts/nights/long days", "x3", "3 x", "3 times", "4 a week", or the
#     number of days named: "mon to fri", "mon wed fri", "weekdays", "weekends" (but not
#     "every day"/"daily", which people say of their working days). Counts run 1 to 7.
#   * "three 12s" / "12s x3": "Ns" (N 6-14) is a shift length only right next to a count.
#   * One length and one count (the same count however often said) give the product; two
#     different lengths each with their own days ("8 hours mon-fri and 4 on sat") are summed.
#     A length with no count, or clashing counts, is not weekly hours: None.
_H_UNIT = r"\s*-?\s*(?:hours?|hrs?|h)\b"
_NUM = r"(?<![\d.£:/])(\d{1,2}(?:\.\d+)?)(?![\d.:/])"
_SHIFT_NOUN = (
    r"(?:long\s+|short\s+)?(?:shifts?|days?|nights?|nites?|earl(?:y|ies)|lates?|mornings?"
    r"|evenings?|afternoons?|sleep[\s-]*ins?|long\s+days?)\b"
)
_LENGTH_RES = (
    re.compile(_NUM + _H_UNIT + r"\s*(?:long\s+)?" + _SHIFT_NOUN),  # "12 hour nights"
    re.compile(  # "6 hours a day", "4 hours each morning"
        _NUM + _H_UNIT + r"\s*(?:an?|per|each|every|a\s+shift\s+per)\s*(?:day|shift|night|nite"
        r"|morning|evening|afternoon|time)\b"
    ),
    re.compile(  # "shifts of 12 hours", "days are 7.5 hrs"
        r"\b(?:shifts?|days?|nights?)\s+(?:of|are|is|r)\s+(?:about\s+|around\s+|roughly\s+)?"
        + _NUM
        + _H_UNIT
    ),
    re.compile(_NUM + _H_UNIT + r"\s*(?:each|apiece|a\s+piece)\b"),  # "13 hours each"
    re.compile(_NUM + r"\s*(?:a|per|each)\s*(?:day|shift)\b"),  # "7.5 a day"
)
_WEAK_LENGTH = re.compile(_NUM + _H_UNIT)
_COUNT = r"(?<![\d.£:/])([1-7])(?![\d.:/])"
_COUNT_RES = (
    re.compile(_COUNT + r"\s*(?:x\s*)?(?=\d{1,2}(?:\.\d+)?" + _H_UNIT + ")"),  # "3 12-hour shifts"
    re.compile(_COUNT + r"\s*(?:x\s*)?" + _SHIFT_NOUN + r"(?!\s*(?:off|ago|notice|holiday))"),
    re.compile(r"(?:(?<![a-z])x|\btimes)\s*" + _COUNT + r"(?!" + _H_UNIT + r")"),  # "x3"
    re.compile(_COUNT + r"\s*(?:x(?![a-z])|times\b)(?!\s*\d+(?:\.\d+)?\s*x)"),  # "3 x 8hr"
    re.compile(_COUNT + r"\s*(?:an?|per|p|/|every|each)\s*(?:week|wk|w)\b"),  # "4 a week"
)
_COUNT_RANGE = re.compile(
    _COUNT + r"\s*(?:or|-|to|/)\s*([1-7])(?=\s*(?:x\s*)?" + _SHIFT_NOUN + r"|\s*(?:a|per)\s*week"
    r"|\s*(?:x\s*)?\d{1,2}(?:\.\d+)?" + _H_UNIT + ")"
)
_NS = re.compile(  # "three 12s", "3x 12s", "12s x3", "12s, 3 a week"
    _COUNT + r"\s*(?:x\s*)?(\d{1,2}(?:\.5)?)'?s\b"
    r"|(?<![\d.£:/])(\d{1,2}(?:\.5)?)'?s\b[\s,]*(?:x\s*)?([1-7])(?![\d.:/])"
    r"(?!" + _H_UNIT + r")"
)
_WEEK_TOTAL = re.compile(
    _NUM + r"(?P<unit>\s*-?\s*(?:hours?|hrs?|h))?\s*(?:(?:an?|per|p|/|every|each|in\s+a)\s*"
    r"(?:week|wk|w)\b|pw\b|p/w\b|weekly\b)"
    r"|" + _NUM + r"\s*(?:hours?|hrs?|h)\s*(?:in\s+total|total|altogether)\b"
)
_OVER_DAYS = re.compile(  # "20 hours over 4 days": a total spread out
    _NUM + _H_UNIT + r"\s*(?:over|across|spread\s+over|split\s+over|in)\s+\d\s*(?:days?|shifts?)"
)
_NAMED_DAYS = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun|week\s*days?|week\s*ends?)")
_SEGMENT_SPLIT = re.compile(r"\s*(?:[,;+&]|\band\b|\bplus\b|\bthen\b|\bbut\b)\s*")
_PER_FORTNIGHT = re.compile(
    r"\s*(?:an?|per|every|each|in\s+a)\s*(?:fortnight|(?:2|two)\s*weeks?|other\s+week)\b"
)
_PER_MONTH = re.compile(r"\s*(?:an?|per|every|each|in\s+a)\s*(?:month|mnth|mth)\b")
_MONTH_COUNT = re.compile(_COUNT + r"\s*" + _SHIFT_NOUN + _PER_MONTH.pattern)
_CLOCK_BEFORE = re.compile(r"(?:\b(?:at|from|till|til|until|to|by|before|after|starts?)|[:£])\s*$")
_COUPLE = re.compile(r"\b(?:a\s+)?couple\s+(?:of\s+)?(?=\d|" + _SHIFT_NOUN + ")")


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(a < y and x < b for x, y in spans)


def _lengths(low: str) -> tuple[list[tuple[int, int, Decimal]], bool]:
    """Shift lengths said, as (start, end, hours), and whether they are strong (said per shift)."""
    found: list[tuple[int, int, Decimal]] = []
    for regex in _LENGTH_RES:
        for m in regex.finditer(low):
            if not _overlaps([(a, b) for a, b, _ in found], m.start(), m.end()):
                found.append((m.start(), m.end(), Decimal(m.group(1))))
    if found:
        return found, True
    weak = [
        (m.start(), m.end(), Decimal(m.group(1)))
        for m in _WEAK_LENGTH.finditer(low)
        if Decimal(m.group(1)) <= 13
        and not _WEEK_TOTAL.match(low, m.start())
        and not _LEVEL_BEFORE.search(low, max(0, m.start() - _LOOK_BACK), m.start())
    ]
    return weak, False


def _counts(low: str, skip: list[tuple[int, int]]) -> set[Decimal]:
    counts: set[Decimal] = set()
    for m in _COUNT_RANGE.finditer(low):  # "3 or 4 shifts": the midpoint, like an hours range
        a, b = int(m.group(1)), int(m.group(2))
        if a < b:
            counts.add(Decimal(a + b) / 2)
            skip = [*skip, (m.start(), m.end())]
    for regex in _COUNT_RES:
        for m in regex.finditer(low):
            before = low[max(0, m.start() - _LOOK_BACK) : m.start()]
            if (
                _overlaps(skip, m.start(1), m.end(1))
                or _LEVEL_BEFORE.search(before)
                or _CLOCK_BEFORE.search(before)
            ):
                continue
            if _PER_MONTH.match(low, m.end()):
                continue  # "4 shifts a month": too few to make a week of
            n = Decimal(m.group(1))
            counts.add(n / 2 if _PER_FORTNIGHT.match(low, m.end()) else n)
    if not counts and _NAMED_DAYS.search(low):
        days = parse_days(low)
        if days:
            counts.add(Decimal(len(days)))
    return counts


# One more day said after the week's shifts, with its own hours: "plus saturday 6", "and 4 on
# sat", "+ 5 hrs sundays" (not a clock time: "saturday at 6", "sunday 10-2").
_ONE_DAY = r"(?:mon|tue|tues|wed|weds|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:days?|s)?\b"
_EXTRA_DAY = re.compile(
    r"\s*(?:\band\b|\bplus\b|\+|&|,)\s*(?:then\s+)?(?:also\s+)?"
    r"(?:(?:on\s+)?(?:a\s+)?"
    + _ONE_DAY
    + r"\s*(?:i\s+do\s+|for\s+|is\s+|its\s+)?"
    + _NUM
    + r"(?:\s*-?\s*(?:hours?|hrs?|h)\b)?"
    r"|" + _NUM + r"(?:\s*-?\s*(?:hours?|hrs?|h)\b)?\s+(?:on\s+)?(?:a\s+|the\s+)?" + _ONE_DAY + r")"
    r"(?!\s*(?:am\b|pm\b|-|–|to\b|till?\b|until\b|and\s+" + _ONE_DAY + r"|&))"
)


def _without_extra_days(low: str) -> tuple[str, Decimal]:
    """The text with one-day extras cut out, and the hours those extras add."""
    extra = Decimal(0)
    for m in _EXTRA_DAY.finditer(low):
        hours = Decimal(m.group(1) or m.group(2))
        if not 0 < hours <= 13:
            return low, Decimal(0)
        extra += hours
    return _EXTRA_DAY.sub(" ", low), extra


def _shift_product(low: str, *, nested: bool = False) -> tuple[Decimal, Decimal | None] | None:
    """(hours in one shift, weekly hours or None) when the text gives a shift length."""
    low = _COUPLE.sub("2 ", low)
    rest, extra = _without_extra_days(low)
    if extra:  # "3 days of 8 hours plus saturday 6": 3 x 8 + 6
        product = _shift_product(rest, nested=nested)
        if product is not None and product[1] is not None:
            return product[0], product[1] + extra
    counted = _counted_twelves(low)
    if counted is not None:
        return counted
    lengths, strong = _lengths(low)
    values = {v for _, _, v in lengths}
    if not values or max(values) > 24:
        return None
    if len(values) == 1:
        counts = _counts(low, [(a, b) for a, b, _ in lengths])
        length = values.pop()
        if len(counts) != 1:
            return (length, None) if strong else None
        return length, length * counts.pop()
    # Two or more lengths: "8 hours mon-fri and 4 hours sat", summed piece by piece.
    total = None if nested else _sum_of_pieces(low)
    return (lengths[0][2], total) if total is not None else None


def _counted_twelves(low: str) -> tuple[Decimal, Decimal] | None:
    """ "three 12s", "12s x3": a count of N-hour shifts (N from 6 to 14). Several are added up,
    and so is one more shift said straight after: "2 12s and a 6" is 30."""
    first, total, end = None, Decimal(0), 0
    for m in _NS.finditer(low):
        count, length = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if not 6 <= Decimal(length) <= 14:
            return None
        first, total, end = first or Decimal(length), total + Decimal(length) * int(count), m.end()
    if first is None:
        return None
    while (more := _ONE_MORE.match(low, end)) is not None and 3 <= Decimal(more.group(1)) <= 14:
        total, end = total + Decimal(more.group(1)), more.end()
    return first, total


# "... and a 6", "+ one 8": one more shift after a count of them
_ONE_MORE = re.compile(
    r"\s*(?:,\s*)?(?:\band\b|&|\+|\bplus\b)\s*(?:a|an|one|1)\s+(\d{1,2}(?:\.5)?)(?:'?s)?"
    r"(?![\d.:])(?!\s*(?:am\b|pm\b|o'?clock|%|p\b|quid|pounds?|an?\s+hour|per\s+hour|ph\b"
    r"|years?|yrs?|yo\b|kids?|child|days?\s+off|weeks?|months?|mins?|minutes?))"
)


def _sum_of_pieces(low: str) -> Decimal | None:
    """Cut the text into pieces each holding one shift length (pieces before the first length
    join it) and add up their weekly hours; None unless every piece gives them."""
    groups: list[str] = []
    pending = ""
    for piece in _SEGMENT_SPLIT.split(low):
        if any(r.search(piece) for r in (*_LENGTH_RES, _WEAK_LENGTH)):
            groups.append(f"{pending} {piece}")
            pending = ""
        elif groups:
            groups[-1] += f", {piece}"
        else:
            pending += f" {piece}"
    parts = [_shift_product(group, nested=True) for group in groups]
    if len(parts) > 1 and all(p and p[1] is not None for p in parts):
        return sum((p[1] for p in parts if p and p[1]), Decimal(0))
    return None


# "3.5 hours sorry meant 35 hours": a correction word after a value; what follows it wins.
_CORRECTION_WORD = re.compile(
    r"\b(?:sorry|soz|sry|i\s+meant|meant|i\s+mean|correction|typo|oops|whoops|my\s+bad"
    r"|actually|no\s+wait|wait)\b"
)
_SAID_AGAIN = r"\W*(?:no\W+)?(?:it'?s\s+)?(?:about|around|roughly|like)?\s*"  # "wait no its 45"
_BARE_VALUE = re.compile(_SAID_AGAIN + r"(\d+(?:\.\d+)?)\s*(?:ish)?(?:\s+now)?\W*")
_SINGLE_HOURS = re.compile(_SAID_AGAIN + r"(\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b(?:\s+now)?\W*")
_ANY_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)")


# "the 24 hour tesco", "a 24hr garage": a shop open all day, not hours worked ("a 24 hour
# contract", "a 24 hour shift", "24 hours a week" stay hours)
_OPEN_ALL_DAY = re.compile(
    r"\b(?:the|a|at|our|my|local|nearest)\s+24[\s-]*(?:hours?|hrs?|h)\b(?:\s*/\s*7)?"
    r"(?=\s+(?!(?:contract|contracted|shifts?|weeks?|pw|days?|nights?|rota|on\b|a\b|an\b"
    r"|per\b|each\b|every\b|over\b|total|in\b|max|min|minimum|maximum|off\b))[a-z])"
)


def _hours_text(text: str) -> str:
    low = _OPEN_ALL_DAY.sub(lambda m: m.group().split()[0] + " allday", _lower(text))
    low = _PLURAL_LENGTH.sub(lambda m: f"{_UNITS[m.group(1)]}s", low)
    low = _words_to_digits(low)
    low = _HALF.sub(lambda m: f"{m.group(1)}.5", low)
    low = re.sub(r"\b(\d{1,2}) point (\d)\b", r"\1.\2", low)  # voice: "7 point 5 hours"
    return re.sub(r"(\d),(\d{1,2})(?!\d)", r"\1.\2", low)  # "37,5 hours"


_TOTAL_HOURS = re.compile(
    r"(?<![\d.])(?P<a>\d{1,3}(?:\.\d)?)\s*(?:hours?|hrs?|h)?\s*(?:altogether|all together"
    r"|in total|total|all in)\b"
    r"|\b(?:total|altogether|all together)\s*(?:of|is|=|:)?\s*(?P<b>\d{1,3}(?:\.\d)?)(?![\d.])"
)


# Hours changed to a number: "they cut my hours to 36", "hours went up to 30", "my hours are
# down to 20 now". The number is the hours now, never the pay.
_HOURS_CHANGED_TO = re.compile(
    r"\bhours?\b(?:\s+(?:have|has|are|were|got|been|went|gone|going|being|cut|put|dropped"
    r"|reduced|increased|upped|changed|moved|raised|bumped|now|back|all|just))*\s+(?:(?:up|down)\s+)?to\s+"
    r"(\d{1,2}(?:\.\d{1,2})?)(?![\d.])(?!\s*(?:an?\s+hour|ph\b|p/h|quid|pounds?|p\b|%|k\b))"
)


def parse_hours(text: str) -> Decimal | None:
    """Weekly hours from free text: "37.5 hours", "about 30", "full time", "8hrs a day 5 days",
    "6 hours a day mon to fri", "12hr shifts x3", "three 12s".

    A shift length with no count of shifts ("12 hour shifts", "6 hours a day") is not weekly
    hours: None. After a correction word the last value wins: "3.5 hours sorry meant 35" -> 35.
    """
    low = _hours_text(text)
    for reader in _WHOLE_MESSAGE_READERS:
        hours = reader(low)
        if hours is not None:
            return hours
    for corrected in _corrected_texts(low):
        hours = _weekly_hours(corrected)
        if hours is not None:
            return hours
    return _weekly_hours(low)


def _said_total(low: str) -> Decimal | None:
    """ "16 at the school and 10 at the office so 26 altogether": the total said."""
    total = _TOTAL_HOURS.search(low)
    return _checked(Decimal(total.group("a") or total.group("b"))) if total is not None else None


def _changed_to(low: str) -> Decimal | None:
    """ "they cut my hours to 36": the hours now."""
    changed = _HOURS_CHANGED_TO.search(low)
    return _checked(Decimal(changed.group(1))) if changed is not None else None


def _averages_at(low: str) -> Decimal | None:
    average = _AVERAGES_AT.search(low)
    return _checked(Decimal(average.group(1))) if average is not None else None


def _more_then_total(low: str) -> Decimal | None:
    """ "10 more hrs a week, so 26 now": the new total."""
    now = _MORE_THEN_TOTAL.search(low)
    return _checked(Decimal(now.group(2))) if now is not None else None


_N = r"(\d{1,2}(?:\.\d)?)"
_U = r"\s*(?:hours?|hrs?|h)?"
# "16 + 12", "16hrs plus 12hrs" (two jobs), "= 28" after them
_PLUS = re.compile(
    _N + _U + r"(?:\s+(?:basic|base|contracted|contract))?\s*(?:\+|plus)\s*"
    r"(?:(?!(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s)[a-z]+\s+)?"
    + _N
    + _U
    + r"(?:\s*=\s*"
    + _N
    + r")?"
)  # "16 + 12", "39 basic + 12 o/t", "cleaning 10 + care 22.5"
# with a word for jobs: "2 jobs 16 hrs and 20 hrs", "16 hours at one job and 12 at the other"
_JOB_WORD = re.compile(
    r"\bjobs?\b|\bthe other\b|\bsecond job\b"
    r"|\d\s*(?:hours?|hrs?|h)\s+(?:at|for|in|with)\b.*\band\b.*\d\s*(?:hours?|hrs?|h)\s+(?:at|for|in|with)\b"
)
_AND_HOURS = re.compile(
    r"(?<![\d.£])"
    + _N
    + r"\s*(?:hours?|hrs?|h)\b[^£]{0,30}?\b(?:and|&|plus)\b[^\d£]{0,20}?"
    + _N
    + r"(?:\s*(?:hours?|hrs?|h)\b)?(?![\d.]|\s*(?:an?\s+hour|ph|p/h|quid|pounds?))"
)


# Two jobs, each number said with its place or work: "16 at asda and 14 at the chippy",
# "20 at the care home and 16 cleaning", "18 hours at greggs + 12 at weekends in a bar".
# Not clock times ("10 in the morning and 4 in the afternoon") or pay ("16 an hour at ...").
_AT_PLACE = r"\s+(?:at|in|on|for|with|as|doing)\s"
_NOT_CLOCK = (
    r"(?![\d.])(?:\s*(?:hours?|hrs?|h)\b)?(?!\s+(?:in\s+the\s+|at\s+|on\s+)?"
    r"(?:mornings?|afternoons?|evenings?|nights?|nites?|noon|midnight|o'?clock)\b)"
)
_AT_TWO_PLACES = re.compile(
    r"(?<![\d.£:])" + _N + _NOT_CLOCK + _AT_PLACE + r"[^\d£]{1,40}?"
    r"(?:\band\b|&|\+|\bplus\b)\s*(?:then\s+)?(?:another\s+)?(?:i\s+do\s+)?"
    + _N
    + _NOT_CLOCK
    + r"(?="
    + _AT_PLACE
    + r"|\s+[a-z]+ing\b)"
)
_MORE_THEN_TOTAL = re.compile(
    r"\b(\d{1,2}(?:\.\d)?)\s*(?:more|extra)\s*(?:hours?|hrs?|h)\b.{0,40}?"
    r"\b(?:so|now|making|makes|that'?s|total|to)\b\s*(?:its\s+|it's\s+|about\s+)?"
    r"(\d{1,2}(?:\.\d)?)\b(?!\s*(?:an?\s+hour|ph|p/h|quid|pounds?|%|p\b))"
)


# "80 hours a fortnight", "160 hrs every 4 weeks", "a fortnight is 70 hrs": a week's is a share
_OVER_WEEKS = re.compile(
    r"(?<![\d.£])(\d{2,3}(?:\.\d)?)\s*(?:hours?|hrs?|h)\s*(?:a|per|every|each|over\s+a|in\s+a)\s+"
    r"(fortnight|2\s*weeks?|two\s+weeks?|4\s*weeks?|four\s+weeks?)"
    r"|\b(fortnight|4\s*weeks?)\s+(?:is|=)\s*(\d{2,3}(?:\.\d)?)\s*(?:hours?|hrs?|h)\b"
)


# "averages out at 33", "on average 28": the number after it is the week's hours
_AVERAGES_AT = re.compile(
    r"\b(?:averages?\s+(?:out\s+)?(?:at|about|around)?|on\s+average(?:\s+about)?)\s*"
    r"(\d{1,2}(?:\.\d)?)\b(?!\s*(?:an?\s+hour|ph|p/h|quid|pounds?|%|p\b|k\b))"
)
# "20 hours and i do extra 4 on sundays", "base 35 then overtime on top usually 10"
_OVERTIME_AFTER = re.compile(
    r"(?<![\d.£])(\d{1,2}(?:\.\d)?)\s*(?:hours?|hrs?|h|basic|base)?\b[^£\d]{0,30}?"
    r"\b(?:extra|overtime|o/?t)\b[^£\d]{0,25}?(\d{1,2}(?:\.\d)?)\b"
    r"(?!\s*(?:an?\s+hour|ph|p/h|quid|pounds?|%|p\b|k\b|am\b|pm\b))"
)


def _with_overtime(low: str) -> Decimal | None:
    m = _OVERTIME_AFTER.search(low)
    if m is None or "£" in low:
        return None
    base, more = Decimal(m.group(1)), Decimal(m.group(2))
    return _checked(base + more) if base >= more else None  # the base is the bigger part


# "two jobs 25 and 15", "3 jobs 10 10 and 12", "one job is 37.5 the other is 12"
_JOBS_COUNT = re.compile(r"\b(?:[1-4]|one|two|three|four)\s+jobs?\b")
_LISTED_NUMBER = re.compile(r"(?<![\d.£:])(\d{1,2}(?:\.\d)?)(?![\d.:]|\s*(?:am|pm|p\b|%|k\b))")


def _jobs_listed(low: str) -> Decimal | None:
    """The hours of two or three jobs listed with a word for jobs and nothing else numbered."""
    if "£" in low or not re.search(r"\bjobs?\b|\bthe\s+other\b", low):
        return None
    rest = _JOBS_COUNT.sub(" ", low)
    if re.search(r"\b(?:an?\s+hour|per\s+hour|ph|quid|pounds?|pay|paid|days?|shifts?)\b", rest):
        return None
    found = list(_LISTED_NUMBER.finditer(rest))
    if any(_NOT_MONEY_AFTER.match(rest, m.end()) for m in found):
        return None  # "... and 2 kids": something else is counted
    numbers = [Decimal(m.group(1)) for m in found]
    if not 2 <= len(numbers) <= 3 or any(n > 60 for n in numbers):
        return None
    return _checked(sum(numbers, Decimal(0)))


def _over_weeks(low: str) -> Decimal | None:
    m = _OVER_WEEKS.search(low)
    if m is None:
        return None
    total, span = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    weeks = 4 if span.startswith(("4", "four")) else 2
    return _checked(Decimal(total) / weeks)


def _summed_hours(low: str) -> Decimal | None:
    """Hours in two jobs said as a sum: "16 + 12", "16 + 12 = 28", "2 jobs, 16 hrs and 20 hrs"
    (only with a word for jobs: "16 hours and 20 minutes" is not a sum)."""
    m = _PLUS.search(low)
    at_places = _AT_TWO_PLACES.search(low)
    if m is not None:
        value = Decimal(m.group(3)) if m.group(3) else Decimal(m.group(1)) + Decimal(m.group(2))
    elif at_places is not None and not _CLOCK_BEFORE.search(
        low, max(0, at_places.start() - _LOOK_BACK), at_places.start()
    ):  # "16 at asda and 14 at the chippy"
        value = Decimal(at_places.group(1)) + Decimal(at_places.group(2))
    else:
        m = _AND_HOURS.search(low) if _JOB_WORD.search(low) else None
        if m is None or _NOT_MONEY_AFTER.match(low, m.end(2)):
            return None  # "... and 2 kids", "... and 5 days": not hours
        value = Decimal(m.group(1)) + Decimal(m.group(2))
    return value if 0 < value <= 100 else None


# Contract hours said, then the hours really worked: "contracted 30 hrs but i do more like 42",
# "on a 20 hour contract but work 35", "zero hours, usually around 25". The hours worked are
# what pay and the plan rest on, so they win; what comes after must say it is done, not wanted.
_CONTRACT_HOURS = re.compile(
    r"(?:\bcontract(?:ed)?\s*(?:hours?\s*)?(?:is|are|says|of|for|to|at|=|:)?\s*"
    r"(?:only\s+|just\s+)?" + _NUM + r"|" + _NUM + r"\s*-?\s*(?:hours?|hrs?|h)?\s*"
    r"(?:a\s+week\s+|per\s+week\s+|pw\s+)?contract(?:ed)?\b"
    r"|\b0[\s-]*(?:hours?|hrs?|h)\b(?:\s+contract\b)?|\bon\s+paper\s*(?:it'?s\s+)?" + _NUM + r")"
    r"(?:\s*-?\s*(?:hours?|hrs?|h)\b)?(?:\s*(?:a|per)\s+week\b|\s*pw\b)?"
)
_DOING = re.compile(
    r"\b(?:do|doing|does|did|work|working|worked|get|getting|usually|normally|mostly|really"
    r"|actually|overtime|end\s+up|more\s+like|give|gives|giving|given|this\s+week|most\s+weeks)\b"
)
_WANTING = re.compile(
    r"\b(?:want|wants|wanted|wanna|need|needs|looking|hope|hoping|would|could|should|wish|ask"
    r"|asked|asking|offered|offer)\b|'d\b|\bnot\b"
)


def _worked_past_contract(low: str) -> Decimal | None:
    """The hours really worked, said after the contract's hours; None when not said so."""
    m = _CONTRACT_HOURS.search(low)
    if m is None:
        return None
    tail = low[m.end() :]
    if not re.search(r"\d", tail) or not _DOING.search(tail) or _WANTING.search(tail):
        return None
    return _weekly_hours(tail)


def _corrected_texts(low: str) -> list[str]:
    """What to read instead, when a correction word follows a value: first choice first.

    A single value after it ("sorry 35", "i meant 8.5hrs") replaces the last value said before
    it (the last one with an hours unit when it has one), so "3 days a week 7.5hrs, sorry
    8.5hrs" is 3 x 8.5; more than a value ("sorry, 9 hours a day 4 days") is read alone.
    """
    marks = list(_CORRECTION_WORD.finditer(low))
    if not marks or not re.search(r"\d", low[: marks[-1].start()]):
        return []
    head, tail = low[: marks[-1].start()], low[marks[-1].end() :]
    texts = []
    unit = _SINGLE_HOURS.fullmatch(tail)
    bare = _BARE_VALUE.fullmatch(tail)
    match = unit or bare
    if match is not None:
        value = match.group(1)
        said = list((_WEAK_LENGTH if unit else _ANY_NUMBER).finditer(head))
        if said:
            last = said[-1]
            texts.append(head[: last.start(1)] + value + head[last.end(1) :])
    if _WEAK_LENGTH.search(tail) or bare:
        texts.append(tail)
    return texts


def _weekly_hours(low: str) -> Decimal | None:
    """The first reading below that recognises the text decides (its answer may be None)."""
    for reader in _WEEKLY_READERS:
        hours = reader(low)
        if hours is not _NEXT:
            return hours
    return None


class _Reading(Enum):
    """What a reader below says when the text is not the kind it reads: try the next one."""

    NEXT = "next"


_NEXT = _Reading.NEXT
_Hours = Decimal | None | Literal[_Reading.NEXT]


def _no_number(low: str) -> _Hours:
    """ "part time", "zero hours" with no number: nothing to read."""
    if _NO_NUMBER_HOURS.search(low) and not re.search(r"\d", low.replace("0 hour", "")):
        return None
    return _NEXT


def _week_total(low: str) -> _Hours:
    """ "16 hours a week", "36 a week" (not "4 a week": a count), "20 hours over 4 days"."""
    lengths = [m.span() for regex in _LENGTH_RES for m in regex.finditer(low)]
    for total in _WEEK_TOTAL.finditer(low):
        value = Decimal(total.group(1) or total.group(3))
        if _overlaps(lengths, total.start(), total.start() + 1):
            continue  # "4 shifts of 10 hrs a week": 10 is one shift's length
        if total.group("unit") or value > 7:
            return _checked(value)
    m = _OVER_DAYS.search(low)
    return _checked(Decimal(m.group(1))) if m else _NEXT


def _shifts_a_month(low: str) -> _Hours:
    """ "4 shifts a month 12 hours": no weekly figure to give."""
    return None if _MONTH_COUNT.search(low) else _NEXT


def _from_shifts(low: str) -> _Hours:
    """Hours per shift x shifts a week; a plain total over 13 hours said too wins."""
    product = _shift_product(low)
    if not product:
        return _NEXT
    lengths = [(a, b) for a, b, _ in _lengths(low)[0]]
    for m in _WEAK_LENGTH.finditer(low):
        if Decimal(m.group(1)) > 13 and not _overlaps(lengths, m.start(), m.end()):
            return _checked(Decimal(m.group(1)))  # "37.5 hours, 8 hour shifts"
    return None if product[1] is None else _checked(product[1])


# "3 days a week", "x3", "4 earlies": how many shifts a week go with one clock range
_SHIFT_COUNT = re.compile(
    r"\bx\s*([1-7])\b|\b([1-7])\s*x\b(?!\s*\d)"
    r"|\b([1-7])\s*(?:days?|nights?|shifts?|earlies|lates|mornings|evenings|long\s+days)\b"
)
_TIMES_X = re.compile(
    r"(?<![\d.:])(\d{1,2}(?:\.\d{1,2})?)\s*[x×*]\s*(\d{1,2}(?:\.\d{1,2})?)(?![\d.:])"
)


def _times_days(low: str) -> _Hours:
    """One clock range and how many days it is worked: "9-5 mon to fri" is 5 x 8 = 40,
    "10pm-6am 3 nights" 24. The range alone ("9-5") is a shift, not a week: next reader."""
    ranges = _clock_ranges(low)
    if len(ranges) != 1:
        return _NEXT
    count = _SHIFT_COUNT.search(_clock_ranges_out(low))
    days = int(next(g for g in count.groups() if g)) if count else len(parse_days(low))
    if not days:
        return _NEXT
    minutes = _span_minutes(*ranges[0])
    return _checked(Decimal(minutes * days) / 60) if minutes else _NEXT


def _times_x(low: str) -> _Hours:
    """ "7.5 x 5", "8x5", "3 x 12.5 nights": shifts times their length."""
    m = _TIMES_X.search(low)
    if m is None:
        return _NEXT
    a, b = Decimal(m.group(1)), Decimal(m.group(2))
    if min(a, b) > 7 or min(a, b) != int(min(a, b)):
        return _NEXT  # neither is a count of shifts
    return _checked(a * b)


def _per_shift_only(low: str) -> _Hours:
    """ "12 hour shifts": per shift, not per week."""
    return None if _PER_SHIFT_ONLY.search(low) else _NEXT


def _hours_range(low: str) -> _Hours:
    """ "20-30 hours": the midpoint."""
    m = _HOURS_RANGE.search(low)
    return _checked((Decimal(m.group(1)) + Decimal(m.group(2))) / 2) if m else _NEXT


def _week_range(low: str) -> _Hours:
    """ "10 to 40 a week": the midpoint, as for "20-30 hours"."""
    found = _week_range_said(low)
    return _checked((found[0] + found[1]) / 2) if found else _NEXT


def _week_range_said(low: str) -> tuple[Decimal, Decimal] | None:
    m = _WEEK_RANGE.search(low)
    if m is None or Decimal(m.group(1)) >= Decimal(m.group(2)) or Decimal(m.group(2)) > 100:
        return None
    return Decimal(m.group(1)), Decimal(m.group(2))


def hours_range(text: str) -> tuple[Decimal, Decimal] | None:
    """The weekly hours range a worker gave ("10 to 40 a week", "20-30 hrs"), lowest first."""
    low = _hours_text(text)
    m = _HOURS_RANGE.search(low)
    if m is None:
        return _week_range_said(low)
    a, b = sorted((Decimal(m.group(1)), Decimal(m.group(2))))
    return (a, b) if a > 0 and b <= 100 else None


def _number_of_hours(low: str) -> _Hours:
    """ "12hr" is 12 hours ("hr" is the unit here, not "per hour"); "12 hours an hour" is not."""
    with_unit = re.search(r"(?<![\d.£])(\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h\b)", low)
    if with_unit and not _period_after(low, with_unit.end()):
        return _checked(Decimal(with_unit.group(1)))
    return _NEXT


def _full_time(low: str) -> _Hours:
    return Decimal("37.5") if _FULL_TIME.search(low) else _NEXT


def _no_number_or_pay(low: str) -> _Hours:
    """ "part time" (said with some number), or "£" anywhere: not weekly hours."""
    return None if _NO_NUMBER_HOURS.search(low) or "£" in low else _NEXT


def _bare_number(low: str) -> _Hours:
    """ "about 20-30" (a midpoint), else one lone number; clock ranges ("6-9pm", "9-5") and
    numbers that are levels, clock times, days, shifts or pay do not count."""
    scanned = low  # finditer walks this copy while clock ranges are blanked out of `low`
    for r in _BARE_RANGE.finditer(scanned):
        # "9:30-2:30", "6-8 morning": a shift, not an hours range (and "9:30" is no Decimal)
        clock = r.group(3) or ":" in r.group(0) or _RANGE_QUALIFIER.match(scanned, r.end())
        if not clock:
            if any(_PENCE_NOT_QUARTER.fullmatch(r.group(i)) for i in (1, 2)):
                return None  # "went from 12.21 to 12.71": pay
            a, b = Decimal(r.group(1)), Decimal(r.group(2))
            if a < b <= 100 and b > 12:  # "7-10" (both clock hours) is a time
                return _clean((a + b) / 2)  # "about 20-30"
        low = low.replace(r.group(0), " ")  # a clock range ("6-9pm", "9-5") is not hours
    numbers = _lone_numbers(low)
    if numbers is None or len(numbers) != 1:
        return None
    return _checked(Decimal(numbers[0]))


# Two decimal places that are not a quarter hour ("12.80"): pence, so pay
_PENCE_NOT_QUARTER = re.compile(r"\d+\.(?!00|25|50|75)\d\d")
# A lone number that is an age, an address or a count of things, not hours
_NOT_HOURS_BEFORE = re.compile(
    r"\b(?:i'?m|i\s+am|i'?ll\s+be|turns?|turned|turning|aged?|unit|flat|bus|route|room|ward"
    r"|gate|platform|number)\s*$"
)
_NOT_HOURS_AFTER = re.compile(
    r"(?:[a-gi-z][a-z]?(?![a-z])|\s*(?:bus(?:es)?|streets?|warnings?|pages?|of\s+(?:us|them)|in\s+(?:jan"
    r"|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))\b)"
)


def _lone_numbers(low: str) -> list[str] | None:
    """The numbers that could be hours; None when one of them is pay ("11 an hour",
    "300 a week")."""
    numbers = []
    for n in _HOURS_NUM.finditer(low):
        before = low[max(0, n.start() - _LOOK_BACK) : n.start()]
        if (
            _LEVEL_BEFORE.search(before)
            or _CLOCK_BEFORE.search(before)
            or _NOT_MONEY_AFTER.match(low, n.end())
            or (n.start() > 0 and low[n.start() - 1].isalpha())  # "m14": a postcode
            or _NOT_HOURS_BEFORE.search(before)
            or _NOT_HOURS_AFTER.match(low, n.end())
        ):
            continue  # "level 3", "starts at 6", "5 days", "3 shifts", "im 34", "the 73 bus"
        if (
            _CURRENCY_AFTER.match(low, n.end())
            or re.search(r"\b(?:pounds?|quid)\s+(?:and\s+)?$", before)
            or _PENCE_NOT_QUARTER.fullmatch(n.group(1))
        ):
            return None  # "12 pounds 90", "12.80": pay (hours come in quarters: "37.50")
        period = _period_after(low, n.end())
        if period and period != "week":
            return None  # "11 an hour" is pay
        if period == "week" and Decimal(n.group(1)) > 100:
            return None  # "300 a week" is pay
        numbers.append(n.group(1))
    return numbers


# What the whole message says about the week before any one reading of it, in order: a total
# said, hours changed to a number, a fortnight's, overtime on top, jobs listed, an average, a
# sum, "N more so M now", the hours worked past a contract.
_WHOLE_MESSAGE_READERS: tuple[Callable[[str], Decimal | None], ...] = (
    _said_total,
    _changed_to,
    _over_weeks,
    _with_overtime,
    _jobs_listed,
    _averages_at,
    _summed_hours,
    _more_then_total,
    _worked_past_contract,
)


# The ways a week's hours are said, most telling first.
_WEEKLY_READERS: tuple[Callable[[str], _Hours], ...] = (
    _no_number,
    _week_range,
    _week_total,
    _shifts_a_month,
    _from_shifts,
    _times_days,
    _times_x,
    _per_shift_only,
    _hours_range,
    _number_of_hours,
    _full_time,
    _no_number_or_pay,
    _bare_number,
)


def parse_money_has_period(low: str) -> bool:
    """True if some number in the text is followed by a pay period ("11 an hour")."""
    return any(_period_after(low, m.end()) for m in re.finditer(r"\d(?:k\b)?", low))


def _checked(hours: Decimal) -> Decimal | None:
    return _clean(hours) if Decimal(0) < hours <= 100 else None


def _clean(hours: Decimal) -> Decimal:
    hours = hours.normalize()
    return hours.quantize(Decimal(1)) if hours == hours.to_integral_value() else hours


# --- days --------------------------------------------------------------------------------------

_DAY_PATTERNS: tuple[tuple[str, int], ...] = (
    (r"mon(?:day)?s?|mnd", 0),
    (r"tue(?:s|sday)?s?|tu", 1),
    (r"wed(?:s|nesday|nesdays)?|weds|wensday", 2),
    (r"thu(?:r|rs|rsday)?s?|thurs?day|thursdays?", 3),
    (r"fri(?:day)?s?", 4),
    (r"sat(?:urday)?s?|sat", 5),
    (r"sun(?:day)?s?", 6),
)
_DAY_WORD = "(?:" + "|".join(p for p, _ in _DAY_PATTERNS) + ")"
_DAY_RE = re.compile(r"\b(" + _DAY_WORD + r")\b")
_DAY_RANGE = re.compile(
    r"\b(" + _DAY_WORD + r")\s*(?:-|–|to|till|until|til|thru|through)\s*(" + _DAY_WORD + r")\b"
)
_EXCEPT = re.compile(r"\b(?:except|but\s+not|apart\s+from|not\s+on|not|besides|bar)\b")


def _day_index(word: str) -> int:
    for pattern, index in _DAY_PATTERNS:
        if re.fullmatch(pattern, word):
            return index
    raise ValueError(word)


def _days_in(low: str) -> set[int]:
    days: set[int] = set()
    for m in _DAY_RANGE.finditer(low):
        a, b = _day_index(m.group(1)), _day_index(m.group(2))
        d = a
        days.add(d)
        while d != b:
            d = (d + 1) % 7
            days.add(d)
    low = _DAY_RANGE.sub(" ", low)
    if re.search(r"\bweek\s*ends?\b|\bweekends?\b", low):
        days |= {5, 6}
    if re.search(r"\bweek\s*days?\b|\bmon(?:day)?\s*(?:-|to)\s*fri(?:day)?\b", low):
        days |= {0, 1, 2, 3, 4}
    if re.search(r"\bevery\s*day\b|\beveryday\b|\ball\s+week\b|\b7\s+days\b|\bdaily\b", low):
        days |= set(range(7))
    low = re.sub(r"\bweek\s*(?:ends?|days?)\b", " ", low)
    days |= {_day_index(m.group(1)) for m in _DAY_RE.finditer(low)}
    return days


# Days worked only now and then: "sometimes weekends", "the odd saturday", "weekend extra",
# "no weekend": not the usual rota ("monday to friday, sometime weekend extra" had been Mon-Sun)
_DAY_WORD = r"(?:week\s*ends?|sat(?:urday)?s?|sun(?:day)?s?)"
_NOW_AND_THEN = re.compile(
    r"\b(?:some\s*times?|occasional(?:ly)?|the\s+odd|odd|extra|overtime\s+on|now\s+and\s+then|no"
    r"|not|never|the\s+occasional|an?\s+occasional)\s+(?:on\s+)?(?:the\s+|a\s+)?"
    + _DAY_WORD
    + r"|\b"
    + _DAY_WORD
    + r"\s+(?:extra|sometimes?|occasionally|now\s+and\s+then|if\s+(?:needed|busy)"
    r"|only\s+sometimes?)\b"
)


def parse_days(text: str) -> list[int]:
    """Days of the week (0=Monday): "mon-wed", "weekends", "tues and thurs", "every day but sun"."""
    low = _lower(text)
    usual = _NOW_AND_THEN.sub(" ", low)
    if usual != low and _days_in(usual):
        low = usual  # the usual days are said too: the now-and-then ones are not kept
    m = _EXCEPT.search(low)
    if m:
        before, after = low[: m.start()], low[m.end() :]
        included = _days_in(before)
        if included:
            return sorted(included - _days_in(after))
    return sorted(_days_in(low))


# --- times -------------------------------------------------------------------------------------

# Words just before a shift word that say it is NOT worked: "no nights", "i don't do lates",
# "never earlies", "anything but nights" (the shift is skipped, never saved as theirs).
_NOT_BEFORE = re.compile(
    r"\b(?:no|not|never|don'?t|dont|do\s+not|can'?t|cant|cannot|won'?t|wont|avoid|except"
    r"|without|but|apart\s+from|rather\s+than|instead\s+of|hate|stop(?:ped)?|no\s+more)"
    r"\s+(?:(?:do|doing|work|working|want|wanting|any|more|on|the|a)\s+){0,2}$"
)
_SHIFT_WORDS: tuple[tuple[str, time, time], ...] = (
    (r"\bnight(?:s|\s*shifts?)?\b|\bnites?\b|\bovernights?\b", time(22), time(6)),
    # "early mornings" is mornings, not the 6am-2pm earlies
    (r"\bearl(?:y|ies)(?: shifts?)?\b(?!\s+mornings?)|\bmorning shifts?\b", time(6), time(14)),
    (r"\blates?(?: shifts?)?\b|\bafternoon shifts?\b", time(14), time(22)),
    (r"\btwilights?(?: shifts?)?\b", time(17), time(22)),
    (
        r"\bday shifts?\b|\bdays\s+(?:only|mostly)\b|\bnine\s+to\s+five\b|\A\s*days?\s*\Z",
        time(9),
        time(17),
    ),
    (r"\bmornings?\b", time(6), time(12)),
    (r"\bafternoons?\b", time(12), time(18)),
    (r"\bevenings?\b|\beves\b", time(18), time(22)),
)
_CLOCK = r"(\d{1,2}(?!\d)|noon|midday|midnight)(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_TIME_RANGE = re.compile(
    r"(?:\bhalf\s+(\d{1,2})\b|\b" + _CLOCK + r")\s*(?:-|–|to|till|til|until|thru|through)\s*"
    r"(?:\bhalf\s+(\d{1,2})\b|" + _CLOCK + r")"
    # "two to three days a week" and "2 to 3 shifts" are counts; "8 till 8 nights" and
    # "7 till 7 days" are clock times
    r"(?!\s*(?:hours?|hrs?|%|quid|pounds?|shifts?|weeks?|times|months?|years?)\b)"
    r"(?!\s*(?:days?|nights?)\s+(?:a|per|each|in\s+a)\s+week)"
)


def _clock(h: str, m: str | None, half: str | None) -> tuple[int, int, bool] | None:
    """(hour, minute, fixed) where fixed means midnight/noon or a 24-hour clock."""
    if half:
        return int(half), 30, False
    if h in ("noon", "midday"):
        return 12, 0, True
    if h == "midnight":
        return 0, 0, True
    hour, minute = int(h), int(m or 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute, hour >= 13 or hour == 0 or (m is not None and len(h) == 2 and hour < 10)


def _apply_ampm(hour: int, ampm: str) -> int:
    if ampm.startswith("p"):
        return hour if hour == 12 else hour + 12
    return 0 if hour == 12 else hour


# A word right after a clock range decides am/pm: "6-8 morning", "6-9 evening", "10-6 nights".
_RANGE_QUALIFIER = re.compile(
    r"\s*(?:in\s+the\s+|at\s+)?(?:(?P<am>mornings?\b|morn\b)"
    r"|(?P<pm>evenings?\b|eves?\b|afternoons?\b|tonight\b)|(?P<night>nights?\b|nites?\b))"
)
# ... or, failing that, right before it: "mornings 6-8, evenings 6-9".
_QUALIFIER_BEFORE = re.compile(
    r"(?:\b(?P<am>mornings?|morn)|\b(?P<pm>evenings?|eves?|afternoons?)"
    r"|\b(?P<night>nights?|nites?))\s*(?:from\s+|between\s+|:\s*)?$"
)
_NIGHT_WORD = re.compile(r"\bnights?\b|\bnites?\b|\bnight\s*shifts?\b")


def _range_from(m: re.Match[str], low: str, night: bool) -> tuple[time, time] | None:
    half1, h1, m1, ap1, half2, h2, m2, ap2 = m.groups()
    a, b = _clock(h1, m1, half1), _clock(h2, m2, half2)
    if not (a and b):
        return None
    ap1 = (ap1 or "").replace(".", "")
    ap2 = (ap2 or "").replace(".", "")
    if not ap1 and not ap2:
        ap2, night = _qualified(m, low, night)
    (sh, sm, sfix), (eh, em, efix) = a, b
    if not ap1 and not sfix and efix and (eh, em) == (0, 0) and 1 <= sh <= 9:
        sh += 12  # "5 till midnight": an evening, not 19 hours from 5am
    if ap1 or ap2:
        sh, eh = _with_ampm(sh, sfix, ap1, eh, efix, ap2)
    elif not sfix and not efix:
        sh, eh = _likeliest_hours(sh, sm, eh, em, night)
    if not ap2 and not efix and eh < sh and eh < 12 and eh + 12 > sh:
        eh += 12  # "9-5", "7am till 3": the end is later the same day
    if 0 <= sh < 24 and 0 <= eh < 24:
        return time(sh, sm), time(eh, em)
    return None


def _qualified(m: re.Match[str], low: str, night: bool) -> tuple[str, bool]:
    """(am/pm for the end, night) from a word right after the range, or else right before it:
    "6-8 morning", "6-9 evening", "10-6 nights", "mornings 6-8"."""
    q = _RANGE_QUALIFIER.match(low, m.end()) or _QUALIFIER_BEFORE.search(
        low, max(0, m.start() - _LOOK_BACK), m.start()
    )
    if not q:
        return "", night
    ampm = "am" if q.group("am") else "pm" if q.group("pm") else ""
    return ampm, night or bool(q.group("night"))


def _with_ampm(sh: int, sfix: bool, ap1: str, eh: int, efix: bool, ap2: str) -> tuple[int, int]:
    """Start and end hours when am or pm was said (or fixed by a word) for either end."""
    if ap2 and not efix:
        eh = _apply_ampm(eh, ap2)
    if ap1 and not sfix:
        sh = _apply_ampm(sh, ap1)
    elif ap2 and not sfix and sh <= 12:
        # "6-9pm": the start shares the end's am/pm unless that puts it after the end
        cand = _apply_ampm(sh, ap2)
        sh = cand if cand < eh or eh == 0 else sh
    return sh, eh


def _likeliest_hours(sh: int, sm: int, eh: int, em: int, night: bool) -> tuple[int, int]:
    """No am or pm anywhere: the likeliest working hours."""
    if night and 6 <= sh < 12 and eh <= 11:
        return sh + 12, eh  # "10-6 nights"
    if sh < eh and sh <= 6 and eh <= 11:
        return sh + 12, eh + 12  # "6-9": an evening
    if sh == eh and sm == em and 1 <= sh <= 11:
        return sh, eh + 12  # "8 till 8": a 12-hour day (with "nights", 20:00-08:00 above)
    return sh, eh


def _clock_ranges(low: str) -> list[tuple[time, time]]:
    night = bool(_NIGHT_WORD.search(low))
    return [r for m in _TIME_RANGE.finditer(low) if (r := _range_from(m, low, night))]


def parse_time_range(text: str) -> tuple[time, time] | None:
    """A time window: "6-9pm", "18:00-21:00", "7am till 3", "nights", "earlies".

    The first of `parse_time_ranges`: the first clock range, else the first shift word said.
    """
    ranges = parse_time_ranges(text)
    return ranges[0] if ranges else None


_TILL = r"\b(till|til|until|to)\s+"
_OPEN_END = r"(?:close|closing|late|finish|the\s+end|whenever|done)\b"
_CLOSE_THEN_TIME = re.compile(
    _TILL + _OPEN_END + r"[^0-9]{0,25}?"
    r"(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)|\d{1,2}(?:[:.]\d{2})?(?=\s*ish\b)|midnight\b)"
)  # "6pm till close, usually 1am", "6am till whenever usually 5ish", "5 till close, midnight"
_TILL_ABOUT = re.compile(_TILL + r"(?:about|around|roughly|like|approx\.?|ish)\s+")
_TILL_CLOSE = re.compile(_TILL + _OPEN_END)


def _open_ended(low: str) -> str:
    """ "6pm till close, usually 1am" -> "6pm till 1am"; "until about 1am" -> "until 1am";
    a lone "till late" / "till close" / "till whenever" is no time at all (not the 2pm-10pm
    "lates")."""
    low = _CLOSE_THEN_TIME.sub(r"\1 \2", low)
    low = _TILL_ABOUT.sub(r"\1 ", low)
    return _TILL_CLOSE.sub(" ", low)


_CLOCK_WORD = r"(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_SPOKEN_PM = re.compile(
    r"\b" + _CLOCK_WORD + r"(?:\s+o'?\s*clock)?\s+(?:at\s+night|(?:in\s+)?(?:the\s+)?"
    r"(?:evening|afternoon))\b(?!\s+(?:shifts?|jobs?|sessions?|classes))"
)  # "3 in the afternoon", and "3 afternoon" / "7 in morning" (English as a second language)
_SPOKEN_AM = re.compile(
    r"\b" + _CLOCK_WORD + r"(?:\s+o'?\s*clock)?\s+(?:in\s+)?(?:the\s+)?morning\b"
    r"(?!\s+(?:shifts?|jobs?|sessions?|classes))"
)
_SPOKEN_BEFORE = re.compile(
    r"\b"
    + _CLOCK_WORD.replace("|\\d{1,2}", "")
    + r"(?=\s+(?:till|til|until|to|-)\s+"
    + _CLOCK_WORD
    + r"\b(?!\s+(?:days?|nights?|shifts?|weeks?|times|hours?)\b))"
)
_SPOKEN_AFTER = re.compile(
    r"\b(from|at|until|till|til|to)\s+" + _CLOCK_WORD.replace("|\\d{1,2}", "") + r"\b"
)


def _clock_digit(word: str) -> str:
    return str(_UNITS.get(word, word))


def _spoken_times(low: str) -> str:
    """Voice-to-text times: "ten at night until six in the morning" -> "10pm until 6am";
    "from seven till three" -> "from 7 till 3". Only number words that are clearly times are
    changed ("two to three days" stays as it is)."""
    low = _SPOKEN_PM.sub(lambda m: f"{_clock_digit(m.group(1))}pm", low)
    low = _SPOKEN_AM.sub(lambda m: f"{_clock_digit(m.group(1))}am", low)
    low = _SPOKEN_BEFORE.sub(lambda m: _clock_digit(m.group(1)), low)
    return _SPOKEN_AFTER.sub(lambda m: f"{m.group(1)} {_clock_digit(m.group(2))}", low)


def parse_time_ranges(text: str, *, shift_words: bool = True) -> list[tuple[time, time]]:
    """Every time window, in the order said: "6-8 morning and 6-9 evening" -> two ranges.

    Why: a worker free at two times of day must not be matched only to the first (or worse,
    to one range built from both). Clock ranges, when there are any; else shift words in the
    order they appear ("earlies and lates"); `shift_words=False` gives clock ranges only.
    """
    low = _spoken_times(_open_ended(_lower(text)))
    ranges = _clock_ranges(low)
    if ranges or not shift_words:
        return ranges
    found: list[tuple[int, int, tuple[time, time]]] = []
    for pattern, start, end in _SHIFT_WORDS:  # table order decides overlaps ("morning shift")
        for m in re.finditer(pattern, low):
            if _NOT_BEFORE.search(low[: m.start()]):  # "no nights": the shifts they don't do
                continue
            if not any(m.start() < b and a < m.end() for a, b, _ in found):
                found.append((m.start(), m.end(), (start, end)))
    return [r for _, _, r in sorted(found, key=lambda f: f[0])]


def parse_shift_hours(text: str) -> Decimal | None:
    """Hours in one shift: "12 hour shifts" -> 12, "9:30-2:30" -> 5, "10pm-6am" -> 8, "9-5" -> 8.

    Why: shift times are not weekly hours (`parse_hours` gives None for them), but the length
    of a shift still tells us which courses and hours fit around it.
    """
    low = _hours_text(text)
    total = _TOTAL_HOURS.search(low)
    if total is not None:  # "16 at the school and 10 at the office so 26 altogether"
        value = Decimal(total.group("a") or total.group("b"))
        if 0 < value <= 100:
            return value
    for corrected in _corrected_texts(low):  # "7.5hrs a day, sorry 8.5hrs": the 8.5
        product = _shift_product(corrected)
        if product:
            return _clean(product[0])
    product = _shift_product(low)
    if product:
        return _clean(product[0])
    m = _SHIFT_LENGTH.search(low)
    if m:
        value = Decimal(next(g for g in m.groups() if g))
        return _clean(value) if Decimal(0) < value <= 24 else None
    ranges = _clock_ranges(low)
    if not ranges:
        return None
    minutes = _span_minutes(*ranges[0])
    if minutes == 0:
        return None
    return _clean((Decimal(minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _span_minutes(start: time, end: time) -> int:
    """Minutes from start to end, over midnight when the end is earlier ("10pm-6am": 480)."""
    return (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % (24 * 60)


_SHIFT_LENGTH = re.compile(
    r"(?<![\d.£:])(\d{1,2}(?:\.\d+)?)\s*-?\s*(?:hours?|hrs?|h)\s*(?:long\s+)?(?:shifts?|days?)\b"
    r"|\b(?:shifts?|days?)\s+(?:of|are|is|are\s+about)\s+(\d{1,2}(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b"
    r"|(?<![\d.£:])(\d{1,2}(?:\.\d+)?)\s*(?:hours?|hrs?|h)\s*(?:a|per|each)\s*(?:shift|day)\b"
)


# --- shift patterns ----------------------------------------------------------------------------

_N_ON_N_OFF = re.compile(r"\b(\d{1,2})\s*(?:days?\s+)?on[\s,/]+(\d{1,2})\s*(?:days?\s+)?off\b")
_PATTERN_WORDS: tuple[tuple[str, str], ...] = (
    ("night", r"\bnights?\b|\bnites?\b|\bnight\s*shifts?\b|\bovernights?\b"),
    ("early", r"\bearl(?:y|ies)\b(?:\s*shifts?)?|\bmorning\s+shifts?\b"),
    ("late", r"\blates\b|\blate\s+shifts?\b|\bafternoon\s+shifts?\b|\A\s*lates?\s*\Z"),
    ("weekends", r"\bweekends?\s+only\b|\bonly\s+(?:at\s+|on\s+)?weekends?\b|\bjust\s+weekends?\b"),
    (
        "varies",
        r"\bit\s+(?:changes|varies|depends)\b|\brota\b|\ball\s+over\s+the\s+place\b|\bvaries\b"
        r"|\bchanges\s+(?:every|each)\b|\bdifferent\s+(?:every|each)\b|\bmixed\s+shifts\b",
    ),
    (
        "day",
        r"(?<!\d\s)(?<!\d)(?<!long\s)(?<!hour\s)(?<!hr\s)\bdays\b|\bday\s*shifts?\b|\bdays\s+only\b|\b9\s*(?:-|to|till)\s*5\b"
        r"|\bnine\s+to\s+five\b|\A\s*day\s*\Z",
    ),
)


def parse_pattern(text: str) -> str | None:
    """The shape of someone's shifts: "early", "late", "night", "4_on_4_off", "weekends",
    "varies" or "day".

    Why: a course that meets on Tuesday evenings fits "earlies" but not "lates"; matching needs
    the pattern even when the worker gives no times. Two of early/late/night ("earlies and
    lates") is "varies".
    """
    low = _lower(text)
    m = _N_ON_N_OFF.search(_words_to_digits(low))
    if m:
        return f"{int(m.group(1))}_on_{int(m.group(2))}_off"
    hits = [
        name
        for name, pattern in _PATTERN_WORDS
        if any(not _NOT_BEFORE.search(low[: m.start()]) for m in re.finditer(pattern, low))
    ]
    if len({"early", "late", "night"} & set(hits)) > 1:
        return "varies"
    return hits[0] if hits else None


# --- corrections ---------------------------------------------------------------------------

_STRONG_LEAD = (
    r"oops|whoops|woops|my\s+bad|correction|typo|i\s+meant(?:\s+to\s+(?:say|put|type))?"
    r"|meant\s+to\s+(?:say|put|type)|i\s+mean"
)
_AFTER_WEAK = (
    r"i\s+meant(?:\s+to\s+(?:say|put|type))?|i\s+mean|it\s*'?s|its|it\s+is|it\s+should\s+be"
    r"|should\s+(?:be|say|have\s+said)|make\s+(?:that|it)|is"
)  # "is": "no is 25 hour all together" (English as a second language)
_CORRECTION_LEAD = re.compile(
    r"^\W*(?:(?:oh|ah|oops|whoops|um+|erm+|sorry|soz|sry|no|nope|nah|actually|wait)\b"
    r"[\s,.!:-]*)*"
    r"(?:(?P<strong>" + _STRONG_LEAD + r")\b|(?P<weak>" + _AFTER_WEAK + r")\b)"
    r"(?:[\s,.!:-]*(?:" + _AFTER_WEAK + r")\b)?[\s,.!:-]*",
    re.IGNORECASE,
)
_WEAK_START = re.compile(
    r"^\W*(?:(?:oh|ah|um+|erm+)\b[\s,.!]*)?(?:sorry|soz|sry|no|nope|nah"
    r"|actually|wait|oops|whoops)\b",
    re.IGNORECASE,
)
_TRAILING_NOT = re.compile(
    r"(?<![\s,])[\s,]+(?:not|instead\s+of|rather\s+than)\s+(?!sure\b)£?\d[\d.,:]*\s*(?:p|k|%)?"
    r"(?:\s*(?:an?\s+hour|per\s+hour|hours?|hrs?|quid|pounds?|days?|am|pm))?[\s.!]*$"
    r"|(?<![\s,])[\s,]+(?:not|instead\s+of|rather\s+than)\s+(?!sure\b)[a-z]+[\s.!]*$",
    re.IGNORECASE,
)
_NOT_SURE = re.compile(r"\bnot\s+(?:sure|certain)\b|\bno\s+idea\b", re.IGNORECASE)


def _has_value(text: str) -> bool:
    """Whether some parser could read a value from `text` (a number, day, time or pattern)."""
    return bool(
        re.search(r"[\d£]", text)
        or parse_days(text)
        or parse_time_range(text)
        or parse_pattern(text)
        or _WORD_NUMBER.search(text.lower())
    )


# "sorry 10", "soz, 12.50", "oops £11": an apology and then just a number is a correction
_SORRY_NUMBER = re.compile(r"^\W*(?:sorry|soz|sry|oops|whoops)\b[\s,.!:-]*(?=£?\d)", re.IGNORECASE)


_SPOKEN_RATE = re.compile(r"^\W*(?:(?:it'?s|its|now|about|on)\s+)*(\d{1,2})\s+(\d{2})\b(?!\s*\d)")


# "... pay rise. fourteen ninety now.": two number words then "now" or "an hour", anywhere
_SPOKEN_RATE_NOW = re.compile(
    r"(?<![\d.£])(\d{1,2})\s+(\d{2})\s+(?:now|an?\s+hour|ph|per\s+hour)\b"
)


def spoken_rate(text: str) -> int | None:
    """An hourly rate said in words, for a question that asks for a pay: "Fourteen ninety
    now." -> 1490 pence. Only two number words in a row at the start (voice-to-text writes
    "£14.90" that way); elsewhere "twelve fifty" stays two numbers."""
    low = _words_to_digits(_lower(text[:120]))
    m = _SPOKEN_RATE.match(low) or _SPOKEN_RATE_NOW.search(low)
    if m is None:
        return None
    pence = int(m.group(1)) * 100 + int(m.group(2))
    return pence if 500 <= pence <= 6000 else None


def strip_correction(text: str) -> tuple[bool, str]:
    """(True, the corrected value's text) for "sorry i meant 12.50 not 9.50" -> "12.50".

    Why: workers fix their last answer in the next message; the parsers must read the new
    value, not the old one after "not", and the flow must know to overwrite. Lead words
    ("oops", "i meant", "no it's", "correction:") and a trailing "not X" are removed.
    "not sure" is never a correction. Otherwise (False, text) unchanged.
    """
    if _NOT_SURE.search(text):
        return False, text
    rest = _SPACES.sub(" ", text)
    corrected = False
    m = _CORRECTION_LEAD.match(rest)
    if m and (m.group("strong") or (_WEAK_START.match(rest) and _has_value(rest[m.end() :]))):
        rest, corrected = rest[m.end() :], True  # "no it's fine" is not a correction
    elif (apology := _SORRY_NUMBER.match(rest)) is not None:
        rest, corrected = rest[apology.end() :], True  # "sorry 10", "soz, £12.50"
    t = _TRAILING_NOT.search(rest)
    if t and rest[: t.start()].strip() and re.search(r"[\d£]", t.group()) or (t and corrected):
        rest, corrected = rest[: t.start()], True
    rest = rest.strip(" \t\n,.!:;-")
    if not corrected or not rest:
        return False, text
    return True, rest
