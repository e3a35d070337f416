"""Row builders shared by the demo and synthetic seeders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from registries import models as m
from registries.betrokkene_json import identificatie_naar_json
from registries.sql.rows import rol_identity_columns
from registries.sql.seed.catalogus import (
    ROLTYPEN,
    RSIN_GEMEENTE,
    ZAAKTYPEN,
    Zaaktype,
    iot_uuid,
    resultaattype_uuid,
    roltype_uuid,
    statustype_uuid,
    zaaktype_uuid,
)
from registries.sql.seed.writer import BulkWriter, uid
from registries.sql.tables import (
    DocumentInhoudRow,
    DocumentRow,
    KlantcontactBetrokkeneRow,
    KlantcontactRow,
    OnderwerpobjectRow,
    ResultaatRow,
    RolRow,
    StatusRow,
    ZaakEigenschapRow,
    ZaakInformatieObjectRow,
    ZaakRow,
)

ZAAKTYPE_BY_KEY = {zt.key: zt for zt in ZAAKTYPEN}


def moment(dag: date, uur: int = 9, minuut: int = 0) -> datetime:
    return datetime.combine(dag, time(uur, minuut), tzinfo=UTC)


@dataclass(frozen=True)
class Persoon:
    bsn: str
    voornamen: str
    voorvoegsel: str
    geslachtsnaam: str

    @property
    def naam(self) -> str:
        return " ".join(p for p in (self.voornamen, self.voorvoegsel, self.geslachtsnaam) if p)

    def identificatie(self) -> m.NatuurlijkPersoon:
        return m.NatuurlijkPersoon(
            inp_bsn=self.bsn,
            geslachtsnaam=self.geslachtsnaam,
            voorvoegsel_geslachtsnaam=self.voorvoegsel,
            voornamen=self.voornamen,
            voorletters="".join(v[0] + "." for v in self.voornamen.split()),
        )


@dataclass(frozen=True)
class Bedrijf:
    kvk: str
    rsin: str
    vestigingsnummer: str
    naam: str

    def identificatie(self) -> m.NietNatuurlijkPersoon:
        return m.NietNatuurlijkPersoon(
            inn_nnp_id=self.rsin,
            kvk_nummer=self.kvk,
            vestigings_nummer=self.vestigingsnummer,
            statutaire_naam=self.naam,
            inn_rechtsvorm="besloten_vennootschap",
        )


@dataclass(frozen=True)
class Medewerker:
    identificatie: str
    voorletters: str
    achternaam: str

    def as_model(self) -> m.Medewerker:
        return m.Medewerker(
            identificatie=self.identificatie,
            voorletters=self.voorletters,
            achternaam=self.achternaam,
        )


def add_zaak(
    w: BulkWriter,
    *,
    uuid: str,
    identificatie: str,
    zaaktype: Zaaktype,
    omschrijving: str,
    startdatum: date,
    toelichting: str = "",
    vertrouwelijkheid: str | None = None,
    einddatum: date | None = None,
    hoofdzaak_uuid: str | None = None,
    kenmerken: list[dict[str, str]] | None = None,
    opgeschort: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """A zaak row; `extra` sets any further column (e.g. publicatiedatum, verlenging_duur)."""
    doorlooptijd = int(zaaktype.doorlooptijd.strip("PD"))
    row = w.add(
        ZaakRow,
        uuid=uuid,
        identificatie=identificatie,
        bronorganisatie=RSIN_GEMEENTE,
        omschrijving=omschrijving,
        toelichting=toelichting,
        zaaktype_uuid=zaaktype_uuid(zaaktype.key),
        registratiedatum=startdatum,
        verantwoordelijke_organisatie=RSIN_GEMEENTE,
        startdatum=startdatum,
        einddatum=einddatum,
        einddatum_gepland=startdatum + timedelta(days=doorlooptijd),
        uiterlijke_einddatum_afdoening=startdatum + timedelta(days=doorlooptijd + 14),
        publicatiedatum=None,
        communicatiekanaal="",
        vertrouwelijkheidaanduiding=vertrouwelijkheid or zaaktype.vertrouwelijkheid,
        betalingsindicatie="nvt",
        laatste_betaaldatum=None,
        archiefnominatie=None,
        archiefstatus="nog_te_archiveren",
        archiefactiedatum=None,
        opschorting_indicatie=bool(opgeschort),
        opschorting_reden=opgeschort,
        verlenging_reden="",
        verlenging_duur=None,
        kenmerken=kenmerken or [],
        hoofdzaak_uuid=hoofdzaak_uuid,
        status_uuid=None,
        resultaat_uuid=None,
        laatst_gewijzigd=moment(startdatum),
    )
    row.update(extra)
    return row


def add_statussen(
    w: BulkWriter,
    zaak: dict[str, Any],
    zaaktype: Zaaktype,
    tot_en_met: int,
    startdatum: date,
    stap_dagen: int = 3,
) -> None:
    """Statussen 1..tot_en_met of the ladder; sets the zaak's current status."""
    for nr in range(1, tot_en_met + 1):
        add_status(
            w,
            zaak,
            zaaktype,
            nr,
            uid("status", zaak["uuid"], nr),
            moment(startdatum + timedelta(days=(nr - 1) * stap_dagen), 10 + nr),
        )


def add_status(
    w: BulkWriter,
    zaak: dict[str, Any],
    zaaktype: Zaaktype,
    volgnummer: int,
    uuid: str,
    op: datetime,
) -> None:
    w.add(
        StatusRow,
        uuid=uuid,
        zaak_uuid=zaak["uuid"],
        statustype_uuid=statustype_uuid(zaaktype.key, volgnummer),
        datum_status_gezet=op,
        statustoelichting="",
        gezetdoor_uuid=None,
    )
    zaak["status_uuid"] = uuid


def add_resultaat(
    w: BulkWriter, zaak: dict[str, Any], zaaktype: Zaaktype, index: int, uuid: str, toelichting: str
) -> None:
    w.add(
        ResultaatRow,
        uuid=uuid,
        zaak_uuid=zaak["uuid"],
        resultaattype_uuid=resultaattype_uuid(zaaktype.key, index),
        toelichting=toelichting,
    )
    zaak["resultaat_uuid"] = uuid


def add_rol(
    w: BulkWriter,
    *,
    uuid: str,
    zaak_uuid: str,
    zaaktype: Zaaktype,
    rol: str,
    betrokkene: Persoon | Bedrijf | Medewerker | m.Vestiging | m.OrganisatorischeEenheid,
    op: datetime,
    email: str = "",
) -> None:
    ident: m.BetrokkeneIdentificatie
    if isinstance(betrokkene, Persoon):
        soort, ident = m.BetrokkeneType.NATUURLIJK_PERSOON, betrokkene.identificatie()
    elif isinstance(betrokkene, Bedrijf):
        soort, ident = m.BetrokkeneType.NIET_NATUURLIJK_PERSOON, betrokkene.identificatie()
    elif isinstance(betrokkene, Medewerker):
        soort, ident = m.BetrokkeneType.MEDEWERKER, betrokkene.as_model()
    elif isinstance(betrokkene, m.Vestiging):
        soort, ident = m.BetrokkeneType.VESTIGING, betrokkene
    else:
        soort, ident = m.BetrokkeneType.ORGANISATORISCHE_EENHEID, betrokkene
    omschrijving, generiek = ROLTYPEN[rol]
    w.add(
        RolRow,
        uuid=uuid,
        zaak_uuid=zaak_uuid,
        betrokkene="",
        betrokkene_type=soort.value,
        roltype_uuid=roltype_uuid(zaaktype.key, rol),
        omschrijving=omschrijving,
        omschrijving_generiek=generiek,
        roltoelichting="",
        registratiedatum=op,
        indicatie_machtiging="",
        afwijkende_naam_betrokkene="",
        betrokkene_identificatie=identificatie_naar_json(soort, ident),
        contactpersoon_rol={"emailadres": email, "functie": "", "telefoonnummer": "", "naam": ""}
        if email
        else None,
        **rol_identity_columns(ident),
    )


def add_document(
    w: BulkWriter,
    *,
    uuid: str,
    identificatie: str,
    iot: str,
    titel: str,
    vertrouwelijkheid: str,
    status: str,
    op: datetime,
    inhoud: bytes,
    bestandsnaam: str,
    formaat: str,
    auteur: str = "Gemeente Demodam",
    beschrijving: str = "",
    **extra: Any,
) -> None:
    """A document with its content; `extra` sets any further column (e.g. ontvangstdatum)."""
    row = w.add(
        DocumentRow,
        uuid=uuid,
        identificatie=identificatie,
        bronorganisatie=RSIN_GEMEENTE,
        creatiedatum=op.date(),
        titel=titel,
        vertrouwelijkheidaanduiding=vertrouwelijkheid,
        auteur=auteur,
        status=status,
        formaat=formaat,
        taal="nld",
        versie=1,
        begin_registratie=op,
        bestandsnaam=bestandsnaam,
        bestandsomvang=len(inhoud),
        link="",
        beschrijving=beschrijving,
        ontvangstdatum=None,
        verzenddatum=None,
        indicatie_gebruiksrecht=False,
        informatieobjecttype_uuid=iot_uuid(iot),
        lock="",
        trefwoorden=[],
    )
    row.update(extra)
    w.add(DocumentInhoudRow, document_uuid=uuid, volgnummer=0, data=inhoud)


def link_document(
    w: BulkWriter, *, uuid: str, zaak_uuid: str, document_uuid: str, op: datetime
) -> None:
    w.add(
        ZaakInformatieObjectRow,
        uuid=uuid,
        zaak_uuid=zaak_uuid,
        informatieobject_uuid=document_uuid,
        aard_relatie_weergave="Hoort bij, omgekeerd: kent",
        titel="",
        beschrijving="",
        registratiedatum=op,
    )


def add_zaakeigenschap(
    w: BulkWriter, *, uuid: str, zaak_uuid: str, eigenschap_uuid: str, naam: str, waarde: str
) -> None:
    w.add(
        ZaakEigenschapRow,
        uuid=uuid,
        zaak_uuid=zaak_uuid,
        eigenschap_uuid=eigenschap_uuid,
        naam=naam,
        waarde=waarde,
    )


def add_klantcontact(
    w: BulkWriter,
    *,
    uuid: str,
    nummer: str,
    kanaal: str,
    onderwerp: str,
    inhoud: str,
    op: datetime,
    klant: Persoon | Bedrijf | None,
    zaak_uuid: str | None,
    gelukt: bool = True,
) -> None:
    w.add(
        KlantcontactRow,
        uuid=uuid,
        nummer=nummer,
        kanaal=kanaal,
        onderwerp=onderwerp,
        inhoud=inhoud,
        indicatie_contact_gelukt=gelukt,
        taal="nld",
        vertrouwelijk=False,
        plaatsgevonden_op=op,
    )
    if klant is not None:
        if isinstance(klant, Persoon):
            ids = [
                {
                    "codeObjecttype": "natuurlijk_persoon",
                    "codeSoortObjectId": "bsn",
                    "objectId": klant.bsn,
                    "codeRegister": "brp",
                }
            ]
            cols = {
                "bsn": klant.bsn,
                "kvk_nummer": None,
                "volledige_naam": klant.naam,
                "organisatienaam": "",
            }
        else:
            ids = [
                {
                    "codeObjecttype": "niet_natuurlijk_persoon",
                    "codeSoortObjectId": "kvk_nummer",
                    "objectId": klant.kvk,
                    "codeRegister": "hr",
                }
            ]
            cols = {
                "bsn": None,
                "kvk_nummer": klant.kvk,
                "volledige_naam": "",
                "organisatienaam": klant.naam,
            }
        w.add(
            KlantcontactBetrokkeneRow,
            uuid=uid("betrokkene", uuid),
            klantcontact_uuid=uuid,
            rol="klant",
            initiator=True,
            partij_identificatoren=ids,
            **cols,
        )
    if zaak_uuid is not None:
        w.add(
            OnderwerpobjectRow,
            uuid=uid("onderwerpobject", uuid),
            klantcontact_uuid=uuid,
            code_objecttype="zgw-Zaak",
            code_register="openzaak",
            code_soort_object_id="uuid",
            object_id=zaak_uuid,
        )
