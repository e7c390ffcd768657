"""Send budgets: the shared GCRA row keeps every process to one overall rate."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from bot.checkins.ratelimit import DbRateBudget, LocalRateBudget, PerChatSpacing


class FrozenClock:
    def __init__(self, t: float = 1_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_two_budgets_on_one_row_share_the_rate(engine: Engine) -> None:
    clock = FrozenClock()
    a, b = DbRateBudget(engine, rate=25, clock=clock), DbRateBudget(engine, rate=25, clock=clock)
    with ThreadPoolExecutor(8) as pool:
        slots = sorted(pool.map(lambda i: (a if i % 2 else b).reserve(), range(100)))
    gaps = [y - x for x, y in zip(slots, slots[1:], strict=False)]
    assert min(gaps) == pytest.approx(0.04)
    assert slots[0] == clock.t and slots[-1] == pytest.approx(clock.t + 99 * 0.04)


def test_budgets_with_different_names_are_independent(engine: Engine) -> None:
    clock = FrozenClock()
    bulk = DbRateBudget(engine, "bulk", rate=10, clock=clock)
    other = DbRateBudget(engine, "other", rate=10, clock=clock)
    assert bulk.reserve() == other.reserve() == clock.t


def test_idle_time_does_not_build_up_a_burst() -> None:
    clock = FrozenClock()
    budget = LocalRateBudget(rate=25, clock=clock)
    budget.reserve()
    clock.t += 60  # a quiet minute
    assert [budget.reserve() - clock.t for _ in range(3)] == pytest.approx([0, 0.04, 0.08])


def test_one_message_a_second_per_chat_and_push_back_after_429() -> None:
    clock = FrozenClock()
    spacing = PerChatSpacing(interval=1.0, clock=clock)
    assert [spacing.reserve(7) - clock.t for _ in range(3)] == [0, 1, 2]
    assert spacing.reserve(8) == clock.t  # another chat is not held up
    spacing.push_back(8, clock.t + 30)
    assert spacing.reserve(8) == clock.t + 30


def test_a_429_pauses_the_shared_budget_for_everyone(engine: Engine) -> None:
    clock = FrozenClock()
    a, b = DbRateBudget(engine, rate=25, clock=clock), DbRateBudget(engine, rate=25, clock=clock)
    a.reserve()
    a.push_back(clock.t + 3)
    assert b.reserve() == clock.t + 3
    a.push_back(clock.t + 1)  # an earlier pause never pulls the budget forward
    assert a.reserve() == clock.t + 3 + 0.04
