"""The ASGI application: /graphql (HTTP, GraphiQL, WebSocket), document downloads, health."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.types.execution import ExecutionResult
from strawberry.types.unset import UNSET

from gateway.context import RequestContext
from gateway.doorsturen import doorsturen_status
from gateway.graphql_http import antwoord, gewone_post
from gateway.live import TextWebSocketAdapter
from gateway.runtime import Runtime
from gateway.schema.relations import note
from gateway.settings import Settings
from registries.sql import health

log = logging.getLogger("zgw_gateway.app")


class GraphQLView(GraphQL[RequestContext, None]):
    websocket_adapter_class = TextWebSocketAdapter

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
        if response is not None and hasattr(request, "state"):
            request.state.sub_response = response
        context = await self.runtime.authenticate(request.headers.get("authorization"), request)
        # HTTP answers are encoded by `encode_json` (orjson); WebSocket messages by strawberry
        context.json_tekst = isinstance(request, Request)
        return context

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            return await super().run(request, context, root_value)
        finally:
            if isinstance(request, Request):
                # uploads (multipart requests) are spooled to temporary files, which strawberry
                # leaves open: close them once the operation is done
                await request.close()

    async def on_ws_connect(self, context: RequestContext) -> Any:
        """The token in connection_init's payload; the principal is computed once."""
        return await self.runtime.live.on_ws_connect(context)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """The media type and status of the answer (`gateway.graphql_http.antwoord`), set on the
        response strawberry's view makes."""
        body, status, headers = antwoord(request, result)
        sub_response = getattr(request.state, "sub_response", None)
        if sub_response is not None and headers:
            sub_response.headers.update(headers)
            if status != 200:
                sub_response.status_code = status
        return body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """HTTP: the common POST directly (`gateway.graphql_http.gewone_post`), anything else
        through strawberry's view; WebSocket: strawberry's protocol handlers."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        response = None
        if (
            scope["method"] == "POST"
            and self._get_stream_transport_from_headers(request.headers) is None
        ):
            response = await gewone_post(request, self.schema, self.get_context)
        if response is None:
            try:
                response = await self.run(request)
            except HTTPException as e:
                response = PlainTextResponse(e.reason, status_code=e.status_code)
        await response(scope, receive, send)

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        media_type = sub_response.headers.get("content-type", "application/json")
        if "content-type" in sub_response.headers:
            del sub_response.headers["content-type"]
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = media_type
        return response


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
        if document is not None:
            note(ctx, "document", document)
        inhoud = await runtime.registries.documenten.inhoud(url) if document is not None else None
        if document is None or inhoud is None:
            return _problem(404, "NOT_FOUND", "No such document (or not one you may see).")
        await runtime.after_operation(ctx)  # the download is a read of the document: audited
        filename = quote(inhoud.bestandsnaam or "document")
        headers = {
            "Content-Disposition": f"attachment; filename*=UTF-8''{filename}",
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        }
        if inhoud.omvang is not None:
            headers["Content-Length"] = str(inhoud.omvang)
        return StreamingResponse(
            inhoud.stukken(),
            media_type=inhoud.formaat or "application/octet-stream",
            headers=headers,
        )

    async def metrics(request: Request) -> Response:
        text = runtime.metrics.render(runtime.schema.counts)
        return PlainTextResponse(text, media_type="text/plain; version=0.0.4")

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
        runtime.doorsturen.start()  # deliver what earlier runs left in the outbox
        await runtime.live.start()
        # everything built at start-up (schema, role views, policies, catalogus) lives as long
        # as the process: keep it out of the collector's full passes, whose pauses otherwise
        # grow with it (and with WebSocket subscribers) and show up as latency outliers
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
            Route("/metrics", metrics, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/doorsturen", doorsturen_status, methods=["GET"]),
            *runtime.live.routes(),
        ],
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    return app
