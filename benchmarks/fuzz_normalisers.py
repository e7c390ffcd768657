"""Fuzz the normalisers: `.venv/bin/python -m benchmarks.fuzz_normalisers [SEED] [-n 20000]`.

Runs the property checks of tests/nlu/test_normalise_properties.py (any text never raises,
believable values, round trips) with many more examples than the unit tests, from a seed so a
failure can be replayed. Prints, per property, the examples run, the time taken, the slowest
single input, and the smallest failing input Hypothesis found (if any). Exit status 1 on a
failure.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.nlu.test_normalise_properties import (
    CHECKS,
    HALF_HOURS,
    PENCE,
    TEXTS,
    check_hours_round_trip,
    check_money_round_trip,
)


def fuzz(
    name: str,
    check: Callable[..., None],
    strategies: tuple[st.SearchStrategy[Any], ...],
    n: int,
    run_seed: int,
) -> bool:
    """Run one property `n` times; print the counts and any failure. True when it held."""
    count = 0
    slowest = (0.0, "")

    def timed(args: tuple[Any, ...]) -> None:
        nonlocal count, slowest
        count += 1
        started = time.perf_counter()
        try:
            check(*args)
        finally:
            took = time.perf_counter() - started
            if took > slowest[0]:
                slowest = (took, repr(args)[:60])

    test = settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )(given(st.tuples(*strategies))(timed))
    started = time.monotonic()
    failure = None
    try:
        seed(run_seed)(test)()
    except Exception as exc:  # report every kind of failure, then carry on with the next
        failure = f"{type(exc).__name__}: {str(exc)[:500]}"
    took = time.monotonic() - started
    status = "FAIL" if failure else "ok"
    print(
        f"{status:4} {name:24} {count:>7,} examples in {took:6.1f} s; "
        f"slowest input {slowest[0] * 1000:.1f} ms {slowest[1]}"
    )
    if failure:
        print(f"     {failure}")
    return failure is None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", nargs="?", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("-n", type=int, default=20_000, help="examples per property")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress in logs
    print(f"Fuzzing the normalisers: seed {args.seed}, {args.n:,} examples per property")
    started = time.process_time()
    ok = True
    for name, check in CHECKS.items():
        ok &= fuzz(name, check, (TEXTS,), args.n, args.seed)
    ok &= fuzz("money round trip", check_money_round_trip, (PENCE, st.booleans()), args.n,
               args.seed)  # fmt: skip
    ok &= fuzz("hours round trip", check_hours_round_trip, (HALF_HOURS,), args.n, args.seed)
    print(
        f"{'all properties held' if ok else 'FAILURES'}; CPU {time.process_time() - started:.0f} s"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
