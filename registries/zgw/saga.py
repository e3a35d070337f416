"""The saga of one unit of work against the ZGW APIs: numbered steps, recorded as they happen.

Every write a mutation makes (a primitive of `registries.writes.Schrijver`, or a part of one: a
klantcontact's betrokkene, a document's bestandsdeel) is a step with the next number: the
numbering is deterministic, because a mutation makes its writes in a fixed order for a given
request. With an idempotency key (`claim`) the steps are recorded in the saga log:

* before the upstream call: step n is "in flight" (a write-ahead row);
* right after it succeeded: its result (the object the writer returns, as JSON).

A retry with the same key replays: a recorded step returns its recorded result without calling
upstream; a step that was in flight is first looked up upstream (the call may have succeeded
while the answer was lost -- a timeout, a crash) where the step has a natural key (`zoek`), and
made only when it is not there; the first step never begun continues the work. So each write
happens once, however often the request is retried.

Without a key (most mutations) the same steps run unrecorded: a retry is a new request. When such
a unit of work fails after some steps, it is recorded once as a `mislukt` saga with the steps it
made, so that an operator sees what exists upstream.

How a failure ends the run (`stop`): a fault that passes (5xx, timeout, unreachable) leaves the
saga `bezig` with the error -- retry with the same key; a fault that needs attention (input the
API refused: 4xx with invalidParams; refused credentials: 401/403; other 4xx) makes it `mislukt`.
Either way the run lets go of the saga, so that a retry may take it over at once.
"""

from __future__ import annotations

import asyncio
import logging
import uuid as uuidlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from registries.errors import (
    BadUserInput,
    Conflict,
    GatewayError,
    UpstreamUnavailable,
)
from registries.operatie import huidige_actor, huidige_operatie
from registries.saga_json import naar_json, uit_json
from registries.sql.saga_log import SagaLog, SagaStap, SagaStatus

log = logging.getLogger("zgw_gateway.registries.zgw.saga")

T = TypeVar("T")
#: a step that was never recorded
ONBEKEND: Any = object()


def beoordeel(error: BaseException) -> tuple[SagaStatus, str]:
    """What a failure means for the saga: (bezig = passing, mislukt = needs attention), and the
    error code to record."""
    if isinstance(error, UpstreamUnavailable):
        status = error.extensions.get("upstream_status")
        if isinstance(status, int) and 400 <= status < 500 and status != 429:
            return SagaStatus.MISLUKT, error.code
        return SagaStatus.BEZIG, error.code
    if isinstance(error, GatewayError):
        return SagaStatus.MISLUKT, error.code
    return SagaStatus.BEZIG, "INTERNAL"


@dataclass(slots=True)
class Vorige:
    """What the saga log knows of a step before it runs."""

    #: the recorded result (decoded), or ONBEKEND
    resultaat: Any
    #: True: begun earlier, outcome never recorded (look it up before making it again)
    onzeker: bool
    #: when it was begun, if it was
    begonnen: datetime | None = None


class SagaUitvoering:
    """The saga of one unit of work (one `schrijf()` block)."""

    def __init__(self, log: SagaLog | None, *, wacht: float = 30.0) -> None:
        self.log = log
        #: seconds a retry waits for a concurrent run of the same key to finish
        self.wacht = wacht
        self.eigenaar = uuidlib.uuid4().hex
        self.teller = 0
        #: (subject, sleutel, soort) once claimed
        self.sleutel: tuple[str, str, str] | None = None
        self._opgenomen: dict[int, SagaStap] = {}
        #: steps made by this run or replayed: (volgnummer, soort, result as JSON)
        self.gedaan: list[tuple[int, str, Any]] = []
        #: the step that failed, if one did
        self.mislukte_stap: tuple[int, str] | None = None

    # --- idempotency ----------------------------------------------------------------------------

    async def claim(
        self, subject: str, sleutel: str, soort: str, vingerafdruk: str = ""
    ) -> dict[str, Any] | None:
        if self.log is None:
            raise UpstreamUnavailable(
                "Writes with an idempotency key need the gateway's own store for the saga log; "
                "none is configured."
            )
        if self.sleutel is not None or self.teller:
            raise RuntimeError("claim must be the first call of a unit of work, and only one")
        saga = await self._neem(subject, sleutel, soort, vingerafdruk)
        if saga.status is SagaStatus.VOLTOOID:
            return dict(saga.resultaat or {})
        self.sleutel = (subject, sleutel, soort)
        self._opgenomen = {s.volgnummer: s for s in saga.stappen}
        return None

    async def _neem(self, subject: str, sleutel: str, soort: str, vingerafdruk: str) -> Any:
        """Take the saga; while another run holds it, wait for that run (as the embedded store's
        transaction would): its result, or the saga to take over when it stopped."""
        assert self.log is not None
        loop = asyncio.get_running_loop()
        einde = loop.time() + self.wacht
        pauze = 0.02
        while True:
            try:
                return await self.log.neem(subject, sleutel, soort, self.eigenaar, vingerafdruk)
            except Conflict as bezet:
                if not bezet.extensions.get("retry") or loop.time() + pauze > einde:
                    raise
            await asyncio.sleep(pauze)
            pauze = min(pauze * 2, 0.5)

    async def vastleggen(self, subject: str, sleutel: str, resultaat: dict[str, Any]) -> None:
        if self.sleutel is None or self.log is None or self.sleutel[:2] != (subject, sleutel):
            raise RuntimeError("vastleggen without a claim of the same key")
        await self.log.voltooid(subject, sleutel, resultaat, self.eigenaar)
        self.sleutel = None  # done: nothing left to let go of

    # --- steps ----------------------------------------------------------------------------------

    def volgende(self, soort: str) -> tuple[int, Vorige]:
        """Number the next step and say what the log knows of it."""
        self.teller += 1
        n = self.teller
        eerder = self._opgenomen.get(n)
        if eerder is None:
            return n, Vorige(ONBEKEND, onzeker=False)
        if eerder.soort != soort:
            raise Conflict(
                f"This idempotency key was used for a different request (step {n} was "
                f"{eerder.soort}, now {soort}): use a new key for a new request."
            )
        if eerder.klaar:
            return n, Vorige(uit_json(eerder.resultaat), onzeker=False)
        return n, Vorige(ONBEKEND, onzeker=True, begonnen=eerder.bijgewerkt)

    async def begint(self, n: int, soort: str) -> None:
        if self.sleutel is not None and self.log is not None:
            subject, sleutel, _ = self.sleutel
            await self.log.stap_begint(subject, sleutel, n, soort, self.eigenaar)

    async def klaar(
        self, n: int, soort: str, resultaat: Any, *, conn: AsyncConnection | None = None
    ) -> None:
        encoded = naar_json(resultaat)
        if self.sleutel is not None and self.log is not None:
            subject, sleutel, _ = self.sleutel
            await self.log.stap_klaar(subject, sleutel, n, soort, encoded, self.eigenaar, conn=conn)
        self.gedaan.append((n, soort, encoded))

    async def stap(
        self,
        soort: str,
        doe: Callable[[], Awaitable[T]],
        *,
        zoek: Callable[[Vorige], Awaitable[T | None]] | None = None,
    ) -> T:
        """One upstream write: replayed when recorded, looked up (`zoek`, given when the step
        was begun) when its outcome is unknown, else made (`doe`) and recorded."""
        n, vorige = self.volgende(soort)
        if vorige.resultaat is not ONBEKEND:
            self.gedaan.append((n, soort, naar_json(vorige.resultaat)))
            return vorige.resultaat  # type: ignore[no-any-return]
        try:
            if vorige.onzeker and zoek is not None:
                found = await zoek(vorige)
                if found is not None:
                    log.info("saga step %d (%s) was made before; found upstream", n, soort)
                    await self.klaar(n, soort, found)
                    return found
            await self.begint(n, soort)
            resultaat = await doe()
        except BaseException:
            self.mislukte_stap = (n, soort)
            raise
        await self.klaar(n, soort, resultaat)
        return resultaat

    # --- the end ----------------------------------------------------------------------------------

    async def stop(self, error: BaseException | None) -> None:
        """The unit of work ended (with `error`, or early without vastleggen): record why and
        let go of the saga. Never raises: the caller's own error is what the client sees."""
        if self.log is None:
            return
        try:
            await self._stop(error)
        except Exception:
            log.exception("could not record the end of a saga")

    async def _stop(self, error: BaseException | None) -> None:
        assert self.log is not None
        if self.sleutel is None:
            if error is not None and self.gedaan and not isinstance(error, Conflict):
                status, code = beoordeel(error)
                log.warning(
                    "a unit of work without idempotency key failed after %d steps: %s",
                    len(self.gedaan),
                    error,
                )
                operatie = huidige_operatie()
                await self.log.mislukt_zonder_sleutel(
                    huidige_actor().user_id,
                    f"zonder-sleutel:{self.eigenaar}",
                    (operatie.naam if operatie else "") or self.gedaan[0][1].split(".")[0],
                    self.gedaan,
                    fout=_tekst(error),
                    code=code,
                )
                _toelichten(error, None, self.mislukte_stap, len(self.gedaan))
            return
        subject, sleutel, _ = self.sleutel
        if error is None or isinstance(error, Conflict):
            # ended early, or a conflict about the key itself (taken over; another request
            # under this key): the saga's own state is unchanged
            await self.log.laat_los(subject, sleutel, self.eigenaar)
            return
        status, code = beoordeel(error)
        await self.log.gestopt(
            subject, sleutel, self.eigenaar, status=status, fout=_tekst(error), code=code
        )
        _toelichten(error, status, self.mislukte_stap)


def _tekst(error: BaseException) -> str:
    if isinstance(error, GatewayError):
        return error.message
    return f"{type(error).__name__}: {error}"[:500]


def _toelichten(
    error: BaseException,
    status: SagaStatus | None,
    stap: tuple[int, str] | None,
    gemaakt: int = 0,
) -> None:
    """Tell the client what happened to the saga (in the error's message and extensions);
    `status` None: a unit of work without idempotency key."""
    if not isinstance(error, GatewayError):
        return
    waar = f" at step {stap[0]} ({stap[1]})" if stap is not None else ""
    if status is None:
        extra = (
            f" The change stopped{waar} after {gemaakt} earlier write(s) upstream, which are "
            "kept and recorded for an operator (`sagas`, status MISLUKT); without an "
            "idempotency key it cannot be resumed."
        )
        status = SagaStatus.MISLUKT
    elif status is SagaStatus.BEZIG:
        extra = (
            f" The request stopped{waar}; what was made before is kept: retry with the same "
            "idempotency key to continue."
        )
    elif isinstance(error, BadUserInput):
        extra = (
            f" The request stopped{waar} and is recorded as failed; what was made before is "
            "kept: correct the input and retry with the same idempotency key to continue."
        )
    else:
        extra = (
            f" The request stopped{waar} and is recorded as failed (an operator sees it in "
            "`sagas`); a retry with the same idempotency key continues from that step."
        )
    error.message += extra
    error.args = (error.message,)
    error.extensions["saga"] = {
        "status": status.value.upper(),
        **({"stap": stap[0], "soort": stap[1]} if stap is not None else {}),
    }
