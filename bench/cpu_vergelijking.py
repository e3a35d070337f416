"""Gateway CPU time per operation, in-process, against the baseline in the same process.

`python -m bench.cpu_vergelijking URL [OPERATIONS] [SCENARIO ...]`: for each read
scenario, the process CPU time (all threads) of OPERATIONS operations (default 60), the best of
five rounds. Run it in two trees (before and after a change), alternating, to compare them on a
machine whose load changes: CPU time moves less with other load than wall time does.
"""

from __future__ import annotations

import asyncio
import sys
import time

from bench.baseline import Baseline, draw_variables
from bench.baseline_db import open_db
from bench.inprocess import BASE_URL, Call, baseline_call, gateway_call, principal_for, settings_for
from bench.scenarios import READS
from gateway.runtime import Runtime


async def _cpu_us(call: Call, variable_sets: list[dict[str, object]], n: int) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        for i in range(n):
            await call(variable_sets[i % len(variable_sets)])
        best = min(best, (time.process_time() - started) / n * 1e6)
    return best


async def main(url: str, n: int, keys: list[str]) -> None:
    runtime = Runtime(settings_for(url))
    db = await open_db(url)
    baseline = Baseline(db, BASE_URL)
    try:
        for scenario in READS:
            if keys and scenario.key not in keys:
                continue
            variable_sets = list(scenario.variables)
            if scenario.draw is not None:
                variable_sets = await draw_variables(db, scenario.draw, 50)
            gateway = gateway_call(runtime, scenario, await principal_for(runtime, scenario.who))
            base = baseline_call(baseline, scenario) if scenario.baseline else None
            for v in variable_sets[:10]:  # warm up: caches, compiled statements and plans
                await gateway(v)
                if base is not None:
                    await base(v)
            gw_us = await _cpu_us(gateway, variable_sets, n)
            base_us = await _cpu_us(base, variable_sets, n) if base is not None else float("nan")
            print(
                f"{scenario.key:28s} gateway {gw_us:8.0f} µs  baseline {base_us:6.0f} µs  "
                f"ratio {gw_us / base_us:5.2f}",
                flush=True,
            )
    finally:
        await runtime.close()
        await db.close()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if not arguments:
        sys.exit(__doc__)
    count = int(arguments[1]) if len(arguments) > 1 else 60
    asyncio.run(main(arguments[0], count, arguments[2:]))
