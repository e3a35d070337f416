"""Two versions of the gateway over HTTP, side by side: for checking one change.

`python -m bench.ab_http BACKEND:ZAKEN SCENARIO TREE_A TREE_B [ROUNDS]`, e.g.
`python -m bench.ab_http postgresql:100000 behandelaar_zaak_detail /work/wt-before .`: a
gateway server from each source tree (a `git worktree` of the commit before the change, and
this one), as `make bench` serves them (one worker, production settings, pinned to the same
core), against data `make bench` seeded; wrk runs against each in turn, ROUNDS times (default
4, 6 s each). Prints req/s and the server's CPU time per request (steadier than req/s when
other work shares the machine) per run, then the medians.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
from pathlib import Path

from bench import http
from bench.data import Target, clear_audit_log
from bench.inprocess import BASE_URL, DEV_SECRET
from bench.measure import _http_requests
from bench.run import FULL


def main(argv: list[str]) -> int:
    if len(argv) < 4:
        print(__doc__)
        return 2
    backend, zaken = argv[0].split(":")
    target = Target(backend, int(zaken))
    key = argv[1]
    trees = {"A": Path(argv[2]).resolve(), "B": Path(argv[3]).resolve()}
    rounds = int(argv[4]) if len(argv) > 4 else 4
    clear_audit_log(target)
    servers: dict[str, http.Server] = {}
    try:
        for i, (name, tree) in enumerate(trees.items()):
            env = {"ZGW_GATEWAY_BASE_URL": BASE_URL, "ZGW_GATEWAY_DEV_SECRET": DEV_SECRET}
            servers[name] = http.start_gateway(target.url, 8700 + 2 * i, env, root=tree)
        bodies, token, _ = asyncio.run(_http_requests(target, FULL, [key]))[key]
        for server in servers.values():  # warm-up
            http.wrk(server.url + "/graphql", bodies, token, seconds=2, connections=8)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in servers}
        for _ in range(rounds):
            for name, server in servers.items():
                f = http.wrk(
                    server.url + "/graphql", bodies, token, seconds=6, connections=8, server=server
                )
                cpu_us = f["server_cpu"] / f["rps"] * 1e6
                runs[name].append((f["rps"], cpu_us))
                print(f"{name} {f['rps']:,.0f} req/s, {cpu_us:,.0f} µs CPU a request", flush=True)
        for name, figures in runs.items():
            rps = statistics.median(r for r, _ in figures)
            cpu = statistics.median(c for _, c in figures)
            print(f"{name} ({trees[name]}): median {rps:,.0f} req/s, {cpu:,.0f} µs CPU a request")
    finally:
        for server in servers.values():
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
