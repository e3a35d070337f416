"""Registering the gateway's own abonnement at a Notificaties API on start-up, against a small
fake that behaves as Open Notificaties does: it checks a new abonnement's callback by posting
its test message with the abonnement's auth, and refuses the abonnement unless that gets 204."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from subscriptions.abonnement import AbonnementConfig, registreer
from tests.conftest import cloned_runtime
from tests.support.databases import SeededTemplate
from tests.support.live import WEBHOOK_AUTH, serve_live
from tests.support.server import free_port

TEST_MESSAGE = {
    "kanaal": "test",
    "hoofdObject": "http://some.hoofdobject.nl/",
    "resource": "some_resource",
    "resourceUrl": "http://some.resource.nl/",
    "actie": "create",
    "aanmaakdatum": "2019-01-01T12:00:00Z",
    "kenmerken": {},
}

# the abonnement is about the webhook, not the registries
pytestmark = pytest.mark.usefixtures("alleen_embedded")


class FakeNotificatiesApi:
    def __init__(self) -> None:
        self.abonnementen: dict[str, dict[str, Any]] = {}
        self.authorizations: list[str | None] = []
        self.base = ""

    def app(self) -> Starlette:
        async def lijst(request: Request) -> Response:
            self.authorizations.append(request.headers.get("authorization"))
            return JSONResponse(list(self.abonnementen.values()))

        async def maak(request: Request) -> Response:
            body = await request.json()
            async with httpx.AsyncClient() as http:
                check = await http.post(
                    body["callbackUrl"], json=TEST_MESSAGE, headers={"Authorization": body["auth"]}
                )
            if check.status_code != 204:
                return JSONResponse({"detail": "callback refused the test message"}, 400)
            url = f"{self.base}/abonnement/{uuid.uuid4()}"
            self.abonnementen[url] = {**body, "url": url}
            return JSONResponse(self.abonnementen[url], 201)

        async def wijzig(request: Request) -> Response:
            url = f"{self.base}/abonnement/{request.path_params['uuid']}"
            self.abonnementen[url] = {**(await request.json()), "url": url}
            return JSONResponse(self.abonnementen[url])

        return Starlette(
            routes=[
                Route("/abonnement", lijst, methods=["GET"]),
                Route("/abonnement", maak, methods=["POST"]),
                Route("/abonnement/{uuid}", wijzig, methods=["PUT"]),
            ]
        )


@contextlib.asynccontextmanager
async def fake_api() -> AsyncIterator[FakeNotificatiesApi]:
    fake = FakeNotificatiesApi()
    port = free_port()
    fake.base = f"http://127.0.0.1:{port}"
    server = uvicorn.Server(
        uvicorn.Config(fake.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        yield fake
    finally:
        server.should_exit = True
        await task


async def test_the_abonnement_is_registered_once_and_kept_current(
    template: SeededTemplate,
) -> None:
    async with (
        fake_api() as fake,
        cloned_runtime(template, notificaties_auth=WEBHOOK_AUTH) as runtime,
        serve_live(runtime) as base,
        httpx.AsyncClient() as http,
    ):
        config = AbonnementConfig(
            api_url=fake.base,
            callback_url=base + "/notificaties",
            auth=WEBHOOK_AUTH,
            kanalen=("zaken", "zaaktypen"),
            client_id="zgw-gateway",
            secret="notificaties-client-secret-0123456789",
        )
        first = await registreer(config, http)
        assert list(fake.abonnementen) == [first]
        registered = fake.abonnementen[first]
        assert registered["auth"] == WEBHOOK_AUTH
        assert registered["kanalen"] == [
            {"naam": "zaken", "filters": {}},
            {"naam": "zaaktypen", "filters": {}},
        ]
        assert all(a and a.startswith("Bearer ey") for a in fake.authorizations)  # a ZGW JWT
        # once more: the same abonnement, not a second one
        assert await registreer(config, http) == first
        assert len(fake.abonnementen) == 1
        # other kanalen: the abonnement is updated
        changed = dataclasses.replace(config, kanalen=("zaken",))
        assert await registreer(changed, http) == first
        assert [k["naam"] for k in fake.abonnementen[first]["kanalen"]] == ["zaken"]


async def test_the_gateway_registers_in_the_background_on_start(template: SeededTemplate) -> None:
    async with fake_api() as fake:
        port = free_port()
        async with cloned_runtime(
            template,
            notificaties_auth=WEBHOOK_AUTH,
            notificaties_api_url=fake.base,
            notificaties_callback_url=f"http://127.0.0.1:{port}/notificaties",
        ) as runtime:
            from gateway.app import create_app

            app = create_app(runtime=runtime)
            server = uvicorn.Server(
                uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
            )
            task = asyncio.create_task(server.serve())  # with the lifespan: starts the live part
            try:
                for _ in range(500):
                    if fake.abonnementen:
                        break
                    await asyncio.sleep(0.02)
                [abonnement] = fake.abonnementen.values()
                assert abonnement["callbackUrl"] == f"http://127.0.0.1:{port}/notificaties"
            finally:
                server.should_exit = True
                await task
