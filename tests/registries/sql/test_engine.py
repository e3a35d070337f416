"""The reader view of the engine: reads run without a transaction of their own, and leave the
pooled connections exactly as writers expect them."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from registries.sql.engine import create_engine, read_engine, schrijf_transactie
from tests.support.databases import PG_SKIP_REASON, pg_admin, pg_url


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> Any:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'engine.db'}", pool_size=1)
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (n INTEGER)"))
    yield engine
    await engine.dispose()


async def test_sqlite_reads_run_without_begin(sqlite_engine: Any) -> None:
    seen: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement.strip().upper())

    event.listen(sqlite_engine.sync_engine, "before_cursor_execute", before)
    try:
        async with read_engine(sqlite_engine).connect() as conn:
            await conn.execute(text("SELECT count(*) FROM t"))
        async with sqlite_engine.connect() as conn:
            await conn.execute(text("SELECT count(*) FROM t"))
    finally:
        event.remove(sqlite_engine.sync_engine, "before_cursor_execute", before)
    assert seen == ["SELECT COUNT(*) FROM T", "BEGIN", "SELECT COUNT(*) FROM T"]


async def test_sqlite_connection_after_a_read_keeps_explicit_transactions(
    sqlite_engine: Any,
) -> None:
    """A reader must not leave pysqlite's own BEGIN handling switched on for the next writer
    (it would break SAVEPOINTs): the DBAPI connection stays in autocommit mode."""
    async with read_engine(sqlite_engine).connect() as conn:
        await conn.execute(text("SELECT 1"))
    async with sqlite_engine.connect() as conn:
        raw = await conn.get_raw_connection()
        assert raw.driver_connection.isolation_level is None
    async with schrijf_transactie(sqlite_engine) as conn:
        await conn.execute(text("INSERT INTO t VALUES (1)"))
        nested = await conn.begin_nested()
        await conn.execute(text("INSERT INTO t VALUES (2)"))
        await nested.rollback()
    async with read_engine(sqlite_engine).connect() as conn:
        rows = (await conn.execute(text("SELECT n FROM t"))).scalars().all()
    assert rows == [1]


async def _cut_pool_connections(engine: Any) -> None:
    """Check a connection out and back in (it stays pooled), then kill its server process."""
    async with read_engine(engine).connect() as conn:
        pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    await pg_admin(f"SELECT pg_terminate_backend({int(pid)})")


@pytest.mark.parametrize("ping_after", [0.0, 3600.0])
async def test_postgresql_idle_connection_is_pinged_and_replaced(ping_after: float) -> None:
    """A pooled connection that sat idle longer than `ping_after` is pinged at checkout and
    replaced when dead; within the window there is no ping (no round trip per read), so the
    cut connection fails its statement once and the pool reconnects for the next."""
    url = pg_url()
    if url is None:
        pytest.skip(PG_SKIP_REASON)
    engine = create_engine(url, pool_size=1, ping_after=ping_after)
    try:
        await _cut_pool_connections(engine)
        await asyncio.sleep(0.05)
        if ping_after == 0.0:
            async with read_engine(engine).connect() as conn:
                assert (await conn.execute(text("SELECT 1"))).scalar_one() == 1
        else:
            with pytest.raises(DBAPIError) as failed:
                async with read_engine(engine).connect() as conn:
                    await conn.execute(text("SELECT 1"))
            assert failed.value.connection_invalidated
            async with read_engine(engine).connect() as conn:
                assert (await conn.execute(text("SELECT 1"))).scalar_one() == 1
    finally:
        await engine.dispose()


async def test_postgresql_busy_connection_is_not_pinged() -> None:
    """No ping (a round trip) for a connection that was in use moments ago; one after idling."""
    url = pg_url()
    if url is None:
        pytest.skip(PG_SKIP_REASON)
    engine = create_engine(url, pool_size=1, ping_after=0.2)
    dialect = engine.dialect
    ping = dialect.do_ping
    pings: list[object] = []

    def counting_ping(dbapi_connection: Any) -> bool:
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    dialect.do_ping = counting_ping  # type: ignore[method-assign]
    try:
        for _ in range(3):
            async with read_engine(engine).connect() as conn:
                await conn.execute(text("SELECT 1"))
        assert pings == []
        await asyncio.sleep(0.3)
        async with read_engine(engine).connect() as conn:
            await conn.execute(text("SELECT 1"))
        assert len(pings) == 1
    finally:
        await engine.dispose()
