"""Engines for the embedded store: SQLite (default) and PostgreSQL (asyncpg), same code."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import orjson
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from registries.errors import ConfigurationError

SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


def normalise_url(url: str) -> str:
    """Accept the common spellings and map them to the async drivers we ship."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    return url


#: a pooled PostgreSQL connection idle for longer than this is pinged before it is handed out
PING_AFTER_IDLE = 5.0


def create_engine(
    url: str, *, pool_size: int = 10, echo: bool = False, ping_after: float = PING_AFTER_IDLE
) -> AsyncEngine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise ConfigurationError(
            f"Unsupported database URL {parsed.render_as_string(hide_password=True)!r}: "
            f"use one of {', '.join(d + '://' for d in SUPPORTED_DRIVERS)}"
        )
    # orjson reads the JSON columns (rollen's identificatie, kenmerken, trefwoorden): a list
    # page parses hundreds of them, at a fifth of the json module's cost
    kwargs: dict[str, Any] = {"echo": echo, "json_deserializer": orjson.loads}
    if parsed.drivername.startswith("postgresql"):
        kwargs.update(pool_size=pool_size, max_overflow=pool_size)
    else:
        kwargs.update(connect_args={"timeout": 30})
    engine = create_async_engine(url, **kwargs)
    if parsed.drivername.startswith("sqlite"):
        _configure_sqlite(engine)
    else:
        _ping_when_idle(engine, ping_after)
    return engine


def _ping_when_idle(engine: AsyncEngine, ping_after: float) -> None:
    """Pessimistic disconnect handling, paid only where it helps.

    SQLAlchemy's `pool_pre_ping` pings on every checkout: a round trip for each registry read
    (a burger's page makes five), ~13 % of a read on PostgreSQL in `make bench`. A connection
    that went back to the pool moments ago is alive; one that sat idle may have been cut (a
    PostgreSQL restart, a failover, an idle timeout in between). So only a connection idle for
    longer than `ping_after` seconds is pinged; a dead one is replaced (the pool retries the
    checkout with a fresh connection) and, as with `pool_pre_ping`, the rest of the pool is
    invalidated with it. A connection cut within the window fails its statement: SQLAlchemy
    then invalidates the pool, and the next operation reconnects."""
    dialect = engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def _checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["zgw_idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("zgw_idle_since")
        if since is None or time.monotonic() - since <= ping_after:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as error:  # as pool_pre_ping does: any failure means "reconnect"
            raise sa_exc.DisconnectionError(str(error)) from error
        if not alive:
            raise sa_exc.DisconnectionError("the connection did not answer the ping")


def _configure_sqlite(engine: AsyncEngine) -> None:
    """WAL, foreign keys, a busy timeout -- and transactions that SQLAlchemy controls: pysqlite's
    own BEGIN handling is switched off (it breaks SAVEPOINTs), and writers begin IMMEDIATE so
    that two writers queue on the lock instead of failing when a read lock is upgraded."""

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL lets readers run beside a writer; foreign keys are off by default in SQLite.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn: Any) -> None:
        options = conn.get_execution_options()
        if options.get(READER_OPTION):
            return  # a reader (see read_engine): each statement on its own
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITER_OPTION) else "BEGIN")


def read_engine(engine: AsyncEngine) -> AsyncEngine:
    """The same engine and pool for reads that run without a transaction of their own.

    A registry read is one statement (or a few independent ones) on a connection checked out
    for it alone, so a transaction around it buys nothing -- PostgreSQL's READ COMMITTED gives
    every statement its own snapshot either way -- and costs round trips: BEGIN and ROLLBACK
    around every read (PostgreSQL: two of the three round trips of a read; SQLite: a call
    through aiosqlite's thread). Writes keep using `engine` (and `schrijf_transactie`).

    PostgreSQL: the AUTOCOMMIT isolation level (for asyncpg only a flag on the connection).
    SQLite: not AUTOCOMMIT -- SQLAlchemy would reset the connection's isolation level when it
    goes back to the pool, re-enabling pysqlite's own BEGIN handling for the next writer -- but
    an option that tells the `begin` listener to emit no BEGIN."""
    if is_sqlite(engine):
        return engine.execution_options(**{READER_OPTION: True})
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


#: execution option that marks a connection as a writer (SQLite: BEGIN IMMEDIATE)
WRITER_OPTION = "zgw_writer"
#: execution option that marks a connection as a reader (SQLite: no BEGIN)
READER_OPTION = "zgw_reader"


@contextlib.asynccontextmanager
async def schrijf_transactie(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A write transaction: committed when the block ends, rolled back when it raises."""
    async with engine.connect() as conn:
        conn = await conn.execution_options(**{WRITER_OPTION: True})
        async with conn.begin():
            yield conn


async def analyseer(engine: AsyncEngine) -> None:
    """Refresh the planner's statistics (after bulk loads). Without them SQLite's planner may
    walk a whole table in ORDER BY order instead of starting from a selective index."""
    async with read_engine(engine).connect() as conn:
        await conn.exec_driver_sql("ANALYZE")


def onbereikbaar(error: BaseException) -> bool:
    """Is `error` (or one of its causes) the database being unreachable -- down, restarting,
    refusing connections, or a connection that broke -- rather than a fault of the request or
    of the gateway? Such errors reach the client as UPSTREAM_UNAVAILABLE (retry later)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(
            current,
            # class 08 (connection exception) and class 57 (operator intervention: shutdown,
            # restart, cannot connect now, statement cancelled) of SQLSTATE
            asyncpg.PostgresConnectionError
            | asyncpg.exceptions.OperatorInterventionError
            | ConnectionError
            | sqlite3.OperationalError,
        ) and not _sqlite_fout_van_de_vraag(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _sqlite_fout_van_de_vraag(error: BaseException) -> bool:
    """SQLite reports both 'database is locked' and syntax errors as OperationalError: only
    the first kind (and a file that cannot be opened) is about availability."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    text = str(error).lower()
    return not ("locked" in text or "unable to open" in text or "disk i/o" in text)
