"""The embedded store's tables (SQLAlchemy 2 declarative models).

Rows are keyed by uuid; URLs are composed on read (`registries.sql.urls`), so the data does not
depend on where the gateway is served. Enumerations are stored as their ZGW string values.
Identity columns of a rol (BSN, KvK, RSIN, vestigingsnummer) are denormalised out of the JSON
identification and indexed: they are the burger's hot path.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from registries.sql.typen import Datum, UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


UUID = String(36)


def _uuid_pk() -> Mapped[str]:
    return mapped_column(UUID, primary_key=True)


# ------------------------------------------------------------------------------------ Catalogi


class CatalogusRow(Base):
    __tablename__ = "catalogus"
    uuid: Mapped[str] = _uuid_pk()
    domein: Mapped[str] = mapped_column(String(5))
    rsin: Mapped[str] = mapped_column(String(9))
    naam: Mapped[str] = mapped_column(String(200), default="")


class ZaakTypeRow(Base):
    __tablename__ = "zaaktype"
    uuid: Mapped[str] = _uuid_pk()
    catalogus_uuid: Mapped[str] = mapped_column(ForeignKey("catalogus.uuid"))
    identificatie: Mapped[str] = mapped_column(String(50), index=True)
    omschrijving: Mapped[str] = mapped_column(String(80))
    omschrijving_generiek: Mapped[str] = mapped_column(String(80), default="")
    vertrouwelijkheidaanduiding: Mapped[str] = mapped_column(String(20))
    doel: Mapped[str] = mapped_column(Text, default="")
    aanleiding: Mapped[str] = mapped_column(Text, default="")
    toelichting: Mapped[str] = mapped_column(Text, default="")
    indicatie_intern_of_extern: Mapped[str] = mapped_column(String(6))
    handeling_initiator: Mapped[str] = mapped_column(String(20), default="")
    onderwerp: Mapped[str] = mapped_column(String(80), default="")
    handeling_behandelaar: Mapped[str] = mapped_column(String(20), default="")
    doorlooptijd: Mapped[str] = mapped_column(String(20), default="")
    servicenorm: Mapped[str | None] = mapped_column(String(20))
    opschorting_en_aanhouding_mogelijk: Mapped[bool] = mapped_column(Boolean, default=False)
    verlenging_mogelijk: Mapped[bool] = mapped_column(Boolean, default=False)
    verlengingstermijn: Mapped[str | None] = mapped_column(String(20))
    trefwoorden: Mapped[list[str]] = mapped_column(JSON, default=list)
    publicatie_indicatie: Mapped[bool] = mapped_column(Boolean, default=False)
    publicatietekst: Mapped[str] = mapped_column(Text, default="")
    verantwoordelijke: Mapped[str] = mapped_column(String(50), default="")
    begin_geldigheid: Mapped[date] = mapped_column(Datum)
    einde_geldigheid: Mapped[date | None] = mapped_column(Datum)
    versiedatum: Mapped[date] = mapped_column(Datum)
    concept: Mapped[bool] = mapped_column(Boolean, default=False)


class StatusTypeRow(Base):
    __tablename__ = "statustype"
    uuid: Mapped[str] = _uuid_pk()
    zaaktype_uuid: Mapped[str] = mapped_column(ForeignKey("zaaktype.uuid"), index=True)
    omschrijving: Mapped[str] = mapped_column(String(80))
    omschrijving_generiek: Mapped[str] = mapped_column(String(80), default="")
    statustekst: Mapped[str] = mapped_column(String(1000), default="")
    volgnummer: Mapped[int] = mapped_column(Integer)
    informeren: Mapped[bool] = mapped_column(Boolean, default=False)
    doorlooptijd: Mapped[str | None] = mapped_column(String(20))
    toelichting: Mapped[str] = mapped_column(Text, default="")


class RolTypeRow(Base):
    __tablename__ = "roltype"
    uuid: Mapped[str] = _uuid_pk()
    zaaktype_uuid: Mapped[str] = mapped_column(ForeignKey("zaaktype.uuid"), index=True)
    omschrijving: Mapped[str] = mapped_column(String(100))
    omschrijving_generiek: Mapped[str] = mapped_column(String(20))


class ResultaatTypeRow(Base):
    __tablename__ = "resultaattype"
    uuid: Mapped[str] = _uuid_pk()
    zaaktype_uuid: Mapped[str] = mapped_column(ForeignKey("zaaktype.uuid"), index=True)
    omschrijving: Mapped[str] = mapped_column(String(30))
    resultaattypeomschrijving: Mapped[str] = mapped_column(String(1000), default="")
    omschrijving_generiek: Mapped[str] = mapped_column(String(80), default="")
    selectielijstklasse: Mapped[str] = mapped_column(String(1000), default="")
    toelichting: Mapped[str] = mapped_column(Text, default="")
    archiefnominatie: Mapped[str | None] = mapped_column(String(20))
    archiefactietermijn: Mapped[str | None] = mapped_column(String(20))


class InformatieObjectTypeRow(Base):
    __tablename__ = "informatieobjecttype"
    uuid: Mapped[str] = _uuid_pk()
    catalogus_uuid: Mapped[str] = mapped_column(ForeignKey("catalogus.uuid"))
    omschrijving: Mapped[str] = mapped_column(String(80))
    vertrouwelijkheidaanduiding: Mapped[str] = mapped_column(String(20))
    informatieobjectcategorie: Mapped[str] = mapped_column(String(80), default="")
    begin_geldigheid: Mapped[date] = mapped_column(Datum)
    einde_geldigheid: Mapped[date | None] = mapped_column(Datum)
    concept: Mapped[bool] = mapped_column(Boolean, default=False)


class ZaakTypeInformatieObjectTypeRow(Base):
    __tablename__ = "zaaktype_informatieobjecttype"
    zaaktype_uuid: Mapped[str] = mapped_column(ForeignKey("zaaktype.uuid"), primary_key=True)
    informatieobjecttype_uuid: Mapped[str] = mapped_column(
        ForeignKey("informatieobjecttype.uuid"), primary_key=True
    )
    volgnummer: Mapped[int] = mapped_column(Integer)
    #: inkomend | intern | uitgaand (ZaakTypeInformatieObjectType.richting)
    richting: Mapped[str] = mapped_column(String(20))


class EigenschapRow(Base):
    __tablename__ = "eigenschap"
    uuid: Mapped[str] = _uuid_pk()
    zaaktype_uuid: Mapped[str] = mapped_column(ForeignKey("zaaktype.uuid"), index=True)
    naam: Mapped[str] = mapped_column(String(20))
    definitie: Mapped[str] = mapped_column(String(255), default="")
    toelichting: Mapped[str] = mapped_column(Text, default="")
    formaat: Mapped[str] = mapped_column(String(20))
    lengte: Mapped[str] = mapped_column(String(14))
    kardinaliteit: Mapped[str] = mapped_column(String(3))
    groep: Mapped[str] = mapped_column(String(32), default="")
    waardenverzameling: Mapped[list[str]] = mapped_column(JSON, default=list)


# --------------------------------------------------------------------------------------- Zaken


class ZaakRow(Base):
    __tablename__ = "zaak"
    uuid: Mapped[str] = _uuid_pk()
    identificatie: Mapped[str] = mapped_column(String(40), unique=True)
    bronorganisatie: Mapped[str] = mapped_column(String(9))
    omschrijving: Mapped[str] = mapped_column(String(80), default="")
    toelichting: Mapped[str] = mapped_column(String(1000), default="")
    zaaktype_uuid: Mapped[str] = mapped_column(ForeignKey("zaaktype.uuid"))
    registratiedatum: Mapped[date] = mapped_column(Datum)
    verantwoordelijke_organisatie: Mapped[str] = mapped_column(String(9))
    startdatum: Mapped[date] = mapped_column(Datum)
    einddatum: Mapped[date | None] = mapped_column(Datum)
    einddatum_gepland: Mapped[date | None] = mapped_column(Datum)
    uiterlijke_einddatum_afdoening: Mapped[date | None] = mapped_column(Datum)
    publicatiedatum: Mapped[date | None] = mapped_column(Datum)
    communicatiekanaal: Mapped[str] = mapped_column(String(1000), default="")
    vertrouwelijkheidaanduiding: Mapped[str] = mapped_column(String(20))
    betalingsindicatie: Mapped[str | None] = mapped_column(String(12))
    laatste_betaaldatum: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archiefnominatie: Mapped[str | None] = mapped_column(String(16))
    archiefstatus: Mapped[str] = mapped_column(String(40), default="nog_te_archiveren")
    archiefactiedatum: Mapped[date | None] = mapped_column(Datum)
    opschorting_indicatie: Mapped[bool] = mapped_column(Boolean, default=False)
    opschorting_reden: Mapped[str] = mapped_column(String(200), default="")
    verlenging_reden: Mapped[str] = mapped_column(String(200), default="")
    verlenging_duur: Mapped[str | None] = mapped_column(String(20))
    kenmerken: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    hoofdzaak_uuid: Mapped[str | None] = mapped_column(ForeignKey("zaak.uuid"), index=True)
    #: the current status and the resultaat, kept in step by the writes (ZGW's zaak.status).
    status_uuid: Mapped[str | None] = mapped_column(UUID)
    resultaat_uuid: Mapped[str | None] = mapped_column(UUID)
    laatst_gewijzigd: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_zaak_zaaktype_startdatum", "zaaktype_uuid", "startdatum"),
        Index("ix_zaak_startdatum_identificatie", "startdatum", "identificatie"),
    )


class StatusRow(Base):
    __tablename__ = "status"
    uuid: Mapped[str] = _uuid_pk()
    zaak_uuid: Mapped[str] = mapped_column(ForeignKey("zaak.uuid"), index=True)
    statustype_uuid: Mapped[str] = mapped_column(ForeignKey("statustype.uuid"))
    datum_status_gezet: Mapped[datetime] = mapped_column(UTCDateTime)
    statustoelichting: Mapped[str] = mapped_column(String(1000), default="")
    gezetdoor_uuid: Mapped[str | None] = mapped_column(UUID)


class ResultaatRow(Base):
    __tablename__ = "resultaat"
    uuid: Mapped[str] = _uuid_pk()
    zaak_uuid: Mapped[str] = mapped_column(ForeignKey("zaak.uuid"), unique=True)
    resultaattype_uuid: Mapped[str] = mapped_column(ForeignKey("resultaattype.uuid"))
    toelichting: Mapped[str] = mapped_column(String(1000), default="")


class RolRow(Base):
    __tablename__ = "rol"
    uuid: Mapped[str] = _uuid_pk()
    zaak_uuid: Mapped[str] = mapped_column(ForeignKey("zaak.uuid"), index=True)
    betrokkene: Mapped[str] = mapped_column(String(1000), default="")
    betrokkene_type: Mapped[str] = mapped_column(String(30))
    roltype_uuid: Mapped[str] = mapped_column(ForeignKey("roltype.uuid"))
    omschrijving: Mapped[str] = mapped_column(String(100))
    omschrijving_generiek: Mapped[str] = mapped_column(String(20))
    roltoelichting: Mapped[str] = mapped_column(String(1000), default="")
    registratiedatum: Mapped[datetime] = mapped_column(UTCDateTime)
    indicatie_machtiging: Mapped[str] = mapped_column(String(20), default="")
    afwijkende_naam_betrokkene: Mapped[str] = mapped_column(String(625), default="")
    betrokkene_identificatie: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    contactpersoon_rol: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # identities, denormalised from betrokkene_identificatie for the row scope
    inp_bsn: Mapped[str | None] = mapped_column(String(9), index=True)
    kvk_nummer: Mapped[str | None] = mapped_column(String(8), index=True)
    inn_nnp_id: Mapped[str | None] = mapped_column(String(9), index=True)
    vestigings_nummer: Mapped[str | None] = mapped_column(String(24), index=True)
    medewerker_identificatie: Mapped[str | None] = mapped_column(String(128), index=True)


class ZaakEigenschapRow(Base):
    __tablename__ = "zaakeigenschap"
    uuid: Mapped[str] = _uuid_pk()
    zaak_uuid: Mapped[str] = mapped_column(ForeignKey("zaak.uuid"), index=True)
    eigenschap_uuid: Mapped[str] = mapped_column(ForeignKey("eigenschap.uuid"))
    naam: Mapped[str] = mapped_column(String(20))
    waarde: Mapped[str] = mapped_column(Text)


# ---------------------------------------------------------------------------------- Documenten


class DocumentRow(Base):
    __tablename__ = "enkelvoudiginformatieobject"
    uuid: Mapped[str] = _uuid_pk()
    identificatie: Mapped[str] = mapped_column(String(40))
    bronorganisatie: Mapped[str] = mapped_column(String(9))
    creatiedatum: Mapped[date] = mapped_column(Datum)
    titel: Mapped[str] = mapped_column(String(200))
    vertrouwelijkheidaanduiding: Mapped[str] = mapped_column(String(20))
    auteur: Mapped[str] = mapped_column(String(200))
    status: Mapped[str | None] = mapped_column(String(20))
    formaat: Mapped[str] = mapped_column(String(255), default="")
    taal: Mapped[str] = mapped_column(String(3), default="nld")
    versie: Mapped[int] = mapped_column(Integer, default=1)
    begin_registratie: Mapped[datetime] = mapped_column(UTCDateTime)
    bestandsnaam: Mapped[str] = mapped_column(String(255), default="")
    bestandsomvang: Mapped[int | None] = mapped_column(BigInteger)
    link: Mapped[str] = mapped_column(String(200), default="")
    beschrijving: Mapped[str] = mapped_column(String(1000), default="")
    ontvangstdatum: Mapped[date | None] = mapped_column(Datum)
    verzenddatum: Mapped[date | None] = mapped_column(Datum)
    indicatie_gebruiksrecht: Mapped[bool | None] = mapped_column(Boolean)
    informatieobjecttype_uuid: Mapped[str] = mapped_column(ForeignKey("informatieobjecttype.uuid"))
    #: the lock token while the document is locked ('' when not locked)
    lock: Mapped[str] = mapped_column(String(100), default="")
    trefwoorden: Mapped[list[str]] = mapped_column(JSON, default=list)

    __table_args__ = (UniqueConstraint("bronorganisatie", "identificatie"),)


class DocumentInhoudRow(Base):
    """Document content, apart from the metadata so that lists never read blobs, in chunks
    (`volgnummer` 0, 1, ...) so that large files are written and served without holding them
    whole in memory."""

    __tablename__ = "document_inhoud"
    document_uuid: Mapped[str] = mapped_column(
        ForeignKey("enkelvoudiginformatieobject.uuid"), primary_key=True
    )
    volgnummer: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ZaakInformatieObjectRow(Base):
    __tablename__ = "zaakinformatieobject"
    uuid: Mapped[str] = _uuid_pk()
    zaak_uuid: Mapped[str] = mapped_column(ForeignKey("zaak.uuid"), index=True)
    informatieobject_uuid: Mapped[str] = mapped_column(
        ForeignKey("enkelvoudiginformatieobject.uuid"), index=True
    )
    aard_relatie_weergave: Mapped[str] = mapped_column(
        String(100), default="Hoort bij, omgekeerd: kent"
    )
    titel: Mapped[str] = mapped_column(String(200), default="")
    beschrijving: Mapped[str] = mapped_column(Text, default="")
    registratiedatum: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("zaak_uuid", "informatieobject_uuid"),)


# ---------------------------------------------------------------------------- Klantinteracties


class KlantcontactRow(Base):
    __tablename__ = "klantcontact"
    uuid: Mapped[str] = _uuid_pk()
    nummer: Mapped[str] = mapped_column(String(10), unique=True)
    kanaal: Mapped[str] = mapped_column(String(50))
    onderwerp: Mapped[str] = mapped_column(String(200))
    inhoud: Mapped[str] = mapped_column(Text, default="")
    indicatie_contact_gelukt: Mapped[bool | None] = mapped_column(Boolean)
    taal: Mapped[str] = mapped_column(String(3), default="nld")
    vertrouwelijk: Mapped[bool] = mapped_column(Boolean, default=False)
    plaatsgevonden_op: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class KlantcontactBetrokkeneRow(Base):
    __tablename__ = "klantcontact_betrokkene"
    uuid: Mapped[str] = _uuid_pk()
    klantcontact_uuid: Mapped[str] = mapped_column(ForeignKey("klantcontact.uuid"), index=True)
    rol: Mapped[str] = mapped_column(String(20))
    volledige_naam: Mapped[str] = mapped_column(String(200), default="")
    organisatienaam: Mapped[str] = mapped_column(String(200), default="")
    initiator: Mapped[bool] = mapped_column(Boolean, default=False)
    partij_identificatoren: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    # identities, denormalised from partij_identificatoren for the row scope
    bsn: Mapped[str | None] = mapped_column(String(9), index=True)
    kvk_nummer: Mapped[str | None] = mapped_column(String(8), index=True)


class OnderwerpobjectRow(Base):
    __tablename__ = "onderwerpobject"
    uuid: Mapped[str] = _uuid_pk()
    klantcontact_uuid: Mapped[str] = mapped_column(ForeignKey("klantcontact.uuid"), index=True)
    code_objecttype: Mapped[str] = mapped_column(String(50))
    code_register: Mapped[str] = mapped_column(String(50))
    code_soort_object_id: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[str] = mapped_column(String(200), index=True)


class InterneTaakRow(Base):
    """A task for the back office that a klantcontact led to (Klantinteracties InterneTaak)."""

    __tablename__ = "internetaak"
    uuid: Mapped[str] = _uuid_pk()
    nummer: Mapped[str] = mapped_column(String(10), unique=True)
    klantcontact_uuid: Mapped[str] = mapped_column(ForeignKey("klantcontact.uuid"), index=True)
    gevraagde_handeling: Mapped[str] = mapped_column(String(1000))
    toelichting: Mapped[str] = mapped_column(Text, default="")
    #: te_verwerken | verwerkt
    status: Mapped[str] = mapped_column(String(20), default="te_verwerken")
    toegewezen_aan: Mapped[str] = mapped_column(String(200), default="")
    toegewezen_op: Mapped[datetime] = mapped_column(UTCDateTime)
