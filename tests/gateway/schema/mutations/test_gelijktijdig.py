"""dienAanvraagIn under concurrency (acceptance 2 of issue 4), on SQLite, PostgreSQL and the ZGW
APIs: 50 aanvragen at once get 50 distinct zaaknummers; 50 retries of one idempotency key at once
make exactly one zaak. Checked in the database (or upstream, in the fake Open Zaak) afterwards,
not only in the answers."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from gateway.runtime import Runtime
from registries.sql.notificaties import laatste_id
from registries.sql.tables import (
    DocumentRow,
    RolRow,
    StatusRow,
    ZaakInformatieObjectRow,
    ZaakRow,
)
from tests.support.fake_zgw import FakeZgw
from tests.support.graphql import execute
from tests.support.mutaties import AANVRAAG, BURGER, notificaties_na, schrijfacties, tellingen
from tests.support.runtimes import fake_van

N = 50


def aanvraag(sleutel: str) -> dict[str, Any]:
    return {
        "a": {
            "zaaktype": "MELDING-OPENBARE-RUIMTE",
            "gegevens": {"locatie": "Dorpsstraat 12", "categorie": "Bestrating"},
            "idempotentieSleutel": sleutel,
        }
    }


async def alle_tegelijk(runtime: Runtime, sleutels: list[str]) -> list[dict[str, Any]]:
    results = await asyncio.gather(
        *(execute(runtime, AANVRAAG, aanvraag(s), principal=BURGER) for s in sleutels)
    )
    answers = []
    for found, errors in results:
        assert not errors, errors
        assert found is not None
        answers.append(found["dienAanvraagIn"])
    return answers


async def per_zaak(runtime: Runtime, table: Any, column: Any, zaken: list[str]) -> Counter[str]:
    stmt = select(column, func.count()).where(column.in_(zaken)).group_by(column).select_from(table)
    async with runtime.store.engine.connect() as conn:
        return Counter({str(k): int(n) for k, n in await conn.execute(stmt)})


def upstream(fake: FakeZgw, nummers: set[str]) -> dict[str, Counter[str]]:
    """Per kind of child, how many each zaak with one of these numbers has in the fake."""
    d = fake.state.data
    zaken = [z for z in d.zaken.values() if z.identificatie in nummers]
    return {
        "zaak": Counter(z.identificatie for z in zaken),
        **{
            soort: Counter({z.identificatie: len(getattr(d, soort).get(z.url, ())) for z in zaken})
            for soort in ("rollen", "statussen", "zaakinformatieobjecten", "eigenschappen")
        },
    }


async def test_50_concurrent_aanvragen_get_50_zaaknummers(fresh_runtime: Runtime) -> None:
    rt = fresh_runtime
    voor = await tellingen(rt.store.engine)
    answers = await alle_tegelijk(rt, [f"formulier-{n}" for n in range(N)])
    nummers = [a["identificatie"] for a in answers]
    assert len(set(nummers)) == N
    assert not any(a["hergebruikt"] for a in answers)
    fake = fake_van(rt)
    if fake is not None:
        # each zaak once upstream, complete: one initiator, one status, the summary and its
        # link, two eigenschappen
        found = upstream(fake, set(nummers))
        een = Counter({n: 1 for n in nummers})
        assert found["zaak"] == een
        assert found["rollen"] == een and found["statussen"] == een
        assert found["zaakinformatieobjecten"] == een
        assert found["eigenschappen"] == Counter({n: 2 for n in nummers})
        bestaand = Counter(z.identificatie for z in fake.state.data.zaken.values())
        assert max(bestaand.values()) == 1  # no zaaknummer twice upstream
        assert len(schrijfacties(rt)) == 8 * N  # nothing made twice
        return

    na = await tellingen(rt.store.engine)
    assert na["zaak"] == voor["zaak"] + N
    assert na["idempotentie"] == voor["idempotentie"] + N
    async with rt.store.engine.connect() as conn:
        rows = list(await conn.execute(select(ZaakRow.uuid, ZaakRow.identificatie)))
    in_db = Counter(identificatie for _, identificatie in rows)
    assert all(in_db[n] == 1 for n in nummers)
    assert max(in_db.values()) == 1  # no zaaknummer twice in the whole table
    # each zaak complete: one initiator, one status, the summary and its link
    nieuw = [uuid for uuid, identificatie in rows if identificatie in set(nummers)]
    for table, column in (
        (RolRow, RolRow.zaak_uuid),
        (StatusRow, StatusRow.zaak_uuid),
        (ZaakInformatieObjectRow, ZaakInformatieObjectRow.zaak_uuid),
    ):
        assert await per_zaak(rt, table, column, nieuw) == Counter({u: 1 for u in nieuw})
    assert na["enkelvoudiginformatieobject"] == voor["enkelvoudiginformatieobject"] + N
    assert na["zaakeigenschap"] == voor["zaakeigenschap"] + 2 * N


async def test_50_concurrent_retries_of_one_key_make_one_zaak(fresh_runtime: Runtime) -> None:
    rt = fresh_runtime
    voor = await tellingen(rt.store.engine)
    eerste_event = await laatste_id(rt.store.engine)
    answers = await alle_tegelijk(rt, ["een-formulier"] * N)
    assert len({a["identificatie"] for a in answers}) == 1
    assert len({a["url"] for a in answers}) == 1
    assert sorted(a["hergebruikt"] for a in answers) == [False] + [True] * (N - 1)
    assert all(a["zaak"] == {"identificatie": answers[0]["identificatie"]} for a in answers)
    fake = fake_van(rt)
    if fake is not None:
        # one saga made the zaak (8 writes upstream); the 49 others waited for it
        nummer = answers[0]["identificatie"]
        found = upstream(fake, {nummer})
        assert {soort: dict(c) for soort, c in found.items()} == {
            "zaak": {nummer: 1},
            "rollen": {nummer: 1},
            "statussen": {nummer: 1},
            "zaakinformatieobjecten": {nummer: 1},
            "eigenschappen": {nummer: 2},
        }
        assert len(schrijfacties(rt)) == 8
        na = await tellingen(rt.store.engine)
        changed = {t: na[t] - voor[t] for t in na if na[t] != voor[t]}
        assert changed == {"saga": 1, "saga_stap": 8}  # no notification: Open Zaak sends them
        return

    na = await tellingen(rt.store.engine)
    changed = {t: na[t] - voor[t] for t in na if na[t] != voor[t]}
    assert changed == {
        "zaak": 1,
        "rol": 1,
        "status": 1,
        "enkelvoudiginformatieobject": 1,
        "document_inhoud": 1,
        "zaakinformatieobject": 1,
        "zaakeigenschap": 2,
        "idempotentie": 1,
        "teller": changed.get("teller", 0),  # the year's sequence may be new
        "notificatie": 7,
    }
    async with rt.store.engine.connect() as conn:
        zaken = (
            await conn.execute(
                select(func.count())
                .select_from(ZaakRow)
                .where(ZaakRow.identificatie == answers[0]["identificatie"])
            )
        ).scalar_one()
        documenten = (
            await conn.execute(
                select(func.count())
                .select_from(DocumentRow)
                .where(DocumentRow.identificatie.like(f"{answers[0]['identificatie']}-%"))
            )
        ).scalar_one()
    assert (zaken, documenten) == (1, 1)
    assert len(await notificaties_na(rt.store.engine, eerste_event)) == 7
