"""Root fields for the catalogus: `zaaktype(url | identificatie)` and `zaaktypen`."""

from __future__ import annotations

from datetime import date
from typing import cast

import strawberry

from gateway.schema.queries.common import context, prefetch_below
from gateway.schema.types.catalogus import ZaakType
from registries.base import ZaakTypeFilter
from registries.errors import BadUserInput, NotFound


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
        if (url is None) == (identificatie is None):
            raise BadUserInput("Give exactly one of `url` and `identificatie`.", field="url")
        ctx = context(info)
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
        await prefetch_below(info, "ZaakType", [zaaktype])
        return cast("ZaakType", zaaktype)

    @strawberry.field(description="The zaaktypen of the catalogus (all versions unless filtered).")
    async def zaaktypen(
        self,
        info: strawberry.Info,
        identificatie: str | None = None,
        geldig_op: date | None = None,
    ) -> list[ZaakType]:
        ctx = context(info)
        found = await ctx.registries.catalogi.zoek_zaaktypen(
            ZaakTypeFilter(identificatie=identificatie, geldig_op=geldig_op), ctx.scope
        )
        await prefetch_below(info, "ZaakType", list(found))
        return cast("list[ZaakType]", found)
