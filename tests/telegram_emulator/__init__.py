"""A local Bot API emulator for offline Telegram tests."""

from tests.telegram_emulator.server import BotApiEmulator, EmulatedUser, free_port

__all__ = ["BotApiEmulator", "EmulatedUser", "free_port"]
