"""The `Schrijver` over the ZGW APIs: a mutation's unit of work as a resumable saga.

    schrijven = ZgwSchrijven(Upstream(zaken=..., log=SagaLog(engine), sql=store.schrijf, ...))
    async with schrijven.schrijf() as s:          # one unit of work = one saga
        if await s.claim(subject, sleutel, "dienAanvraagIn") is None:
            ...                                   # steps: replayed, or made and recorded
            await s.vastleggen(subject, sleutel, {...})

The ZGW APIs have no transactions: each write is final once made, and Open Zaak / Open Klant
send its notification themselves (the gateway gets it on its webhook, so this writer appends
none to the event log). What makes a mutation safe is the saga (`registries.zgw.saga`): each
write is a numbered step, recorded in the gateway's store under the idempotency key, so that a
retry resumes where the first attempt stopped and never writes anything twice. Writes are sent
once (never retried blindly by the HTTP client).

Mixed set-ups: a registry that is not ZGW (e.g. klantcontacten in the embedded store beside
Open Zaak) is written through the embedded store's writer, one short transaction per step, in
which the step is recorded too -- so such a step also happens exactly once. A unit of work is
therefore never one atomic transaction across backends: it is a saga whose steps live in
different places. (The mutations do not mix families in practice: the zaak, document and
klantcontact writes of one mutation go to one backend each; the forwarding outbox always lives
in the embedded store, and `doorsturen` is such a step.)
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from registries.errors import ConfigurationError
from registries.writes import Doorsturen
from registries.zgw.saga import SagaUitvoering
from registries.zgw.schrijver_basis import Upstream
from registries.zgw.schrijver_documenten import DocumentenSchrijven
from registries.zgw.schrijver_klant import KlantcontactenSchrijven
from registries.zgw.schrijver_zaken import ZakenSchrijven

__all__ = ["Upstream", "ZgwSchrijven", "ZgwSchrijver"]


class ZgwSchrijver(ZakenSchrijven, DocumentenSchrijven, KlantcontactenSchrijven):
    """The `Schrijver` of one unit of work over the ZGW APIs (see the module)."""

    # --- idempotency ----------------------------------------------------------------------------

    async def claim(
        self, subject: str, sleutel: str, soort: str, vingerafdruk: str = ""
    ) -> dict[str, Any] | None:
        """Take the saga of this key: None -- new or unfinished, go on (finished steps are
        replayed); otherwise what the finished saga recorded with `vastleggen`. Another request
        under the key (`vingerafdruk`) is BadUserInput."""
        return await self.saga.claim(subject, sleutel, soort, vingerafdruk)

    async def vastleggen(self, subject: str, sleutel: str, resultaat: dict[str, Any]) -> None:
        await self.saga.vastleggen(subject, sleutel, resultaat)

    # --- outbox ---------------------------------------------------------------------------------

    async def doorsturen(self, opdracht: Doorsturen) -> None:
        """Queue in the embedded store's forwarding outbox: a step of its own."""
        await self._sql("doorsturen", lambda s: s.doorsturen(opdracht))


class ZgwSchrijven:
    """Units of work over the configured APIs (`registries.base.Registries.schrijf`)."""

    def __init__(self, upstream: Upstream) -> None:
        if upstream.zaken is None and upstream.documenten is None and upstream.klant is None:
            raise ConfigurationError("ZgwSchrijven needs at least one ZGW API to write to.")
        self.upstream = upstream

    @contextlib.asynccontextmanager
    async def schrijf(self) -> AsyncIterator[ZgwSchrijver]:
        saga = SagaUitvoering(self.upstream.log, wacht=self.upstream.claim_wacht)
        writer = ZgwSchrijver(self.upstream, saga)
        try:
            yield writer
        except BaseException as error:
            await saga.stop(error)
            raise
        await saga.stop(None)
