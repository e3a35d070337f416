"""The saga log's records: a saga (one mutation's unit of work through the ZGW APIs) and its
steps, as `registries.sql.saga_log` reads them from the tables `saga` and `saga_stap`."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: seconds a run holds a saga without recording a step
STANDAARD_LEASE = 300.0


class SagaStatus(enum.Enum):
    #: running, or stopped by a passing fault (5xx, timeout): a retry with the key resumes
    BEZIG = "bezig"
    VOLTOOID = "voltooid"
    #: stopped by a fault that needs attention (refused input, refused credentials); a retry
    #: with the key resumes too, from the step that failed
    MISLUKT = "mislukt"


@dataclass(slots=True)
class SagaStap:
    volgnummer: int
    soort: str
    #: False: the step was begun but its outcome never recorded
    klaar: bool
    resultaat: Any
    bijgewerkt: datetime


@dataclass(slots=True)
class Saga:
    subject: str
    sleutel: str
    soort: str
    status: SagaStatus
    #: a hash of the request the key names
    vingerafdruk: str
    laatste_fout: str
    fout_code: str
    resultaat: dict[str, Any] | None
    aangemaakt: datetime
    bijgewerkt: datetime
    stappen: list[SagaStap] = field(default_factory=list)


def nu() -> datetime:
    return datetime.now(UTC)


def saga_uit(row: Any, stappen: list[SagaStap] | None = None) -> Saga:
    return Saga(
        subject=row.subject,
        sleutel=row.sleutel,
        soort=row.soort,
        status=SagaStatus(row.status),
        vingerafdruk=row.vingerafdruk,
        laatste_fout=row.laatste_fout,
        fout_code=row.fout_code,
        resultaat=row.resultaat,
        aangemaakt=row.aangemaakt,
        bijgewerkt=row.bijgewerkt,
        stappen=stappen or [],
    )


def stap_uit(row: Any) -> SagaStap:
    return SagaStap(
        volgnummer=row.volgnummer,
        soort=row.soort,
        klaar=bool(row.klaar),
        resultaat=row.resultaat,
        bijgewerkt=row.bijgewerkt,
    )
