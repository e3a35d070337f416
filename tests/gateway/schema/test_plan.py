"""The compiled fast path answers exactly as graphql-core does (data and errors), for every
role, over a corpus of queries -- and it is really used for the queries it can compile."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.authz.principal import Principal, Role
from gateway.runtime import Runtime
from tests.conftest import behandelaar
from tests.gateway.authz.test_matrix import PRINCIPALS
from tests.gateway.schema.test_every_field import MAX_DEPTH, ROOTS, selection

CORPUS: list[tuple[str, dict[str, Any]]] = [
    (
        "{ zaken(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { identificatie } } } }",
        {},
    ),
    (
        """query Mijn($n: Int!, $f: ZaakFilter) { z: zaken(first: $n, filter: $f, ordering: IDENTIFICATIE_ASC) {
             nodes { ...Z omschrijving } } __typename }
           fragment Z on Zaak { identificatie startdatum vertrouwelijkheidaanduiding
             status { datumStatusGezet statustype { omschrijving isEindstatus } }
             rollen { naam omschrijvingGeneriek betrokkeneIdentificatie { __typename
               ... on NatuurlijkPersoon { inpBsn } ... on Medewerker { identificatie } } } }""",
        {"n": 20, "f": {"open": True}},
    ),
    (
        """{ zaak(identificatie: "ZAAK-2026-0000004") { a: identificatie b: identificatie
             documenten { titel registratiedatum zaken { identificatie deelzaken { identificatie } } }
             deelzaken { hoofdzaak { identificatie } } ... on Zaak { zaaktype { statustypen { volgnummer } } }
             kenmerken { kenmerk bron } opschorting { indicatie reden } verlenging { duur }
             skipped: url @skip(if: true) included: url @include(if: true) } }""",
        {},
    ),
    (
        '{ zaaktypen(identificatie: "PARKEERVERGUNNING") { url versiedatum roltypen { omschrijving } } }',
        {},
    ),
    (
        '{ zaaktype(identificatie: "PARKEERVERGUNNING") { identificatie eigenschappen { naam specificatie { waardenverzameling } } } }',
        {},
    ),
    (
        "{ documenten(first: 50) { nodes { titel formaat inhoud zaken { identificatie } informatieobjecttype { omschrijving } } } }",
        {},
    ),
    (
        "{ klantcontacten { totalCount nodes { onderwerp betrokkenen { volledigeNaam } zaken { identificatie } } } }",
        {},
    ),
    # response keys that are Python keywords or look like code: the generated projection
    # (gateway/schema/projectie.py) takes keys as values, never as source
    (
        """{ zaken(first: 3) { nodes { class: identificatie return: url lambda: __typename
             obj: omschrijving v0: startdatum K0: einddatum } } }""",
        {},
    ),
    # errors: the plan steps aside, graphql-core answers
    ('{ zaak(identificatie: "BESTAAT-NIET") { url } zaaktypen { url } }', {}),
    ('{ zaken(after: "bogus") { totalCount } }', {}),
    ("query($s: Boolean!) { zaken { nodes { url @skip(if: $s) identificatie } } }", {"s": True}),
]


def _result(result: Any) -> tuple[Any, list[dict[str, Any]]]:
    errors = [e.formatted for e in result.errors or ()]
    for e in errors:
        e.get("extensions", {}).pop("reference", None)
    return result.data, errors


async def _both(
    runtime: Runtime, query: str, variables: dict[str, Any], principal: Principal
) -> tuple[Any, Any]:
    schema = runtime.schema
    schema.use_plans = False
    try:
        expected = _result(await runtime.execute(query, variables, principal=principal))
    finally:
        schema.use_plans = True
    return _result(await runtime.execute(query, variables, principal=principal)), expected


@pytest.mark.parametrize("role", list(PRINCIPALS), ids=lambda r: r.value)
async def test_the_plan_answers_as_graphql_core(demo_runtime: Runtime, role: Role) -> None:
    principal = PRINCIPALS[role]
    for query, variables in CORPUS:
        got, expected = await _both(demo_runtime, query, variables, principal)
        assert got == expected, query


async def test_the_plan_answers_every_field_as_graphql_core(demo_runtime: Runtime) -> None:
    schema = demo_runtime.schema._schema
    for alias, (field, type_name) in ROOTS.items():
        if alias == "auditLog":
            continue
        query = (
            f"{{ {alias}: {field} {{ {selection(schema, type_name, MAX_DEPTH, (type_name,))} }} }}"
        )
        got, expected = await _both(demo_runtime, query, {}, behandelaar())
        assert got == expected, alias


async def test_the_plan_is_used(demo_runtime: Runtime) -> None:
    counts = demo_runtime.schema.counts
    before = dict(counts)
    await demo_runtime.execute(CORPUS[1][0], CORPUS[1][1], principal=behandelaar())
    await demo_runtime.execute(CORPUS[2][0], principal=behandelaar())
    assert counts["plan"] == before["plan"] + 2
    await demo_runtime.execute(CORPUS[-1][0], CORPUS[-1][1], principal=behandelaar())
    assert counts["graphql"] == before["graphql"] + 1  # @skip with a variable: not compiled
    await demo_runtime.execute(CORPUS[-3][0], principal=behandelaar())
    assert counts["aside"] == before["aside"] + 1  # NOT_FOUND: graphql-core reports it
    anonymous = Principal.anoniem()
    await demo_runtime.execute("{ __schema { types { name } } }", principal=anonymous)
    assert counts["graphql"] == before["graphql"] + 2  # introspection
