"""The write scenario's hand-written twin: `dienAanvraagIn` as plain SQL in one transaction.

The same rows as the gateway's embedded store writes (see `gateway/schema/mutations/aanvraag.py`):
the idempotency record, a zaaknummer from the shared counter, the zaak, the initiator rol, the
summary PDF and the attachment (documents with their content), two zaakinformatieobjecten, the
zaakeigenschap named in the form data, the first status, and one outbox row (`notificatie`) per
object made. The catalogus (zaaktype, roltype, statustype, informatieobjecttypen, eigenschap) is
read once at start-up, as a hand-written service would configure it; the gateway keeps a catalogus
snapshot too. The summary is the same PDF (`registries.pdf.tekst_pdf`). On PostgreSQL the outbox
append takes the same advisory lock and sends the same NOTIFY as the gateway. Not needed here: the
store-and-forward message (the bench zaaktype is not routed).

Plain sqlite3 (one connection, BEGIN IMMEDIATE .. COMMIT) or asyncpg (a pool, one transaction).
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
import orjson

from bench.baseline_write_rows import (
    INITIATOR,
    Aanvraag,
    Catalogus,
    Rest,
    Schrijver,
    Statements,
    rijen,
)
from registries.pdf import tekst_pdf

_Q = re.compile(r"\?")


def _counted(statements: Statements) -> int:
    """Statements per operation as the gateway's are counted (`bench.inprocess`): the counter
    and the rest, not PostgreSQL's advisory lock and NOTIFY (`SELECT pg_...`)."""
    return 1 + sum(not sql.startswith("SELECT pg_") for sql, _ in statements)


CATALOGUS_SQL = (
    "SELECT z.uuid, z.catalogus_uuid, c.rsin, z.omschrijving, z.onderwerp, "
    "z.vertrouwelijkheidaanduiding, z.doorlooptijd, z.begin_geldigheid, z.einde_geldigheid, "
    "z.versiedatum FROM zaaktype z JOIN catalogus c ON c.uuid = z.catalogus_uuid "
    "WHERE z.identificatie = ?"
)


def _pg(sql: str) -> str:
    counter = iter(range(1, 100))
    return _Q.sub(lambda _: f"${next(counter)}", sql)


class SqliteSchrijver(Schrijver):
    pg = False

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA busy_timeout=10000")

    async def fetch(self, sql: str, *args: Any) -> Sequence[Any]:
        return self.conn.execute(sql, args).fetchall()

    async def transaction(self, first: tuple[str, Sequence[Any]], rest: Rest) -> int:
        """One transaction: `first` (its row feeds `rest`), then the statements `rest` builds;
        a list of tuples as arguments is an executemany. Returns the statements run."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            statements = rest(conn.execute(*first).fetchone())
            for sql, args in statements:
                if args and isinstance(args[0], tuple):
                    conn.executemany(sql, args)
                else:
                    conn.execute(sql, args)
            conn.execute("COMMIT")
            return _counted(statements)
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    async def close(self) -> None:
        self.conn.close()


class PgSchrijver(Schrijver):
    pg = True

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def fetch(self, sql: str, *args: Any) -> Sequence[Any]:
        async with self.pool.acquire() as conn:
            rows: Sequence[Any] = await conn.fetch(_pg(sql), *args)
            return rows

    async def transaction(self, first: tuple[str, Sequence[Any]], rest: Rest) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            statements = rest(await conn.fetchrow(_pg(first[0]), *first[1]))
            for sql, args in statements:
                if args and isinstance(args[0], tuple):
                    await conn.executemany(_pg(sql), args)
                else:
                    await conn.execute(_pg(sql), *args)
            return _counted(statements)

    async def close(self) -> None:
        await self.pool.close()


async def open_schrijver(database_url: str) -> SqliteSchrijver | PgSchrijver:
    if database_url.startswith("sqlite"):
        return SqliteSchrijver(database_url.split(":///", 1)[1])
    dsn = "postgresql://" + database_url.split("://", 1)[1]
    return PgSchrijver(await asyncpg.create_pool(dsn, min_size=1, max_size=10))


async def lees_catalogus(db: SqliteSchrijver | PgSchrijver, identificatie: str) -> Catalogus:
    today = date.today()
    versies = [
        r
        for r in await db.fetch(CATALOGUS_SQL, identificatie)
        if str(r[7]) <= today.isoformat() and (r[8] is None or str(r[8]) >= today.isoformat())
    ]
    zt = max(versies, key=lambda r: str(r[9]))
    duur = str(zt[6])
    dagen = int(duur[1:-1]) if re.fullmatch(r"P\d+D", duur) else None
    rol = (
        await db.fetch(
            "SELECT uuid, omschrijving FROM roltype WHERE zaaktype_uuid = ? "
            "AND omschrijving_generiek = ?",
            zt[0],
            INITIATOR,
        )
    )[0]
    status = (
        await db.fetch(
            "SELECT uuid FROM statustype WHERE zaaktype_uuid = ? ORDER BY volgnummer LIMIT 1",
            zt[0],
        )
    )[0]
    inkomend = await db.fetch(
        "SELECT i.uuid, i.vertrouwelijkheidaanduiding FROM zaaktype_informatieobjecttype zi "
        "JOIN informatieobjecttype i ON i.uuid = zi.informatieobjecttype_uuid "
        "WHERE zi.zaaktype_uuid = ? AND zi.richting = 'inkomend' ORDER BY zi.volgnummer",
        zt[0],
    )
    eigenschappen = await db.fetch(
        "SELECT naam, uuid FROM eigenschap WHERE zaaktype_uuid = ?", zt[0]
    )
    return Catalogus(
        zaaktype=zt[0],
        catalogus=zt[1],
        rsin=zt[2],
        omschrijving=zt[3],
        onderwerp=zt[4],
        vertrouwelijkheid=zt[5],
        doorlooptijd_dagen=dagen,
        roltype=rol[0],
        roltype_omschrijving=rol[1],
        statustype=status[0],
        inkomend=tuple((r[0], r[1]) for r in inkomend),
        eigenschappen={r[0]: r[1] for r in eigenschappen},
    )


async def dien_aanvraag_in(
    db: SqliteSchrijver | PgSchrijver, cat: Catalogus, base_url: str, a: Aanvraag
) -> tuple[bytes, int]:
    """All the inserts in one transaction (the counter first: the zaaknummer is in the other
    rows); the same JSON as the gateway's answer, and the number of statements."""
    nu = datetime.now(UTC)
    jaar = nu.year
    zaak = str(uuid.uuid4())
    url = f"{base_url}/zaken/api/v1/zaken/{zaak}"
    gedaan: list[str] = []

    def rest(row: Any) -> Statements:
        identificatie = f"ZAAK-{jaar}-{int(row[0]):07d}"
        gedaan.append(identificatie)
        regels = [f"Zaaknummer: {identificatie}", f"Zaaktype: {cat.omschrijving}", ""]
        for key, value in a.gegevens.items():
            regels.append(f"{key}: {value if isinstance(value, str) else json.dumps(value)}")
        pdf = tekst_pdf(f"Aanvraag {cat.omschrijving}", regels)
        return rijen(db, cat, base_url, a, zaak, identificatie, nu, pdf)

    count = await db.transaction(
        (
            "UPDATE teller SET laatste = laatste + 1 WHERE naam = ? RETURNING laatste",
            [f"zaak-{jaar}"],
        ),
        rest,
    )
    answer = {"identificatie": gedaan[0], "url": url, "hergebruikt": False}
    return orjson.dumps({"data": {"dienAanvraagIn": answer}}), count


async def zorg_voor_teller(db: SqliteSchrijver | PgSchrijver) -> None:
    """The year's zaaknummer counter exists (the gateway makes it on first use; so does this,
    once, at start-up)."""
    naam = f"zaak-{datetime.now(UTC).year}"
    if not await db.fetch("SELECT laatste FROM teller WHERE naam = ?", naam):
        await db.transaction(
            ("INSERT INTO teller (naam, laatste) VALUES (?, ?) ON CONFLICT DO NOTHING", [naam, 0]),
            lambda _: [],
        )
