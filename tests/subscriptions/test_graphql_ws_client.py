"""Acceptance 1: the reference JavaScript client `graphql-ws` (npm) subscribes, receives events
caused by a posted notification and by a mutation (on the zgw backend: through the fake Open
Zaak and the webhook), and completes; a query over the same WebSocket answers once and the
server completes it."""

from __future__ import annotations

import asyncio
import json
import shutil
from typing import Any

import httpx

from gateway.authz.principal import Role
from registries.base import PageRequest, ZaakFilter
from registries.models import Vertrouwelijkheid
from registries.scope import Scope
from tests.subscriptions.conftest import Live
from tests.support.live import WEBHOOK_AUTH, abonnees, bericht, token, wijzig_zaak
from tests.support.tools import node_modules

QUERY = """subscription Dashboard($after: ID) {
  notificaties(after: $after) { id kanaal resource actie hoofdObject zaak { identificatie } }
}"""


class NodeClient:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def line(self, timeout: float = 20.0) -> dict[str, Any]:
        assert self.process.stdout is not None
        raw = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        assert raw, "the node client ended early"
        return dict(json.loads(raw))

    async def until(self, kind: str) -> dict[str, Any]:
        while True:
            found = await self.line()
            if found["type"] == kind:
                return found
            assert found["type"] not in ("error", "done"), found


async def start(live: Live, tok: str, query: str, variables: dict[str, Any], count: int | None):
    js = node_modules()
    process = await asyncio.create_subprocess_exec(
        shutil.which("node") or "node",
        str(js / "subscribe.mjs"),
        live.base.replace("http://", "ws://") + "/graphql",
        tok,
        query,
        json.dumps(variables),
        str(count) if count is not None else "",
        cwd=js,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    return NodeClient(process)


async def test_graphql_ws_client_subscribes_receives_and_completes(live: Live) -> None:
    runtime = live.runtime
    page = await runtime.registries.zaken.zoek_zaken(
        ZaakFilter(identificatie="ZAAK-2026-0000001"), Scope.alles(), PageRequest(limit=1)
    )
    url = page.items[0].url
    tok = token(runtime, Role.BEHANDELAAR, max_vertrouwelijkheid=Vertrouwelijkheid.GEHEIM)
    client = await start(live, tok, QUERY, {}, 2)
    await client.until("connected")
    await abonnees(runtime, 1)
    # 1. a notification posted by a Notificaties API
    async with httpx.AsyncClient(base_url=live.base) as http:
        response = await http.post(
            "/notificaties",
            json=bericht(url, resource="status", actie="create").bericht(),
            headers={"Authorization": WEBHOOK_AUTH},
        )
        assert response.status_code == 204
    # 2. a mutation through the gateway (embedded: the change and its notification in one
    # transaction; zgw: Open Zaak's notification, through the webhook)
    await wijzig_zaak(live.base, tok, url, "Gewijzigd via de gateway")
    first = await client.until("next")
    second = await client.until("next")
    done = await client.until("complete")
    assert done["received"] == 2
    assert (await client.line())["type"] in ("closed", "done")
    assert await asyncio.wait_for(client.process.wait(), 20) == 0
    events = [first["payload"]["data"]["notificaties"], second["payload"]["data"]["notificaties"]]
    assert [e["resource"] for e in events] == ["status", "zaak"]
    assert events[0]["actie"] == "create"
    assert events[1]["actie"] in ("update", "partial_update")
    assert {e["zaak"]["identificatie"] for e in events} == {"ZAAK-2026-0000001"}
    assert int(events[0]["id"]) < int(events[1]["id"])
    await abonnees(runtime, 0)  # the client's complete ended the subscription on the server

    # resuming with `after` replays what came after the first event
    client = await start(live, tok, QUERY, {"after": events[0]["id"]}, 1)
    replayed = await client.until("next")
    assert replayed["payload"]["data"]["notificaties"]["id"] == events[1]["id"]
    assert await asyncio.wait_for(client.process.wait(), 20) == 0


async def test_graphql_ws_client_runs_a_query_and_sees_refusals(live: Live) -> None:
    runtime = live.runtime
    tok = token(runtime, Role.BURGER, bsn="999993653")
    client = await start(
        live, tok, '{ zaak(identificatie: "ZAAK-2026-0000001") { omschrijving } }', {}, None
    )
    result = await client.until("next")
    assert result["payload"]["data"]["zaak"]["omschrijving"]
    await client.until("complete")  # the server completed the one-result operation
    assert await asyncio.wait_for(client.process.wait(), 20) == 0
    client = await start(live, tok, "subscription { notificaties { id } }", {}, None)
    refused = await client.until("error")
    assert refused["error"][0]["extensions"]["code"] == "FORBIDDEN"
    await asyncio.wait_for(client.process.wait(), 20)
