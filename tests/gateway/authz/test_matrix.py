"""The authorisation matrix, generated from the policy files: for every role, every type and
every field of the schema, an operation that selects the field either returns it (no
authorisation error) or fails with FORBIDDEN (UNAUTHENTICATED without a token) naming the first
denied field on the way -- exactly as the role's policy says."""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    get_named_type,
    is_leaf_type,
)

from gateway.authz.policy import RolePolicy
from gateway.authz.principal import Principal, Role
from gateway.runtime import Runtime
from tests.conftest import behandelaar
from tests.support.graphql import data

Step = tuple[str, str]  # (type, field)

PRINCIPALS: dict[Role, Principal] = {
    Role.BEHANDELAAR: behandelaar(auditor=True),
    Role.KCC: Principal(role=Role.KCC, subject="kcc-007"),
    Role.BURGER: Principal(role=Role.BURGER, subject="999993653", bsn="999993653"),
    Role.ANONIEM: Principal.anoniem(),
}
DENIAL = {Role.ANONIEM: "UNAUTHENTICATED"}


def root_arguments(urls: dict[str, str]) -> dict[str, str]:
    return {
        "zaak": '(identificatie: "ZAAK-2026-0000001")',
        "zaken": "(first: 3)",
        "document": f'(url: "{urls["document"]}")',
        "documenten": "(first: 3)",
        "klantcontact": f'(url: "{urls["klantcontact"]}")',
        "klantcontacten": "(first: 3)",
        "zaaktype": '(identificatie: "PARKEERVERGUNNING")',
        "zaaktypen": "",
        "auditLog": "(first: 3)",
    }


def paths(schema: GraphQLSchema, policy: RolePolicy) -> dict[str, list[Step]]:
    """The shortest path from Query to each object type, through allowed fields when there is
    one (so a type the role can reach is tested as reached)."""
    found: dict[str, list[Step]] = {"Query": []}
    for allowed_only in (True, False):
        queue = deque(found)
        while queue:
            type_name = queue.popleft()
            gql_type = schema.get_type(type_name)
            assert isinstance(gql_type, GraphQLObjectType)
            for field_name, field in gql_type.fields.items():
                if allowed_only and not policy.allows(type_name, field_name):
                    continue
                target = get_named_type(field.type)
                members = target.types if isinstance(target, GraphQLUnionType) else [target]
                for member in members:
                    if isinstance(member, GraphQLObjectType) and member.name not in found:
                        found[member.name] = [*found[type_name], (type_name, field_name)]
                        queue.append(member.name)
    return found


def operation(schema: GraphQLSchema, path: list[Step], last: Step, args: dict[str, str]) -> str:
    type_name, field_name = last
    field = schema.get_type(type_name).fields[field_name]  # type: ignore[union-attr]
    inner = (
        field_name if is_leaf_type(get_named_type(field.type)) else f"{field_name} {{ __typename }}"
    )
    steps = [*path, last]
    for index in range(len(path) - 1, -1, -1):
        parent, step = path[index]
        target = steps[index + 1][0]
        owner = schema.get_type(parent).fields[step]  # type: ignore[union-attr]
        union = isinstance(get_named_type(owner.type), GraphQLUnionType)
        body = f"... on {target} {{ {inner} }}" if union else inner
        call = args.get(step, "") if parent == "Query" else ""
        inner = f"{step}{call} {{ {body} }}"
    if not path:
        inner = f"{field_name}{args.get(field_name, '')}" + (
            "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
        )
    return "{ " + inner + " }"


def cases(schema: GraphQLSchema) -> list[Step]:
    return [
        (name, field)
        for name, t in schema.type_map.items()
        if isinstance(t, GraphQLObjectType) and not name.startswith("__") and name != "Mutation"
        for field in t.fields
    ]


def literal(t: Any) -> str:
    """A syntactically valid value for a (required) argument type: enough to pass validation,
    useless to the mutation (which then fails on input, never on policy)."""
    if isinstance(t, GraphQLNonNull):
        return literal(t.of_type)
    if isinstance(t, GraphQLList):
        return "[]"
    if isinstance(t, GraphQLEnumType):
        return next(iter(t.values))
    if isinstance(t, GraphQLInputObjectType):
        fields = [
            f"{name}: {literal(f.type)}"
            for name, f in t.fields.items()
            if isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined
        ]
        return "{" + ", ".join(fields) + "}"
    return {"Int": "0", "Boolean": "false", "JSON": "{}", "Upload": "null"}.get(t.name, '"x"')


def mutation(schema: GraphQLSchema, name: str) -> str:
    field = schema.mutation_type.fields[name]  # type: ignore[union-attr]
    args = [
        f"{arg}: {literal(a.type)}"
        for arg, a in field.args.items()
        if isinstance(a.type, GraphQLNonNull) and a.default_value is Undefined
    ]
    call = f"({', '.join(args)})" if args else ""
    return f"mutation {{ {name}{call} {{ __typename }} }}"


@pytest.mark.parametrize("role", list(PRINCIPALS), ids=lambda r: r.value)
async def test_every_mutation_is_allowed_as_the_policy_says(
    fresh_runtime: Runtime, role: Role
) -> None:
    """(On a private copy of the data: an allowed mutation with dummy input may succeed.)"""
    schema = fresh_runtime.schema._schema
    policy = fresh_runtime.policies[role]
    denial = DENIAL.get(role, "FORBIDDEN")
    assert schema.mutation_type is not None
    for name in schema.mutation_type.fields:
        result = await fresh_runtime.execute(mutation(schema, name), principal=PRINCIPALS[role])
        errors = [e.formatted for e in result.errors or ()]
        policy_errors = [e for e in errors if "role" in e.get("extensions", {})]
        if policy.allows("Mutation", name):
            assert not policy_errors, (name, errors)
        else:
            assert [e["extensions"]["field"] for e in policy_errors] == [f"Mutation.{name}"], errors
            assert policy_errors[0]["extensions"]["code"] == denial
            assert result.data is None


@pytest.mark.parametrize("role", list(PRINCIPALS), ids=lambda r: r.value)
async def test_every_field_answers_as_the_policy_says(demo_runtime: Runtime, role: Role) -> None:
    schema = demo_runtime.schema._schema
    policy = demo_runtime.policies[role]
    principal = PRINCIPALS[role]
    urls = await _urls(demo_runtime)
    args = root_arguments(urls)
    reach = paths(schema, policy)
    denial = DENIAL.get(role, "FORBIDDEN")
    checked = {"allowed": 0, "denied": 0}
    for type_name, field_name in cases(schema):
        if type_name not in reach:
            # only returned by mutations (payloads): the mutation matrix covers them; or
            # reached only from Subscription: checked at subscribe time, per role, in
            # tests/subscriptions/test_authorisation.py
            continue
        path = reach[type_name]
        steps = [*path, (type_name, field_name)]
        denied = [f"{t}.{f}" for t, f in steps if not policy.allows(t, f)]
        query = operation(schema, path, (type_name, field_name), args)
        result = await demo_runtime.execute(query, principal=principal)
        errors = [e.formatted for e in result.errors or ()]
        error_codes = {e.get("extensions", {}).get("code") for e in errors}
        if denied:
            checked["denied"] += 1
            assert result.data is None, query
            assert error_codes == {denial}, (query, errors)
            named = {e["extensions"]["field"] for e in errors}
            assert denied[0] in named, (query, errors)
            assert all(e["extensions"]["role"] == role.value for e in errors)
        else:
            checked["allowed"] += 1
            assert error_codes.isdisjoint({"FORBIDDEN", "UNAUTHENTICATED"}), (query, errors)
            assert result.data is not None, (query, errors)
    assert checked["allowed"] > 0
    assert checked["denied"] > 0 or policy.all_fields


async def _urls(runtime: Runtime) -> dict[str, Any]:
    found = await data(
        runtime,
        """{ zaak(identificatie: "ZAAK-2026-0000001") {
               documenten { url } klantcontacten { url } } }""",
        principal=behandelaar(),
    )
    zaak = found["zaak"]
    return {
        "document": zaak["documenten"][0]["url"],
        "klantcontact": zaak["klantcontacten"][0]["url"],
    }
