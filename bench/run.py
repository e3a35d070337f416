"""`make bench` / `make bench-quick`: run the benchmarks and regenerate docs/benchmarks.md.

Full: SQLite and PostgreSQL at 10,000 and 100,000 zaken; quick (`--quick`): SQLite at 10,000,
short runs, under a minute, written to bench/results/ (the committed docs stay as they are).

Subscriber fan-out (`bench/fanout.py`, a gateway process and subscriber processes): both
scenarios (notification fields only; with the zaak, audited) at 100, 1,000 and 10,000
subscribers; quick: 100 and 1,000, fewer events.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import importlib.metadata
import importlib.util
import json
import platform
import shutil
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import http, write
from bench.data import Target, prepare
from bench.load import ForeignLoad
from bench.measure import Plan, in_process, over_http

ROOT = http.ROOT
FULL_TARGETS = (
    Target("sqlite", 10_000),
    Target("sqlite", 100_000),
    Target("postgresql", 10_000),
    Target("postgresql", 100_000),
)
QUICK_TARGETS = (Target("sqlite", 10_000),)
FULL = Plan(
    rounds=5,
    block_seconds=0.4,
    http_runs=3,
    http_seconds=8,
    http_warmup=2,
    connections=8,
    variable_sets=50,
    decompose_repeat=30,
)
QUICK = Plan(
    rounds=3,
    block_seconds=0.1,
    http_runs=2,
    http_seconds=1,
    http_warmup=0,
    connections=8,
    variable_sets=10,
    decompose_repeat=3,
)
GATEWAY_PORT = 8700
BASELINE_PORT = 8701


def ensure_tools() -> None:
    """wrk (Debian) and the bench extra (matplotlib, pyinstrument) when missing."""
    if shutil.which("wrk") is None:
        print("installing wrk (apt-get)", file=sys.stderr)
        if subprocess.run(["apt-get", "install", "-y", "wrk"], check=False).returncode != 0:
            subprocess.run(["apt-get", "update"], check=True)
            subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
    if (
        importlib.util.find_spec("matplotlib") is None
        or importlib.util.find_spec("pyinstrument") is None
    ):
        print("installing the bench extra", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[bench]"],
            check=True,
        )


def machine() -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    pg = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qAtc", "SHOW server_version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    import graphql
    import sqlalchemy
    import strawberry
    import uvicorn

    return {
        "cpu": cpu,
        "cores": len(__import__("os").sched_getaffinity(0)),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": pg,
        "sqlite": __import__("sqlite3").sqlite_version,
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0].split(" Copyright")[0],
        "strawberry": importlib.metadata.version("strawberry-graphql"),
        "graphql_core": graphql.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "uvicorn": uvicorn.__version__,
        "uvloop": _version("uvloop"),
        "httptools": _version("httptools"),
        "orjson": _version("orjson"),
        "strawberry_module": strawberry.__name__,
    }


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def generator_ceiling(plan: Plan, target: Target, quick: bool) -> dict[str, Any]:
    """The load generators against a trivial endpoint (the baseline app's GET /ping)."""
    from bench import generator
    from bench.inprocess import BASE_URL, DEV_SECRET

    server = http.start_baseline(
        target.url,
        BASELINE_PORT,
        {
            "BENCH_BASE_URL": BASE_URL,
            "BENCH_DEV_SECRET": DEV_SECRET,
            "BENCH_TOKEN_ISSUER": "-",
            "BENCH_TOKEN_AUDIENCE": "-",
        },
    )
    seconds = 1.0 if quick else 5.0
    try:
        url = server.url + "/ping"
        return {
            "endpoint": "GET /ping (starlette, uvicorn, one worker, pinned to core 0)",
            "connections": plan.connections,
            "wrk_rps": generator.wrk_ceiling(url, seconds, plan.connections),
            "httpx_rps": generator.httpx_ceiling(url, seconds, plan.connections),
        }
    finally:
        server.stop()


def fanout(quick: bool) -> dict[str, Any]:
    from bench import fanout as module

    counts = (100, 1000) if quick else (100, 1000, 10_000)
    events = 5 if quick else 20
    results: dict[str, Any] = {
        scenario: module.run(counts, events, scenario) for scenario in ("notificatie", "zaak")
    }
    results["_markdown"] = fanout_markdown(results)
    return results


def fanout_markdown(results: dict[str, Any]) -> str:
    lines = [
        "One gateway process (SQLite, demo data) and subscriber processes on the same machine; "
        "every subscriber is a behandelaar dashboard, so each event goes to all of them; an "
        "event is a notification POSTed to `/notificaties`; latency from the POST to the "
        "message at the subscriber.",
        "",
        "| scenario | subscribers | all received | KB per subscriber | connect s | "
        "latency p50 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for scenario, figures in results.items():
        if scenario.startswith("_"):
            continue
        for r in figures["results"]:
            lines.append(
                f"| {scenario} | {r['subscribers']:,} | {'yes' if r['all_received'] else 'NO'} "
                f"| {r['kb_per_subscriber']} | {r['connect_seconds']} | {r['latency_ms_p50']} "
                f"| {r['latency_ms_p99']} | {r['latency_ms_max']} |"
            )
    lines += [
        "",
        "Subscriptions: "
        + "; ".join(
            f"{k}: `{v['subscription']}`" for k, v in results.items() if not k.startswith("_")
        ),
    ]
    return "\n".join(lines)


def profile(target: Target, results: dict[str, Any], out: Path, quick: bool) -> dict[str, Any]:
    """pyinstrument over the slowest scenario (highest in-process ratio to the baseline)."""
    scenarios = results["in_process"]["scenarios"]
    timed = {k: v for k, v in scenarios.items() if "ratio" in v}
    key = max(timed, key=lambda k: timed[k]["gateway_us"]["median"])
    seconds = 2 if quick else 8
    text = subprocess.run(
        [sys.executable, "-m", "bench.profiling", key, target.url, "--seconds", str(seconds)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    ).stdout
    out.write_text(text)
    return {"scenario": key, "target": target.key, "file": out.name}


def measure_target(
    target: Target, plan: Plan, args: argparse.Namespace, log: list[str], started: float
) -> dict[str, Any]:
    print(f"== {target.label}", file=sys.stderr)
    entry: dict[str, Any] = {"label": target.label, "data": prepare(target, log)}
    foreign = ForeignLoad()
    entry["in_process"] = asyncio.run(in_process(target, plan))
    print(f"   in-process done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if not args.no_http:
        entry["http"] = over_http(target, plan, GATEWAY_PORT, BASELINE_PORT)
        print(f"   over HTTP done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    # last: the write scenario, on a copy of the database (it adds zaken the reads must not see)
    entry["write"] = write.measure(
        target, plan, GATEWAY_PORT, BASELINE_PORT, with_http=not args.no_http
    )
    print(f"   write done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    entry["foreign_load"] = foreign.stop()
    return entry


def wait_for_database(target: Target, seconds: float = 120.0) -> None:
    """Until the target's database answers again (PostgreSQL may be restarting)."""
    if target.backend != "postgresql":
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ok = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                target.pg_name,
                "-qAtc",
                "SELECT 1",
            ],
            capture_output=True,
            check=False,
        )
        if ok.returncode == 0:
            time.sleep(2)
            return
        time.sleep(2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--quick", action="store_true", help="SQLite 10k only, short runs")
    parser.add_argument("--only", nargs="*", help="target keys, e.g. postgresql-100k")
    parser.add_argument("--no-http", action="store_true", help="in-process figures only")
    parser.add_argument("--no-profile", action="store_true", help="skip the pyinstrument profile")
    parser.add_argument("--out", type=Path, help="write the report files here instead")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the other targets' figures from the existing results (with --only)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    ensure_tools()
    plan = QUICK if args.quick else FULL
    targets: tuple[Target, ...] = QUICK_TARGETS if args.quick else FULL_TARGETS
    if args.only:
        targets = tuple(t for t in FULL_TARGETS if t.key in args.only)
    out_dir = args.out or ROOT / ("bench/results" if args.quick else "docs")
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = "quick" if args.quick else "benchmarks"
    log: list[str] = []
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "command": "make bench-quick" if args.quick else "make bench",
        "machine": machine(),
        "plan": plan.__dict__,
        "targets": {},
        "log": log,
    }
    if args.merge and (out_dir / f"{stem}.json").exists():
        earlier = json.loads((out_dir / f"{stem}.json").read_text())
        for key, entry in earlier["targets"].items():
            if key not in {t.key for t in targets}:
                results["targets"][key] = entry
                log.append(f"{entry['label']}: figures kept from the run of {earlier['started']}")
    for target in targets:
        for attempt in (1, 2, 3):
            try:
                results["targets"][target.key] = measure_target(target, plan, args, log, started)
                break
            except Exception as error:  # e.g. PostgreSQL restarted under us by someone else
                log.append(f"{target.label}: attempt {attempt} failed ({error!r:.200}); retried")
                print(f"   failed: {error!r:.300}", file=sys.stderr)
                traceback.print_exc(file=sys.stderr)  # where: the next run's log shows it
                if attempt == 3:
                    raise
                wait_for_database(target)
        # the figures so far, in case a later target fails for good
        partial = out_dir / f"{stem}.partial.json"
        partial.write_text(json.dumps(results, indent=1, default=str) + "\n")
    first = targets[0]
    if not args.no_http:
        results["generator"] = generator_ceiling(plan, first, args.quick)
    slow = targets[-1]
    results["profile"] = None
    if not (args.no_profile or args.quick):
        results["profile"] = profile(
            slow, results["targets"][slow.key], out_dir / f"{stem}-profile.txt", args.quick
        )
    results["fanout"] = fanout(args.quick)
    results["seconds"] = round(time.perf_counter() - started, 1)
    (out_dir / f"{stem}.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    (out_dir / f"{stem}.partial.json").unlink(missing_ok=True)
    from bench.chart import chart
    from bench.report import report

    if not args.no_http:
        chart(results, out_dir / f"{stem}.png")
    (out_dir / f"{stem}.md").write_text(report(results, f"{stem}.png", f"{stem}-profile.txt"))
    print(f"wrote {out_dir / (stem + '.md')} in {results['seconds']} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
