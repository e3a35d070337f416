"""A `Scope` as SQL WHERE clauses for the embedded store.

Each function returns the conditions to AND into a query, or `None` when the scope admits
nothing (the caller then answers empty without asking the database). The rules mirror
`Scope.admits_*` exactly; the gateway re-checks every row with those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, and_, exists, not_, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import NullType, TypeEngine

from registries.models import ZAAK_OBJECTTYPES, IdentificatieSoort, ZaakType
from registries.scope import Scope
from registries.sql.tables import (
    DocumentRow,
    KlantcontactBetrokkeneRow,
    KlantcontactRow,
    OnderwerpobjectRow,
    RolRow,
    ZaakInformatieObjectRow,
    ZaakRow,
)
from registries.sql.urls import UrlScheme

if TYPE_CHECKING:
    from registries.sql.catalogi import CatalogusSnapshot

Conditions = list[ColumnElement[bool]]

_ROL_COLUMN = {
    IdentificatieSoort.BSN: RolRow.inp_bsn,
    IdentificatieSoort.KVK: RolRow.kvk_nummer,
    IdentificatieSoort.RSIN: RolRow.inn_nnp_id,
    IdentificatieSoort.VESTIGINGSNUMMER: RolRow.vestigings_nummer,
}


class Binder(Protocol):
    """Where a scope's or a filter's value goes: the value itself (`Waarden`, for a statement
    that runs through SQLAlchemy) or a placeholder (`Plaatshouders`, registries/sql/direct.py)."""

    def waarde(self, naam: str, type_: TypeEngine[Any] | None = None) -> Any: ...

    def lijst(self, naam: str, type_: TypeEngine[Any] | None = None) -> Any: ...


class Waarden:
    """The values themselves, by name: SQLAlchemy binds them."""

    __slots__ = ("_waarden",)

    def __init__(self, waarden: Mapping[str, Any]) -> None:
        self._waarden = waarden

    def waarde(self, naam: str, type_: TypeEngine[Any] | None = None) -> Any:
        return self._waarden[naam]

    def lijst(self, naam: str, type_: TypeEngine[Any] | None = None) -> Any:
        return list(self._waarden[naam])


@dataclass(frozen=True, slots=True)
class ZaakScopeVorm:
    """Which rules of a scope apply to zaken, without their values: the key of a compiled
    statement (one per shape, not one per burger)."""

    zaaktypen: bool
    vertrouwelijkheden: bool
    met_status: bool
    #: the kinds of identity a rol must name, in a fixed order; () = no such rule
    soorten: tuple[IdentificatieSoort, ...]
    betrokkene_rollen: bool


#: a scope's rules for zaken: the shape, and the values by placeholder name
ZaakScopeDelen = tuple[ZaakScopeVorm, dict[str, list[str]]]


def zaak_scope_delen(
    scope: Scope, catalogus: Iterable[ZaakType], urls: UrlScheme
) -> ZaakScopeDelen | None:
    """The shape and the values of `scope`'s rules for zaken; None when it admits none."""
    if scope.niets:
        return None
    waarden: dict[str, list[str]] = {}
    zaaktypen = scope.effectieve_zaaktypen(catalogus)
    if zaaktypen is not None:
        uuids = list(urls.uuids("zaaktype", zaaktypen))
        if not uuids:
            return None
        waarden["s_zaaktypen"] = sorted(uuids)
    vertrouwelijkheden = scope.vertrouwelijkheden()
    if vertrouwelijkheden is not None:
        waarden["s_vertrouwelijkheden"] = [v.value for v in vertrouwelijkheden]
    soorten: tuple[IdentificatieSoort, ...] = ()
    if scope.betrokkenen is not None:
        if not scope.betrokkenen:
            return None
        by_soort: dict[IdentificatieSoort, list[str]] = {}
        for ident in scope.betrokkenen:
            by_soort.setdefault(ident.soort, []).append(ident.waarde)
        soorten = tuple(s for s in _ROL_COLUMN if s in by_soort)
        for soort in soorten:
            waarden[f"s_{soort.name.lower()}"] = sorted(by_soort[soort])
        if scope.betrokkene_rollen is not None:
            waarden["s_rollen"] = sorted(r.value for r in scope.betrokkene_rollen)
    vorm = ZaakScopeVorm(
        zaaktypen=zaaktypen is not None,
        vertrouwelijkheden=vertrouwelijkheden is not None,
        met_status=scope.met_status,
        soorten=soorten,
        betrokkene_rollen=bool(soorten) and scope.betrokkene_rollen is not None,
    )
    return vorm, waarden


def zaak_scope_sql(vorm: ZaakScopeVorm, p: Binder) -> Conditions:
    """The conditions of a scope of this shape, its values from `p`."""
    conds: Conditions = []
    if vorm.zaaktypen:
        conds.append(ZaakRow.zaaktype_uuid.in_(p.lijst("s_zaaktypen")))
    if vorm.vertrouwelijkheden:
        conds.append(ZaakRow.vertrouwelijkheidaanduiding.in_(p.lijst("s_vertrouwelijkheden")))
    if vorm.met_status:
        conds.append(ZaakRow.status_uuid.is_not(None))
    if vorm.soorten:
        rol_conds: Conditions = [
            or_(
                *(
                    _ROL_COLUMN[soort].in_(p.lijst(f"s_{soort.name.lower()}"))
                    for soort in vorm.soorten
                )
            )
        ]
        if vorm.betrokkene_rollen:
            rol_conds.append(RolRow.omschrijving_generiek.in_(p.lijst("s_rollen")))
        # "IN (the zaken whose rollen name me)", not a correlated EXISTS: the planner starts from
        # the identity index of rol (a burger has tens of zaken) instead of walking every zaak in
        # list order and probing its rollen (SQLite did the latter: 58 ms at 10,000 zaken).
        conds.append(
            InDeselectie(ZaakRow.__table__.c.uuid, select(RolRow.zaak_uuid).where(*rol_conds))
        )
    return conds


class InDeselectie(ColumnElement[Any]):
    """`column IN (subquery)`, which PostgreSQL plans as a list: `column = ANY(ARRAY(...))`.

    The subqueries here name the zaken of one person (their rollen by BSN): tens to a few
    hundred rows. For `IN (subquery)` PostgreSQL estimates a semi join, and from about a
    hundred zaken on a table of 10,000 it hashes them against a sequential scan of every zaak
    (5 ms, where the burger's own 100 zaken by primary key take 0.3 ms). `ANY(ARRAY(...))` runs
    the subquery once and looks the zaken up by key, whatever the sizes. SQLite already starts
    from the subquery (fix 1 in bench/fixes.md) and keeps `IN`."""

    inherit_cache = True
    type = NullType()  # a predicate as it is: a Boolean would get "= 1" on SQLite (no booleans)
    _traverse_internals = [  # noqa: RUF012 - SQLAlchemy's own declaration (cache keys)
        ("column", InternalTraversal.dp_clauseelement),
        ("deselectie", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: ColumnElement[Any], deselectie: Select[Any]) -> None:
        self.column = column
        self.deselectie = deselectie.scalar_subquery()


@compiles(InDeselectie)
def _in_deselectie(element: InDeselectie, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"({column} IN {compiler.process(element.deselectie, **kw)})"


@compiles(InDeselectie, "postgresql")
def _in_deselectie_postgresql(element: InDeselectie, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"({column} = ANY(ARRAY{compiler.process(element.deselectie, **kw)}))"


def zaak_conditions(
    scope: Scope, catalogus: Iterable[ZaakType], urls: UrlScheme
) -> Conditions | None:
    delen = zaak_scope_delen(scope, catalogus, urls)
    if delen is None:
        return None
    vorm, waarden = delen
    return zaak_scope_sql(vorm, Waarden(waarden))


def _linked_to_zaak_in_scope(
    link: ColumnElement[bool], zaak_uuid: Any, conds: Conditions
) -> ColumnElement[bool]:
    """EXISTS a zaak in scope that the link condition reaches: a join per row, through the
    link's index and the zaak's primary key (never the list of every zaak in scope)."""
    return exists(select(ZaakRow.uuid).where(ZaakRow.uuid == zaak_uuid, link, *conds))


def zaak_onbeperkt(scope: Scope) -> bool:
    return not scope.niets and scope == Scope(
        document_statussen=scope.document_statussen,
        document_max_vertrouwelijkheid=scope.document_max_vertrouwelijkheid,
        documenten_zonder_zaak=scope.documenten_zonder_zaak,
        klantcontact_betrokkenen=scope.klantcontact_betrokkenen,
        klantcontacten_zonder_zaak=scope.klantcontacten_zonder_zaak,
    )


def document_metadata_conditions(scope: Scope) -> Conditions | None:
    if scope.niets:
        return None
    conds: Conditions = []
    if scope.document_statussen is not None:
        if not scope.document_statussen:
            return None
        conds.append(DocumentRow.status.in_(sorted(s.value for s in scope.document_statussen)))
    vertrouwelijkheden = scope.document_vertrouwelijkheden()
    if vertrouwelijkheden is not None:
        conds.append(
            DocumentRow.vertrouwelijkheidaanduiding.in_([v.value for v in vertrouwelijkheden])
        )
    return conds


def document_conditions(
    scope: Scope, catalogus: Iterable[ZaakType], urls: UrlScheme
) -> Conditions | None:
    """Metadata rules plus: linked to a zaak in scope, or linked to none (when allowed)."""
    conds = document_metadata_conditions(scope)
    if conds is None:
        return None
    linked_to_any = exists(
        select(ZaakInformatieObjectRow.uuid).where(
            ZaakInformatieObjectRow.informatieobject_uuid == DocumentRow.uuid
        )
    )
    if zaak_onbeperkt(scope):
        if not scope.documenten_zonder_zaak:
            conds.append(linked_to_any)
        return conds
    zaak_conds = zaak_conditions(scope, catalogus, urls)
    options: Conditions = []
    if zaak_conds is not None:
        options.append(
            _linked_to_zaak_in_scope(
                ZaakInformatieObjectRow.informatieobject_uuid == DocumentRow.uuid,
                ZaakInformatieObjectRow.zaak_uuid,
                zaak_conds,
            )
        )
    if scope.documenten_zonder_zaak:
        options.append(not_(linked_to_any))
    if not options:
        return None
    conds.append(or_(*options))
    return conds


@dataclass(frozen=True, slots=True)
class KlantcontactScopeVorm:
    """Which identities a betrokkene of a klantcontact must have, without their values; both
    False: no such rule."""

    bsn: bool
    kvk: bool


def klantcontact_metadata_delen(
    scope: Scope,
) -> tuple[KlantcontactScopeVorm, dict[str, list[str]]] | None:
    """The shape and the values of `scope`'s own rules for klantcontacten; None when it admits
    none."""
    if scope.niets:
        return None
    if scope.klantcontact_betrokkenen is None:
        return KlantcontactScopeVorm(bsn=False, kvk=False), {}
    waarden: dict[str, list[str]] = {}
    for soort, naam in ((IdentificatieSoort.BSN, "k_bsn"), (IdentificatieSoort.KVK, "k_kvk")):
        found = sorted(i.waarde for i in scope.klantcontact_betrokkenen if i.soort is soort)
        if found:
            waarden[naam] = found
    if not waarden:
        return None
    return KlantcontactScopeVorm(bsn="k_bsn" in waarden, kvk="k_kvk" in waarden), waarden


def klantcontact_metadata_sql(vorm: KlantcontactScopeVorm, p: Binder) -> Conditions:
    options: Conditions = []
    if vorm.bsn:
        options.append(KlantcontactBetrokkeneRow.bsn.in_(p.lijst("k_bsn")))
    if vorm.kvk:
        options.append(KlantcontactBetrokkeneRow.kvk_nummer.in_(p.lijst("k_kvk")))
    if not options:
        return []
    return [
        exists(
            select(KlantcontactBetrokkeneRow.uuid).where(
                KlantcontactBetrokkeneRow.klantcontact_uuid == KlantcontactRow.uuid,
                or_(*options),
            )
        )
    ]


def klantcontact_metadata_conditions(scope: Scope) -> Conditions | None:
    delen = klantcontact_metadata_delen(scope)
    if delen is None:
        return None
    return klantcontact_metadata_sql(delen[0], Waarden(delen[1]))


def klantcontact_conditions(
    scope: Scope, catalogus: Iterable[ZaakType], urls: UrlScheme
) -> Conditions | None:
    """Metadata rules plus: about a zaak in scope, or about no zaak (when allowed)."""
    conds = klantcontact_metadata_conditions(scope)
    if conds is None:
        return None
    about_zaak = and_(
        OnderwerpobjectRow.klantcontact_uuid == KlantcontactRow.uuid,
        OnderwerpobjectRow.code_objecttype.in_(ZAAK_OBJECTTYPES),
    )
    about_any_zaak = exists(select(OnderwerpobjectRow.uuid).where(about_zaak))
    if zaak_onbeperkt(scope):
        if not scope.klantcontacten_zonder_zaak:
            conds.append(about_any_zaak)
        return conds
    zaak_conds = zaak_conditions(scope, catalogus, urls)
    options: Conditions = []
    if zaak_conds is not None:
        options.append(
            _linked_to_zaak_in_scope(about_zaak, OnderwerpobjectRow.object_id, zaak_conds)
        )
    if scope.klantcontacten_zonder_zaak:
        options.append(not_(about_any_zaak))
    if not options:
        return None
    conds.append(or_(*options))
    return conds


T = TypeVar("T")


class ConditieCache(Generic[T]):
    """What is built from a scope (its conditions, a statement), once per (scope, catalogus
    snapshot).

    Building the conditions costs more than running the query they go into (SQLAlchemy coerces
    every `in_` list; ~9 % of a burger's page under pyinstrument, fix 12 in bench/fixes.md), and
    an operation builds them several times (zaken, documents). The expressions are immutable, so
    one list serves every statement. A new snapshot (the catalogus changed) starts a new cache;
    at `maximum` entries (one per burger, for instance) it starts over."""

    def __init__(
        self,
        bouw: Callable[[Scope, Iterable[ZaakType], UrlScheme], T],
        urls: UrlScheme,
        maximum: int = 4096,
    ) -> None:
        self._bouw = bouw
        self._urls = urls
        self._maximum = maximum
        self._snapshot: object = None
        self._cache: dict[Scope, T] = {}

    def voor(self, scope: Scope, snapshot: CatalogusSnapshot) -> T:
        if snapshot is not self._snapshot:
            self._snapshot, self._cache = snapshot, {}
        try:
            return self._cache[scope]
        except KeyError:
            pass
        if len(self._cache) >= self._maximum:
            self._cache = {}
        found = self._cache[scope] = self._bouw(scope, snapshot.zaaktypen.values(), self._urls)
        return found
