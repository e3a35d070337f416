"""Acceptance 5: the Notificaties API webhook (POST /notificaties) -- authentication, validation,
the test message, deduplication -- and what a received notification does (fan-out, catalogus
cache)."""

from __future__ import annotations

import httpx
import pytest

from gateway.authz.principal import Role
from registries.base import PageRequest, ZaakFilter
from registries.scope import Scope
from tests.conftest import cloned_runtime
from tests.subscriptions.conftest import Live
from tests.support.databases import SeededTemplate
from tests.support.live import WEBHOOK_AUTH, WsClient, abonnees, bericht, serve_live, token

ZAAK_1 = "ZAAK-2026-0000001"


async def zaak_url(live: Live, identificatie: str = ZAAK_1) -> str:
    page = await live.runtime.registries.zaken.zoek_zaken(
        ZaakFilter(identificatie=identificatie), Scope.alles(), PageRequest(limit=1)
    )
    return page.items[0].url


def message(url: str, **kwargs: object) -> dict[str, object]:
    body = bericht(url).bericht()
    body.update(kwargs)
    return body


async def post(
    live: Live, body: object, auth: str | None = WEBHOOK_AUTH, raw: bytes | None = None
) -> httpx.Response:
    headers = {"Authorization": auth} if auth is not None else {}
    async with httpx.AsyncClient(base_url=live.base) as client:
        if raw is not None:
            headers["Content-Type"] = "application/json"
            return await client.post("/notificaties", content=raw, headers=headers)
        return await client.post("/notificaties", json=body, headers=headers)


@pytest.mark.parametrize(
    ("auth", "status"),
    [
        (None, 401),
        ("", 401),
        ("Bearer", 401),  # malformed: no credentials
        ("Bearer wrong-secret", 403),
        (WEBHOOK_AUTH + "x", 403),
        (WEBHOOK_AUTH.replace("Bearer", "Token"), 403),
    ],
    ids=["none", "empty", "malformed", "wrong", "longer", "other-scheme"],
)
async def test_unauthenticated_or_wrongly_authenticated_posts_are_refused(
    live: Live, auth: str | None, status: int
) -> None:
    before = await live.runtime.live.verspreider.log.laatste_id()
    response = await post(live, message(await zaak_url(live)), auth=auth)
    assert response.status_code == status, response.text
    assert response.json()["code"] == ("UNAUTHENTICATED" if status == 401 else "FORBIDDEN")
    assert await live.runtime.live.verspreider.log.laatste_id() == before


async def test_malformed_bodies_get_400_with_a_reason(live: Live) -> None:
    url = await zaak_url(live)
    cases: list[tuple[object, bytes | None, set[str]]] = [
        (None, b"{not json", {"body"}),
        ([1, 2], None, {"body"}),
        ({}, None, {"kanaal", "hoofdObject", "resource", "resourceUrl", "actie", "aanmaakdatum"}),
        (message(url, hoofdObject="not-a-url"), None, {"hoofdObject"}),
        (message(url, aanmaakdatum="yesterday"), None, {"aanmaakdatum"}),
        (message(url, kanaal="x" * 51), None, {"kanaal"}),
        (message(url, kenmerken={"zaaktype": 7}), None, {"kenmerken.zaaktype"}),
        (message(url, kenmerken=["a"]), None, {"kenmerken"}),
    ]
    for body, raw, fields in cases:
        response = await post(live, body, raw=raw)
        assert response.status_code == 400, (body, response.text)
        problem = response.json()
        assert problem["code"] == "BAD_USER_INPUT"
        assert problem["message"].startswith("Not a valid Notificaties API message")
        assert {p["name"] for p in problem["invalidParams"]} == fields, problem
        assert all(p["reason"] for p in problem["invalidParams"])


async def test_open_notificaties_test_message_is_accepted_not_delivered(live: Live) -> None:
    before = await live.runtime.live.verspreider.log.laatste_id()
    test_message = {
        "kanaal": "test",
        "hoofdObject": "http://some.hoofdobject.nl/",
        "resource": "some_resource",
        "resourceUrl": "http://some.resource.nl/",
        "actie": "create",
        "aanmaakdatum": "2019-01-01T12:00:00Z",
        "kenmerken": {},
    }
    assert (await post(live, test_message)).status_code == 204
    # without the auth it is refused (Open Notificaties checks that too)
    assert (await post(live, test_message, auth=None)).status_code == 401
    assert await live.runtime.live.verspreider.log.laatste_id() == before


async def test_a_duplicated_notification_is_delivered_once(live: Live) -> None:
    url = await zaak_url(live)
    body = message(url, actie="update", kenmerken={"bronorganisatie": "002220647"})
    async with WsClient.connect(live.base, token(live.runtime, Role.BEHANDELAAR)) as client:
        op = await client.subscribe(
            "subscription { notificaties { id actie hoofdObject kenmerken { naam waarde } } }"
        )
        await abonnees(live.runtime, 1)
        for _ in range(3):  # Open Notificaties delivers at least once
            response = await post(live, body)
            assert response.status_code == 204
            assert response.content == b""
        [event] = await op.events(1)
        assert event["hoofdObject"] == url
        assert event["kenmerken"] == [{"naam": "bronorganisatie", "waarde": "002220647"}]
        await op.quiet(0.7)
    assert live.runtime.live.intake.dubbel == 2


async def test_catalogus_notifications_refresh_the_catalogus_cache(live: Live) -> None:
    intake = live.runtime.live.intake
    calls: list[None] = []
    original = intake.bij_catalogus
    assert original is not None

    def invalidate() -> None:
        calls.append(None)
        original()

    intake.bij_catalogus = invalidate
    catalogi = live.runtime.store.catalogi
    some = next(iter((await catalogi.snapshot()).zaaktypen))
    body = message(some, kanaal="zaaktypen", resource="zaaktype", resourceUrl=some)
    assert (await post(live, body)).status_code == 204
    assert calls == [None]  # the registries' catalogus cache (embedded or ZGW) was refreshed
    if live.runtime.zgw is None:
        assert catalogi.cached() is None


@pytest.mark.usefixtures("alleen_embedded")
async def test_no_configured_auth_refuses_everything(template: SeededTemplate) -> None:
    async with (
        cloned_runtime(template) as runtime,
        serve_live(runtime) as base,
        httpx.AsyncClient(base_url=base) as client,
    ):
        response = await client.post(
            "/notificaties", json={"kanaal": "test"}, headers={"Authorization": "Bearer x"}
        )
    assert response.status_code == 403
    assert "NOTIFICATIES_AUTH" in response.json()["message"]
