"""Root fields for klantcontacten: `klantcontact(url)` and the `klantcontacten` connection."""

from __future__ import annotations

from typing import Any, cast

import strawberry

from gateway.schema.connection import PageInfo, connection, pagina
from gateway.schema.queries.common import (
    Veld,
    prefetch_below,
    prefetch_connection,
    selects_total,
    veld,
)
from gateway.schema.relations import note
from gateway.schema.types.klantcontact import Klantcontact
from registries import base
from registries.elfproef import is_geldig_bsn
from registries.errors import BadUserInput, NotFound


@strawberry.input(description="Filters on klantcontacten; all given filters must hold.")
class KlantcontactFilter:
    zaak: str | None = strawberry.field(default=None, description="About this zaak (URL).")
    bsn: str | None = strawberry.field(
        default=None, description="A betrokkene is the burger with this BSN."
    )
    kanaal: str | None = None
    onderwerp_bevat: str | None = None


@strawberry.type
class KlantcontactEdge:
    node: Klantcontact
    cursor: str


@strawberry.type
class KlantcontactConnection:
    edges: list[KlantcontactEdge]
    nodes: list[Klantcontact]
    page_info: PageInfo
    total_count: int = strawberry.field(
        description="How many klantcontacten match, within what the caller may see."
    )


async def klantcontact_veld(v: Veld, url: str) -> Any:
    ctx = v.ctx
    found = (await ctx.loaders.klantcontact.fetch([url])).get(url)
    if found is None:
        raise NotFound(f"No klantcontact with url {url} (or not one you may see).")
    note(ctx, "klantcontact", found)
    await prefetch_below(v, "Klantcontact", [found])
    return found


async def klantcontacten_veld(
    v: Veld,
    filter: KlantcontactFilter | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Any:
    ctx = v.ctx
    page = pagina(ctx.settings, first, after, with_total=selects_total(v, "KlantcontactConnection"))
    f = filter or KlantcontactFilter()
    if f.bsn is not None and not is_geldig_bsn(f.bsn):
        raise BadUserInput("filter.bsn is not a valid BSN.", field="filter.bsn")
    if f.zaak is not None and (await ctx.loaders.zaak.fetch([f.zaak])).get(f.zaak) is None:
        # a zaak outside the caller's view filters like one that does not exist: no answer
        # may confirm what a zaak the caller cannot see was about
        return connection([], page, False, 0 if page.with_total else None, returned=0)
    registry_filter = base.KlantcontactFilter(
        zaak=f.zaak, bsn=f.bsn, kanaal=f.kanaal, onderwerp_bevat=f.onderwerp_bevat
    )
    found = await ctx.registries.klantcontacten.zoek_klantcontacten(
        registry_filter, ctx.scope, page
    )
    items = await ctx.loaders.toelaten_klantcontacten(found.items)
    note(ctx, "klantcontact", items)
    await prefetch_connection(v, "KlantcontactConnection", "Klantcontact", items)
    return connection(items, page, found.has_next, found.total, returned=len(found.items))


@strawberry.type
class KlantcontactenQuery:
    @strawberry.field(description="One klantcontact by its URL.")
    async def klantcontact(self, info: strawberry.Info, url: str) -> Klantcontact | None:
        return cast("Klantcontact", await klantcontact_veld(veld(info), url))

    @strawberry.field(description="Klantcontacten, filtered and paged (Relay connection).")
    async def klantcontacten(
        self,
        info: strawberry.Info,
        filter: KlantcontactFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> KlantcontactConnection:
        value = await klantcontacten_veld(veld(info), filter, first, after)
        return cast("KlantcontactConnection", value)


ROOT_FIELDS = {"klantcontact": klantcontact_veld, "klantcontacten": klantcontacten_veld}
