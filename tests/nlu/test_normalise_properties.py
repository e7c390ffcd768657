"""Property tests: every normaliser takes any text a worker (or their phone) can send.

Why: workers type anything, voice-to-text adds more, and one exception in a parser stops a
conversation. So every public parser must return its declared type or None for any input,
and the values it returns must be believable. The checks and strategies are plain module
names so `benchmarks/fuzz_normalisers.py` can run the same properties at a larger count.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.normalise import (
    Money,
    Rise,
    apply_rise,
    likely_period,
    parse_days,
    parse_hours,
    parse_money,
    parse_pattern,
    parse_rise,
    parse_shift_hours,
    parse_time_range,
    parse_time_ranges,
    parse_visit_pay,
    strip_correction,
)

TODAY = date(2026, 11, 23)
PERIODS = {"hour", "day", "week", "fortnight", "four_weeks", "month", "year"}
PATTERNS = {"early", "late", "night", "weekends", "varies", "day"}

# --- strategies ------------------------------------------------------------------------------

_TOKENS = [
    "£", "p", ":", "-", ".", ",", "k", "K", "%", "/", "½", " ", "  ", "\n", "\t", "\x00", "\x1b",
    "\u200b", "\u00a0", "’", "😀", "👍🏽", "🕘", "hour", "hours", "hrs", "h", "an hour", "ph",
    "a week", "pw", "a month", "pcm", "a year", "pa", "a day", "a fortnight", "every 4 weeks",
    "four weekly", "quid", "pounds", "pound", "grand", "mon", "tues", "wed", "thurs", "fri",
    "sat", "sun", "to", "till", "and", "or", "not", "except", "weekends", "weekdays", "every day",
    "am", "pm", "morning", "evening", "nights", "nites", "earlies", "lates", "shifts", "shift",
    "of", "x", "days", "on", "off", "rota", "up by", "rise", "extra", "more", "percent", "sorry",
    "i meant", "oops", "no its", "correction:", "not sure", "minimum wage", "nmw", "full time",
    "part time", "eleven", "twelve", "fifty", "thirty seven", "and a half", "level", "noon",
    "midnight", "half", "hundred", "thousand", "a hundred", "twelves", "10s", "n half",
    "contracted", "contract", "but i do", "24 hour", "the", "at asda", "cleaning",
]  # fmt: skip
_NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(str),
    st.from_regex(r"\d{1,2}[:.]\d{2}", fullmatch=True),
    st.from_regex(r"\d{1,3}(,\d{3})+", fullmatch=True),
    st.from_regex(r"\d{1,2},\d{1,2}", fullmatch=True),
)
MESSY = st.lists(
    st.one_of(st.sampled_from(_TOKENS), _NUMBERS, st.text(max_size=3)), max_size=40
).map(" ".join)
ANY_TEXT = st.text()  # every code point Hypothesis can draw, control characters included
# Long messages (up to 5,000 characters) built by repeating a short piece: drawing 5,000
# random characters one by one makes Hypothesis, not the parsers, the slow part.
_PIECE = st.one_of(st.text(min_size=1, max_size=30), MESSY.filter(bool))
LONG = st.tuples(_PIECE, st.integers(min_value=100, max_value=5000)).map(
    lambda t: (t[0] * (t[1] // len(t[0]) + 1))[: t[1]]
)
TEXTS = st.one_of(ANY_TEXT, MESSY, LONG)


# --- checks: each raises AssertionError on a broken property -----------------------------------


def _is_time_pair(r: object) -> bool:
    return (
        isinstance(r, tuple) and len(r) == 2 and all(isinstance(t, time) for t in r)  # type: ignore[arg-type]
    )


def check_money(text: str) -> None:
    m = parse_money(text, today=TODAY)
    assert m is None or isinstance(m, Money), m
    if m is not None:
        assert isinstance(m.pence, int) and m.pence > 0, m
        assert m.period is None or m.period in PERIODS, m
        assert likely_period(m) in PERIODS


def check_hours(text: str) -> None:
    h = parse_hours(text)
    assert h is None or (isinstance(h, Decimal) and Decimal(0) < h <= 100), h


def check_shift_hours(text: str) -> None:
    h = parse_shift_hours(text)
    assert h is None or (isinstance(h, Decimal) and Decimal(0) < h <= 24), h


def check_days(text: str) -> None:
    days = parse_days(text)
    assert isinstance(days, list), days
    assert all(isinstance(d, int) and 0 <= d <= 6 for d in days), days
    assert days == sorted(set(days)), days


def check_time_range(text: str) -> None:
    r = parse_time_range(text)
    assert r is None or _is_time_pair(r), r
    ranges = parse_time_ranges(text)
    assert isinstance(ranges, list) and all(_is_time_pair(x) for x in ranges), ranges
    if ranges:
        assert r == ranges[0], (r, ranges)


def check_rise(text: str) -> None:
    rise = parse_rise(text)
    assert rise is None or isinstance(rise, Rise), rise
    if rise is not None:
        assert (rise.pence is None) != (rise.percent is None), rise
        assert rise.pence is None or rise.pence > 0, rise
        assert rise.percent is None or Decimal(0) < rise.percent <= 100, rise
        assert rise.period is None or rise.period in PERIODS, rise
        assert apply_rise(1271, rise) > 1271, rise


def check_pattern(text: str) -> None:
    p = parse_pattern(text)
    assert p is None or p in PATTERNS or (p.endswith("_off") and "_on_" in p), p


def check_correction(text: str) -> None:
    fixed, rest = strip_correction(text)
    assert isinstance(fixed, bool) and isinstance(rest, str)
    if not fixed:
        assert rest == text
    else:
        assert rest and len(rest) <= len(text)


CHECKS: dict[str, Callable[[str], None]] = {
    "parse_money": check_money,
    "parse_hours": check_hours,
    "parse_shift_hours": check_shift_hours,
    "parse_days": check_days,
    "parse_time_range(s)": check_time_range,
    "parse_rise": check_rise,
    "parse_pattern": check_pattern,
    "strip_correction": check_correction,
}


def check_money_round_trip(pence: int, commas: bool) -> None:
    pounds, pp = divmod(pence, 100)
    shown = f"{pounds:,}" if commas else str(pounds)
    assert parse_money(f"£{shown}.{pp:02d} an hour", today=TODAY) == Money(pence, "hour")


def check_hours_round_trip(halves: int) -> None:
    h = Decimal(halves) / 2
    assert parse_hours(f"{h} hours") == h


PENCE = st.integers(min_value=1, max_value=10**9)
HALF_HOURS = st.integers(min_value=1, max_value=200)  # 0.5 to 100 hours

# --- the tests -------------------------------------------------------------------------------

FAST = settings(derandomize=True, max_examples=300, deadline=None)


@FAST
@given(TEXTS)
def test_parse_money_never_raises_and_is_positive(text: str) -> None:
    check_money(text)


@FAST
@given(TEXTS)
def test_parse_hours_never_raises_and_is_believable(text: str) -> None:
    check_hours(text)


@FAST
@given(TEXTS)
def test_parse_shift_hours_never_raises(text: str) -> None:
    check_shift_hours(text)


@FAST
@given(TEXTS)
def test_parse_days_are_sorted_unique_weekdays(text: str) -> None:
    check_days(text)


@FAST
@given(TEXTS)
def test_time_ranges_never_raise(text: str) -> None:
    check_time_range(text)


@FAST
@given(TEXTS)
def test_parse_rise_never_raises(text: str) -> None:
    check_rise(text)


@FAST
@given(TEXTS)
def test_parse_pattern_never_raises(text: str) -> None:
    check_pattern(text)


@FAST
@given(TEXTS)
def test_strip_correction_never_raises(text: str) -> None:
    check_correction(text)


@FAST
@given(PENCE, st.booleans())
def test_an_hourly_amount_parses_back_exactly(pence: int, commas: bool) -> None:
    check_money_round_trip(pence, commas)


@FAST
@given(HALF_HOURS)
def test_hours_parse_back(halves: int) -> None:
    check_hours_round_trip(halves)


# --- round trips through the readers a parser is built from -----------------------------------
# Why: parse_money, parse_hours and parse_time_range each try several readers in turn; these
# check that a value said plainly is read back exactly, whichever reader takes it.

PERIOD_WORDS = {
    "hour": "an hour",
    "day": "a day",
    "week": "a week",
    "fortnight": "a fortnight",
    "four_weeks": "every 4 weeks",
    "month": "a month",
    "year": "a year",
}
CLOCK_TIMES = st.builds(
    time, st.integers(min_value=0, max_value=23), st.sampled_from((0, 15, 30, 45))
)


def _twelve_hour(t: time) -> str:
    """09:30 -> "9:30am", 00:00 -> "12am", 13:00 -> "1pm"."""
    hour = t.hour % 12 or 12
    minutes = f":{t.minute:02d}" if t.minute else ""
    return f"{hour}{minutes}{'am' if t.hour < 12 else 'pm'}"


@FAST
@given(st.integers(min_value=1, max_value=10**7), st.sampled_from(sorted(PERIOD_WORDS)))
def test_an_amount_with_its_period_parses_back_exactly(pence: int, period: str) -> None:
    pounds, pp = divmod(pence, 100)
    said = f"£{pounds}.{pp:02d} {PERIOD_WORDS[period]}"
    assert parse_money(said, today=TODAY) == Money(pence, period), said  # type: ignore[arg-type]


@FAST
@given(st.integers(min_value=8, max_value=99), st.sampled_from(("a week", "pw", "in total")))
def test_a_weekly_total_parses_back_whatever_else_is_said(hours: int, said: str) -> None:
    assert parse_hours(f"{hours} hours {said}") == hours
    assert parse_hours(f"{hours} hours {said}, 8 hour shifts") == hours  # the total wins


@FAST
@given(CLOCK_TIMES, CLOCK_TIMES, st.sampled_from(("-", " to ", " till ")))
def test_a_time_range_with_am_or_pm_parses_back_exactly(start: time, end: time, dash: str) -> None:
    said = f"{_twelve_hour(start)}{dash}{_twelve_hour(end)}"
    assert parse_time_range(said) == (start, end), said


@given(
    st.integers(min_value=500, max_value=3000),
    st.integers(min_value=500, max_value=3000),
    st.sampled_from(["no wait", "actually i mean", "sorry", "wait no", "oops"]),
)
def test_the_amount_after_a_correction_inside_one_message_wins(
    first: int, second: int, word: str
) -> None:
    said = f"{first / 100:.2f} {word} {second / 100:.2f}"
    got = parse_money(said)
    assert got is not None and got.pence == second


@FAST
@given(
    st.sampled_from(["earlies", "lates", "nights", "nites", "twilights", "evenings"]),
    st.sampled_from(["no", "not", "never", "dont do", "don't want", "anything but", "no more"]),
)
def test_a_shift_word_said_as_not_worked_gives_no_time_and_no_pattern(shift: str, no: str) -> None:
    """Whatever negation and shift word, nothing is read as worked."""
    assert parse_time_ranges(f"{no} {shift}") == []
    assert parse_pattern(f"{no} {shift}") is None


@FAST
@given(TEXTS)
def test_parse_visit_pay_never_raises_and_stays_in_bounds(text: str) -> None:
    found = parse_visit_pay(text)
    if found is not None:
        assert 100 <= found[0] <= 20_000 and found[1] in (None, 15, 20, 30, 40, 45, 60)
