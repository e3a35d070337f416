"""Engines for the embedded store: SQLite (default) and PostgreSQL (asyncpg), same code."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from registries.errors import ConfigurationError

SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


def normalise_url(url: str) -> str:
    """Accept the common spellings and map them to the async drivers we ship."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    return url


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise ConfigurationError(
            f"Unsupported database URL {parsed.render_as_string(hide_password=True)!r}: "
            f"use one of {', '.join(d + '://' for d in SUPPORTED_DRIVERS)}"
        )
    kwargs: dict[str, Any] = {"echo": echo}
    if parsed.drivername.startswith("postgresql"):
        kwargs.update(pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
    else:
        kwargs.update(connect_args={"timeout": 30})
    engine = create_async_engine(url, **kwargs)
    if parsed.drivername.startswith("sqlite"):
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets readers run beside a writer; foreign keys are off by default in SQLite.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"
