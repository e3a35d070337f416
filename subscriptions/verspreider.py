"""The live machinery of one process, put together: event log, pump, brokers, index,
retention, token expiry -- and `stroom`, the event stream of one subscription.

`stroom(abonnee, after)` replays the log after `after` and then goes live with no gap and no
duplicate: it reads pages from the log; right after a read (no await in between) it compares
the highest id it read with the highest id the pump has dispatched, and once it has caught up it
files the abonnee in the index in that same step, remembering the highest id its replay covers.
The pump offers only later ids; anything it offers at or below that id is dropped
(`Abonnee.aanbieden`). Replay and live events pass the same check (`Abonnee.wil`).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
from collections.abc import AsyncIterator, Callable, Hashable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from registries.base import Registries
from registries.errors import BadUserInput
from registries.scope import Scope
from subscriptions.abonnee import Abonnee, Filter, Levering
from subscriptions.brokers import PostgresBroker, ProcesBroker, asyncpg_dsn
from subscriptions.doelgroep import doelgroepen
from subscriptions.groep import groep_voor
from subscriptions.index import Index
from subscriptions.log import Bewaartermijn, EventLog
from subscriptions.pomp import Pomp

log = logging.getLogger("zgw_gateway.subscriptions")


class Verspreider:
    def __init__(
        self,
        engine: AsyncEngine,
        registries: Registries,
        after_commit: list[Callable[[Sequence[int]], None]],
        *,
        wachtrij: int = 1000,
        bewaar_dagen: float = 30.0,
        poll: float = 5.0,
        broker: str = "auto",
        database_url: str = "",
        bij_catalogus: Callable[[], None] | None = None,
    ) -> None:
        self.log = EventLog(engine)
        self.registries = registries
        self.index = Index()
        self.wachtrij = wachtrij
        self.pomp = Pomp(self.log, registries, self.index, poll=poll, bij_catalogus=bij_catalogus)
        self.proces_broker = ProcesBroker(after_commit)
        self.postgres_broker: PostgresBroker | None = None
        postgres = engine.dialect.name == "postgresql"
        if broker == "postgres" or (broker == "auto" and postgres):
            self.postgres_broker = PostgresBroker(asyncpg_dsn(database_url))
        self.bewaartermijn = Bewaartermijn(self.log, bewaar_dagen)
        self._verlopen: list[tuple[datetime, int, Abonnee]] = []
        self._veger: asyncio.Task[None] | None = None
        self.gestart = False

    # --- life cycle -------------------------------------------------------------------------

    async def start(self) -> None:
        if self.gestart:
            return
        self.gestart = True
        await self.pomp.start()
        await self.proces_broker.start(self.pomp.wek)
        if self.postgres_broker is not None:
            await self.postgres_broker.start(self.pomp.wek)
        self.bewaartermijn.start()
        self._veger = asyncio.create_task(self._veeg(), name="subscription-expiry")

    async def stop(self) -> None:
        if not self.gestart:
            return
        self.gestart = False
        for abonnee in self.index.alle():
            abonnee.sluit()
        if self._veger is not None:
            self._veger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._veger
        await self.bewaartermijn.stop()
        if self.postgres_broker is not None:
            await self.postgres_broker.stop()
        await self.proces_broker.stop()
        await self.pomp.stop()

    # --- subscriptions ----------------------------------------------------------------------

    async def abonnee(
        self,
        scope: Scope,
        filter: Filter,
        *,
        after: int | None = None,
        verloopt_op: datetime | None = None,
        bij_verlopen: Callable[[], Any] | None = None,
        groep: Hashable = None,
        eigenaar: Any = None,
    ) -> Abonnee:
        """A new abonnee (not yet filed: `stroom` does that). Refuses an `after` whose events
        are no longer kept. `groep`: what else, besides the filter and scope, the subscriber's
        result for an event depends on (subscribers with equal filter, scope and `groep` are
        served as one group); `eigenaar`: who subscribed (for the group's audit records)."""
        if not self.gestart:
            raise RuntimeError("the live notifications have not been started")
        if after is not None:
            await self._controleer_after(after)
        abonnee = Abonnee(
            scope,
            filter,
            limiet=self.wachtrij,
            verloopt_op=verloopt_op,
            bij_verlopen=bij_verlopen,
            groep=groep_voor(filter, scope, groep),
            eigenaar=eigenaar,
        )
        if verloopt_op is not None:
            heapq.heappush(self._verlopen, (verloopt_op, abonnee.id, abonnee))
        return abonnee

    async def _controleer_after(self, after: int) -> None:
        if after < 0:
            raise BadUserInput("`after` is an event id: 0 or more.", field="after")
        oudste = await self.log.oudste_id()
        if oudste is not None and after + 1 < oudste:
            raise BadUserInput(
                f"Events after {after} are no longer kept (the oldest is {oudste}; events are "
                f"kept {self.bewaartermijn.dagen:g} days). Subscribe without `after`, or with "
                f'after: "{oudste - 1}".',
                field="after",
            )

    async def stroom(self, abonnee: Abonnee, after: int | None = None) -> AsyncIterator[Levering]:
        """The events for `abonnee`: replayed from the log after `after`, then live."""
        try:
            if after is None:
                abonnee.laatste = self.pomp.verspreid_tot
                self.index.voeg_toe(abonnee)
            else:
                cursor = after
                while True:
                    page = await self.log.lees_na(cursor)
                    hoogste = page[-1].id if page else cursor
                    assert hoogste is not None
                    bij = hoogste >= self.pomp.verspreid_tot
                    if bij:  # caught up: join the live feed in this same step
                        abonnee.laatste = hoogste
                        self.index.voeg_toe(abonnee)
                    if page:
                        groepen = await doelgroepen(self.registries, page)
                        for notificatie, doelgroep in zip(page, groepen, strict=True):
                            levering = Levering(notificatie, doelgroep)
                            if abonnee.wil(levering):
                                abonnee.geleverd = levering.id
                                yield levering
                        cursor = hoogste
                    if bij:
                        break
            while True:
                yield await abonnee.volgende()
        finally:
            self.index.verwijder(abonnee)
            abonnee.sluit()

    # --- token expiry: one sweeper for all subscriptions ------------------------------------

    async def _veeg(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            now = datetime.now(UTC)
            while self._verlopen and self._verlopen[0][0] <= now:
                _, _, abonnee = heapq.heappop(self._verlopen)
                if abonnee.gesloten or abonnee.bij_verlopen is None:
                    continue
                try:
                    result = abonnee.bij_verlopen()
                    if asyncio.iscoroutine(result):
                        await result
                except Exception:
                    log.exception("closing an expired subscription failed")
            # forget closed abonnees early, so the heap does not keep them alive
            if len(self._verlopen) > 1024 and len(self._verlopen) > 2 * len(self.index):
                self._verlopen = [e for e in self._verlopen if not e[2].gesloten]
                heapq.heapify(self._verlopen)

    # --- for /metrics and the tests ---------------------------------------------------------

    def stand(self) -> dict[str, Any]:
        return {
            "abonnees": len(self.index),
            "index": self.index.omvang(),
            "events": self.pomp.events,
            "aangeboden": self.pomp.aangeboden,
            "verspreid_tot": self.pomp.verspreid_tot,
            "listen_verbindingen": (
                self.postgres_broker.verbindingen if self.postgres_broker is not None else None
            ),
        }
