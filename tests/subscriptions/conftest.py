"""Fixtures for the live notification tests: a runtime over a private copy of the demo data,
served on a real socket in the test's loop, with the webhook's auth configured."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio

from gateway.runtime import Runtime
from tests.conftest import cloned_runtime
from tests.support.databases import SeededTemplate
from tests.support.fake_zgw import FakeZgw
from tests.support.live import WEBHOOK_AUTH, serve_live


@dataclass
class Live:
    runtime: Runtime
    base: str


@pytest_asyncio.fixture
async def live(template: SeededTemplate, fake_zgw_suite: FakeZgw | None) -> AsyncIterator[Live]:
    """On the zgw backend the registries are the ZGW adapters (against the fake Open Zaak and
    Open Klant); the event log is always the embedded store's."""
    async with (
        cloned_runtime(template, fake_zgw_suite, notificaties_auth=WEBHOOK_AUTH) as runtime,
        serve_live(runtime) as base,
    ):
        yield Live(runtime, base)


@pytest.fixture
def alleen_embedded(backend: str) -> None:
    """Tests that would only repeat the sqlite run on the zgw backend (they seed or write the
    embedded store directly), or that change data through mutations (not built for ZGW yet)."""
    if backend == "zgw":
        pytest.skip(
            "runs on the embedded stores only: it seeds or writes them directly, or changes "
            "data with a mutation (ZGW writes are not built yet)"
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that restart PostgreSQL run last: others may be using it."""
    items.sort(key=lambda item: item.get_closest_marker("pg_restart") is not None)
