"""Scheduled check-ins: due rows in the database, claimed and sent by one or more dispatchers.

For the conversation flows: `schedule_next(session, worker, now)` after the worker picks a
frequency, `cancel_future(session, worker_id)` when they stop, `mark_answered(session,
checkin_id, now)` when they reply. The caller commits.
"""

from bot.checkins.store import cancel_future, mark_answered, schedule_next

__all__ = ["cancel_future", "mark_answered", "schedule_next"]
