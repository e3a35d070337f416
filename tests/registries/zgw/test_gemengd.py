"""A mixed set-up: zaken, documenten and catalogi from Open Zaak, klantcontacten in the embedded
store. A unit of work is one saga whose steps live in both: each embedded-store step is its own
transaction that records the step too, so a retry after a later failure neither repeats it nor
loses it. The forwarding outbox (embedded store) is such a step as well."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from registries import models as m
from registries.base import ZaakTypeFilter
from registries.errors import UpstreamUnavailable
from registries.scope import Scope
from registries.sql.gateway_tables import DoorstuurOpdrachtRow, NotificatieRow
from registries.sql.saga_log import SagaLog, SagaStatus
from registries.sql.seed.catalogus import RSIN_GEMEENTE
from registries.sql.store import SqlStore
from registries.sql.tables import KlantcontactRow
from registries.writes import Doorsturen, NieuweStatus, NieuweZaak, NieuwKlantcontact
from registries.zgw.factory import bouw
from tests.registries.zgw.conftest import zgw_config
from tests.support.fake_zgw import FakeZgw, SchrijfStoring

VANDAAG = date(2026, 3, 2)


async def _tel(store: SqlStore, table: type) -> int:
    async with store.engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


async def test_a_saga_over_open_zaak_and_the_embedded_store(
    schrijf_fake: FakeZgw, gateway_store: SqlStore
) -> None:
    log = SagaLog(gateway_store.engine)
    config = replace(zgw_config(schrijf_fake, timeout=1.0, retries=0), klantinteracties=None)
    gebouwd = bouw(config, anders=gateway_store.registries(), saga_log=log)
    assert gebouwd.schrijven is not None
    zt = (
        await gebouwd.registries.catalogi.zoek_zaaktypen(
            ZaakTypeFilter(identificatie="PARKEERVERGUNNING", geldig_op=VANDAAG), Scope.alles()
        )
    )[0]
    statustype = zt.statustypen[0]
    schrijf_fake.state.schrijf_storing(SchrijfStoring("POST", "/statussen", "500"))

    async def eenheid() -> str:
        async with gebouwd.schrijven.schrijf() as w:  # type: ignore[union-attr]
            eerder = await w.claim("mdw-1", "gemengd-1", "test")
            if eerder is not None:
                return str(eerder["zaak"])
            zaak = await w.maak_zaak(
                NieuweZaak(
                    zaaktype=zt.url,
                    identificatie="ZAAK-GEMENGD-1",
                    bronorganisatie=RSIN_GEMEENTE,
                    verantwoordelijke_organisatie=RSIN_GEMEENTE,
                    omschrijving="Gemengd",
                    startdatum=VANDAAG,
                    registratiedatum=VANDAAG,
                    vertrouwelijkheidaanduiding=m.Vertrouwelijkheid.OPENBAAR,
                )
            )
            await w.maak_klantcontact(
                NieuwKlantcontact(
                    kanaal="telefoon", onderwerp="Gemengd", plaatsgevonden_op=datetime.now(UTC)
                )
            )
            await w.doorsturen(Doorsturen(doel="http://zac.test/in", bericht={"zaak": zaak.url}))
            await w.maak_status(
                zaak.url, NieuweStatus(statustype=statustype, datum_status_gezet=datetime.now(UTC))
            )
            await w.vastleggen("mdw-1", "gemengd-1", {"zaak": zaak.url})
            return zaak.url

    try:
        with pytest.raises(UpstreamUnavailable):
            await eenheid()
        saga = await log.lees("mdw-1", "gemengd-1")
        assert saga is not None and saga.status is SagaStatus.BEZIG
        assert [(s.soort, s.klaar) for s in saga.stappen] == [
            ("maak_zaak", True),
            ("maak_klantcontact", True),
            ("doorsturen", True),
            ("maak_status", False),
        ]
        assert await _tel(gateway_store, KlantcontactRow) == 1
        assert await _tel(gateway_store, DoorstuurOpdrachtRow) == 1

        url = await eenheid()
        assert await eenheid() == url
        assert await _tel(gateway_store, KlantcontactRow) == 1  # not made again
        assert await _tel(gateway_store, DoorstuurOpdrachtRow) == 1  # forwarded once
        # the embedded store notifies its own write (one klantcontact create); Open Zaak its own
        assert await _tel(gateway_store, NotificatieRow) == 1
        zaken = [z for z in schrijf_fake.state.data.zaken.values() if z.omschrijving == "Gemengd"]
        assert len(zaken) == 1 and zaken[0].status is not None
    finally:
        await gebouwd.aclose()


async def test_without_a_saga_log_writes_through_zgw_are_refused_clearly(
    schrijf_fake: FakeZgw,
) -> None:
    gebouwd = bouw(zgw_config(schrijf_fake))
    try:
        with pytest.raises(UpstreamUnavailable) as raised:
            async with gebouwd.registries.schrijf():
                pass
        assert "saga log" in raised.value.message
    finally:
        await gebouwd.aclose()
