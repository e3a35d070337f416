"""Reads straight on the driver (registries/sql/direct.py) give exactly what SQLAlchemy gives,
are seen by statement listeners, and leave a cut PostgreSQL connection out of the pool."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import bindparam, event, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.runtime import Runtime
from registries.models import DocumentStatus, Vertrouwelijkheid
from registries.scope import Scope
from registries.sql import zaken
from registries.sql.direct import UUIDS, Lezing
from registries.sql.engine import create_engine, onbereikbaar, read_engine
from registries.sql.lezen import Lezer
from registries.sql.pg_lezen import PgLeesPool
from registries.sql.scope_sql import document_conditions
from registries.sql.store import SqlStore
from registries.sql.tables import DocumentRow, StatusRow, ZaakRow
from tests.support.databases import pg_admin
from tests.support.statements import count_statements

LEZINGEN: dict[str, tuple[Lezing, Any]] = {
    "zaken._STATUSSEN_VAN": (zaken._STATUSSEN_VAN, ZaakRow.uuid),
    "zaken._STATUSSEN": (zaken._STATUSSEN, StatusRow.uuid),
    "zaken._ROLLEN_VAN": (zaken._ROLLEN_VAN, ZaakRow.uuid),
    "zaken._BETROKKENEN_VAN": (zaken._BETROKKENEN_VAN, ZaakRow.uuid),
    "zaken._RESULTATEN_VAN": (zaken._RESULTATEN_VAN, ZaakRow.uuid),
    "zaken._EIGENSCHAPPEN_VAN": (zaken._EIGENSCHAPPEN_VAN, ZaakRow.uuid),
    "zaken._ZAAKINFORMATIEOBJECTEN_VAN": (zaken._ZAAKINFORMATIEOBJECTEN_VAN, ZaakRow.uuid),
}


def _store(runtime: Runtime) -> SqlStore:
    store = runtime.store
    assert isinstance(store, SqlStore)
    return store


@pytest.mark.parametrize("naam", sorted(LEZINGEN))
async def test_direct_read_equals_sqlalchemy(store_runtime: Runtime, naam: str) -> None:
    """Every value, converted by the column types' own processors (dates, UTC datetimes, JSON,
    booleans), in the same order; for one uuid, for all of them, for none."""
    lezing, sleutel = LEZINGEN[naam]
    store = _store(store_runtime)
    async with read_engine(store.engine).connect() as conn:
        alle = list((await conn.execute(select(sleutel))).scalars())
    assert alle, "the demo data has rows for every read"
    for uuids in (alle[:1], alle, [], ["geen-uuid"]):
        async with read_engine(store.engine).connect() as conn:
            verwacht = [
                tuple(r) for r in (await conn.execute(lezing.statement, {UUIDS: list(uuids)})).all()
            ]
        async with store.lezer.verbinding() as lees:
            gekregen = await lees.lees(lezing, uuids)
        assert [tuple(r) for r in gekregen] == verwacht
        if gekregen:  # named like SQLAlchemy's rows, so the row converters read both
            assert gekregen[0]._fields == tuple(lezing.statement.selected_columns.keys())
    assert any(len(found) > 1 for found in [alle])


async def test_direct_reads_are_counted(store_runtime: Runtime) -> None:
    store = _store(store_runtime)
    async with read_engine(store.engine).connect() as conn:
        alle = list((await conn.execute(select(ZaakRow.uuid))).scalars())
    with count_statements(store) as counter:
        async with store.lezer.verbinding() as lees:
            await lees.lees(zaken._STATUSSEN_VAN, alle[:3])
    assert counter.count == 1
    assert "FROM status" in counter.statements[0]


def test_lezing_takes_only_the_uuids_as_parameter() -> None:
    """A value only known at run time (a bound parameter without a value) cannot be compiled
    into the text: that statement belongs on SQLAlchemy's path."""
    with pytest.raises(ValueError, match="'id' has no value and is no placeholder"):
        Lezing(
            select(ZaakRow.uuid).where(
                ZaakRow.uuid.in_(bindparam(UUIDS, expanding=True)),
                ZaakRow.identificatie == bindparam("id"),
            )
        ).voor(sqlite.dialect())


def test_lezing_quotes_the_values_it_compiles_in() -> None:
    text = (
        Lezing(
            select(ZaakRow.uuid).where(
                ZaakRow.uuid.in_(bindparam(UUIDS, expanding=True)),
                ZaakRow.omschrijving == "o'reilly",
            )
        )
        .voor(sqlite.dialect())
        .tekst(2)
    )
    assert "IN (?, ?)" in text and "'o''reilly'" in text


DOCUMENT_SCOPES = {
    "alles": Scope.alles(),
    "burger": Scope(
        document_statussen=frozenset({DocumentStatus.DEFINITIEF, DocumentStatus.GEARCHIVEERD}),
        document_max_vertrouwelijkheid=Vertrouwelijkheid.OPENBAAR,
        documenten_zonder_zaak=False,
    ),
    "kcc": Scope(document_max_vertrouwelijkheid=Vertrouwelijkheid.INTERN),
}


@pytest.mark.parametrize("naam", sorted(DOCUMENT_SCOPES))
async def test_documents_by_uuid_read_directly_as_through_sqlalchemy(
    store_runtime: Runtime, naam: str
) -> None:
    """A zaak's documents (their scope has no zaak rule) are read with a statement compiled
    per scope: the same documents as the scope's conditions select through SQLAlchemy."""
    scope = DOCUMENT_SCOPES[naam]
    store = _store(store_runtime)
    registry = store.documenten
    snap = await store.catalogi.snapshot()
    conds = document_conditions(scope, snap.zaaktypen.values(), registry._urls)
    assert conds is not None
    async with read_engine(store.engine).connect() as conn:
        alle = list((await conn.execute(select(DocumentRow.uuid))).scalars())
        verwacht = set(
            (
                await conn.execute(
                    select(DocumentRow.uuid).where(DocumentRow.uuid.in_(alle), *conds)
                )
            ).scalars()
        )
    assert len(verwacht) > 0 or naam == "burger"
    urls = [registry.document_url(u) for u in alle]
    with count_statements(store) as counter:
        found = await registry.get_documenten(urls, scope)
    assert {d.uuid for d in found.values()} == verwacht
    assert counter.count == 1
    if store.engine.dialect.name == "postgresql":
        assert "= ANY($1)" in counter.statements[0]


@contextlib.asynccontextmanager
async def _eigen_lezer(
    store_runtime: Runtime,
) -> AsyncIterator[tuple[AsyncEngine, Lezer, PgLeesPool]]:
    """A reader of its own on the store's PostgreSQL database (skipped on SQLite)."""
    url = _store(store_runtime).engine.url
    if url.get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL connections of the direct reads")
    engine = create_engine(url.render_as_string(hide_password=False), pool_size=1)
    lezer = Lezer(read_engine(engine))
    assert lezer._pg is not None
    try:
        yield engine, lezer, lezer._pg
    finally:
        await lezer.sluit()
        await engine.dispose()


async def test_postgresql_connection_cut_during_a_read(store_runtime: Runtime) -> None:
    """The direct reads' own connections (registries/sql/pg_lezen.py) follow the engine's
    rules: a read whose server process ends under it fails as 'unreachable' (the client gets
    UPSTREAM_UNAVAILABLE); its connection is not used again, and the next read works. A
    connection whose server went away while it waited in the pool is not handed out."""
    async with _eigen_lezer(store_runtime) as (engine, lezer, pool):
        pids: list[int] = []

        async def slow() -> None:
            async with pool.verbinding() as conn:
                pids.append(await conn.fetchval("SELECT pg_backend_pid()"))
                await conn.fetchval("SELECT pg_sleep(10)")

        task = asyncio.create_task(slow())
        while not pids:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.1)
        await pg_admin(f"SELECT pg_terminate_backend({pids[0]})")
        with pytest.raises(ConnectionError) as failed:
            await task
        assert onbereikbaar(failed.value)
        assert pool._vrij == []
        async with lezer.verbinding() as lees:
            assert await lees.lees(zaken._STATUSSEN_VAN, ["x"]) == []
        # the pooled connection's server process ends while it waits: not handed out again
        async with pool.verbinding() as conn:
            pid = await conn.fetchval("SELECT pg_backend_pid()")
        await pg_admin(f"SELECT pg_terminate_backend({int(pid)})")
        await asyncio.sleep(0.1)
        async with lezer.verbinding() as lees:
            assert await lees.lees(zaken._STATUSSEN_VAN, ["x"]) == []
        seen: list[str] = []
        event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
        async with lezer.verbinding() as lees:
            await lees.lees(zaken._STATUSSEN_VAN, ["x", "y"])
        assert len(seen) == 1 and "ANY" in seen[0]


async def test_postgresql_cancelled_read_does_not_return_its_connection(
    store_runtime: Runtime,
) -> None:
    """A read cancelled mid-statement (the client went away) leaves its connection in an
    unknown state: it is closed, never handed to the next read."""
    async with _eigen_lezer(store_runtime) as (_engine, lezer, pool):

        async def slow() -> None:
            async with pool.verbinding() as conn:
                await conn.fetchval("SELECT pg_sleep(5)")

        task = asyncio.create_task(slow())
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert pool._vrij == []
        async with lezer.verbinding() as lees:
            assert await lees.lees(zaken._STATUSSEN_VAN, ["x"]) == []
