"""Register the gateway's own abonnement at a Notificaties API (optional, at start-up).

With `ZGW_GATEWAY_NOTIFICATIES_API_URL` set, the gateway makes sure the Notificaties API has an
abonnement whose callbackUrl is the gateway's `/notificaties`, with the configured auth and
kanalen (every kenmerk a wildcard). An abonnement with the same callbackUrl is kept (updated when
its kanalen or auth differ); none is created twice.

It runs in the background once the server accepts requests: Open Notificaties checks a new
abonnement by posting its test message to the callback, which must then already answer. Failures
are retried with backoff and logged; they never stop the gateway.

The gateway authenticates with a ZGW client (client id + secret: an HS256 JWT, as the ZGW APIs
expect).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import OctKey

log = logging.getLogger("zgw_gateway.subscriptions.abonnement")


@dataclass(frozen=True, slots=True)
class AbonnementConfig:
    api_url: str
    callback_url: str
    auth: str
    kanalen: tuple[str, ...]
    client_id: str = ""
    secret: str = ""


def zgw_token(client_id: str, secret: str) -> str:
    """A ZGW API token: HS256, `iss` and `client_id` = the client id."""
    now = int(time.time())
    claims = {
        "iss": client_id,
        "iat": now,
        "client_id": client_id,
        "user_id": client_id,
        "user_representation": "zgw-gateway",
    }
    return jwt.encode({"alg": "HS256", "typ": "JWT"}, claims, OctKey.import_key(secret))


def _body(config: AbonnementConfig) -> dict[str, Any]:
    return {
        "callbackUrl": config.callback_url,
        "auth": config.auth,
        "kanalen": [{"naam": k, "filters": {}} for k in config.kanalen],
    }


def _items(payload: Any) -> Sequence[dict[str, Any]]:
    if isinstance(payload, dict):  # paginated (Open Notificaties: {"results": [...]})
        return list(payload.get("results") or [])
    return list(payload or [])


async def registreer(config: AbonnementConfig, http: httpx.AsyncClient) -> str:
    """Make sure the abonnement exists; returns its URL."""
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if config.client_id and config.secret:
        headers["Authorization"] = f"Bearer {zgw_token(config.client_id, config.secret)}"
    base = config.api_url.rstrip("/")
    response = await http.get(f"{base}/abonnement", headers=headers)
    response.raise_for_status()
    wanted = _body(config)
    for item in _items(response.json()):
        if item.get("callbackUrl") != config.callback_url:
            continue
        url = str(item.get("url", ""))
        have = sorted(k.get("naam", "") for k in item.get("kanalen") or [])
        if have != sorted(config.kanalen) or item.get("auth") not in (None, config.auth):
            updated = await http.put(url, json=wanted, headers=headers)
            updated.raise_for_status()
            log.info("abonnement %s updated (kanalen %s)", url, ", ".join(config.kanalen))
        return url
    created = await http.post(f"{base}/abonnement", json=wanted, headers=headers)
    created.raise_for_status()
    url = str(created.json().get("url", ""))
    log.info("abonnement %s created (kanalen %s)", url, ", ".join(config.kanalen))
    return url


async def registreer_op_achtergrond(
    config: AbonnementConfig,
    *,
    pogingen: int = 8,
    eerste_wacht: float = 1.0,
    http: httpx.AsyncClient | None = None,
) -> str | None:
    """`registreer`, retried with backoff (the task started at start-up)."""
    client = http or httpx.AsyncClient(timeout=10.0)
    wait = eerste_wacht
    try:
        for poging in range(1, pogingen + 1):
            await asyncio.sleep(wait if poging > 1 else 0.2)
            try:
                return await registreer(config, client)
            except (httpx.HTTPError, ValueError) as error:
                log.warning(
                    "registering the abonnement at %s failed (attempt %d of %d): %s",
                    config.api_url,
                    poging,
                    pogingen,
                    error,
                )
            wait = min(wait * 2, 300.0)
        log.error("the abonnement at %s could not be registered; giving up", config.api_url)
        return None
    finally:
        if http is None:
            await client.aclose()
