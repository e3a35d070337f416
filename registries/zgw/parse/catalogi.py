"""Catalogi API JSON -> ZaakType, StatusType, RolType, ResultaatType, InformatieObjectType,
Eigenschap."""

from __future__ import annotations

from registries import models as m
from registries.zgw.parse import (
    Json,
    Onleesbaar,
    datum,
    datum_verplicht,
    keuze,
    lijst,
    tekst,
    tekst_of_none,
    uuid_van,
    verplicht,
)


def _vertrouwelijkheid(d: Json) -> m.Vertrouwelijkheid:
    value = keuze(m.Vertrouwelijkheid, d.get("vertrouwelijkheidaanduiding"))
    if value is None:
        raise Onleesbaar("unknown vertrouwelijkheidaanduiding")
    return value


def zaaktype(d: Json) -> m.ZaakType:
    intern_extern = keuze(m.IndicatieInternOfExtern, d.get("indicatieInternOfExtern"))
    return m.ZaakType(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        catalogus=tekst(d.get("catalogus")),
        identificatie=tekst(d.get("identificatie")),
        omschrijving=tekst(d.get("omschrijving")),
        omschrijving_generiek=tekst(d.get("omschrijvingGeneriek")),
        vertrouwelijkheidaanduiding=_vertrouwelijkheid(d),
        doel=tekst(d.get("doel")),
        aanleiding=tekst(d.get("aanleiding")),
        toelichting=tekst(d.get("toelichting")),
        # fail closed: an unreadable value never makes a zaaktype "extern"
        indicatie_intern_of_extern=intern_extern or m.IndicatieInternOfExtern.INTERN,
        handeling_initiator=tekst(d.get("handelingInitiator")),
        onderwerp=tekst(d.get("onderwerp")),
        handeling_behandelaar=tekst(d.get("handelingBehandelaar")),
        doorlooptijd=tekst(d.get("doorlooptijd")),
        servicenorm=tekst_of_none(d.get("servicenorm")),
        opschorting_en_aanhouding_mogelijk=bool(d.get("opschortingEnAanhoudingMogelijk")),
        verlenging_mogelijk=bool(d.get("verlengingMogelijk")),
        verlengingstermijn=tekst_of_none(d.get("verlengingstermijn")),
        trefwoorden=[str(t) for t in lijst(d.get("trefwoorden"))],
        publicatie_indicatie=bool(d.get("publicatieIndicatie")),
        publicatietekst=tekst(d.get("publicatietekst")),
        verantwoordelijke=tekst(d.get("verantwoordelijke")),
        begin_geldigheid=datum_verplicht(d, "beginGeldigheid"),
        einde_geldigheid=datum(d.get("eindeGeldigheid")),
        versiedatum=datum(d.get("versiedatum")) or datum_verplicht(d, "beginGeldigheid"),
        concept=bool(d.get("concept")),
        statustypen=[str(u) for u in lijst(d.get("statustypen"))],
        roltypen=[str(u) for u in lijst(d.get("roltypen"))],
        resultaattypen=[str(u) for u in lijst(d.get("resultaattypen"))],
        informatieobjecttypen=[str(u) for u in lijst(d.get("informatieobjecttypen"))],
        eigenschappen=[str(u) for u in lijst(d.get("eigenschappen"))],
    )


def statustype(d: Json) -> m.StatusType:
    return m.StatusType(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        zaaktype=str(verplicht(d, "zaaktype")),
        omschrijving=tekst(d.get("omschrijving")),
        omschrijving_generiek=tekst(d.get("omschrijvingGeneriek")),
        statustekst=tekst(d.get("statustekst")),
        volgnummer=int(verplicht(d, "volgnummer")),
        is_eindstatus=bool(d.get("isEindstatus")),
        informeren=bool(d.get("informeren")),
        doorlooptijd=tekst_of_none(d.get("doorlooptijd")),
        toelichting=tekst(d.get("toelichting")),
    )


def roltype(d: Json) -> m.RolType:
    return m.RolType(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        zaaktype=str(verplicht(d, "zaaktype")),
        omschrijving=tekst(d.get("omschrijving")),
        omschrijving_generiek=m.OmschrijvingGeneriek(verplicht(d, "omschrijvingGeneriek")),
    )


def resultaattype(d: Json) -> m.ResultaatType:
    return m.ResultaatType(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        zaaktype=str(verplicht(d, "zaaktype")),
        omschrijving=tekst(d.get("omschrijving")),
        resultaattypeomschrijving=tekst(d.get("resultaattypeomschrijving")),
        omschrijving_generiek=tekst(d.get("omschrijvingGeneriek")),
        selectielijstklasse=tekst(d.get("selectielijstklasse")),
        toelichting=tekst(d.get("toelichting")),
        archiefnominatie=keuze(m.Archiefnominatie, d.get("archiefnominatie")),
        archiefactietermijn=tekst_of_none(d.get("archiefactietermijn")),
    )


def informatieobjecttype(d: Json) -> m.InformatieObjectType:
    return m.InformatieObjectType(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        catalogus=tekst(d.get("catalogus")),
        omschrijving=tekst(d.get("omschrijving")),
        vertrouwelijkheidaanduiding=_vertrouwelijkheid(d),
        informatieobjectcategorie=tekst(d.get("informatieobjectcategorie")),
        begin_geldigheid=datum_verplicht(d, "beginGeldigheid"),
        einde_geldigheid=datum(d.get("eindeGeldigheid")),
        concept=bool(d.get("concept")),
    )


def eigenschap(d: Json) -> m.Eigenschap:
    spec = d.get("specificatie") or {}
    return m.Eigenschap(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        zaaktype=str(verplicht(d, "zaaktype")),
        naam=tekst(d.get("naam")),
        definitie=tekst(d.get("definitie")),
        toelichting=tekst(d.get("toelichting")),
        specificatie=m.EigenschapSpecificatie(
            formaat=tekst(spec.get("formaat")),
            lengte=tekst(spec.get("lengte")),
            kardinaliteit=tekst(spec.get("kardinaliteit")),
            groep=tekst(spec.get("groep")),
            waardenverzameling=[str(w) for w in lijst(spec.get("waardenverzameling"))],
        ),
    )
