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
