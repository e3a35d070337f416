"""Hypothesis strategies for GraphQL operations, built from the schema (graphql-core types).

An operation has one to three root fields with random arguments (known and unknown URLs and
identificaties, filters, ordering, page sizes; literals or variables) and random nested
selections up to `MAX_DEPTH` object levels (some operations dive: a relation on every level),
following relations both ways, with aliases, named fragments (also reused), inline fragments
with and without a type condition, fragments on the members of the union
`BetrokkeneIdentificatie`, and @skip/@include. Fields are chosen without regard to the
policy, except that most operations (`ALLOWED_SHARE`) keep to the fields the role may read, so
that enough operations get past the field policy. Every object selection carries `__typename`,
and `url` where the role may read it, so that the checker can identify what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
)
from hypothesis import strategies as st

from tests.support.property_args import (
    GELDIG_OP,
    ORDERINGS,
    PAGE_SIZES,
    EnumValue,
    bogus,
    filters,
    identificaties,
    literal,
)
from tests.support.property_oracle import Policy
from tests.support.property_records import World

MAX_DEPTH = 5
ALLOWED_SHARE = 0.7
#: root fields the test leaves out: the audit log is not about row scope, and the generated data
#: holds no forwarding opdrachten (their zaak's scope: tests/gateway/test_doorsturen.py) nor
#: sagas of writes through ZGW APIs (tests/registries/zgw/test_saga.py)
SKIPPED_ROOTS = {"auditLog", "doorstuurOpdrachten", "sagas"}
#: types that wrap a list of objects: they do not count as a level of nesting
WRAPPERS = ("Connection", "Edge")


#: a percentage, near uniform (st.integers favours small numbers, which skews the odds)
PERCENT = st.sampled_from(range(100))
_STRATEGIES: dict[Any, st.SearchStrategy[Any]] = {}


def _cached(key: Any, make: Any, *args: Any, **kwargs: Any) -> st.SearchStrategy[Any]:
    """`make(*args, **kwargs)`, made once per `key`."""
    found = _STRATEGIES.get(key)
    if found is None:
        found = _STRATEGIES[key] = make(*args, **kwargs)
    return found


def _name(f: FieldInfo) -> str:
    return f.name


@dataclass(frozen=True)
class FieldInfo:
    name: str
    target: str
    kind: str  # "leaf" | "object" | "union"
    args: dict[str, str]


class SchemaInfo:
    """The object types and unions of the schema, as the generator needs them."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.fields: dict[str, dict[str, FieldInfo]] = {}
        self.unions: dict[str, list[str]] = {}
        for name, t in schema.type_map.items():
            if name.startswith("__"):
                continue
            if isinstance(t, GraphQLUnionType):
                self.unions[name] = [m.name for m in t.types]
            elif isinstance(t, GraphQLObjectType):
                found = {}
                for fname, f in t.fields.items():
                    target = get_named_type(f.type)
                    kind = (
                        "union"
                        if isinstance(target, GraphQLUnionType)
                        else "object"
                        if isinstance(target, GraphQLObjectType)
                        else "leaf"
                    )
                    args = {a: str(arg.type) for a, arg in f.args.items()}
                    found[fname] = FieldInfo(fname, target.name, kind, args)
                self.fields[name] = found

    def __repr__(self) -> str:
        return f"SchemaInfo({len(self.fields)} object types)"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self))

    def has_url(self, type_name: str) -> bool:
        return "url" in self.fields.get(type_name, {})


@dataclass(frozen=True)
class Operation:
    text: str
    variables: dict[str, Any]
    allowed_only: bool
    #: the relations (Type.field) the operation follows
    relations: frozenset[str] = frozenset()


@dataclass
class _Fragment:
    name: str
    on: str
    height: int


@dataclass
class _Builder:
    draw: Any
    schema: SchemaInfo
    policy: Policy
    world: World
    allowed_only: bool
    fragments: list[_Fragment] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    var_defs: list[str] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    counter: int = 0
    dive: int = 0
    relations: set[str] = field(default_factory=set)

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def chance(self, p: float) -> bool:
        return bool(self.draw(PERCENT) >= 100 - p * 100)  # the simplest draw (0): no

    def pick(self, options: Any) -> Any:
        options = list(options)
        return options[
            self.draw(_cached(("index", len(options)), st.integers, 0, len(options) - 1))
        ]

    def some(
        self, type_name: str, kind: str, options: list[FieldInfo], most: int, least: int = 0
    ) -> Any:
        """`least` to `most` of `options` (the fields of `kind` of `type_name`), by a cached
        strategy: building strategies afresh for every draw costs more than drawing."""
        key = (self.policy.role, self.allowed_only, type_name, kind, most, least)
        unique = kind == "leaf"
        strategy = _cached(
            key,
            st.lists,
            st.sampled_from(options),
            min_size=least,
            max_size=most,
            unique_by=_name if unique else None,
        )
        return self.draw(strategy)

    def candidates(self, type_name: str) -> list[FieldInfo]:
        found = [
            f for f in self.schema.fields[type_name].values() if not f.args or type_name == "Query"
        ]
        if type_name == "Query":
            found = [f for f in found if f.name not in SKIPPED_ROOTS]
        if self.allowed_only:
            found = [f for f in found if self.policy.allows(type_name, f.name)]
        return found

    # --- the operation -------------------------------------------------------------------------

    def operation(self) -> Operation:
        if self.chance(0.4):  # dive: at least one relation on every level down to this one
            self.dive = 2 + self.draw(_cached(("index", 4), st.integers, 0, 3))
        roots = self.candidates("Query")
        if not roots:  # a role that may ask nothing: ask anything
            self.allowed_only = False
            roots = self.candidates("Query")
        key = (self.policy.role, self.allowed_only, "roots")
        picked = self.draw(_cached(key, st.lists, st.sampled_from(roots), min_size=1, max_size=3))
        used: set[str] = set()
        items = []
        for f in picked:
            alias = f.name in used or self.chance(0.3)
            used.add(f.name)
            items.append(
                f"{self.fresh('r') + ': ' if alias else ''}{f.name}{self.root_args(f)}"
                f" {self.selection(f.target, 0)[0]}"
            )
        if self.chance(0.1):
            name = self.fresh("Q")
            self.definitions.append(f"fragment {name} on Query {{ {' '.join(items)} }}")
            items = [f"...{name}"]
        head = f"query Op({', '.join(self.var_defs)})" if self.var_defs else "query Op"
        text = "\n".join([f"{head} {{ {' '.join(items)} }}", *self.definitions])
        return Operation(text, dict(self.variables), self.allowed_only, frozenset(self.relations))

    # --- selections ----------------------------------------------------------------------------

    def selection(self, type_name: str, depth: int) -> tuple[str, int]:
        """`{ ... }` for an object or union type at `depth`, and its height (object levels)."""
        if type_name in self.schema.unions:
            return self.union_selection(type_name, depth)
        wrapper = type_name.endswith(WRAPPERS)
        items = ["__typename"]
        if self.schema.has_url(type_name) and self.policy.allows(type_name, "url"):
            items.append("url")
        fields = self.candidates(type_name)
        leaves = [f for f in fields if f.kind == "leaf"]
        height = 0
        if leaves:
            for f in self.some(type_name, "leaf", leaves, 3):
                alias = self.fresh("a") + ": " if self.chance(0.2) else ""
                items.append(f"{alias}{f.name}{self.directive()}")
        next_depth = depth if wrapper else depth + 1
        relations = [f for f in fields if f.kind != "leaf"] if next_depth <= MAX_DEPTH else []
        if relations:
            most = 3 if wrapper else (2, 2, 2, 1, 1, 1)[depth]
            least = 1 if depth < self.dive else 0
            for f in self.some(type_name, f"relation{next_depth}", relations, most, least):
                self.relations.add(f"{type_name}.{f.name}")
                sub, sub_height = self.selection(f.target, next_depth)
                height = max(height, sub_height + (0 if wrapper else 1))
                alias = self.fresh("a") + ": " if self.chance(0.3) else ""
                items.append(f"{alias}{f.name}{self.directive()} {sub}")
        items = self.fragmented(type_name, items, depth, height)
        return "{ " + " ".join(items) + " }", height

    def fragmented(self, type_name: str, items: list[str], depth: int, height: int) -> list[str]:
        """Move some of `items` into a named or inline fragment, or reuse a named one."""
        if len(items) > 1 and self.chance(0.25):
            cut = self.draw(_cached(("cut", len(items)), st.integers, 1, len(items) - 1))
            inner = items[cut:]
            if self.chance(0.5):
                name = self.fresh("F")
                self.definitions.append(f"fragment {name} on {type_name} {{ {' '.join(inner)} }}")
                self.fragments.append(_Fragment(name, type_name, height))
                items = [*items[:cut], f"...{name}"]
            else:
                condition = self.pick([f" on {type_name}", ""])
                # objects stay identifiable: no directive on a fragment that holds `url`
                directive = "" if "url" in inner else self.directive()
                body = " ".join(inner)
                items = [*items[:cut], f"...{condition}{directive} {{ {body} }}"]
        reusable = [
            f for f in self.fragments if f.on == type_name and depth + f.height <= MAX_DEPTH
        ]
        if reusable and self.chance(0.15):
            items.append(f"...{self.pick(reusable).name}")
        return items

    def union_selection(self, union: str, depth: int) -> tuple[str, int]:
        items = ["__typename"]
        members = self.schema.unions[union]
        key = ("members", union)
        strategy = _cached(
            key, st.lists, st.sampled_from(members), min_size=1, max_size=3, unique=True
        )
        for member in self.draw(strategy):
            leaves = [f for f in self.candidates(member) if f.kind == "leaf"]
            chosen = self.some(member, "leaf", leaves, 3) if leaves else []
            body = " ".join(["__typename", *(f.name for f in chosen)])
            if self.chance(0.4):
                name = self.fresh("U")
                self.definitions.append(f"fragment {name} on {member} {{ {body} }}")
                self.fragments.append(_Fragment(name, member, 0))
                items.append(f"...{name}")
            else:
                items.append(f"... on {member} {{ {body} }}")
        if self.chance(0.2):
            items.append(f"... on {union} {{ __typename }}")
        return "{ " + " ".join(items) + " }", 0

    def directive(self) -> str:
        """Now and then `@skip` or `@include`, with a literal or a variable."""
        if not self.chance(0.1):
            return ""
        name, flag = self.pick(["skip", "include"]), self.pick([True, False])
        if self.chance(0.5):
            var = self.fresh("d")
            self.var_defs.append(f"${var}: Boolean!")
            self.variables[var] = flag
            return f" @{name}(if: ${var})"
        return f" @{name}(if: {literal(flag)})"

    # --- root arguments ------------------------------------------------------------------------

    def root_args(self, f: FieldInfo) -> str:
        values = self.arg_values(f.name)
        if not values:
            return ""
        parts = []
        for name, value in values.items():
            if self.chance(0.4):
                var = self.fresh("v")
                self.var_defs.append(f"${var}: {f.args[name]}")
                self.variables[var] = value
                parts.append(f"{name}: ${var}")
            else:
                parts.append(f"{name}: {literal(value)}")
        return "(" + ", ".join(parts) + ")"

    def arg_values(self, root: str) -> dict[str, Any]:
        w = self.world
        if root == "zaak":
            if self.chance(0.5):
                return {"url": self.pick([*w.zaken, bogus("zaken/api/v1/zaken")])}
            return {
                "identificatie": self.pick(
                    [*(z.identificatie for z in w.zaken.values()), "PROP-99999"]
                )
            }
        if root == "document":
            return {
                "url": self.pick(
                    [*w.documenten, bogus("documenten/api/v1/enkelvoudiginformatieobjecten")]
                )
            }
        if root == "klantcontact":
            return {
                "url": self.pick(
                    [*w.klantcontacten, bogus("klantinteracties/api/v1/klantcontacten")]
                )
            }
        if root == "zaaktype":
            found: dict[str, Any] = (
                {"url": self.pick([*w.zaaktypen, bogus("catalogi/api/v1/zaaktypen")])}
                if self.chance(0.5)
                else {"identificatie": self.pick([*identificaties(w), "ONBEKEND"])}
            )
            if "identificatie" in found and self.chance(0.3):
                found["geldigOp"] = self.pick(GELDIG_OP)
            return found
        if root == "zaaktypen":
            found = {}
            if self.chance(0.4):
                found["identificatie"] = self.pick([*identificaties(w), "ONBEKEND"])
            if self.chance(0.3):
                found["geldigOp"] = self.pick(GELDIG_OP)
            return found
        args: dict[str, Any] = {}
        if self.chance(0.6):
            args["filter"] = self.draw(_cached(("filter", w.seed, id(w), root), filters, w, root))
        if root == "zaken" and self.chance(0.5):
            args["ordering"] = EnumValue(self.pick(ORDERINGS))
        if self.chance(0.8):
            args["first"] = self.pick(PAGE_SIZES)
        return args


@st.composite
def operations(draw: Any, schema: SchemaInfo, policy: Policy, world: World) -> Operation:
    allowed_only = draw(PERCENT) < ALLOWED_SHARE * 100
    return _Builder(draw, schema, policy, world, allowed_only).operation()
