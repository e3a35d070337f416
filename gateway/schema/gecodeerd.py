"""A subscription payload serialised once for its whole group of subscribers.

`Gecodeerd` is the `data` of a result that a group of subscribers shares: a dict (what tests and
in-process callers read) that also carries its JSON text, made once. The WebSocket adapter asks
`gecodeerd_bericht` for the message text: for a `next` (graphql-transport-ws) or `data` (legacy
graphql-ws) message whose payload is only such data, it splices the subscriber's operation id
around the shared text -- no JSON encoding per subscriber. Anything else: None (encode as usual).
"""

from __future__ import annotations

from typing import Any

import orjson


class Gecodeerd(dict[str, Any]):
    """Result data with its JSON text. Shared by a group: never mutate it."""

    __slots__ = ("json",)

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.json: str = orjson.dumps(data).decode()


_SOORTEN = frozenset({"next", "data"})


def gecodeerd_bericht(message: Any) -> str | None:
    """The text of `message` built around its pre-encoded data, or None when it has none."""
    if type(message) is not dict or len(message) != 3:
        return None
    payload = message.get("payload")
    soort = message.get("type")
    if type(payload) is not dict or len(payload) != 1 or soort not in _SOORTEN:
        return None
    data = payload.get("data")
    operation_id = message.get("id")
    if type(data) is not Gecodeerd or type(operation_id) is not str:
        return None
    gedeeld: Gecodeerd = data
    text = gedeeld.json
    kind: str = soort
    return (
        '{"id":'
        + orjson.dumps(operation_id).decode()
        + ',"type":"'
        + kind
        + '","payload":{"data":'
        + text
        + "}}"
    )
