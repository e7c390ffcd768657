from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coach_web.caseload import (
    CaseloadRow,
    Flag,
    StoredFlag,
    canonical_flag_kind,
    derive_flags,
    derive_stage,
    filter_rows,
    missed_since_last_answer,
    sort_rows,
)
from coach_web.impact import EarningsPoint

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("has_goal", "plan", "rise", "expected"),
    [
        (False, [], False, "onboarding"),
        (True, [], False, "goal set"),
        (True, ["saved"], False, "course saved"),
        (True, ["saved", "applied"], False, "applied"),
        (True, ["dropped"], False, "goal set"),
        (True, ["enrolled", "saved"], False, "enrolled"),
        (True, ["completed", "applied"], False, "completed"),
        (True, ["completed"], True, "in work progression"),
        (False, [], True, "in work progression"),
    ],
)
def test_stage(has_goal, plan, rise, expected):
    got = derive_stage(
        worker_status="active", has_goal=has_goal, plan_statuses=plan, had_pay_rise=rise
    )
    assert got == expected


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], 0),
        (["answered"], 0),
        (["missed"], 1),
        (["missed", "missed", "answered"], 0),
        (["answered", "missed", "due", "missed"], 2),
    ],
)
def test_missed_since_last_answer(statuses, expected):
    checkins = [(T0 + timedelta(days=7 * i), s) for i, s in enumerate(statuses)]
    assert missed_since_last_answer(reversed(checkins)) == expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("missed_checkins", "missed_checkins"),
        ("missed_checkin", "missed_checkins"),
        ("struggling", "struggling"),
        ("asked_for_human", "asked_for_human"),
        ("human_requested", "asked_for_human"),
        ("wants_coach", "asked_for_human"),
        ("something_else", "something_else"),
    ],
)
def test_canonical_flag_kind(kind, expected):
    assert canonical_flag_kind(kind) == expected


def _flags(**kw):
    args = dict(stored=[], checkins=[], funding_outcomes=[], plan_statuses=[], earnings=[])
    args.update(kw)
    return [f.kind for f in derive_flags(**args)]


def test_free_course_not_applied_is_derived_and_clears_once_applied():
    assert _flags(funding_outcomes=["free"], plan_statuses=["saved"]) == ["free_not_applied"]
    assert _flags(funding_outcomes=["free"], plan_statuses=["applied"]) == []
    assert _flags(funding_outcomes=["free"], plan_statuses=["enrolled"]) == []
    assert _flags(funding_outcomes=["loan"], plan_statuses=["saved"]) == []


def test_pay_rise_is_derived_from_earnings():
    up = [
        EarningsPoint(T0, "baseline", 1200),
        EarningsPoint(T0 + timedelta(days=30), "checkin", 1300),
    ]
    down = [
        EarningsPoint(T0, "baseline", 1200),
        EarningsPoint(T0 + timedelta(days=30), "checkin", 1100),
    ]
    assert _flags(earnings=up) == ["pay_rise"]
    assert _flags(earnings=down) == []
    flag = derive_flags(stored=[], checkins=[], funding_outcomes=[], plan_statuses=[], earnings=up)[
        0
    ]
    assert flag.detail == "£12.00 to £13.00 an hour (+8%)"
    assert not flag.needs_coach


def test_stored_flags_open_only_one_per_kind_and_ordered():
    stored = [
        StoredFlag("struggling", "finds it hard", 5),
        StoredFlag("human_requested", None, 7),
        StoredFlag("asked_for_human", None, 9),
        StoredFlag("struggling", None, 11, resolved=True),
    ]
    checkins = [(T0, "missed")]
    assert _flags(stored=stored, checkins=checkins) == [
        "missed_checkins",
        "struggling",
        "asked_for_human",
    ]
    assert _flags(stored=[StoredFlag("struggling", None, 1, resolved=True)]) == []


def row(i, name, district=None, stage="goal set", last=None, nxt=None, flags=()):
    return CaseloadRow(i, name, district, "active", stage, last, nxt, None, list(flags))


ROWS = [
    row(1, "Amira", "SE15", "applied", T0, T0 + timedelta(days=3)),
    row(2, "Ben", "B12", "goal set", None, None, [Flag("struggling", "Struggling")]),
    row(
        3,
        "Chloe",
        "SE1",
        "completed",
        T0 - timedelta(days=9),
        T0 + timedelta(days=1),
        [Flag("pay_rise", "Pay rise")],
    ),
    row(4, "amina", "M1", "onboarding", T0 - timedelta(days=2), None),
]


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"q": "ami"}, [1, 4]),
        ({"q": "se1"}, [1, 3]),
        ({"q": "SE 15"}, [1]),
        ({"q": "b12"}, [2]),
        ({"stage": "applied"}, [1]),
        ({"flag": "any"}, [2]),  # good news does not count as needing the coach
        ({"flag": "pay_rise"}, [3]),
        ({"q": "zzz"}, []),
    ],
)
def test_filter(kw, expected):
    assert [r.worker_id for r in filter_rows(ROWS, **kw)] == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("attention", [2, 3, 4, 1]),
        ("name", [4, 1, 2, 3]),
        ("last_contact", [2, 3, 4, 1]),
        ("next_checkin", [3, 1, 2, 4]),
        ("stage", [4, 2, 1, 3]),
        ("nonsense", [2, 3, 4, 1]),
    ],
)
def test_sort(sort, expected):
    assert [r.worker_id for r in sort_rows(ROWS, sort)] == expected
