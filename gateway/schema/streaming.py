"""Subscriptions through the gateway's own pipeline (`GatewaySchema.stream`).

At subscribe time the operation goes through the same steps as a query: the token's error, the
parse cache, validation with the caller's role's rules (a forbidden field refuses the
subscription with FORBIDDEN before anything runs), and the root field's resolver runs against
the role's view of the schema -- it checks the arguments and opens the event stream.

Then, for every event -- once per group of subscribers whose result cannot differ (same
filter, scope, role view, operation text and variables, and the token claims the scope is made
of; see `gateway.schema.groepsuitvoering`), shared by its members:

1. a fresh `OperationContext` (scope computed anew, loaders of its own: loaders are per
   operation, never per connection);
2. the row guard: the object the event is about (zaak, document, klantcontact) must come back
   through the group's scoped loaders, or the event is not delivered at all -- not even its
   notification fields (the fan-out already checked the audience; this is the second check);
3. the look-ahead prefetch below `zaak`/`document`, execution of the selection with the event as
   root value, and its serialisation (sent as the same text to every member);
4. the audit log: one batch of records, one per member and object.

A token that expires closes the connection (4403); a subscriber that cannot keep
up gets one last error (`SUBSCRIBER_TOO_SLOW`, with the id to resume `after`) and completes.
Queries and mutations sent over the WebSocket run through `execute` and yield one result.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, AsyncIterable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from graphql import GraphQLError, create_source_event_stream
from graphql import OperationType as GraphQLOperationType
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.execution import ExecutionResult, PreExecutionError
from strawberry.types.graphql import OperationType

from gateway.context import RequestContext
from gateway.errors import format_errors, gateway_error
from gateway.schema.groepsuitvoering import PerEvent, groep_sleutel
from registries.errors import GatewayError, Unauthenticated, UpstreamUnavailable
from registries.operatie import Actor, operatie
from subscriptions.abonnee import Gesloten, TeLangzaam

if TYPE_CHECKING:
    from gateway.schema.executor import GatewaySchema

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
    # what the result depends on besides filter and scope: part of the group key of the abonnee
    # the root resolver opens (`Live.stroom`)
    op_ctx.groep = groep_sleutel(view, query, name, variable_values, principal)
    with operatie(Actor(principal.subject, principal.naam or principal.subject)):
        source: Any = create_source_event_stream(executor)
        if optimized_is_awaitable(source):
            source = await source
    if isinstance(source, ExecutionResult) or not hasattr(source, "__aiter__"):
        failed = cast("Any", source)
        yield PreExecutionError(data=None, errors=format_errors(failed.errors or []))
        return
    abonnee = getattr(op_ctx, "abonnee", None)
    if abonnee is None:  # a root field that opened no event stream of the gateway's
        aclose = getattr(source, "aclose", None)
        if aclose is not None:
            await aclose()
        yield PreExecutionError(data=None, errors=[GraphQLError("Not a live subscription.")])
        return
    per_event = PerEvent(schema, request, executor, variable_values, name, document, abonnee)
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


def _onderbroken(geleverd: int) -> GatewayError:
    after = f' with after: "{geleverd}"' if geleverd else ""
    return UpstreamUnavailable(
        f"An event could not be delivered; the subscription ended. Subscribe again{after} to "
        "receive every later event.",
        after=str(geleverd),
    )
