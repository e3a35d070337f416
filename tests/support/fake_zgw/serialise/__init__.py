"""Domain objects -> spec-shaped ZGW JSON, as Open Zaak (Zaken 1.5.1, Documenten 1.4, Catalogi
1.3.1) and Open Klant 2 (Klantinteracties 0.9) answer. The inverse of `registries.zgw.parse`.

Objects carry every field the specs mark required (the spec test validates them), with the
values the embedded store has and the usual Open Zaak defaults for the rest.
"""

from __future__ import annotations

from tests.support.fake_zgw.serialise.catalogi import (
    eigenschap,
    informatieobjecttype,
    resultaattype,
    roltype,
    statustype,
    zaaktype,
)
from tests.support.fake_zgw.serialise.klantinteracties import (
    betrokkene,
    klantcontact,
    onderwerpobject,
    partij,
    partij_uuid,
)
from tests.support.fake_zgw.serialise.velden import Json, fk
from tests.support.fake_zgw.serialise.zaken import (
    document,
    resultaat,
    rol,
    status,
    zaak,
    zaakeigenschap,
    zaakinformatieobject,
)

__all__ = [
    "Json",
    "betrokkene",
    "document",
    "eigenschap",
    "fk",
    "informatieobjecttype",
    "klantcontact",
    "onderwerpobject",
    "partij",
    "partij_uuid",
    "resultaat",
    "resultaattype",
    "rol",
    "roltype",
    "status",
    "statustype",
    "zaak",
    "zaakeigenschap",
    "zaakinformatieobject",
    "zaaktype",
]
