"""A scripted test double of ConversationService, for testing the Telegram adapter alone.

It is not a stand-in for the real service in the journeys (those use the real one); it only
records what the adapter hands it and answers in ways that exercise the adapter's paths.
"""

from __future__ import annotations

import threading
import time

from bot.conversation import Button, Inbound, Reply

LONG_TEXT = "\n\n".join(f"Paragraph {i}. " + ("Some words here. " * 40).strip() for i in range(12))


class ScriptedConversationService:
    def __init__(self) -> None:
        self.inbounds: list[Inbound] = []
        self.inactive: list[tuple[str, int, str]] = []
        self.slow_texts: dict[str, float] = {}
        self._lock = threading.Lock()

    def handle(self, inbound: Inbound, claim: object = None) -> list[Reply]:
        with self._lock:
            self.inbounds.append(inbound)
        delay = self.slow_texts.get(inbound.text)
        if delay:
            time.sleep(delay)
        if inbound.kind == "other":
            return [Reply("Thanks! I can only read text. Please type your answer.")]
        if inbound.kind == "button":
            return [Reply(f"You chose {inbound.text}.")]
        if inbound.text == "/start":
            name = inbound.first_name or "there"
            return [
                Reply(f"Hi {name}! Can I keep what you tell me?"),
                Reply(
                    "Please choose.",
                    buttons=[[Button("Yes", "consent:yes"), Button("No", "consent:no")]],
                ),
            ]
        if inbound.text == "long":
            return [Reply(LONG_TEXT, buttons=[[Button("More", "more")]])]
        if inbound.text == "/mydata":
            return [Reply("Here is your data.", document=("my-data.json", b'{"name": "Sam"}'))]
        if inbound.text == "boom":
            raise RuntimeError("the database fell over")
        return [Reply(f"echo: {inbound.text}")]

    def start_checkin(self, worker_id: int, checkin_id: int | None = None) -> list[Reply]:
        return [Reply("How is it going?")]

    def mark_inactive(self, channel: str, chat_id: int, reason: str) -> None:
        with self._lock:
            self.inactive.append((channel, chat_id, reason))
