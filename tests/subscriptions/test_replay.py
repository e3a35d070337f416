"""Acceptance 3: a subscriber that disconnects during a burst of 1,000 events and resumes with
`after` receives every event exactly once, in order -- whether it resumes while the burst is
still being written (replay, then joining the live feed) or after it."""

from __future__ import annotations

import asyncio

import pytest

from gateway.authz.principal import Role
from registries.base import PageRequest, ZaakFilter
from registries.models import Vertrouwelijkheid
from registries.scope import Scope
from tests.subscriptions.conftest import Live
from tests.support.live import WsClient, abonnees, bericht, schrijf_events, token

BURST = 1000
QUERY = """subscription($after: ID) {
  notificaties(after: $after, kanalen: ["zaken"]) { id hoofdObject zaak { identificatie } }
}"""

# the log replay does not depend on the registries; on zgw it would repeat the sqlite run
pytestmark = pytest.mark.usefixtures("alleen_embedded")


async def burst(live: Live, urls: list[str], written: list[int]) -> None:
    """1,000 events over the demo zaken, in transactions of 1 to 5 (as mutations write)."""
    n = 0
    while n < BURST:
        size = min(1 + n % 5, BURST - n)
        written += await schrijf_events(
            live.runtime, [bericht(urls[(n + i) % len(urls)]) for i in range(size)]
        )
        n += size
        if n % 50 == 0:
            await asyncio.sleep(0)  # let the server breathe: a burst, not one transaction


@pytest.mark.parametrize("resume", ["during", "after"])
async def test_resume_with_after_gets_every_event_once_in_order(
    live: Live, resume: str, backend: str
) -> None:
    if resume == "after" and backend != "sqlite":
        pytest.skip("plain replay after the burst: once (sqlite) is enough; 'during' runs on all")
    page = await live.runtime.registries.zaken.zoek_zaken(
        ZaakFilter(), Scope.alles(), PageRequest(limit=100)
    )
    urls = [z.url for z in page.items]
    # a behandelaar who may see every zaak of the demo (one is 'geheim')
    t = token(live.runtime, Role.BEHANDELAAR, max_vertrouwelijkheid=Vertrouwelijkheid.ZEER_GEHEIM)
    written: list[int] = []
    received: list[str] = []
    async with WsClient.connect(live.base, t) as client:
        op = await client.subscribe(QUERY)
        await abonnees(live.runtime, 1)
        writer = asyncio.create_task(burst(live, urls, written))
        while len(received) < 300:
            received += [e["id"] for e in await op.events(1)]
        # the connection drops mid-burst (no complete, just gone)
        await client.ws.close(code=1001)
    assert not writer.done(), "the burst should still be running when the subscriber drops"
    if resume == "after":
        await writer
    async with WsClient.connect(live.base, t) as client:
        op = await client.subscribe(QUERY, {"after": received[-1]})
        await writer
        while len(received) < BURST:
            received += [e["id"] for e in await op.events(1, timeout=30)]
        await op.quiet(0.5)
    assert received == [str(i) for i in written]  # every event, once, in order
