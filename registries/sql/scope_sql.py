"""A `Scope` as SQL WHERE clauses for the embedded store.

Each function returns the conditions to AND into a query, or `None` when the scope admits
nothing (the caller then answers empty without asking the database). The rules mirror
`Scope.admits_*` exactly; the gateway re-checks every row with those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import ColumnElement, and_, exists, not_, or_, select

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


def zaak_conditions(
    scope: Scope, catalogus: Iterable[ZaakType], urls: UrlScheme
) -> Conditions | None:
    if scope.niets:
        return None
    conds: Conditions = []
    zaaktypen = scope.effectieve_zaaktypen(catalogus)
    if zaaktypen is not None:
        uuids = list(urls.uuids("zaaktype", zaaktypen))
        if not uuids:
            return None
        conds.append(ZaakRow.zaaktype_uuid.in_(sorted(uuids)))
    vertrouwelijkheden = scope.vertrouwelijkheden()
    if vertrouwelijkheden is not None:
        conds.append(ZaakRow.vertrouwelijkheidaanduiding.in_([v.value for v in vertrouwelijkheden]))
    if scope.met_status:
        conds.append(ZaakRow.status_uuid.is_not(None))
    if scope.betrokkenen is not None:
        if not scope.betrokkenen:
            return None
        by_column: dict[IdentificatieSoort, list[str]] = {}
        for ident in scope.betrokkenen:
            by_column.setdefault(ident.soort, []).append(ident.waarde)
        rol_conds: Conditions = [
            or_(*(_ROL_COLUMN[soort].in_(sorted(values)) for soort, values in by_column.items()))
        ]
        if scope.betrokkene_rollen is not None:
            rol_conds.append(
                RolRow.omschrijving_generiek.in_(sorted(r.value for r in scope.betrokkene_rollen))
            )
        # "IN (the zaken whose rollen name me)", not a correlated EXISTS: the planner starts from
        # the identity index of rol (a burger has tens of zaken) instead of walking every zaak in
        # list order and probing its rollen (SQLite did the latter: 58 ms at 10,000 zaken).
        conds.append(ZaakRow.uuid.in_(select(RolRow.zaak_uuid).where(*rol_conds)))
    return conds


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


def klantcontact_metadata_conditions(scope: Scope) -> Conditions | None:
    if scope.niets:
        return None
    conds: Conditions = []
    if scope.klantcontact_betrokkenen is not None:
        bsns = [
            i.waarde for i in scope.klantcontact_betrokkenen if i.soort is IdentificatieSoort.BSN
        ]
        kvks = [
            i.waarde for i in scope.klantcontact_betrokkenen if i.soort is IdentificatieSoort.KVK
        ]
        if not bsns and not kvks:
            return None
        options: Conditions = []
        if bsns:
            options.append(KlantcontactBetrokkeneRow.bsn.in_(sorted(bsns)))
        if kvks:
            options.append(KlantcontactBetrokkeneRow.kvk_nummer.in_(sorted(kvks)))
        conds.append(
            exists(
                select(KlantcontactBetrokkeneRow.uuid).where(
                    KlantcontactBetrokkeneRow.klantcontact_uuid == KlantcontactRow.uuid,
                    or_(*options),
                )
            )
        )
    return conds


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
