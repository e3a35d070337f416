"""Run GraphQL operations in tests and unpack their results."""

from __future__ import annotations

from typing import Any

from gateway.authz.principal import Principal
from gateway.runtime import Runtime


async def execute(
    runtime: Runtime,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    principal: Principal,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    result = await runtime.execute(query, variables, principal=principal)
    errors = [e.formatted for e in result.errors or ()]
    return result.data, errors


async def data(
    runtime: Runtime, query: str, variables: dict[str, Any] | None = None, *, principal: Principal
) -> dict[str, Any]:
    """The data of an operation that must succeed without errors."""
    found, errors = await execute(runtime, query, variables, principal=principal)
    assert not errors, errors
    assert found is not None
    return found


def codes(errors: list[dict[str, Any]]) -> list[str]:
    return [e.get("extensions", {}).get("code", "") for e in errors]
