"""A gateway without authorisation, for measuring what enforcement costs (issue 3, point 5).

Bench-only: the gateway itself has no such switch. Each role's view is the full schema with only
the depth rule (no field-policy rule), every scope is `Scope.alles()` (no row filter pushed into
SQL; the row guard admits everything), and no rollen are hidden.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import CodeType, FrameType
from typing import Any

from gateway.authz.principal import Principal
from gateway.context import OperationContext, RequestContext
from gateway.runtime import Runtime
from gateway.schema.executor import RoleView
from gateway.schema.limits import depth_rule
from gateway.schema.loaders import Loaders
from registries.scope import Scope

#: the burger's "mijn zaken" without a row scope must name the burger itself
UNSCOPED_QUERIES = {
    "burger": ("zaken(first: $first)", "zaken(first: $first, filter: {bsn: $bsn})"),
}


class UnenforcedRuntime(Runtime):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        depth = depth_rule(self.settings.max_depth)
        full = self.schema._schema
        self.views = {name: RoleView(name, full, (depth,)) for name in self.views}
        self.schema.configure(
            views=self.views,
            operation_context=self.operation_context,
            after_operation=self.after_operation,
            max_query_length=self.settings.max_query_length,
        )

    async def scope_voor(self, principal: Principal) -> Scope:
        return Scope.alles()

    async def operation_context(
        self, request: RequestContext, operation_name: str | None
    ) -> OperationContext:
        principal = request.principal
        scope = Scope.alles()
        return OperationContext(
            request=request,
            principal=principal,
            scope=scope,
            settings=self.settings,
            registries=self.registries,
            loaders=Loaders(self.registries, scope, None),
            policy=self.policies[principal.role],
            operation_name=operation_name,
            services=self,
        )


def unscoped(query: str, role: str) -> tuple[str, bool]:
    """The query a client of an unenforced gateway sends for the same data (and whether it
    takes the burger's BSN as a variable)."""
    if role in UNSCOPED_QUERIES:
        old, new = UNSCOPED_QUERIES[role]
        if old in query:
            query = query.replace(old, new).replace(
                "($first: Int!)", "($first: Int!, $bsn: String)"
            )
            return query, True
    return query, False


class CoroutineCounter:
    """Counts coroutine frames entered (first entries and resumptions) while active."""

    def __init__(self) -> None:
        self.entered = 0
        self.codes: dict[CodeType, int] = {}

    def by_origin(self) -> dict[str, int]:
        """Frames per origin: the gateway's own code, graphql-core and strawberry (the field
        level), or the database layer (SQLAlchemy, drivers, asyncio)."""
        out = {"gateway": 0, "graphql": 0, "database": 0}
        for code, n in self.codes.items():
            path = code.co_filename
            if "site-packages" not in path and "/lib/python" not in path:
                out["gateway"] += n
            elif "/graphql/" in path or "/strawberry/" in path:
                out["graphql"] += n
            else:
                out["database"] += n
        return out

    def _profile(self, frame: FrameType, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code.co_flags & 0x80:  # CO_COROUTINE
            self.entered += 1
            self.codes[frame.f_code] = self.codes.get(frame.f_code, 0) + 1


@contextmanager
def counting_coroutines() -> Iterator[CoroutineCounter]:
    counter = CoroutineCounter()
    previous = sys.getprofile()
    sys.setprofile(counter._profile)
    try:
        yield counter
    finally:
        sys.setprofile(previous)
