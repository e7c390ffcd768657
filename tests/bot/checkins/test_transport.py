"""The Bot API transport maps HTTP answers to the errors the dispatcher acts on."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from benchmarks.fake_bot_api import FakeBotApi
from bot.checkins.transport import (
    BadRequest,
    Forbidden,
    NetworkError,
    OutButton,
    OutgoingMessage,
    RetryAfter,
    TelegramHttpTransport,
    split_text,
    to_outgoing,
)


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    document: tuple[str, bytes] | None = None


def test_sends_text_with_inline_buttons(
    transport: TelegramHttpTransport, fake_api: FakeBotApi
) -> None:
    msg = OutgoingMessage("How are things?", ((OutButton("Good", "ci:good"),),))
    assert transport.send(9, msg) >= 1
    assert fake_api.state.texts[9] == ["How are things?"]


def test_sends_documents(transport: TelegramHttpTransport, fake_api: FakeBotApi) -> None:
    transport.send(10, OutgoingMessage("Your data", document=("mydata.json", b"{}")))
    assert fake_api.state.texts[10] == ["Your data"]


def test_429_carries_retry_after(transport: TelegramHttpTransport) -> None:
    transport.send(11, OutgoingMessage("one"))
    with pytest.raises(RetryAfter) as err:
        transport.send(11, OutgoingMessage("two, too soon"))
    assert err.value.seconds >= 1


def test_blocked_is_forbidden(transport: TelegramHttpTransport, fake_api: FakeBotApi) -> None:
    fake_api.state.blocked.add(12)
    with pytest.raises(Forbidden):
        transport.send(12, OutgoingMessage("hello"))


def test_server_errors_and_dead_servers_are_network_errors(
    transport: TelegramHttpTransport, fake_api: FakeBotApi
) -> None:
    fake_api.state.fail_next = 1
    with pytest.raises(NetworkError):
        transport.send(13, OutgoingMessage("hello"))
    dead = TelegramHttpTransport("http://127.0.0.1:8819/bot", "TEST", timeout=1)
    with pytest.raises(NetworkError):
        dead.send(13, OutgoingMessage("hello"))


def test_wrong_token_and_empty_text_are_bad_requests(fake_api: FakeBotApi) -> None:
    wrong = TelegramHttpTransport(fake_api.base_url, "WRONG")
    with pytest.raises(BadRequest):
        wrong.send(14, OutgoingMessage("hello"))
    right = TelegramHttpTransport(fake_api.base_url, "TEST")
    with pytest.raises(BadRequest):
        right.send(14, OutgoingMessage(""))


def test_replies_become_wire_messages_and_long_text_is_cut() -> None:
    long = ("word " * 1000).strip()  # 4999 characters
    out = to_outgoing([Reply(long, [[Button("OK", "ok")]]), Reply("short")])
    assert [len(m.text) <= 4096 for m in out] == [True, True, True]
    assert out[0].buttons == () and out[1].buttons == ((OutButton("OK", "ok"),),)
    assert " ".join(m.text for m in out[:2]) == long


def test_split_counts_utf16_units() -> None:
    text = "😀" * 3000  # 6000 UTF-16 units
    parts = split_text(text)
    assert len(parts) == 2 and "".join(parts) == text
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in parts)
