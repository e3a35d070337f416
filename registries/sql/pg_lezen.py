"""PostgreSQL connections of the direct reads (registries/sql/direct.py).

A direct read is one SELECT outside a transaction (autocommit) that leaves no session state
behind, so its connection can go back as it came. SQLAlchemy's pool costs ~250 µs of CPU per
checkout and return (greenlet switches, the reset), asyncpg's pool ~70 µs (it resets every
connection with a round trip): a burger's page makes four such reads. This pool is a free list
with a bound, with the same rules for broken connections as the engine's pool
(registries/sql/engine.py): a connection idle for longer than `ping_after` is pinged before
use and replaced when dead; a connection that breaks during a read is closed, and so are the
others waiting in the list (after a restart they are all dead), and the read fails as
"unreachable" (the client gets UPSTREAM_UNAVAILABLE and may retry).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import orjson

from registries.sql.engine import PING_AFTER_IDLE, onbereikbaar


def _json_tekst(value: Any) -> str:
    return orjson.dumps(value).decode()


class PgLeesPool:
    def __init__(
        self, connect_args: dict[str, Any], maximum: int, ping_after: float = PING_AFTER_IDLE
    ) -> None:
        self._connect_args = connect_args
        self._ping_after = ping_after
        self._vrij: list[tuple[asyncpg.Connection, float]] = []
        self._plaatsen = asyncio.Semaphore(maximum)
        self._gesloten = False

    @contextlib.asynccontextmanager
    async def verbinding(self) -> AsyncIterator[asyncpg.Connection]:
        async with self._plaatsen:
            conn = await self._neem()
            try:
                yield conn
            except asyncpg.PostgresError as error:
                # an error of the statement: the connection is fine, unless the server went
                if conn.is_closed() or onbereikbaar(error):
                    await self._verbroken(conn, error)
                self._terug(conn)
                raise
            except BaseException as error:  # cancelled mid-read, or the connection broke
                broken = conn.is_closed() or onbereikbaar(error)
                conn.terminate()
                if broken:
                    await self._verbroken(conn, error)
                raise
            self._terug(conn)

    async def _neem(self) -> asyncpg.Connection:
        while self._vrij:
            conn, since = self._vrij.pop()
            if conn.is_closed():
                continue
            if time.monotonic() - since <= self._ping_after:
                return conn
            try:
                await conn.fetchval("SELECT 1")
            except Exception:  # as pool_pre_ping does: any failure means "reconnect"
                conn.terminate()
                continue
            return conn
        nieuw: asyncpg.Connection = await asyncpg.connect(**self._connect_args)
        # JSON as the engine's connections decode it (SQLAlchemy sets the same codecs)
        for soort in ("json", "jsonb"):
            await nieuw.set_type_codec(
                soort, schema="pg_catalog", encoder=_json_tekst, decoder=orjson.loads
            )
        return nieuw

    def _terug(self, conn: asyncpg.Connection) -> None:
        if self._gesloten or conn.is_closed():
            conn.terminate()
        else:
            self._vrij.append((conn, time.monotonic()))

    async def _verbroken(self, conn: asyncpg.Connection, error: BaseException) -> None:
        conn.terminate()
        vrij, self._vrij = self._vrij, []
        for other, _since in vrij:
            other.terminate()
        raise ConnectionError(f"the database connection broke during a read: {error}") from error

    async def sluit(self) -> None:
        self._gesloten = True
        vrij, self._vrij = self._vrij, []
        for conn, _since in vrij:
            with contextlib.suppress(Exception):
                await conn.close(timeout=5)
