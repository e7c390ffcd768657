"""/mydata gives a worker their data, but never their coach's private notes (the coach page
says "Only coaches see these")."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from bot.conversation import export_worker
from db.models import Coach, CoachNote, Worker


def test_mydata_leaves_out_coach_only_notes(session: Session) -> None:
    coach = Coach(email="ana@example.org", name="Ana", password_hash="x", role="coach")
    worker = Worker(channel="telegram", chat_id=42, first_name="Sam", coach=coach)
    session.add_all([coach, worker])
    session.flush()
    session.add(CoachNote(worker_id=worker.id, coach_id=coach.id, text="PRIVATE: seems stressed"))
    session.commit()
    session.refresh(worker)
    assert len(worker.notes) == 1

    raw = export_worker(session, worker)
    data = json.loads(raw)
    assert data["you"]["first_name"] == "Sam"
    assert "coach_notes" not in data
    assert b"PRIVATE: seems stressed" not in raw


def test_mydata_half_way_through_the_plan_has_what_was_said_so_far(session_factory) -> None:
    """A tester's /mydata half way through the plan showed only a name and an area: the job,
    pay and hours already given were in the conversation's state, and not in the file."""
    from datetime import UTC, datetime

    from bot.conversation import ConversationService, plain_summary
    from tests.bot.test_conversation import Chat

    chat = Chat(
        ConversationService(
            session_factory, None, clock=lambda: datetime(2026, 11, 23, tzinfo=UTC)
        ),
        9101,
    )
    chat.command("/start")
    chat.press("consent:yes")
    chat.press("name:tg")
    chat.text("LS9 8AB")
    chat.text("cleaner")
    chat.press("hrs:30")
    chat.text("£10.85 cos im 19")
    with session_factory() as s:
        worker = s.query(Worker).one()
        raw = export_worker(s, worker)
    data = json.loads(raw)
    so_far = data["conversation_state"]["answers_so_far"]
    assert (so_far["job_title"], so_far["hours"], so_far["hourly_pence"]) == ("Cleaner", 30.0, 1085)
    assert so_far["age_band"] == "18_20" and "_buttons" not in so_far
    summary = plain_summary(raw)
    assert "• Job: Cleaner (your plan isn't finished yet)\n• Pay: £10.85 an hour" in summary
