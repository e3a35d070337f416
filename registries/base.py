"""The registry interface: one protocol per ZGW registry.

Two kinds of backend implement it: the embedded store (`registries.sql`) and the HTTP adapters
for the real ZGW APIs (`registries.zgw`). Every read of zaken, documenten or klantcontacten takes
an explicit `Scope` (the row filter), which the backend pushes down into its query. Catalogus
lookups by URL take none: types are reference data without personal data.

All reads are batch reads (many URLs, or the relations of many zaken at once) so that the
gateway's loaders can answer a whole GraphQL operation with a number of backend calls that does
not grow with the size of a list.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Protocol, TypeVar

from registries.json_vorm import JsonVorm, JsonZaak
from registries.models import (
    DocumentInhoud,
    DocumentStatus,
    Eigenschap,
    EnkelvoudigInformatieObject,
    InformatieObjectType,
    Klantcontact,
    Resultaat,
    ResultaatType,
    Rol,
    RolBetrokkene,
    RolType,
    Status,
    StatusType,
    Zaak,
    ZaakEigenschap,
    ZaakInformatieObject,
    ZaakType,
)
from registries.scope import Scope
from registries.writes import Schrijver

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageRequest:
    offset: int = 0
    limit: int = 20
    #: compute the total number of matching rows (costs a count; only when asked for).
    with_total: bool = False


@dataclass(slots=True)
class Page(Generic[T]):
    items: list[T]
    has_next: bool
    total: int | None = None


class ZaakOrdering(enum.Enum):
    STARTDATUM_DESC = "-startdatum"
    STARTDATUM_ASC = "startdatum"
    REGISTRATIEDATUM_DESC = "-registratiedatum"
    IDENTIFICATIE_ASC = "identificatie"


@dataclass(frozen=True, slots=True)
class ZaakFilter:
    zaaktypen: frozenset[str] | None = None
    #: the current status is of this statustype (URL).
    statustype: str | None = None
    #: a rol of the zaak names this BSN / KvK-nummer / RSIN.
    bsn: str | None = None
    kvk: str | None = None
    rsin: str | None = None
    identificatie: str | None = None
    omschrijving_bevat: str | None = None
    startdatum_vanaf: date | None = None
    startdatum_tot_en_met: date | None = None
    #: True: only zaken without einddatum; False: only closed zaken.
    open: bool | None = None
    ordering: ZaakOrdering = ZaakOrdering.STARTDATUM_DESC


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    titel_bevat: str | None = None
    identificatie: str | None = None
    informatieobjecttype: str | None = None
    status: DocumentStatus | None = None
    #: True: only documents linked to no zaak (the post room's inbox).
    zonder_zaak: bool | None = None


@dataclass(frozen=True, slots=True)
class KlantcontactFilter:
    zaak: str | None = None
    bsn: str | None = None
    kanaal: str | None = None
    onderwerp_bevat: str | None = None


@dataclass(frozen=True, slots=True)
class ZaakTypeFilter:
    identificatie: str | None = None
    #: only versions valid on this day.
    geldig_op: date | None = None


class ZakenRegistry(Protocol):
    def zaak_url(self, uuid: str) -> str:
        """The URL of the zaak with this uuid (klantinteracties refer to zaken by uuid)."""
        ...

    async def get_zaken(self, urls: Sequence[str], scope: Scope) -> dict[str, Zaak]: ...

    async def zoek_zaken(
        self, filter: ZaakFilter, scope: Scope, page: PageRequest
    ) -> Page[Zaak]: ...

    async def statussen_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[Status]]: ...

    async def get_statussen(self, urls: Sequence[str], scope: Scope) -> dict[str, Status]:
        """Statussen by URL (e.g. the current status of many zaken, `Zaak.status`)."""
        ...

    async def rollen_van(self, zaak_urls: Sequence[str], scope: Scope) -> dict[str, list[Rol]]: ...

    async def betrokkenen_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[RolBetrokkene]]:
        """Who the rollen of these zaken name (for the row guard and the audit log): the same
        rollen as `rollen_van`, read lean."""
        ...

    async def resultaten_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, Resultaat]: ...

    async def eigenschappen_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[ZaakEigenschap]]: ...

    async def zaakinformatieobjecten_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[ZaakInformatieObject]]:
        """The document links of each zaak."""
        ...

    async def zaakinformatieobjecten_bij(
        self, document_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[ZaakInformatieObject]]:
        """The zaak links of each document."""
        ...

    async def deelzaken_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[Zaak]]: ...


class DocumentenRegistry(Protocol):
    def document_url(self, uuid: str) -> str:
        """The URL of the document with this uuid (the download endpoint names documents so)."""
        ...

    async def get_documenten(
        self, urls: Sequence[str], scope: Scope
    ) -> dict[str, EnkelvoudigInformatieObject]: ...

    async def zoek_documenten(
        self, filter: DocumentFilter, scope: Scope, page: PageRequest
    ) -> Page[EnkelvoudigInformatieObject]: ...

    async def inhoud(self, url: str) -> DocumentInhoud | None:
        """The content of a document (the caller has checked access to the document)."""
        ...


class DocumentenVanZaken(Protocol):
    """A store that holds both the zaken's document links and the documents (the embedded
    store) reads a zaak's documents in one statement instead of two calls."""

    async def documenten_van_zaken(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[tuple[ZaakInformatieObject, EnkelvoudigInformatieObject]]]:
        """Each zaak's document links, in their order, with the document each names, for the
        documents that `scope` admits. The zaken are admitted already: `scope` may hold
        document rules only (no zaak rules)."""
        ...


#: what `ZaakKinderenLezer.kinderen_van` can read together: the zaak's children in the Zaken
#: registry, and what the other registries hold about it (`ZAAK_ERBIJ`)
ZAAK_KINDEREN = frozenset(
    {"statussen", "rollen", "eigenschappen", "resultaat", "documenten", "klantcontacten"}
)
#: the part of `ZAAK_KINDEREN` that lives in the Documenten and Klantinteracties registries
ZAAK_ERBIJ = frozenset({"documenten", "klantcontacten"})


@dataclass(frozen=True, slots=True)
class ZaakKinderen:
    """What hangs below one zaak, read together; what was not asked for is left empty. The
    documents and klantcontacten are those the scope's own rules for them admit (as
    `DocumentenVanZaken.documenten_van_zaken` and `KlantcontactenRegistry.klantcontacten_van`
    give them); the gateway's row guard still checks them."""

    statussen: list[Status]
    rollen: list[Rol]
    eigenschappen: list[ZaakEigenschap]
    resultaat: Resultaat | None
    documenten: list[tuple[ZaakInformatieObject, EnkelvoudigInformatieObject]] = field(
        default_factory=list
    )
    klantcontacten: list[Klantcontact] = field(default_factory=list)


class ZaakKinderenLezer(Protocol):
    """A store that reads a zaak's statussen, rollen, eigenschappen, resultaat, documents and
    klantcontacten in one statement (the embedded store, which holds all four registries)
    instead of a call for each."""

    async def kinderen_van(
        self, zaak_urls: Sequence[str], scope: Scope, soorten: frozenset[str]
    ) -> dict[str, ZaakKinderen]:
        """For each zaak (admitted already), the `soorten` (a subset of `ZAAK_KINDEREN`), each
        in the order of its own read (`statussen_van`, `rollen_van`, `eigenschappen_van`,
        `resultaten_van`, `documenten_van_zaken`, `klantcontacten_van`)."""
        ...


class ZakenMetKinderen(Protocol):
    """A store that reads a page of zaken and children of each in one statement."""

    async def zoek_zaken_met_kinderen(
        self, filter: ZaakFilter, scope: Scope, page: PageRequest, soorten: frozenset[str]
    ) -> tuple[Page[Zaak], dict[str, ZaakKinderen]]:
        """`ZakenRegistry.zoek_zaken`, with per zaak of the page its `soorten` of children (a
        subset of `ZAAK_KINDEREN`, as `ZaakKinderenLezer.kinderen_van` gives them)."""
        ...


class ZakenAlsJson(Protocol):
    """A store that builds the JSON of a page of zaken in its own statement (see
    `registries.json_vorm`)."""

    def kan(self, vorm: JsonVorm) -> bool:
        """True when the store can build this shape of zaak."""
        ...

    @property
    def json_compact(self) -> bool:
        """True when the JSON text has no whitespace between its tokens (it may then go out
        as it is); PostgreSQL's `json_build_object` writes `"key" : value, ...`."""
        ...

    async def zoek_zaken_als_json(
        self,
        filter: ZaakFilter,
        scope: Scope,
        page: PageRequest,
        vorm: JsonVorm,
        document_scope: Scope,
    ) -> list[JsonZaak]:
        """The zaken `ZakenRegistry.zoek_zaken` gives for (filter, scope, page) -- up to
        `page.limit + 1` of them, to tell whether there is a next page -- each as JSON of
        shape `vorm` (which `kan` accepted). The documents in it are those `document_scope`
        admits: the document rules of the caller's scope, for documents of admitted zaken."""
        ...


class CatalogiRegistry(Protocol):
    async def zoek_zaaktypen(self, filter: ZaakTypeFilter, scope: Scope) -> list[ZaakType]: ...

    async def get_zaaktypen(self, urls: Sequence[str]) -> dict[str, ZaakType]: ...

    async def get_statustypen(self, urls: Sequence[str]) -> dict[str, StatusType]: ...

    async def get_roltypen(self, urls: Sequence[str]) -> dict[str, RolType]: ...

    async def get_resultaattypen(self, urls: Sequence[str]) -> dict[str, ResultaatType]: ...

    async def get_informatieobjecttypen(
        self, urls: Sequence[str]
    ) -> dict[str, InformatieObjectType]: ...

    async def get_eigenschappen(self, urls: Sequence[str]) -> dict[str, Eigenschap]: ...

    def invalidate(self) -> None:
        """Forget cached catalogus data (a Catalogi notification arrived)."""
        ...


class KlantcontactenRegistry(Protocol):
    async def get_klantcontacten(
        self, urls: Sequence[str], scope: Scope
    ) -> dict[str, Klantcontact]: ...

    async def klantcontacten_van(
        self, zaak_urls: Sequence[str], scope: Scope
    ) -> dict[str, list[Klantcontact]]: ...

    async def zoek_klantcontacten(
        self, filter: KlantcontactFilter, scope: Scope, page: PageRequest
    ) -> Page[Klantcontact]: ...


@dataclass(slots=True)
class Registries:
    """The four registries the gateway reads through, and how it writes (one unit of work per
    mutation: `async with registries.schrijf() as s: ...`, see `registries.writes`)."""

    zaken: ZakenRegistry
    documenten: DocumentenRegistry
    catalogi: CatalogiRegistry
    klantcontacten: KlantcontactenRegistry
    schrijf: Callable[[], AbstractAsyncContextManager[Schrijver]]
    #: set when one store holds zaken and documents (a zaak's documents in one read)
    documenten_van_zaken: DocumentenVanZaken | None = None
    #: set when the store reads a zaak's children in one statement
    zaak_kinderen: ZaakKinderenLezer | None = None
    #: set when the store reads a page of zaken with their children in one statement
    zaken_met_kinderen: ZakenMetKinderen | None = None
    #: set when the store builds the JSON of a page of zaken in its own statement
    zaken_als_json: ZakenAlsJson | None = None
