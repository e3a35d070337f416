"""Store-and-forward: deliver the forwarding outbox to the zaakafhandelcomponenten.

`dienAanvraagIn` queues a message for the zaakafhandelcomponent its zaaktype is routed to
(`ZGW_GATEWAY_ROUTERING`), in the same transaction as the zaak (`registries.sql.
doorstuur_opdrachten`). The `Doorstuurder` delivers them: a JSON POST to the opdracht's `doel`
with ``Authorization: <ZGW_GATEWAY_ROUTERING_AUTH>`` (when set) and ``Idempotency-Key``, the
same key on every attempt, so a target can recognise a redelivery.

- Any 2xx is a delivery: the opdracht becomes `afgeleverd` and is never sent again.
- Anything else (a refused connection, a timeout, a non-2xx answer) is retried with exponential
  backoff (factor 4, as Open Notificaties does; capped; with jitter so that many opdrachten to
  one recovering target do not all come back at once); the reason is kept in `laatste_fout`.
  After `ZGW_GATEWAY_DOORSTUREN_MAX_POGINGEN` attempts it becomes `mislukt`.
- It wakes when a transaction that queued work commits (`SqlStore.after_doorsturen`), when the
  next retry falls due, and at least every `ZGW_GATEWAY_DOORSTUREN_INTERVAL` seconds (work left
  by another process, or from before a restart).
- Several gateway processes on one PostgreSQL database each run one; rows are claimed with
  ``FOR UPDATE SKIP LOCKED`` and a lease, so each attempt is made by one process.

Delivery is at-least-once: a process that dies after the target answered but before it recorded
the answer leaves the opdracht to be sent again once its lease ran out (with the same
Idempotency-Key).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import orjson
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.settings import Settings
from registries.base import Page, PageRequest
from registries.sql import doorstuur_opdrachten as outbox
from registries.sql.doorstuur_opdrachten import DoorstuurOpdracht, DoorstuurStatus

log = logging.getLogger("zgw_gateway.doorsturen")

#: each retry waits this many times longer than the previous one (Open Notificaties' base factor)
FACTOR = 4.0
#: a delay is shortened by up to this fraction, at random
JITTER = 0.2
#: opdrachten claimed (and delivered concurrently) per round
BATCH = 20


def nu() -> datetime:
    return datetime.now(UTC)


def wachttijd(
    poging: int,
    *,
    basis: float,
    maximum: float,
    factor: float = FACTOR,
    jitter: float = JITTER,
    toeval: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait after failed attempt number `poging` (1, 2, ...): basis * factor^(n-1),
    capped at `maximum`, then shortened by up to `jitter` at random."""
    exponent = min(max(poging - 1, 0), 64)  # no float overflow for absurd attempt counts
    return min(maximum, basis * factor**exponent) * (1.0 - jitter * toeval())


class Doorstuurder:
    """The dispatcher of one gateway process (see the module)."""

    def __init__(
        self,
        engine: AsyncEngine,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._task: asyncio.Task[None] | None = None
        self._wakker = asyncio.Event()
        self._gesloten = False

    @property
    def lease(self) -> timedelta:
        """How long a claimed opdracht stays with this process: well past the longest attempt."""
        return timedelta(seconds=max(60.0, 4 * self.settings.doorsturen_timeout))

    # --- life cycle -----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the background task (in the running event loop), unless it runs already."""
        if self._gesloten or (self._task is not None and not self._task.done()):
            return
        self._task = asyncio.get_running_loop().create_task(self._run(), name="doorsturen")

    def wake(self) -> None:
        """New work was committed: deliver it now (the `SqlStore.after_doorsturen` hook)."""
        if self._gesloten:
            return
        self.start()
        self._wakker.set()

    async def close(self) -> None:
        """Stop: a round in progress may finish its deliveries (up to the attempt timeout), so
        that a routine restart does not leave acknowledged opdrachten to be sent again."""
        self._gesloten = True
        self._wakker.set()
        if self._task is not None:
            try:
                async with asyncio.timeout(self.settings.doorsturen_timeout + 1.0):
                    await asyncio.shield(self._task)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _run(self) -> None:
        interval = self.settings.doorsturen_interval
        while not self._gesloten:
            self._wakker.clear()  # a wake-up during the round below is not lost
            try:
                while not self._gesloten and await self.ronde():
                    pass
                if self._gesloten:
                    return
                wacht = await self._tot_volgende(interval)
            except Exception:
                log.exception("forwarding round failed; trying again in %.0f s", interval)
                wacht = interval
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wacht):
                    await self._wakker.wait()

    async def _tot_volgende(self, interval: float) -> float:
        volgende = await outbox.eerstvolgende(self.engine)
        if volgende is None:
            return interval
        return min(interval, max(0.01, (volgende - nu()).total_seconds()))

    # --- delivery -------------------------------------------------------------------------------

    async def ronde(self) -> int:
        """Claim what is due and deliver it; returns the number of opdrachten attempted."""
        opdrachten = await outbox.claim(self.engine, nu=nu(), lease=self.lease, limiet=BATCH)
        if opdrachten:
            await asyncio.gather(*(self._lever(o) for o in opdrachten))
        return len(opdrachten)

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                transport=self._transport,
                timeout=httpx.Timeout(self.settings.doorsturen_timeout),
                follow_redirects=False,
            )
        return self._client

    def _headers(self, opdracht: DoorstuurOpdracht) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": opdracht.sleutel or f"doorstuuropdracht-{opdracht.id}",
        }
        if self.settings.routering_auth:
            headers["Authorization"] = self.settings.routering_auth
        return headers

    async def _lever(self, opdracht: DoorstuurOpdracht) -> None:
        fout = ""
        try:
            async with asyncio.timeout(self.settings.doorsturen_timeout):
                response = await self._http().post(
                    opdracht.doel,
                    content=orjson.dumps(opdracht.bericht),
                    headers=self._headers(opdracht),
                )
        except (httpx.HTTPError, OSError, TimeoutError) as error:
            fout = f"{type(error).__name__}: {error}".rstrip(": ")
        else:
            if response.is_success:
                await outbox.afgeleverd(self.engine, opdracht, nu=nu())
                log.info("opdracht %d delivered to %s", opdracht.id, opdracht.doel)
                return
            # status and reason only: the body may echo what was sent
            fout = f"HTTP {response.status_code} {response.reason_phrase}".strip()
        opgeven = opdracht.pogingen >= self.settings.doorsturen_max_pogingen
        volgende = None
        if not opgeven:
            seconden = wachttijd(
                opdracht.pogingen,
                basis=self.settings.doorsturen_backoff,
                maximum=self.settings.doorsturen_backoff_max,
            )
            volgende = nu() + timedelta(seconds=seconden)
        await outbox.niet_afgeleverd(self.engine, opdracht, fout=fout, volgende=volgende)
        log.warning(
            "opdracht %d to %s, attempt %d: %s%s",
            opdracht.id,
            opdracht.doel,
            opdracht.pogingen,
            fout,
            "; giving up (mislukt)" if opgeven else f"; next attempt at {volgende:%H:%M:%S}",
        )

    # --- delivery state -------------------------------------------------------------------------

    async def zoek(
        self, status: DoorstuurStatus | None, page: PageRequest
    ) -> Page[DoorstuurOpdracht]:
        return await outbox.zoek(self.engine, status, page)

    async def tellingen(self) -> dict[str, int]:
        return await outbox.tellingen(self.engine)

    async def haal(self, id: int) -> DoorstuurOpdracht | None:
        return await outbox.haal(self.engine, id)

    async def opnieuw(self, id: int) -> DoorstuurOpdracht | None:
        """A mislukt opdracht is offered again, now (None: it was not mislukt)."""
        opdracht = await outbox.opnieuw(self.engine, id, nu=nu())
        if opdracht is not None:
            log.info("opdracht %d to %s offered again", opdracht.id, opdracht.doel)
            self.wake()
        return opdracht


async def doorsturen_status(request: Request) -> Response:
    """GET /doorsturen: the number of opdrachten per status, for monitoring (no content, no
    targets: nothing personal). Kept apart from /readyz on purpose: a zaakafhandelcomponent that
    is down must not take the gateway out of the load balancer -- store-and-forward exists so
    that aanvragen are still accepted meanwhile; alert on `mislukt` or a growing `wachtend`."""
    doorstuurder: Doorstuurder = request.app.state.runtime.doorsturen
    volgende = await outbox.eerstvolgende(doorstuurder.engine)
    return JSONResponse(
        {
            "opdrachten": await doorstuurder.tellingen(),
            "eerstvolgendePoging": volgende.isoformat() if volgende is not None else None,
        }
    )
