"""The audit log's background writer: records of one operation travel as one item; producers
wait only when the writer is behind (back-pressure); a failed write is retried with its records,
never dropped."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from gateway.authz.audit import AuditEntry, AuditLog


def _entries(n: int, prefix: str) -> list[AuditEntry]:
    now = datetime.now(UTC)
    return [
        AuditEntry(now, "s", "behandelaar", "", "zaak", f"{prefix}/{i}", "", "Op", "doel")
        for i in range(n)
    ]


class _Log(AuditLog):
    """An audit log whose writes wait for `open` and fail `fouten` times first."""

    def __init__(self, fouten: int = 0) -> None:
        super().__init__(
            create_async_engine("sqlite+aiosqlite://"), flush_interval=0.001, max_queue=10
        )
        self.open = asyncio.Event()
        self.fouten = fouten
        self.written: list[AuditEntry] = []

    async def _write(self, entries: Sequence[AuditEntry]) -> None:
        await self.open.wait()
        if self.fouten:
            self.fouten -= 1
            raise OSError("disk full")
        self.written.extend(entries)


async def test_producers_wait_only_when_the_writer_is_behind() -> None:
    log = _Log()
    await log.record(_entries(8, "a"))
    await log.record(_entries(5, "b"))  # 8 waiting: below the limit, so it goes in
    assert log.wachtrij() == 13
    derde = asyncio.create_task(log.record(_entries(1, "c")))
    await asyncio.sleep(0.05)
    assert not derde.done()  # 13 waiting >= 10: this producer waits for the writer
    log.open.set()
    await asyncio.wait_for(derde, 5)
    await log.flush()
    assert [e.object_url for e in log.written] == [
        *(f"a/{i}" for i in range(8)),
        *(f"b/{i}" for i in range(5)),
        "c/0",
    ]
    assert log.wachtrij() == 0
    await log.close()


async def test_a_failed_write_is_retried_with_its_records(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_sleep = asyncio.sleep

    async def quick(delay: float) -> None:
        await real_sleep(min(delay, 0.001))

    monkeypatch.setattr(asyncio, "sleep", quick)
    log = _Log(fouten=2)
    log.open.set()
    await log.record(_entries(3, "x"))
    await asyncio.wait_for(log.flush(), 5)
    assert [e.object_url for e in log.written] == ["x/0", "x/1", "x/2"]
    assert log.wachtrij() == 0
    await log.close()
