"""The forwarding outbox in the embedded store (store-and-forward to zaakafhandelcomponenten).

Mutations queue an opdracht inside their own transaction (`SqlSchrijver.doorsturen`); a
dispatcher (`gateway.doorsturen`) delivers them after the commit. Several gateway processes
may share one PostgreSQL database, so work is *claimed* before it is delivered:

- `claim` picks due opdrachten with ``SELECT ... FOR UPDATE SKIP LOCKED`` in a short
  transaction (on SQLite the writer's ``BEGIN IMMEDIATE`` serialises claims) and, in that same
  transaction, counts the attempt and moves ``volgende_poging`` a lease ahead. Another process
  skips the locked rows while the claim runs and sees them as not due afterwards; if the
  claiming process dies, the lease runs out and the opdracht is due again (at-least-once).
- The attempt counter is the fence: a result is only written while ``pogingen`` is still the
  value this claim set, so a process that overran its lease cannot overwrite a newer attempt.
  A delivery (2xx) is always recorded: an acknowledged opdracht is never sent again.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from registries.base import Page, PageRequest
from registries.sql.engine import schrijf_transactie
from registries.sql.gateway_tables import DoorstuurOpdrachtRow as T


class DoorstuurStatus(enum.Enum):
    WACHTEND = "wachtend"
    AFGELEVERD = "afgeleverd"
    MISLUKT = "mislukt"


@dataclass(frozen=True, slots=True)
class DoorstuurOpdracht:
    id: int
    doel: str
    bericht: dict[str, Any]
    sleutel: str
    status: DoorstuurStatus
    pogingen: int
    volgende_poging: datetime
    laatste_fout: str
    aangemaakt: datetime
    afgeleverd: datetime | None


def _opdracht(r: Any, **changes: Any) -> DoorstuurOpdracht:
    values = {
        "id": int(r.id),
        "doel": r.doel,
        "bericht": dict(r.bericht or {}),
        "sleutel": r.sleutel,
        "status": DoorstuurStatus(r.status),
        "pogingen": int(r.pogingen),
        "volgende_poging": r.volgende_poging,
        "laatste_fout": r.laatste_fout,
        "aangemaakt": r.aangemaakt,
        "afgeleverd": r.afgeleverd,
    }
    values.update(changes)
    return DoorstuurOpdracht(**values)


async def claim(
    engine: AsyncEngine, *, nu: datetime, lease: timedelta, limiet: int
) -> list[DoorstuurOpdracht]:
    """Claim up to `limiet` due opdrachten for one delivery attempt each (see the module)."""
    tot = nu + lease
    async with schrijf_transactie(engine) as conn:
        stmt = (
            select(T.__table__)
            .where(T.status == DoorstuurStatus.WACHTEND.value, T.volgende_poging <= nu)
            .order_by(T.volgende_poging, T.id)
            .limit(limiet)
            .with_for_update(skip_locked=True)
        )
        rows = list(await conn.execute(stmt))
        if not rows:
            return []
        await conn.execute(
            update(T)
            .where(T.id.in_([r.id for r in rows]))
            .values(pogingen=T.pogingen + 1, volgende_poging=tot)
        )
    return [_opdracht(r, pogingen=int(r.pogingen) + 1, volgende_poging=tot) for r in rows]


async def afgeleverd(engine: AsyncEngine, opdracht: DoorstuurOpdracht, *, nu: datetime) -> bool:
    """Record a delivery (the target acknowledged). False: it was already recorded."""
    async with schrijf_transactie(engine) as conn:
        result = await conn.execute(
            update(T)
            .where(T.id == opdracht.id, T.status == DoorstuurStatus.WACHTEND.value)
            .values(status=DoorstuurStatus.AFGELEVERD.value, afgeleverd=nu, laatste_fout="")
            .returning(T.id)
        )
        return result.first() is not None


async def niet_afgeleverd(
    engine: AsyncEngine, opdracht: DoorstuurOpdracht, *, fout: str, volgende: datetime | None
) -> bool:
    """Record a failed attempt: try again at `volgende`, or give up (None: status mislukt).
    False when another attempt has since claimed the opdracht (this result is stale)."""
    values: dict[str, Any] = {"laatste_fout": fout[:2000]}
    if volgende is None:
        values["status"] = DoorstuurStatus.MISLUKT.value
    else:
        values["volgende_poging"] = volgende
    async with schrijf_transactie(engine) as conn:
        result = await conn.execute(
            update(T)
            .where(
                T.id == opdracht.id,
                T.status == DoorstuurStatus.WACHTEND.value,
                T.pogingen == opdracht.pogingen,
            )
            .values(**values)
            .returning(T.id)
        )
        return result.first() is not None


async def haal(engine: AsyncEngine, id: int) -> DoorstuurOpdracht | None:
    async with engine.connect() as conn:
        row = (await conn.execute(select(T.__table__).where(T.id == id))).first()
    return _opdracht(row) if row is not None else None


async def opnieuw(engine: AsyncEngine, id: int, *, nu: datetime) -> DoorstuurOpdracht | None:
    """Offer a given-up (mislukt) opdracht again: due now, with a fresh count of attempts (the
    last error is kept until the next attempt). None: it is not (or no longer) mislukt."""
    async with schrijf_transactie(engine) as conn:
        row = (
            await conn.execute(
                update(T)
                .where(T.id == id, T.status == DoorstuurStatus.MISLUKT.value)
                .values(status=DoorstuurStatus.WACHTEND.value, pogingen=0, volgende_poging=nu)
                .returning(*T.__table__.columns)
            )
        ).first()
    return _opdracht(row) if row is not None else None


async def eerstvolgende(engine: AsyncEngine) -> datetime | None:
    """When the next waiting opdracht falls due (None: nothing is waiting)."""
    stmt = select(func.min(T.volgende_poging)).where(T.status == DoorstuurStatus.WACHTEND.value)
    async with engine.connect() as conn:
        found: datetime | None = (await conn.execute(stmt)).scalar_one_or_none()
    return found


async def tellingen(engine: AsyncEngine) -> dict[str, int]:
    """The number of opdrachten per status (every status present, 0 when none)."""
    stmt = select(T.status, func.count()).group_by(T.status)
    async with engine.connect() as conn:
        found = {str(status): int(n) for status, n in (await conn.execute(stmt)).all()}
    return {s.value: found.get(s.value, 0) for s in DoorstuurStatus}


async def zoek(
    engine: AsyncEngine, status: DoorstuurStatus | None, page: PageRequest
) -> Page[DoorstuurOpdracht]:
    """Opdrachten, newest first, optionally of one status."""
    where = [T.status == status.value] if status is not None else []
    stmt = (
        select(T.__table__)
        .where(*where)
        .order_by(T.id.desc())
        .offset(page.offset)
        .limit(page.limit + 1)
    )
    async with engine.connect() as conn:
        rows = list(await conn.execute(stmt))
        total = None
        if page.with_total:
            count = select(func.count()).select_from(T).where(*where)
            total = int((await conn.execute(count)).scalar_one())
    items = [_opdracht(r) for r in rows[: page.limit]]
    return Page(items=items, has_next=len(rows) > page.limit, total=total)
