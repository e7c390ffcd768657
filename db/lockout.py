"""Counting wrong passwords without lost updates.

Several wrong guesses can arrive at once (several web workers, or threads): reading the count,
adding one in Python and writing it back lets parallel guesses overwrite each other, so an
attacker gets more than the allowed tries. One UPDATE ... SET failed_logins = failed_logins + 1
RETURNING failed_logins counts every guess, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, null, update
from sqlalchemy.orm import Session


def count_failed_login(session: Session, model: Any, row_id: int, now: datetime) -> int:
    """Add one wrong password to the row's count and return the new count. A lock that has
    run out is cleared and counting starts again at 1. `model` has failed_logins and
    locked_until columns (Coach, ProviderUser)."""
    expired = and_(model.locked_until.is_not(None), model.locked_until <= now)
    stmt = (
        update(model)
        .where(model.id == row_id)
        .values(
            failed_logins=case((expired, 1), else_=func.coalesce(model.failed_logins, 0) + 1),
            locked_until=case((expired, null()), else_=model.locked_until),
        )
        .returning(model.failed_logins)
    )
    count = session.execute(stmt, execution_options={"synchronize_session": "fetch"}).scalar_one()
    return int(count)
