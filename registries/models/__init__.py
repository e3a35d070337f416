"""Plain domain objects with the ZGW field names (snake_case).

Registries return these; they know nothing of GraphQL or roles. References between objects are
absolute ZGW URLs, as in the REST APIs. The classes are slotted dataclasses (not frozen: building
thousands of them per request must stay cheap); treat them as immutable.
"""

from __future__ import annotations

from registries.models.catalogi import (
    Catalogus,
    Eigenschap,
    EigenschapSpecificatie,
    InformatieObjectType,
    ResultaatType,
    RolType,
    StatusType,
    ZaakType,
)
from registries.models.documenten import (
    DocumentInhoud,
    EnkelvoudigInformatieObject,
    ZaakInformatieObject,
)
from registries.models.enums import (
    Archiefnominatie,
    Archiefstatus,
    Betalingsindicatie,
    BetrokkeneId,
    BetrokkeneType,
    DocumentStatus,
    IdentificatieSoort,
    IndicatieInternOfExtern,
    OmschrijvingGeneriek,
    Vertrouwelijkheid,
)
from registries.models.klantcontacten import (
    ZAAK_OBJECTTYPES,
    Klantcontact,
    KlantcontactBetrokkene,
    Onderwerpobject,
    PartijIdentificator,
)
from registries.models.notificaties import (
    Notificatie,
)
from registries.models.zaken import (
    BetrokkeneIdentificatie,
    ContactpersoonRol,
    Kenmerk,
    Medewerker,
    NatuurlijkPersoon,
    NietNatuurlijkPersoon,
    Opschorting,
    OrganisatorischeEenheid,
    Resultaat,
    Rol,
    RolBetrokkene,
    Status,
    Verlenging,
    Vestiging,
    Zaak,
    ZaakEigenschap,
    betrokkene_ids,
    weergavenaam,
)

__all__ = [
    "ZAAK_OBJECTTYPES",
    "Archiefnominatie",
    "Archiefstatus",
    "Betalingsindicatie",
    "BetrokkeneId",
    "BetrokkeneIdentificatie",
    "BetrokkeneType",
    "Catalogus",
    "ContactpersoonRol",
    "DocumentInhoud",
    "DocumentStatus",
    "Eigenschap",
    "EigenschapSpecificatie",
    "EnkelvoudigInformatieObject",
    "IdentificatieSoort",
    "IndicatieInternOfExtern",
    "InformatieObjectType",
    "Kenmerk",
    "Klantcontact",
    "KlantcontactBetrokkene",
    "Medewerker",
    "NatuurlijkPersoon",
    "NietNatuurlijkPersoon",
    "Notificatie",
    "OmschrijvingGeneriek",
    "Onderwerpobject",
    "Opschorting",
    "OrganisatorischeEenheid",
    "PartijIdentificator",
    "Resultaat",
    "ResultaatType",
    "Rol",
    "RolBetrokkene",
    "RolType",
    "Status",
    "StatusType",
    "Verlenging",
    "Vertrouwelijkheid",
    "Vestiging",
    "Zaak",
    "ZaakEigenschap",
    "ZaakInformatieObject",
    "ZaakType",
    "betrokkene_ids",
    "weergavenaam",
]
