"""The row filter every registry read takes.

A `Scope` says which zaken, documenten and klantcontacten a caller may see. Registries push it
down into their query (SQL WHERE, ZGW filter parameters); the gateway re-checks every object
against the same rules with the `admits_*` methods here (defence in depth), so both sides share
one definition of what "in scope" means.

`None` on a restriction means "not restricted"; an empty set means "nothing". `Scope.niets()`
admits nothing at all and is what a caller without rights gets (fail closed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from registries.models import (
    BetrokkeneId,
    DocumentStatus,
    IndicatieInternOfExtern,
    Klantcontact,
    OmschrijvingGeneriek,
    Rol,
    RolBetrokkene,
    Vertrouwelijkheid,
    ZaakType,
)


class ZaakKern(Protocol):
    """What the re-check of a zaak reads (a `Zaak`, or `registries.json_vorm.JsonZaak`)."""

    @property
    def url(self) -> str: ...

    @property
    def zaaktype(self) -> str: ...

    @property
    def vertrouwelijkheidaanduiding(self) -> Vertrouwelijkheid: ...

    @property
    def status(self) -> str | None: ...


class DocumentKern(Protocol):
    """What the re-check of a document's own rules reads."""

    @property
    def status(self) -> DocumentStatus | None: ...

    @property
    def vertrouwelijkheidaanduiding(self) -> Vertrouwelijkheid: ...


@dataclass(frozen=True, slots=True)
class Scope:
    # --- zaken -------------------------------------------------------------------------------
    #: zaaktype URLs the caller may see; None = all zaaktypen.
    zaaktypen: frozenset[str] | None = None
    #: highest vertrouwelijkheidaanduiding of a zaak the caller may see (inclusive).
    max_vertrouwelijkheid: Vertrouwelijkheid | None = None
    #: a rol of the zaak must name one of these identities (burger); None = no such condition.
    betrokkenen: frozenset[BetrokkeneId] | None = None
    #: ... and that rol must be of one of these kinds (e.g. initiator only); None = any rol.
    betrokkene_rollen: frozenset[OmschrijvingGeneriek] | None = None
    #: only zaken of zaaktypen with indicatieInternOfExtern = extern.
    alleen_extern: bool = False
    #: only zaken that have a status.
    met_status: bool = False
    # --- documenten --------------------------------------------------------------------------
    document_statussen: frozenset[DocumentStatus] | None = None
    document_max_vertrouwelijkheid: Vertrouwelijkheid | None = None
    #: may see documents that are linked to no zaak at all (the post room's inbox).
    documenten_zonder_zaak: bool = True
    # --- klantcontacten ----------------------------------------------------------------------
    #: a betrokkene of the klantcontact must be one of these identities; None = no such condition.
    klantcontact_betrokkenen: frozenset[BetrokkeneId] | None = None
    #: may see klantcontacten that are about no zaak.
    klantcontacten_zonder_zaak: bool = True
    #: admits nothing at all.
    niets: bool = False
    #: extra identities for diagnostics (not used for filtering).
    labels: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def alles(cls) -> Scope:
        """No restriction at all: for system work (seeding, migrations), never for callers."""
        return cls()

    @classmethod
    def geen(cls) -> Scope:
        """Admits nothing (fail closed)."""
        return cls(
            niets=True,
            zaaktypen=frozenset(),
            documenten_zonder_zaak=False,
            klantcontacten_zonder_zaak=False,
        )

    # --- derived helpers for backends --------------------------------------------------------

    def vertrouwelijkheden(self) -> tuple[Vertrouwelijkheid, ...] | None:
        if self.max_vertrouwelijkheid is None:
            return None
        return self.max_vertrouwelijkheid.at_most()

    def document_vertrouwelijkheden(self) -> tuple[Vertrouwelijkheid, ...] | None:
        if self.document_max_vertrouwelijkheid is None:
            return None
        return self.document_max_vertrouwelijkheid.at_most()

    def effectieve_zaaktypen(self, catalogus: Iterable[ZaakType]) -> frozenset[str] | None:
        """The zaaktype URLs admitted, with `alleen_extern` folded in (None = no restriction)."""
        if not self.alleen_extern:
            return self.zaaktypen
        extern = frozenset(
            zt.url
            for zt in catalogus
            if zt.indicatie_intern_of_extern is IndicatieInternOfExtern.EXTERN
        )
        return extern if self.zaaktypen is None else extern & self.zaaktypen

    # --- re-checks (defence in depth) --------------------------------------------------------

    def admits_zaak(
        self,
        zaak: ZaakKern,
        zaaktype: ZaakType | None,
        rollen: Iterable[Rol | RolBetrokkene] | None,
    ) -> bool:
        """True when `zaak` is in scope. `rollen` must be the zaak's rollen when
        `betrokkenen` is set; `zaaktype` must be given when `alleen_extern` is set."""
        if self.niets:
            return False
        if self.zaaktypen is not None and zaak.zaaktype not in self.zaaktypen:
            return False
        if (
            self.max_vertrouwelijkheid is not None
            and zaak.vertrouwelijkheidaanduiding.rank > self.max_vertrouwelijkheid.rank
        ):
            return False
        if self.alleen_extern and (
            zaaktype is None
            or zaaktype.url != zaak.zaaktype
            or zaaktype.indicatie_intern_of_extern is not IndicatieInternOfExtern.EXTERN
        ):
            return False
        if self.met_status and zaak.status is None:
            return False
        if self.betrokkenen is not None:
            if rollen is None:
                return False
            return any(self.rol_noemt_betrokkene(rol) for rol in rollen if rol.zaak == zaak.url)
        return True

    def rol_noemt_betrokkene(self, rol: Rol | RolBetrokkene) -> bool:
        """True when `rol` names one of the scope's identities (with the right kind of rol)."""
        if self.betrokkenen is None:
            return False
        if (
            self.betrokkene_rollen is not None
            and rol.omschrijving_generiek not in self.betrokkene_rollen
        ):
            return False
        return any(i in self.betrokkenen for i in rol.identificeert())

    def admits_document_metadata(self, document: DocumentKern) -> bool:
        """The document's own rules (status, vertrouwelijkheid); the zaak link is checked apart."""
        if self.niets:
            return False
        if self.document_statussen is not None and document.status not in self.document_statussen:
            return False
        return not (
            self.document_max_vertrouwelijkheid is not None
            and document.vertrouwelijkheidaanduiding.rank > self.document_max_vertrouwelijkheid.rank
        )

    def admits_klantcontact_metadata(self, klantcontact: Klantcontact) -> bool:
        """The klantcontact's own rule (a betrokkene is me); the zaak link is checked apart."""
        if self.niets:
            return False
        if self.klantcontact_betrokkenen is None:
            return True
        for betrokkene in klantcontact.betrokkenen:
            for pid in betrokkene.partij_identificatoren:
                for ident in self.klantcontact_betrokkenen:
                    if (
                        pid.code_soort_object_id == ident.soort.value
                        and pid.object_id == ident.waarde
                    ):
                        return True
        return False
