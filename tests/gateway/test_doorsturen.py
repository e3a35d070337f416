"""Store-and-forward to a zaakafhandelcomponent (acceptance 4 of issue 4): a real HTTP target on
a socket that is down (not listening, or answering 503) and comes back; the aanvraag is kept
and delivered once, with the same Idempotency-Key on every attempt; never again once the target
acknowledged; given up after the maximum number of attempts; several dispatchers (gateway
processes) on one database deliver each opdracht once; the delivery state is visible."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections import Counter
from typing import Any

import httpx

from gateway.app import create_app
from gateway.doorsturen import wachttijd
from gateway.runtime import Runtime
from registries.sql.doorstuur_opdrachten import DoorstuurStatus
from registries.sql.seed.demo import JAN
from registries.writes import Doorsturen
from tests.conftest import MaakRuntime, cloned_runtime, settings_for
from tests.support.databases import SeededTemplate
from tests.support.doel import Doel, tot
from tests.support.graphql import codes, data, execute
from tests.support.mutaties import AANVRAAG, BEHANDELAAR, BURGER, KCC
from tests.support.server import free_port, serve

SNEL: dict[str, Any] = {
    "routering_auth": "Bearer zac-geheim",
    "doorsturen_backoff": 0.05,
    "doorsturen_backoff_max": 0.2,
    "doorsturen_timeout": 2.0,
    "doorsturen_interval": 0.5,
}


def route(doel: str) -> dict[str, Any]:
    return {**SNEL, "routering": json.dumps({"PARKEERVERGUNNING": doel})}


async def opdrachten(runtime: Runtime) -> list[Any]:
    from registries.base import PageRequest

    return (await runtime.doorsturen.zoek(None, PageRequest(limit=100))).items


async def dien_in(runtime: Runtime, sleutel: str = "formulier-1") -> dict[str, Any]:
    found = await data(
        runtime,
        AANVRAAG,
        {
            "a": {
                "zaaktype": "PARKEERVERGUNNING",
                "gegevens": {"kenteken": "XX-123-Y", "zone": "B"},
                "idempotentieSleutel": sleutel,
            }
        },
        principal=BURGER,
    )
    return dict(found["dienAanvraagIn"])


def test_backoff_grows_by_four_is_capped_and_jittered() -> None:
    zonder = [wachttijd(n, basis=25, maximum=52_000, toeval=lambda: 0.0) for n in range(1, 10)]
    assert zonder == [25, 100, 400, 1600, 6400, 25600, 52000, 52000, 52000]
    met = [wachttijd(n, basis=25, maximum=52_000, toeval=lambda: 1.0) for n in range(1, 4)]
    assert met == [20, 80, 320]
    assert wachttijd(10_000, basis=25, maximum=60) <= 60


async def test_a_target_that_is_down_gets_the_aanvraag_once_it_is_back(
    maak_schrijf_runtime: MaakRuntime,
) -> None:
    port = free_port()  # nothing listens here yet: connections are refused
    async with maak_schrijf_runtime(**route(f"http://127.0.0.1:{port}/aanvragen")) as runtime:
        aanvraag = await dien_in(runtime)

        async def twee_pogingen() -> bool:
            return (await opdrachten(runtime))[0].pogingen >= 2

        await tot(twee_pogingen)
        [kept] = await opdrachten(runtime)
        assert kept.status is DoorstuurStatus.WACHTEND
        assert kept.laatste_fout.startswith("ConnectError"), kept.laatste_fout
        # the aanvraag itself is safe meanwhile
        zaak = await data(
            runtime,
            "query($id: String!) { zaak(identificatie: $id) { identificatie } }",
            {"id": aanvraag["identificatie"]},
            principal=BEHANDELAAR,
        )
        assert zaak["zaak"] == {"identificatie": aanvraag["identificatie"]}

        target = Doel()
        with serve(target, port):

            async def afgeleverd() -> bool:
                return (await opdrachten(runtime))[0].status is DoorstuurStatus.AFGELEVERD

            await tot(afgeleverd)
            # woken and ticking on: nothing is sent again
            runtime.doorsturen.wake()
            assert await runtime.doorsturen.ronde() == 0
            await asyncio.sleep(3 * SNEL["doorsturen_interval"])
        [ontvangen] = target.ontvangen
        assert ontvangen.path == "/aanvragen"
        assert ontvangen.headers["authorization"] == "Bearer zac-geheim"
        assert ontvangen.headers["content-type"] == "application/json"
        assert len(ontvangen.headers["idempotency-key"]) >= 32
        assert JAN.bsn not in ontvangen.headers["idempotency-key"]
        assert ontvangen.body == {
            "zaak": aanvraag["url"],
            "identificatie": aanvraag["identificatie"],
            "zaaktype": ontvangen.body["zaaktype"],
            "gegevens": {"kenteken": "XX-123-Y", "zone": "B"},
        }
        [done] = await opdrachten(runtime)
        assert done.afgeleverd is not None
        assert done.laatste_fout == ""


async def test_a_target_answering_503_is_retried_with_the_same_key(
    maak_schrijf_runtime: MaakRuntime,
) -> None:
    target = Doel(antwoorden=[503, 503])
    with serve(target) as base:
        async with maak_schrijf_runtime(**route(f"{base}/zac")) as runtime:
            await dien_in(runtime)

            async def afgeleverd() -> bool:
                return (await opdrachten(runtime))[0].status is DoorstuurStatus.AFGELEVERD

            await tot(afgeleverd)
            await asyncio.sleep(3 * SNEL["doorsturen_interval"])
            [done] = await opdrachten(runtime)
    assert [o.status for o in target.ontvangen] == [503, 503, 204]
    assert len({o.headers["idempotency-key"] for o in target.ontvangen}) == 1
    assert len({json.dumps(o.body, sort_keys=True) for o in target.ontvangen}) == 1
    assert done.pogingen == 3


async def test_given_up_after_the_maximum_number_of_attempts(
    maak_schrijf_runtime: MaakRuntime,
) -> None:
    target = Doel(standaard=500)
    with serve(target) as base:
        async with maak_schrijf_runtime(
            **route(f"{base}/zac"), doorsturen_max_pogingen=3
        ) as runtime:
            await dien_in(runtime)

            async def mislukt() -> bool:
                return (await opdrachten(runtime))[0].status is DoorstuurStatus.MISLUKT

            await tot(mislukt)
            await asyncio.sleep(3 * SNEL["doorsturen_interval"])
            [failed] = await opdrachten(runtime)
            assert await runtime.doorsturen.tellingen() == {
                "wachtend": 0,
                "afgeleverd": 0,
                "mislukt": 1,
            }
    assert len(target.ontvangen) == 3
    assert failed.pogingen == 3
    assert failed.laatste_fout == "HTTP 500 Internal Server Error"


OPNIEUW = "mutation($id: ID!) { opnieuwDoorsturen(id: $id) { id status pogingen laatsteFout } }"


async def test_a_given_up_opdracht_is_offered_again_once_the_target_is_repaired(
    store_template: SeededTemplate,
) -> None:
    target = Doel(antwoorden=[500, 500])
    with serve(target) as base:
        async with cloned_runtime(
            store_template, **route(f"{base}/zac"), doorsturen_max_pogingen=2
        ) as runtime:
            await dien_in(runtime)

            async def mislukt() -> bool:
                return (await opdrachten(runtime))[0].status is DoorstuurStatus.MISLUKT

            await tot(mislukt)
            [failed] = await opdrachten(runtime)
            id_ = str(failed.id)
            # not for roles without it, nor for a behandelaar who may not see the zaak
            ander = dataclasses.replace(BEHANDELAAR, zaaktypen=frozenset({"BEZWAAR"}))
            for principal in (KCC, BURGER, ander):
                _, errors = await execute(runtime, OPNIEUW, {"id": id_}, principal=principal)
                assert codes(errors) == ["FORBIDDEN"]
            for onbekend in ("999999", "geen-getal"):
                _, errors = await execute(runtime, OPNIEUW, {"id": onbekend}, principal=BEHANDELAAR)
                assert codes(errors) == ["FORBIDDEN"]
            assert (await opdrachten(runtime))[0].status is DoorstuurStatus.MISLUKT

            found = await data(runtime, OPNIEUW, {"id": id_}, principal=BEHANDELAAR)
            assert found["opnieuwDoorsturen"] == {
                "id": id_,
                "status": "WACHTEND",
                "pogingen": 0,
                "laatsteFout": "HTTP 500 Internal Server Error",
            }

            async def afgeleverd() -> bool:
                return (await opdrachten(runtime))[0].status is DoorstuurStatus.AFGELEVERD

            await tot(afgeleverd)
            # only a MISLUKT opdracht is offered again
            _, errors = await execute(runtime, OPNIEUW, {"id": id_}, principal=BEHANDELAAR)
            assert codes(errors) == ["BAD_USER_INPUT"]
    assert [o.status for o in target.ontvangen] == [500, 500, 204]
    assert len({o.headers["idempotency-key"] for o in target.ontvangen}) == 1


async def test_several_gateway_processes_deliver_each_opdracht_once(
    store_template: SeededTemplate,
) -> None:
    """Three dispatchers on one database (two runtimes = two processes, plus the first one's
    background task) race for 45 opdrachten; the target sees each key exactly once."""
    target = Doel(vertraging=0.01)
    with serve(target) as base:
        async with cloned_runtime(store_template, **SNEL) as een:
            twee = Runtime(settings_for(een.settings.database_url, **SNEL))
            try:
                async with een.store.schrijf() as s:
                    for n in range(45):
                        await s.doorsturen(
                            Doorsturen(doel=f"{base}/zac", bericht={"n": n}, sleutel=f"k-{n}")
                        )

                async def leeg(runtime: Runtime) -> None:
                    while await runtime.doorsturen.ronde():
                        pass

                await asyncio.gather(leeg(een), leeg(twee), leeg(een), leeg(twee))

                async def klaar() -> bool:
                    return (await een.doorsturen.tellingen())["afgeleverd"] == 45

                await tot(klaar)
            finally:
                await twee.close()
    keys = Counter(o.headers["idempotency-key"] for o in target.ontvangen)
    assert keys == Counter({f"k-{n}": 1 for n in range(45)})


async def test_delivery_state_as_a_query_and_as_counts(maak_schrijf_runtime: MaakRuntime) -> None:
    target = Doel(antwoorden=[503])
    with serve(target) as base:
        async with maak_schrijf_runtime(
            **{**route(f"{base}/zac"), "doorsturen_backoff": 30.0, "doorsturen_backoff_max": 60.0},
        ) as runtime:
            await dien_in(runtime, "eerste")  # answered 503: waits 30 s for its retry
            await tot(lambda: _pogingen(runtime, 1))
            await dien_in(runtime, "tweede")  # delivered

            async def een_afgeleverd() -> bool:
                return (await runtime.doorsturen.tellingen())["afgeleverd"] == 1

            await tot(een_afgeleverd)
            query = """query($s: DoorstuurStatus) { doorstuurOpdrachten(status: $s) {
                totalCount pageInfo { hasNextPage endCursor }
                edges { cursor node { id doel status pogingen volgendePoging laatsteFout
                                      aangemaakt afgeleverd zaak { identificatie } } }
                nodes { id } } }"""
            alle = (await data(runtime, query, principal=BEHANDELAAR))["doorstuurOpdrachten"]
            assert alle["totalCount"] == 2
            nieuw, oud = (e["node"] for e in alle["edges"])  # newest first
            assert nieuw["status"] == "AFGELEVERD"
            assert nieuw["afgeleverd"] and nieuw["volgendePoging"] is None
            assert oud["status"] == "WACHTEND"
            assert oud["laatsteFout"] == "HTTP 503 Service Unavailable"
            assert oud["volgendePoging"] and oud["afgeleverd"] is None
            assert oud["pogingen"] == 1 and oud["doel"] == f"{base}/zac"
            assert oud["zaak"]["identificatie"].startswith("ZAAK-")
            wachtend = await data(runtime, query, {"s": "WACHTEND"}, principal=BEHANDELAAR)
            assert [n["id"] for n in wachtend["doorstuurOpdrachten"]["nodes"]] == [oud["id"]]
            # every field has had a value (the demo data holds no opdrachten)
            for veld, waarde in {**nieuw, **oud, **alle["pageInfo"]}.items():
                if veld != "hasNextPage":
                    assert waarde is not None or veld in ("volgendePoging", "afgeleverd"), veld
            # a behandelaar for other zaaktypen sees the opdracht, not the zaak
            ander = dataclasses.replace(BEHANDELAAR, zaaktypen=frozenset({"BEZWAAR"}))
            beperkt = await data(runtime, query, principal=ander)
            assert [e["node"]["zaak"] for e in beperkt["doorstuurOpdrachten"]["edges"]] == [
                None,
                None,
            ]
            for principal in (KCC, BURGER):
                _, errors = await execute(runtime, query, principal=principal)
                assert codes(errors) == ["FORBIDDEN"]
            app = create_app(runtime=runtime)
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
            ) as client:
                body = (await client.get("/doorsturen")).json()
            assert body["opdrachten"] == {"wachtend": 1, "afgeleverd": 1, "mislukt": 0}
            assert body["eerstvolgendePoging"] is not None


async def _pogingen(runtime: Runtime, n: int) -> bool:
    return any(o.pogingen >= n for o in await opdrachten(runtime))


async def test_the_dispatcher_runs_with_the_app_and_stops_with_the_runtime(
    store_template: SeededTemplate,
) -> None:
    url = await store_template.clone()
    try:
        runtime = Runtime(settings_for(url, **SNEL))
        app = create_app(runtime=runtime)
        async with app.router.lifespan_context(app):
            task = runtime.doorsturen._task
            assert task is not None and not task.done()
        assert task.done()
        assert runtime.doorsturen._task is None
        runtime.doorsturen.wake()  # after close: a no-op, not a new task
        assert runtime.doorsturen._task is None
    finally:
        await store_template.drop_clone(url)


async def test_closing_lets_a_delivery_in_flight_finish(maak_schrijf_runtime: MaakRuntime) -> None:
    """A routine restart: the attempt under way is completed and recorded, so the target is not
    sent the acknowledged aanvraag again by the next process."""
    target = Doel(vertraging=0.5)
    with serve(target) as base:
        async with maak_schrijf_runtime(**route(f"{base}/zac")) as runtime:
            await dien_in(runtime)
            await asyncio.sleep(0.2)  # the POST is under way; the target answers after 0.5 s
            await runtime.doorsturen.close()
            assert await runtime.doorsturen.tellingen() == {
                "wachtend": 0,
                "afgeleverd": 1,
                "mislukt": 0,
            }
    assert len(target.ontvangen) == 1
