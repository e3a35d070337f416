"""Klantinteracties: klantcontact, betrokkene, onderwerpobject."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
