"""The pump: the one place in a process that reads new events from the log and fans them out.

A broker wakes it (after a local commit, or a PostgreSQL NOTIFY from another process); it also
looks by itself every `poll` seconds, so that a lost wake-up costs latency, never an event. Each
wake-up reads everything after the last id it dispatched, in pages: each event is loaded once
per process, its audience worked out once (one batch of registry reads per page), and it is
offered to the abonnees the index names -- synchronously, in id order. Whether an abonnee wants
it is decided once per `Groep` (same filter and scope), and the event records per group whom
it was queued for (`Levering.groepen`).

`verspreid_tot` is the highest id dispatched. A subscription that replays from the log joins
the live feed once its replay has reached that id (see `Verspreider.stroom`), which is what makes
replay-then-live free of gaps and duplicates.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence

from registries.base import Registries
from registries.models import Notificatie
from subscriptions.abonnee import Levering
from subscriptions.doelgroep import CATALOGUS_KANALEN, Doelgroep, doelgroepen
from subscriptions.groep import Groep
from subscriptions.index import Index
from subscriptions.log import EventLog

log = logging.getLogger("zgw_gateway.subscriptions.pomp")


class Pomp:
    def __init__(
        self,
        event_log: EventLog,
        registries: Registries,
        index: Index,
        *,
        poll: float = 5.0,
        bij_catalogus: Callable[[], None] | None = None,
    ) -> None:
        self.log = event_log
        self.registries = registries
        self.index = index
        self.poll = poll
        self.bij_catalogus = bij_catalogus
        self.verspreid_tot = 0
        self._begonnen = False
        self._wek = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        # counters, for /metrics and the tests
        self.events = 0
        self.aangeboden = 0
        #: candidates the index named
        self.bekeken = 0
        #: `Abonnee.wil` evaluations (once per group and event)
        self.beoordeeld = 0
        self.fouten = 0

    async def start(self) -> None:
        """Live from now: events already in the log are for replay (`after`), not for the pump.
        (When the database cannot be reached yet, the pump starts from the newest id it finds
        once it can.)"""
        try:
            self.verspreid_tot = await self.log.laatste_id()
            self._begonnen = True
        except Exception as error:
            log.warning("the event log cannot be read yet (%s); the pump will retry", error)
        self._task = asyncio.create_task(self._run(), name="event-pump")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wek(self) -> None:
        self._wek.set()

    async def _run(self) -> None:
        backoff = 0.1
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wek.wait(), self.poll)
            self._wek.clear()
            try:
                await self.verwerk()
                backoff = 0.1
            except Exception as error:
                self.fouten += 1
                log.warning("reading the event log failed (%s); retrying in %.1f s", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                self._wek.set()

    async def verwerk(self) -> None:
        """Dispatch everything after `verspreid_tot` (also called directly by tests)."""
        if not self._begonnen:
            self.verspreid_tot = await self.log.laatste_id()
            self._begonnen = True
        while True:
            page = await self.log.lees_na(self.verspreid_tot)
            if not page:
                return
            if self.bij_catalogus is not None and any(n.kanaal in CATALOGUS_KANALEN for n in page):
                self.bij_catalogus()
            groepen = await doelgroepen(self.registries, page)
            self._verspreid(page, groepen)

    def _verspreid(self, page: Sequence[Notificatie], groepen: Sequence[Doelgroep]) -> None:
        index = self.index
        for notificatie, doelgroep in zip(page, groepen, strict=True):
            assert notificatie.id is not None
            if notificatie.id <= self.verspreid_tot:
                continue  # another verwerk() got here first
            levering = Levering(notificatie, doelgroep)
            # `wil` depends only on the filter and scope, both part of the group key: decide
            # once per group; remember per group who got the event (the group's audit records)
            oordeel: dict[Groep, bool] = {}
            per_groep = levering.groepen
            for abonnee in index.kandidaten(doelgroep):
                self.bekeken += 1
                groep = abonnee.groep
                wil = oordeel.get(groep)
                if wil is None:
                    wil = oordeel[groep] = abonnee.wil(levering)
                    self.beoordeeld += 1
                if wil:
                    self.aangeboden += 1
                    if abonnee.aanbieden(levering):
                        leden = per_groep.get(groep)
                        if leden is None:
                            per_groep[groep] = [abonnee]
                        else:
                            leden.append(abonnee)
            self.verspreid_tot = notificatie.id
            self.events += 1
