"""ZGW pagination (`page`, `pageSize`, `count`) under the registry's offset pages.

Two ways to answer a `PageRequest(offset, limit)`:

* **direct** (`venster`): when the upstream filter is exactly the caller's scope and filter,
  the window [offset, offset+limit) is read from the page(s) that hold it, and `count` is the
  honest total. With `pageSize` (Open Zaak, Open Klant) a page size is chosen so that the window
  sits in ONE page whenever possible (any offset, not only multiples of the page size); else it
  spans at most two pages of `limit` items.
* **scan** (`scan_pagina`): when something must be checked after fetching (a rule the API cannot
  filter on, or a union of several queries), pages are read from the start, the rule is applied,
  and the window is cut from what passes. The total is then counted by reading on to the end
  (only when asked for, up to `max_scan` upstream rows; beyond that it is None rather than a
  guess). Rows that fail the rule are never counted.
"""

from __future__ import annotations

import heapq
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from registries.base import Page, PageRequest
from registries.errors import BadUserInput, UpstreamUnavailable
from registries.zgw.client import Params, ZgwClient
from registries.zgw.config import ApiConfig
from registries.zgw.samen import samen

T = TypeVar("T")
U = TypeVar("U")
Json = dict[str, Any]


@dataclass(slots=True)
class Pagina:
    items: list[Json]
    count: int | None
    volgende: bool


#: reads page `page` with `page_size` items; None when the page lies past the end
Bron = Callable[[int, int], Coroutine[Any, Any, Pagina | None]]


def _pagina(data: Any, naam: str, registry: str) -> Pagina:
    if isinstance(data, list):  # some ZGW lists are not paginated
        return Pagina([i for i in data if isinstance(i, dict)], len(data), False)
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        count = data.get("count")
        return Pagina(
            [i for i in data["results"] if isinstance(i, dict)],
            count if isinstance(count, int) else None,
            bool(data.get("next")),
        )
    raise UpstreamUnavailable(
        f"The {naam} answered a list in an unexpected shape.", registry=registry
    )


def lijst_bron(
    client: ZgwClient, pad: str, params: Params, *, velden: Mapping[str, str] | None = None
) -> Bron:
    """A paginated ``GET`` list."""

    async def haal(page: int, page_size: int) -> Pagina | None:
        query: dict[str, Any] = dict(params)
        query["page"] = page
        if client.api.page_size_param:
            query["pageSize"] = page_size
        antwoord = await client.lees(pad, params=query, velden=velden)
        if antwoord is None:
            return None
        return _pagina(antwoord.data, client.naam, client.registry)

    return haal


def zoek_bron(
    client: ZgwClient,
    pad: str,
    body: Mapping[str, Any],
    *,
    params: Params | None = None,
    velden: Mapping[str, str] | None = None,
) -> Bron:
    """A paginated ``POST .../_zoek`` (page and pageSize go in the query string)."""

    async def haal(page: int, page_size: int) -> Pagina | None:
        query: dict[str, Any] = dict(params or {})
        query["page"] = page
        if client.api.page_size_param:
            query["pageSize"] = page_size
        antwoord = await client.zoek(pad, body, params=query, velden=velden)
        if antwoord is None:
            return None
        return _pagina(antwoord.data, client.naam, client.registry)

    return haal


async def alles(bron: Bron, api: ApiConfig, *, max_rijen: int = 100_000) -> list[Json]:
    """Every item of a list, page by page."""
    page_size = api.max_page_size if api.page_size_param else api.page_size
    items: list[Json] = []
    page = 1
    while True:
        pagina = await bron(page, page_size)
        if pagina is None:
            return items
        items.extend(pagina.items)
        if (
            not pagina.volgende
            or not pagina.items
            or (pagina.count is not None and len(items) >= pagina.count)
        ):
            return items
        if len(items) >= max_rijen:
            raise UpstreamUnavailable(f"A list has more than {max_rijen} items; not read.")
        page += 1


def plan(offset: int, limit: int, api: ApiConfig) -> tuple[int, int, int]:
    """(page size, first page, last page) that cover [offset, offset + max(limit, 1))."""
    breedte = max(limit, 1)
    if not api.page_size_param:
        grootte = api.page_size
    else:
        grootte = min(breedte, api.max_page_size)
        for kandidaat in range(grootte, api.max_page_size + 1):
            if offset % kandidaat + breedte <= kandidaat:
                grootte = kandidaat
                break
    return grootte, offset // grootte + 1, (offset + breedte - 1) // grootte + 1


async def venster(
    bron: Bron, api: ApiConfig, offset: int, limit: int
) -> tuple[list[Json], int | None]:
    """The items at [offset, offset+limit) and the upstream `count` (direct mode)."""
    grootte, eerste, laatste = plan(offset, limit, api)
    paginas = await samen(bron(p, grootte) for p in range(eerste, laatste + 1))
    echt = _werkelijke_grootte(paginas, grootte)
    if echt is not None:  # the API capped pageSize below what we asked: plan again with its size
        grootte = echt
        eerste, laatste = offset // grootte + 1, (offset + max(limit, 1) - 1) // grootte + 1
        paginas = await samen(bron(p, grootte) for p in range(eerste, laatste + 1))
    items: list[Json] = []
    count: int | None = None
    for nummer, pagina in zip(range(eerste, laatste + 1), paginas, strict=True):
        if pagina is None:
            continue
        count = pagina.count
        start = (nummer - 1) * grootte
        items.extend(
            item for i, item in enumerate(pagina.items) if offset <= start + i < offset + limit
        )
    if count is None:  # the window lies past the end: ask for the count alone
        pagina = await bron(1, 1 if api.page_size_param else api.page_size)
        count = pagina.count if pagina is not None else 0
    return items, count


def _werkelijke_grootte(paginas: Sequence[Pagina | None], gevraagd: int) -> int | None:
    """The page size the API really used, when a page came back shorter than asked although
    more items follow (the API caps `pageSize` lower than configured); else None."""
    for pagina in paginas:
        if pagina is not None and pagina.volgende and 0 < len(pagina.items) < gevraagd:
            return len(pagina.items)
    return None


async def stroom(bron: Bron, page_size: int) -> AsyncIterator[Json]:
    """The items of a list in upstream order, fetching a page when the previous is used up."""
    page = 1
    gelezen = 0
    while True:
        pagina = await bron(page, page_size)
        if pagina is None:
            return
        for item in pagina.items:
            yield item
        gelezen += len(pagina.items)
        if (
            not pagina.volgende
            or not pagina.items
            or (pagina.count is not None and gelezen >= pagina.count)
        ):
            return
        page += 1


class Omgekeerd(Generic[T]):
    """Wraps a value so that it sorts in reverse (descending keys in a heap)."""

    __slots__ = ("waarde",)

    def __init__(self, waarde: T) -> None:
        self.waarde = waarde

    def __lt__(self, other: Omgekeerd[T]) -> bool:
        return bool(other.waarde < self.waarde)  # type: ignore[operator]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Omgekeerd) and bool(self.waarde == other.waarde)

    def __hash__(self) -> int:
        return hash(self.waarde)


async def _eerste(stroom: AsyncIterator[Json]) -> Json | None:
    return await anext(stroom, None)


async def unie(
    stromen: Sequence[AsyncIterator[Json]], sleutel: Callable[[Json], Any]
) -> AsyncIterator[Json]:
    """The union of several streams sorted by `sleutel` (each already in that order), merged
    in order, each item (by `url`) once."""
    if len(stromen) == 1:
        async for item in stromen[0]:
            yield item
        return
    eerste = await samen(_eerste(s) for s in stromen)
    heap: list[tuple[Any, int, int, Json]] = []
    teller = 0
    for index, kop in enumerate(eerste):
        if kop is not None:
            heap.append((sleutel(kop), index, teller, kop))
            teller += 1
    heapq.heapify(heap)
    gezien: set[str] = set()
    while heap:
        _key, index, _n, kleinste = heapq.heappop(heap)
        url = str(kleinste.get("url"))
        if url not in gezien:
            gezien.add(url)
            yield kleinste
        volgende = await anext(stromen[index], None)
        if volgende is not None:
            teller += 1
            heapq.heappush(heap, (sleutel(volgende), index, teller, volgende))


async def scan_pagina(
    items: AsyncIterator[T],
    toelaten: Callable[[list[T]], Awaitable[list[U]]],
    page: PageRequest,
    *,
    blok: int,
    max_scan: int,
    naam: str,
) -> Page[U]:
    """Cut `page` out of the items that `toelaten` admits (scan mode; see the module doc)."""
    eind = page.offset + page.limit
    gevonden: list[U] = []
    toegelaten = 0
    gelezen = 0
    compleet = True
    buffer: list[T] = []

    async def verwerk() -> None:
        nonlocal toegelaten
        for item in await toelaten(buffer):
            if page.offset <= toegelaten < eind:
                gevonden.append(item)
            toegelaten += 1
        buffer.clear()

    async for item in items:
        buffer.append(item)
        gelezen += 1
        if len(buffer) >= blok:
            await verwerk()
            if toegelaten > eind and not page.with_total:
                break
        if gelezen >= max_scan:
            compleet = False
            break
    if buffer:
        await verwerk()
    heeft_volgende = toegelaten > eind
    if not compleet and not heeft_volgende and len(gevonden) < page.limit:
        raise BadUserInput(
            f"This search would read more than {max_scan} rows from the {naam} to apply the "
            "caller's scope after fetching; narrow it down (e.g. by zaaktype, identificatie or "
            "date).",
        )
    total = toegelaten if page.with_total and compleet else None
    return Page(items=gevonden, has_next=heeft_volgende, total=total)
