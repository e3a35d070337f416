"""A zaak's klantcontacten run as a compiled statement whose scope values are bound
parameters: the same klantcontacten, in the same order, as the scope's conditions select
through SQLAlchemy."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gateway.runtime import Runtime
from registries.models import ZAAK_OBJECTTYPES, BetrokkeneId, IdentificatieSoort
from registries.scope import Scope
from registries.sql.engine import read_engine
from registries.sql.scope_sql import klantcontact_metadata_conditions
from registries.sql.store import SqlStore
from registries.sql.tables import KlantcontactRow, OnderwerpobjectRow
from tests.support.statements import count_statements

JAN = BetrokkeneId(IdentificatieSoort.BSN, "999993653")
SCOPES = {
    "alles": Scope.alles(),
    "burger": Scope(klantcontact_betrokkenen=frozenset({JAN})),
    "burger_en_bedrijf": Scope(
        klantcontact_betrokkenen=frozenset({JAN, BetrokkeneId(IdentificatieSoort.KVK, "1")})
    ),
    "alleen_rsin": Scope(
        klantcontact_betrokkenen=frozenset({BetrokkeneId(IdentificatieSoort.RSIN, "1")})
    ),
    "niets": Scope.geen(),
}


@pytest.mark.parametrize("naam", sorted(SCOPES))
async def test_klantcontacten_van_zaken(store_runtime: Runtime, naam: str) -> None:
    scope = SCOPES[naam]
    store = store_runtime.store
    assert isinstance(store, SqlStore)
    registry = store.klantcontacten
    async with read_engine(store.engine).connect() as conn:
        zaak_uuids = sorted(
            set(
                (
                    await conn.execute(
                        select(OnderwerpobjectRow.object_id).where(
                            OnderwerpobjectRow.code_objecttype.in_(ZAAK_OBJECTTYPES)
                        )
                    )
                ).scalars()
            )
        )
        conds = klantcontact_metadata_conditions(scope)
        verwacht: list[tuple[str, str]] = []
        if conds is not None:
            stmt = (
                select(OnderwerpobjectRow.object_id, KlantcontactRow.uuid)
                .join(KlantcontactRow, OnderwerpobjectRow.klantcontact_uuid == KlantcontactRow.uuid)
                .where(
                    OnderwerpobjectRow.code_objecttype.in_(ZAAK_OBJECTTYPES),
                    OnderwerpobjectRow.object_id.in_(zaak_uuids),
                    *conds,
                )
                .order_by(KlantcontactRow.plaatsgevonden_op, KlantcontactRow.uuid)
            )
            verwacht = [(r[0], r[1]) for r in await conn.execute(stmt)]
    assert zaak_uuids, "the demo data has klantcontacten about zaken"
    urls = [store.zaken.zaak_url(u) for u in zaak_uuids]
    with count_statements(store) as counter:
        found = await registry.klantcontacten_van(urls, scope)
    gekregen = [
        (url.rsplit("/", 1)[-1], k.uuid) for url, contacts in found.items() for k in contacts
    ]
    assert sorted(gekregen) == sorted(verwacht)
    for contacts in found.values():  # each zaak's own in the statement's order
        order = [k.uuid for k in contacts]
        assert order == [u for _z, u in verwacht if u in order]
    if naam in ("alles", "burger", "burger_en_bedrijf"):
        assert verwacht, "the demo data has klantcontacten of Jan about zaken"
    if naam in ("burger", "burger_en_bedrijf"):
        assert all(JAN.waarde not in text for text in counter.statements)
