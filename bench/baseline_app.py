"""The baseline as a plain HTTP endpoint: a bench-only starlette app, served like the gateway
(uvicorn, one worker, log level warning).

POST /{scenario} with the same JSON body as the GraphQL request ({"query", "variables"}; the query
is ignored) and the same Authorization header: the token is verified (HS256, iss/aud/exp) as any
real endpoint must, then the scenario's hand-written SQL answers. GET /ping is the trivial
endpoint for the load generator's ceiling. POST /dien_aanvraag_in takes the write scenario's
GraphQL multipart request as is (operations, map, the file part) and does the inserts in plain
SQL (`bench.baseline_write`); its write connection is opened on the first such request.
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
from bench.baseline_write import (
    PgSchrijver,
    SqliteSchrijver,
    dien_aanvraag_in,
    lees_catalogus,
    open_schrijver,
    zorg_voor_teller,
)
from bench.baseline_write_rows import Aanvraag, Catalogus

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

    schrijven: dict[str, tuple[SqliteSchrijver | PgSchrijver, dict[str, Catalogus]]] = {}

    async def aanvraag(request: Request) -> Response:
        claims = claims_of(request)
        if claims is None or not claims.get("bsn"):  # a burger token
            return Response(b'{"error": "unauthenticated"}', 401)
        if "db" not in schrijven:
            db = await open_schrijver(database_url)
            await zorg_voor_teller(db)
            schrijven["db"] = (db, {})
        db, catalogi = schrijven["db"]
        async with request.form() as form:
            a = orjson.loads(str(form["operations"]))["variables"]["aanvraag"]
            upload: Any = form["0"]
            zaaktype = a["zaaktype"]
            if zaaktype not in catalogi:
                catalogi[zaaktype] = await lees_catalogus(db, zaaktype)
            data, _ = await dien_aanvraag_in(
                db,
                catalogi[zaaktype],
                base_url,
                Aanvraag(
                    bsn=str(claims["bsn"]),
                    sleutel=a["idempotentieSleutel"],
                    gegevens=a["gegevens"],
                    omschrijving=a.get("omschrijving"),
                    kanaal=a.get("kanaal") or "webformulier",
                    bijlage_naam=upload.filename or "document",
                    bijlage_type=upload.content_type or "application/octet-stream",
                    bijlage=await upload.read(),
                ),
            )
        return Response(data, media_type="application/json")

    async def ping(request: Request) -> Response:
        return Response(b"ok", media_type="text/plain")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        db = await open_db(database_url)
        state["baseline"] = Baseline(db, base_url)
        yield
        await db.close()
        if "db" in schrijven:
            await schrijven["db"][0].close()

    return Starlette(
        routes=[
            Route("/ping", ping, methods=["GET"]),
            Route("/dien_aanvraag_in", aanvraag, methods=["POST"]),
            Route("/{scenario}", answer, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
