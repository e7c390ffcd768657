"""Every value in one message, read once (nlu/values.py)."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.normalise import Money, Rise
from nlu.values import Values, read_values

TODAY = date(2026, 11, 26)


def test_a_rise_is_never_a_pay() -> None:
    v = read_values("wages went up by 40p", TODAY)
    assert v.rise == Rise(40, None, None) and v.money is None and v.said_money is None


def test_a_correction_reads_the_new_value() -> None:
    v = read_values("sorry i meant 12.50 not 9.50", TODAY)
    assert v.correction and v.money == Money(1250, None) and v.said_money == Money(1250, None)


def test_a_bare_number_is_an_answer_but_not_said_money_or_hours() -> None:
    v = read_values("turns 16", TODAY)
    assert v.money is not None and v.said_money is None and v.said_hours is None


def test_a_span_the_nlu_tagged_makes_a_bare_number_said() -> None:
    v = read_values("on 12", TODAY, (("money", "12"),))
    assert v.said_money == Money(1200, None)


def test_shift_times_and_days() -> None:
    v = read_values("tues to sat 9:30-2:30", TODAY)
    assert v.days == (1, 2, 3, 4, 5) and v.shift_hours == Decimal(5)
    assert v.hours == v.said_hours == Decimal(25)  # 5 days x 5 hours: a week's hours, said
    assert v.time_ranges == ((time(9, 30), time(14, 30)),)


def test_sorry_im_late_is_not_a_late_shift_unless_tagged() -> None:
    assert read_values("sorry im late", TODAY).time_ranges == ()
    tagged = read_values("lates", TODAY, (("time", "lates"),))
    assert tagged.time_ranges == ((time(14), time(22)),)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.text(max_size=3000),
    st.lists(
        st.tuples(st.sampled_from(["money", "hours", "time", "day"]), st.text(max_size=20)),
        max_size=3,
    ),
)
def test_any_text_reads_without_raising(text: str, entities: list[tuple[str, str]]) -> None:
    v = read_values(text, TODAY, tuple(entities))
    assert isinstance(v, Values)
    assert v.said_money is None or v.said_money.pence > 0
    assert v.said_hours is None or Decimal(0) < v.said_hours <= 100


@pytest.mark.parametrize(
    "said",
    ["12 pounds 90 pence per hour", "thirteen twenty five an hour", "salary for hour is 12.90"],
)
def test_a_rate_per_hour_is_not_a_number_of_hours(said: str) -> None:
    """ "an hour" in a rate said the hours were 12 or 13 before."""
    assert read_values(said).said_hours is None


def test_hours_typed_with_the_pay_still_count() -> None:
    got = read_values("on £12.10 for 24hrs")
    assert got.said_hours == Decimal(24) and got.said_money == Money(1210, None)


@pytest.mark.parametrize(
    ("said", "pence"),
    [
        ("got a 45p rise so now 13.15", 1315),
        ("rise of 40p so im on 13.11 now", 1311),
        ("got 60p rise, from 12.71 to 13.31", 1331),
    ],
)
def test_a_rise_said_with_the_new_rate_is_the_new_rate(said: str, pence: int) -> None:
    got = read_values(said)
    assert got.rise is None and got.said_money == Money(pence, None)


def test_a_rise_on_the_old_pay_stays_a_rise() -> None:
    """ "a 5% rise on 12.50": 12.50 is the pay it was on, not the new pay."""
    assert read_values("got a 5% rise on 12.50").rise == Rise(None, Decimal(5), None)


def test_a_money_tag_on_a_number_that_could_be_hours_does_not_make_it_a_pay() -> None:
    """The round-8 model tags "37.5" in "no its 37.5" as money; at the pay question that had
    saved £37.50 an hour, where the worker was fixing the hours. The whole message's reading
    wins: a bare number that could be hours is not said money because of a tag alone."""
    tagged = (("money", "37.5"),)
    assert read_values("no its 37.5", TODAY, tagged).said_money is None
    pence_like = read_values("no its 12.85", TODAY, (("money", "12.85"),))  # not hours
    assert pence_like.said_money is not None and pence_like.said_money.pence == 1285
