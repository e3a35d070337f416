"""dienAanvraagIn under concurrency (acceptance 2 of issue 4), on SQLite and PostgreSQL: 50
aanvragen at once get 50 distinct zaaknummers; 50 retries of one idempotency key at once make
exactly one zaak. Checked in the database afterwards, not only in the answers."""

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
from tests.support.graphql import execute
from tests.support.mutaties import AANVRAAG, BURGER, notificaties_na, tellingen

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


async def test_50_concurrent_aanvragen_get_50_zaaknummers(fresh_runtime: Runtime) -> None:
    rt = fresh_runtime
    voor = await tellingen(rt.store.engine)
    answers = await alle_tegelijk(rt, [f"formulier-{n}" for n in range(N)])
    nummers = [a["identificatie"] for a in answers]
    assert len(set(nummers)) == N
    assert not any(a["hergebruikt"] for a in answers)

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
