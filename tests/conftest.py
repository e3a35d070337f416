"""Shared fixtures: seeded databases per backend, runtimes, principals."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from gateway.authz.principal import ALLE_ZAAKTYPEN, Principal, Role
from gateway.runtime import Runtime
from gateway.settings import Settings
from registries.models import Vertrouwelijkheid
from tests.support.databases import PG_SKIP_REASON, SeededTemplate, pg_url
from tests.support.fake_zgw import FakeZgw, gegevens_uit
from tests.support.runtimes import FAKE_VAN
from tests.support.specs import notificatie_controle
from tests.support.zgw_specs import laad_verzoek_specs, verzoek_controle

BASE_URL = "http://gateway.test"
#: sqlite / postgres: the embedded store; zgw: the ZGW adapters against the fake Open Zaak and
#: Open Klant (tests/support/fake_zgw) serving the same demo data over a real socket
BACKENDS = ["sqlite", "postgres", "zgw"]
ZGW_CLIENT_ID = "zgw-gateway-suite"
ZGW_SECRET = "fake-zgw-geheim-voor-de-suite-0123456789"
ZGW_TOKEN = "open-klant-token-voor-de-suite"


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
    store = "sqlite" if backend == "zgw" else backend
    seeded = SeededTemplate(store, Path(tmp_path_factory.mktemp(f"db-{backend}")))
    await seeded.create()
    yield seeded
    await seeded.drop()


@pytest.fixture(scope="session")
def fake_zgw_suite(backend: str, template: SeededTemplate) -> Iterator[FakeZgw | None]:
    """For the zgw backend: a fake Open Zaak + Open Klant serving the demo data."""
    if backend != "zgw":
        yield None
        return
    server = FakeZgw(
        lambda base: gegevens_uit(template.url, base, sql_base=BASE_URL),
        secrets={ZGW_CLIENT_ID: ZGW_SECRET},
        token=ZGW_TOKEN,
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def fake_zgw_schrijven(backend: str, template: SeededTemplate) -> Iterator[FakeZgw | None]:
    """For the zgw backend, the fake Open Zaak + Open Klant of the tests that write: its own
    server (so the shared one of the read tests never sees a write), its write requests and the
    notifications it publishes checked against the specs, its data restored after each test
    (`fresh_runtime`)."""
    if backend != "zgw":
        yield None
        return
    laad_verzoek_specs()
    server = FakeZgw(
        lambda base: gegevens_uit(template.url, base, sql_base=BASE_URL),
        secrets={ZGW_CLIENT_ID: ZGW_SECRET},
        token=ZGW_TOKEN,
    )
    server.start()
    server.state.verzoek_controle = verzoek_controle
    server.state.notificatie_controle = notificatie_controle()
    yield server
    server.stop()


def zgw_settings(fake: FakeZgw) -> dict[str, object]:
    env = {
        "ZAKEN_API_URL": fake.url("zaken"),
        "DOCUMENTEN_API_URL": fake.url("documenten"),
        "CATALOGI_API_URL": fake.url("catalogi"),
        "KLANTINTERACTIES_API_URL": fake.url("klantinteracties"),
        "ZGW_CLIENT_ID": ZGW_CLIENT_ID,
        "ZGW_SECRET": ZGW_SECRET,
        "KLANTINTERACTIES_TOKEN": ZGW_TOKEN,
    }
    return {"zgw": tuple(sorted(env.items()))}


@pytest_asyncio.fixture(scope="session")
async def demo_runtime(
    template: SeededTemplate, fake_zgw_suite: FakeZgw | None
) -> AsyncIterator[Runtime]:
    """A runtime over the seeded demo data, shared by the read-only tests of a backend. (A copy:
    PostgreSQL clones a template only while nobody is connected to it.) On the zgw backend the
    registries are the ZGW adapters; the embedded store holds only the gateway's own state."""
    url = await template.clone()
    extra = zgw_settings(fake_zgw_suite) if fake_zgw_suite is not None else {}
    runtime = Runtime(settings_for(url, **extra))
    yield runtime
    await runtime.close()
    await template.drop_clone(url)


@contextlib.asynccontextmanager
async def cloned_runtime(
    template: SeededTemplate, fake: FakeZgw | None = None, **overrides: object
) -> AsyncIterator[Runtime]:
    """A runtime over a private copy of the demo data (with the ZGW adapters against `fake`
    when given), with settings overrides."""
    url = await template.clone()
    extra = zgw_settings(fake) if fake is not None else {}
    runtime = Runtime(settings_for(url, **{**extra, **overrides}))
    try:
        yield runtime
    finally:
        await runtime.close()
        await template.drop_clone(url)


MaakRuntime = Callable[..., contextlib.AbstractAsyncContextManager[Runtime]]


@pytest.fixture
def maak_runtime(template: SeededTemplate, fake_zgw_suite: FakeZgw | None) -> MaakRuntime:
    """`async with maak_runtime(**settings) as runtime:` a private runtime on this backend."""

    def maak(**overrides: object) -> contextlib.AbstractAsyncContextManager[Runtime]:
        return cloned_runtime(template, fake_zgw_suite, **overrides)

    return maak


#: why a test of the embedded store's own machinery does not run on the zgw backend
ALLEEN_STORE = (
    "tests the embedded store's own machinery (its one write transaction, failure injection "
    "inside the SQL writer, the forwarding dispatcher, which is the same on every backend); on "
    "the zgw backend writes are a saga, tested in tests/registries/zgw/test_saga.py"
)


@pytest.fixture(scope="session")
def store_template(template: SeededTemplate, backend: str) -> SeededTemplate:
    """The template, for tests of what only the embedded store does (its write transaction,
    the dispatcher): skipped on the zgw backend."""
    if backend == "zgw":
        pytest.skip(ALLEEN_STORE)
    return template


@contextlib.asynccontextmanager
async def schrijf_runtime(
    template: SeededTemplate, fake: FakeZgw | None, **overrides: object
) -> AsyncIterator[Runtime]:
    """A runtime for tests that write, over a private copy of the demo data. On the zgw backend
    (`fake` given: the write tests' fake server) the registries are the ZGW adapters, writes go
    through the saga, the copy holds the gateway's own state, and the fake's data is restored
    before and after."""
    if fake is not None:
        fake.state.herstel()
    try:
        async with cloned_runtime(template, fake, **overrides) as runtime:
            if fake is not None:
                FAKE_VAN[runtime] = fake
            yield runtime
    finally:
        if fake is not None:
            fake.state.herstel()


@pytest.fixture
def maak_schrijf_runtime(
    template: SeededTemplate, fake_zgw_schrijven: FakeZgw | None
) -> MaakRuntime:
    """`async with maak_schrijf_runtime(**settings) as runtime:` a private runtime that writes."""

    def maak(**overrides: object) -> contextlib.AbstractAsyncContextManager[Runtime]:
        return schrijf_runtime(template, fake_zgw_schrijven, **overrides)

    return maak


@pytest_asyncio.fixture
async def store_runtime(store_template: SeededTemplate) -> AsyncIterator[Runtime]:
    """`fresh_runtime` for tests of the embedded store's own machinery: skipped on zgw."""
    async with cloned_runtime(store_template) as runtime:
        yield runtime


@pytest_asyncio.fixture
async def zgw_runtime_schrijf(
    template: SeededTemplate, backend: str, fake_zgw_schrijven: FakeZgw | None
) -> AsyncIterator[Runtime]:
    """`fresh_runtime` for tests of what happens upstream: only on the zgw backend."""
    if backend != "zgw":
        pytest.skip("upstream writes exist on the zgw backend only")
    async with schrijf_runtime(template, fake_zgw_schrijven) as runtime:
        yield runtime


@pytest_asyncio.fixture
async def fresh_runtime(
    template: SeededTemplate, fake_zgw_schrijven: FakeZgw | None
) -> AsyncIterator[Runtime]:
    """A runtime over a private copy of the demo data, for tests that write (see
    `schrijf_runtime`)."""
    async with schrijf_runtime(template, fake_zgw_schrijven) as runtime:
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
