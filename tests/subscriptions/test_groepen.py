"""Fan-out per group: subscribers whose result for an event is necessarily identical (same
filter, scope, role view, operation and variables, scope claims) share one execution, one
serialisation and one batch of audit records -- and subscribers in the same role with different
scopes never share: each gets its own, correctly filtered payload, or nothing."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from gateway.authz.audit import AuditFilter
from gateway.authz.principal import Role
from gateway.runtime import Runtime
from gateway.schema.gecodeerd import Gecodeerd, gecodeerd_bericht
from registries.base import PageRequest
from registries.models import Vertrouwelijkheid
from registries.sql.seed.demo import FATIMA, JAN
from tests.subscriptions.conftest import Live
from tests.subscriptions.test_subscriptions import zaak_id, zaak_url
from tests.support.live import WsClient, abonnees, bericht, schrijf_events, token

ZAAK_QUERY = 'subscription { notificaties(kanalen: ["zaken"]) { id zaak { identificatie } } }'
GENEST = """subscription { notificaties(kanalen: ["zaken"]) {
  id hoofdObject zaak { identificatie rollen { naam } documenten { url } }
} }"""
MIJN = "subscription { mijnZaken { id hoofdObject zaak { identificatie rollen { naam } } } }"


async def test_identical_subscribers_share_one_execution_and_one_audit_batch(
    live: Live,
) -> None:
    runtime = live.runtime
    url = await zaak_url(runtime, zaak_id(1))
    n = 6
    calls: list[int] = []
    record = runtime.audit.record

    async def counted(entries: Any) -> None:
        calls.append(len(entries))
        await record(entries)

    runtime.audit.record = counted  # type: ignore[method-assign]
    tokens = [token(runtime, Role.BEHANDELAAR, subject=f"mdw-{i}") for i in range(n)]
    async with contextlib.AsyncExitStack() as stack:
        connected = [
            await stack.enter_async_context(WsClient.connect(live.base, t)) for t in tokens
        ]
        ops = [await c.subscribe(ZAAK_QUERY) for c in connected]
        await abonnees(runtime, n)
        pomp = runtime.live.verspreider.pomp
        before = runtime.schema.counts["subscription"], pomp.beoordeeld
        [event_id] = await schrijf_events(runtime, [bericht(url)])
        events = [(await op.events(1))[0] for op in ops]
    assert events == [{"id": str(event_id), "zaak": {"identificatie": zaak_id(1)}}] * n
    assert runtime.schema.counts["subscription"] - before[0] == 1  # not n
    assert pomp.beoordeeld - before[1] == 1  # the audience, decided once for the group
    assert calls == [n]  # one batch, one record per subscriber
    await runtime.audit.flush()
    page = await runtime.audit.zoek(AuditFilter(object_url=url), PageRequest(limit=100))
    assert sorted(e.subject for e in page.items) == [f"mdw-{i}" for i in range(n)]


async def test_same_role_different_scopes_never_share(live: Live) -> None:
    """Two behandelaars of the same zaaktype but different maximum vertrouwelijkheid, and one of
    another zaaktype, subscribe with the same query; each gets what the query pipeline shows
    them (the nested documenten differ), the one out of scope gets nothing."""
    runtime = live.runtime
    alles = token(runtime, Role.BEHANDELAAR, max_vertrouwelijkheid=Vertrouwelijkheid.ZEER_GEHEIM)
    zaak, zaaktype, laag, ander = await _zaak_met_geheimer_document(runtime, alles)
    tokens = {
        "hoog": token(
            runtime,
            Role.BEHANDELAAR,
            zaaktypen=[zaaktype],
            max_vertrouwelijkheid=Vertrouwelijkheid.ZEER_GEHEIM,
        ),
        "laag": token(runtime, Role.BEHANDELAAR, zaaktypen=[zaaktype], max_vertrouwelijkheid=laag),
        "ander": token(
            runtime,
            Role.BEHANDELAAR,
            zaaktypen=[ander],
            max_vertrouwelijkheid=Vertrouwelijkheid.ZEER_GEHEIM,
        ),
    }
    expected = {name: await _zaak_als(runtime, t, zaak) for name, t in tokens.items()}
    assert expected["hoog"] is not None and expected["laag"] is not None
    assert expected["ander"] is None
    assert len(expected["laag"]["documenten"]) < len(expected["hoog"]["documenten"])
    got = await _deliveries(live, tokens, GENEST, zaak)
    assert [e["zaak"] for e in got["hoog"]] == [expected["hoog"]]
    assert [e["zaak"] for e in got["laag"]] == [expected["laag"]]
    assert got["ander"] == []


async def test_burgers_with_the_same_query_get_only_their_own(live: Live) -> None:
    runtime = live.runtime
    jan_zaak, fatima_zaak = await _zaak_van(runtime, JAN.bsn), await _zaak_van(runtime, FATIMA.bsn)
    tokens = {
        "jan": token(runtime, Role.BURGER, bsn=JAN.bsn),
        "fatima": token(runtime, Role.BURGER, bsn=FATIMA.bsn),
    }
    expected = {name: await _zaak_als(runtime, t, jan_zaak) for name, t in tokens.items()}
    assert expected["jan"] is not None and expected["fatima"] is None
    got = await _deliveries(live, tokens, MIJN, jan_zaak, fatima_zaak)
    assert [e["zaak"] for e in got["jan"]] == [
        {"identificatie": expected["jan"]["identificatie"], "rollen": expected["jan"]["rollen"]}
    ]
    assert [e["hoofdObject"] for e in got["fatima"]] == [fatima_zaak]
    assert [r["naam"] for r in got["fatima"][0]["zaak"]["rollen"]] == ["Fatima El Amrani"]


def test_the_shared_text_is_spliced_per_operation_id() -> None:
    data = Gecodeerd({"notificaties": {"id": "7", "naam": 'a "quoted" é'}})
    for soort in ("next", "data"):
        message = {"id": 'op"1', "type": soort, "payload": {"data": data}}
        text = gecodeerd_bericht(message)
        assert text is not None
        assert json.loads(text) == message
    assert gecodeerd_bericht({"id": "1", "type": "next", "payload": {"data": {"a": 1}}}) is None
    errors = {"id": "1", "type": "next", "payload": {"data": data, "errors": []}}
    assert gecodeerd_bericht(errors) is None


# --- helpers ---------------------------------------------------------------------------------


async def _deliveries(
    live: Live, tokens: dict[str, str], query: str, *zaken: str
) -> dict[str, list[dict[str, Any]]]:
    """Each subscriber's events for one event per zaak (then a marker everyone may see)."""
    runtime = live.runtime
    got: dict[str, list[dict[str, Any]]] = {}
    async with contextlib.AsyncExitStack() as stack:
        ops = {}
        for name, tok in tokens.items():
            client = await stack.enter_async_context(WsClient.connect(live.base, tok))
            ops[name] = await client.subscribe(query)
        await abonnees(runtime, len(tokens))
        await schrijf_events(runtime, [bericht(z) for z in zaken])
        for name, op in ops.items():
            got[name] = []
            while True:
                try:
                    message = await op.next(0.7)
                except TimeoutError:
                    break
                assert message["type"] == "next", message
                assert not message["payload"].get("errors"), message
                got[name].append(next(iter(message["payload"]["data"].values())))
    return got


async def _zaak_als(runtime: Runtime, tok: str, url: str) -> dict[str, Any] | None:
    result = await runtime.execute(
        "query($url: String) { zaak(url: $url) { identificatie rollen { naam } "
        "documenten { url } } }",
        {"url": url},
        token=tok,
    )
    codes = {(e.extensions or {}).get("code") for e in result.errors or ()}
    assert codes <= {"NOT_FOUND"}, result.errors  # out of scope: not found
    assert result.data is not None
    zaak: dict[str, Any] | None = result.data["zaak"]
    return zaak


async def _zaak_van(runtime: Runtime, bsn: str) -> str:
    result = await runtime.execute(
        "{ zaken(first: 1) { nodes { url } } }", token=token(runtime, Role.BURGER, bsn=bsn)
    )
    assert result.data is not None
    return str(result.data["zaken"]["nodes"][0]["url"])


async def _zaak_met_geheimer_document(
    runtime: Runtime, tok: str
) -> tuple[str, str, Vertrouwelijkheid, str]:
    """A zaak with a document more confidential than the zaak itself: (zaak URL, its zaaktype
    URL, the zaak's vertrouwelijkheid, another zaaktype's URL)."""
    result = await runtime.execute(
        "{ zaken(first: 100) { nodes { url vertrouwelijkheidaanduiding zaaktype { url } "
        "documenten { vertrouwelijkheidaanduiding } } } }",
        token=tok,
    )
    assert result.data is not None
    nodes = result.data["zaken"]["nodes"]

    def rank(value: str) -> int:
        return _vertrouwelijkheid(value).rank

    for node in nodes:
        zaak_rank = rank(node["vertrouwelijkheidaanduiding"])
        if any(rank(d["vertrouwelijkheidaanduiding"]) > zaak_rank for d in node["documenten"]):
            zaaktype = node["zaaktype"]["url"]
            ander = next(n["zaaktype"]["url"] for n in nodes if n["zaaktype"]["url"] != zaaktype)
            laag = _vertrouwelijkheid(node["vertrouwelijkheidaanduiding"])
            return node["url"], zaaktype, laag, ander
    raise AssertionError("the demo data has no zaak with a more confidential document")


def _vertrouwelijkheid(value: str) -> Vertrouwelijkheid:
    try:
        return Vertrouwelijkheid[value]
    except KeyError:
        return Vertrouwelijkheid(value.lower())
