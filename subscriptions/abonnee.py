"""One subscriber (abonnee): what it asked for, the scope it may see, and its bounded queue.

The fan-out hands an abonnee each matching event with `aanbieden` -- synchronously, no task or
await per subscriber. The subscription's own task takes them with `volgende`. A queue that is
full marks the abonnee as overflowed: it is offered nothing more, drains what it holds, and is
then ended with `TeLangzaam` -- which names the last event it received, so that the client can
resume with `after` and miss nothing. Nothing is ever skipped silently.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from registries.errors import GatewayError
from registries.models import BetrokkeneId, Notificatie
from registries.scope import Scope
from subscriptions.doelgroep import Doelgroep
from subscriptions.groep import Groep, groep_voor

_ids = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Filter:
    """What a subscription asks for, on top of what its scope allows. None: no condition."""

    #: events about this zaak (URL) only
    zaak: str | None = None
    #: events about zaken where a rol names one of these identities (mijnZaken)
    betrokkenen: frozenset[BetrokkeneId] | None = None
    kanalen: frozenset[str] | None = None
    #: zaaktype URLs
    zaaktypen: frozenset[str] | None = None
    acties: frozenset[str] | None = None

    def past(self, notificatie: Notificatie, doelgroep: Doelgroep) -> bool:
        if self.kanalen is not None and notificatie.kanaal not in self.kanalen:
            return False
        if self.acties is not None and notificatie.actie not in self.acties:
            return False
        if self.zaak is not None and self.zaak not in doelgroep.zaak_urls:
            return False
        if self.zaaktypen is not None and not (self.zaaktypen & doelgroep.zaaktype_urls):
            return False
        return self.betrokkenen is None or bool(self.betrokkenen & doelgroep.betrokkenen)


@dataclass(slots=True, eq=False)
class Levering:
    """One event as this process delivers it: loaded once, shared by all its subscribers.
    `memo` lets subscribers that would compute the same result (same `Groep`) compute it once
    per event; `groepen` names, per group, the abonnees the pump queued it for (empty for a
    replayed event: replay is per subscriber)."""

    notificatie: Notificatie
    doelgroep: Doelgroep
    memo: dict[Any, Any] = field(default_factory=dict)
    groepen: dict[Groep, list[Abonnee]] = field(default_factory=dict)

    @property
    def id(self) -> int:
        assert self.notificatie.id is not None
        return self.notificatie.id


class TeLangzaam(GatewayError):
    """The subscriber could not keep up: its queue overflowed. `extensions.after` is the id to
    resume from."""

    code = "SUBSCRIBER_TOO_SLOW"

    def __init__(self, laatste_id: int, limiet: int) -> None:
        super().__init__(
            f"This subscription could not keep up with the events (more than {limiet} waiting) "
            f"and was ended. Nothing after event {laatste_id} was delivered: subscribe again "
            f'with after: "{laatste_id}" to receive every later event.',
            after=str(laatste_id),
        )
        self.laatste_id = laatste_id
        self.limiet = limiet


class Gesloten(Exception):
    """The gateway is shutting down: the subscription ends (complete)."""


class Abonnee:
    __slots__ = (
        "_rij",
        "_wacht",
        "bij_verlopen",
        "eigenaar",
        "filter",
        "geleverd",
        "gesloten",
        "groep",
        "id",
        "laatste",
        "limiet",
        "overgelopen",
        "scope",
        "sleutels",
        "verloopt_op",
    )

    def __init__(
        self,
        scope: Scope,
        filter: Filter,
        *,
        limiet: int,
        verloopt_op: datetime | None = None,
        bij_verlopen: Callable[[], Any] | None = None,
        groep: Groep | None = None,
        eigenaar: Any = None,
    ) -> None:
        self.id = next(_ids)
        self.scope = scope
        self.filter = filter
        #: the subscribers whose result for an event is necessarily the same as this one's
        self.groep = groep if groep is not None else groep_voor(filter, scope)
        #: who subscribed, for the audit records the group writes (opaque here)
        self.eigenaar = eigenaar
        self.limiet = limiet
        self.verloopt_op = verloopt_op
        self.bij_verlopen = bij_verlopen
        self._rij: deque[Levering] = deque()
        self._wacht: asyncio.Future[None] | None = None
        #: the highest event id queued or handed out (later offers at or below it are dropped)
        self.laatste = 0
        #: the highest event id the consumer took
        self.geleverd = 0
        self.overgelopen = False
        self.gesloten = False
        #: where the index filed this abonnee
        self.sleutels: tuple[tuple[str, Any], ...] = ()

    def wil(self, levering: Levering) -> bool:
        """Does this subscription ask for, and may it see, this event? (synchronous, no I/O)"""
        return self.filter.past(levering.notificatie, levering.doelgroep) and (
            levering.doelgroep.toegelaten(self.scope)
        )

    def aanbieden(self, levering: Levering) -> bool:
        """Queue `levering`; True when it was queued (False: a repeat, closed or overflowed)."""
        if self.overgelopen or self.gesloten or levering.id <= self.laatste:
            return False
        queued = len(self._rij) < self.limiet
        if queued:
            self._rij.append(levering)
            self.laatste = levering.id
        else:
            self.overgelopen = True
        self._wek()
        return queued

    def sluit(self) -> None:
        self.gesloten = True
        self._wek()

    def _wek(self) -> None:
        waiter = self._wacht
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def volgende(self) -> Levering:
        """The next event; raises `TeLangzaam` once an overflowed queue is drained."""
        while not self._rij:
            if self.overgelopen:
                raise TeLangzaam(self.geleverd, self.limiet)
            if self.gesloten:
                raise Gesloten
            self._wacht = asyncio.get_running_loop().create_future()
            try:
                await self._wacht
            finally:
                self._wacht = None
        levering = self._rij.popleft()
        self.geleverd = levering.id
        return levering

    def __len__(self) -> int:
        return len(self._rij)
