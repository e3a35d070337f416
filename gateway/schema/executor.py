"""The execution pipeline behind every GraphQL request.

strawberry builds the schema and serves the transports (HTTP, GraphiQL, WebSockets); this
subclass of its Schema takes over `execute` to run one pipeline we control end to end:

1. refuse a request whose token failed (UNAUTHENTICATED, nothing executed);
2. parse, with a cache keyed by the query text (and a size limit before parsing);
3. validate against the full schema with the caller's role's rules (field policy, depth),
   cached per (query text, role) -- never per query text alone, so one role's verdict can never
   serve another;
4. execute with graphql-core against the role's view of the schema (so introspection shows the
   role only what it may ask), with a fresh per-operation context;
5. map every error to a client-safe GraphQL error with a stable `extensions.code`.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from inspect import isawaitable
from typing import Any, cast

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql import (
    OperationType as GraphQLOperationType,
)
from graphql.execution import Executor
from graphql.validation import ASTValidationRule
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.execution import ExecutionResult, PreExecutionError
from strawberry.types.graphql import OperationType

from gateway.authz.audit import Lezer
from gateway.context import OperationContext, RequestContext
from gateway.errors import format_errors, gateway_error
from gateway.metrics import Metrics
from gateway.schema import streaming
from gateway.schema.plan import NotCompilable, QueryPlan, StepAside, compile_query, run_plan
from registries.errors import BadUserInput, GatewayError
from registries.operatie import Actor, operatie

log = logging.getLogger("zgw_gateway.execution")

_OPERATION_TYPES = {
    GraphQLOperationType.QUERY: OperationType.QUERY,
    GraphQLOperationType.MUTATION: OperationType.MUTATION,
    GraphQLOperationType.SUBSCRIPTION: OperationType.SUBSCRIPTION,
}

_GEEN_STROOM = BadUserInput(
    "A subscription needs a streaming transport: the WebSocket at /graphql "
    "(graphql-transport-ws or graphql-ws), or a POST with 'Accept: text/event-stream' (or "
    "multipart/mixed). A plain POST or GET runs queries and mutations."
)


@dataclass(frozen=True, slots=True)
class RoleView:
    """What one role sees: the schema to execute and introspect, and its validation rules."""

    name: str
    schema: GraphQLSchema
    rules: tuple[type[ASTValidationRule], ...]


class PlainExecutor(Executor[Any]):
    """graphql-core's plain executor, with strawberry's resolve info.

    strawberry's own executor class derives from graphql-core's `IncrementalExecutor`, whose
    bookkeeping for @defer/@stream is pure overhead here: the schema defines neither directive,
    so validation rejects any operation that uses them. The resolve info is strawberry's (its
    resolvers read the operation context and the coerced variables from it)."""

    operation_extensions: dict[str, Any] | None = None
    build_resolve_info = StrawberryGraphQLCoreExecutionContext.build_resolve_info


class _LRU:
    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.data: OrderedDict[Any, Any] = OrderedDict()

    def get_or(self, key: Any, compute: Callable[[], Any]) -> Any:
        try:
            self.data.move_to_end(key)
            return self.data[key]
        except KeyError:
            value = compute()
            self.data[key] = value
            if len(self.data) > self.maxsize:
                self.data.popitem(last=False)
            return value


class GatewaySchema(strawberry.Schema):
    """strawberry's Schema with the gateway's own execution pipeline."""

    def configure(
        self,
        *,
        views: dict[str, RoleView],
        operation_context: Callable[[RequestContext, str | None], Awaitable[OperationContext]],
        after_operation: Callable[[OperationContext], Awaitable[None]],
        max_query_length: int,
        cache_size: int = 1024,
        after_group_operation: Callable[[OperationContext, list[Lezer]], Awaitable[None]]
        | None = None,
        use_json: bool = True,
    ) -> None:
        self.views = views
        self.operation_context = operation_context
        self.after_operation = after_operation
        self.after_group_operation = after_group_operation
        self.max_query_length = max_query_length
        self._documents = _LRU(cache_size)
        self._validations = _LRU(cache_size)
        self._plans = _LRU(cache_size)
        self.use_plans = True
        #: roots answered by the database's JSON where the store can (gateway.schema.json_wortel)
        self.use_json = use_json
        self.metrics: Metrics | None = None
        #: how queries ran: "plan" (compiled fast path), "aside" (plan stepped aside),
        #: "graphql" (graphql-core: not compilable, or not a query)
        #: ("subscription": one per event and group of subscribers sharing the execution)
        self.counts = {"plan": 0, "aside": 0, "graphql": 0, "subscription": 0}
        from gateway.schema.queries import JSON_ROOT_FIELDS, ROOT_FIELDS
        from gateway.schema.types.zaak import BETROKKENE_TYPENAMES

        query = self.get_type_by_name("Query")
        name_of = self.config.name_converter.from_field
        self._strawberry_roots = {name_of(f): f for f in query.fields}  # type: ignore[union-attr]
        self._roots = ROOT_FIELDS
        self._json_roots = JSON_ROOT_FIELDS
        self._resolve_type = {
            "BetrokkeneIdentificatie": lambda obj: BETROKKENE_TYPENAMES[type(obj)]
        }

    def view_for(self, role: str) -> RoleView:
        return self.views[role]

    # --- pipeline steps -----------------------------------------------------------------------

    def parse_document(self, query: str) -> DocumentNode | GraphQLError:
        if len(query) > self.max_query_length:
            return gateway_error(
                BadUserInput(
                    f"The query is {len(query)} characters long; the limit is "
                    f"{self.max_query_length}."
                )
            )

        def _parse() -> DocumentNode | GraphQLError:
            try:
                return parse(query)
            except GraphQLError as error:
                return format_errors([error], phase="parse")[0]

        result: DocumentNode | GraphQLError = self._documents.get_or(query, _parse)
        return result

    def validation_errors(
        self, query: str, document: DocumentNode, view: RoleView
    ) -> list[GraphQLError]:
        def _validate() -> tuple[GraphQLError, ...]:
            errors = validate(self._schema, document, (*specified_rules, *view.rules))
            return tuple(format_errors(errors, phase="validation"))

        return list(self._validations.get_or((query, view.name), _validate))

    def plan_for(
        self, query: str, document: DocumentNode, operation: OperationDefinitionNode, view: RoleView
    ) -> QueryPlan | None:
        """The compiled plan of a validated query for a role, or None (graphql-core runs it)."""

        def _compile() -> QueryPlan | None:
            try:
                return compile_query(
                    view.schema,
                    document,
                    operation,
                    self._roots,
                    self._strawberry_roots,
                    self._resolve_type,
                    self._json_roots,
                )
            except NotCompilable:
                return None

        key = (query, view.name, operation.name.value if operation.name else None)
        plan: QueryPlan | None = self._plans.get_or(key, _compile)
        return plan

    def operation_of(
        self, document: DocumentNode, operation_name: str | None
    ) -> OperationDefinitionNode:
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            raise CannotGetOperationTypeError(operation_name)
        return operation

    # --- strawberry's entry point --------------------------------------------------------------

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        started = time.perf_counter()
        result = await self._execute(
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            allowed_operation_types,
        )
        if self.metrics is not None:
            codes = [str((e.extensions or {}).get("code", "")) for e in result.errors or ()]
            outcome = "error" if result.data is None and codes else "ok"
            kind = "query"
            if query and query.lstrip().startswith("mutation"):
                kind = "mutation"
            self.metrics.operation(kind, outcome, time.perf_counter() - started, codes)
        return result

    async def _execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
    ) -> ExecutionResult:
        request_ctx = context_value
        if not isinstance(request_ctx, RequestContext):
            raise TypeError("the gateway schema executes with a RequestContext")
        if request_ctx.auth_error is not None:
            return PreExecutionError(data=None, errors=[gateway_error(request_ctx.auth_error)])
        if not query:
            from strawberry.exceptions import MissingQueryError

            raise MissingQueryError
        document = self.parse_document(query)
        if isinstance(document, GraphQLError):
            return PreExecutionError(data=None, errors=[document])
        operation = self.operation_of(document, operation_name)
        operation_type = _OPERATION_TYPES[operation.operation]
        allowed = set(allowed_operation_types or (OperationType.QUERY, OperationType.MUTATION))
        if operation_type not in allowed:
            raise InvalidOperationTypeError(operation_type)
        if operation_type is OperationType.SUBSCRIPTION:
            # a subscription runs through `stream`/`subscribe`; here it would execute as a query
            # and fail inside graphql-core
            return PreExecutionError(data=None, errors=[gateway_error(_GEEN_STROOM)])
        view = self.view_for(request_ctx.principal.role.value)
        errors = self.validation_errors(query, document, view)
        if errors:
            return PreExecutionError(data=None, errors=errors)
        try:
            name = operation.name.value if operation.name is not None else operation_name
            op_ctx = await self.operation_context(request_ctx, name)
        except GatewayError as error:
            return PreExecutionError(data=None, errors=[gateway_error(error)])
        principal = request_ctx.principal
        actor = Actor(
            user_id=principal.subject, user_representation=principal.naam or principal.subject
        )
        # the root fields (e.g. the mutation) name the operation in records that outlive it
        velden = ",".join(
            s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)
        )
        plan = self.plan_for(query, document, operation, view) if self.use_plans else None
        if plan is not None:
            try:
                with operatie(actor, naam=velden):
                    data = await run_plan(
                        plan, view.schema, self, op_ctx, variable_values, use_json=self.use_json
                    )
            except StepAside:
                # graphql-core gives the standard result (and errors): run it afresh
                self.counts["aside"] += 1
                op_ctx = await self.operation_context(request_ctx, name)
            else:
                self.counts["plan"] += 1
                return await self._finish(op_ctx, ExecutionResult(data=data, errors=None))
        else:
            self.counts["graphql"] += 1
        with operatie(
            actor, naam=velden
        ):  # who the registries call upstream for; per-operation scratch
            result = execute(
                view.schema,
                document,
                root_value=root_value,
                context_value=op_ctx,
                variable_values=variable_values,
                operation_name=operation_name,
                is_awaitable=cast("Any", optimized_is_awaitable),
                executor_class=PlainExecutor,
            )
            if isawaitable(result):
                result = await result
        return await self._finish(
            op_ctx,
            ExecutionResult(
                data=result.data,
                errors=format_errors(result.errors) if result.errors else None,
            ),
        )

    async def _finish(self, op_ctx: OperationContext, result: ExecutionResult) -> ExecutionResult:
        """After the operation: the audit records; a failure there returns nothing."""
        try:
            await self.after_operation(op_ctx)
        except Exception:
            log.exception("after-operation work (audit log) failed")
            return ExecutionResult(
                data=None,
                errors=[gateway_error(GatewayError("The audit log is unavailable; try again."))],
            )
        return result

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
    ) -> Any:
        """Subscriptions -- and queries and mutations sent over a WebSocket -- through the same
        pipeline (see `gateway.schema.streaming`). Both WebSocket protocols call this."""
        return streaming.stream(
            self,
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            allowed_operation_types,
        )
