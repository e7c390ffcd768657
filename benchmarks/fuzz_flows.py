"""Long fuzz run over every state of every flow: `python -m benchmarks.fuzz_flows [N] [SEED]`.

The same properties as tests/flows/test_fuzz.py (no exception, replies that fit Telegram, a
state that saves as JSON), with N examples per state (default 2,000). Prints the count per
state and the first failure, if any; exits 1 on a failure.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, seed, settings

from flows.core import Context, Event
from tests.flows.fuzzing import all_states, contexts, drive, events, step_data


def _runner(
    flow: str, step_name: str, n: int, run_seed: int, counter: list[int]
) -> Callable[[], None]:
    @seed(run_seed)
    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=step_data(flow), event=events(), ctx=contexts())
    def run(data: dict[str, Any], event: Event, ctx: Context) -> None:
        counter[0] += 1
        drive(flow, step_name, data, event, ctx)

    return run


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 2000
    run_seed = int(argv[1]) if len(argv) > 1 else 20261126
    failures = 0
    start = time.perf_counter()
    for flow, step_name in all_states():
        counter = [0]
        try:
            _runner(flow, step_name, n, run_seed, counter)()
            print(f"{flow}/{step_name}: {counter[0]} inputs, no failure")
        except Exception as exc:  # report and go on to the next state
            failures += 1
            print(f"{flow}/{step_name}: FAILED after {counter[0]} inputs: {exc!r}")
    print(f"{len(all_states())} states, {failures} failing, {time.perf_counter() - start:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
