"""Who may see which worker: the one access rule, as queries (a coach their caseload, an admin
everyone). Every coach page and export scopes through it, and a worker outside it is "not
found", exactly like one that does not exist."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from db.ids import valid_id
from db.models import Coach, Worker


def visible_workers(coach: Coach) -> Select[tuple[Worker]]:
    stmt = select(Worker)
    if coach.role != "admin":
        stmt = stmt.where(Worker.coach_id == coach.id)
    return stmt


def get_visible_worker(session: Session, coach: Coach, worker_id: int) -> Worker | None:
    if not valid_id(worker_id):
        return None
    return session.scalar(visible_workers(coach).where(Worker.id == worker_id))
