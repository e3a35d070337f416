"""Zaken: the zaak and what belongs to it."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.schema.enums import (
    Archiefnominatie,
    Archiefstatus,
    Betalingsindicatie,
    BetrokkeneType,
    OmschrijvingGeneriek,
    Vertrouwelijkheidaanduiding,
)
from gateway.schema.types.base import relation
from gateway.schema.types.catalogus import Eigenschap, ResultaatType, RolType, StatusType, ZaakType
from registries import models as m

if TYPE_CHECKING:
    from gateway.schema.types.document import Document
    from gateway.schema.types.klantcontact import Klantcontact


LazyDocument = Annotated["Document", strawberry.lazy("gateway.schema.types.document")]
LazyKlantcontact = Annotated["Klantcontact", strawberry.lazy("gateway.schema.types.klantcontact")]


@strawberry.type
class Opschorting:
    indicatie: bool
    reden: str


@strawberry.type
class Verlenging:
    reden: str
    duur: str


@strawberry.type
class Kenmerk:
    kenmerk: str
    bron: str


@strawberry.type(description="A Status of a zaak: one step taken on its status ladder.")
class Status:
    url: str
    uuid: str
    datum_status_gezet: datetime
    statustoelichting: str
    indicatie_laatst_gezette_status: bool
    statustype: StatusType | None = relation(
        "The StatusType (statustekst, volgnummer, isEindstatus)."
    )


@strawberry.type(description="The Resultaat of a zaak.")
class Resultaat:
    url: str
    uuid: str
    toelichting: str
    resultaattype: ResultaatType | None = relation("The ResultaatType.")


@strawberry.type(name="NatuurlijkPersoon")
class NatuurlijkPersoonType:
    inp_bsn: str
    anp_identificatie: str
    inp_a_nummer: str = strawberry.field(name="inpA_nummer")
    geslachtsnaam: str
    voorvoegsel_geslachtsnaam: str
    voorletters: str
    voornamen: str
    geslachtsaanduiding: str
    geboortedatum: str


@strawberry.type(name="NietNatuurlijkPersoon")
class NietNatuurlijkPersoonType:
    inn_nnp_id: str
    ann_identificatie: str
    statutaire_naam: str
    inn_rechtsvorm: str
    kvk_nummer: str
    vestigings_nummer: str


@strawberry.type(name="Vestiging")
class VestigingType:
    vestigings_nummer: str
    handelsnaam: list[str]
    kvk_nummer: str


@strawberry.type(name="Medewerker")
class MedewerkerType:
    identificatie: str
    achternaam: str
    voorletters: str
    voorvoegsel_achternaam: str


@strawberry.type(name="OrganisatorischeEenheid")
class OrganisatorischeEenheidType:
    identificatie: str
    naam: str
    is_gehuisvest_in: str


BetrokkeneIdentificatie = Annotated[
    NatuurlijkPersoonType
    | NietNatuurlijkPersoonType
    | VestigingType
    | MedewerkerType
    | OrganisatorischeEenheidType,
    strawberry.union(
        "BetrokkeneIdentificatie",
        description="Who a rol is about; the shape depends on betrokkeneType.",
    ),
]

#: domain class -> GraphQL type name, to resolve the union
BETROKKENE_TYPENAMES: dict[type, str] = {
    m.NatuurlijkPersoon: "NatuurlijkPersoon",
    m.NietNatuurlijkPersoon: "NietNatuurlijkPersoon",
    m.Vestiging: "Vestiging",
    m.Medewerker: "Medewerker",
    m.OrganisatorischeEenheid: "OrganisatorischeEenheid",
}


@strawberry.type
class ContactpersoonRol:
    emailadres: str
    functie: str
    telefoonnummer: str
    naam: str


@strawberry.type(description="A Rol: a betrokkene (person, company, employee) in a zaak.")
class Rol:
    url: str
    uuid: str
    betrokkene: str
    betrokkene_type: BetrokkeneType
    omschrijving: str
    omschrijving_generiek: OmschrijvingGeneriek
    roltoelichting: str
    registratiedatum: datetime
    indicatie_machtiging: str
    afwijkende_naam_betrokkene: str
    naam: str = strawberry.field(description="Display name of the betrokkene (not a ZGW field).")
    betrokkene_identificatie: BetrokkeneIdentificatie | None
    contactpersoon_rol: ContactpersoonRol | None
    roltype: RolType | None = relation("The RolType.")


@strawberry.type(description="A ZaakEigenschap: the value of one of the zaaktype's eigenschappen.")
class ZaakEigenschap:
    url: str
    uuid: str
    naam: str
    waarde: str
    eigenschap: Eigenschap | None = relation("The Eigenschap of the zaaktype.")


@strawberry.type(description="A Zaak from the Zaken API.")
class Zaak:
    url: str
    uuid: str
    identificatie: str
    bronorganisatie: str
    omschrijving: str
    toelichting: str
    registratiedatum: date
    verantwoordelijke_organisatie: str
    startdatum: date
    einddatum: date | None
    einddatum_gepland: date | None
    uiterlijke_einddatum_afdoening: date | None
    publicatiedatum: date | None
    communicatiekanaal: str
    vertrouwelijkheidaanduiding: Vertrouwelijkheidaanduiding
    betalingsindicatie: Betalingsindicatie | None
    laatste_betaaldatum: datetime | None
    archiefnominatie: Archiefnominatie | None
    archiefstatus: Archiefstatus
    archiefactiedatum: date | None
    opschorting: Opschorting | None
    verlenging: Verlenging | None
    kenmerken: list[Kenmerk]
    zaaktype: ZaakType | None = relation("The ZaakType (the version this zaak was made under).")
    status: Status | None = relation("The current status (the one set last), if any.")
    statussen: list[Status] | None = relation("The status history, oldest first.")
    resultaat: Resultaat | None = relation("The resultaat, once the zaak has one.")
    rollen: list[Rol] | None = relation("The rollen (betrokkenen) of the zaak.")
    eigenschappen: list[ZaakEigenschap] | None = relation("The zaakeigenschappen.")
    documenten: list[LazyDocument] | None = relation(
        "The documents linked to this zaak (through zaakinformatieobjecten)."
    )
    klantcontacten: list[LazyKlantcontact] | None = relation(
        "Klantcontacten about this zaak (Klantinteracties onderwerpobject)."
    )
    hoofdzaak: Zaak | None = relation("The hoofdzaak, when this is a deelzaak.")
    deelzaken: list[Zaak] | None = relation("The deelzaken of this zaak.")
