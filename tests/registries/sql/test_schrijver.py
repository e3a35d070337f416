"""The embedded store's writer, below the mutations."""

from __future__ import annotations

from registries.sql.notificaties import laatste_id, lees_na
from tests.conftest import cloned_runtime
from tests.support.databases import SeededTemplate


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
