"""In-process measurements: the gateway executing an operation (no HTTP) against the baseline,
in the same process and the same run, interleaved round by round; SQL statements per operation."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Engine, event

from bench.baseline import Baseline
from bench.scenarios import Role, Scenario
from gateway.authz.principal import Principal
from gateway.authz.principal import Role as GatewayRole
from gateway.authz.tokens import dev_issuer, dev_token
from gateway.runtime import Runtime
from gateway.settings import Settings

BASE_URL = "http://127.0.0.1:8000"
DEV_SECRET = "zgw-gateway-bench-secret-not-for-production"  # noqa: S105 - a bench-only dev secret

Call = Callable[[dict[str, Any]], Awaitable[bytes]]


def settings_for(database_url: str) -> Settings:
    return Settings.from_env(
        {},
        database_url=database_url,
        base_url=BASE_URL,
        dev_secret=DEV_SECRET,
        graphiql=False,
        log_level="WARNING",
    )


def token_for(who: Role, settings: Settings) -> str:
    issuer = dev_issuer(settings.dev_secret, settings.token_issuer, settings.token_audience)
    return dev_token(
        issuer, role=GatewayRole(who.role), subject=who.subject, bsn=who.bsn, ttl_seconds=86_400
    )


async def principal_for(runtime: Runtime, who: Role) -> Principal:
    request = await runtime.authenticate("Bearer " + token_for(who, runtime.settings))
    assert request.auth_error is None, request.auth_error
    return request.principal


def gateway_call(runtime: Runtime, scenario: Scenario, principal: Principal) -> Call:
    async def call(variables: dict[str, Any]) -> bytes:
        # as the HTTP server runs it: the data is encoded by orjson, JSON the database built
        # stays text (`RequestContext.json_tekst`)
        result = await runtime.execute(
            scenario.query, variables, principal=principal, json_tekst=True
        )
        if result.errors:
            raise RuntimeError(f"{scenario.key}: {result.errors}")
        return orjson.dumps({"data": result.data})

    return call


def baseline_call(baseline: Baseline, scenario: Scenario) -> Call:
    assert scenario.baseline is not None
    fn = getattr(baseline, scenario.baseline)
    who = {"bsn": scenario.who.bsn}

    async def call(variables: dict[str, Any]) -> bytes:
        result: bytes = await fn(who, variables)
        return result

    return call


@dataclass
class Timing:
    """Microseconds per operation, one figure per round: wall time, and this process's CPU time
    (all its threads: aiosqlite's too; not the PostgreSQL server's)."""

    rounds: list[float]
    cpu_rounds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.rounds)

    def summary(self) -> dict[str, float]:
        return {
            "median": self.median,
            "min": min(self.rounds),
            "max": max(self.rounds),
            "cpu_median": statistics.median(self.cpu_rounds),
        }


async def _block(call: Call, variable_sets: list[dict[str, Any]], ops: int) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    n = len(variable_sets)
    for i in range(ops):
        await call(variable_sets[i % n])
    wall = (time.perf_counter() - started) / ops * 1e6
    return wall, (time.process_time() - cpu) / ops * 1e6


async def compare(
    calls: dict[str, Call],
    variable_sets: list[dict[str, Any]],
    *,
    rounds: int,
    seconds_per_block: float,
    after_block: Callable[[], Awaitable[None]] | None = None,
) -> dict[str, Timing]:
    """Time each call in turn, `rounds` times (interleaved, so drift hits all alike)."""
    ops: dict[str, int] = {}
    for name, call in calls.items():  # warm up, and size the blocks to ~seconds_per_block
        per_op, _ = await _block(call, variable_sets, max(3, len(variable_sets)))
        ops[name] = max(5, int(seconds_per_block * 1e6 / per_op))
        if after_block is not None:
            # also here: the SQLite baseline of the write scenario waits for the write lock on
            # the event loop's thread, so a gateway audit write still in progress (between its
            # INSERT and its COMMIT, which need the loop) would hold the lock it waits for
            await after_block()
    out: dict[str, Timing] = {name: Timing([], []) for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            gc.collect()
            wall, cpu = await _block(call, variable_sets, ops[name])
            out[name].rounds.append(wall)
            out[name].cpu_rounds.append(cpu)
            if after_block is not None:
                await after_block()
    return out


IGNORED = ("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SELECT PG_", "SELECT 1")


@contextmanager
def count_statements(engines: list[Engine]) -> Iterator[list[str]]:
    """The SQL statements `engine` runs (not transaction control, not the audit log's batched
    INSERT, which a background writer shares between operations)."""
    seen: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        text = statement.lstrip().upper()
        if text.startswith(IGNORED) or text.startswith("INSERT INTO AUDIT_LOG"):
            return
        seen.append(statement)

    for engine in engines:
        event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", before)


async def statements_per_operation(runtime: Runtime, call: Call, variables: dict[str, Any]) -> int:
    await call(variables)  # warm: the catalogus snapshot is loaded once per TTL, not per operation
    with count_statements(runtime.store.sync_engines()) as seen:
        await call(variables)
    return len(seen)


def same_json(gateway: bytes, baseline: bytes) -> bool:
    return gateway == baseline or orjson.loads(gateway) == orjson.loads(baseline)
