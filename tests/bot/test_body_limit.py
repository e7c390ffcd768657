"""Request bodies over the limit are refused with 413 before they are read, and ids in paths
outside 1..2**31-1 are "not found" (404), never a database overflow (500)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import Message

from bot.body_limit import BodyLimitMiddleware, BodyTooLarge
from bot.service import build_app
from bot.web import MAX_REQUEST_BYTES
from config.settings import Settings
from course_catalogue.provider_auth import create_api_key
from db.models import Provider
from tests.coach_web.factories import add_coach, login

MB = 1_000_000


@pytest.fixture
def client(session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    settings = Settings(_env_file=None, session_secret="t" * 40)  # type: ignore[call-arg]
    with TestClient(build_app(settings, session_factory)) as c:
        yield c


@pytest.fixture
def api_key(session_factory: sessionmaker[Session]) -> str:
    with session_factory() as s:
        provider = Provider(ukprn="10000001", name="College A")
        s.add(provider)
        s.flush()
        key = create_api_key(s, provider)
        s.commit()
    return key


def test_limits_are_one_megabyte_for_the_webhook_and_the_upload_limit_elsewhere() -> None:
    assert MAX_REQUEST_BYTES == 20 * 1024 * 1024 + 64 * 1024  # 20 MB file plus form framing


def test_webhook_over_one_megabyte_is_413(client: TestClient) -> None:
    r = client.post("/telegram/webhook", content=b"x" * (MB + 1))
    assert r.status_code == 413
    assert r.json() == {"detail": "The request is too large: the limit here is 1 MB."}
    # just under the limit it reaches routing (no webhook in polling mode: 404)
    assert client.post("/telegram/webhook", content=b"x" * MB).status_code == 404


def test_upload_over_the_limit_is_413(client: TestClient, api_key: str) -> None:
    big = b"a" * (MAX_REQUEST_BYTES + 1)
    r = client.post(
        "/provider/api/import", headers={"X-API-Key": api_key}, files={"courses": ("c.csv", big)}
    )
    assert r.status_code == 413
    html = client.post("/provider/upload", content=big, headers={"Accept": "text/html"})
    assert html.status_code == 413 and "Too large" in html.text


def _run(app, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[list, int]:
    """Drive the middleware by hand: returns (messages sent, chunks the app pulled)."""
    pulled = 0
    sent: list[Message] = []

    async def receive() -> Message:
        nonlocal pulled
        pulled += 1
        body = chunks[pulled - 1] if pulled <= len(chunks) else b""
        return {"type": "http.request", "body": body, "more_body": pulled < len(chunks)}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/upload", "headers": headers}
    asyncio.run(app(scope, receive, send))
    return sent, pulled


async def _reads_everything(scope, receive, send) -> None:
    while True:
        message = await receive()
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"read it all"})


def test_declared_length_over_the_limit_is_refused_without_reading_a_byte() -> None:
    app = BodyLimitMiddleware(_reads_everything, max_bytes=100)
    sent, pulled = _run(app, [(b"content-length", b"101")], [b"x" * 101])
    assert pulled == 0
    assert sent[0]["status"] == 413


def test_a_chunked_body_is_cut_off_as_soon_as_it_passes_the_limit() -> None:
    app = BodyLimitMiddleware(_reads_everything, max_bytes=100)
    sent, pulled = _run(app, [], [b"x" * 40] * 10)  # 400 bytes with no Content-Length
    assert pulled == 3  # 40, 80, 120: stopped at the chunk that passed 100
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 413
    ok, pulled = _run(app, [], [b"x" * 50, b"x" * 50])  # exactly the limit is fine
    assert ok[0]["status"] == 200 and pulled == 2


async def _answers_a_cut_body_itself(scope, receive, send) -> None:
    """An app that catches the cut, reads again (refused again), then tries its own answer."""
    try:
        await _reads_everything(scope, receive, send)
    except BodyTooLarge:
        with pytest.raises(BodyTooLarge):
            await receive()
        await send({"type": "http.response.start", "status": 400, "headers": []})
        await send({"type": "http.response.body", "body": b"my own answer"})


def test_an_apps_own_answer_to_a_cut_body_is_replaced_by_the_413() -> None:
    app = BodyLimitMiddleware(_answers_a_cut_body_itself, max_bytes=100)
    sent, pulled = _run(app, [], [b"x" * 40] * 10)
    assert pulled == 3  # nothing more is read after the cut, even when the app asks
    assert [m.get("status") for m in sent] == [413, None]
    assert b"too large" in sent[1]["body"]


def test_a_bad_content_length_is_counted_and_other_errors_pass_through() -> None:
    app = BodyLimitMiddleware(_reads_everything, max_bytes=100)
    ok, _ = _run(app, [(b"content-length", b"lots")], [b"x" * 60])
    assert ok[0]["status"] == 200
    cut, _ = _run(app, [(b"content-length", b"lots")], [b"x" * 60] * 2)
    assert cut[0]["status"] == 413

    async def broken(scope, receive, send) -> None:
        raise RuntimeError("a bug in the app")

    with pytest.raises(RuntimeError):
        _run(BodyLimitMiddleware(broken, max_bytes=100), [], [b"x"])


@pytest.mark.parametrize("bad", ["0", "2147483648", "99999999999999999999", "-1"])
def test_ids_out_of_range_in_api_paths_are_404(client: TestClient, api_key: str, bad: str) -> None:
    headers = {"X-API-Key": api_key}
    for path in (
        f"/provider/api/courses/{bad}",
        f"/provider/api/runs/{bad}",
        f"/provider/api/venues/{bad}",
    ):
        assert client.get(path, headers=headers).status_code == 404, path
    assert client.delete(f"/provider/api/runs/{bad}", headers=headers).status_code == 404


def test_ids_out_of_range_in_coach_paths_are_404(
    client: TestClient, session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    from argon2 import PasswordHasher

    import coach_web.auth

    monkeypatch.setattr(
        coach_web.auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    with session_factory() as s:
        add_coach(s, "ana@example.org")
        s.commit()
    assert login(client, "ana@example.org").status_code == 303
    for bad in ("2147483648", "99999999999999999999"):
        assert client.get(f"/coach/workers/{bad}").status_code == 404
