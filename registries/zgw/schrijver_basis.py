"""What every part of the ZGW writer shares: the upstream APIs (or the embedded store for a
registry that is not ZGW), the saga of the unit of work, and the step helpers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from registries.errors import ConfigurationError, UpstreamUnavailable
from registries.operatie import huidige_operatie
from registries.saga_json import naar_json
from registries.sql.saga_log import SagaLog
from registries.sql.schrijver import SqlSchrijver
from registries.writes import Schrijver
from registries.zgw.client import Antwoord, ZgwClient
from registries.zgw.config import DocumentenConfig, KlantinteractiesConfig, ZakenConfig
from registries.zgw.parse import Json, gelezen
from registries.zgw.saga import ONBEKEND, SagaUitvoering

T = TypeVar("T")

#: documents up to this size go base64 inside the create request; larger ones in bestandsdelen
STANDAARD_INLINE_BYTES = 4 * 1024 * 1024


@dataclass(slots=True)
class Upstream:
    """The write side's view of the configured backends (shared by all units of work)."""

    zaken: ZgwClient | None = None
    zaken_config: ZakenConfig | None = None
    documenten: ZgwClient | None = None
    documenten_config: DocumentenConfig | None = None
    klant: ZgwClient | None = None
    klant_config: KlantinteractiesConfig | None = None
    #: the embedded store's unit of work, for the registries that are not ZGW and for the
    #: forwarding outbox
    sql: Callable[[], AbstractAsyncContextManager[Schrijver]] | None = None
    #: the gateway's own store: saga log (and the fallback zaaknummer sequence)
    log: SagaLog | None = None
    inline_bytes: int = STANDAARD_INLINE_BYTES
    #: seconds a retry waits for a concurrent request with the same idempotency key
    claim_wacht: float = 30.0
    #: learnt at run time: the Zaken API has no zaaknummer reservation endpoint
    geen_reservering: set[str] = field(default_factory=set)


class ZgwSchrijverBasis:
    def __init__(self, upstream: Upstream, saga: SagaUitvoering) -> None:
        self.up = upstream
        self.saga = saga

    # --- upstream calls -----------------------------------------------------------------------

    @staticmethod
    def _vergeet() -> None:
        """After a write, forget what this operation read of zaken (`registries.zgw.geheugen`):
        the mutation reads its result back fresh."""
        operatie = huidige_operatie()
        if operatie is not None:
            for key in [
                k for k in operatie.geheugen if isinstance(k, tuple) and k[0] == "zgw.zaken"
            ]:
                del operatie.geheugen[key]

    async def _schrijf(
        self,
        client: ZgwClient,
        method: str,
        pad: str,
        body: Json | None = None,
        **kwargs: Any,
    ) -> Antwoord:
        try:
            antwoord = await client.schrijf(method, pad, body, **kwargs)
        finally:
            self._vergeet()
        if antwoord is None:
            raise UpstreamUnavailable(
                f"The {client.naam} does not know {client.url(pad)} (HTTP 404).",
                registry=client.registry,
                upstream_status=404,
            )
        return antwoord

    async def _maak(self, client: ZgwClient, pad: str, body: Json, **kwargs: Any) -> Json:
        """POST a new resource; its JSON."""
        data = (await self._schrijf(client, "POST", pad, body, **kwargs)).data
        if not isinstance(data, dict):
            raise UpstreamUnavailable(
                f"The {client.naam} answered a create without the object.",
                registry=client.registry,
            )
        return data

    @staticmethod
    async def _items(client: ZgwClient, pad: str, params: dict[str, Any]) -> list[Json]:
        """A (first) page of a list, or a bare array (lists that are not paginated)."""
        antwoord = await client.lees(pad, params=params)
        if antwoord is None:
            return []
        data = antwoord.data
        if isinstance(data, dict):
            data = data.get("results")
        return [d for d in data or () if isinstance(d, dict)]

    @staticmethod
    def _gelezen(client: ZgwClient) -> Any:
        return gelezen(client.naam, client.registry)

    def _zaken(self) -> ZgwClient:
        assert self.up.zaken is not None
        return self.up.zaken

    def _documenten(self) -> ZgwClient:
        assert self.up.documenten is not None
        return self.up.documenten

    def _klant(self) -> ZgwClient:
        assert self.up.klant is not None
        return self.up.klant

    # --- steps in the embedded store ------------------------------------------------------------

    async def _sql(self, soort: str, doe: Callable[[Schrijver], Awaitable[T]]) -> T:
        """One step in the embedded store: its own short transaction, which records the step in
        the saga log too (the same database), so it happens exactly once."""
        if self.up.sql is None:
            raise ConfigurationError(
                f"{soort} needs the embedded store, and none is configured beside the ZGW APIs."
            )
        n, vorige = self.saga.volgende(soort)
        if vorige.resultaat is not ONBEKEND:
            self.saga.gedaan.append((n, soort, naar_json(vorige.resultaat)))
            return vorige.resultaat  # type: ignore[no-any-return]
        try:
            async with self.up.sql() as s:
                resultaat = await doe(s)
                conn = s.conn if isinstance(s, SqlSchrijver) else None
                await self.saga.klaar(n, soort, resultaat, conn=conn)
        except BaseException:
            self.saga.mislukte_stap = (n, soort)
            raise
        return resultaat
