"""The write side of the registry interface.

Mutations run inside one unit of work: `async with registries.schrijf() as s: ...`. The
embedded store makes it one database transaction (the changes, their ZGW notifications in the
event log, the idempotency record and the forwarding outbox commit together or not at all); the
ZGW adapters make it a resumable saga (each step recorded under the idempotency key).

The `Schrijver` offers ZGW's own resources as primitives, and emits the notifications Open Zaak
would emit for each. Domain rules (which statustype belongs to which zaaktype, closing a zaak on
its eindstatus, who may do what) live in the gateway's mutations, above this interface.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from registries.models import (
    BetrokkeneIdentificatie,
    BetrokkeneType,
    ContactpersoonRol,
    DocumentStatus,
    EnkelvoudigInformatieObject,
    Kenmerk,
    Klantcontact,
    OmschrijvingGeneriek,
    Opschorting,
    PartijIdentificator,
    Resultaat,
    Rol,
    Status,
    Verlenging,
    Vertrouwelijkheid,
    Zaak,
    ZaakEigenschap,
    ZaakInformatieObject,
)


class _Unset:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


#: "leave this field as it is" in a wijziging
UNSET: Any = _Unset()


@dataclass(frozen=True, slots=True, kw_only=True)
class NieuweZaak:
    zaaktype: str
    identificatie: str
    bronorganisatie: str
    verantwoordelijke_organisatie: str
    omschrijving: str
    toelichting: str = ""
    startdatum: date
    registratiedatum: date
    vertrouwelijkheidaanduiding: Vertrouwelijkheid
    einddatum_gepland: date | None = None
    uiterlijke_einddatum_afdoening: date | None = None
    communicatiekanaal: str = ""
    hoofdzaak: str | None = None
    kenmerken: tuple[Kenmerk, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ZaakWijziging:
    """Only the fields that are not UNSET change."""

    omschrijving: str = UNSET
    toelichting: str = UNSET
    einddatum_gepland: date | None = UNSET
    uiterlijke_einddatum_afdoening: date | None = UNSET
    vertrouwelijkheidaanduiding: Vertrouwelijkheid = UNSET
    einddatum: date | None = UNSET
    opschorting: Opschorting | None = UNSET
    verlenging: Verlenging | None = UNSET

    def velden(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if getattr(self, name) is not UNSET
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class NieuweRol:
    roltype: str
    omschrijving: str
    omschrijving_generiek: OmschrijvingGeneriek
    betrokkene_type: BetrokkeneType
    betrokkene_identificatie: BetrokkeneIdentificatie
    roltoelichting: str = ""
    contactpersoon_rol: ContactpersoonRol | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NieuweStatus:
    statustype: str
    datum_status_gezet: datetime
    statustoelichting: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class NieuwResultaat:
    resultaattype: str
    toelichting: str = ""


#: document content: an async iterator of byte chunks (never the whole file in memory)
Inhoud = Callable[[], AsyncIterator[bytes]]


@dataclass(frozen=True, slots=True, kw_only=True)
class NieuwDocument:
    informatieobjecttype: str
    #: empty: the registry gives it the next DOCUMENT-<jaar>-<nummer>
    identificatie: str
    bronorganisatie: str
    creatiedatum: date
    titel: str
    vertrouwelijkheidaanduiding: Vertrouwelijkheid
    auteur: str
    status: DocumentStatus | None
    formaat: str
    bestandsnaam: str
    taal: str = "nld"
    beschrijving: str = ""
    ontvangstdatum: date | None = None
    verzenddatum: date | None = None
    trefwoorden: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentWijziging:
    titel: str = UNSET
    beschrijving: str = UNSET
    vertrouwelijkheidaanduiding: Vertrouwelijkheid = UNSET
    status: DocumentStatus | None = UNSET
    auteur: str = UNSET
    taal: str = UNSET
    ontvangstdatum: date | None = UNSET
    verzenddatum: date | None = UNSET
    trefwoorden: tuple[str, ...] = UNSET

    def velden(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if getattr(self, name) is not UNSET
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class NieuweKlantcontactBetrokkene:
    rol: str = "klant"
    volledige_naam: str = ""
    organisatienaam: str = ""
    initiator: bool = True
    partij_identificatoren: tuple[PartijIdentificator, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NieuwKlantcontact:
    kanaal: str
    onderwerp: str
    inhoud: str = ""
    indicatie_contact_gelukt: bool | None = True
    taal: str = "nld"
    vertrouwelijk: bool = False
    plaatsgevonden_op: datetime
    betrokkenen: tuple[NieuweKlantcontactBetrokkene, ...] = ()
    #: the zaken it was about (URLs); each becomes an onderwerpobject
    zaken: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NieuweInterneTaak:
    klantcontact: str
    gevraagde_handeling: str
    toelichting: str = ""
    toegewezen_aan: str = ""


@dataclass(slots=True, kw_only=True)
class InterneTaak:
    url: str
    uuid: str
    nummer: str
    klantcontact: str
    gevraagde_handeling: str
    toelichting: str
    status: str
    toegewezen_aan: str
    toegewezen_op: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Doorsturen:
    """A message to forward after the commit (store-and-forward to a zaakafhandelcomponent)."""

    doel: str
    bericht: dict[str, Any] = field(default_factory=dict)
    sleutel: str = ""


class Schrijver(Protocol):
    # --- idempotency ------------------------------------------------------------------------
    async def claim(
        self, subject: str, sleutel: str, soort: str, vingerafdruk: str = ""
    ) -> dict[str, Any] | None:
        """Claim an idempotency key. None: the key is new, go on (and `vastleggen` the result);
        otherwise the result recorded by the earlier call with this key (do nothing). Raises
        BadUserInput when the key was used for a request with another `vingerafdruk` (a hash
        of the request): a key names one request, not one caller's slot."""
        ...

    async def vastleggen(self, subject: str, sleutel: str, resultaat: dict[str, Any]) -> None: ...

    # --- zaken --------------------------------------------------------------------------------
    async def reserveer_zaaknummer(
        self, jaar: int, formaat: str, *, bronorganisatie: str = ""
    ) -> str:
        """A new, unused zaaknummer: `formaat` ({jaar}, {nummer}) filled with the next number of
        the year's sequence (unique, also under concurrency; numbers already taken, e.g. by
        imported zaken, are skipped). Over Open Zaak: the number Open Zaak reserves for
        `bronorganisatie` (in its own format), when it offers reservations."""
        ...

    async def maak_zaak(self, zaak: NieuweZaak) -> Zaak: ...

    async def wijzig_zaak(self, url: str, wijziging: ZaakWijziging) -> Zaak: ...

    async def maak_rol(self, zaak: str, rol: NieuweRol) -> Rol: ...

    async def maak_status(self, zaak: str, status: NieuweStatus) -> Status: ...

    async def zet_resultaat(self, zaak: str, resultaat: NieuwResultaat) -> Resultaat: ...

    async def maak_zaakeigenschap(
        self, zaak: str, eigenschap: str, naam: str, waarde: str
    ) -> ZaakEigenschap: ...

    # --- documenten ---------------------------------------------------------------------------
    async def maak_document(
        self, document: NieuwDocument, inhoud: Inhoud, *, max_omvang: int
    ) -> EnkelvoudigInformatieObject:
        """Stores the content chunk by chunk; raises BadUserInput past `max_omvang` bytes."""
        ...

    async def wijzig_document(
        self, url: str, wijziging: DocumentWijziging
    ) -> EnkelvoudigInformatieObject: ...

    async def koppel_document(
        self, zaak: str, document: str, titel: str = "", beschrijving: str = ""
    ) -> ZaakInformatieObject: ...

    async def ontkoppel_document(self, zaak: str, document: str) -> None: ...

    # --- klantcontacten -------------------------------------------------------------------------
    async def maak_klantcontact(self, klantcontact: NieuwKlantcontact) -> Klantcontact: ...

    async def maak_interne_taak(self, taak: NieuweInterneTaak) -> InterneTaak: ...

    # --- outbox ---------------------------------------------------------------------------------
    async def doorsturen(self, opdracht: Doorsturen) -> None:
        """Queue a message for delivery after the commit (store-and-forward)."""
        ...
