"""Child rows read with their parent, in the parent's own statement, as one JSON array.

A klantcontact carries its betrokkenen and onderwerpobjecten. Read as tables of their own, they
cost two statements more for every read of klantcontacten; on PostgreSQL each statement is a
round trip of its own. `JsonKinderen` is a column of the parent's SELECT: a correlated subquery
that aggregates the child rows that point at the parent row into a JSON array of objects (keys:
the column names). `kinderen` turns such an array back into rows with the same attributes, and
the same Python values, as a SELECT of the child table gives.

- PostgreSQL: `(SELECT coalesce(json_agg(child), '[]') FROM child WHERE <link>)`, the whole row
  as JSON; json columns nest as JSON, booleans are JSON booleans.
- SQLite: `(SELECT json_group_array(json_object('col', col, ...)) FROM child WHERE <link>)`, with
  `json(col)` for JSON columns (stored as text) so they nest; booleans arrive as 0 and 1.

Neither aggregate has an order that holds on every version, so `kinderen` sorts the rows itself,
by the columns the caller names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from types import SimpleNamespace
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Integer,
    Select,
    String,
    Text,
    TypeDecorator,
    func,
    literal_column,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.type_api import TypeEngine
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import NullType

from registries.sql.typen import UTCDateTime, sqlite_date, sqlite_datetime

Conversie = Callable[[Any], Any]


def _waarheid(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _json(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def _conversie(type_: TypeEngine[Any]) -> Conversie | None:
    """How a JSON value of a column of `type_` becomes what a SELECT of the column gives."""
    if isinstance(type_, Boolean):
        return _waarheid
    if isinstance(type_, UTCDateTime):  # ISO text on both: PostgreSQL's JSON and SQLite's
        return sqlite_datetime
    if isinstance(type_, TypeDecorator):
        type_ = type_.impl_instance
    if isinstance(type_, Date):
        return sqlite_date
    if isinstance(type_, DateTime):
        raise TypeError("a datetime column without UTCDateTime has no agreed JSON reading")
    if isinstance(type_, JSON):
        return None  # nested as JSON in the array (SQLite: `json(col)`), decoded with it
    if isinstance(type_, String | Text | Integer):
        return None
    raise TypeError(f"no JSON reading for a column of type {type_!r}")


class JsonKinderen(ColumnElement[Any]):
    """The rows of `tabel` whose column `sleutel` equals `ouder` (a column of the enclosing
    SELECT), as one JSON array (see the module). The child table is read under an alias of its
    own, so the enclosing SELECT may join the same table (the klantcontacten of a zaak join
    onderwerpobject) without the subquery being correlated to that join."""

    inherit_cache = True
    type = NullType()  # what the driver hands out: text on SQLite, decoded JSON on PostgreSQL
    _traverse_internals = [  # noqa: RUF012 - SQLAlchemy's own declaration (cache keys)
        ("kind", InternalTraversal.dp_clauseelement),
        ("koppeling", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, tabel: FromClause, sleutel: str, ouder: ColumnElement[Any]) -> None:
        for column in tabel.columns:
            _conversie(column.type)  # unknown column types fail here, when the module loads
        self.kind = tabel.alias(f"{tabel.description}_kind")
        self.koppeling = self.kind.c[sleutel] == ouder


@compiles(JsonKinderen)
def _json_kinderen(element: JsonKinderen, compiler: Any, **kw: Any) -> str:
    raise NotImplementedError(f"JsonKinderen has no SQL for {compiler.dialect.name}")


@compiles(JsonKinderen, "postgresql")
def _json_kinderen_postgresql(element: JsonKinderen, compiler: Any, **kw: Any) -> str:
    rij: ColumnElement[Any] = literal_column(compiler.preparer.format_alias(element.kind))
    aggregaat = func.coalesce(func.json_agg(rij), literal_column("'[]'::json"))
    subquery = (
        select(aggregaat)
        .select_from(element.kind)
        .where(element.koppeling)
        .correlate_except(element.kind)
    )
    return str(compiler.process(subquery.scalar_subquery(), **kw))


@compiles(JsonKinderen, "sqlite")
def _json_kinderen_sqlite(element: JsonKinderen, compiler: Any, **kw: Any) -> str:
    paren: list[Any] = []
    for column in element.kind.columns:
        value = func.json(column) if isinstance(column.type, JSON) else column
        paren += [literal_column(f"'{column.name}'"), value]
    subquery = (
        select(func.json_group_array(func.json_object(*paren)))
        .select_from(element.kind)
        .where(element.koppeling)
        .correlate_except(element.kind)
    )
    return str(compiler.process(subquery.scalar_subquery(), **kw))


def pagina_met_kinderen(
    pagina: Select[Any],
    kinderen: Callable[[ColumnElement[Any]], Sequence[ColumnElement[Any]]],
    volgorde: Callable[[Any], Sequence[ColumnElement[Any]]],
) -> Select[Any]:
    """A page (`pagina`: a SELECT with its ORDER BY and LIMIT, of a table with a `uuid`) with
    the `JsonKinderen` columns that `kinderen` builds for a parent uuid column. The page is a
    subquery, ordered again by `volgorde` (given the subquery's columns): in one SELECT, SQLite
    builds a scalar subquery of the select list for every row it sorts, before the LIMIT (a
    first page of 20 of 27,000 klantcontacten: 14 ms instead of 0.2 ms)."""
    sub = pagina.subquery("pagina")
    return select(sub, *kinderen(sub.c.uuid)).order_by(*volgorde(sub.c))


class KinderLezer:
    """Rows of `tabel` out of a `JsonKinderen` value: `lees(value)`, sorted by `volgorde`."""

    def __init__(self, tabel: FromClause, volgorde: Sequence[str]) -> None:
        self._conversies = [
            (column.name, conversie)
            for column in tabel.columns
            if (conversie := _conversie(column.type)) is not None
        ]
        self._volgorde = attrgetter(*volgorde)

    def lees(self, value: Any) -> list[Any]:
        """Rows with the child table's columns as attributes (as a SELECT's rows have)."""
        items = _json(value) or ()
        conversies = self._conversies
        rijen: list[Any] = []
        for item in items:
            for name, conversie in conversies:
                item[name] = conversie(item.get(name))
            rijen.append(SimpleNamespace(**item))
        rijen.sort(key=self._volgorde)
        return rijen
