"""Hot reads straight on the driver's connection, compiled once per dialect.

The reads of the rows of many objects by uuid (a zaak's statussen, rollen, documents' links;
a klantcontact's betrokkenen) run for every list and detail the gateway answers. Through
SQLAlchemy's execution path each costs ~300-400 µs of CPU before a row is read (statement
cache key, parameter processing, expanding the IN list, result metadata, Row objects): more
than the query itself on SQLite, and on PostgreSQL more than asyncpg's round trip (measured in
docs/benchmarks.md, fix 11). A `Lezing` is such a statement, built with SQLAlchemy Core once and
compiled once per dialect into text; a read then hands the text and the uuids to the driver
(sqlite3: `IN (?, ...)`; asyncpg: `= ANY($1)`, one prepared statement whatever the count) and
turns each row into a named tuple through the column types' own result processors, so the
values are exactly those SQLAlchemy would have produced.

SQLAlchemy's `before_cursor_execute` listeners still see every statement (the statement counts
of the tests and of `make bench` rely on them).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect

#: the name of the expanding parameter of every `Lezing`
UUIDS = "uuids"
_SENTINEL = "zgw-lezing-uuids-0f5c2a"


@dataclass(frozen=True, slots=True)
class Gecompileerd:
    """A `Lezing` for one dialect: its text, its row type and the columns to convert."""

    kop: str
    staart: str
    postgres: bool
    rij: Callable[..., Any]
    omzetters: tuple[tuple[int, Callable[[Any], Any]], ...]
    _teksten: dict[int, str] = field(default_factory=dict)

    def tekst(self, aantal: int) -> str:
        """The SQL for `aantal` uuids (PostgreSQL: one text for any number)."""
        found = self._teksten.get(aantal)
        if found is None:
            lijst = "= ANY($1)" if self.postgres else f"IN ({', '.join('?' * aantal)})"
            found = self._teksten[aantal] = self.kop + lijst + self.staart
        return found

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


class Lezing:
    """A read whose parameter is the expanding `uuids` (`bindparam("uuids", expanding=True)`),
    compiled once per dialect.

    Any other value in the statement becomes a literal in its text (SQLAlchemy's literal
    processors quote and escape it). Only values the gateway itself controls belong there:
    policy values (vertrouwelijkheidaanduidingen, document statussen) and catalogus uuids --
    never a value from a request or a token, which stays a bound parameter of a statement
    that runs through SQLAlchemy."""

    __slots__ = ("_per_dialect", "statement")

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._per_dialect: dict[str, Gecompileerd] = {}

    def voor(self, dialect: Dialect) -> Gecompileerd:
        found = self._per_dialect.get(dialect.name)
        if found is None:
            found = self._per_dialect[dialect.name] = self._compileer(dialect)
        return found

    def _compileer(self, dialect: Dialect) -> Gecompileerd:
        # the uuids compile to a literal sentinel, cut out again below; any other value in the
        # statement is rendered as a literal by SQLAlchemy's own literal processors (see the
        # class docstring for which values may be)
        for name, bind in self.statement.compile(dialect=dialect).binds.items():
            if name != UUIDS and bind.value is None and bind.callable is None:
                raise ValueError(
                    f"a Lezing takes no parameter but {UUIDS!r}: {name!r} has no value"
                )
        statement = self.statement.params({UUIDS: [_SENTINEL]})
        text = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}).string
        marker = f"IN ('{_SENTINEL}')"
        if text.count(marker) != 1 or _SENTINEL in text.replace(marker, ""):
            raise ValueError(f"a Lezing needs exactly one `{UUIDS} IN (...)`: {text}")
        kop, staart = text.split(marker)
        postgres = dialect.name == "postgresql"
        columns = list(self.statement.selected_columns)
        keys = list(self.statement.selected_columns.keys())
        omzetters = []
        for i, column in enumerate(columns):
            processor = column.type._cached_result_processor(dialect, None)
            if processor is not None:
                omzetters.append((i, processor))
        rij = namedtuple("Rij", keys)  # type: ignore[misc]
        return Gecompileerd(kop, staart, postgres, rij, tuple(omzetters))
