"""The send budget: one overall rate for every process, live replies ahead of bulk check-ins."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from bot.checkins.ratelimit import DbRateBudget, LocalRateBudget, PerChatSpacing, budget_for


class FakeTime:
    """A clock that only moves when someone sleeps (or a test moves it)."""

    def __init__(self, t: float = 1_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += max(seconds, 0.0)


def test_two_budgets_on_one_row_share_the_rate(engine: Engine) -> None:
    clock = FakeTime()
    a, b = DbRateBudget(engine, rate=25, clock=clock), DbRateBudget(engine, rate=25, clock=clock)
    with ThreadPoolExecutor(8) as pool:
        slots = sorted(pool.map(lambda i: (a if i % 2 else b).reserve_live(), range(100)))
    gaps = [y - x for x, y in zip(slots, slots[1:], strict=False)]
    assert min(gaps) == pytest.approx(0.04)
    assert slots[0] == clock.t and slots[-1] == pytest.approx(clock.t + 99 * 0.04)


def test_budgets_with_different_names_are_independent(engine: Engine) -> None:
    clock = FakeTime()
    bulk = DbRateBudget(engine, "bulk", rate=10, clock=clock)
    other = DbRateBudget(engine, "other", rate=10, clock=clock)
    assert bulk.reserve_live() == other.reserve_live() == clock.t


def test_idle_time_does_not_build_up_a_burst() -> None:
    clock = FakeTime()
    budget = LocalRateBudget(rate=25, clock=clock, sleep=clock.sleep)
    budget.reserve()
    clock.t += 60  # a quiet minute
    start = clock.t
    slots = [budget.reserve_live(), budget.reserve_live(), budget.reserve()]
    assert [s - start for s in slots] == pytest.approx([0, 0.04, 0.08])


def test_one_message_a_second_per_chat_and_push_back_after_429() -> None:
    clock = FakeTime()
    spacing = PerChatSpacing(interval=1.0, clock=clock)
    assert [spacing.reserve(7) - clock.t for _ in range(3)] == [0, 1, 2]
    assert spacing.reserve(8) == clock.t  # another chat is not held up
    spacing.push_back(8, clock.t + 30)
    assert spacing.reserve(8) == clock.t + 30


def test_a_429_pauses_the_shared_budget_for_everyone(engine: Engine) -> None:
    clock = FakeTime()
    a = DbRateBudget(engine, rate=25, clock=clock, sleep=clock.sleep)
    b = DbRateBudget(engine, rate=25, clock=clock, sleep=clock.sleep)
    a.reserve_live()
    a.push_back(clock.t + 3)
    assert b.reserve_live() == clock.t + 3
    a.push_back(clock.t + 1)  # an earlier pause never pulls the budget forward
    assert a.reserve_live() == pytest.approx(clock.t + 3 + 0.04)
    start = clock.t
    assert b.reserve() == pytest.approx(start + 3 + 0.08)  # bulk waited out the pause too
    assert clock.t >= start + 3 + 0.08 - b.lookahead - 1e-9


@pytest.mark.parametrize("kind", ["database", "local"])
def test_bulk_books_one_slot_ahead_at_most_and_a_live_reply_goes_first(
    engine: Engine, kind: str
) -> None:
    clock = FakeTime()
    if kind == "database":
        bulk = DbRateBudget(engine, rate=25, clock=clock, sleep=clock.sleep)
        live = DbRateBudget(engine, rate=25, clock=clock, sleep=clock.sleep)  # another process
    else:
        bulk = live = LocalRateBudget(rate=25, clock=clock, sleep=clock.sleep)
    t0 = clock.t
    # a wave: bulk books back to back, each slot at most one slot (0.04 s) ahead of its booking
    for n in range(5):
        slot = bulk.reserve()
        assert slot == pytest.approx(t0 + 0.04 * n)
        assert slot - clock.t <= 0.04 + 1e-9
    # a reply now waits for the one slot bulk has booked ahead, not for the rest of the wave
    asked = clock.t
    reply = live.reserve_live()
    assert reply - asked <= 0.08 + 1e-9
    assert bulk.reserve() == pytest.approx(reply + 0.04)  # and bulk carries on after it


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("wait"), st.floats(0, 0.3)),
            st.tuples(st.just("live"), st.just(0.0)),
            st.tuples(st.just("bulk"), st.just(0.0)),
        ),
        max_size=60,
    )
)
def test_slots_never_crowd_and_live_waits_are_bounded(ops: list[tuple[str, float]]) -> None:
    """Whatever the mix: no two slots closer than 1/rate (so no second holds more than the
    rate), bulk never books more than the lookahead ahead, and a live reply waits at most the
    lookahead plus one slot, plus one slot for each reply booked ahead of it."""
    clock = FakeTime()
    budget = LocalRateBudget(rate=20, clock=clock, sleep=clock.sleep)
    step, ahead = budget.interval, budget.lookahead
    slots: list[float] = []
    live: list[float] = []
    for op, amount in ops:
        if op == "wait":
            clock.t += amount
            continue
        asked = clock.t
        if op == "bulk":
            slot = budget.reserve()
            assert slot - clock.t <= ahead + 1e-9
        else:
            slot = budget.reserve_live()
            queued = sum(1 for s in live if s >= asked)
            assert slot - asked <= ahead + step * (1 + queued) + 1e-9
            live.append(slot)
        slots.append(slot)
    slots.sort()
    assert all(y - x >= step - 1e-9 for x, y in zip(slots, slots[1:], strict=False))


def test_the_database_budget_is_used_on_postgresql_only(engine: Engine) -> None:
    made = budget_for(engine, 29.5)
    expected = DbRateBudget if engine.dialect.name == "postgresql" else LocalRateBudget
    assert isinstance(made, expected)
    assert made.interval == pytest.approx(1 / 29.5)  # type: ignore[attr-defined]
