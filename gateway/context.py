"""Request and operation contexts.

`RequestContext` lives for one HTTP request or one WebSocket connection: it holds the principal,
computed once. `OperationContext` lives for one GraphQL operation: it is what resolvers see as
`info.context`, with its own loaders (never shared between operations or connections).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gateway.authz.principal import Principal
from gateway.schema.loaders import Loaders
from registries.base import Registries
from registries.errors import GatewayError
from registries.scope import Scope

if TYPE_CHECKING:
    from gateway.authz.policy import RolePolicy
    from gateway.settings import Settings


@dataclass(slots=True)
class RequestContext:
    principal: Principal
    #: set when the request carried a token that failed: every operation then answers with it
    auth_error: GatewayError | None = None
    request: Any = None
    #: free-form, for transports (e.g. the WebSocket connection_init payload)
    extra: dict[str, Any] = field(default_factory=dict)
    #: the WebSocket connection_init payload (strawberry sets it; the token may be in it)
    connection_params: dict[str, Any] | None = None
    #: the answer is serialised by orjson (HTTP): a root the database answered as JSON text may
    #: be handed out as that text (`orjson.Fragment`), not parsed into objects first
    json_tekst: bool = False


@dataclass(slots=True)
class OperationContext:
    request: RequestContext
    principal: Principal
    scope: Scope
    settings: Settings
    registries: Registries
    loaders: Loaders
    policy: RolePolicy
    operation_name: str | None = None
    #: (soort, object) of every zaak, document and klantcontact handed out, for the audit log
    gezien: list[tuple[str, Any]] = field(default_factory=list)
    #: the gateway's services (audit log, ...), for resolvers that need them
    services: Any = None
    #: a subscription: what its result for an event depends on besides its filter and scope
    #: (part of the group key; set by the streaming pipeline before the root resolver runs)
    groep: Any = None
    #: a subscription: the abonnee its root resolver opened (set by `Live.stroom`)
    abonnee: Any = None
