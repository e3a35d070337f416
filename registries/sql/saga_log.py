"""The saga log: writes through the ZGW APIs, step by step, in the gateway's own store.

A saga is one unit of work of a mutation (`registries.zgw.saga`), keyed by (subject, sleutel):
the idempotency key of the mutation. Each write it makes upstream is a numbered step, recorded
twice: just before the call (``klaar`` false: "in flight") and right after it succeeded (the
result). A retry with the same key reads the steps back: finished steps are not made again, an
in-flight step is looked up upstream first (the call may have succeeded without the gateway
hearing the answer).

One run at a time: taking a saga (`neem`) makes the run its holder (``eigenaar``) for a lease
that every step renews; a second run with the same key meanwhile gets a `Conflict`. A holder that
stops (a crashed process) loses the saga when the lease runs out.

Every method is its own short transaction (committed when it returns), except `stap_klaar` with
`conn`: a step that writes into this same database records itself in that step's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from registries.errors import BadUserInput, Conflict
from registries.sql.engine import schrijf_transactie
from registries.sql.gateway_tables import SagaRow, SagaStapRow, TellerRow
from registries.sql.saga_log_lezen import SagaLogLezen
from registries.sql.saga_records import (
    STANDAARD_LEASE,
    Saga,
    SagaStap,
    SagaStatus,
    nu,
    saga_uit,
)

__all__ = ["STANDAARD_LEASE", "Saga", "SagaLog", "SagaStap", "SagaStatus"]


class SagaLog(SagaLogLezen):
    def __init__(self, engine: AsyncEngine, *, lease: float = STANDAARD_LEASE) -> None:
        self.engine = engine
        self.lease = timedelta(seconds=lease)

    def _insert(self, conn: AsyncConnection, table: Any) -> Any:
        if conn.dialect.name == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    # --- a run ----------------------------------------------------------------------------------

    async def neem(
        self, subject: str, sleutel: str, soort: str, eigenaar: str, vingerafdruk: str = ""
    ) -> Saga:
        """Take the saga (create it when new) for the run `eigenaar`, with its recorded steps.
        A finished saga is returned as it is (the caller answers with its result); a saga held
        by another run whose lease has not run out raises `Conflict`; a saga of this key for
        another request (`vingerafdruk`, a hash of it) raises `BadUserInput`."""
        moment = nu()
        async with schrijf_transactie(self.engine) as conn:
            nieuw = await conn.execute(
                self._insert(conn, SagaRow)
                .values(
                    subject=subject,
                    sleutel=sleutel,
                    soort=soort,
                    vingerafdruk=vingerafdruk,
                    status=SagaStatus.BEZIG.value,
                    laatste_fout="",
                    fout_code="",
                    resultaat=None,
                    eigenaar=eigenaar,
                    aangemaakt=moment,
                    bijgewerkt=moment,
                )
                .on_conflict_do_nothing()
                .returning(SagaRow.sleutel)
            )
            if nieuw.first() is not None:
                row = (
                    await conn.execute(
                        select(SagaRow.__table__).where(self._sleutel(subject, sleutel))
                    )
                ).one()
                return saga_uit(row)
            row = (
                await conn.execute(
                    select(SagaRow.__table__)
                    .where(self._sleutel(subject, sleutel))
                    .with_for_update()
                )
            ).one()
            if row.soort != soort:
                raise Conflict(
                    f"This idempotency key was used for {row.soort}, not for {soort}: use a "
                    "new key for a new request."
                )
            if row.vingerafdruk != vingerafdruk:
                raise BadUserInput(
                    "This idempotentieSleutel was used before for a different request; use a new "
                    "key for a new request (a retry must send the same request again).",
                    field="idempotentieSleutel",
                )
            if row.status == SagaStatus.VOLTOOID.value:
                return saga_uit(row)
            if row.eigenaar is not None and row.bijgewerkt > moment - self.lease:
                raise Conflict(
                    "A request with this idempotency key is being processed right now; retry "
                    "with the same key once it has finished.",
                    retry=True,
                )
            await conn.execute(
                update(SagaRow)
                .where(self._sleutel(subject, sleutel))
                .values(status=SagaStatus.BEZIG.value, eigenaar=eigenaar, bijgewerkt=moment)
            )
            row = (
                await conn.execute(select(SagaRow.__table__).where(self._sleutel(subject, sleutel)))
            ).one()
            return saga_uit(row, await self._stappen(conn, subject, sleutel))

    async def _houd(self, conn: AsyncConnection, subject: str, sleutel: str, eigenaar: str) -> None:
        """Renew the lease; `Conflict` when this run no longer holds the saga."""
        result = await conn.execute(
            update(SagaRow)
            .where(self._sleutel(subject, sleutel), SagaRow.eigenaar == eigenaar)
            .values(bijgewerkt=nu())
            .returning(SagaRow.sleutel)
        )
        if result.first() is None:
            raise Conflict(
                "Another request with this idempotency key took over (this one stalled past "
                "its lease); it continues the work.",
                retry=True,
            )

    async def stap_begint(
        self, subject: str, sleutel: str, volgnummer: int, soort: str, eigenaar: str
    ) -> None:
        """Record that step `volgnummer` is about to call upstream."""
        async with schrijf_transactie(self.engine) as conn:
            await self._houd(conn, subject, sleutel, eigenaar)
            await conn.execute(
                self._insert(conn, SagaStapRow)
                .values(
                    subject=subject,
                    sleutel=sleutel,
                    volgnummer=volgnummer,
                    soort=soort,
                    klaar=False,
                    resultaat=None,
                    bijgewerkt=nu(),
                )
                .on_conflict_do_nothing()
            )

    async def stap_klaar(
        self,
        subject: str,
        sleutel: str,
        volgnummer: int,
        soort: str,
        resultaat: Any,
        eigenaar: str,
        *,
        conn: AsyncConnection | None = None,
    ) -> None:
        """Record the result of step `volgnummer` (in `conn`'s transaction when given)."""
        if conn is None:
            async with schrijf_transactie(self.engine) as eigen:
                await self._stap_klaar(eigen, subject, sleutel, volgnummer, soort, resultaat)
                await self._houd(eigen, subject, sleutel, eigenaar)
        else:
            await self._stap_klaar(conn, subject, sleutel, volgnummer, soort, resultaat)
            await self._houd(conn, subject, sleutel, eigenaar)

    async def _stap_klaar(
        self,
        conn: AsyncConnection,
        subject: str,
        sleutel: str,
        volgnummer: int,
        soort: str,
        resultaat: Any,
    ) -> None:
        moment = nu()
        stmt = self._insert(conn, SagaStapRow).values(
            subject=subject,
            sleutel=sleutel,
            volgnummer=volgnummer,
            soort=soort,
            klaar=True,
            resultaat=resultaat,
            bijgewerkt=moment,
        )
        await conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["subject", "sleutel", "volgnummer"],
                set_={"klaar": True, "resultaat": resultaat, "bijgewerkt": moment},
            )
        )

    async def voltooid(
        self, subject: str, sleutel: str, resultaat: dict[str, Any], eigenaar: str
    ) -> None:
        async with schrijf_transactie(self.engine) as conn:
            await self._houd(conn, subject, sleutel, eigenaar)
            await conn.execute(
                update(SagaRow)
                .where(self._sleutel(subject, sleutel))
                .values(
                    status=SagaStatus.VOLTOOID.value,
                    resultaat=resultaat,
                    laatste_fout="",
                    fout_code="",
                    eigenaar=None,
                    bijgewerkt=nu(),
                )
            )

    async def gestopt(
        self,
        subject: str,
        sleutel: str,
        eigenaar: str,
        *,
        status: SagaStatus,
        fout: str,
        code: str,
    ) -> None:
        """The run stopped (`status` bezig: a passing fault; mislukt: needs attention): record
        why and let go of the saga, so that a retry can take it at once."""
        async with schrijf_transactie(self.engine) as conn:
            await conn.execute(
                update(SagaRow)
                .where(self._sleutel(subject, sleutel), SagaRow.eigenaar == eigenaar)
                .values(
                    status=status.value,
                    laatste_fout=fout[:2000],
                    fout_code=code,
                    eigenaar=None,
                    bijgewerkt=nu(),
                )
            )

    async def laat_los(self, subject: str, sleutel: str, eigenaar: str) -> None:
        """Let go of an unfinished saga without recording a fault (the run ended early)."""
        async with schrijf_transactie(self.engine) as conn:
            await conn.execute(
                update(SagaRow)
                .where(self._sleutel(subject, sleutel), SagaRow.eigenaar == eigenaar)
                .values(eigenaar=None, bijgewerkt=nu())
            )

    async def mislukt_zonder_sleutel(
        self,
        subject: str,
        sleutel: str,
        soort: str,
        stappen: Sequence[tuple[int, str, Any]],
        *,
        fout: str,
        code: str,
    ) -> None:
        """Record a failed unit of work that had no idempotency key, with the steps it made
        (it cannot be resumed; an operator sees what exists upstream)."""
        moment = nu()
        async with schrijf_transactie(self.engine) as conn:
            await conn.execute(
                self._insert(conn, SagaRow).values(
                    subject=subject,
                    sleutel=sleutel,
                    soort=soort,
                    vingerafdruk="",
                    status=SagaStatus.MISLUKT.value,
                    laatste_fout=fout[:2000],
                    fout_code=code,
                    resultaat=None,
                    eigenaar=None,
                    aangemaakt=moment,
                    bijgewerkt=moment,
                )
            )
            if stappen:
                await conn.execute(
                    self._insert(conn, SagaStapRow),
                    [
                        {
                            "subject": subject,
                            "sleutel": sleutel,
                            "volgnummer": n,
                            "soort": s,
                            "klaar": True,
                            "resultaat": r,
                            "bijgewerkt": moment,
                        }
                        for n, s, r in stappen
                    ],
                )

    # --- the gateway's own number sequences -------------------------------------------------

    async def nummer(self, teller: str) -> int:
        """The next number of sequence `teller` (e.g. zaaknummers of a year, when the Zaken API
        reserves none): unique under concurrency (a row lock / SQLite's write lock)."""
        async with schrijf_transactie(self.engine) as conn:
            await conn.execute(
                self._insert(conn, TellerRow)
                .values(naam=teller, laatste=0)
                .on_conflict_do_nothing()
            )
            stmt = (
                update(TellerRow)
                .where(TellerRow.naam == teller)
                .values(laatste=TellerRow.laatste + 1)
                .returning(TellerRow.laatste)
            )
            return int((await conn.execute(stmt)).scalar_one())
