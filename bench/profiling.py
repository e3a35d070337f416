"""Profile one scenario in-process with pyinstrument (`python -m bench.profiling KEY URL`)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from pyinstrument import Profiler

from bench.baseline import draw_variables
from bench.baseline_db import open_db
from bench.inprocess import gateway_call, principal_for, settings_for
from bench.scenarios import READS, WERKVOORRAAD_10
from gateway.runtime import Runtime


async def profile(key: str, database_url: str, seconds: float, html: Path | None) -> str:
    scenario = next(s for s in (*READS, WERKVOORRAAD_10) if s.key == key)
    runtime = Runtime(settings_for(database_url))
    db = await open_db(database_url)
    try:
        variable_sets = list(scenario.variables)
        if scenario.draw is not None:
            variable_sets = await draw_variables(db, scenario.draw, 50)
        call = gateway_call(runtime, scenario, await principal_for(runtime, scenario.who))
        for v in variable_sets:
            await call(v)
        profiler = Profiler(interval=0.0005, async_mode="enabled")
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        i = 0
        profiler.start()
        while loop.time() < end:
            await call(variable_sets[i % len(variable_sets)])
            i += 1
        profiler.stop()
        if html is not None:
            html.write_text(profiler.output_html())
        text: str = profiler.output_text(unicode=False, color=False, show_all=False)
        return f"{i} operations in {seconds} s\n{text}"
    finally:
        await runtime.close()
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario")
    parser.add_argument("database_url")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--html", type=Path)
    args = parser.parse_args()
    print(asyncio.run(profile(args.scenario, args.database_url, args.seconds, args.html)))


if __name__ == "__main__":
    main()
