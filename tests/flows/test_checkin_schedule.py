"""Table-driven tests for the check-in timing rules (Europe/London, both clock changes)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from flows.checkin_schedule import (
    QUIET_HOURS,
    CheckinWindow,
    add_period,
    next_checkin_at,
    next_good_moment,
    to_utc,
    window_from,
)

LONDON = ZoneInfo("Europe/London")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# (name, now_utc, frequency, window, busy_slots, expected_utc)
CASES = [
    (
        "weekly evening, winter",
        utc(2026, 11, 23, 10),
        "weekly",
        "evening",
        [],
        utc(2026, 11, 30, 17),
    ),
    (
        "weekly morning lands after clocks go forward (BST)",
        utc(2026, 3, 22, 10),
        "weekly",
        "morning",
        [],
        utc(2026, 3, 29, 7),
    ),
    (
        "weekly morning lands after clocks go back (GMT)",
        utc(2026, 10, 18, 10),
        "weekly",
        "morning",
        [],
        utc(2026, 10, 25, 8),
    ),
    (
        "fortnightly afternoon in summer",
        utc(2026, 7, 2, 9),
        "fortnightly",
        "afternoon",
        [],
        utc(2026, 7, 16, 11),
    ),
    (
        "monthly from 31 January is 28 February",
        utc(2027, 1, 31, 12),
        "monthly",
        "morning",
        [],
        utc(2027, 2, 28, 8),
    ),
    (
        "monthly in December rolls into January",
        utc(2026, 12, 15, 12),
        "monthly",
        "evening",
        [],
        utc(2027, 1, 15, 17),
    ),
    (
        "23:30 UTC in summer is already the next local day",
        utc(2026, 6, 30, 23, 30),
        "weekly",
        "morning",
        [],
        utc(2026, 7, 8, 7),
    ),
    (
        "shift covers the whole evening: next free evening",
        utc(2026, 11, 23, 10),
        "weekly",
        "evening",
        [(MON, time(16), time(22))],
        utc(2026, 12, 1, 17),
    ),
    (
        "overnight shift from Sunday keeps Monday morning busy",
        utc(2026, 11, 23, 10),
        "weekly",
        "morning",
        [(SUN, time(20), time(9, 30))],
        utc(2026, 11, 30, 9, 30),
    ),
    (
        "no message in the half hour before a shift",
        utc(2026, 11, 23, 10),
        "weekly",
        "morning",
        [(MON, time(8, 15), time(11))],
        utc(2026, 11, 30, 11),
    ),
    (
        "free half hour before the shift buffer is used",
        utc(2026, 11, 23, 10),
        "weekly",
        "morning",
        [(MON, time(9), time(17))],
        utc(2026, 11, 30, 8),
    ),
    (
        "explicit window is cut at 21:00 quiet hours",
        utc(2026, 11, 23, 10),
        "weekly",
        (time(20, 30), time(23)),
        [],
        utc(2026, 11, 30, 20, 30),
    ),
    (
        "window wholly in quiet hours falls back to daytime",
        utc(2026, 11, 23, 10),
        "weekly",
        (time(21, 30), time(23)),
        [],
        utc(2026, 11, 30, 8),
    ),
    (
        "shifts every day all day: shifts are ignored rather than never checking in",
        utc(2026, 11, 23, 10),
        "weekly",
        "evening",
        [(d, time(7), time(23)) for d in range(7)],
        utc(2026, 11, 30, 17),
    ),
]


@pytest.mark.parametrize(
    ("now", "frequency", "window", "slots", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_next_checkin_at(
    now: datetime,
    frequency: str,
    window: str | tuple[time, time],
    slots: list[tuple[int, time, time]],
    expected: datetime,
) -> None:
    win = window_from(window) if isinstance(window, str) else window_from(None, *window)
    got = next_checkin_at(now, frequency, win, slots)
    assert got == expected
    assert got.tzinfo is not None


# (name, local wall-clock time, expected UTC)
LOCAL_TIMES = [
    ("ordinary winter time", datetime(2026, 1, 10, 9, 0), utc(2026, 1, 10, 9, 0)),
    ("ordinary summer time", datetime(2026, 7, 10, 9, 0), utc(2026, 7, 10, 8, 0)),
    (
        "non-existent 01:30 in March moves to 02:00 BST",
        datetime(2026, 3, 29, 1, 30),
        utc(2026, 3, 29, 1, 0),
    ),
    (
        "non-existent 01:00 in March moves to 02:00 BST",
        datetime(2026, 3, 29, 1, 0),
        utc(2026, 3, 29, 1, 0),
    ),
    ("02:00 in March exists (BST)", datetime(2026, 3, 29, 2, 0), utc(2026, 3, 29, 1, 0)),
    (
        "repeated 01:30 in October means the first one (BST)",
        datetime(2026, 10, 25, 1, 30),
        utc(2026, 10, 25, 0, 30),
    ),
    ("02:00 in October is GMT", datetime(2026, 10, 25, 2, 0), utc(2026, 10, 25, 2, 0)),
]


@pytest.mark.parametrize(
    ("local", "expected"), [c[1:] for c in LOCAL_TIMES], ids=[c[0] for c in LOCAL_TIMES]
)
def test_to_utc_at_clock_changes(local: datetime, expected: datetime) -> None:
    assert to_utc(local, LONDON) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # window 01:00-03:00 with quiet hours off: 01:00 does not exist on 29 March
        (utc(2026, 3, 22, 12), utc(2026, 3, 29, 1, 0)),
        # 01:00 happens twice on 25 October: the first one, 01:00 BST
        (utc(2026, 10, 18, 12), utc(2026, 10, 25, 0, 0)),
    ],
    ids=["non-existent local start", "repeated local start"],
)
def test_night_window_at_clock_changes(now: datetime, expected: datetime) -> None:
    window = CheckinWindow(time(1), time(3))
    assert next_checkin_at(now, "weekly", window, quiet_hours=None) == expected


@pytest.mark.parametrize(
    ("after", "slots", "expected"),
    [
        ("daytime: right away", [], utc(2026, 11, 24, 14, 0)),
        ("late at night: next morning", [], utc(2026, 11, 25, 8, 0)),
        ("in a shift: when the shift ends", [(TUE, time(13), time(18))], utc(2026, 11, 24, 18)),
    ],
)
def test_next_good_moment_for_reminders(
    after: str, slots: list[tuple[int, time, time]], expected: datetime
) -> None:
    start = utc(2026, 11, 24, 22, 30) if after.startswith("late") else utc(2026, 11, 24, 14)
    assert next_good_moment(start, window_from("any"), slots) == expected


def test_never_in_quiet_hours_or_shifts_all_year() -> None:
    """Sweep every day of 2026 (both clock changes) with awkward shifts."""
    slots = [(MON, time(9), time(17)), (WED, time(22), time(6)), (SAT, time(12), time(20))]
    window = window_from("any")
    for day in range(365):
        for hour in (0, 7, 12, 20, 23):
            now = utc(2026, 1, 1, hour) + timedelta(days=day)
            got = next_checkin_at(now, "weekly", window, slots).astimezone(LONDON)
            assert time(8) <= got.time() < QUIET_HOURS[0], (now, got)
            assert got.date() >= (now.astimezone(LONDON) + timedelta(days=7)).date()
            for d, start, end in slots:
                begin = datetime.combine(
                    got.date() - timedelta(days=(got.weekday() - d) % 7), start, tzinfo=LONDON
                )
                finish = datetime.combine(
                    begin.date() + timedelta(days=end <= start), end, tzinfo=LONDON
                )
                assert not (begin - timedelta(minutes=30) <= got < finish), (now, got)


@pytest.mark.parametrize(
    ("day", "frequency", "expected"),
    [
        (date(2026, 1, 31), "monthly", date(2026, 2, 28)),
        (date(2028, 1, 31), "monthly", date(2028, 2, 29)),
        (date(2026, 3, 31), "monthly", date(2026, 4, 30)),
        (date(2026, 12, 31), "weekly", date(2027, 1, 7)),
        (date(2026, 12, 31), "fortnightly", date(2027, 1, 14)),
    ],
)
def test_add_period(day: date, frequency: str, expected: date) -> None:
    assert add_period(day, frequency) == expected


@pytest.mark.parametrize(
    "bad",
    [
        lambda: next_checkin_at(utc(2026, 1, 1), "daily", window_from("morning")),
        lambda: next_checkin_at(datetime(2026, 1, 1), "weekly", window_from("morning")),
        lambda: window_from("midnight"),
        lambda: CheckinWindow(time(17), time(9)),
    ],
    ids=["unknown frequency", "naive now", "unknown window", "window ends before it starts"],
)
def test_bad_input_is_refused_clearly(bad: object) -> None:
    with pytest.raises(ValueError):
        bad()  # type: ignore[operator]


@pytest.mark.parametrize(
    "spec", ["evening", (time(17), time(21)), CheckinWindow(time(17), time(21))]
)
def test_window_can_be_given_by_name_pair_or_object(spec: object) -> None:
    got = next_checkin_at(utc(2026, 11, 23, 10), "weekly", spec)  # type: ignore[arg-type]
    assert got == utc(2026, 11, 30, 17)


def test_no_window_means_any_daytime_hour() -> None:
    assert next_checkin_at(utc(2026, 11, 23, 10), "weekly", None) == utc(2026, 11, 30, 8)
