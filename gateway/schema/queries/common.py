"""What every root resolver needs: the operation context, the raw resolve info, the prefetch."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLResolveInfo

from gateway.context import OperationContext
from gateway.schema.prefetch import Selection, prefetch

ResolveInfo = GraphQLResolveInfo[Any]


def raw_info(info: strawberry.Info) -> ResolveInfo:
    return info._raw_info


def context(info: strawberry.Info) -> OperationContext:
    ctx = info.context
    assert isinstance(ctx, OperationContext)
    return ctx


def selection(info: strawberry.Info) -> Selection:
    raw = raw_info(info)
    # the strawberry execution context hands resolvers the coerced variables as a dict
    variables: dict[str, Any] = raw.variable_values  # type: ignore[assignment]
    return Selection.of_fields(raw.field_nodes, raw.fragments, variables)


async def prefetch_below(
    info: strawberry.Info, type_name: str, objects: list[Any], *path: str, start: str | None = None
) -> None:
    """Prefetch what the field being resolved selects below `objects`. With `path`, the objects
    sit below that path of fields on type `start` (e.g. edges.node of a connection)."""
    sel = selection(info)
    if path:
        assert start is not None
        sel = sel.below(start, *path)
    await prefetch(context(info).loaders, type_name, objects, sel)


async def prefetch_connection(
    info: strawberry.Info, connection_type: str, node_type: str, objects: list[Any]
) -> None:
    """Prefetch below the nodes of a connection (both `edges { node }` and `nodes`)."""
    sel = selection(info)
    edge_nodes = sel.below(connection_type, "edges", "node")
    nodes = sel.below(connection_type, "nodes")
    merged = Selection(edge_nodes.sets + nodes.sets, sel.fragments, sel.variables)
    await prefetch(context(info).loaders, node_type, objects, merged)


def selects_total(info: strawberry.Info, connection_type: str) -> bool:
    return selection(info).selects(connection_type, "totalCount")
