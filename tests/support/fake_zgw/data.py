"""The fake server's data: the embedded store's demo (and synthetic) data, read back through the
SQL registries with `Scope.alles()`, with every URL moved to the fake server's base URL.

`lees_store` reads one store into `Gegevens` (domain objects plus the indexes the fake server's
filters need); `verplaats` rewrites URL prefixes in any domain object.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from registries import models as m
from registries.base import DocumentFilter, KlantcontactFilter, PageRequest, ZaakFilter
from registries.scope import Scope
from registries.sql.store import SqlStore

T = TypeVar("T")
ALLES = PageRequest(offset=0, limit=1_000_000)


def verplaats(obj: T, oud: str, nieuw: str) -> T:
    """`obj` with every string that starts with `oud` starting with `nieuw` instead."""
    if isinstance(obj, str):
        return (nieuw + obj[len(oud) :]) if obj.startswith(oud) else obj  # type: ignore[return-value]
    if isinstance(obj, list):
        return [verplaats(i, oud, nieuw) for i in obj]  # type: ignore[return-value]
    if isinstance(obj, dict):
        return {verplaats(k, oud, nieuw): verplaats(v, oud, nieuw) for k, v in obj.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        values = {
            f.name: verplaats(getattr(obj, f.name), oud, nieuw) for f in dataclasses.fields(obj)
        }
        return type(obj)(**values)
    return obj


@dataclass
class Gegevens:
    zaken: dict[str, m.Zaak] = field(default_factory=dict)
    statussen: dict[str, list[m.Status]] = field(default_factory=dict)
    rollen: dict[str, list[m.Rol]] = field(default_factory=dict)
    resultaten: dict[str, m.Resultaat] = field(default_factory=dict)
    eigenschappen: dict[str, list[m.ZaakEigenschap]] = field(default_factory=dict)
    zaakinformatieobjecten: dict[str, list[m.ZaakInformatieObject]] = field(default_factory=dict)
    #: the zaken in the embedded store's order (-startdatum, -identificatie)
    volgorde: list[str] = field(default_factory=list)
    documenten: dict[str, m.EnkelvoudigInformatieObject] = field(default_factory=dict)
    inhoud: dict[str, bytes] = field(default_factory=dict)
    zaaktypen: dict[str, m.ZaakType] = field(default_factory=dict)
    statustypen: dict[str, m.StatusType] = field(default_factory=dict)
    roltypen: dict[str, m.RolType] = field(default_factory=dict)
    resultaattypen: dict[str, m.ResultaatType] = field(default_factory=dict)
    informatieobjecttypen: dict[str, m.InformatieObjectType] = field(default_factory=dict)
    eigenschap_typen: dict[str, m.Eigenschap] = field(default_factory=dict)
    klantcontacten: dict[str, m.Klantcontact] = field(default_factory=dict)

    def verplaatst(self, oud: str, nieuw: str) -> Gegevens:
        """A copy with every URL (values and keys) moved from base `oud` to base `nieuw`."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dict):
                value = {
                    verplaats(k, oud, nieuw): verplaats(v, oud, nieuw) for k, v in value.items()
                }
            else:
                value = verplaats(value, oud, nieuw)
            values[f.name] = value
        return Gegevens(**values)

    def deelzaken(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for z in self.zaken.values():
            if z.hoofdzaak:
                found[z.hoofdzaak].append(z.url)
        return found


async def lees_store(store: SqlStore) -> Gegevens:
    """Everything in the store, through its registries (as a caller with `Scope.alles()`)."""
    alles = Scope.alles()
    g = Gegevens()
    zaken = await store.zaken.zoek_zaken(ZaakFilter(), alles, ALLES)
    g.zaken = {z.url: z for z in zaken.items}
    g.volgorde = [z.url for z in zaken.items]
    urls = list(g.zaken)
    g.statussen = dict(await store.zaken.statussen_van(urls, alles))
    g.rollen = dict(await store.zaken.rollen_van(urls, alles))
    g.resultaten = dict(await store.zaken.resultaten_van(urls, alles))
    g.eigenschappen = dict(await store.zaken.eigenschappen_van(urls, alles))
    g.zaakinformatieobjecten = dict(await store.zaken.zaakinformatieobjecten_van(urls, alles))
    documenten = await store.documenten.zoek_documenten(DocumentFilter(), alles, ALLES)
    g.documenten = {d.url: d for d in documenten.items}
    for d in documenten.items:
        inhoud = await store.documenten.inhoud(d.url)
        if inhoud is not None:
            g.inhoud[d.url] = b"".join([stuk async for stuk in inhoud.stukken()])
    snap = await store.catalogi.snapshot()
    g.zaaktypen = dict(snap.zaaktypen)
    g.statustypen = dict(snap.statustypen)
    g.roltypen = dict(snap.roltypen)
    g.resultaattypen = dict(snap.resultaattypen)
    g.informatieobjecttypen = dict(snap.informatieobjecttypen)
    g.eigenschap_typen = dict(snap.eigenschappen)
    contacten = await store.klantcontacten.zoek_klantcontacten(KlantcontactFilter(), alles, ALLES)
    g.klantcontacten = {k.url: k for k in contacten.items}
    return g
