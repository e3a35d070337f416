"""Value types shared by the registries: vertrouwelijkheid, rollen, statuses, identities."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Waarde(enum.Enum):
    """An enum whose members hash by identity. Members are singletons and compare by identity,
    so this agrees with ==; Enum's own __hash__ is a Python function (the hash of the name),
    and the row guard and the audit log hash members for every rol of every zaak they see."""

    __hash__ = object.__hash__


class Vertrouwelijkheid(Waarde):
    """Vertrouwelijkheidaanduiding, ordered from least to most confidential."""

    OPENBAAR = "openbaar"
    BEPERKT_OPENBAAR = "beperkt_openbaar"
    INTERN = "intern"
    ZAAKVERTROUWELIJK = "zaakvertrouwelijk"
    VERTROUWELIJK = "vertrouwelijk"
    CONFIDENTIEEL = "confidentieel"
    GEHEIM = "geheim"
    ZEER_GEHEIM = "zeer_geheim"

    @property
    def rank(self) -> int:
        return _VERTROUWELIJKHEID_RANK[self]

    def at_most(self) -> tuple[Vertrouwelijkheid, ...]:
        """All levels up to and including this one (the ZGW 'maximale' filter is inclusive)."""
        return tuple(v for v in Vertrouwelijkheid if v.rank <= self.rank)


_VERTROUWELIJKHEID_RANK = {v: i for i, v in enumerate(Vertrouwelijkheid)}


class IndicatieInternOfExtern(Waarde):
    INTERN = "intern"
    EXTERN = "extern"


class BetrokkeneType(Waarde):
    NATUURLIJK_PERSOON = "natuurlijk_persoon"
    NIET_NATUURLIJK_PERSOON = "niet_natuurlijk_persoon"
    VESTIGING = "vestiging"
    ORGANISATORISCHE_EENHEID = "organisatorische_eenheid"
    MEDEWERKER = "medewerker"


class OmschrijvingGeneriek(Waarde):
    """Generic role descriptions of a rol (RolType.omschrijvingGeneriek)."""

    ADVISEUR = "adviseur"
    BEHANDELAAR = "behandelaar"
    BELANGHEBBENDE = "belanghebbende"
    BESLISSER = "beslisser"
    INITIATOR = "initiator"
    KLANTCONTACTER = "klantcontacter"
    ZAAKCOORDINATOR = "zaakcoordinator"
    MEDE_INITIATOR = "mede_initiator"


class DocumentStatus(Waarde):
    IN_BEWERKING = "in_bewerking"
    TER_VASTSTELLING = "ter_vaststelling"
    DEFINITIEF = "definitief"
    GEARCHIVEERD = "gearchiveerd"


class Archiefnominatie(Waarde):
    BLIJVEND_BEWAREN = "blijvend_bewaren"
    VERNIETIGEN = "vernietigen"


class Archiefstatus(Waarde):
    NOG_TE_ARCHIVEREN = "nog_te_archiveren"
    GEARCHIVEERD = "gearchiveerd"
    GEARCHIVEERD_PROCESTERMIJN_ONBEKEND = "gearchiveerd_procestermijn_onbekend"
    OVERGEDRAGEN = "overgedragen"


class Betalingsindicatie(Waarde):
    NVT = "nvt"
    NOG_NIET = "nog_niet"
    GEDEELTELIJK = "gedeeltelijk"
    GEHEEL = "geheel"


class IdentificatieSoort(Waarde):
    """How a burger or company is identified (DigiD / eHerkenning), as in partij-identificatoren."""

    BSN = "bsn"
    KVK = "kvk_nummer"
    RSIN = "rsin"
    VESTIGINGSNUMMER = "vestigingsnummer"


@dataclass(frozen=True, slots=True)
class BetrokkeneId:
    """One identity of a natural or legal person (a BSN, KvK number, RSIN or vestigingsnummer)."""

    soort: IdentificatieSoort
    waarde: str
