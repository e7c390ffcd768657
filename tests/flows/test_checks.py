"""Read-backs with tap-to-fix (flows/checks.py). Rates from support-and-take-home.md §3, in
force from 1 April 2026: 21+ £12.71, 18-20 £10.85, 16-17 £8.00."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows import checks

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("band", "rate"), [("21_plus", 1271), ("18_20", 1085), ("under_18", 800), (None, 1271)]
)
def test_legal_minimum_by_age_band(band: str | None, rate: int) -> None:
    assert checks.legal_minimum(band, TODAY) == rate


@pytest.mark.parametrize(
    ("hourly", "band", "doubt"),
    [
        (1271, None, None),
        (1270, None, "low"),
        (1085, "18_20", None),
        (1084, "18_20", "low"),
        (6000, None, None),
        (6001, None, "high"),
        (800, "under_18", None),
    ],
)
def test_pay_doubt_at_the_boundaries(hourly: int, band: str | None, doubt: str | None) -> None:
    assert checks.pay_doubt(hourly, band, TODAY) == doubt


@pytest.mark.parametrize(
    ("hours", "doubt"),
    [(4, False), (3.9, True), (70, False), (70.5, True), (Decimal("37.5"), False)],
)
def test_hours_doubt_at_the_boundaries(hours: float, doubt: bool) -> None:
    assert checks.hours_doubt(hours) is doubt


def test_underpaid_note_names_the_dated_band_rate_acas_and_hmrc() -> None:
    u = checks.underpaid(1000, "18_20", TODAY)
    assert u is not None and (u.hourly, u.average, u.floor) == (1000, 1000, 1085)
    note = checks.underpaid_reply(u)
    assert "aged 18 to 20 is £10.85 an hour (since 1 Apr 2026)" in note.text
    assert "0300 123 1100" in note.text and "complain to HMRC" in note.text
    assert "gov.uk/national-minimum-wage/worker-disputes-over-minimum-wage" in note.text
    assert "not your fault" in note.text and "only tell them if you say yes" in note.text
    assert [b.data for b in note.buttons[0]] == ["uw:yes", "uw:no"]
    assert checks.underpaid(1085, "18_20", TODAY) is None
    unknown = checks.underpaid(1200, None, TODAY)
    assert unknown is not None
    text = checks.underpaid_reply(unknown).text
    assert "aged 21 or over is £12.71" in text and "under 21 or an apprentice" in text


def test_the_minimum_before_april_2026_is_dated_too() -> None:
    """21+ £12.21 from 1 Apr 2025 (funding-rules.md, Pay benchmarks)."""
    u = checks.underpaid(1200, None, date(2025, 6, 1))
    assert u is not None and u.floor == 1221
    assert "£12.21 an hour (since 1 Apr 2025)" in checks.underpaid_reply(u).text


def test_unpaid_travel_between_visits_brings_the_average_under_the_minimum() -> None:
    """£12.90 an hour for 30 paid hours = £387 a week; with 8 hours of unpaid travel between
    visits that is £387 / 38 h = £10.184... -> £10.18 an hour, under £12.71."""
    assert checks.average_with_travel(1290, 30, 8) == 1018
    u = checks.underpaid(1290, "21_plus", TODAY, paid_hours=30, travel_hours=8)
    assert u is not None and (u.hourly, u.average) == (1290, 1018)
    text = checks.underpaid_reply(u).text
    assert "Counting your 8 hours of unpaid travel, you get about £10.18 an hour" in text
    flag = checks.underpaid_flag(u)
    assert flag.kind == "underpaid" and "£10.18" in (flag.detail or "")
    assert "since 1 Apr 2026" in (flag.detail or "")
    # £14.00 x 30 = £420; / 33 h = £12.727 -> £12.73: not under £12.71
    assert checks.underpaid(1400, "21_plus", TODAY, paid_hours=30, travel_hours=3) is None
    # / 34 h = £12.35: under
    assert checks.underpaid(1400, "21_plus", TODAY, paid_hours=30, travel_hours=4) is not None


def test_underpaid_figures_survive_the_json_state() -> None:
    u = checks.underpaid(1290, "21_plus", TODAY, paid_hours=30, travel_hours=8)
    assert u is not None and checks.Underpaid.from_data(u.as_data()) == u
    assert checks.Underpaid.from_data({"hourly": "x"}) is None
    assert checks.Underpaid.from_data(None) is None


@given(
    st.integers(1, 10_000),
    st.decimals(1, 70, places=1),
    st.decimals(0, 40, places=1),
)
@settings(max_examples=200, derandomize=True)
def test_travel_never_raises_the_average(hourly: int, paid: Decimal, travel: Decimal) -> None:
    average = checks.average_with_travel(hourly, float(paid), float(travel))
    assert 0 <= average <= hourly
    # the week's pay is kept: average x all hours is within half a penny an hour of it
    assert abs(Decimal(average) * (paid + travel) - hourly * paid) <= (paid + travel) / 2


def test_confirm_pay_says_why_and_offers_both_buttons() -> None:
    low = checks.confirm_pay(1144, "pck", None, TODAY)
    assert low.text.startswith("Did you mean £11.44 an hour?")
    assert "minimum wage for people aged 21 or over (£12.71)" in low.text
    assert [b.data for b in low.buttons[0]] == ["pck:yes", "pck:no"]
    high = checks.confirm_pay(4400, "pck", None, TODAY)
    assert "£44 an hour" in high.text and "minimum wage" not in high.text
    assert "a lot more" in checks.confirm_pay(7000, "pck", None, TODAY).text
    given = checks.confirm_pay(1250, "pck", None, TODAY, "£900 a fortnight")
    assert given.text.startswith("Did you mean £900 a fortnight? That's about £12.50 an hour.")
