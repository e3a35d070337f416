"""The checker of the property-based authorisation test: walks a response alongside its
operation (parsed again from the text, fragments and aliases resolved by the test itself) and
compares every object with the oracle.

- An operation that selects a field the role's policy denies must answer only errors (the
  denial code, each naming a denied field; together exactly the denied fields) and no data.
- Otherwise: no errors but NOT_FOUND on a root field whose object the caller may not see; every
  Zaak, Document, Klantcontact and ZaakType returned is in the caller's visible set; every key
  of every object is a field the policy allows for its `__typename`; every list below an object
  (rollen, documenten, klantcontacten, deelzaken, zaken, betrokkenen, onderwerpobjecten) holds
  exactly what the oracle says; `totalCount`, pages and `pageInfo` match the oracle's list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    parse,
    value_from_ast_untyped,
)

from tests.support.property_objects import OBJECT_CHECKS
from tests.support.property_ops import SchemaInfo
from tests.support.property_oracle import Oracle, Policy
from tests.support.property_records import World

Fields = dict[str, list[FieldNode]]
DEFAULT_PAGE_SIZE = 20
#: graphql-core's validation error limit
MAX_VALIDATION_ERRORS = 100


class Leak(AssertionError):
    """A response holds something outside the caller's scope or field policy (LEAK), or
    differs from what the oracle says the caller sees (MISSING, WRONG PAGE, ...)."""


@dataclass
class Checker:
    schema: SchemaInfo
    world: World
    oracle: Oracle
    policy: Policy
    text: str
    variables: dict[str, Any]
    #: cursor -> its position in a list (learnt from earlier pages; cursors are opaque)
    cursors: dict[str, int] = field(default_factory=dict)
    #: cursors seen in this response: root key -> [(cursor, position)]
    seen: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: whether the operation got past the field policy (set by `check`)
    allowed: bool = False

    def __post_init__(self) -> None:
        doc = parse(self.text)
        self.operation = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
        self.fragments = {
            d.name.value: d for d in doc.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def fail(self, message: str) -> Leak:
        return Leak(f"{message}\n  role {self.policy.role}, principal {self.oracle.principal}")

    # --- the two outcomes -------------------------------------------------------------------

    def check(self, data: dict[str, Any] | None, errors: list[dict[str, Any]]) -> bool:
        """Checks the response; True when the operation was allowed."""
        denied = self.denied_fields()
        if denied:
            if data is not None:
                raise self.fail(f"data returned for an operation with denied fields {denied}")
            complete = True
            if len(errors) > MAX_VALIDATION_ERRORS:
                # graphql-core stops validating after 100 errors and says so in a last error
                last = errors.pop()
                if last.get("extensions", {}).get("code") != "GRAPHQL_VALIDATION_FAILED":
                    raise self.fail(f"after {len(errors)} errors: {last}")
                complete = False
            named = {e.get("extensions", {}).get("field") for e in errors}
            codes = {e.get("extensions", {}).get("code") for e in errors}
            wrong = named - denied if not complete else named ^ denied
            if codes != {self.policy.denial_code} or wrong:
                raise self.fail(
                    f"denied {sorted(denied)}; errors with codes {codes} name {sorted(named)}"
                    f" (difference: {sorted(str(w) for w in wrong)})"
                )
            return False
        not_found = set()
        for e in errors:
            path = e.get("path") or []
            if e.get("extensions", {}).get("code") != "NOT_FOUND" or len(path) != 1:
                raise self.fail(f"unexpected error {e}")
            not_found.add(path[0])
        if data is None:
            raise self.fail(f"no data, errors {errors}")
        roots = self.collect("Query", [self.operation.selection_set])
        if set(data) != set(roots):
            raise self.fail(f"root keys {sorted(data)} != selected {sorted(roots)}")
        for key, nodes in roots.items():
            self.root(key, nodes, data[key], key in not_found)
        return True

    def denied_fields(self) -> set[str]:
        found: set[str] = set()

        def walk(type_name: str, sel: SelectionSetNode) -> None:
            for s in sel.selections:
                if isinstance(s, FieldNode):
                    name = s.name.value
                    if name.startswith("__"):
                        continue
                    if not self.policy.allows(type_name, name):
                        # one error per denied field, none for what it selects (a fragment
                        # spread below it still counts: definitions are checked on their own)
                        found.add(f"{type_name}.{name}")
                        continue
                    if s.selection_set is not None:
                        walk(self.schema.fields[type_name][name].target, s.selection_set)
                elif isinstance(s, InlineFragmentNode):
                    walk(_name(s.type_condition) or type_name, s.selection_set)

        walk("Query", self.operation.selection_set)
        for fragment in self.fragments.values():
            walk(fragment.type_condition.name.value, fragment.selection_set)
        return found

    # --- fields of an object, fragments resolved ---------------------------------------------

    def applies(self, condition: NamedTypeNode | None, type_name: str) -> bool:
        name = _name(condition)
        return name is None or name == type_name or type_name in self.schema.unions.get(name, ())

    def collect(self, type_name: str, sets: Iterable[SelectionSetNode]) -> Fields:
        found: Fields = {}

        def visit(sel: SelectionSetNode) -> None:
            for s in sel.selections:
                if not self.included(s):
                    continue
                if isinstance(s, FieldNode):
                    found.setdefault((s.alias or s.name).value, []).append(s)
                elif isinstance(s, InlineFragmentNode):
                    if self.applies(s.type_condition, type_name):
                        visit(s.selection_set)
                elif isinstance(s, FragmentSpreadNode):
                    fragment = self.fragments[s.name.value]
                    if self.applies(fragment.type_condition, type_name):
                        visit(fragment.selection_set)

        for sel in sets:
            visit(sel)
        return found

    def included(self, node: Any) -> bool:
        """What @skip and @include say about a selection."""
        for directive in node.directives or ():
            flag = value_from_ast_untyped(directive.arguments[0].value, self.variables)
            if (directive.name.value == "skip") == bool(flag):
                return False
        return True

    def below(self, type_name: str, nodes: list[FieldNode]) -> Fields:
        return self.collect(type_name, [n.selection_set for n in nodes if n.selection_set])

    # --- objects ------------------------------------------------------------------------------

    def objects(self, declared: str, value: Any, nodes: list[FieldNode], path: str) -> None:
        if value is None:
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                self.objects(declared, item, nodes, f"{path}[{i}]")
            return
        typename = value.get("__typename")
        members = self.schema.unions.get(declared, [declared])
        if typename not in members:
            raise self.fail(f"{path}: __typename {typename!r}, expected one of {members}")
        fields = self.below(typename, nodes)
        if set(value) != set(fields):
            raise self.fail(f"{path}: keys {sorted(value)} != selected {sorted(fields)}")
        for key, fnodes in fields.items():
            name = fnodes[0].name.value
            if not self.policy.allows(typename, name):
                raise self.fail(f"{path}.{key}: field {typename}.{name} is denied, yet returned")
            info = self.schema.fields[typename].get(name)
            if info is not None and info.kind != "leaf":
                self.objects(info.target, value[key], fnodes, f"{path}.{key}")
        check = OBJECT_CHECKS.get(typename)
        if check is not None:
            check(self, value, fields, path)

    def values(self, value: dict[str, Any], fields: Fields, name: str) -> list[Any]:
        return [value[k] for k, nodes in fields.items() if nodes[0].name.value == name]

    def scalars(
        self, value: dict[str, Any], fields: Fields, path: str, want: dict[str, Any]
    ) -> None:
        for name, expected in want.items():
            for got in self.values(value, fields, name):
                if got != expected:
                    raise self.fail(f"{path}.{name}: {got!r}, the data says {expected!r}")

    @staticmethod
    def urls(items: list[dict[str, Any]]) -> list[str] | None:
        """The urls of `items` when they were selected (else None: compare the number only)."""
        if any("url" not in item for item in items):
            return None
        return [item["url"] for item in items]

    def same_set(
        self, items: list[dict[str, Any]], expected: set[str], path: str, what: str
    ) -> None:
        """`items` are exactly the objects with the `expected` urls (their number, when their
        urls were not selected)."""
        got = self.urls(items)
        if got is None:
            if len(items) != len(expected):
                raise self.fail(f"{path}: {len(items)} {what}, expected {len(expected)}")
            return
        if sorted(got) != sorted(expected):
            extra = set(got) - expected
            label = "LEAK" if extra else "MISSING"
            raise self.fail(f"{label} {path}: {what} {sorted(got)}, expected {sorted(expected)}")

    def projection(
        self, item: dict[str, Any], sub: Fields, names: tuple[str, ...], by_name: bool = False
    ) -> tuple[tuple[str, Any], ...]:
        """The values of the fields in `names` that `sub` selects, as a comparable tuple."""
        out = []
        for key, nodes in sub.items():
            name = nodes[0].name.value
            if name in names:
                out.append((key, item[name] if by_name else item[key]))
        return tuple(sorted(out))

    # --- root fields --------------------------------------------------------------------------

    def root(self, key: str, nodes: list[FieldNode], value: Any, not_found: bool) -> None:
        node = nodes[0]
        name = node.name.value
        args = {
            a.name.value: value_from_ast_untyped(a.value, self.variables)
            for a in node.arguments or ()
        }
        args = {k: v for k, v in args.items() if v is not Undefined}
        info = self.schema.fields["Query"][name]
        self.objects(info.target, value, nodes, key)
        single: dict[str, Callable[[], str | None]] = {
            "zaak": lambda: _zaak_target(self.world, args, self.oracle.zaken),
            "document": lambda: args["url"] if args["url"] in self.oracle.documenten else None,
            "klantcontact": lambda: (
                args["url"] if args["url"] in self.oracle.klantcontacten else None
            ),
            "zaaktype": lambda: self.oracle.zaaktype(
                args.get("url"), args.get("identificatie"), args.get("geldigOp")
            ),
        }
        if name in single:
            expected = single[name]()
            if (value is None) != (expected is None) or not_found != (expected is None):
                raise self.fail(f"{key}: got {value} (NOT_FOUND: {not_found}), expected {expected}")
            if value is not None and "url" in value and value["url"] != expected:
                raise self.fail(f"{key}: got {value['url']}, expected {expected}")
            return
        if not_found:
            raise self.fail(f"{key}: NOT_FOUND on a list")
        if name == "zaaktypen":
            want = self.oracle.zaaktypen_lijst(args.get("identificatie"), args.get("geldigOp"))
            self.same_set(value, want, key, "zaaktypen")
            return
        lists = {
            "zaken": lambda: self.oracle.zaken_lijst(args.get("filter"), args.get("ordering")),
            "documenten": lambda: self.oracle.documenten_lijst(args.get("filter")),
            "klantcontacten": lambda: self.oracle.klantcontacten_lijst(args.get("filter")),
        }
        after = args.get("after")
        offset = 0 if after is None else self.cursors[after] + 1
        first = args.get("first")
        self.connection(key, info.target, nodes, value, lists[name](), offset, first)

    def connection(
        self,
        key: str,
        type_name: str,
        nodes: list[FieldNode],
        value: dict[str, Any],
        expected: list[str],
        offset: int,
        first: int | None,
    ) -> None:
        size = DEFAULT_PAGE_SIZE if first is None else first
        page = expected[offset : offset + size]
        node_type = type_name.removesuffix("Connection")
        fields = self.below(type_name, nodes)
        cursors: list[str] = []
        for k, fnodes in fields.items():
            name, got = fnodes[0].name.value, value[k]
            where = f"{key}.{k}"
            if name == "totalCount" and got != len(expected):
                raise self.fail(f"LEAK {where}: totalCount {got}, the caller sees {len(expected)}")
            if name == "nodes":
                self.page(got, page, where)
            if name == "edges":
                edge_fields = self.below(f"{node_type}Edge", fnodes)
                for ek, enodes in edge_fields.items():
                    ename = enodes[0].name.value
                    column = [e[ek] for e in got]
                    if ename == "node":
                        self.page(column, page, where)
                    elif ename == "cursor":
                        if len(set(column)) != len(column) or len(column) != len(page):
                            raise self.fail(f"{where}: cursors {column} for a page of {len(page)}")
                        cursors = column
            if name == "pageInfo":
                want = {"hasNextPage": offset + size < len(expected), "hasPreviousPage": offset > 0}
                self.page_info(got, self.below("PageInfo", fnodes), want, page, where)
        if cursors:
            positions = [(c, offset + i) for i, c in enumerate(cursors)]
            self.seen[key] = positions
            self.cursors.update(positions)

    def page(self, nodes: list[dict[str, Any]], page: list[str], where: str) -> None:
        got = self.urls(nodes)
        if len(nodes) != len(page) or (got is not None and got != page):
            extra = set(got or ()) - set(page)
            raise self.fail(f"{'LEAK' if extra else 'WRONG PAGE'} {where}: {got}, expected {page}")

    def page_info(
        self,
        value: dict[str, Any],
        fields: Fields,
        want: dict[str, bool],
        page: list[str],
        where: str,
    ) -> None:
        for k, nodes in fields.items():
            name = nodes[0].name.value
            if name in want and value[k] != want[name]:
                raise self.fail(f"{where}.{k}: {value[k]}, expected {want[name]}")
            if name in ("startCursor", "endCursor") and (value[k] is None) != (not page):
                raise self.fail(f"{where}.{k}: {value[k]} for a page of {len(page)}")


def _zaak_target(world: World, args: dict[str, Any], visible: frozenset[str]) -> str | None:
    url = args.get("url")
    if url is None:
        url = next(
            (z.url for z in world.zaken.values() if z.identificatie == args["identificatie"]), None
        )
    return url if url in visible else None


def _name(node: NamedTypeNode | None) -> str | None:
    return node.name.value if node is not None else None
