"""The Rasa server as a managed child process of `escalator run` (and of tests and benchmarks).

Rasa needs Python 3.10, so it runs from its own virtualenv as `rasa run --enable-api`, bound
to 127.0.0.1 and protected by a token. We start it in its own process group so stopping it
also stops anything it spawned, and we stop it at exit even if the caller forgets.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import requests

from nlu.client import NluClient
from nlu.project import PACKAGE_DIR, PROJECT_DIR, rasa_env, rasa_executable
from nlu.train import train

LOG_DIR = PACKAGE_DIR.parent / "var"


class RasaSettings(Protocol):
    """The parts of config.settings.Settings this module uses."""

    rasa_url: str
    rasa_token: str
    rasa_venv: Path
    rasa_timeout_seconds: float


class RasaStartError(RuntimeError):
    pass


def ensure_model(settings: RasaSettings) -> Path:
    """The model for the current training data, training it first if there is none."""
    return train(settings.rasa_venv, quiet=False)


def make_client(settings: RasaSettings) -> NluClient:
    return NluClient(settings.rasa_url, settings.rasa_token, timeout=settings.rasa_timeout_seconds)


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


class RasaProcess:
    """`rasa run` for one model on settings.rasa_url; start() returns once it answers parses."""

    def __init__(
        self,
        settings: RasaSettings,
        *,
        model: Path | None = None,
        startup_timeout: float | None = None,
        log_path: Path | None = None,
    ) -> None:
        url = urlparse(settings.rasa_url)
        self.host = url.hostname or "127.0.0.1"
        self.port = url.port or 5005
        self.url = f"http://{self.host}:{self.port}"
        self.settings = settings
        self.model = model
        # About 25 s on an idle 2-core machine; allow for a busy one (RASA_STARTUP_TIMEOUT).
        self.startup_timeout = startup_timeout or float(
            os.environ.get("RASA_STARTUP_TIMEOUT", "120")
        )
        self.log_path = log_path or LOG_DIR / f"rasa-{self.port}.log"
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> RasaProcess:
        exe = rasa_executable(self.settings.rasa_venv)  # clear error if the venv is missing
        if _port_in_use(self.host, self.port):
            raise RasaStartError(
                f"Port {self.port} on {self.host} is already in use, so Rasa can't start there. "
                "Stop whatever is using it, or set RASA_URL to another port "
                "(or RASA_MANAGED=false to use a Rasa server you run yourself)."
            )
        model = self.model or ensure_model(self.settings)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            str(exe), "run", "--enable-api",
            "-m", str(model),
            "-i", self.host, "-p", str(self.port),
            "--auth-token", self.settings.rasa_token,
        ]  # fmt: skip
        log = self.log_path.open("wb")
        try:
            self._proc = subprocess.Popen(
                cmd,
                cwd=PROJECT_DIR,
                env=rasa_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # own process group: stop() ends it and its children
            )
        finally:
            log.close()
        atexit.register(self.stop)
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                raise RasaStartError(
                    f"Rasa exited with code {self._proc.returncode} while starting.\n"
                    f"Last lines of {self.log_path}:\n{self._log_tail()}"
                )
            if self._ready():
                return
            time.sleep(0.5)
        self.stop()
        raise RasaStartError(
            f"Rasa did not become ready on {self.url} within {self.startup_timeout:.0f} s "
            f"(it usually takes about 25 s). Last lines of {self.log_path}:\n{self._log_tail()}"
        )

    def _ready(self) -> bool:
        """Answers /version, and /status accepts our token and reports a loaded model."""
        try:
            if requests.get(f"{self.url}/version", timeout=1).status_code != 200:
                return False
            status = requests.get(
                f"{self.url}/status", params={"token": self.settings.rasa_token}, timeout=2
            )
            return status.status_code == 200 and bool(status.json().get("model_file"))
        except (requests.RequestException, ValueError):
            return False

    def _log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate Rasa's process group; kill it if it hasn't gone within `timeout`."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop)
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)

    def __enter__(self) -> RasaProcess:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
