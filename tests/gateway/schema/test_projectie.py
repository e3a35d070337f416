"""The generated projections step aside for anything a resolver returns that still has to be
awaited, and for nothing else."""

from __future__ import annotations

import asyncio
import types
from collections.abc import Generator
from typing import Any

import pytest

from gateway.schema.projectie import _aside_if_awaitable
from registries.models import Vertrouwelijkheid


class _Aside(Exception):
    pass


async def _coroutine() -> int:
    return 1


@types.coroutine
def _generator_coroutine() -> Generator[None, None, int]:
    yield
    return 1


class _Awaitable:
    def __await__(self) -> Generator[Any, None, int]:
        return _coroutine().__await__()


async def test_awaitables_step_aside() -> None:
    coroutine = _coroutine()
    with pytest.raises(_Aside):
        _aside_if_awaitable(coroutine, _Aside)
    assert coroutine.cr_frame is None  # closed: no "never awaited" warning
    future = asyncio.get_running_loop().create_future()
    with pytest.raises(_Aside):
        _aside_if_awaitable(future, _Aside)
    with pytest.raises(_Aside):
        _aside_if_awaitable(_Awaitable(), _Aside)
    generator = _generator_coroutine()
    with pytest.raises(_Aside):
        _aside_if_awaitable(generator, _Aside)
    generator.close()


@pytest.mark.parametrize(
    "value", [[], [1], "tekst", 0, {"a": 1}, Vertrouwelijkheid.OPENBAAR, (x for x in ())]
)
def test_values_do_not(value: Any) -> None:
    _aside_if_awaitable(value, _Aside)
