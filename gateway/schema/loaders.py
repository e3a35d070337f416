"""Per-operation loaders: every relation of the schema is read through one of these, in batches.

One `Loaders` is made for each GraphQL operation (never shared between operations or
connections). Each batch opens its own short registry call, so sibling fields can load
concurrently. Everything that returns zaken, documents or klantcontacten passes the row guard
(`gateway.authz.guard`) before it is cached.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cached_property, partial
from typing import Any

from gateway.authz import guard
from gateway.schema.batching import MISSING, BatchLoader, by_keys
from gateway.schema.views import DocumentView
from registries import models as m
from registries.base import ZAAK_KINDEREN, Registries, ZaakKinderen
from registries.scope import Scope

#: per child of `ZAAK_KINDEREN`: the loader it answers and its value when a zaak has none
_KIND_LOADERS: dict[str, tuple[str, Callable[[], Any]]] = {
    "statussen": ("statussen", list),
    "rollen": ("rollen", list),
    "eigenschappen": ("zaakeigenschappen", list),
    "resultaat": ("resultaat", lambda: None),
    "documenten": ("documenten_van_zaak", list),
    "klantcontacten": ("klantcontacten_van_zaak", list),
}
assert _KIND_LOADERS.keys() == ZAAK_KINDEREN


class Loaders:
    def __init__(
        self,
        registries: Registries,
        scope: Scope,
        rollen_filter: Callable[[list[m.Rol]], list[m.Rol]] | None = None,
    ) -> None:
        self.registries = registries
        self.scope = scope
        self._rollen_filter = rollen_filter
        #: `zaak_kinderen` per set of children read together
        self._kinderen: dict[frozenset[str], BatchLoader[str, bool]] = {}
        #: the scope's document rules without its zaak rules (for documents of admitted zaken)
        self.document_regels = Scope(
            document_statussen=scope.document_statussen,
            document_max_vertrouwelijkheid=scope.document_max_vertrouwelijkheid,
            documenten_zonder_zaak=True,
            niets=scope.niets,
            zaaktypen=frozenset() if scope.niets else None,
        )

    # Each loader is made when the operation first asks for it: an operation uses a few of
    # these 21, and making one (with its cache) costs as much as a small read.

    # --- zaken and what hangs off them --------------------------------------------------------

    @cached_property
    def zaak(self) -> BatchLoader[str, m.Zaak | None]:
        return BatchLoader(self._zaken)

    @cached_property
    def statussen(self) -> BatchLoader[str, list[m.Status]]:
        return BatchLoader(self._statussen)

    @cached_property
    def status(self) -> BatchLoader[str, m.Status | None]:
        """Statussen by URL (Zaak.status: the current one, without the whole history)."""
        return BatchLoader(self._status)

    @cached_property
    def rollen(self) -> BatchLoader[str, list[m.Rol]]:
        return BatchLoader(self._rollen)

    @cached_property
    def betrokkenen(self) -> BatchLoader[str, list[m.RolBetrokkene]]:
        """Who the rollen name (row guard, audit log): lean, unless the rollen are loaded
        anyway."""
        return BatchLoader(self._betrokkenen)

    @cached_property
    def zichtbare_rollen(self) -> BatchLoader[str, list[m.Rol]]:
        """The rollen the caller may see (the row guard reads all of `rollen`)."""
        return BatchLoader(self._zichtbare_rollen)

    @cached_property
    def resultaat(self) -> BatchLoader[str, m.Resultaat | None]:
        return BatchLoader(self._resultaten)

    @cached_property
    def zaakeigenschappen(self) -> BatchLoader[str, list[m.ZaakEigenschap]]:
        return BatchLoader(self._zaakeigenschappen)

    def zaak_kinderen(self, soorten: frozenset[str]) -> BatchLoader[str, bool] | None:
        """A read of these children of zaken (`ZAAK_KINDEREN`: statussen, rollen, eigenschappen,
        resultaat) in one statement, where the store can (`Registries.zaak_kinderen`); each is
        answered into its own loader. None elsewhere: the prefetch then loads them one by
        one."""
        if self.registries.zaak_kinderen is None:
            return None
        loader = self._kinderen.get(soorten)
        if loader is None:
            loader = self._kinderen[soorten] = BatchLoader(partial(self._zaak_kinderen, soorten))
        return loader

    @cached_property
    def deelzaken(self) -> BatchLoader[str, list[m.Zaak]]:
        return BatchLoader(self._deelzaken)

    @cached_property
    def documenten_van_zaak(self) -> BatchLoader[str, list[DocumentView]]:
        return BatchLoader(self._documenten_van_zaak)

    @cached_property
    def klantcontacten_van_zaak(self) -> BatchLoader[str, list[m.Klantcontact]]:
        return BatchLoader(self._klantcontacten_van_zaak)

    # --- documents and klantcontacten reached directly, and their way back to zaken -----------

    @cached_property
    def document(self) -> BatchLoader[str, DocumentView | None]:
        return BatchLoader(self._documenten)

    @cached_property
    def zaken_van_document(self) -> BatchLoader[str, list[m.Zaak]]:
        return BatchLoader(self._zaken_van_document)

    @cached_property
    def klantcontact(self) -> BatchLoader[str, m.Klantcontact | None]:
        return BatchLoader(self._klantcontacten)

    @cached_property
    def zaken_van_klantcontact(self) -> BatchLoader[str, list[m.Zaak]]:
        return BatchLoader(self._zaken_van_klantcontact)

    # --- catalogus (cached across operations by the registry) ---------------------------------

    @cached_property
    def zaaktype(self) -> BatchLoader[str, m.ZaakType | None]:
        return BatchLoader(_lookup(self.registries.catalogi.get_zaaktypen))

    @cached_property
    def statustype(self) -> BatchLoader[str, m.StatusType | None]:
        return BatchLoader(_lookup(self.registries.catalogi.get_statustypen))

    @cached_property
    def roltype(self) -> BatchLoader[str, m.RolType | None]:
        return BatchLoader(_lookup(self.registries.catalogi.get_roltypen))

    @cached_property
    def resultaattype(self) -> BatchLoader[str, m.ResultaatType | None]:
        return BatchLoader(_lookup(self.registries.catalogi.get_resultaattypen))

    @cached_property
    def informatieobjecttype(self) -> BatchLoader[str, m.InformatieObjectType | None]:
        return BatchLoader(_lookup(self.registries.catalogi.get_informatieobjecttypen))

    @cached_property
    def eigenschap(self) -> BatchLoader[str, m.Eigenschap | None]:
        return BatchLoader(_lookup(self.registries.catalogi.get_eigenschappen))

    def vergeet_zaak(self, url: str) -> None:
        """Forget what was loaded about a zaak (a mutation changed it)."""
        for naam in (
            "zaak",
            "statussen",
            "rollen",
            "betrokkenen",
            "zichtbare_rollen",
            "resultaat",
            "zaakeigenschappen",
            "documenten_van_zaak",
            "klantcontacten_van_zaak",
            "deelzaken",
        ):
            loader = self.__dict__.get(naam)  # only the loaders this operation made
            if loader is not None:
                loader.vergeet(url)
        for bundel in self._kinderen.values():
            bundel.vergeet(url)

    # --- admission of what a registry returned ----------------------------------------------

    async def toelaten_zaken(self, zaken: Sequence[m.Zaak]) -> list[m.Zaak]:
        """The zaken that pass the row guard; they are primed into the zaak loader."""
        if not zaken:
            return []
        zaaktypen: dict[str, Any] = {}
        if guard.needs_zaaktypen(self.scope):
            zaaktypen = await self.zaaktype.fetch({z.zaaktype for z in zaken})
        rollen = None
        if guard.needs_rollen(self.scope):
            rollen = await self.betrokkenen_van([z.url for z in zaken])
        admitted = guard.admit_zaken(self.scope, zaken, zaaktypen, rollen)
        self.zaak.prime_many({z.url: z for z in admitted})
        return admitted

    async def toelaten_documenten(
        self, documenten: Sequence[m.EnkelvoudigInformatieObject]
    ) -> list[DocumentView]:
        if not documenten:
            return []
        urls = [d.url for d in documenten]
        zaken_registry = self.registries.zaken
        links = await zaken_registry.zaakinformatieobjecten_bij(urls, self.scope)
        zaken = await self.zaak.fetch({link.zaak for items in links.values() for link in items})
        in_scope = {
            url: [link.zaak for link in links.get(url, ()) if zaken.get(link.zaak)] for url in urls
        }
        heeft_zaak: dict[str, bool] = {}
        if self.scope.documenten_zonder_zaak:
            unlinked = [url for url in urls if not in_scope[url]]
            if unlinked:
                # whether these have links at all (to zaken out of scope): a yes/no, never shown
                any_links = await zaken_registry.zaakinformatieobjecten_bij(unlinked, Scope.alles())
                heeft_zaak = {url: bool(any_links.get(url)) for url in unlinked}
        admitted = guard.admit_documenten(self.scope, documenten, in_scope, heeft_zaak)
        views = [DocumentView(d) for d in admitted]
        self.document.prime_many({v.document.url: v for v in views})
        return views

    async def toelaten_klantcontacten(
        self, klantcontacten: Sequence[m.Klantcontact]
    ) -> list[m.Klantcontact]:
        if not klantcontacten:
            return []
        zaak_url = self.registries.zaken.zaak_url
        zaak_urls = {zaak_url(u) for k in klantcontacten for u in guard.zaak_uuids_van(k)}
        zaken = await self.zaak.fetch(zaak_urls)
        in_scope = [z.uuid for z in zaken.values() if z is not None]
        admitted = guard.admit_klantcontacten(self.scope, klantcontacten, in_scope)
        self.klantcontact.prime_many({k.url: k for k in admitted})
        return admitted

    # --- batch functions ----------------------------------------------------------------------

    async def _zaken(self, urls: list[str]) -> list[m.Zaak | None]:
        found = await self.registries.zaken.get_zaken(urls, self.scope)
        admitted = {z.url: z for z in await self.toelaten_zaken(list(found.values()))}
        return by_keys(urls, admitted)

    async def _statussen(self, urls: list[str]) -> list[list[m.Status]]:
        return by_keys(urls, await self.registries.zaken.statussen_van(urls, self.scope), [])

    async def _status(self, urls: list[str]) -> list[m.Status | None]:
        return by_keys(urls, await self.registries.zaken.get_statussen(urls, self.scope))

    async def betrokkenen_van(
        self, urls: Sequence[str]
    ) -> dict[str, list[m.Rol] | list[m.RolBetrokkene]]:
        """Who the rollen of these zaken name: from the rollen when they are loaded already,
        otherwise with a lean read."""
        found: dict[str, list[m.Rol] | list[m.RolBetrokkene]] = {}
        missing = []
        for url in urls:
            rollen = self.rollen.peek(url)
            if rollen is MISSING:
                missing.append(url)
            else:
                found[url] = rollen  # type: ignore[assignment]
        if missing:
            found.update(await self.betrokkenen.fetch(missing))
        return found

    async def _betrokkenen(self, urls: list[str]) -> list[list[m.RolBetrokkene]]:
        found = await self.registries.zaken.betrokkenen_van(urls, self.scope)
        return by_keys(urls, found, [])

    async def _rollen(self, urls: list[str]) -> list[list[m.Rol]]:
        return by_keys(urls, await self.registries.zaken.rollen_van(urls, self.scope), [])

    async def _zichtbare_rollen(self, urls: list[str]) -> list[list[m.Rol]]:
        found = await self.rollen.fetch(urls)
        keep = self._rollen_filter
        return [
            keep(found.get(url) or []) if keep is not None else found.get(url) or [] for url in urls
        ]

    async def _resultaten(self, urls: list[str]) -> list[m.Resultaat | None]:
        return by_keys(urls, await self.registries.zaken.resultaten_van(urls, self.scope))

    def neem_kinderen(
        self,
        soorten: frozenset[str],
        kinderen: dict[str, ZaakKinderen],
        bundel: frozenset[str] | None,
    ) -> None:
        """Children of zaken that came with the zaken themselves (`zaken_met_kinderen`): the
        `soorten` into each relation's loader, and, with `bundel` (the children the prefetch
        will ask the bundle for), the zaken into that bundle, so that the prefetch finds them
        loaded."""
        for soort in soorten:
            loader, _leeg = _KIND_LOADERS[soort]
            getattr(self, loader).prime_many(self._kind_waarden(soort, kinderen))
        gebundeld = self.zaak_kinderen(bundel) if bundel else None
        if gebundeld is not None:
            gebundeld.prime_many(dict.fromkeys(kinderen, True))

    async def _zaak_kinderen(self, soorten: frozenset[str], urls: list[str]) -> list[bool]:
        lezer = self.registries.zaak_kinderen
        assert lezer is not None  # the loader exists only then
        # claimed before the read starts (this runs up to its first await as soon as the
        # prefetch starts the bundle): a sibling that asks for one of these while the read
        # runs waits for it instead of reading the same rows again
        leden: list[tuple[str, BatchLoader[str, Any], Any]] = [
            (soort, getattr(self, loader), leeg())
            for soort, (loader, leeg) in _KIND_LOADERS.items()
            if soort in soorten
        ]
        geclaimd = [(soort, loader, loader.claim(urls), leeg) for soort, loader, leeg in leden]
        try:
            found = await lezer.kinderen_van(urls, self.scope, soorten)
        except Exception as error:
            for _soort, loader, claimed, leeg in geclaimd:
                loader.settle(claimed, error, leeg)
            raise
        for soort, loader, claimed, leeg in geclaimd:
            loader.settle(claimed, self._kind_waarden(soort, found), leeg)
        return [url in found for url in urls]

    def _kind_waarden(self, soort: str, kinderen: dict[str, ZaakKinderen]) -> dict[str, Any]:
        """What the loader of `soort` holds for each zaak of `kinderen`: the documents and
        klantcontacten after the row guard, as their own reads give them."""
        if soort == "documenten":
            return self._documenten_toegelaten({u: k.documenten for u, k in kinderen.items()})
        if soort == "klantcontacten":
            per_zaak = {u: k.klantcontacten for u, k in kinderen.items()}
            return self._klantcontacten_toegelaten(per_zaak)
        return {url: getattr(k, soort) for url, k in kinderen.items()}

    async def _zaakeigenschappen(self, urls: list[str]) -> list[list[m.ZaakEigenschap]]:
        found = await self.registries.zaken.eigenschappen_van(urls, self.scope)
        return by_keys(urls, found, [])

    async def _deelzaken(self, urls: list[str]) -> list[list[m.Zaak]]:
        found = await self.registries.zaken.deelzaken_van(urls, self.scope)
        admitted = {
            z.url for z in await self.toelaten_zaken([z for zs in found.values() for z in zs])
        }
        return [[z for z in found.get(url, ()) if z.url in admitted] for url in urls]

    async def _documenten_van_zaak(self, urls: list[str]) -> list[list[DocumentView]]:
        # the zaken are admitted already: only the document rules of the scope remain
        samen = self.registries.documenten_van_zaken
        if samen is not None:  # one store holds both: links and documents in one read
            paren = await samen.documenten_van_zaken(urls, self.document_regels)
            return by_keys(urls, self._documenten_toegelaten(paren), [])
        links = await self.registries.zaken.zaakinformatieobjecten_van(urls, self.scope)
        doc_urls = list({link.informatieobject for items in links.values() for link in items})
        registry = self.registries.documenten
        documenten = await registry.get_documenten(doc_urls, self.document_regels)
        admitted = {
            d.url: d for d in guard.admit_documenten_van_zaak(self.scope, list(documenten.values()))
        }
        return [
            [
                DocumentView(admitted[link.informatieobject], link)
                for link in links.get(url, ())
                if link.informatieobject in admitted
            ]
            for url in urls
        ]

    async def _klantcontacten_van_zaak(self, urls: list[str]) -> list[list[m.Klantcontact]]:
        found = await self.registries.klantcontacten.klantcontacten_van(urls, self.scope)
        return by_keys(urls, self._klantcontacten_toegelaten(found), [])

    def _documenten_toegelaten(
        self,
        paren: Mapping[str, list[tuple[m.ZaakInformatieObject, m.EnkelvoudigInformatieObject]]],
    ) -> dict[str, list[DocumentView]]:
        """Per zaak (admitted already), its linked documents that the row guard admits."""
        documenten = {d.url: d for items in paren.values() for _link, d in items}
        toegelaten = {
            d.url for d in guard.admit_documenten_van_zaak(self.scope, list(documenten.values()))
        }
        return {
            url: [DocumentView(d, link) for link, d in items if d.url in toegelaten]
            for url, items in paren.items()
        }

    def _klantcontacten_toegelaten(
        self, found: Mapping[str, list[m.Klantcontact]]
    ) -> dict[str, list[m.Klantcontact]]:
        """Per zaak (admitted already), its klantcontacten that the row guard admits."""
        result = {
            url: guard.admit_klantcontacten_van_zaak(self.scope, items)
            for url, items in found.items()
        }
        # primed so that klantcontact.zaken needs no second read of the klantcontact
        self.klantcontact.prime_many({k.url: k for items in result.values() for k in items})
        return result

    async def _documenten(self, urls: list[str]) -> list[DocumentView | None]:
        found = await self.registries.documenten.get_documenten(urls, self.scope)
        views = await self.toelaten_documenten(list(found.values()))
        return by_keys(urls, {v.document.url: v for v in views})

    async def _zaken_van_document(self, urls: list[str]) -> list[list[m.Zaak]]:
        links = await self.registries.zaken.zaakinformatieobjecten_bij(urls, self.scope)
        zaken = await self.zaak.fetch({link.zaak for items in links.values() for link in items})
        return [
            [z for link in links.get(url, ()) if (z := zaken.get(link.zaak)) is not None]
            for url in urls
        ]

    async def _klantcontacten(self, urls: list[str]) -> list[m.Klantcontact | None]:
        found = await self.registries.klantcontacten.get_klantcontacten(urls, self.scope)
        admitted = await self.toelaten_klantcontacten(list(found.values()))
        return by_keys(urls, {k.url: k for k in admitted})

    async def _zaken_van_klantcontact(self, urls: list[str]) -> list[list[m.Zaak]]:
        zaak_url = self.registries.zaken.zaak_url
        contacts = await self.klantcontact.fetch(urls)
        per_contact = {
            url: [zaak_url(u) for u in guard.zaak_uuids_van(k)]
            for url, k in contacts.items()
            if k is not None
        }
        zaken = await self.zaak.fetch({z for zs in per_contact.values() for z in zs})
        return [
            [z for zu in per_contact.get(url, ()) if (z := zaken.get(zu)) is not None]
            for url in urls
        ]


def _lookup(get_many: Any) -> Any:
    async def load(urls: list[str]) -> list[Any]:
        return by_keys(urls, await get_many(urls))

    return load
