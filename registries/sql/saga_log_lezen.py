"""The saga log for operators: find sagas (those that stopped, those that failed) with their
steps, and forget finished ones (retention)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from registries.base import Page, PageRequest
from registries.sql.engine import schrijf_transactie
from registries.sql.gateway_tables import SagaRow, SagaStapRow
from registries.sql.saga_records import Saga, SagaStap, SagaStatus, saga_uit, stap_uit


class SagaLogLezen:
    engine: AsyncEngine

    @staticmethod
    def _sleutel(subject: str, sleutel: str) -> Any:
        return and_(SagaRow.subject == subject, SagaRow.sleutel == sleutel)

    async def _stappen(self, conn: AsyncConnection, subject: str, sleutel: str) -> list[SagaStap]:
        stmt = (
            select(SagaStapRow.__table__)
            .where(SagaStapRow.subject == subject, SagaStapRow.sleutel == sleutel)
            .order_by(SagaStapRow.volgnummer)
        )
        return [stap_uit(r) for r in (await conn.execute(stmt)).all()]

    async def lees(self, subject: str, sleutel: str) -> Saga | None:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(select(SagaRow.__table__).where(self._sleutel(subject, sleutel)))
            ).first()
            if row is None:
                return None
            return saga_uit(row, await self._stappen(conn, subject, sleutel))

    async def zoek(
        self,
        status: SagaStatus | None,
        page: PageRequest,
        *,
        met_fout: bool | None = None,
    ) -> Page[Saga]:
        """Sagas, most recently changed first, with their steps; `met_fout`: only those that
        stopped with a fault (True) or without (False)."""
        conds: list[Any] = []
        if status is not None:
            conds.append(SagaRow.status == status.value)
        if met_fout is not None:
            conds.append(SagaRow.laatste_fout != "" if met_fout else SagaRow.laatste_fout == "")
        async with self.engine.connect() as conn:
            stmt = (
                select(SagaRow.__table__)
                .where(*conds)
                .order_by(SagaRow.bijgewerkt.desc(), SagaRow.sleutel)
                .offset(page.offset)
                .limit(page.limit + 1)
            )
            rows = list(await conn.execute(stmt))
            has_next = len(rows) > page.limit
            rows = rows[: page.limit]
            stappen: dict[tuple[str, str], list[SagaStap]] = {}
            if rows:
                keys = [or_(*(self._stap_van(r.subject, r.sleutel) for r in rows))]
                for r in await conn.execute(
                    select(SagaStapRow.__table__).where(*keys).order_by(SagaStapRow.volgnummer)
                ):
                    stappen.setdefault((r.subject, r.sleutel), []).append(stap_uit(r))
            total = None
            if page.with_total:
                count = select(func.count()).select_from(SagaRow).where(*conds)
                total = int((await conn.execute(count)).scalar_one())
        return Page(
            items=[saga_uit(r, stappen.get((r.subject, r.sleutel))) for r in rows],
            has_next=has_next,
            total=total,
        )

    @staticmethod
    def _stap_van(subject: str, sleutel: str) -> Any:
        return and_(SagaStapRow.subject == subject, SagaStapRow.sleutel == sleutel)

    async def verwijder_voltooid(self, ouder_dan: datetime) -> int:
        """Forget finished sagas last changed before `ouder_dan` (retention)."""
        async with schrijf_transactie(self.engine) as conn:
            result = await conn.execute(
                delete(SagaRow)
                .where(SagaRow.status == SagaStatus.VOLTOOID.value, SagaRow.bijgewerkt < ouder_dan)
                .returning(SagaRow.sleutel)
            )
            return len(result.all())
