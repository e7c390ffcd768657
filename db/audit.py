"""Audit log writer: every change by a provider and every view of worker data by a coach."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from db.models import AuditEvent


def record(
    session: Session,
    *,
    actor_type: str,
    actor_id: str | int | None,
    action: str,
    entity_type: str,
    entity_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        actor_type=actor_type,
        actor_id=None if actor_id is None else str(actor_id),
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        detail=detail,
    )
    session.add(event)
    return event
