"""The Alembic migrations build exactly the schema the models describe (no drift), on both stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from registries.sql import gateway_tables  # noqa: F401 - registers the gateway's tables
from registries.sql.engine import create_engine
from registries.sql.migrate import upgrade
from registries.sql.tables import Base
from tests.support.databases import (
    PG_SKIP_REASON,
    create_pg_database,
    drop_pg_database,
    pg_url,
    sqlite_url,
)


def _drift(connection: Any) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def _assert_no_drift(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        await upgrade(engine)  # idempotent: a second run is a no-op
        async with engine.connect() as conn:
            drift = await conn.run_sync(_drift)
    finally:
        await engine.dispose()
    assert drift == [], (
        "the models and the migrations differ; regenerate the migration "
        f"(see registries/sql/migrations): {drift}"
    )


async def test_sqlite_migrations_match_the_models(tmp_path: Path) -> None:
    await _assert_no_drift(sqlite_url(tmp_path / "leeg.db"))


async def test_postgres_migrations_match_the_models() -> None:
    if pg_url() is None:
        pytest.skip(PG_SKIP_REASON)
    url = await create_pg_database()
    try:
        await _assert_no_drift(url)
    finally:
        await drop_pg_database(url)
