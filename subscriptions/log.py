"""The event log as the live machinery reads it: pages after an id, the newest and oldest id,
and retention (pruning old events).

Appending lives with the writers (`registries.sql.notificaties.voeg_toe`, inside the transaction
of the change); this module only reads and prunes.

Pruning never deletes the newest event: on SQLite the id is the rowid without AUTOINCREMENT, so
removing the highest row would let a later insert reuse its id and break the promise that ids
only grow (and with it `after: <id>`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from registries.models import Notificatie
from registries.sql import notificaties
from registries.sql.engine import schrijf_transactie
from registries.sql.gateway_tables import NotificatieRow

log = logging.getLogger("zgw_gateway.subscriptions.log")


class EventLog:
    def __init__(self, engine: AsyncEngine, *, page_size: int = 500) -> None:
        self.engine = engine
        self.page_size = page_size

    async def lees_na(self, na_id: int, limiet: int | None = None) -> list[Notificatie]:
        """Events with an id above `na_id`, oldest first, at most one page."""
        return await notificaties.lees_na(self.engine, na_id, limiet or self.page_size)

    async def laatste_id(self) -> int:
        return await notificaties.laatste_id(self.engine)

    async def oudste_id(self) -> int | None:
        async with self.engine.connect() as conn:
            found = (await conn.execute(select(func.min(NotificatieRow.id)))).scalar_one()
        return int(found) if found is not None else None

    async def snoei(self, ouder_dan: datetime) -> int:
        """Delete the events registered before `ouder_dan` (never the newest); returns how many."""
        newest = select(func.max(NotificatieRow.id)).scalar_subquery()
        stmt = delete(NotificatieRow).where(
            NotificatieRow.geregistreerd < ouder_dan, NotificatieRow.id < newest
        )
        async with schrijf_transactie(self.engine) as conn:
            result = await conn.execute(stmt)
        return int(result.rowcount or 0)


class Bewaartermijn:
    """Prunes the event log periodically: events older than `dagen` days go (0: keep all)."""

    def __init__(self, log_: EventLog, dagen: float, *, interval: float | None = None) -> None:
        self.log = log_
        self.dagen = dagen
        # often enough that the log never holds much more than the retention asks for
        self.interval = interval or min(3600.0, max(60.0, dagen * 86400 / 24))
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.dagen > 0 and self._task is None:
            self._task = asyncio.create_task(self._run(), name="event-log-retention")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def snoei_nu(self) -> int:
        cutoff = datetime.now(UTC) - timedelta(days=self.dagen)
        removed = await self.log.snoei(cutoff)
        if removed:
            log.info("event log: %d events older than %s removed", removed, cutoff.isoformat())
        return removed

    async def _run(self) -> None:
        while True:
            try:
                await self.snoei_nu()
            except Exception:
                log.exception("event log retention failed; retrying later")
            await asyncio.sleep(self.interval)
