"""Production mode: the service refuses unsafe settings, with a one-line reason."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from config.settings import Settings, production_problems, refusal

GOOD_SECRET = "s" * 32


def production(**overrides: object) -> Settings:
    """Settings that are safe for production, changed by `overrides`."""
    values: dict[str, object] = {
        "app_env": "production",
        "session_secret": GOOD_SECRET,
        "secure_cookies": True,
        "demo_seed": False,
        "telegram_mode": "polling",
        "telegram_webhook_secret": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_default_is_development_and_development_allows_the_local_defaults() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.app_env == "development"
    assert refusal(Settings(_env_file=None, app_env="development")) is None  # type: ignore[call-arg]


def test_app_env_accepts_only_the_two_values() -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, app_env="staging")  # type: ignore[call-arg, arg-type]


def test_safe_production_settings_start() -> None:
    assert production_problems(production()) == []
    assert refusal(production()) is None
    webhook = production(telegram_mode="webhook", telegram_webhook_secret="w" * 40)
    assert refusal(webhook) is None


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"session_secret": "change-me-in-production"}, "SESSION_SECRET is the default value"),
        ({"session_secret": "s" * 31}, "SESSION_SECRET is 31 characters, it needs at least 32"),
        (
            {"telegram_mode": "webhook"},
            "TELEGRAM_MODE is webhook but TELEGRAM_WEBHOOK_SECRET is not set",
        ),
        (
            {"telegram_mode": "webhook", "telegram_webhook_secret": ""},
            "TELEGRAM_MODE is webhook but TELEGRAM_WEBHOOK_SECRET is not set",
        ),
        ({"secure_cookies": False}, "SECURE_COOKIES is false"),
        ({"demo_seed": True}, "DEMO_SEED is true"),
    ],
)
def test_each_unsafe_setting_is_refused(overrides: dict[str, object], reason: str) -> None:
    line = refusal(production(**overrides))
    assert line is not None
    assert line.startswith("Refusing to start with APP_ENV=production: ")
    assert reason in line
    assert "\n" not in line


def test_every_problem_is_named_on_the_same_line() -> None:
    line = refusal(production(session_secret="short", secure_cookies=False, demo_seed=True))
    assert line == (
        "Refusing to start with APP_ENV=production: SESSION_SECRET is 5 characters, it needs "
        "at least 32; SECURE_COOKIES is false (cookies would go over plain HTTP); DEMO_SEED is "
        "true (set DEMO_SEED=false)."
    )
