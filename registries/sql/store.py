"""The embedded store: one database holding all four registries."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from registries.base import Registries
from registries.sql.catalogi import SqlCatalogi
from registries.sql.documenten import SqlDocumenten
from registries.sql.engine import create_engine, read_engine, schrijf_transactie
from registries.sql.klantcontacten import SqlKlantcontacten
from registries.sql.lezen import Lezer
from registries.sql.schrijver import SqlSchrijver
from registries.sql.urls import UrlScheme
from registries.sql.zaken import SqlZaken


@dataclass(slots=True)
class SqlStore:
    engine: AsyncEngine
    urls: UrlScheme
    catalogi: SqlCatalogi
    zaken: SqlZaken
    documenten: SqlDocumenten
    klantcontacten: SqlKlantcontacten
    lezer: Lezer
    #: called with the ids of new event log entries after the transaction that wrote them
    #: committed (the gateway wires its broker here)
    after_commit: list[Callable[[Sequence[int]], None]] = field(default_factory=list)
    #: called after a transaction that queued forwarding work committed
    after_doorsturen: list[Callable[[], None]] = field(default_factory=list)

    def notify_committed(self, ids: Sequence[int]) -> None:
        if ids:
            for hook in self.after_commit:
                hook(ids)

    @classmethod
    def create(
        cls,
        database_url: str,
        base_url: str,
        *,
        catalogus_ttl_seconds: float = 300.0,
        pool_size: int = 10,
        synchrone_reads: bool = True,
    ) -> SqlStore:
        return cls.for_engine(
            create_engine(database_url, pool_size=pool_size),
            base_url,
            catalogus_ttl_seconds=catalogus_ttl_seconds,
            synchrone_reads=synchrone_reads,
        )

    @classmethod
    def for_engine(
        cls,
        engine: AsyncEngine,
        base_url: str,
        *,
        catalogus_ttl_seconds: float = 300.0,
        synchrone_reads: bool = True,
    ) -> SqlStore:
        urls = UrlScheme(base_url)
        # reads: no transaction of their own (see read_engine); on SQLite on the loop's thread
        reader = read_engine(engine)
        catalogi = SqlCatalogi(reader, urls, ttl_seconds=catalogus_ttl_seconds)
        lezer = Lezer(reader, synchroon=synchrone_reads)
        return cls(
            engine=engine,
            urls=urls,
            catalogi=catalogi,
            zaken=SqlZaken(engine, urls, catalogi, lezer),
            documenten=SqlDocumenten(engine, urls, catalogi, lezer),
            klantcontacten=SqlKlantcontacten(engine, urls, catalogi, lezer),
            lezer=lezer,
        )

    def sync_engines(self) -> list[Engine]:
        """Every engine statements of this store run on (writes, async reads, SQLite's
        synchronous reads): to observe them all with SQLAlchemy events."""
        eigen = self.lezer.eigen_engine
        return [self.engine.sync_engine, *([eigen] if eigen is not None else [])]

    def registries(self) -> Registries:
        return Registries(
            zaken=self.zaken,
            documenten=self.documenten,
            catalogi=self.catalogi,
            klantcontacten=self.klantcontacten,
            schrijf=self.schrijf,
            documenten_van_zaken=self.documenten,
            zaak_kinderen=self.zaken,
            zaken_met_kinderen=self.zaken,
            zaken_als_json=self.zaken,
        )

    @contextlib.asynccontextmanager
    async def schrijf(self) -> AsyncIterator[SqlSchrijver]:
        """One write transaction; after it commits, listeners of the event log and the
        forwarding outbox are woken."""
        async with schrijf_transactie(self.engine) as conn:
            writer = SqlSchrijver(conn, self.urls, await self.catalogi.snapshot())
            yield writer
            await writer.sluit_af()
        self.notify_committed(writer.event_ids)
        if writer.doorstuur_opdrachten:
            for hook in self.after_doorsturen:
                hook()

    async def close(self) -> None:
        await self.lezer.sluit()
        await self.engine.dispose()
