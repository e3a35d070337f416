"""Shared fixtures: seeded databases per backend, runtimes, principals."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from gateway.authz.principal import ALLE_ZAAKTYPEN, Principal, Role
from gateway.runtime import Runtime
from gateway.settings import Settings
from registries.models import Vertrouwelijkheid
from tests.support.databases import PG_SKIP_REASON, SeededTemplate, pg_url

BASE_URL = "http://gateway.test"
BACKENDS = ["sqlite", "postgres"]


def settings_for(database_url: str, **overrides: object) -> Settings:
    return Settings.from_env(
        {},
        database_url=database_url,
        base_url=BASE_URL,
        dev_secret="test-dev-secret-0123456789",
        **overrides,
    )


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and pg_url() is None:
        pytest.skip(PG_SKIP_REASON)
    return str(request.param)


@pytest_asyncio.fixture(scope="session")
async def template(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[SeededTemplate]:
    seeded = SeededTemplate(backend, Path(tmp_path_factory.mktemp(f"db-{backend}")))
    await seeded.create()
    yield seeded
    await seeded.drop()


@pytest_asyncio.fixture(scope="session")
async def demo_runtime(template: SeededTemplate) -> AsyncIterator[Runtime]:
    """A runtime over the seeded demo data, shared by the read-only tests of a backend. (A copy:
    PostgreSQL clones a template only while nobody is connected to it.)"""
    url = await template.clone()
    runtime = Runtime(settings_for(url))
    yield runtime
    await runtime.close()
    await template.drop_clone(url)


@contextlib.asynccontextmanager
async def cloned_runtime(template: SeededTemplate, **overrides: object) -> AsyncIterator[Runtime]:
    """A runtime over a private copy of the demo data, with settings overrides."""
    url = await template.clone()
    runtime = Runtime(settings_for(url, **overrides))
    try:
        yield runtime
    finally:
        await runtime.close()
        await template.drop_clone(url)


@pytest_asyncio.fixture
async def fresh_runtime(template: SeededTemplate) -> AsyncIterator[Runtime]:
    """A runtime over a private copy of the demo data, for tests that write."""
    async with cloned_runtime(template) as runtime:
        yield runtime


def behandelaar(**kwargs: object) -> Principal:
    values: dict[str, object] = {
        "role": Role.BEHANDELAAR,
        "subject": "mdw-0042",
        "naam": "A. Jansen",
        "medewerker_id": "mdw-0042",
        "zaaktypen": frozenset({ALLE_ZAAKTYPEN}),
        "max_vertrouwelijkheid": Vertrouwelijkheid.ZEER_GEHEIM,
    }
    values.update(kwargs)
    return Principal(**values)  # type: ignore[arg-type]
