"""The embedded store's writer, below the mutations."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from registries.sql.notificaties import laatste_id, lees_na
from registries.writes import NieuweStatus, ZaakWijziging
from tests.conftest import cloned_runtime
from tests.support.databases import SeededTemplate
from tests.support.statements import count_statements


async def test_notifications_leave_out_empty_kenmerken(store_template: SeededTemplate) -> None:
    """The Notificaties API's Message wants each kenmerk a non-empty string."""
    async with cloned_runtime(store_template) as runtime:
        voor = await laatste_id(runtime.store.engine)
        async with runtime.store.schrijf() as s:
            url = runtime.store.urls.url("klantcontact", "00000000-0000-4000-8000-000000000001")
            await s.notificeer(
                "klantcontacten",
                "klantcontact",
                "create",
                url,
                url,
                {
                    "kanaal": "",
                    "indicatieContactGelukt": "true",
                },
            )
        [n] = await lees_na(runtime.store.engine, voor)
        assert n.kenmerken == {"indicatieContactGelukt": "true"}


async def test_a_transaction_reads_a_zaak_once_and_again_after_changing_it(
    store_template: SeededTemplate,
) -> None:
    """The writer keeps the zaak row it read for the rest of the transaction (an aanvraag checks
    its zaak at every step), and reads it again after each UPDATE of the zaak: a status set, a
    resultaat, a change of its fields are what the next step sees."""
    async with cloned_runtime(store_template) as runtime:
        store = runtime.store
        async with store.lezer.verbinding() as conn:
            zaak_uuid, zaaktype_uuid = (
                await conn.execute(text("SELECT uuid, zaaktype_uuid FROM zaak LIMIT 1"))
            ).one()
            statustype_uuid = (
                await conn.execute(
                    text("SELECT uuid FROM statustype WHERE zaaktype_uuid = :z LIMIT 1"),
                    {"z": zaaktype_uuid},
                )
            ).scalar_one()
        url = store.urls.url("zaak", zaak_uuid)
        with count_statements(store) as counter:
            async with store.schrijf() as s:
                eerste = await s._zaak_row(url)
                assert await s._zaak_row(url) is eerste
                status = await s.maak_status(
                    url,
                    NieuweStatus(
                        statustype=store.urls.url("statustype", statustype_uuid),
                        datum_status_gezet=datetime.now(UTC),
                    ),
                )
                assert (await s._zaak_row(url)).status_uuid == status.uuid
                gewijzigd = await s.wijzig_zaak(url, ZaakWijziging(omschrijving="nieuw"))
                assert gewijzigd.omschrijving == "nieuw"
                assert (await s._zaak_row(url)).omschrijving == "nieuw"
        zaak_reads = [x for x in counter.statements if x.lstrip().startswith("SELECT zaak.uuid")]
        # the first read, after the status, after the change (for its answer)
        assert len(zaak_reads) == 3
