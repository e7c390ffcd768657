"""A tiny real HTTP server that speaks Rasa's parse API, for testing the client's failure modes.

It is a test double of the *server* (the client's real requests code runs unchanged over a real
socket): tests switch it between answering, being slow, erroring and being down.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PORTS = range(5107, 5110)  # this helper's test range (5105-5106 are for real Rasa servers)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


class RasaDouble:
    def __init__(self, port: int, token: str = "T") -> None:
        self.port = port
        self.token = token
        self.mode = "ok"  # ok | slow | error | garbage
        self.delay = 1.0
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> RasaDouble:
        handler = type("Handler", (_Handler,), {"double": self})  # answers as this double says
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class _Handler(BaseHTTPRequestHandler):
    """Rasa's GET /version and POST /model/parse, as the `double`'s mode says."""

    double: RasaDouble

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: object) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the "slow" mode): that's the point

    def do_GET(self) -> None:
        self.double.requests.append(("GET", urlparse(self.path).path))
        if self.double.mode == "slow":
            time.sleep(self.double.delay)
        if urlparse(self.path).path == "/version":
            self._send(200, {"version": "3.6.21", "minimum_compatible_version": "3.5.0"})
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        url = urlparse(self.path)
        self.double.requests.append(("POST", url.path))
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        if parse_qs(url.query).get("token") != [self.double.token]:
            self._send(401, {"message": "User is not authenticated."})
            return
        if self.double.mode == "slow":
            time.sleep(self.double.delay)
        status, answer = _BROKEN_ANSWERS.get(self.double.mode, (200, None))
        self._send(status, answer if answer is not None else rasa_like_parse(body.get("text", "")))


# The modes in which the double answers the parse call wrongly: (status, body).
_BROKEN_ANSWERS: dict[str, tuple[int, object]] = {
    "error": (500, {"message": "boom"}),
    "garbage": (200, b"<html>not json</html>"),
}


def rasa_like_parse(text: str) -> dict[str, object]:
    """What Rasa 3.6 returns for "on £11.44/hr": DIET and the regex extractor both find money."""
    entities: list[dict[str, object]] = []
    start = text.find("£11.44/hr")
    if start >= 0:
        end = start + len("£11.44/hr")
        entities = [
            {"entity": "money", "start": start, "end": end - 3, "value": text[start : end - 3],
             "confidence_entity": 0.91, "extractor": "DIETClassifier"},
            {"entity": "money", "start": start, "end": end, "value": text[start:end],
             "extractor": "RegexEntityExtractor"},
            {"entity": "time", "start": 0, "end": 2, "value": "night",
             "confidence_entity": 0.5, "extractor": "DIETClassifier", "processors":
             ["EntitySynonymMapper"]},
        ]  # fmt: skip
    return {
        "text": text,
        "intent": {"name": "inform_pay", "confidence": 0.97},
        "entities": entities,
        "intent_ranking": [{"name": "inform_pay", "confidence": 0.97}],
    }
