"""docs/benchmarks.md from the raw results."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.data import seeding_record
from bench.report_writes import writes_section
from bench.scenarios import READS

HERE = Path(__file__).resolve().parent
TITLES = {s.key: s.title for s in READS} | {"behandelaar_werkvoorraad_10": "behandelaar list of 10"}
RATIO_TARGETS = {"burger_mijn_zaken_20": 2.5, "burger_mijn_zaken_100": 3.5}
RPS_TARGET, P99_TARGET_MS = 1000.0, 50.0


def _f(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def _mmm(s: dict[str, float], scale: float = 1.0, digits: int = 0) -> str:
    return (
        f"{_f(s['median'] * scale, digits)} ({_f(s['min'] * scale, digits)}–"
        f"{_f(s['max'] * scale, digits)})"
    )


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def targets_section(results: dict[str, Any]) -> list[str]:
    lines = ["## Targets", "", "| target | figures | verdict |", "|---|---|---|"]
    for target in results["targets"].values():
        scen = target["in_process"]["scenarios"]
        for name, limit in RATIO_TARGETS.items():
            ratio = scen[name]["ratio"]["median"]
            http_ratio = ""
            if "http" in target:
                http_ratio = (
                    f"; over HTTP {target['http']['scenarios'][name]['ratio']['median']:.2f}×"
                )
            lines.append(
                f"| {TITLES[name]} ≤ {limit}× baseline, in-process ({target['label']}) | "
                f"{ratio:.2f}× (rounds {_mmm(scen[name]['ratio'], digits=2)}; CPU "
                f"{scen[name]['cpu_ratio']:.2f}×){http_ratio} | "
                f"{_verdict(ratio <= limit)} |"
            )
    pg = results["targets"].get("postgresql-100k")
    if pg is not None and "http" in pg:
        d = pg["http"]["scenarios"]["behandelaar_zaak_detail"]["gateway"]
        rps, p99 = d["rps"]["median"], d["p99_us"]["median"] / 1000
        lines.append(
            f"| behandelaar zaak detail ≥ {RPS_TARGET:,.0f} req/s and p99 < {P99_TARGET_MS:.0f} ms "
            f"(PostgreSQL, 100,000 zaken, {pg['http']['connections']} connections) | "
            f"{_f(rps)} req/s, p99 {p99:.1f} ms | "
            f"{_verdict(rps >= RPS_TARGET and p99 < P99_TARGET_MS)} |"
        )
    else:
        lines.append(
            "| behandelaar zaak detail ≥ 1,000 req/s (PostgreSQL 100k) | "
            "not measured in this run | – |"
        )
    flat = True
    figures = []
    for key, target in results["targets"].items():
        scen = target["in_process"]["scenarios"]
        pairs = (
            ("burger_mijn_zaken_20", "burger_mijn_zaken_100"),
            ("behandelaar_werkvoorraad_10", "behandelaar_werkvoorraad_100"),
        )
        for small, large in pairs:
            a, b = scen[small]["statements"], scen[large]["statements"]
            flat = flat and a == b
            figures.append(f"{key}: {a}→{b}")
    lines.append(
        "| SQL statements per operation independent of list size (20→100 zaken; 10→100) | "
        f"{', '.join(figures)} | {_verdict(flat)} |"
    )
    return [*lines, ""]


def in_process_section(results: dict[str, Any]) -> list[str]:
    lines = [
        "## In-process: gateway vs hand-written SQL",
        "",
        "`Runtime.execute` (parse and validation caches, role view, prefetch, row guard, audit "
        "records) plus `orjson.dumps`, as the HTTP server runs it (`json_tekst`: JSON the "
        "database built is handed to `orjson.dumps` as text, not parsed first), against the "
        "baseline function in the same process and run, "
        "interleaved block by block. µs per operation: median (min–max) over "
        f"{results['plan']['rounds']} rounds; the ratio is the median of the per-round ratios. "
        "CPU ratio: the same with this process's CPU time (all threads) instead of wall time — "
        "less sensitive to other load on the machine, blind to the PostgreSQL server's work. "
        "Statements: SQL statements per operation "
        "(gateway / baseline; the audit log's batched INSERT, shared by many operations, is not "
        "counted). Every variable set was checked to give the same JSON on both sides first.",
        "",
    ]
    for target in results["targets"].values():
        lines += [
            f"### {target['label']}",
            "",
            "| scenario | gateway µs | baseline µs | ratio | CPU ratio | statements | bytes |",
            "|---|---|---|---|---|---|---|",
        ]
        for key, s in target["in_process"]["scenarios"].items():
            if "ratio" not in s:
                lines.append(
                    f"| {TITLES[key]} | | | | | {s['statements']} / {s['baseline_statements']} | "
                    f"{_f(s['response_bytes'])} |"
                )
                continue
            lines.append(
                f"| {TITLES[key]} | {_mmm(s['gateway_us'])} | {_mmm(s['baseline_us'])} | "
                f"{_mmm(s['ratio'], digits=2)} | {s['cpu_ratio']:.2f} | "
                f"{s['statements']} / {s['baseline_statements']} | "
                f"{_f(s['response_bytes'])} |"
            )
        lines.append("")
    return lines


def http_section(results: dict[str, Any]) -> list[str]:
    if not any("http" in t for t in results["targets"].values()):
        return []
    plan = results["plan"]
    lines = [
        "## Over HTTP",
        "",
        f"wrk, {plan['connections']} connections, {plan['http_runs']} runs of "
        f"{plan['http_seconds']} s per scenario and side (after a {plan['http_warmup']} s "
        "warm-up), gateway and baseline runs interleaved. Median (min–max). CPU: the server "
        "process's user+system time over the run's wall time (1.0 = one core busy; the "
        "PostgreSQL server's own processes are not included). RSS: the server's peak (VmHWM). "
        "Ratio: baseline req/s ÷ gateway req/s (how many times the gateway's cost).",
        "",
        "![latency and throughput per scenario](benchmarks.png)",
        "",
    ]
    for target in results["targets"].values():
        if "http" not in target:
            continue
        lines += [
            f"### {target['label']}",
            "",
            "| scenario | side | req/s | p50 ms | p95 ms | p99 ms | CPU | peak RSS MB | ratio |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for key, s in target["http"]["scenarios"].items():
            for side in ("gateway", "baseline"):
                x = s[side]
                ratio = _mmm(s["ratio"], digits=2) if side == "gateway" else ""
                errors = f" ({x['errors']} errors)" if x["errors"] else ""
                lines.append(
                    f"| {TITLES[key] if side == 'gateway' else ''} | {side}{errors} | "
                    f"{_mmm(x['rps'])} | {_mmm(x['p50_us'], 1e-3, 1)} | "
                    f"{_mmm(x['p95_us'], 1e-3, 1)} | {_mmm(x['p99_us'], 1e-3, 1)} | "
                    f"{x['server_cpu']['median']:.2f} | {x['server_peak_rss_mb']:.0f} | {ratio} |"
                )
        lines.append("")
    return lines


def authz_section(results: dict[str, Any]) -> list[str]:
    lines = [
        "## Authorisation overhead (issue 3, point 5)",
        "",
        "In-process, with enforcement (the role's field-policy validation rule, the row scope in "
        "SQL, the row guard, the rollen filter) vs without (`bench/noauthz.py`: a `Runtime` "
        "subclass whose views have no field-policy rule and whose scope is `Scope.alles()`; the "
        "gateway has no such switch). Without a row scope the burger's query names its own BSN "
        "(`filter: {bsn: ...}`), or it would list everyone's zaken; without the document rules it "
        "also returns the burger's non-public documents, so the unenforced answer is larger "
        "(bytes below). Coroutine frames: coroutine frames entered (first entry and every "
        "resumption) during one operation, counted with `sys.setprofile`. Overhead: median of "
        "the per-round ratios (with ÷ without − 1), on wall time and on this process's CPU time "
        "(the steadier figure while other load shares the machine).",
        "",
        "| target | scenario | with µs | without µs | overhead (wall) | overhead (CPU) | "
        "coroutine frames with / without | bytes with / without |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for target in results["targets"].values():
        for key, a in target["in_process"]["authz"].items():
            lines.append(
                f"| {target['label']} | {TITLES[key]} | {_mmm(a['with_us'])} | "
                f"{_mmm(a['without_us'])} | {a['overhead']['median'] * 100:+.0f}% "
                f"({a['overhead']['min'] * 100:+.0f}…{a['overhead']['max'] * 100:+.0f}%) | "
                f"{a['cpu_overhead']['median'] * 100:+.0f}% "
                f"({a['cpu_overhead']['min'] * 100:+.0f}…{a['cpu_overhead']['max'] * 100:+.0f}%) | "
                f"{a['coroutine_frames']['with']} / {a['coroutine_frames']['without']} | "
                f"{_f(a['response_bytes']['with'])} / {_f(a['response_bytes']['without'])} |"
            )
    lines += ["", *_coroutine_note(results), ""]
    return lines


def _coroutine_note(results: dict[str, Any]) -> list[str]:
    lines = [
        "Field checks add no per-field async work. Coroutine frames entered per operation, by "
        "origin (gateway code / graphql-core and strawberry / database layer: SQLAlchemy, "
        "driver, asyncio), with enforcement:",
        "",
        "| target | 20 zaken | 100 zaken |",
        "|---|---|---|",
    ]
    for target in results["targets"].values():
        a = target["in_process"]["authz"]
        if "burger_mijn_zaken_20" in a and "burger_mijn_zaken_100" in a:
            o20 = a["burger_mijn_zaken_20"]["coroutine_origins"]["with"]
            o100 = a["burger_mijn_zaken_100"]["coroutine_origins"]["with"]
            lines.append(
                f"| {target['label']} | {o20['gateway']} / {o20['graphql']} / {o20['database']} "
                f"| {o100['gateway']} / {o100['graphql']} / {o100['database']} |"
            )
    lines += [
        "",
        "Five times the zaken (and fields) leave the gateway's and graphql-core's coroutines "
        "(nearly) where they were; what grows is the database layer fetching more rows. The field "
        "policy is a validation rule, run once per (query, role) and then cached; the row guard "
        "is synchronous and works on whole batches; field resolvers are synchronous reads of "
        "prefetched data; the unenforced runtime enters about as many.",
    ]
    return lines


def decomposition_section(results: dict[str, Any]) -> list[str]:
    lines = [
        "Where the gateway's CPU goes (in-process, one variable set, CPU time of the process "
        "with all its threads): the registry calls of one operation replayed on their own "
        "(SQLAlchemy statement building and compilation, the driver, rows into domain objects); "
        "writing the operation's audit records (the background writer's batched INSERTs: the "
        "same operations timed with the write left out); the rest (GraphQL execution, prefetch "
        "walk, row guard, making the audit records); and the whole baseline for the same answer.",
        "",
        "| target | scenario | operation CPU µs | registry calls | their CPU µs | audit write µs "
        "| rest µs | baseline CPU µs |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for target in results["targets"].values():
        for key, s in target["in_process"]["scenarios"].items():
            d = s.get("decomposition")
            if d is None:
                continue
            audit = d.get("audit_write_cpu_us", 0.0)
            rest = d["operation_cpu_us"] - d["registry_cpu_us"] - audit
            lines.append(
                f"| {target['label']} | {TITLES[key]} | {_f(d['operation_cpu_us'])} | "
                f"{d['registry_calls']} | {_f(d['registry_cpu_us'])} | {_f(audit)} | "
                f"{_f(rest)} | {_f(s['baseline_us']['cpu_median'])} |"
            )
    return [*lines, ""]


def setup_section(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    lines = [
        "## Machine and set-up",
        "",
        f"- {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Linux {m['kernel']}; Python "
        f"{m['python']}; PostgreSQL {m['postgresql']}; SQLite {m['sqlite']}; {m['wrk']}.",
        f"- strawberry {m['strawberry']}, graphql-core {m['graphql_core']}, SQLAlchemy "
        f"{m['sqlalchemy']}, uvicorn {m['uvicorn']} (uvloop {m['uvloop']}, httptools "
        f"{m['httptools']}), orjson {m['orjson']}.",
        "- Gateway: `zgw-gateway serve --workers 1` (**one worker**), production settings "
        "(`ZGW_GATEWAY_GRAPHIQL=false`, `ZGW_GATEWAY_LOG_LEVEL=WARNING`, audit log on), pinned "
        "with `taskset -c 0`. Baseline app: `uvicorn --factory bench.baseline_app:create_app "
        "--workers 1 --log-level warning`, also on core 0. Load generator: `taskset -c 1 wrk -t1` "
        "with `bench/wrk.lua` (POST bodies cycled, Authorization header). PostgreSQL's processes "
        "are not pinned. In-process figures run in the runner process (not pinned).",
    ]
    gen = results.get("generator")
    if gen:
        lines.append(
            f"- Why wrk: against a trivial endpoint ({gen['endpoint']}, {gen['connections']} "
            f"connections) wrk drives {_f(gen['wrk_rps'])} req/s, where an async httpx generator "
            f"on the same core tops out at {_f(gen['httpx_rps'])} req/s — the Python generator "
            "would saturate before the server in the faster scenarios."
        )
    for key, t in results["targets"].items():
        d = {**seeding_record(key), **t["data"]}
        if not d["reused"]:
            how = f"seeded in {d['seed_seconds']} s (`zgw-gateway seed --zaken N`, then ANALYZE)"
        elif d.get("seeded_seconds"):
            how = (
                f"reused; seeding it took {d['seeded_seconds']} s on {d['seeded_on']} "
                "(`zgw-gateway seed --zaken N`, then ANALYZE)"
            )
        else:
            how = "reused (already seeded)"
        lines.append(f"- Data {t['label']}: {how}.")
        load = t.get("foreign_load")
        if load:
            top = ", ".join(
                f"{k[4:]} {v:.2f}" for k, v in load.items() if k.startswith("top:") and v >= 0.05
            )
            lines.append(
                f"  Other processes on the machine while measuring it: {load['cores']:.2f} cores "
                f"on average{f' ({top})' if top else ''}; PostgreSQL (all its clients, the "
                f"benchmark's included): {load.get('postgres_cores', 0.0):.2f} cores."
            )
    plan = results["plan"]
    lines += [
        "- Commands (what the runner starts; `make bench` = `python -m bench.run`):",
        "",
        "  ```",
        "  ZGW_GATEWAY_DATABASE_URL=<target> zgw-gateway seed --zaken 10000  # or 100000;"
        " then ANALYZE",
        "  ZGW_GATEWAY_DATABASE_URL=<target> ZGW_GATEWAY_GRAPHIQL=false \\",
        "    ZGW_GATEWAY_LOG_LEVEL=WARNING ZGW_GATEWAY_PORT=8700 ZGW_GATEWAY_DEV_SECRET=<s> \\",
        "    taskset -c 0 zgw-gateway serve --workers 1",
        "  BENCH_DATABASE_URL=<target> taskset -c 0 \\",
        "    uvicorn --factory bench.baseline_app:create_app --port 8701 --workers 1 \\",
        "    --log-level warning",
        f"  taskset -c 1 wrk -t1 -c{plan['connections']} -d{plan['http_seconds']}s --timeout 10s "
        "-s bench/wrk.lua http://127.0.0.1:8700/graphql -- <bodies.jsonl> <token>",
        "  ```",
        "",
        "- Scenarios (operations in `bench/scenarios.py`, baselines in `bench/baseline.py`): "
        'burger "mijn zaken" (`zaken(first: 100)` with statussen, zaaktype, documenten; '
        "the burgers with 20 and 100 zaken); KCC search by BSN (`zaken(filter: {bsn})`, "
        "totalCount, current status, rollen, klantcontacten; 50 BSNs in turn); behandelaar zaak "
        "detail (`zaak(identificatie)` with zaaktype and its statustypen, status, statussen, "
        "resultaat, rollen with betrokkeneIdentificatie, eigenschappen, documenten, "
        "klantcontacten; 50 zaken spread over the data, in turn); behandelaar list of 100 open "
        "zaken (status, zaaktype, rollen).",
        "",
    ]
    return lines


def report(results: dict[str, Any], chart_name: str, profile_name: str) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `{results['command']}` on {results['started']} in "
        f"{results['seconds']:.0f} s. Raw figures: `{chart_name.replace('.png', '.json')}`. "
        "Do not edit by hand: `make bench` rewrites this file.",
        "",
        *targets_section(results),
        *setup_section(results),
        *in_process_section(results),
        *http_section(results),
        *authz_section(results),
        *writes_section(results),
        "## Profile and fixes",
        "",
        f"`{profile_name}`: pyinstrument over {results['profile']['scenario']} "
        f"({results['profile']['target']}), in-process."
        if results["profile"]
        else "(no profile in this run)",
        "",
        *decomposition_section(results),
        (HERE / "fixes.md").read_text().strip(),
        "",
        "## Subscriber fan-out",
        "",
    ]
    fan = results.get("fanout")
    if fan is None:
        lines.append("Fan-out: see `bench/fanout.py` (not present in this run).")
    else:
        lines.append(fan.get("_markdown", "Fan-out: see `bench/fanout.py` and the raw JSON."))
    lines += [
        "",
        "## Reproduce",
        "",
        "```",
        "make bench         # all four targets, ~25 min; writes docs/benchmarks.{md,json,png}",
        "make bench-quick   # SQLite 10k, short runs, < 1 min; writes bench/results/quick.*",
        "python -m bench.run --only postgresql-100k        # one target",
        "python -m bench.profiling behandelaar_zaak_detail postgresql+asyncpg://postgres@127.0.0.1:5432/zgw_bench_100k",
        "python -m bench.http_scenario postgresql:100000 behandelaar_zaak_detail  # over HTTP",
        "python -m bench.cpu_vergelijking sqlite+aiosqlite:///.bench-data/zaken-10k.db 100",
        "```",
        "",
    ]
    if results["log"]:
        lines += ["Notes from this run:", "", *[f"- {x}" for x in results["log"]], ""]
    return "\n".join(lines)


def main() -> None:
    """Rewrite a report from its raw results: `python -m bench.report docs/benchmarks.json`."""
    from bench.chart import chart

    path = Path(sys.argv[1])
    results = json.loads(path.read_text())
    stem = path.stem
    chart(results, path.with_suffix(".png"))
    path.with_suffix(".md").write_text(report(results, f"{stem}.png", f"{stem}-profile.txt"))


if __name__ == "__main__":
    main()
