"""Money, hours and rises on the development set, read by the normalisers alone (no Rasa).

    .venv/bin/python benchmarks/nlu_values_dev.py [--misses]

`nlu/dev/values_dev_2026_11.yml` (365 hand-worked cases written on 26 Nov 2026 by a helper who
saw no training or test data) is for tuning the normalisers: unlike the held-out sets, its
misses may be read. Scored like the held-out values (nlu.app_eval.score_values); a range
(`skip: true`) is not scored for hours, and a new rate with no rise amount (`rise: {to: true}`)
expects no rise. Without Rasa's spans a bare number is not "said", so these figures sit a
little under what the app reads with the model running.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from nlu.app_eval import Score, load_cases, score_values
from nlu.values import read_values

DEV_DIR = Path(__file__).resolve().parent.parent / "nlu" / "dev"
# the 365-case set of 26 Nov, then a 276-case hours-first set (27 Nov), each by its own helper
DEV_FILES = (DEV_DIR / "values_dev_2026_11.yml", DEV_DIR / "values_dev2_2026_11.yml")


def scored_case(case: dict[str, Any]) -> dict[str, Any]:
    """The case as the held-out scorer expects it."""
    case = dict(case)
    if case.get("skip"):
        case.pop("hours", None)
        case["shift_hours"] = "range"  # a weekly figure read from a range is not held against it
    rise = case.get("rise")
    if isinstance(rise, dict) and rise.get("to"):
        case["rise"] = {}
    return case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong reading")
    args = parser.parse_args()
    for dev_file in DEV_FILES:
        money = hours = rises = Score()
        wrong: list[str] = []
        cases = load_cases(dev_file)
        for raw in cases:
            case = scored_case(raw)
            got = read_values(str(case["text"]), date(2026, 11, 26))
            money, hours, rises, w = score_values(case, got, money, hours, rises)
            wrong += [f"{case['text']!r}: {x}" for x in w]
        print(f"{len(cases)} cases from {dev_file.name}")
        for name, s in (("money", money), ("hours", hours)):
            print(f"{name}: F1 {s.f1:.3f} (P {s.precision:.3f}, R {s.recall:.3f})")
        print(f"rises read right: {rises.tp} of {rises.tp + rises.fn} ({rises.fp} stray)")
        if args.misses:
            print("\n".join(wrong))


if __name__ == "__main__":
    main()
