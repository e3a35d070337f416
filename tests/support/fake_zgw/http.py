"""Plumbing of the fake server: authentication as Open Zaak / Open Klant do it, Accept-Crs and
Content-Crs, fault injection (per API, and per write), request recording (and checking of write
requests, e.g. against the specs), problem+json and ZGW pagination."""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

import orjson
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response

from tests.support.fake_zgw.notificeren import bericht, vooraf
from tests.support.fake_zgw.state import APIS, FakeState, SchrijfStoring, Verzoek

Handler = Callable[[Request, FakeState], Awaitable[Any]]
REQUIRED_CLAIMS = ("iss", "iat", "client_id", "user_id", "user_representation")


class Antwoord(Exception):
    """Raised by handlers to answer with a status and a JSON (or raw) body."""

    def __init__(
        self,
        status: int,
        body: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.raw = raw
        self.headers = headers or {}


def probleem(status: int, title: str, invalid: list[tuple[str, str]] | None = None) -> Antwoord:
    body: dict[str, Any] = {
        "type": f"http://fake.zgw/fouten/{status}",
        "code": "invalid" if invalid else "error",
        "title": title,
        "status": status,
        "detail": title,
        "instance": "urn:uuid:00000000-0000-0000-0000-000000000000",
    }
    if invalid:
        body["invalidParams"] = [
            {"name": name, "code": "invalid", "reason": reason} for name, reason in invalid
        ]
    return Antwoord(status, body, headers={"Content-Type": "application/problem+json"})


def _claims(header: str, state: FakeState) -> dict[str, Any]:
    if not header.startswith("Bearer "):
        raise probleem(403, "Authenticatiegegevens zijn niet opgegeven.")
    token = header[len("Bearer ") :]
    try:
        payload = token.split(".")[1]
        unverified = orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        secret = state.secrets[unverified["client_id"]]
        claims = dict(jwt.decode(token, OctKey.import_key(secret), algorithms=["HS256"]).claims)
    except (IndexError, KeyError, ValueError, JoseError, orjson.JSONDecodeError):
        raise probleem(403, "Client identifier bestaat niet of de JWT is ongeldig.") from None
    if any(c not in claims for c in REQUIRED_CLAIMS):
        raise probleem(403, "De JWT mist verplichte claims.")
    iat = claims["iat"]
    if not isinstance(iat, int) or iat > time.time() + 5 or iat < time.time() - 3600:
        raise probleem(403, "De JWT is verlopen of nog niet geldig.")
    return claims


def _pad(request: Request) -> tuple[str, str]:
    for api, prefix in APIS.items():
        if request.url.path.startswith(prefix + "/"):
            return api, request.url.path[len(prefix) :]
    raise probleem(404, "Onbekend pad.")


def _body(request: Request, raw: bytes) -> Any:
    if not raw:
        return None
    if request.headers.get("content-type", "").startswith("multipart/"):
        return {"multipart": len(raw)}
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise probleem(400, "Ongeldige JSON.", [("nonFieldErrors", "JSON parse error")]) from None


async def _storing(storing: SchrijfStoring) -> Antwoord:
    """The answer of an injected write fault."""
    if storing.soort == "timeout":
        await asyncio.sleep(storing.vertraging)
        return probleem(504, "Gesimuleerde time-out.")
    if storing.soort == "400":
        invalid = storing.invalid or [("nonFieldErrors", "Gesimuleerde validatiefout.")]
        return probleem(400, "Invalid input.", invalid)
    return probleem(int(storing.soort), f"Gesimuleerde storing {storing.soort}.")


def beveiligd(handler: Handler, state: FakeState) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint `handler` behind recording, faults, authentication and Accept-Crs."""

    async def endpoint(request: Request) -> Response:
        api, pad = _pad(request)
        raw = await request.body()
        verzoek = Verzoek(
            api=api,
            method=request.method,
            pad=pad,
            query=list(request.query_params.multi_items()),
            headers={k.lower(): v for k, v in request.headers.items()},
        )
        try:
            verzoek.body = _body(request, raw)
        except Antwoord as exc:
            verzoek.status, verzoek.antwoord = exc.status, exc.body
            with state.lock:
                state.verzoeken.append(verzoek)
            return Response(orjson.dumps(exc.body), status_code=exc.status)
        with state.lock:
            state.verzoeken.append(verzoek)
            storing = state.storingen.get(api)
            if storing is not None and storing.keer is not None:
                storing.keer -= 1
                if storing.keer <= 0:
                    del state.storingen[api]
        achtergrond: BackgroundTask | None = None
        try:
            if storing is not None:
                if storing.vertraging:
                    await asyncio.sleep(storing.vertraging)
                if storing.soort == "malformed":
                    raise Antwoord(200, raw=b'{"count": 1, "results": [{"url": ')
                if storing.soort.isdigit():
                    raise probleem(int(storing.soort), f"Gesimuleerde storing {storing.soort}.")
            authorization = request.headers.get("authorization", "")
            if api == "klantinteracties":
                if authorization != f"Token {state.token}":
                    raise Antwoord(401, {"detail": "Ongeldige token."})
            else:
                verzoek.claims = _claims(authorization, state)
            if api == "zaken" and pad.startswith("/zaken"):
                if request.headers.get("accept-crs") != "EPSG:4326":
                    raise probleem(412, "'Accept-Crs' header ontbreekt")
                if (
                    request.method in ("POST", "PUT", "PATCH")
                    and request.headers.get("content-crs") != "EPSG:4326"
                ):
                    raise probleem(412, "'Content-Crs' header ontbreekt")
            schrijf_storing = None
            if request.method != "GET":
                with state.lock:
                    geraakt = [
                        st for st in state.schrijf_storingen if st.raakt(request.method, pad)
                    ]
                schrijf_storing = geraakt[0] if geraakt else None
                if schrijf_storing is not None and not schrijf_storing.na_verwerking:
                    raise await _storing(schrijf_storing)
                fouten = state.verzoek_controle(verzoek) if state.verzoek_controle else []
                if fouten:
                    raise probleem(
                        400,
                        "Het verzoek volgt de OpenAPI-specificatie niet.",
                        [("nonFieldErrors", f) for f in fouten[:5]],
                    )
            zaak_vooraf = vooraf(state, api, request.method, pad)
            result = await handler(request, state)
            antwoord = result if isinstance(result, Antwoord) else Antwoord(200, result)
            if request.method != "GET" and 200 <= antwoord.status < 300:
                try:
                    gemaakt = bericht(state, api, request.method, pad, antwoord.body, zaak_vooraf)
                except (KeyError, TypeError) as fout:  # the write stands; the test sees this
                    gemaakt = None
                    with state.lock:
                        state.notificatie_fouten.append(f"{request.method} {pad}: {fout!r}")
                if gemaakt is not None and state.publiceer is not None:
                    # published once the write has answered (Open Notificaties delivers later)
                    achtergrond = BackgroundTask(state.publiceer, gemaakt)
            if schrijf_storing is not None:
                # the write was made; its answer is lost
                if schrijf_storing.soort == "timeout":
                    await asyncio.sleep(schrijf_storing.vertraging)
                else:
                    antwoord = await _storing(schrijf_storing)
        except Antwoord as exc:
            antwoord = exc
        # a write made whose answer fails (`na_verwerking`) is published all the same
        verzoek.status = antwoord.status
        verzoek.antwoord = antwoord.body
        headers = {"API-version": "1.5.1", **antwoord.headers}
        if antwoord.raw is not None:
            return Response(
                antwoord.raw,
                status_code=antwoord.status,
                headers=headers,
                media_type="application/octet-stream",
                background=achtergrond,
            )
        if antwoord.status in (204, 304):
            return Response(
                b"", status_code=antwoord.status, headers=headers, background=achtergrond
            )
        return Response(
            orjson.dumps(antwoord.body),
            status_code=antwoord.status,
            headers=headers,
            media_type=headers.pop("Content-Type", "application/json"),
            background=achtergrond,
        )

    return endpoint


def pagineer(request: Request, items: list[Any], *, max_size: int = 500) -> dict[str, Any]:
    """A DRF PageNumberPagination page (page past the end: 404, as DRF does)."""
    query = request.query_params
    try:
        page = int(query.get("page", "1"))
        size = min(int(query.get("pageSize", "100")), max_size)
    except ValueError:
        raise probleem(400, "Ongeldige paginering.", [("page", "Geen geheel getal.")]) from None
    if page < 1 or size < 1:
        raise Antwoord(404, {"detail": "Ongeldige pagina."})
    start = (page - 1) * size
    if page > 1 and start >= len(items):
        raise Antwoord(404, {"detail": "Ongeldige pagina."})

    def link(p: int) -> str:
        params = dict(query)
        params["page"] = str(p)
        return f"{request.url.scheme}://{request.url.netloc}{request.url.path}?{urlencode(params)}"

    return {
        "count": len(items),
        "next": link(page + 1) if start + size < len(items) else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": items[start : start + size],
    }
