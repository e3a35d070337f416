"""The one place where errors become GraphQL errors.

`GatewayError`s (see `registries.errors`) keep their message and get `extensions.code`; GraphQL
syntax and validation errors get GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED (the codes
Apollo clients know); a database that cannot be reached (down, restarting, a broken connection)
is UPSTREAM_UNAVAILABLE, worth a retry; anything else is logged with a reference and reported as
INTERNAL without details.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from graphql import GraphQLError

from registries.errors import GatewayError, UpstreamUnavailable
from registries.sql.engine import onbereikbaar

log = logging.getLogger("zgw_gateway.errors")

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


def _with(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


def format_error(error: GraphQLError, *, phase: str = "execution") -> GraphQLError:
    """A client-safe copy of `error`, with a stable `extensions.code`."""
    if error.extensions and "code" in error.extensions:
        return error
    original = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    if original is not None and not isinstance(original, GatewayError) and onbereikbaar(original):
        reference = uuid.uuid4().hex[:12]
        log.warning(
            "database unreachable (reference %s) at %s: %r", reference, error.path, original
        )
        original = UpstreamUnavailable(
            "The gateway's database cannot be reached right now; try again shortly "
            f"(reference {reference})."
        )
    if isinstance(original, GatewayError):
        return _with(error, original.message, {"code": original.code, **original.extensions})
    if original is None or isinstance(original, GraphQLError):
        if phase == "parse":
            return _with(error, error.message, {"code": PARSE_FAILED})
        if phase == "validation":
            return _with(error, error.message, {"code": VALIDATION_FAILED})
        if error.path is None:
            # before execution: variables that do not fit their types, unknown operation
            return _with(error, error.message, {"code": "BAD_USER_INPUT"})
        # during execution without a cause: a contract broken inside the gateway (e.g. null
        # for a non-null field); fall through and report it as INTERNAL
        original = RuntimeError(error.message)
    reference = uuid.uuid4().hex[:12]
    log.error(
        "internal error %s at %s",
        reference,
        error.path,
        exc_info=(type(original), original, original.__traceback__),
    )
    return _with(
        error,
        f"Internal error (reference {reference}). The gateway logged the details.",
        {"code": "INTERNAL", "reference": reference},
    )


def format_errors(
    errors: Iterable[GraphQLError], *, phase: str = "execution"
) -> list[GraphQLError]:
    return [format_error(e, phase=phase) for e in errors]


def gateway_error(error: GatewayError) -> GraphQLError:
    """A GraphQL error for a GatewayError raised outside execution (e.g. authentication)."""
    return GraphQLError(error.message, extensions={"code": error.code, **error.extensions})
