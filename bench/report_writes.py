"""The report's section on the write scenario (`bench.write`)."""

from __future__ import annotations

from typing import Any


def _f(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def _mmm(s: dict[str, float], scale: float = 1.0, digits: int = 0) -> str:
    return (
        f"{_f(s['median'] * scale, digits)} ({_f(s['min'] * scale, digits)}–"
        f"{_f(s['max'] * scale, digits)})"
    )


INTRO = """\
A burger (dev token, BSN `900000028` of the synthetic data) submits an aanvraag for the extern
zaaktype `PARKEERVERGUNNING` with one 16 KB attachment: `dienAanvraagIn(aanvraag: ...)` as a
GraphQL multipart request (operations, map, one file part). Every request carries its own
idempotency key — in-process a new UUID per call; over HTTP `bench/wrk.lua` fills the key into
one pre-built body per request (`<run prefix>-<thread>-<counter>`, the prefix fresh per wrk run),
so no request is answered as a replay, however long the run. An answer with `errors`, a non-2xx
status or `"hergebruikt":true` counts as an error (in-process it stops the run); "zaken made"
counts the new zaken in the database, which must be at least the requests answered (wrk does not
count the requests still in flight when it stops).

Each operation writes a zaak with a new zaaknummer, the initiator rol, the summary PDF and the
attachment (two documents with their content, two zaakinformatieobjecten), the zaakeigenschap
`kenteken`, the first status, the idempotency record and one outbox row per object (8). The
baseline does the same inserts in one transaction with plain SQL (sqlite3 / asyncpg; the same
PDF; catalogus read once at start-up; on PostgreSQL the same advisory lock and NOTIFY), behind a
bare starlette endpoint over HTTP. The write runs last for each target, on a copy of its database
made after the reads and dropped afterwards, so the read figures (of this run and the next) see
exactly the synthetic zaken. SQLite has one writer: the write rate is capped by it whatever the
gateway does."""


def writes_section(results: dict[str, Any]) -> list[str]:
    lines = ["## Writes: `dienAanvraagIn` with one attachment", "", INTRO, ""]
    for target in results["targets"].values():
        w = target.get("write")
        if w is None:
            continue
        p = w["in_process"]
        lines += [
            f"### {target['label']}",
            "",
            "| in-process | gateway µs | baseline µs | ratio | CPU ratio | statements | "
            "zaken made |",
            "|---|---|---|---|---|---|---|",
            f"| dienAanvraagIn | {_mmm(p['gateway_us'])} | {_mmm(p['baseline_us'])} | "
            f"{_mmm(p['ratio'], digits=2)} | {p['cpu_ratio']:.2f} | "
            f"{p['statements']} / {p['baseline_statements']} | {_f(p['zaken_made'])} |",
            "",
        ]
        h = w.get("http")
        if h is None:
            continue
        lines += [
            "| over HTTP | req/s | p50 ms | p95 ms | p99 ms | CPU | peak RSS MB | errors | "
            "requests / zaken made | ratio |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for side in ("gateway", "baseline"):
            x = h[side]
            ratio = _mmm(h["ratio"], digits=2) if side == "gateway" else ""
            lines.append(
                f"| {side} | {_mmm(x['rps'])} | {_mmm(x['p50_us'], 1e-3, 1)} | "
                f"{_mmm(x['p95_us'], 1e-3, 1)} | {_mmm(x['p99_us'], 1e-3, 1)} | "
                f"{x['server_cpu']['median']:.2f} | {x['server_peak_rss_mb']:.0f} | "
                f"{x['errors']} | {_f(x['requests'])} / {_f(x['zaken_made'])} | {ratio} |"
            )
        lines.append("")
    return lines
