"""Live notifications in tests: serve the app in the test's own event loop, a small
graphql-transport-ws (and graphql-ws) client, tokens, and ways to put events in the log.

The server runs in the test's loop (not in a thread): the runtime's engine and the live
machinery belong to that loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import uvicorn
import websockets
from websockets.asyncio.client import ClientConnection

from gateway.app import create_app
from gateway.authz.principal import Role
from gateway.authz.tokens import dev_issuer, dev_token
from gateway.runtime import Runtime
from registries.models import Notificatie
from registries.sql.engine import schrijf_transactie
from registries.sql.notificaties import voeg_toe
from tests.support.server import free_port

TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"
WEBHOOK_AUTH = "Bearer webhook-test-secret-4f1c"


@contextlib.asynccontextmanager
async def serve_live(runtime: Runtime) -> AsyncIterator[str]:
    """Serve the app for `runtime` on a free port in this loop, live machinery started;
    yields the base URL."""
    app = create_app(runtime=runtime)
    await runtime.live.start(registreer=False)
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        ws_per_message_deflate=False,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await runtime.live.stop()


def token(runtime: Runtime, role: Role, *, ttl: int = 3600, **kwargs: Any) -> str:
    s = runtime.settings
    issuer = dev_issuer(s.dev_secret, s.token_issuer, s.token_audience)
    return dev_token(issuer, role=role, ttl_seconds=ttl, **kwargs)


def bericht(
    hoofd_object: str,
    *,
    kanaal: str = "zaken",
    resource: str = "zaak",
    resource_url: str | None = None,
    actie: str = "partial_update",
    kenmerken: dict[str, str] | None = None,
) -> Notificatie:
    return Notificatie(
        kanaal=kanaal,
        hoofd_object=hoofd_object,
        resource=resource,
        resource_url=resource_url or hoofd_object,
        actie=actie,
        aanmaakdatum=datetime.now(UTC).replace(microsecond=0),
        kenmerken=kenmerken or {},
    )


async def schrijf_events(runtime: Runtime, notificaties: Sequence[Notificatie]) -> list[int]:
    """Append to the event log in a write transaction and tell the store after the commit --
    what a mutation does (a transactional outbox)."""
    async with schrijf_transactie(runtime.store.engine) as conn:
        ids = await voeg_toe(conn, list(notificaties))
    runtime.store.notify_committed(ids)
    return ids


WIJZIG_ZAAK = """mutation($zaak: String!, $omschrijving: String!) {
  wijzigZaak(zaak: $zaak, wijziging: {omschrijving: $omschrijving}) { __typename }
}"""


async def wijzig_zaak(base: str, tok: str, zaak: str, omschrijving: str) -> None:
    """A change through the gateway's own API (a mutation over HTTP): it commits the change and
    its notification in one transaction."""
    import httpx

    async with httpx.AsyncClient(base_url=base) as http:
        response = await http.post(
            "/graphql",
            json={"query": WIJZIG_ZAAK, "variables": {"zaak": zaak, "omschrijving": omschrijving}},
            headers={"Authorization": f"Bearer {tok}"},
        )
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body


async def mutatie(base: str, tok: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """A mutation over HTTP as `tok`; its data (fails on errors)."""
    import httpx

    async with httpx.AsyncClient(base_url=base) as http:
        response = await http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {tok}"},
        )
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    return dict(body["data"])


async def nieuwe_events(runtime: Runtime, na: int, count: int = 1, timeout: float = 10.0) -> int:
    """Wait until the event log holds `count` events after id `na`; the last id. (On the zgw
    backend a mutation's notifications arrive later, through the webhook.)"""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    log = runtime.live.verspreider.log
    while len(await log.lees_na(na)) < count:
        if loop.time() > deadline:
            raise AssertionError(f"{len(await log.lees_na(na))} of {count} events arrived")
        await asyncio.sleep(0.02)
    return await log.laatste_id()


async def abonnees(runtime: Runtime, count: int, timeout: float = 10.0) -> None:
    """Wait until `count` subscriptions are filed in the index (the server handles a subscribe
    message asynchronously; replaying ones join when they have caught up)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while len(runtime.live.verspreider.index) < count:
        if loop.time() > deadline:
            found = len(runtime.live.verspreider.index)
            raise AssertionError(f"{found} of {count} subscriptions registered")
        await asyncio.sleep(0.01)


@dataclass
class Operation:
    id: str
    messages: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)

    async def next(self, timeout: float = 10.0) -> dict[str, Any]:
        """The next message for this operation (next / error / complete)."""
        return await asyncio.wait_for(self.messages.get(), timeout)

    async def events(self, count: int, timeout: float = 15.0) -> list[dict[str, Any]]:
        """The data of `count` next messages (fails on an error or complete before that)."""
        found: list[dict[str, Any]] = []
        deadline = asyncio.get_running_loop().time() + timeout
        while len(found) < count:
            remaining = deadline - asyncio.get_running_loop().time()
            message = await self.next(max(remaining, 0.01))
            assert message["type"] in ("next", "data"), message
            payload = message["payload"]
            assert not payload.get("errors"), payload
            found.append(next(iter(payload["data"].values())))
        return found

    async def quiet(self, seconds: float = 0.5) -> None:
        """Nothing arrives for this operation within `seconds`."""
        with contextlib.suppress(TimeoutError):
            message = await asyncio.wait_for(self.messages.get(), seconds)
            raise AssertionError(f"unexpected message: {message}")


class WsClient:
    """A graphql-transport-ws (or legacy graphql-ws) client for tests."""

    def __init__(self, ws: ClientConnection, protocol: str) -> None:
        self.ws = ws
        self.protocol = protocol
        self.operations: dict[str, Operation] = {}
        self._ids = itertools.count(1)
        self._reader: asyncio.Task[None] | None = None
        self.closed: asyncio.Future[tuple[int | None, str]] = (
            asyncio.get_running_loop().create_future()
        )

    @classmethod
    @contextlib.asynccontextmanager
    async def connect(
        cls,
        base_url: str,
        token: str | None = None,
        *,
        protocol: str = TRANSPORT_WS,
        payload: dict[str, Any] | None = None,
        expect_ack: bool = True,
    ) -> AsyncIterator[WsClient]:
        url = base_url.replace("http://", "ws://") + "/graphql"
        async with websockets.connect(
            url,
            subprotocols=[protocol],
            max_size=None,
            compression=None,  # type: ignore[list-item]
        ) as ws:
            client = cls(ws, protocol)
            init = payload if payload is not None else {}
            if token is not None and payload is None:
                init = {"Authorization": f"Bearer {token}"}
            await ws.send(json.dumps({"type": "connection_init", "payload": init}))
            if expect_ack:
                ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert ack["type"] == "connection_ack", ack
            client._reader = asyncio.create_task(client._read())
            try:
                yield client
            finally:
                client._reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await client._reader

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                assert isinstance(raw, str), "the gateway sends text frames"
                message = json.loads(raw)
                if message.get("type") == "ping":
                    await self.ws.send(json.dumps({"type": "pong"}))
                    continue
                if message.get("type") == "ka":
                    continue
                op = self.operations.get(message.get("id", ""))
                if op is not None:
                    op.messages.put_nowait(message)
        except websockets.ConnectionClosed:
            pass
        finally:
            if not self.closed.done():
                self.closed.set_result((self.ws.close_code, self.ws.close_reason or ""))

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> Operation:
        op = Operation(str(next(self._ids)))
        self.operations[op.id] = op
        kind = "subscribe" if self.protocol == TRANSPORT_WS else "start"
        await self.ws.send(
            json.dumps(
                {
                    "id": op.id,
                    "type": kind,
                    "payload": {"query": query, "variables": variables or {}},
                }
            )
        )
        return op

    async def complete(self, op: Operation) -> None:
        kind = "complete" if self.protocol == TRANSPORT_WS else "stop"
        await self.ws.send(json.dumps({"id": op.id, "type": kind}))
