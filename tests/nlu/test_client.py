"""NluClient against a real local HTTP server: normal parses, down, slow, errors, recovery."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from nlu.client import Entity, NluClient, NluUnavailable
from tests.nlu.http_double import RasaDouble, free_port


class FakeClock:
    """Back-off time that tests move on explicitly (the HTTP timeouts stay real)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def rasa() -> Iterator[RasaDouble]:
    double = RasaDouble(free_port()).start()
    yield double
    double.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_client(url: str, clock: FakeClock, **kw: object) -> NluClient:
    return NluClient(url, "T", timeout=0.3, backoff_initial=2.0, clock=clock, **kw)  # type: ignore[arg-type]


def test_parse_returns_intent_and_merged_entities(rasa: RasaDouble, clock: FakeClock) -> None:
    client = make_client(rasa.url, clock)
    result = client.parse("on £11.44/hr")
    assert result.text == "on £11.44/hr"
    assert result.intent == "inform_pay"
    assert result.confidence == pytest.approx(0.97)
    # DIET's shorter "£11.44" overlaps the regex's "£11.44/hr": only the regex one is kept.
    assert result.entities == [
        Entity("time", "night", 0, 2, 0.5),
        Entity("money", "£11.44/hr", 3, 12, None),
    ]
    assert client.available


def test_empty_text_is_not_sent(rasa: RasaDouble, clock: FakeClock) -> None:
    client = make_client(rasa.url, clock)
    result = client.parse("   ")
    assert result.intent is None and result.entities == []
    assert rasa.requests == []


def test_wrong_token_is_unavailable(rasa: RasaDouble, clock: FakeClock) -> None:
    client = NluClient(rasa.url, "wrong", timeout=0.3, clock=clock)
    with pytest.raises(NluUnavailable, match="401"):
        client.parse("hi")
    assert not client.available


def test_down_fails_fast_and_stays_fast(clock: FakeClock) -> None:
    client = make_client(f"http://127.0.0.1:{free_port()}", clock)  # nothing listening
    with pytest.raises(NluUnavailable):
        client.parse("hello")
    assert not client.available
    started = time.perf_counter()
    with pytest.raises(NluUnavailable):
        client.parse("hello again")
    assert time.perf_counter() - started < 0.05
    assert not client.is_healthy()


def test_slow_server_times_out_then_short_circuits(rasa: RasaDouble, clock: FakeClock) -> None:
    rasa.mode, rasa.delay = "slow", 1.0
    client = make_client(rasa.url, clock)
    started = time.perf_counter()
    with pytest.raises(NluUnavailable):
        client.parse("hi")
    assert 0.25 < time.perf_counter() - started < 0.9  # the 0.3 s timeout, not the 1 s delay
    started = time.perf_counter()
    with pytest.raises(NluUnavailable):
        client.parse("hi")
    assert time.perf_counter() - started < 0.05  # no network call while backing off
    assert rasa.requests == [("POST", "/model/parse")]


def test_recovers_by_itself_after_backoff(rasa: RasaDouble, clock: FakeClock) -> None:
    port = rasa.port
    rasa.stop()
    client = make_client(f"http://127.0.0.1:{port}", clock)
    with pytest.raises(NluUnavailable):
        client.parse("hi")
    clock.advance(1.9)
    assert not client.available
    back = RasaDouble(port).start()
    try:
        clock.advance(0.2)
        assert client.available  # back-off over: ready to retry
        assert client.parse("on £11.44/hr").intent == "inform_pay"
        assert back.requests == [("GET", "/version"), ("POST", "/model/parse")]
        assert client.available
        client.parse("again")  # closed again: no probe before each parse
        assert back.requests[-1] == ("POST", "/model/parse") and len(back.requests) == 3
    finally:
        back.stop()


def test_backoff_doubles_while_still_down(clock: FakeClock) -> None:
    port = free_port()
    client = make_client(f"http://127.0.0.1:{port}", clock, backoff_max=5.0)
    with pytest.raises(NluUnavailable):
        client.parse("hi")
    clock.advance(2.0)
    with pytest.raises(NluUnavailable, match="still unavailable"):
        client.parse("hi")  # the probe failed: now 4 s
    clock.advance(3.9)
    assert not client.available
    clock.advance(0.2)
    assert client.available
    with pytest.raises(NluUnavailable):
        client.parse("hi")  # capped at 5 s
    clock.advance(4.9)
    assert not client.available
    clock.advance(0.2)
    back = RasaDouble(port).start()
    try:
        assert client.parse("hi").intent == "inform_pay"
        # Success resets the back-off to its first step.
        back.mode = "error"
        with pytest.raises(NluUnavailable):
            client.parse("hi")
        clock.advance(2.1)
        assert client.available
    finally:
        back.stop()


@pytest.mark.parametrize("mode", ["error", "garbage"])
def test_bad_answers_are_unavailable(rasa: RasaDouble, clock: FakeClock, mode: str) -> None:
    rasa.mode = mode
    client = make_client(rasa.url, clock)
    with pytest.raises(NluUnavailable):
        client.parse("hi")
    assert not client.available


def test_failure_threshold(rasa: RasaDouble, clock: FakeClock) -> None:
    rasa.mode = "error"
    client = make_client(rasa.url, clock, failure_threshold=2)
    with pytest.raises(NluUnavailable):
        client.parse("hi")
    assert client.available  # one failure is tolerated
    with pytest.raises(NluUnavailable):
        client.parse("hi")
    assert not client.available


def test_is_healthy(rasa: RasaDouble, clock: FakeClock) -> None:
    client = make_client(rasa.url, clock)
    assert client.is_healthy()
    rasa.mode, rasa.delay = "slow", 1.0
    assert not client.is_healthy()


def test_the_rasa_token_is_never_logged_when_rasa_is_down(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    token = "s3cret-rasa-token-do-not-log"
    client = NluClient(
        f"http://127.0.0.1:{free_port()}", token, timeout=0.3, backoff_initial=2.0, clock=clock
    )
    caplog.set_level("DEBUG")
    with pytest.raises(NluUnavailable) as raised:
        client.parse("I want to be a carer")
    assert "token=***" in str(raised.value)  # the URL is still there to help, the token is not
    assert token not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__  # no chained URL
    assert "NLU unavailable" in caplog.text
    assert token not in caplog.text
