"""Which coach a new worker gets: the coach with the fewest live workers.

Every worker needs a named coach from day one, or nobody sees their flags. Admins are left
out (they see everyone anyway); ties go to the longest-serving coach so the choice is stable.
"""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.models import Coach, Worker

LIVE_STATUSES = ("onboarding", "active", "paused")


def pick_coach(session: Session) -> int | None:
    live = func.count(Worker.id)
    row = session.execute(
        select(Coach.id, live)
        .outerjoin(Worker, and_(Worker.coach_id == Coach.id, Worker.status.in_(LIVE_STATUSES)))
        .where(Coach.role == "coach")
        .group_by(Coach.id)
        .order_by(live, Coach.id)
        .limit(1)
    ).first()
    return None if row is None else int(row[0])
