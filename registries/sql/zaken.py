"""The Zaken registry over the embedded store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, exists, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from registries import models as m
from registries.base import Page, PageRequest, ZaakFilter, ZaakOrdering
from registries.scope import Scope
from registries.sql import rows
from registries.sql.catalogi import SqlCatalogi
from registries.sql.direct import UUIDS, Lezing
from registries.sql.lezen import Lezer
from registries.sql.scope_sql import ConditieCache, zaak_conditions
from registries.sql.tables import (
    ResultaatRow,
    RolRow,
    StatusRow,
    ZaakEigenschapRow,
    ZaakInformatieObjectRow,
    ZaakRow,
)
from registries.sql.urls import UrlScheme

_ORDERING = {
    ZaakOrdering.STARTDATUM_DESC: (ZaakRow.startdatum.desc(), ZaakRow.identificatie.desc()),
    ZaakOrdering.STARTDATUM_ASC: (ZaakRow.startdatum.asc(), ZaakRow.identificatie.asc()),
    ZaakOrdering.REGISTRATIEDATUM_DESC: (
        ZaakRow.registratiedatum.desc(),
        ZaakRow.identificatie.desc(),
    ),
    ZaakOrdering.IDENTIFICATIE_ASC: (ZaakRow.identificatie.asc(),),
}


def _van_zaken(table: Any, *order: Any) -> Lezing:
    """A read of the rows of many zaken, built and compiled once: the zaken are its parameter
    (`uuids`), and it runs straight on the driver (registries/sql/direct.py)."""
    return Lezing(
        select(table.__table__)
        .where(table.zaak_uuid.in_(bindparam(UUIDS, expanding=True)))
        .order_by(*order)
    )


_STATUSSEN_VAN = Lezing(
    select(StatusRow.__table__, ZaakRow.status_uuid.label("huidige_status_uuid"))
    .join(ZaakRow, ZaakRow.uuid == StatusRow.zaak_uuid)
    .where(StatusRow.zaak_uuid.in_(bindparam(UUIDS, expanding=True)))
    .order_by(StatusRow.zaak_uuid, StatusRow.datum_status_gezet, StatusRow.uuid)
)
_STATUSSEN = Lezing(
    select(StatusRow.__table__, ZaakRow.status_uuid.label("huidige_status_uuid"))
    .join(ZaakRow, ZaakRow.uuid == StatusRow.zaak_uuid)
    .where(StatusRow.uuid.in_(bindparam(UUIDS, expanding=True)))
)
_ROLLEN_VAN = _van_zaken(RolRow, RolRow.registratiedatum, RolRow.uuid)
_BETROKKENEN_VAN = Lezing(
    select(
        RolRow.zaak_uuid,
        RolRow.omschrijving_generiek,
        RolRow.betrokkene_type,
        RolRow.betrokkene_identificatie,
    ).where(RolRow.zaak_uuid.in_(bindparam(UUIDS, expanding=True)))
)
_RESULTATEN_VAN = _van_zaken(ResultaatRow)
_EIGENSCHAPPEN_VAN = _van_zaken(ZaakEigenschapRow, ZaakEigenschapRow.naam)
_ZAAKINFORMATIEOBJECTEN_VAN = _van_zaken(
    ZaakInformatieObjectRow, ZaakInformatieObjectRow.registratiedatum, ZaakInformatieObjectRow.uuid
)


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SqlZaken:
    def __init__(
        self,
        engine: AsyncEngine,
        urls: UrlScheme,
        catalogi: SqlCatalogi,
        lezer: Lezer | None = None,
    ) -> None:
        self._engine = engine
        self._lezer = lezer or Lezer(engine, synchroon=False)
        self._urls = urls
        self._catalogi = catalogi
        self._condities = ConditieCache(zaak_conditions, urls)

    def zaak_url(self, uuid: str) -> str:
        return self._urls.url("zaak", uuid)

    async def _scope_conditions(self, scope: Scope) -> list[ColumnElement[bool]] | None:
        return self._condities.voor(scope, await self._catalogi.snapshot())

    async def _zaken(self, stmt: Select[Any]) -> list[m.Zaak]:
        async with self._lezer.verbinding() as conn:
            result = await conn.execute(stmt)
            return [rows.zaak(r, self._urls) for r in result]

    async def get_zaken(self, urls: Sequence[str], scope: Scope) -> dict[str, m.Zaak]:
        uuids = self._urls.uuids("zaak", urls)
        conds = await self._scope_conditions(scope)
        if not uuids or conds is None:
            return {}
        stmt = select(ZaakRow.__table__).where(ZaakRow.uuid.in_(list(uuids)), *conds)
        return {z.url: z for z in await self._zaken(stmt)}

    def _filter_conditions(self, f: ZaakFilter) -> list[ColumnElement[bool]] | None:
        conds: list[ColumnElement[bool]] = []
        if f.zaaktypen is not None:
            uuids = list(self._urls.uuids("zaaktype", f.zaaktypen))
            if not uuids:
                return None
            conds.append(ZaakRow.zaaktype_uuid.in_(uuids))
        if f.statustype is not None:
            statustype = self._urls.uuid("statustype", f.statustype)
            if statustype is None:
                return None
            conds.append(
                exists(
                    select(StatusRow.uuid).where(
                        StatusRow.uuid == ZaakRow.status_uuid,
                        StatusRow.statustype_uuid == statustype,
                    )
                )
            )
        rol_conds = [
            col == value
            for col, value in (
                (RolRow.inp_bsn, f.bsn),
                (RolRow.kvk_nummer, f.kvk),
                (RolRow.inn_nnp_id, f.rsin),
            )
            if value is not None
        ]
        for cond in rol_conds:  # IN, not EXISTS: start from the identity index (see scope_sql)
            conds.append(ZaakRow.uuid.in_(select(RolRow.zaak_uuid).where(cond)))
        if f.identificatie is not None:
            conds.append(ZaakRow.identificatie == f.identificatie)
        if f.omschrijving_bevat:
            conds.append(
                ZaakRow.omschrijving.ilike(like_pattern(f.omschrijving_bevat), escape="\\")
            )
        if f.startdatum_vanaf is not None:
            conds.append(ZaakRow.startdatum >= f.startdatum_vanaf)
        if f.startdatum_tot_en_met is not None:
            conds.append(ZaakRow.startdatum <= f.startdatum_tot_en_met)
        if f.open is True:
            conds.append(ZaakRow.einddatum.is_(None))
        elif f.open is False:
            conds.append(ZaakRow.einddatum.is_not(None))
        return conds

    async def zoek_zaken(self, filter: ZaakFilter, scope: Scope, page: PageRequest) -> Page[m.Zaak]:
        scope_conds = await self._scope_conditions(scope)
        filter_conds = self._filter_conditions(filter)
        if scope_conds is None or filter_conds is None:
            return Page(items=[], has_next=False, total=0 if page.with_total else None)
        where = [*scope_conds, *filter_conds]
        stmt = (
            select(ZaakRow.__table__)
            .where(*where)
            .order_by(*_ORDERING[filter.ordering])
            .offset(page.offset)
            .limit(page.limit + 1)
        )
        async with self._lezer.verbinding() as conn:
            found = [rows.zaak(r, self._urls) for r in (await conn.execute(stmt)).all()]
            total = None
            if page.with_total:
                count = select(func.count()).select_from(ZaakRow).where(*where)
                total = (await conn.execute(count)).scalar_one()
        return Page(items=found[: page.limit], has_next=len(found) > page.limit, total=total)

    async def statussen_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.Status]]:
        uuids = self._urls.uuids("zaak", zaak_urls)
        found: dict[str, list[m.Status]] = defaultdict(list)
        if not uuids:
            return found
        async with self._lezer.verbinding() as conn:
            for r in await conn.lees(_STATUSSEN_VAN, list(uuids)):
                found[uuids[r.zaak_uuid]].append(rows.status(r, self._urls, r.huidige_status_uuid))
        return found

    async def get_statussen(self, urls: Sequence[str], scope: Scope) -> dict[str, m.Status]:
        uuids = self._urls.uuids("status", urls)
        if not uuids:
            return {}
        async with self._lezer.verbinding() as conn:
            found = await conn.lees(_STATUSSEN, list(uuids))
        return {uuids[r.uuid]: rows.status(r, self._urls, r.huidige_status_uuid) for r in found}

    async def _by_zaak(
        self, lezing: Lezing, zaak_urls: Sequence[str], convert: Any
    ) -> dict[str, list[Any]]:
        uuids = self._urls.uuids("zaak", zaak_urls)
        found: dict[str, list[Any]] = defaultdict(list)
        if not uuids:
            return found
        async with self._lezer.verbinding() as conn:
            for r in await conn.lees(lezing, list(uuids)):
                found[uuids[r.zaak_uuid]].append(convert(r, self._urls))
        return found

    async def rollen_van(self, zaak_urls: Sequence[str], scope: Scope) -> dict[str, list[m.Rol]]:
        return await self._by_zaak(_ROLLEN_VAN, zaak_urls, rows.rol)

    async def betrokkenen_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.RolBetrokkene]]:
        uuids = self._urls.uuids("zaak", zaak_urls)
        found: dict[str, list[m.RolBetrokkene]] = defaultdict(list)
        if not uuids:
            return found
        # the identities from the rol's identificatie itself (not the denormalised columns the
        # scope's SQL filters on): the guard's re-check stays independent of that filter
        async with self._lezer.verbinding() as conn:
            for r in await conn.lees(_BETROKKENEN_VAN, list(uuids)):
                url = uuids[r.zaak_uuid]
                found[url].append(rows.rol_betrokkene(r, url))
        return found

    async def resultaten_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, m.Resultaat]:
        found = await self._by_zaak(_RESULTATEN_VAN, zaak_urls, rows.resultaat)
        return {url: items[0] for url, items in found.items() if items}

    async def eigenschappen_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.ZaakEigenschap]]:
        return await self._by_zaak(_EIGENSCHAPPEN_VAN, zaak_urls, rows.zaakeigenschap)

    async def zaakinformatieobjecten_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.ZaakInformatieObject]]:
        return await self._by_zaak(
            _ZAAKINFORMATIEOBJECTEN_VAN, zaak_urls, rows.zaakinformatieobject
        )

    async def zaakinformatieobjecten_bij(
        self, document_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.ZaakInformatieObject]]:
        uuids = self._urls.uuids("enkelvoudiginformatieobject", document_urls)
        conds = await self._scope_conditions(scope)
        found: dict[str, list[m.ZaakInformatieObject]] = defaultdict(list)
        if not uuids or conds is None:
            return found
        stmt = (
            select(ZaakInformatieObjectRow.__table__)
            .join(ZaakRow, ZaakRow.uuid == ZaakInformatieObjectRow.zaak_uuid)
            .where(ZaakInformatieObjectRow.informatieobject_uuid.in_(list(uuids)), *conds)
            .order_by(ZaakInformatieObjectRow.registratiedatum, ZaakInformatieObjectRow.uuid)
        )
        async with self._lezer.verbinding() as conn:
            for r in (await conn.execute(stmt)).all():
                zio = rows.zaakinformatieobject(r, self._urls)
                found[uuids[r.informatieobject_uuid]].append(zio)
        return found

    async def deelzaken_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.Zaak]]:
        uuids = self._urls.uuids("zaak", zaak_urls)
        conds = await self._scope_conditions(scope)
        found: dict[str, list[m.Zaak]] = defaultdict(list)
        if not uuids or conds is None:
            return found
        stmt = (
            select(ZaakRow.__table__)
            .where(ZaakRow.hoofdzaak_uuid.in_(list(uuids)), *conds)
            .order_by(ZaakRow.startdatum, ZaakRow.identificatie)
        )
        for zaak in await self._zaken(stmt):
            assert zaak.hoofdzaak is not None
            found[zaak.hoofdzaak].append(zaak)
        return found
