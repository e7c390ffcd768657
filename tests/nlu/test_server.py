"""RasaProcess errors that need no Rasa: a missing virtualenv and a port already taken."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from nlu.project import RasaNotInstalled
from nlu.server import RasaProcess, RasaStartError
from tests.nlu.http_double import RasaDouble, free_port


def _settings(port: int, venv: Path) -> SimpleNamespace:
    return SimpleNamespace(
        rasa_url=f"http://127.0.0.1:{port}",
        rasa_token="T",
        rasa_venv=venv,
        rasa_timeout_seconds=1.5,
    )


def test_missing_rasa_venv_says_how_to_make_it(tmp_path: Path) -> None:
    proc = RasaProcess(_settings(free_port(), tmp_path / "no-venv"))  # type: ignore[arg-type]
    with pytest.raises(RasaNotInstalled, match=r"make run.*make-rasa-venv\.sh"):
        proc.start()
    assert not proc.running


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "rasa").write_text("#!/bin/sh\nexit 1\n")
    other = RasaDouble(free_port()).start()
    try:
        proc = RasaProcess(_settings(other.port, venv))  # type: ignore[arg-type]
        with pytest.raises(RasaStartError, match="already in use"):
            proc.start()
    finally:
        other.stop()
