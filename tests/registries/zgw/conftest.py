"""Fixtures: one fake ZGW server per session (a real socket), fresh counters per test, and the
ZGW registries built against it (inside the running loop, closed afterwards)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from gateway.runtime import Runtime
from registries.sql.engine import create_engine
from registries.sql.migrate import upgrade
from registries.sql.saga_log import SagaLog
from registries.sql.seed.catalogus import RSIN_GEMEENTE
from registries.sql.store import SqlStore
from registries.zgw.catalogi import ZgwCatalogi
from registries.zgw.config import (
    ApiConfig,
    CatalogiConfig,
    DocumentenConfig,
    JwtAuth,
    KlantinteractiesConfig,
    TokenAuth,
    ZakenConfig,
    ZgwConfig,
)
from registries.zgw.documenten import ZgwDocumenten
from registries.zgw.factory import ZgwRegistries, bouw
from registries.zgw.klantcontacten import ZgwKlantcontacten
from registries.zgw.schrijver import ZgwSchrijven
from registries.zgw.zaken import ZgwZaken
from tests.support.fake_zgw import SQL_BASE, FakeZgw, demo_database, demo_gegevens
from tests.support.zgw_specs import laad_verzoek_specs, verzoek_controle

CLIENT_ID = "zgw-gateway-test"
SECRET = "fake-zgw-geheim-voor-de-tests-0123456789"
TOKEN = "open-klant-token-voor-de-tests"


@pytest.fixture(scope="session")
def demo_pad(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("zgw") / "demo.db"


@pytest.fixture(scope="session")
def fake_zgw(demo_pad: Path) -> Iterator[FakeZgw]:
    server = FakeZgw(
        lambda base: demo_gegevens(demo_pad, base), secrets={CLIENT_ID: SECRET}, token=TOKEN
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fake(fake_zgw: FakeZgw) -> Iterator[FakeZgw]:
    fake_zgw.state.reset()
    yield fake_zgw
    fake_zgw.state.reset()


def api(fake: FakeZgw, naam: str, **overrides: Any) -> ApiConfig:
    auth: JwtAuth | TokenAuth = (
        TokenAuth(TOKEN) if naam == "klantinteracties" else JwtAuth(CLIENT_ID, SECRET)
    )
    config = ApiConfig(
        base_url=fake.url(naam),
        auth=auth,
        naam=f"{naam.capitalize()} API",
        timeout=5.0,
        retries=1,
        backoff=0.01,
        backoff_max=0.05,
    )
    return replace(config, **overrides)


def zgw_config(fake: FakeZgw, **overrides: Any) -> ZgwConfig:
    return ZgwConfig(
        zaken=ZakenConfig(api(fake, "zaken", **overrides)),
        documenten=DocumentenConfig(api(fake, "documenten", **overrides), inhoud_base_url=SQL_BASE),
        catalogi=CatalogiConfig(api(fake, "catalogi", **overrides)),
        klantinteracties=KlantinteractiesConfig(api(fake, "klantinteracties", **overrides)),
    )


@dataclass
class Zgw:
    """The four ZGW registries, typed (the factory's `Registries` is typed by protocol)."""

    gebouwd: ZgwRegistries
    catalogi: ZgwCatalogi
    zaken: ZgwZaken
    documenten: ZgwDocumenten
    klantcontacten: ZgwKlantcontacten

    async def aclose(self) -> None:
        await self.gebouwd.aclose()


def maak_zgw(config: ZgwConfig) -> Zgw:
    gebouwd = bouw(config)
    by_type = {type(r): r for r in gebouwd.eigen}
    return Zgw(
        gebouwd=gebouwd,
        catalogi=by_type[ZgwCatalogi],  # type: ignore[arg-type]
        zaken=by_type[ZgwZaken],  # type: ignore[arg-type]
        documenten=by_type[ZgwDocumenten],  # type: ignore[arg-type]
        klantcontacten=by_type[ZgwKlantcontacten],  # type: ignore[arg-type]
    )


@pytest.fixture
async def zgw(fake: FakeZgw) -> AsyncIterator[Zgw]:
    registries = maak_zgw(zgw_config(fake))
    yield registries
    await registries.aclose()


@pytest.fixture
async def sql(demo_pad: Path, fake_zgw: FakeZgw) -> AsyncIterator[SqlStore]:
    """The embedded store over the same demo data (its URLs below `SQL_BASE`)."""
    store = SqlStore.for_engine(create_engine(await demo_database(demo_pad)), SQL_BASE)
    yield store
    await store.close()


# --- writes -----------------------------------------------------------------------------------


@pytest.fixture
def schrijf_fake(fake: FakeZgw) -> Iterator[FakeZgw]:
    """The fake server for a test that writes: its write requests are checked against the specs
    (a request that does not follow them gets a 400), and its data is restored afterwards."""
    laad_verzoek_specs()
    fake.state.herstel()
    fake.state.verzoek_controle = verzoek_controle
    yield fake
    fake.state.verzoek_controle = None
    fake.state.herstel()


@pytest.fixture
async def gateway_store(tmp_path: Path) -> AsyncIterator[SqlStore]:
    """The gateway's own store (saga log, sequences, outbox): a migrated, empty SQLite file."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}")
    await upgrade(engine)
    store = SqlStore.for_engine(engine, SQL_BASE)
    yield store
    await store.close()


@dataclass
class Schrijven:
    zgw: Zgw
    schrijven: ZgwSchrijven
    log: SagaLog
    fake: FakeZgw

    def schrijf(self) -> Any:
        return self.schrijven.schrijf()


@pytest.fixture
async def schrijven(schrijf_fake: FakeZgw, gateway_store: SqlStore) -> AsyncIterator[Schrijven]:
    """The ZGW registries with their write side (saga log in `gateway_store`), over the fake."""
    log = SagaLog(gateway_store.engine)
    gebouwd = bouw(
        zgw_config(schrijf_fake, timeout=1.0, retries=0),
        anders=gateway_store.registries(),
        saga_log=log,
        inline_bytes=100_000,
    )
    by_type = {type(r): r for r in gebouwd.eigen}
    zgw = Zgw(
        gebouwd=gebouwd,
        catalogi=by_type[ZgwCatalogi],  # type: ignore[arg-type]
        zaken=by_type[ZgwZaken],  # type: ignore[arg-type]
        documenten=by_type[ZgwDocumenten],  # type: ignore[arg-type]
        klantcontacten=by_type[ZgwKlantcontacten],  # type: ignore[arg-type]
    )
    assert gebouwd.schrijven is not None
    yield Schrijven(zgw, gebouwd.schrijven, log, schrijf_fake)
    await zgw.aclose()


@pytest.fixture
async def zgw_runtime(schrijf_fake: FakeZgw, tmp_path: Path) -> AsyncIterator[Runtime]:
    """A gateway over the fake Open Zaak + Open Klant (all four registries ZGW), its own store a
    migrated, empty SQLite file; upstream calls time out after 1 s."""
    from tests.conftest import settings_for

    url = f"sqlite+aiosqlite:///{tmp_path / 'gateway-zgw.db'}"
    engine = create_engine(url)
    await upgrade(engine)
    await engine.dispose()
    env = {
        "ZAKEN_API_URL": schrijf_fake.url("zaken"),
        "DOCUMENTEN_API_URL": schrijf_fake.url("documenten"),
        "CATALOGI_API_URL": schrijf_fake.url("catalogi"),
        "KLANTINTERACTIES_API_URL": schrijf_fake.url("klantinteracties"),
        "ZGW_CLIENT_ID": CLIENT_ID,
        "ZGW_SECRET": SECRET,
        "KLANTINTERACTIES_TOKEN": TOKEN,
        "ZGW_TIMEOUT": "1",
    }
    runtime = Runtime(
        settings_for(url, zgw=tuple(sorted(env.items())), bronorganisatie=RSIN_GEMEENTE)
    )
    yield runtime
    await runtime.close()
