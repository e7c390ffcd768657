"""A local fake of the Telegram Bot API, faithful enough for python-telegram-bot 22.

It speaks the real wire format (form, multipart or JSON requests; `{"ok": ..., "result": ...}`
answers with Bot API object shapes, dates in seconds, real error codes and descriptions), so the
real `Application` runs against it unchanged via `ApplicationBuilder().base_url(...)`. Tests act
as workers through `EmulatedUser`: send text, press inline buttons, send stickers, block the bot.
Faults such as 429 Too Many Requests can be planned with `fail_next`.

Everything runs in the caller's event loop (uvicorn as a task), so state needs no locks.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import mimetypes
import socket
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

PORT_RANGE = range(8820, 8830)
TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64

# Parameters that Telegram treats as plain strings (everything else arrives JSON-encoded).
STRING_PARAMS = {
    "text",
    "caption",
    "url",
    "secret_token",
    "callback_query_id",
    "parse_mode",
    "action",
    "language_code",
    "ip_address",
    "inline_message_id",
}

BLOCKED = "Forbidden: bot was blocked by the user"


def free_port(exclude: set[int] | None = None) -> int:
    """A free port from this helper's range (8820-8829) on 127.0.0.1."""
    for port in PORT_RANGE:
        if exclude and port in exclude:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8820-8829")


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class Fault:
    method: str
    times: int
    code: int
    description: str
    parameters: dict[str, Any] | None


@dataclass
class ChatState:
    user: dict[str, Any]
    blocked: bool = False
    inbox: list[dict[str, Any]] = field(default_factory=list)  # what the bot sent, in order
    read: int = 0  # how much of the inbox the test has looked at
    arrived: asyncio.Event = field(default_factory=asyncio.Event)  # set on each new message


class BotApiEmulator:
    """The fake Bot API server plus the test-side controls."""

    def __init__(
        self,
        token: str = "123456789:TEST-emulator-token",
        *,
        bot_username: str = "SkillsEscalatorTestBot",
        host: str = "127.0.0.1",
        port: int | None = None,
    ) -> None:
        self.token = token
        self.host = host
        self.port = port
        self.bot_user = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "Skills Escalator",
            "username": bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.chats: dict[int, ChatState] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.files: dict[str, bytes] = {}
        self.updates: list[dict[str, Any]] = []
        self.callback_answers: dict[str, dict[str, Any] | None] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.commands: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] | None = None
        self.webhook_deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status)
        self.faults: list[Fault] = []
        self._update_ids = itertools.count(100_000)
        self._message_ids = itertools.count(1)
        self._ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self._new_message = asyncio.Event()
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._closing = False

    # ---- running -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    def app(self) -> Starlette:
        return Starlette(
            routes=[Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"])]
        )

    async def start(self) -> None:
        if self.port is None:
            self.port = free_port()
        config = uvicorn.Config(
            self.app(), host=self.host, port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        self._task = asyncio.create_task(self._server.serve())
        for _ in range(200):
            if self._server.started:
                return
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.02)
        raise RuntimeError("the Bot API emulator did not start")

    async def stop(self) -> None:
        self._closing = True
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        self._new_update.set()  # wake any long poll so the server can shut down at once
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---- test controls -------------------------------------------------------------------
    def user(self, user_id: int, first_name: str = "Sam") -> EmulatedUser:
        return EmulatedUser(self, user_id, first_name)

    def fail_next(
        self, method: str, *, times: int = 1, code: int = 429, retry_after: int = 1
    ) -> None:
        """Make the next `times` calls of `method` fail (429 carries retry_after by default)."""
        if code == 429:
            description = f"Too Many Requests: retry after {retry_after}"
            parameters: dict[str, Any] | None = {"retry_after": retry_after}
        elif code == 403:
            description, parameters = BLOCKED, None
        else:
            description, parameters = "Internal Server Error", None
        self.faults.append(Fault(method.lower(), times, code, description, parameters))

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method.lower()]

    def push_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        self.updates.append(update)
        self._new_update.set()
        return update

    def chat(self, user_id: int, first_name: str = "Sam") -> ChatState:
        if user_id not in self.chats:
            self.chats[user_id] = ChatState(
                user={
                    "id": user_id,
                    "is_bot": False,
                    "first_name": first_name,
                    "language_code": "en",
                }
            )
        return self.chats[user_id]

    def private_chat(self, user_id: int) -> dict[str, Any]:
        user = self.chats[user_id].user
        return {"id": user_id, "type": "private", "first_name": user["first_name"]}

    async def wait_for_message(self, timeout: float) -> bool:
        self._new_message.clear()
        try:
            await asyncio.wait_for(self._new_message.wait(), timeout)
        except TimeoutError:
            return False
        return True

    # ---- the HTTP side -------------------------------------------------------------------
    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return _error(ApiError(401, "Unauthorized"))
        method = request.path_params["method"].lower()
        try:
            params = await _read_params(request)
        except ValueError as exc:
            return _error(ApiError(400, f"Bad Request: {exc}"))
        self.calls.append((method, params))
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(ApiError(404, "Not Found"))
        try:
            self._maybe_fail(method)
            result = await handler(params)
        except ApiError as exc:
            return _error(exc)
        return JSONResponse({"ok": True, "result": result})

    def _maybe_fail(self, method: str) -> None:
        for fault in self.faults:
            if fault.method == method and fault.times > 0:
                fault.times -= 1
                raise ApiError(fault.code, fault.description, fault.parameters)

    def _target(self, params: dict[str, Any]) -> ChatState:
        chat_id = _int(params, "chat_id")
        state = self.chats.get(chat_id)
        if state is None:
            raise ApiError(400, "Bad Request: chat not found")
        if state.blocked:
            raise ApiError(403, BLOCKED)
        return state

    def _deliver(self, state: ChatState, message: dict[str, Any]) -> dict[str, Any]:
        self.messages[(message["chat"]["id"], message["message_id"])] = message
        state.inbox.append(message)
        state.arrived.set()
        self._new_message.set()
        return message

    def _bot_message(self, chat_id: int, **fields: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "from": self.bot_user,
            "chat": self.private_chat(chat_id),
            "date": int(time.time()),
            **fields,
        }

    async def _m_getme(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    async def _m_getupdates(self, params: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = min(int(params.get("limit") or 100), 100)
        timeout = float(params.get("timeout") or 0)
        allowed = params.get("allowed_updates") or None
        if offset is not None:
            offset = int(offset)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        while True:
            ready = [u for u in self.updates if _allowed(u, allowed)][:limit]
            if ready or self._closing or time.monotonic() >= deadline:
                return ready
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())

    async def _m_sendmessage(self, params: dict[str, Any]) -> Any:
        state = self._target(params)
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > TEXT_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")
        fields: dict[str, Any] = {"text": text}
        markup = _check_markup(params.get("reply_markup"))
        if markup:
            fields["reply_markup"] = markup
        return self._deliver(state, self._bot_message(_int(params, "chat_id"), **fields))

    async def _m_senddocument(self, params: dict[str, Any]) -> Any:
        state = self._target(params)
        doc = params.get("document")
        if isinstance(doc, UploadFile):
            content = await doc.read()
            name = doc.filename or "document"
        elif isinstance(doc, str) and doc in self.files:
            content, name = self.files[doc], "document"
        else:
            raise ApiError(400, "Bad Request: there is no document in the request")
        if not content:
            raise ApiError(400, "Bad Request: file must be non-empty")
        file_id = f"BQACAgQAAx{next(self._ids):08d}"
        self.files[file_id] = content
        fields: dict[str, Any] = {
            "document": {
                "file_id": file_id,
                "file_unique_id": f"AgAD{file_id[-8:]}",
                "file_name": name,
                "mime_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
                "file_size": len(content),
            }
        }
        if params.get("caption"):
            fields["caption"] = params["caption"]
        markup = _check_markup(params.get("reply_markup"))
        if markup:
            fields["reply_markup"] = markup
        return self._deliver(state, self._bot_message(_int(params, "chat_id"), **fields))

    def _stored(self, params: dict[str, Any]) -> dict[str, Any]:
        self._target(params)
        message = self.messages.get((_int(params, "chat_id"), _int(params, "message_id")))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    async def _m_editmessagetext(self, params: dict[str, Any]) -> Any:
        message = self._stored(params)
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        markup = _check_markup(params.get("reply_markup"))
        if text == message.get("text") and markup == message.get("reply_markup"):
            raise ApiError(400, _NOT_MODIFIED)
        message["text"] = text
        _set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return message

    async def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        message = self._stored(params)
        markup = _check_markup(params.get("reply_markup"))
        if markup == message.get("reply_markup"):
            raise ApiError(400, _NOT_MODIFIED)
        _set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return message

    async def _m_answercallbackquery(self, params: dict[str, Any]) -> Any:
        query_id = params.get("callback_query_id")
        if query_id not in self.callback_answers or self.callback_answers[query_id] is not None:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self.callback_answers[query_id] = {
            "text": params.get("text"),
            "show_alert": bool(params.get("show_alert")),
        }
        return True

    async def _m_sendchataction(self, params: dict[str, Any]) -> Any:
        self._target(params)
        return True

    async def _m_deletemessage(self, params: dict[str, Any]) -> Any:
        message = self._stored(params)
        self.messages.pop((message["chat"]["id"], message["message_id"]))
        return True

    async def _m_setmycommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, 'Bad Request: parameter "commands" is required')
        self.commands = commands
        return True

    async def _m_getmycommands(self, params: dict[str, Any]) -> Any:
        return self.commands

    async def _m_deletemycommands(self, params: dict[str, Any]) -> Any:
        self.commands = []
        return True

    async def _m_setwebhook(self, params: dict[str, Any]) -> Any:
        url = params.get("url") or ""
        if not url:
            return await self._m_deletewebhook(params)
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.webhook = {
            "url": url,
            "secret_token": params.get("secret_token"),
            "allowed_updates": params.get("allowed_updates"),
        }
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._push_to_webhook())
        self._new_update.set()
        return True

    async def _m_deletewebhook(self, params: dict[str, Any]) -> Any:
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.webhook = None
        return True

    async def _m_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }
        if self.webhook and self.webhook.get("allowed_updates"):
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    async def _push_to_webhook(self) -> None:
        """Deliver pending updates one by one, retrying on failure, as Telegram does."""
        async with httpx.AsyncClient(timeout=10) as client:
            while self.webhook is not None and not self._closing:
                hook = self.webhook
                ready = [u for u in self.updates if _allowed(u, hook.get("allowed_updates"))]
                if not ready:
                    self._new_update.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._new_update.wait(), 0.5)
                    continue
                update = ready[0]
                headers = {}
                if hook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
                try:
                    response = await client.post(hook["url"], json=update, headers=headers)
                    status = response.status_code
                except httpx.HTTPError:
                    status = 0
                self.webhook_deliveries.append((update["update_id"], status))
                if 200 <= status < 300:
                    self.updates.remove(update)
                else:
                    await asyncio.sleep(0.5)


_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


class EmulatedUser:
    """A worker in a private chat with the bot, driven by a test."""

    def __init__(self, emulator: BotApiEmulator, user_id: int, first_name: str) -> None:
        self.emulator = emulator
        self.id = user_id
        self.state = emulator.chat(user_id, first_name)

    def _message(self, **fields: Any) -> dict[str, Any]:
        if self.state.blocked:
            raise AssertionError("unblock the bot before writing to it")
        message = {
            "message_id": next(self.emulator._message_ids),
            "from": self.state.user,
            "chat": self.emulator.private_chat(self.id),
            "date": int(time.time()),
            **fields,
        }
        self.emulator.messages[(self.id, message["message_id"])] = message
        self.emulator.push_update("message", message)
        return message

    def send_text(self, text: str) -> dict[str, Any]:
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            fields["entities"] = [{"offset": 0, "length": len(command), "type": "bot_command"}]
        return self._message(**fields)

    def send_sticker(self, emoji: str = "\U0001f44d") -> dict[str, Any]:
        n = next(self.emulator._ids)
        sticker = {
            "file_id": f"CAACAgIAAx{n:08d}",
            "file_unique_id": f"AgAD{n:04d}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "HotCherry",
            "file_size": 24_000,
        }
        return self._message(sticker=sticker)

    def send_voice(self, seconds: int = 3) -> dict[str, Any]:
        n = next(self.emulator._ids)
        voice = {
            "file_id": f"AwACAgQAAx{n:08d}",
            "file_unique_id": f"AgAD{n:04d}",
            "duration": seconds,
            "mime_type": "audio/ogg",
            "file_size": 9_000,
        }
        return self._message(voice=voice)

    def buttons(self) -> list[dict[str, Any]]:
        """Inline buttons under the most recent bot message that has any."""
        for message in reversed(self.state.inbox):
            markup = message.get("reply_markup")
            if markup:
                return [b for row in markup["inline_keyboard"] for b in row]
        return []

    def press(self, label_or_data: str) -> str:
        """Press an inline button (matched by its label, else its data); returns the query id."""
        for message in reversed(self.state.inbox):
            markup = message.get("reply_markup")
            if not markup:
                continue
            for row in markup["inline_keyboard"]:
                for button in row:
                    if label_or_data in (button.get("text"), button.get("callback_data")):
                        return self._callback(message, button["callback_data"])
        labels = [b.get("text") for b in self.buttons()]
        raise AssertionError(f"no button {label_or_data!r}; the latest buttons are {labels}")

    def _callback(self, message: dict[str, Any], data: str) -> str:
        query_id = str(4_000_000_000 + next(self.emulator._ids))
        self.emulator.callback_answers[query_id] = None
        self.emulator.push_update(
            "callback_query",
            {
                "id": query_id,
                "from": self.state.user,
                "message": message,
                "chat_instance": f"-{7_000_000 + self.id}",
                "data": data,
            },
        )
        return query_id

    def block(self, *, notify: bool = True) -> None:
        """Block the bot. Telegram tells the bot with a my_chat_member update (status kicked)."""
        self.state.blocked = True
        if notify:
            self._member_change("member", "kicked")

    def unblock(self) -> None:
        self.state.blocked = False
        self._member_change("kicked", "member")

    def _member_change(self, old: str, new: str) -> None:
        bot = self.emulator.bot_user
        new_member: dict[str, Any] = {"user": bot, "status": new}
        if new == "kicked":
            new_member["until_date"] = 0
        self.emulator.push_update(
            "my_chat_member",
            {
                "chat": self.emulator.private_chat(self.id),
                "from": self.state.user,
                "date": int(time.time()),
                "old_chat_member": {"user": bot, "status": old},
                "new_chat_member": new_member,
            },
        )

    async def receive(
        self, *, timeout: float = 15.0, settle: float = 0.25, at_least: int = 1
    ) -> list[dict[str, Any]]:
        """The bot's new messages: waits for at least one, then until it goes quiet."""
        deadline = time.monotonic() + timeout
        arrived = self.state.arrived
        while len(self.state.inbox) - self.state.read < at_least:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"the bot sent {len(self.state.inbox) - self.state.read} message(s) to "
                    f"{self.id} within {timeout}s, expected at least {at_least}"
                )
            arrived.clear()  # no await since the count above: nothing can slip in between
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), left)
        while settle > 0 and time.monotonic() < deadline:
            arrived.clear()
            try:
                await asyncio.wait_for(arrived.wait(), settle)
            except TimeoutError:
                break  # quiet for `settle` seconds: the bot has finished answering
        new = self.state.inbox[self.state.read :]
        self.state.read = len(self.state.inbox)
        return new

    async def receive_text(self, **kwargs: Any) -> str:
        """All new text from the bot, joined with blank lines."""
        messages = await self.receive(**kwargs)
        return "\n\n".join(m.get("text") or m.get("caption") or "" for m in messages)

    async def quiet(self, seconds: float = 0.8) -> bool:
        """True when the bot sends this user nothing for `seconds`."""
        before = len(self.state.inbox)
        await asyncio.sleep(seconds)
        return len(self.state.inbox) == before


async def _read_params(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    ctype = request.headers.get("content-type", "")
    if "application/json" in ctype:
        body = await request.body()
        if body:
            data = json.loads(body)
            if not isinstance(data, dict):
                raise ValueError("the request body must be a JSON object")
            return {**params, **data}
        return params
    if "form" in ctype:
        form = await request.form()
        for key, value in form.multi_items():
            params[key] = value
    return {k: (_decode(k, v) if isinstance(v, str) else v) for k, v in params.items()}


def _decode(key: str, value: str) -> Any:
    if key in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _int(params: dict[str, Any], key: str) -> int:
    try:
        return int(params[key])
    except (KeyError, TypeError, ValueError):
        raise ApiError(400, f"Bad Request: {key} is empty") from None


def _check_markup(markup: Any) -> dict[str, Any] | None:
    if not markup:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and len(str(data).encode("utf-8")) > CALLBACK_DATA_LIMIT:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
    return markup if markup.get("inline_keyboard") else None


def _set_markup(message: dict[str, Any], markup: dict[str, Any] | None) -> None:
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _allowed(update: dict[str, Any], allowed: list[str] | None) -> bool:
    if not allowed:
        return "chat_member" not in update  # Telegram's default leaves chat_member out
    return any(kind in update for kind in allowed)


def _error(exc: ApiError) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
    if exc.parameters:
        body["parameters"] = exc.parameters
    return JSONResponse(body, status_code=exc.code)
