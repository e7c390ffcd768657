"""The fake Bot API answers each path the way the tests and load benchmarks rely on (real HTTP)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from benchmarks.fake_bot_api import BOT_USER, WEBHOOK_INFO, FakeBotApi

TOKEN = "TEST"


@pytest.fixture(scope="module")
def api() -> Iterator[FakeBotApi]:
    server = FakeBotApi(port=0, token=TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def client(api: FakeBotApi) -> Iterator[httpx.Client]:
    api.state.reset()
    host, port = api.server.server_address[:2]
    with httpx.Client(base_url=f"http://{host}:{port}", timeout=5) as c:
        yield c


def _send(client: httpx.Client, chat_id: int, text: str = "hi") -> httpx.Response:
    return client.post(f"/bot{TOKEN}/sendMessage", json={"chat_id": chat_id, "text": text})


def test_set_up_calls_are_answered_as_telegram_does(client: httpx.Client) -> None:
    assert client.post(f"/bot{TOKEN}/getMe").json() == {"ok": True, "result": BOT_USER}
    info = client.post(f"/bot{TOKEN}/getWebhookInfo").json()
    assert info == {"ok": True, "result": WEBHOOK_INFO}
    for method in ("setWebhook", "setMyCommands", "answerCallbackQuery", "sendChatAction"):
        answer = client.post(f"/bot{TOKEN}/{method}", json={})
        assert (answer.status_code, answer.json()) == (200, {"ok": True, "result": True})


def test_unknown_paths_methods_and_tokens_are_refused(client: httpx.Client) -> None:
    not_found = {"ok": False, "error_code": 404, "description": "Not Found"}
    for path in ("/nowhere", f"/bot{TOKEN}/editMessageText", f"/bot{TOKEN}/send2"):
        answer = client.post(path, json={})
        assert (answer.status_code, answer.json()) == (404, not_found)
    answer = client.post("/botWRONG/getMe")
    assert (answer.status_code, answer.json()["description"]) == (401, "Unauthorized")
    assert client.get("/elsewhere").status_code == 404


def test_a_message_needs_a_chat_and_text(client: httpx.Client) -> None:
    no_chat = client.post(f"/bot{TOKEN}/sendMessage", json={"text": "hi"})
    assert (no_chat.status_code, no_chat.json()["description"]) == (
        400,
        "Bad Request: chat not found",
    )
    empty = _send(client, 5, "")
    assert (empty.status_code, empty.json()["description"]) == (400, "Bad Request: text is empty")
    assert client.get("/_stats").json()["total"] == 0


def test_form_json_and_multipart_bodies_are_all_read(client: httpx.Client) -> None:
    form = client.post(f"/bot{TOKEN}/sendMessage", data={"chat_id": "7", "text": "by form"})
    assert form.json()["result"]["chat"] == {"id": 7, "type": "private"}
    document = client.post(
        f"/bot{TOKEN}/sendDocument",
        data={"chat_id": "8"},
        files={"document": ("a.json", b"{}", "application/json")},
    )
    assert document.status_code == 200  # a document needs no caption
    assert _send(client, 9, "by json").json()["result"]["text"] == "by json"
    assert client.get("/_texts/7").json() == {"texts": ["by form"]}
    assert client.get("/_texts/8").json() == {"texts": [""]}
    assert client.get("/_texts/99").json() == {"texts": []}
    assert client.get("/_stats").json()["deliveries"] == {"7": 1, "8": 1, "9": 1}


def test_control_paths_block_fail_and_reset(client: httpx.Client) -> None:
    assert client.post("/_block", json={"chat_id": 5}).json() == {"ok": True}
    assert _send(client, 5).status_code == 403
    assert client.post("/_fail_next", json={"count": 2}).json() == {"ok": True}
    assert [_send(client, 6).status_code for _ in range(2)] == [502, 502]
    assert _send(client, 6).status_code == 200
    stats = client.get("/_stats").json()
    assert (stats["forbidden"], stats["failed_502"], stats["total"]) == (1, 2, 1)
    client.post("/_fail_next")  # no body: one failure
    assert [_send(client, 4).status_code for _ in range(2)] == [502, 200]
    assert client.post("/_reset", content=b"not json").json() == {"ok": True}
    assert client.get("/_stats").json()["total"] == 0
    assert _send(client, 5).status_code == 200  # unblocked by the reset


def test_a_second_message_to_a_chat_within_a_second_gets_429(client: httpx.Client) -> None:
    assert _send(client, 3).status_code == 200
    again = _send(client, 3)
    assert again.status_code == 429
    assert again.json()["parameters"] == {"retry_after": 1}
    assert client.get("/_stats").json()["rejected_chat_429"] == 1
