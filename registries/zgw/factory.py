"""Build the registries from a `ZgwConfig`, mixing with another backend where a block is None.

    store = SqlStore.create(...)                       # e.g. klantcontacten stay embedded
    zgw = bouw(config, anders=store.registries())
    registries = zgw.registries                       # hand to the gateway
    ...
    await zgw.aclose()                                 # closes the HTTP pools (not `anders`)

Dependencies are wired by protocol: the zaken registry takes whichever catalogi registry is in
use; documenten and klantcontacten take whichever zaken registry is in use.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx

from registries.base import Registries
from registries.errors import ConfigurationError, UpstreamUnavailable
from registries.writes import Schrijver
from registries.zgw.catalogi import ZgwCatalogi
from registries.zgw.config import ZgwConfig
from registries.zgw.documenten import ZgwDocumenten
from registries.zgw.klantcontacten import ZgwKlantcontacten
from registries.zgw.zaken import ZgwZaken

ZgwRegistry = ZgwZaken | ZgwDocumenten | ZgwCatalogi | ZgwKlantcontacten


@dataclass(slots=True)
class ZgwRegistries:
    registries: Registries
    #: the ZGW registries built here (they own HTTP pools)
    eigen: list[ZgwRegistry] = field(default_factory=list)

    async def aclose(self) -> None:
        for registry in self.eigen:
            await registry.aclose()


def bouw(
    config: ZgwConfig,
    *,
    anders: Registries | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> ZgwRegistries:
    """The four registries: ZGW where `config` has a block, else from `anders`."""
    missing = [
        naam
        for naam, blok in (
            ("zaken", config.zaken),
            ("documenten", config.documenten),
            ("catalogi", config.catalogi),
            ("klantinteracties", config.klantinteracties),
        )
        if blok is None
    ]
    if missing and anders is None:
        raise ConfigurationError(
            "No backend for " + ", ".join(missing) + ": configure their ZGW API or keep the "
            "embedded store for them."
        )
    eigen: list[ZgwRegistry] = []

    catalogi = anders.catalogi if anders is not None else None
    if config.catalogi is not None:
        catalogi = ZgwCatalogi(config.catalogi, transport=transport)
        eigen.append(catalogi)
    assert catalogi is not None

    zaken = anders.zaken if anders is not None else None
    if config.zaken is not None:
        zaken = ZgwZaken(config.zaken, catalogi, transport=transport)
        eigen.append(zaken)
    assert zaken is not None

    documenten = anders.documenten if anders is not None else None
    if config.documenten is not None:
        documenten = ZgwDocumenten(config.documenten, zaken, transport=transport)
        eigen.append(documenten)
    assert documenten is not None

    klantcontacten = anders.klantcontacten if anders is not None else None
    if config.klantinteracties is not None:
        klantcontacten = ZgwKlantcontacten(config.klantinteracties, zaken, transport=transport)
        eigen.append(klantcontacten)
    assert klantcontacten is not None

    schrijf = anders.schrijf if anders is not None and not eigen else _geen_schrijver
    return ZgwRegistries(
        registries=Registries(
            zaken=zaken,
            documenten=documenten,
            catalogi=catalogi,
            klantcontacten=klantcontacten,
            schrijf=schrijf,
        ),
        eigen=eigen,
    )


@contextlib.asynccontextmanager
async def _geen_schrijver() -> AsyncIterator[Schrijver]:
    """Writes through the ZGW APIs (a resumable saga) are not built yet: say so clearly."""
    raise UpstreamUnavailable(
        "Changes through the configured ZGW APIs are not supported yet: mutations work on the "
        "embedded store only."
    )
    yield  # pragma: no cover
