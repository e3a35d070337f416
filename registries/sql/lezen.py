"""How the embedded store reads.

On SQLite, reads run synchronously on the event loop's own thread (through a plain pysqlite
engine): a read on indexed data takes tens of microseconds, while handing each statement to
aiosqlite's worker thread and back costs more than the query itself. In WAL mode a reader never
waits for a writer, so these calls do not block. Writes stay on the async engine (they may wait
for the write lock). On PostgreSQL everything goes through asyncpg.

The hot reads (the rows of many objects by uuid, `LeesVerbinding.lees`; the zaken list and
other reads compiled per shape, `LeesVerbinding.lees_met`) bypass SQLAlchemy's execution path
(registries/sql/direct.py); on PostgreSQL they run on connections of their own
(registries/sql/pg_lezen.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, Protocol

import orjson
from sqlalchemy import Connection, Engine, Executable, QueuePool, create_engine
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from registries.sql.direct import UUIDS, Gecompileerd, Lezing
from registries.sql.pg_lezen import PgLeesPool


class LeesVerbinding(Protocol):
    @property
    def dialect(self) -> Dialect: ...

    async def execute(
        self, statement: Executable, parameters: dict[str, Any] | None = None
    ) -> Any: ...

    async def lees(self, lezing: Lezing, uuids: Sequence[str]) -> list[Any]:
        """The rows of `lezing` for `uuids`, as named tuples (registries/sql/direct.py)."""
        ...

    async def lees_met(self, read: Gecompileerd, waarden: Mapping[str, Any]) -> list[Any]:
        """The rows of a compiled read (`Sjabloon.voor`) for `waarden`, as named tuples."""
        ...


def _meld(engine: Engine, conn: Connection | None, cursor: Any, text: str, parameters: Any) -> None:
    """Let the engine's `before_cursor_execute` listeners (the statement counts of the tests and
    of `make bench`) see a statement that runs past SQLAlchemy."""
    if engine._has_events:
        engine.dispatch.before_cursor_execute(conn, cursor, text, parameters, None, False)


class _Synchroon:
    """SQLite, read on the event loop's thread (module docstring)."""

    __slots__ = ("_conn",)

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    @property
    def dialect(self) -> Dialect:
        return self._conn.dialect

    async def execute(self, statement: Executable, parameters: dict[str, Any] | None = None) -> Any:
        return self._conn.execute(statement, parameters)

    async def lees(self, lezing: Lezing, uuids: Sequence[str]) -> list[Any]:
        if not uuids:
            return []
        return await self.lees_met(lezing.voor(self._conn.dialect), {UUIDS: uuids})

    async def lees_met(self, read: Gecompileerd, waarden: Mapping[str, Any]) -> list[Any]:
        text, parameters = read.parameters(waarden)
        conn = self._conn
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            _meld(conn.engine, conn, cursor, text, parameters)
            return read.rijen(cursor.execute(text, parameters).fetchall())
        finally:
            cursor.close()


class _Async:
    """PostgreSQL (asyncpg) or, without synchronous reads, SQLite through aiosqlite. A
    connection of the engine is checked out only for a statement that runs through SQLAlchemy;
    direct reads on PostgreSQL take one of `PgLeesPool`'s."""

    __slots__ = ("_conn", "_engine", "_pg")

    def __init__(self, engine: AsyncEngine, pg: PgLeesPool | None) -> None:
        self._engine = engine
        self._pg = pg
        self._conn: AsyncConnection | None = None

    @property
    def dialect(self) -> Dialect:
        return self._engine.dialect

    async def _verbonden(self) -> AsyncConnection:
        if self._conn is None:
            self._conn = await self._engine.connect()
        return self._conn

    async def execute(self, statement: Executable, parameters: dict[str, Any] | None = None) -> Any:
        return await (await self._verbonden()).execute(statement, parameters)

    async def lees(self, lezing: Lezing, uuids: Sequence[str]) -> list[Any]:
        if not uuids:
            return []
        return await self.lees_met(lezing.voor(self._engine.dialect), {UUIDS: uuids})

    async def lees_met(self, read: Gecompileerd, waarden: Mapping[str, Any]) -> list[Any]:
        text, parameters = read.parameters(waarden)
        if self._pg is None:  # aiosqlite: the engine's connection, past the statement compiler
            conn = await self._verbonden()
            result = await conn.exec_driver_sql(text, tuple(parameters))
            return read.rijen(result.all())
        _meld(self._engine.sync_engine, None, None, text, parameters)
        async with self._pg.verbinding() as pg:
            found = await pg.fetch(text, *parameters)
        return read.rijen(found)

    async def sluit(self) -> None:
        if self._conn is not None:
            await self._conn.close()


class Lezer:
    def __init__(self, engine: AsyncEngine, *, synchroon: bool = True) -> None:
        self.engine = engine
        self._sync: Engine | None = None
        self._pg: PgLeesPool | None = None
        if engine.dialect.name == "postgresql":
            _args, connect_args = engine.dialect.create_connect_args(engine.url)
            pool = engine.sync_engine.pool
            maximum = pool.size() if isinstance(pool, QueuePool) else 10
            self._pg = PgLeesPool(dict(connect_args), maximum)
        if synchroon and engine.dialect.name == "sqlite":
            self._sync = create_engine(
                engine.url.set(drivername="sqlite+pysqlite"),
                connect_args={"timeout": 30, "check_same_thread": False},
                json_deserializer=orjson.loads,
            )

    @property
    def synchroon(self) -> bool:
        return self._sync is not None

    @property
    def eigen_engine(self) -> Engine | None:
        """The synchronous engine of its own the reads run on (SQLite), if any; otherwise reads
        run on the store's engine (whose events cover them)."""
        return self._sync

    @contextlib.asynccontextmanager
    async def verbinding(self) -> AsyncIterator[LeesVerbinding]:
        if self._sync is not None:
            with self._sync.connect() as conn:
                yield _Synchroon(conn)
        else:
            verbinding = _Async(self.engine, self._pg)
            try:
                yield verbinding
            finally:
                await verbinding.sluit()

    async def sluit(self) -> None:
        if self._sync is not None:
            self._sync.dispose()
        if self._pg is not None:
            await self._pg.sluit()
