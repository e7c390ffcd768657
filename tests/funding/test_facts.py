from datetime import date
from decimal import Decimal

import pytest

from funding.facts import FundingFacts


def test_round_trip() -> None:
    f = FundingFacts(
        date_of_birth=date(2000, 2, 29),
        course_start=date(2026, 9, 1),
        weekly_hours=37.5,  # type: ignore[arg-type]
        hourly_pay_pence=1271,
        residency="other",
        is_bootcamp=False,
    )
    d = f.to_dict()
    assert d["weekly_hours"] == "37.5" and d["date_of_birth"] == "2000-02-29"
    assert "loans_used" not in d
    assert FundingFacts.from_dict(d) == f
    assert f.weekly_hours == Decimal("37.5")


def test_from_dict_ignores_unknown_keys() -> None:
    assert FundingFacts.from_dict({"old_field": 1, "loans_used": 2}).loans_used == 2


@pytest.mark.parametrize(
    "kwargs",
    [{"residency": "uk"}, {"hourly_pay_pence": -1}, {"loans_used": -1}],
)
def test_bad_values_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        FundingFacts(**kwargs)
