"""The benchmark's write scenario does what it claims: the multipart request exactly as wrk sends
it (the template with a key filled in, its Content-Type, the bench burger's dev token) makes a
zaak with one attachment document over HTTP; the in-process call does the same with a fresh key
each time (no replays); and the plain-SQL baseline writes the same rows as the gateway, table by
table."""

from __future__ import annotations

from typing import Any

import orjson

from bench import aanvraag as av
from bench.baseline_write import lees_catalogus, open_schrijver, zorg_voor_teller
from bench.inprocess import principal_for, token_for
from bench.write import SCENARIO, baseline_call, gateway_call
from gateway.runtime import Runtime
from tests.support.http import http_client
from tests.support.mutaties import BEHANDELAAR, tellingen

ZAAK = """query($id: String!) { zaak(identificatie: $id) {
  zaaktype { identificatie indicatieInternOfExtern }
  status { statustype { volgnummer } }
  rollen { omschrijvingGeneriek betrokkeneIdentificatie { ... on NatuurlijkPersoon { inpBsn } } }
  documenten { titel bestandsnaam formaat bestandsomvang } } }"""


async def zaak_van(runtime: Runtime, identificatie: str) -> dict[str, Any]:
    result = await runtime.execute(ZAAK, {"id": identificatie}, principal=BEHANDELAAR)
    assert result.errors is None, result.errors
    assert result.data is not None
    zaak: dict[str, Any] = result.data["zaak"]
    return zaak


def verwacht(zaak: dict[str, Any]) -> None:
    assert zaak["zaaktype"] == {"identificatie": av.ZAAKTYPE, "indicatieInternOfExtern": "EXTERN"}
    assert zaak["status"] == {"statustype": {"volgnummer": 1}}
    assert zaak["rollen"] == [
        {"omschrijvingGeneriek": "INITIATOR", "betrokkeneIdentificatie": {"inpBsn": "900000028"}}
    ]
    documenten = sorted(zaak["documenten"], key=lambda d: d["formaat"])
    assert [d["formaat"] for d in documenten] == ["application/pdf", av.BIJLAGE_TYPE]
    bijlage = documenten[1]
    assert bijlage["bestandsnaam"] == av.BIJLAGE_NAAM
    assert bijlage["bestandsomvang"] == len(av.BIJLAGE)


async def test_the_wrk_request_makes_a_zaak_with_one_attachment(store_runtime: Runtime) -> None:
    grens = av.boundary()
    template = av.template(grens)
    token = token_for(SCENARIO.who, store_runtime.settings)
    headers = {"Content-Type": av.content_type(grens), "Authorization": f"Bearer {token}"}
    async with http_client(store_runtime) as client:
        nummers = []
        for n in (1, 2):  # what wrk.lua sends: the template, a new key each time
            body = av.sleutel_van(template, f"run-1-{n}")
            response = await client.post("/graphql", content=body, headers=headers)
            assert response.status_code == 200, response.text
            nummers.append(av.check(response.json()))
        assert len(set(nummers)) == 2
        replay = await client.post(
            "/graphql", content=av.sleutel_van(template, "run-1-2"), headers=headers
        )
        assert replay.json()["data"]["dienAanvraagIn"]["hergebruikt"] is True
    verwacht(await zaak_van(store_runtime, nummers[0]))


async def test_in_process_and_baseline_write_the_same_rows(store_runtime: Runtime) -> None:
    principal = await principal_for(store_runtime, SCENARIO.who)
    gateway = gateway_call(store_runtime, principal)
    db = await open_schrijver(store_runtime.settings.database_url)
    try:
        await zorg_voor_teller(db)
        counted: list[int] = []
        baseline = baseline_call(db, await lees_catalogus(db, av.ZAAKTYPE), counted)
        engine = store_runtime.store.engine
        deltas = []
        for call in (gateway, gateway, baseline):
            voor = await tellingen(engine)
            body = orjson.loads(await call({}))
            na = await tellingen(engine)
            deltas.append({t: na[t] - voor[t] for t in na if na[t] != voor[t]})
            verwacht(await zaak_van(store_runtime, av.check(body)))
    finally:
        await db.close()
    assert deltas[0] == deltas[1] == deltas[2], deltas
    assert deltas[0]["zaak"] == 1 and deltas[0]["enkelvoudiginformatieobject"] == 2
    assert deltas[0]["notificatie"] == 8
    assert counted == [14]
