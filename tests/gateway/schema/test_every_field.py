"""Every field of every type resolves against the demo data: a query generated from the schema
selects all of them, and each must come back non-null (a non-empty list) at least once."""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)

from gateway.runtime import Runtime
from tests.conftest import behandelaar
from tests.support.graphql import data

MAX_DEPTH = 5
ROOTS = {
    "zaken": ("zaken(first: 100)", "ZaakConnection"),
    "documenten": ("documenten(first: 100)", "DocumentConnection"),
    "klantcontacten": ("klantcontacten(first: 100)", "KlantcontactConnection"),
    "zaaktypen": ("zaaktypen", "ZaakType"),
    "zaak": ('zaak(identificatie: "ZAAK-2026-0000008")', "Zaak"),
    "zaaktype": ('zaaktype(identificatie: "BEZWAAR")', "ZaakType"),
    # last: the reads above are in the audit log by now
    "auditLog": ("auditLog(first: 100)", "AuditRecordConnection"),
}

#: gateway state that the demo data does not hold; their own tests resolve every field
#: (tests/gateway/test_doorsturen.py; the sagas: tests/registries/zgw/test_saga.py)
NOT_IN_DEMO = {
    "DoorstuurOpdracht",
    "DoorstuurOpdrachtConnection",
    "DoorstuurOpdrachtEdge",
    "Saga",
    "SagaConnection",
    "SagaEdge",
    "SagaStap",
}


def _first_leaf(t: GraphQLObjectType) -> str:
    return next(name for name, f in t.fields.items() if is_leaf_type(get_named_type(f.type)))


def selection(schema: GraphQLSchema, type_name: str, depth: int, path: tuple[str, ...]) -> str:
    t = schema.get_type(type_name)
    if isinstance(t, GraphQLUnionType):
        parts = ["__typename"]
        for member in t.types:
            parts.append(
                f"... on {member.name} {{ {selection(schema, member.name, depth, path)} }}"
            )
        return " ".join(parts)
    assert isinstance(t, GraphQLObjectType)
    parts = []
    for name, field in t.fields.items():
        target = get_named_type(field.type)
        if is_leaf_type(target):
            parts.append(name)
        elif target.name in path or depth == 0:
            if isinstance(target, GraphQLObjectType):
                parts.append(f"{name} {{ {_first_leaf(target)} }}")
        else:
            sub = selection(schema, target.name, depth - 1, (*path, target.name))
            parts.append(f"{name} {{ {sub} }}")
    return " ".join(parts)


def _unwrap(t: GraphQLOutputType) -> GraphQLOutputType:
    while isinstance(t, GraphQLNonNull | GraphQLList):
        t = t.of_type
    return t


def walk(schema: GraphQLSchema, type_name: str, value: Any, seen: set[tuple[str, str]]) -> None:
    if value is None:
        return
    if isinstance(value, list):
        for item in value:
            walk(schema, type_name, item, seen)
        return
    t = schema.get_type(type_name)
    if isinstance(t, GraphQLUnionType):
        type_name = value["__typename"]
        t = schema.get_type(type_name)
    assert isinstance(t, GraphQLObjectType)
    for name, field_value in value.items():
        if name == "__typename":
            continue
        if field_value is not None and field_value != []:
            seen.add((type_name, name))
        target = _unwrap(t.fields[name].type)
        if not is_leaf_type(target):
            walk(schema, target.name, field_value, seen)


def _reachable_from_query(schema: GraphQLSchema) -> set[str]:
    """The read schema: types reachable from Query (mutation payloads are tested with them)."""
    seen: set[str] = set()
    todo = ["Query"]
    while todo:
        t = schema.get_type(todo.pop())
        if t is None or t.name in seen:
            continue
        seen.add(t.name)
        if isinstance(t, GraphQLUnionType):
            todo.extend(m.name for m in t.types)
        elif isinstance(t, GraphQLObjectType):
            todo.extend(get_named_type(f.type).name for f in t.fields.values())
    return seen


async def test_every_field_of_every_type_resolves(demo_runtime: Runtime) -> None:
    schema = demo_runtime.schema._schema
    seen: set[tuple[str, str]] = set()
    reached: set[str] = set()
    for alias, (field, type_name) in ROOTS.items():
        query = (
            f"{{ {alias}: {field} {{ {selection(schema, type_name, MAX_DEPTH, (type_name,))} }} }}"
        )
        found = await data(demo_runtime, query, principal=behandelaar(auditor=True))
        walk(schema, type_name, found[alias], seen)
        reached.add(type_name)
    for type_name, _ in seen:
        reached.add(type_name)
    readable = _reachable_from_query(schema)
    expected = {
        (t.name, f)
        for t in schema.type_map.values()
        if isinstance(t, GraphQLObjectType)
        and t.name in readable
        and t.name != "Query"
        and t.name not in NOT_IN_DEMO
        for f in t.fields
    }
    missing = sorted(expected - seen)
    assert not missing, f"fields never resolved to a value in the demo data: {missing}"
