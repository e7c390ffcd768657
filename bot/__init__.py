"""Chat channels (Telegram, terminal) and the wiring that starts the whole service."""
