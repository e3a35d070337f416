"""GraphQL over HTTP: the answer's media type and status, and the common request answered
without strawberry's generic HTTP view.

Media type: a client that accepts `application/graphql-response+json` gets that media type, and
a request that did not reach execution (bad token, parse or validation error) gets a 4xx status
and no `data`. Clients that ask for `application/json` keep the classic answer (200,
`data: null`).

The common request -- POST, `Content-Type: application/json`, one operation whose `query` is a
non-empty string, no streaming transport asked for -- is what nearly every client sends (Apollo
Client, urql, the KCC's CRM). `gewone_post` answers it directly: parse the body, authenticate,
execute, encode. Strawberry's view, built for every transport, costs about 100 µs a request
more (bench/fixes.md, fix 25). Anything else -- GET, multipart uploads, batches, SSE and
multipart subscriptions, a body that is not a JSON object, a parameter of the wrong type, an
operation type POST does not run -- returns None and goes through strawberry's view, which
answers it as before. The answers are the same either way (`tests/gateway/test_graphql_http.py`
sends each kind of request both ways), and the server passes the graphql-http conformance audit
(`tests/gateway/test_graphql_http_audit.py`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.execution import ExecutionResult, PreExecutionError
from strawberry.types.graphql import OperationType

if TYPE_CHECKING:
    from gateway.context import RequestContext

GRAPHQL_RESPONSE = "application/graphql-response+json; charset=utf-8"
JSON = "application/json"

#: what a POST may run (subscriptions over POST need a streaming transport: strawberry's view)
_POST = frozenset({OperationType.QUERY, OperationType.MUTATION})


def wants_graphql_response(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    if "application/graphql-response+json" not in accept:
        return False
    # "application/json" listed first (or alone) keeps the classic behaviour
    return (
        accept.find("application/graphql-response+json") <= max(accept.find("application/json"), 0)
        or "application/json" not in accept
    )


def antwoord(
    request: Request, result: ExecutionResult
) -> tuple[GraphQLHTTPResponse, int, dict[str, str]]:
    """The body, status and headers of the answer to `request` (module docstring). The
    content-type header is only there for `application/graphql-response+json`."""
    body = process_result(result)
    if not wants_graphql_response(request):
        return body, 200, {}
    headers = {"content-type": GRAPHQL_RESPONSE}
    status = 200
    if isinstance(result, PreExecutionError):
        body.pop("data", None)
        codes = {(e.extensions or {}).get("code") for e in result.errors or ()}
        if "UNAUTHENTICATED" in codes:
            status = 401
            headers["www-authenticate"] = 'Bearer realm="zgw-gateway"'
        else:
            status = 400
    return body, status, headers


async def gewone_post(
    request: Request,
    schema: Any,
    context_voor: Callable[[Request], Awaitable[RequestContext]],
) -> Response | None:
    """The answer to a common POST (module docstring), or None: strawberry's view answers.
    The caller has checked that the request asks for no streaming transport."""
    mime = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if mime != JSON:
        return None
    try:
        data = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        return None  # strawberry's view says why (json.loads reads a few more inputs)
    if not isinstance(data, dict):
        return None
    query = data.get("query")
    variables = data.get("variables")
    operation_name = data.get("operationName")
    extensions = data.get("extensions")
    if (
        not isinstance(query, str)
        or not query
        or not (variables is None or isinstance(variables, dict))
        or not (operation_name is None or isinstance(operation_name, str))
        or not (extensions is None or isinstance(extensions, dict))
    ):
        return None
    context = await context_voor(request)
    try:
        result = await schema.execute(
            query,
            variable_values=variables,
            context_value=context,
            operation_name=operation_name,
            allowed_operation_types=_POST,
            operation_extensions=extensions,
        )
    except (CannotGetOperationTypeError, InvalidOperationTypeError, MissingQueryError):
        return None  # refused before anything ran: strawberry's view gives its 400
    body, status, headers = antwoord(request, result)
    media_type = headers.pop("content-type", JSON)
    return Response(orjson.dumps(body), status_code=status, headers=headers, media_type=media_type)
