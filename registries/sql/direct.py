"""Hot reads straight on the driver's connection, compiled once per dialect.

The reads of the rows of many objects by uuid (a zaak's statussen, rollen, documents' links;
a klantcontact's betrokkenen) and the zaken list itself run for every list and detail the
gateway answers. Through SQLAlchemy's execution path each costs ~300-400 µs of CPU before a row
is read (statement cache key, parameter processing, expanding IN lists, result metadata, Row
objects): more than the query itself on SQLite, and on PostgreSQL more than asyncpg's round trip
(measured in docs/benchmarks.md, fixes 11 and 15).

Such a read is built with SQLAlchemy Core once and compiled once per dialect into text, with a
*placeholder* wherever a value goes. A read then hands the text and the values, in order, to the
driver (sqlite3: `?` and `IN (?, ...)`; asyncpg: `$n` and `= ANY($n)`, one prepared statement
whatever a list's length) and turns each row into a named tuple through the column types' own
result processors, so the values are exactly those SQLAlchemy would have produced.

- `Lezing`: a fixed statement whose one parameter is the expanding `uuids`.
- `Sjabloon`: a statement built from a *shape* (which filters, which scope rules; a hashable
  key that holds no values) by a function that asks `Plaatshouders` for its placeholders; its
  values come separately, by name, at every read. Values from requests and tokens are always
  bound parameters, never text.

SQLAlchemy's `before_cursor_execute` listeners still see every statement (the statement counts
of the tests and of `make bench` rely on them).
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import BindParameter, Select, String, bindparam
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

#: the name of the expanding parameter of every `Lezing`
UUIDS = "uuids"

_NAAM = re.compile(r"[a-z][a-z0-9_]*")
_PLAATS = re.compile(r"(NOT )?IN \('zgwp_([a-z0-9_]+?)_q'\)|'zgwp_([a-z0-9_]+?)_q'")


def _sentinel(naam: str) -> str:
    return f"zgwp_{naam}_q"


@dataclass(frozen=True, slots=True)
class Gecompileerd:
    """A read for one dialect: its text around the placeholders, the placeholders in order,
    its row type and the columns to convert."""

    delen: tuple[str, ...]
    #: (name, is a list) for each placeholder, in the order of the text
    plaatsen: tuple[tuple[str, bool], ...]
    namen: frozenset[str]
    postgres: bool
    #: the bind processor of each value that has one (a date on SQLite, for instance)
    binders: Mapping[str, Callable[[Any], Any]]
    rij: Callable[..., Any]
    omzetters: tuple[tuple[int, Callable[[Any], Any]], ...]
    _teksten: dict[tuple[int, ...], str] = field(default_factory=dict)

    def tekst(self, *aantallen: int) -> str:
        """The SQL for lists of these lengths, in the order of the text (PostgreSQL: one text
        for any lengths)."""
        key = () if self.postgres else aantallen
        found = self._teksten.get(key)
        if found is None:
            found = self._teksten[key] = self._maak_tekst(aantallen)
        return found

    def _maak_tekst(self, aantallen: tuple[int, ...]) -> str:
        stukken = [self.delen[0]]
        lengtes = iter(aantallen)
        for i, (_naam, lijst) in enumerate(self.plaatsen, start=1):
            if self.postgres:
                stukken.append(f"= ANY(${i})" if lijst else f"${i}")
            elif lijst:
                stukken.append(f"IN ({', '.join('?' * next(lengtes))})")
            else:
                stukken.append("?")
            stukken.append(self.delen[i])
        return "".join(stukken)

    def parameters(self, waarden: Mapping[str, Any]) -> tuple[str, list[Any]]:
        """The text and the driver's parameters for `waarden` (one value, or one sequence
        for a list, under each placeholder's name; no more, no fewer)."""
        if waarden.keys() != self.namen:
            raise ValueError(
                f"values for {sorted(waarden)}, placeholders {sorted(self.namen)}: they differ"
            )
        binders = self.binders
        uit: list[Any] = []
        aantallen: list[int] = []
        for naam, lijst in self.plaatsen:
            waarde = waarden[naam]
            binder = binders.get(naam)
            if lijst:
                items = list(waarde) if binder is None else [binder(w) for w in waarde]
                if self.postgres:
                    uit.append(items)
                else:
                    uit.extend(items)
                    aantallen.append(len(items))
            else:
                uit.append(waarde if binder is None else binder(waarde))
        return self.tekst(*aantallen), uit

    def rijen(self, ruw: Sequence[Any]) -> list[Any]:
        """Driver rows (tuples, asyncpg Records) as named tuples of converted values."""
        rij = self.rij
        if not self.omzetters:
            return [rij(*r) for r in ruw]
        omzetters = self.omzetters
        uit = []
        for r in ruw:
            waarden = list(r)
            for i, omzet in omzetters:
                waarden[i] = omzet(waarden[i])
            uit.append(rij(*waarden))
        return uit


def compileer(
    statement: Select[Any],
    dialect: Dialect,
    typen: Mapping[str, TypeEngine[Any] | None],
) -> Gecompileerd:
    """`statement`, whose placeholders (`Plaatshouders`; the names in `typen`) are bound
    parameters with their sentinel as value, as text for `dialect`.

    Every other value in the statement becomes a literal in the text (SQLAlchemy's literal
    processors quote and escape it); only values the gateway itself controls may be there
    (policy values, the ZAAK_OBJECTTYPES constant), so a bound parameter without a value is
    refused."""
    for name, bind in statement.compile(dialect=dialect).binds.items():
        if name not in typen and bind.value is None and bind.callable is None:
            raise ValueError(f"{name!r} has no value and is no placeholder of this read")
    text = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}).string
    delen: list[str] = []
    plaatsen: list[tuple[str, bool]] = []
    begin = 0
    for match in _PLAATS.finditer(text):
        if match.group(1):
            raise ValueError(f"NOT IN a list placeholder is not supported: {text}")
        naam = match.group(2) or match.group(3)
        if naam not in typen:
            raise ValueError(f"unknown placeholder {naam!r} in {text}")
        delen.append(text[begin : match.start()])
        plaatsen.append((naam, match.group(2) is not None))
        begin = match.end()
    delen.append(text[begin:])
    rest = "".join(delen)
    if "zgwp_" in rest:
        raise ValueError(f"a placeholder is used where it cannot be one: {text}")
    ontbreekt = set(typen) - {naam for naam, _ in plaatsen}
    if ontbreekt:
        raise ValueError(f"placeholders {sorted(ontbreekt)} are not in the statement: {text}")
    binders = {}
    for naam, type_ in typen.items():
        binder = None if type_ is None else type_._cached_bind_processor(dialect)
        if binder is not None:
            binders[naam] = binder
    omzetters = []
    for i, column in enumerate(statement.selected_columns):
        processor = column.type._cached_result_processor(dialect, None)
        if processor is not None:
            omzetters.append((i, processor))
    rij = namedtuple("Rij", list(statement.selected_columns.keys()))  # type: ignore[misc]
    return Gecompileerd(
        tuple(delen),
        tuple(plaatsen),
        frozenset(typen),
        dialect.name == "postgresql",
        binders,
        rij,
        tuple(omzetters),
    )


class Lezing:
    """A read whose parameter is the expanding `uuids` (`bindparam("uuids", expanding=True)`),
    compiled once per dialect (see `compileer` for the other values it may hold)."""

    __slots__ = ("_per_dialect", "statement")

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._per_dialect: dict[str, Gecompileerd] = {}

    def voor(self, dialect: Dialect) -> Gecompileerd:
        found = self._per_dialect.get(dialect.name)
        if found is None:
            statement = self.statement.params({UUIDS: [_sentinel(UUIDS)]})
            found = self._per_dialect[dialect.name] = compileer(statement, dialect, {UUIDS: None})
            if found.plaatsen != ((UUIDS, True),):
                raise ValueError(f"a Lezing needs exactly one `{UUIDS} IN (...)`")
        return found


class Plaatshouders:
    """What the builder of a `Sjabloon` puts where a value goes; the value itself comes at
    every read, under the same name. Compile time only."""

    def __init__(self) -> None:
        self._binds: dict[str, BindParameter[Any]] = {}
        self.typen: dict[str, TypeEngine[Any] | None] = {}

    def _plaats(self, naam: str, type_: TypeEngine[Any] | None, lijst: bool) -> BindParameter[Any]:
        found = self._binds.get(naam)
        if found is not None:
            if found.expanding != lijst:
                raise ValueError(f"placeholder {naam!r} is used as a list and as one value")
            return found
        if not _NAAM.fullmatch(naam):
            raise ValueError(f"a placeholder's name is lower case, digits and _: {naam!r}")
        sentinel = _sentinel(naam)
        self.typen[naam] = type_
        found = self._binds[naam] = bindparam(
            naam, [sentinel] if lijst else sentinel, type_=String(), expanding=lijst
        )
        return found

    def waarde(self, naam: str, type_: TypeEngine[Any] | None = None) -> BindParameter[Any]:
        """One value; `type_` when the driver needs it converted (`Datum()` on SQLite)."""
        return self._plaats(naam, type_, lijst=False)

    def lijst(self, naam: str, type_: TypeEngine[Any] | None = None) -> BindParameter[Any]:
        """A list of values, for `column.in_(...)`."""
        return self._plaats(naam, type_, lijst=True)


K = TypeVar("K", bound=Hashable)


class Sjabloon(Generic[K]):
    """A read built from a shape by `bouw` (which may use nothing but the shape and the
    placeholders), compiled once per (dialect, shape)."""

    def __init__(self, bouw: Callable[[K, Plaatshouders], Select[Any]], maximum: int = 1024):
        self._bouw = bouw
        self._maximum = maximum
        self._cache: dict[tuple[str, K], Gecompileerd] = {}

    def _maak(self, vorm: K, plaatshouders: Plaatshouders, dialect: str) -> Select[Any]:
        return self._bouw(vorm, plaatshouders)

    def voor(self, dialect: Dialect, vorm: K) -> Gecompileerd:
        key = (dialect.name, vorm)
        found = self._cache.get(key)
        if found is None:
            plaatshouders = Plaatshouders()
            statement = self._maak(vorm, plaatshouders, dialect.name)
            if len(self._cache) >= self._maximum:
                self._cache.clear()
            found = self._cache[key] = compileer(statement, dialect, plaatshouders.typen)
        return found


class DialectSjabloon(Sjabloon[K]):
    """A `Sjabloon` whose builder also takes the dialect's name: for SQL that differs between
    SQLite and PostgreSQL beyond what SQLAlchemy's compilers handle (JSON functions)."""

    def __init__(
        self, bouw: Callable[[K, Plaatshouders, str], Select[Any]], maximum: int = 1024
    ) -> None:
        super().__init__(lambda vorm, p: bouw(vorm, p, ""), maximum)
        self._bouw_per_dialect = bouw

    def _maak(self, vorm: K, plaatshouders: Plaatshouders, dialect: str) -> Select[Any]:
        return self._bouw_per_dialect(vorm, plaatshouders, dialect)
