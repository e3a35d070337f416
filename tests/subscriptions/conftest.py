"""Fixtures for the live notification tests: a runtime over a private copy of the demo data,
served on a real socket in the test's loop, with the webhook's auth configured."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio

from gateway.runtime import Runtime
from tests.conftest import schrijf_runtime
from tests.support.databases import SeededTemplate
from tests.support.fake_zgw import FakeZgw
from tests.support.live import WEBHOOK_AUTH, serve_live


@dataclass
class Live:
    runtime: Runtime
    base: str
    #: zgw backend: the fake Open Zaak / Open Klant / Open Notificaties (None: embedded store)
    fake: FakeZgw | None = None


@pytest_asyncio.fixture
async def live(template: SeededTemplate, fake_zgw_schrijven: FakeZgw | None) -> AsyncIterator[Live]:
    """On the zgw backend the registries are the ZGW adapters against the fake Open Zaak and
    Open Klant (the write tests' server, restored before and after), and a mutation's
    notifications come as in production: the fake publishes one per write and its Open
    Notificaties posts it to the gateway's webhook (an abonnement on the kanalen the gateway
    registers). The event log is always the embedded store's."""
    fake = fake_zgw_schrijven
    async with (
        schrijf_runtime(template, fake, notificaties_auth=WEBHOOK_AUTH) as runtime,
        serve_live(runtime) as base,
    ):
        if fake is not None:
            kanalen = [k.strip() for k in runtime.settings.notificaties_kanalen.split(",")]
            fake.state.abonneer(base + "/notificaties", WEBHOOK_AUTH, kanalen)
        try:
            yield Live(runtime, base, fake)
        finally:
            if fake is not None:
                fouten = list(fake.state.notificatie_fouten)
                fake.state.reset()  # no abonnement: nothing more is posted to this gateway
                assert not fouten, f"notifications that do not follow the spec: {fouten}"


#: why a test runs on the embedded stores only (sqlite, postgres), not on zgw
ALLEEN_EMBEDDED = (
    "runs on the embedded stores only: it tests the event log and delivery machinery (replay, "
    "slow subscribers, the fan-out index, the webhook's own auth, registering the abonnement) "
    "by writing events straight into the log; that machinery is the same on every backend, and "
    "the registry reads it makes run on zgw in the other live tests, so here zgw would repeat "
    "the sqlite run (the zgw notification path itself: test_mutatie_events.py)"
)


@pytest.fixture
def alleen_embedded(backend: str) -> None:
    """Tests that would only repeat the sqlite run on the zgw backend."""
    if backend == "zgw":
        pytest.skip(ALLEEN_EMBEDDED)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that restart PostgreSQL run last: others may be using it."""
    items.sort(key=lambda item: item.get_closest_marker("pg_restart") is not None)
