"""Configuration from environment variables (or a .env file), with embedded local defaults.

Defaults are chosen so `make run` works on a fresh machine with no configuration at all:
SQLite in ./var, the demo catalogue, and a local Rasa server started as a child process.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SESSION_SECRET = "change-me-in-production"
MIN_SESSION_SECRET_CHARS = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    app_env: Literal["development", "production"] = Field(
        default="development",
        description="production refuses unsafe settings and never loads demo data",
    )

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'escalator.db'}",
        description="SQLAlchemy URL. postgresql+psycopg://... for production.",
    )
    # Telegram
    telegram_bot_token: str | None = None
    telegram_mode: str = Field(default="polling", description="polling or webhook")
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_send_rate: float = Field(
        default=29.5,
        gt=0,
        le=30,
        description="messages a second for the whole bot, shared by every process",
    )
    # Rasa
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = "local-rasa-token"
    rasa_managed: bool = Field(default=True, description="start Rasa as a child process")
    rasa_venv: Path = PROJECT_ROOT / ".venv-rasa"
    rasa_timeout_seconds: float = 1.5
    # Web (coach app, provider API, Telegram webhook)
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    session_secret: str = DEFAULT_SESSION_SECRET
    secure_cookies: bool = False
    forwarded_allow_ips: str | None = Field(
        default=None,
        description="reverse proxies whose X-Forwarded-For / -Proto are believed: addresses or "
        "networks, comma-separated (or *); unset: none, the connecting address is the client",
    )
    # Data
    demo_seed: bool = Field(default=True, description="load the demo data set on first start")
    timezone: str = "Europe/London"
    # Scheduler
    scheduler_enabled: bool = True
    checkin_tick_seconds: int = 30

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _proxy_addresses(cls, value: str | None) -> str | None:
        """Each entry must be an address or network (or *): a typo would silently trust
        nobody, or the wrong machine."""
        if value is None or not value.strip():
            return None
        entries = [e.strip() for e in value.split(",") if e.strip()]
        for entry in entries:
            if entry == "*":
                continue
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"FORWARDED_ALLOW_IPS: {entry!r} is not an IP address or network (or *)"
                ) from None
        return ",".join(entries)


def production_problems(settings: Settings) -> list[str]:
    """What makes these settings unsafe for production (empty when they are fine, or when
    APP_ENV is development)."""
    if settings.app_env != "production":
        return []
    problems = []
    secret = settings.session_secret
    if secret == DEFAULT_SESSION_SECRET:
        problems.append("SESSION_SECRET is the default value")
    elif len(secret) < MIN_SESSION_SECRET_CHARS:
        problems.append(
            f"SESSION_SECRET is {len(secret)} characters, it needs at least "
            f"{MIN_SESSION_SECRET_CHARS}"
        )
    if settings.telegram_mode == "webhook" and not settings.telegram_webhook_secret:
        problems.append("TELEGRAM_MODE is webhook but TELEGRAM_WEBHOOK_SECRET is not set")
    if not settings.secure_cookies:
        problems.append("SECURE_COOKIES is false (cookies would go over plain HTTP)")
    if settings.demo_seed:
        problems.append("DEMO_SEED is true (set DEMO_SEED=false)")
    return problems


def refusal(settings: Settings) -> str | None:
    """One line saying why the service must not start with these settings, or None."""
    problems = production_problems(settings)
    if not problems:
        return None
    return "Refusing to start with APP_ENV=production: " + "; ".join(problems) + "."


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
