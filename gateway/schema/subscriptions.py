"""GraphQL subscriptions: live ZGW notifications, each with the object it concerns.

`zaakGewijzigd(zaak)`, `mijnZaken` and `notificaties(kanalen, zaaktypen, acties)` each yield
`Notificatie` events: the notification's own fields plus `zaak` (and `document`), resolved
through the normal schema with the subscriber's field policy and row scope. All take
`after: <event id>` to replay the event log from there before going live.

The root resolvers here only check the arguments and open the event stream
(`gateway.live.Live.stroom`); each event is executed by `gateway.schema.streaming` with a fresh
operation context of its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from gateway.schema.batching import MISSING
from gateway.schema.queries.common import context
from gateway.schema.relations import note
from registries import base
from registries.base import ZaakTypeFilter
from registries.errors import BadUserInput, Forbidden, NotFound
from registries.scope import Scope
from subscriptions.abonnee import Filter, Levering
from subscriptions.doelgroep import Soort

if TYPE_CHECKING:
    from gateway.context import OperationContext
    from gateway.schema.types.document import Document
    from gateway.schema.types.zaak import Zaak

LazyZaak = Annotated["Zaak", strawberry.lazy("gateway.schema.types.zaak")]
LazyDocument = Annotated["Document", strawberry.lazy("gateway.schema.types.document")]


@strawberry.type(description="One kenmerk of a notification (Notificaties API `kenmerken`).")
class NotificatieKenmerk:
    naam: str
    waarde: str


@strawberry.type(
    name="Notificatie",
    description="A ZGW notification from the event log, with the object it concerns as the "
    "subscriber may see it.",
)
class NotificatieEvent:
    id: strawberry.ID = strawberry.field(
        description="The event's place in the log: pass it as `after` to resume after it."
    )
    kanaal: str
    hoofd_object: str
    resource: str
    resource_url: str
    actie: str
    aanmaakdatum: datetime
    kenmerken: list[NotificatieKenmerk]
    soort: strawberry.Private[Soort]
    zaak_urls: strawberry.Private[tuple[str, ...]]
    #: the zaak (or the document / klantcontact) exists: the subscriber's loaders must admit it
    bestaat: strawberry.Private[bool]
    document_url: strawberry.Private[str | None]
    klantcontact_url: strawberry.Private[str | None]
    levering: strawberry.Private[Levering]

    @strawberry.field(
        description="The zaak the event is about (for a document or klantcontact: the first "
        "zaak it is linked to that you may see); null when it no longer exists."
    )
    def zaak(self, info: strawberry.Info) -> LazyZaak | None:
        ctx = context(info)
        for url in self.zaak_urls:
            found = ctx.loaders.zaak.peek(url)
            if found is MISSING:
                return _later_zaak(ctx, self.zaak_urls)  # type: ignore[return-value]
            if found is not None:
                note(ctx, "zaak", found)
                return found  # type: ignore[return-value]
        return None

    @strawberry.field(description="The document of a `documenten` event; null otherwise.")
    def document(self, info: strawberry.Info) -> LazyDocument | None:
        if self.document_url is None:
            return None
        ctx = context(info)
        found = ctx.loaders.document.peek(self.document_url)
        if found is MISSING:
            return _later_document(ctx, self.document_url)  # type: ignore[return-value]
        if found is not None:
            note(ctx, "document", found)
        return found  # type: ignore[return-value]


async def _later_zaak(ctx: OperationContext, urls: tuple[str, ...]) -> Any:
    found = await ctx.loaders.zaak.fetch(urls)
    for url in urls:
        if found.get(url) is not None:
            note(ctx, "zaak", found[url])
            return found[url]
    return None


async def _later_document(ctx: OperationContext, url: str) -> Any:
    found = (await ctx.loaders.document.fetch([url])).get(url)
    note(ctx, "document", found)
    return found


def notificatie_event(levering: Levering) -> NotificatieEvent:
    """The GraphQL value of an event (made once per event and process, shared by subscribers)."""
    cached = levering.memo.get(NotificatieEvent)
    if isinstance(cached, NotificatieEvent):
        return cached
    n, d = levering.notificatie, levering.doelgroep
    if d.soort is Soort.ZAAK:
        bestaat = any(z.zaak is not None for z in d.zaken)
    elif d.soort is Soort.DOCUMENT:
        bestaat = d.document is not None
    elif d.soort is Soort.KLANTCONTACT:
        bestaat = d.klantcontact is not None
    else:
        bestaat = False
    event = NotificatieEvent(
        id=strawberry.ID(str(n.id)),
        kanaal=n.kanaal,
        hoofd_object=n.hoofd_object,
        resource=n.resource,
        resource_url=n.resource_url,
        actie=n.actie,
        aanmaakdatum=n.aanmaakdatum,
        kenmerken=[NotificatieKenmerk(naam=k, waarde=v) for k, v in sorted(n.kenmerken.items())],
        soort=d.soort,
        zaak_urls=tuple(z.url for z in d.zaken),
        bestaat=bestaat,
        document_url=d.document.url if d.document is not None else None,
        klantcontact_url=d.klantcontact.url if d.klantcontact is not None else None,
        levering=levering,
    )
    levering.memo[NotificatieEvent] = event
    return event


# --- arguments ------------------------------------------------------------------------------


def _after(after: strawberry.ID | None) -> int | None:
    if after is None:
        return None
    try:
        return int(str(after))
    except ValueError:
        raise BadUserInput("`after` is an event id (a number).", field="after") from None


async def _zaak_url(ctx: OperationContext, zaak: str) -> str:
    """The URL of the zaak named by URL or identificatie -- if the caller may see it."""
    if zaak.startswith(("http://", "https://")):
        if (await ctx.loaders.zaak.fetch([zaak])).get(zaak) is not None:
            return zaak
    else:
        page = await ctx.registries.zaken.zoek_zaken(
            base.ZaakFilter(identificatie=zaak), ctx.scope, base.PageRequest(limit=1)
        )
        admitted = await ctx.loaders.toelaten_zaken(page.items)
        if admitted:
            return admitted[0].url
    raise NotFound(f"No zaak {zaak} (or not one you may see).", field="zaak")


async def _zaaktype_urls(ctx: OperationContext, values: list[str]) -> frozenset[str]:
    """Zaaktype URLs, or identificaties (all their versions)."""
    urls = {v for v in values if v.startswith(("http://", "https://"))}
    for identificatie in set(values) - urls:
        versies = await ctx.registries.catalogi.zoek_zaaktypen(
            ZaakTypeFilter(identificatie=identificatie), Scope.alles()
        )
        if not versies:
            raise BadUserInput(f"No zaaktype {identificatie}.", field="zaaktypen")
        urls |= {zt.url for zt in versies}
    return frozenset(urls)


def _set(values: list[str] | None) -> frozenset[str] | None:
    return frozenset(values) if values is not None else None


AFTER = "Replay the event log after this event id, then go live (no gap, no duplicate)."


@strawberry.type(
    description="Live ZGW notifications. Send the token in the connection_init payload "
    '({"Authorization": "Bearer <token>"}); events outside your scope never reach you.'
)
class Subscription:
    @strawberry.subscription(description="The events about one zaak (by URL or identificatie).")
    async def zaak_gewijzigd(
        self, info: strawberry.Info, zaak: str, after: strawberry.ID | None = None
    ) -> AsyncIterator[NotificatieEvent]:
        ctx = context(info)
        start = _after(after)
        url = await _zaak_url(ctx, zaak)
        live: Any = ctx.services.live
        stream: AsyncIterator[NotificatieEvent] = await live.stroom(ctx, Filter(zaak=url), start)
        return stream

    @strawberry.subscription(
        description="The events about your own zaken (a burger: where a rol names your BSN or "
        "KvK-nummer)."
    )
    async def mijn_zaken(
        self, info: strawberry.Info, after: strawberry.ID | None = None
    ) -> AsyncIterator[NotificatieEvent]:
        ctx = context(info)
        start = _after(after)
        identiteiten = ctx.principal.identiteiten
        if not identiteiten:
            raise Forbidden(
                "mijnZaken needs a token with a BSN or KvK-nummer (a burger); use "
                "notificaties or zaakGewijzigd."
            )
        live: Any = ctx.services.live
        stream: AsyncIterator[NotificatieEvent] = await live.stroom(
            ctx, Filter(betrokkenen=identiteiten), start
        )
        return stream

    @strawberry.subscription(
        description="Every event you may see, optionally only these kanalen (zaken, "
        "documenten, zaaktypen, ...), zaaktypen (URLs or identificaties) and acties."
    )
    async def notificaties(
        self,
        info: strawberry.Info,
        kanalen: list[str] | None = None,
        zaaktypen: list[str] | None = None,
        acties: list[str] | None = None,
        after: strawberry.ID | None = None,
    ) -> AsyncIterator[NotificatieEvent]:
        ctx = context(info)
        start = _after(after)
        filter = Filter(
            kanalen=_set(kanalen),
            zaaktypen=await _zaaktype_urls(ctx, zaaktypen) if zaaktypen is not None else None,
            acties=_set(acties),
        )
        live: Any = ctx.services.live
        stream: AsyncIterator[NotificatieEvent] = await live.stroom(ctx, filter, start)
        return stream
