from decimal import Decimal

import pytest

from funding.facts import FundingFacts
from funding.pay import annual_pay_pence, money, pay_is_known


@pytest.mark.parametrize(
    ("facts", "annual"),
    [
        (FundingFacts(hourly_pay_pence=1271, weekly_hours=Decimal("37.5")), 2_478_450),
        (FundingFacts(hourly_pay_pence=1480, weekly_hours=Decimal("37.5")), 2_886_000),
        (FundingFacts(hourly_pay_pence=1221, weekly_hours=Decimal("16")), 1_015_872),
        (FundingFacts(weekly_pay_pence=50_000), 2_600_000),
        (FundingFacts(monthly_pay_pence=200_000), 2_400_000),
        (FundingFacts(annual_pay_pence=2_680_000), 2_680_000),
        # a yearly figure wins over an hourly one
        (FundingFacts(annual_pay_pence=1, hourly_pay_pence=1271, weekly_hours=40), 1),
        (FundingFacts(hourly_pay_pence=1271), None),  # hours missing
        (FundingFacts(weekly_hours=30), None),
        (FundingFacts(), None),
    ],
)
def test_annual_pay(facts: FundingFacts, annual: int | None) -> None:
    assert annual_pay_pence(facts) == annual


def test_unemployed_counts_as_known_pay() -> None:
    assert pay_is_known(FundingFacts(unemployed=True))
    assert not pay_is_known(FundingFacts(unemployed=False))


@pytest.mark.parametrize(
    ("pence", "text"),
    [(0, "£0"), (2_680_000, "£26,800"), (2_478_450, "£24,784.50"), (2895, "£28.95"), (5, "£0.05")],
)
def test_money(pence: int, text: str) -> None:
    assert money(pence) == text
