"""Sending one message to one chat, and the typed errors the dispatcher reacts to.

The dispatcher never talks HTTP itself: it gets a `Transport`. `TelegramHttpTransport` is the real
one (Bot API over HTTP); tests and the benchmark point it at a local fake Bot API server.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

TEXT_LIMIT = 4096  # Telegram's limit per message


class SendError(Exception):
    """Base of all transport errors."""


class RetryAfter(SendError):
    """429: the Bot API asks us to wait this many seconds before sending again."""

    def __init__(self, seconds: float, description: str = "") -> None:
        super().__init__(description or f"retry after {seconds}s")
        self.seconds = float(seconds)


class NetworkError(SendError):
    """The request may not have arrived (connection error, timeout, 5xx): worth retrying."""


class Forbidden(SendError):
    """403: the worker blocked the bot or deleted their account. Never retry."""


class BadRequest(SendError):
    """400 and friends: the message itself is wrong or the chat is gone. Never retry."""


@dataclass(frozen=True)
class OutButton:
    label: str
    data: str


@dataclass(frozen=True)
class OutgoingMessage:
    """One message as it goes over the wire (a conversation `Reply`, made transport-neutral)."""

    text: str
    buttons: tuple[tuple[OutButton, ...], ...] = ()
    document: tuple[str, bytes] | None = None
    meta: dict[str, str] = field(default_factory=dict, compare=False)


class ReplyLike(Protocol):
    """What `bot.conversation.Reply` looks like, so this package does not import it."""

    @property
    def text(self) -> str: ...

    @property
    def buttons(self) -> Sequence[Sequence[Any]]: ...


def to_outgoing(replies: Sequence[Any]) -> list[OutgoingMessage]:
    """Turn conversation replies into wire messages, cutting text over 4096 characters."""
    out: list[OutgoingMessage] = []
    for reply in replies:
        buttons = tuple(
            tuple(OutButton(b.label, b.data) for b in row) for row in (reply.buttons or [])
        )
        document = getattr(reply, "document", None)
        chunks = split_text(reply.text) if reply.text else [""]
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            out.append(
                OutgoingMessage(
                    chunk, buttons if last else (), document if last and document else None
                )
            )
    return out


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut at the last line break or space before the limit (the limit counts UTF-16 units)."""
    parts: list[str] = []
    while _utf16_len(text) > limit:
        cut = limit
        while _utf16_len(text[:cut]) > limit:
            cut -= 1
        for sep in ("\n", " "):
            pos = text.rfind(sep, 0, cut)
            if pos > cut // 2:
                cut = pos
                break
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    parts.append(text)
    return parts


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class Transport(Protocol):
    def send(self, chat_id: int, message: OutgoingMessage) -> int:
        """Send one message; return Telegram's message_id. Raises a `SendError`."""
        ...


class TelegramHttpTransport:
    """The Bot API over HTTP: POST {base_url}{token}/sendMessage (or sendDocument)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 10.0,
        max_connections: int = 32,
    ) -> None:
        self._prefix = f"{base_url}{token}"
        self._client = httpx.Client(
            timeout=timeout,
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
        )

    def close(self) -> None:
        self._client.close()

    def send(self, chat_id: int, message: OutgoingMessage) -> int:
        markup = _reply_markup(message)
        try:
            if message.document is not None:
                name, content = message.document
                data: dict[str, Any] = {"chat_id": str(chat_id)}
                if message.text:
                    data["caption"] = message.text[:1024]
                if markup is not None:
                    data["reply_markup"] = json.dumps(markup)
                response = self._client.post(
                    f"{self._prefix}/sendDocument", data=data, files={"document": (name, content)}
                )
            else:
                payload: dict[str, Any] = {"chat_id": chat_id, "text": message.text}
                if markup is not None:
                    payload["reply_markup"] = markup
                response = self._client.post(f"{self._prefix}/sendMessage", json=payload)
        except httpx.HTTPError as exc:
            raise NetworkError(f"{type(exc).__name__}: {exc}") from exc
        return _result(response)


def _reply_markup(message: OutgoingMessage) -> dict[str, Any] | None:
    if not message.buttons:
        return None
    return {
        "inline_keyboard": [
            [{"text": b.label, "callback_data": b.data} for b in row] for row in message.buttons
        ]
    }


def _result(response: httpx.Response) -> int:
    try:
        body = response.json()
    except ValueError:
        body = {}
    description = str(body.get("description") or response.reason_phrase)
    if response.status_code == 200 and body.get("ok"):
        return int(body["result"]["message_id"])
    if response.status_code == 429:
        retry = (body.get("parameters") or {}).get("retry_after", 1)
        raise RetryAfter(float(retry), description)
    if response.status_code == 403:
        raise Forbidden(description)
    if response.status_code >= 500 or response.status_code == 408:
        raise NetworkError(f"HTTP {response.status_code}: {description}")
    raise BadRequest(f"HTTP {response.status_code}: {description}")
