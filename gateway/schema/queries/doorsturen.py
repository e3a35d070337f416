"""`doorstuurOpdrachten`: the delivery state of the store-and-forward outbox (aanvragen
forwarded to zaakafhandelcomponenten). Which roles may ask is the policies' business (by
default only behandelaars); the zaak of an opdracht is shown only when it is in the caller's
view, and the forwarded form data never is."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry

from gateway.schema.connection import PageInfo, connection, pagina
from gateway.schema.queries.common import context, selects_total, veld
from gateway.schema.relations import note
from gateway.schema.types.zaak import Zaak
from registries.sql.doorstuur_opdrachten import DoorstuurOpdracht as Opdracht
from registries.sql.doorstuur_opdrachten import DoorstuurStatus

strawberry.enum(
    DoorstuurStatus,
    name="DoorstuurStatus",
    description="WACHTEND (not delivered yet; retried), AFGELEVERD (the target answered 2xx), "
    "MISLUKT (given up after the maximum number of attempts).",
)


@strawberry.type(
    name="DoorstuurOpdracht",
    description="An aanvraag forwarded to a zaakafhandelcomponent, and how its delivery goes.",
)
class DoorstuurOpdrachtType:
    id: strawberry.ID
    doel: str = strawberry.field(description="The URL it is POSTed to.")
    status: DoorstuurStatus
    pogingen: int = strawberry.field(description="Delivery attempts made so far.")
    volgende_poging: datetime | None = strawberry.field(
        description="When the next attempt is due (null once delivered or given up)."
    )
    laatste_fout: str = strawberry.field(description="Why the last attempt failed, if it did.")
    aangemaakt: datetime
    afgeleverd: datetime | None
    zaak_url: strawberry.Private[str | None]

    @strawberry.field(description="The zaak the aanvraag became (null when outside your view).")
    async def zaak(self, info: strawberry.Info) -> Zaak | None:
        if not self.zaak_url:
            return None
        ctx = context(info)
        found = (await ctx.loaders.zaak.fetch([self.zaak_url])).get(self.zaak_url)
        note(ctx, "zaak", found)
        return cast("Zaak | None", found)


def opdracht_type(o: Opdracht) -> DoorstuurOpdrachtType:
    zaak = o.bericht.get("zaak")
    return DoorstuurOpdrachtType(
        id=strawberry.ID(str(o.id)),
        doel=o.doel,
        status=o.status,
        pogingen=o.pogingen,
        volgende_poging=o.volgende_poging if o.status is DoorstuurStatus.WACHTEND else None,
        laatste_fout=o.laatste_fout,
        aangemaakt=o.aangemaakt,
        afgeleverd=o.afgeleverd,
        zaak_url=zaak if isinstance(zaak, str) else None,
    )


@strawberry.type
class DoorstuurOpdrachtEdge:
    node: DoorstuurOpdrachtType
    cursor: str


@strawberry.type
class DoorstuurOpdrachtConnection:
    edges: list[DoorstuurOpdrachtEdge]
    nodes: list[DoorstuurOpdrachtType]
    page_info: PageInfo
    total_count: int


@strawberry.type
class DoorsturenQuery:
    @strawberry.field(
        description="Aanvragen forwarded to zaakafhandelcomponenten (store-and-forward), "
        "newest first; `status` to see only those waiting, delivered or given up."
    )
    async def doorstuur_opdrachten(
        self,
        info: strawberry.Info,
        status: DoorstuurStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> DoorstuurOpdrachtConnection:
        ctx = context(info)
        page = pagina(
            ctx.settings,
            first,
            after,
            with_total=selects_total(veld(info), "DoorstuurOpdrachtConnection"),
        )
        found = await ctx.services.doorsturen.zoek(status, page)
        items = [opdracht_type(o) for o in found.items]
        value = connection(items, page, found.has_next, found.total, returned=len(items))
        return cast("DoorstuurOpdrachtConnection", value)
