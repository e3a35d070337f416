"""Catalogi: zaaktypen and the types that hang off them."""

from __future__ import annotations

from datetime import date

import strawberry

from gateway.schema.enums import (
    Archiefnominatie,
    IndicatieInternOfExtern,
    OmschrijvingGeneriek,
    Vertrouwelijkheidaanduiding,
)
from gateway.schema.types.base import relation


@strawberry.type(description="A StatusType: one step of a zaaktype's status ladder.")
class StatusType:
    url: str
    omschrijving: str
    omschrijving_generiek: str
    statustekst: str = strawberry.field(description="The text shown to the initiator.")
    volgnummer: int
    is_eindstatus: bool
    informeren: bool
    doorlooptijd: str | None
    toelichting: str


@strawberry.type(description="A RolType of a zaaktype.")
class RolType:
    url: str
    omschrijving: str
    omschrijving_generiek: OmschrijvingGeneriek


@strawberry.type(description="A ResultaatType of a zaaktype.")
class ResultaatType:
    url: str
    omschrijving: str
    resultaattypeomschrijving: str
    omschrijving_generiek: str
    selectielijstklasse: str
    toelichting: str
    archiefnominatie: Archiefnominatie | None
    archiefactietermijn: str | None


@strawberry.type(description="An InformatieObjectType (a kind of document).")
class InformatieObjectType:
    url: str
    omschrijving: str
    vertrouwelijkheidaanduiding: Vertrouwelijkheidaanduiding
    informatieobjectcategorie: str
    begin_geldigheid: date
    einde_geldigheid: date | None
    concept: bool


@strawberry.type
class EigenschapSpecificatie:
    formaat: str
    lengte: str
    kardinaliteit: str
    groep: str
    waardenverzameling: list[str]


@strawberry.type(description="An Eigenschap (a property a zaak of this zaaktype can carry).")
class Eigenschap:
    url: str
    naam: str
    definitie: str
    toelichting: str
    specificatie: EigenschapSpecificatie


@strawberry.type(description="A ZaakType (one version of it) from the Catalogi API.")
class ZaakType:
    url: str
    identificatie: str
    omschrijving: str
    omschrijving_generiek: str
    vertrouwelijkheidaanduiding: Vertrouwelijkheidaanduiding
    doel: str
    aanleiding: str
    toelichting: str
    indicatie_intern_of_extern: IndicatieInternOfExtern
    handeling_initiator: str
    onderwerp: str
    handeling_behandelaar: str
    doorlooptijd: str
    servicenorm: str | None
    opschorting_en_aanhouding_mogelijk: bool
    verlenging_mogelijk: bool
    verlengingstermijn: str | None
    trefwoorden: list[str]
    publicatie_indicatie: bool
    publicatietekst: str
    verantwoordelijke: str
    begin_geldigheid: date
    einde_geldigheid: date | None
    versiedatum: date
    concept: bool
    statustypen: list[StatusType] | None = relation("The status ladder, by volgnummer.")
    roltypen: list[RolType] | None = relation("The roltypen.")
    resultaattypen: list[ResultaatType] | None = relation("The resultaattypen.")
    informatieobjecttypen: list[InformatieObjectType] | None = relation(
        "The kinds of document a zaak of this type may hold."
    )
    eigenschappen: list[Eigenschap] | None = relation("The eigenschappen.")
