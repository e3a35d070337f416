"""Helpers for declaring GraphQL types over the domain objects."""

from __future__ import annotations

from typing import Any

import strawberry

RELATION = "zgw_relation"


def relation(description: str, *, name: str | None = None) -> Any:
    """A field that follows a reference to other objects. Its resolver is installed from the
    relation table (`gateway.schema.relations.RELATIONS`); it never reads the raw attribute."""
    return strawberry.field(description=description, name=name, metadata={RELATION: True})
