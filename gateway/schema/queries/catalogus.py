"""Root fields for the catalogus: `zaaktype(url | identificatie)` and `zaaktypen`."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import strawberry

from gateway.schema.queries.common import Veld, prefetch_below, veld
from gateway.schema.types.catalogus import ZaakType
from registries.base import ZaakTypeFilter
from registries.errors import BadUserInput, NotFound


async def zaaktype_veld(
    v: Veld, url: str | None = None, identificatie: str | None = None, geldig_op: date | None = None
) -> Any:
    if (url is None) == (identificatie is None):
        raise BadUserInput("Give exactly one of `url` and `identificatie`.", field="url")
    ctx = v.ctx
    if url is not None:
        found = (await ctx.loaders.zaaktype.fetch([url])).get(url)
        visible = await ctx.registries.catalogi.zoek_zaaktypen(ZaakTypeFilter(), ctx.scope)
        zaaktype = found if found is not None and found in visible else None
        what = f"url {url}"
    else:
        dag = geldig_op or date.today()
        versies = await ctx.registries.catalogi.zoek_zaaktypen(
            ZaakTypeFilter(identificatie=identificatie, geldig_op=dag), ctx.scope
        )
        zaaktype = versies[-1] if versies else None
        what = f"identificatie {identificatie} valid on {dag.isoformat()}"
    if zaaktype is None:
        raise NotFound(f"No zaaktype with {what} (or not one you may see).")
    await prefetch_below(v, "ZaakType", [zaaktype])
    return zaaktype


async def zaaktypen_veld(
    v: Veld, identificatie: str | None = None, geldig_op: date | None = None
) -> Any:
    ctx = v.ctx
    found = await ctx.registries.catalogi.zoek_zaaktypen(
        ZaakTypeFilter(identificatie=identificatie, geldig_op=geldig_op), ctx.scope
    )
    await prefetch_below(v, "ZaakType", list(found))
    return found


@strawberry.type
class CatalogusQuery:
    @strawberry.field(
        description="One zaaktype: by URL, or by identificatie (the version valid on "
        "`geldigOp`, default today)."
    )
    async def zaaktype(
        self,
        info: strawberry.Info,
        url: str | None = None,
        identificatie: str | None = None,
        geldig_op: date | None = None,
    ) -> ZaakType | None:
        return cast("ZaakType", await zaaktype_veld(veld(info), url, identificatie, geldig_op))

    @strawberry.field(description="The zaaktypen of the catalogus (all versions unless filtered).")
    async def zaaktypen(
        self,
        info: strawberry.Info,
        identificatie: str | None = None,
        geldig_op: date | None = None,
    ) -> list[ZaakType]:
        return cast("list[ZaakType]", await zaaktypen_veld(veld(info), identificatie, geldig_op))


ROOT_FIELDS = {"zaaktype": zaaktype_veld, "zaaktypen": zaaktypen_veld}
