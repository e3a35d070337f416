"""The Klantinteracties registry (klantcontacten) over Open Klant 2 (Klantinteracties API 0.9).

A klantcontact is read with its betrokkenen, their partijen (for the partij-identificatoren:
BSN, KvK-nummer, ...) and its onderwerpobjecten in ONE call (``expand=hadBetrokkenen,
hadBetrokkenen.wasPartij,gingOverOnderwerpobjecten``).

* ``klantcontacten_van``: 1 call per zaak (as KISS does:
  ``GET klantcontacten?onderwerpobject__onderwerpobjectidentificatorObjectId=<zaak uuid>``);
* ``get_klantcontacten``: 1 call per klantcontact (the API has no ``uuid__in``), plus 1 for the
  scope check of their zaken when the scope limits zaken;
* ``zoek_klantcontacten``: the identities (``hadBetrokkene__wasPartij__partijIdentificator__
  codeSoortObjectId``/``...objectId``), zaak (``onderwerpobject__...ObjectId``), ``kanaal`` and
  ``onderwerp`` are pushed down; the rest (the link to a zaak in scope; that the identity and the
  zaak match on ONE partij-identificator and ONE onderwerpobject) is checked after fetching, so
  such searches scan (see `paging`). Several identities are several queries, merged in order.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

import httpx

from registries import models as m
from registries.base import KlantcontactFilter, Page, PageRequest, ZakenRegistry
from registries.models import ZAAK_OBJECTTYPES
from registries.scope import Scope
from registries.zgw.client import ZgwClient
from registries.zgw.config import KlantinteractiesConfig
from registries.zgw.paging import (
    Json,
    Omgekeerd,
    alles,
    lijst_bron,
    scan_pagina,
    stroom,
    unie,
    venster,
)
from registries.zgw.parse import gelezen
from registries.zgw.parse import klantinteracties as parse
from registries.zgw.samen import samen
from registries.zgw.scope_hulp import uuid_onder, zaken_onbeperkt

log = logging.getLogger("zgw_gateway.registries.zgw")

_PARTIJ = "hadBetrokkene__wasPartij__partijIdentificator__"
_ZAAK = "onderwerpobject__onderwerpobjectidentificatorObjectId"
_EXPAND = {"expand": list(parse.EXPAND)}


def zaak_uuids_van(klantcontact: m.Klantcontact) -> list[str]:
    return [
        o.object_id for o in klantcontact.onderwerpobjecten if o.code_objecttype in ZAAK_OBJECTTYPES
    ]


class ZgwKlantcontacten:
    def __init__(
        self,
        config: KlantinteractiesConfig,
        zaken: ZakenRegistry,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config
        self.client = ZgwClient(config.api, registry="klantinteracties", transport=transport)
        self._zaken = zaken
        self._prefix = f"{self.client.base_url}/klantcontacten/"

    async def aclose(self) -> None:
        await self.client.aclose()

    async def _parse(self, items: Sequence[Json]) -> list[m.Klantcontact]:
        onvolledig = [d for d in items if parse.onvolledig(d)]
        if onvolledig:
            log.warning(
                "the %s did not expand betrokkenen/partijen/onderwerpobjecten; reading them one "
                "by one (Open Klant 2.x expands them in one call)",
                self.client.naam,
            )
            await samen(self._vul_aan(d) for d in onvolledig)
        with gelezen(self.client.naam, self.client.registry):
            return [parse.klantcontact(d) for d in items]

    async def _vul_aan(self, d: Json) -> None:
        """Read what the expansion should have brought, one object per call (fallback)."""

        async def lees(fk: Any) -> Json | None:
            url = fk.get("url") if isinstance(fk, dict) else None
            antwoord = await self.client.lees(str(url)) if url else None
            return antwoord.data if antwoord is not None else None

        expand = d.setdefault("_expand", {})
        for veld in ("hadBetrokkenen", "gingOverOnderwerpobjecten"):
            if veld not in expand:
                gelezen_ = await samen(lees(fk) for fk in d.get(veld) or ())
                expand[veld] = [x for x in gelezen_ if x is not None]
        for b in expand["hadBetrokkenen"]:
            if b.get("wasPartij") and parse.uitgebreid(b, "wasPartij") is None:
                b.setdefault("_expand", {})["wasPartij"] = await lees(b["wasPartij"])

    # --- scope --------------------------------------------------------------------------------

    async def _toelaten(
        self, contacten: Sequence[m.Klantcontact], scope: Scope
    ) -> list[m.Klantcontact]:
        """Exactly the embedded store's `klantcontact_conditions`: the klantcontact's own rule,
        and about a zaak in scope (or about none, when allowed)."""
        found = [k for k in contacten if scope.admits_klantcontact_metadata(k)]
        if not found:
            return []
        if zaken_onbeperkt(scope):
            if scope.klantcontacten_zonder_zaak:
                return found
            return [k for k in found if zaak_uuids_van(k)]
        urls = {self._zaken.zaak_url(u) for k in found for u in zaak_uuids_van(k)}
        in_scope = {z.uuid for z in (await self._zaken.get_zaken(sorted(urls), scope)).values()}
        return [
            k
            for k in found
            if any(u in in_scope for u in zaak_uuids_van(k))
            or (not zaak_uuids_van(k) and scope.klantcontacten_zonder_zaak)
        ]

    def _identiteiten(self, scope: Scope) -> list[dict[str, str]] | None:
        """One parameter set per identity of the scope ([{}] = no condition; None = nothing)."""
        if scope.klantcontact_betrokkenen is None:
            return [{}]
        if not scope.klantcontact_betrokkenen:
            return None
        return [
            {_PARTIJ + "codeSoortObjectId": i.soort.value, _PARTIJ + "objectId": i.waarde}
            for i in sorted(scope.klantcontact_betrokkenen, key=lambda i: (i.soort.value, i.waarde))
        ]

    # --- reads --------------------------------------------------------------------------------

    async def get_klantcontacten(
        self, urls: Sequence[str], scope: Scope
    ) -> dict[str, m.Klantcontact]:
        if scope.niets:
            return {}
        uuids = [u for u in (uuid_onder(self._prefix, url) for url in dict.fromkeys(urls)) if u]
        antwoorden = await samen(
            self.client.lees(f"klantcontacten/{u}", params=_EXPAND) for u in uuids
        )
        items = [a.data for a in antwoorden if a is not None]
        return {k.url: k for k in await self._toelaten(await self._parse(items), scope)}

    async def klantcontacten_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.Klantcontact]]:
        identiteiten = self._identiteiten(scope)
        if scope.niets or identiteiten is None:
            return {}
        prefix = self._zaken.zaak_url("")
        per_url = {u: uuid for u in dict.fromkeys(zaak_urls) if (uuid := uuid_onder(prefix, u))}
        extra = identiteiten[0] if len(identiteiten) == 1 else {}

        async def van(uuid: str) -> list[m.Klantcontact]:
            bron = lijst_bron(self.client, "klantcontacten", {_ZAAK: uuid, **extra, **_EXPAND})
            contacten = await self._parse(await alles(bron, self.config.api))
            return sorted(
                (
                    k
                    for k in contacten
                    if uuid in zaak_uuids_van(k) and scope.admits_klantcontact_metadata(k)
                ),
                key=lambda k: (k.plaatsgevonden_op, k.uuid),
            )

        found = await samen(van(uuid) for uuid in per_url.values())
        return {url: items for url, items in zip(per_url, found, strict=True) if items}

    async def zoek_klantcontacten(
        self, filter: KlantcontactFilter, scope: Scope, page: PageRequest
    ) -> Page[m.Klantcontact]:
        leeg: Page[m.Klantcontact] = Page(
            items=[], has_next=False, total=0 if page.with_total else None
        )
        identiteiten = self._identiteiten(scope)
        if scope.niets or identiteiten is None:
            return leeg
        basis: dict[str, Any] = {**_EXPAND}
        exact = scope.klantcontact_betrokkenen is None and (
            zaken_onbeperkt(scope) and scope.klantcontacten_zonder_zaak
        )
        zaak_uuid: str | None = None
        if filter.zaak is not None:
            zaak_uuid = uuid_onder(self._zaken.zaak_url(""), filter.zaak)
            if zaak_uuid is None:
                return leeg
            basis[_ZAAK] = zaak_uuid
            exact = False  # the API does not tie objectId to a zaak objecttype
        if filter.bsn is not None:
            if scope.klantcontact_betrokkenen is None:
                identiteiten = [
                    {_PARTIJ + "codeSoortObjectId": "bsn", _PARTIJ + "objectId": filter.bsn}
                ]
            exact = False
        if filter.kanaal is not None:
            basis["kanaal"] = filter.kanaal
        if filter.onderwerp_bevat:
            basis["onderwerp"] = filter.onderwerp_bevat
        velden = {_PARTIJ + "objectId": "bsn", "kanaal": "kanaal", "onderwerp": "onderwerpBevat"}
        bronnen = [
            lijst_bron(self.client, "klantcontacten", {**basis, **ident}, velden=velden)
            for ident in identiteiten
        ]
        api = self.config.api

        def past(k: m.Klantcontact) -> bool:
            return _past(filter, zaak_uuid, k)

        if exact and len(bronnen) == 1:
            items, count = await venster(bronnen[0], api, page.offset, page.limit)
            contacten = await self._parse(items)
            if all(past(k) for k in contacten) and len(
                await self._toelaten(contacten, scope)
            ) == len(contacten):
                total = count or 0
                return Page(
                    items=contacten,
                    has_next=page.offset + page.limit < total,
                    total=total if page.with_total else None,
                )

        blok = api.max_page_size if api.page_size_param else api.page_size
        stromen: list[AsyncIterator[Json]] = [stroom(b, blok) for b in bronnen]

        def sleutel(d: Json) -> Any:
            # Open Klant lists newest first (by creation, which it does not expose); merging
            # by plaatsgevondenOp loses and doubles nothing, whatever the exact upstream order
            return Omgekeerd(str(d.get("plaatsgevondenOp"))), str(d.get("uuid"))

        async def toelaten(items: list[Json]) -> list[m.Klantcontact]:
            return [k for k in await self._toelaten(await self._parse(items), scope) if past(k)]

        return await scan_pagina(
            unie(stromen, sleutel), toelaten, page, blok=blok, max_scan=api.max_scan, naam=api.naam
        )


def _past(f: KlantcontactFilter, zaak_uuid: str | None, k: m.Klantcontact) -> bool:
    """The filter's own rules, as the embedded store applies them."""
    if zaak_uuid is not None and zaak_uuid not in zaak_uuids_van(k):
        return False
    if f.bsn is not None and not any(
        p.code_soort_object_id == "bsn" and p.object_id == f.bsn
        for b in k.betrokkenen
        for p in b.partij_identificatoren
    ):
        return False
    if f.kanaal is not None and k.kanaal != f.kanaal:
        return False
    return not (f.onderwerp_bevat and f.onderwerp_bevat.casefold() not in k.onderwerp.casefold())
