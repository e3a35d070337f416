"""One pooled HTTP client per upstream API, with the failure handling every call shares.

* one `httpx.AsyncClient` (keep-alive pool) per API, created inside the running event loop on
  first use and closed by `aclose()`;
* at most `max_concurrency` requests in flight (a semaphore; the pool is as large);
* every attempt is bounded by `timeout` (connect, response and body together);
* idempotent reads are retried after transport errors, timeouts and 429/502/503/504, with
  exponential back-off and jitter (honouring a short ``Retry-After``); writes (`schrijf`) are
  sent once: they are not idempotent upstream, and the saga (`registries.zgw.saga`) decides
  what happens after a failure;
* the Authorization header carries the END USER of the running operation (JWT) or the token;
* every failure becomes a `GatewayError` that names the registry: `UpstreamUnavailable` for down,
  slow, 5xx, malformed answers and refused credentials; `BadUserInput` for a problem+json 400
  (naming the field); a 404 on a detail is "not found" (None), never an error.

Only URLs below the API's own base URL are requested: a reference to a foreign host never gets
the gateway's credentials.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import httpx
import orjson

from registries.errors import BadUserInput, UpstreamUnavailable
from registries.operatie import huidige_actor
from registries.zgw.auth import Autorisatie
from registries.zgw.config import ApiConfig

log = logging.getLogger("zgw_gateway.registries.zgw")

_HERHAALBAAR = frozenset({429, 502, 503, 504})
#: the most bytes of one JSON answer the gateway reads
MAX_JSON_BYTES = 64 * 1024 * 1024
Params = Mapping[str, str | int | list[str]]


@dataclass(slots=True)
class Antwoord:
    status: int
    data: Any
    etag: str | None = None


@dataclass(slots=True)
class Ruw:
    """An upstream answer, body read (within the timeout and the size limit)."""

    status: int
    headers: httpx.Headers
    content: bytes
    method: str
    url: str

    @property
    def tekst(self) -> str:
        return self.content[:500].decode("utf-8", "replace")


class ZgwClient:
    def __init__(
        self,
        api: ApiConfig,
        *,
        registry: str,
        crs: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.api = api
        self.registry = registry
        self.naam = api.naam
        self.base_url = api.base_url
        self._auth = Autorisatie(api.auth, geldigheid=api.jwt_geldigheid)
        self._crs = crs
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._semafoor: asyncio.Semaphore | None = None
        #: requests sent (attempts included), for diagnostics
        self.verzoeken = 0

    # --- URLs ---------------------------------------------------------------------------------

    def url(self, pad: str) -> str:
        """`pad` (absolute below the base URL, or relative to it) as an absolute URL."""
        if pad.startswith(("http://", "https://")):
            return pad
        return f"{self.base_url}/{pad.lstrip('/')}"

    def is_eigen(self, url: str) -> bool:
        return url.startswith(self.base_url + "/")

    # --- requests -----------------------------------------------------------------------------

    async def lees(
        self,
        pad: str,
        *,
        params: Params | None = None,
        velden: Mapping[str, str] | None = None,
        etag: str | None = None,
    ) -> Antwoord | None:
        """GET a resource or a list page; None when it does not exist (404/410)."""
        headers = {"If-None-Match": etag} if etag else None
        resp = await self._verzoek("GET", self.url(pad), params=params, headers=headers)
        return self._antwoord(resp, velden)

    async def zoek(
        self,
        pad: str,
        body: Mapping[str, Any],
        *,
        params: Params | None = None,
        velden: Mapping[str, str] | None = None,
    ) -> Antwoord | None:
        """POST a ``_zoek`` (a read: retried like a GET)."""
        resp = await self._verzoek("POST", self.url(pad), params=params, body=body)
        return self._antwoord(resp, velden)

    async def schrijf(
        self,
        method: str,
        pad: str,
        body: Mapping[str, Any] | None = None,
        *,
        velden: Mapping[str, str] | None = None,
        bestanden: Mapping[str, tuple[str, bytes, str]] | None = None,
        formulier: Mapping[str, str] | None = None,
    ) -> Antwoord | None:
        """POST/PUT/PATCH/DELETE once (never retried). None: the resource does not exist
        (404/410); a 2xx answer without a body has `data` None. `bestanden`/`formulier`: a
        multipart/form-data body instead of JSON (Documenten API bestandsdelen)."""
        resp = await self._verzoek(
            method,
            self.url(pad),
            body=body,
            pogingen=1,
            bestanden=bestanden,
            formulier=formulier,
        )
        if resp.status in (404, 410):
            return None
        if 200 <= resp.status < 300:
            data = self._json(resp) if resp.content else None
            return Antwoord(resp.status, data, resp.headers.get("ETag"))
        self._fout(resp, velden)

    async def download(self, pad: str, *, max_bytes: int) -> bytes | None:
        """The bytes at `pad` (a document's content); None when it does not exist."""
        resp = await self._verzoek(
            "GET",
            self.url(pad),
            headers={"Accept": "application/octet-stream, */*"},
            max_bytes=max_bytes,
        )
        if resp.status in (404, 410):
            return None
        if resp.status != 200:
            self._fout(resp, None)
        return resp.content

    async def aclose(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    # --- internals ----------------------------------------------------------------------------

    def _http(self) -> tuple[httpx.AsyncClient, asyncio.Semaphore]:
        if self._client is None or self._semafoor is None:
            n = self.api.max_concurrency
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self.api.timeout),
                limits=httpx.Limits(max_connections=n, max_keepalive_connections=n),
                transport=self._transport,
                follow_redirects=False,
            )
            self._semafoor = asyncio.Semaphore(n)
        return self._client, self._semafoor

    def _headers(self, method: str, extra: Mapping[str, str] | None) -> dict[str, str]:
        headers = {
            "Accept": "application/json",
            "Authorization": self._auth.header(huidige_actor()),
        }
        if self._crs:
            headers["Accept-Crs"] = "EPSG:4326"
            if method != "GET":
                headers["Content-Crs"] = "EPSG:4326"
        if extra:
            headers.update(extra)
        return headers

    async def _verzoek(
        self,
        method: str,
        url: str,
        *,
        params: Params | None = None,
        body: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        max_bytes: int = MAX_JSON_BYTES,
        pogingen: int | None = None,
        bestanden: Mapping[str, tuple[str, bytes, str]] | None = None,
        formulier: Mapping[str, str] | None = None,
    ) -> Ruw:
        if not self.is_eigen(url):
            log.warning("refused to send credentials for %s to %s", self.naam, url)
            raise UpstreamUnavailable(
                f"A reference points outside the {self.naam}; the gateway does not follow it.",
                registry=self.registry,
            )
        client, semafoor = self._http()
        content = orjson.dumps(body) if body is not None else None
        if pogingen is None:
            pogingen = 1 + self.api.retries
        reden = ""
        for poging in range(pogingen):
            wacht = self._backoff(poging)
            request = client.build_request(
                method,
                url,
                params=_query(params),
                content=content,
                files=bestanden,
                data=formulier,
                headers={
                    **self._headers(method, headers),
                    **({"Content-Type": "application/json"} if content else {}),
                },
            )
            try:
                async with semafoor:
                    self.verzoeken += 1
                    async with asyncio.timeout(self.api.timeout):
                        resp = await client.send(request, stream=True)
                        try:
                            inhoud = await self._lees(resp, max_bytes)
                        finally:
                            await resp.aclose()
            except (TimeoutError, httpx.TimeoutException):
                reden = f"did not answer within {self.api.timeout:g} s"
            except httpx.TransportError as exc:
                reden = f"cannot be reached ({type(exc).__name__})"
            except httpx.HTTPError as exc:
                raise UpstreamUnavailable(
                    f"The {self.naam} answered in a way the gateway cannot read "
                    f"({type(exc).__name__}).",
                    registry=self.registry,
                ) from exc
            else:
                ruw = Ruw(resp.status_code, resp.headers, inhoud, method, url)
                if ruw.status not in _HERHAALBAAR or poging == pogingen - 1:
                    return ruw
                reden = f"answered HTTP {ruw.status}"
                wacht = max(wacht, _retry_after(ruw, self.api.backoff_max))
            log.info("%s %s %s (attempt %d of %d)", self.naam, method, reden, poging + 1, pogingen)
            if poging < pogingen - 1:
                await asyncio.sleep(wacht)
        raise UpstreamUnavailable(f"The {self.naam} {reden}.", registry=self.registry)

    async def _lees(self, resp: httpx.Response, max_bytes: int) -> bytes:
        delen: list[bytes] = []
        gelezen = 0
        async for deel in resp.aiter_bytes():
            gelezen += len(deel)
            if gelezen > max_bytes:
                raise UpstreamUnavailable(
                    f"The {self.naam} answered with more than the gateway reads "
                    f"({max_bytes} bytes).",
                    registry=self.registry,
                )
            delen.append(deel)
        return b"".join(delen)

    def _backoff(self, poging: int) -> float:
        base = min(self.api.backoff * float(2**poging), self.api.backoff_max)
        return base / 2 + random.uniform(0, base / 2)

    def _antwoord(self, resp: Ruw, velden: Mapping[str, str] | None) -> Antwoord | None:
        status = resp.status
        if status in (404, 410):
            return None
        if status == 304:
            return Antwoord(304, None, resp.headers.get("ETag"))
        if 200 <= status < 300:
            return Antwoord(status, self._json(resp), resp.headers.get("ETag"))
        self._fout(resp, velden)

    def _json(self, resp: Ruw) -> Any:
        try:
            return orjson.loads(resp.content)
        except orjson.JSONDecodeError:
            log.warning("%s answered malformed JSON at %s", self.naam, resp.url)
            raise UpstreamUnavailable(
                f"The {self.naam} answered with malformed JSON.", registry=self.registry
            ) from None

    def _fout(self, resp: Ruw, velden: Mapping[str, str] | None) -> NoReturn:
        status = resp.status
        log.warning(
            "%s answered HTTP %d to %s %s: %s", self.naam, status, resp.method, resp.url, resp.tekst
        )
        if status == 400:
            veld, reden = _ongeldige_param(resp)
            if veld is not None:
                naam = (velden or {}).get(veld, veld)
                raise BadUserInput(
                    f"The {self.naam} rejected `{naam}`: {reden}",
                    field=naam,
                    registry=self.registry,
                )
        if status in (401, 403):
            raise UpstreamUnavailable(
                f"The {self.naam} refused the gateway's credentials for this registry "
                f"(HTTP {status}): check the gateway's client id and secret (or token) and its "
                "authorisations there.",
                registry=self.registry,
                upstream_status=status,
            )
        if status >= 500:
            raise UpstreamUnavailable(
                f"The {self.naam} answered with a server error (HTTP {status}).",
                registry=self.registry,
                upstream_status=status,
            )
        raise UpstreamUnavailable(
            f"The {self.naam} refused the gateway's request (HTTP {status}).",
            registry=self.registry,
            upstream_status=status,
        )


def _query(params: Params | None) -> list[tuple[str, str | int | float | bool | None]] | None:
    if not params:
        return None
    out: list[tuple[str, str | int | float | bool | None]] = []
    for key, value in params.items():
        if isinstance(value, list):
            out.append((key, ",".join(value)))
        else:
            out.append((key, str(value)))
    return out


def _retry_after(resp: Ruw, ceiling: float) -> float:
    raw = str(resp.headers.get("Retry-After", ""))
    try:
        return min(float(raw), ceiling)
    except ValueError:
        return 0.0


def _ongeldige_param(resp: Ruw) -> tuple[str | None, str]:
    """The first invalid parameter of a ZGW problem+json 400 (`ValidatieFout.invalidParams`)."""
    try:
        data = orjson.loads(resp.content)
    except orjson.JSONDecodeError:
        return None, ""
    if not isinstance(data, dict):
        return None, ""
    for item in data.get("invalidParams") or ():
        if isinstance(item, dict) and item.get("name"):
            return str(item["name"]), str(item.get("reason") or data.get("detail") or "invalid")
    return None, ""
