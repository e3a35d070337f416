"""The running gateway's parts, wired once at start-up: settings, store and registries, schema,
policies, authentication and the audit log."""

from __future__ import annotations

import logging
from typing import Any

from strawberry.types.execution import ExecutionResult

from gateway.authz.audit import AuditLog, Lezer, entries_for, voor_lezers
from gateway.authz.fields import field_policy_rule, role_schema
from gateway.authz.issuers import trusted_issuers
from gateway.authz.policy import ALL, TOKEN, PolicySet, load_policies
from gateway.authz.principal import Principal, Role
from gateway.authz.scopes import scope_voor, zichtbare_rollen
from gateway.authz.tokens import Authenticator
from gateway.context import OperationContext, RequestContext
from gateway.doorsturen import Doorstuurder
from gateway.live import Live
from gateway.metrics import Metrics
from gateway.schema.build import build_schema
from gateway.schema.executor import GatewaySchema, RoleView
from gateway.schema.limits import depth_rule
from gateway.schema.loaders import Loaders
from gateway.settings import Settings
from registries.base import Registries, ZaakTypeFilter
from registries.errors import Unauthenticated
from registries.models import Rol, ZaakType
from registries.scope import Scope
from registries.sql.saga_log import SagaLog
from registries.sql.store import SqlStore
from registries.zgw.config import config_uit_omgeving
from registries.zgw.factory import ZgwRegistries, bouw

log = logging.getLogger("zgw_gateway")


class Runtime:
    def __init__(
        self,
        settings: Settings,
        store: SqlStore | None = None,
        *,
        authenticator: Authenticator | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or SqlStore.create(
            settings.database_url,
            settings.base_url,
            catalogus_ttl_seconds=settings.catalogus_ttl,
            pool_size=settings.db_pool_size,
            synchrone_reads=settings.sqlite_synchrone_reads,
        )
        self.registries: Registries = self.store.registries()
        #: writes through the ZGW APIs, step by step (the operators' `sagas` query reads it)
        self.saga_log = SagaLog(self.store.engine)
        self.zgw: ZgwRegistries | None = None
        zgw_config = config_uit_omgeving(
            dict(settings.zgw),
            inhoud_base_url=settings.base_url,
            catalogus_ttl=settings.catalogus_ttl,
        )
        if any(
            (
                zgw_config.zaken,
                zgw_config.documenten,
                zgw_config.catalogi,
                zgw_config.klantinteracties,
            )
        ):
            self.zgw = bouw(zgw_config, anders=self.registries, saga_log=self.saga_log)
            self.registries = self.zgw.registries
        self.schema: GatewaySchema = build_schema()
        self.policies: PolicySet = load_policies(self.schema._schema, settings.policies_dir)
        self.authenticator = authenticator or Authenticator(trusted_issuers(settings))
        self.audit = AuditLog(self.store.engine, synchronous=settings.audit_sync)
        #: store-and-forward to the zaakafhandelcomponenten; its task starts with the app (or
        #: with the first forwarded aanvraag) and stops in `close`
        self.doorsturen = Doorstuurder(self.store.engine, settings)
        self.store.after_doorsturen.append(self.doorsturen.wake)
        depth = depth_rule(settings.max_depth)
        self.views: dict[str, RoleView] = {
            role.value: RoleView(
                role.value,
                role_schema(self.schema._schema, policy.allows),
                (depth, field_policy_rule(policy)),
            )
            for role, policy in self.policies.policies.items()
        }
        self.metrics = Metrics()
        self.metrics.gauges["zgw_gateway_audit_queue"] = lambda: float(self.audit.wachtrij())
        self.schema.configure(
            views=self.views,
            operation_context=self.operation_context,
            after_operation=self.after_operation,
            after_group_operation=self.after_group_operation,
            max_query_length=settings.max_query_length,
            use_json=settings.json_in_database,
        )
        #: live notifications: subscriptions, the webhook (started by the app's lifespan)
        self.live = Live(self)
        self.schema.metrics = self.metrics

    # --- authentication ---------------------------------------------------------------------

    async def authenticate(self, authorization: str | None, request: Any = None) -> RequestContext:
        """The request context for an Authorization header value (None: no header). A token
        that fails is remembered: every operation of the request answers UNAUTHENTICATED."""
        try:
            principal = await self.authenticator.principal(authorization)
        except Unauthenticated as error:
            return RequestContext(principal=Principal.anoniem(), auth_error=error, request=request)
        return RequestContext(principal=principal, request=request)

    # --- per operation ------------------------------------------------------------------------

    async def _catalogus(self) -> list[ZaakType]:
        return await self.registries.catalogi.zoek_zaaktypen(ZaakTypeFilter(), Scope.alles())

    async def scope_voor(self, principal: Principal) -> Scope:
        policy = self.policies[principal.role]
        wanted = policy.zaken.zaaktypen
        needs_catalogus = wanted not in (ALL, TOKEN) or (
            wanted == TOKEN and not principal.alle_zaaktypen and principal.zaaktypen
        )
        catalogus = await self._catalogus() if needs_catalogus else []
        return scope_voor(principal, policy, catalogus)

    async def operation_context(
        self, request: RequestContext, operation_name: str | None
    ) -> OperationContext:
        principal = request.principal
        policy = self.policies[principal.role]
        scope = await self.scope_voor(principal)

        def rollen_filter(rollen: list[Rol]) -> list[Rol]:
            return zichtbare_rollen(rollen, policy, scope, principal)

        return OperationContext(
            request=request,
            principal=principal,
            scope=scope,
            settings=self.settings,
            registries=self.registries,
            loaders=Loaders(self.registries, scope, rollen_filter),
            policy=policy,
            operation_name=operation_name,
            services=self,
        )

    async def after_operation(self, ctx: OperationContext) -> None:
        """Write the audit records of what the operation handed out."""
        if ctx.gezien:
            await self.audit.record(await entries_for(ctx, self.settings.audit_doel))

    async def after_group_operation(self, ctx: OperationContext, lezers: list[Lezer]) -> None:
        """An execution shared by a group of subscribers: its records are made once and
        recorded, in one batch, for every subscriber it was delivered to."""
        if ctx.gezien and lezers:
            entries = await entries_for(ctx, self.settings.audit_doel)
            await self.audit.record(voor_lezers(entries, lezers))

    @property
    def bronorganisatie_default(self) -> str:
        """The RSIN of the catalogus (when ZGW_GATEWAY_BRONORGANISATIE is not set)."""
        snapshot = self.store.catalogi.cached()
        if snapshot is not None:
            for catalogus in snapshot.catalogussen.values():
                return catalogus.rsin
        return "000000000"

    # --- in-process API ---------------------------------------------------------------------

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        principal: Principal | None = None,
        token: str | None = None,
        operation_name: str | None = None,
        json_tekst: bool = False,
    ) -> ExecutionResult:
        """Execute an operation in-process (tests, benchmarks): as `principal`, or as whoever
        `token` authenticates (None: anonymous). `json_tekst`: the caller encodes the data with
        orjson, as the HTTP server does, so JSON the database built may stay text in it
        (`RequestContext.json_tekst`)."""
        if principal is not None:
            request = RequestContext(principal=principal)
        else:
            request = await self.authenticate(f"Bearer {token}" if token else None)
        request.json_tekst = json_tekst
        return await self.schema.execute(
            query,
            variable_values=variables,
            context_value=request,
            operation_name=operation_name,
        )

    def role_sdl(self, role: Role | None = None) -> str:
        from graphql import print_schema

        if role is None:
            return str(self.schema)
        return print_schema(self.views[role.value].schema)

    async def close(self) -> None:
        await self.doorsturen.close()
        await self.live.stop()
        await self.audit.close()
        await self.authenticator.aclose()
        if self.zgw is not None:
            await self.zgw.aclose()
        await self.store.close()
