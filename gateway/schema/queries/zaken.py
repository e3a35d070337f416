"""Root fields for zaken: `zaak(url | identificatie)` and the `zaken` connection."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypeAlias, cast

import orjson
import strawberry

from gateway.authz import guard
from gateway.authz.audit import Gezien, betrokkenen_tekst
from gateway.schema.connection import PageInfo, connection, pagina
from gateway.schema.json_wortel import JsonWortel, NietAlsJson
from gateway.schema.prefetch import bundel_leden
from gateway.schema.queries.common import (
    Veld,
    prefetch_below,
    prefetch_connection,
    selects_total,
    veld,
)
from gateway.schema.relations import note
from gateway.schema.types.zaak import Zaak
from registries import base
from registries import models as m
from registries.base import ZaakTypeFilter
from registries.elfproef import is_geldig_bsn, is_geldig_rsin
from registries.errors import BadUserInput, NotFound

strawberry.enum(base.ZaakOrdering, name="ZaakOrdering")
ZaakOrdering: TypeAlias = base.ZaakOrdering

_KVK = re.compile(r"^\d{8}$")


@strawberry.input(description="Filters on zaken; all given filters must hold.")
class ZaakFilter:
    zaaktype: list[str] | None = strawberry.field(
        default=None, description="Zaaktype URLs (any of them)."
    )
    zaaktype_identificatie: str | None = strawberry.field(
        default=None, description="A zaaktype identificatie (all its versions)."
    )
    statustype: str | None = strawberry.field(
        default=None, description="The current status is of this statustype (URL)."
    )
    bsn: str | None = strawberry.field(
        default=None, description="A rol of the zaak names this BSN."
    )
    kvk: str | None = strawberry.field(
        default=None, description="A rol of the zaak names this KvK-nummer."
    )
    rsin: str | None = strawberry.field(
        default=None, description="A rol of the zaak names this RSIN."
    )
    identificatie: str | None = None
    omschrijving_bevat: str | None = strawberry.field(
        default=None, description="Omschrijving contains this text (case-insensitive)."
    )
    startdatum_vanaf: date | None = None
    startdatum_tot_en_met: date | None = None
    open: bool | None = strawberry.field(
        default=None, description="true: only zaken without einddatum; false: only closed ones."
    )


@strawberry.type
class ZaakEdge:
    node: Zaak
    cursor: str


@strawberry.type
class ZaakConnection:
    edges: list[ZaakEdge]
    nodes: list[Zaak]
    page_info: PageInfo
    total_count: int = strawberry.field(
        description="How many zaken match, within what the caller may see."
    )


def _check_identifiers(f: ZaakFilter) -> None:
    if f.bsn is not None and not is_geldig_bsn(f.bsn):
        raise BadUserInput(
            "filter.bsn is not a valid BSN (9 digits that pass the 11-proef).", field="filter.bsn"
        )
    if f.rsin is not None and not is_geldig_rsin(f.rsin):
        raise BadUserInput(
            "filter.rsin is not a valid RSIN (9 digits that pass the 11-proef).",
            field="filter.rsin",
        )
    if f.kvk is not None and not _KVK.match(f.kvk):
        raise BadUserInput("filter.kvk must be 8 digits.", field="filter.kvk")
    if (
        f.startdatum_vanaf is not None
        and f.startdatum_tot_en_met is not None
        and f.startdatum_vanaf > f.startdatum_tot_en_met
    ):
        raise BadUserInput(
            "filter.startdatumVanaf lies after filter.startdatumTotEnMet.",
            field="filter.startdatumVanaf",
        )
    for url in f.zaaktype or ():
        if not url.startswith(("http://", "https://")):
            raise BadUserInput("filter.zaaktype takes zaaktype URLs.", field="filter.zaaktype")


async def _to_registry_filter(
    v: Veld, f: ZaakFilter | None, ordering: base.ZaakOrdering
) -> base.ZaakFilter:
    if f is None:
        return base.ZaakFilter(ordering=ordering)
    _check_identifiers(f)
    zaaktypen = frozenset(f.zaaktype) if f.zaaktype is not None else None
    if f.zaaktype_identificatie is not None:
        ctx = v.ctx
        versies = await ctx.registries.catalogi.zoek_zaaktypen(
            ZaakTypeFilter(identificatie=f.zaaktype_identificatie), ctx.scope
        )
        urls = frozenset(zt.url for zt in versies)
        zaaktypen = urls if zaaktypen is None else zaaktypen & urls
    return base.ZaakFilter(
        zaaktypen=zaaktypen,
        statustype=f.statustype,
        bsn=f.bsn,
        kvk=f.kvk,
        rsin=f.rsin,
        identificatie=f.identificatie,
        omschrijving_bevat=f.omschrijving_bevat,
        startdatum_vanaf=f.startdatum_vanaf,
        startdatum_tot_en_met=f.startdatum_tot_en_met,
        open=f.open,
        ordering=ordering,
    )


async def _zoek_zaak(v: Veld, filter: base.ZaakFilter) -> m.Zaak | None:
    """The zaak the filter names, if the row guard admits it; where the store can, with the
    children the selection asks for, in the same statement: they go into the loaders, where
    the prefetch finds them loaded. (Lists read each kind of child on its own: see
    `prefetch`.) The zaak's own children go in before the guard, which reads its rollen; its
    documents and klantcontacten only once the guard admitted it (the klantcontact loader
    hands a klantcontact out by url, without the check of its zaak)."""
    ctx = v.ctx
    loaders = ctx.loaders
    page = base.PageRequest(limit=1)
    soorten = bundel_leden("Zaak", v.selection)
    samen = ctx.registries.zaken_met_kinderen
    if not soorten or samen is None:
        found = await ctx.registries.zaken.zoek_zaken(filter, ctx.scope, page)
        admitted = await loaders.toelaten_zaken(found.items)
        return admitted[0] if admitted else None
    found, kinderen = await samen.zoek_zaken_met_kinderen(filter, ctx.scope, page, soorten)
    loaders.neem_kinderen(soorten - base.ZAAK_ERBIJ, kinderen, bundel=None)
    admitted = await loaders.toelaten_zaken(found.items)
    toegelaten = {z.url: kinderen[z.url] for z in admitted if z.url in kinderen}
    loaders.neem_kinderen(soorten & base.ZAAK_ERBIJ, toegelaten, bundel=soorten)
    return admitted[0] if admitted else None


async def zaak_veld(v: Veld, url: str | None = None, identificatie: str | None = None) -> Any:
    if (url is None) == (identificatie is None):
        raise BadUserInput("Give exactly one of `url` and `identificatie`.", field="url")
    ctx = v.ctx
    if url is not None:
        found = await ctx.loaders.zaak.fetch([url])
        zaak = found.get(url)
        what = f"url {url}"
    else:
        zaak = await _zoek_zaak(v, base.ZaakFilter(identificatie=identificatie))
        what = f"identificatie {identificatie}"
    if zaak is None:
        raise NotFound(f"No zaak with {what} (or not one you may see).")
    note(ctx, "zaak", zaak)
    await prefetch_below(v, "Zaak", [zaak], samen=True)
    return zaak


async def zaken_veld(
    v: Veld,
    filter: ZaakFilter | None = None,
    ordering: base.ZaakOrdering = base.ZaakOrdering.STARTDATUM_DESC,
    first: int | None = None,
    after: str | None = None,
) -> Any:
    ctx = v.ctx
    page = pagina(ctx.settings, first, after, with_total=selects_total(v, "ZaakConnection"))
    registry_filter = await _to_registry_filter(v, filter, ordering)
    found = await ctx.registries.zaken.zoek_zaken(registry_filter, ctx.scope, page)
    items = await ctx.loaders.toelaten_zaken(found.items)
    note(ctx, "zaak", items)
    await prefetch_connection(v, "ZaakConnection", "Zaak", items)
    return connection(items, page, found.has_next, found.total, returned=len(found.items))


async def zaken_als_json(
    v: Veld,
    wortel: JsonWortel,
    filter: ZaakFilter | None = None,
    ordering: base.ZaakOrdering = base.ZaakOrdering.STARTDATUM_DESC,
    first: int | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    """`zaken` whose selection the store builds as JSON (gateway.schema.json_wortel): the same
    page, filter and scope as `zaken_veld`, the same row guard and audit records; NietAlsJson
    when the store cannot, or when the guard would drop a zaak or document (the usual way then
    drops and reports it)."""
    ctx = v.ctx
    store = ctx.registries.zaken_als_json
    if store is None or not store.kan(wortel.vorm):
        raise NietAlsJson
    page = pagina(ctx.settings, first, after, with_total=False)
    registry_filter = await _to_registry_filter(v, filter, ordering)
    loaders = ctx.loaders
    rijen = await store.zoek_zaken_als_json(
        registry_filter, ctx.scope, page, wortel.vorm, loaders.document_regels
    )
    rijen = rijen[: page.limit]
    scope = ctx.scope
    zaaktypen: dict[str, Any] = {}
    if guard.needs_zaaktypen(scope):
        zaaktypen = await loaders.zaaktype.fetch({r.zaaktype for r in rijen})
    # whom the rollen name came with the zaken (for the guard here, and the audit records)
    rollen = {r.url: r.betrokkenen for r in rijen} if guard.needs_rollen(scope) else None
    if len(guard.admit_zaken(scope, rijen, zaaktypen, rollen)) != len(rijen):
        raise NietAlsJson
    documenten = [d for r in rijen for d in r.documenten]
    if len(guard.admit_documenten_van_zaak(scope, documenten)) != len(documenten):
        raise NietAlsJson
    # the audit records: their betrokkenen from the rollen that came with the zaken
    gezien = ctx.gezien
    for r in rijen:
        tekst = betrokkenen_tekst(r.betrokkenen)
        gezien.append(("zaak", Gezien(r.url, betrokkenen=tekst)))
        if r.documenten:
            gezien.extend(("document", Gezien(d.url, r.url, tekst)) for d in r.documenten)
    tekst = "[" + ",".join(r.json for r in rijen) + "]"
    # over HTTP compact text goes out as it is; otherwise (in-process callers, a store whose
    # JSON has whitespace) it is parsed, and the encoder writes it compact
    als_tekst = ctx.request.json_tekst and store.json_compact
    nodes = orjson.Fragment(tekst) if als_tekst else orjson.loads(tekst)
    return {key: nodes if veld == "nodes" else "ZaakConnection" for key, veld in wortel.keys}


@strawberry.type
class ZakenQuery:
    @strawberry.field(description="One zaak, by its URL or its identificatie (give one).")
    async def zaak(
        self,
        info: strawberry.Info,
        url: str | None = None,
        identificatie: str | None = None,
    ) -> Zaak | None:
        return cast("Zaak", await zaak_veld(veld(info), url, identificatie))

    @strawberry.field(description="Zaken, filtered and paged (Relay connection).")
    async def zaken(
        self,
        info: strawberry.Info,
        filter: ZaakFilter | None = None,
        ordering: ZaakOrdering = base.ZaakOrdering.STARTDATUM_DESC,
        first: int | None = None,
        after: str | None = None,
    ) -> ZaakConnection:
        value = await zaken_veld(veld(info), filter, ordering, first, after)
        return cast("ZaakConnection", value)


ROOT_FIELDS = {"zaak": zaak_veld, "zaken": zaken_veld}
JSON_ROOT_FIELDS = {"zaken": zaken_als_json}
