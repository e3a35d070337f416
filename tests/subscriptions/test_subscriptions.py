"""GraphQL subscriptions over both WebSocket protocols: what each event carries, the three root
fields, the token in connection_init and its expiry, refusals at subscribe time, slow
subscribers, retention, and the index that keeps fan-out proportional to matching subscribers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from gateway.authz.principal import Role
from gateway.context import RequestContext
from registries.base import PageRequest, ZaakFilter
from registries.scope import Scope
from registries.sql.gateway_tables import NotificatieRow
from registries.sql.seed.demo import FATIMA, JAN
from tests.conftest import behandelaar, cloned_runtime
from tests.subscriptions.conftest import Live
from tests.support.databases import SeededTemplate
from tests.support.live import (
    LEGACY_WS,
    WsClient,
    abonnees,
    bericht,
    schrijf_events,
    serve_live,
    token,
)

EVERYTHING = """subscription($after: ID) {
  notificaties(after: $after) {
    id kanaal hoofdObject resource resourceUrl actie aanmaakdatum
    kenmerken { naam waarde }
    zaak { identificatie omschrijving status { statustype { statustekst } } rollen { naam } }
    document { titel }
  }
}"""


async def zaak_url(runtime: Any, identificatie: str) -> str:
    page = await runtime.registries.zaken.zoek_zaken(
        ZaakFilter(identificatie=identificatie), Scope.alles(), PageRequest(limit=1)
    )
    return str(page.items[0].url)


def zaak_id(n: int) -> str:
    return f"ZAAK-2026-{n:07d}"


async def test_every_field_of_an_event_resolves(live: Live) -> None:
    url = await zaak_url(live.runtime, zaak_id(1))
    async with WsClient.connect(live.base, token(live.runtime, Role.BEHANDELAAR)) as client:
        op = await client.subscribe(EVERYTHING)
        await abonnees(live.runtime, 1)
        n = bericht(url, resource="status", resource_url=url + "/status/1", actie="create")
        n.kenmerken = {"zaaktype": "https://example.test/zt", "bronorganisatie": "002220647"}
        [event_id] = await schrijf_events(live.runtime, [n])
        [event] = await op.events(1)
    assert event == {
        "id": str(event_id),
        "kanaal": "zaken",
        "hoofdObject": url,
        "resource": "status",
        "resourceUrl": url + "/status/1",
        "actie": "create",
        "aanmaakdatum": n.aanmaakdatum.isoformat(),
        "kenmerken": [
            {"naam": "bronorganisatie", "waarde": "002220647"},
            {"naam": "zaaktype", "waarde": "https://example.test/zt"},
        ],
        "zaak": {
            "identificatie": zaak_id(1),
            "omschrijving": event["zaak"]["omschrijving"],
            "status": event["zaak"]["status"],
            "rollen": event["zaak"]["rollen"],
        },
        "document": None,
    }
    assert event["zaak"]["status"]["statustype"]["statustekst"]
    assert {r["naam"] for r in event["zaak"]["rollen"]} >= {"Jan de Vries"}


async def test_a_document_event_carries_the_document(live: Live) -> None:
    found = await live.runtime.execute(
        f'{{ zaak(identificatie: "{zaak_id(1)}") {{ documenten {{ url titel }} }} }}',
        principal=behandelaar(),
    )
    assert found.data is not None
    document = found.data["zaak"]["documenten"][0]
    async with WsClient.connect(live.base, token(live.runtime, Role.BEHANDELAAR)) as client:
        op = await client.subscribe(EVERYTHING)
        await abonnees(live.runtime, 1)
        await schrijf_events(
            live.runtime,
            [bericht(document["url"], kanaal="documenten", resource="enkelvoudiginformatieobject")],
        )
        [event] = await op.events(1)
    assert event["document"] == {"titel": document["titel"]}
    assert event["zaak"]["identificatie"] == zaak_id(1)


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", LEGACY_WS])
async def test_zaak_gewijzigd_delivers_the_events_of_one_zaak(live: Live, protocol: str) -> None:
    mine, other = await zaak_url(live.runtime, zaak_id(1)), await zaak_url(live.runtime, zaak_id(2))
    async with WsClient.connect(
        live.base, token(live.runtime, Role.KCC), protocol=protocol
    ) as client:
        op = await client.subscribe(
            "subscription($z: String!) { zaakGewijzigd(zaak: $z) { id actie zaak { identificatie } } }",
            {"z": zaak_id(1)},
        )
        await abonnees(live.runtime, 1)
        ids = await schrijf_events(
            live.runtime,
            [bericht(other), bericht(mine, actie="update"), bericht(other), bericht(mine)],
        )
        events = await op.events(2)
        await op.quiet(0.3)
    assert [e["id"] for e in events] == [str(ids[1]), str(ids[3])]
    assert {e["zaak"]["identificatie"] for e in events} == {zaak_id(1)}


async def test_mijn_zaken_delivers_only_the_burgers_own_zaken(live: Live) -> None:
    runtime = live.runtime
    urls = [await zaak_url(runtime, zaak_id(n)) for n in range(1, 14)]
    query = "subscription { mijnZaken { id hoofdObject zaak { identificatie rollen { naam } } } }"
    async with (
        WsClient.connect(live.base, token(runtime, Role.BURGER, bsn=JAN.bsn)) as jan,
        WsClient.connect(live.base, token(runtime, Role.BURGER, bsn=FATIMA.bsn)) as fatima,
    ):
        jan_op, fatima_op = await jan.subscribe(query), await fatima.subscribe(query)
        await abonnees(runtime, 2)
        await schrijf_events(runtime, [bericht(u) for u in urls])
        expected = {}
        for name, principal in (("jan", JAN), ("fatima", FATIMA)):
            bsn_token = token(runtime, Role.BURGER, bsn=principal.bsn)
            result = await runtime.execute(
                "{ zaken(first: 100) { nodes { url } } }", token=bsn_token
            )
            assert result.data is not None
            expected[name] = {z["url"] for z in result.data["zaken"]["nodes"]}
        assert expected["jan"] and expected["fatima"]
        got_jan = await jan_op.events(len(expected["jan"]))
        got_fatima = await fatima_op.events(len(expected["fatima"]))
        await jan_op.quiet(0.3)
        await fatima_op.quiet(0.1)
    assert {e["hoofdObject"] for e in got_jan} == expected["jan"]
    assert {e["hoofdObject"] for e in got_fatima} == expected["fatima"]
    for event in got_fatima:  # a burger sees only their own rol, never other betrokkenen
        assert [r["naam"] for r in event["zaak"]["rollen"]] == ["Fatima El Amrani"]


async def test_refusals_at_subscribe_time(live: Live) -> None:
    runtime = live.runtime
    async with WsClient.connect(live.base, token(runtime, Role.BURGER, bsn=JAN.bsn)) as client:
        forbidden = await client.subscribe("subscription { mijnZaken { zaak { toelichting } } }")
        message = await forbidden.next()
        assert message["type"] == "error"
        assert message["payload"][0]["extensions"] == {
            "code": "FORBIDDEN",
            "field": "Zaak.toelichting",
            "role": "burger",
        }
        dashboard = await client.subscribe("subscription { notificaties { id } }")
        message = await dashboard.next()
        assert message["payload"][0]["extensions"]["field"] == "Subscription.notificaties"
        other = await client.subscribe(
            "subscription($z: String!) { zaakGewijzigd(zaak: $z) { id } }", {"z": zaak_id(6)}
        )
        message = await other.next()
        assert message["type"] == "error"
        assert message["payload"][0]["extensions"]["code"] == "NOT_FOUND"
        bad_after = await client.subscribe('subscription { mijnZaken(after: "x") { id } }')
        message = await bad_after.next()
        assert message["payload"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    async with WsClient.connect(live.base, token(runtime, Role.KCC)) as client:
        mine = await client.subscribe("subscription { mijnZaken { id } }")
        message = await mine.next()
        assert message["payload"][0]["extensions"]["code"] == "FORBIDDEN"
    assert len(runtime.live.verspreider.index) == 0


async def test_the_token_comes_in_connection_init(live: Live) -> None:
    runtime = live.runtime
    # no token: anonymous, who may subscribe to nothing
    async with WsClient.connect(live.base) as client:
        op = await client.subscribe("subscription { notificaties { id } }")
        message = await op.next()
        assert message["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # a bad token refuses the connection
    async with WsClient.connect(
        live.base, payload={"Authorization": "Bearer not-a-jwt"}, expect_ack=False
    ) as client:
        code, _ = await asyncio.wait_for(client.closed, 5)
        assert code == 4403
    # {"token": ...} works as well
    raw = token(runtime, Role.BEHANDELAAR)
    async with WsClient.connect(live.base, payload={"token": raw}) as client:
        op = await client.subscribe("subscription { notificaties { id } }")
        await abonnees(runtime, 1)
        await schrijf_events(runtime, [bericht(await zaak_url(runtime, zaak_id(3)))])
        assert len(await op.events(1)) == 1


async def test_an_expired_token_closes_the_connection_with_4403(live: Live) -> None:
    runtime = live.runtime
    short = token(runtime, Role.BEHANDELAAR, ttl=2)
    async with WsClient.connect(live.base, short) as client:
        op = await client.subscribe("subscription { notificaties { id } }")
        await abonnees(runtime, 1)
        await schrijf_events(runtime, [bericht(await zaak_url(runtime, zaak_id(3)))])
        assert len(await op.events(1)) == 1
        # idle now: the process's expiry sweeper closes the connection
        code, reason = await asyncio.wait_for(client.closed, 10)
    assert (code, reason) == (4403, "Token expired")
    await abonnees(runtime, 0)


@pytest.mark.usefixtures("alleen_embedded")
async def test_a_slow_subscriber_is_ended_with_a_reason_and_resumes_with_after(
    template: SeededTemplate,
) -> None:
    async with cloned_runtime(template, subscriber_queue_size=3) as runtime:
        await runtime.live.start(registreer=False)
        url = await zaak_url(runtime, zaak_id(1))
        request = RequestContext(principal=behandelaar())
        stream = await runtime.schema.subscribe(
            "subscription { notificaties { id } }", context_value=request
        )
        first = asyncio.ensure_future(stream.__anext__())
        await abonnees(runtime, 1)
        ids = await schrijf_events(runtime, [bericht(url) for _ in range(8)])
        await runtime.live.verspreider.pomp.verwerk()
        got = [(await first).data]
        while True:  # nobody read while 8 arrived: the 3 queued, then the reason
            result = await stream.__anext__()
            if result.errors:
                break
            got.append(result.data)
        assert [g["notificaties"]["id"] for g in got] == [str(i) for i in ids[:3]]  # type: ignore[index]
        [error] = result.errors
        assert error.extensions == {"code": "SUBSCRIBER_TOO_SLOW", "after": str(ids[2])}
        assert f'after: "{ids[2]}"' in error.message
        with pytest.raises(StopAsyncIteration):
            await stream.__anext__()
        # resume where it stopped: the rest, nothing twice
        resumed = await runtime.schema.subscribe(
            f'subscription {{ notificaties(after: "{ids[2]}") {{ id }} }}', context_value=request
        )
        rest = [(await resumed.__anext__()).data for _ in ids[3:]]
        assert [r["notificaties"]["id"] for r in rest] == [str(i) for i in ids[3:]]  # type: ignore[index]
        await resumed.aclose()


async def test_retention_prunes_old_events_but_never_the_newest(live: Live) -> None:
    runtime = live.runtime
    url = await zaak_url(runtime, zaak_id(1))
    ids = await schrijf_events(runtime, [bericht(url) for _ in range(5)])
    old = datetime.now(UTC) - timedelta(days=40)
    async with runtime.store.engine.begin() as conn:
        await conn.execute(update(NotificatieRow).values(geregistreerd=old))
    removed = await runtime.live.verspreider.bewaartermijn.snoei_nu()  # 30 days by default
    assert removed == 4
    log = runtime.live.verspreider.log
    assert await log.oudste_id() == ids[-1] == await log.laatste_id()
    # an `after` whose events are gone is refused with the reason; a later one works
    request = RequestContext(principal=behandelaar())
    stream = await runtime.schema.subscribe(
        f'subscription {{ notificaties(after: "{ids[0]}") {{ id }} }}', context_value=request
    )
    result = await stream.__anext__()
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT", "field": "after"}
    assert "no longer kept" in result.errors[0].message
    stream = await runtime.schema.subscribe(
        f'subscription {{ notificaties(after: "{ids[-2]}") {{ id }} }}', context_value=request
    )
    assert (await stream.__anext__()).data == {"notificaties": {"id": str(ids[-1])}}
    await stream.aclose()
    [new] = await schrijf_events(runtime, [bericht(url)])
    assert new > ids[-1]  # ids only grow, also on SQLite


@pytest.mark.usefixtures("alleen_embedded")
async def test_fan_out_looks_only_at_subscribers_that_could_match(
    template: SeededTemplate,
) -> None:
    """Many burgers and one-zaak subscribers are connected; an event about one zaak is checked
    against the few filed under its zaak, its betrokkenen and its zaaktype -- not all."""
    from subscriptions.abonnee import Filter

    async with cloned_runtime(template) as runtime, serve_live(runtime):
        verspreider = runtime.live.verspreider
        url = await zaak_url(runtime, zaak_id(1))
        scope = await runtime.scope_voor(behandelaar())
        streams = []
        for n in range(300):  # subscribers on other zaken, and burgers who are not in it
            other = f"http://gateway.test/zaken/api/v1/zaken/{n:08d}-0000-0000-0000-000000000000"
            a = await verspreider.abonnee(scope, Filter(zaak=other))
            streams.append(verspreider.stroom(a))
        for n in range(300):
            bsn = f"{100000000 + n}"
            b_scope = await runtime.scope_voor(
                behandelaar(role=Role.BURGER, bsn=bsn, zaaktypen=frozenset())
            )
            streams.append(verspreider.stroom(await verspreider.abonnee(b_scope, Filter())))
        target = verspreider.stroom(await verspreider.abonnee(scope, Filter(zaak=url)))
        jan_scope = await runtime.scope_voor(
            behandelaar(role=Role.BURGER, bsn=JAN.bsn, zaaktypen=frozenset())
        )
        jan = verspreider.stroom(await verspreider.abonnee(jan_scope, Filter()))
        pending = [asyncio.ensure_future(s.__anext__()) for s in (*streams, target, jan)]
        await abonnees(runtime, 602)
        assert verspreider.index.omvang()["breed"] == 0
        before = verspreider.pomp.aangeboden, verspreider.pomp.bekeken
        await schrijf_events(runtime, [bericht(url)])
        await verspreider.pomp.verwerk()
        await asyncio.sleep(0)
        assert verspreider.pomp.aangeboden - before[0] == 2
        assert verspreider.pomp.bekeken - before[1] == 2  # not 602
        assert pending[-2].done() and pending[-1].done()
        assert not any(p.done() for p in pending[:-2])
        for p in pending:
            p.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for s in (*streams, target, jan):
            await s.aclose()
        assert len(verspreider.index) == 0


async def test_an_event_that_cannot_be_delivered_ends_with_where_to_resume(live: Live) -> None:
    runtime = live.runtime
    url = await zaak_url(runtime, zaak_id(1))
    request = RequestContext(principal=behandelaar())
    stream = await runtime.schema.subscribe(
        "subscription { notificaties { id } }", context_value=request
    )
    first = asyncio.ensure_future(stream.__anext__())
    await abonnees(runtime, 1)
    ids = await schrijf_events(runtime, [bericht(url)])
    assert (await first).data == {"notificaties": {"id": str(ids[0])}}
    original = runtime.schema.operation_context

    async def unavailable(*args: Any) -> Any:
        raise OSError("the database is unreachable")

    runtime.schema.operation_context = unavailable
    try:
        await schrijf_events(runtime, [bericht(url)])
        result = await stream.__anext__()
    finally:
        runtime.schema.operation_context = original
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "UPSTREAM_UNAVAILABLE", "after": str(ids[0])}
    with pytest.raises(StopAsyncIteration):
        await stream.__anext__()
