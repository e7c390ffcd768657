"""One handler at a time per chat, across every process that serves the webhook.

PostgreSQL: a session-level advisory lock per chat, held on a connection of its own while the
chat's updates are handled and answered. When a process dies its connections close and
PostgreSQL drops its locks at once, so no lease has to run out before another process can
carry on. The locks come from a small pool of their own (`max_held` connections), never from the
pool the conversation service uses: a handler holding a chat lock can always get a database
connection for the conversation itself.

SQLite serves one process, so an in-process set of held chats does the same job.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from sqlalchemy import Connection, Engine, text

log = logging.getLogger("escalator.telegram")

# The first key of the two-key advisory lock: keeps these locks apart from any other user of
# advisory locks on the same database.
LOCK_NAMESPACE = 0x7E1E


class ChatLocks(Protocol):
    def try_acquire(self, chat_id: int) -> object | None:
        """Take the chat's lock without waiting; None when another handler holds it."""
        ...

    def release(self, token: object) -> None:
        """Give the lock back (the token is what try_acquire returned)."""
        ...


def lock_key(chat_id: int) -> int:
    """A chat id (64-bit) folded into PostgreSQL's signed 32-bit lock key. Two chats that
    share a key only wait for each other; they are never handled out of order."""
    folded = (chat_id ^ (chat_id >> 32)) & 0xFFFFFFFF
    return folded - (1 << 32) if folded >= (1 << 31) else folded


class LocalChatLocks:
    """For one process (SQLite, tests)."""

    def __init__(self) -> None:
        self._held: set[int] = set()
        self._lock = threading.Lock()

    def try_acquire(self, chat_id: int) -> object | None:
        with self._lock:
            if chat_id in self._held:
                return None
            self._held.add(chat_id)
            return chat_id

    def release(self, token: object) -> None:
        with self._lock:
            if isinstance(token, int):
                self._held.discard(token)


class PgAdvisoryChatLocks:
    """Advisory locks on PostgreSQL, shared by every process on the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def try_acquire(self, chat_id: int) -> object | None:
        key = lock_key(chat_id)
        conn = self.engine.connect()
        try:
            got = conn.execute(
                text("SELECT pg_try_advisory_lock(:ns, :key)"), {"ns": LOCK_NAMESPACE, "key": key}
            ).scalar()
            conn.commit()  # the lock is the session's, not the transaction's
        except Exception:
            conn.invalidate()
            conn.close()
            raise
        if not got:
            conn.close()
            return None
        return (conn, key)

    def release(self, token: object) -> None:
        assert isinstance(token, tuple) and len(token) == 2
        conn, key = token
        assert isinstance(conn, Connection) and isinstance(key, int)
        try:
            conn.execute(
                text("SELECT pg_advisory_unlock(:ns, :key)"), {"ns": LOCK_NAMESPACE, "key": key}
            )
            conn.commit()
        except Exception:
            # a connection that may still hold the lock must never go back to the pool
            log.warning("Could not release the lock of chat key %s: closing its connection", key)
            conn.invalidate()
        finally:
            conn.close()


def chat_locks_for(engine: Engine, max_held: int) -> ChatLocks:
    """Advisory locks on PostgreSQL (a pool of `max_held` connections of their own), an
    in-process set on SQLite."""
    if engine.dialect.name != "postgresql":
        return LocalChatLocks()
    from db.engine import make_engine

    url = engine.url.render_as_string(hide_password=False)
    return PgAdvisoryChatLocks(make_engine(url, pool_size=max_held, max_overflow=0))
