"""Plain domain objects with the ZGW field names (snake_case).

Registries return these; they know nothing of GraphQL or roles. References between objects are
absolute ZGW URLs, as in the REST APIs. The classes are slotted dataclasses (not frozen: building
thousands of them per request must stay cheap); treat them as immutable.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, datetime


class Vertrouwelijkheid(enum.Enum):
    """Vertrouwelijkheidaanduiding, ordered from least to most confidential."""

    OPENBAAR = "openbaar"
    BEPERKT_OPENBAAR = "beperkt_openbaar"
    INTERN = "intern"
    ZAAKVERTROUWELIJK = "zaakvertrouwelijk"
    VERTROUWELIJK = "vertrouwelijk"
    CONFIDENTIEEL = "confidentieel"
    GEHEIM = "geheim"
    ZEER_GEHEIM = "zeer_geheim"

    @property
    def rank(self) -> int:
        return _VERTROUWELIJKHEID_RANK[self]

    def at_most(self) -> tuple[Vertrouwelijkheid, ...]:
        """All levels up to and including this one (the ZGW 'maximale' filter is inclusive)."""
        return tuple(v for v in Vertrouwelijkheid if v.rank <= self.rank)


_VERTROUWELIJKHEID_RANK = {v: i for i, v in enumerate(Vertrouwelijkheid)}


class IndicatieInternOfExtern(enum.Enum):
    INTERN = "intern"
    EXTERN = "extern"


class BetrokkeneType(enum.Enum):
    NATUURLIJK_PERSOON = "natuurlijk_persoon"
    NIET_NATUURLIJK_PERSOON = "niet_natuurlijk_persoon"
    VESTIGING = "vestiging"
    ORGANISATORISCHE_EENHEID = "organisatorische_eenheid"
    MEDEWERKER = "medewerker"


class OmschrijvingGeneriek(enum.Enum):
    """Generic role descriptions of a rol (RolType.omschrijvingGeneriek)."""

    ADVISEUR = "adviseur"
    BEHANDELAAR = "behandelaar"
    BELANGHEBBENDE = "belanghebbende"
    BESLISSER = "beslisser"
    INITIATOR = "initiator"
    KLANTCONTACTER = "klantcontacter"
    ZAAKCOORDINATOR = "zaakcoordinator"
    MEDE_INITIATOR = "mede_initiator"


class DocumentStatus(enum.Enum):
    IN_BEWERKING = "in_bewerking"
    TER_VASTSTELLING = "ter_vaststelling"
    DEFINITIEF = "definitief"
    GEARCHIVEERD = "gearchiveerd"


class Archiefnominatie(enum.Enum):
    BLIJVEND_BEWAREN = "blijvend_bewaren"
    VERNIETIGEN = "vernietigen"


class Archiefstatus(enum.Enum):
    NOG_TE_ARCHIVEREN = "nog_te_archiveren"
    GEARCHIVEERD = "gearchiveerd"
    GEARCHIVEERD_PROCESTERMIJN_ONBEKEND = "gearchiveerd_procestermijn_onbekend"
    OVERGEDRAGEN = "overgedragen"


class Betalingsindicatie(enum.Enum):
    NVT = "nvt"
    NOG_NIET = "nog_niet"
    GEDEELTELIJK = "gedeeltelijk"
    GEHEEL = "geheel"


class IdentificatieSoort(enum.Enum):
    """How a burger or company is identified (DigiD / eHerkenning), as in partij-identificatoren."""

    BSN = "bsn"
    KVK = "kvk_nummer"
    RSIN = "rsin"
    VESTIGINGSNUMMER = "vestigingsnummer"


@dataclass(frozen=True, slots=True)
class BetrokkeneId:
    """One identity of a natural or legal person (a BSN, KvK number, RSIN or vestigingsnummer)."""

    soort: IdentificatieSoort
    waarde: str


# --------------------------------------------------------------------------------------------
# Catalogi
# --------------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Catalogus:
    url: str
    uuid: str
    domein: str
    rsin: str
    naam: str


@dataclass(slots=True, kw_only=True)
class ZaakType:
    url: str
    uuid: str
    catalogus: str
    identificatie: str
    omschrijving: str
    omschrijving_generiek: str = ""
    vertrouwelijkheidaanduiding: Vertrouwelijkheid = Vertrouwelijkheid.OPENBAAR
    doel: str = ""
    aanleiding: str = ""
    toelichting: str = ""
    indicatie_intern_of_extern: IndicatieInternOfExtern = IndicatieInternOfExtern.INTERN
    handeling_initiator: str = ""
    onderwerp: str = ""
    handeling_behandelaar: str = ""
    doorlooptijd: str = ""
    servicenorm: str | None = None
    opschorting_en_aanhouding_mogelijk: bool = False
    verlenging_mogelijk: bool = False
    verlengingstermijn: str | None = None
    trefwoorden: list[str] = field(default_factory=list)
    publicatie_indicatie: bool = False
    publicatietekst: str = ""
    verantwoordelijke: str = ""
    begin_geldigheid: date
    einde_geldigheid: date | None = None
    versiedatum: date
    concept: bool = False
    statustypen: list[str] = field(default_factory=list)
    roltypen: list[str] = field(default_factory=list)
    resultaattypen: list[str] = field(default_factory=list)
    informatieobjecttypen: list[str] = field(default_factory=list)
    eigenschappen: list[str] = field(default_factory=list)
    #: informatieobjecttype URL -> richting (inkomend | intern | uitgaand), from the
    #: ZaakTypeInformatieObjectTypen; empty when the backend does not know them
    richtingen: dict[str, str] = field(default_factory=dict)

    def geldig_op(self, dag: date) -> bool:
        return self.begin_geldigheid <= dag and (
            self.einde_geldigheid is None or dag <= self.einde_geldigheid
        )

    def richting(self, informatieobjecttype: str) -> str:
        """How documents of this type relate to the zaak ("" when it is not one of the zaaktype's
        informatieobjecttypen); "inkomend" for all when the backend does not know the links."""
        if not self.richtingen:
            return "inkomend" if informatieobjecttype in self.informatieobjecttypen else ""
        return self.richtingen.get(informatieobjecttype, "")


@dataclass(slots=True, kw_only=True)
class StatusType:
    url: str
    uuid: str
    zaaktype: str
    omschrijving: str
    omschrijving_generiek: str = ""
    statustekst: str = ""
    volgnummer: int
    is_eindstatus: bool = False
    informeren: bool = False
    doorlooptijd: str | None = None
    toelichting: str = ""


@dataclass(slots=True, kw_only=True)
class RolType:
    url: str
    uuid: str
    zaaktype: str
    omschrijving: str
    omschrijving_generiek: OmschrijvingGeneriek


@dataclass(slots=True, kw_only=True)
class ResultaatType:
    url: str
    uuid: str
    zaaktype: str
    omschrijving: str
    resultaattypeomschrijving: str = ""
    omschrijving_generiek: str = ""
    selectielijstklasse: str = ""
    toelichting: str = ""
    archiefnominatie: Archiefnominatie | None = None
    archiefactietermijn: str | None = None


@dataclass(slots=True, kw_only=True)
class InformatieObjectType:
    url: str
    uuid: str
    catalogus: str
    omschrijving: str
    vertrouwelijkheidaanduiding: Vertrouwelijkheid = Vertrouwelijkheid.OPENBAAR
    informatieobjectcategorie: str = ""
    begin_geldigheid: date
    einde_geldigheid: date | None = None
    concept: bool = False


@dataclass(slots=True, kw_only=True)
class EigenschapSpecificatie:
    formaat: str
    lengte: str
    kardinaliteit: str
    groep: str = ""
    waardenverzameling: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Eigenschap:
    url: str
    uuid: str
    zaaktype: str
    naam: str
    definitie: str = ""
    toelichting: str = ""
    specificatie: EigenschapSpecificatie


# --------------------------------------------------------------------------------------------
# Zaken
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Documenten
# --------------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class EnkelvoudigInformatieObject:
    url: str
    uuid: str
    identificatie: str
    bronorganisatie: str
    creatiedatum: date
    titel: str
    vertrouwelijkheidaanduiding: Vertrouwelijkheid
    auteur: str
    status: DocumentStatus | None = None
    formaat: str = ""
    taal: str = "nld"
    versie: int = 1
    begin_registratie: datetime
    bestandsnaam: str = ""
    bestandsomvang: int | None = None
    inhoud: str | None = None
    link: str = ""
    beschrijving: str = ""
    ontvangstdatum: date | None = None
    verzenddatum: date | None = None
    indicatie_gebruiksrecht: bool | None = None
    informatieobjecttype: str
    locked: bool = False
    trefwoorden: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class ZaakInformatieObject:
    url: str
    uuid: str
    informatieobject: str
    zaak: str
    aard_relatie_weergave: str = "Hoort bij, omgekeerd: kent"
    titel: str = ""
    beschrijving: str = ""
    registratiedatum: datetime


@dataclass(slots=True, kw_only=True)
class DocumentInhoud:
    """The content of a document, for the download endpoint: streamed in chunks."""

    bestandsnaam: str
    formaat: str
    omvang: int | None
    stukken: Callable[[], AsyncIterator[bytes]]


# --------------------------------------------------------------------------------------------
# Klantinteracties
# --------------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class PartijIdentificator:
    code_objecttype: str
    code_soort_object_id: str
    object_id: str
    code_register: str = ""


@dataclass(slots=True, kw_only=True)
class KlantcontactBetrokkene:
    url: str
    uuid: str
    klantcontact: str
    rol: str
    volledige_naam: str = ""
    organisatienaam: str = ""
    initiator: bool = False
    partij_identificatoren: list[PartijIdentificator] = field(default_factory=list)


#: onderwerpobject.codeObjecttype values that mean "this klantcontact is about a zaak"
ZAAK_OBJECTTYPES = ("zgw-Zaak", "zaak")


@dataclass(slots=True, kw_only=True)
class Onderwerpobject:
    url: str
    uuid: str
    klantcontact: str
    code_objecttype: str
    code_register: str
    code_soort_object_id: str
    object_id: str


@dataclass(slots=True, kw_only=True)
class Klantcontact:
    url: str
    uuid: str
    nummer: str
    kanaal: str
    onderwerp: str
    inhoud: str = ""
    indicatie_contact_gelukt: bool | None = None
    taal: str = "nld"
    vertrouwelijk: bool = False
    plaatsgevonden_op: datetime
    betrokkenen: list[KlantcontactBetrokkene] = field(default_factory=list)
    onderwerpobjecten: list[Onderwerpobject] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Notificaties
# --------------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Notificatie:
    """A ZGW notification (Notificaties API `Message`); `id` is its place in the event log."""

    kanaal: str
    hoofd_object: str
    resource: str
    resource_url: str
    actie: str
    aanmaakdatum: datetime
    kenmerken: dict[str, str] = field(default_factory=dict)
    id: int | None = None

    def bericht(self) -> dict[str, object]:
        """The message as the Notificaties API spells it (camelCase JSON)."""
        return {
            "kanaal": self.kanaal,
            "hoofdObject": self.hoofd_object,
            "resource": self.resource,
            "resourceUrl": self.resource_url,
            "actie": self.actie,
            "aanmaakdatum": self.aanmaakdatum.isoformat().replace("+00:00", "Z"),
            "kenmerken": dict(self.kenmerken),
        }
