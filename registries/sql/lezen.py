"""How the embedded store reads.

On SQLite, reads run synchronously on the event loop's own thread (through a plain pysqlite
engine): a read on indexed data takes tens of microseconds, while handing each statement to
aiosqlite's worker thread and back costs more than the query itself. In WAL mode a reader never
waits for a writer, so these calls do not block. Writes stay on the async engine (they may wait
for the write lock). On PostgreSQL everything goes through asyncpg.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any, Protocol

import orjson
from sqlalchemy import Connection, Engine, Executable, create_engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from registries.sql.direct import UUIDS, Lezing
from registries.sql.engine import onbereikbaar


class LeesVerbinding(Protocol):
    async def execute(
        self, statement: Executable, parameters: dict[str, Any] | None = None
    ) -> Any: ...

    async def lees(self, lezing: Lezing, uuids: Sequence[str]) -> list[Any]:
        """The rows of `lezing` for `uuids`, as named tuples (registries/sql/direct.py)."""
        ...


def _meld(conn: Connection, cursor: Any, text: str, parameters: Any) -> None:
    """Let SQLAlchemy's `before_cursor_execute` listeners see a statement run past it."""
    if conn._has_events or conn.engine._has_events:
        conn.dispatch.before_cursor_execute(conn, cursor, text, parameters, None, False)


class _Synchroon:
    """SQLite, read on the event loop's thread (module docstring)."""

    __slots__ = ("_conn",)

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def execute(self, statement: Executable, parameters: dict[str, Any] | None = None) -> Any:
        return self._conn.execute(statement, parameters)

    async def lees(self, lezing: Lezing, uuids: Sequence[str]) -> list[Any]:
        if not uuids:
            return []
        conn = self._conn
        compiled = lezing.voor(conn.dialect)
        text = compiled.tekst(len(uuids))
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            _meld(conn, cursor, text, uuids)
            return compiled.rijen(cursor.execute(text, uuids).fetchall())
        finally:
            cursor.close()


class _Async:
    """PostgreSQL (asyncpg) or, without synchronous reads, SQLite through aiosqlite."""

    __slots__ = ("_conn",)

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def execute(self, statement: Executable, parameters: dict[str, Any] | None = None) -> Any:
        return await self._conn.execute(statement, parameters)

    async def lees(self, lezing: Lezing, uuids: Sequence[str]) -> list[Any]:
        if not uuids:
            return []
        conn = self._conn
        if conn.dialect.name != "postgresql":  # aiosqlite: through SQLAlchemy
            result = await conn.execute(lezing.statement, {UUIDS: list(uuids)})
            return list(result.all())
        compiled = lezing.voor(conn.dialect)
        text = compiled.tekst(len(uuids))
        driver = (await conn.get_raw_connection()).driver_connection
        assert driver is not None
        _meld(conn.sync_connection, None, text, (list(uuids),))  # type: ignore[arg-type]
        try:
            found = await driver.fetch(text, list(uuids))
        except Exception as error:
            if not (driver.is_closed() or onbereikbaar(error)):
                raise
            # as SQLAlchemy does with a disconnect it sees: this connection does not go back
            # to the pool, and the pool's older connections are replaced
            await conn.invalidate(error)
            await conn.engine.dispose(close=False)
            raise ConnectionError(f"the database connection broke during a read: {error}") from (
                error
            )
        return compiled.rijen(found)


class Lezer:
    def __init__(self, engine: AsyncEngine, *, synchroon: bool = True) -> None:
        self.engine = engine
        self._sync: Engine | None = None
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
            async with self.engine.connect() as conn:
                yield _Async(conn)

    def dispose(self) -> None:
        if self._sync is not None:
            self._sync.dispose()
