"""Documenten: an EnkelvoudigInformatieObject, with its ZaakInformatieObject link when it is
reached through a zaak."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.schema.enums import DocumentStatus, Vertrouwelijkheidaanduiding
from gateway.schema.types.base import relation
from gateway.schema.types.catalogus import InformatieObjectType

if TYPE_CHECKING:
    from gateway.schema.types.zaak import Zaak

LazyZaak = Annotated["Zaak", strawberry.lazy("gateway.schema.types.zaak")]


@strawberry.type(description="A document (EnkelvoudigInformatieObject) from the Documenten API.")
class Document:
    url: str
    uuid: str
    identificatie: str
    bronorganisatie: str
    creatiedatum: date
    titel: str
    vertrouwelijkheidaanduiding: Vertrouwelijkheidaanduiding
    auteur: str
    status: DocumentStatus | None
    formaat: str
    taal: str
    versie: int
    begin_registratie: datetime
    bestandsnaam: str
    bestandsomvang: int | None
    inhoud: str | None = strawberry.field(
        description="Where to download the content through the gateway (same authorisation)."
    )
    link: str
    beschrijving: str
    ontvangstdatum: date | None
    verzenddatum: date | None
    indicatie_gebruiksrecht: bool | None
    locked: bool
    trefwoorden: list[str]
    registratiedatum: datetime | None = strawberry.field(
        description="When the document was linked to the zaak it was reached through "
        "(ZaakInformatieObject.registratiedatum); null when not reached through a zaak."
    )
    aard_relatie_weergave: str | None = strawberry.field(
        description="The link's aardRelatieWeergave; null when not reached through a zaak."
    )
    informatieobjecttype: InformatieObjectType | None = relation("The InformatieObjectType.")
    zaken: list[LazyZaak] | None = relation(
        "The zaken this document is linked to (only those the caller may see)."
    )
