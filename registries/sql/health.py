"""Readiness of the embedded store: reachable, and migrated to the code's revision."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from registries.sql.migrate import alembic_config


def head_revision() -> str | None:
    cfg = alembic_config("sqlite://")
    return ScriptDirectory.from_config(cfg).get_current_head()


async def current_revision(engine: AsyncEngine) -> str | None:
    def _current(conn: Connection) -> str | None:
        return MigrationContext.configure(conn).get_current_revision()

    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
        return await conn.run_sync(_current)


async def check(engine: AsyncEngine) -> str | None:
    """None when ready, else what is wrong (for /readyz and start-up)."""
    try:
        current = await current_revision(engine)
    except Exception as error:  # any driver error means: not reachable
        return f"database unreachable: {type(error).__name__}"
    head = head_revision()
    if current != head:
        return (
            f"database schema at revision {current or 'none'}, code expects {head}: "
            "run `zgw-gateway migrate`"
        )
    return None
