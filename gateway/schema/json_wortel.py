"""A root field answered with JSON the database builds (`registries.json_vorm`).

When the compiled plan of a query (`gateway.schema.plan`) has a root whose whole selection a
store can build as JSON in its own statement -- today `zaken { nodes { ... } }` over the
embedded store, with the zaak's fields, zaaktype, status, statussen (with statustype) and
documenten -- the plan runs that root by one read: no domain object per row, no walk of the
plan over them. What the gateway owns stays in the gateway:

- the field policy: the operation was validated for the role before it was planned;
- the row scope: the store's statement applies it (the same conditions as the zaken list),
  and the row guard re-checks every zaak and document in the answer with `Scope.admits_*`,
  from what the statement hands out beside the JSON. If the guard would drop anything, the
  root steps aside (`NietAlsJson`) and is answered the usual way, which drops and reports it;
- the audit log: a record for every zaak and document in the answer, as the usual way makes.

This module translates a plan into the shape the store is asked for (`json_wortel`); the root
function itself lives with the other zaken roots (`gateway.schema.queries.zaken`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from registries.json_vorm import JsonVeld, JsonVorm

if TYPE_CHECKING:
    from gateway.schema.plan import FieldPlan, ObjectPlan


class NietAlsJson(Exception):
    """At run time: answer this root the usual way (the store cannot, or the guard objects)."""


#: GraphQL object type -> the kind of object in `registries.json_vorm`
SOORTEN = {
    "Zaak": "zaak",
    "Status": "status",
    "StatusType": "statustype",
    "ZaakType": "zaaktype",
    "Document": "document",
}

#: (type, field) -> is it a list; the relations a JSON shape may follow
RELATIES = {
    ("Zaak", "zaaktype"): False,
    ("Zaak", "status"): False,
    ("Zaak", "statussen"): True,
    ("Zaak", "documenten"): True,
    ("Status", "statustype"): False,
}

#: the scalars whose serialisation the stores write in SQL (`registries.sql.zaken_json`)
SCALARS = frozenset({"String", "Int", "Boolean", "Date", "DateTime"})


@dataclass(frozen=True, slots=True)
class JsonWortel:
    """How a root of a plan is answered with JSON: the zaak's shape, and the connection's keys
    ((response key, "nodes" or "__typename"))."""

    vorm: JsonVorm
    keys: tuple[tuple[str, str], ...]
    function: Callable[..., Awaitable[Any]]


def json_wortel(value: FieldPlan, function: Callable[..., Awaitable[Any]]) -> JsonWortel | None:
    """The JSON answer of a `zaken` root whose plan is `value`, or None when its selection
    holds anything but `nodes` (and `__typename`) of the connection, or a field below that
    no store writes as JSON."""
    if value.is_list or len(value.sub) != 1:
        return None
    (connection,) = value.sub.values()
    keys: list[tuple[str, str]] = []
    vorm: JsonVorm | None = None
    for f in connection.fields:
        if f.name == "__typename":
            keys.append((f.key, "__typename"))
        elif f.name == "nodes" and f.is_list and len(f.sub) == 1:
            (node,) = f.sub.values()
            found = _vorm(node)
            if found is None or (vorm is not None and vorm != found):
                return None
            vorm = found
            keys.append((f.key, "nodes"))
        else:
            return None  # edges, pageInfo, totalCount: the usual way
    if vorm is None:
        return None
    return JsonWortel(vorm, tuple(keys), function)


def _vorm(plan: ObjectPlan) -> JsonVorm | None:
    soort = SOORTEN.get(plan.type_name)
    if soort is None:
        return None
    velden: list[JsonVeld] = []
    for f in plan.fields:
        veld = _veld(plan.type_name, f)
        if veld is None:
            return None
        velden.append(veld)
    return JsonVorm(soort, tuple(velden))


def _veld(type_name: str, f: FieldPlan) -> JsonVeld | None:
    if f.name == "__typename":
        return JsonVeld(f.key, "", constante=type_name)
    if f.leaf_type is not None:
        if f.leaf_type not in SCALARS or f.is_list or f.attr is None:
            return None
        return JsonVeld(f.key, f.attr, nullable=f.nullable)
    is_list = RELATIES.get((type_name, f.name))
    if is_list is None or is_list != f.is_list or len(f.sub) != 1:
        return None
    (sub,) = f.sub.values()
    vorm = _vorm(sub)
    if vorm is None:
        return None
    return JsonVeld(f.key, f.name, nullable=f.nullable, vorm=vorm)
