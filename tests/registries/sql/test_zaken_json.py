"""The embedded store's zaken as JSON (registries/sql/zaken_json.py), against its usual reads: the
same page for every scope and filter, in one statement; per zaak the statussen, documents (under
the document rules) and betrokkenen the usual reads give, in their order; what it cannot build,
it says so (`kan`)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from gateway.runtime import Runtime
from registries.base import PageRequest
from registries.json_vorm import JsonVeld, JsonVorm
from registries.models import DocumentStatus, Vertrouwelijkheid
from registries.scope import Scope
from registries.sql.store import SqlStore
from registries.sql.zaken_json import MAX_SLEUTELS, kan
from tests.registries.sql.test_zaken_lijst import _een_statustype_en_zaak, _filters, _scopes
from tests.support.statements import count_statements

V = JsonVeld
STATUS = JsonVorm(
    "status",
    (
        V("url", "url", False),
        V("gezet", "datum_status_gezet", False),
        V("laatst", "indicatie_laatst_gezette_status", False),
        V("type", "statustype", True, JsonVorm("statustype", (V("nr", "volgnummer", False),))),
    ),
)
DOCUMENT = JsonVorm(
    "document",
    (V("url", "url", False), V("titel", "titel", False), V("sinds", "registratiedatum")),
)
ZAAK = JsonVorm(
    "zaak",
    (
        V("url", "url", False),
        V("__typename", "", constante="Zaak"),
        V("statussen", "statussen", True, STATUS),
        V("documenten", "documenten", True, DOCUMENT),
        V("zaaktype", "zaaktype", True, JsonVorm("zaaktype", (V("url", "url", False),))),
        V("status", "status", True, JsonVorm("status", (V("url", "url", False),))),
    ),
)
#: document rules that leave some documents out of the demo data
DOCUMENT_REGELS = Scope(
    document_statussen=frozenset({DocumentStatus.DEFINITIEF}),
    document_max_vertrouwelijkheid=Vertrouwelijkheid.ZAAKVERTROUWELIJK,
)


def _store(runtime: Runtime) -> SqlStore:
    store = runtime.store
    assert isinstance(store, SqlStore)
    return store


async def test_the_json_holds_what_the_usual_reads_give(store_runtime: Runtime) -> None:
    store = _store(store_runtime)
    registry = store.zaken
    snap = await store.catalogi.snapshot()
    statustype, identificatie = await _een_statustype_en_zaak(store)
    gezien = {"statussen": 0, "documenten": 0, "weggelaten": 0}
    for scope_naam, scope in _scopes(sorted(snap.zaaktypen)).items():
        for filter_naam, filter in _filters(statustype, identificatie).items():
            for page in (PageRequest(limit=100), PageRequest(offset=1, limit=2)):
                where = f"{scope_naam} / {filter_naam} / {page}"
                with count_statements(store) as counter:
                    found = await registry.zoek_zaken_als_json(
                        filter, scope, page, ZAAK, DOCUMENT_REGELS
                    )
                assert counter.count <= 1, where
                usual = await registry.zoek_zaken(filter, scope, page)
                assert [z.url for z in found[: page.limit]] == [z.url for z in usual.items]
                assert (len(found) > page.limit) == usual.has_next, where
                urls = [z.url for z in found]
                statussen = await registry.statussen_van(urls, Scope.alles())
                paren = await store.documenten.documenten_van_zaken(urls, DOCUMENT_REGELS)
                alle = await store.documenten.documenten_van_zaken(urls, Scope())
                betrokkenen = await registry.betrokkenen_van(urls, Scope.alles())
                zaken = {z.url: z for z in usual.items}
                for zaak in found:
                    json: dict[str, Any] = orjson.loads(zaak.json)
                    assert json["url"] == zaak.url and json["__typename"] == "Zaak"
                    verwacht = statussen.get(zaak.url, [])
                    assert [s["url"] for s in json["statussen"]] == [s.url for s in verwacht]
                    assert [s["gezet"] for s in json["statussen"]] == [
                        s.datum_status_gezet.isoformat() for s in verwacht
                    ]
                    assert [s["laatst"] for s in json["statussen"]] == [
                        s.indicatie_laatst_gezette_status for s in verwacht
                    ]
                    documenten = [d.url for _link, d in paren.get(zaak.url, [])]
                    assert [d["url"] for d in json["documenten"]] == documenten, where
                    assert [d.url for d in zaak.documenten] == documenten, where
                    assert sorted(map(repr, zaak.betrokkenen)) == sorted(
                        map(repr, betrokkenen.get(zaak.url, []))
                    )
                    assert (json["status"] or {}).get("url") == zaak.status
                    assert json["zaaktype"]["url"] == zaak.zaaktype
                    if zaak.url in zaken:
                        usual_zaak = zaken[zaak.url]
                        assert zaak.status == usual_zaak.status
                        assert zaak.zaaktype == usual_zaak.zaaktype
                        assert zaak.vertrouwelijkheidaanduiding is (
                            usual_zaak.vertrouwelijkheidaanduiding
                        )
                    gezien["statussen"] += len(verwacht) > 1
                    gezien["documenten"] += bool(documenten)
                    gezien["weggelaten"] += len(alle.get(zaak.url, [])) > len(documenten)
    assert all(n > 5 for n in gezien.values()), gezien


def test_what_it_cannot_build_it_says() -> None:
    assert kan(ZAAK)
    leaf = V("x", "identificatie", False)
    for vorm, why in [
        (JsonVorm("zaak", (V("x", "vertrouwelijkheidaanduiding", False),)), "an enum"),
        (JsonVorm("zaak", (V("x", "kenmerken", True),)), "a JSON list"),
        (JsonVorm("zaak", (V("x", "bestaat_niet"),)), "an unknown field"),
        (JsonVorm("zaak", (V("x", "einddatum", nullable=False),)), "non-null over null"),
        (JsonVorm("zaak", (V("x y", "identificatie", False),)), "a key that is no name"),
        (JsonVorm("zaak", (V("x", "", constante="Z'aak"),)), "a constant that is no name"),
        (JsonVorm("zaak", tuple([leaf] * (MAX_SLEUTELS + 1))), "too many keys"),
        (JsonVorm("zaak", ()), "no keys"),
        (JsonVorm("zaak", (V("x", "rollen", True, JsonVorm("status", (leaf,))),)), "relation"),
        (JsonVorm("zaak", (V("x", "statussen", True, JsonVorm("zaak", (leaf,))),)), "kind"),
        (JsonVorm("zaak", (V("x", "zaaktype", False, JsonVorm("zaaktype", (leaf,))),)), "null"),
        (JsonVorm("status", (V("x", "statustype", True, DOCUMENT),)), "kind below"),
    ]:
        assert not kan(vorm), why


async def test_a_shape_it_cannot_build_is_refused(store_runtime: Runtime) -> None:
    registry = _store(store_runtime).zaken
    vorm = JsonVorm("zaak", (V("x", "vertrouwelijkheidaanduiding", False),))
    assert not registry.kan(vorm)
    with pytest.raises(ValueError, match="cannot build"):
        await registry.zoek_zaken_als_json(
            Any,  # type: ignore[arg-type]
            Scope.alles(),
            PageRequest(limit=1),
            vorm,
            Scope.alles(),
        )
