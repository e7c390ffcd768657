"""A minimal local fake of the Telegram Bot API for tests and benchmarks.

It enforces Telegram's limits the way a bulk sender meets them: at most 30 messages in any
one-second window per bot and at most 1 message a second per chat; a request over either limit
gets a 429 with `retry_after`, as the real API does. It counts accepted deliveries per chat, so
duplicates and losses can be counted exactly. Blocked chats get 403; `fail_next` makes the next
N requests fail with 502 (a network-ish error). The clock is the real clock.

Run: python -m benchmarks.fake_bot_api --port 8811 --token TEST
Control: GET /_stats, POST /_reset, POST /_block {"chat_id": 5}, POST /_fail_next {"count": 3}
Besides sendMessage and sendDocument it answers getMe, getWebhookInfo and the set-up calls
(setWebhook, setMyCommands, answerCallbackQuery...), so `escalator run` can start against it.
For load tests the per-chat limit can be switched off (a turn's two or three replies go at
once, as Telegram lets them) and `on_delivery` sees each accepted message.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

GLOBAL_PER_SECOND = 30
BOT_USER = {"id": 1, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
WEBHOOK_INFO = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
ACCEPTED = frozenset(
    {
        "setWebhook",
        "deleteWebhook",
        "setMyCommands",
        "deleteMyCommands",
        "answerCallbackQuery",
        "sendChatAction",
    }
)
PER_CHAT_INTERVAL = 1.0


class FakeBotState:
    def __init__(
        self,
        token: str,
        *,
        per_chat_limit: bool = True,
        on_delivery: Callable[[int, str], None] | None = None,
    ) -> None:
        self.token = token
        self.per_chat_limit = per_chat_limit  # off: a turn's 2-3 replies may go at once
        self.on_delivery = on_delivery  # called (chat id, text) for each accepted message
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.window: deque[float] = deque()  # accepted send times in the last second
        self.last_per_chat: dict[int, float] = {}
        self.deliveries: Counter[int] = Counter()
        self.total = 0
        self.texts: dict[int, list[str]] = {}
        self.blocked: set[int] = set()
        self.fail_next = 0
        self.rejected_global = 0
        self.rejected_chat = 0
        self.forbidden = 0
        self.failed = 0
        self.max_in_window = 0
        self.first_at: float | None = None
        self.last_at: float | None = None
        self.next_message_id = 1

    def accept(self, chat_id: int, text: str) -> tuple[int, dict[str, Any]]:
        now = time.monotonic()
        with self.lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                self.failed += 1
                return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
            if chat_id in self.blocked:
                self.forbidden += 1
                return 403, {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user",
                }
            while self.window and now - self.window[0] >= 1.0:
                self.window.popleft()
            if len(self.window) >= GLOBAL_PER_SECOND:
                self.rejected_global += 1
                wait = max(1, round(1.0 - (now - self.window[0]) + 0.49))
                return 429, _too_many(wait)
            last = self.last_per_chat.get(chat_id)
            if self.per_chat_limit and last is not None and now - last < PER_CHAT_INTERVAL:
                self.rejected_chat += 1
                return 429, _too_many(1)
            self.window.append(now)
            self.max_in_window = max(self.max_in_window, len(self.window))
            self.last_per_chat[chat_id] = now
            self.deliveries[chat_id] += 1
            self.total += 1
            self.texts.setdefault(chat_id, []).append(text)
            if len(self.texts[chat_id]) > 20:
                del self.texts[chat_id][0]
            self.first_at = self.first_at or now
            self.last_at = now
            message_id = self.next_message_id
            self.next_message_id += 1
        if self.on_delivery is not None:
            self.on_delivery(chat_id, text)
        return 200, {
            "ok": True,
            "result": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": text,
            },
        }

    def stats(self) -> dict[str, Any]:
        with self.lock:
            total = sum(self.deliveries.values())
            span = (self.last_at - self.first_at) if self.first_at and self.last_at else 0.0
            return {
                "total": total,
                "chats": len(self.deliveries),
                "duplicates": sum(n - 1 for n in self.deliveries.values() if n > 1),
                "deliveries": {str(c): n for c, n in self.deliveries.items()},
                "rejected_global_429": self.rejected_global,
                "rejected_chat_429": self.rejected_chat,
                "forbidden": self.forbidden,
                "failed_502": self.failed,
                "max_in_one_second": self.max_in_window,
                "span_seconds": round(span, 3),
            }


def _too_many(seconds: int) -> dict[str, Any]:
    return {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {seconds}",
        "parameters": {"retry_after": seconds},
    }


Answer = tuple[int, dict[str, Any]]
SEND_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")
SENDS = frozenset({"sendMessage", "sendDocument"})
# What the fixed Bot API methods answer: getMe is what python-telegram-bot asks first; the set-up
# calls `escalator run` makes, and button answers, just succeed.
FIXED_RESULTS: dict[str, Any] = {
    "getMe": BOT_USER,
    "getWebhookInfo": WEBHOOK_INFO,
    **dict.fromkeys(ACCEPTED, True),
}


def _error(code: int, description: str) -> Answer:
    return code, {"ok": False, "error_code": code, "description": description}


def _json_body(raw: bytes) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(raw or b"{}")
    return body


def _reset(state: FakeBotState, raw: bytes) -> None:
    """Start counting afresh between tests or benchmark phases (the body is ignored)."""
    state.reset()


def _block(state: FakeBotState, raw: bytes) -> None:
    """Act as if the worker blocked the bot: later messages to the chat get 403."""
    state.blocked.add(int(_json_body(raw)["chat_id"]))


def _fail_next(state: FakeBotState, raw: bytes) -> None:
    """Make the next `count` requests (default 1) fail with 502, like a network fault."""
    state.fail_next = int(_json_body(raw).get("count", 1))


# Control paths a test or benchmark posts to; each runs under the state's lock.
CONTROLS: dict[str, Callable[[FakeBotState, bytes], None]] = {
    "/_reset": _reset,
    "/_block": _block,
    "/_fail_next": _fail_next,
}


def answer_get(state: FakeBotState, path: str) -> Answer:
    """GET: the counters (/_stats) or the last texts a chat got (/_texts/<chat id>)."""
    if path == "/_stats":
        return 200, state.stats()
    if path.startswith("/_texts/"):
        chat = int(path.rsplit("/", 1)[1])
        return 200, {"texts": state.texts.get(chat, [])}
    return _error(404, "Not Found")


def answer_post(state: FakeBotState, path: str, content_type: str, raw: bytes) -> Answer:
    """POST: a control path, or a Bot API call `/bot<token>/<method>` checked as Telegram
    checks it (path, then token, then method)."""
    control = CONTROLS.get(path)
    if control is not None:
        with state.lock:
            control(state, raw)
        return 200, {"ok": True}
    match = SEND_PATH.match(path)
    if match is None:
        return _error(404, "Not Found")
    if match["token"] != state.token:
        return _error(401, "Unauthorized")
    method = match["method"]
    if method in FIXED_RESULTS:
        return 200, {"ok": True, "result": FIXED_RESULTS[method]}
    if method not in SENDS:
        return _error(404, "Not Found")
    return _send(state, method, content_type, raw)


def _send(state: FakeBotState, method: str, content_type: str, raw: bytes) -> Answer:
    """A message or document: refused as Telegram refuses a bad one, else through the limits."""
    chat_id, text = _parse(content_type, raw)
    if chat_id is None:
        return _error(400, "Bad Request: chat not found")
    if method == "sendMessage" and not text:
        return _error(400, "Bad Request: text is empty")
    return state.accept(chat_id, text)


def make_handler(state: FakeBotState) -> type[BaseHTTPRequestHandler]:
    """The HTTP side only: read the request, let answer_get/answer_post decide, write JSON."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def do_GET(self) -> None:
            self._reply(*answer_get(state, self.path))

        def do_POST(self) -> None:
            raw = self._body()
            content_type = self.headers.get("Content-Type", "")
            self._reply(*answer_post(state, self.path, content_type, raw))

    return Handler


def _parse(content_type: str, raw: bytes) -> tuple[int | None, str]:
    try:
        if content_type.startswith("application/json"):
            body = json.loads(raw)
            return int(body["chat_id"]), str(body.get("text") or "")
        if content_type.startswith("multipart/form-data"):
            m = re.search(rb'name="chat_id"\r\n\r\n(-?\d+)', raw)
            c = re.search(rb'name="caption"\r\n\r\n(.*?)\r\n--', raw, re.S)
            return (int(m.group(1)) if m else None), (c.group(1).decode() if c else "")
        form = parse_qs(raw.decode())
        return int(form["chat_id"][0]), form.get("text", [""])[0]
    except (ValueError, KeyError, TypeError):
        return None, ""


class FakeBotApi:
    """Run the fake in a background thread (tests) or in the foreground (`serve_forever`)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = "TEST",
        *,
        per_chat_limit: bool = True,
        on_delivery: Callable[[int, str], None] | None = None,
    ) -> None:
        self.state = FakeBotState(token, per_chat_limit=per_chat_limit, on_delivery=on_delivery)
        self.server = ThreadingHTTPServer((host, port), make_handler(self.state))
        self.server.daemon_threads = True
        self.server.request_queue_size = 128
        self.token = token
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/bot"

    def start(self) -> FakeBotApi:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--token", default="TEST")
    parser.add_argument(
        "--no-per-chat-limit", action="store_true", help="let a turn's replies go at once"
    )
    parser.add_argument(
        "--events",
        action="store_true",
        help='print "D <chat id> <epoch seconds>" for each accepted message (load tests)',
    )
    args = parser.parse_args()
    lock = threading.Lock()

    def event(chat_id: int, text: str) -> None:
        line = f"D {chat_id} {time.time():.6f}\n"
        with lock:
            sys.stdout.write(line)
            sys.stdout.flush()

    api = FakeBotApi(
        args.host,
        args.port,
        args.token,
        per_chat_limit=not args.no_per_chat_limit,
        on_delivery=event if args.events else None,
    )
    print(f"fake Bot API on {api.base_url}{args.token}/", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        api.server.serve_forever()


if __name__ == "__main__":
    main()
