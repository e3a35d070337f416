"""The demo catalogus: zaaktypen of a Dutch municipality with their statustype ladders,
roltypen, resultaattypen, informatieobjecttypen and eigenschappen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from registries.sql.seed.writer import BulkWriter, uid
from registries.sql.tables import (
    CatalogusRow,
    EigenschapRow,
    InformatieObjectTypeRow,
    ResultaatTypeRow,
    RolTypeRow,
    StatusTypeRow,
    ZaakTypeInformatieObjectTypeRow,
    ZaakTypeRow,
)

RSIN_GEMEENTE = "002220647"  # passes the 11-proef
CATALOGUS = uid("catalogus", "demo")
GELDIG_VANAF = date(2024, 1, 1)

#: informatieobjecttypen of the catalogus: key -> (omschrijving, vertrouwelijkheid, categorie)
INFORMATIEOBJECTTYPEN: dict[str, tuple[str, str, str]] = {
    "aanvraag": ("Aanvraag", "openbaar", "Aanvraag"),
    "bijlage": ("Bijlage bij aanvraag", "openbaar", "Bijlage"),
    "besluit": ("Besluit", "openbaar", "Besluit"),
    "correspondentie": ("Correspondentie", "beperkt_openbaar", "Brief"),
    "advies": ("Intern advies", "intern", "Advies"),
    "rapport": ("Onderzoeksrapport", "vertrouwelijk", "Rapport"),
    "foto": ("Foto", "openbaar", "Afbeelding"),
    "melding": ("Melding", "openbaar", "Melding"),
    "inkomend_poststuk": ("Inkomend poststuk", "beperkt_openbaar", "Brief"),
    "aanvraag_oud": ("Aanvraagformulier (oud model)", "openbaar", "Aanvraag"),
}
#: eigenschappen that take one of a fixed set of values: (zaaktype key, naam) -> values
WAARDENVERZAMELINGEN = {
    ("melding_openbare_ruimte", "categorie"): ["Straatverlichting", "Bestrating", "Groen", "Afval"],
}
#: informatieobjecttypen no longer in use
VERVALLEN = {"aanvraag_oud": date(2023, 12, 31)}

#: generic role kinds every zaaktype has, key -> (omschrijving, omschrijvingGeneriek)
ROLTYPEN: dict[str, tuple[str, str]] = {
    "initiator": ("Aanvrager", "initiator"),
    "belanghebbende": ("Belanghebbende", "belanghebbende"),
    "behandelaar": ("Behandelaar", "behandelaar"),
    "klantcontacter": ("Klantcontacter", "klantcontacter"),
}


@dataclass(frozen=True)
class Statustype:
    omschrijving: str
    statustekst: str
    informeren: bool = True
    doorlooptijd: str | None = None


@dataclass(frozen=True)
class Zaaktype:
    key: str
    identificatie: str
    omschrijving: str
    onderwerp: str
    extern: bool
    vertrouwelijkheid: str
    doorlooptijd: str
    statustypen: tuple[Statustype, ...]
    resultaattypen: tuple[tuple[str, str], ...]
    #: informatieobjecttype key -> richting (inkomend documents may come from the burger)
    documenten: dict[str, str]
    eigenschappen: tuple[tuple[str, str, str], ...] = ()
    handeling_initiator: str = "Aanvragen"
    doel: str = ""
    trefwoorden: tuple[str, ...] = field(default=())
    servicenorm: str | None = None
    versie: int = 1
    begin: date = GELDIG_VANAF
    einde: date | None = None


ONTVANGEN = Statustype("Ontvangen", "Wij hebben uw aanvraag ontvangen.")
IN_BEHANDELING = Statustype("In behandeling", "Uw aanvraag wordt behandeld.", doorlooptijd="P7D")
AFGEHANDELD = Statustype("Afgehandeld", "Uw aanvraag is afgehandeld.")

ZAAKTYPEN: tuple[Zaaktype, ...] = (
    Zaaktype(
        key="parkeervergunning",
        identificatie="PARKEERVERGUNNING",
        omschrijving="Aanvraag parkeervergunning bewoners",
        onderwerp="Parkeervergunning",
        extern=True,
        vertrouwelijkheid="openbaar",
        doorlooptijd="P14D",
        statustypen=(
            ONTVANGEN,
            Statustype("Betaling gecontroleerd", "Wij hebben uw betaling ontvangen.", False),
            IN_BEHANDELING,
            Statustype("Vergunning verleend", "Uw parkeervergunning is verleend."),
        ),
        resultaattypen=(("Verleend", "blijvend_bewaren"), ("Geweigerd", "vernietigen")),
        documenten={"aanvraag": "inkomend", "bijlage": "inkomend", "besluit": "uitgaand"},
        eigenschappen=(("kenteken", "Kenteken van het voertuig", "tekst"),),
        doel="Bewoners laten parkeren in hun eigen wijk.",
        servicenorm="P10D",
        trefwoorden=("parkeren", "vergunning"),
    ),
    Zaaktype(
        key="melding_openbare_ruimte",
        identificatie="MELDING-OPENBARE-RUIMTE",
        omschrijving="Melding openbare ruimte",
        onderwerp="Melding openbare ruimte",
        extern=True,
        vertrouwelijkheid="openbaar",
        doorlooptijd="P5D",
        statustypen=(
            Statustype("Gemeld", "Wij hebben uw melding ontvangen."),
            Statustype("Ingepland", "Uw melding is ingepland."),
            Statustype("Opgelost", "Uw melding is opgelost."),
        ),
        resultaattypen=(("Opgelost", "vernietigen"), ("Niet opgelost", "vernietigen")),
        documenten={
            "melding": "inkomend",
            "foto": "inkomend",
            "correspondentie": "uitgaand",
            "inkomend_poststuk": "inkomend",
        },
        eigenschappen=(
            ("locatie", "Locatie van de melding", "tekst"),
            ("categorie", "Soort melding", "tekst"),
        ),
        handeling_initiator="Melden",
    ),
    Zaaktype(
        key="omgevingsvergunning",
        identificatie="OMGEVINGSVERGUNNING",
        omschrijving="Aanvraag omgevingsvergunning",
        onderwerp="Omgevingsvergunning",
        extern=True,
        vertrouwelijkheid="openbaar",
        doorlooptijd="P56D",
        statustypen=(
            ONTVANGEN,
            Statustype("Volledigheid getoetst", "Uw aanvraag is volledig."),
            Statustype("Advies gevraagd", "Wij vragen advies over uw aanvraag.", False),
            Statustype("Besluit genomen", "Er is een besluit genomen over uw aanvraag."),
        ),
        resultaattypen=(("Verleend", "blijvend_bewaren"), ("Geweigerd", "blijvend_bewaren")),
        documenten={
            "aanvraag": "inkomend",
            "bijlage": "inkomend",
            "advies": "intern",
            "besluit": "uitgaand",
            "correspondentie": "uitgaand",
        },
        eigenschappen=(("bouwkosten", "Geschatte bouwkosten in euro", "getal"),),
    ),
    Zaaktype(
        key="bezwaar",
        identificatie="BEZWAAR",
        omschrijving="Bezwaar tegen een besluit",
        onderwerp="Bezwaar",
        extern=True,
        vertrouwelijkheid="beperkt_openbaar",
        doorlooptijd="P84D",
        statustypen=(
            ONTVANGEN,
            Statustype("Hoorzitting gepland", "Er is een hoorzitting gepland."),
            Statustype("Besluit op bezwaar", "Er is besloten op uw bezwaar."),
        ),
        resultaattypen=(("Gegrond", "blijvend_bewaren"), ("Ongegrond", "blijvend_bewaren")),
        documenten={
            "aanvraag": "inkomend",
            "besluit": "uitgaand",
            "rapport": "intern",
            "inkomend_poststuk": "inkomend",
        },
        handeling_initiator="Indienen",
    ),
    Zaaktype(
        key="bijzondere_bijstand",
        identificatie="BIJZONDERE-BIJSTAND",
        omschrijving="Aanvraag bijzondere bijstand",
        onderwerp="Bijzondere bijstand",
        extern=True,
        vertrouwelijkheid="zaakvertrouwelijk",
        doorlooptijd="P56D",
        statustypen=(ONTVANGEN, IN_BEHANDELING, AFGEHANDELD),
        resultaattypen=(("Toegekend", "vernietigen"), ("Afgewezen", "vernietigen")),
        documenten={"aanvraag": "inkomend", "bijlage": "inkomend", "rapport": "intern"},
    ),
    Zaaktype(
        key="evenementenvergunning",
        identificatie="EVENEMENTENVERGUNNING",
        omschrijving="Aanvraag evenementenvergunning",
        onderwerp="Evenementenvergunning",
        extern=True,
        vertrouwelijkheid="openbaar",
        doorlooptijd="P56D",
        statustypen=(ONTVANGEN, IN_BEHANDELING, Statustype("Besluit genomen", "Er is besloten.")),
        resultaattypen=(("Verleend", "blijvend_bewaren"), ("Geweigerd", "vernietigen")),
        documenten={"aanvraag": "inkomend", "bijlage": "inkomend", "besluit": "uitgaand"},
        eigenschappen=(("bezoekers", "Verwacht aantal bezoekers", "getal"),),
    ),
    Zaaktype(
        key="welstandsadvies",
        identificatie="WELSTANDSADVIES",
        omschrijving="Welstandsadvies (deelzaak)",
        onderwerp="Welstandsadvies",
        extern=False,
        vertrouwelijkheid="intern",
        doorlooptijd="P21D",
        statustypen=(
            Statustype("Adviesvraag ontvangen", "", False),
            Statustype("Advies uitgebracht", "", False),
        ),
        resultaattypen=(("Positief advies", "vernietigen"), ("Negatief advies", "vernietigen")),
        documenten={"advies": "intern", "bijlage": "intern"},
        handeling_initiator="Adviseren",
    ),
    Zaaktype(
        key="integriteitsmelding",
        identificatie="INTEGRITEITSMELDING",
        omschrijving="Melding vermoeden integriteitsschending",
        onderwerp="Integriteit",
        extern=False,
        vertrouwelijkheid="geheim",
        doorlooptijd="P91D",
        statustypen=(
            Statustype("Melding ontvangen", "", False),
            Statustype("Onderzoek", "", False),
            Statustype("Afgerond", "", False),
        ),
        resultaattypen=(("Gegrond", "blijvend_bewaren"), ("Ongegrond", "vernietigen")),
        documenten={"melding": "inkomend", "rapport": "intern"},
        handeling_initiator="Melden",
    ),
    # an older version of the parkeervergunning, no longer valid: versions share identificatie
    Zaaktype(
        key="parkeervergunning_2023",
        identificatie="PARKEERVERGUNNING",
        omschrijving="Aanvraag parkeervergunning (tot 2024)",
        onderwerp="Parkeervergunning",
        extern=True,
        vertrouwelijkheid="openbaar",
        doorlooptijd="P28D",
        statustypen=(ONTVANGEN, AFGEHANDELD),
        resultaattypen=(("Verleend", "blijvend_bewaren"),),
        documenten={"aanvraag_oud": "inkomend"},
        begin=date(2022, 1, 1),
        einde=date(2023, 12, 31),
    ),
)


def zaaktype_uuid(key: str) -> str:
    return uid("zaaktype", key)


def statustype_uuid(key: str, volgnummer: int) -> str:
    return uid("statustype", key, volgnummer)


def roltype_uuid(key: str, rol: str) -> str:
    return uid("roltype", key, rol)


def resultaattype_uuid(key: str, index: int) -> str:
    return uid("resultaattype", key, index)


def iot_uuid(key: str) -> str:
    return uid("informatieobjecttype", key)


def eigenschap_uuid(key: str, naam: str) -> str:
    return uid("eigenschap", key, naam)


def write_catalogus(w: BulkWriter) -> None:
    w.add(CatalogusRow, uuid=CATALOGUS, domein="DEMO", rsin=RSIN_GEMEENTE, naam="Gemeente Demodam")
    for key, (omschrijving, vertrouwelijkheid, categorie) in INFORMATIEOBJECTTYPEN.items():
        w.add(
            InformatieObjectTypeRow,
            uuid=iot_uuid(key),
            catalogus_uuid=CATALOGUS,
            omschrijving=omschrijving,
            vertrouwelijkheidaanduiding=vertrouwelijkheid,
            informatieobjectcategorie=categorie,
            begin_geldigheid=date(2022, 1, 1),
            einde_geldigheid=VERVALLEN.get(key),
            concept=False,
        )
    for zt in ZAAKTYPEN:
        _write_zaaktype(w, zt)


def _write_zaaktype(w: BulkWriter, zt: Zaaktype) -> None:
    w.add(
        ZaakTypeRow,
        uuid=zaaktype_uuid(zt.key),
        catalogus_uuid=CATALOGUS,
        identificatie=zt.identificatie,
        omschrijving=zt.omschrijving,
        omschrijving_generiek="",
        vertrouwelijkheidaanduiding=zt.vertrouwelijkheid,
        doel=zt.doel or f"Afhandelen van: {zt.onderwerp.lower()}.",
        aanleiding=f"{zt.handeling_initiator} door een burger of bedrijf."
        if zt.extern
        else "Intern verzoek.",
        toelichting="",
        indicatie_intern_of_extern="extern" if zt.extern else "intern",
        handeling_initiator=zt.handeling_initiator,
        onderwerp=zt.onderwerp,
        handeling_behandelaar="Behandelen",
        doorlooptijd=zt.doorlooptijd,
        servicenorm=zt.servicenorm,
        opschorting_en_aanhouding_mogelijk=True,
        verlenging_mogelijk=True,
        verlengingstermijn="P28D",
        trefwoorden=list(zt.trefwoorden),
        publicatie_indicatie=False,
        publicatietekst="",
        verantwoordelijke="Team Vergunningen",
        begin_geldigheid=zt.begin,
        einde_geldigheid=zt.einde,
        versiedatum=zt.begin,
        concept=False,
    )
    for nr, st in enumerate(zt.statustypen, start=1):
        w.add(
            StatusTypeRow,
            uuid=statustype_uuid(zt.key, nr),
            zaaktype_uuid=zaaktype_uuid(zt.key),
            omschrijving=st.omschrijving,
            omschrijving_generiek="",
            statustekst=st.statustekst,
            volgnummer=nr,
            informeren=st.informeren,
            doorlooptijd=st.doorlooptijd,
            toelichting="",
        )
    for rol, (omschrijving, generiek) in ROLTYPEN.items():
        w.add(
            RolTypeRow,
            uuid=roltype_uuid(zt.key, rol),
            zaaktype_uuid=zaaktype_uuid(zt.key),
            omschrijving=omschrijving,
            omschrijving_generiek=generiek,
        )
    for index, (omschrijving, archiefnominatie) in enumerate(zt.resultaattypen):
        w.add(
            ResultaatTypeRow,
            uuid=resultaattype_uuid(zt.key, index),
            zaaktype_uuid=zaaktype_uuid(zt.key),
            omschrijving=omschrijving,
            resultaattypeomschrijving=omschrijving,
            omschrijving_generiek=omschrijving,
            selectielijstklasse="",
            toelichting="",
            archiefnominatie=archiefnominatie,
            archiefactietermijn="P10Y" if archiefnominatie == "vernietigen" else None,
        )
    for volgnummer, (iot, richting) in enumerate(zt.documenten.items(), start=1):
        w.add(
            ZaakTypeInformatieObjectTypeRow,
            zaaktype_uuid=zaaktype_uuid(zt.key),
            informatieobjecttype_uuid=iot_uuid(iot),
            volgnummer=volgnummer,
            richting=richting,
        )
    for naam, definitie, formaat in zt.eigenschappen:
        w.add(
            EigenschapRow,
            uuid=eigenschap_uuid(zt.key, naam),
            zaaktype_uuid=zaaktype_uuid(zt.key),
            naam=naam,
            definitie=definitie,
            toelichting="",
            formaat=formaat,
            lengte="100",
            kardinaliteit="1",
            groep="",
            waardenverzameling=WAARDENVERZAMELINGEN.get((zt.key, naam), []),
        )
