"""Webhook idempotency: each Telegram update id is handled once.

Telegram redelivers an update until the webhook answers 200 (after a timeout, a restart, a
network blip), and anyone replaying a captured request with the secret would repeat it too. The
webhook records each update id in `telegram_updates_seen` (the primary key makes a second insert
fail, in one statement, across processes) before queueing the update; an id already there is
answered 200 and dropped. Telegram keeps undelivered updates for 24 hours, so ids older than
48 hours are pruned (at most every `PRUNE_EVERY`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from db.models import TelegramUpdateSeen
from db.types import utcnow

log = logging.getLogger("escalator.telegram")

KEEP = timedelta(hours=48)
PRUNE_EVERY = timedelta(minutes=10)


class SeenUpdates:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        keep: timedelta = KEEP,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._factory = session_factory
        self._keep = keep
        self._clock = clock
        self._last_prune: datetime | None = None

    def first_time(self, update_id: int) -> bool:
        """Record `update_id`; False when it was already recorded (a redelivery or replay)."""
        now = self._clock()
        with self._factory() as s:
            try:
                s.add(TelegramUpdateSeen(update_id=update_id, received_at=now))
                s.commit()
            except IntegrityError:
                s.rollback()
                log.info("Telegram update %d was delivered again: ignored", update_id)
                return False
        if self._last_prune is None or now - self._last_prune >= PRUNE_EVERY:
            self.prune(now)
        return True

    def prune(self, now: datetime | None = None) -> int:
        """Forget ids older than the keep period; returns how many were removed."""
        now = now or self._clock()
        self._last_prune = now
        with self._factory() as s:
            result = s.execute(
                delete(TelegramUpdateSeen).where(TelegramUpdateSeen.received_at < now - self._keep)
            )
            s.commit()
        return int(getattr(result, "rowcount", 0) or 0)
