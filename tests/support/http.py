"""GraphQL over HTTP in tests: the app on httpx's ASGI transport, dev tokens per role, JSON and
multipart (GraphQL multipart request spec) requests."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx

from gateway.app import create_app
from gateway.authz.principal import Role
from gateway.authz.tokens import dev_issuer, dev_token
from gateway.runtime import Runtime
from registries.sql.seed.demo import FATIMA, JAN


def tokens(runtime: Runtime) -> dict[str, str]:
    s = runtime.settings
    issuer = dev_issuer(s.dev_secret, s.token_issuer, s.token_audience)
    return {
        "behandelaar": dev_token(
            issuer, role=Role.BEHANDELAAR, subject="mdw-0042", naam="A. Jansen"
        ),
        "kcc": dev_token(issuer, role=Role.KCC, subject="kcc-007"),
        "burger": dev_token(issuer, role=Role.BURGER, bsn=JAN.bsn, naam="Jan de Vries"),
        "andere_burger": dev_token(issuer, role=Role.BURGER, bsn=FATIMA.bsn),
    }


@contextlib.asynccontextmanager
async def http_client(runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(runtime=runtime))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        yield client


def _auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


async def gql(
    client: httpx.AsyncClient, query: str, token: str | None, **variables: Any
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=_auth(token)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def gql_multipart(
    client: httpx.AsyncClient,
    query: str,
    token: str | None,
    variables: dict[str, Any],
    files: dict[str, tuple[str, tuple[str, bytes, str]]],
) -> dict[str, Any]:
    """A GraphQL multipart request: `files` maps a variable path (e.g. "a.bijlagen.0") to
    (part name, (filename, content, media type)); the variable itself must hold null there."""
    operations = {"query": query, "variables": variables}
    mapping = {part: [f"variables.{path}"] for path, (part, _) in files.items()}
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(mapping)},
        files={part: upload for part, upload in files.values()},
        headers=_auth(token),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
