"""Catalogi in the embedded store: the whole catalogus is small, so it is read once into an
in-memory snapshot and served from there until it is invalidated (a write or a notification)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from registries import models as m
from registries.base import ZaakTypeFilter
from registries.models import IndicatieInternOfExtern
from registries.scope import Scope
from registries.sql.tables import (
    CatalogusRow,
    EigenschapRow,
    InformatieObjectTypeRow,
    ResultaatTypeRow,
    RolTypeRow,
    StatusTypeRow,
    ZaakTypeInformatieObjectTypeRow,
    ZaakTypeRow,
)
from registries.sql.urls import UrlScheme

V = TypeVar("V")


@dataclass(slots=True)
class CatalogusSnapshot:
    catalogussen: dict[str, m.Catalogus] = field(default_factory=dict)
    zaaktypen: dict[str, m.ZaakType] = field(default_factory=dict)
    statustypen: dict[str, m.StatusType] = field(default_factory=dict)
    roltypen: dict[str, m.RolType] = field(default_factory=dict)
    resultaattypen: dict[str, m.ResultaatType] = field(default_factory=dict)
    informatieobjecttypen: dict[str, m.InformatieObjectType] = field(default_factory=dict)
    eigenschappen: dict[str, m.Eigenschap] = field(default_factory=dict)
    #: zaaktype url -> {informatieobjecttype url: richting}
    zaaktype_informatieobjecttypen: dict[str, dict[str, str]] = field(default_factory=dict)


async def load_snapshot(engine: AsyncEngine, urls: UrlScheme) -> CatalogusSnapshot:
    snap = CatalogusSnapshot()
    async with engine.connect() as conn:
        for r in await conn.execute(select(CatalogusRow.__table__)):
            url = urls.url("catalogus", r.uuid)
            snap.catalogussen[url] = m.Catalogus(
                url=url, uuid=r.uuid, domein=r.domein, rsin=r.rsin, naam=r.naam
            )
        zaaktype_rows = list(await conn.execute(select(ZaakTypeRow.__table__)))
        statustype_rows = list(
            await conn.execute(
                select(StatusTypeRow.__table__).order_by(
                    StatusTypeRow.zaaktype_uuid, StatusTypeRow.volgnummer
                )
            )
        )
        roltype_rows = list(await conn.execute(select(RolTypeRow.__table__)))
        resultaattype_rows = list(await conn.execute(select(ResultaatTypeRow.__table__)))
        iot_rows = list(await conn.execute(select(InformatieObjectTypeRow.__table__)))
        ziot_rows = list(
            await conn.execute(
                select(ZaakTypeInformatieObjectTypeRow.__table__).order_by(
                    ZaakTypeInformatieObjectTypeRow.zaaktype_uuid,
                    ZaakTypeInformatieObjectTypeRow.volgnummer,
                )
            )
        )
        eigenschap_rows = list(await conn.execute(select(EigenschapRow.__table__)))

    for r in iot_rows:
        url = urls.url("informatieobjecttype", r.uuid)
        snap.informatieobjecttypen[url] = m.InformatieObjectType(
            url=url,
            uuid=r.uuid,
            catalogus=urls.url("catalogus", r.catalogus_uuid),
            omschrijving=r.omschrijving,
            vertrouwelijkheidaanduiding=m.Vertrouwelijkheid(r.vertrouwelijkheidaanduiding),
            informatieobjectcategorie=r.informatieobjectcategorie,
            begin_geldigheid=r.begin_geldigheid,
            einde_geldigheid=r.einde_geldigheid,
            concept=r.concept,
        )
    for r in zaaktype_rows:
        url = urls.url("zaaktype", r.uuid)
        snap.zaaktypen[url] = _zaaktype(r, url, urls)
        snap.zaaktype_informatieobjecttypen[url] = {}

    eindstatus: dict[str, str] = {}
    for r in statustype_rows:
        eindstatus[r.zaaktype_uuid] = r.uuid  # ordered by volgnummer: the last one wins
    for r in statustype_rows:
        url = urls.url("statustype", r.uuid)
        zaaktype = urls.url("zaaktype", r.zaaktype_uuid)
        snap.statustypen[url] = m.StatusType(
            url=url,
            uuid=r.uuid,
            zaaktype=zaaktype,
            omschrijving=r.omschrijving,
            omschrijving_generiek=r.omschrijving_generiek,
            statustekst=r.statustekst,
            volgnummer=r.volgnummer,
            is_eindstatus=eindstatus[r.zaaktype_uuid] == r.uuid,
            informeren=r.informeren,
            doorlooptijd=r.doorlooptijd,
            toelichting=r.toelichting,
        )
        snap.zaaktypen[zaaktype].statustypen.append(url)
    for r in roltype_rows:
        url = urls.url("roltype", r.uuid)
        zaaktype = urls.url("zaaktype", r.zaaktype_uuid)
        snap.roltypen[url] = m.RolType(
            url=url,
            uuid=r.uuid,
            zaaktype=zaaktype,
            omschrijving=r.omschrijving,
            omschrijving_generiek=m.OmschrijvingGeneriek(r.omschrijving_generiek),
        )
        snap.zaaktypen[zaaktype].roltypen.append(url)
    for r in resultaattype_rows:
        url = urls.url("resultaattype", r.uuid)
        zaaktype = urls.url("zaaktype", r.zaaktype_uuid)
        snap.resultaattypen[url] = m.ResultaatType(
            url=url,
            uuid=r.uuid,
            zaaktype=zaaktype,
            omschrijving=r.omschrijving,
            resultaattypeomschrijving=r.resultaattypeomschrijving,
            omschrijving_generiek=r.omschrijving_generiek,
            selectielijstklasse=r.selectielijstklasse,
            toelichting=r.toelichting,
            archiefnominatie=m.Archiefnominatie(r.archiefnominatie) if r.archiefnominatie else None,
            archiefactietermijn=r.archiefactietermijn,
        )
        snap.zaaktypen[zaaktype].resultaattypen.append(url)
    for r in ziot_rows:
        zaaktype = urls.url("zaaktype", r.zaaktype_uuid)
        iot = urls.url("informatieobjecttype", r.informatieobjecttype_uuid)
        snap.zaaktypen[zaaktype].informatieobjecttypen.append(iot)
        snap.zaaktypen[zaaktype].richtingen[iot] = r.richting
        snap.zaaktype_informatieobjecttypen[zaaktype][iot] = r.richting
    for r in eigenschap_rows:
        url = urls.url("eigenschap", r.uuid)
        zaaktype = urls.url("zaaktype", r.zaaktype_uuid)
        snap.eigenschappen[url] = m.Eigenschap(
            url=url,
            uuid=r.uuid,
            zaaktype=zaaktype,
            naam=r.naam,
            definitie=r.definitie,
            toelichting=r.toelichting,
            specificatie=m.EigenschapSpecificatie(
                formaat=r.formaat,
                lengte=r.lengte,
                kardinaliteit=r.kardinaliteit,
                groep=r.groep,
                waardenverzameling=list(r.waardenverzameling or ()),
            ),
        )
        snap.zaaktypen[zaaktype].eigenschappen.append(url)
    return snap


def _zaaktype(r: Any, url: str, urls: UrlScheme) -> m.ZaakType:
    return m.ZaakType(
        url=url,
        uuid=r.uuid,
        catalogus=urls.url("catalogus", r.catalogus_uuid),
        identificatie=r.identificatie,
        omschrijving=r.omschrijving,
        omschrijving_generiek=r.omschrijving_generiek,
        vertrouwelijkheidaanduiding=m.Vertrouwelijkheid(r.vertrouwelijkheidaanduiding),
        doel=r.doel,
        aanleiding=r.aanleiding,
        toelichting=r.toelichting,
        indicatie_intern_of_extern=IndicatieInternOfExtern(r.indicatie_intern_of_extern),
        handeling_initiator=r.handeling_initiator,
        onderwerp=r.onderwerp,
        handeling_behandelaar=r.handeling_behandelaar,
        doorlooptijd=r.doorlooptijd,
        servicenorm=r.servicenorm,
        opschorting_en_aanhouding_mogelijk=r.opschorting_en_aanhouding_mogelijk,
        verlenging_mogelijk=r.verlenging_mogelijk,
        verlengingstermijn=r.verlengingstermijn,
        trefwoorden=list(r.trefwoorden or ()),
        publicatie_indicatie=r.publicatie_indicatie,
        publicatietekst=r.publicatietekst,
        verantwoordelijke=r.verantwoordelijke,
        begin_geldigheid=r.begin_geldigheid,
        einde_geldigheid=r.einde_geldigheid,
        versiedatum=r.versiedatum,
        concept=r.concept,
    )


class SqlCatalogi:
    """CatalogiRegistry over the embedded store, served from a cached snapshot."""

    def __init__(self, engine: AsyncEngine, urls: UrlScheme, ttl_seconds: float = 300.0) -> None:
        self._engine = engine
        self._urls = urls
        self._ttl = ttl_seconds
        self._snapshot: CatalogusSnapshot | None = None
        self._loaded_at = 0.0
        self._lock = asyncio.Lock()

    async def snapshot(self) -> CatalogusSnapshot:
        snap = self._snapshot
        if snap is not None and time.monotonic() - self._loaded_at < self._ttl:
            return snap
        async with self._lock:
            if self._snapshot is None or time.monotonic() - self._loaded_at >= self._ttl:
                self._snapshot = await load_snapshot(self._engine, self._urls)
                self._loaded_at = time.monotonic()
            return self._snapshot

    def cached(self) -> CatalogusSnapshot | None:
        return self._snapshot

    def invalidate(self) -> None:
        self._snapshot = None

    async def zoek_zaaktypen(self, filter: ZaakTypeFilter, scope: Scope) -> list[m.ZaakType]:
        snap = await self.snapshot()
        admitted = scope.effectieve_zaaktypen(snap.zaaktypen.values())
        found = []
        for zt in snap.zaaktypen.values():
            if scope.niets or (admitted is not None and zt.url not in admitted):
                continue
            if filter.identificatie is not None and zt.identificatie != filter.identificatie:
                continue
            if filter.geldig_op is not None and not zt.geldig_op(filter.geldig_op):
                continue
            found.append(zt)
        found.sort(key=lambda zt: (zt.identificatie, zt.versiedatum))
        return found

    async def get_zaaktypen(self, urls: Sequence[str]) -> dict[str, m.ZaakType]:
        return _pick((await self.snapshot()).zaaktypen, urls)

    async def get_statustypen(self, urls: Sequence[str]) -> dict[str, m.StatusType]:
        return _pick((await self.snapshot()).statustypen, urls)

    async def get_roltypen(self, urls: Sequence[str]) -> dict[str, m.RolType]:
        return _pick((await self.snapshot()).roltypen, urls)

    async def get_resultaattypen(self, urls: Sequence[str]) -> dict[str, m.ResultaatType]:
        return _pick((await self.snapshot()).resultaattypen, urls)

    async def get_informatieobjecttypen(
        self, urls: Sequence[str]
    ) -> dict[str, m.InformatieObjectType]:
        return _pick((await self.snapshot()).informatieobjecttypen, urls)

    async def get_eigenschappen(self, urls: Sequence[str]) -> dict[str, m.Eigenschap]:
        return _pick((await self.snapshot()).eigenschappen, urls)


def _pick(source: dict[str, V], urls: Sequence[str]) -> dict[str, V]:
    return {url: source[url] for url in urls if url in source}
