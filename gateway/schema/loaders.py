"""Per-operation loaders: every relation of the schema is read through one of these, in batches.

One `Loaders` is made for each GraphQL operation (never shared between operations or
connections). Each batch opens its own short registry call, so sibling fields can load
concurrently. Everything that returns zaken, documents or klantcontacten passes the row guard
(`gateway.authz.guard`) before it is cached.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gateway.authz import guard
from gateway.schema.batching import MISSING, BatchLoader, by_keys
from gateway.schema.views import DocumentView
from registries import models as m
from registries.base import Registries
from registries.scope import Scope


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
        #: the scope's document rules without its zaak rules (for documents of admitted zaken)
        self._document_regels = Scope(
            document_statussen=scope.document_statussen,
            document_max_vertrouwelijkheid=scope.document_max_vertrouwelijkheid,
            documenten_zonder_zaak=True,
            niets=scope.niets,
            zaaktypen=frozenset() if scope.niets else None,
        )
        # zaken and what hangs off them
        self.zaak: BatchLoader[str, m.Zaak | None] = BatchLoader(self._zaken)
        self.statussen: BatchLoader[str, list[m.Status]] = BatchLoader(self._statussen)
        #: statussen by URL (Zaak.status: the current one, without the whole history)
        self.status: BatchLoader[str, m.Status | None] = BatchLoader(self._status)
        self.rollen: BatchLoader[str, list[m.Rol]] = BatchLoader(self._rollen)
        #: who the rollen name (row guard, audit log): lean, unless the rollen are loaded anyway
        self.betrokkenen: BatchLoader[str, list[m.RolBetrokkene]] = BatchLoader(self._betrokkenen)
        #: the rollen the caller may see (the row guard reads all of `rollen`)
        self.zichtbare_rollen: BatchLoader[str, list[m.Rol]] = BatchLoader(self._zichtbare_rollen)
        self.resultaat: BatchLoader[str, m.Resultaat | None] = BatchLoader(self._resultaten)
        self.zaakeigenschappen: BatchLoader[str, list[m.ZaakEigenschap]] = BatchLoader(
            self._zaakeigenschappen
        )
        self.deelzaken: BatchLoader[str, list[m.Zaak]] = BatchLoader(self._deelzaken)
        self.documenten_van_zaak: BatchLoader[str, list[DocumentView]] = BatchLoader(
            self._documenten_van_zaak
        )
        self.klantcontacten_van_zaak: BatchLoader[str, list[m.Klantcontact]] = BatchLoader(
            self._klantcontacten_van_zaak
        )
        # documents and klantcontacten reached directly, and their way back to zaken
        self.document: BatchLoader[str, DocumentView | None] = BatchLoader(self._documenten)
        self.zaken_van_document: BatchLoader[str, list[m.Zaak]] = BatchLoader(
            self._zaken_van_document
        )
        self.klantcontact: BatchLoader[str, m.Klantcontact | None] = BatchLoader(
            self._klantcontacten
        )
        self.zaken_van_klantcontact: BatchLoader[str, list[m.Zaak]] = BatchLoader(
            self._zaken_van_klantcontact
        )
        # catalogus (cached across operations by the registry)
        catalogi = registries.catalogi
        self.zaaktype: BatchLoader[str, m.ZaakType | None] = BatchLoader(
            _lookup(catalogi.get_zaaktypen)
        )
        self.statustype: BatchLoader[str, m.StatusType | None] = BatchLoader(
            _lookup(catalogi.get_statustypen)
        )
        self.roltype: BatchLoader[str, m.RolType | None] = BatchLoader(
            _lookup(catalogi.get_roltypen)
        )
        self.resultaattype: BatchLoader[str, m.ResultaatType | None] = BatchLoader(
            _lookup(catalogi.get_resultaattypen)
        )
        self.informatieobjecttype: BatchLoader[str, m.InformatieObjectType | None] = BatchLoader(
            _lookup(catalogi.get_informatieobjecttypen)
        )
        self.eigenschap: BatchLoader[str, m.Eigenschap | None] = BatchLoader(
            _lookup(catalogi.get_eigenschappen)
        )

    def vergeet_zaak(self, url: str) -> None:
        """Forget what was loaded about a zaak (a mutation changed it)."""
        for loader in (
            self.zaak,
            self.statussen,
            self.rollen,
            self.betrokkenen,
            self.zichtbare_rollen,
            self.resultaat,
            self.zaakeigenschappen,
            self.documenten_van_zaak,
            self.klantcontacten_van_zaak,
            self.deelzaken,
        ):
            loader.vergeet(url)

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
        links = await self.registries.zaken.zaakinformatieobjecten_van(urls, self.scope)
        doc_urls = list({link.informatieobject for items in links.values() for link in items})
        # the zaken are admitted already: only the document rules of the scope remain
        registry = self.registries.documenten
        documenten = await registry.get_documenten(doc_urls, self._document_regels)
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
        result = [
            guard.admit_klantcontacten_van_zaak(self.scope, found.get(url, [])) for url in urls
        ]
        # primed so that klantcontact.zaken needs no second read of the klantcontact
        self.klantcontact.prime_many({k.url: k for items in result for k in items})
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
