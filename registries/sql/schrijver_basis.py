"""What every part of the embedded store's writer shares: the transaction, URLs, catalogus,
notifications into the event log, number sequences and zaak lookups."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from registries import models as m
from registries.errors import NotFound
from registries.sql.catalogi import CatalogusSnapshot
from registries.sql.gateway_tables import TellerRow
from registries.sql.notificaties import voeg_toe
from registries.sql.tables import ZaakRow
from registries.sql.urls import UrlScheme


def nu() -> datetime:
    return datetime.now(UTC)


def nieuw_uuid() -> str:
    return str(uuidlib.uuid4())


class SchrijverBasis:
    def __init__(
        self, conn: AsyncConnection, urls: UrlScheme, catalogus: CatalogusSnapshot
    ) -> None:
        self.conn = conn
        self.urls = urls
        self.catalogus = catalogus
        #: ids of the notifications written, for waking listeners after the commit
        self.event_ids: list[int] = []
        #: notifications of this transaction, appended to the event log by `sluit_af`
        self._wachtend: list[m.Notificatie] = []
        self.doorstuur_opdrachten = 0
        #: zaak uuid -> its row as this transaction last read it: one aanvraag checks the same
        #: zaak at every step (rol, documents, eigenschappen, status); forgotten by
        #: `_zaak_gewijzigd` after every UPDATE of the zaak
        self._zaakrijen: dict[str, Any] = {}

    # --- shared helpers -----------------------------------------------------------------------

    def _upsert_nothing(self, table: Any) -> Any:
        """INSERT ... ON CONFLICT DO NOTHING for this dialect."""
        if self.conn.dialect.name == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    async def notificeer(
        self,
        kanaal: str,
        resource: str,
        actie: str,
        resource_url: str,
        hoofd_object: str,
        kenmerken: Mapping[str, str],
    ) -> None:
        n = m.Notificatie(
            kanaal=kanaal,
            hoofd_object=hoofd_object,
            resource=resource,
            resource_url=resource_url,
            actie=actie,
            aanmaakdatum=nu(),
            # the Notificaties API's Message: each kenmerk a non-empty string (minLength 1)
            kenmerken={k: v for k, v in kenmerken.items() if v},
        )
        self._wachtend.append(n)

    async def sluit_af(self) -> None:
        """Append this transaction's notifications to the event log, in order, as its last
        write: the event log's lock (PostgreSQL: an advisory lock held until the commit) is
        then held only for the commit, not for the whole transaction -- taken at the first
        notification it made concurrent writes run one after the other."""
        wachtend, self._wachtend = self._wachtend, []
        self.event_ids += await voeg_toe(self.conn, wachtend)

    async def volgend_nummer(self, naam: str) -> int:
        await self.conn.execute(
            self._upsert_nothing(TellerRow).values(naam=naam, laatste=0).on_conflict_do_nothing()
        )
        stmt = (
            update(TellerRow)
            .where(TellerRow.naam == naam)
            .values(laatste=TellerRow.laatste + 1)
            .returning(TellerRow.laatste)
        )
        return int((await self.conn.execute(stmt)).scalar_one())

    async def vrij_nummer(self, teller: str, formaat: str, column: Any, **velden: Any) -> str:
        """The next number of `teller`, formatted, that `column` does not hold yet."""
        for _ in range(1000):
            nummer = formaat.format(nummer=await self.volgend_nummer(teller), **velden)
            taken = await self.conn.execute(select(column).where(column == nummer).limit(1))
            if taken.first() is None:
                return nummer
        raise RuntimeError(f"no free number in sequence {teller!r} after 1000 tries")

    async def _zaak_row(self, url: str) -> Any:
        zaak_uuid = self.urls.uuid("zaak", url)
        row = None
        if zaak_uuid is not None:
            row = self._zaakrijen.get(zaak_uuid)
            if row is None:
                stmt = select(ZaakRow.__table__).where(ZaakRow.uuid == zaak_uuid)
                row = (await self.conn.execute(stmt)).first()
                if row is not None:
                    self._zaakrijen[zaak_uuid] = row
        if row is None:
            raise NotFound(f"No zaak with url {url}.")
        return row

    def _zaak_gewijzigd(self, zaak_uuid: str) -> None:
        """After an UPDATE of the zaak: the next `_zaak_row` reads it again."""
        self._zaakrijen.pop(zaak_uuid, None)

    def _zaak_kenmerken(self, row: Any) -> dict[str, str]:
        zaaktype = self.urls.url("zaaktype", row.zaaktype_uuid)
        found = self.catalogus.zaaktypen.get(zaaktype)
        return {
            "bronorganisatie": row.bronorganisatie,
            "zaaktype": zaaktype,
            "zaaktype.catalogus": found.catalogus if found else "",
            "vertrouwelijkheidaanduiding": row.vertrouwelijkheidaanduiding,
        }

    async def _zaak_notificatie(self, zaak_row: Any, resource: str, actie: str, url: str) -> None:
        await self.notificeer(
            "zaken",
            resource,
            actie,
            url,
            self.urls.url("zaak", zaak_row.uuid),
            self._zaak_kenmerken(zaak_row),
        )
