"""A zaak's documents and klantcontacten, read in the statement that reads the zaak's children.

The zaak detail (`zaak(identificatie: ...)`) asks for everything about one zaak. The embedded
store holds all four registries in one database, so besides the zaak's statussen, rollen,
eigenschappen and resultaat (`registries.sql.kinderen`), its documents and its klantcontacten
come as two more JSON columns of the same statement, instead of a statement each. On
PostgreSQL a statement costs the gateway 60-100 µs of CPU however small it is (the driver's
round trip, a pooled connection, a task): for the zaak detail these two were a third of its
CPU (bench/fixes.md, fix 26).

What they hold is what the registries' own reads give for the same zaak and scope:

- documenten: the zaak's links (`zaakinformatieobject`) each with the document it names, for
  the documents the scope's document rules admit (`DocumentRegels`), ordered as
  `SqlDocumenten.documenten_van_zaken` orders them;
- klantcontacten: the klantcontacten with an onderwerpobject naming the zaak, with their
  betrokkenen and onderwerpobjecten, for those the scope's klantcontact rules admit, ordered as
  `SqlKlantcontacten.klantcontacten_van` orders them.

The gateway's row guard checks both afterwards, as it checks what those reads return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select

from registries import models as m
from registries.scope import Scope
from registries.sql import rows
from registries.sql.direct import Plaatshouders
from registries.sql.documenten import document_uit, links_met_documenten
from registries.sql.kinderen import JsonKinderen, KinderLezer
from registries.sql.klantcontacten import klantcontacten_uit, over_zaken
from registries.sql.scope_sql import (
    KlantcontactScopeVorm,
    klantcontact_metadata_delen,
    klantcontact_metadata_sql,
)
from registries.sql.urls import UrlScheme
from registries.sql.zaken_json import DocumentRegels


@dataclass(frozen=True, slots=True)
class ErbijVorm:
    """Which of the zaak's documents and klantcontacten a statement reads (policy values
    only: part of the statement's shape). None: not asked for; klantcontacten are also None
    when the scope admits none (the column is then left out, and every zaak has none)."""

    documenten: DocumentRegels | None = None
    klantcontacten: KlantcontactScopeVorm | None = None


GEEN = ErbijVorm()


def erbij_delen(soorten: frozenset[str], scope: Scope) -> tuple[ErbijVorm, dict[str, Any]]:
    """The shape and the bound values of the documents and klantcontacten in `soorten`."""
    documenten = DocumentRegels.van(scope) if "documenten" in soorten else None
    klantcontacten: KlantcontactScopeVorm | None = None
    waarden: dict[str, Any] = {}
    if "klantcontacten" in soorten:
        delen = klantcontact_metadata_delen(scope)
        if delen is not None:
            klantcontacten, waarden = delen
    return ErbijVorm(documenten, klantcontacten), waarden


def _documenten(regels: DocumentRegels | None) -> Select[Any]:
    """The links with their documents under `regels`; all of them without (to know the
    columns)."""
    stmt = links_met_documenten()
    return stmt if regels is None else stmt.where(*regels.condities())


def _klantcontacten(vorm: KlantcontactScopeVorm | None, p: Plaatshouders | None) -> Select[Any]:
    """The klantcontacten about a zaak (column `zaak_uuid`) with their own children, under the
    scope's rules (`vorm`, whose values `p` binds); all of them without."""
    stmt = over_zaken(als_json=True)
    if vorm is not None and p is not None:
        stmt = stmt.where(*klantcontact_metadata_sql(vorm, p))
    return stmt


_DOCUMENTEN = KinderLezer(_documenten(None).subquery(), ("registratiedatum", "uuid"))
_KLANTCONTACTEN = KinderLezer(_klantcontacten(None, None).subquery(), ("plaatsgevonden_op", "uuid"))


def erbij_kolommen(
    vorm: ErbijVorm, zaak_uuid: ColumnElement[Any], p: Plaatshouders
) -> list[ColumnElement[Any]]:
    """The JSON columns of the documents and klantcontacten of zaak `zaak_uuid` that `vorm`
    asks for."""
    kolommen: list[ColumnElement[Any]] = []
    if vorm.documenten is not None:
        documenten = _documenten(vorm.documenten).subquery("zaak_documenten")
        kolommen.append(JsonKinderen(documenten, "zaak_uuid", zaak_uuid).label("documenten"))
    if vorm.klantcontacten is not None:
        contacten = _klantcontacten(vorm.klantcontacten, p).subquery("zaak_klantcontacten")
        kolommen.append(JsonKinderen(contacten, "zaak_uuid", zaak_uuid).label("klantcontacten"))
    return kolommen


def documenten_uit(
    r: Any, vorm: ErbijVorm, urls: UrlScheme
) -> list[tuple[m.ZaakInformatieObject, m.EnkelvoudigInformatieObject]]:
    """The zaak's links and documents out of row `r` (empty when not asked for)."""
    if vorm.documenten is None:
        return []
    return [
        (rows.zaakinformatieobject(x, urls), document_uit(x, urls))
        for x in _DOCUMENTEN.lees(r.documenten)
    ]


def klantcontacten_uit_rij(r: Any, vorm: ErbijVorm, urls: UrlScheme) -> list[m.Klantcontact]:
    """The zaak's klantcontacten out of row `r` (empty when not asked for, or admitted)."""
    if vorm.klantcontacten is None:
        return []
    return klantcontacten_uit(_KLANTCONTACTEN.lees(r.klantcontacten), urls)
