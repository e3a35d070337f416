"""The Catalogi registry over a Catalogi API 1.3 (Open Zaak), cached across requests.

Catalogus data changes rarely and every screen needs it, so it is kept for `ttl` seconds (and
until `invalidate()`, which the gateway calls on a Catalogi notification):

* all zaaktypen: one paginated ``GET /zaaktypen?status=alles`` per TTL (they are needed as a
  whole anyway: for `zoek_zaaktypen` and for scopes limited to `extern` zaaktypen);
* statustypen, roltypen, resultaattypen, informatieobjecttypen, eigenschappen: by zaaktype,
  ``GET /statustypen?zaaktype=...`` etc. (one call per zaaktype and kind, every page), on first
  need; a URL that no zaaktype lists is read alone (``GET`` on the URL);
* entries read alone keep their ``ETag``; after the TTL they are revalidated with
  ``If-None-Match`` (a 304 keeps the cached object).

Cold, a zaak screen costs about 1 + 1 per kind; warm, nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx

from registries import models as m
from registries.base import ZaakTypeFilter
from registries.scope import Scope
from registries.zgw.client import ZgwClient
from registries.zgw.config import CatalogiConfig
from registries.zgw.paging import Json, alles, lijst_bron
from registries.zgw.parse import catalogi as parse
from registries.zgw.parse import gelezen
from registries.zgw.samen import samen

V = TypeVar("V")


@dataclass(slots=True)
class _Item(Generic[V]):
    waarde: V
    etag: str | None
    geladen: float


@dataclass(slots=True)
class _Soort(Generic[V]):
    pad: str
    parse: Callable[[Json], V]
    #: the URLs of this kind a zaaktype lists
    van_zaaktype: Callable[[m.ZaakType], list[str]]
    items: dict[str, _Item[V]] = field(default_factory=dict)
    lock: asyncio.Lock | None = None


class ZgwCatalogi:
    def __init__(
        self,
        config: CatalogiConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        klok: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.client = ZgwClient(config.api, registry="catalogi", transport=transport)
        self._klok = klok
        self._generatie = 0
        self._zaaktypen_geladen: float | None = None
        self._zaaktypen_lock: asyncio.Lock | None = None
        self._zaaktypen: _Soort[m.ZaakType] = _Soort("zaaktypen", parse.zaaktype, lambda zt: [])
        self._statustypen = _Soort("statustypen", parse.statustype, lambda zt: zt.statustypen)
        self._roltypen = _Soort("roltypen", parse.roltype, lambda zt: zt.roltypen)
        self._resultaattypen = _Soort(
            "resultaattypen", parse.resultaattype, lambda zt: zt.resultaattypen
        )
        self._informatieobjecttypen = _Soort(
            "informatieobjecttypen",
            parse.informatieobjecttype,
            lambda zt: zt.informatieobjecttypen,
        )
        self._eigenschappen = _Soort("eigenschappen", parse.eigenschap, lambda zt: zt.eigenschappen)

    async def aclose(self) -> None:
        await self.client.aclose()

    def invalidate(self) -> None:
        self._generatie += 1
        self._zaaktypen_geladen = None
        for soort in self._soorten():
            soort.items.clear()

    def _soorten(self) -> tuple[_Soort[Any], ...]:
        return (
            self._zaaktypen,
            self._statustypen,
            self._roltypen,
            self._resultaattypen,
            self._informatieobjecttypen,
            self._eigenschappen,
        )

    def _vers(self, item: _Item[Any]) -> bool:
        return self._klok() - item.geladen < self.config.ttl

    def _parse(self, soort: _Soort[V], data: Json) -> V:
        with gelezen(self.client.naam, self.client.registry):
            return soort.parse(data)

    # --- zaaktypen ----------------------------------------------------------------------------

    async def _alle_zaaktypen(self) -> list[m.ZaakType]:
        if self._zaaktypen_lock is None:
            self._zaaktypen_lock = asyncio.Lock()
        async with self._zaaktypen_lock:
            geladen = self._zaaktypen_geladen
            if geladen is None or self._klok() - geladen >= self.config.ttl:
                generatie = self._generatie
                bron = lijst_bron(self.client, "zaaktypen", {"status": "alles"})
                items = await alles(bron, self.config.api)
                found = [self._parse(self._zaaktypen, d) for d in items]
                if generatie == self._generatie:
                    nu = self._klok()
                    for zt in found:
                        self._zaaktypen.items[zt.url] = _Item(zt, None, nu)
                    self._zaaktypen_geladen = nu
                return found
        return [i.waarde for i in self._zaaktypen.items.values()]

    async def zoek_zaaktypen(self, filter: ZaakTypeFilter, scope: Scope) -> list[m.ZaakType]:
        alle = await self._alle_zaaktypen()
        admitted = scope.effectieve_zaaktypen(alle)
        found = [
            zt
            for zt in alle
            if not scope.niets
            and (admitted is None or zt.url in admitted)
            and (filter.identificatie is None or zt.identificatie == filter.identificatie)
            and (filter.geldig_op is None or zt.geldig_op(filter.geldig_op))
        ]
        found.sort(key=lambda zt: (zt.identificatie, zt.versiedatum))
        return found

    async def get_zaaktypen(self, urls: Sequence[str]) -> dict[str, m.ZaakType]:
        await self._alle_zaaktypen()
        return await self._get(self._zaaktypen, urls)

    # --- the other kinds ----------------------------------------------------------------------

    async def get_statustypen(self, urls: Sequence[str]) -> dict[str, m.StatusType]:
        return await self._get(self._statustypen, urls)

    async def get_roltypen(self, urls: Sequence[str]) -> dict[str, m.RolType]:
        return await self._get(self._roltypen, urls)

    async def get_resultaattypen(self, urls: Sequence[str]) -> dict[str, m.ResultaatType]:
        return await self._get(self._resultaattypen, urls)

    async def get_informatieobjecttypen(
        self, urls: Sequence[str]
    ) -> dict[str, m.InformatieObjectType]:
        return await self._get(self._informatieobjecttypen, urls)

    async def get_eigenschappen(self, urls: Sequence[str]) -> dict[str, m.Eigenschap]:
        return await self._get(self._eigenschappen, urls)

    def _gevonden(self, soort: _Soort[V], urls: Sequence[str]) -> dict[str, V]:
        return {u: soort.items[u].waarde for u in urls if u in soort.items}

    async def _get(self, soort: _Soort[V], urls: Sequence[str]) -> dict[str, V]:
        wanted = [u for u in dict.fromkeys(urls) if self.client.is_eigen(u)]
        if all(u in soort.items and self._vers(soort.items[u]) for u in wanted):
            return self._gevonden(soort, wanted)
        if soort.lock is None:
            soort.lock = asyncio.Lock()
        async with soort.lock:
            generatie = self._generatie
            oud = [u for u in wanted if u not in soort.items or not self._vers(soort.items[u])]
            met_etag = [u for u in oud if u in soort.items and soort.items[u].etag]
            zonder = [u for u in oud if u not in met_etag]
            per_zaaktype: dict[str, list[str]] = {}
            alleen: list[str] = list(met_etag)
            if zonder and soort is not self._zaaktypen:
                # fewest list calls: take the zaaktype that lists most of what is missing, and
                # repeat (informatieobjecttypen are shared between zaaktypen)
                lijsten_van = {
                    zt.url: set(soort.van_zaaktype(zt)) for zt in await self._alle_zaaktypen()
                }
                rest = set(zonder)
                while rest and lijsten_van:
                    beste = max(lijsten_van, key=lambda zt: len(lijsten_van[zt] & rest))
                    winst = lijsten_van.pop(beste) & rest
                    if not winst:
                        break
                    per_zaaktype[beste] = sorted(winst)
                    rest -= winst
                alleen.extend(u for u in zonder if u in rest)
            else:
                alleen.extend(zonder)
            lijsten = await samen(self._lijst(soort, zt) for zt in per_zaaktype)
            losse = await samen(self._detail(soort, u) for u in alleen)
            if generatie == self._generatie:
                nu = self._klok()
                for lijst in lijsten:
                    for url, waarde in lijst:
                        soort.items[url] = _Item(waarde, None, nu)
                for url, item in zip(alleen, losse, strict=True):
                    if item is not None:
                        soort.items[url] = item
                    else:
                        soort.items.pop(url, None)
            return self._gevonden(soort, wanted)

    async def _lijst(self, soort: _Soort[V], zaaktype: str) -> list[tuple[str, V]]:
        bron = lijst_bron(self.client, soort.pad, {"zaaktype": zaaktype, "status": "alles"})
        items = await alles(bron, self.config.api)
        found = [self._parse(soort, d) for d in items]
        return [(str(d["url"]), v) for d, v in zip(items, found, strict=True)]

    async def _detail(self, soort: _Soort[V], url: str) -> _Item[V] | None:
        bekend = soort.items.get(url)
        antwoord = await self.client.lees(url, etag=bekend.etag if bekend else None)
        if antwoord is None:
            return None
        if antwoord.status == 304 and bekend is not None:
            return _Item(bekend.waarde, bekend.etag, self._klok())
        return _Item(self._parse(soort, antwoord.data), antwoord.etag, self._klok())
