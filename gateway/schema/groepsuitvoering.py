"""One event, executed once per group of subscribers (groep) and shared by its members.

A subscriber's result for an event depends on: the event; the operation document, operation
name and variables; the role's view of the schema (field policy); the row scope (which zaken,
documenten, klantcontacten its loaders admit -- a burger's BSN, a behandelaar's zaaktypen and
maximum vertrouwelijkheid, ...); and the identities the visible rollen are filtered by. The
group key (`Abonnee.groep`, see `subscriptions.groep`) holds all of them:

- the subscription's `Filter` and the `Scope` it was opened with (whether the event reaches the
  subscriber at all; the fan-out decides it once per group);
- `groep_sleutel` below: role view, document text, operation name, variables, and the token
  claims the scope and the rollen filter are computed from at event time (role, zaaktypen,
  maximum vertrouwelijkheid, BSN/KvK/RSIN/vestigingsnummer, auditor). Equal claims give an equal
  scope at any moment, also when the catalogus changes after subscribing; the subject, name and
  expiry are not in it: they change nothing in the result, only the audit records.

Per event and group: one operation context, the row guard (the event's object must come back
through the group's scoped loaders, else no member gets anything), one execution, one
serialisation (`Gecodeerd`), and one batch of audit records naming every member the fan-out
queued the event for. A member not named there (a replayed event: replay is per subscriber)
writes its own records, as before.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    OperationDefinitionNode,
    execute_subscription_event,
)
from strawberry.execution import optimized_is_awaitable
from strawberry.types.execution import ExecutionResult

from gateway.authz.audit import Lezer
from gateway.authz.principal import Principal
from gateway.context import OperationContext, RequestContext
from gateway.errors import format_errors, gateway_error
from gateway.schema.gecodeerd import Gecodeerd
from gateway.schema.prefetch import Selection, prefetch
from gateway.schema.subscriptions import NotificatieEvent
from registries.errors import GatewayError
from registries.operatie import Actor, operatie
from subscriptions.doelgroep import Soort

if TYPE_CHECKING:
    from gateway.schema.executor import GatewaySchema, RoleView

log = logging.getLogger("zgw_gateway.subscriptions.stream")


def groep_sleutel(
    view: RoleView,
    query: str,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    principal: Principal,
) -> Hashable:
    """What a subscriber's result depends on besides its filter and scope (see the module)."""
    return (
        view.name,
        query,
        operation_name,
        json.dumps(variables or {}, sort_keys=True, default=str),
        principal.role,
        principal.zaaktypen,
        principal.max_vertrouwelijkheid,
        principal.identiteiten,
        principal.auditor,
    )


@dataclass(frozen=True, slots=True)
class Uitkomst:
    """A group's result for one event."""

    result: ExecutionResult | None
    ctx: OperationContext
    #: ids of the abonnees whose audit records the group wrote
    geaudit: frozenset[int] = frozenset()
    #: writing those records failed (synchronous audit): the members get an error instead
    audit_fout: bool = False


AUDIT_ONBESCHIKBAAR = "The audit log is unavailable; nothing was returned."


class PerEvent:
    """Executes the subscription's selection for one event, for one subscriber -- once per
    group (`Levering.memo`), the other members take the shared outcome."""

    def __init__(
        self,
        schema: GatewaySchema,
        request: RequestContext,
        executor: Any,
        variables: Mapping[str, Any] | None,
        operation_name: str | None,
        document: DocumentNode,
        abonnee: Any,
    ) -> None:
        self.schema = schema
        self.request = request
        self.executor = executor
        self.operation_name = operation_name
        self.abonnee = abonnee
        operation = executor.operation
        assert isinstance(operation, OperationDefinitionNode)
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        root = Selection((operation.selection_set,), fragments, dict(variables or {}))
        field = operation.selection_set.selections[0]
        root_name = getattr(getattr(field, "name", None), "value", "")
        self.zaak_selectie = root.below("Subscription", root_name, "zaak")
        self.document_selectie = root.below("Subscription", root_name, "document")

    async def __call__(self, event: NotificatieEvent) -> ExecutionResult | None:
        memo = event.levering.memo
        groep = self.abonnee.groep
        task = memo.get(groep)
        if task is None:
            # its own task: a subscriber that disconnects must not cancel the others' result
            task = asyncio.ensure_future(self._groep(event, groep))
            memo[groep] = task
        uitkomst: Uitkomst = task.result() if task.done() else await asyncio.shield(task)
        result = uitkomst.result
        if result is None:
            return None
        if self.abonnee.id in uitkomst.geaudit:
            if uitkomst.audit_fout:
                return _audit_fout()
            return result
        if uitkomst.ctx.gezien:  # not queued by the fan-out (a replayed event): its own records
            shared = uitkomst.ctx
            own = shared if shared.request is self.request else _as_subscriber(shared, self)
            try:
                await self.schema.after_operation(own)
            except Exception:
                log.exception("after-operation work (audit log) failed")
                return _audit_fout()
        return result

    async def _groep(self, event: NotificatieEvent, groep: Any) -> Uitkomst:
        principal = self.request.principal
        actor = Actor(
            user_id=principal.subject, user_representation=principal.naam or principal.subject
        )
        with operatie(actor):  # who the registries call upstream for; per-operation scratch
            result, ctx = await self._execute_as(event)
        self.schema.counts["subscription"] += 1
        leden = event.levering.groepen.get(groep, ())
        after_group = self.schema.after_group_operation
        if result is None or not ctx.gezien or not leden or after_group is None:
            return Uitkomst(result, ctx)
        # every member it was queued for -- but a member whose token has expired is closed
        # before it would be delivered (see `streaming.stream`)
        now = datetime.now(UTC)
        lezers = [
            a
            for a in leden
            if isinstance(a.eigenaar, Lezer)
            and (a.eigenaar.principal.expires_at is None or a.eigenaar.principal.expires_at > now)
        ]
        geaudit = frozenset(a.id for a in lezers)
        try:
            await after_group(ctx, [a.eigenaar for a in lezers])
        except Exception:
            log.exception("after-operation work (audit log) failed")
            return Uitkomst(result, ctx, geaudit, audit_fout=True)
        return Uitkomst(result, ctx, geaudit)

    async def _execute_as(
        self, event: NotificatieEvent
    ) -> tuple[ExecutionResult | None, OperationContext]:
        ctx = await self.schema.operation_context(self.request, self.operation_name)
        loaders = ctx.loaders
        zaken: list[Any] = []
        if event.zaak_urls:
            found = await loaders.zaak.fetch(event.zaak_urls)
            zaken = [z for url in event.zaak_urls if (z := found.get(url)) is not None]
        # the row guard: what exists must come back through this group's scope
        if event.bestaat:
            if event.soort is Soort.ZAAK and not zaken:
                return None, ctx
            if event.soort is Soort.DOCUMENT and event.document_url is not None:
                doc = (await loaders.document.fetch([event.document_url])).get(event.document_url)
                if doc is None:
                    return None, ctx
            if event.soort is Soort.KLANTCONTACT and event.klantcontact_url is not None:
                url = event.klantcontact_url
                if (await loaders.klantcontact.fetch([url])).get(url) is None:
                    return None, ctx
        if zaken:
            await prefetch(loaders, "Zaak", zaken[:1], self.zaak_selectie)
        if event.document_url is not None and self.document_selectie.sets:
            doc = (await loaders.document.fetch([event.document_url])).get(event.document_url)
            if doc is not None:
                await prefetch(loaders, "Document", [doc], self.document_selectie)
        per_event = self.executor.build_per_event_executor(event)
        per_event.context_value = ctx
        raw: Any = execute_subscription_event(per_event)
        if optimized_is_awaitable(raw):
            raw = await raw
        if ctx.gezien:  # what the audit records need, loaded once for every member
            await loaders.betrokkenen_van(
                list({obj.url for soort, obj in ctx.gezien if soort == "zaak"})
            )
        data = Gecodeerd(raw.data) if raw.data is not None and not raw.errors else raw.data
        return (
            ExecutionResult(data=data, errors=format_errors(raw.errors) if raw.errors else None),
            ctx,
        )


def _audit_fout() -> ExecutionResult:
    return ExecutionResult(data=None, errors=[gateway_error(GatewayError(AUDIT_ONBESCHIKBAAR))])


def _as_subscriber(shared: OperationContext, own: PerEvent) -> OperationContext:
    """The shared execution's context as seen by another subscriber: its principal and request,
    the shared loaders and what was handed out (for the audit log)."""
    return dataclasses.replace(
        shared,
        request=own.request,
        principal=own.request.principal,
        operation_name=own.operation_name,
    )
