"""UTC datetimes read back as aware UTC datetimes on every backend, without a copy when the
driver's value is one already."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy.dialects.postgresql import asyncpg
from sqlalchemy.dialects.sqlite import pysqlite

from registries.sql.typen import UTCDateTime


def test_result_processors() -> None:
    pg = UTCDateTime()._cached_result_processor(asyncpg.dialect(), None)
    sqlite = UTCDateTime()._cached_result_processor(pysqlite.dialect(), None)
    utc = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert pg(utc) is utc
    assert pg(None) is None
    naive = pg(datetime(2026, 11, 28, 12, 0))
    assert naive == utc and naive.tzinfo is UTC
    amsterdam = pg(datetime(2026, 11, 28, 13, 0, tzinfo=timezone(timedelta(hours=1))))
    assert amsterdam == utc and amsterdam.tzinfo is UTC
    read = sqlite("2026-11-28 12:00:00.000000")
    assert read == utc and read.tzinfo is UTC
