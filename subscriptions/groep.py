"""Groups of subscribers (groepen) whose result for an event is necessarily identical.

A `Groep` stands for one group key: the subscription's `Filter` and `Scope` (together they
decide whether an event reaches the subscriber at all: `Abonnee.wil`), plus whatever else the
caller says the result depends on (the gateway: the operation document and variables, the role
view and the token claims the scope and the visible rollen are computed from). Keys are interned:
equal keys give the same `Groep` object, so the fan-out can use it as a cheap dict key (identity
hash) to decide once per group and the gateway can evaluate and serialise once per group.

Safety rests on the key alone: two subscribers share a `Groep` only when their keys are equal,
and a key never leaves out the scope. A group that is split needlessly only costs speed.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from registries.scope import Scope
    from subscriptions.abonnee import Filter


class Groep:
    """One interned group key (compare with `is`; hashed by identity)."""

    __slots__ = ("__weakref__", "sleutel")

    def __init__(self, sleutel: tuple[Filter, Scope, Hashable]) -> None:
        self.sleutel = sleutel

    def __repr__(self) -> str:
        return f"Groep({id(self):#x})"


_groepen: weakref.WeakValueDictionary[tuple[Filter, Scope, Hashable], Groep] = (
    weakref.WeakValueDictionary()
)


def groep_voor(filter: Filter, scope: Scope, rest: Hashable = None) -> Groep:
    """The group of subscribers with this filter, scope and `rest` (the same object for equal
    keys, as long as a member holds it)."""
    sleutel = (filter, scope, rest)
    groep = _groepen.get(sleutel)
    if groep is None:
        groep = Groep(sleutel)
        _groepen[sleutel] = groep
    return groep
