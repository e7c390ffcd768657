"""Read-backs with tap-to-fix (flows/checks.py). Rates from support-and-take-home.md §3, in
force from 1 April 2026: 21+ £12.71, 18-20 £10.85, 16-17 £8.00."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

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


def test_underpaid_note_names_the_band_rate_and_acas() -> None:
    note = checks.underpaid_note(1000, "18_20", TODAY)
    assert note is not None
    assert "aged 18 to 20 is £10.85 an hour" in note.text and "0300 123 1100" in note.text
    assert checks.underpaid_note(1085, "18_20", TODAY) is None
    unknown = checks.underpaid_note(1200, None, TODAY)
    assert unknown is not None and "aged 21 or over is £12.71" in unknown.text
    assert "under 21 or an apprentice" in unknown.text


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
