"""Hours (and money said in words) the way workers type them: halves said loosely, shifts
counted as "3 twelves", two jobs, overtime past the contract, "the 24 hour tesco", and big
numbers in words ("three hundred and twenty pound a week").

Every expected value is worked out by hand in the comment beside it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nlu.normalise import Money, _words_to_digits, parse_hours, parse_money

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        # halves
        ("thirty seven and a half a week", Decimal("37.5")),
        ("thirty seven n half", Decimal("37.5")),  # "n" for "and"
        ("37 and half hrs", Decimal("37.5")),  # no "a"
        ("22 & a half hours", Decimal("22.5")),
        # shifts counted by their length: "twelves", "10s"
        ("i do 3 twelves", Decimal(36)),  # 3 x 12
        ("2 twelves and a six", Decimal(30)),  # 2 x 12 + 6
        ("i work 4 x 10s", Decimal(40)),  # 4 x 10
        ("2 12s and 2 8s", Decimal(40)),  # 2 x 12 + 2 x 8
        ("3 12s and a 4 year old", Decimal(36)),  # a child's age is no shift: 3 x 12
        ("4 shifts of 10 hrs a week", Decimal(40)),  # "10 hrs" is one shift: 4 x 10
        # one more day with its own hours
        ("3 days of 8 hours plus saturday 6", Decimal(30)),  # 3 x 8 + 6
        ("8 hours mon-fri and 4 on sat", Decimal(44)),  # 5 x 8 + 4 (sat is not a 6th 8)
        ("3 days of 8 hours plus saturday at 6", Decimal(24)),  # "at 6" is a clock: 3 x 8
        # two jobs
        ("16 at asda and 14 at the chippy", Decimal(30)),  # 16 + 14
        ("20 at the care home and 16 cleaning", Decimal(36)),  # 20 + 16
        ("i do 18 hours at greggs + 12 at weekends in a bar", Decimal(30)),  # 18 + 12
        ("16 an hour at asda and 14 at tesco", None),  # 16 is pay; 14 alone is no answer
        # overtime: the hours worked, not the contract
        ("contracted 30 hrs but i do more like 42", Decimal(42)),
        ("on a 20 hour contract but work 35", Decimal(35)),
        ("my contract is 20 hours but i work 28", Decimal(28)),
        ("37.5h contract but im doing 50 at the minute", Decimal(50)),
        ("contract says 16 but i do 30 most weeks", Decimal(30)),
        ("contracted 16, do 24 usually", Decimal(24)),
        ("contracted 37.5 but about 45 with overtime", Decimal(45)),
        ("zero hours, usually around 25", Decimal(25)),
        ("contracted 16 hours but i want 30", Decimal(16)),  # wanted, not worked
        ("on a zero hours contract", None),
        # a shop open all day is not hours worked
        ("i work at the 24 hour tesco", None),
        ("at the 24hr asda doing 30 hours", Decimal(30)),
        ("24 hours a week", Decimal(24)),
        ("a 24 hour contract", Decimal(24)),
        ("i do a 24 hour shift", None),  # one shift's length, no count
        # lone numbers that are pay, ages or things
        ("12 pounds 90 pence per hour", None),  # pay
        ("went up by a pound fifty", None),  # "fifty" pence
        ("no its 12.80", None),  # pence, not a quarter hour: pay
        ("no its 37.50", Decimal("37.5")),  # a quarter hour: hours
        ("went from 12.21 to 12.71", None),  # a pay rise, not an hours range
        ("im 34", None),  # an age
        ("no 30", Decimal(30)),  # "no, 30": a correction, not "number 30"
        ("no 28 hours not 38", Decimal(28)),
        ("i get the 73 bus", None),
        ("flat 12b", None),
        ("postcode is m14 5rt", None),
        ("20 grand a year", None),
        ("four hundred a week", None),  # 400 is pay, not hours
    ],
)
def test_hours_as_typed(text: str, hours: Decimal | None) -> None:
    assert parse_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("four hundred a week", Money(40_000, "week")),
        ("three hundred and twenty pound a week", Money(32_000, "week")),
        ("salary is twenty five thousand", Money(2_500_000, "year")),  # "salary" first
        ("one thousand six hundred and fifty a month", Money(165_000, "month")),
        ("salary 1 thousand 8 hundred per month", Money(180_000, "month")),
        ("a hundred and fifty quid a day", Money(15_000, "day")),
        ("twelve hundred a month", Money(120_000, "month")),  # 12 x 100
        ("two grand a month", Money(200_000, "month")),
        ("twelve fifty an hour", Money(1250, "hour")),  # a rate, not 1250
        ("thirteen fifty ph", Money(1350, "hour")),
        ("no one told me", None),
    ],
)
def test_money_in_words(text: str, money: Money | None) -> None:
    assert parse_money(text, today=TODAY) == money


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("three hundred and twenty", "320"),
        ("one thousand six hundred and fifty", "1650"),
        ("twenty five thousand", "25k"),  # whole thousands keep a k
        ("one hundred and twenty thousand", "120k"),
        ("one thousand and five", "1005"),
        ("4 hundred 3 hundred", "400 3 hundred"),  # two numbers: only the first is read
        ("twelve fifty", "12 50"),
    ],
)
def test_words_to_digits(text: str, digits: str) -> None:
    assert _words_to_digits(text) == digits


# --- properties --------------------------------------------------------------------------------

_SMALL = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_PLURAL = {6: "sixes", 7: "sevens", 8: "eights", 9: "nines", 10: "tens", 11: "elevens"}
_PLURAL |= {12: "twelves", 13: "thirteens", 14: "fourteens"}


def _under_100(n: int) -> str:
    if n < 20:
        return _SMALL[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + (f" {_SMALL[unit]}" if unit else "")


def _under_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    head = f"{_SMALL[hundreds]} hundred" if hundreds else ""
    tail = _under_100(rest) if rest else ""
    return " and ".join(p for p in (head, tail) if p)


def _in_words(n: int) -> str:
    """British English: "one thousand and five", "three hundred and twenty"."""
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return _under_1000(rest)
    head = f"{_under_1000(thousands)} thousand"
    if not rest:
        return head
    return f"{head} and {_under_100(rest)}" if rest < 100 else f"{head} {_under_1000(rest)}"


@given(st.integers(min_value=1, max_value=999_999))
def test_any_number_in_words_becomes_its_digits(n: int) -> None:
    expected = f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)
    assert _words_to_digits(_in_words(n)) == expected


@given(st.integers(min_value=400, max_value=999_999))
def test_any_monthly_pay_in_words_is_read(n: int) -> None:
    # £400 a month is the smallest a bare monthly amount is believed (nlu.normalise)
    assert parse_money(f"{_in_words(n)} a month", today=TODAY) == Money(n * 100, "month")


@given(
    st.integers(min_value=1, max_value=60),
    st.sampled_from(["and a half", "and half", "n half", "& a half"]),
    st.sampled_from(["", " hours", " hrs", " a week"]),
    st.booleans(),
)
def test_a_half_however_said(n: int, half: str, unit: str, words: bool) -> None:
    number = _under_100(n) if words else str(n)
    assert parse_hours(f"{number} {half}{unit}") == Decimal(n) + Decimal("0.5")


@given(
    st.integers(min_value=1, max_value=7),
    st.sampled_from(sorted(_PLURAL)),
    st.one_of(st.none(), st.integers(min_value=3, max_value=14)),
)
def test_shifts_counted_by_length(count: int, length: int, one_more: int | None) -> None:
    total = count * length + (one_more or 0)
    assume(total <= 100)
    text = f"i do {count} {_PLURAL[length]}" + (f" and a {one_more}" if one_more else "")
    assert parse_hours(text) == total


@given(
    st.integers(min_value=4, max_value=48),
    st.integers(min_value=4, max_value=80),
    st.sampled_from(
        [
            "contracted {a} hrs but i do more like {b}",
            "on a {a} hour contract but work {b}",
            "my contract is {a} hours but i work {b}",
            "contract says {a} but i do {b} most weeks",
            "contracted {a}, do {b} usually",
            "{a}h contract but im doing {b} at the minute",
        ]
    ),
)
def test_hours_worked_win_over_the_contract(contract: int, worked: int, said: str) -> None:
    assert parse_hours(said.format(a=contract, b=worked)) == worked


@given(
    st.integers(min_value=2, max_value=50),
    st.integers(min_value=2, max_value=50),
    st.sampled_from(["at asda", "at the care home", "in a bar", "for an agency"]),
    st.sampled_from(["at the chippy", "cleaning", "at weekends in a bar", "doing deliveries"]),
    st.sampled_from(["and", "+", "&", "plus"]),
)
def test_two_jobs_add_up(first: int, second: int, at: str, then: str, join: str) -> None:
    assert parse_hours(f"{first} {at} {join} {second} {then}") == first + second


@given(
    st.sampled_from(["tesco", "asda", "garage", "gym", "mcdonalds", "petrol station"]),
    st.one_of(st.none(), st.integers(min_value=1, max_value=60)),
)
def test_a_24_hour_shop_is_not_hours(shop: str, hours: int | None) -> None:
    said = f"i work at the 24 hour {shop}" + (f" doing {hours} hours a week" if hours else "")
    assert parse_hours(said) == (Decimal(hours) if hours else None)
