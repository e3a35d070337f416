"""`zaken { nodes { ... } }` answered with the JSON the store builds (gateway/schema/json_wortel.py)
gives exactly what the usual way gives -- data, errors and audit records -- for every role and
every field the JSON knows; it is really used; it costs one statement; and when the row guard
objects, the usual way answers (and reports it)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
import pytest
from graphql import GraphQLObjectType, GraphQLSchema, get_named_type, is_leaf_type
from sqlalchemy import select, update

from gateway.app import create_app
from gateway.authz.audit import AuditEntry
from gateway.authz.principal import Principal, Role
from gateway.context import RequestContext
from gateway.runtime import Runtime
from gateway.schema.json_wortel import RELATIES, SCALARS, SOORTEN
from gateway.schema.relations import attribute_of
from registries.json_vorm import JsonZaak
from registries.models import Vertrouwelijkheid
from registries.sql.tables import DocumentRow, StatusRow, ZaakRow
from registries.sql.zaken_json import SOORTEN as REGISTRY_SOORTEN
from tests.conftest import cloned_runtime
from tests.gateway.authz.test_matrix import PRINCIPALS
from tests.gateway.test_app import tokens
from tests.support.databases import SeededTemplate
from tests.support.statements import count_statements

READERS = {role: p for role, p in PRINCIPALS.items() if role is not Role.ANONIEM}


def json_selection(runtime: Runtime, role: Role, type_name: str, depth: int = 3) -> str:
    """Every field of `type_name` the JSON knows (and the role may read), relations included."""
    schema: GraphQLSchema = runtime.schema._schema
    policy = runtime.policies[role]
    t = schema.get_type(type_name)
    assert isinstance(t, GraphQLObjectType)
    soort = REGISTRY_SOORTEN[SOORTEN[type_name]]
    parts = ["__typename"]
    for name, field in t.fields.items():
        if not policy.allows(type_name, name):
            continue
        target = get_named_type(field.type)
        if is_leaf_type(target):
            attr = attribute_of(field.resolve)
            if target.name in SCALARS and attr is not None and soort.nullable(attr) is not None:
                parts.append(name)
        elif (type_name, name) in RELATIES and depth > 0:
            sub = json_selection(runtime, role, target.name, depth - 1)
            parts.append(f"{name} {{ {sub} }}")
    return " ".join(parts)


def _queries(runtime: Runtime, role: Role) -> list[tuple[str, dict[str, Any]]]:
    alles = json_selection(runtime, role, "Zaak")
    return [
        (f"{{ zaken(first: 100) {{ nodes {{ {alles} }} }} }}", {}),
        (
            f"""query Q($n: Int!, $o: ZaakOrdering!) {{ z: zaken(first: $n, ordering: $o) {{
                 __typename alle: nodes {{ ...Z }} }} }}
               fragment Z on Zaak {{ {alles} }}""",
            {"n": 3, "o": "IDENTIFICATIE_ASC"},
        ),
        (
            """{ zaken(filter: {open: true}, first: 4) { nodes { identificatie
                 eerst: statussen { datumStatusGezet } ook: statussen { statustype { volgnummer } }
                 status { url datumStatusGezet indicatieLaatstGezetteStatus } } } }""",
            {},
        ),
        ('{ zaken(first: 2, after: "Mg==") { nodes { identificatie } } }', {}),
        (
            """{ zaken(first: 10) { nodes { a: documenten { titel }
                 statussen { datumStatusGezet } b: documenten { url registratiedatum } } } }""",
            {},
        ),
        ('{ zaken(filter: {identificatie: "BESTAAT-NIET"}) { nodes { identificatie } } }', {}),
    ]


def _result(result: Any) -> tuple[Any, list[dict[str, Any]]]:
    errors = [e.formatted for e in result.errors or ()]
    for e in errors:
        e.get("extensions", {}).pop("reference", None)
    return result.data, errors


def _records(entries: list[AuditEntry]) -> list[tuple[str, str, str]]:
    return sorted((e.soort, e.object_url, e.betrokkenen) for e in entries)


@contextmanager
def _als_json_calls(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    calls: list[Any] = []
    store = runtime.registries.zaken_als_json
    if store is None:
        yield calls
        return
    original = store.zoek_zaken_als_json

    async def counted(*args: Any, **kwargs: Any) -> list[JsonZaak]:
        found = await original(*args, **kwargs)
        calls.append(found)
        return found

    with monkeypatch.context() as m:
        m.setattr(store, "zoek_zaken_als_json", counted)
        yield calls


async def _run(
    runtime: Runtime,
    query: str,
    variables: dict[str, Any],
    principal: Principal,
    monkeypatch: pytest.MonkeyPatch,
    *,
    use_json: bool,
    json_tekst: bool = False,
) -> tuple[Any, list[tuple[str, str, str]]]:
    entries: list[AuditEntry] = []

    async def record(found: list[AuditEntry]) -> None:
        entries.extend(found)

    schema = runtime.schema
    with monkeypatch.context() as m:
        m.setattr(runtime.audit, "record", record)
        m.setattr(schema, "use_json", use_json)
        result = await runtime.execute(query, variables, principal=principal, json_tekst=json_tekst)
    if json_tekst:  # as the HTTP server hands it out: the JSON text encoded as it is
        result.data = orjson.loads(orjson.dumps(result.data))
    return _result(result), _records(entries)


@pytest.mark.parametrize("role", list(READERS), ids=lambda r: r.value)
async def test_the_json_answers_as_the_usual_way(
    demo_runtime: Runtime, role: Role, monkeypatch: pytest.MonkeyPatch
) -> None:
    principal = READERS[role]
    with _als_json_calls(demo_runtime, monkeypatch) as calls:
        for query, variables in _queries(demo_runtime, role):
            got = await _run(demo_runtime, query, variables, principal, monkeypatch, use_json=True)
            expected = await _run(
                demo_runtime, query, variables, principal, monkeypatch, use_json=False
            )
            assert got == expected, query
            als_tekst = await _run(
                demo_runtime,
                query,
                variables,
                principal,
                monkeypatch,
                use_json=True,
                json_tekst=True,
            )
            assert als_tekst == expected, query
    if demo_runtime.registries.zaken_als_json is not None:
        assert calls, "the JSON way was not used"
        assert any(found for found in calls), "no zaak came as JSON: the test proves little"


async def test_every_field_the_json_knows_is_in_the_test(demo_runtime: Runtime) -> None:
    """The generated selection reaches every field the registry can write (so the differential
    test above covers them all) -- for the behandelaar, who may read them all."""
    seen: dict[str, set[str]] = {}
    schema = demo_runtime.schema._schema

    def walk(type_name: str, depth: int) -> None:
        t = schema.get_type(type_name)
        assert isinstance(t, GraphQLObjectType)
        for name, field in t.fields.items():
            target = get_named_type(field.type)
            attr = attribute_of(field.resolve)
            if is_leaf_type(target) and attr is not None:
                seen.setdefault(SOORTEN[type_name], set()).add(attr)
            elif (type_name, name) in RELATIES and depth > 0:
                seen.setdefault(SOORTEN[type_name], set()).add(name)
                walk(target.name, depth - 1)

    walk("Zaak", 3)
    for soort, definition in REGISTRY_SOORTEN.items():
        known = set(definition.kolommen) | set(definition.afgeleid) | set(definition.relaties)
        assert known <= seen[soort], (soort, known - seen[soort])
    selected = json_selection(demo_runtime, Role.BEHANDELAAR, "Zaak")
    assert "indicatieLaatstGezetteStatus" in selected and "isEindstatus" in selected


async def test_one_statement_for_the_burgers_page(
    demo_runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    if demo_runtime.registries.zaken_als_json is None:
        pytest.skip("the ZGW adapters build no JSON")
    principal = READERS[Role.BURGER]
    query = f"{{ zaken {{ nodes {{ {json_selection(demo_runtime, Role.BURGER, 'Zaak')} }} }} }}"
    await demo_runtime.execute(query, principal=principal)  # the catalogus snapshot, warm
    with (
        count_statements(demo_runtime.store) as seen,
        _als_json_calls(demo_runtime, monkeypatch) as calls,
    ):
        result = await demo_runtime.execute(query, principal=principal)
    assert not result.errors
    assert result.data is not None and result.data["zaken"]["nodes"]
    assert calls and len(seen.statements) == 1, seen.statements


async def test_the_usual_way_answers_when_the_guard_objects(
    demo_runtime: Runtime, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A store that hands out a zaak out of the burger's scope: the guard sees it, the JSON is
    not used, the usual way answers (its own guard drops what its registry should not give)."""
    store = demo_runtime.registries.zaken_als_json
    if store is None:
        pytest.skip("the ZGW adapters build no JSON")
    principal = READERS[Role.BURGER]
    query = "{ zaken { nodes { identificatie documenten { titel } } } }"
    expected = await _run(demo_runtime, query, {}, principal, monkeypatch, use_json=False)
    assert expected[0][0]["zaken"]["nodes"], "the burger has zaken in the demo data"
    original = store.zoek_zaken_als_json

    async def leaky(*args: Any, **kwargs: Any) -> list[JsonZaak]:
        found = await original(*args, **kwargs)
        geheim = Vertrouwelijkheid.GEHEIM
        return [dataclasses.replace(found[0], vertrouwelijkheidaanduiding=geheim), *found[1:]]

    monkeypatch.setattr(store, "zoek_zaken_als_json", leaky)
    with caplog.at_level(logging.WARNING, logger="zgw_gateway.authz.guard"):
        got = await _run(demo_runtime, query, {}, principal, monkeypatch, use_json=True)
    assert got == expected
    assert "row guard dropped 1 of" in caplog.text


async def test_odd_values_come_out_as_the_usual_way(
    store_runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text that JSON must escape, datetimes with and without a fraction, null and true and
    false booleans, a document without content (no `inhoud`), a locked one: as the usual way."""
    store = store_runtime.store
    async with store.engine.begin() as conn:
        zaak_uuid = (
            (await conn.execute(select(ZaakRow.uuid).order_by(ZaakRow.uuid))).scalars().first()
        )
        await conn.execute(
            update(ZaakRow)
            .where(ZaakRow.uuid == zaak_uuid)
            .values(
                omschrijving='aan "huis"\\ \n\t\x01 é ✓ 😀 </script>',
                laatste_betaaldatum=datetime(2026, 3, 4, 5, 6, 7, 120, tzinfo=UTC),
            )
        )
        statussen = (
            (await conn.execute(select(StatusRow.uuid).where(StatusRow.zaak_uuid == zaak_uuid)))
            .scalars()
            .all()
        )
        for i, status_uuid in enumerate(statussen):
            moment = datetime(2026, 1, 2, 3, 4, 5, 999_999 if i % 2 else 0, tzinfo=UTC)
            await conn.execute(
                update(StatusRow)
                .where(StatusRow.uuid == status_uuid)
                .values(datum_status_gezet=moment, statustoelichting="één\u2028twee")
            )
        documenten = (
            (await conn.execute(select(DocumentRow.uuid).order_by(DocumentRow.uuid)))
            .scalars()
            .all()
        )
        for i, document_uuid in enumerate(documenten):
            await conn.execute(
                update(DocumentRow)
                .where(DocumentRow.uuid == document_uuid)
                .values(
                    indicatie_gebruiksrecht=(None, True, False)[i % 3],
                    titel=f"scheiding \x1e en \x1f in titel {i}",
                    bestandsomvang=None if i % 2 else 0,
                    lock="slot" if i % 4 == 1 else "",
                )
            )
    principal = READERS[Role.BEHANDELAAR]
    alles = json_selection(store_runtime, Role.BEHANDELAAR, "Zaak")
    query = f"{{ zaken(first: 100) {{ nodes {{ {alles} }} }} }}"
    with _als_json_calls(store_runtime, monkeypatch) as calls:
        got = await _run(store_runtime, query, {}, principal, monkeypatch, use_json=True)
    expected = await _run(store_runtime, query, {}, principal, monkeypatch, use_json=False)
    assert calls and got == expected
    nodes = got[0][0]["zaken"]["nodes"]
    odd = [n for n in nodes if n["omschrijving"].startswith('aan "huis"')]
    assert odd and odd[0]["laatsteBetaaldatum"] == "2026-03-04T05:06:07.000120+00:00"


async def test_the_setting_turns_it_off(
    store_template: SeededTemplate, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "{ zaken { nodes { identificatie } } }"
    for aan in (True, False):
        async with cloned_runtime(store_template, json_in_database=aan) as runtime:
            with _als_json_calls(runtime, monkeypatch) as calls:
                result = await runtime.execute(query, principal=READERS[Role.BEHANDELAAR])
            assert not result.errors
            assert bool(calls) is aan


async def test_over_http_the_json_goes_out_as_text(
    demo_runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over HTTP (the direct POST and strawberry's view) the database's JSON is handed to the
    encoder as text, not parsed first; in-process callers get objects. The answers are the
    same."""
    if demo_runtime.registries.zaken_als_json is None:
        pytest.skip("no JSON from the database on this backend")
    query = "{ zaken(first: 5) { nodes { identificatie omschrijving statussen { datumStatusGezet } } } }"
    vlaggen: list[bool] = []
    original = demo_runtime.schema._execute

    async def spy(query: Any, variables: Any = None, context: Any = None, *a: Any, **k: Any) -> Any:
        assert isinstance(context, RequestContext)
        vlaggen.append(context.json_tekst)
        return await original(query, variables, context, *a, **k)

    monkeypatch.setattr(demo_runtime.schema, "_execute", spy)
    transport = httpx.ASGITransport(app=create_app(runtime=demo_runtime))
    headers = {"Authorization": f"Bearer {tokens(demo_runtime)['behandelaar']}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        direct = await client.post("/graphql", json={"query": query}, headers=headers)
        via_get = await client.get("/graphql", params={"query": query}, headers=headers)
    in_process = await demo_runtime.execute(query, token=tokens(demo_runtime)["behandelaar"])
    assert vlaggen == [True, True, False]
    assert isinstance(in_process.data, dict)
    assert isinstance(in_process.data["zaken"]["nodes"], list)
    assert direct.json() == via_get.json() == {"data": in_process.data}
    assert direct.json()["data"]["zaken"]["nodes"]
    als_tekst = await demo_runtime.execute(
        query, token=tokens(demo_runtime)["behandelaar"], json_tekst=True
    )
    assert isinstance(als_tekst.data, dict)
    store = demo_runtime.registries.zaken_als_json
    # compact text goes out as it is; PostgreSQL's (with spaces) is parsed and written compact
    soort = orjson.Fragment if store.json_compact else list
    assert isinstance(als_tekst.data["zaken"]["nodes"], soort)
    for response in (direct, via_get):
        assert response.content == orjson.dumps(response.json())
