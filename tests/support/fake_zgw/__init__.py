"""A fake ZGW landscape for tests: Open Zaak (Zaken, Documenten, Catalogi) and Open Klant
(Klantinteracties) over a real socket, serving the embedded store's demo data as spec-shaped
JSON. See `server.FakeZgw`."""

from __future__ import annotations

from pathlib import Path

from registries.sql.engine import create_engine
from registries.sql.migrate import upgrade
from registries.sql.seed.demo import seed_demo
from registries.sql.seed.synthetic import seed_synthetic
from registries.sql.store import SqlStore
from tests.support.fake_zgw.data import Gegevens, lees_store
from tests.support.fake_zgw.server import FakeZgw
from tests.support.fake_zgw.state import APIS, SchrijfStoring, Storing, Verzoek

__all__ = [
    "APIS",
    "SQL_BASE",
    "FakeZgw",
    "SchrijfStoring",
    "Storing",
    "Verzoek",
    "demo_database",
    "demo_gegevens",
    "gegevens_uit",
]

#: the base URL the embedded store mints its URLs with (moved to the fake's base when served)
SQL_BASE = "http://sql.demodam.test"
#: synthetic zaken on top of the demo: the benchmark burgers get 100 and 20 zaken
SYNTHETISCH = 240


async def demo_database(pad: Path) -> str:
    """A SQLite file with the demo data plus synthetic zaken (built once per path)."""
    url = f"sqlite+aiosqlite:///{pad}"
    if not pad.exists():
        engine = create_engine(url)
        try:
            await upgrade(engine)
            await seed_demo(engine)
            await seed_synthetic(engine, SYNTHETISCH)
        finally:
            await engine.dispose()
    return url


async def demo_gegevens(pad: Path, base: str) -> Gegevens:
    """Everything in the demo database, with its URLs below `base`."""
    return await gegevens_uit(await demo_database(pad), base)


async def gegevens_uit(database_url: str, base: str, sql_base: str = SQL_BASE) -> Gegevens:
    """Everything in an embedded store (whose URLs start with `sql_base`), moved below `base`."""
    store = SqlStore.for_engine(create_engine(database_url), sql_base)
    try:
        gegevens = await lees_store(store)
    finally:
        await store.close()
    return gegevens.verplaatst(sql_base, base)
