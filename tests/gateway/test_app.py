"""The HTTP surface: /graphql (POST, GET, GraphiQL), downloads, health -- and that bad input of
any kind gets a clear error with a code, never a 500."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from gateway.app import create_app
from gateway.authz.principal import Role
from gateway.authz.tokens import dev_issuer, dev_token
from gateway.runtime import Runtime
from registries.sql.seed.demo import JAN, ZOMERFEEST
from tests.conftest import MaakRuntime, behandelaar
from tests.support.graphql import data


@pytest_asyncio.fixture
async def client(demo_runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(runtime=demo_runtime)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
        yield c


def tokens(runtime: Runtime) -> dict[str, str]:
    s = runtime.settings
    issuer = dev_issuer(s.dev_secret, s.token_issuer, s.token_audience)
    return {
        "behandelaar": dev_token(issuer, role=Role.BEHANDELAAR, subject="mdw-0042"),
        "kcc": dev_token(issuer, role=Role.KCC, subject="kcc-007"),
        "burger": dev_token(issuer, role=Role.BURGER, bsn=JAN.bsn),
        "bedrijf": dev_token(issuer, role=Role.BURGER, kvk=ZOMERFEEST.kvk),
    }


async def gql(
    client: httpx.AsyncClient, query: str, token: str | None = None, **variables: Any
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


async def test_graphiql_in_a_browser(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


THREE_VIEWS = """{
  zaak(identificatie: "ZAAK-2026-0000001") {
    identificatie omschrijving startdatum
    status { statustype { statustekst } }
    rollen { omschrijvingGeneriek naam }
  }
}"""


async def test_three_roles_three_views_of_the_same_zaak(
    client: httpx.AsyncClient, demo_runtime: Runtime
) -> None:
    t = tokens(demo_runtime)
    views = {}
    for role in ("behandelaar", "kcc", "burger"):
        response = await gql(client, THREE_VIEWS, t[role])
        assert response.status_code == 200
        body = response.json()
        assert "errors" not in body, body
        views[role] = body["data"]["zaak"]
    assert {r["omschrijvingGeneriek"] for r in views["behandelaar"]["rollen"]} == {
        "INITIATOR",
        "BEHANDELAAR",
    }
    assert views["burger"]["rollen"] == [
        {"omschrijvingGeneriek": "INITIATOR", "naam": "Jan de Vries"}
    ]
    # the KCC may not read the statustekst meant for the burger's portal? it may: but not toelichting
    response = await gql(
        client, '{ zaak(identificatie: "ZAAK-2026-0000001") { toelichting } }', t["burger"]
    )
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {
        "code": "FORBIDDEN",
        "field": "Zaak.toelichting",
        "role": "burger",
    }
    kcc = (
        await gql(client, '{ zaak(identificatie: "ZAAK-2026-0000001") { toelichting } }', t["kcc"])
    ).json()
    assert kcc["data"]["zaak"]["toelichting"].startswith("Tweede auto")


async def test_get_queries(client: httpx.AsyncClient, demo_runtime: Runtime) -> None:
    response = await client.get(
        "/graphql",
        params={"query": "{ zaaktypen { identificatie } }"},
        headers={"Authorization": f"Bearer {tokens(demo_runtime)['kcc']}"},
    )
    assert response.status_code == 200
    assert response.json()["data"]["zaaktypen"]


async def test_download_with_the_same_authorisation(
    client: httpx.AsyncClient, demo_runtime: Runtime
) -> None:
    t = tokens(demo_runtime)
    found = await data(
        demo_runtime,
        """{ mine: zaak(identificatie: "ZAAK-2026-0000001") { documenten { titel inhoud } }
             theirs: zaak(identificatie: "ZAAK-2026-0000006") { documenten { inhoud } } }""",
        principal=behandelaar(),
    )
    mine = {d["titel"]: d["inhoud"] for d in found["mine"]["documenten"]}
    path = httpx.URL(mine["Kentekenbewijs"]).path
    ok = await client.get(path, headers={"Authorization": f"Bearer {t['burger']}"})
    assert ok.status_code == 200
    assert ok.headers["content-type"] == "image/png"
    assert ok.headers["content-disposition"] == "attachment; filename*=UTF-8''kentekenbewijs.png"
    assert ok.content.startswith(b"\x89PNG")
    # beperkt openbaar: the burger may not see it, so may not download it
    hidden = httpx.URL(mine["Ontvangstbevestiging"]).path
    assert (
        await client.get(hidden, headers={"Authorization": f"Bearer {t['burger']}"})
    ).status_code == 404
    theirs = httpx.URL(found["theirs"]["documenten"][0]["inhoud"]).path
    assert (
        await client.get(theirs, headers={"Authorization": f"Bearer {t['burger']}"})
    ).status_code == 404
    assert (
        await client.get(theirs, headers={"Authorization": f"Bearer {t['kcc']}"})
    ).status_code == 200
    assert (await client.get(theirs)).status_code == 404
    bad = await client.get(theirs, headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401
    assert bad.json()["code"] == "UNAUTHENTICATED"
    assert (await client.get("/documenten/not-a-uuid/inhoud")).status_code == 404


async def test_health(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text


ERROR_CASES: list[tuple[str, str, dict[str, Any], str]] = [
    (
        "unknown zaak url",
        "query($u: String) { zaak(url: $u) { url } }",
        {"u": "http://gateway.test/zaken/api/v1/zaken/00000000-0000-4000-8000-000000000000"},
        "NOT_FOUND",
    ),
    (
        "foreign zaak url",
        "query($u: String) { zaak(url: $u) { url } }",
        {"u": "https://elders.example/zaken/api/v1/zaken/1"},
        "NOT_FOUND",
    ),
    (
        "unknown identificatie",
        '{ zaak(identificatie: "ZAAK-1900-0000001") { url } }',
        {},
        "NOT_FOUND",
    ),
    (
        "unknown document",
        '{ document(url: "http://gateway.test/documenten/x") { url } }',
        {},
        "NOT_FOUND",
    ),
    ("unknown klantcontact", '{ klantcontact(url: "x") { url } }', {}, "NOT_FOUND"),
    ("zaak without arguments", "{ zaak { url } }", {}, "BAD_USER_INPUT"),
    ("bad BSN", '{ zaken(filter: {bsn: "123456789"}) { totalCount } }', {}, "BAD_USER_INPUT"),
    ("bad KvK", '{ zaken(filter: {kvk: "12ab"}) { totalCount } }', {}, "BAD_USER_INPUT"),
    (
        "reversed dates",
        '{ zaken(filter: {startdatumVanaf: "2026-12-01", startdatumTotEnMet: "2026-01-01"}) { totalCount } }',
        {},
        "BAD_USER_INPUT",
    ),
    (
        "not a date",
        '{ zaken(filter: {startdatumVanaf: "gisteren"}) { totalCount } }',
        {},
        "GRAPHQL_VALIDATION_FAILED",
    ),
    (
        "not a date in a variable",
        "query($d: Date) { zaken(filter: {startdatumVanaf: $d}) { totalCount } }",
        {"d": "gisteren"},
        "BAD_USER_INPUT",
    ),
    (
        "zaaktype not a URL",
        '{ zaken(filter: {zaaktype: ["PARKEERVERGUNNING"]}) { totalCount } }',
        {},
        "BAD_USER_INPUT",
    ),
    ("bad cursor", '{ zaken(after: "bogus") { totalCount } }', {}, "BAD_USER_INPUT"),
    ("forged cursor", '{ zaken(after: "djE6LTU") { totalCount } }', {}, "BAD_USER_INPUT"),
    ("oversize first", "{ zaken(first: 1000) { totalCount } }", {}, "BAD_USER_INPUT"),
    ("negative first", "{ documenten(first: -1) { totalCount } }", {}, "BAD_USER_INPUT"),
    ("syntax error", "{ zaken(first: ) }", {}, "GRAPHQL_PARSE_FAILED"),
    ("unknown field", "{ zaken { onbekend } }", {}, "GRAPHQL_VALIDATION_FAILED"),
    (
        "too deep",
        "{ zaken { nodes { hoofdzaak { hoofdzaak { hoofdzaak { hoofdzaak { hoofdzaak { hoofdzaak { hoofdzaak { hoofdzaak { hoofdzaak { hoofdzaak { url } } } } } } } } } } } } }",
        {},
        "BAD_USER_INPUT",
    ),
    (
        "wrong variable type",
        "query($f: Int) { zaken(first: $f) { totalCount } }",
        {"f": "tien"},
        "BAD_USER_INPUT",
    ),
]


@pytest.mark.parametrize(
    ("case", "query", "variables", "code"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES]
)
async def test_bad_input_gets_a_clear_error(
    client: httpx.AsyncClient,
    demo_runtime: Runtime,
    case: str,
    query: str,
    variables: dict[str, Any],
    code: str,
) -> None:
    response = await gql(client, query, tokens(demo_runtime)["behandelaar"], **variables)
    assert response.status_code in (200, 400), response.text
    body = response.json()
    assert body["errors"], body
    assert {e["extensions"]["code"] for e in body["errors"]} == {code}, body
    assert all(e["message"] for e in body["errors"])
    assert "Traceback" not in response.text


async def test_a_query_that_is_too_long(client: httpx.AsyncClient, demo_runtime: Runtime) -> None:
    query = "{ zaaktypen { url } }" + " " * demo_runtime.settings.max_query_length
    body = (await gql(client, query, tokens(demo_runtime)["kcc"])).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("content", "content_type"),
    [("{not json", "application/json"), ("", "application/json"), ("query=1", "text/plain")],
)
async def test_unparseable_requests_are_refused_not_crashed(
    client: httpx.AsyncClient, content: str, content_type: str
) -> None:
    response = await client.post(
        "/graphql", content=content, headers={"Content-Type": content_type}
    )
    assert 400 <= response.status_code < 500


async def test_an_internal_error_reveals_nothing(maak_runtime: MaakRuntime) -> None:
    async with maak_runtime() as runtime:

        async def broken(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("secret detail: password=hunter2")

        runtime.registries.zaken.get_statussen = broken  # type: ignore[method-assign]
        result = await runtime.execute(
            '{ zaak(identificatie: "ZAAK-2026-0000001") { identificatie status { url } } }',
            principal=behandelaar(),
        )
        errors = [e.formatted for e in result.errors or ()]
        assert result.data == {"zaak": {"identificatie": "ZAAK-2026-0000001", "status": None}}
        assert [e["extensions"]["code"] for e in errors] == ["INTERNAL"]
        assert "hunter2" not in str(errors)
        assert errors[0]["extensions"]["reference"]


GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.mark.parametrize(
    ("query", "token", "status"),
    [
        ("{ zaaktypen { url } }", None, 200),
        ("{ zaaktypen { ", None, 400),  # parse error
        ("{ onbekend }", None, 400),  # validation error
        ("{ zaaktypen { url } }", "bad", 401),  # a token that fails
    ],
)
async def test_graphql_over_http_media_type(
    client: httpx.AsyncClient, query: str, token: str | None, status: int
) -> None:
    headers = {"Accept": GRAPHQL_RESPONSE, "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = await client.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    body = response.json()
    if status == 200:
        assert body["data"]["zaaktypen"]
    else:
        assert "data" not in body  # it never reached execution
        assert body["errors"]
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    classic = await client.post(
        "/graphql", json={"query": query}, headers={**headers, "Accept": "application/json"}
    )
    assert classic.status_code == 200
    assert classic.headers["content-type"].startswith("application/json")


async def test_metrics(client: httpx.AsyncClient, demo_runtime: Runtime) -> None:
    await gql(client, "{ zaaktypen { url } }")
    await gql(client, "{ zaken { totalCount } }")  # UNAUTHENTICATED without a token
    response = await client.get("/metrics")
    assert response.status_code == 200
    text = response.text
    assert 'zgw_gateway_operations_total{type="query",outcome="ok"}' in text
    assert 'zgw_gateway_errors_total{code="UNAUTHENTICATED"}' in text
    assert 'zgw_gateway_executions_total{path="plan"}' in text
    assert 'zgw_gateway_operation_seconds_bucket{type="query",le="+Inf"}' in text
    assert "zgw_gateway_audit_queue " in text
