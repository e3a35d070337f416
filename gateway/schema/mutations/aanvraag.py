"""Pattern 1, productaanvraag via webformulier: `dienAanvraagIn`.

One transaction (in the embedded store): the zaak with a fresh zaaknummer, the initiator rol
from the token, a PDF summary of the submitted data, each attachment, the zaak's eigenschappen
named in the data, and the first status (after the rol, so that notification consumers already
find the initiator) -- plus the idempotency record and, when the zaaktype is routed, the message
for its zaakafhandelcomponent (store-and-forward). A retry with the same idempotency key returns
the same zaak and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, cast

import strawberry
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON

from gateway.schema.mutations.common import (
    BetrokkeneInput,
    betrokkene,
    bronorganisatie,
    bytes_inhoud,
    controleer_upload,
    ctx_of,
    einddatum_gepland,
    geldig_zaaktype,
    informatieobjecttypen,
    nu,
    roltype,
    statustypen,
    upload_inhoud,
    vandaag,
)
from gateway.schema.queries.common import prefetch_below, veld
from gateway.schema.relations import note
from gateway.schema.types.zaak import Zaak
from registries import models as m
from registries.errors import BadUserInput
from registries.pdf import tekst_pdf
from registries.writes import Doorsturen, NieuwDocument, NieuweRol, NieuweStatus, NieuweZaak

SOORT = "dienAanvraagIn"


@strawberry.input(description="An aanvraag from an e-form (productaanvraag).")
class AanvraagInput:
    zaaktype: str = strawberry.field(description="The zaaktype's identificatie (or URL).")
    gegevens: JSON = strawberry.field(description="The submitted form data (a JSON object).")
    idempotentie_sleutel: str = strawberry.field(
        description="Unique per submission: a retry with the same key returns the same zaak."
    )
    omschrijving: str | None = None
    bijlagen: list[Upload] | None = strawberry.field(
        default=None, description="Attachments (GraphQL multipart request)."
    )
    namens: BetrokkeneInput | None = strawberry.field(
        default=None, description="The initiator, when a trusted channel submits for someone."
    )
    kanaal: str = "webformulier"


@strawberry.type
class AanvraagResultaat:
    identificatie: str = strawberry.field(description="The zaaknummer.")
    url: str
    hergebruikt: bool = strawberry.field(
        description="true when this idempotency key was used before (nothing new was made)."
    )
    zaak: Zaak | None = strawberry.field(
        description="The zaak, as the caller may see it (null when outside their view)."
    )


def _samenvatting(zaaktype: m.ZaakType, identificatie: str, gegevens: dict[str, Any]) -> bytes:
    regels = [f"Zaaknummer: {identificatie}", f"Zaaktype: {zaaktype.omschrijving}", ""]
    for key, value in gegevens.items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        regels.append(f"{key}: {text}")
    return tekst_pdf(f"Aanvraag {zaaktype.omschrijving}", regels)


def _vingerafdruk(aanvraag: AanvraagInput, bijlagen: list[tuple[Any, str, str]]) -> str:
    """A hash of what the aanvraag asks for: a retry sends the same, a new request does not.
    Attachments count by name, type and size (their bytes are not read twice)."""
    namens = aanvraag.namens
    inhoud = {
        "zaaktype": aanvraag.zaaktype,
        "gegevens": aanvraag.gegevens,
        "omschrijving": aanvraag.omschrijving,
        "kanaal": aanvraag.kanaal,
        "namens": None if namens is None else [namens.bsn, namens.kvk, namens.vestigingsnummer],
        "bijlagen": [
            [naam, formaat, getattr(upload, "size", None)] for upload, naam, formaat in bijlagen
        ],
    }
    tekst = json.dumps(inhoud, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(tekst.encode()).hexdigest()


@strawberry.type
class AanvraagMutation:
    @strawberry.mutation(description="Submit an aanvraag: makes the zaak with all it needs.")
    async def dien_aanvraag_in(
        self, info: strawberry.Info, aanvraag: AanvraagInput
    ) -> AanvraagResultaat:
        ctx = ctx_of(info)
        gegevens = aanvraag.gegevens
        if not isinstance(gegevens, dict):
            raise BadUserInput(
                "aanvraag.gegevens must be a JSON object.", field="aanvraag.gegevens"
            )
        if not aanvraag.idempotentie_sleutel.strip():
            raise BadUserInput("Give an idempotentieSleutel.", field="aanvraag.idempotentieSleutel")
        zaaktype = await geldig_zaaktype(ctx, aanvraag.zaaktype, veld="aanvraag.zaaktype")
        soort, ident, _ = betrokkene(
            ctx.principal,
            aanvraag.namens,
            toegestaan=ctx.policy.mutaties.aanvraag_namens,
            veld="aanvraag.namens",
        )
        ladder = await statustypen(ctx, zaaktype)
        if not ladder:
            raise BadUserInput(f"Zaaktype {zaaktype.identificatie} has no statustypen.")
        initiator = await roltype(ctx, zaaktype, m.OmschrijvingGeneriek.INITIATOR)
        inkomend = [
            iot
            for iot in await informatieobjecttypen(ctx, zaaktype)
            if zaaktype.richting(iot.url) == "inkomend"
        ]
        if not inkomend:
            raise BadUserInput(
                f"Zaaktype {zaaktype.identificatie} takes no incoming documents (no "
                "informatieobjecttype with richting inkomend)."
            )
        bijlagen = [
            (upload, *controleer_upload(ctx, upload, f"aanvraag.bijlagen[{i}]"))
            for i, upload in enumerate(aanvraag.bijlagen or [])
        ]
        route = ctx.settings.routes().get(zaaktype.identificatie)
        subject = ctx.principal.subject
        sleutel = aanvraag.idempotentie_sleutel
        dag = vandaag()
        rsin = bronorganisatie(ctx, zaaktype)

        async with ctx.registries.schrijf() as s:
            try:
                eerder = await s.claim(subject, sleutel, SOORT, _vingerafdruk(aanvraag, bijlagen))
            except BadUserInput as error:
                raise BadUserInput(error.message, field="aanvraag.idempotentieSleutel") from None
            if eerder is not None:
                url, identificatie, hergebruikt = eerder["zaak"], eerder["identificatie"], True
            else:
                identificatie = await s.reserveer_zaaknummer(
                    dag.year, ctx.settings.zaaknummer_formaat, bronorganisatie=rsin
                )
                zaak = await s.maak_zaak(
                    NieuweZaak(
                        zaaktype=zaaktype.url,
                        identificatie=identificatie,
                        bronorganisatie=rsin,
                        verantwoordelijke_organisatie=rsin,
                        omschrijving=(aanvraag.omschrijving or zaaktype.omschrijving)[:80],
                        startdatum=dag,
                        registratiedatum=dag,
                        vertrouwelijkheidaanduiding=zaaktype.vertrouwelijkheidaanduiding,
                        einddatum_gepland=einddatum_gepland(zaaktype, dag),
                        communicatiekanaal=aanvraag.kanaal,
                        kenmerken=(m.Kenmerk(kenmerk=sleutel[:40], bron=aanvraag.kanaal[:40]),),
                    )
                )
                url, hergebruikt = zaak.url, False
                await s.maak_rol(
                    url,
                    NieuweRol(
                        roltype=initiator.url,
                        omschrijving=initiator.omschrijving,
                        omschrijving_generiek=m.OmschrijvingGeneriek.INITIATOR,
                        betrokkene_type=soort,
                        betrokkene_identificatie=ident,
                        roltoelichting=f"Indiener via {aanvraag.kanaal}",
                    ),
                )
                samenvatting = await s.maak_document(
                    NieuwDocument(
                        informatieobjecttype=inkomend[0].url,
                        identificatie=f"{identificatie}-AANVRAAG",
                        bronorganisatie=rsin,
                        creatiedatum=dag,
                        titel=f"Aanvraag {zaaktype.onderwerp or zaaktype.omschrijving}"[:200],
                        vertrouwelijkheidaanduiding=inkomend[0].vertrouwelijkheidaanduiding,
                        auteur="Aanvrager",
                        status=m.DocumentStatus.DEFINITIEF,
                        formaat="application/pdf",
                        bestandsnaam=f"aanvraag-{identificatie}.pdf",
                    ),
                    bytes_inhoud(_samenvatting(zaaktype, identificatie, gegevens)),
                    max_omvang=ctx.settings.max_document_bytes,
                )
                await s.koppel_document(url, samenvatting.url)
                bijlage_type = inkomend[1] if len(inkomend) > 1 else inkomend[0]
                for index, (upload, bestandsnaam, formaat) in enumerate(bijlagen):
                    try:
                        document = await s.maak_document(
                            NieuwDocument(
                                informatieobjecttype=bijlage_type.url,
                                identificatie=f"{identificatie}-BIJLAGE-{index + 1}",
                                bronorganisatie=rsin,
                                creatiedatum=dag,
                                titel=bestandsnaam[:200],
                                vertrouwelijkheidaanduiding=bijlage_type.vertrouwelijkheidaanduiding,
                                auteur="Aanvrager",
                                status=m.DocumentStatus.DEFINITIEF,
                                formaat=formaat,
                                bestandsnaam=bestandsnaam,
                            ),
                            upload_inhoud(upload),
                            max_omvang=ctx.settings.max_document_bytes,
                        )
                    except BadUserInput as error:
                        raise BadUserInput(
                            error.message, field=f"aanvraag.bijlagen[{index}]"
                        ) from None
                    await s.koppel_document(url, document.url)
                eigenschappen = await ctx.loaders.eigenschap.fetch(zaaktype.eigenschappen)
                for eigenschap in eigenschappen.values():
                    if eigenschap is not None and eigenschap.naam in gegevens:
                        value = gegevens[eigenschap.naam]
                        await s.maak_zaakeigenschap(
                            url,
                            eigenschap.url,
                            eigenschap.naam,
                            value if isinstance(value, str) else json.dumps(value),
                        )
                await s.maak_status(
                    url,
                    NieuweStatus(
                        statustype=ladder[0].url,
                        datum_status_gezet=nu(),
                        statustoelichting="Aanvraag ontvangen",
                    ),
                )
                if route:
                    await s.doorsturen(
                        Doorsturen(
                            doel=route,
                            # the Idempotency-Key the target sees: stable per submission,
                            # without the subject (a BSN) in a header that ends up in logs
                            sleutel=hashlib.sha256(f"{subject}:{sleutel}".encode()).hexdigest(),
                            bericht={
                                "zaak": url,
                                "identificatie": identificatie,
                                "zaaktype": zaaktype.url,
                                "gegevens": gegevens,
                            },
                        )
                    )
                await s.vastleggen(subject, sleutel, {"zaak": url, "identificatie": identificatie})

        found = (await ctx.loaders.zaak.fetch([url])).get(url)
        note(ctx, "zaak", found)
        if found is not None:
            await prefetch_below(veld(info), "Zaak", [found], "zaak", start="AanvraagResultaat")
        return AanvraagResultaat(
            identificatie=identificatie, url=url, hergebruikt=hergebruikt, zaak=cast("Zaak", found)
        )
