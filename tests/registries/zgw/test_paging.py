"""Offset pages over ZGW pages: planning, windows, capped page sizes, merged queries, scans."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registries.base import PageRequest
from registries.errors import BadUserInput
from registries.zgw.config import ApiConfig, TokenAuth
from registries.zgw.paging import Omgekeerd, Pagina, plan, scan_pagina, stroom, unie, venster

API = ApiConfig(base_url="https://x.example", auth=TokenAuth("t"), naam="Test API")


def bron(items: list[Any], *, cap: int | None = None) -> Any:
    """A list source that answers like DRF (404 past the end), optionally capping pageSize."""
    gevraagd: list[tuple[int, int]] = []

    async def haal(page: int, size: int) -> Pagina | None:
        gevraagd.append((page, size))
        size = min(size, cap) if cap else size
        start = (page - 1) * size
        if page > 1 and start >= len(items):
            return None
        deel = items[start : start + size]
        return Pagina(
            [{"url": str(i), "n": i} for i in deel], len(items), start + size < len(items)
        )

    haal.gevraagd = gevraagd  # type: ignore[attr-defined]
    return haal


@given(
    offset=st.integers(0, 5000),
    limit=st.integers(0, 300),
    maximum=st.integers(1, 500),
)
@settings(max_examples=300, deadline=None)
def test_plan_covers_the_window_in_at_most_two_pages(offset: int, limit: int, maximum: int) -> None:
    api = ApiConfig(
        base_url="https://x.example",
        auth=TokenAuth("t"),
        naam="T",
        page_size=1,
        max_page_size=maximum,
    )
    grootte, eerste, laatste = plan(offset, limit, api)
    breedte = max(limit, 1)
    assert 1 <= grootte <= maximum
    assert (eerste - 1) * grootte <= offset
    assert laatste * grootte >= offset + breedte
    if breedte <= maximum:
        assert laatste - eerste <= 1
    if offset + breedte <= maximum:
        assert eerste == laatste


@pytest.mark.parametrize(("offset", "limit"), [(0, 20), (7, 13), (99, 2), (245, 10), (300, 5)])
@pytest.mark.parametrize("cap", [None, 7])
async def test_venster(offset: int, limit: int, cap: int | None) -> None:
    items = list(range(250))
    haal = bron(items, cap=cap)
    found, count = await venster(haal, API, offset, limit)
    assert [f["n"] for f in found] == items[offset : offset + limit]
    assert count == 250


async def test_unie_merges_in_order_without_doubles() -> None:
    async def van(*waarden: int) -> AsyncIterator[dict[str, Any]]:
        for w in waarden:
            yield {"url": str(w), "n": w}

    merged = [
        d["n"]
        async for d in unie([van(9, 7, 3), van(8, 7, 2, 1), van(10)], lambda d: Omgekeerd(d["n"]))
    ]
    assert merged == [10, 9, 8, 7, 3, 2, 1]


async def test_scan_pagina_counts_only_what_passes() -> None:
    items = list(range(100))

    async def even(batch: list[dict[str, Any]]) -> list[int]:
        return [d["n"] for d in batch if d["n"] % 2 == 0]

    page = await scan_pagina(
        stroom(bron(items), 10),
        even,
        PageRequest(offset=3, limit=4, with_total=True),
        blok=10,
        max_scan=1000,
        naam="Test API",
    )
    assert page.items == [6, 8, 10, 12] and page.has_next and page.total == 50
    laatste = await scan_pagina(
        stroom(bron(items), 10),
        even,
        PageRequest(offset=48, limit=4),
        blok=10,
        max_scan=1000,
        naam="T",
    )
    assert laatste.items == [96, 98] and not laatste.has_next and laatste.total is None


async def test_scan_pagina_refuses_to_read_without_end() -> None:
    async def niets(batch: list[dict[str, Any]]) -> list[int]:
        return []

    with pytest.raises(BadUserInput, match="more than 50 rows from the Test API"):
        await scan_pagina(
            stroom(bron(list(range(1000))), 10),
            niets,
            PageRequest(),
            blok=10,
            max_scan=50,
            naam="Test API",
        )

    # a full window found before the cap: the page is served, the total is left unknown
    async def alles(batch: list[dict[str, Any]]) -> list[int]:
        return [d["n"] for d in batch]

    page = await scan_pagina(
        stroom(bron(list(range(1000))), 10),
        alles,
        PageRequest(limit=5, with_total=True),
        blok=10,
        max_scan=50,
        naam="Test API",
    )
    assert page.items == [0, 1, 2, 3, 4] and page.has_next and page.total is None
