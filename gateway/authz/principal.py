"""Who is asking: the immutable result of authenticating a request (or a WebSocket connection)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from registries.models import BetrokkeneId, IdentificatieSoort, Vertrouwelijkheid


class Role(enum.Enum):
    BEHANDELAAR = "behandelaar"
    KCC = "kcc"
    BURGER = "burger"
    #: no token: only what the policies mark public
    ANONIEM = "anoniem"


#: the claim value meaning "all zaaktypen" (dev tokens and explicit grants only)
ALLE_ZAAKTYPEN = "*"


@dataclass(frozen=True, slots=True)
class Principal:
    role: Role
    #: who it is, for the audit log: a medewerker id, or the BSN / KvK-nummer of a burger
    subject: str
    naam: str = ""
    bsn: str | None = None
    kvk: str | None = None
    rsin: str | None = None
    vestigingsnummer: str | None = None
    medewerker_id: str | None = None
    #: zaaktype URLs or identificaties granted (behandelaar); ALLE_ZAAKTYPEN for all
    zaaktypen: frozenset[str] = frozenset()
    max_vertrouwelijkheid: Vertrouwelijkheid | None = None
    auditor: bool = False
    issuer: str = ""
    client_id: str = ""
    expires_at: datetime | None = None
    token_id: str = field(default="", compare=False)

    @classmethod
    def anoniem(cls) -> Principal:
        return cls(role=Role.ANONIEM, subject="anoniem")

    @property
    def identiteiten(self) -> frozenset[BetrokkeneId]:
        """The identities a burger or company acts as (DigiD BSN; eHerkenning KvK/RSIN)."""
        ids = set()
        if self.bsn:
            ids.add(BetrokkeneId(IdentificatieSoort.BSN, self.bsn))
        if self.kvk:
            ids.add(BetrokkeneId(IdentificatieSoort.KVK, self.kvk))
        if self.rsin:
            ids.add(BetrokkeneId(IdentificatieSoort.RSIN, self.rsin))
        if self.vestigingsnummer:
            ids.add(BetrokkeneId(IdentificatieSoort.VESTIGINGSNUMMER, self.vestigingsnummer))
        return frozenset(ids)

    @property
    def alle_zaaktypen(self) -> bool:
        return ALLE_ZAAKTYPEN in self.zaaktypen
