"""The Zaken registry over the embedded store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, exists, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from registries import models as m
from registries.base import (
    ZAAK_ERBIJ,
    ZAAK_KINDEREN,
    Page,
    PageRequest,
    ZaakFilter,
    ZaakKinderen,
    ZaakOrdering,
)
from registries.json_vorm import JsonVorm, JsonZaak
from registries.scope import Scope
from registries.sql import rows
from registries.sql.catalogi import SqlCatalogi
from registries.sql.direct import UUIDS, DialectSjabloon, Lezing, Plaatshouders, Sjabloon
from registries.sql.kinderen import JsonKinderen, KinderLezer, pagina_met_kinderen
from registries.sql.lezen import Lezer
from registries.sql.scope_sql import (
    Binder,
    ConditieCache,
    InDeselectie,
    ZaakScopeDelen,
    ZaakScopeVorm,
    zaak_scope_delen,
    zaak_scope_sql,
)
from registries.sql.tables import (
    ResultaatRow,
    RolRow,
    StatusRow,
    ZaakEigenschapRow,
    ZaakInformatieObjectRow,
    ZaakRow,
)
from registries.sql.typen import Datum
from registries.sql.urls import RESOURCES, UrlScheme
from registries.sql.zaak_erbij import (
    GEEN,
    ErbijVorm,
    documenten_uit,
    erbij_delen,
    erbij_kolommen,
    klantcontacten_uit_rij,
)
from registries.sql.zaken_json import (
    DocumentRegels,
    Rij,
    betrokkenen_kern,
    bouw_voor,
    documenten_kern,
    heeft_documenten,
    url_plaats,
    zaak_json,
    zaak_kolommen,
)
from registries.sql.zaken_json import kan as kan_als_json
from registries.sql.zoektekst import like_pattern

#: per ordering: (column of zaak, descending?) in order
_VOLGORDE: dict[ZaakOrdering, tuple[tuple[str, bool], ...]] = {
    ZaakOrdering.STARTDATUM_DESC: (("startdatum", True), ("identificatie", True)),
    ZaakOrdering.STARTDATUM_ASC: (("startdatum", False), ("identificatie", False)),
    ZaakOrdering.REGISTRATIEDATUM_DESC: (("registratiedatum", True), ("identificatie", True)),
    ZaakOrdering.IDENTIFICATIE_ASC: (("identificatie", False),),
}


def _volgorde(ordering: ZaakOrdering, kolommen: Any) -> list[Any]:
    """The ORDER BY of `ordering` on `kolommen` (the zaak table's, or a subquery's)."""
    return [
        kolommen[naam].desc() if aflopend else kolommen[naam].asc()
        for naam, aflopend in _VOLGORDE[ordering]
    ]


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

_ZAAK_UUID = ZaakRow.__table__.c.uuid
#: per kind of child (`ZAAK_KINDEREN`): its table, and its reader in the order of its own read
#: (`_STATUSSEN_VAN`, `_ROLLEN_VAN`, `_EIGENSCHAPPEN_VAN`, `_RESULTATEN_VAN`)
_KINDEREN: dict[str, tuple[Any, KinderLezer]] = {
    "statussen": (
        StatusRow.__table__,
        KinderLezer(StatusRow.__table__, ("datum_status_gezet", "uuid")),
    ),
    "rollen": (RolRow.__table__, KinderLezer(RolRow.__table__, ("registratiedatum", "uuid"))),
    "eigenschappen": (
        ZaakEigenschapRow.__table__,
        KinderLezer(ZaakEigenschapRow.__table__, ("naam",)),
    ),
    "resultaat": (ResultaatRow.__table__, KinderLezer(ResultaatRow.__table__, ("uuid",))),
}
assert _KINDEREN.keys() == ZAAK_KINDEREN - ZAAK_ERBIJ


def _bekende_soorten(soorten: frozenset[str]) -> None:
    if not soorten <= ZAAK_KINDEREN:
        raise ValueError(f"no such children of a zaak: {sorted(soorten - ZAAK_KINDEREN)}")


#: the shape of a read of children: which kinds, and the rules for the documents and
#: klantcontacten among them (`registries.sql.zaak_erbij`)
_KinderVorm = tuple[frozenset[str], ErbijVorm]


def _kinder_delen(soorten: frozenset[str], scope: Scope) -> tuple[_KinderVorm, dict[str, Any]]:
    _bekende_soorten(soorten)
    if not soorten & ZAAK_ERBIJ:
        return (soorten, GEEN), {}
    erbij, waarden = erbij_delen(soorten, scope)
    return (soorten, erbij), waarden


def _kinder_kolommen(vorm: _KinderVorm, zaak_uuid: Any, p: Plaatshouders) -> list[Any]:
    """Per asked kind of child, a column with the children of zaak `zaak_uuid` as JSON."""
    soorten, erbij = vorm
    return [
        *(
            JsonKinderen(tabel, "zaak_uuid", zaak_uuid).label(soort)
            for soort, (tabel, _lezer) in _KINDEREN.items()
            if soort in soorten
        ),
        *erbij_kolommen(erbij, zaak_uuid, p),
    ]


def _kinderen_van(vorm: _KinderVorm, p: Plaatshouders) -> Select[Any]:
    """One row per zaak with each asked kind of child as a JSON array (`kinderen_van`)."""
    return select(
        ZaakRow.uuid.label("zaak_uuid"),
        ZaakRow.status_uuid.label("huidige_status_uuid"),
        *_kinder_kolommen(vorm, _ZAAK_UUID, p),
    ).where(ZaakRow.uuid.in_(p.lijst(UUIDS)))


_KINDEREN_VAN = Sjabloon(_kinderen_van)


def _kinderen_uit(
    r: Any, vorm: _KinderVorm, huidige_status: str | None, urls: UrlScheme
) -> ZaakKinderen:
    """A zaak's children out of the JSON columns of `_kinder_kolommen` in row `r`."""
    soorten, erbij = vorm

    def lees(soort: str) -> list[Any]:
        return _KINDEREN[soort][1].lees(getattr(r, soort)) if soort in soorten else []

    resultaten = lees("resultaat")
    return ZaakKinderen(
        statussen=[rows.status(x, urls, huidige_status) for x in lees("statussen")],
        rollen=[rows.rol(x, urls) for x in lees("rollen")],
        eigenschappen=[rows.zaakeigenschap(x, urls) for x in lees("eigenschappen")],
        resultaat=rows.resultaat(resultaten[0], urls) if resultaten else None,
        documenten=documenten_uit(r, erbij, urls),
        klantcontacten=klantcontacten_uit_rij(r, erbij, urls),
    )


@dataclass(frozen=True, slots=True)
class _FilterVorm:
    """Which parts of a `ZaakFilter` are set (not their values), and the ordering."""

    zaaktypen: bool
    statustype: bool
    #: the names in `_ROL_FILTERS` of the rol filters that are set, in that order
    rol_filters: tuple[str, ...]
    identificatie: bool
    omschrijving: bool
    vanaf: bool
    tot_en_met: bool
    open: bool | None
    ordering: ZaakOrdering


#: a rol of the zaak names this identity: placeholder, rol column, the filter's field
_ROL_FILTERS = (
    ("f_bsn", RolRow.inp_bsn, attrgetter("bsn")),
    ("f_kvk", RolRow.kvk_nummer, attrgetter("kvk")),
    ("f_rsin", RolRow.inn_nnp_id, attrgetter("rsin")),
)


def _filter_delen(f: ZaakFilter, urls: UrlScheme) -> tuple[_FilterVorm, dict[str, Any]] | None:
    """The shape and the values of a filter; None when it matches nothing."""
    waarden: dict[str, Any] = {}
    if f.zaaktypen is not None:
        uuids = list(urls.uuids("zaaktype", f.zaaktypen))
        if not uuids:
            return None
        waarden["f_zaaktypen"] = uuids
    if f.statustype is not None:
        statustype = urls.uuid("statustype", f.statustype)
        if statustype is None:
            return None
        waarden["f_statustype"] = statustype
    rol_filters = []
    for naam, _column, veld in _ROL_FILTERS:
        value = veld(f)
        if value is not None:
            waarden[naam] = value
            rol_filters.append(naam)
    if f.identificatie is not None:
        waarden["f_identificatie"] = f.identificatie
    if f.omschrijving_bevat:
        waarden["f_omschrijving"] = like_pattern(f.omschrijving_bevat)
    if f.startdatum_vanaf is not None:
        waarden["f_vanaf"] = f.startdatum_vanaf
    if f.startdatum_tot_en_met is not None:
        waarden["f_tot_en_met"] = f.startdatum_tot_en_met
    vorm = _FilterVorm(
        zaaktypen=f.zaaktypen is not None,
        statustype=f.statustype is not None,
        rol_filters=tuple(rol_filters),
        identificatie=f.identificatie is not None,
        omschrijving=bool(f.omschrijving_bevat),
        vanaf=f.startdatum_vanaf is not None,
        tot_en_met=f.startdatum_tot_en_met is not None,
        open=f.open,
        ordering=f.ordering,
    )
    return vorm, waarden


def _filter_sql(vorm: _FilterVorm, p: Binder) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if vorm.zaaktypen:
        conds.append(ZaakRow.zaaktype_uuid.in_(p.lijst("f_zaaktypen")))
    if vorm.statustype:
        conds.append(
            exists(
                select(StatusRow.uuid).where(
                    StatusRow.uuid == ZaakRow.status_uuid,
                    StatusRow.statustype_uuid == p.waarde("f_statustype"),
                )
            )
        )
    for naam, column, _veld in _ROL_FILTERS:
        # IN, not EXISTS: start from the identity index (see scope_sql)
        if naam in vorm.rol_filters:
            deselectie = select(RolRow.zaak_uuid).where(column == p.waarde(naam))
            conds.append(InDeselectie(ZaakRow.__table__.c.uuid, deselectie))
    if vorm.identificatie:
        conds.append(ZaakRow.identificatie == p.waarde("f_identificatie"))
    if vorm.omschrijving:
        conds.append(ZaakRow.omschrijving.ilike(p.waarde("f_omschrijving"), escape="\\"))
    if vorm.vanaf:
        conds.append(ZaakRow.startdatum >= p.waarde("f_vanaf", Datum()))
    if vorm.tot_en_met:
        conds.append(ZaakRow.startdatum <= p.waarde("f_tot_en_met", Datum()))
    if vorm.open is True:
        conds.append(ZaakRow.einddatum.is_(None))
    elif vorm.open is False:
        conds.append(ZaakRow.einddatum.is_not(None))
    return conds


_Zoekvorm = tuple[ZaakScopeVorm, _FilterVorm]


def _zoek(vorm: _Zoekvorm, p: Plaatshouders, kolommen: Sequence[Any] = ()) -> Select[Any]:
    """The page of zaken of (scope, filter): all their columns, or `kolommen`."""
    scope, filter = vorm
    return (
        select(*kolommen or [ZaakRow.__table__])
        .where(*zaak_scope_sql(scope, p), *_filter_sql(filter, p))
        .order_by(*_volgorde(filter.ordering, ZaakRow.__table__.c))
        .limit(p.waarde("limit", Integer()))
        .offset(p.waarde("offset", Integer()))
    )


def _tel(vorm: _Zoekvorm, p: Plaatshouders) -> Select[Any]:
    scope, filter = vorm
    return (
        select(func.count())
        .select_from(ZaakRow)
        .where(*zaak_scope_sql(scope, p), *_filter_sql(filter, p))
    )


def _op_uuid(vorm: ZaakScopeVorm, p: Plaatshouders) -> Select[Any]:
    return select(ZaakRow.__table__).where(
        ZaakRow.uuid.in_(p.lijst(UUIDS)), *zaak_scope_sql(vorm, p)
    )


def _deelzaken(vorm: ZaakScopeVorm, p: Plaatshouders) -> Select[Any]:
    return (
        select(ZaakRow.__table__)
        .where(ZaakRow.hoofdzaak_uuid.in_(p.lijst(UUIDS)), *zaak_scope_sql(vorm, p))
        .order_by(ZaakRow.startdatum, ZaakRow.identificatie)
    )


def _zio_bij(vorm: ZaakScopeVorm, p: Plaatshouders) -> Select[Any]:
    return (
        select(ZaakInformatieObjectRow.__table__)
        .join(ZaakRow, ZaakRow.uuid == ZaakInformatieObjectRow.zaak_uuid)
        .where(
            ZaakInformatieObjectRow.informatieobject_uuid.in_(p.lijst(UUIDS)),
            *zaak_scope_sql(vorm, p),
        )
        .order_by(ZaakInformatieObjectRow.registratiedatum, ZaakInformatieObjectRow.uuid)
    )


#: the zaken list (and its count) per shape of scope and filter; request and token values
#: are bound parameters (registries/sql/direct.py)
def _zoek_met_kinderen(vorm: tuple[_Zoekvorm, _KinderVorm], p: Plaatshouders) -> Select[Any]:
    """A page of `_zoek` with the asked children of each zaak (`zoek_zaken_met_kinderen`), read
    for the rows of the page only."""
    zoekvorm, kindervorm = vorm
    return pagina_met_kinderen(
        _zoek(zoekvorm, p),
        lambda zaak_uuid: _kinder_kolommen(kindervorm, zaak_uuid, p),
        lambda kolommen: _volgorde(zoekvorm[1].ordering, kolommen),
    )


def _zoek_json(
    vorm: tuple[_Zoekvorm, JsonVorm, DocumentRegels], p: Plaatshouders, dialect: str
) -> Select[Any]:
    """A page of `_zoek` with each zaak as JSON (`registries.sql.zaken_json`), built for the
    rows of the page only; beside it what the row guard reads."""
    zoekvorm, json_vorm, regels = vorm
    b = bouw_voor(dialect, p, regels)
    # the page reads the columns the JSON, the guard and the order need (its rows are sorted)
    nodig = {"uuid", "zaaktype_uuid", "vertrouwelijkheidaanduiding", "status_uuid"}
    nodig |= {naam for naam, _desc in _VOLGORDE[zoekvorm[1].ordering]}
    nodig |= zaak_kolommen(json_vorm)
    tabel = ZaakRow.__table__
    pagina = _zoek(zoekvorm, p, [c for c in tabel.c if c.name in nodig]).subquery("pagina")
    c = pagina.c
    rij = Rij(c)
    kolommen: list[Any] = [
        c.uuid,
        c.zaaktype_uuid,
        c.vertrouwelijkheidaanduiding,
        c.status_uuid,
        b.als_tekst(zaak_json(b, json_vorm, rij)).label("json"),
    ]
    kolommen.append(b.als_tekst(betrokkenen_kern(b, Rij(c))).label("betrokkenen"))
    if heeft_documenten(json_vorm):
        kolommen.append(b.als_tekst(documenten_kern(b, Rij(c))).label("documenten"))
    return (
        select(*kolommen).select_from(rij.van(pagina)).order_by(*_volgorde(zoekvorm[1].ordering, c))
    )


_ZOEK = Sjabloon(_zoek)
_ZOEK_JSON = DialectSjabloon(_zoek_json)
_ZOEK_MET_KINDEREN = Sjabloon(_zoek_met_kinderen)
_TEL = Sjabloon(_tel)
_OP_UUID = Sjabloon(_op_uuid)
_DEELZAKEN = Sjabloon(_deelzaken)
_ZIO_BIJ = Sjabloon(_zio_bij)


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
        self._delen = ConditieCache(zaak_scope_delen, urls)
        self._kan: dict[JsonVorm, bool] = {}
        self._json_lezer = rows.JsonZakenLezer(urls)
        #: the URL prefixes the JSON of `zoek_zaken_als_json` is built with
        self._url_waarden = {
            **{url_plaats(resource): urls.url(resource, "") for resource in RESOURCES},
            "url_inhoud": f"{urls.base_url}/documenten/",  # + uuid + /inhoud: document_inhoud
        }

    def zaak_url(self, uuid: str) -> str:
        return self._urls.url("zaak", uuid)

    async def _scope_delen(self, scope: Scope) -> ZaakScopeDelen | None:
        return self._delen.voor(scope, await self._catalogi.snapshot())

    async def _zaken_bij(
        self, sjabloon: Sjabloon[ZaakScopeVorm], uuids: Sequence[str], scope: Scope
    ) -> list[m.Zaak]:
        """The zaken in scope that `sjabloon` finds by `uuids` (its list `uuids`)."""
        delen = await self._scope_delen(scope)
        if not uuids or delen is None:
            return []
        vorm, waarden = delen
        async with self._lezer.verbinding() as conn:
            found = await conn.lees_met(
                sjabloon.voor(conn.dialect, vorm), {**waarden, UUIDS: list(uuids)}
            )
        return [rows.zaak(r, self._urls) for r in found]

    async def get_zaken(self, urls: Sequence[str], scope: Scope) -> dict[str, m.Zaak]:
        uuids = self._urls.uuids("zaak", urls)
        return {z.url: z for z in await self._zaken_bij(_OP_UUID, list(uuids), scope)}

    async def zoek_zaken(self, filter: ZaakFilter, scope: Scope, page: PageRequest) -> Page[m.Zaak]:
        found, _kinderen = await self.zoek_zaken_met_kinderen(filter, scope, page, frozenset())
        return found

    async def zoek_zaken_met_kinderen(
        self, filter: ZaakFilter, scope: Scope, page: PageRequest, soorten: frozenset[str]
    ) -> tuple[Page[m.Zaak], dict[str, ZaakKinderen]]:
        scope_delen = await self._scope_delen(scope)
        filter_delen = _filter_delen(filter, self._urls)
        if scope_delen is None or filter_delen is None:
            return Page(items=[], has_next=False, total=0 if page.with_total else None), {}
        vorm = (scope_delen[0], filter_delen[0])
        waarden: dict[str, Any] = {**scope_delen[1], **filter_delen[1]}
        kindervorm, kinderwaarden = _kinder_delen(soorten, scope)
        urls = self._urls
        kinderen: dict[str, ZaakKinderen] = {}
        async with self._lezer.verbinding() as conn:
            statement = (
                _ZOEK_MET_KINDEREN.voor(conn.dialect, (vorm, kindervorm))
                if soorten
                else _ZOEK.voor(conn.dialect, vorm)
            )
            found = await conn.lees_met(
                statement,
                {**waarden, **kinderwaarden, "limit": page.limit + 1, "offset": page.offset},
            )
            zaken = [rows.zaak(r, urls) for r in found[: page.limit]]
            if soorten:
                for zaak, r in zip(zaken, found, strict=False):
                    kinderen[zaak.url] = _kinderen_uit(r, kindervorm, r.status_uuid, urls)
            total = None
            if page.with_total:
                total = (await conn.lees_met(_TEL.voor(conn.dialect, vorm), waarden))[0][0]
        page_found = Page(items=zaken, has_next=len(found) > page.limit, total=total)
        return page_found, kinderen

    @property
    def json_compact(self) -> bool:
        # SQLite's JSON is the text `zaken_json` writes itself; PostgreSQL's comes from
        # json_build_object and json_agg, with spaces and newlines between tokens
        return self._engine.dialect.name == "sqlite"

    def kan(self, vorm: JsonVorm) -> bool:
        found = self._kan.get(vorm)
        if found is None:
            if len(self._kan) >= 1024:
                self._kan.clear()
            found = self._kan[vorm] = vorm.soort == "zaak" and kan_als_json(vorm)
        return found

    async def zoek_zaken_als_json(
        self,
        filter: ZaakFilter,
        scope: Scope,
        page: PageRequest,
        vorm: JsonVorm,
        document_scope: Scope,
    ) -> list[JsonZaak]:
        if not self.kan(vorm):
            raise ValueError("a shape of zaak this store cannot build (ask `kan` first)")
        scope_delen = await self._scope_delen(scope)
        filter_delen = _filter_delen(filter, self._urls)
        if scope_delen is None or filter_delen is None:
            return []
        shape = ((scope_delen[0], filter_delen[0]), vorm, DocumentRegels.van(document_scope))
        waarden: dict[str, Any] = {
            **scope_delen[1],
            **filter_delen[1],
            **self._url_waarden,
            "limit": page.limit + 1,
            "offset": page.offset,
        }
        async with self._lezer.verbinding() as conn:
            statement = _ZOEK_JSON.voor(conn.dialect, shape)
            found = await conn.lees_met(
                statement, {k: v for k, v in waarden.items() if k in statement.namen}
            )
        return self._json_lezer.lees(found)

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

    async def kinderen_van(
        self, zaak_urls: Sequence[str], scope: Scope, soorten: frozenset[str]
    ) -> dict[str, ZaakKinderen]:
        vorm, waarden = _kinder_delen(soorten, scope)
        uuids = self._urls.uuids("zaak", zaak_urls)
        if not uuids or not soorten:
            return {}
        async with self._lezer.verbinding() as conn:
            found = await conn.lees_met(
                _KINDEREN_VAN.voor(conn.dialect, vorm), {**waarden, UUIDS: list(uuids)}
            )
        urls = self._urls
        return {
            uuids[r.zaak_uuid]: _kinderen_uit(r, vorm, r.huidige_status_uuid, urls) for r in found
        }

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
        delen = await self._scope_delen(scope)
        found: dict[str, list[m.ZaakInformatieObject]] = defaultdict(list)
        if not uuids or delen is None:
            return found
        vorm, waarden = delen
        async with self._lezer.verbinding() as conn:
            for r in await conn.lees_met(
                _ZIO_BIJ.voor(conn.dialect, vorm), {**waarden, UUIDS: list(uuids)}
            ):
                zio = rows.zaakinformatieobject(r, self._urls)
                found[uuids[r.informatieobject_uuid]].append(zio)
        return found

    async def deelzaken_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[m.Zaak]]:
        uuids = self._urls.uuids("zaak", zaak_urls)
        found: dict[str, list[m.Zaak]] = defaultdict(list)
        for zaak in await self._zaken_bij(_DEELZAKEN, list(uuids), scope):
            assert zaak.hoofdzaak is not None
            found[zaak.hoofdzaak].append(zaak)
        return found
