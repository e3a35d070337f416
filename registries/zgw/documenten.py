"""The Documenten registry over a Documenten API 1.4+ (Open Zaak).

Calls: ``get_documenten`` 1 (``GET`` for one, ``POST /enkelvoudiginformatieobjecten/_zoek`` with
``uuid__in`` for several, 100 per call) plus, when the scope limits zaken, the zaak link check:
0 calls for documents whose link to an admitted zaak this operation already read (a zaak's
expanded ``zaakinformatieobjecten``), else 1 per document + 1 for their zaken. ``inhoud``: 2
concurrent calls (metadata and download).

The Documenten API cannot filter on status, on "at most" a vertrouwelijkheid, or on the link to
a zaak: ``zoek_documenten`` pushes down what it can (identificatie, informatieobjecttype, titel,
vertrouwelijkheid when the maximum is openbaar) and otherwise scans (see `paging`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any, Protocol, runtime_checkable

import httpx

from registries import models as m
from registries.base import DocumentFilter, Page, PageRequest, ZakenRegistry
from registries.scope import Scope
from registries.zgw.client import ZgwClient
from registries.zgw.config import DocumentenConfig
from registries.zgw.paging import Json, alles, lijst_bron, scan_pagina, stroom, venster, zoek_bron
from registries.zgw.parse import gelezen
from registries.zgw.parse.documenten import document
from registries.zgw.samen import eerste_fout, samen
from registries.zgw.scope_hulp import uuid_onder, zaken_onbeperkt

log = logging.getLogger("zgw_gateway.registries.zgw")

_UUID_IN_PER_CALL = 100


@runtime_checkable
class KentKoppelingen(Protocol):
    """A zaken registry that can tell, without a call, which of these documents it already saw
    linked to a zaak in scope during this operation (`ZgwZaken`)."""

    async def bekende_zaakinformatieobjecten(
        self, document_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.ZaakInformatieObject]]: ...


class ZgwDocumenten:
    def __init__(
        self,
        config: DocumentenConfig,
        zaken: ZakenRegistry,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config
        self.client = ZgwClient(config.api, registry="documenten", transport=transport)
        self._zaken = zaken
        self._prefix = f"{self.client.base_url}/enkelvoudiginformatieobjecten/"

    def document_url(self, uuid: str) -> str:
        return self._prefix + uuid

    async def aclose(self) -> None:
        await self.client.aclose()

    def _parse(self, items: Sequence[Json]) -> list[m.EnkelvoudigInformatieObject]:
        with gelezen(self.client.naam, self.client.registry):
            return [document(d, self.config.inhoud_base_url) for d in items]

    # --- scope --------------------------------------------------------------------------------

    async def _toelaten(
        self, documenten: Sequence[m.EnkelvoudigInformatieObject], scope: Scope, f: DocumentFilter
    ) -> list[m.EnkelvoudigInformatieObject]:
        """Scope (as the embedded store's `document_conditions`) and the filter's link rule."""
        found = [d for d in documenten if scope.admits_document_metadata(d)]
        onbeperkt = zaken_onbeperkt(scope)
        if not found or (onbeperkt and scope.documenten_zonder_zaak and f.zonder_zaak is None):
            return found
        bekend: dict[str, list[m.ZaakInformatieObject]] = {}
        if isinstance(self._zaken, KentKoppelingen) and f.zonder_zaak is None:
            bekend = await self._zaken.bekende_zaakinformatieobjecten([d.url for d in found], scope)
        onbekend = [d.url for d in found if not bekend.get(d.url)]
        links = (
            await self._zaken.zaakinformatieobjecten_bij(onbekend, Scope.alles())
            if onbekend
            else {}
        )
        zaken = {link.zaak for items in links.values() for link in items}
        in_scope = await self._zaken.get_zaken(sorted(zaken), scope) if not onbeperkt else {}
        toegelaten = zaken if onbeperkt else set(in_scope)

        def laat_toe(d: m.EnkelvoudigInformatieObject) -> bool:
            gekoppeld = bool(bekend.get(d.url) or links.get(d.url))
            if f.zonder_zaak is not None and gekoppeld == f.zonder_zaak:
                return False
            bij_zaak_in_scope = bool(bekend.get(d.url)) or any(
                link.zaak in toegelaten for link in links.get(d.url, ())
            )
            return bij_zaak_in_scope or (scope.documenten_zonder_zaak and not gekoppeld)

        return [d for d in found if laat_toe(d)]

    # --- reads --------------------------------------------------------------------------------

    async def get_documenten(
        self, urls: Sequence[str], scope: Scope
    ) -> dict[str, m.EnkelvoudigInformatieObject]:
        if scope.niets:
            return {}
        uuids = [u for u in (uuid_onder(self._prefix, url) for url in dict.fromkeys(urls)) if u]
        items: list[Json] = []
        if len(uuids) == 1:
            antwoord = await self.client.lees(f"enkelvoudiginformatieobjecten/{uuids[0]}")
            items = [antwoord.data] if antwoord is not None else []
        else:
            delen = [
                uuids[i : i + _UUID_IN_PER_CALL] for i in range(0, len(uuids), _UUID_IN_PER_CALL)
            ]
            zoek = "enkelvoudiginformatieobjecten/_zoek"
            for gevonden in await samen(
                alles(zoek_bron(self.client, zoek, {"uuid__in": deel}), self.config.api)
                for deel in delen
            ):
                items.extend(gevonden)
        toegelaten = await self._toelaten(self._parse(items), scope, DocumentFilter())
        return {d.url: d for d in toegelaten}

    async def zoek_documenten(
        self, filter: DocumentFilter, scope: Scope, page: PageRequest
    ) -> Page[m.EnkelvoudigInformatieObject]:
        leeg: Page[m.EnkelvoudigInformatieObject] = Page(
            items=[], has_next=False, total=0 if page.with_total else None
        )
        if scope.niets or (scope.document_statussen is not None and not scope.document_statussen):
            return leeg
        params, velden, exact = self._params(filter, scope)
        api = self.config.api
        bron = lijst_bron(self.client, "enkelvoudiginformatieobjecten", params, velden=velden)
        if exact:
            items, count = await venster(bron, api, page.offset, page.limit)
            documenten = self._parse(items)
            toegelaten = await self._toelaten(documenten, scope, filter)
            if len(toegelaten) == len(documenten) and all(_past(filter, d) for d in documenten):
                total = count or 0
                return Page(
                    items=documenten,
                    has_next=page.offset + page.limit < total,
                    total=total if page.with_total else None,
                )
            log.warning("the %s returned documents outside the filter; scanning", api.naam)

        async def toelaten(items: list[Json]) -> list[m.EnkelvoudigInformatieObject]:
            return [
                d
                for d in await self._toelaten(self._parse(items), scope, filter)
                if _past(filter, d)
            ]

        blok = self._blok(page, filter, scope)
        return await scan_pagina(
            stroom(bron, blok), toelaten, page, blok=blok, max_scan=api.max_scan, naam=api.naam
        )

    def _blok(self, page: PageRequest, f: DocumentFilter, scope: Scope) -> int:
        """Upstream page size while scanning. When every candidate costs a link lookup, read
        little more than the window needs (unless the total must be counted anyway)."""
        api = self.config.api
        if not api.page_size_param:
            return api.page_size
        koppeling = not (zaken_onbeperkt(scope) and scope.documenten_zonder_zaak) or (
            f.zonder_zaak is not None
        )
        if page.with_total or not koppeling:
            return api.max_page_size
        return min(api.max_page_size, max(20, 2 * (page.offset + page.limit + 1)))

    def _params(
        self, f: DocumentFilter, scope: Scope
    ) -> tuple[dict[str, Any], dict[str, str], bool]:
        """Filter parameters, the field names for errors, and whether they are exact."""
        oz = self.config.openzaak_extensies
        params: dict[str, Any] = {}
        velden: dict[str, str] = {}
        exact = zaken_onbeperkt(scope) and scope.documenten_zonder_zaak and f.zonder_zaak is None
        if f.identificatie is not None:
            params["identificatie"] = f.identificatie
            velden["identificatie"] = "identificatie"
        if f.informatieobjecttype is not None:
            if oz:
                params["informatieobjecttype"] = f.informatieobjecttype
                velden["informatieobjecttype"] = "informatieobjecttype"
            else:
                exact = False
        if f.titel_bevat:
            if oz:
                params["titel"] = f.titel_bevat
                velden["titel"] = "titelBevat"
            else:
                exact = False
        if f.status is not None or scope.document_statussen is not None:
            exact = False
        maximum = scope.document_max_vertrouwelijkheid
        if maximum is not None:
            if maximum is m.Vertrouwelijkheid.OPENBAAR and oz:
                params["vertrouwelijkheidaanduiding"] = maximum.value
            elif maximum is not m.Vertrouwelijkheid.ZEER_GEHEIM:
                exact = False
        return params, velden, exact

    async def inhoud(self, url: str) -> m.DocumentInhoud | None:
        uuid = uuid_onder(self._prefix, url)
        if uuid is None:
            return None

        try:
            async with asyncio.TaskGroup() as groep:
                meta = groep.create_task(self.client.lees(f"enkelvoudiginformatieobjecten/{uuid}"))
                inhoud = groep.create_task(
                    self.client.download(
                        f"enkelvoudiginformatieobjecten/{uuid}/download",
                        max_bytes=self.config.max_inhoud_bytes,
                    )
                )
        except BaseExceptionGroup as fouten:
            raise eerste_fout(fouten) from None
        antwoord, data = meta.result(), inhoud.result()
        if antwoord is None or data is None:
            return None
        with gelezen(self.client.naam, self.client.registry):
            meta = antwoord.data
            inhoud_bytes = data

            async def stukken() -> AsyncIterator[bytes]:
                yield inhoud_bytes

            return m.DocumentInhoud(
                bestandsnaam=str(meta.get("bestandsnaam") or ""),
                formaat=str(meta.get("formaat") or ""),
                omvang=len(data),
                stukken=stukken,
            )


def _past(f: DocumentFilter, d: m.EnkelvoudigInformatieObject) -> bool:
    """The filter's own rules on the document (the link rule is in `_toelaten`)."""
    if f.titel_bevat and f.titel_bevat.casefold() not in d.titel.casefold():
        return False
    if f.identificatie is not None and d.identificatie != f.identificatie:
        return False
    if f.informatieobjecttype is not None and d.informatieobjecttype != f.informatieobjecttype:
        return False
    return f.status is None or d.status is f.status
