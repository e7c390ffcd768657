"""Two `escalator run` processes behind one webhook URL, sharing PostgreSQL.

The Bot API emulator delivers webhook updates through a small round-robin proxy (as a load
balancer would): a chat's consecutive updates land on alternate processes, and every fourth
update is delivered to both processes at the same moment (a redelivery racing the original).
Each worker sends three answers without waiting for the bot, so a process that handled what it
received straight away would read them out of order. Checked: every update handled once
(one logged message each), in order (the name is the name, the postcode the postcode), and
the replies came back in order.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from benchmarks.checkin_dispatch import fresh_database
from bot.telegram.webhook import WEBHOOK_PATH
from db.engine import make_engine
from db.models import ConversationMessage, TelegramUpdateSeen, Worker
from tests.bot.telegram.conftest import serve_asgi
from tests.telegram_emulator import BotApiEmulator, free_port

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
ROOT = Path(__file__).resolve().parents[3]
SECRET = "two-processes-secret-token"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL.startswith("postgresql"), reason="needs TEST_DATABASE_URL"),
]


class RoundRobinProxy:
    """Forwards each webhook POST to the next backend; every `both_every`-th update goes to
    all backends at once (the first answer is returned)."""

    def __init__(self, backends: list[str], both_every: int = 4) -> None:
        self.backends = backends
        self.both_every = both_every
        self._next = itertools.cycle(range(len(backends)))
        self.sent: Counter[int] = Counter()
        self.duplicated: list[int] = []
        self.client = httpx.AsyncClient(timeout=20)

    def app(self) -> Starlette:
        return Starlette(routes=[Route(WEBHOOK_PATH, self._forward, methods=["POST"])])

    async def _forward(self, request: Request) -> Response:
        body = await request.body()
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() in ("content-type", "x-telegram-bot-api-secret-token")
        }
        update_id = int((await request.json())["update_id"])
        targets = [next(self._next)]
        if update_id % self.both_every == 0:
            targets = list(range(len(self.backends)))
            self.duplicated.append(update_id)

        async def post(i: int) -> httpx.Response:
            self.sent[i] += 1
            return await self.client.post(self.backends[i], content=body, headers=headers)

        answers = await asyncio.gather(*(post(i) for i in targets), return_exceptions=True)
        for answer in answers:
            if isinstance(answer, httpx.Response):
                return Response(answer.content, answer.status_code, media_type="application/json")
        return Response(b'{"ok": false}', 502)


async def _start_service(
    url: str, emu: BotApiEmulator, web_port: int, webhook_url: str, log: Path
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TELEGRAM_BOT_TOKEN": emu.token,
        "TELEGRAM_BASE_URL": emu.base_url,
        "TELEGRAM_BASE_FILE_URL": emu.base_file_url,
        "TELEGRAM_MODE": "webhook",
        "TELEGRAM_WEBHOOK_URL": webhook_url,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "WEB_PORT": str(web_port),
        "RASA_MANAGED": "false",
        "RASA_URL": "http://127.0.0.1:9",  # buttons and the step's own reading only
        "DEMO_SEED": "false",
        "SCHEDULER_ENABLED": "false",
    }
    with log.open("w") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", "--no-rasa",
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


async def _wait_until_up(port: int, proc: asyncio.subprocess.Process, log: Path) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(600):
            assert proc.returncode is None, log.read_text()[-3000:]
            try:
                health = await client.get(f"http://127.0.0.1:{port}/healthz")
                if health.json().get("telegram"):
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(log.read_text()[-3000:])


@pytest.fixture
async def two_services(
    tmp_path: Path,
) -> AsyncIterator[tuple[BotApiEmulator, RoundRobinProxy, str, list[Path]]]:
    with fresh_database(PG_URL) as url:
        async with BotApiEmulator() as emu:
            taken = {emu.port or 0}
            proxy_port = free_port(exclude=taken)
            taken.add(proxy_port)
            ports = []
            for _ in range(2):
                ports.append(free_port(exclude=taken))
                taken.add(ports[-1])
            proxy = RoundRobinProxy([f"http://127.0.0.1:{p}{WEBHOOK_PATH}" for p in ports])
            hook = f"http://127.0.0.1:{proxy_port}{WEBHOOK_PATH}"
            logs = [tmp_path / f"service-{i}.log" for i in (1, 2)]
            async with serve_asgi(proxy.app(), proxy_port):
                procs = [
                    await _start_service(url, emu, port, hook, log)
                    for port, log in zip(ports, logs, strict=True)
                ]
                try:
                    for port, proc, log in zip(ports, procs, logs, strict=True):
                        await _wait_until_up(port, proc, log)
                    yield emu, proxy, url, logs
                finally:
                    for proc in procs:
                        if proc.returncode is None:
                            proc.terminate()
                    for proc in procs:
                        await asyncio.wait_for(proc.wait(), 30)
                    await proxy.client.aclose()


ANSWERS = ["Priya", "LS6 3AB", "care assistant"]


async def test_two_processes_handle_each_update_once_and_in_order(
    two_services: tuple[BotApiEmulator, RoundRobinProxy, str, list[Path]],
) -> None:
    emu, proxy, url, logs = two_services
    users = [emu.user(70_000 + i, f"W{i}") for i in range(6)]
    for user in users:
        user.send_text("/start")
    for user in users:
        assert "privacy" in await user.receive_text(timeout=30)
        user.press("I agree")
    for user in users:
        assert "What should I call you?" in await user.receive_text(timeout=30)
    for user in users:  # three answers at once, before any reply
        for text in ANSWERS:
            user.send_text(text)
    replies = {u.id: await u.receive_text(timeout=40, settle=1.5) for u in users}

    engine = make_engine(url)
    with engine.connect() as conn:
        workers = {
            chat: (name, district)
            for chat, name, district in conn.execute(
                select(Worker.chat_id, Worker.first_name, Worker.postcode_district)
            )
        }
        inbound = conn.execute(
            select(Worker.chat_id, ConversationMessage.text)
            .join(Worker, Worker.id == ConversationMessage.worker_id)
            .where(ConversationMessage.direction == "in")
            .order_by(ConversationMessage.id)
        ).all()
        pending = conn.execute(
            select(TelegramUpdateSeen.update_id).where(TelegramUpdateSeen.handled_at.is_(None))
        ).all()
    engine.dispose()

    assert proxy.sent[0] > 0 and proxy.sent[1] > 0  # both processes took deliveries
    assert proxy.duplicated  # and some updates went to both at once
    assert pending == []
    for user in users:
        assert workers[user.id] == ("Priya", "LS6")  # read in order: name, then postcode
        said = [text for chat, text in inbound if chat == user.id]
        # each update handled exactly once, in order
        assert said == ["[button] I agree", *ANSWERS], said
        text = replies[user.id]
        # the replies came back in the order the answers were read
        read_back = ["Nice to meet you, Priya", "saved LS6", "Got it: care assistant"]
        places = [text.index(part) for part in read_back]
        assert places == sorted(places), text
    for log in logs:
        assert "Traceback" not in log.read_text()
