"""A per-operation batch loader with synchronous reads of what is already loaded.

Built on strawberry's DataLoader (typed, with a pluggable cache), plus:
- `fetch(keys)`: one batch call for all keys not yet cached (the look-ahead prefetch uses it, so a
  list of N parents costs one backend call, without creating N futures first);
- `peek(key)`: the loaded value, synchronously, for the sync field resolvers; `MISSING` when the
  key was not loaded (the resolver then falls back to `load`, which batches as usual).

A failed batch stores its exception for each of its keys: the fields that need them fail with
that error, the rest of the operation goes on (partial data).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Final, Generic, TypeVar, cast

from strawberry.dataloader import DataLoader, DefaultCache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


class BatchLoader(DataLoader[K, V], Generic[K, V]):
    def __init__(self, load_fn: Callable[[list[K]], Awaitable[Sequence[V]]]) -> None:
        self._cache: DefaultCache[K, V] = DefaultCache()
        super().__init__(load_fn=load_fn, cache_map=self._cache)
        self._futures = self._cache.cache_map

    def peek(self, key: K) -> V | _Missing:
        future = self._futures.get(key)
        if future is None or not future.done():
            return MISSING
        error = future.exception()
        if error is not None:
            raise error
        return future.result()

    def vergeet(self, *keys: K) -> None:
        """Forget what was loaded for `keys` (after a write changed them)."""
        for key in keys:
            self._futures.pop(key, None)

    def claim(self, keys: Iterable[K]) -> dict[K, asyncio.Future[V]]:
        """Take on loading those of `keys` that are neither loaded nor being loaded, for a read
        that answers this loader's keys along with its own (a bundle of relations): until
        `settle`, `fetch` and `load` of those keys wait for it instead of reading themselves."""
        loop = asyncio.get_running_loop()
        claimed: dict[K, asyncio.Future[V]] = {}
        for key in keys:
            if key not in self._futures and key not in claimed:
                claimed[key] = self._futures[key] = loop.create_future()
        return claimed

    def settle(
        self,
        claimed: dict[K, asyncio.Future[V]],
        values: Mapping[K, V] | BaseException,
        default: V,
    ) -> None:
        """Answer claimed keys: from `values` (`default` for a key it lacks), or, when the read
        failed, with its error for whoever waits, after which the keys are forgotten, so that a
        later `fetch` reads them itself."""
        for key, future in claimed.items():
            if future.done():
                continue
            if isinstance(values, BaseException):
                future.set_exception(values)
                future.exception()  # retrieved: a waiting resolver re-raises it with its path
                if self._futures.get(key) is future:
                    del self._futures[key]
            else:
                future.set_result(values.get(key, default))

    async def fetch(self, keys: Iterable[K]) -> dict[K, V]:
        """Load `keys` (one batch call for the ones not cached); returns what loaded."""
        pending: list[asyncio.Future[V]] = []
        missing: list[K] = []
        seen: set[K] = set()
        for key in keys:
            if key in seen:
                continue
            seen.add(key)
            future = self._futures.get(key)
            if future is None:
                missing.append(key)
            elif not future.done():
                pending.append(future)
        if missing:
            loop = asyncio.get_running_loop()
            futures = []
            for key in missing:
                future = loop.create_future()
                self._futures[key] = future
                futures.append(future)
            try:
                values = cast("list[V]", list(await self.load_fn(missing)))
                if len(values) != len(missing):
                    raise RuntimeError(
                        f"batch function returned {len(values)} values for {len(missing)} keys"
                    )
            except Exception as error:
                for future in futures:
                    future.set_exception(error)
                    future.exception()  # retrieved: the resolvers re-raise it where it matters
            else:
                for future, value in zip(futures, values, strict=True):
                    future.set_result(value)
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        found: dict[K, V] = {}
        for key in seen:
            future = self._futures[key]
            if future.exception() is None:
                found[key] = future.result()
        return found


def by_keys(keys: Sequence[K], found: dict[K, Any], default: Any = None) -> list[Any]:
    """Align a batch result with its keys."""
    return [found.get(key, default) for key in keys]
