"""Where an operation's CPU goes: the registry calls it makes (SQLAlchemy, the driver, turning
rows into domain objects), replayed on their own; writing its audit records (the background
writer's INSERTs); and everything else (GraphQL execution, prefetch walk, row guard). CPU time
of this process (all its threads), which is less disturbed by other load than wall time."""

from __future__ import annotations

import inspect
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from gateway.runtime import Runtime

Call = Callable[[dict[str, Any]], Awaitable[bytes]]


class _Recorder:
    def __init__(self, target: Any, log: list[tuple[Any, str, tuple[Any, ...], dict[str, Any]]]):
        self._target = target
        self._log = log
        self.recording = False

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not inspect.iscoroutinefunction(attribute):
            return attribute

        async def recorded(*args: Any, **kwargs: Any) -> Any:
            if self.recording:
                self._log.append((self._target, name, args, kwargs))
            return await attribute(*args, **kwargs)

        return recorded


def install(runtime: Runtime) -> tuple[list[_Recorder], list[Any]]:
    """Route the runtime's registry calls through recorders (per registry)."""
    log: list[Any] = []
    r = runtime.registries
    recorders = [_Recorder(x, log) for x in (r.zaken, r.documenten, r.catalogi, r.klantcontacten)]
    runtime.registries = replace(
        r,
        zaken=recorders[0],
        documenten=recorders[1],
        catalogi=recorders[2],
        klantcontacten=recorders[3],
    )
    return recorders, log


async def decompose(
    runtime: Runtime,
    recorders: list[_Recorder],
    log: list[Any],
    call: Call,
    variables: dict[str, Any],
    repeat: int,
) -> dict[str, float]:
    """CPU µs per operation: the whole operation, and its registry calls replayed alone."""
    await call(variables)
    log.clear()
    for r in recorders:
        r.recording = True
    await call(variables)
    for r in recorders:
        r.recording = False
    calls = list(log)
    started = time.process_time()
    for _ in range(repeat):
        await call(variables)
    whole = (time.process_time() - started) / repeat * 1e6
    await runtime.audit.flush()
    # the same operations without writing their audit records (the records are still made)
    record = runtime.audit.record

    async def no_write(entries: Any) -> None:
        return None

    runtime.audit.record = no_write  # type: ignore[method-assign]
    try:
        started = time.process_time()
        for _ in range(repeat):
            await call(variables)
        unaudited = (time.process_time() - started) / repeat * 1e6
    finally:
        runtime.audit.record = record  # type: ignore[method-assign]
    started = time.process_time()
    for _ in range(repeat):
        for target, name, args, kwargs in calls:
            await getattr(target, name)(*args, **kwargs)
    registry = (time.process_time() - started) / repeat * 1e6
    return {
        "operation_cpu_us": whole,
        "registry_cpu_us": registry,
        "registry_calls": len(calls),
        "audit_write_cpu_us": max(0.0, whole - unaudited),
    }
