"""Test databases: SQLite files and PostgreSQL databases, migrated and (optionally) seeded.

PostgreSQL runs when ZGW_TEST_DATABASE_URL is set (CI sets it); the tests that need it are
skipped with a clear reason otherwise. Fresh databases are cloned from a seeded template, so a
test that writes gets its own database in ~100 ms.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from registries.sql.engine import analyseer, create_engine, normalise_url
from registries.sql.migrate import upgrade
from registries.sql.seed.demo import seed_demo

PG_ENV = "ZGW_TEST_DATABASE_URL"
PG_SKIP_REASON = (
    f"PostgreSQL tests skipped: set {PG_ENV}=postgresql+asyncpg://user@host:port/db "
    "(CI does, via .ci/run)"
)


def pg_url() -> str | None:
    url = os.environ.get(PG_ENV)
    return normalise_url(url) if url else None


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url)
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


async def pg_admin(sql: str) -> None:
    url = pg_url()
    assert url is not None
    conn = await asyncpg.connect(_dsn(url))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def create_pg_database(template: str | None = None) -> str:
    """A new, empty (or template-cloned) PostgreSQL database; returns its URL."""
    url = pg_url()
    assert url is not None
    name = f"zgwt_{uuid.uuid4().hex[:16]}"
    clause = f" TEMPLATE {template}" if template else ""
    await pg_admin(f'CREATE DATABASE "{name}"{clause}')
    return make_url(url).set(database=name).render_as_string(hide_password=False)


async def drop_pg_database(url: str) -> None:
    name = make_url(url).database
    await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


class SeededTemplate:
    """A migrated, demo-seeded database to clone fresh copies from."""

    def __init__(self, backend: str, workdir: Path) -> None:
        self.backend = backend
        self.workdir = workdir
        self.url = ""
        self._pg_name = ""

    async def create(self) -> None:
        if self.backend == "sqlite":
            path = self.workdir / "template.db"
            self.url = sqlite_url(path)
        else:
            self.url = await create_pg_database()
            self._pg_name = make_url(self.url).database or ""
        engine = create_engine(self.url)
        try:
            await upgrade(engine)
            await seed_demo(engine)
            await analyseer(engine)
        finally:
            await engine.dispose()

    async def clone(self) -> str:
        if self.backend == "sqlite":
            target = self.workdir / f"clone-{uuid.uuid4().hex[:8]}.db"
            shutil.copyfile(self.workdir / "template.db", target)
            return sqlite_url(target)
        return await create_pg_database(template=self._pg_name)

    async def drop(self) -> None:
        if self.backend == "postgres" and self.url:
            await drop_pg_database(self.url)

    async def drop_clone(self, url: str) -> None:
        if self.backend == "postgres":
            await drop_pg_database(url)


async def dispose(engine: AsyncEngine) -> None:
    await engine.dispose()
