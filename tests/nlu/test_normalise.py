"""Table-driven tests for the normalisers: the phrasings workers really type."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from nlu.normalise import (
    Money,
    likely_period,
    national_living_wage,
    parse_days,
    parse_hours,
    parse_money,
    parse_time_range,
)

TODAY = date(2026, 11, 23)

MONEY_CASES = [
    ("£11.44/hr", Money(1144, "hour")),
    ("11.44 an hour", Money(1144, "hour")),
    ("on 11.44 an hour", Money(1144, "hour")),
    ("on 11.44", Money(1144, None)),
    ("£12", Money(1200, None)),
    ("12 quid an hour", Money(1200, "hour")),
    ("12 pound a hour", Money(1200, "hour")),
    ("12.50ph", Money(1250, "hour")),
    ("£12.5 p/h", Money(1250, "hour")),
    ("11.44 per hr", Money(1144, "hour")),
    ("£11.44 hourly", Money(1144, "hour")),
    ("23k a year", Money(2_300_000, "year")),
    ("23k", Money(2_300_000, None)),
    ("£23.5k pa", Money(2_350_000, "year")),
    ("£23,500 per annum", Money(2_350_000, "year")),
    ("22 grand a year", Money(2_200_000, "year")),
    ("£450 a week", Money(45_000, "week")),
    ("450pw", Money(45_000, "week")),
    ("£450 take home weekly", Money(45_000, None)),
    ("1,900 a month", Money(190_000, "month")),
    ("£1,900.50 pcm", Money(190_050, "month")),
    ("1900 monthly", Money(190_000, "month")),
    ("11,44 an hour", Money(1144, "hour")),
    ("I do 30 hours at 11.44", Money(1144, None)),
    ("30 hours at £11.44 an hour", Money(1144, "hour")),
    ("37.5 hours", None),
    ("about 30 hrs", None),
    ("I'm 23", Money(2300, None)),
    ("I'm 23 years old", None),
    ("3 days a week", None),
    ("6-9pm", None),
    ("", None),
    ("no idea", None),
    ("minimum wage", Money(1271, "hour")),
    ("just min wage", Money(1271, "hour")),
    ("on the national living wage", Money(1271, "hour")),
    ("real living wage", Money(1345, "hour")),
    ("London living wage", Money(1480, "hour")),
    ("10 and 12", None),
    ("99p", Money(99, None)),
    ("£ 11.44 an hour", Money(1144, "hour")),
    ("£11.44/h", Money(1144, "hour")),
    ("11.44 p/h before tax", Money(1144, "hour")),
    ("level 3", None),
    ("nvq 2", None),
    ("30 a week", None),  # too little for weekly pay: it's hours
    ("300 a week", Money(30_000, "week")),
    ("£30 a week", Money(3000, "week")),  # a £ sign is believed
    ("on 11.44 doing 30 hours", Money(1144, None)),
    ("got promoted to 12.71!", Money(1271, None)),
]


@pytest.mark.parametrize(("text", "expected"), MONEY_CASES)
def test_parse_money(text: str, expected: Money | None) -> None:
    assert parse_money(text, today=TODAY) == expected


def test_minimum_wage_follows_the_rules_year() -> None:
    assert parse_money("minimum wage", today=date(2025, 6, 1)) == Money(1221, "hour")
    assert parse_money("minimum wage", today=date(2026, 3, 31)) == Money(1221, "hour")
    assert parse_money("minimum wage", today=date(2026, 4, 1)) == Money(1271, "hour")
    assert parse_money("minimum wage", today=date(2024, 1, 1)) is None
    assert national_living_wage(date(2030, 1, 1)) == 1271


@pytest.mark.parametrize(
    ("pence", "expected"),
    [(1144, "hour"), (45_000, "week"), (190_000, "month"), (2_300_000, "year")],
)
def test_likely_period(pence: int, expected: str) -> None:
    assert likely_period(Money(pence, None)) == expected
    assert likely_period(Money(pence, "week")) == "week"


HOURS_CASES = [
    ("37.5 hours", Decimal("37.5")),
    ("37.5hrs", Decimal("37.5")),
    ("about 30", Decimal(30)),
    ("30ish", Decimal(30)),
    ("16", Decimal(16)),
    ("16 hours a week", Decimal(16)),
    ("i do 40 hrs", Decimal(40)),
    ("full time", Decimal("37.5")),
    ("Full-time", Decimal("37.5")),
    ("part time", None),
    ("zero hours contract", None),
    ("0 hours contract", None),
    ("20-30 hours", Decimal(25)),
    ("between 20 and 30 hours", Decimal(25)),
    ("8 hours a day 5 days", Decimal(40)),
    ("4 days of 10 hours", Decimal(40)),
    ("thirty", Decimal(30)),
    ("thirty seven and a half", Decimal("37.5")),
    ("twenty-five hours", Decimal(25)),
    ("37½ hours", Decimal("37.5")),
    ("11.44 an hour", None),
    ("£450 a week", None),
    ("no idea", None),
    ("", None),
    ("200", None),
    ("depends, 20 some weeks 40 others", None),
    ("37,5 hours", Decimal("37.5")),
    ("about 20-30", Decimal(25)),
    ("30 a week", Decimal(30)),
    ("4 x 12 hour shifts", Decimal(48)),
    ("4x12 hour shifts", Decimal(48)),
    ("3 12-hour shifts", Decimal(36)),
    ("i do 12 hour shifts", None),  # per shift, not per week
    ("6-9pm", None),
    ("9-5", None),
    ("7.30-3.30", None),
    ("level 3", None),
    ("i work 5 days", None),
    ("do 3 shifts a week", None),
    ("300 a week", None),
    ("12 an hour", None),
]


@pytest.mark.parametrize(("text", "expected"), HOURS_CASES)
def test_parse_hours(text: str, expected: Decimal | None) -> None:
    assert parse_hours(text) == expected


DAYS_CASES = [
    ("mon-wed", [0, 1, 2]),
    ("Monday to Friday", [0, 1, 2, 3, 4]),
    ("weekends", [5, 6]),
    ("weekdays", [0, 1, 2, 3, 4]),
    ("tues and thurs", [1, 3]),
    ("tue, thu", [1, 3]),
    ("weds", [2]),
    ("wednesdays", [2]),
    ("mondays and fridays", [0, 4]),
    ("fri-mon", [0, 4, 5, 6]),
    ("sat sun", [5, 6]),
    ("every day", [0, 1, 2, 3, 4, 5, 6]),
    ("every day except sunday", [0, 1, 2, 3, 4, 5]),
    ("weekdays but not fridays", [0, 1, 2, 3]),
    ("thursday", [3]),
    ("thurs", [3]),
    ("no idea", []),
    ("I'm not free", []),
    ("", []),
    ("Saturday night", [5]),
    ("mon wed fri", [0, 2, 4]),
]


@pytest.mark.parametrize(("text", "expected"), DAYS_CASES)
def test_parse_days(text: str, expected: list[int]) -> None:
    assert parse_days(text) == expected


TIME_CASES = [
    ("6-9pm", (time(18), time(21))),
    ("6pm-9pm", (time(18), time(21))),
    ("18:00-21:00", (time(18), time(21))),
    ("7am till 3", (time(7), time(15))),
    ("7 till 3", (time(7), time(15))),
    ("9-5", (time(9), time(17))),
    ("9am to 5pm", (time(9), time(17))),
    ("10pm to 6am", (time(22), time(6))),
    ("10-6 nights", (time(22), time(6))),
    ("11am-2pm", (time(11), time(14))),
    ("11-2pm", (time(11), time(14))),
    ("7.30am-3.30pm", (time(7, 30), time(15, 30))),
    ("6:30 to 9", (time(18, 30), time(21))),
    ("10pm to midnight", (time(22), time(0))),
    ("noon till 8pm", (time(12), time(20))),
    ("nights", (time(22), time(6))),
    ("do nights mostly", (time(22), time(6))),
    ("earlies", (time(6), time(14))),
    ("lates", (time(14), time(22))),
    ("twilight shift", (time(17), time(22))),
    ("evenings", (time(18), time(22))),
    ("day shifts", (time(9), time(17))),
    # The canonical values Rasa's synonym table maps shift words to:
    ("day", (time(9), time(17))),
    ("night", (time(22), time(6))),
    ("early", (time(6), time(14))),
    ("late", (time(14), time(22))),
    ("twilight", (time(17), time(22))),
    ("evening", (time(18), time(22))),
    ("morning", (time(6), time(12))),
    ("monday", None),
    ("no idea", None),
    ("20-30 hours", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), TIME_CASES)
def test_parse_time_range(text: str, expected: tuple[time, time] | None) -> None:
    assert parse_time_range(text) == expected
