"""Run upstream calls concurrently, and stop them all when one fails.

`asyncio.gather` lets the other calls run on when one raises (holding connection slots, and
their own failures are then never retrieved). `samen` uses a `TaskGroup`: the first failure
cancels the rest, and that failure (a `GatewayError`, typically) is raised as itself, not
wrapped in an exception group.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


async def samen(aanroepen: Iterable[Coroutine[Any, Any, T]]) -> list[T]:
    coros = list(aanroepen)
    if len(coros) == 1:
        return [await coros[0]]
    if not coros:
        return []
    try:
        async with asyncio.TaskGroup() as groep:
            taken = [groep.create_task(c) for c in coros]
    except BaseExceptionGroup as fouten:
        raise eerste_fout(fouten) from None
    return [t.result() for t in taken]


def eerste_fout(groep: BaseExceptionGroup[BaseException]) -> BaseException:
    """The first failure in a (nested) exception group."""
    for fout in groep.exceptions:
        if isinstance(fout, BaseExceptionGroup):
            return eerste_fout(fout)
        return fout
    return groep  # pragma: no cover - a group is never empty
