"""Pattern 5, KCC inzien en bijwerken: `registreerKlantcontact` (the KCC registers a contact,
about a zaak or not, with an optional interne taak) and `stelVraag` (a burger asks about their
own zaak: a klantcontact plus an interne taak for the back office)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry

from gateway.authz.principal import Role
from gateway.schema.mutations.common import (
    BetrokkeneInput,
    betrokkene,
    ctx_of,
    nu,
    zaak_om_te_wijzigen,
)
from gateway.schema.queries.common import prefetch_below, veld
from gateway.schema.relations import note
from gateway.schema.types.klantcontact import Klantcontact
from registries.errors import BadUserInput
from registries.writes import NieuweInterneTaak, NieuweKlantcontactBetrokkene, NieuwKlantcontact


@strawberry.type(description="A task for the back office that a klantcontact led to.")
class InterneTaak:
    url: str
    nummer: str
    gevraagde_handeling: str
    toelichting: str
    status: str
    toegewezen_op: datetime


@strawberry.type
class KlantcontactResultaat:
    klantcontact: Klantcontact | None
    interne_taak: InterneTaak | None = None


@strawberry.input
class InterneTaakInput:
    gevraagde_handeling: str
    toelichting: str = ""
    toegewezen_aan: str = ""


@strawberry.input
class KlantcontactInput:
    kanaal: str = strawberry.field(description="e.g. telefoon, e-mail, balie, chat")
    onderwerp: str
    inhoud: str = ""
    zaak: str | None = strawberry.field(default=None, description="The zaak it was about (URL).")
    indicatie_contact_gelukt: bool = True
    betrokkene: BetrokkeneInput | None = strawberry.field(
        default=None, description="Who called / wrote (BSN or KvK-nummer, and a name)."
    )
    interne_taak: InterneTaakInput | None = None


async def _terug(info: strawberry.Info, url: str, taak: object | None) -> KlantcontactResultaat:
    ctx = ctx_of(info)
    found = (await ctx.loaders.klantcontact.fetch([url])).get(url)
    note(ctx, "klantcontact", found)
    if found is not None:
        await prefetch_below(
            veld(info), "Klantcontact", [found], "klantcontact", start="KlantcontactResultaat"
        )
    return KlantcontactResultaat(
        klantcontact=cast("Klantcontact", found), interne_taak=cast("InterneTaak | None", taak)
    )


@strawberry.type
class KlantcontactenMutation:
    @strawberry.mutation(description="Register a klantcontact (KCC), about a zaak or not.")
    async def registreer_klantcontact(
        self, info: strawberry.Info, klantcontact: KlantcontactInput
    ) -> KlantcontactResultaat:
        ctx = ctx_of(info)
        k = klantcontact
        zaken: tuple[str, ...] = ()
        if k.zaak is not None:
            zaken = ((await zaak_om_te_wijzigen(ctx, k.zaak, veld="klantcontact.zaak")).url,)
        betrokkenen: tuple[NieuweKlantcontactBetrokkene, ...] = ()
        if k.betrokkene is not None:
            _, _, ids = betrokkene(
                ctx.principal, k.betrokkene, toegestaan=True, veld="klantcontact.betrokkene"
            )
            betrokkenen = (
                NieuweKlantcontactBetrokkene(
                    volledige_naam=k.betrokkene.naam if k.betrokkene.bsn else "",
                    organisatienaam="" if k.betrokkene.bsn else k.betrokkene.naam,
                    partij_identificatoren=tuple(ids),
                ),
            )
        if not k.kanaal.strip():
            raise BadUserInput(
                "Give the kanaal (e.g. telefoon, e-mail, balie).", field="klantcontact.kanaal"
            )
        if not k.onderwerp.strip():
            raise BadUserInput("Give an onderwerp.", field="klantcontact.onderwerp")
        async with ctx.registries.schrijf() as s:
            made = await s.maak_klantcontact(
                NieuwKlantcontact(
                    kanaal=k.kanaal[:50],
                    onderwerp=k.onderwerp[:200],
                    inhoud=k.inhoud,
                    indicatie_contact_gelukt=k.indicatie_contact_gelukt,
                    plaatsgevonden_op=nu(),
                    betrokkenen=betrokkenen,
                    zaken=zaken,
                )
            )
            taak = None
            if k.interne_taak is not None:
                taak = await s.maak_interne_taak(
                    NieuweInterneTaak(
                        klantcontact=made.url,
                        gevraagde_handeling=k.interne_taak.gevraagde_handeling[:1000],
                        toelichting=k.interne_taak.toelichting,
                        toegewezen_aan=k.interne_taak.toegewezen_aan,
                    )
                )
        for zaak in zaken:
            ctx.loaders.vergeet_zaak(zaak)
        return await _terug(info, made.url, taak)

    @strawberry.mutation(
        description="Ask a question about your own zaak (burger): a klantcontact plus a task "
        "for the back office to answer it."
    )
    async def stel_vraag(
        self, info: strawberry.Info, zaak: str, vraag: str, kanaal: str = "website"
    ) -> KlantcontactResultaat:
        ctx = ctx_of(info)
        if ctx.principal.role is not Role.BURGER:
            raise BadUserInput("stelVraag is for burgers; the KCC uses registreerKlantcontact.")
        if not vraag.strip():
            raise BadUserInput("Ask a question: `vraag` is empty.", field="vraag")
        if not kanaal.strip():
            raise BadUserInput("Give the kanaal (e.g. website, app).", field="kanaal")
        found = await zaak_om_te_wijzigen(ctx, zaak)
        _, _, ids = betrokkene(ctx.principal, None, toegestaan=False)
        async with ctx.registries.schrijf() as s:
            made = await s.maak_klantcontact(
                NieuwKlantcontact(
                    kanaal=kanaal[:50],
                    onderwerp=f"Vraag over zaak {found.identificatie}"[:200],
                    inhoud=vraag,
                    indicatie_contact_gelukt=True,
                    plaatsgevonden_op=nu(),
                    betrokkenen=(
                        NieuweKlantcontactBetrokkene(
                            volledige_naam=ctx.principal.naam, partij_identificatoren=tuple(ids)
                        ),
                    ),
                    zaken=(found.url,),
                )
            )
            taak = await s.maak_interne_taak(
                NieuweInterneTaak(
                    klantcontact=made.url,
                    gevraagde_handeling="Vraag van de burger beantwoorden",
                    toelichting=vraag,
                )
            )
        ctx.loaders.vergeet_zaak(found.url)
        return await _terug(info, made.url, taak)
