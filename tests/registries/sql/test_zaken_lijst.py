"""The zaken list and the reads by uuid with a scope run as compiled statements with bound
parameters (registries/sql/direct.py `Sjabloon`): the same zaken, in the same order, as the
same conditions through SQLAlchemy; one statement per shape of scope and filter, never per
burger; request and token values never in the text."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.dialects import sqlite

from gateway.runtime import Runtime
from registries.base import ZAAK_KINDEREN, PageRequest, ZaakFilter, ZaakOrdering
from registries.models import (
    BetrokkeneId,
    IdentificatieSoort,
    OmschrijvingGeneriek,
    Vertrouwelijkheid,
)
from registries.scope import Scope
from registries.sql import zaken
from registries.sql.engine import read_engine
from registries.sql.scope_sql import InDeselectie, Waarden, zaak_scope_delen, zaak_scope_sql
from registries.sql.store import SqlStore
from registries.sql.tables import RolRow, StatusRow, ZaakRow
from tests.support.statements import count_statements

JAN = "999993653"


def _store(runtime: Runtime) -> SqlStore:
    store = runtime.store
    assert isinstance(store, SqlStore)
    return store


def _scopes(zaaktype_urls: list[str]) -> dict[str, Scope]:
    jan = BetrokkeneId(IdentificatieSoort.BSN, JAN)
    return {
        "alles": Scope.alles(),
        "burger": Scope(
            betrokkenen=frozenset({jan}),
            betrokkene_rollen=frozenset({OmschrijvingGeneriek.INITIATOR}),
            alleen_extern=True,
            met_status=True,
            max_vertrouwelijkheid=Vertrouwelijkheid.BEPERKT_OPENBAAR,
        ),
        "burger_en_bedrijf": Scope(
            betrokkenen=frozenset({jan, BetrokkeneId(IdentificatieSoort.KVK, "68750110")}),
        ),
        "kcc": Scope(max_vertrouwelijkheid=Vertrouwelijkheid.INTERN),
        "zaaktypen": Scope(zaaktypen=frozenset(zaaktype_urls[:2])),
    }


def _filters(statustype: str, identificatie: str) -> dict[str, ZaakFilter]:
    return {
        "geen": ZaakFilter(),
        "bsn": ZaakFilter(bsn=JAN),
        "identificatie": ZaakFilter(identificatie=identificatie),
        "omschrijving": ZaakFilter(omschrijving_bevat="a"),
        "omschrijving_tekens": ZaakFilter(omschrijving_bevat="10%_'\\"),
        "data": ZaakFilter(
            startdatum_vanaf=date(2020, 1, 1), startdatum_tot_en_met=date(2030, 12, 31)
        ),
        "open": ZaakFilter(open=True, ordering=ZaakOrdering.IDENTIFICATIE_ASC),
        "gesloten": ZaakFilter(open=False, ordering=ZaakOrdering.STARTDATUM_ASC),
        "statustype": ZaakFilter(
            statustype=statustype, ordering=ZaakOrdering.REGISTRATIEDATUM_DESC
        ),
    }


async def _verwacht(
    store: SqlStore, scope: Scope, filter: ZaakFilter, page: PageRequest
) -> tuple[list[str], int] | None:
    """The zaken (uuids in order) and the count, through SQLAlchemy with the same builders."""
    registry = store.zaken
    snap = await store.catalogi.snapshot()
    scope_delen = zaak_scope_delen(scope, snap.zaaktypen.values(), registry._urls)
    filter_delen = zaken._filter_delen(filter, registry._urls)
    if scope_delen is None or filter_delen is None:
        return None
    waarden = Waarden({**scope_delen[1], **filter_delen[1]})
    where = [
        *zaak_scope_sql(scope_delen[0], waarden),
        *zaken._filter_sql(filter_delen[0], waarden),
    ]
    stmt = (
        select(ZaakRow.uuid)
        .where(*where)
        .order_by(*zaken._volgorde(filter.ordering, ZaakRow.__table__.c))
        .offset(page.offset)
        .limit(page.limit)
    )
    async with read_engine(store.engine).connect() as conn:
        uuids = list((await conn.execute(stmt)).scalars())
        total = (
            await conn.execute(select(func.count()).select_from(ZaakRow).where(*where))
        ).scalar_one()
    return uuids, total


async def _een_statustype_en_zaak(store: SqlStore) -> tuple[str, str]:
    """A statustype URL and a zaak's identificatie from the data, for the filters."""
    async with read_engine(store.engine).connect() as conn:
        statustype_uuid = (
            await conn.execute(select(StatusRow.statustype_uuid).limit(1))
        ).scalar_one()
        identificatie = (await conn.execute(select(ZaakRow.identificatie).limit(1))).scalar_one()
    return store.zaken._urls.url("statustype", statustype_uuid), identificatie


async def test_zaken_list_equals_sqlalchemy(store_runtime: Runtime) -> None:
    store = _store(store_runtime)
    registry = store.zaken
    snap = await store.catalogi.snapshot()
    statustype, identificatie = await _een_statustype_en_zaak(store)
    scopes = _scopes(sorted(snap.zaaktypen))
    niet_leeg = 0
    for scope_naam, scope in scopes.items():
        for filter_naam, filter in _filters(statustype, identificatie).items():
            for page in (PageRequest(limit=100, with_total=True), PageRequest(offset=1, limit=2)):
                verwacht = await _verwacht(store, scope, filter, page)
                found = await registry.zoek_zaken(filter, scope, page)
                where = f"{scope_naam} / {filter_naam} / {page}"
                if verwacht is None:
                    assert found.items == [], where
                    continue
                assert [z.uuid for z in found.items] == verwacht[0], where
                assert found.total == (verwacht[1] if page.with_total else None), where
                niet_leeg += bool(found.items)
    assert niet_leeg > 20, "the demo data should make most of these cases non-empty"


@pytest.mark.parametrize(
    "soorten",
    [ZAAK_KINDEREN, frozenset({"statussen"}), frozenset({"rollen", "resultaat"})],
    ids=["alle", "statussen", "rollen-resultaat"],
)
async def test_zaken_with_their_children_in_one_statement(
    store_runtime: Runtime, soorten: frozenset[str]
) -> None:
    """`zoek_zaken_met_kinderen`: the page `zoek_zaken` gives, and per zaak of it the children
    `kinderen_van` gives, in one statement (a second for the count)."""
    store = _store(store_runtime)
    registry = store.zaken
    snap = await store.catalogi.snapshot()
    statustype, identificatie = await _een_statustype_en_zaak(store)
    met_kinderen = 0
    for scope_naam, scope in _scopes(sorted(snap.zaaktypen)).items():
        for filter_naam, filter in _filters(statustype, identificatie).items():
            for page in (PageRequest(limit=100, with_total=True), PageRequest(offset=1, limit=2)):
                where = f"{scope_naam} / {filter_naam} / {page}"
                with count_statements(store) as counter:
                    found, kinderen = await registry.zoek_zaken_met_kinderen(
                        filter, scope, page, soorten
                    )
                alleen = await registry.zoek_zaken(filter, scope, page)
                assert found == alleen, where
                assert counter.count <= 1 + page.with_total, where
                urls = [z.url for z in found.items]
                assert list(kinderen) == urls, where
                los = await registry.kinderen_van(urls, Scope.alles(), soorten)
                assert kinderen == los, where
                met_kinderen += sum(
                    bool(k.statussen or k.rollen or k.resultaat) for k in kinderen.values()
                )
    assert met_kinderen > 20, "the demo data should give most zaken children"


async def test_zaken_by_uuid_honour_the_scope(store_runtime: Runtime) -> None:
    store = _store(store_runtime)
    registry = store.zaken
    snap = await store.catalogi.snapshot()
    async with read_engine(store.engine).connect() as conn:
        alle = list((await conn.execute(select(ZaakRow.uuid))).scalars())
    urls = [registry.zaak_url(u) for u in alle]
    for naam, scope in _scopes(sorted(snap.zaaktypen)).items():
        verwacht = await _verwacht(store, scope, ZaakFilter(), PageRequest(limit=10_000))
        assert verwacht is not None
        found = await registry.get_zaken(urls, scope)
        assert {z.uuid for z in found.values()} == set(verwacht[0]), naam
        assert await registry.get_zaken([], scope) == {}


async def test_one_statement_per_shape_values_bound(store_runtime: Runtime) -> None:
    """Two burgers share one compiled statement; neither's BSN, nor a filter's text, is in
    the statement's text (they are parameters)."""
    store = _store(store_runtime)
    registry = store.zaken

    def burger(bsn: str) -> Scope:
        return Scope(betrokkenen=frozenset({BetrokkeneId(IdentificatieSoort.BSN, bsn)}))

    await store.catalogi.snapshot()  # loaded once (its own statements)
    zaken._ZOEK._cache.clear()
    with count_statements(store) as counter:
        await registry.zoek_zaken(ZaakFilter(omschrijving_bevat="x'y"), burger(JAN), PageRequest())
        await registry.zoek_zaken(
            ZaakFilter(omschrijving_bevat="zz"), burger("999990019"), PageRequest()
        )
    assert len(zaken._ZOEK._cache) == 1
    assert counter.count == 2
    for text in counter.statements:
        assert JAN not in text and "999990019" not in text and "x'y" not in text
        assert "zz" not in text


async def test_values_must_match_the_placeholders(store_runtime: Runtime) -> None:
    scope = Scope(max_vertrouwelijkheid=Vertrouwelijkheid.OPENBAAR)
    delen = zaak_scope_delen(scope, [], _store(store_runtime).zaken._urls)
    assert delen is not None
    vorm, waarden = delen
    read = zaken._OP_UUID.voor(sqlite.dialect(), vorm)
    with pytest.raises(ValueError, match="differ"):
        read.parameters({**waarden})
    with pytest.raises(ValueError, match="differ"):
        read.parameters({**waarden, "uuids": ["a"], "extra": 1})
    text, parameters = read.parameters({**waarden, "uuids": ["a", "b"]})
    assert text.count("?") == len(parameters) == 2 + len(waarden["s_vertrouwelijkheden"])


async def test_in_deselectie_is_in_planned_as_a_list(store_runtime: Runtime) -> None:
    """`InDeselectie` selects what `IN (subquery)` selects; PostgreSQL gets it as
    `= ANY(ARRAY(...))` (looked up by key instead of a semi join over every zaak)."""
    store = _store(store_runtime)
    deselectie = select(RolRow.zaak_uuid).where(RolRow.inp_bsn == JAN)
    async with read_engine(store.engine).connect() as conn:
        verwacht = set(
            (await conn.execute(select(ZaakRow.uuid).where(ZaakRow.uuid.in_(deselectie)))).scalars()
        )
        stmt = select(ZaakRow.uuid).where(InDeselectie(ZaakRow.__table__.c.uuid, deselectie))
        assert set((await conn.execute(stmt)).scalars()) == verwacht
        text = str(stmt.compile(dialect=conn.dialect))
    assert verwacht
    if store.engine.dialect.name == "postgresql":
        assert "(zaak.uuid = ANY(ARRAY(SELECT rol.zaak_uuid" in text
    else:
        assert "(zaak.uuid IN (SELECT rol.zaak_uuid" in text
        # a predicate as it is: SQLite has no booleans, and `(... IN ...) = 1` is no longer
        # an IN that SQLite plans from the subquery (it scanned every zaak: 11 ms a page)
        assert text.rstrip().endswith("rol.inp_bsn = ?))"), text
        async with read_engine(store.engine).connect() as conn:
            plan = " | ".join(
                str(r[-1]) for r in await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {text}", (JAN,))
            )
        assert "SCAN zaak" not in plan, plan


async def test_without_synchronous_reads(store_runtime: Runtime) -> None:
    """With `ZGW_GATEWAY_SQLITE_SYNCHRONE_READS=false` the compiled reads run on aiosqlite's
    connection (the engine's, past the statement compiler): the same zaken."""
    store = _store(store_runtime)
    if store.engine.dialect.name != "sqlite":
        pytest.skip("synchronous reads exist on SQLite only")
    asynchroon = SqlStore.for_engine(
        store.engine, store.zaken._urls.base_url, synchrone_reads=False
    )
    assert not asynchroon.lezer.synchroon
    scope = Scope(betrokkenen=frozenset({BetrokkeneId(IdentificatieSoort.BSN, JAN)}))
    for filter in (ZaakFilter(), ZaakFilter(startdatum_vanaf=date(2020, 1, 1))):
        page = PageRequest(limit=5, with_total=True)
        verwacht = await store.zaken.zoek_zaken(filter, scope, page)
        found = await asynchroon.zaken.zoek_zaken(filter, scope, page)
        assert [z.uuid for z in found.items] == [z.uuid for z in verwacht.items]
        assert found.total == verwacht.total and found.items
    urls = [z.url for z in verwacht.items]
    assert (await asynchroon.zaken.statussen_van(urls, scope)).keys() == (
        await store.zaken.statussen_van(urls, scope)
    ).keys()


async def test_rol_filters_select_the_zaken_whose_rollen_name_them(store_runtime: Runtime) -> None:
    """`ZaakFilter.bsn` / `kvk` / `rsin`, each against plain SQL on the rol's own column."""
    store = _store(store_runtime)
    for veld, column in (
        ("bsn", RolRow.inp_bsn),
        ("kvk", RolRow.kvk_nummer),
        ("rsin", RolRow.inn_nnp_id),
    ):
        async with read_engine(store.engine).connect() as conn:
            waarde = (
                await conn.execute(select(column).where(column.is_not(None)).limit(1))
            ).scalar_one()
            verwacht = set(
                (
                    await conn.execute(
                        select(ZaakRow.uuid).where(
                            ZaakRow.uuid.in_(select(RolRow.zaak_uuid).where(column == waarde))
                        )
                    )
                ).scalars()
            )
        found = await store.zaken.zoek_zaken(
            ZaakFilter(**{veld: waarde}), Scope.alles(), PageRequest(limit=1000)
        )
        assert {z.uuid for z in found.items} == verwacht and verwacht, veld
