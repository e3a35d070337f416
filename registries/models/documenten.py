"""Documenten: enkelvoudiginformatieobject, the link to a zaak, and content."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from registries.models.enums import DocumentStatus, Vertrouwelijkheid


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
