"""Catalogi: catalogus, zaaktype and the types hanging off it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from registries.models.enums import (
    Archiefnominatie,
    IndicatieInternOfExtern,
    OmschrijvingGeneriek,
    Vertrouwelijkheid,
)


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
