"""The Documenten registry over the embedded store."""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import AsyncIterator, Iterable, Sequence
from operator import attrgetter
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, exists, func, not_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from registries import models as m
from registries.base import DocumentFilter, Page, PageRequest
from registries.models import ZaakType
from registries.scope import Scope
from registries.sql import rows
from registries.sql.catalogi import SqlCatalogi
from registries.sql.direct import UUIDS, Lezing
from registries.sql.lezen import Lezer
from registries.sql.scope_sql import ConditieCache, document_conditions, zaak_onbeperkt
from registries.sql.tables import DocumentInhoudRow, DocumentRow, ZaakInformatieObjectRow
from registries.sql.urls import UrlScheme
from registries.sql.zoektekst import like_pattern


def _documenten_lezing(
    scope: Scope, catalogus: Iterable[ZaakType], urls: UrlScheme
) -> Lezing | None:
    conds = document_conditions(scope, catalogus, urls)
    if conds is None:
        return None
    return Lezing(
        select(DocumentRow.__table__).where(
            DocumentRow.uuid.in_(bindparam(UUIDS, expanding=True)), *conds
        )
    )


ZIO_KOLOMMEN = list(ZaakInformatieObjectRow.__table__.c)
DOCUMENT_KOLOMMEN = list(DocumentRow.__table__.c)
#: the document's part of a row of `_van_zaken_lezing`, under the document's own column names
_DocumentRij = namedtuple("_DocumentRij", [c.name for c in DOCUMENT_KOLOMMEN])  # type: ignore[misc]


_DOCUMENT_VELDEN = attrgetter(*(f"document_{c.name}" for c in DOCUMENT_KOLOMMEN))


def document_uit(r: Any, urls: UrlScheme) -> m.EnkelvoudigInformatieObject:
    """The document of a row that has its columns as `document_*` (`_van_zaken_lezing`)."""
    rij: Any = _DocumentRij(*_DOCUMENT_VELDEN(r))
    return rows.document(rij, urls)


def links_met_documenten() -> Select[Any]:
    """Zaken's document links (`zaakinformatieobject`, columns of their own) joined with the
    documents they name (columns `document_*`): here, and in the zaak's own statement
    (`registries.sql.zaak_erbij`)."""
    return select(
        *ZIO_KOLOMMEN, *(c.label(f"document_{c.name}") for c in DOCUMENT_KOLOMMEN)
    ).join_from(
        ZaakInformatieObjectRow,
        DocumentRow,
        DocumentRow.uuid == ZaakInformatieObjectRow.informatieobject_uuid,
    )


def _van_zaken_lezing(
    scope: Scope, catalogus: Iterable[ZaakType], urls: UrlScheme
) -> Lezing | None:
    """The zaken's document links joined with their documents, for a scope without zaak
    rules: its conditions hold policy values only (see `Lezing`)."""
    if not zaak_onbeperkt(scope):
        raise ValueError("documenten_van_zaken takes a scope with document rules only")
    conds = document_conditions(scope, catalogus, urls)
    if conds is None:
        return None
    return Lezing(
        links_met_documenten()
        .where(ZaakInformatieObjectRow.zaak_uuid.in_(bindparam(UUIDS, expanding=True)), *conds)
        .order_by(ZaakInformatieObjectRow.registratiedatum, ZaakInformatieObjectRow.uuid)
    )


class SqlDocumenten:
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
        self._condities = ConditieCache(document_conditions, urls)
        self._lezingen = ConditieCache(_documenten_lezing, urls)
        self._van_zaken = ConditieCache(_van_zaken_lezing, urls)

    def document_url(self, uuid: str) -> str:
        return self._urls.url("enkelvoudiginformatieobject", uuid)

    async def _scope_conditions(self, scope: Scope) -> list[ColumnElement[bool]] | None:
        return self._condities.voor(scope, await self._catalogi.snapshot())

    async def get_documenten(
        self, urls: Sequence[str], scope: Scope
    ) -> dict[str, m.EnkelvoudigInformatieObject]:
        uuids = self._urls.uuids("enkelvoudiginformatieobject", urls)
        snap = await self._catalogi.snapshot()
        conds = self._condities.voor(scope, snap)
        if not uuids or conds is None:
            return {}
        async with self._lezer.verbinding() as conn:
            if zaak_onbeperkt(scope):
                # the documents of zaken already admitted (a zaak's documenten), or a scope
                # without a zaak rule: its conditions hold only policy values, so the read is
                # compiled once for it and runs on the driver (registries/sql/direct.py)
                lezing = self._lezingen.voor(scope, snap)
                assert lezing is not None  # as its conditions are
                found = await conn.lees(lezing, list(uuids))
            else:
                stmt = select(DocumentRow.__table__).where(
                    DocumentRow.uuid.in_(list(uuids)), *conds
                )
                found = (await conn.execute(stmt)).all()
        return {uuids[r.uuid]: rows.document(r, self._urls) for r in found}

    async def documenten_van_zaken(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[tuple[m.ZaakInformatieObject, m.EnkelvoudigInformatieObject]]]:
        uuids = self._urls.uuids("zaak", zaak_urls)
        lezing = self._van_zaken.voor(scope, await self._catalogi.snapshot())
        found: dict[str, list[tuple[m.ZaakInformatieObject, m.EnkelvoudigInformatieObject]]]
        found = defaultdict(list)
        if not uuids or lezing is None:
            return found
        async with self._lezer.verbinding() as conn:
            rijen = await conn.lees(lezing, list(uuids))
        link_kolommen = len(ZIO_KOLOMMEN)
        for r in rijen:
            link = rows.zaakinformatieobject(r, self._urls)
            rij: Any = _DocumentRij(*r[link_kolommen:])
            document = rows.document(rij, self._urls)
            found[uuids[r.zaak_uuid]].append((link, document))
        return found

    def _filter_conditions(self, f: DocumentFilter) -> list[ColumnElement[bool]] | None:
        conds: list[ColumnElement[bool]] = []
        if f.titel_bevat:
            conds.append(DocumentRow.titel.ilike(like_pattern(f.titel_bevat), escape="\\"))
        if f.identificatie is not None:
            conds.append(DocumentRow.identificatie == f.identificatie)
        if f.informatieobjecttype is not None:
            iot = self._urls.uuid("informatieobjecttype", f.informatieobjecttype)
            if iot is None:
                return None
            conds.append(DocumentRow.informatieobjecttype_uuid == iot)
        if f.status is not None:
            conds.append(DocumentRow.status == f.status.value)
        if f.zonder_zaak is not None:
            linked = exists(
                select(ZaakInformatieObjectRow.uuid).where(
                    ZaakInformatieObjectRow.informatieobject_uuid == DocumentRow.uuid
                )
            )
            conds.append(not_(linked) if f.zonder_zaak else linked)
        return conds

    async def zoek_documenten(
        self, filter: DocumentFilter, scope: Scope, page: PageRequest
    ) -> Page[m.EnkelvoudigInformatieObject]:
        scope_conds = await self._scope_conditions(scope)
        filter_conds = self._filter_conditions(filter)
        if scope_conds is None or filter_conds is None:
            return Page(items=[], has_next=False, total=0 if page.with_total else None)
        where = [*scope_conds, *filter_conds]
        stmt = (
            select(DocumentRow.__table__)
            .where(*where)
            .order_by(DocumentRow.begin_registratie.desc(), DocumentRow.uuid)
            .offset(page.offset)
            .limit(page.limit + 1)
        )
        async with self._lezer.verbinding() as conn:
            found = [rows.document(r, self._urls) for r in (await conn.execute(stmt)).all()]
            total = None
            if page.with_total:
                count = select(func.count()).select_from(DocumentRow).where(*where)
                total = (await conn.execute(count)).scalar_one()
        return Page(items=found[: page.limit], has_next=len(found) > page.limit, total=total)

    async def inhoud(self, url: str) -> m.DocumentInhoud | None:
        uuid = self._urls.uuid("enkelvoudiginformatieobject", url)
        if uuid is None:
            return None
        meta = select(
            DocumentRow.bestandsnaam, DocumentRow.formaat, DocumentRow.bestandsomvang
        ).where(DocumentRow.uuid == uuid)
        async with self._lezer.verbinding() as conn:
            row = (await conn.execute(meta)).first()
        if row is None:
            return None
        engine = self._engine

        async def stukken() -> AsyncIterator[bytes]:
            stmt = (
                select(DocumentInhoudRow.data)
                .where(DocumentInhoudRow.document_uuid == uuid)
                .order_by(DocumentInhoudRow.volgnummer)
            )
            async with engine.connect() as conn:
                result = await conn.stream(stmt)
                async for (data,) in result:
                    yield bytes(data)

        return m.DocumentInhoud(
            bestandsnaam=row.bestandsnaam,
            formaat=row.formaat,
            omvang=row.bestandsomvang,
            stukken=stukken,
        )
