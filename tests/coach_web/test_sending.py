"""When a coach's message to a worker goes, and how a refusal looks (coach_web.app)."""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from coach_web.app import MAX_MESSAGE_CHARS, CoachPages, _environment
from db.models import ConversationMessage, Worker
from tests.coach_web.factories import csrf_from, login, mounted_client

TOO_LONG = "That message is too long: Telegram takes up to 4096 characters. Split it in two."


async def took_it(worker: Worker, text: str) -> None:
    return None


def pages(send=took_it) -> CoachPages:
    tz = "Europe/London"
    return CoachPages(_environment(tz), ZoneInfo(tz), sessionmaker(), send)


def worker(**kw: object) -> Worker:
    fields = {"first_name": "Amira", "channel": "telegram", "status": "active", **kw}
    return Worker(id=7, **fields)


@pytest.mark.parametrize(
    ("kw", "text", "refusal"),
    [
        ({}, "Hi", None),
        ({}, "x" * 4096, None),
        ({}, "x" * 4097, (TOO_LONG, 400)),
        ({}, "", ("The message is empty. Write something first.", 400)),
        ({"status": "paused"}, "Hi", None),
        (
            {"status": "stopped"},
            "Hi",
            ("Amira has stopped the chat, so the bot cannot send messages to them.", 409),
        ),
        (
            {"status": "inactive"},
            "",
            ("Amira has stopped the chat, so the bot cannot send messages to them.", 409),
        ),
        (
            {"channel": "demo"},
            "Hi",
            ("Amira is a fictional demo worker: there is no chat to send to.", 409),
        ),
        (
            {"channel": "terminal", "first_name": None},
            "Hi",
            ("Worker 7 chats through the terminal demo, not Telegram.", 409),
        ),
    ],
)
def test_why_a_message_cannot_go(kw: dict, text: str, refusal: tuple[str, int] | None) -> None:
    """A blocked chat is said first (409), then an empty or too long text (400)."""
    assert MAX_MESSAGE_CHARS == 4096
    assert pages().why_not_send(worker(**kw), text) == refusal


def test_without_a_sender_nothing_can_go() -> None:
    assert pages(None).why_not_send(worker(), "Hi") == (
        "Sending is off: no Telegram bot token is configured for this service.",
        409,
    )


def test_delivery_waits_for_an_async_sender_and_takes_a_plain_one() -> None:
    got: list[str] = []

    async def later(w: Worker, text: str) -> None:
        await asyncio.sleep(0)
        got.append("async " + text)

    def plain(w: Worker, text: str) -> None:
        got.append("plain " + text)

    def refusing(w: Worker, text: str) -> None:
        raise ConnectionError("blocked by the user")

    assert asyncio.run(pages(later).deliver(worker(), "a")) is None
    # a plain function is not a SendToWorker to mypy, but deliver takes one (isawaitable)
    assert asyncio.run(pages(plain).deliver(worker(), "b")) is None  # type: ignore[arg-type]
    assert got == ["async a", "plain b"]
    refused = asyncio.run(pages(refusing).deliver(worker(), "c"))  # type: ignore[arg-type]  (plain)
    assert refused is not None
    error, status = refused
    assert status == 502 and error.startswith("The message could not be sent just now")


def test_a_too_long_message_comes_back_in_the_box_unsent(
    session_factory: sessionmaker[Session], world
) -> None:
    sent: list[str] = []

    async def send(w: Worker, text: str) -> None:
        sent.append(text)

    client = mounted_client(session_factory, send_to_worker=send)
    assert login(client, "ana@example.org").status_code == 303
    page = client.get(f"/coach/workers/{world.amira}").text
    text = "a" * 4000 + " <b>" + "z" * 100
    r = client.post(
        f"/coach/workers/{world.amira}/messages", data={"text": text, "csrf_token": csrf_from(page)}
    )
    assert r.status_code == 400 and TOO_LONG in r.text
    assert "a" * 4000 + " &lt;b&gt;" + "z" * 100 + "</textarea>" in r.text
    assert sent == []
    with session_factory() as s:
        coach_msgs = select(ConversationMessage).where(ConversationMessage.sender == "coach")
        assert s.scalars(coach_msgs).all() == []
