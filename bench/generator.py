"""Which load generator: the ceiling of each candidate against a trivial endpoint (GET /ping of
the baseline app, which answers "ok"), each generator pinned to the load generator's core."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time

import httpx

from bench.http import LOADGEN_CPU, ROOT


async def _httpx_load(url: str, seconds: float, connections: int) -> float:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits) as client:
        done = 0
        end = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < end:
                (await client.get(url)).raise_for_status()
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        return done / (time.perf_counter() - started)


def httpx_ceiling(url: str, seconds: float, connections: int) -> float:
    """Requests/s of an async httpx generator (run in its own process on the load core)."""
    code = (
        "import asyncio, json; from bench.generator import _httpx_load; "
        f"print(json.dumps(asyncio.run(_httpx_load({url!r}, {seconds}, {connections}))))"
    )
    out = subprocess.run(
        ["taskset", "-c", LOADGEN_CPU, sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def wrk_ceiling(url: str, seconds: float, connections: int) -> float:
    out = subprocess.run(
        [
            "taskset",
            "-c",
            LOADGEN_CPU,
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in out.stdout.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise RuntimeError(out.stdout)
