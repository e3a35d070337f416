"""The records of the property-based authorisation test's generated data: what the oracle
(`tests.support.property_oracle`) reads, side by side with the rows in the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from registries.sql.seed.builders import Bedrijf, Persoon
from tests.conftest import BASE_URL

#: vertrouwelijkheidaanduiding, least to most confidential (DESIGN.md)
LEVELS = (
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
)
DOCUMENT_STATUSSEN = ("in_bewerking", "ter_vaststelling", "definitief", "gearchiveerd")
KANALEN = ("telefoon", "e-mail", "balie", "chat")
WOORDEN = ("Dorpsstraat", "Kerkplein", "Molenweg", "Stationsplein", "Havenkade", "100%_test")
TITELS = ("Aanvraagformulier", "Bijlage", "Besluit", "Brief", "Advies", "Foto", "Rapport")
ONDERWERPEN = ("Vraag over status", "Klacht", "Terugbelverzoek", "Informatie", "Bezwaar")
#: onderwerpobject.codeObjecttype values that mean "about a zaak" (Klantinteracties)
ZAAK_OBJECTTYPES = ("zgw-Zaak", "zaak")
_PATHS = {
    "zaak": "/zaken/api/v1/zaken/",
    "rol": "/zaken/api/v1/rollen/",
    "zaaktype": "/catalogi/api/v1/zaaktypen/",
    "statustype": "/catalogi/api/v1/statustypen/",
    "iot": "/catalogi/api/v1/informatieobjecttypen/",
    "document": "/documenten/api/v1/enkelvoudiginformatieobjecten/",
    "klantcontact": "/klantinteracties/api/v1/klantcontacten/",
}

#: an identity a rol or klantcontact betrokkene names: (soort, waarde), e.g. ("bsn", "...")
Ident = tuple[str, str]


def url(resource: str, uuid: str) -> str:
    """The URL the embedded store mints (Open Zaak style)."""
    return f"{BASE_URL}{_PATHS[resource]}{uuid}"


@dataclass(frozen=True)
class WZaakType:
    url: str
    identificatie: str
    extern: bool
    begin: date
    einde: date | None
    statustypen: tuple[str, ...]


@dataclass(frozen=True)
class WRol:
    url: str
    omschrijving: str
    omschrijving_generiek: str
    naam: str
    betrokkene_type: str
    idents: frozenset[Ident]


@dataclass
class WZaak:
    url: str
    uuid: str
    identificatie: str
    zaaktype: str
    omschrijving: str
    vertrouwelijkheid: str
    startdatum: date
    einddatum: date | None
    statustype: str | None  # of the current status; None: no status
    hoofdzaak: str | None
    rollen: list[WRol] = field(default_factory=list)


@dataclass
class WDocument:
    url: str
    uuid: str
    identificatie: str
    titel: str
    status: str
    vertrouwelijkheid: str
    iot: str
    begin_registratie: datetime
    zaken: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WBetrokkene:
    volledige_naam: str
    organisatienaam: str
    initiator: bool
    idents: frozenset[Ident]


@dataclass
class WKlantcontact:
    url: str
    uuid: str
    nummer: str
    kanaal: str
    onderwerp: str
    plaatsgevonden_op: datetime
    betrokkenen: list[WBetrokkene] = field(default_factory=list)
    #: zaak URLs it is about (onderwerpobjecten of a zaak objecttype)
    zaken: list[str] = field(default_factory=list)
    #: every onderwerpobject: (codeObjecttype, objectId)
    onderwerpobjecten: list[tuple[str, str]] = field(default_factory=list)


@dataclass(repr=False)
class World:
    seed: int
    zaaktypen: dict[str, WZaakType]
    statustypen: list[str]
    informatieobjecttypen: list[str]
    burgers: list[Persoon]
    #: a burger that is named nowhere
    vreemde: Persoon
    bedrijven: list[Bedrijf]
    zaken: dict[str, WZaak] = field(default_factory=dict)
    documenten: dict[str, WDocument] = field(default_factory=dict)
    klantcontacten: dict[str, WKlantcontact] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"World(seed={self.seed}, {len(self.zaken)} zaken)"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self))
