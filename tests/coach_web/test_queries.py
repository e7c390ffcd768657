"""The worker page's summary lines (coach_web.queries.build_summary and its parts)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session, sessionmaker

from coach_web import queries
from coach_web.queries import PlanLine, SummaryPoint
from db.models import CheckIn, Goal, GoalProgress, Worker
from tests.coach_web.factories import DAY, T0, add_coach, add_message, add_worker


@pytest.mark.parametrize(
    ("goal", "text"),
    [
        (
            Goal(target_role="chef", target_sector="hospitality", target_hourly_pence=1500),
            "Wants to work as chef (hospitality), aiming for £15.00 an hour.",
        ),
        (Goal(target_role="chef"), "Wants to work as chef."),
        (
            Goal(target_hourly_pence=1390),
            "Wants to work as something new, aiming for £13.90 an hour.",
        ),
        (Goal(not_sure=True), "Not sure yet what job they want next."),
        # a role named beats "not sure"
        (Goal(not_sure=True, target_role="chef"), "Wants to work as chef."),
        # only hours, contract or shifts: their own lines say it, no goal line
        (Goal(kinds=["hours", "shifts"], target_hourly_pence=1500), ""),
        (Goal(kinds=["hours"], not_sure=True), ""),
        # with pay among the kinds, or a role, the goal line stays
        (
            Goal(kinds=["pay", "hours"], target_hourly_pence=1500),
            "Wants to work as something new, aiming for £15.00 an hour.",
        ),
        (Goal(kinds=["hours"], target_role="chef"), "Wants to work as chef."),
    ],
)
def test_the_goal_line(goal: Goal, text: str) -> None:
    assert queries._goal_text(goal) == text


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (
            PlanLine("Care L2", "City College", "07 Sep 2026", "saved", None),
            "Care L2 at City College (07 Sep 2026): saved.",
        ),
        (
            PlanLine("Care L2", "", "flexible start", "applied", None),
            "Care L2 (flexible start): applied.",
        ),
        (PlanLine("A course", "", "", "enrolled", None), "A course: enrolled."),
    ],
)
def test_a_plan_line(line: PlanLine, text: str) -> None:
    assert queries._plan_text(line) == text


def test_the_summary_of_a_goal_about_shifts(session_factory: sessionmaker[Session]) -> None:
    """No job or pay aim: no goal line, but what they want, their progress (linked to the
    progress answer), the barriers and the latest check-in (linked, through the look-up for
    messages not shown, to their last message before answering)."""
    with session_factory() as s:
        worker = add_worker(s, add_coach(s, "cam@example.org"), "Cara", "M1")
        goal_msg = add_message(s, worker, "I want regular shifts", at=T0)
        said_msg = add_message(s, worker, "better", at=T0 + 30 * DAY)
        add_message(s, worker, "thanks", at=T0 + 32 * DAY)
        s.add_all(
            [
                Goal(
                    worker_id=worker.id,
                    kinds=["shifts"],
                    baseline_shifts="varies",
                    barriers=["transport", "night_travel"],
                    message_id=goal_msg.id,
                    created_at=T0,
                ),
                GoalProgress(
                    worker_id=worker.id,
                    kind="shifts",
                    value="better",
                    hours=Decimal("20"),
                    recorded_at=T0 + 30 * DAY,
                    message_id=said_msg.id,
                ),
                CheckIn(
                    worker_id=worker.id,
                    due_at=T0 + 30 * DAY,
                    status="answered",
                    answered_at=T0 + 31 * DAY,
                    answers={"shifts": "better"},
                ),
                CheckIn(worker_id=worker.id, due_at=T0 + 60 * DAY, status="due"),
            ]
        )
        s.commit()
        worker_id = worker.id
        ids = (goal_msg.id, said_msg.id)
    with session_factory() as s:
        loaded = s.get(Worker, worker_id)
        assert loaded is not None
        shown = queries.transcript(s, loaded, limit=1)  # only "thanks", after the answer
        points, plan = queries.build_summary(s, loaded, shown)
    assert plan == []
    assert points == [
        SummaryPoint("Wants", "Wants regular or better shifts.", ids[0], T0),
        SummaryPoint(
            "Progress",
            "Shifts: changes every week at the start; latest check-in says better.",
            ids[1],
            T0 + 30 * DAY,
        ),
        SummaryPoint("Barriers", "transport, night travel.", ids[0], T0),
        SummaryPoint("Latest check-in", "shifts: better", ids[1], T0 + 31 * DAY),
    ]
