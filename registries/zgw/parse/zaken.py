"""Zaken API JSON -> Zaak, Status, Rol, Resultaat, ZaakEigenschap, ZaakInformatieObject."""

from __future__ import annotations

from typing import Any

from registries import models as m
from registries.betrokkene_json import identificatie_uit_json
from registries.zgw.parse import (
    Json,
    Onleesbaar,
    datum,
    datum_verplicht,
    keuze,
    tekst,
    tijdstip,
    tijdstip_verplicht,
    url_of_none,
    uuid_van,
    verplicht,
)


def zaak(d: Json) -> m.Zaak:
    opschorting = d.get("opschorting")
    verlenging = d.get("verlenging")
    vertrouwelijkheid = keuze(m.Vertrouwelijkheid, verplicht(d, "vertrouwelijkheidaanduiding"))
    if vertrouwelijkheid is None:
        raise Onleesbaar("unknown vertrouwelijkheidaanduiding")
    return m.Zaak(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        identificatie=tekst(d.get("identificatie")),
        bronorganisatie=tekst(d.get("bronorganisatie")),
        omschrijving=tekst(d.get("omschrijving")),
        toelichting=tekst(d.get("toelichting")),
        zaaktype=str(verplicht(d, "zaaktype")),
        registratiedatum=datum_verplicht(d, "registratiedatum"),
        verantwoordelijke_organisatie=tekst(d.get("verantwoordelijkeOrganisatie")),
        startdatum=datum_verplicht(d, "startdatum"),
        einddatum=datum(d.get("einddatum")),
        einddatum_gepland=datum(d.get("einddatumGepland")),
        uiterlijke_einddatum_afdoening=datum(d.get("uiterlijkeEinddatumAfdoening")),
        publicatiedatum=datum(d.get("publicatiedatum")),
        # Open Zaak keeps a kanaal that is not a URL in communicatiekanaalNaam
        communicatiekanaal=tekst(d.get("communicatiekanaal"))
        or tekst(d.get("communicatiekanaalNaam")),
        vertrouwelijkheidaanduiding=vertrouwelijkheid,
        betalingsindicatie=keuze(m.Betalingsindicatie, d.get("betalingsindicatie")),
        laatste_betaaldatum=tijdstip(d.get("laatsteBetaaldatum")),
        archiefnominatie=keuze(m.Archiefnominatie, d.get("archiefnominatie")),
        archiefstatus=keuze(m.Archiefstatus, d.get("archiefstatus"))
        or m.Archiefstatus.NOG_TE_ARCHIVEREN,
        archiefactiedatum=datum(d.get("archiefactiedatum")),
        opschorting=(
            m.Opschorting(
                indicatie=bool(opschorting.get("indicatie")),
                reden=tekst(opschorting.get("reden")),
            )
            if isinstance(opschorting, dict)
            else None
        ),
        verlenging=(
            m.Verlenging(reden=tekst(verlenging.get("reden")), duur=str(verlenging["duur"]))
            if isinstance(verlenging, dict) and verlenging.get("duur")
            else None
        ),
        kenmerken=[
            m.Kenmerk(kenmerk=tekst(k.get("kenmerk")), bron=tekst(k.get("bron")))
            for k in d.get("kenmerken") or ()
        ],
        hoofdzaak=url_of_none(d.get("hoofdzaak")),
        status=url_of_none(d.get("status")),
        resultaat=url_of_none(d.get("resultaat")),
    )


def status(d: Json, huidige_status: str | None = None) -> m.Status:
    url = str(verplicht(d, "url"))
    laatst = d.get("indicatieLaatstGezetteStatus")
    return m.Status(
        url=url,
        uuid=uuid_van(d),
        zaak=str(verplicht(d, "zaak")),
        statustype=str(verplicht(d, "statustype")),
        datum_status_gezet=tijdstip_verplicht(d, "datumStatusGezet"),
        statustoelichting=tekst(d.get("statustoelichting")),
        indicatie_laatst_gezette_status=(
            bool(laatst) if laatst is not None else url == huidige_status
        ),
        gezetdoor=url_of_none(d.get("gezetdoor")),
    )


def resultaat(d: Json) -> m.Resultaat:
    return m.Resultaat(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        zaak=str(verplicht(d, "zaak")),
        resultaattype=str(verplicht(d, "resultaattype")),
        toelichting=tekst(d.get("toelichting")),
    )


def _contactpersoon(value: Any) -> m.ContactpersoonRol | None:
    if not isinstance(value, dict) or not any(value.get(k) for k in value):
        return None
    return m.ContactpersoonRol(
        emailadres=tekst(value.get("emailadres")),
        functie=tekst(value.get("functie")),
        telefoonnummer=tekst(value.get("telefoonnummer")),
        naam=tekst(value.get("naam")),
    )


def rol(d: Json) -> m.Rol:
    betrokkene_type = m.BetrokkeneType(verplicht(d, "betrokkeneType"))
    generiek = m.OmschrijvingGeneriek(verplicht(d, "omschrijvingGeneriek"))
    ident = d.get("betrokkeneIdentificatie")
    return m.Rol(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        zaak=str(verplicht(d, "zaak")),
        betrokkene=tekst(d.get("betrokkene")),
        betrokkene_type=betrokkene_type,
        roltype=str(verplicht(d, "roltype")),
        omschrijving=tekst(d.get("omschrijving")),
        omschrijving_generiek=generiek,
        roltoelichting=tekst(d.get("roltoelichting")),
        registratiedatum=tijdstip_verplicht(d, "registratiedatum"),
        indicatie_machtiging=tekst(d.get("indicatieMachtiging")),
        afwijkende_naam_betrokkene=tekst(d.get("afwijkendeNaamBetrokkene")),
        betrokkene_identificatie=identificatie_uit_json(
            betrokkene_type, ident if isinstance(ident, dict) else None
        ),
        contactpersoon_rol=_contactpersoon(d.get("contactpersoonRol")),
    )


def zaakeigenschap(d: Json) -> m.ZaakEigenschap:
    return m.ZaakEigenschap(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        zaak=str(verplicht(d, "zaak")),
        eigenschap=str(verplicht(d, "eigenschap")),
        naam=tekst(d.get("naam")),
        waarde=tekst(d.get("waarde")),
    )


def zaakinformatieobject(d: Json) -> m.ZaakInformatieObject:
    return m.ZaakInformatieObject(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        informatieobject=str(verplicht(d, "informatieobject")),
        zaak=str(verplicht(d, "zaak")),
        aard_relatie_weergave=tekst(d.get("aardRelatieWeergave")),
        titel=tekst(d.get("titel")),
        beschrijving=tekst(d.get("beschrijving")),
        registratiedatum=tijdstip_verplicht(d, "registratiedatum"),
    )
