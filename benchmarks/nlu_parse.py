"""NLU parse latency: `.venv/bin/python benchmarks/nlu_parse.py [--url URL --token T] [-n 500]`.

Starts a Rasa server on 127.0.0.1:5105 (training the model first if needed) unless --url points
at one already running, then prints:
- end-to-end parse latency through NluClient.parse (HTTP round trip included), p50/p99;
- bot-side overhead: decoding Rasa's JSON, merging entities and normalising money, hours, days
  and times, measured on the recorded responses (no network), p50/p99.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import requests

from nlu.client import NluClient, _to_parse
from nlu.normalise import parse_days, parse_hours, parse_money, parse_time_range
from nlu.project import HELDOUT_FILE, read_examples
from nlu.server import RasaProcess, ensure_model

PORT = 5105


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def normalise_entities(parsed_entities: list) -> None:  # type: ignore[type-arg]
    for e in parsed_entities:
        if e.entity == "money":
            parse_money(e.value)
        elif e.entity == "hours":
            parse_hours(e.value)
        elif e.entity == "day":
            parse_days(e.value)
        elif e.entity == "time":
            parse_time_range(e.value)


def run(url: str, token: str, n: int) -> None:
    texts = [ex.text for ex in read_examples(HELDOUT_FILE)]
    client = NluClient(url, token, timeout=5.0)
    for text in texts[:20]:  # warm up TensorFlow and the connection
        client.parse(text)
    e2e: list[float] = []
    for i in range(n):
        started = time.perf_counter()
        client.parse(texts[i % len(texts)])
        e2e.append((time.perf_counter() - started) * 1000)
    # Bot-side work on recorded raw responses, without the network.
    session = requests.Session()
    raw = [
        session.post(f"{url}/model/parse", params={"token": token}, json={"text": t}).content
        for t in texts
    ]
    overhead: list[float] = []
    for i in range(max(n, 2000)):
        body, text = raw[i % len(raw)], texts[i % len(texts)]
        started = time.perf_counter()
        parsed = _to_parse(text, json.loads(body))
        normalise_entities(parsed.entities)
        parse_money(text)
        parse_hours(text)
        parse_days(text)
        parse_time_range(text)
        overhead.append((time.perf_counter() - started) * 1000)
    print(f"NLU parse benchmark ({n} parses of {len(texts)} held-out messages, {url})")
    print(
        f"  end-to-end parse (client + HTTP + Rasa): p50 {percentile(e2e, 50):.1f} ms, "
        f"p99 {percentile(e2e, 99):.1f} ms, mean {statistics.fmean(e2e):.1f} ms"
    )
    print(
        f"  bot-side overhead (JSON + entity merge + normalisers, no HTTP): "
        f"p50 {percentile(overhead, 50) * 1000:.0f} us, "
        f"p99 {percentile(overhead, 99) * 1000:.0f} us"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="use this running Rasa server instead of starting one")
    parser.add_argument("--token", default="bench-token")
    parser.add_argument("-n", type=int, default=500, help="number of timed parses")
    args = parser.parse_args(argv)
    if args.url:
        run(args.url, args.token, args.n)
        return 0
    from types import SimpleNamespace

    settings = SimpleNamespace(
        rasa_url=f"http://127.0.0.1:{PORT}",
        rasa_token=args.token,
        rasa_venv=Path(__file__).resolve().parent.parent / ".venv-rasa",
        rasa_timeout_seconds=5.0,
    )
    started = time.monotonic()
    with RasaProcess(settings, model=ensure_model(settings)) as rasa:  # type: ignore[arg-type]
        print(f"Rasa ready in {time.monotonic() - started:.0f} s on {rasa.url}")
        run(rasa.url, args.token, args.n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
