"""The ASGI application: /graphql (HTTP, GraphiQL, WebSocket), document downloads, health."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL

from gateway.context import RequestContext
from gateway.runtime import Runtime
from gateway.settings import Settings
from registries.sql import health

log = logging.getLogger("zgw_gateway.app")


class GraphQLView(GraphQL[RequestContext, None]):
    def __init__(self, runtime: Runtime) -> None:
        super().__init__(
            runtime.schema,
            graphql_ide="graphiql" if runtime.settings.graphiql else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL),
        )
        self.runtime = runtime

    async def get_context(self, request: Any, response: Any = None) -> RequestContext:
        return await self.runtime.authenticate(request.headers.get("authorization"), request)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)


def _problem(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Starlette:
    settings = settings or (runtime.settings if runtime is not None else Settings.from_env())
    runtime = runtime or Runtime(settings)
    view = GraphQLView(runtime)

    async def download(request: Request) -> Response:
        request_ctx = await runtime.authenticate(request.headers.get("authorization"), request)
        if request_ctx.auth_error is not None:
            return _problem(401, request_ctx.auth_error.code, request_ctx.auth_error.message)
        ctx = await runtime.operation_context(request_ctx, "download")
        url = runtime.registries.documenten.document_url(request.path_params["uuid"])
        document = (await ctx.loaders.document.fetch([url])).get(url)
        inhoud = await runtime.registries.documenten.inhoud(url) if document is not None else None
        if document is None or inhoud is None:
            return _problem(404, "NOT_FOUND", "No such document (or not one you may see).")
        filename = quote(inhoud.bestandsnaam or "document")
        return Response(
            inhoud.data,
            media_type=inhoud.formaat or "application/octet-stream",
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{filename}",
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        problem = await health.check(runtime.store.engine)
        if problem is not None:
            return JSONResponse({"status": "unavailable", "reason": problem}, status_code=503)
        return JSONResponse({"status": "ready"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        problem = await health.check(runtime.store.engine)
        if problem is not None:
            log.error("not ready: %s", problem)
        # everything built at start-up (schema, role views, policies, catalogus) lives as long
        # as the process: keep it out of the collector's full passes, whose pauses otherwise
        # grow with it and show up as latency outliers
        gc.collect()
        gc.freeze()
        yield
        await runtime.close()

    app = Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", view),
            Route("/documenten/{uuid}/inhoud", download, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    return app
