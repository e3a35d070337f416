"""The forwarding outbox's claims: a lease keeps an opdracht with one process, an expired lease
hands it to the next, the attempt counter fences off a stale result, and an acknowledged
opdracht is never claimed again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from registries.base import PageRequest
from registries.sql import doorstuur_opdrachten as outbox
from registries.sql.doorstuur_opdrachten import DoorstuurStatus
from registries.writes import Doorsturen
from tests.conftest import cloned_runtime
from tests.support.databases import SeededTemplate

LEASE = timedelta(minutes=5)


async def test_claims_leases_and_fences(store_template: SeededTemplate) -> None:
    async with cloned_runtime(store_template) as runtime:
        engine = runtime.store.engine
        runtime.store.after_doorsturen.clear()  # no dispatcher: this test claims by hand
        async with runtime.store.schrijf() as s:
            for n in range(3):
                await s.doorsturen(
                    Doorsturen(doel="http://zac.test/a", bericht={"n": n}, sleutel=f"k{n}")
                )
        t0 = datetime.now(UTC)
        eerste = await outbox.claim(engine, nu=t0, lease=LEASE, limiet=2)
        assert [o.bericht["n"] for o in eerste] == [0, 1]
        assert all(o.pogingen == 1 for o in eerste)
        # claimed: not due for anyone else while the lease runs
        rest = await outbox.claim(engine, nu=t0, lease=LEASE, limiet=10)
        assert [o.bericht["n"] for o in rest] == [2]
        assert await outbox.claim(engine, nu=t0 + LEASE / 2, lease=LEASE, limiet=10) == []
        # the claimer of #0 died; its lease ran out: the next claim gets it (attempt 2)
        later = t0 + LEASE + timedelta(seconds=1)
        opnieuw = await outbox.claim(engine, nu=later, lease=LEASE, limiet=10)
        assert sorted((o.bericht["n"], o.pogingen) for o in opnieuw) == [(0, 2), (1, 2), (2, 2)]
        nul_oud, nul_nieuw = eerste[0], opnieuw[0]
        # a late result of the first attempt does not overwrite the second one's
        assert not await outbox.niet_afgeleverd(engine, nul_oud, fout="x", volgende=later)
        assert await outbox.afgeleverd(engine, nul_nieuw, nu=later)
        assert not await outbox.afgeleverd(engine, nul_oud, nu=later)  # recorded once
        # given up: no longer claimed either
        assert await outbox.niet_afgeleverd(engine, opnieuw[1], fout="HTTP 500", volgende=None)
        ver = later + timedelta(days=30)
        assert [
            o.bericht["n"] for o in await outbox.claim(engine, nu=ver, lease=LEASE, limiet=9)
        ] == [2]
        assert await outbox.tellingen(engine) == {"wachtend": 1, "afgeleverd": 1, "mislukt": 1}
        mislukt = await outbox.zoek(engine, DoorstuurStatus.MISLUKT, PageRequest(with_total=True))
        assert [(o.bericht["n"], o.laatste_fout) for o in mislukt.items] == [(1, "HTTP 500")]
        assert mislukt.total == 1
