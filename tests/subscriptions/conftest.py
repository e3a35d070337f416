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
from tests.support.live import WEBHOOK_AUTH, serve_live


@dataclass
class Live:
    runtime: Runtime
    base: str


@pytest_asyncio.fixture
async def live(template: SeededTemplate) -> AsyncIterator[Live]:
    async with (
        cloned_runtime(template, notificaties_auth=WEBHOOK_AUTH) as runtime,
        serve_live(runtime) as base,
    ):
        yield Live(runtime, base)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that restart PostgreSQL run last: others may be using it."""
    items.sort(key=lambda item: item.get_closest_marker("pg_restart") is not None)
