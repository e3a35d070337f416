"""Intake of notifications from a Notificaties API (Open Notificaties): `POST /notificaties`.

- Authentication: the request must carry the Authorization header value configured for the
  gateway's abonnement (`auth` of the abonnement), compared in constant time: 401 without the
  header or with a malformed one, 403 with a wrong one.
- Validation: the Notificaties API `Message` (kanaal, hoofdObject, resource, resourceUrl, actie,
  aanmaakdatum required; kenmerken a map of strings); 400 with the reason per field otherwise
  (in the ZGW `invalidParams` style).
- The test message Open Notificaties posts when an abonnement is created (`"kanaal": "test"`) is
  answered 204 and not stored.
- Deduplication: Open Notificaties delivers at least once (and retries for about a day); a
  message already in the event log is acknowledged and not stored again.
- Answer: 204 as soon as the message is committed to the event log; fan-out happens after.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from registries.models import Notificatie
from registries.sql.engine import schrijf_transactie
from registries.sql.notificaties import voeg_toe
from subscriptions.doelgroep import CATALOGUS_KANALEN

log = logging.getLogger("zgw_gateway.subscriptions.intake")

#: the kanaal of the message Open Notificaties sends to check a new abonnement's callback
TEST_KANAAL = "test"
BRON = "notificaties-api"
MAX_BODY = 64 * 1024
_AUTH_SHAPE = re.compile(r"^\S+ \S.*$")


class OngeldigBericht(ValueError):
    def __init__(self, fouten: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{f['name']}: {f['reason']}" for f in fouten))
        self.fouten = fouten


def geldige_auth_vorm(value: str) -> bool:
    """`<scheme> <credentials>`, as an abonnement's auth is (e.g. `Bearer abc...`)."""
    return bool(_AUTH_SHAPE.match(value)) and len(value) <= 4096


def _text(raw: dict[str, Any], name: str, max_length: int, fouten: list[dict[str, str]]) -> str:
    value = raw.get(name)
    if value is None:
        fouten.append({"name": name, "code": "required", "reason": "is required"})
        return ""
    if not isinstance(value, str) or not value.strip():
        fouten.append({"name": name, "code": "invalid", "reason": "must be a non-empty string"})
        return ""
    if len(value) > max_length:
        fouten.append(
            {"name": name, "code": "max_length", "reason": f"is longer than {max_length}"}
        )
    return value


def _uri(raw: dict[str, Any], name: str, fouten: list[dict[str, str]]) -> str:
    value = _text(raw, name, 1000, fouten)
    if value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            fouten.append({"name": name, "code": "invalid", "reason": "must be an http(s) URL"})
    return value


def _datum(raw: dict[str, Any], fouten: list[dict[str, str]]) -> datetime:
    value = raw.get("aanmaakdatum")
    if value is None:
        fouten.append({"name": "aanmaakdatum", "code": "required", "reason": "is required"})
        return datetime.now(UTC)
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        fouten.append(
            {
                "name": "aanmaakdatum",
                "code": "invalid",
                "reason": "must be an ISO 8601 date-time, e.g. 2026-03-27T10:59:13Z",
            }
        )
        return datetime.now(UTC)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def lees_bericht(body: bytes) -> Notificatie:
    """The Notificaties API message in `body`; raises `OngeldigBericht` with every problem."""
    try:
        raw = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise OngeldigBericht(
            [{"name": "body", "code": "parse_error", "reason": "is not valid JSON"}]
        ) from None
    if not isinstance(raw, dict):
        raise OngeldigBericht(
            [{"name": "body", "code": "invalid", "reason": "must be a JSON object (a Message)"}]
        )
    fouten: list[dict[str, str]] = []
    kanaal = _text(raw, "kanaal", 50, fouten)
    hoofd_object = _uri(raw, "hoofdObject", fouten)
    resource = _text(raw, "resource", 100, fouten)
    resource_url = _uri(raw, "resourceUrl", fouten)
    actie = _text(raw, "actie", 100, fouten)
    aanmaakdatum = _datum(raw, fouten)
    kenmerken_raw = raw.get("kenmerken", {})
    kenmerken: dict[str, str] = {}
    if kenmerken_raw is None:
        kenmerken_raw = {}
    if not isinstance(kenmerken_raw, dict):
        fouten.append(
            {"name": "kenmerken", "code": "invalid", "reason": "must be an object of strings"}
        )
    else:
        for key, value in kenmerken_raw.items():
            if not isinstance(value, str):
                fouten.append(
                    {"name": f"kenmerken.{key}", "code": "invalid", "reason": "must be a string"}
                )
            else:
                kenmerken[str(key)] = value
    if fouten:
        raise OngeldigBericht(fouten)
    return Notificatie(
        kanaal=kanaal,
        hoofd_object=hoofd_object,
        resource=resource,
        resource_url=resource_url,
        actie=actie,
        aanmaakdatum=aanmaakdatum,
        kenmerken=kenmerken,
    )


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).digest()


def _problem(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, **extra}, status_code=status)


class Intake:
    def __init__(
        self,
        engine: AsyncEngine,
        notify_committed: Callable[[Sequence[int]], None],
        auth: str,
        *,
        bij_catalogus: Callable[[], None] | None = None,
    ) -> None:
        self.engine = engine
        self.notify_committed = notify_committed
        self._auth_digest = _digest(auth) if auth else None
        self.bij_catalogus = bij_catalogus
        # counters, for /metrics and the tests
        self.ontvangen = 0
        self.dubbel = 0

    def weigering(self, authorization: str | None) -> Response | None:
        """The refusal for this Authorization header value, or None when it is the right one."""
        if self._auth_digest is None:
            return _problem(
                403,
                "FORBIDDEN",
                "This gateway accepts no notifications: no abonnement auth is configured "
                "(ZGW_GATEWAY_NOTIFICATIES_AUTH).",
            )
        if authorization is None or not geldige_auth_vorm(authorization.strip()):
            return _problem(
                401,
                "UNAUTHENTICATED",
                "Send the abonnement's Authorization header ('Authorization: <scheme> <value>').",
            )
        if not hmac.compare_digest(_digest(authorization.strip()), self._auth_digest):
            return _problem(403, "FORBIDDEN", "The Authorization header is not this abonnement's.")
        return None

    async def ontvang(self, notificatie: Notificatie) -> int | None:
        """Store a received message (once); returns its event id, or None for a repeat."""
        async with schrijf_transactie(self.engine) as conn:
            ids = await voeg_toe(conn, [notificatie], bron=BRON, ontdubbel=True)
        if notificatie.kanaal in CATALOGUS_KANALEN and self.bij_catalogus is not None:
            self.bij_catalogus()
        if not ids:
            self.dubbel += 1
            return None
        self.ontvangen += 1
        self.notify_committed(ids)
        return ids[0]

    async def endpoint(self, request: Request) -> Response:
        refusal = self.weigering(request.headers.get("authorization"))
        if refusal is not None:
            return refusal
        body = await request.body()
        if len(body) > MAX_BODY:
            return _problem(413, "BAD_USER_INPUT", f"The message is larger than {MAX_BODY} bytes.")
        if _is_test(body):
            return Response(status_code=204)
        try:
            notificatie = lees_bericht(body)
        except OngeldigBericht as error:
            return _problem(
                400,
                "BAD_USER_INPUT",
                f"Not a valid Notificaties API message: {error}",
                invalidParams=error.fouten,
            )
        try:
            await self.ontvang(notificatie)
        except Exception:
            log.exception("a received notification could not be stored")
            # 5xx: Open Notificaties retries later (at-least-once delivery)
            return _problem(
                503, "UPSTREAM_UNAVAILABLE", "The event log is unavailable; retry later."
            )
        return Response(status_code=204)


def _is_test(body: bytes) -> bool:
    try:
        raw = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(raw, dict) and raw.get("kanaal") == TEST_KANAAL
