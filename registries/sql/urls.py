"""ZGW-style URLs for the embedded store's objects.

The embedded store mints URLs the way Open Zaak does (``{base}/zaken/api/v1/zaken/{uuid}``), so
objects look the same whichever backend serves them. Only the uuid is stored; a URL that does
not carry this store's prefix for the resource is simply not found here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

#: resource -> path below the base URL
RESOURCES: dict[str, str] = {
    "zaak": "/zaken/api/v1/zaken/",
    "status": "/zaken/api/v1/statussen/",
    "resultaat": "/zaken/api/v1/resultaten/",
    "rol": "/zaken/api/v1/rollen/",
    "zaakeigenschap": "/zaken/api/v1/zaakeigenschappen/",
    "zaakinformatieobject": "/zaken/api/v1/zaakinformatieobjecten/",
    "catalogus": "/catalogi/api/v1/catalogussen/",
    "zaaktype": "/catalogi/api/v1/zaaktypen/",
    "statustype": "/catalogi/api/v1/statustypen/",
    "roltype": "/catalogi/api/v1/roltypen/",
    "resultaattype": "/catalogi/api/v1/resultaattypen/",
    "informatieobjecttype": "/catalogi/api/v1/informatieobjecttypen/",
    "eigenschap": "/catalogi/api/v1/eigenschappen/",
    "enkelvoudiginformatieobject": "/documenten/api/v1/enkelvoudiginformatieobjecten/",
    "klantcontact": "/klantinteracties/api/v1/klantcontacten/",
    "betrokkene": "/klantinteracties/api/v1/betrokkenen/",
    "onderwerpobject": "/klantinteracties/api/v1/onderwerpobjecten/",
    "internetaak": "/klantinteracties/api/v1/internetaken/",
}


class UrlScheme:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._prefix = {name: self.base_url + path for name, path in RESOURCES.items()}

    def url(self, resource: str, uuid: str) -> str:
        return self._prefix[resource] + uuid

    def maybe(self, resource: str, uuid: str | None) -> str | None:
        return None if uuid is None else self._prefix[resource] + uuid

    def uuid(self, resource: str, url: str) -> str | None:
        """The uuid in `url` when it is one of ours for `resource`, else None."""
        prefix = self._prefix[resource]
        if not url.startswith(prefix):
            return None
        tail = url[len(prefix) :]
        return tail if _UUID.match(tail) else None

    def uuids(self, resource: str, urls: Iterable[str]) -> dict[str, str]:
        """uuid -> url for the URLs that are ours."""
        found: dict[str, str] = {}
        for url in urls:
            uuid = self.uuid(resource, url)
            if uuid is not None:
                found[uuid] = url
        return found

    def document_inhoud(self, uuid: str) -> str:
        """Where the gateway serves the content of a document."""
        return f"{self.base_url}/documenten/{uuid}/inhoud"
