"""Long fuzz run over every state of every flow: `python -m benchmarks.fuzz_flows [N] [SEED]`.

The same properties as tests/flows/test_fuzz.py (no exception, replies that fit Telegram, a
state that saves as JSON), with N examples per state (default 2,000). Prints the count per
state and the first failure, if any; exits 1 on a failure.
"""

from __future__ import annotations

import sys
import time

from hypothesis import HealthCheck, given, seed, settings

from tests.flows.fuzzing import all_states, contexts, drive, events, step_data


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 2000
    run_seed = int(argv[1]) if len(argv) > 1 else 20261126
    failures = 0
    start = time.perf_counter()
    for flow, step_name in all_states():
        count = 0

        @seed(run_seed)
        @settings(max_examples=n, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(data=step_data(flow), event=events(), ctx=contexts())
        def run(data, event, ctx, flow=flow, step_name=step_name):  # type: ignore[no-untyped-def]
            nonlocal count
            count += 1
            drive(flow, step_name, data, event, ctx)

        try:
            run()
            print(f"{flow}/{step_name}: {count} inputs, no failure")
        except Exception as exc:  # report and go on to the next state
            failures += 1
            print(f"{flow}/{step_name}: FAILED after {count} inputs: {exc!r}")
    print(f"{len(all_states())} states, {failures} failing, {time.perf_counter() - start:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
