"""Brokers: what wakes the pump when new events are in the log.

- `ProcesBroker` (always on): the store's `after_commit` hook, called with the new ids after a
  local transaction committed -- the embedded default needs nothing else.
- `PostgresBroker` (when the store is PostgreSQL): LISTEN on the event log's channel, on a
  dedicated asyncpg connection of its own (never one from SQLAlchemy's pool: asyncpg's pool
  reset runs `UNLISTEN *`). Appends `pg_notify` the channel with the newest id when they commit,
  so every gateway process sharing the database is woken. A lost connection is retried with
  exponential backoff; once listening again the pump is woken, and it reads everything after
  the last id it dispatched -- so events written while the connection was down are caught up
  from the log, and none is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from registries.sql.notificaties import CHANNEL

log = logging.getLogger("zgw_gateway.subscriptions.brokers")

Wek = Callable[[], None]


class ProcesBroker:
    def __init__(self, after_commit: list[Callable[[Sequence[int]], None]]) -> None:
        self._hooks = after_commit
        self._wek: Wek | None = None

    def _hook(self, ids: Sequence[int]) -> None:
        if self._wek is not None:
            self._wek()

    async def start(self, wek: Wek) -> None:
        self._wek = wek
        self._hooks.append(self._hook)

    async def stop(self) -> None:
        with contextlib.suppress(ValueError):
            self._hooks.remove(self._hook)
        self._wek = None


def asyncpg_dsn(database_url: str) -> str:
    """The plain PostgreSQL DSN for a SQLAlchemy URL (postgresql+asyncpg://...)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresBroker:
    def __init__(
        self,
        dsn: str,
        *,
        min_delay: float = 0.2,
        max_delay: float = 5.0,
        check_interval: float = 5.0,
        connect: Callable[..., Awaitable[Any]] | None = None,
    ) -> None:
        self.dsn = dsn
        self.min_delay = min_delay
        self.max_delay = max_delay
        self.check_interval = check_interval
        self._connect = connect or asyncpg.connect
        self._task: asyncio.Task[None] | None = None
        self._wek: Wek | None = None
        self.luistert = asyncio.Event()
        #: connections made (1 + reconnects), for the tests and /metrics
        self.verbindingen = 0

    async def start(self, wek: Wek) -> None:
        self._wek = wek
        self._task = asyncio.create_task(self._run(), name="postgres-listen")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _notify(self, *_: Any) -> None:
        if self._wek is not None:
            self._wek()

    async def _run(self) -> None:
        delay = self.min_delay
        while True:
            conn: Any = None
            try:
                conn = await self._connect(self.dsn, timeout=10)
                lost = asyncio.Event()
                conn.add_termination_listener(functools.partial(_set_event, lost))
                await conn.add_listener(CHANNEL, self._notify)
                self.verbindingen += 1
                if self.verbindingen > 1:
                    log.info("LISTEN %s re-established; catching up from the event log", CHANNEL)
                self.luistert.set()
                delay = self.min_delay
                self._notify()  # catch up whatever was written while nobody listened
                while not lost.is_set():
                    try:
                        await asyncio.wait_for(lost.wait(), self.check_interval)
                    except TimeoutError:
                        await conn.fetchval("SELECT 1", timeout=self.check_interval)
                log.warning("LISTEN connection lost; reconnecting")
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning(
                    "LISTEN on %s failed (%s: %s); retrying in %.1f s",
                    CHANNEL,
                    type(error).__name__,
                    error,
                    delay,
                )
            finally:
                self.luistert.clear()
                if conn is not None:
                    await _close(conn)
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.max_delay)


def _set_event(event: asyncio.Event, *_: Any) -> None:
    event.set()


async def _close(conn: Any) -> None:
    try:
        if not conn.is_closed():
            await asyncio.wait_for(conn.close(), 2.0)
    except Exception:
        conn.terminate()
