"""HTTP client for the Rasa NLU server, with a circuit breaker so the bot never hangs on it.

The bot must keep working when Rasa is down, starting up or slow: the flows then fall back to
buttons and the pure normalisers. So `parse` uses short timeouts, and after a failure the
client stops calling Rasa for a short back-off (raising NluUnavailable at once, without any
network I/O). When the back-off is over, the next call first probes the cheap `/version`
endpoint and, if Rasa answers, goes back to normal by itself. Each further failure doubles the
back-off, up to a cap.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

log = logging.getLogger(__name__)

# Money and hours come from regexes (reliable); DIET may find the same span too.
REGEX_EXTRACTOR = "RegexEntityExtractor"
REGEX_PREFERRED = frozenset({"money", "hours"})


@dataclass(frozen=True)
class Entity:
    entity: str
    value: str
    start: int
    end: int
    confidence: float | None = None


@dataclass(frozen=True)
class Parse:
    text: str
    intent: str | None
    confidence: float
    entities: list[Entity]


class NluUnavailable(Exception):
    """Rasa is down, slow, refusing us, or answering nonsense: use the fallback path."""


class NluClient:
    """Calls Rasa's /model/parse; fails fast while Rasa is unavailable and recovers by itself."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        timeout: float = 1.5,
        *,
        failure_threshold: int = 1,
        backoff_initial: float = 2.0,
        backoff_max: float = 30.0,
        probe_timeout: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.failure_threshold = max(1, failure_threshold)
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.probe_timeout = min(probe_timeout, timeout)
        self._clock = clock
        self._lock = threading.Lock()
        self._local = threading.local()  # one requests.Session per thread
        self._failures = 0
        self._backoff = backoff_initial
        self._open_until: float | None = None  # None: circuit closed (Rasa in use)

    # --- public API -----------------------------------------------------------------------

    def parse(self, text: str) -> Parse:
        """Intent and entities for `text`. Raises NluUnavailable when Rasa can't answer now."""
        if not text.strip():
            return Parse(text=text, intent=None, confidence=0.0, entities=[])
        self._before_call()
        try:
            response = self._session().post(
                f"{self.base_url}/model/parse",
                params=self._params(),
                json={"text": text},
                timeout=self.timeout,
            )
            if response.status_code != 200:
                raise NluUnavailable(f"Rasa answered HTTP {response.status_code}")
            parsed = _to_parse(text, response.json())
        except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
            # requests puts the URL, token included, in its messages: never pass them on as is
            self._record_failure(exc)
            raise NluUnavailable(f"Rasa parse failed: {self._redact(exc)}") from None
        except NluUnavailable as exc:
            self._record_failure(exc)
            raise
        self._record_success()
        return parsed

    def is_healthy(self) -> bool:
        """True if Rasa answers /version now (no token needed). Doesn't touch the breaker."""
        return self._probe(self.timeout)

    @property
    def available(self) -> bool:
        """The breaker's view: False while backing off; True when closed or ready to retry."""
        with self._lock:
            return self._open_until is None or self._clock() >= self._open_until

    # --- breaker --------------------------------------------------------------------------

    def _before_call(self) -> None:
        with self._lock:
            open_until = self._open_until
            if open_until is None:
                return
            if self._clock() < open_until:
                raise NluUnavailable("Rasa was unavailable a moment ago; retrying shortly")
        # Back-off over: probe cheaply before spending a full parse timeout.
        if not self._probe(self.probe_timeout):
            self._record_failure(RuntimeError("health probe failed"))
            raise NluUnavailable("Rasa is still unavailable")

    def _record_failure(self, exc: BaseException) -> None:
        with self._lock:
            self._failures += 1
            if self._open_until is not None:
                self._backoff = min(self._backoff * 2, self.backoff_max)
            elif self._failures < self.failure_threshold:
                return
            self._open_until = self._clock() + self._backoff
            log.warning(
                "NLU unavailable (%s); not calling Rasa for %.1f s",
                self._redact(exc),
                self._backoff,
            )

    def _record_success(self) -> None:
        with self._lock:
            if self._open_until is not None:
                log.info("NLU available again")
            self._failures = 0
            self._backoff = self.backoff_initial
            self._open_until = None

    # --- HTTP helpers ---------------------------------------------------------------------

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            self._local.session = session
        return session

    def _redact(self, exc: BaseException) -> str:
        """The error's text with the Rasa token (sent as ?token=...) blanked out."""
        text = str(exc)
        if self.token:
            text = text.replace(self.token, "***")
        return text

    def _params(self) -> dict[str, str]:
        return {"token": self.token} if self.token else {}

    def _probe(self, timeout: float) -> bool:
        try:
            response = self._session().get(f"{self.base_url}/version", timeout=timeout)
            return response.status_code == 200 and "version" in response.json()
        except (requests.RequestException, ValueError):
            return False


def _to_parse(text: str, data: dict[str, Any]) -> Parse:
    intent = data.get("intent") or {}
    name = intent.get("name") or None
    confidence = float(intent.get("confidence") or 0.0)
    return Parse(text=text, intent=name, confidence=confidence, entities=merge_entities(data))


def merge_entities(data: dict[str, Any]) -> list[Entity]:
    """One entity per span: the regex extractor wins for money/hours, else the first found.

    Rasa runs DIET and the regex extractor side by side, so the same "£11.44/hr" can come
    back twice; overlapping duplicates of the same entity type are dropped.
    """
    raw = list(data.get("entities") or [])

    def rank(e: dict[str, Any]) -> int:
        preferred = e.get("entity") in REGEX_PREFERRED and e.get("extractor") == REGEX_EXTRACTOR
        return 0 if preferred else 1

    kept: list[Entity] = []
    for e in sorted(raw, key=rank):
        start, end = int(e["start"]), int(e["end"])
        if any(k.entity == e["entity"] and start < k.end and k.start < end for k in kept):
            continue
        conf = e.get("confidence_entity")
        kept.append(
            Entity(
                entity=str(e["entity"]),
                value=str(e.get("value", "")),
                start=start,
                end=end,
                confidence=float(conf) if conf is not None else None,
            )
        )
    return sorted(kept, key=lambda k: (k.start, k.entity))
