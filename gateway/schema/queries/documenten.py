"""Root fields for documents: `document(url)` and the `documenten` connection."""

from __future__ import annotations

from typing import Any, cast

import strawberry

from gateway.schema.connection import PageInfo, connection, pagina
from gateway.schema.enums import DocumentStatus
from gateway.schema.queries.common import (
    Veld,
    prefetch_below,
    prefetch_connection,
    selects_total,
    veld,
)
from gateway.schema.relations import note
from gateway.schema.types.document import Document
from registries import base
from registries.errors import NotFound


@strawberry.input(description="Filters on documents; all given filters must hold.")
class DocumentFilter:
    titel_bevat: str | None = strawberry.field(
        default=None, description="Titel contains this text (case-insensitive)."
    )
    identificatie: str | None = None
    informatieobjecttype: str | None = strawberry.field(
        default=None, description="InformatieObjectType URL."
    )
    status: DocumentStatus | None = None
    zonder_zaak: bool | None = strawberry.field(
        default=None,
        description="true: only documents linked to no zaak (the post room's inbox); "
        "false: only linked ones.",
    )


@strawberry.type
class DocumentEdge:
    node: Document
    cursor: str


@strawberry.type
class DocumentConnection:
    edges: list[DocumentEdge]
    nodes: list[Document]
    page_info: PageInfo
    total_count: int = strawberry.field(
        description="How many documents match, within what the caller may see."
    )


async def document_veld(v: Veld, url: str) -> Any:
    ctx = v.ctx
    found = (await ctx.loaders.document.fetch([url])).get(url)
    if found is None:
        raise NotFound(f"No document with url {url} (or not one you may see).")
    note(ctx, "document", found)
    await prefetch_below(v, "Document", [found])
    return found


async def documenten_veld(
    v: Veld,
    filter: DocumentFilter | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Any:
    ctx = v.ctx
    page = pagina(ctx.settings, first, after, with_total=selects_total(v, "DocumentConnection"))
    f = filter or DocumentFilter()
    registry_filter = base.DocumentFilter(
        titel_bevat=f.titel_bevat,
        identificatie=f.identificatie,
        informatieobjecttype=f.informatieobjecttype,
        status=f.status,
        zonder_zaak=f.zonder_zaak,
    )
    found = await ctx.registries.documenten.zoek_documenten(registry_filter, ctx.scope, page)
    items = await ctx.loaders.toelaten_documenten(found.items)
    note(ctx, "document", items)
    await prefetch_connection(v, "DocumentConnection", "Document", items)
    return connection(items, page, found.has_next, found.total, returned=len(found.items))


@strawberry.type
class DocumentenQuery:
    @strawberry.field(description="One document by its URL.")
    async def document(self, info: strawberry.Info, url: str) -> Document | None:
        return cast("Document", await document_veld(veld(info), url))

    @strawberry.field(description="Documents, filtered and paged (Relay connection).")
    async def documenten(
        self,
        info: strawberry.Info,
        filter: DocumentFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> DocumentConnection:
        value = await documenten_veld(veld(info), filter, first, after)
        return cast("DocumentConnection", value)


ROOT_FIELDS = {"document": document_veld, "documenten": documenten_veld}
