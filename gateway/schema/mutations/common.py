"""What the mutations share: finding the zaak a caller may change, the catalogus rules,
uploads as streams, identities of betrokkenen, zaaknummers."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import strawberry

from gateway.authz.principal import Principal, Role
from gateway.context import OperationContext
from gateway.schema.queries.common import context
from registries import models as m
from registries.base import ZaakTypeFilter
from registries.elfproef import is_geldig_bsn
from registries.errors import BadUserInput, Forbidden
from registries.scope import Scope
from registries.writes import Inhoud

CHUNK = 256 * 1024


@strawberry.input(description="Who a rol is about: a burger (BSN) or a company (KvK-nummer).")
class BetrokkeneInput:
    bsn: str | None = None
    kvk: str | None = None
    vestigingsnummer: str | None = None
    naam: str = strawberry.field(
        default="", description="Display name (geslachtsnaam or handelsnaam)."
    )


def nu() -> datetime:
    return datetime.now(UTC)


def vandaag() -> date:
    return nu().date()


def ctx_of(info: strawberry.Info) -> OperationContext:
    return context(info)


async def zaak_om_te_wijzigen(ctx: OperationContext, url: str, *, veld: str = "zaak") -> m.Zaak:
    """The zaak at `url`, if the caller may see (and so change) it. A zaak outside the caller's
    scope and a zaak that does not exist get the same answer, so nothing leaks."""
    zaak = (await ctx.loaders.zaak.fetch([url])).get(url)
    if zaak is None or not await _eigen_zaak(ctx, zaak):
        raise Forbidden(f"There is no zaak you may change with this url ({veld}).", field=veld)
    return zaak


async def _eigen_zaak(ctx: OperationContext, zaak: m.Zaak) -> bool:
    """For a burger: does one of their rollen of the kinds the policy names make it theirs?"""
    kinds = ctx.policy.mutaties.eigen_zaak_rollen
    if ctx.principal.role is not Role.BURGER or kinds is None:
        return True
    mine = ctx.principal.identiteiten
    rollen = (await ctx.loaders.rollen.fetch([zaak.url])).get(zaak.url) or []
    return any(
        rol.omschrijving_generiek in kinds and any(i in mine for i in rol.identificeert())
        for rol in rollen
    )


def niet_gesloten(zaak: m.Zaak, *, veld: str = "zaak") -> None:
    if zaak.einddatum is not None:
        raise BadUserInput(
            f"Zaak {zaak.identificatie} is closed (einddatum {zaak.einddatum.isoformat()}); "
            "reopen it first (zetStatus with heropenen) if your role may.",
            field=veld,
        )


async def zaaktype_van(ctx: OperationContext, zaak: m.Zaak) -> m.ZaakType:
    zaaktype = (await ctx.loaders.zaaktype.fetch([zaak.zaaktype])).get(zaak.zaaktype)
    if zaaktype is None:
        raise BadUserInput(f"The zaaktype of zaak {zaak.identificatie} is not in the catalogus.")
    return zaaktype


async def geldig_zaaktype(
    ctx: OperationContext, aanduiding: str, *, veld: str = "zaaktype", op: date | None = None
) -> m.ZaakType:
    """The version of a zaaktype (identificatie or URL) valid on `op` (today), within the
    caller's scope; clear errors for unknown, not valid today, and intern-only for burgers."""
    dag = op or vandaag()
    catalogi = ctx.registries.catalogi
    if aanduiding.startswith(("http://", "https://")):
        alle = [
            zt
            for zt in await catalogi.zoek_zaaktypen(ZaakTypeFilter(), Scope.alles())
            if zt.url == aanduiding
        ]
    else:
        alle = await catalogi.zoek_zaaktypen(
            ZaakTypeFilter(identificatie=aanduiding), Scope.alles()
        )
    if not alle:
        raise BadUserInput(f"Unknown zaaktype {aanduiding!r}.", field=veld)
    geldig = [zt for zt in alle if zt.geldig_op(dag)]
    if not geldig:
        raise BadUserInput(
            f"Zaaktype {aanduiding!r} has no version valid on {dag.isoformat()}.", field=veld
        )
    zaaktype = max(geldig, key=lambda zt: zt.versiedatum)
    in_scope = await catalogi.zoek_zaaktypen(
        ZaakTypeFilter(identificatie=zaaktype.identificatie), ctx.scope
    )
    if zaaktype.url not in {zt.url for zt in in_scope}:
        if (
            ctx.principal.role is Role.BURGER
            and zaaktype.indicatie_intern_of_extern is m.IndicatieInternOfExtern.INTERN
        ):
            raise BadUserInput(
                f"Zaaktype {aanduiding!r} is intern: it cannot be applied for by a burger.",
                field=veld,
            )
        raise Forbidden(f"Zaaktype {aanduiding!r} is not one of your zaaktypen.", field=veld)
    return zaaktype


async def statustypen(ctx: OperationContext, zaaktype: m.ZaakType) -> list[m.StatusType]:
    found = await ctx.loaders.statustype.fetch(zaaktype.statustypen)
    return sorted((st for st in found.values() if st is not None), key=lambda st: st.volgnummer)


async def roltype(
    ctx: OperationContext, zaaktype: m.ZaakType, generiek: m.OmschrijvingGeneriek
) -> m.RolType:
    found = await ctx.loaders.roltype.fetch(zaaktype.roltypen)
    for rt in found.values():
        if rt is not None and rt.omschrijving_generiek is generiek:
            return rt
    raise BadUserInput(
        f"Zaaktype {zaaktype.identificatie} has no roltype {generiek.value}; the catalogus "
        "must be completed first."
    )


async def informatieobjecttypen(
    ctx: OperationContext, zaaktype: m.ZaakType
) -> list[m.InformatieObjectType]:
    found = await ctx.loaders.informatieobjecttype.fetch(zaaktype.informatieobjecttypen)
    return [found[url] for url in zaaktype.informatieobjecttypen if found.get(url) is not None]  # type: ignore[misc]


def einddatum_gepland(zaaktype: m.ZaakType, start: date) -> date | None:
    duur = zaaktype.doorlooptijd
    if duur.startswith("P") and duur.endswith("D") and duur[1:-1].isdigit():
        return start + timedelta(days=int(duur[1:-1]))
    return None


def betrokkene(
    principal: Principal,
    namens: BetrokkeneInput | None,
    *,
    toegestaan: bool,
    veld: str = "namens",
) -> tuple[m.BetrokkeneType, m.BetrokkeneIdentificatie, list[m.PartijIdentificator]]:
    """The initiator: the burger of the token, or (for roles that may act on behalf of
    someone) the given betrokkene -- the input field `veld`, named in errors."""
    if namens is not None and not toegestaan:
        raise Forbidden(f"Your role may not act on behalf of someone else ({veld}).", field=veld)
    if principal.role is Role.BURGER:
        bsn, kvk, vestiging, naam = (
            principal.bsn,
            principal.kvk,
            principal.vestigingsnummer,
            principal.naam,
        )
    elif namens is not None:
        bsn, kvk, vestiging, naam = namens.bsn, namens.kvk, namens.vestigingsnummer, namens.naam
    else:
        raise BadUserInput(f"Say on whose behalf ({veld}: bsn or kvk).", field=veld)
    if bsn:
        if not is_geldig_bsn(bsn):
            raise BadUserInput(f"{veld}.bsn is not a valid BSN.", field=f"{veld}.bsn")
        return (
            m.BetrokkeneType.NATUURLIJK_PERSOON,
            m.NatuurlijkPersoon(inp_bsn=bsn, geslachtsnaam=naam),
            [
                m.PartijIdentificator(
                    code_objecttype="natuurlijk_persoon",
                    code_soort_object_id="bsn",
                    object_id=bsn,
                    code_register="brp",
                )
            ],
        )
    if kvk or vestiging:
        return (
            m.BetrokkeneType.NIET_NATUURLIJK_PERSOON,
            m.NietNatuurlijkPersoon(
                kvk_nummer=kvk or "", vestigings_nummer=vestiging or "", statutaire_naam=naam
            ),
            [
                m.PartijIdentificator(
                    code_objecttype="niet_natuurlijk_persoon",
                    code_soort_object_id="kvk_nummer",
                    object_id=kvk or "",
                    code_register="hr",
                )
            ],
        )
    raise BadUserInput(f"{veld} needs a BSN or a KvK-nummer.", field=veld)


def toegestane_formaten(ctx: OperationContext) -> frozenset[str]:
    return frozenset(f.strip() for f in ctx.settings.document_formaten.split(",") if f.strip())


def upload_inhoud(upload: Any) -> Inhoud:
    """Read an uploaded file in chunks (starlette spools large uploads to disk)."""

    async def stukken() -> AsyncIterator[bytes]:
        await upload.seek(0)
        while chunk := await upload.read(CHUNK):
            yield chunk

    return stukken


def bytes_inhoud(data: bytes) -> Inhoud:
    async def stukken() -> AsyncIterator[bytes]:
        yield data

    return stukken


def controleer_upload(ctx: OperationContext, upload: Any, veld: str) -> tuple[str, str]:
    """(bestandsnaam, formaat) of an upload whose media type is allowed."""
    formaat = (getattr(upload, "content_type", None) or "application/octet-stream").split(";")[0]
    if formaat not in toegestane_formaten(ctx):
        raise BadUserInput(
            f"Files of type {formaat} are not accepted (accepted: "
            f"{', '.join(sorted(toegestane_formaten(ctx)))}).",
            field=veld,
        )
    size = getattr(upload, "size", None)
    if size is None:
        size = _gespoolde_omvang(upload)
    if size is not None and size > ctx.settings.max_document_bytes:
        raise BadUserInput(
            f"The file is {size} bytes; the limit is {ctx.settings.max_document_bytes}.",
            field=veld,
        )
    return str(getattr(upload, "filename", "") or "document"), formaat


def _gespoolde_omvang(upload: Any) -> int | None:
    """The size of an upload that declared none, from the file it was spooled to: checked
    before anything is written -- over the ZGW APIs, writes made before a too-large attachment
    turned up could not be undone."""
    bestand: Any = getattr(upload, "file", None)
    if bestand is None:
        return None
    try:
        positie = bestand.tell()
        bestand.seek(0, os.SEEK_END)
        omvang = int(bestand.tell())
        bestand.seek(positie)
    except (AttributeError, OSError, ValueError):
        return None
    return omvang


def bronorganisatie(ctx: OperationContext, zaaktype: m.ZaakType | None = None) -> str:
    if ctx.settings.bronorganisatie:
        return ctx.settings.bronorganisatie
    return str(ctx.services.bronorganisatie_default)


def eerste(items: Sequence[Any]) -> Any:
    return items[0] if items else None
