"""Relay connections (edges/node/cursor, pageInfo, totalCount) over offset pages.

Cursors are opaque to clients: base64url of "v1:<offset>". They hold no data about the rows, so
a cursor cannot reveal anything outside the caller's scope; a cursor that does not decode is a
BAD_USER_INPUT error.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import strawberry

from registries.base import PageRequest
from registries.errors import BadUserInput, GatewayError

if TYPE_CHECKING:
    from gateway.settings import Settings

T = TypeVar("T")
_PREFIX = "v1:"


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode()).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        offset = int(text[len(_PREFIX) :])
        if offset < 0:
            raise ValueError(text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadUserInput(
            "Invalid cursor: pass a cursor this gateway returned (edges.cursor or "
            "pageInfo.endCursor).",
            field="after",
        ) from None
    return offset


def pagina(
    settings: Settings, first: int | None, after: str | None, *, with_total: bool
) -> PageRequest:
    """`page_request` with the configured default and maximum page size (every connection)."""
    return page_request(
        first,
        after,
        default=settings.default_page_size,
        maximum=settings.max_page_size,
        with_total=with_total,
    )


def page_request(
    first: int | None, after: str | None, *, default: int, maximum: int, with_total: bool
) -> PageRequest:
    if first is None:
        first = default
    if first < 0:
        raise BadUserInput("`first` must be zero or more.", field="first")
    if first > maximum:
        raise BadUserInput(
            f"`first` may be at most {maximum}; page through the rest with `after`.",
            field="first",
        )
    offset = decode_cursor(after) + 1 if after is not None else 0
    return PageRequest(offset=offset, limit=first, with_total=with_total)


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@dataclass(slots=True)
class EdgeValue(Generic[T]):
    node: T
    cursor: str


@dataclass(slots=True)
class ConnectionValue(Generic[T]):
    """What a connection field returns; the strawberry connection types read its attributes."""

    edges: list[EdgeValue[T]]
    nodes: list[T]
    page_info: PageInfo
    total: int | None
    total_verified: bool = True

    @property
    def total_count(self) -> int:
        if not self.total_verified or self.total is None:
            # the row guard removed rows the registry should not have returned: its count
            # cannot be trusted not to include rows outside the caller's scope
            raise GatewayError("totalCount is unavailable: the registry did not apply the scope.")
        return self.total


def connection(
    items: list[Any], page: PageRequest, has_next: bool, total: int | None, *, returned: int
) -> Any:
    """A connection over `items` (admitted by the row guard out of `returned` rows)."""
    edges = [EdgeValue(item, encode_cursor(page.offset + i)) for i, item in enumerate(items)]
    return ConnectionValue(
        edges=edges,
        nodes=items,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total=total,
        total_verified=len(items) == returned,
    )
