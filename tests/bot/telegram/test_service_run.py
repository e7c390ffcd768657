"""`escalator run` with Telegram on: the whole service as a user starts it, against the emulator.

This checks the wiring (the service builds, starts and stops the channel in its event loop next
to uvicorn), not the conversation itself.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.telegram_emulator import BotApiEmulator, free_port

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]


async def test_escalator_run_answers_on_telegram(emulator: BotApiEmulator, tmp_path: Path) -> None:
    web_port = free_port(exclude={emulator.port or 0})
    log_path = tmp_path / "service.log"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'service.db'}",
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_BASE_URL": emulator.base_url,
        "TELEGRAM_BASE_FILE_URL": emulator.base_file_url,
        "TELEGRAM_MODE": "polling",
        "WEB_PORT": str(web_port),
        "RASA_MANAGED": "false",
        "RASA_URL": "http://127.0.0.1:9",  # nothing there: the bot runs with buttons only
        "DEMO_SEED": "false",
        "SCHEDULER_ENABLED": "false",  # this checks the Telegram wiring only
    }
    with log_path.open("w") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", "--no-rasa",
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(300):
                if proc.returncode is not None:
                    break
                try:
                    health = await client.get(f"http://127.0.0.1:{web_port}/healthz")
                    if health.json().get("telegram"):
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
        assert proc.returncode is None, log_path.read_text()[-3000:]
        pat = emulator.user(9001, "Pat")
        pat.send_text("/start")
        assert "privacy" in await pat.receive_text(timeout=20)
        pat.press("I agree")
        assert "What should I call you?" in await pat.receive_text(timeout=20)
        assert [c["command"] for c in emulator.commands][:2] == ["start", "help"]
    finally:
        if proc.returncode is None:
            proc.terminate()
        await asyncio.wait_for(proc.wait(), 20)
    logged = log_path.read_text()
    assert "Telegram channel stopped" in logged  # a clean shutdown
    assert emulator.token not in logged  # the bot token never reaches the logs
