"""New workers go to the coach with the fewest live workers."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.caseload import pick_coach
from db.models import Coach, Worker


def _coach(session: Session, email: str, role: str = "coach") -> Coach:
    coach = Coach(email=email, name=email, password_hash="x", role=role)
    session.add(coach)
    session.flush()
    return coach


def test_no_coach_means_no_assignment(session: Session) -> None:
    _coach(session, "admin@x", role="admin")
    assert pick_coach(session) is None


def test_smallest_live_caseload_wins_and_ties_go_to_the_first_coach(session: Session) -> None:
    a = _coach(session, "a@x")
    b = _coach(session, "b@x")
    assert pick_coach(session) == a.id
    session.add(Worker(chat_id=1, coach_id=a.id, status="active"))
    session.flush()
    assert pick_coach(session) == b.id
    # workers who stopped or blocked the bot don't count against a coach
    session.add_all(
        [
            Worker(chat_id=2, coach_id=b.id, status="stopped"),
            Worker(chat_id=3, coach_id=b.id, status="inactive"),
        ]
    )
    session.flush()
    assert pick_coach(session) == b.id
