"""The ZGW enumerations as GraphQL enums (member names are the GraphQL values, e.g.
BEPERKT_OPENBAAR; the ZGW string value is the member's value).

strawberry.enum registers the domain enum classes themselves, so resolvers return the domain
values unchanged; the aliases below name them as the schema does.
"""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from registries import models as m

strawberry.enum(
    m.Vertrouwelijkheid,
    name="Vertrouwelijkheidaanduiding",
    description="Vertrouwelijkheidaanduiding, from OPENBAAR (least) to ZEER_GEHEIM (most).",
)
strawberry.enum(m.IndicatieInternOfExtern, name="IndicatieInternOfExtern")
strawberry.enum(m.BetrokkeneType, name="BetrokkeneType")
strawberry.enum(
    m.OmschrijvingGeneriek,
    name="RolOmschrijvingGeneriek",
    description="The generic kind of a rol (RolType.omschrijvingGeneriek).",
)
strawberry.enum(m.DocumentStatus, name="DocumentStatus")
strawberry.enum(m.Archiefnominatie, name="Archiefnominatie")
strawberry.enum(m.Archiefstatus, name="Archiefstatus")
strawberry.enum(m.Betalingsindicatie, name="Betalingsindicatie")

Vertrouwelijkheidaanduiding: TypeAlias = m.Vertrouwelijkheid
IndicatieInternOfExtern: TypeAlias = m.IndicatieInternOfExtern
BetrokkeneType: TypeAlias = m.BetrokkeneType
OmschrijvingGeneriek: TypeAlias = m.OmschrijvingGeneriek
DocumentStatus: TypeAlias = m.DocumentStatus
Archiefnominatie: TypeAlias = m.Archiefnominatie
Archiefstatus: TypeAlias = m.Archiefstatus
Betalingsindicatie: TypeAlias = m.Betalingsindicatie
