"""A page of zaken as the JSON of the response, built by the database (`registries.json_vorm`).

One statement per page, whatever the shape: the page of the zaken list (`zaken._zoek`: the same
scope and filter conditions, order and limit) as a subquery, and for each of its rows one JSON
object with the keys the shape asks for, in order. A relation is a correlated subquery: one
object (`json_object` / `json_build_object` of its row, or null) or a list (`json_group_array`
over an ordered subquery / `json_agg(... ORDER BY ...)`; `[]` when there are none), in the
order the registry's own reads give.

Every value is written as the gateway's serialisers write it: dates `YYYY-MM-DD`; datetimes
`YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00` (Python's `isoformat` of a UTC datetime: a fraction only
when it is not zero); booleans as JSON booleans; URLs as `UrlScheme` mints them (its prefixes
are bound values). A field is here only when its value is its column's value, or one of the few
derived ones below (`url`, a document's `inhoud` and `locked`, a status's
`indicatieLaatstGezetteStatus`, a statustype's `isEindstatus`). Any other field -- an enum, a
nested object or list, a relation not listed -- makes `kan` say no, and the gateway reads
objects as usual. So does a non-null field over a column that may be null.

Beside the JSON, each row carries what the gateway's row guard and audit log read: the zaak's
uuid, zaaktype, vertrouwelijkheidaanduiding and status, and (when the shape holds the zaak's
documents) uuid, status and vertrouwelijkheidaanduiding of each document in it.

Keys are GraphQL response keys (names, `[_A-Za-z][_0-9A-Za-z]*`, checked again here) and go
into the text as literals, as do the scope's document rules (policy values); every value from a
request or a token is a bound value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    Text,
    TypeDecorator,
    case,
    cast,
    false,
    func,
    literal_column,
    null,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql.type_api import TypeEngine

from registries import models as m
from registries.json_vorm import JsonVeld, JsonVorm
from registries.scope import Scope
from registries.sql.direct import Plaatshouders
from registries.sql.scope_sql import document_metadata_conditions
from registries.sql.tables import (
    DocumentRow,
    RolRow,
    StatusRow,
    StatusTypeRow,
    ZaakInformatieObjectRow,
    ZaakRow,
    ZaakTypeRow,
)
from registries.sql.typen import UTCDateTime
from registries.sql.urls import RESOURCES

_SLEUTEL = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")

#: PostgreSQL takes at most 100 arguments to a function: 50 keys per object
MAX_SLEUTELS = 50

_ZAAK = ZaakRow.__table__
_STATUS = StatusRow.__table__
_STATUSTYPE = StatusTypeRow.__table__
_ZAAKTYPE = ZaakTypeRow.__table__
_DOCUMENT = DocumentRow.__table__
_ZIO = ZaakInformatieObjectRow.__table__
_ROL = RolRow.__table__


@dataclass(frozen=True, slots=True)
class DocumentRegels:
    """The document rules of a scope (policy values only): part of a statement's shape."""

    statussen: frozenset[m.DocumentStatus] | None
    max_vertrouwelijkheid: m.Vertrouwelijkheid | None
    niets: bool

    @classmethod
    def van(cls, scope: Scope) -> DocumentRegels:
        return cls(scope.document_statussen, scope.document_max_vertrouwelijkheid, scope.niets)

    def condities(self) -> list[ColumnElement[bool]]:
        conds = document_metadata_conditions(
            Scope(
                document_statussen=self.statussen,
                document_max_vertrouwelijkheid=self.max_vertrouwelijkheid,
                niets=self.niets,
            )
        )
        return [false()] if conds is None else conds


@dataclass(frozen=True, slots=True)
class Rij:
    """The row a JSON object is built from: its columns, and the row of the object it hangs
    from (a status's zaak); a document's link to the zaak (`koppeling`). `joins`: the tables a
    to-one relation adds to the FROM of the SELECT this row comes from (LEFT JOIN: one row,
    or none), shared with the rows joined to it."""

    c: Any
    ouder: Rij | None = None
    koppeling: Any = None
    joins: list[tuple[Any, ColumnElement[bool]]] = field(default_factory=list)

    def met(self, tabel: Any, on: ColumnElement[bool]) -> Rij:
        """The row of `tabel` joined to this one on `on`."""
        self.joins.append((tabel, on))
        return Rij(tabel.c, joins=self.joins)

    def van(self, bron: Any) -> Any:
        """`bron` (this row's table) with the joins the JSON of this row asked for."""
        for tabel, on in self.joins:
            bron = bron.outerjoin(tabel, on)
        return bron


class Bouw:
    """What building one statement needs: the placeholders and the document rules; how JSON is
    written differs per dialect (`bouw_voor`)."""

    def __init__(self, p: Plaatshouders, regels: DocumentRegels) -> None:
        self.p = p
        self.regels = regels
        self._aliassen = 0
        #: SQLite: the zaak's documents and what the guard reads of them, from one subquery,
        #: as a column of their own (see `_documenten`)
        self.documenten_apart: ColumnElement[Any] | None = None

    def lijst_met_kern(
        self,
        waarde: ColumnElement[Any],
        kern: ColumnElement[Any],
        van: Select[Any],
        volgorde: list[Any],
    ) -> ColumnElement[Any] | None:
        """The array of `waarde` and the array of `kern` of the same rows, in one text
        (separated by `SCHEIDING`), or None when the dialect does not do that."""
        return None

    def alias(self, tabel: Any) -> Any:
        """`tabel` under a name of its own in this statement."""
        self._aliassen += 1
        return tabel.alias(f"{tabel.name}_{self._aliassen}")

    def of_null(self, rij: Rij, value: ColumnElement[Any]) -> ColumnElement[Any]:
        """`value` (an object of a LEFT JOINed row), or null when no row joined."""
        return case((rij.c.uuid.is_(None), self.null()), else_=value)

    def null(self) -> ColumnElement[Any]:
        raise NotImplementedError

    def url(self, resource: str, uuid: ColumnElement[Any]) -> ColumnElement[Any]:
        return self.waarde(self.p.waarde(url_plaats(resource)).concat(uuid))

    def kolom(self, col: Any) -> ColumnElement[Any]:
        """A column's value as the gateway serialises it."""
        type_: TypeEngine[Any] = col.type
        if isinstance(type_, UTCDateTime):
            return self.datetime(col)
        if isinstance(type_, TypeDecorator):
            type_ = type_.impl_instance
        if isinstance(type_, Boolean):
            return self.waar(col, nullable=bool(col.nullable))
        return self.waarde(col)  # text, a number, a date (ISO text on SQLite; PostgreSQL alike)

    # per dialect ------------------------------------------------------------------------------

    def object(self, paren: list[tuple[str, ColumnElement[Any]]]) -> ColumnElement[Any]:
        raise NotImplementedError

    def lijst(self, waarde: ColumnElement[Any], van: Select[Any], volgorde: list[Any]) -> Any:
        """The JSON values `waarde` of the rows of `van`, in `volgorde`, as one array."""
        raise NotImplementedError

    def waarde(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        """Text, a number or null as a JSON value."""
        raise NotImplementedError

    def constante(self, tekst: str) -> ColumnElement[Any]:
        raise NotImplementedError

    def array(self, waarden: list[ColumnElement[Any]]) -> ColumnElement[Any]:
        """A JSON array of these JSON values."""
        raise NotImplementedError

    def json_kolom(self, col: Any) -> ColumnElement[Any]:
        """A JSON column's value, nested as JSON."""
        raise NotImplementedError

    def waar(self, value: ColumnElement[Any], nullable: bool = False) -> ColumnElement[Any]:
        """A boolean (0, 1 or a comparison on SQLite) as a JSON boolean; not `nullable`: a null
        comparison is false (as Python's == of a value and None)."""
        raise NotImplementedError

    def datetime(self, col: Any) -> ColumnElement[Any]:
        raise NotImplementedError

    def als_tekst(self, json: ColumnElement[Any]) -> ColumnElement[Any]:
        """The JSON as text for the driver (not decoded by it)."""
        raise NotImplementedError


def _tekst(value: str) -> ColumnElement[Any]:
    """A literal SQL string; only for text the gateway controls (keys checked as names)."""
    if "'" in value:
        raise ValueError(f"no quote in a literal: {value!r}")
    return literal_column(f"'{value}'")


class _SqliteBouw(Bouw):
    """JSON written as text with `||`: SQLite's JSON functions lose a value's JSON subtype
    across a subquery, so nesting their results needs `json(...)`, which parses every nested
    object and array again (measured: a page of 20 zaken with statussen and documents took
    1.3 ms that way against ~0.4 ms for the same rows as plain SELECTs). Values are made JSON by
    `json_quote`, which escapes text as JSON needs."""

    def object(self, paren: list[tuple[str, ColumnElement[Any]]]) -> ColumnElement[Any]:
        delen: list[ColumnElement[Any]] = []
        for i, (key, value) in enumerate(paren):
            if not _SLEUTEL.fullmatch(key):
                raise ValueError(f"not a GraphQL name: {key!r}")
            delen += [_tekst(("{" if i == 0 else ",") + f'"{key}":'), value]
        delen.append(_tekst("}"))
        return _keten(delen)

    def lijst_met_kern(
        self,
        waarde: ColumnElement[Any],
        kern: ColumnElement[Any],
        van: Select[Any],
        volgorde: list[Any],
    ) -> ColumnElement[Any] | None:
        rijen = van.add_columns(waarde.label("x"), kern.label("k")).order_by(*volgorde).subquery()
        komma: ColumnElement[Any] = literal_column("','")
        items = func.coalesce(func.group_concat(rijen.c.x, komma), _tekst(""))
        kernen = func.coalesce(func.group_concat(rijen.c.k, komma), _tekst(""))
        delen = [_tekst("["), items, _tekst("]"), func.char(30), _tekst("["), kernen, _tekst("]")]
        return select(_keten(delen)).scalar_subquery()

    def lijst(self, waarde: ColumnElement[Any], van: Select[Any], volgorde: list[Any]) -> Any:
        # the aggregate reads the subquery's rows in its order (an ORDER BY in a subquery of an
        # aggregate keeps SQLite from flattening it); tests hold lists of several items
        rijen = van.add_columns(waarde.label("x")).order_by(*volgorde).subquery()
        items = func.coalesce(func.group_concat(rijen.c.x, literal_column("','")), _tekst(""))
        return select(_keten([_tekst("["), items, _tekst("]")])).scalar_subquery()

    def waarde(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        return func.json_quote(value)

    def constante(self, tekst: str) -> ColumnElement[Any]:
        return _tekst(f'"{tekst}"')

    def null(self) -> ColumnElement[Any]:
        return _tekst("null")

    def array(self, waarden: list[ColumnElement[Any]]) -> ColumnElement[Any]:
        delen: list[ColumnElement[Any]] = []
        for i, waarde in enumerate(waarden):
            delen += [_tekst("[" if i == 0 else ","), waarde]
        delen.append(_tekst("]"))
        return _keten(delen)

    def json_kolom(self, col: Any) -> ColumnElement[Any]:
        # the JSON text SQLAlchemy wrote (no parse); SQL NULL as JSON null
        return func.coalesce(col, _tekst("null"))

    def waar(self, value: ColumnElement[Any], nullable: bool = False) -> ColumnElement[Any]:
        gevallen: list[Any] = [(value.is_(None), _tekst("null"))] if nullable else []
        gevallen.append((value, _tekst("true")))
        return case(*gevallen, else_=_tekst("false"))

    def datetime(self, col: Any) -> ColumnElement[Any]:
        # SQLAlchemy writes UTC as 'YYYY-MM-DD HH:MM:SS.ffffff' on SQLite; isoformat leaves a
        # zero fraction out
        iso = func.replace(
            func.replace(col, _tekst(" "), _tekst("T")), _tekst(".000000"), _tekst("")
        )
        tekst = _keten([_tekst('"'), iso, _tekst('+00:00"')])
        return case((col.is_(None), _tekst("null")), else_=tekst) if col.nullable else tekst

    def als_tekst(self, json: ColumnElement[Any]) -> ColumnElement[Any]:
        return json


class _PgBouw(Bouw):
    """PostgreSQL's own JSON functions (a json value nests in another without being parsed
    again)."""

    def object(self, paren: list[tuple[str, ColumnElement[Any]]]) -> ColumnElement[Any]:
        args: list[Any] = []
        for key, value in paren:
            if not _SLEUTEL.fullmatch(key):
                raise ValueError(f"not a GraphQL name: {key!r}")
            args += [_tekst(key), value]
        return func.json_build_object(*args)

    def lijst(self, waarde: ColumnElement[Any], van: Select[Any], volgorde: list[Any]) -> Any:
        aggregaat = func.json_agg(aggregate_order_by(waarde, *volgorde))
        return func.coalesce(van.add_columns(aggregaat).scalar_subquery(), _LEEG_PG)

    def waarde(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        return value

    def constante(self, tekst: str) -> ColumnElement[Any]:
        return cast(_tekst(tekst), Text)

    def null(self) -> ColumnElement[Any]:
        return null()

    def array(self, waarden: list[ColumnElement[Any]]) -> ColumnElement[Any]:
        return func.json_build_array(*waarden)

    def json_kolom(self, col: Any) -> ColumnElement[Any]:
        kolom: ColumnElement[Any] = col
        return kolom

    def waar(self, value: ColumnElement[Any], nullable: bool = False) -> ColumnElement[Any]:
        return value if nullable else func.coalesce(value, false())

    def datetime(self, col: Any) -> ColumnElement[Any]:
        utc = col.op("AT TIME ZONE")(_tekst("UTC"))
        fractie = case(
            (func.extract("microseconds", col) % 1000000 == 0, _tekst("")),
            else_=func.to_char(utc, _tekst(".US")),
        )
        return _keten(
            [func.to_char(utc, _tekst('YYYY-MM-DD"T"HH24:MI:SS')), fractie, _tekst("+00:00")]
        )

    def als_tekst(self, json: ColumnElement[Any]) -> ColumnElement[Any]:
        return cast(json, Text)


def bouw_voor(dialect: str, p: Plaatshouders, regels: DocumentRegels) -> Bouw:
    if dialect == "postgresql":
        return _PgBouw(p, regels)
    if dialect == "sqlite":
        return _SqliteBouw(p, regels)
    raise ValueError(f"no JSON for the dialect {dialect!r}")


def _keten(delen: list[Any]) -> ColumnElement[Any]:
    """a || b || ...: text concatenation."""
    uit: ColumnElement[Any] = delen[0]
    for deel in delen[1:]:
        uit = uit.op("||")(deel)
    return uit


_LEEG_PG: ColumnElement[Any] = literal_column("'[]'::json")


def url_plaats(resource: str) -> str:
    """The placeholder of the URL prefix of `resource`."""
    return f"url_{resource}"


def _kan_kolom(col: Any) -> bool:
    type_ = col.type
    if isinstance(type_, UTCDateTime):
        return True
    if isinstance(type_, TypeDecorator):
        type_ = type_.impl_instance
    return isinstance(type_, Boolean | Date | String | Text | Integer)


# --- the kinds of object: their fields and relations ---------------------------------------

Afgeleid = Callable[[Bouw, Rij], ColumnElement[Any]]
Relatie = Callable[[Bouw, JsonVorm, Rij], Any]


@dataclass(frozen=True)
class Soort:
    tabel: Any
    #: fields that are a column of `tabel` under the same name
    kolommen: frozenset[str]
    #: fields computed from the row: (how, may it be null)
    afgeleid: Mapping[str, tuple[Afgeleid, bool]] = field(default_factory=dict)
    #: relation -> (the kind of object below, a list of them?, how)
    relaties: Mapping[str, tuple[str, bool, Relatie]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for naam in self.kolommen:
            if not _kan_kolom(self.tabel.c[naam]):
                raise TypeError(f"{self.tabel.name}.{naam}: no JSON value for its type")

    def nullable(self, naam: str) -> bool | None:
        """Whether the field may be null; None for an unknown field."""
        if naam in self.kolommen:
            return bool(self.tabel.c[naam].nullable)
        found = self.afgeleid.get(naam)
        return None if found is None else found[1]


def _object(b: Bouw, vorm: JsonVorm, rij: Rij) -> ColumnElement[Any]:
    soort = SOORTEN[vorm.soort]
    paren: list[tuple[str, ColumnElement[Any]]] = []
    for veld in vorm.velden:
        if veld.constante is not None:
            if not _SLEUTEL.fullmatch(veld.constante):
                raise ValueError(f"not a GraphQL name: {veld.constante!r}")
            paren.append((veld.key, b.constante(veld.constante)))
        elif veld.vorm is not None:
            paren.append((veld.key, soort.relaties[veld.naam][2](b, veld.vorm, rij)))
        elif veld.naam in soort.kolommen:
            paren.append((veld.key, b.kolom(rij.c[veld.naam])))
        else:
            paren.append((veld.key, soort.afgeleid[veld.naam][0](b, rij)))
    return b.object(paren)


def _url(resource: str) -> tuple[Afgeleid, bool]:
    if resource not in RESOURCES:
        raise ValueError(resource)
    return (lambda b, rij: b.url(resource, rij.c.uuid)), False


# relations ----------------------------------------------------------------------------------


def _een(b: Bouw, vorm: JsonVorm, rij: Rij, tabel: Any, sleutel: Any) -> Any:
    """The object of the row of `tabel` whose uuid is `sleutel` (a column of `rij`): joined to
    `rij`'s own SELECT, null when there is none."""
    alias = b.alias(tabel)
    ander = rij.met(alias, alias.c.uuid == sleutel)
    return b.of_null(ander, _object(b, vorm, Rij(ander.c, ouder=rij, joins=ander.joins)))


def _zaaktype(b: Bouw, vorm: JsonVorm, rij: Rij) -> Any:
    return _een(b, vorm, rij, _ZAAKTYPE, rij.c.zaaktype_uuid)


def _huidige_status(b: Bouw, vorm: JsonVorm, rij: Rij) -> Any:
    return _een(b, vorm, rij, _STATUS, rij.c.status_uuid)


def _statustype(b: Bouw, vorm: JsonVorm, rij: Rij) -> Any:
    return _een(b, vorm, rij, _STATUSTYPE, rij.c.statustype_uuid)


def _statussen(b: Bouw, vorm: JsonVorm, rij: Rij) -> Any:
    s = b.alias(_STATUS)
    status = Rij(s.c, ouder=rij)
    json = _object(b, vorm, status)
    van = (
        select()
        .select_from(status.van(s))
        .where(s.c.zaak_uuid == rij.c.uuid)
        .correlate_except(s, *(t for t, _on in status.joins))
    )
    return b.lijst(json, van, [s.c.datum_status_gezet, s.c.uuid])


def _documenten_van(b: Bouw, rij: Rij, document: Rij) -> Select[Any]:
    """The zaak's links joined with their documents, under the document rules."""
    zio, doc = _ZIO, _DOCUMENT
    return (
        select()
        .select_from(document.van(zio.join(doc, doc.c.uuid == zio.c.informatieobject_uuid)))
        .where(zio.c.zaak_uuid == rij.c.uuid, *b.regels.condities())
        .correlate_except(zio, doc, *(t for t, _on in document.joins))
    )


_DOCUMENT_VOLGORDE = [_ZIO.c.registratiedatum, _ZIO.c.uuid]


#: where the zaak's JSON takes its documents, when they come apart (`Bouw.documenten_apart`);
#: JSON text never holds this character raw (json_quote writes control characters escaped)
SCHEIDING = "\x1e"


def _documenten(b: Bouw, vorm: JsonVorm, rij: Rij) -> Any:
    document = Rij(_DOCUMENT.c, ouder=rij, koppeling=_ZIO.c)
    json = _object(b, vorm, document)
    van = _documenten_van(b, rij, document)
    if rij.ouder is None and b.documenten_apart is None:
        # the zaak's own documents: with what the guard reads of them from the same rows,
        # instead of a second subquery for that (SQLite; the gateway puts them in place)
        samen = b.lijst_met_kern(json, _document_kern(b), van, _DOCUMENT_VOLGORDE)
        if samen is not None:
            b.documenten_apart = samen
            return func.char(30)
    return b.lijst(json, van, _DOCUMENT_VOLGORDE)


def _document_kern(b: Bouw) -> ColumnElement[Any]:
    doc = _DOCUMENT
    return b.array(
        [b.waarde(doc.c.uuid), b.waarde(doc.c.status), b.waarde(doc.c.vertrouwelijkheidaanduiding)]
    )


def documenten_kern(b: Bouw, rij: Rij) -> Any:
    """What the row guard reads of the documents `_documenten` gives: [uuid, status,
    vertrouwelijkheidaanduiding] each, in the same order (or, when `b.documenten_apart`, the
    documents themselves, then `SCHEIDING`, then that)."""
    if b.documenten_apart is not None:
        return b.documenten_apart
    return b.lijst(_document_kern(b), _documenten_van(b, rij, Rij(_DOCUMENT.c)), _DOCUMENT_VOLGORDE)


def betrokkenen_kern(b: Bouw, rij: Rij) -> Any:
    """Whom the zaak's rollen name, as the lean read of `betrokkenen_van` has it:
    [omschrijving_generiek, betrokkene_type, betrokkene_identificatie] of each rol."""
    rol = _ROL
    van = select().select_from(rol).where(rol.c.zaak_uuid == rij.c.uuid).correlate_except(rol)
    kern = b.array(
        [
            b.waarde(rol.c.omschrijving_generiek),
            b.waarde(rol.c.betrokkene_type),
            b.json_kolom(rol.c.betrokkene_identificatie),
        ]
    )
    return b.lijst(kern, van, [rol.c.uuid])


# derived fields -----------------------------------------------------------------------------


def _laatst_gezet(b: Bouw, rij: Rij) -> ColumnElement[Any]:
    assert rij.ouder is not None  # a status is reached through its zaak here
    return b.waar(rij.c.uuid == rij.ouder.c.status_uuid)


def _is_eindstatus(b: Bouw, rij: Rij) -> ColumnElement[Any]:
    """The statustype with the highest volgnummer of its zaaktype (as the catalogus has it)."""
    hoger = _STATUSTYPE.alias("stt_hoger")
    bestaat = (
        select(hoger.c.uuid)
        .where(hoger.c.zaaktype_uuid == rij.c.zaaktype_uuid, hoger.c.volgnummer > rij.c.volgnummer)
        .exists()
    )
    return b.waar(~bestaat)


def _inhoud(b: Bouw, rij: Rij) -> ColumnElement[Any]:
    inhoud = b.p.waarde("url_inhoud").concat(rij.c.uuid).concat(_tekst("/inhoud"))
    return b.waarde(case((rij.c.bestandsomvang.is_(None), null()), else_=inhoud))


def _locked(b: Bouw, rij: Rij) -> ColumnElement[Any]:
    return b.waar(rij.c.lock != _tekst(""))


def _van_koppeling(naam: str) -> Afgeleid:
    return lambda b, rij: b.kolom(rij.koppeling[naam])


def _namen(tekst: str) -> frozenset[str]:
    return frozenset(tekst.split())


SOORTEN: dict[str, Soort] = {
    "zaak": Soort(
        _ZAAK,
        _namen(
            "uuid identificatie bronorganisatie omschrijving toelichting registratiedatum "
            "verantwoordelijke_organisatie startdatum einddatum einddatum_gepland "
            "uiterlijke_einddatum_afdoening publicatiedatum communicatiekanaal "
            "laatste_betaaldatum archiefactiedatum"
        ),
        {"url": _url("zaak")},
        {
            "zaaktype": ("zaaktype", False, _zaaktype),
            "status": ("status", False, _huidige_status),
            "statussen": ("status", True, _statussen),
            "documenten": ("document", True, _documenten),
        },
    ),
    "status": Soort(
        _STATUS,
        _namen("uuid datum_status_gezet statustoelichting"),
        {"url": _url("status"), "indicatie_laatst_gezette_status": (_laatst_gezet, False)},
        {"statustype": ("statustype", False, _statustype)},
    ),
    "statustype": Soort(
        _STATUSTYPE,
        _namen(
            "omschrijving omschrijving_generiek statustekst volgnummer informeren doorlooptijd "
            "toelichting"
        ),
        {"url": _url("statustype"), "is_eindstatus": (_is_eindstatus, False)},
    ),
    "zaaktype": Soort(
        _ZAAKTYPE,
        _namen(
            "identificatie omschrijving omschrijving_generiek doel aanleiding toelichting "
            "handeling_initiator onderwerp handeling_behandelaar doorlooptijd servicenorm "
            "opschorting_en_aanhouding_mogelijk verlenging_mogelijk verlengingstermijn "
            "publicatie_indicatie publicatietekst verantwoordelijke begin_geldigheid "
            "einde_geldigheid versiedatum concept"
        ),
        {"url": _url("zaaktype")},
    ),
    "document": Soort(
        _DOCUMENT,
        _namen(
            "uuid identificatie bronorganisatie creatiedatum titel auteur formaat taal versie "
            "begin_registratie bestandsnaam bestandsomvang link beschrijving ontvangstdatum "
            "verzenddatum indicatie_gebruiksrecht"
        ),
        {
            "url": _url("enkelvoudiginformatieobject"),
            "inhoud": (_inhoud, True),
            "locked": (_locked, False),
            # of the link the document is reached through (never null here: reached via a zaak)
            "registratiedatum": (_van_koppeling("registratiedatum"), False),
            "aard_relatie_weergave": (_van_koppeling("aard_relatie_weergave"), False),
        },
    ),
}


def kan(vorm: JsonVorm) -> bool:
    """True when every key of the shape (and of the shapes below it) can be built here."""
    soort = SOORTEN.get(vorm.soort)
    if soort is None or not vorm.velden or len(vorm.velden) > MAX_SLEUTELS:
        return False
    for veld in vorm.velden:
        if not _SLEUTEL.fullmatch(veld.key):
            return False
        if veld.constante is not None:
            if veld.naam or veld.vorm is not None or not _SLEUTEL.fullmatch(veld.constante):
                return False
        elif veld.vorm is not None:
            if not _kan_relatie(soort, veld):
                return False
        else:
            nullable = soort.nullable(veld.naam)
            if nullable is None or (nullable and not veld.nullable):
                return False
    return True


def _kan_relatie(soort: Soort, veld: JsonVeld) -> bool:
    found = soort.relaties.get(veld.naam)
    if found is None or veld.vorm is None or found[0] != veld.vorm.soort:
        return False
    # one object may be missing (null); a list is never null, so it may be a non-null field
    return (found[1] or veld.nullable) and kan(veld.vorm)


def heeft_documenten(vorm: JsonVorm) -> bool:
    """Whether the zaak's shape holds its documents."""
    return any(v.vorm is not None and v.naam == "documenten" for v in vorm.velden)


def zaak_kolommen(vorm: JsonVorm) -> set[str]:
    """The zaak's own columns its JSON reads (besides those the relations key on)."""
    kolommen = SOORTEN["zaak"].kolommen
    return {v.naam for v in vorm.velden if v.vorm is None and v.naam in kolommen}


def zaak_json(b: Bouw, vorm: JsonVorm, pagina: Rij) -> ColumnElement[Any]:
    """The JSON object of a zaak of the page (`pagina`: its row, whose `van` then gives the
    FROM with the joins the JSON asked for)."""
    return _object(b, vorm, pagina)
