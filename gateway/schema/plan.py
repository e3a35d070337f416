"""The compiled fast path for queries.

graphql-core executes a query field by field through its generic machinery (~5 µs a field). Our
query results are already loaded when the fields are walked (the root fields prefetch everything
below them, and the relation resolvers are synchronous reads), so most of that machinery does
nothing useful. This module compiles a validated query -- once per (query text, role), cached
with the validation -- into a plan: for every object type in the selection, the list of response
keys with the resolver and the serializer to use. Running the plan calls the root field functions
(the same code the strawberry resolvers call), then walks the plan over the returned objects,
calling the very resolvers installed on the schema (`gateway.schema.relations`), and serialises
leaves with the schema's own scalar and enum serializers.

Anything outside the plan's simple world -- a mutation or subscription, introspection, @defer,
a @skip/@include that depends on a variable, an error anywhere, a value not yet loaded, a null in
a non-null field -- makes the plan step aside: the operation is then executed by graphql-core,
which produces exactly the standard result and errors. Queries are read-only, so running one
again is safe. A differential test checks plan == graphql-core on many generated queries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    BooleanValueNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    is_leaf_type,
)
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.types.arguments import convert_arguments

from gateway.schema.json_wortel import JsonWortel, NietAlsJson, json_wortel
from gateway.schema.prefetch import Selection
from gateway.schema.projectie import Projectie, maak_projectie
from gateway.schema.queries.common import Veld
from gateway.schema.relations import attribute_of

RootFunction = Callable[..., Awaitable[Any]]


class NotCompilable(Exception):
    """The operation uses something the plan does not handle: graphql-core runs it."""


class StepAside(Exception):
    """At run time: let graphql-core run this operation instead."""


@dataclass(slots=True)
class _Info:
    """What the schema's resolvers read from graphql-core's info object."""

    context: Any


def _niet_gecompileerd(obj: Any, info: Any) -> dict[str, Any]:
    raise StepAside("an object plan without its projection")


@dataclass(slots=True)
class FieldPlan:
    key: str
    resolve: Callable[[Any, Any], Any] | None  # None: __typename
    serialize: Callable[[Any], Any] | None  # leaves
    is_list: bool
    nullable: bool
    #: the plan of the object(s) below: one per possible runtime type
    sub: dict[str, ObjectPlan] = field(default_factory=dict)
    resolve_type: Callable[[Any], str] | None = None
    #: a plain attribute read (decided at compile time): read directly, never awaitable
    attr: str | None = None
    #: the field's name in the schema ("__typename" for it), and a leaf's type name
    name: str = ""
    leaf_type: str | None = None


@dataclass(slots=True)
class ObjectPlan:
    type_name: str
    fields: list[FieldPlan]
    #: the fields as straight-line code (gateway/schema/projectie.py), made once compiled
    projecteer: Projectie = field(default=_niet_gecompileerd)


@dataclass(slots=True)
class RootPlan:
    key: str
    function: RootFunction
    field_def: GraphQLField
    strawberry_field: Any
    nodes: list[FieldNode]
    value: FieldPlan
    #: the root answered by the database's JSON, when the store can (gateway.schema.json_wortel)
    json: JsonWortel | None = None


@dataclass(slots=True)
class QueryPlan:
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    roots: list[RootPlan]
    #: the response keys in order: a root's key, or a key of `__typename`
    keys: list[tuple[str, RootPlan | None]]


# --- compiling ------------------------------------------------------------------------------


def _included(node: Any) -> bool:
    for directive in node.directives or ():
        name = directive.name.value
        if name in ("defer", "stream"):
            raise NotCompilable("incremental delivery")
        if name not in ("skip", "include"):
            continue
        value = next((a.value for a in directive.arguments if a.name.value == "if"), None)
        if not isinstance(value, BooleanValueNode):
            raise NotCompilable("@skip/@include with a variable")
        if (name == "skip") == value.value:
            return False
    return True


class _Compiler:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        resolve_type: Mapping[str, Callable[[Any], str]],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.resolve_type = resolve_type

    def collect(
        self, type_name: str, sets: Sequence[SelectionSetNode], parents: Sequence[str] = ()
    ) -> dict[str, list[FieldNode]]:
        """CollectFields for one concrete type: response key -> the field nodes it merges."""
        out: dict[str, list[FieldNode]] = {}
        matching = {type_name, *parents}

        def visit(selection_set: SelectionSetNode, seen: frozenset[str]) -> None:
            for sel in selection_set.selections:
                if not _included(sel):
                    continue
                if isinstance(sel, FieldNode):
                    key = sel.alias.value if sel.alias else sel.name.value
                    out.setdefault(key, []).append(sel)
                elif isinstance(sel, InlineFragmentNode):
                    condition = sel.type_condition
                    if condition is None or condition.name.value in matching:
                        visit(sel.selection_set, seen)
                elif isinstance(sel, FragmentSpreadNode):
                    name = sel.name.value
                    fragment = self.fragments.get(name)
                    if fragment is None or name in seen:
                        continue
                    if fragment.type_condition.name.value in matching:
                        visit(fragment.selection_set, seen | {name})

        for selection_set in sets:
            visit(selection_set, frozenset())
        return out

    def object_plan(
        self, gql_type: GraphQLObjectType, sets: Sequence[SelectionSetNode], parents: Sequence[str]
    ) -> ObjectPlan:
        fields = []
        for key, nodes in self.collect(gql_type.name, sets, parents).items():
            name = nodes[0].name.value
            if name == "__typename":
                fields.append(FieldPlan(key, None, None, False, False, name=name))
                continue
            if name.startswith("__"):
                raise NotCompilable("introspection")
            fields.append(self.field_plan(key, gql_type.fields[name], nodes))
        plan = ObjectPlan(gql_type.name, fields)
        plan.projecteer = maak_projectie(plan, StepAside)
        return plan

    def field_plan(
        self, key: str, field_def: GraphQLField, nodes: Sequence[FieldNode], *, root: bool = False
    ) -> FieldPlan:
        if not root and field_def.args and any(node.arguments for node in nodes):
            raise NotCompilable("a nested field with arguments")
        out_type: GraphQLOutputType = field_def.type
        nullable = not isinstance(out_type, GraphQLNonNull)
        inner: Any = out_type.of_type if isinstance(out_type, GraphQLNonNull) else out_type
        is_list = isinstance(inner, GraphQLList)
        if is_list:
            item = inner.of_type
            if isinstance(item, GraphQLList | GraphQLNonNull) and isinstance(
                getattr(item, "of_type", None), GraphQLList
            ):
                raise NotCompilable("nested lists")
        named = get_named_type(out_type)
        resolve = field_def.resolve
        if resolve is None:
            raise NotCompilable(f"a field without a resolver ({key})")
        attr = None if root else attribute_of(resolve)
        name = nodes[0].name.value
        if is_leaf_type(named):
            return FieldPlan(
                key,
                resolve,
                named.serialize,
                is_list,
                nullable,
                attr=attr,
                name=name,
                leaf_type=named.name,
            )
        sets = [n.selection_set for n in nodes if n.selection_set is not None]
        plan = FieldPlan(key, resolve, None, is_list, nullable, attr=attr, name=name)
        if isinstance(named, GraphQLObjectType):
            plan.sub[named.name] = self.object_plan(named, sets, ())
        elif isinstance(named, GraphQLUnionType):
            resolver = self.resolve_type.get(named.name)
            if resolver is None:
                raise NotCompilable(f"union {named.name} without a type resolver")
            plan.resolve_type = resolver
            for member in named.types:
                plan.sub[member.name] = self.object_plan(member, sets, (named.name,))
        else:
            raise NotCompilable(f"{named.name} is neither an object nor a union")
        return plan


def compile_query(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    roots: Mapping[str, RootFunction],
    strawberry_fields: Mapping[str, Any],
    resolve_type: Mapping[str, Callable[[Any], str]],
    json_roots: Mapping[str, RootFunction] | None = None,
) -> QueryPlan:
    """The plan of a validated query operation, or NotCompilable. A root in `json_roots`
    whose selection a store can build as JSON gets that way too (`RootPlan.json`)."""
    if operation.operation is not OperationType.QUERY:
        raise NotCompilable("not a query")
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    compiler = _Compiler(schema, fragments, resolve_type)
    query_type = schema.query_type
    assert query_type is not None
    root_plans: list[RootPlan] = []
    keys: list[tuple[str, RootPlan | None]] = []
    for key, nodes in compiler.collect(query_type.name, [operation.selection_set]).items():
        name = nodes[0].name.value
        if name == "__typename":
            keys.append((key, None))
            continue
        function = roots.get(name)
        if function is None:
            raise NotCompilable(f"root field {name}")
        field_def = query_type.fields[name]
        if len(nodes) > 1:
            raise NotCompilable("a root field selected twice under one key")
        value = compiler.field_plan(key, field_def, nodes, root=True)
        root = RootPlan(key, function, field_def, strawberry_fields[name], list(nodes), value)
        json_function = (json_roots or {}).get(name)
        if json_function is not None:
            root.json = json_wortel(value, json_function)
        root_plans.append(root)
        keys.append((key, root))
    return QueryPlan(operation, fragments, root_plans, keys)


# --- running --------------------------------------------------------------------------------


def _complete(f: FieldPlan, value: Any, info: _Info) -> Any:
    serialize = f.serialize
    if serialize is not None:
        return [serialize(v) for v in value] if f.is_list else serialize(value)
    if f.is_list:
        return [_one(f, v, info) for v in value]
    return _one(f, value, info)


def _one(f: FieldPlan, value: Any, info: _Info) -> Any:
    if value is None:
        raise StepAside("null item in a list of non-null objects")
    if f.resolve_type is not None:
        return f.sub[f.resolve_type(value)].projecteer(value, info)
    (sub,) = f.sub.values()
    return sub.projecteer(value, info)


async def run_plan(
    plan: QueryPlan,
    schema: GraphQLSchema,
    strawberry_schema: Any,
    context: Any,
    variables: dict[str, Any] | None,
    *,
    use_json: bool = True,
) -> dict[str, Any]:
    """The data of the query, or StepAside. `use_json`: answer roots with the database's JSON
    where the plan has that way (`RootPlan.json`)."""
    coerced = get_variable_values(
        schema, plan.operation.variable_definitions or (), variables or {}
    )
    if isinstance(coerced, list):
        raise StepAside("variables do not fit")
    info = _Info(context)
    calls: list[Awaitable[Any]] = []
    for root in plan.roots:
        raw = get_argument_values(root.field_def, root.nodes[0], coerced)
        kwargs = convert_arguments(
            raw,
            root.strawberry_field.arguments,
            scalar_registry=strawberry_schema.schema_converter.scalar_registry,
            config=strawberry_schema.config,
        )
        selection = Selection.of_fields(root.nodes, plan.fragments, coerced.coerced)
        veld = Veld(context, selection)
        if root.json is not None and use_json:
            calls.append(_als_json(root, root.json, veld, kwargs))
        else:
            calls.append(root.function(veld, **kwargs))
    values = await asyncio.gather(*calls, return_exceptions=True)
    for value in values:
        if isinstance(value, BaseException):
            raise StepAside("a root field raised") from value
    results = dict(zip((id(r) for r in plan.roots), values, strict=True))
    try:
        return _data(plan, results, info)
    except StepAside:
        raise
    except Exception as error:  # a field raised: graphql-core reports it with its path
        raise StepAside("a field raised") from error


@dataclass(slots=True)
class _Klaar:
    """A root's value that is its response already (the database's JSON, decoded)."""

    data: Any


async def _als_json(root: RootPlan, wortel: JsonWortel, veld: Veld, kwargs: dict[str, Any]) -> Any:
    try:
        return _Klaar(await wortel.function(veld, wortel, **kwargs))
    except NietAlsJson:
        return await root.function(veld, **kwargs)


def _data(plan: QueryPlan, results: dict[int, Any], info: _Info) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, entry in plan.keys:
        if entry is None:
            data[key] = "Query"
            continue
        value = results[id(entry)]
        if isinstance(value, _Klaar):
            data[key] = value.data
        elif value is None:
            if not entry.value.nullable:
                raise StepAside("null root")
            data[key] = None
        else:
            data[key] = _complete(entry.value, value, info)
    return data
