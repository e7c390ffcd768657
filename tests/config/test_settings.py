"""Production mode: the service refuses unsafe settings, with a one-line reason."""

from __future__ import annotations

import re
from pathlib import Path

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


# --- reverse proxies ----------------------------------------------------------------------------
def test_no_proxy_is_believed_by_default_and_production_needs_none() -> None:
    assert Settings(_env_file=None).forwarded_allow_ips is None  # type: ignore[call-arg]
    assert refusal(production()) is None
    assert refusal(production(forwarded_allow_ips="*")) is None  # a choice, not a default


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("127.0.0.1", "127.0.0.1"),
        (" 10.0.0.0/8 , 192.168.1.20,::1", "10.0.0.0/8,192.168.1.20,::1"),
        ("*", "*"),
        ("", None),
        ("  ", None),
    ],
)
def test_proxy_addresses_are_addresses_or_networks(raw: str, kept: str | None) -> None:
    assert production(forwarded_allow_ips=raw).forwarded_allow_ips == kept


@pytest.mark.parametrize("raw", ["localhost", "10.0.0.300", "127.0.0.1;10.0.0.1", "10.0.0.0/33"])
def test_a_mistyped_proxy_address_stops_the_start_and_names_the_setting(raw: str) -> None:
    with pytest.raises(ValidationError, match="FORWARDED_ALLOW_IPS: .* is not an IP address"):
        production(forwarded_allow_ips=raw)


def test_the_proxy_setting_decides_what_uvicorn_believes() -> None:
    from bot.service import server_options

    none = server_options(production())
    assert (none["proxy_headers"], none["forwarded_allow_ips"]) == (False, "")
    ours = server_options(production(forwarded_allow_ips="127.0.0.1"))
    assert (ours["proxy_headers"], ours["forwarded_allow_ips"]) == (True, "127.0.0.1")


# --- the documents that list the settings --------------------------------------------------------
ROOT = Path(__file__).resolve().parents[2]


def _readme_table() -> set[str]:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Configuration", 1)[1]
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| variable"))
    rows = []
    for line in lines[start + 2 :]:  # after the heading and the --- row
        if not line.startswith("|"):
            break
        rows.append(line)
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def _env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^# ([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_every_setting_is_in_the_readme_table_and_env_example_and_nothing_else() -> None:
    settings = {name.upper() for name in Settings.model_fields}
    assert "FORWARDED_ALLOW_IPS" in settings
    assert _readme_table() == settings
    assert _env_example() == settings
