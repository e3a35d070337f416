"""Column types of the embedded store that read and write the same values on every backend."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, TypeDecorator
from sqlalchemy.engine import Dialect


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no offsets)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return _utc(value)

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        # SQLite keeps the ISO text SQLAlchemy wrote; its own processor parses it with a regex
        # and this class would then copy the result: one fromisoformat does both (a read of a
        # list parses hundreds of these)
        if dialect.name == "sqlite":
            return sqlite_datetime
        if self.impl_instance.result_processor(dialect, coltype) is None:
            # the driver's own datetime (asyncpg: already in UTC, `timezone.utc`): no call
            # through TypeDecorator's wrapper and no conversion (hundreds per list)
            return _utc
        return super().result_processor(dialect, coltype)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    tz = value.tzinfo
    if tz is UTC:
        return value
    return value.replace(tzinfo=UTC) if tz is None else value.astimezone(UTC)


def sqlite_datetime(value: str | None) -> datetime | None:
    if value is None:
        return None
    return _utc(datetime.fromisoformat(value))


def sqlite_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


class Datum(TypeDecorator[date]):
    """A date; on SQLite read with `date.fromisoformat` instead of SQLAlchemy's regex."""

    impl = Date
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        if dialect.name == "sqlite":
            return sqlite_date
        return super().result_processor(dialect, coltype)
