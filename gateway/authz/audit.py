"""The audit log: every zaak, document and klantcontact a caller reads is recorded with who
read it, in which role, which people (BSN/KvK) it concerns, the operation and the purpose.

Resolvers note what they hand out in the operation context (`OperationContext.gezien`); after
the operation one batch of records is made (the BSN/KvK of zaken come from their rollen, loaded
in one batch if the operation did not load them already) and written in one INSERT -- by a
background writer that groups many operations per statement (default), or inline before the
response when ZGW_GATEWAY_AUDIT_SYNC is set (then a failed write fails the operation).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.schema.views import DocumentView
from registries import models as m
from registries.base import Page, PageRequest
from registries.sql.gateway_tables import AuditRow

if TYPE_CHECKING:
    from gateway.authz.principal import Principal
    from gateway.context import OperationContext

log = logging.getLogger("zgw_gateway.audit")


@dataclass(slots=True)  # not frozen: a list of 100 zaken makes a few hundred (5x the cost)
class AuditEntry:
    tijdstip: datetime
    subject: str
    role: str
    client_id: str
    soort: str
    object_url: str
    betrokkenen: str
    operation: str
    doel: str
    request_id: str = ""


@dataclass(slots=True)
class Gezien:
    """An object handed out without a domain object of its own (its JSON came from the
    database, gateway.schema.json_wortel): its url; for a document, the zaak it was reached
    through (whose betrokkenen its record names); and the betrokkenen its record names, when
    the caller knows them already (`betrokkenen_tekst`)."""

    url: str
    zaak: str | None = None
    betrokkenen: str | None = None


def betrokkenen_tekst(rollen: Iterable[m.Rol | m.RolBetrokkene]) -> str:
    """The BSN/KvK/RSIN/vestigingsnummers the rollen name, as an audit record holds them."""
    return _ids([i for r in rollen for i in r.identificeert()])


@dataclass(frozen=True, slots=True)
class AuditFilter:
    subject: str | None = None
    object_url: str | None = None
    betrokkene: str | None = None
    vanaf: date | None = None
    tot_en_met: date | None = None


def _ids(objects: Sequence[m.BetrokkeneId]) -> str:
    return " ".join(sorted({i.waarde for i in objects}))


def _zaak_van(document: Any) -> str | None:
    """The zaak a document was reached through, if any."""
    if isinstance(document, DocumentView):
        return document.koppeling.zaak if document.koppeling is not None else None
    if isinstance(document, Gezien):
        return document.zaak
    return None


async def entries_for(ctx: OperationContext, doel: str) -> list[AuditEntry]:
    """The records for what the operation handed out (one per object)."""
    seen: dict[str, tuple[str, Any]] = {}
    for soort, obj in ctx.gezien:
        if obj is not None:
            seen.setdefault(obj.url, (soort, obj))
    if not seen:
        return []
    zaak_urls = [
        url
        for url, (soort, obj) in seen.items()
        if soort == "zaak" and not (isinstance(obj, Gezien) and obj.betrokkenen is not None)
    ]
    document_zaken = [
        zaak
        for soort, obj in seen.values()
        if soort == "document"
        and (zaak := _zaak_van(obj))
        and not (isinstance(obj, Gezien) and obj.betrokkenen is not None)
    ]
    wanted = zaak_urls + document_zaken
    rollen = await ctx.loaders.betrokkenen_van(wanted) if wanted else {}
    now = datetime.now(UTC)
    principal = ctx.principal
    entries = []
    van_zaak: dict[str, str] = {}  # a zaak's betrokkenen, for it and each of its documents

    def van(zaak_url: str) -> str:
        found = van_zaak.get(zaak_url)
        if found is None:
            ids = [i for r in rollen.get(zaak_url, ()) for i in r.identificeert()]
            found = van_zaak[zaak_url] = _ids(ids)
        return found

    for url, (soort, obj) in seen.items():
        if isinstance(obj, Gezien) and obj.betrokkenen is not None:
            betrokkenen = obj.betrokkenen
        elif soort == "zaak":
            betrokkenen = van(url)
        elif soort == "document" and (zaak := _zaak_van(obj)):
            betrokkenen = van(zaak)
        elif soort == "klantcontact":
            betrokkenen = _ids(
                [
                    m.BetrokkeneId(m.IdentificatieSoort.BSN, p.object_id)
                    for b in obj.betrokkenen
                    for p in b.partij_identificatoren
                    if p.code_soort_object_id in ("bsn", "kvk_nummer", "rsin", "vestigingsnummer")
                ]
            )
        else:
            betrokkenen = ""
        entries.append(
            AuditEntry(
                tijdstip=now,
                subject=principal.subject,
                role=principal.role.value,
                client_id=principal.client_id,
                soort=soort,
                object_url=url,
                betrokkenen=betrokkenen,
                operation=ctx.operation_name or "",
                doel=doel,
            )
        )
    return entries


@dataclass(frozen=True, slots=True)
class Lezer:
    """One subscriber of a group that shares an execution: whom its audit records name."""

    principal: Principal
    operation: str | None


def voor_lezers(entries: Sequence[AuditEntry], lezers: Iterable[Lezer]) -> list[AuditEntry]:
    """The records of one execution shared by a group, once for every subscriber it was
    delivered to: each names that subscriber (who saw what), the rest is the group's."""
    return [
        AuditEntry(
            tijdstip=e.tijdstip,
            subject=lezer.principal.subject,
            role=lezer.principal.role.value,
            client_id=lezer.principal.client_id,
            soort=e.soort,
            object_url=e.object_url,
            betrokkenen=e.betrokkenen,
            operation=lezer.operation or "",
            doel=e.doel,
            request_id=e.request_id,
        )
        for lezer in lezers
        for e in entries
    ]


_KOLOMMEN = (
    "tijdstip",
    "subject",
    "role",
    "client_id",
    "soort",
    "object_url",
    "betrokkenen",
    "operation",
    "doel",
    "request_id",
)


def _insert(dialect: Dialect) -> tuple[str, Callable[[datetime], Any]]:
    """The INSERT of one record in the driver's own terms (its text, with the columns in the
    order of `_KOLOMMEN`), and the conversion of `tijdstip` the driver needs (SQLite keeps
    text)."""
    statement = insert(AuditRow).values({k: bindparam(k) for k in _KOLOMMEN}).inline()
    compiled = statement.compile(dialect=dialect)
    if list(compiled.positiontup or ()) != list(_KOLOMMEN):
        raise RuntimeError(f"unexpected parameter order: {compiled.positiontup}")
    processor = AuditRow.__table__.c.tijdstip.type._cached_bind_processor(dialect)
    return compiled.string, processor or (lambda value: value)


class AuditLog:
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        synchronous: bool = False,
        flush_interval: float = 0.05,
        max_batch: int = 1000,
        max_queue: int = 100_000,
        close_timeout: float = 10.0,
    ) -> None:
        self.close_timeout = close_timeout
        self.engine = engine
        self.synchronous = synchronous
        self.flush_interval = flush_interval
        self.max_batch = max_batch
        #: the records of one operation per item (a list of 100 zaken is a few hundred)
        self._queue: asyncio.Queue[Sequence[AuditEntry]] = asyncio.Queue()
        self._max_queue = max_queue
        self._wachtend = 0
        self._ruimte = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._insert = _insert(engine.dialect)
        #: SQLite: rows per INSERT (10 values each, well below its limit of 32,766)
        self._rijen_per_insert = 200 if engine.dialect.name == "sqlite" else 1
        self._teksten: dict[int, str] = {}

    def wachtrij(self) -> int:
        """Records waiting to be written."""
        return self._wachtend

    async def record(self, entries: Sequence[AuditEntry]) -> None:
        if not entries:
            return
        if self.synchronous:
            await self._write(entries)
            return
        self._ensure_writer()
        while self._wachtend >= self._max_queue:  # back-pressure: only when the writer is behind
            self._ruimte.clear()
            await self._ruimte.wait()
        self._wachtend += len(entries)
        self._queue.put_nowait(entries)

    def _ensure_writer(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="audit-writer")

    async def _write(self, entries: Sequence[AuditEntry]) -> None:
        # the driver's own statement: SQLAlchemy's compiled INSERT processes every row's
        # parameters (a list of 100 zaken is a few hundred records)
        tekst, tijdstip = self._insert
        tijden: dict[datetime, Any] = {}  # the records of one operation share their moment
        rows = [
            (
                tijden.get(e.tijdstip) or tijden.setdefault(e.tijdstip, tijdstip(e.tijdstip)),
                e.subject,
                e.role,
                e.client_id,
                e.soort,
                e.object_url,
                e.betrokkenen,
                e.operation,
                e.doel,
                e.request_id,
            )
            for e in entries
        ]
        async with self.engine.begin() as conn:
            if self._rijen_per_insert > 1:
                # SQLite: many rows per INSERT, so the writer's thread takes the GIL back once
                # per statement instead of once per row (sqlite3's executemany steps each row
                # on its own: with the event loop's thread busy, every step waited for the GIL)
                for start in range(0, len(rows), self._rijen_per_insert):
                    deel = rows[start : start + self._rijen_per_insert]
                    waarden = [w for row in deel for w in row]
                    await conn.exec_driver_sql(self._meer_rijen(len(deel)), tuple(waarden))
            else:
                await conn.exec_driver_sql(tekst, rows)

    def _meer_rijen(self, aantal: int) -> str:
        found = self._teksten.get(aantal)
        if found is None:
            tekst = self._insert[0]
            kop, rij = tekst.split(" VALUES ", 1)
            found = self._teksten[aantal] = f"{kop} VALUES {', '.join([rij] * aantal)}"
        return found

    async def _run(self) -> None:
        while True:
            delen = [await self._queue.get()]
            await asyncio.sleep(self.flush_interval)  # let more operations join this batch
            aantal = len(delen[0])
            while aantal < self.max_batch and not self._queue.empty():
                delen.append(self._queue.get_nowait())
                aantal += len(delen[-1])
            batch = [entry for deel in delen for entry in deel]
            while True:
                try:
                    await self._write(batch)
                    break
                except Exception:
                    # keep the records and retry; producers wait once the queue is full
                    log.exception("could not write %d audit records; retrying", len(batch))
                    await asyncio.sleep(1.0)
            self._wachtend -= len(batch)
            self._ruimte.set()
            for _ in delen:
                self._queue.task_done()

    async def flush(self) -> None:
        """Wait until everything recorded so far is written (tests, shutdown)."""
        if self._task is not None and not self._task.done():
            await self._queue.join()
            return
        batch: list[AuditEntry] = []
        while not self._queue.empty():
            batch.extend(self._queue.get_nowait())
            self._queue.task_done()
        self._wachtend -= len(batch)
        self._ruimte.set()
        if batch:
            await self._write(batch)

    async def close(self) -> None:
        try:
            async with asyncio.timeout(self.close_timeout):
                await self.flush()
        except TimeoutError:
            log.error("audit log: %d records could not be written before shutdown", self._wachtend)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def zoek(self, f: AuditFilter, page: PageRequest) -> Page[AuditEntry]:
        where = []
        if f.subject:
            where.append(AuditRow.subject == f.subject)
        if f.object_url:
            where.append(AuditRow.object_url == f.object_url)
        if f.betrokkene:
            padded = " " + AuditRow.betrokkenen + " "
            where.append(padded.contains(f" {f.betrokkene} "))
        if f.vanaf:
            where.append(AuditRow.tijdstip >= datetime.combine(f.vanaf, datetime.min.time(), UTC))
        if f.tot_en_met:
            where.append(
                AuditRow.tijdstip < datetime.combine(f.tot_en_met, datetime.max.time(), UTC)
            )
        stmt = (
            select(AuditRow.__table__)
            .where(*where)
            .order_by(AuditRow.id.desc())
            .offset(page.offset)
            .limit(page.limit + 1)
        )
        async with self.engine.connect() as conn:
            rows = list(await conn.execute(stmt))
            total = None
            if page.with_total:
                count = select(func.count()).select_from(AuditRow).where(*where)
                total = (await conn.execute(count)).scalar_one()
        items = [
            AuditEntry(
                tijdstip=r.tijdstip,
                subject=r.subject,
                role=r.role,
                client_id=r.client_id,
                soort=r.soort,
                object_url=r.object_url,
                betrokkenen=r.betrokkenen,
                operation=r.operation,
                doel=r.doel,
                request_id=r.request_id,
            )
            for r in rows[: page.limit]
        ]
        return Page(items=items, has_next=len(rows) > page.limit, total=total)
