"""Subscriptions through the gateway's own pipeline (`GatewaySchema.stream`).

At subscribe time the operation goes through the same steps as a query: the token's error, the
parse cache, validation with the caller's role's rules (a forbidden field refuses the
subscription with FORBIDDEN before anything runs), and the root field's resolver runs against
the role's view of the schema -- it checks the arguments and opens the event stream.

Then, for every event:

1. a fresh `OperationContext` (scope computed anew, loaders of its own: loaders are per
   operation, never per connection);
2. the row guard: the object the event is about (zaak, document, klantcontact) must come back
   through the subscriber's scoped loaders, or the event is not delivered at all -- not even its
   notification fields (the fan-out already checked the audience; this is the second check);
3. the look-ahead prefetch below `zaak`/`document`, and execution of the selection with the
   event as root value;
4. the audit log, as for any operation.

Subscribers whose result cannot differ -- same operation text and variables, same role, and the
same token claims the scope is made of (zaaktypen, maximum vertrouwelijkheid, BSN/KvK) -- share
one execution (one operation context) per event (`Levering.memo`); each still gets its own audit
records. A token that expires closes the connection (4403); a subscriber that cannot keep
up gets one last error (`SUBSCRIBER_TOO_SLOW`, with the id to resume `after`) and completes.
Queries and mutations sent over the WebSocket run through `execute` and yield one result.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import AsyncGenerator, AsyncIterable, Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    create_source_event_stream,
    execute_subscription_event,
)
from graphql import OperationType as GraphQLOperationType
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.execution import ExecutionResult, PreExecutionError
from strawberry.types.graphql import OperationType

from gateway.context import OperationContext, RequestContext
from gateway.errors import format_errors, gateway_error
from gateway.schema.prefetch import Selection, prefetch
from gateway.schema.subscriptions import NotificatieEvent
from registries.errors import GatewayError, Unauthenticated, UpstreamUnavailable
from registries.operatie import Actor, operatie
from subscriptions.abonnee import Gesloten, TeLangzaam
from subscriptions.doelgroep import Soort

if TYPE_CHECKING:
    from gateway.schema.executor import GatewaySchema, RoleView

log = logging.getLogger("zgw_gateway.subscriptions.stream")

Stream = AsyncGenerator[ExecutionResult, None]


def verlopen(request: RequestContext) -> bool:
    expires = request.principal.expires_at
    return expires is not None and expires <= datetime.now(UTC)


async def sluit_verlopen(request: RequestContext) -> bool:
    """Close the WebSocket of a connection whose token expired (4403); False when there is no
    WebSocket to close (in-process use)."""
    websocket = request.request
    close = getattr(websocket, "close", None)
    if close is None or not hasattr(websocket, "receive_text"):
        return False
    if not request.extra.get("gesloten"):
        request.extra["gesloten"] = True
        try:
            await close(code=4403, reason="Token expired")
        except Exception:  # already closed
            log.debug("closing an expired connection failed", exc_info=True)
    return True


def _error(error: GatewayError) -> PreExecutionError:
    return PreExecutionError(data=None, errors=[gateway_error(error)])


async def stream(
    schema: GatewaySchema,
    query: str | None,
    variable_values: dict[str, Any] | None,
    context_value: Any,
    root_value: Any,
    operation_name: str | None,
    allowed_operation_types: Iterable[OperationType] | None,
) -> Stream:
    request = context_value
    if not isinstance(request, RequestContext):
        raise TypeError("the gateway schema executes with a RequestContext")
    if request.auth_error is not None:
        yield _error(request.auth_error)
        return
    if verlopen(request):
        await sluit_verlopen(request)
        yield _error(Unauthenticated("The token has expired; get a new one."))
        return
    if not query:
        yield PreExecutionError(data=None, errors=[GraphQLError("No GraphQL query found.")])
        return
    document = schema.parse_document(query)
    if isinstance(document, GraphQLError):
        yield PreExecutionError(data=None, errors=[document])
        return
    try:
        operation = schema.operation_of(document, operation_name)
    except CannotGetOperationTypeError as error:
        yield PreExecutionError(
            data=None, errors=[GraphQLError(error.as_http_error_reason(), original_error=error)]
        )
        return
    allowed = set(allowed_operation_types or OperationType)
    if operation.operation is not GraphQLOperationType.SUBSCRIPTION:
        kinds = {OperationType.QUERY, OperationType.MUTATION} & allowed
        yield await schema.execute(
            query,
            variable_values=variable_values,
            context_value=request,
            root_value=root_value,
            operation_name=operation_name,
            allowed_operation_types=kinds,
        )
        return
    if OperationType.SUBSCRIPTION not in allowed:
        yield PreExecutionError(
            data=None, errors=[GraphQLError("Subscriptions are not allowed here.")]
        )
        return
    view = schema.view_for(request.principal.role.value)
    errors = schema.validation_errors(query, document, view)
    if errors:
        yield PreExecutionError(data=None, errors=errors)
        return
    name = operation.name.value if operation.name is not None else operation_name
    try:
        op_ctx = await schema.operation_context(request, name)
    except GatewayError as error:
        yield _error(error)
        return
    executor = StrawberryGraphQLCoreExecutionContext.build(
        view.schema,
        document,
        root_value=root_value,
        context_value=op_ctx,
        raw_variable_values=variable_values,
        operation_name=operation_name,
        is_awaitable=cast("Any", optimized_is_awaitable),
    )
    if isinstance(executor, list):  # variables that do not fit
        yield PreExecutionError(data=None, errors=format_errors(executor))
        return
    principal = request.principal
    with operatie(Actor(principal.subject, principal.naam or principal.subject)):
        source: Any = create_source_event_stream(executor)
        if optimized_is_awaitable(source):
            source = await source
    if isinstance(source, ExecutionResult) or not hasattr(source, "__aiter__"):
        failed = cast("Any", source)
        yield PreExecutionError(data=None, errors=format_errors(failed.errors or []))
        return
    per_event = _PerEvent(schema, request, view, executor, query, variable_values, name, document)
    events = cast("AsyncIterable[Any]", source)
    geleverd = 0
    try:
        async for event in events:
            if verlopen(request):
                if await sluit_verlopen(request):
                    await asyncio.Event().wait()  # the connection closes; we are cancelled
                yield ExecutionResult(
                    data=None,
                    errors=[gateway_error(Unauthenticated("The token has expired."))],
                )
                return
            try:
                result = await per_event(event)
            except Exception:
                # e.g. the database is briefly unreachable: end with the reason and the id to
                # resume from, rather than a bare complete the client cannot tell from the end
                log.exception("an event could not be delivered; the subscription ends")
                yield ExecutionResult(data=None, errors=[gateway_error(_onderbroken(geleverd))])
                return
            if result is not None:
                geleverd = int(event.id)
                yield result
    except TeLangzaam as error:
        log.info("subscriber too slow (queue of %d full); ended", error.limiet)
        yield ExecutionResult(data=None, errors=[gateway_error(error)])
    except Gesloten:
        return
    finally:
        aclose = getattr(events, "aclose", None)
        if aclose is not None:
            await aclose()


class _PerEvent:
    """Executes the subscription's selection for one event, for one subscriber."""

    def __init__(
        self,
        schema: GatewaySchema,
        request: RequestContext,
        view: RoleView,
        executor: Any,
        query: str,
        variables: Mapping[str, Any] | None,
        operation_name: str | None,
        document: DocumentNode,
    ) -> None:
        self.schema = schema
        self.request = request
        self.view = view
        self.executor = executor
        self.operation_name = operation_name
        principal = request.principal
        # everything the result depends on: the operation, the role, and what the scope is
        # made of (so subscribers with equal keys have equal scopes, whatever the catalogus)
        self.key = (
            view.name,
            query,
            operation_name,
            json.dumps(variables or {}, sort_keys=True, default=str),
            principal.role,
            principal.zaaktypen,
            principal.max_vertrouwelijkheid,
            principal.identiteiten,
        )
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
        task = memo.get(self.key)
        if task is None:
            # its own task: a subscriber that disconnects must not cancel the others' result
            task = asyncio.ensure_future(self._execute(event))
            memo[self.key] = task
        outcome: tuple[ExecutionResult | None, OperationContext] = await asyncio.shield(task)
        result, shared = outcome
        if result is None:
            return None
        if shared.gezien:
            own = shared if shared.request is self.request else _as_subscriber(shared, self)
            try:
                await self.schema.after_operation(own)
            except Exception:
                log.exception("after-operation work (audit log) failed")
                return ExecutionResult(
                    data=None,
                    errors=[
                        gateway_error(
                            GatewayError("The audit log is unavailable; nothing was returned.")
                        )
                    ],
                )
        return result

    async def _execute(
        self, event: NotificatieEvent
    ) -> tuple[ExecutionResult | None, OperationContext]:
        principal = self.request.principal
        actor = Actor(
            user_id=principal.subject, user_representation=principal.naam or principal.subject
        )
        with operatie(actor):  # who the registries call upstream for; per-operation scratch
            return await self._execute_as(event)

    async def _execute_as(
        self, event: NotificatieEvent
    ) -> tuple[ExecutionResult | None, OperationContext]:
        ctx = await self.schema.operation_context(self.request, self.operation_name)
        loaders = ctx.loaders
        zaken: list[Any] = []
        if event.zaak_urls:
            found = await loaders.zaak.fetch(event.zaak_urls)
            zaken = [z for url in event.zaak_urls if (z := found.get(url)) is not None]
        # the row guard: what exists must come back through this subscriber's scope
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
        if ctx.gezien:  # what the audit records need, loaded once for every sharing subscriber
            await loaders.betrokkenen_van(
                list({obj.url for soort, obj in ctx.gezien if soort == "zaak"})
            )
        return (
            ExecutionResult(
                data=raw.data, errors=format_errors(raw.errors) if raw.errors else None
            ),
            ctx,
        )


def _onderbroken(geleverd: int) -> GatewayError:
    after = f' with after: "{geleverd}"' if geleverd else ""
    return UpstreamUnavailable(
        f"An event could not be delivered; the subscription ended. Subscribe again{after} to "
        "receive every later event.",
        after=str(geleverd),
    )


def _as_subscriber(shared: OperationContext, own: _PerEvent) -> OperationContext:
    """The shared execution's context as seen by another subscriber: its principal and request,
    the shared loaders and what was handed out (for the audit log)."""
    return dataclasses.replace(
        shared,
        request=own.request,
        principal=own.request.principal,
        operation_name=own.operation_name,
    )
