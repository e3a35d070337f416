"""Field policy enforcement, before execution.

`field_policy_rule(policy)` is a GraphQL validation rule class for one role: every field an
operation selects -- however it is reached: nested, aliased, in a fragment or an inline
fragment -- is checked against the role's policy, and a denied field fails the whole operation
with an error naming the field and the role (`extensions.code` FORBIDDEN, or UNAUTHENTICATED for
a caller without a token). Nothing is resolved then. The check is synchronous and static; it is
cached with the validation result per (query text, role).

`role_schema(schema, policy)` is the schema as the role sees it: the same types and resolvers
with only the permitted fields, for introspection and the per-role SDL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    SKIP,
    FieldNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    GraphQLUnionType,
    ValidationContext,
    ValidationRule,
    get_named_type,
    is_introspection_type,
)

from gateway.authz.policy import RolePolicy


def field_policy_rule(policy: RolePolicy) -> type[ValidationRule]:
    role = policy.role.value
    code = policy.denial_code

    class FieldPolicyRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.context = context

        def enter_field(self, node: FieldNode, *_: Any) -> Any:
            parent = self.context.get_parent_type()
            if parent is None or is_introspection_type(parent):
                return None
            name = node.name.value
            if name.startswith("__") or self.context.get_field_def() is None:
                return None  # introspection, or an unknown field (graphql's own rule reports it)
            if not policy.allows(parent.name, name):
                if code == "UNAUTHENTICATED":
                    message = (
                        f"Field '{parent.name}.{name}' needs a token: send "
                        "'Authorization: Bearer <token>'."
                    )
                else:
                    message = f"Field '{parent.name}.{name}' is not available to role '{role}'."
                self.report_error(
                    GraphQLError(
                        message,
                        node,
                        extensions={"code": code, "field": f"{parent.name}.{name}", "role": role},
                    )
                )
                return SKIP  # one error per denied field, none for what lies below it
            return None

    FieldPolicyRule.__name__ = f"FieldPolicyRule_{role}"
    return FieldPolicyRule


def role_schema(schema: GraphQLSchema, allows: Callable[[str, str], bool]) -> GraphQLSchema:
    """A copy of `schema` with only the fields `allows(type, field)` permits (types left without
    fields disappear, and so do the fields that return them; only what the roots reach is
    kept). Resolvers are shared."""
    keep = _fixpoint(schema, allows)
    cache: dict[str, GraphQLNamedType] = {}

    def named(t: GraphQLNamedType) -> GraphQLNamedType:
        if isinstance(t, GraphQLObjectType):
            if t.name not in cache:
                cache[t.name] = GraphQLObjectType(
                    t.name,
                    fields=lambda t=t: {  # type: ignore[misc]
                        name: _copy_field(f, wrap)
                        for name, f in t.fields.items()
                        if name in keep.get(t.name, ())
                    },
                    description=t.description,
                    is_type_of=t.is_type_of,
                )
            return cache[t.name]
        if isinstance(t, GraphQLUnionType):
            if t.name not in cache:
                cache[t.name] = GraphQLUnionType(
                    t.name,
                    types=lambda t=t: [  # type: ignore[misc,arg-type]
                        named(m) for m in t.types if m.name in keep
                    ],
                    resolve_type=t.resolve_type,
                    description=t.description,
                )
            return cache[t.name]
        return t  # scalars, enums and input types are shared

    def wrap(t: GraphQLType) -> Any:
        if isinstance(t, GraphQLNonNull):
            return GraphQLNonNull(wrap(t.of_type))
        if isinstance(t, GraphQLList):
            return GraphQLList(wrap(t.of_type))
        assert isinstance(t, GraphQLNamedType)
        return named(t)

    query = schema.query_type
    mutation = schema.mutation_type
    subscription = schema.subscription_type
    filtered = GraphQLSchema(
        query=named(query) if query is not None and query.name in keep else _empty_query(),  # type: ignore[arg-type]
        mutation=named(mutation) if mutation is not None and mutation.name in keep else None,  # type: ignore[arg-type]
        subscription=(
            named(subscription) if subscription is not None and subscription.name in keep else None  # type: ignore[arg-type]
        ),
        directives=schema.directives,
    )
    filtered._strawberry_schema = getattr(schema, "_strawberry_schema", None)  # type: ignore[attr-defined]
    return filtered


def _copy_field(f: GraphQLField, wrap: Callable[[GraphQLType], Any]) -> GraphQLField:
    return GraphQLField(
        wrap(f.type),
        args=f.args,
        resolve=f.resolve,
        subscribe=f.subscribe,
        description=f.description,
        deprecation_reason=f.deprecation_reason,
        extensions=f.extensions,
    )


def _fixpoint(schema: GraphQLSchema, allows: Callable[[str, str], bool]) -> dict[str, set[str]]:
    """type name -> the fields kept; repeated until no kept field returns a dropped type."""
    keep: dict[str, set[str]] = {}
    for name, t in schema.type_map.items():
        if isinstance(t, GraphQLObjectType) and not name.startswith("__"):
            fields = {f for f in t.fields if allows(name, f)}
            if fields:
                keep[name] = fields
    unions = {name: t for name, t in schema.type_map.items() if isinstance(t, GraphQLUnionType)}
    changed = True
    while changed:
        changed = False
        for name, union in unions.items():
            alive = any(m.name in keep for m in union.types)
            if alive and name not in keep:
                keep[name] = set()
                changed = True
            elif not alive and name in keep:
                del keep[name]
                changed = True
        for name in list(keep):
            t = schema.type_map[name]
            if not isinstance(t, GraphQLObjectType):
                continue
            for field_name in list(keep[name]):
                target = get_named_type(t.fields[field_name].type)
                if isinstance(
                    target, GraphQLObjectType | GraphQLUnionType | GraphQLInterfaceType
                ) and (target.name not in keep):
                    keep[name].discard(field_name)
                    changed = True
            if not keep[name]:
                del keep[name]
                changed = True
    # leaf types (scalars, enums, inputs) stay whenever something may use them
    for name, t in schema.type_map.items():
        if not isinstance(t, GraphQLObjectType | GraphQLUnionType | GraphQLInterfaceType):
            keep.setdefault(name, set())
    return keep


def _empty_query() -> GraphQLObjectType:
    from graphql import GraphQLString

    return GraphQLObjectType(
        "Query",
        {"_": GraphQLField(GraphQLString, description="Nothing is available to this role.")},
    )
