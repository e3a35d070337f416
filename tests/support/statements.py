"""Count the SQL statements an engine executes (for the batching tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from registries.sql.store import SqlStore


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_statements(target: AsyncEngine | SqlStore) -> Iterator[StatementCounter]:
    """The statements run on `target`: an engine, or all engines of a store (SQLite's
    synchronous reads run on one of their own)."""
    counter = StatementCounter()
    engines = target.sync_engines() if isinstance(target, SqlStore) else [target.sync_engine]

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        text = statement.lstrip().upper()
        if text.startswith(("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK")):
            return
        if text.startswith("INSERT INTO AUDIT_LOG"):
            return  # written by the background writer, batched across operations
        counter.statements.append(statement)

    for engine in engines:
        event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", before)
