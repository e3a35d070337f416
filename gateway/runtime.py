"""The running gateway's parts, wired once at start-up: settings, registries, schema, policies."""

from __future__ import annotations

import logging
from typing import Any

from strawberry.types.execution import ExecutionResult

from gateway.authz.principal import Principal, Role
from gateway.context import OperationContext, RequestContext
from gateway.schema.build import build_schema
from gateway.schema.executor import GatewaySchema, RoleView
from gateway.schema.limits import depth_rule
from gateway.schema.loaders import Loaders
from gateway.settings import Settings
from registries.base import Registries
from registries.scope import Scope
from registries.sql.store import SqlStore

log = logging.getLogger("zgw_gateway")


class Runtime:
    def __init__(self, settings: Settings, store: SqlStore | None = None) -> None:
        self.settings = settings
        self.store = store or SqlStore.create(
            settings.database_url,
            settings.base_url,
            catalogus_ttl_seconds=settings.catalogus_ttl,
            pool_size=settings.db_pool_size,
        )
        self.registries: Registries = self.store.registries()
        self.schema: GatewaySchema = build_schema()
        rules = (depth_rule(settings.max_depth),)
        views = {role.value: RoleView(role.value, self.schema._schema, rules) for role in Role}
        self.schema.configure(
            views=views,
            operation_context=self.operation_context,
            max_query_length=settings.max_query_length,
        )

    async def authenticate(self, authorization: str | None, request: Any = None) -> RequestContext:
        """The request context for an Authorization header value (None: no header)."""
        return RequestContext(principal=Principal.anoniem(), request=request)

    def scope_voor(self, principal: Principal) -> Scope:
        if principal.role is Role.BEHANDELAAR and principal.alle_zaaktypen:
            return Scope.alles()
        return Scope.geen()

    def operation_context(
        self, request: RequestContext, operation_name: str | None
    ) -> OperationContext:
        scope = self.scope_voor(request.principal)
        return OperationContext(
            request=request,
            principal=request.principal,
            scope=scope,
            settings=self.settings,
            registries=self.registries,
            loaders=Loaders(self.registries, scope),
            operation_name=operation_name,
        )

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        principal: Principal,
        operation_name: str | None = None,
    ) -> ExecutionResult:
        """Execute an operation in-process (tests, benchmarks, the CLI)."""
        return await self.schema.execute(
            query,
            variable_values=variables,
            context_value=RequestContext(principal=principal),
            operation_name=operation_name,
        )

    async def close(self) -> None:
        await self.store.close()
