"""What every root field needs: the operation context and the selection below the field.

A root field's logic is a plain async function of a `Veld` (its context and selection) and its
arguments, so that both strawberry's resolvers and the compiled fast path (`gateway.schema.plan`)
run the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLResolveInfo

from gateway.context import OperationContext
from gateway.schema.prefetch import Selection, prefetch

ResolveInfo = GraphQLResolveInfo[Any]


@dataclass(frozen=True, slots=True)
class Veld:
    """One root field being resolved: the operation's context and what it selects."""

    ctx: OperationContext
    selection: Selection


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


def veld(info: strawberry.Info) -> Veld:
    return Veld(context(info), selection(info))


async def prefetch_below(
    v: Veld,
    type_name: str,
    objects: list[Any],
    *path: str,
    start: str | None = None,
    samen: bool = False,
) -> None:
    """Prefetch what the field selects below `objects`. With `path`, the objects sit below that
    path of fields on type `start` (e.g. `zaak` of a mutation's payload). `samen`: one object
    asked by itself, whose children may be read together (`prefetch`)."""
    sel = v.selection
    if path:
        assert start is not None
        sel = sel.below(start, *path)
    await prefetch(v.ctx.loaders, type_name, objects, sel, samen=samen)


async def prefetch_connection(
    v: Veld, connection_type: str, node_type: str, objects: list[Any]
) -> None:
    """Prefetch below the nodes of a connection (both `edges { node }` and `nodes`)."""
    sel = v.selection
    edge_nodes = sel.below(connection_type, "edges", "node")
    nodes = sel.below(connection_type, "nodes")
    merged = Selection(edge_nodes.sets + nodes.sets, sel.fragments, sel.variables)
    await prefetch(v.ctx.loaders, node_type, objects, merged)


def selects_total(v: Veld, connection_type: str) -> bool:
    return v.selection.selects(connection_type, "totalCount")
