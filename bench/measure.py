"""The measurements for one target (backend and size): in-process, authorisation overhead, and
over HTTP."""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from bench import http
from bench.baseline import Baseline, draw_variables
from bench.baseline_db import open_db
from bench.data import Target, clear_audit_log
from bench.decompose import decompose, install
from bench.inprocess import (
    BASE_URL,
    DEV_SECRET,
    baseline_call,
    compare,
    gateway_call,
    principal_for,
    same_json,
    settings_for,
    statements_per_operation,
    token_for,
)
from bench.noauthz import UnenforcedRuntime, counting_coroutines, unscoped
from bench.scenarios import READS, WERKVOORRAAD_10, WRITES, Scenario
from gateway.runtime import Runtime


@dataclass(frozen=True)
class Plan:
    rounds: int  # in-process rounds (interleaved gateway / baseline)
    block_seconds: float  # in-process seconds per block
    http_runs: int
    http_seconds: float
    http_warmup: float
    connections: int
    variable_sets: int
    decompose_repeat: int


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


async def variable_sets(db: Any, scenario: Scenario, count: int) -> list[dict[str, Any]]:
    if scenario.draw is not None:
        return await draw_variables(db, scenario.draw, count)
    return list(scenario.variables)


def has_mutation(runtime: Runtime, field: str) -> bool:
    mutation = runtime.schema._schema.mutation_type
    return mutation is not None and field in mutation.fields


async def in_process(target: Target, plan: Plan) -> dict[str, Any]:
    """Gateway vs baseline per read scenario, statements per operation, and the authorisation
    overhead (with vs without enforcement), all in this process."""
    runtime = Runtime(settings_for(target.url))
    bare = UnenforcedRuntime(settings_for(target.url))
    probe = Runtime(settings_for(target.url))
    recorders, calls = install(probe)
    db = await open_db(target.url)
    baseline = Baseline(db, BASE_URL)
    out: dict[str, Any] = {"scenarios": {}, "authz": {}, "writes": {}}
    try:
        for scenario in (*READS, WERKVOORRAAD_10):
            sets = await variable_sets(db, scenario, plan.variable_sets)
            principal = await principal_for(runtime, scenario.who)
            g = gateway_call(runtime, scenario, principal)
            b = baseline_call(baseline, scenario)
            for v in sets:  # the same JSON, once per variable set
                gj, bj = await g(v), await b(v)
                if not same_json(gj, bj):
                    raise AssertionError(f"{scenario.key}: gateway and baseline differ for {v}")
            entry: dict[str, Any] = {
                "variable_sets": len(sets),
                "response_bytes": len(await g(sets[0])),
                "byte_identical": await g(sets[0]) == await b(sets[0]),
                "statements": await statements_per_operation(runtime, g, sets[0]),
                "baseline_statements": await _baseline_statements(baseline, b, sets[0]),
            }
            if scenario is not WERKVOORRAAD_10:
                timing = await compare(
                    {"gateway": g, "baseline": b},
                    sets,
                    rounds=plan.rounds,
                    seconds_per_block=plan.block_seconds,
                    after_block=runtime.audit.flush,
                )
                ratios = [
                    gt / bt
                    for gt, bt in zip(
                        timing["gateway"].rounds, timing["baseline"].rounds, strict=True
                    )
                ]
                entry.update(
                    gateway_us=timing["gateway"].summary(),
                    baseline_us=timing["baseline"].summary(),
                    ratio=summary(ratios),
                    cpu_ratio=timing["gateway"].summary()["cpu_median"]
                    / timing["baseline"].summary()["cpu_median"],
                )
                probe_call = gateway_call(probe, scenario, principal)
                entry["decomposition"] = await decompose(
                    probe, recorders, calls, probe_call, sets[0], plan.decompose_repeat
                )
            out["scenarios"][scenario.key] = entry
            if "authz" in scenario.tags:
                out["authz"][scenario.key] = await _authz(
                    runtime, bare, scenario, principal, sets, plan
                )
        for scenario in WRITES:  # measured by bench.write, on a copy of the database
            assert scenario.needs_field is not None
            out["writes"][scenario.key] = {"available": has_mutation(runtime, scenario.needs_field)}
    finally:
        await runtime.close()
        await bare.close()
        await probe.close()
        await db.close()
    return out


async def _baseline_statements(baseline: Baseline, call: Any, variables: dict[str, Any]) -> int:
    counted = 0
    fetch = baseline.db.fetch

    async def counting(sql: str, *args: Any) -> Any:
        nonlocal counted
        counted += 1
        return await fetch(sql, *args)

    baseline.db.fetch = counting  # type: ignore[method-assign]
    try:
        await call(variables)
    finally:
        baseline.db.fetch = fetch  # type: ignore[method-assign]
    return counted


async def _authz(
    runtime: Runtime,
    bare: UnenforcedRuntime,
    scenario: Scenario,
    principal: Any,
    sets: list[dict[str, Any]],
    plan: Plan,
) -> dict[str, Any]:
    query, takes_bsn = unscoped(scenario.query, scenario.who.role)
    bare_sets = [{**v, "bsn": scenario.who.bsn} if takes_bsn else v for v in sets]
    with_ = gateway_call(runtime, scenario, principal)

    async def without(variables: dict[str, Any]) -> bytes:
        result = await bare.execute(query, variables, principal=principal)
        if result.errors:
            raise RuntimeError(f"{scenario.key} (unenforced): {result.errors}")
        return orjson.dumps({"data": result.data})

    index = {id(v): i for i, v in enumerate(sets)}

    async def without_same(variables: dict[str, Any]) -> bytes:
        return await without(bare_sets[index[id(variables)]])

    timing = await compare(
        {"with": with_, "without": without_same},
        sets,
        rounds=plan.rounds,
        seconds_per_block=plan.block_seconds,
        after_block=runtime.audit.flush,
    )
    coroutines: dict[str, int] = {}
    origins: dict[str, dict[str, int]] = {}
    for name, call in (("with", with_), ("without", without_same)):
        await call(sets[0])
        with counting_coroutines() as counter:
            await call(sets[0])
        coroutines[name] = counter.entered
        origins[name] = counter.by_origin()
    overheads = [
        w / wo - 1 for w, wo in zip(timing["with"].rounds, timing["without"].rounds, strict=True)
    ]
    cpu_overheads = [
        w / wo - 1
        for w, wo in zip(timing["with"].cpu_rounds, timing["without"].cpu_rounds, strict=True)
    ]
    return {
        "with_us": timing["with"].summary(),
        "without_us": timing["without"].summary(),
        "overhead": summary(overheads),
        "cpu_overhead": summary(cpu_overheads),
        "coroutine_frames": coroutines,
        "coroutine_origins": origins,
        "response_bytes": {
            "with": len(await with_(sets[0])),
            "without": len(await without_same(sets[0])),
        },
    }


def over_http(
    target: Target,
    plan: Plan,
    gateway_port: int,
    baseline_port: int,
    keys: Sequence[str] | None = None,
) -> dict[str, Any]:
    """wrk against the gateway and the baseline app, interleaved run by run (every read
    scenario, or those named in `keys`)."""
    clear_audit_log(target)
    settings = settings_for(target.url)
    gateway = http.start_gateway(
        target.url,
        gateway_port,
        {"ZGW_GATEWAY_BASE_URL": BASE_URL, "ZGW_GATEWAY_DEV_SECRET": DEV_SECRET},
    )
    bench_env = {
        "BENCH_BASE_URL": BASE_URL,
        "BENCH_DEV_SECRET": DEV_SECRET,
        "BENCH_TOKEN_ISSUER": settings.token_issuer,
        "BENCH_TOKEN_AUDIENCE": settings.token_audience,
    }
    baseline = http.start_baseline(target.url, baseline_port, bench_env)
    out: dict[str, Any] = {"scenarios": {}, "connections": plan.connections}
    try:
        prepared = asyncio.run(_http_requests(target, plan, keys))
        for key, (bodies, token, name) in prepared.items():  # same JSON over HTTP too
            for body in bodies[:3]:
                g = http.post(gateway.url + "/graphql", body, token)
                b = http.post(f"{baseline.url}/{name}", body, token)
                if not same_json(g, b):
                    raise AssertionError(f"{key}: gateway and baseline differ over HTTP")
            for server, url in ((gateway, "/graphql"), (baseline, f"/{name}")):
                if not plan.http_warmup:
                    break
                http.wrk(
                    server.url + url,
                    bodies,
                    token,
                    seconds=plan.http_warmup,
                    connections=plan.connections,
                )
        runs: dict[str, dict[str, list[dict[str, Any]]]] = {
            key: {"gateway": [], "baseline": []} for key in prepared
        }
        for _ in range(plan.http_runs):
            for key, (bodies, token, name) in prepared.items():
                for side, server, url in (
                    ("gateway", gateway, "/graphql"),
                    ("baseline", baseline, f"/{name}"),
                ):
                    runs[key][side].append(
                        http.wrk(
                            server.url + url,
                            bodies,
                            token,
                            seconds=plan.http_seconds,
                            connections=plan.connections,
                            server=server,
                        )
                    )
        for key, sides in runs.items():
            entry: dict[str, Any] = {}
            for side, results in sides.items():
                entry[side] = {
                    metric: summary([r[metric] for r in results])
                    for metric in ("rps", "p50_us", "p95_us", "p99_us", "server_cpu")
                }
                entry[side]["server_peak_rss_mb"] = max(r["server_peak_rss_mb"] for r in results)
                entry[side]["errors"] = sum(r["errors"] for r in results)
                entry[side]["runs"] = results
            ratios = [
                b["rps"] / g["rps"]
                for g, b in zip(sides["gateway"], sides["baseline"], strict=True)
            ]
            entry["ratio"] = summary(ratios)  # baseline throughput / gateway throughput
            out["scenarios"][key] = entry
    finally:
        gateway.stop()
        baseline.stop()
    return out


async def _http_requests(
    target: Target, plan: Plan, keys: Sequence[str] | None = None
) -> dict[str, tuple[list[bytes], str, str]]:
    """Per scenario: the request bodies, the token, and the baseline app's route."""
    db = await open_db(target.url)
    settings = settings_for(target.url)
    try:
        out = {}
        for scenario in READS:
            if keys is not None and scenario.key not in keys:
                continue
            assert scenario.baseline is not None
            sets = await variable_sets(db, scenario, plan.variable_sets)
            bodies = [orjson.dumps({"query": scenario.query, "variables": v}) for v in sets]
            out[scenario.key] = (bodies, token_for(scenario.who, settings), scenario.baseline)
        return out
    finally:
        await db.close()
