"""The embedded store: one database holding all four registries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from registries.base import Registries
from registries.sql.catalogi import SqlCatalogi
from registries.sql.documenten import SqlDocumenten
from registries.sql.engine import create_engine, read_engine
from registries.sql.klantcontacten import SqlKlantcontacten
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
    #: called with the ids of new event log entries after the transaction that wrote them
    #: committed (the gateway wires its broker here)
    after_commit: list[Callable[[Sequence[int]], None]] = field(default_factory=list)

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
    ) -> SqlStore:
        return cls.for_engine(
            create_engine(database_url, pool_size=pool_size),
            base_url,
            catalogus_ttl_seconds=catalogus_ttl_seconds,
        )

    @classmethod
    def for_engine(
        cls, engine: AsyncEngine, base_url: str, *, catalogus_ttl_seconds: float = 300.0
    ) -> SqlStore:
        urls = UrlScheme(base_url)
        reader = read_engine(engine)
        catalogi = SqlCatalogi(reader, urls, ttl_seconds=catalogus_ttl_seconds)
        return cls(
            engine=engine,
            urls=urls,
            catalogi=catalogi,
            zaken=SqlZaken(reader, urls, catalogi),
            documenten=SqlDocumenten(reader, urls, catalogi),
            klantcontacten=SqlKlantcontacten(reader, urls, catalogi),
        )

    def registries(self) -> Registries:
        return Registries(
            zaken=self.zaken,
            documenten=self.documenten,
            catalogi=self.catalogi,
            klantcontacten=self.klantcontacten,
        )

    async def close(self) -> None:
        await self.engine.dispose()
