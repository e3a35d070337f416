"""Patterns 7, 8 and 9: documents. The post room registers a letter without a zaak
(`registreerDocument`) and starts a zaak from it (`startZaakVanuitDocument`); documents are
added to zaken (`voegDocumentToe`: a burger only to their own open zaak, of a type the zaaktype
takes in), changed while not definitief and not locked (`wijzigDocument`), and (un)linked."""

from __future__ import annotations

from datetime import date
from typing import cast

import strawberry
from strawberry.file_uploads import Upload

from gateway.authz.principal import Principal, Role
from gateway.schema.enums import DocumentStatus, Vertrouwelijkheidaanduiding
from gateway.schema.mutations.common import (
    BetrokkeneInput,
    betrokkene,
    bronorganisatie,
    controleer_upload,
    ctx_of,
    einddatum_gepland,
    geldig_zaaktype,
    niet_gesloten,
    nu,
    roltype,
    statustypen,
    upload_inhoud,
    vandaag,
    zaak_om_te_wijzigen,
    zaaktype_van,
)
from gateway.schema.mutations.zaken import ZaakResultaat, _terug
from gateway.schema.queries.common import prefetch_below, veld
from gateway.schema.relations import note
from gateway.schema.types.document import Document
from registries import models as m
from registries.errors import BadUserInput, Conflict, Forbidden
from registries.writes import (
    UNSET,
    DocumentWijziging,
    NieuwDocument,
    NieuweRol,
    NieuweStatus,
    NieuweZaak,
    Schrijver,
)


@strawberry.type
class DocumentResultaat:
    document: Document | None = strawberry.field(description="The document after the change.")


@strawberry.input
class DocumentInput:
    informatieobjecttype: str = strawberry.field(description="InformatieObjectType URL.")
    titel: str
    bestand: Upload = strawberry.field(description="The content (GraphQL multipart request).")
    beschrijving: str = ""
    vertrouwelijkheidaanduiding: Vertrouwelijkheidaanduiding | None = None
    auteur: str | None = None
    status: DocumentStatus | None = None
    ontvangstdatum: date | None = None


@strawberry.input(description="The metadata to change; fields left out stay as they are.")
class DocumentWijzigingInput:
    titel: str | None = None
    beschrijving: str | None = None
    vertrouwelijkheidaanduiding: Vertrouwelijkheidaanduiding | None = None
    status: DocumentStatus | None = None
    auteur: str | None = None
    ontvangstdatum: date | None = None


async def _document_terug(info: strawberry.Info, url: str) -> DocumentResultaat:
    ctx = ctx_of(info)
    ctx.loaders.document.vergeet(url)
    found = (await ctx.loaders.document.fetch([url])).get(url)
    note(ctx, "document", found)
    if found is not None:
        await prefetch_below(veld(info), "Document", [found], "document", start="DocumentResultaat")
    return DocumentResultaat(document=cast("Document", found))


async def _maak(
    info: strawberry.Info, s: Schrijver, document: DocumentInput, veld: str
) -> m.EnkelvoudigInformatieObject:
    ctx = ctx_of(info)
    bestandsnaam, formaat = controleer_upload(ctx, document.bestand, f"{veld}.bestand")
    iot = (await ctx.loaders.informatieobjecttype.fetch([document.informatieobjecttype])).get(
        document.informatieobjecttype
    )
    if iot is None:
        raise BadUserInput("Unknown informatieobjecttype.", field=f"{veld}.informatieobjecttype")
    burger = ctx.principal.role is Role.BURGER
    try:
        return await s.maak_document(
            NieuwDocument(
                informatieobjecttype=iot.url,
                identificatie="",  # the registry numbers it
                bronorganisatie=bronorganisatie(ctx),
                creatiedatum=vandaag(),
                titel=document.titel[:200],
                vertrouwelijkheidaanduiding=(
                    iot.vertrouwelijkheidaanduiding
                    if burger or document.vertrouwelijkheidaanduiding is None
                    else document.vertrouwelijkheidaanduiding
                ),
                auteur=_auteur(ctx.principal, document.auteur),
                status=m.DocumentStatus.DEFINITIEF if burger else document.status,
                formaat=formaat,
                bestandsnaam=bestandsnaam,
                beschrijving=document.beschrijving[:1000],
                ontvangstdatum=document.ontvangstdatum,
            ),
            upload_inhoud(document.bestand),
            max_omvang=ctx.settings.max_document_bytes,
        )
    except BadUserInput as error:
        raise BadUserInput(error.message, field=f"{veld}.bestand") from None


def past_bij(zaaktype: m.ZaakType, informatieobjecttype: str) -> None:
    """A zaak holds only documents of the informatieobjecttypen of its zaaktype (as Open Zaak
    checks when a zaakinformatieobject is made)."""
    if not zaaktype.richting(informatieobjecttype):
        raise BadUserInput(
            f"Zaaktype {zaaktype.identificatie} holds no documents of this document's "
            "informatieobjecttype.",
            field="document",
        )


def _auteur(principal: Principal, gegeven: str | None) -> str:
    if principal.role is Role.BURGER:
        return principal.naam or "Aanvrager"
    return gegeven or principal.naam or principal.subject


@strawberry.type
class DocumentenMutation:
    @strawberry.mutation(description="Register a document that belongs to no zaak yet (post room).")
    async def registreer_document(
        self, info: strawberry.Info, document: DocumentInput
    ) -> DocumentResultaat:
        ctx = ctx_of(info)
        async with ctx.registries.schrijf() as s:
            made = await _maak(info, s, document, "document")
        return await _document_terug(info, made.url)

    @strawberry.mutation(description="Start a zaak of a chosen zaaktype from a document; links it.")
    async def start_zaak_vanuit_document(
        self,
        info: strawberry.Info,
        document: str,
        zaaktype: str,
        omschrijving: str,
        initiator: BetrokkeneInput | None = None,
    ) -> ZaakResultaat:
        ctx = ctx_of(info)
        found = (await ctx.loaders.document.fetch([document])).get(document)
        if found is None:
            raise Forbidden("There is no document you may use with this url.", field="document")
        zt = await geldig_zaaktype(ctx, zaaktype)
        past_bij(zt, found.informatieobjecttype)
        ladder = await statustypen(ctx, zt)
        rol = None
        if initiator is not None:
            rol = (
                await roltype(ctx, zt, m.OmschrijvingGeneriek.INITIATOR),
                betrokkene(ctx.principal, initiator, toegestaan=True, veld="initiator"),
            )
        dag = vandaag()
        rsin = bronorganisatie(ctx, zt)
        async with ctx.registries.schrijf() as s:
            identificatie = await s.reserveer_zaaknummer(
                dag.year, ctx.settings.zaaknummer_formaat, bronorganisatie=rsin
            )
            zaak = await s.maak_zaak(
                NieuweZaak(
                    zaaktype=zt.url,
                    identificatie=identificatie,
                    bronorganisatie=rsin,
                    verantwoordelijke_organisatie=rsin,
                    omschrijving=omschrijving[:80],
                    startdatum=dag,
                    registratiedatum=dag,
                    vertrouwelijkheidaanduiding=zt.vertrouwelijkheidaanduiding,
                    einddatum_gepland=einddatum_gepland(zt, dag),
                    communicatiekanaal="post",
                )
            )
            if rol is not None:
                rt, (soort, ident, _) = rol
                await s.maak_rol(
                    zaak.url,
                    NieuweRol(
                        roltype=rt.url,
                        omschrijving=rt.omschrijving,
                        omschrijving_generiek=m.OmschrijvingGeneriek.INITIATOR,
                        betrokkene_type=soort,
                        betrokkene_identificatie=ident,
                    ),
                )
            await s.koppel_document(zaak.url, found.url)
            if ladder:
                await s.maak_status(
                    zaak.url, NieuweStatus(statustype=ladder[0].url, datum_status_gezet=nu())
                )
        return await _terug(info, zaak.url)

    @strawberry.mutation(
        description="Add a document to a zaak. A burger: only to their own open zaak, with an "
        "informatieobjecttype the zaaktype takes in (richting inkomend)."
    )
    async def voeg_document_toe(
        self, info: strawberry.Info, zaak: str, document: DocumentInput
    ) -> DocumentResultaat:
        ctx = ctx_of(info)
        found = await zaak_om_te_wijzigen(ctx, zaak)
        niet_gesloten(found)
        zaaktype = await zaaktype_van(ctx, found)
        richting = zaaktype.richting(document.informatieobjecttype)
        if not richting:
            raise BadUserInput(
                f"Zaaktype {zaaktype.identificatie} takes no documents of that "
                "informatieobjecttype.",
                field="document.informatieobjecttype",
            )
        if ctx.principal.role is Role.BURGER and richting != "inkomend":
            raise BadUserInput(
                "Burgers may add only incoming documents (an informatieobjecttype with richting "
                "inkomend) to their zaak.",
                field="document.informatieobjecttype",
            )
        async with ctx.registries.schrijf() as s:
            made = await _maak(info, s, document, "document")
            await s.koppel_document(found.url, made.url)
        ctx.loaders.vergeet_zaak(found.url)
        return await _document_terug(info, made.url)

    @strawberry.mutation(
        description="Change a document's metadata (not when definitief or locked)."
    )
    async def wijzig_document(
        self, info: strawberry.Info, document: str, wijziging: DocumentWijzigingInput
    ) -> DocumentResultaat:
        ctx = ctx_of(info)
        found = (await ctx.loaders.document.fetch([document])).get(document)
        if found is None:
            raise Forbidden("There is no document you may change with this url.", field="document")
        if found.status in (m.DocumentStatus.DEFINITIEF, m.DocumentStatus.GEARCHIVEERD):
            raise BadUserInput(
                f"The document is {found.status.value}: its metadata is final.", field="document"
            )
        if found.locked:
            raise Conflict("The document is locked by someone else; try again when it is unlocked.")
        w = wijziging
        changes = DocumentWijziging(
            titel=w.titel[:200] if w.titel is not None else UNSET,
            beschrijving=w.beschrijving[:1000] if w.beschrijving is not None else UNSET,
            vertrouwelijkheidaanduiding=w.vertrouwelijkheidaanduiding
            if w.vertrouwelijkheidaanduiding is not None
            else UNSET,
            status=w.status if w.status is not None else UNSET,
            auteur=w.auteur if w.auteur is not None else UNSET,
            ontvangstdatum=w.ontvangstdatum if w.ontvangstdatum is not None else UNSET,
        )
        if not changes.velden():
            raise BadUserInput("Nothing to change: give at least one field.", field="wijziging")
        async with ctx.registries.schrijf() as s:
            await s.wijzig_document(found.url, changes)
        return await _document_terug(info, found.url)

    @strawberry.mutation(description="Link a document to a zaak (both must be in your view).")
    async def koppel_document(
        self, info: strawberry.Info, zaak: str, document: str
    ) -> ZaakResultaat:
        ctx = ctx_of(info)
        found = await zaak_om_te_wijzigen(ctx, zaak)
        niet_gesloten(found)
        doc = (await ctx.loaders.document.fetch([document])).get(document)
        if doc is None:
            raise Forbidden("There is no document you may use with this url.", field="document")
        past_bij(await zaaktype_van(ctx, found), doc.informatieobjecttype)
        async with ctx.registries.schrijf() as s:
            await s.koppel_document(found.url, doc.url)
        return await _terug(info, found.url)

    @strawberry.mutation(description="Unlink a document from a zaak (both must be in your view).")
    async def ontkoppel_document(
        self, info: strawberry.Info, zaak: str, document: str
    ) -> ZaakResultaat:
        ctx = ctx_of(info)
        found = await zaak_om_te_wijzigen(ctx, zaak)
        niet_gesloten(found)
        doc = (await ctx.loaders.document.fetch([document])).get(document)
        if doc is None:
            raise Forbidden("There is no document you may use with this url.", field="document")
        async with ctx.registries.schrijf() as s:
            await s.ontkoppel_document(found.url, doc.url)
        return await _terug(info, found.url)
