"""Live notifications wired into the gateway: the subscriptions machinery (`subscriptions`), the
WebSocket connection's authentication, the webhook and the dashboard routes.

- `on_ws_connect`: the token comes in the connection_init payload (`{"Authorization": "Bearer
  <token>"}`, or `{"token": "<token>"}`); the principal is computed once per connection. A bad
  token refuses the connection (graphql-transport-ws: 4403). When the token expires the
  connection is closed with 4403 (by the per-event check, and for idle subscriptions by the
  one expiry sweeper of the process).
- `stroom`: the event stream of one subscription, for the root resolvers.
- routes: `POST /notificaties` (the Notificaties API webhook), `GET /dashboard`.

Where the events come from: the embedded store appends a change's notifications to the event log
in the change's own transaction. Data that a ZGW API owns (Open Zaak, Open Klant) is notified by
that API -- for the gateway's own writes too -- through Open Notificaties to the webhook; the
gateway appends none of its own for it (that would deliver every change twice), so without
`NOTIFICATIES_AUTH` such a set-up has no events about that data: `start` warns.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator
from importlib import resources
from typing import TYPE_CHECKING, Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.types.unset import UNSET, UnsetType

from gateway.authz.audit import Lezer
from gateway.context import OperationContext, RequestContext
from gateway.schema.gecodeerd import gecodeerd_bericht
from gateway.schema.streaming import sluit_verlopen
from gateway.schema.subscriptions import NotificatieEvent, notificatie_event
from subscriptions.abonnee import Filter, Levering
from subscriptions.abonnement import AbonnementConfig, registreer_op_achtergrond
from subscriptions.intake import Intake
from subscriptions.verspreider import Verspreider

if TYPE_CHECKING:
    from gateway.runtime import Runtime

log = logging.getLogger("zgw_gateway.live")


class TextWebSocketAdapter(ASGIWebSocketAdapter):
    """Sends JSON as text frames: browsers hand binary frames to the client as Blobs, which the
    graphql-ws client (and any JSON.parse) cannot read."""

    async def send_json(self, message: Any) -> None:
        text = gecodeerd_bericht(message)  # a payload its group serialised once
        if text is None:
            text = orjson.dumps(message).decode()
        try:
            await self.ws.send_text(text)
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


def _token(params: dict[str, Any]) -> str | None:
    for key in ("Authorization", "authorization"):
        value = params.get(key)
        if isinstance(value, str) and value.strip():
            return value
    token = params.get("token")
    if isinstance(token, str) and token.strip():
        return f"Bearer {token.strip()}"
    return None


class Live:
    def __init__(self, runtime: Runtime) -> None:
        settings = runtime.settings
        store = runtime.store
        self.runtime = runtime
        catalogi = runtime.registries.catalogi
        self.verspreider = Verspreider(
            store.engine,
            runtime.registries,
            store.after_commit,
            wachtrij=settings.subscriber_queue_size,
            bewaar_dagen=settings.event_retention_days,
            poll=settings.event_poll_seconds,
            broker=settings.event_broker,
            database_url=settings.database_url,
            bij_catalogus=catalogi.invalidate,
        )
        self.intake = Intake(
            store.engine,
            store.notify_committed,
            settings.notificaties_auth,
            bij_catalogus=catalogi.invalidate,
        )
        self._registratie: asyncio.Task[str | None] | None = None

    # --- life cycle -------------------------------------------------------------------------

    def zonder_webhook(self) -> str | None:
        """Why subscriptions would miss the changes in the ZGW APIs (None: they will not)."""
        s = self.runtime.settings
        if self.runtime.zgw is None or s.notificaties_auth:
            return None
        return (
            "ZGW APIs are configured but ZGW_GATEWAY_NOTIFICATIES_AUTH is not: POST "
            "/notificaties refuses every notification, and the gateway appends none of its own "
            "for data in a ZGW API (Open Zaak / Open Klant notify, through Open Notificaties), "
            "so subscriptions will receive no events about it -- not even about the gateway's "
            "own mutations. Set NOTIFICATIES_AUTH (and register the abonnement, e.g. with "
            "NOTIFICATIES_API_URL)."
        )

    async def start(self, *, registreer: bool = True) -> None:
        await self.verspreider.start()
        s = self.runtime.settings
        if (reden := self.zonder_webhook()) is not None:
            log.warning(reden)
        if registreer and s.notificaties_api_url and self._registratie is None:
            callback = s.notificaties_callback_url or s.base_url.rstrip("/") + "/notificaties"
            config = AbonnementConfig(
                api_url=s.notificaties_api_url,
                callback_url=callback,
                auth=s.notificaties_auth,
                kanalen=tuple(k.strip() for k in s.notificaties_kanalen.split(",") if k.strip()),
                client_id=s.notificaties_api_client_id,
                secret=s.notificaties_api_secret,
            )
            self._registratie = asyncio.create_task(
                registreer_op_achtergrond(config), name="register-abonnement"
            )

    async def stop(self) -> None:
        if self._registratie is not None:
            self._registratie.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._registratie
            self._registratie = None
        await self.verspreider.stop()

    # --- WebSocket connections --------------------------------------------------------------

    async def on_ws_connect(self, context: RequestContext) -> UnsetType | dict[str, object]:
        params = context.connection_params or {}
        token = _token(params) if isinstance(params, dict) else None
        if token is not None:
            fresh = await self.runtime.authenticate(token, context.request)
            context.principal, context.auth_error = fresh.principal, fresh.auth_error
        if context.auth_error is not None:
            raise ConnectionRejectionError(
                {"code": context.auth_error.code, "message": context.auth_error.message}
            )
        unset: UnsetType = UNSET
        return unset

    # --- subscriptions ----------------------------------------------------------------------

    async def stroom(
        self, ctx: OperationContext, filter: Filter, after: int | None
    ) -> AsyncIterator[NotificatieEvent]:
        abonnee = await self.verspreider.abonnee(
            ctx.scope,
            filter,
            after=after,
            verloopt_op=ctx.principal.expires_at,
            bij_verlopen=functools.partial(sluit_verlopen, ctx.request),
            groep=ctx.groep,
            eigenaar=Lezer(ctx.principal, ctx.operation_name),
        )
        ctx.abonnee = abonnee
        return _events(self.verspreider.stroom(abonnee, after))

    # --- routes -----------------------------------------------------------------------------

    def routes(self) -> list[Route]:
        return [
            Route("/notificaties", self.intake.endpoint, methods=["POST"]),
            Route("/dashboard", dashboard, methods=["GET"]),
            Route("/dashboard.js", dashboard_js, methods=["GET"]),
        ]


async def _events(leveringen: AsyncIterator[Levering]) -> AsyncIterator[NotificatieEvent]:
    try:
        async for levering in leveringen:
            yield notificatie_event(levering)
    finally:
        aclose = getattr(leveringen, "aclose", None)
        if aclose is not None:
            await aclose()


@functools.cache
def _static(name: str) -> bytes:
    return resources.files("gateway").joinpath("static", name).read_bytes()


_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


async def dashboard(request: Request) -> Response:
    return Response(
        _static("dashboard.html"),
        media_type="text/html; charset=utf-8",
        headers={
            **_SECURITY_HEADERS,
            # no inline script, nothing from elsewhere: the page's client is /dashboard.js
            "Content-Security-Policy": "default-src 'none'; script-src 'self'; "
            "style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        },
    )


async def dashboard_js(request: Request) -> Response:
    return Response(
        _static("dashboard.js"),
        media_type="text/javascript; charset=utf-8",
        headers=_SECURITY_HEADERS,
    )
