"""The Telegram webhook as `escalator run` serves it (bot.service.build_app): a redelivered or
replayed update id is recorded once in the inbox, and a body that is not an update gets 400,
never 500. (The channel is not started here, so accepted updates wait in the inbox; handling
them is tested in tests/bot/telegram/test_inbox.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.service import build_app
from bot.telegram.app import TelegramChannel
from bot.telegram.inbox import KEEP, UpdateInbox
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from config.settings import Settings
from db.models import TelegramUpdateSeen
from db.types import utcnow
from tests.bot.telegram.conversation_double import ScriptedConversationService

SECRET = "s3cret-Token_for-tests"
HEADERS = {SECRET_HEADER: SECRET}


def _update(update_id: int, text: str = "hello") -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": {"id": 42, "is_bot": False, "first_name": "Ada"},
            "chat": {"id": 42, "type": "private", "first_name": "Ada"},
            "date": 1_700_000_000,
            "text": text,
        },
    }


@pytest.fixture
def channel() -> TelegramChannel:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        session_secret="t" * 40,
        telegram_bot_token="123:abc",
        telegram_mode="webhook",
        telegram_webhook_url="https://bot.example.org/telegram/webhook",
        telegram_webhook_secret=SECRET,
    )
    return TelegramChannel(settings, ScriptedConversationService())  # type: ignore[arg-type]


@pytest.fixture
def client(
    channel: TelegramChannel, session_factory: sessionmaker[Session]
) -> Iterator[TestClient]:
    app = build_app(channel.settings, session_factory, telegram=channel)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _pending(session_factory: sessionmaker[Session]) -> list[tuple[int, int, str]]:
    """(update id, chat id, text) of the updates waiting in the inbox, in id order."""
    with session_factory() as s:
        rows = s.execute(
            select(
                TelegramUpdateSeen.update_id, TelegramUpdateSeen.chat_id, TelegramUpdateSeen.payload
            )
            .where(TelegramUpdateSeen.handled_at.is_(None))
            .order_by(TelegramUpdateSeen.update_id)
        ).all()
    return [(u, c, p["message"]["text"]) for u, c, p in rows]


def test_a_replayed_update_is_handled_once(
    client: TestClient, channel: TelegramChannel, session_factory: sessionmaker[Session]
) -> None:
    first = client.post(WEBHOOK_PATH, json=_update(1001), headers=HEADERS)
    again = client.post(WEBHOOK_PATH, json=_update(1001, "hello again"), headers=HEADERS)
    other = client.post(WEBHOOK_PATH, json=_update(1002), headers=HEADERS)
    assert first.status_code == again.status_code == other.status_code == 200
    assert first.json() == {"ok": True}
    assert again.json() == {"ok": True, "duplicate": True}  # 200: Telegram stops retrying
    # waiting in the inbox for the chat's lock holder, the replay nowhere
    assert _pending(session_factory) == [(1001, 42, "hello"), (1002, 42, "hello")]
    assert channel.application.update_queue.empty()
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(TelegramUpdateSeen)) == 2


def test_a_wrong_secret_is_not_recorded(
    client: TestClient, channel: TelegramChannel, session_factory: sessionmaker[Session]
) -> None:
    r = client.post(WEBHOOK_PATH, json=_update(7), headers={SECRET_HEADER: "nope"})
    assert r.status_code == 403
    # a forged call cannot burn an id that Telegram will deliver later
    assert client.post(WEBHOOK_PATH, json=_update(7), headers=HEADERS).json() == {"ok": True}
    assert _pending(session_factory) == [(7, 42, "hello")]


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe\x00",
        b"[1, 2]",
        b'{"update_id": "1"}',
        b'{"message": {}}',
        b'{"update_id": 5, "message": "text, not an object"}',
        b'{"update_id": 6, "message": {"chat": 5}}',
        b'{"update_id": 8, "callback_query": [1]}',
        b"",
    ],
)
def test_malformed_bodies_get_400(
    client: TestClient, session_factory: sessionmaker[Session], body: bytes
) -> None:
    r = client.post(
        WEBHOOK_PATH, content=body, headers={**HEADERS, "content-type": "application/json"}
    )
    assert r.status_code == 400, r.text
    assert r.json() == {"ok": False, "error": "bad update"}
    assert _pending(session_factory) == []


def test_old_ids_are_pruned(session_factory: sessionmaker[Session]) -> None:
    now = utcnow()
    clock = [now - KEEP - timedelta(hours=1)]
    inbox = UpdateInbox(session_factory, clock=lambda: clock[0])
    assert inbox.accept(1) and inbox.accept(2, 42, _update(2))
    assert not inbox.accept(1)
    clock[0] = now
    assert inbox.accept(3)  # the first call after a while prunes, pending or not
    with session_factory() as s:
        assert set(s.scalars(select(TelegramUpdateSeen.update_id))) == {3}
    assert inbox.accept(1)  # older than Telegram ever redelivers: a new update
