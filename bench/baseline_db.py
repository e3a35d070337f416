"""The baseline's database access: plain sqlite3 or asyncpg, no ORM, no SQLAlchemy.

SQL is written once with `?` for a value and `IN ?*` for a list; `SqliteDb` expands the list
into placeholders, `PgDb` turns it into `= ANY($n)`. Values come back as the driver gives them;
`iso_date` / `iso_datetime` / `flag` normalise the few that differ between the two (SQLite keeps
dates as text and booleans as integers).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Protocol

import asyncpg

Row = Mapping[str, Any]
_TOKEN = re.compile(r"IN \?\*|\?")


class Db(Protocol):
    async def fetch(self, sql: str, *args: Any) -> Sequence[Row]: ...

    async def close(self) -> None: ...


class SqliteDb:
    """One sqlite3 connection, used synchronously (a query takes microseconds to a millisecond;
    that is the practical limit for an embedded database in one process)."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA query_only=ON")
        self._sql: dict[tuple[str, tuple[int, ...]], str] = {}

    def _expand(self, sql: str, args: tuple[Any, ...]) -> tuple[str, list[Any]]:
        shape = tuple(len(a) if isinstance(a, list | tuple) else -1 for a in args)
        flat: list[Any] = []
        for a in args:
            if isinstance(a, list | tuple):
                flat.extend(a)
            else:
                flat.append(a)
        key = (sql, shape)
        text = self._sql.get(key)
        if text is None:
            sizes = iter(shape)

            def repl(match: re.Match[str]) -> str:
                size = next(sizes)
                if match.group(0) == "?":
                    return "?"
                return "IN (" + ",".join("?" * size) + ")"

            text = _TOKEN.sub(repl, sql)
            self._sql[key] = text
        return text, flat

    async def fetch(self, sql: str, *args: Any) -> Sequence[Row]:
        text, flat = self._expand(sql, args)
        return self.conn.execute(text, flat).fetchall()

    async def close(self) -> None:
        self.conn.close()


class PgDb:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self._sql: dict[str, str] = {}

    @classmethod
    async def connect(cls, dsn: str, size: int = 10) -> PgDb:
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=size)
        return cls(pool)

    def _convert(self, sql: str) -> str:
        text = self._sql.get(sql)
        if text is None:
            counter = iter(range(1, 1000))

            def repl(match: re.Match[str]) -> str:
                n = next(counter)
                return f"= ANY(${n})" if match.group(0) != "?" else f"${n}"

            text = _TOKEN.sub(repl, sql)
            self._sql[sql] = text
        return text

    async def fetch(self, sql: str, *args: Any) -> Sequence[Row]:
        values = [list(a) if isinstance(a, tuple) else a for a in args]
        async with self.pool.acquire() as conn:
            rows: Sequence[Row] = await conn.fetch(self._convert(sql), *values)
            return rows

    async def close(self) -> None:
        await self.pool.close()


def iso_date(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    assert isinstance(value, date)
    return value.isoformat()


def iso_datetime(value: Any) -> str | None:
    """As the gateway's DateTime scalar writes it: ISO 8601 in UTC with +00:00."""
    if value is None:
        return None
    if isinstance(value, str):  # SQLite: naive UTC text
        value = datetime.fromisoformat(value).replace(tzinfo=UTC)
    assert isinstance(value, datetime)
    return value.astimezone(UTC).isoformat()


def flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


async def open_db(database_url: str) -> Db:
    """A baseline connection for a gateway database URL (sqlite+aiosqlite or postgresql)."""
    if database_url.startswith("sqlite"):
        return SqliteDb(database_url.split(":///", 1)[1])
    dsn = "postgresql://" + database_url.split("://", 1)[1]
    return await PgDb.connect(dsn)
