"""The common POST answered directly (`gateway.graphql_http.gewone_post`) gives the same answer
as strawberry's view: body, status and headers, for every kind of request -- and the ones it
does not take still reach strawberry's view."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from gateway.app import create_app
from gateway.graphql_http import gewone_post
from gateway.runtime import Runtime
from tests.gateway.test_app import tokens

GRAPHQL_RESPONSE = "application/graphql-response+json"
ZAAK = "query Z($id: String!) { zaak(identificatie: $id) { identificatie omschrijving } }"


@pytest_asyncio.fixture
async def client(demo_runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(runtime=demo_runtime))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
        yield c


def _cases(tok: dict[str, str]) -> list[tuple[str, dict[str, str], bytes]]:
    """(name, headers, body) of requests the direct path takes or hands on."""
    json = {"Content-Type": "application/json"}
    bearer = {**json, "Authorization": f"Bearer {tok['behandelaar']}"}
    burger = {**json, "Authorization": f"Bearer {tok['burger']}"}
    gr = {"Accept": GRAPHQL_RESPONSE}
    zaak = b'{"query": "%s", "variables": {"id": "ZAAK-2026-0000001"}}' % ZAAK.encode()
    return [
        ("query", bearer, zaak),
        ("query, graphql-response", {**bearer, **gr}, zaak),
        ("a zaak the burger may not see", burger, zaak),
        ("no token", json, zaak),
        ("bad token, graphql-response", {**json, **gr, "Authorization": "Bearer x"}, zaak),
        ("parse error", {**bearer, **gr}, b'{"query": "{ zaak("}'),
        ("validation error", bearer, b'{"query": "{ onbekend }"}'),
        (
            "variable coercion",
            {**bearer, **gr},
            b'{"query": "%s", "variables": {}}' % ZAAK.encode(),
        ),
        (
            "operationName",
            bearer,
            b'{"query": "query A { __typename } query B { zaaktypen { url } }", "operationName": "B"}',
        ),
        (
            "unknown operationName",
            bearer,
            b'{"query": "query A { __typename }", "operationName": "C"}',
        ),
        (
            "nulls",
            bearer,
            b'{"query": "{ __typename }", "variables": null, "operationName": null, "extensions": null}',
        ),
        ("extensions", bearer, b'{"query": "{ __typename }", "extensions": {"x": 1}}'),
        (
            "charset",
            {**bearer, "Content-Type": "application/json; charset=utf-8"},
            b'{"query": "{ __typename }"}',
        ),
        ("subscription over POST", bearer, b'{"query": "subscription { notificaties { id } }"}'),
        ("empty query", bearer, b'{"query": ""}'),
        ("no query", bearer, b"{}"),
        ("query not a string", bearer, b'{"query": 1}'),
        ("variables not an object", bearer, b'{"query": "{ __typename }", "variables": "x"}'),
        ("a batch", bearer, b'[{"query": "{ __typename }"}]'),
        ("not JSON", bearer, b"{"),
        (
            "NaN (json.loads reads it, orjson not)",
            bearer,
            b'{"query": "{ __typename }", "variables": {"x": NaN}}',
        ),
        (
            "other content type",
            {**bearer, "Content-Type": "text/plain"},
            b'{"query": "{ __typename }"}',
        ),
        ("a mutation", bearer, b'{"query": "mutation { __typename }"}'),
    ]


async def _ask(client: httpx.AsyncClient, headers: dict[str, str], body: bytes) -> tuple[Any, ...]:
    r = await client.post("/graphql", content=body, headers=headers)
    keep = ("content-type", "www-authenticate")
    return r.status_code, {k: r.headers.get(k) for k in keep}, r.content


async def test_the_same_answer_both_ways(
    client: httpx.AsyncClient, demo_runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = _cases(tokens(demo_runtime))
    direct = [await _ask(client, h, b) for _, h, b in cases]
    taken: list[str] = []

    async def spy(*args: Any) -> Any:
        response = await gewone_post(*args)
        taken.append("direct" if response is not None else "view")
        return response

    monkeypatch.setattr("gateway.app.gewone_post", spy)
    for name, h, b in cases:
        await _ask(client, h, b)
        assert taken, name
    monkeypatch.setattr("gateway.app.gewone_post", _nooit)
    via_view = [await _ask(client, h, b) for _, h, b in cases]
    for (name, _, _), d, v in zip(cases, direct, via_view, strict=True):
        assert d == v, name
        assert b'"INTERNAL"' not in d[2], (name, d)  # every refusal is a clear one
    subscription = direct[[c[0] for c in cases].index("subscription over POST")]
    assert b'"BAD_USER_INPUT"' in subscription[2] and b"streaming transport" in subscription[2]
    # the common requests did take the direct path; the rest did not
    direct_names = {name for (name, _, _), t in zip(cases, taken, strict=True) if t == "direct"}
    assert {
        "query",
        "no token",
        "parse error",
        "validation error",
        "charset",
        "a mutation",
    } <= direct_names
    assert not direct_names & {
        "a batch",
        "not JSON",
        "no query",
        "subscription over POST",
        "other content type",
    }


async def _nooit(*args: Any) -> None:
    return None
