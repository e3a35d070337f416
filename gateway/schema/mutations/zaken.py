"""Patterns 3 and 4, registreren and bijwerken zaak: `registreerZaak`, `wijzigZaak`,
`zetStatus`, `zetResultaat` -- checked against the catalogus (the statustype and resultaattype
must be the zaaktype's; the eindstatus needs a resultaat and closes the zaak); a closed zaak
changes only after an explicit reopen, when the role's policy allows it."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

import strawberry

from gateway.schema.enums import Vertrouwelijkheidaanduiding
from gateway.schema.mutations.common import (
    BetrokkeneInput,
    betrokkene,
    bronorganisatie,
    ctx_of,
    einddatum_gepland,
    geldig_zaaktype,
    niet_gesloten,
    nu,
    roltype,
    statustypen,
    vandaag,
    zaak_om_te_wijzigen,
    zaaktype_van,
)
from gateway.schema.queries.common import prefetch_below, veld
from gateway.schema.relations import note
from gateway.schema.types.zaak import Zaak
from registries import models as m
from registries.errors import BadUserInput, Forbidden
from registries.writes import (
    UNSET,
    NieuweRol,
    NieuweStatus,
    NieuweZaak,
    NieuwResultaat,
    ZaakWijziging,
)


@strawberry.type
class ZaakResultaat:
    zaak: Zaak | None = strawberry.field(description="The zaak after the change.")


@strawberry.input
class RegistreerZaakInput:
    zaaktype: str = strawberry.field(description="Identificatie (the version valid today) or URL.")
    omschrijving: str
    toelichting: str = ""
    startdatum: date | None = None
    vertrouwelijkheidaanduiding: Vertrouwelijkheidaanduiding | None = None
    initiator: BetrokkeneInput | None = None
    hoofdzaak: str | None = None


@strawberry.input
class OpschortingInput:
    indicatie: bool
    reden: str = ""


@strawberry.input
class VerlengingInput:
    reden: str
    duur: str = strawberry.field(description="ISO 8601 duration, e.g. P14D.")


@strawberry.input(description="The fields to change; fields left out stay as they are.")
class ZaakWijzigingInput:
    omschrijving: str | None = None
    toelichting: str | None = None
    einddatum_gepland: date | None = None
    uiterlijke_einddatum_afdoening: date | None = None
    vertrouwelijkheidaanduiding: Vertrouwelijkheidaanduiding | None = None
    opschorting: OpschortingInput | None = None
    verlenging: VerlengingInput | None = None


async def _terug(info: strawberry.Info, url: str) -> ZaakResultaat:
    """Read the zaak back through the schema, as the caller may see it."""
    ctx = ctx_of(info)
    ctx.loaders.vergeet_zaak(url)
    found = (await ctx.loaders.zaak.fetch([url])).get(url)
    note(ctx, "zaak", found)
    if found is not None:
        await prefetch_below(veld(info), "Zaak", [found], "zaak", start="ZaakResultaat")
    return ZaakResultaat(zaak=cast("Zaak", found))


@strawberry.type
class ZakenMutation:
    @strawberry.mutation(
        description="Register a zaak (behandelaar): zaak, initiator, first status."
    )
    async def registreer_zaak(
        self, info: strawberry.Info, zaak: RegistreerZaakInput
    ) -> ZaakResultaat:
        ctx = ctx_of(info)
        zaaktype = await geldig_zaaktype(ctx, zaak.zaaktype, veld="zaak.zaaktype")
        ladder = await statustypen(ctx, zaaktype)
        if not ladder:
            raise BadUserInput(f"Zaaktype {zaaktype.identificatie} has no statustypen.")
        initiator = None
        if zaak.initiator is not None:
            initiator = (
                await roltype(ctx, zaaktype, m.OmschrijvingGeneriek.INITIATOR),
                betrokkene(ctx.principal, zaak.initiator, toegestaan=True, veld="zaak.initiator"),
            )
        if zaak.hoofdzaak is not None:
            await zaak_om_te_wijzigen(ctx, zaak.hoofdzaak, veld="zaak.hoofdzaak")
        start = zaak.startdatum or vandaag()
        rsin = bronorganisatie(ctx, zaaktype)
        formaat = ctx.settings.zaaknummer_formaat
        async with ctx.registries.schrijf() as s:
            identificatie = await s.reserveer_zaaknummer(start.year, formaat, bronorganisatie=rsin)
            made = await s.maak_zaak(
                NieuweZaak(
                    zaaktype=zaaktype.url,
                    identificatie=identificatie,
                    bronorganisatie=rsin,
                    verantwoordelijke_organisatie=rsin,
                    omschrijving=zaak.omschrijving[:80],
                    toelichting=zaak.toelichting[:1000],
                    startdatum=start,
                    registratiedatum=vandaag(),
                    vertrouwelijkheidaanduiding=zaak.vertrouwelijkheidaanduiding
                    or zaaktype.vertrouwelijkheidaanduiding,
                    einddatum_gepland=einddatum_gepland(zaaktype, start),
                    hoofdzaak=zaak.hoofdzaak,
                )
            )
            if initiator is not None:
                rt, (soort, ident, _) = initiator
                await s.maak_rol(
                    made.url,
                    NieuweRol(
                        roltype=rt.url,
                        omschrijving=rt.omschrijving,
                        omschrijving_generiek=m.OmschrijvingGeneriek.INITIATOR,
                        betrokkene_type=soort,
                        betrokkene_identificatie=ident,
                    ),
                )
            await s.maak_status(
                made.url, NieuweStatus(statustype=ladder[0].url, datum_status_gezet=nu())
            )
        return await _terug(info, made.url)

    @strawberry.mutation(description="Change a zaak's data (not when it is closed).")
    async def wijzig_zaak(
        self, info: strawberry.Info, zaak: str, wijziging: ZaakWijzigingInput
    ) -> ZaakResultaat:
        ctx = ctx_of(info)
        found = await zaak_om_te_wijzigen(ctx, zaak)
        niet_gesloten(found)
        w = wijziging
        changes = ZaakWijziging(
            omschrijving=w.omschrijving[:80] if w.omschrijving is not None else UNSET,
            toelichting=w.toelichting[:1000] if w.toelichting is not None else UNSET,
            einddatum_gepland=w.einddatum_gepland if w.einddatum_gepland is not None else UNSET,
            uiterlijke_einddatum_afdoening=w.uiterlijke_einddatum_afdoening
            if w.uiterlijke_einddatum_afdoening is not None
            else UNSET,
            vertrouwelijkheidaanduiding=w.vertrouwelijkheidaanduiding
            if w.vertrouwelijkheidaanduiding is not None
            else UNSET,
            opschorting=m.Opschorting(indicatie=w.opschorting.indicatie, reden=w.opschorting.reden)
            if w.opschorting is not None
            else UNSET,
            verlenging=m.Verlenging(reden=w.verlenging.reden, duur=w.verlenging.duur)
            if w.verlenging is not None
            else UNSET,
        )
        if not changes.velden():
            raise BadUserInput("Nothing to change: give at least one field.", field="wijziging")
        async with ctx.registries.schrijf() as s:
            await s.wijzig_zaak(found.url, changes)
        return await _terug(info, found.url)

    @strawberry.mutation(
        description="Set the next status. The eindstatus closes the zaak (it needs a resultaat); "
        "`heropenen` sets a status on a closed zaak and reopens it, when the role may."
    )
    async def zet_status(
        self,
        info: strawberry.Info,
        zaak: str,
        statustype: str,
        toelichting: str = "",
        datum_status_gezet: datetime | None = None,
        heropenen: bool = False,
    ) -> ZaakResultaat:
        ctx = ctx_of(info)
        found = await zaak_om_te_wijzigen(ctx, zaak)
        zaaktype = await zaaktype_van(ctx, found)
        if statustype not in zaaktype.statustypen:
            raise BadUserInput(
                f"That statustype is not one of zaaktype {zaaktype.identificatie}'s.",
                field="statustype",
            )
        st = (await ctx.loaders.statustype.fetch([statustype]))[statustype]
        assert st is not None
        gesloten = found.einddatum is not None
        if gesloten and not heropenen:
            niet_gesloten(found)
        if heropenen and not ctx.policy.mutaties.heropenen:
            raise Forbidden("Your role may not reopen zaken.", field="heropenen")
        if st.is_eindstatus and found.resultaat is None:
            raise BadUserInput(
                "The eindstatus closes the zaak: set its resultaat first (zetResultaat).",
                field="statustype",
            )
        if datum_status_gezet is not None and datum_status_gezet.tzinfo is None:
            raise BadUserInput(
                "datumStatusGezet needs a time zone (e.g. 2026-11-28T10:00:00+01:00 or ...Z).",
                field="datumStatusGezet",
            )
        moment = datum_status_gezet or nu()
        async with ctx.registries.schrijf() as s:
            await s.maak_status(
                found.url,
                NieuweStatus(
                    statustype=statustype, datum_status_gezet=moment, statustoelichting=toelichting
                ),
            )
            if st.is_eindstatus:
                await s.wijzig_zaak(found.url, ZaakWijziging(einddatum=moment.date()))
            elif gesloten:
                await s.wijzig_zaak(found.url, ZaakWijziging(einddatum=None))
        return await _terug(info, found.url)

    @strawberry.mutation(description="Set (or change) the zaak's resultaat.")
    async def zet_resultaat(
        self, info: strawberry.Info, zaak: str, resultaattype: str, toelichting: str = ""
    ) -> ZaakResultaat:
        ctx = ctx_of(info)
        found = await zaak_om_te_wijzigen(ctx, zaak)
        niet_gesloten(found)
        zaaktype = await zaaktype_van(ctx, found)
        if resultaattype not in zaaktype.resultaattypen:
            raise BadUserInput(
                f"That resultaattype is not one of zaaktype {zaaktype.identificatie}'s.",
                field="resultaattype",
            )
        async with ctx.registries.schrijf() as s:
            await s.zet_resultaat(
                found.url,
                NieuwResultaat(resultaattype=resultaattype, toelichting=toelichting[:1000]),
            )
        return await _terug(info, found.url)
