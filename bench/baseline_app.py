"""The baseline as a plain HTTP endpoint: a bench-only starlette app, served like the gateway
(uvicorn, one worker, log level warning).

POST /{scenario} with the same JSON body as the GraphQL request ({"query", "variables"}; the query
is ignored) and the same Authorization header: the token is verified (HS256, iss/aud/exp) as any
real endpoint must, then the scenario's hand-written SQL answers. GET /ping is the trivial
endpoint for the load generator's ceiling.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from typing import Any

import orjson
from joserfc import jwt
from joserfc.jwk import OctKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.baseline import Baseline
from bench.baseline_db import open_db

SCENARIOS = ("mijn_zaken", "kcc_zoek_bsn", "zaak_detail", "werkvoorraad")


def create_app() -> Starlette:
    database_url = os.environ["BENCH_DATABASE_URL"]
    base_url = os.environ["BENCH_BASE_URL"]
    key = OctKey.import_key(os.environ["BENCH_DEV_SECRET"])
    registry = jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": os.environ["BENCH_TOKEN_ISSUER"]},
        aud={"essential": True, "value": os.environ["BENCH_TOKEN_AUDIENCE"]},
        exp={"essential": True},
    )
    state: dict[str, Baseline] = {}

    def claims_of(request: Request) -> dict[str, Any] | None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            return None
        try:
            token = jwt.decode(header[7:], key, algorithms=["HS256"])
            registry.validate(token.claims)
        except Exception:
            return None
        claims: dict[str, Any] = token.claims
        return claims

    async def answer(request: Request) -> Response:
        name = request.path_params["scenario"]
        if name not in SCENARIOS:
            return Response(b'{"error": "no such scenario"}', 404)
        claims = claims_of(request)
        if claims is None:
            return Response(b'{"error": "unauthenticated"}', 401)
        body = orjson.loads(await request.body())
        fn = getattr(state["baseline"], name)
        data: bytes = await fn({"bsn": claims.get("bsn")}, body.get("variables") or {})
        return Response(data, media_type="application/json")

    async def ping(request: Request) -> Response:
        return Response(b"ok", media_type="text/plain")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        db = await open_db(database_url)
        state["baseline"] = Baseline(db, base_url)
        yield
        await db.close()

    return Starlette(
        routes=[
            Route("/ping", ping, methods=["GET"]),
            Route("/{scenario}", answer, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
