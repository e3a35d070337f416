"""A zaak's documents in one read (links joined with documents): the same links, in the same
order, with the same documents, as the two calls it replaces; never for a scope with zaak
rules (whose values would be compiled into the statement)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gateway.runtime import Runtime
from registries.models import BetrokkeneId, DocumentStatus, IdentificatieSoort, Vertrouwelijkheid
from registries.scope import Scope
from registries.sql.engine import read_engine
from registries.sql.store import SqlStore
from registries.sql.tables import ZaakRow
from tests.support.statements import count_statements

SCOPES = {
    "alles": Scope.alles(),
    "burger": Scope(
        document_statussen=frozenset({DocumentStatus.DEFINITIEF, DocumentStatus.GEARCHIVEERD}),
        document_max_vertrouwelijkheid=Vertrouwelijkheid.OPENBAAR,
    ),
    "kcc": Scope(document_max_vertrouwelijkheid=Vertrouwelijkheid.INTERN),
}


@pytest.mark.parametrize("naam", sorted(SCOPES))
async def test_same_as_links_then_documents(store_runtime: Runtime, naam: str) -> None:
    scope = SCOPES[naam]
    store = store_runtime.store
    assert isinstance(store, SqlStore)
    async with read_engine(store.engine).connect() as conn:
        alle = list((await conn.execute(select(ZaakRow.uuid))).scalars())
    urls = [store.zaken.zaak_url(u) for u in alle]
    links = await store.zaken.zaakinformatieobjecten_van(urls, Scope.alles())
    documenten = await store.documenten.get_documenten(
        [link.informatieobject for items in links.values() for link in items], scope
    )
    verwacht = {
        url: [
            (link, documenten[link.informatieobject])
            for link in items
            if link.informatieobject in documenten
        ]
        for url, items in links.items()
    }
    with count_statements(store) as counter:
        found = await store.documenten.documenten_van_zaken(urls, scope)
    assert counter.count == 1
    assert {url: items for url, items in found.items() if items} == {
        url: items for url, items in verwacht.items() if items
    }
    assert sum(len(items) for items in found.values()) > 0
    assert await store.documenten.documenten_van_zaken([], scope) == {}


async def test_refuses_a_scope_with_zaak_rules(store_runtime: Runtime) -> None:
    store = store_runtime.store
    assert isinstance(store, SqlStore)
    burger = Scope(betrokkenen=frozenset({BetrokkeneId(IdentificatieSoort.BSN, "999993653")}))
    with pytest.raises(ValueError, match="document rules only"):
        await store.documenten.documenten_van_zaken(["x"], burger)
