"""Bulk inserts in foreign-key order, for the seeders."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from registries.sql.tables import (
    Base,
    CatalogusRow,
    DocumentInhoudRow,
    DocumentRow,
    EigenschapRow,
    InformatieObjectTypeRow,
    KlantcontactBetrokkeneRow,
    KlantcontactRow,
    OnderwerpobjectRow,
    ResultaatRow,
    ResultaatTypeRow,
    RolRow,
    RolTypeRow,
    StatusRow,
    StatusTypeRow,
    ZaakEigenschapRow,
    ZaakInformatieObjectRow,
    ZaakRow,
    ZaakTypeInformatieObjectTypeRow,
    ZaakTypeRow,
)

#: parents before children
ORDER: tuple[type[Base], ...] = (
    CatalogusRow,
    ZaakTypeRow,
    StatusTypeRow,
    RolTypeRow,
    ResultaatTypeRow,
    InformatieObjectTypeRow,
    ZaakTypeInformatieObjectTypeRow,
    EigenschapRow,
    ZaakRow,
    StatusRow,
    ResultaatRow,
    RolRow,
    ZaakEigenschapRow,
    DocumentRow,
    DocumentInhoudRow,
    ZaakInformatieObjectRow,
    KlantcontactRow,
    KlantcontactBetrokkeneRow,
    OnderwerpobjectRow,
)

_NAMESPACE = uuid.UUID("6f1d3c2e-1c7e-4b4c-9d55-0a7f2f6c3a10")


def uid(*parts: object) -> str:
    """A deterministic uuid for a seeded object (the same every run)."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)))


class BulkWriter:
    def __init__(self) -> None:
        self.rows: dict[type[Base], list[dict[str, Any]]] = defaultdict(list)

    def add(self, table: type[Base], **values: Any) -> dict[str, Any]:
        """Queue a row; returns it (still mutable until `flush`)."""
        self.rows[table].append(values)
        return values

    def count(self) -> int:
        return sum(len(v) for v in self.rows.values())

    async def flush(self, conn: AsyncConnection, chunk: int = 5000) -> int:
        written = 0
        for table in ORDER:
            pending = _uniform(table, self.rows.pop(table, []))
            for start in range(0, len(pending), chunk):
                part = pending[start : start + chunk]
                await conn.execute(insert(table), part)
                written += len(part)
        assert not self.rows, f"tables without a place in ORDER: {list(self.rows)}"
        return written


def _uniform(table: type[Base], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every row every column (executemany needs the same keys in each row)."""
    if not rows:
        return rows
    defaults: dict[str, Any] = {}
    for column in table.__table__.columns:
        default = column.default
        if default is None:
            defaults[column.key] = None
        elif getattr(default, "is_callable", False):
            defaults[column.key] = default.arg
        else:
            defaults[column.key] = getattr(default, "arg", None)
    out = []
    for row in rows:
        full = {}
        for key, value in defaults.items():
            if key in row:
                full[key] = row[key]
            else:
                full[key] = value(None) if callable(value) else value
        out.append(full)
    return out
