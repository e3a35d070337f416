"""The Klantinteracties registry (klantcontacten) over the embedded store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, ColumnElement, Select, exists, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncEngine

from registries import models as m
from registries.base import KlantcontactFilter, Page, PageRequest
from registries.models import ZAAK_OBJECTTYPES
from registries.scope import Scope
from registries.sql import rows
from registries.sql.catalogi import SqlCatalogi
from registries.sql.direct import UUIDS, Plaatshouders, Sjabloon
from registries.sql.kinderen import JsonKinderen, KinderLezer, pagina_met_kinderen
from registries.sql.lezen import Lezer
from registries.sql.scope_sql import (
    ConditieCache,
    KlantcontactScopeVorm,
    klantcontact_conditions,
    klantcontact_metadata_delen,
    klantcontact_metadata_sql,
)
from registries.sql.tables import KlantcontactBetrokkeneRow, KlantcontactRow, OnderwerpobjectRow
from registries.sql.urls import UrlScheme
from registries.sql.zoektekst import like_pattern


#: a klantcontact's betrokkenen and onderwerpobjecten, in the klantcontact's own statement
def _kinderen(
    klantcontact_uuid: ColumnElement[Any], als_json: bool = False
) -> tuple[ColumnElement[Any], ...]:
    """The two JSON columns; `als_json`: typed JSON, for a SELECT that is itself read as JSON
    (`registries.sql.zaak_erbij`), so that they nest."""
    kolommen = {
        "betrokkenen_json": JsonKinderen(
            KlantcontactBetrokkeneRow.__table__, "klantcontact_uuid", klantcontact_uuid
        ),
        "onderwerpobjecten_json": JsonKinderen(
            OnderwerpobjectRow.__table__, "klantcontact_uuid", klantcontact_uuid
        ),
    }
    return tuple(
        (type_coerce(k, JSON) if als_json else k).label(naam) for naam, k in kolommen.items()
    )


_KINDEREN = _kinderen(KlantcontactRow.__table__.c.uuid)
#: the same, typed JSON (`_kinderen`)
_KINDEREN_JSON = _kinderen(KlantcontactRow.__table__.c.uuid, als_json=True)
_BETROKKENEN = KinderLezer(KlantcontactBetrokkeneRow.__table__, ("uuid",))
_ONDERWERPOBJECTEN = KinderLezer(OnderwerpobjectRow.__table__, ("uuid",))


def over_zaken(als_json: bool = False) -> Select[Any]:
    """Klantcontacten with their children, once per zaak an onderwerpobject names (column
    `zaak_uuid`): here, and in the zaak's own statement (`registries.sql.zaak_erbij`, which
    asks for the children typed JSON: `_kinderen`)."""
    return (
        select(
            KlantcontactRow.__table__,
            *(_KINDEREN_JSON if als_json else _KINDEREN),
            OnderwerpobjectRow.object_id.label("zaak_uuid"),
        )
        .join(OnderwerpobjectRow, OnderwerpobjectRow.klantcontact_uuid == KlantcontactRow.uuid)
        .where(OnderwerpobjectRow.code_objecttype.in_(ZAAK_OBJECTTYPES))
    )


def _van_zaken(vorm: KlantcontactScopeVorm, p: Plaatshouders) -> Select[Any]:
    """The klantcontacten about the zaken `uuids` that the scope's own rules admit."""
    return (
        over_zaken()
        .where(
            OnderwerpobjectRow.object_id.in_(p.lijst(UUIDS)),
            *klantcontact_metadata_sql(vorm, p),
        )
        .order_by(KlantcontactRow.plaatsgevonden_op, KlantcontactRow.uuid)
    )


_VAN_ZAKEN = Sjabloon(_van_zaken)


def _nieuwste_eerst(kolommen: Any) -> list[ColumnElement[Any]]:
    return [kolommen.plaatsgevonden_op.desc(), kolommen.uuid]


def zoek_pagina(where: Sequence[ColumnElement[bool]], page: PageRequest) -> Select[Any]:
    """A page of the klantcontacten matching `where`, newest first, with their children (read
    for the page's rows only: `pagina_met_kinderen`)."""
    pagina = (
        select(KlantcontactRow.__table__)
        .where(*where)
        .order_by(*_nieuwste_eerst(KlantcontactRow.__table__.c))
        .offset(page.offset)
        .limit(page.limit + 1)
    )
    return pagina_met_kinderen(pagina, _kinderen, _nieuwste_eerst)


def klantcontacten_uit(contact_rows: Sequence[Any], urls: UrlScheme) -> list[m.Klantcontact]:
    """Klantcontacten with their betrokkenen and onderwerpobjecten, which came along in the
    same rows (`_kinderen`)."""
    return [
        rows.klantcontact(
            r,
            urls,
            [rows.klantcontact_betrokkene(b, urls) for b in _BETROKKENEN.lees(r.betrokkenen_json)],
            [
                rows.onderwerpobject(o, urls)
                for o in _ONDERWERPOBJECTEN.lees(r.onderwerpobjecten_json)
            ],
        )
        for r in contact_rows
    ]


class SqlKlantcontacten:
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
        self._condities = ConditieCache(klantcontact_conditions, urls)

    async def _scope_conditions(self, scope: Scope) -> list[ColumnElement[bool]] | None:
        return self._condities.voor(scope, await self._catalogi.snapshot())

    def _compleet(self, contact_rows: Sequence[Any]) -> list[m.Klantcontact]:
        return klantcontacten_uit(contact_rows, self._urls)

    async def get_klantcontacten(
        self, urls: Sequence[str], scope: Scope
    ) -> dict[str, m.Klantcontact]:
        uuids = self._urls.uuids("klantcontact", urls)
        conds = await self._scope_conditions(scope)
        if not uuids or conds is None:
            return {}
        stmt = select(KlantcontactRow.__table__, *_KINDEREN).where(
            KlantcontactRow.uuid.in_(list(uuids)), *conds
        )
        async with self._lezer.verbinding() as conn:
            found = self._compleet(list(await conn.execute(stmt)))
        return {k.url: k for k in found}

    async def klantcontacten_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.Klantcontact]]:
        zaak_uuids = self._urls.uuids("zaak", zaak_urls)
        delen = klantcontact_metadata_delen(scope)
        found: dict[str, list[m.Klantcontact]] = defaultdict(list)
        if not zaak_uuids or delen is None:
            return found
        vorm, waarden = delen
        async with self._lezer.verbinding() as conn:
            contact_rows = await conn.lees_met(
                _VAN_ZAKEN.voor(conn.dialect, vorm), {**waarden, UUIDS: list(zaak_uuids)}
            )
        completed = self._compleet(contact_rows)
        for r, contact in zip(contact_rows, completed, strict=True):
            found[zaak_uuids[r.zaak_uuid]].append(contact)
        return found

    async def zoek_klantcontacten(
        self, filter: KlantcontactFilter, scope: Scope, page: PageRequest
    ) -> Page[m.Klantcontact]:
        scope_conds = await self._scope_conditions(scope)
        if scope_conds is None:
            return Page(items=[], has_next=False, total=0 if page.with_total else None)
        where = [*scope_conds]
        if filter.zaak is not None:
            zaak_uuid = self._urls.uuid("zaak", filter.zaak)
            if zaak_uuid is None:
                return Page(items=[], has_next=False, total=0 if page.with_total else None)
            where.append(
                exists(
                    select(OnderwerpobjectRow.uuid).where(
                        OnderwerpobjectRow.klantcontact_uuid == KlantcontactRow.uuid,
                        OnderwerpobjectRow.code_objecttype.in_(ZAAK_OBJECTTYPES),
                        OnderwerpobjectRow.object_id == zaak_uuid,
                    )
                )
            )
        if filter.bsn is not None:
            where.append(
                exists(
                    select(KlantcontactBetrokkeneRow.uuid).where(
                        KlantcontactBetrokkeneRow.klantcontact_uuid == KlantcontactRow.uuid,
                        KlantcontactBetrokkeneRow.bsn == filter.bsn,
                    )
                )
            )
        if filter.kanaal is not None:
            where.append(KlantcontactRow.kanaal == filter.kanaal)
        if filter.onderwerp_bevat:
            where.append(
                KlantcontactRow.onderwerp.ilike(like_pattern(filter.onderwerp_bevat), escape="\\")
            )
        stmt = zoek_pagina(where, page)
        async with self._lezer.verbinding() as conn:
            contact_rows = list(await conn.execute(stmt))
            found = self._compleet(contact_rows[: page.limit])
            total = None
            if page.with_total:
                count = select(func.count()).select_from(KlantcontactRow).where(*where)
                total = (await conn.execute(count)).scalar_one()
        return Page(items=found, has_next=len(contact_rows) > page.limit, total=total)
