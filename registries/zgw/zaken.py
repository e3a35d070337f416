"""The Zaken registry over a Zaken API 1.5 (Open Zaak).

Calls (N = zaken asked for in one batch):

* ``get_zaken``: 1 (``GET /zaken/{uuid}`` for one, ``POST /zaken/_zoek`` with ``uuid__in`` for
  several, 100 per call), with ``expand`` so that the children come along;
* ``zoek_zaken``: 1 per upstream page read (usually 1; see `zaken_zoek` and `paging`);
* ``rollen_van``/``resultaten_van``/``zaakinformatieobjecten_van``: 0 for zaken read in the same
  operation with that child expanded, else 1 per zaak; ``statussen_van`` and
  ``eigenschappen_van``: 1 per zaak (the API cannot expand a zaak's status history);
  `get_statussen` (current statuses by URL): 0 after an expanded read;
* ``zaakinformatieobjecten_bij``: 1 per document (+1 for the scope check of their zaken);
* ``deelzaken_van``: 0-1 for the hoofdzaken + 1 for the deelzaken.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import httpx

from registries import models as m
from registries.base import CatalogiRegistry, Page, PageRequest, ZaakFilter, ZaakTypeFilter
from registries.scope import Scope
from registries.zgw import zaken_relaties as rel
from registries.zgw.client import ZgwClient
from registries.zgw.config import ZakenConfig
from registries.zgw.geheugen import ZaakKennis, kennis_uit, zaken_geheugen
from registries.zgw.paging import (
    Bron,
    Json,
    alles,
    lijst_bron,
    scan_pagina,
    stroom,
    unie,
    venster,
    zoek_bron,
)
from registries.zgw.parse import gelezen
from registries.zgw.samen import samen
from registries.zgw.scope_hulp import uuid_onder, zaken_onbeperkt
from registries.zgw.zaken_zoek import (
    ZakenPlan,
    filter_laat_toe,
    filter_vraagt_rollen,
    plan,
    sleutel,
)

log = logging.getLogger("zgw_gateway.registries.zgw")

_UUID_IN_PER_CALL = 100
T = TypeVar("T")


def expand_paden(paden: Iterable[str]) -> list[str]:
    """The expand list with every parent named (Open Zaak ignores 'status.statustype' unless
    'status' is asked for too)."""
    found: list[str] = []
    for pad in paden:
        delen = pad.strip().split(".")
        for i in range(1, len(delen) + 1):
            deel = ".".join(delen[:i])
            if deel and deel not in found:
                found.append(deel)
    return found


class ZgwZaken:
    def __init__(
        self,
        config: ZakenConfig,
        catalogi: CatalogiRegistry,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config
        self.client = ZgwClient(config.api, registry="zaken", crs=True, transport=transport)
        self._catalogi = catalogi
        self._expand = expand_paden(config.expand)
        self._prefix = f"{self.client.base_url}/zaken/"

    def zaak_url(self, uuid: str) -> str:
        return self._prefix + uuid

    async def aclose(self) -> None:
        await self.client.aclose()

    # --- reading zaken ------------------------------------------------------------------------

    def _geheugen(self) -> dict[str, ZaakKennis] | None:
        return zaken_geheugen(self.client.base_url)

    def _onthoud(self, kennis: Iterable[ZaakKennis]) -> None:
        geheugen = self._geheugen()
        if geheugen is not None:
            for k in kennis:
                geheugen[k.zaak.url] = k

    def _kennis_uit(self, items: Sequence[Json]) -> list[ZaakKennis]:
        with gelezen(self.client.naam, self.client.registry):
            found = [kennis_uit(d) for d in items]
        self._onthoud(found)
        return found

    async def _kennis(self, urls: Iterable[str]) -> list[ZaakKennis]:
        geheugen = self._geheugen() or {}
        found: list[ZaakKennis] = []
        missing: list[str] = []
        for url in dict.fromkeys(urls):
            uuid = uuid_onder(self._prefix, url)
            if uuid is None:
                continue
            if url in geheugen:
                found.append(geheugen[url])
            else:
                missing.append(uuid)
        if len(missing) == 1:
            antwoord = await self.client.lees(
                f"zaken/{missing[0]}", params={"expand": self._expand} if self._expand else None
            )
            found.extend(self._kennis_uit([antwoord.data] if antwoord is not None else []))
        elif missing:
            expand = {"expand": self._expand} if self._expand else None
            delen = [
                missing[i : i + _UUID_IN_PER_CALL]
                for i in range(0, len(missing), _UUID_IN_PER_CALL)
            ]
            for items in await samen(
                alles(
                    zoek_bron(self.client, "zaken/_zoek", {"uuid__in": deel}, params=expand),
                    self.config.api,
                )
                for deel in delen
            ):
                found.extend(self._kennis_uit(items))
        return found

    async def _zaaktypen(self) -> dict[str, m.ZaakType]:
        alle = await self._catalogi.zoek_zaaktypen(ZaakTypeFilter(), Scope.alles())
        return {zt.url: zt for zt in alle}

    async def _met_rollen(self, kennis: Sequence[ZaakKennis]) -> None:
        onbekend = [k for k in kennis if k.rollen is None]
        if onbekend:
            found = await rel.per_url(self.client, [k.zaak.url for k in onbekend], rel.rollen)
            for k in onbekend:
                k.rollen = found[k.zaak.url]

    async def _toelaten(self, kennis: Sequence[ZaakKennis], scope: Scope) -> list[ZaakKennis]:
        """The zaken in `scope`, decided exactly as `Scope.admits_zaak` does."""
        if scope.niets or not kennis:
            return []
        zaaktypen = await self._zaaktypen() if scope.alleen_extern else {}
        if scope.betrokkenen is not None:
            await self._met_rollen(kennis)
        return [
            k for k in kennis if scope.admits_zaak(k.zaak, zaaktypen.get(k.zaak.zaaktype), k.rollen)
        ]

    async def get_zaken(self, urls: Sequence[str], scope: Scope) -> dict[str, m.Zaak]:
        if scope.niets:
            return {}
        kennis = await self._toelaten(await self._kennis(urls), scope)
        return {k.zaak.url: k.zaak for k in kennis}

    # --- searching ----------------------------------------------------------------------------

    def _bron(self, query: dict[str, Any], p: ZakenPlan) -> Bron:
        expand = {"expand": self._expand} if self._expand else {}
        if "zaaktype__in" in query:
            body = dict(query)
            if p.ordering:
                body["ordering"] = [p.ordering]
            return zoek_bron(self.client, "zaken/_zoek", body, params=expand, velden=p.velden)
        params: dict[str, Any] = {
            k: ("true" if v else "false") if isinstance(v, bool) else v for k, v in query.items()
        }
        if p.ordering:
            params["ordering"] = p.ordering
        return lijst_bron(self.client, "zaken", {**params, **expand}, velden=p.velden)

    async def _laat_toe(
        self, kennis: Sequence[ZaakKennis], f: ZaakFilter, scope: Scope
    ) -> list[ZaakKennis]:
        """Scope and filter, exactly."""
        if filter_vraagt_rollen(f):
            await self._met_rollen(kennis)
        statustypen: dict[str, str | None] = {}
        if f.statustype is not None:
            gevonden = await samen(self._huidig_statustype(k) for k in kennis)
            statustypen = {k.zaak.url: st for k, st in zip(kennis, gevonden, strict=True)}
        in_scope = await self._toelaten(kennis, scope)
        return [
            k for k in in_scope if filter_laat_toe(f, k.zaak, statustypen.get(k.zaak.url), k.rollen)
        ]

    async def _huidig_statustype(self, k: ZaakKennis) -> str | None:
        if not k.huidige_status_bekend and k.zaak.status is not None:
            k.huidige_status = await rel.status(self.client, k.zaak.status)
            k.huidige_status_bekend = True
        return k.huidige_status.statustype if k.huidige_status is not None else None

    async def zoek_zaken(self, filter: ZaakFilter, scope: Scope, page: PageRequest) -> Page[m.Zaak]:
        leeg: Page[m.Zaak] = Page(items=[], has_next=False, total=0 if page.with_total else None)
        if scope.niets:
            return leeg
        zaaktypen = await self._zaaktypen() if scope.alleen_extern else {}
        p = plan(filter, scope, zaaktypen.values(), oz=self.config.openzaak_extensies)
        if p is None:
            return leeg
        api = self.config.api
        if p.direct:
            items, count = await venster(self._bron(p.queries[0], p), api, page.offset, page.limit)
            kennis = self._kennis_uit(items)
            toegelaten = await self._laat_toe(kennis, filter, scope)
            if len(toegelaten) == len(kennis):
                total = count or 0
                return Page(
                    items=[k.zaak for k in kennis],
                    has_next=page.offset + page.limit < total,
                    total=total if page.with_total else None,
                )
            log.warning(
                "the %s returned %d zaken outside the pushed-down filter; re-reading by scanning",
                api.naam,
                len(kennis) - len(toegelaten),
            )
        blok = self._blok(page)
        stromen = [stroom(self._bron(q, p), blok) for q in p.queries]

        async def toelaten(items: list[Json]) -> list[m.Zaak]:
            kennis = self._kennis_uit(items)
            return [k.zaak for k in await self._laat_toe(kennis, filter, scope)]

        return await scan_pagina(
            unie(stromen, sleutel(filter.ordering)),
            toelaten,
            page,
            blok=blok,
            max_scan=api.max_scan,
            naam=api.naam,
        )

    def _blok(self, page: PageRequest) -> int:
        api = self.config.api
        if not api.page_size_param:
            return api.page_size
        if page.with_total:
            return api.max_page_size
        return min(api.max_page_size, max(api.page_size, page.offset + page.limit + 1))

    # --- relations ----------------------------------------------------------------------------

    def _bekend(self, zaak_urls: Sequence[str]) -> tuple[list[str], dict[str, ZaakKennis]]:
        eigen = [u for u in dict.fromkeys(zaak_urls) if uuid_onder(self._prefix, u) is not None]
        geheugen = self._geheugen() or {}
        return eigen, {u: geheugen[u] for u in eigen if u in geheugen}

    async def statussen_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.Status]]:
        eigen, kennis = self._bekend(zaak_urls)
        found = {u: k.statussen for u, k in kennis.items() if k.statussen is not None}
        gehaald = await rel.per_url(
            self.client, [u for u in eigen if u not in found], rel.statussen
        )
        for url, statussen in gehaald.items():
            if url in kennis:
                kennis[url].statussen = statussen
        return _niet_leeg({**found, **gehaald})

    async def get_statussen(self, urls: Sequence[str], scope: Scope) -> dict[str, m.Status]:
        """Statussen by URL (e.g. each zaak's current status, `Zaak.status`): 0 calls for zaken
        read with ``expand=status`` in this operation, else one call per status.

        NOT (yet) part of the `ZakenRegistry` protocol: see the note in the report; the
        gateway's `Zaak.status` field could load through it instead of all statussen."""
        geheugen = self._geheugen() or {}
        bekend: dict[str, m.Status] = {}
        for k in geheugen.values():
            if k.huidige_status is not None:
                bekend[k.huidige_status.url] = k.huidige_status
            for s in k.statussen or ():
                bekend[s.url] = s
        wanted = [u for u in dict.fromkeys(urls) if self.client.is_eigen(u)]
        missing = [u for u in wanted if u not in bekend]
        gehaald = await rel.per_url(self.client, missing, rel.status)
        bekend.update({u: s for u, s in gehaald.items() if s is not None})
        return {u: bekend[u] for u in wanted if u in bekend}

    async def betrokkenen_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.RolBetrokkene]]:
        # the rollen come inlined with the zaken (expand): nothing to gain from a lean read
        found = await self.rollen_van(zaak_urls, scope)
        return {url: [m.RolBetrokkene.van(r) for r in rollen] for url, rollen in found.items()}

    async def rollen_van(self, zaak_urls: Sequence[str], scope: Scope) -> dict[str, list[m.Rol]]:
        eigen, kennis = self._bekend(zaak_urls)
        found = {u: k.rollen for u, k in kennis.items() if k.rollen is not None}
        gehaald = await rel.per_url(self.client, [u for u in eigen if u not in found], rel.rollen)
        for url, rollen in gehaald.items():
            if url in kennis:
                kennis[url].rollen = rollen
        return _niet_leeg({**found, **gehaald})

    async def resultaten_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, m.Resultaat]:
        eigen, kennis = self._bekend(zaak_urls)
        found = {u: k.resultaat for u, k in kennis.items() if k.resultaat_bekend}
        gehaald = await rel.per_url(
            self.client, [u for u in eigen if u not in found], rel.resultaat
        )
        return {u: r for u, r in {**found, **gehaald}.items() if r is not None}

    async def eigenschappen_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.ZaakEigenschap]]:
        eigen, kennis = self._bekend(zaak_urls)
        found = {u: k.eigenschappen for u, k in kennis.items() if k.eigenschappen is not None}
        gehaald = await rel.per_url(
            self.client, [u for u in eigen if u not in found], rel.eigenschappen
        )
        return _niet_leeg({**found, **gehaald})

    async def zaakinformatieobjecten_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.ZaakInformatieObject]]:
        eigen, kennis = self._bekend(zaak_urls)
        found = {
            u: k.zaakinformatieobjecten
            for u, k in kennis.items()
            if k.zaakinformatieobjecten is not None
        }
        gehaald = await rel.per_url(
            self.client, [u for u in eigen if u not in found], rel.zaakinformatieobjecten
        )
        return _niet_leeg({**found, **gehaald})

    async def zaakinformatieobjecten_bij(
        self, document_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.ZaakInformatieObject]]:
        if scope.niets:
            return {}
        links = await rel.per_url(
            self.client, list(dict.fromkeys(document_urls)), rel.zaakinformatieobjecten_bij
        )
        if not zaken_onbeperkt(scope):
            zaken = {link.zaak for items in links.values() for link in items}
            toegelaten = {
                k.zaak.url for k in await self._toelaten(await self._kennis(zaken), scope)
            }
            links = {u: [z for z in items if z.zaak in toegelaten] for u, items in links.items()}
        return {u: items for u, items in links.items() if items}

    async def bekende_zaakinformatieobjecten(
        self, document_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.ZaakInformatieObject]]:
        """Links of these documents to zaken in `scope` that this operation already read with
        their document links: no call to the Zaken API. Incomplete by nature (other zaken may
        link them too): for "is this document linked to a zaak in scope?", not for listing."""
        geheugen = self._geheugen()
        if not geheugen or scope.niets:
            return {}
        wanted = set(document_urls)
        kandidaten = [
            k
            for k in geheugen.values()
            if k.zaakinformatieobjecten
            and any(z.informatieobject in wanted for z in k.zaakinformatieobjecten)
            and (scope.betrokkenen is None or k.rollen is not None)
        ]
        found: dict[str, list[m.ZaakInformatieObject]] = {}
        for k in await self._toelaten(kandidaten, scope):
            for z in k.zaakinformatieobjecten or ():
                if z.informatieobject in wanted:
                    found.setdefault(z.informatieobject, []).append(z)
        return found

    async def deelzaken_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.Zaak]]:
        if scope.niets:
            return {}
        hoofdzaken = await self._kennis(zaak_urls)
        deel_urls = [u for k in hoofdzaken for u in k.deelzaken]
        deelzaken = await self._toelaten(await self._kennis(deel_urls), scope)
        found: dict[str, list[m.Zaak]] = {}
        for k in sorted(deelzaken, key=lambda k: (k.zaak.startdatum, k.zaak.identificatie)):
            if k.zaak.hoofdzaak is not None:
                found.setdefault(k.zaak.hoofdzaak, []).append(k.zaak)
        return found


def _niet_leeg(found: dict[str, list[T]]) -> dict[str, list[T]]:
    """Zaken without any such child are left out (as the embedded store does)."""
    return {url: items for url, items in found.items() if items}
