"""A global ASGI middleware that refuses request bodies over a size limit before they are read.

The Content-Length header is checked first (a too-large request is answered 413 without reading
a byte of it); a body without one (chunked) is counted as it streams in and cut off at the limit,
so no route ever holds more than the limit in memory.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    """Raised from `receive` when the body passes the limit; the middleware answers 413."""


class BodyLimitMiddleware:
    def __init__(
        self, app: ASGIApp, *, max_bytes: int, path_limits: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.path_limits = dict(path_limits or {})

    def limit_for(self, path: str) -> int:
        return self.path_limits.get(path.rstrip("/") or "/", self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _too_large(scope, send, limit)
            return
        body = _CountedBody(receive, send, limit)
        try:
            await self.app(scope, body.receive, body.send)
        except Exception:
            if not body.exceeded:
                raise
        if body.exceeded and not body.app_started:
            await _too_large(scope, send, limit)


class _CountedBody:
    """One request's body, counted as the app reads it. Past the limit, `receive` raises
    BodyTooLarge, and the app's own answer is held back so the middleware can send the 413
    (unless the app had already started answering)."""

    def __init__(self, receive: Receive, send: Send, limit: int) -> None:
        self._receive = receive
        self._send = send
        self.limit = limit
        self.received = 0
        self.exceeded = False
        self.app_started = False

    async def receive(self) -> Message:
        if self.exceeded:
            raise BodyTooLarge()
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                self.exceeded = True
                raise BodyTooLarge()
        return message

    async def send(self, message: Message) -> None:
        if self.exceeded and not self.app_started:
            return  # the app's answer to a cut-off body is replaced by the 413
        if message["type"] == "http.response.start":
            self.app_started = True
        await self._send(message)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    size = f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit:,} bytes"
    message = f"The request is too large: the limit here is {size}."
    accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
    if "text/html" in accept:
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too large</title>'
            f"</head><body><h1>Too large</h1><p>{message} Go back and choose a smaller file."
            "</p></body></html>"
        ).encode()
        content_type = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"detail": message}).encode()
        content_type = b"application/json"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
