"""One Python function per object plan: the projection of an object onto its response keys.

The plan's generic walk (`plan._project`) asks the same questions for every field of every
object: is it a plain attribute, a resolver, a leaf, a list, may it be null. Those answers are
fixed once the query is compiled, so this module writes them down as straight-line code, once
per (query, role) -- the way graphql-jit compiles queries for graphql-js. A list of 100 zaken
then costs one call per object instead of two or three per field.

What goes into the generated source: attribute names of the domain objects (checked to be
identifiers), and local names. Response keys, which come from the query (aliases), never do:
they and every callable reach the code as values in its namespace.
"""

from __future__ import annotations

import inspect
import keyword
from collections.abc import Callable
from types import GeneratorType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gateway.schema.plan import FieldPlan, ObjectPlan

Projectie = Callable[[Any, Any], dict[str, Any]]


def _aside_if_awaitable(value: Any, step_aside: type[Exception]) -> None:
    # `inspect.isawaitable` asks the Awaitable ABC (an isinstance through abc, for every
    # relation of every object); what a resolver returns is awaitable when its type has
    # `__await__` (coroutines, futures) or it is a generator-based coroutine
    if hasattr(type(value), "__await__") or (
        isinstance(value, GeneratorType) and inspect.isawaitable(value)
    ):
        if inspect.iscoroutine(value):
            value.close()
        raise step_aside("a value was not loaded")


def maak_projectie(plan: ObjectPlan, step_aside: type[Exception]) -> Projectie:
    """The projection function of `plan`; the plans below it must have theirs already."""
    ns: dict[str, Any] = {"StepAside": step_aside, "_aside": _aside_if_awaitable}
    lines = [
        "def projecteer(obj, info):",
        "    if obj is None:",
        "        raise StepAside('null item in a list of non-null objects')",
    ]
    values = []
    for i, f in enumerate(plan.fields):
        ns[f"K{i}"] = f.key
        values.append(f"K{i}: v{i}")
        lines += [f"    {line}" for line in _veld(i, f, plan.type_name, ns)]
    lines.append("    return {" + ", ".join(values) + "}")
    source = "\n".join(lines)
    code = compile(source, f"<projectie {plan.type_name}>", "exec")
    exec(code, ns)  # noqa: S102 - our own generated source; see the module docstring
    projecteer: Projectie = ns["projecteer"]
    return projecteer


def _veld(i: int, f: FieldPlan, type_name: str, ns: dict[str, Any]) -> list[str]:
    v = f"v{i}"
    if f.attr is None and f.resolve is None:  # __typename
        ns[f"T{i}"] = type_name
        return [f"{v} = T{i}"]
    if f.attr is not None:
        if f.attr.isidentifier() and not keyword.iskeyword(f.attr):
            lines = [f"{v} = obj.{f.attr}"]
        else:
            ns[f"A{i}"] = f.attr
            lines = [f"{v} = getattr(obj, A{i})"]
    else:
        ns[f"R{i}"] = f.resolve
        lines = [f"{v} = R{i}(obj, info)", f"if {v} is not None:", f"    _aside({v}, StepAside)"]
    lines.append(f"if {v} is None:")
    if f.nullable:
        lines.append("    pass")
    else:
        lines.append("    raise StepAside('null in a non-null field')")
    lines.append("else:")
    lines.append(f"    {v} = {_waarde(i, f, ns)}")
    return lines


def _waarde(i: int, f: FieldPlan, ns: dict[str, Any]) -> str:
    """The expression that completes the non-null value `v{i}`."""
    v = f"v{i}"
    if f.serialize is not None:
        ns[f"S{i}"] = f.serialize
        return f"[S{i}(x) for x in {v}]" if f.is_list else f"S{i}({v})"
    if f.resolve_type is not None:
        ns[f"RT{i}"] = f.resolve_type
        ns[f"P{i}"] = {name: sub.projecteer for name, sub in f.sub.items()}
        if f.is_list:
            return f"[P{i}[RT{i}(x)](x, info) for x in {v}]"
        return f"P{i}[RT{i}({v})]({v}, info)"
    (sub,) = f.sub.values()
    ns[f"P{i}"] = sub.projecteer
    return f"[P{i}(x, info) for x in {v}]" if f.is_list else f"P{i}({v}, info)"
