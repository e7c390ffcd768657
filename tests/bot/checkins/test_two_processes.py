"""Two dispatcher processes on one PostgreSQL database, against the fake Bot API.

Each chat has exactly one due check-in, so the fake API's per-chat delivery count shows
duplicates (2+) and losses (0) exactly.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from benchmarks.checkin_dispatch import (
    finished_stats,
    fresh_database,
    run_phase,
    seed,
    start_worker,
)
from benchmarks.fake_bot_api import FakeBotApi

PG_URL = os.environ.get("TEST_DATABASE_URL", "")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL.startswith("postgresql"), reason="needs TEST_DATABASE_URL"),
]
COUNT = 200


def test_two_processes_send_every_row_exactly_once(fake_api: FakeBotApi) -> None:
    r = run_phase(PG_URL, fake_api, COUNT, kill_after=None, lease=10, rate=25)
    assert (r["delivered_chats"], r["duplicates"], r["losses"]) == (COUNT, 0, 0)
    assert r["rows_by_status"] == {"sent": COUNT}
    # both processes did a share of the work, and the shared budget held the overall rate
    assert r["process_1"]["sent"] > 0 and r["process_2"]["sent"] > 0
    assert r["process_1"]["sent"] + r["process_2"]["sent"] == COUNT
    # one shared 25/s budget: two separate budgets would push against the fake API's 30/s cap
    assert r["sustained_rate_per_s"] <= 27


def test_live_replies_go_first_during_a_wave_and_check_ins_take_the_rest(
    fake_api: FakeBotApi,
) -> None:
    """A third process sends live replies through python-telegram-bot and the service's rate
    limiter while two dispatchers send check-ins, all on the one database budget (29.5/s)."""
    r = run_phase(
        PG_URL, fake_api, 400, kill_after=None, lease=10, rate=29.5, live_rate=4, live_seconds=6
    )
    assert (r["delivered_chats"], r["duplicates"], r["losses"]) == (400, 0, 0)
    live = r["live"]
    assert live["errors"] == 0 and live["replies"] >= 20
    # a reply waits about two slots, not behind the wave (16 slots booked ahead per process
    # would be over half a second); loose bounds: CI machines are busy
    assert live["p50_ms"] < 300 and live["p95_ms"] < 800, live
    assert live["checkins_per_s_meanwhile"] > 12  # check-ins kept most of the budget


def test_kill_9_mid_run_loses_nothing_and_duplicates_only_in_doubt_rows(
    fake_api: FakeBotApi,
) -> None:
    r = run_phase(PG_URL, fake_api, COUNT, kill_after=0.3, lease=3, rate=25)
    assert r["killed_after_messages"] < COUNT
    assert r["losses"] == 0 and r["delivered_chats"] == COUNT
    assert r["rows_by_status"] == {"sent": COUNT}
    # a duplicate is only possible for a row caught mid-HTTP-call by the kill
    assert r["duplicates"] <= r["in_doubt_rows_recovered"] <= 16


def test_a_restarted_dispatcher_finishes_the_work_of_a_killed_one(fake_api: FakeBotApi) -> None:
    count = 60
    with fresh_database(PG_URL) as url:
        seed(url, count)
        first = start_worker(url, fake_api.base_url, fake_api.token, "first", 2, 25)
        deadline = time.monotonic() + 30
        while fake_api.state.total < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait()
        killed_at = fake_api.state.total
        second = start_worker(url, fake_api.base_url, fake_api.token, "second", 2, 25)
        stats = finished_stats(second, 60)
    got = fake_api.state.stats()
    assert killed_at < count
    assert got["chats"] == count  # nothing lost
    assert got["duplicates"] <= stats["in_doubt"]
    assert stats["claimed"] >= count - killed_at
