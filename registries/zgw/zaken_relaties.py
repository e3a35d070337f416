"""Reading the children of zaken (statussen, rollen, resultaat, eigenschappen, document links)
from the Zaken API: one list call per zaak (the API has no ``zaak__in``), all concurrently
within the client's concurrency bound, every page followed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from registries import models as m
from registries.zgw.client import ZgwClient
from registries.zgw.geheugen import rol_volgorde, status_volgorde, zio_volgorde
from registries.zgw.paging import alles, lijst_bron
from registries.zgw.parse import Json, gelezen, uuid_uit_url
from registries.zgw.parse import zaken as parse
from registries.zgw.samen import samen

T = TypeVar("T")


async def per_url(
    client: ZgwClient, urls: Sequence[str], lees: Callable[[ZgwClient, str], Any]
) -> dict[str, Any]:
    """`lees(client, url)` for every URL, concurrently (the client bounds the concurrency)."""
    results = await samen(lees(client, url) for url in urls)
    return dict(zip(urls, results, strict=True))


async def _lijst(client: ZgwClient, pad: str, params: dict[str, Any]) -> list[Json]:
    return await alles(lijst_bron(client, pad, params), client.api)


def _parse(client: ZgwClient, items: list[Json], parser: Callable[[Json], T]) -> list[T]:
    with gelezen(client.naam, client.registry):
        return [parser(i) for i in items]


async def statussen(client: ZgwClient, zaak_url: str) -> list[m.Status]:
    items = await _lijst(client, "statussen", {"zaak": zaak_url})
    return sorted(_parse(client, items, parse.status), key=status_volgorde)


async def rollen(client: ZgwClient, zaak_url: str) -> list[m.Rol]:
    items = await _lijst(client, "rollen", {"zaak": zaak_url})
    return sorted(_parse(client, items, parse.rol), key=rol_volgorde)


async def resultaat(client: ZgwClient, zaak_url: str) -> m.Resultaat | None:
    items = await _lijst(client, "resultaten", {"zaak": zaak_url})
    found = _parse(client, items, parse.resultaat)
    return found[0] if found else None


async def eigenschappen(client: ZgwClient, zaak_url: str) -> list[m.ZaakEigenschap]:
    with gelezen(client.naam, client.registry):
        uuid = uuid_uit_url(zaak_url)
    antwoord = await client.lees(f"zaken/{uuid}/zaakeigenschappen")
    items = antwoord.data if antwoord is not None and isinstance(antwoord.data, list) else []
    return sorted(_parse(client, items, parse.zaakeigenschap), key=lambda e: e.naam)


async def zaakinformatieobjecten(client: ZgwClient, zaak_url: str) -> list[m.ZaakInformatieObject]:
    antwoord = await client.lees("zaakinformatieobjecten", params={"zaak": zaak_url})
    items = antwoord.data if antwoord is not None and isinstance(antwoord.data, list) else []
    return sorted(_parse(client, items, parse.zaakinformatieobject), key=zio_volgorde)


async def zaakinformatieobjecten_bij(
    client: ZgwClient, document_url: str
) -> list[m.ZaakInformatieObject]:
    antwoord = await client.lees(
        "zaakinformatieobjecten", params={"informatieobject": document_url}
    )
    items = antwoord.data if antwoord is not None and isinstance(antwoord.data, list) else []
    return sorted(_parse(client, items, parse.zaakinformatieobject), key=zio_volgorde)


async def status(client: ZgwClient, status_url: str) -> m.Status | None:
    antwoord = await client.lees(status_url)
    if antwoord is None:
        return None
    with gelezen(client.naam, client.registry):
        return parse.status(antwoord.data)
