"""Klantinteracties: klantcontacten (Open Klant 2)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.schema.types.base import relation

if TYPE_CHECKING:
    from gateway.schema.types.zaak import Zaak

LazyZaak = Annotated["Zaak", strawberry.lazy("gateway.schema.types.zaak")]


@strawberry.type
class PartijIdentificator:
    code_objecttype: str
    code_soort_object_id: str
    object_id: str
    code_register: str


@strawberry.type(description="A betrokkene of a klantcontact (who took part).")
class KlantcontactBetrokkene:
    url: str
    uuid: str
    rol: str
    volledige_naam: str
    organisatienaam: str
    initiator: bool
    partij_identificatoren: list[PartijIdentificator]


@strawberry.type(description="What a klantcontact was about (onderwerpobjectidentificator).")
class Onderwerpobject:
    url: str
    uuid: str
    code_objecttype: str
    code_register: str
    code_soort_object_id: str
    object_id: str


@strawberry.type(description="A Klantcontact from the Klantinteracties API.")
class Klantcontact:
    url: str
    uuid: str
    nummer: str
    kanaal: str
    onderwerp: str
    inhoud: str
    indicatie_contact_gelukt: bool | None
    taal: str
    vertrouwelijk: bool
    plaatsgevonden_op: datetime
    betrokkenen: list[KlantcontactBetrokkene]
    onderwerpobjecten: list[Onderwerpobject] = relation(
        "What this klantcontact was about: objects that are not zaken, and the zaken the caller "
        "may see (never a zaak outside the caller's scope)."
    )
    zaken: list[LazyZaak] | None = relation(
        "The zaken this klantcontact was about (only those the caller may see)."
    )
