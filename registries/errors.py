"""The one exception hierarchy of the project.

Every error a client may see derives from `GatewayError` and carries a stable `code`; the
mapping to GraphQL errors (``extensions.code``) lives in one place, `gateway.errors`. Anything
else that escapes is reported to the client as INTERNAL without details.

It lives here, at the bottom of the dependency graph, because registries raise these too
(NotFound, UpstreamUnavailable, BadUserInput from upstream validation).
"""

from __future__ import annotations

from typing import Any, ClassVar


class GatewayError(Exception):
    code: ClassVar[str] = "INTERNAL"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = extensions


class NotFound(GatewayError):
    code = "NOT_FOUND"


class BadUserInput(GatewayError):
    """Invalid input; `field` names the argument or input field at fault."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, field: str | None = None, **extensions: Any) -> None:
        if field is not None:
            extensions["field"] = field
        super().__init__(message, **extensions)
        self.field = field


class Forbidden(GatewayError):
    code = "FORBIDDEN"


class Unauthenticated(GatewayError):
    code = "UNAUTHENTICATED"


class UpstreamUnavailable(GatewayError):
    """A registry is down, too slow or answered with a server error."""

    code = "UPSTREAM_UNAVAILABLE"


class RateLimited(GatewayError):
    code = "RATE_LIMITED"


class Conflict(GatewayError):
    """The request conflicts with the current state (e.g. a zaak that is closed)."""

    code = "CONFLICT"


class ConfigurationError(GatewayError):
    """Bad settings or policy files: raised at start-up, stops the server with a clear message."""

    code = "INTERNAL"
