"""Small helpers on `Scope` shared by the ZGW registries."""

from __future__ import annotations

import re

from registries.scope import Scope

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def zaken_onbeperkt(scope: Scope) -> bool:
    """True when the scope puts no condition on zaken at all (only on documents or
    klantcontacten themselves): then a link to any zaak is a link to a zaak in scope."""
    return not scope.niets and scope == Scope(
        document_statussen=scope.document_statussen,
        document_max_vertrouwelijkheid=scope.document_max_vertrouwelijkheid,
        documenten_zonder_zaak=scope.documenten_zonder_zaak,
        klantcontact_betrokkenen=scope.klantcontact_betrokkenen,
        klantcontacten_zonder_zaak=scope.klantcontacten_zonder_zaak,
    )


def uuid_onder(prefix: str, url: str) -> str | None:
    """The uuid in `url` when it is `prefix` + a uuid (a resource of ours), else None."""
    if not url.startswith(prefix):
        return None
    tail = url[len(prefix) :].rstrip("/").lower()
    return tail if _UUID.match(tail) else None
