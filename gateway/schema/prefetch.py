"""Look-ahead prefetch: load everything an operation selects below a list of objects, one batch
per relation per level, before graphql-core walks the result.

Root resolvers call `prefetch(...)` with the objects they return and the selection below them.
The walk follows fragments, inline fragments (with type conditions), aliases and
@skip/@include, using the same relation table as the field resolvers, so what the resolvers
then read is exactly what was loaded. Siblings load concurrently (each batch is its own short
registry call). The number of backend calls depends on the shape of the operation, never on
the number of objects.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from graphql import (
    BooleanValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
    VariableNode,
)

from gateway.schema.batching import MISSING
from gateway.schema.relations import BUNDELS, RELATIONS, Bundel, Relation


@dataclass(frozen=True, slots=True)
class Selection:
    """Where a prefetch starts: the selection sets below some field(s), with what is needed to
    read them (fragments and variables of the operation)."""

    sets: tuple[SelectionSetNode, ...]
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]

    @classmethod
    def of_fields(
        cls,
        field_nodes: Sequence[FieldNode],
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> Selection:
        return cls(
            tuple(n.selection_set for n in field_nodes if n.selection_set is not None),
            fragments,
            variables,
        )

    def fields(self, type_name: str) -> dict[str, list[SelectionSetNode]]:
        """The fields selected on `type_name`: field name -> the selection sets below it."""
        out: dict[str, list[SelectionSetNode]] = {}
        for selection_set in self.sets:
            self._collect(type_name, selection_set, out, set())
        return out

    def below(self, type_name: str, *path: str) -> Selection:
        """The selection below a path of fields, e.g. ("edges", "node") on a connection type.
        Only the first step is typed by `type_name`; deeper steps match by field name."""
        sets: list[SelectionSetNode] = list(self.sets)
        current_type: str | None = type_name
        for step in path:
            found: list[SelectionSetNode] = []
            for selection_set in sets:
                collected: dict[str, list[SelectionSetNode]] = {}
                self._collect(current_type, selection_set, collected, set())
                found.extend(collected.get(step, ()))
            sets = found
            current_type = None
        return Selection(tuple(sets), self.fragments, self.variables)

    def selects(self, type_name: str, field_name: str) -> bool:
        return field_name in self.fields(type_name)

    def _collect(
        self,
        type_name: str | None,
        selection_set: SelectionSetNode,
        out: dict[str, list[SelectionSetNode]],
        visited: set[str],
    ) -> None:
        for sel in selection_set.selections:
            if not self._included(sel):
                continue
            if isinstance(sel, FieldNode):
                bucket = out.setdefault(sel.name.value, [])
                if sel.selection_set is not None:
                    bucket.append(sel.selection_set)
            elif isinstance(sel, InlineFragmentNode):
                condition = sel.type_condition
                if condition is None or type_name is None or condition.name.value == type_name:
                    self._collect(type_name, sel.selection_set, out, visited)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in visited:
                    continue
                on_type = fragment.type_condition.name.value
                if type_name is None or on_type == type_name:
                    self._collect(type_name, fragment.selection_set, out, visited | {name})

    def _included(self, node: Any) -> bool:
        for directive in node.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            value: Any = None
            for arg in directive.arguments:
                if arg.name.value == "if":
                    value = arg.value
            if isinstance(value, VariableNode):
                flag = bool(self.variables.get(value.name.value))
            elif isinstance(value, BooleanValueNode):
                flag = value.value
            else:
                flag = False
            if (name == "skip" and flag) or (name == "include" and not flag):
                return False
        return True


async def prefetch(
    loaders: Any,
    type_name: str,
    objects: Iterable[Any],
    selection: Selection,
    *,
    samen: bool = False,
) -> None:
    """Load every relation `selection` asks for below `objects` (of GraphQL type `type_name`).

    With `samen` (one object asked by itself: the zaak detail), relations of a bundle
    (`BUNDELS`) load in one read where the store can. Lists never do: JSON costs about twice
    the CPU per child row of the driver's own rows, which outweighs a statement per kind of
    child once there are more than a handful (bench/fixes.md, fix 21); and a list's statements
    stay the same whatever its length."""
    objects = [o for o in objects if o is not None]
    if not objects or not selection.sets:
        return
    fields = selection.fields(type_name)
    #: (the field whose load it rests on, the load)
    stappen: list[tuple[str, Callable[[], Awaitable[None]]]] = []
    #: loads from what the registry keeps (the catalogus): awaited in place, no task each
    in_place: list[Callable[[], Awaitable[None]]] = []
    for field_name, sets in fields.items():
        rel = RELATIONS.get((type_name, field_name))
        if rel is None:
            continue
        sub = Selection(tuple(sets), selection.fragments, selection.variables)
        anker = _anker(rel, field_name, fields)
        if anker != field_name:
            sibling = RELATIONS[(type_name, anker)]
            stappen.append((anker, partial(_load_via, loaders, rel, sibling, objects, sub)))
        elif rel.gecached:
            in_place.append(partial(_load_relation, loaders, rel, objects, sub))
        else:
            stappen.append((field_name, partial(_load_relation, loaders, rel, objects, sub)))
    for stap in in_place:
        await stap()
    bundel = _bundel(loaders, type_name, {anker for anker, _stap in stappen}) if samen else None
    if bundel is None:
        tasks = [stap() for _anker, stap in stappen]
    else:
        spec, loader = bundel
        leden = [stap for anker, stap in stappen if anker in spec.velden]
        tasks = [
            _na_bundel(loader, [spec.key(o) for o in objects], leden),
            *(stap() for anker, stap in stappen if anker not in spec.velden),
        ]
    if len(tasks) == 1:
        await tasks[0]
    elif tasks:
        await asyncio.gather(*tasks)


def bundel_leden(type_name: str, selection: Selection) -> frozenset[str]:
    """The fields of `type_name`'s bundle (`BUNDELS`) that `selection` asks for, a field
    answered `via` a member counting as that member: what a read of the objects themselves can
    bring along (`Registries.zaken_met_kinderen`)."""
    spec = BUNDELS.get(type_name)
    if spec is None or not selection.sets:
        return frozenset()
    fields = selection.fields(type_name)
    ankers = {
        _anker(rel, field_name, fields)
        for field_name in fields
        if (rel := RELATIONS.get((type_name, field_name))) is not None
    }
    return frozenset(ankers & spec.velden)


def _anker(rel: Relation, field_name: str, fields: Mapping[str, Any]) -> str:
    """The field whose load `rel` (the relation of `field_name`) rests on: its `via` sibling
    when `fields` select that too, else its own."""
    return rel.via.field if rel.via is not None and rel.via.field in fields else field_name


def _bundel(loaders: Any, type_name: str, ankers: set[str]) -> tuple[Bundel, Any] | None:
    """The bundle of `type_name` and its loader, when at least two of its fields are selected
    and the store can read them together."""
    spec = BUNDELS.get(type_name)
    if spec is None:
        return None
    leden = frozenset(ankers & spec.velden)
    if len(leden) < 2:
        return None
    loader = getattr(loaders, spec.loader)(leden)
    return None if loader is None else (spec, loader)


async def _na_bundel(
    loader: Any, keys: list[Hashable], stappen: list[Callable[[], Awaitable[None]]]
) -> None:
    """One read for the bundle (it answers each relation's loader), then each relation's own
    step, which finds its values loaded: one after the other, as they have nothing left to wait
    for (a task each would cost more). When the bundle's read failed, each loads on its own, and
    then concurrently."""
    fout = False
    try:
        await loader.fetch(keys)
        fout = any(loader.peek(k) is MISSING for k in keys)
    except Exception:
        fout = True
    if fout:
        await asyncio.gather(*(stap() for stap in stappen))
        return
    for stap in stappen:
        await stap()


async def _load_via(
    loaders: Any, rel: Relation, sibling: Relation, objects: list[Any], sub: Selection
) -> None:
    """Load `rel` out of its sibling's values (`Relation.via`): the sibling's load is shared with
    the sibling field's own (same loader, same keys: one read), then `rel`'s loader is primed
    with what it derives. What cannot be derived is loaded as usual by `_load_relation`."""
    assert rel.via is not None
    source = getattr(loaders, sibling.loader)
    await source.fetch(k for k in map(sibling.key, objects) if k is not None)
    loader = getattr(loaders, rel.loader)
    derive = rel.via.derive
    for obj in objects:
        key, source_key = rel.key(obj), sibling.key(obj)
        if key is None or source_key is None:
            continue
        try:
            value = source.peek(source_key)
        except Exception:  # noqa: S112 - a failed sibling: `rel` is loaded on its own below
            continue
        if value is MISSING:
            continue
        derived = derive(obj, value)
        if derived is not None:
            loader.prime(key, derived)
    await _load_relation(loaders, rel, objects, sub)


async def _load_relation(loaders: Any, rel: Relation, objects: list[Any], sub: Selection) -> None:
    loader = getattr(loaders, rel.loader)
    keys: list[Any] = []
    for obj in objects:
        key = rel.key(obj)
        if key is None:
            continue
        if rel.many_keys:
            keys.extend(key)
        else:
            keys.append(key)
    if not keys:
        return
    await loader.fetch(keys)
    if rel.target is None or not sub.sets:
        return
    children: list[Any] = []
    for obj in objects:
        key = rel.key(obj)
        if key is None:
            continue
        for k in key if rel.many_keys else (key,):
            try:
                value = loader.peek(k)
            except Exception:  # noqa: S112 - the field's resolver raises it again, with its path
                continue
            if value is MISSING or value is None:
                continue
            if rel.pick is not None:
                value = rel.pick(obj, value)
            if isinstance(value, list):
                children.extend(value)
            elif value is not None:
                children.append(value)
    await prefetch(loaders, rel.target, children, sub)
