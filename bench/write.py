"""The write scenario (`dienAanvraagIn` with one attachment) for one target: in-process and over
HTTP, gateway against the hand-written SQL (`bench.baseline_write`).

Runs last for a target and on a copy of its database (`bench.data.schrijf_kopie`), dropped
afterwards: every operation adds a zaak, two documents, ..., and the read figures (of this run and
the next, which reuses the database) must see exactly the synthetic zaken. Every request carries a
fresh idempotency key; an answer that is an error or a replay fails the in-process run and is
counted (and reported) over HTTP; the zaken made are counted against the requests answered.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import uuid
from typing import Any

import httpx
import orjson

from bench import aanvraag as av
from bench import http
from bench.baseline_write import (
    PgSchrijver,
    SqliteSchrijver,
    dien_aanvraag_in,
    lees_catalogus,
    open_schrijver,
    zorg_voor_teller,
)
from bench.baseline_write_rows import Aanvraag
from bench.data import PG_ADMIN, Target, drop_kopie, schrijf_kopie
from bench.inprocess import (
    BASE_URL,
    DEV_SECRET,
    Call,
    compare,
    principal_for,
    settings_for,
    statements_per_operation,
    token_for,
)
from bench.measure import Plan, summary
from bench.scenarios import DIEN_AANVRAAG_IN, WRITES, Scenario
from gateway.authz.principal import Principal
from gateway.runtime import Runtime

SCENARIO: Scenario = WRITES[0]


def gemaakte_zaken(target: Target) -> int:
    """Zaken made by aanvragen (not the synthetic ones) in `target`'s database."""
    sql = "SELECT count(*) FROM zaak WHERE identificatie NOT LIKE 'SYN-%'"
    if target.backend == "sqlite":
        with sqlite3.connect(target.sqlite_path) as conn:
            count = int(conn.execute(sql).fetchone()[0])
        conn.close()
        return count
    out = subprocess.run(
        [*PG_ADMIN, "-d", target.pg_name, "-c", sql], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip())


def gateway_call(runtime: Runtime, principal: Principal) -> Call:
    """`Runtime.execute` with the upload in the variables, a fresh key every time."""

    async def call(_: dict[str, Any]) -> bytes:
        variables = av.variables(av.nieuwe_sleutel(), av.upload())
        result = await runtime.execute(DIEN_AANVRAAG_IN, variables, principal=principal)
        errors = [str(e) for e in result.errors or ()]
        av.check({"data": result.data, "errors": errors})
        return orjson.dumps({"data": result.data})

    return call


def baseline_call(db: SqliteSchrijver | PgSchrijver, catalogus: Any, counted: list[int]) -> Call:
    bsn = SCENARIO.who.bsn
    assert bsn is not None

    async def call(_: dict[str, Any]) -> bytes:
        aanvraag = Aanvraag(
            bsn=bsn,
            sleutel=av.nieuwe_sleutel(),
            gegevens=av.GEGEVENS,
            omschrijving="Parkeervergunning, zone B",
            kanaal="webformulier",
            bijlage_naam=av.BIJLAGE_NAAM,
            bijlage_type=av.BIJLAGE_TYPE,
            bijlage=av.BIJLAGE,
        )
        data, statements = await dien_aanvraag_in(db, catalogus, BASE_URL, aanvraag)
        counted.append(statements)
        return data

    return call


async def in_process(kopie: Target, plan: Plan) -> dict[str, Any]:
    runtime = Runtime(settings_for(kopie.url))
    db = await open_schrijver(kopie.url)
    try:
        await zorg_voor_teller(db)
        catalogus = await lees_catalogus(db, av.ZAAKTYPE)
        principal = await principal_for(runtime, SCENARIO.who)
        counted: list[int] = []
        g, b = gateway_call(runtime, principal), baseline_call(db, catalogus, counted)
        gj, bj = orjson.loads(await g({})), orjson.loads(await b({}))
        same_shape = gj["data"]["dienAanvraagIn"].keys() == bj["data"]["dienAanvraagIn"].keys()
        if not same_shape:
            raise AssertionError(f"{SCENARIO.key}: gateway and baseline answer differently")
        before = gemaakte_zaken(kopie)
        timing = await compare(
            {"gateway": g, "baseline": b},
            [{}],
            rounds=plan.rounds,
            seconds_per_block=plan.block_seconds,
            after_block=runtime.audit.flush,
        )
        ratios = [
            gt / bt
            for gt, bt in zip(timing["gateway"].rounds, timing["baseline"].rounds, strict=True)
        ]
        return {
            "gateway_us": timing["gateway"].summary(),
            "baseline_us": timing["baseline"].summary(),
            "ratio": summary(ratios),
            "cpu_ratio": timing["gateway"].summary()["cpu_median"]
            / timing["baseline"].summary()["cpu_median"],
            "statements": await statements_per_operation(runtime, g, {}),
            "baseline_statements": counted[-1],
            "response_bytes": len(await g({})),
            "zaken_made": gemaakte_zaken(kopie) - before,
        }
    finally:
        await runtime.close()
        await db.close()


def over_http(kopie: Target, plan: Plan, gateway_port: int, baseline_port: int) -> dict[str, Any]:
    """wrk against the gateway and the baseline app on the copy: the multipart template with a
    fresh key per request (bench/wrk.lua), runs interleaved as for the reads."""
    settings = settings_for(kopie.url)
    gateway = http.start_gateway(
        kopie.url,
        gateway_port,
        {"ZGW_GATEWAY_BASE_URL": BASE_URL, "ZGW_GATEWAY_DEV_SECRET": DEV_SECRET},
    )
    baseline = http.start_baseline(
        kopie.url,
        baseline_port,
        {
            "BENCH_BASE_URL": BASE_URL,
            "BENCH_DEV_SECRET": DEV_SECRET,
            "BENCH_TOKEN_ISSUER": settings.token_issuer,
            "BENCH_TOKEN_AUDIENCE": settings.token_audience,
        },
    )
    token = token_for(SCENARIO.who, settings)
    grens = av.boundary()
    template = (av.template(grens), av.content_type(grens))
    sides = (("gateway", gateway, "/graphql"), ("baseline", baseline, "/dien_aanvraag_in"))
    runs: dict[str, list[dict[str, Any]]] = {"gateway": [], "baseline": []}
    try:
        for _, server, path in sides:  # one checked request each: a new zaak, no errors
            response = httpx.post(
                server.url + path,
                content=av.sleutel_van(template[0], f"check-{uuid.uuid4().hex}"),
                headers={"Content-Type": template[1], "Authorization": f"Bearer {token}"},
                timeout=30,
            )
            response.raise_for_status()
            av.check(response.json())
            if plan.http_warmup:
                http.wrk(
                    server.url + path,
                    [],
                    token,
                    seconds=plan.http_warmup,
                    connections=plan.connections,
                    template=template,
                )
        for _ in range(plan.http_runs):
            for side, server, path in sides:
                before = gemaakte_zaken(kopie)
                figures = http.wrk(
                    server.url + path,
                    [],
                    token,
                    seconds=plan.http_seconds,
                    connections=plan.connections,
                    server=server,
                    template=template,
                )
                figures["zaken_made"] = gemaakte_zaken(kopie) - before
                runs[side].append(figures)
    finally:
        gateway.stop()
        baseline.stop()
    entry: dict[str, Any] = {}
    for side, results in runs.items():
        entry[side] = {
            metric: summary([r[metric] for r in results])
            for metric in ("rps", "p50_us", "p95_us", "p99_us", "server_cpu")
        }
        entry[side]["server_peak_rss_mb"] = max(r["server_peak_rss_mb"] for r in results)
        entry[side]["errors"] = sum(r["errors"] for r in results)
        entry[side]["requests"] = sum(r["requests"] for r in results)
        entry[side]["zaken_made"] = sum(r["zaken_made"] for r in results)
        entry[side]["runs"] = results
    ratios = [b["rps"] / g["rps"] for g, b in zip(runs["gateway"], runs["baseline"], strict=True)]
    entry["ratio"] = summary(ratios)
    return entry


def measure(
    target: Target, plan: Plan, gateway_port: int, baseline_port: int, *, with_http: bool
) -> dict[str, Any]:
    """The write scenario for `target`, on a fresh copy of its database, dropped afterwards."""
    kopie = schrijf_kopie(target)
    try:
        out: dict[str, Any] = {
            "scenario": SCENARIO.key,
            "database": "copy of the target's database, made after the reads, then dropped",
            "in_process": asyncio.run(in_process(kopie, plan)),
        }
        if with_http:
            out["http"] = over_http(kopie, plan, gateway_port, baseline_port)
        return out
    finally:
        drop_kopie(kopie)
