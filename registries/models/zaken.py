"""Zaken: zaak, status, resultaat, rol and its betrokkenen, zaakeigenschap."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from registries.models.enums import (
    Archiefnominatie,
    Archiefstatus,
    Betalingsindicatie,
    BetrokkeneId,
    BetrokkeneType,
    IdentificatieSoort,
    OmschrijvingGeneriek,
    Vertrouwelijkheid,
)


@dataclass(slots=True, kw_only=True)
class Opschorting:
    indicatie: bool
    reden: str = ""


@dataclass(slots=True, kw_only=True)
class Verlenging:
    reden: str
    duur: str


@dataclass(slots=True, kw_only=True)
class Kenmerk:
    kenmerk: str
    bron: str


@dataclass(slots=True, kw_only=True)
class Zaak:
    url: str
    uuid: str
    identificatie: str
    bronorganisatie: str
    omschrijving: str = ""
    toelichting: str = ""
    zaaktype: str
    registratiedatum: date
    verantwoordelijke_organisatie: str
    startdatum: date
    einddatum: date | None = None
    einddatum_gepland: date | None = None
    uiterlijke_einddatum_afdoening: date | None = None
    publicatiedatum: date | None = None
    communicatiekanaal: str = ""
    vertrouwelijkheidaanduiding: Vertrouwelijkheid
    betalingsindicatie: Betalingsindicatie | None = None
    laatste_betaaldatum: datetime | None = None
    archiefnominatie: Archiefnominatie | None = None
    archiefstatus: Archiefstatus = Archiefstatus.NOG_TE_ARCHIVEREN
    archiefactiedatum: date | None = None
    opschorting: Opschorting | None = None
    verlenging: Verlenging | None = None
    kenmerken: list[Kenmerk] = field(default_factory=list)
    hoofdzaak: str | None = None
    status: str | None = None
    resultaat: str | None = None


@dataclass(slots=True, kw_only=True)
class Status:
    url: str
    uuid: str
    zaak: str
    statustype: str
    datum_status_gezet: datetime
    statustoelichting: str = ""
    indicatie_laatst_gezette_status: bool = False
    gezetdoor: str | None = None


@dataclass(slots=True, kw_only=True)
class Resultaat:
    url: str
    uuid: str
    zaak: str
    resultaattype: str
    toelichting: str = ""


@dataclass(slots=True, kw_only=True)
class NatuurlijkPersoon:
    inp_bsn: str = ""
    anp_identificatie: str = ""
    inp_a_nummer: str = ""
    geslachtsnaam: str = ""
    voorvoegsel_geslachtsnaam: str = ""
    voorletters: str = ""
    voornamen: str = ""
    geslachtsaanduiding: str = ""
    geboortedatum: str = ""


@dataclass(slots=True, kw_only=True)
class NietNatuurlijkPersoon:
    inn_nnp_id: str = ""
    ann_identificatie: str = ""
    statutaire_naam: str = ""
    inn_rechtsvorm: str = ""
    kvk_nummer: str = ""
    vestigings_nummer: str = ""


@dataclass(slots=True, kw_only=True)
class Vestiging:
    vestigings_nummer: str = ""
    handelsnaam: list[str] = field(default_factory=list)
    kvk_nummer: str = ""


@dataclass(slots=True, kw_only=True)
class Medewerker:
    identificatie: str = ""
    achternaam: str = ""
    voorletters: str = ""
    voorvoegsel_achternaam: str = ""


@dataclass(slots=True, kw_only=True)
class OrganisatorischeEenheid:
    identificatie: str = ""
    naam: str = ""
    is_gehuisvest_in: str = ""


BetrokkeneIdentificatie = (
    NatuurlijkPersoon | NietNatuurlijkPersoon | Vestiging | Medewerker | OrganisatorischeEenheid
)


@dataclass(slots=True, kw_only=True)
class ContactpersoonRol:
    emailadres: str = ""
    functie: str = ""
    telefoonnummer: str = ""
    naam: str = ""


@dataclass(slots=True, kw_only=True)
class Rol:
    url: str
    uuid: str
    zaak: str
    betrokkene: str = ""
    betrokkene_type: BetrokkeneType
    roltype: str
    omschrijving: str
    omschrijving_generiek: OmschrijvingGeneriek
    roltoelichting: str = ""
    registratiedatum: datetime
    indicatie_machtiging: str = ""
    afwijkende_naam_betrokkene: str = ""
    betrokkene_identificatie: BetrokkeneIdentificatie | None = None
    contactpersoon_rol: ContactpersoonRol | None = None

    def identificeert(self) -> tuple[BetrokkeneId, ...]:
        """The BSN/KvK/RSIN/vestigingsnummer this rol names (used for row scope)."""
        return betrokkene_ids(self.betrokkene_identificatie)

    @property
    def naam(self) -> str:
        """A display name for the betrokkene (not a ZGW field; what screens show)."""
        return weergavenaam(self.betrokkene_identificatie, self.afwijkende_naam_betrokkene)


@dataclass(frozen=True, slots=True)
class RolBetrokkene:
    """Who a rol names and as what: all the row guard and the audit log need of a rol (a lean
    read, without the rest of the rol)."""

    zaak: str
    omschrijving_generiek: OmschrijvingGeneriek
    identiteiten: tuple[BetrokkeneId, ...]

    def identificeert(self) -> tuple[BetrokkeneId, ...]:
        return self.identiteiten

    @classmethod
    def van(cls, rol: Rol) -> RolBetrokkene:
        return cls(rol.zaak, rol.omschrijving_generiek, rol.identificeert())


def betrokkene_ids(ident: BetrokkeneIdentificatie | None) -> tuple[BetrokkeneId, ...]:
    ids: list[BetrokkeneId] = []
    if isinstance(ident, NatuurlijkPersoon):
        if ident.inp_bsn:
            ids.append(BetrokkeneId(IdentificatieSoort.BSN, ident.inp_bsn))
    elif isinstance(ident, NietNatuurlijkPersoon):
        if ident.kvk_nummer:
            ids.append(BetrokkeneId(IdentificatieSoort.KVK, ident.kvk_nummer))
        if ident.inn_nnp_id:
            ids.append(BetrokkeneId(IdentificatieSoort.RSIN, ident.inn_nnp_id))
        if ident.vestigings_nummer:
            ids.append(BetrokkeneId(IdentificatieSoort.VESTIGINGSNUMMER, ident.vestigings_nummer))
    elif isinstance(ident, Vestiging):
        if ident.vestigings_nummer:
            ids.append(BetrokkeneId(IdentificatieSoort.VESTIGINGSNUMMER, ident.vestigings_nummer))
        if ident.kvk_nummer:
            ids.append(BetrokkeneId(IdentificatieSoort.KVK, ident.kvk_nummer))
    return tuple(ids)


def weergavenaam(ident: BetrokkeneIdentificatie | None, afwijkend: str = "") -> str:
    if afwijkend:
        return afwijkend
    if isinstance(ident, NatuurlijkPersoon):
        parts = [
            ident.voornamen or ident.voorletters,
            ident.voorvoegsel_geslachtsnaam,
            ident.geslachtsnaam,
        ]
        return " ".join(p for p in parts if p)
    if isinstance(ident, NietNatuurlijkPersoon):
        return ident.statutaire_naam
    if isinstance(ident, Vestiging):
        return ident.handelsnaam[0] if ident.handelsnaam else ""
    if isinstance(ident, Medewerker):
        parts = [ident.voorletters, ident.voorvoegsel_achternaam, ident.achternaam]
        return " ".join(p for p in parts if p)
    if isinstance(ident, OrganisatorischeEenheid):
        return ident.naam
    return ""


@dataclass(slots=True, kw_only=True)
class ZaakEigenschap:
    url: str
    uuid: str
    zaak: str
    eigenschap: str
    naam: str
    waarde: str
