"""Table-driven tests for the normalisers: the phrasings workers really type."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import get_args

import pytest

from flows.pay import to_hourly
from nlu.normalise import (
    PERIOD_PHRASES,
    Money,
    Period,
    Rise,
    apply_rise,
    as_weekly_or_longer,
    hours_range,
    likely_period,
    minimum_wage_for_age,
    national_living_wage,
    parse_days,
    parse_hours,
    parse_money,
    parse_pattern,
    parse_rise,
    parse_shift_hours,
    parse_time_range,
    parse_time_ranges,
    parse_visit_pay,
    spoken_rate,
    strip_correction,
    two_rates,
)

TODAY = date(2026, 11, 23)

MONEY_CASES = [
    # a decimal comma with one digit (had been £5: the "5" after the comma)
    ("12,5 an hour", Money(1250, "hour")),
    # a clock time after "at": not a pay (had been read back as £3.30)
    ("meeting at 3.30", None),
    ("clock in at 6.45", None),
    ("paid at 12.30", Money(1230, None)),
    # paid by the visit: hourly only with the visit's length (had been "£9 an hour")
    ("about 9 quid a visit", None),
    # pounds then pence in words, at the end of a sentence (had been £12)
    ("I started at Asda on twelve pounds eighty.", Money(1280, None)),
    ("mon-fri 6-8am and 3.30-6pm", None),  # times, not a pay of £3.30
    ("9 pound a visit, visits are 30 mins", Money(1800, "hour")),
    ("they cut my hours to 36", None),
    ("they upped my hours to 40 and my pay to 13.20", Money(1320, None)),
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
    ("I'm 23", None),  # an age ("im 24" at the pay question was saved as £24 an hour)
    ("I'm 23 years old", None),
    ("3 days a week", None),
    ("6-9pm", None),
    ("", None),
    ("no idea", None),
    ("minimum wage", Money(1271, "hour", minimum_wage=True)),
    ("just min wage", Money(1271, "hour", minimum_wage=True)),
    ("on the national living wage", Money(1271, "hour", minimum_wage=True)),
    ("on nmw", Money(1271, "hour", minimum_wage=True)),
    ("NLW", Money(1271, "hour", minimum_wage=True)),
    # an amount typed with it wins (read back later if under the legal rate)
    ("11.44 a hour i think thats minimum wage", Money(1144, "hour")),
    ("minimum wage, £11.90 an hour", Money(1190, "hour")),
    ("real living wage", Money(1345, "hour")),
    ("London living wage", Money(1480, "hour")),
    # home care paid by the visit: the rate for the time with the person
    ("£9 for a half hour call", Money(1800, "hour")),
    ("£6.50 per 30 min visit", Money(1300, "hour")),
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
    # Voice-to-text and messy numbers
    ("11 44 an hour", Money(1144, "hour")),  # a dropped decimal point, not £44
    ("£11 44 an hour", Money(1144, "hour")),
    ("£11,44", Money(1144, None)),  # a typed decimal comma
    ("£38,000", Money(3_800_000, None)),  # thousands comma, amount kept exactly
    ("£38,000 a year", Money(3_800_000, "year")),
    ("eleven pound fifty an hour", Money(1150, "hour")),
    ("twelve fifty an hour", Money(1250, "hour")),
    ("eleven an hour", Money(1100, "hour")),
    ("11 quid 50 an hour", Money(1150, "hour")),
    ("no one told me", None),  # "one" in words is not £1 without a £ or a period
    # Periods beyond hour/week/month/year
    ("£900 a fortnight", Money(90_000, "fortnight")),
    ("900 fortnightly", Money(90_000, "fortnight")),
    ("£900 every 2 weeks", Money(90_000, "fortnight")),
    ("£1,800 every 4 weeks", Money(180_000, "four_weeks")),
    ("£1,800 four weekly", Money(180_000, "four_weeks")),
    ("1800 4 weekly", Money(180_000, "four_weeks")),
    ("£90 a day", Money(9000, "day")),
    ("90 per day", Money(9000, "day")),
    ("8 a day", None),  # too little for a day's pay
    # A rise is not the pay; a new pay after a rise is.
    ("went up by 40p", None),
    ("a £1 rise", None),
    ("got a 50p an hour rise", None),
    ("5% rise", None),
    ("got a rise to £12.50", Money(1250, None)),
    ("now on 12.50", Money(1250, None)),
    ("£12.50 an hour after a 40p rise", Money(1250, "hour")),
    ("went up by 40p to 12.50", Money(1250, None)),
]


@pytest.mark.parametrize(("text", "expected"), MONEY_CASES)
def test_parse_money(text: str, expected: Money | None) -> None:
    assert parse_money(text, today=TODAY) == expected


def test_minimum_wage_follows_the_rules_year() -> None:
    nmw = "minimum wage"
    assert parse_money(nmw, today=date(2025, 6, 1)) == Money(1221, "hour", minimum_wage=True)
    assert parse_money(nmw, today=date(2026, 3, 31)) == Money(1221, "hour", minimum_wage=True)
    assert parse_money(nmw, today=date(2026, 4, 1)) == Money(1271, "hour", minimum_wage=True)
    assert parse_money("minimum wage", today=date(2024, 1, 1)) is None
    assert national_living_wage(date(2030, 1, 1)) == 1271


@pytest.mark.parametrize(
    ("age", "today", "apprentice", "expected"),
    [
        (30, date(2026, 11, 23), False, 1271),  # 21+ from 1 Apr 2026
        (21, date(2026, 11, 23), False, 1271),
        (20, date(2026, 11, 23), False, 1085),  # 18-20 from 1 Apr 2026
        (18, date(2026, 4, 1), False, 1085),
        (17, date(2026, 11, 23), False, 800),  # 16-17
        (16, date(2026, 11, 23), False, 800),
        (15, date(2026, 11, 23), False, None),  # below school-leaving age: no minimum
        (25, date(2026, 11, 23), True, 800),  # apprentice in the first year
        (None, date(2026, 11, 23), False, 1271),  # unknown age: the 21+ rate
        (30, date(2026, 3, 31), False, 1221),  # 21+ from 1 Apr 2025
        (19, date(2026, 3, 31), False, None),  # 2025-26 band not in our sources
        (30, date(2025, 3, 31), False, None),  # before our data
    ],
)
def test_minimum_wage_for_age(
    age: int | None, today: date, apprentice: bool, expected: int | None
) -> None:
    assert minimum_wage_for_age(age, today, apprentice=apprentice) == expected


def test_minimum_wage_money_keeps_the_21_plus_rate_and_says_so() -> None:
    m = parse_money("i'm on minimum wage", today=TODAY)
    assert m == Money(1271, "hour", minimum_wage=True)
    assert parse_money("£12.71 an hour", today=TODAY) == Money(1271, "hour")
    assert parse_money("real living wage", today=TODAY) == Money(1345, "hour")  # voluntary


RISE_CASES = [
    ("went up by 40p", Rise(40, None, None)),
    ("a £1 rise", Rise(100, None, None)),
    ("got a 50p an hour rise", Rise(50, None, "hour")),
    ("5% rise", Rise(None, Decimal(5), None)),
    ("up 3 percent", Rise(None, Decimal(3), None)),
    ("an extra pound an hour", Rise(100, None, "hour")),
    ("a pay rise of 2.5%", Rise(None, Decimal("2.5"), None)),
    ("got 30p more an hour", Rise(30, None, "hour")),
    ("went up by forty p", Rise(40, None, None)),
    ("got a rise to £12.50", None),  # a new pay, not a rise
    ("now on 12.50", None),
    ("£12.50 an hour", None),
    ("picked up 2 extra shifts", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), RISE_CASES)
def test_parse_rise(text: str, expected: Rise | None) -> None:
    assert parse_rise(text) == expected


@pytest.mark.parametrize(
    ("current", "rise", "expected"),
    [
        (1250, Rise(40, None, "hour"), 1290),
        (1271, Rise(None, Decimal(5), None), 1335),  # 1271 x 1.05 = 1334.55 -> 1335 (half up)
        (1000, Rise(None, Decimal("2.5"), None), 1025),
        (1230, Rise(None, Decimal("2.5"), None), 1261),  # 1260.75 -> 1261
        (1210, Rise(None, Decimal(5), None), 1271),  # 1270.5 -> 1271: a half rounds up
    ],
)
def test_apply_rise(current: int, rise: Rise, expected: int) -> None:
    assert apply_rise(current, rise) == expected


@pytest.mark.parametrize(
    ("pence", "period", "weekly_hours", "expected"),
    [
        (1144, "hour", None, 1144),
        (1144, None, 30, 1144),
        (45_000, "week", 37.5, 1200),  # 450 / 37.5
        (90_000, "fortnight", 37.5, 1200),  # 900 / 2 weeks / 37.5
        (180_000, "four_weeks", 37.5, 1200),  # 1800 / 4 weeks / 37.5
        (180_000, "four_weeks", None, 1200),  # standard 37.5-hour week
        (9000, "day", 37.5, 1200),  # 90 / (37.5 / 5 = 7.5 hours a day)
        (9000, "day", 40, 1125),  # 90 / 8
        (9000, "day", None, None),  # a day's pay without hours: no guess
        (190_000, "month", None, 1169),  # 1900 x 12 / 52 / 37.5 = 11.692
        (2_500_000, "year", 37.5, 1282),
        (1000, "fortnightly-ish", 37.5, None),  # an unknown period
    ],
)
def test_to_hourly(
    pence: int, period: str | None, weekly_hours: float | None, expected: int | None
) -> None:
    assert to_hourly(pence, period, weekly_hours) == expected


def test_38k_a_year_is_kept_exactly_and_only_hourly_rounding_moves_it() -> None:
    """The reported "£38,005.50 a year": parse_money keeps £38,000.00; to_hourly rounds
    38,000 / 52 / 37.5 = £19.487 to 1949p, and 1949p x 37.5 h x 52 = £38,005.50. So the drift
    comes from turning the rounded hourly figure back into a year (funding.pay.hourly_to_annual,
    fed ctx.hourly_pence by flows/funding_check.py), not from the normaliser."""
    m = parse_money("£38,000 a year", today=TODAY)
    assert m == Money(3_800_000, "year")
    hourly = to_hourly(m.pence, likely_period(m), None)
    assert hourly == 1949
    assert hourly * 1950 == 3_800_550  # 37.5 h x 52 weeks = 1950 hours


@pytest.mark.parametrize(
    ("pence", "expected"),
    [(1144, "hour"), (45_000, "week"), (190_000, "month"), (2_300_000, "year")],
)
def test_likely_period(pence: int, expected: str) -> None:
    assert likely_period(Money(pence, None)) == expected
    assert likely_period(Money(pence, "week")) == "week"


@pytest.mark.parametrize(
    ("money", "expected"),
    [
        (Money(90_000, "fortnight"), Money(45_000, "week")),  # 900 / 2
        (Money(180_000, "four_weeks"), Money(45_000, "week")),  # 1800 / 4
        (Money(100_001, "four_weeks"), Money(25_000, "week")),  # 250.0025 -> 250.00
        (Money(100_002, "four_weeks"), Money(25_001, "week")),  # 250.005 -> 250.01 (half up)
        (Money(9000, "day"), None),  # days worked unknown
        (Money(45_000, "week"), Money(45_000, "week")),
        (Money(2_300_000, None), Money(2_300_000, None)),
    ],
)
def test_as_weekly_or_longer(money: Money, expected: Money | None) -> None:
    assert as_weekly_or_longer(money) == expected


def test_every_period_has_a_phrase() -> None:
    assert set(PERIOD_PHRASES) == set(get_args(Period))


@pytest.mark.parametrize("period", ["day", "fortnight", "four_weeks"])
def test_likely_period_keeps_a_said_period(period: str) -> None:
    assert likely_period(Money(90_000, period)) == period  # type: ignore[arg-type]


HOURS_CASES = [
    # hours changed to a number: the hours now (had been read as £36 an hour)
    ("they cut my hours to 36", Decimal("36")),
    ("my hours went up to 30", Decimal("30")),
    ("hours are down to 16 now", Decimal("16")),
    ("got my hours changed to 22.5", Decimal("22.5")),
    # two jobs: the total they give wins
    ("16 hrs at the school and 10 at the office so 26 altogether", Decimal("26")),
    ("about 26 hours in total", Decimal("26")),
    ("total of 30 hrs", Decimal("30")),
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
    # a range of weekly hours with no hours word: its middle (had been 40, the top of it)
    ("10 to 40 a week", Decimal(25)),
    ("i work 16 to 20 hrs per week", Decimal(18)),
    ("9 to 5 a week", None),  # a clock range, not 9 down to 5 hours
    # a fortnight's or four weeks' hours, as a week's (had been 80, 75, 160 a week)
    ("80 hours a fortnight", Decimal(40)),
    ("160 hours every 4 weeks", Decimal(40)),
    ("a fortnight is 70 hrs", Decimal(35)),
    # shifts times their length; a clock range with a count of days
    ("7.5 x 5", Decimal("37.5")),
    ("3 x 12.5 nights", Decimal("37.5")),
    ("10pm-6am 3 nights", Decimal(24)),
    ("nights 8pm to 8am x3", Decimal(36)),
    ("9-5", None),  # one shift, no days: not a week
    ("£12 x 30", None),
    # a correction after the first number, and the hours given past the contract
    ("40 wait no 45", Decimal(45)),
    ("35. actually no its 36 now", Decimal(36)),
    ("contract 10 hrs but they give me 25", Decimal(25)),
    # jobs listed, overtime on top, an average, a half as 1/2, a typo
    ("two jobs 25 and 15", Decimal(40)),
    ("one job is 37.5 the other is 12", Decimal("49.5")),
    ("cleaning 10 + care 22,5", Decimal("32.5")),
    ("39 basic + 12 o/t", Decimal(51)),
    ("20 hours and i do extra 4 on sundays", Decimal(24)),
    ("averages out at 33", Decimal(33)),
    ("22 1/2 hours", Decimal("22.5")),
    ("thrity hours", Decimal(30)),
    ("3 days of 8 hours plus saturday 6", Decimal(30)),
    ("2 jobs", None),
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
    # Shift times are not weekly hours (and used to crash: Decimal("9:30"))
    ("9:30-2:30", None),
    ("7am-3pm", None),
    ("10pm-6am", None),
    # Per-day and per-shift sums
    ("4 days a week 7.5 hours", Decimal(30)),  # 4 x 7.5
    ("3 shifts of 12 hours", Decimal(36)),  # 3 x 12
    ("three twelve hour shifts", Decimal(36)),
    ("thirty seven and a half hours", Decimal("37.5")),
    ("I work 3 days, 12 hour shifts", Decimal(36)),
    ("6-8 morning and 6-9 evening", None),  # times of day, not 7 hours
    ("went up by 40p", None),  # pence, not hours
    ("99p", None),
]


@pytest.mark.parametrize(("text", "expected"), HOURS_CASES)
def test_parse_hours(text: str, expected: Decimal | None) -> None:
    assert parse_hours(text) == expected


# Weekly hours as hours per shift x shifts per week, said the many ways people text it.
# Each expected value is worked out by hand in the comment. (hours, shift hours)
HOURS_PRODUCT_CASES = [
    # A count of days from a day range, a list of days, weekdays or weekends
    ("6 hours a day mon to fri", Decimal(30), Decimal(6)),  # 6 x 5
    ("8hrs tues to sat", Decimal(40), Decimal(8)),  # 8 x 5 (tue, wed, thu, fri, sat)
    ("5 hours weekdays", Decimal(25), Decimal(5)),  # 5 x 5
    ("7.5 a day mon wed fri", Decimal("22.5"), Decimal("7.5")),  # 7.5 x 3
    ("4 hours each morning mon-thu", Decimal(16), Decimal(4)),  # 4 x 4
    ("8 hours Monday through Friday", Decimal(40), Decimal(8)),  # 8 x 5
    ("I work Monday Tuesday and Wednesday 6 hours", Decimal(18), Decimal(6)),  # 6 x 3
    ("weekends 12 hours", Decimal(24), Decimal(12)),  # 12 x 2
    ("sat and sun 10 hour shifts", Decimal(20), Decimal(10)),  # 10 x 2
    ("mon-fri 7.5hrs", Decimal("37.5"), Decimal("7.5")),  # 7.5 x 5
    ("every day except sun 8 hours", Decimal(48), Decimal(8)),  # 8 x 6
    # The count said after the length
    ("10 hour shifts 4 a week", Decimal(40), Decimal(10)),  # 10 x 4
    ("12hr shifts x3", Decimal(36), Decimal(12)),  # 12 x 3
    ("twelve hour nights x 3", Decimal(36), Decimal(12)),  # 12 x 3
    ("twelve hour shifts times three", Decimal(36), Decimal(12)),  # voice-to-text "times"
    ("9 hours 4 days", Decimal(36), Decimal(9)),  # 9 x 4
    ("8h x 5", Decimal(40), Decimal(8)),  # 8 x 5
    ("8 hrs x5 days", Decimal(40), Decimal(8)),  # 8 x 5
    ("12.5 hr shifts 3 a week", Decimal("37.5"), Decimal("12.5")),  # 12.5 x 3
    ("do 4 nights a week 10 hrs each", Decimal(40), Decimal(10)),  # 10 x 4
    ("I do 3 lates a week, 7 hours each", Decimal(21), Decimal(7)),  # 7 x 3
    # The count said first
    ("3 x 8hr", Decimal(24), Decimal(8)),  # 3 x 8
    ("did 2 12 hour shifts this week", Decimal(24), Decimal(12)),  # 2 x 12
    ("2 x 12 hour nights", Decimal(24), Decimal(12)),
    ("4 days a week 8 hour shifts", Decimal(32), Decimal(8)),
    ("5 days a week 8 hrs a day", Decimal(40), Decimal(8)),
    ("7 days a week 8 hours a day", Decimal(56), Decimal(8)),
    ("a couple of 12 hour shifts", Decimal(24), Decimal(12)),  # "a couple" = 2
    # "each" / "long days"
    ("2 long days 13 hours each", Decimal(26), Decimal(13)),  # 13 x 2
    ("i do three long days 12.5 hours", Decimal("37.5"), Decimal("12.5")),  # 12.5 x 3
    # "12s": a shift length only right next to a count
    ("three 12s", Decimal(36), Decimal(12)),  # 12 x 3
    ("12s x3", Decimal(36), Decimal(12)),
    ("work 4 x 10s", Decimal(40), Decimal(10)),
    ("in my 20s", None, None),  # an age, not shifts
    # Number words throughout, and voice-to-text decimals
    ("four days eight hours", Decimal(32), Decimal(8)),  # 8 x 4
    ("eight hours five days a week", Decimal(40), Decimal(8)),
    ("seven point five hours four days", Decimal(30), Decimal("7.5")),  # 7.5 x 4
    ("seven and a half hours a day five days a week", Decimal("37.5"), Decimal("7.5")),
    # A range of counts gives the midpoint, like an hours range
    ("3 or 4 shifts of 12 hours", Decimal(42), Decimal(12)),  # 12 x 3.5
    ("3-4 12 hour shifts a week", Decimal(42), Decimal(12)),
    # Shifts a fortnight are halved
    ("4 shifts a fortnight 12 hours", Decimal(24), Decimal(12)),  # 12 x 4 / 2
    # Two lengths, each with its own days, are summed
    ("8 hours mon-fri and 4 hours sat", Decimal(44), Decimal(8)),  # 8 x 5 + 4 x 1
    ("8.5 hours mon-thu, 6 hours fri", Decimal(40), Decimal("8.5")),  # 8.5 x 4 + 6
    ("mon, wed 6 hours, fri 4 hours", Decimal(16), Decimal(6)),  # 6 x 2 + 4
    ("2 x 12 hour nights and 1 x 8 hour day", Decimal(32), Decimal(12)),  # 24 + 8
    # A stated weekly total wins over a product
    ("37.5 hours, 5 days", Decimal("37.5"), None),
    ("40 hours a week 8 hours a day", Decimal(40), Decimal(8)),
    ("8 hours a day 40 a week", Decimal(40), Decimal(8)),
    ("16 hours, 8 hour shifts", Decimal(16), Decimal(8)),
    ("12 hour shifts, 36 a week", Decimal(36), Decimal(12)),
    ("16 hours 2 days", Decimal(16), None),  # 16 is over 13: a weekly total, not a day
    ("20 hours over 4 days", Decimal(20), None),  # "over": a total spread out
    ("6 hours a week 2 days", Decimal(6), None),
    ("7.5hrs 5 days pw", Decimal("37.5"), Decimal("7.5")),  # "pw" is the days', not hours
    # A shift length with no count is not weekly hours
    ("i do 12 hour shifts", None, Decimal(12)),
    ("6 hours a day", None, Decimal(6)),
    ("12 hour shift tomorrow", None, Decimal(12)),
    ("8 hours every day", None, Decimal(8)),  # "every day" = every working day: no count
    ("12 hour shifts, usually 3 but sometimes 4", None, Decimal(12)),
    ("4 on 4 off 12 hour shifts", None, Decimal(12)),  # a rota, not a week
    ("shift is 8 hours, i do 5", None, Decimal(8)),  # 5 what? no guess
    ("4 shifts a month 12 hours", None, None),  # no weekly figure, and 12 may be a total
    # Never hours: clock times, dates, ages, money, levels
    ("gtg shift starts at 6", None, None),
    ("7-10 then 4-7", None, Decimal(3)),  # clock ranges; the first is 3 hours long
    # a clock range with its days is a week (5 x 8); had been "not counted", but workers and
    # every hand-worked set count it, and the hours question had asked again
    ("i do 9-5 mon to fri", Decimal(40), Decimal(8)),
    ("starts at 7 8 hour shift", None, Decimal(8)),  # "at 7" is a time, not 7 shifts
    ("level 3 8 hour shifts", None, Decimal(8)),  # a level, not 3 shifts
    ("level 2, 3 days 7 hours", Decimal(21), Decimal(7)),  # 7 x 3
    ("i'm 19 and do 8 hour shifts", None, Decimal(8)),
    ("i'm 25, 8 hour shifts 4 days", Decimal(32), Decimal(8)),  # 8 x 4
    ("12 hour shifts on the 3rd and 5th", None, Decimal(12)),
    ("£80 a day 5 days", None, None),  # pay, not hours
    ("earn £11 an hour 8 hours 5 days", Decimal(40), Decimal(8)),
    # A correction: the last value said after it wins
    ("3.5 hours sorry meant 35 hours", Decimal(35), None),
    ("3.5 hours sorry meant 35", Decimal(35), None),
    ("i do 30 hours, actually 32", Decimal(32), None),
    ("3 days a week 7.5hrs, sorry 8.5hrs", Decimal("25.5"), Decimal("8.5")),  # 8.5 x 3
    ("12 hour shifts x3 oops i meant 4", Decimal(48), Decimal(12)),  # 12 x 4
    ("30 hours sorry if that's wrong", Decimal(30), None),  # no value after it
]


@pytest.mark.parametrize(("text", "hours", "shift"), HOURS_PRODUCT_CASES)
def test_parse_hours_product(text: str, hours: Decimal | None, shift: Decimal | None) -> None:
    assert parse_hours(text) == hours
    assert parse_shift_hours(text) == shift


DAYS_CASES = [
    ("mon-wed", [0, 1, 2]),
    ("Monday to Friday", [0, 1, 2, 3, 4]),
    ("weekends", [5, 6]),
    ("weekdays", [0, 1, 2, 3, 4]),
    ("tues and thurs", [1, 3]),
    # days worked now and then are not the usual rota (had been Mon-Sun)
    ("monday to friday, sometime weekend extra", [0, 1, 2, 3, 4]),
    ("no weekend only sometime. normal is monday to friday", [0, 1, 2, 3, 4]),
    ("mon-fri, occasional saturdays", [0, 1, 2, 3, 4]),
    ("sometimes weekends", [5, 6]),  # nothing else said: the weekend it is
    ("mon to fri and weekends", [0, 1, 2, 3, 4, 5, 6]),
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
    ("tues to sat", [1, 2, 3, 4, 5]),
    ("tue-sat", [1, 2, 3, 4, 5]),
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
    ("8 till 8", (time(8), time(20))),  # a 12-hour day shift, not 08:00-08:00
    ("8 till 8 nights", (time(20), time(8))),
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
    ("nites", (time(22), time(6))),
    ("i do nightshift", (time(22), time(6))),
    ("6-8 morning and 6-9 evening", (time(6), time(8))),  # the first of several
    ("9:30-2:30", (time(9, 30), time(14, 30))),
    ("earlies, sometimes nights", (time(6), time(14))),  # the first said (found by fuzzing)
]


@pytest.mark.parametrize(("text", "expected"), TIME_CASES)
def test_parse_time_range(text: str, expected: tuple[time, time] | None) -> None:
    assert parse_time_range(text) == expected


TIME_RANGES_CASES = [
    ("6-8 morning and 6-9 evening", [(time(6), time(8)), (time(18), time(21))]),
    ("mornings 6-8, evenings 6-9", [(time(6), time(8)), (time(18), time(21))]),
    ("6-8am and 6-9pm", [(time(6), time(8)), (time(18), time(21))]),
    ("9-5", [(time(9), time(17))]),
    ("earlies and lates", [(time(6), time(14)), (time(14), time(22))]),
    ("lates then earlies", [(time(14), time(22)), (time(6), time(14))]),
    ("nites", [(time(22), time(6))]),
    # a shift said as not worked is not theirs ("no nights" was saved as 10pm-6am)
    ("no nights", []),
    # voice-to-text times ("ten at night until six in the morning" had become three shifts)
    ("night shift sunday to thursday ten at night until six in the morning", [(time(22), time(6))]),
    ("from seven till three", [(time(7), time(15))]),
    ("seven in the morning until three in the afternoon", [(time(7), time(15))]),
    ("i work two to three days", []),
    ("Monday to Friday. Six till two.", [(time(6), time(14))]),  # had been asked six times
    ("2 to 3 shifts", []),
    ("offices early mornings", [(time(6), time(12))]),  # mornings, not the 6am-2pm earlies
    ("i dont do lates", []),
    ("anything but nights", []),
    ("never earlies, mornings are fine", [(time(6), time(12))]),
    ("lates not earlies", [(time(14), time(22))]),
    ("monday", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), TIME_RANGES_CASES)
def test_parse_time_ranges(text: str, expected: list[tuple[time, time]]) -> None:
    assert parse_time_ranges(text) == expected


SHIFT_HOURS_CASES = [
    ("9:30-2:30", Decimal(5)),  # 09:30 to 14:30
    ("7am-3pm", Decimal(8)),
    ("10pm-6am", Decimal(8)),  # across midnight: 2 + 6
    ("12 hour shifts", Decimal(12)),
    ("9-5", Decimal(8)),
    ("7.30am-3.30pm", Decimal(8)),
    ("9:15-5", Decimal("7.75")),  # 09:15 to 17:00
    ("shifts of 10 hours", Decimal(10)),
    ("8 hours a shift", Decimal(8)),
    ("twelve hour days", Decimal(12)),
    ("nights", None),  # a shift word is not a length
    ("37.5 hours", None),  # weekly, not per shift
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), SHIFT_HOURS_CASES)
def test_parse_shift_hours(text: str, expected: Decimal | None) -> None:
    assert parse_shift_hours(text) == expected


PATTERN_CASES = [
    ("earlies", "early"),
    ("early shifts", "early"),
    ("lates", "late"),
    ("late", "late"),
    ("nights", "night"),
    ("nites", "night"),
    ("nightshift", "night"),
    ("4 on 4 off", "4_on_4_off"),
    ("3 on 3 off", "3_on_3_off"),
    ("four on four off", "4_on_4_off"),
    ("2 days on 2 days off", "2_on_2_off"),
    ("weekends only", "weekends"),
    ("only weekends", "weekends"),
    ("it changes", "varies"),
    ("on a rota", "varies"),
    ("all over the place", "varies"),
    ("earlies and lates", "varies"),
    ("days", "day"),
    ("9 to 5", "day"),
    ("i work 5 days", None),  # a count of days, not day shifts
    ("monday", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), PATTERN_CASES)
def test_parse_pattern(text: str, expected: str | None) -> None:
    assert parse_pattern(text) == expected


CORRECTION_CASES = [
    # "no is ..." (English as a second language) corrects like "no it's ..."
    ("no is 25 hour all together", (True, "25 hour all together")),
    ("no is fine", (False, "no is fine")),
    # an apology then just a number ("sorry 10" had set the hours asked, not the pay meant)
    ("sorry 10", (True, "10")),
    ("soz, £12.50", (True, "£12.50")),
    ("sorry im late", (False, "sorry im late")),
    ("sorry i meant 12.50 not 9.50", (True, "12.50")),
    ("no its 12.50", (True, "12.50")),
    ("no it's 12.50", (True, "12.50")),
    ("oops 37.5 not 35", (True, "37.5")),
    ("i meant to say tues", (True, "tues")),
    ("correction: 40 hours", (True, "40 hours")),
    ("40 hours not 35", (True, "40 hours")),
    ("not sure", (False, "not sure")),
    ("sorry not sure", (False, "sorry not sure")),
    ("no", (False, "no")),
    ("no thanks", (False, "no thanks")),
    ("no it's fine", (False, "no it's fine")),
    ("no its tuesday", (True, "tuesday")),
    ("nope it's twelve fifty", (True, "twelve fifty")),
    ("12.50", (False, "12.50")),
    ("sorry for the late reply, 40 hours", (False, "sorry for the late reply, 40 hours")),
]


@pytest.mark.parametrize(("text", "expected"), CORRECTION_CASES)
def test_strip_correction(text: str, expected: tuple[bool, str]) -> None:
    assert strip_correction(text) == expected


def test_a_corrected_value_parses_as_the_new_value() -> None:
    _, rest = strip_correction("sorry i meant 12.50 not 9.50")
    assert parse_money(rest, today=TODAY) == Money(1250, None)
    _, rest = strip_correction("oops 37.5 not 35")
    assert parse_hours(rest) == Decimal("37.5")
    _, rest = strip_correction("i meant to say tues")
    assert parse_days(rest) == [1]


def test_a_bare_hr_unit_is_hours_not_a_pay_period() -> None:
    assert parse_hours("12hr") == Decimal(12) and parse_hours("16 hrs") == Decimal(16)
    assert parse_money("£12/hr") == Money(1200, "hour")


@pytest.mark.parametrize(
    ("text", "pence", "hours"),
    [
        ("12.75 hr", 1275, None),  # pounds and pence then a bare "hr": a rate
        ("on 11.44 h", 1144, None),
        ("12.75 hr, 30 hrs a week", 1275, Decimal(30)),
        ("7.50 hr shift", None, None),  # a shift length, not pay (and no count of shifts)
        ("37.50 hr week", None, Decimal("37.5")),  # over £30.99: hours
        ("12.5 hr", None, Decimal("12.5")),  # one decimal place: hours
        ("12.75 hrs", None, Decimal("12.75")),  # "hrs": hours
    ],
)
def test_two_decimal_amount_before_a_bare_hr_is_a_rate(
    text: str, pence: int | None, hours: Decimal | None
) -> None:
    money = parse_money(text)
    assert (money.pence if money else None) == pence
    assert money is None or money.period == "hour"
    assert parse_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("16 + 12", Decimal(28)),  # two jobs, as the bot's example shows
        ("16 + 12 = 28", Decimal(28)),
        ("16hrs plus 12hrs", Decimal(28)),
        ("2 jobs 16 hrs and 20 hrs", Decimal(36)),
        ("16 hours at one job and 12 at the other", Decimal(28)),
        ("i work 16hrs at tesco and 10hrs at asda", Decimal(26)),
        ("2 jobs", None),  # a count of jobs, not 2 hours
        ("i have two jobs", None),
        ("16 hours and 20 minutes", Decimal(16)),  # no word for jobs: not a sum
        ("20 hours a week at 1 job and 2 kids", Decimal(20)),
    ],
)
def test_hours_in_two_jobs(text: str, hours: Decimal | None) -> None:
    assert parse_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("ye thats right its the under 21 rate innit", None),  # an age band, not £21
        ("im 24", None),  # an age
        ("over 21s rate", None),
        ("twelve pound seventy one", 1271),  # seventy was not a number word
        ("twelve pounds ninety nine an hour", 1299),
        ("im 12.50 an hour", 1250),  # pounds and pence are still pay
        ("im 24 an hour lol", 2400),  # a period makes it pay
        ("i get 22", 2200),
    ],
)
def test_ages_are_not_pay_and_pence_in_words_are(text: str, pence: int | None) -> None:
    money = parse_money(text)
    assert (money.pence if money else None) == pence


@pytest.mark.parametrize(
    ("text", "ranges"),
    [
        ("6pm till close, usually 1am", [(time(18), time(1))]),
        # "till whenever" then the usual finish (had been no time, and "I have your job")
        ("6am till whenever usually 5ish", [(time(6), time(17))]),
        ("8 till done normally 4pm", [(time(8), time(16))]),
        ("6am till whenever", []),
        # till midnight from a bare hour: an evening ("5am till midnight" had been read for it)
        ("fri sat sun usually 5 till close like midnight", [(time(17), time(0))]),
        ("6 till midnight", [(time(18), time(0))]),
        ("5am till midnight", [(time(5), time(0))]),
        # times said with "morning" / "afternoon" and no "the" (had been the morning shift)
        ("7 in morning until 3 afternoon", [(time(7), time(15))]),
        ("from 6pm until about 1am", [(time(18), time(1))]),
        ("6pm til late", []),  # no finishing time: not the 2pm-10pm "lates"
        ("6pm till close", []),
        ("lates", [(time(14), time(22))]),
    ],
)
def test_open_ended_shifts(text: str, ranges: list[tuple[time, time]]) -> None:
    assert parse_time_ranges(text) == ranges


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("they gave me 10 more hrs a week, so 26 now", Decimal(26)),
        ("10 more hours so 26", Decimal(26)),
        ("5 extra hrs to 35", Decimal(35)),
        ("2 more hours now and £12 an hour", None),  # no new total said
    ],
)
def test_more_hours_then_the_new_total(text: str, hours: Decimal | None) -> None:
    assert parse_hours(text) == hours


# --- round 5: money and rises as a development set showed them typed (26 Nov 2026) ----------
@pytest.mark.parametrize(
    ("said", "pence", "period"),
    [
        ("weekly wage 498", 49800, "week"),
        ("paid fortnightly about 760", 76000, "fortnight"),
        ("paid 4 weekly 1400", 140000, "four_weeks"),
        ("every 4 wks i get £1,610.25", 161025, "four_weeks"),
        ("get paid monthly about 1,550 after tax", 155000, "month"),
        ("annual salary 27,300", 2730000, "year"),
        ("day rate £102.50", 10250, "day"),
        ("get 290 wk", 29000, "week"),
        ("hourly rate 12.21", 1221, "hour"),
        ("25 hours week 12.90 hour", 1290, "hour"),
        # the last amount said is the one meant
        ("12.17 no wait 12.71", 1271, None),
        ("12.40 actually i mean 12.45", 1245, None),
        ("not 420 a week, its 450", 45000, "week"),  # the period carries over
        ("12.50 wait no 12.60", 1260, None),
        # a pay that went from one amount to another is the new amount
        ("went from 12.21 to 12.71", 1271, None),
        ("rise yes, 12.71 to 13.00", 1300, None),
    ],
)
def test_period_before_the_amount_corrections_and_from_to(
    said: str, pence: int, period: str | None
) -> None:
    assert parse_money(said) == Money(pence, period)  # type: ignore[arg-type]
    assert parse_rise(said) is None


@pytest.mark.parametrize(
    "said",
    ["i work 20 hours weekly at 12.50", "3 days a week 12.50", "fortnightly 12.50"],
)
def test_a_period_word_before_a_wage_sized_amount_is_not_its_period(said: str) -> None:
    """£12.50 a week is below any real weekly pay: "weekly" there is about the hours."""
    assert parse_money(said) == Money(1250, None)


@pytest.mark.parametrize(
    ("said", "pence", "percent"),
    [
        ("yes 30p", 30, None),
        ("yes they gave us 15p lol", 15, None),
        ("50p up", 50, None),
        ("sorry the rise was 45p not 54p", 45, None),
        ("had rise 0,40", 40, None),
        ("got 60p rise, from 12.71 to 13.31", 60, None),
        ("they gave 6.7 percent", None, "6.7"),
        ("we got 3.5% in april", None, "3.5"),
        ("rise 3,5%", None, "3.5"),
        ("got 2% but prices went up 10%", None, "2"),
        ("rose by 4.1%", None, "4.1"),
    ],
)
def test_rises_said_without_the_word_rise_or_with_a_decimal_comma(
    said: str, pence: int | None, percent: str | None
) -> None:
    assert parse_rise(said) == Rise(pence, Decimal(percent) if percent else None, None)


@pytest.mark.parametrize(
    "said", ["got 20% off at asda", "i get 5% pension", "i get 45p a mile", "got 3 days off"]
)
def test_a_percent_or_pence_that_is_not_a_rise(said: str) -> None:
    assert parse_rise(said) is None


@pytest.mark.parametrize(
    ("said", "rates"),
    [
        ("£12.50 at the care home and £11.90 at the pub", (1250, 1190)),
        ("weekday 12.60 sunday 13.60", (1260, 1360)),
        ("12.50 an hour 30 hours", None),
        ("sorry i meant 12.50 not 11.44", None),  # a correction says one rate
        ("went from 12.21 to 12.71", None),  # so does a pay that went up
        ("12.50 or 12.80 i think", None),  # unsure of one rate, not two
        ("£12.50 and £12.50", None),
        # a whole-pound rate for the other job (only £12.71 had been kept)
        ("12.71 at one and 13 at the other", (1271, 1300)),
        ("12.71 in one job 14 in my other job", (1271, 1400)),
        ("12.71 and 3 at the other", None),
    ],
)
def test_two_rates_in_one_message(said: str, rates: tuple[int, int] | None) -> None:
    assert two_rates(said) == rates


def test_pay_per_visit_in_quid_is_an_hourly_rate_of_contact_time() -> None:
    """9 quid for a half-hour call = £18 an hour of contact time (not "£9 an hour")."""
    said = "i get paid per visit about 9 quid for a half hour call"
    assert parse_money(said) == Money(1800, "hour")


@pytest.mark.parametrize(
    ("said", "pence", "period"),
    [
        ("1 950 a month", 195_000, "month"),  # voice-to-text thousands, with a period after
        ("12 500 a year", 1_250_000, "year"),
        ("12.40 p h", 1_240, "hour"),  # "p h" is per hour, not 12 pence
    ],
)
def test_split_thousands_and_p_h(said: str, pence: int, period: str) -> None:
    assert parse_money(said) == Money(pence, period)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("about 9 quid a visit", (900, None)), ("£9 per call, calls are 45 minutes", (900, 45)),
     ("£18 for each visit, half an hour", (1800, 30)), ("£12 an hour", None),
     ("i do 20 calls a day", None)],
)  # fmt: skip
def test_parse_visit_pay(text: str, expected: tuple[int, int | None] | None) -> None:
    assert parse_visit_pay(text) == expected


@pytest.mark.parametrize(
    ("said", "pence"),
    [("Fourteen ninety now.", 1490), ("its twelve fifty an hour", 1250), ("14 90", 1490),
     ("They gave us a pay rise. Fourteen ninety now.", 1490), ("i do 3 12 now", None),
     ("3 12 hour shifts", None), ("thirty seven and a half", None)],
)  # fmt: skip
def test_spoken_rate(said: str, pence: int | None) -> None:
    assert spoken_rate(said) == pence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 to 40 a week", (Decimal(10), Decimal(40))),
        ("between 30 and 20 hours", (Decimal(20), Decimal(30))),
        ("16-20hrs per week", (Decimal(16), Decimal(20))),
        ("9 to 5 a week", None),
        ("37.5 hours", None),
        ("10 to 400 hours", None),
    ],
)
def test_hours_range(text: str, expected: tuple[Decimal, Decimal] | None) -> None:
    assert hours_range(text) == expected
