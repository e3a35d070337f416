"""The event log in the embedded store: append (inside the writer's transaction) and read.

Ordering: appends take a lock that is held until the transaction ends (PostgreSQL: a
transaction-scoped advisory lock; SQLite: writers are serialised anyway), so ids become visible
in increasing order and a reader that has seen id N will never later find an id below N.

Waking listeners: on PostgreSQL the append also issues `pg_notify(CHANNEL, <last id>)`, which
PostgreSQL delivers on commit to every process that LISTENs (other gateway replicas). Within a
process, `SqlStore.after_commit` hooks are called with the new ids after the commit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from registries.models import Notificatie
from registries.sql.gateway_tables import NotificatieRow

#: the PostgreSQL NOTIFY channel; the payload is the highest new event id
CHANNEL = "zgw_notificaties"
#: advisory lock key that serialises event log appends (an arbitrary constant)
ADVISORY_LOCK = 7_302_114_055


def ontdubbel_sleutel(bericht: dict[str, Any]) -> str:
    """A stable key for a received message (Open Notificaties may deliver it more than once)."""
    canonical = json.dumps(bericht, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _row(n: Notificatie, bron: str, sleutel: str | None) -> dict[str, Any]:
    return {
        "kanaal": n.kanaal,
        "hoofd_object": n.hoofd_object,
        "resource": n.resource,
        "resource_url": n.resource_url,
        "actie": n.actie,
        "aanmaakdatum": n.aanmaakdatum,
        "kenmerken": dict(n.kenmerken),
        "bron": bron,
        "ontdubbel_sleutel": sleutel,
        "geregistreerd": datetime.now(UTC),
    }


async def voeg_toe(
    conn: AsyncConnection,
    notificaties: Sequence[Notificatie],
    *,
    bron: str = "gateway",
    ontdubbel: bool = False,
) -> list[int]:
    """Append to the event log inside the caller's transaction; returns the new ids (in order).
    With `ontdubbel`, a message already in the log is skipped (its id is not returned)."""
    if not notificaties:
        return []
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK})
    ids: list[int] = []
    if not ontdubbel:  # one statement for all (ids in the order given)
        stmt = insert(NotificatieRow).returning(NotificatieRow.id, sort_by_parameter_order=True)
        result = await conn.execute(stmt, [_row(n, bron, None) for n in notificaties])
        for n, new_id in zip(notificaties, result.scalars().all(), strict=True):
            n.id = int(new_id)
            ids.append(n.id)
    for n in notificaties if ontdubbel else ():
        sleutel = ontdubbel_sleutel(n.bericht())
        stmt = insert(NotificatieRow).values(**_row(n, bron, sleutel)).returning(NotificatieRow.id)
        try:
            async with conn.begin_nested():
                new_id = (await conn.execute(stmt)).scalar_one()
        except IntegrityError:
            continue  # already received
        n.id = int(new_id)
        ids.append(n.id)
    if postgres and ids:
        await conn.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": str(ids[-1])})
    return ids


def _notificatie(r: Any) -> Notificatie:
    return Notificatie(
        id=int(r.id),
        kanaal=r.kanaal,
        hoofd_object=r.hoofd_object,
        resource=r.resource,
        resource_url=r.resource_url,
        actie=r.actie,
        aanmaakdatum=r.aanmaakdatum,
        kenmerken=dict(r.kenmerken or {}),
    )


async def lees_na(engine: AsyncEngine, na_id: int, limiet: int = 1000) -> list[Notificatie]:
    """Events with an id above `na_id`, oldest first (replay and catch-up)."""
    stmt = (
        select(NotificatieRow.__table__)
        .where(NotificatieRow.id > na_id)
        .order_by(NotificatieRow.id)
        .limit(limiet)
    )
    async with engine.connect() as conn:
        return [_notificatie(r) for r in (await conn.execute(stmt)).all()]


async def laatste_id(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        found = (await conn.execute(select(func.max(NotificatieRow.id)))).scalar_one()
    return int(found or 0)
