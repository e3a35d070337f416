"""Build the registries from a `ZgwConfig`, mixing with another backend where a block is None.

    store = SqlStore.create(...)                       # e.g. klantcontacten stay embedded
    zgw = bouw(config, anders=store.registries())
    registries = zgw.registries                       # hand to the gateway
    ...
    await zgw.aclose()                                 # closes the HTTP pools (not `anders`)

Dependencies are wired by protocol: the zaken registry takes whichever catalogi registry is in
use; documenten and klantcontacten take whichever zaken registry is in use.

Writes (`Registries.schrijf`): when zaken, documenten or klantinteracties come from a ZGW API,
a unit of work is a resumable saga (`registries.zgw.schrijver`), recorded in the gateway's own
store (`saga_log`); the registries that stay embedded are written through `anders.schrijf`, one
step at a time. Without a saga log, writes through the ZGW APIs are refused (they could not be
made safe). With only Catalogi from a ZGW API, `anders.schrijf` writes as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

import httpx

from registries.base import Registries
from registries.errors import ConfigurationError, UpstreamUnavailable
from registries.sql.saga_log import SagaLog
from registries.writes import Schrijver
from registries.zgw.catalogi import ZgwCatalogi
from registries.zgw.config import ZgwConfig
from registries.zgw.documenten import ZgwDocumenten
from registries.zgw.klantcontacten import ZgwKlantcontacten
from registries.zgw.schrijver import Upstream, ZgwSchrijven
from registries.zgw.schrijver_basis import STANDAARD_INLINE_BYTES
from registries.zgw.zaken import ZgwZaken

ZgwRegistry = ZgwZaken | ZgwDocumenten | ZgwCatalogi | ZgwKlantcontacten


@dataclass(slots=True)
class ZgwRegistries:
    registries: Registries
    #: the ZGW registries built here (they own HTTP pools)
    eigen: list[ZgwRegistry] = field(default_factory=list)
    #: the ZGW write side (None: writes go to `anders`, or are refused)
    schrijven: ZgwSchrijven | None = None

    async def aclose(self) -> None:
        for registry in self.eigen:
            await registry.aclose()


def bouw(
    config: ZgwConfig,
    *,
    anders: Registries | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    saga_log: SagaLog | None = None,
    inline_bytes: int = STANDAARD_INLINE_BYTES,
) -> ZgwRegistries:
    """The four registries: ZGW where `config` has a block, else from `anders`; writes as a
    saga recorded in `saga_log` (the gateway's own store)."""
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

    schrijven: ZgwSchrijven | None = None
    schrijf: Callable[[], AbstractAsyncContextManager[Schrijver]] = _geen_schrijver
    zgw_zaken = zaken if isinstance(zaken, ZgwZaken) else None
    zgw_documenten = documenten if isinstance(documenten, ZgwDocumenten) else None
    zgw_klant = klantcontacten if isinstance(klantcontacten, ZgwKlantcontacten) else None
    if zgw_zaken is None and zgw_documenten is None and zgw_klant is None:
        if anders is not None:
            schrijf = anders.schrijf
    elif saga_log is not None:
        schrijven = ZgwSchrijven(
            Upstream(
                zaken=zgw_zaken.client if zgw_zaken else None,
                zaken_config=zgw_zaken.config if zgw_zaken else None,
                documenten=zgw_documenten.client if zgw_documenten else None,
                documenten_config=zgw_documenten.config if zgw_documenten else None,
                klant=zgw_klant.client if zgw_klant else None,
                klant_config=zgw_klant.config if zgw_klant else None,
                sql=anders.schrijf if anders is not None else None,
                log=saga_log,
                inline_bytes=inline_bytes,
            )
        )
        schrijf = schrijven.schrijf
    return ZgwRegistries(
        registries=Registries(
            zaken=zaken,
            documenten=documenten,
            catalogi=catalogi,
            klantcontacten=klantcontacten,
            schrijf=schrijf,
        ),
        eigen=eigen,
        schrijven=schrijven,
    )


@contextlib.asynccontextmanager
async def _geen_schrijver() -> AsyncIterator[Schrijver]:
    """Writes through the ZGW APIs need the saga log (the gateway's own store); without it a
    write could not be resumed, nor made safe against duplicates: refuse clearly."""
    raise UpstreamUnavailable(
        "Changes through the configured ZGW APIs need the gateway's own store for the saga log; "
        "none is configured, so mutations are refused."
    )
    yield  # pragma: no cover
