"""`escalator chat`: the same conversation in a terminal, for trying the bot without Telegram.

Buttons are numbered: type a number to press one, or type anything else as a message.
Commands start with "/". Files (like /mydata) are saved in the current folder.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.conversation import Button, ConversationService, Inbound, Reply
from config.settings import Settings

QUIT = {"quit", "exit", "/quit", "/exit"}


def _make_nlu(settings: Settings) -> Any:
    """The same NLU client the service uses. `escalator chat` does not start Rasa: if one is
    running (e.g. `make run` in another terminal) typing is understood; if not, buttons work."""
    from nlu.server import make_client

    return make_client(settings)


def render(replies: list[Reply], save_dir: Path) -> tuple[str, list[Button]]:
    """Text to print, and the buttons in the order they are numbered."""
    lines: list[str] = []
    numbered: list[Button] = []
    for reply in replies:
        lines.append(reply.text)
        for row in reply.buttons:
            cells = []
            for b in row:
                numbered.append(b)
                cells.append(f"[{len(numbered)}] {b.label}")
            lines.append("   " + "   ".join(cells))
        if reply.document:
            name, content = reply.document
            path = save_dir / name
            path.write_bytes(content)
            lines.append(f"   (saved the file to {path})")
        lines.append("")
    return "\n".join(lines), numbered


def to_inbound(line: str, buttons: list[Button], chat_id: int, name: str | None) -> Inbound:
    stripped = line.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(buttons):
        pressed = buttons[int(stripped) - 1]
        return Inbound("terminal", chat_id, "button", pressed.data, name, pressed.label)
    if stripped.startswith("/"):
        return Inbound("terminal", chat_id, "command", stripped, name)
    return Inbound("terminal", chat_id, "text", stripped, name)


def _quiet_logs(log_file: Path, debug: bool) -> tuple[list[logging.Handler], int]:
    """A chat screen, not a log: errors (with their tracebacks) go to a file; on the screen
    only with --debug. Returns what to put back afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handlers = [handler]
    if debug:
        handlers.append(logging.StreamHandler(sys.stderr))
    root.handlers = handlers
    root.setLevel(logging.INFO)
    return saved


def run_terminal_chat(
    settings: Settings,
    *,
    input_fn: Callable[[str], str] = input,
    output: Callable[[str], None] = print,
    save_dir: Path | None = None,
    chat_id: int | None = None,
    log_file: Path | None = None,
    debug: bool = False,
) -> int:
    log_path = log_file or Path("var") / "chat.log"
    saved_handlers, saved_level = _quiet_logs(log_path, debug)
    from db.engine import make_engine, make_session_factory
    from db.migrate import upgrade

    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    nlu = _make_nlu(settings)
    service = ConversationService(make_session_factory(engine), nlu)
    chat = chat_id if chat_id is not None else os.getuid()
    name = os.environ.get("USER") or None
    folder = save_dir or Path.cwd()
    output(
        "Skills Escalator in your terminal. Type a number to press a button. Type quit to leave."
    )
    if not nlu.is_healthy():
        output(
            f"(Rasa is not running at {settings.rasa_url}, so typed questions are not "
            "understood yet. Buttons and answers to questions work.)"
        )
    output("")
    text, buttons = render(
        service.handle(Inbound("terminal", chat, "command", "/start", name)), folder
    )
    output(text)
    try:
        while True:
            try:
                line = input_fn("> ")
            except EOFError:
                break
            if line.strip().lower() in QUIT:
                break
            if not line.strip():
                continue
            try:
                replies = service.handle(to_inbound(line, buttons, chat, name))
            except Exception:  # the service answers every input; this is a last guard
                logging.getLogger(__name__).exception("terminal chat: message failed")
                output(f"Sorry, something went wrong. The details are in {log_path}.\n")
                continue
            text, buttons = render(replies, folder)
            output(text)
    finally:
        engine.dispose()
        for h in logging.getLogger().handlers:
            h.close()
        logging.getLogger().handlers = saved_handlers
        logging.getLogger().setLevel(saved_level)
    output("Bye for now!")
    return 0
