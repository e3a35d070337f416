"""The reader view of the engine: reads run without a transaction of their own, and leave the
pooled connections exactly as writers expect them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from registries.sql.engine import create_engine, read_engine, schrijf_transactie


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
