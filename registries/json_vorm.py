"""Zaken read as the JSON of the response, built by the database itself.

A store that holds zaken, their statussen, documents and the catalogus in one database can build
the JSON a query asks for in its own statement (`registries.base.ZakenAlsJson`). The gateway
then neither makes a domain object per row nor walks them: it hands out the text.

`JsonVorm` is the shape asked for, in the registries' own words: per kind of object (`soort`)
the response keys in order, each a field of the object (the attribute a domain object has), a
relation with the shape below it, or a fixed text (`__typename`). Which shapes a store can build
it says itself (`kan`); for any other the gateway reads objects as usual.

With the JSON comes, per zaak, what the gateway's row guard and audit log need: the zaak's
url, zaaktype, vertrouwelijkheidaanduiding and status, whom its rollen name, and the url,
status and vertrouwelijkheidaanduiding of every document in its JSON (`JsonZaak`,
`JsonDocument`: they have the attributes of `Zaak` and `EnkelvoudigInformatieObject` that
`Scope.admits_zaak` and `Scope.admits_document_metadata` read).
"""

from __future__ import annotations

from dataclasses import dataclass

from registries.models import DocumentStatus, RolBetrokkene, Vertrouwelijkheid

#: the kinds of object a `JsonVorm` may describe
SOORTEN = frozenset({"zaak", "status", "statustype", "zaaktype", "document"})


@dataclass(frozen=True, slots=True)
class JsonVeld:
    """One key of an object: a field (`naam`), a relation (`naam` and `vorm`), or a fixed text
    (`constante`, with `naam` empty)."""

    key: str
    naam: str
    #: the value may be null (a non-null field needs a column that is never null)
    nullable: bool = True
    vorm: JsonVorm | None = None
    constante: str | None = None


@dataclass(frozen=True, slots=True)
class JsonVorm:
    soort: str
    velden: tuple[JsonVeld, ...]

    def __post_init__(self) -> None:
        if self.soort not in SOORTEN:
            raise ValueError(f"no JSON shape for objects of kind {self.soort!r}")


@dataclass(slots=True)
class JsonDocument:
    url: str
    status: DocumentStatus | None
    vertrouwelijkheidaanduiding: Vertrouwelijkheid


@dataclass(slots=True)
class JsonZaak:
    """One zaak of a page: its JSON text, and what the row guard and the audit log read."""

    url: str
    zaaktype: str
    vertrouwelijkheidaanduiding: Vertrouwelijkheid
    status: str | None
    json: str
    #: the documents in the JSON (through whichever relation), for the guard and the audit log
    documenten: tuple[JsonDocument, ...]
    #: whom the zaak's rollen name (from their identificatie), for the guard and the audit log
    betrokkenen: tuple[RolBetrokkene, ...]
