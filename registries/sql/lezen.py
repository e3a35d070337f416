"""How the embedded store reads.

On SQLite, reads run synchronously on the event loop's own thread (through a plain pysqlite
engine): a read on indexed data takes tens of microseconds, while handing each statement to
aiosqlite's worker thread and back costs more than the query itself. In WAL mode a reader never
waits for a writer, so these calls do not block. Writes stay on the async engine (they may wait
for the write lock). On PostgreSQL everything goes through asyncpg.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Executable, create_engine
from sqlalchemy.ext.asyncio import AsyncEngine


class LeesVerbinding(Protocol):
    async def execute(
        self, statement: Executable, parameters: dict[str, Any] | None = None
    ) -> Any: ...


class _Synchroon:
    __slots__ = ("_conn",)

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def execute(self, statement: Executable, parameters: dict[str, Any] | None = None) -> Any:
        return self._conn.execute(statement, parameters)


class Lezer:
    def __init__(self, engine: AsyncEngine, *, synchroon: bool = True) -> None:
        self.engine = engine
        self._sync: Engine | None = None
        if synchroon and engine.dialect.name == "sqlite":
            self._sync = create_engine(
                engine.url.set(drivername="sqlite+pysqlite"),
                connect_args={"timeout": 30, "check_same_thread": False},
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
                yield conn

    def dispose(self) -> None:
        if self._sync is not None:
            self._sync.dispose()
