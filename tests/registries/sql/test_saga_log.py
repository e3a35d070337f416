"""The saga log in the gateway's own store, on SQLite and PostgreSQL: one run holds a saga at a
time (a lease that steps renew), steps are recorded before and after their call, a finished
saga answers with its result, and operators find the ones that stopped."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from registries.base import PageRequest
from registries.errors import Conflict
from registries.sql.engine import create_engine
from registries.sql.saga_log import SagaLog, SagaStatus
from tests.support.databases import SeededTemplate


@pytest.fixture
async def log(template: SeededTemplate) -> AsyncIterator[SagaLog]:
    url = await template.clone()
    engine = create_engine(url)
    yield SagaLog(engine, lease=60)
    await engine.dispose()
    await template.drop_clone(url)


async def test_a_run_records_its_steps_and_a_retry_reads_them(log: SagaLog) -> None:
    saga = await log.neem("999993653", "of-1", "dienAanvraagIn", "run-1")
    assert saga.status is SagaStatus.BEZIG and saga.stappen == []
    await log.stap_begint("999993653", "of-1", 1, "maak_zaak", "run-1")
    await log.stap_klaar("999993653", "of-1", 1, "maak_zaak", {"url": "http://z/1"}, "run-1")
    await log.stap_begint("999993653", "of-1", 2, "maak_rol", "run-1")
    await log.gestopt(
        "999993653", "of-1", "run-1", status=SagaStatus.BEZIG, fout="time-out", code="UPSTREAM"
    )

    again = await log.neem("999993653", "of-1", "dienAanvraagIn", "run-2")
    assert again.status is SagaStatus.BEZIG and again.laatste_fout == "time-out"
    assert [(s.volgnummer, s.soort, s.klaar, s.resultaat) for s in again.stappen] == [
        (1, "maak_zaak", True, {"url": "http://z/1"}),
        (2, "maak_rol", False, None),
    ]
    await log.stap_klaar("999993653", "of-1", 2, "maak_rol", None, "run-2")
    await log.voltooid("999993653", "of-1", {"zaak": "http://z/1"}, "run-2")
    done = await log.neem("999993653", "of-1", "dienAanvraagIn", "run-3")
    assert done.status is SagaStatus.VOLTOOID and done.resultaat == {"zaak": "http://z/1"}
    assert done.laatste_fout == ""


async def test_one_run_at_a_time_until_the_lease_runs_out(log: SagaLog) -> None:
    await log.neem("s", "k", "dienAanvraagIn", "run-1")
    with pytest.raises(Conflict) as raised:
        await log.neem("s", "k", "dienAanvraagIn", "run-2")
    assert raised.value.extensions["retry"] is True
    with pytest.raises(Conflict):
        await log.neem("s", "k", "registreerZaak", "run-2")  # another mutation's key
    # the holder crashed: once its lease ran out, a retry takes over and the old run may no
    # longer record anything
    verlopen = SagaLog(log.engine, lease=-1)
    await verlopen.neem("s", "k", "dienAanvraagIn", "run-2")
    with pytest.raises(Conflict):
        await log.stap_begint("s", "k", 1, "maak_zaak", "run-1")
    await log.stap_begint("s", "k", 1, "maak_zaak", "run-2")
    # letting go makes room at once
    await log.laat_los("s", "k", "run-2")
    await log.neem("s", "k", "dienAanvraagIn", "run-3")


async def test_concurrent_takers_one_wins(log: SagaLog) -> None:
    results = await asyncio.gather(
        *(log.neem("s", "gelijk", "dienAanvraagIn", f"run-{i}") for i in range(5)),
        return_exceptions=True,
    )
    assert sum(1 for r in results if isinstance(r, Conflict)) == 4


async def test_operators_find_what_stopped(log: SagaLog) -> None:
    await log.neem("a", "1", "dienAanvraagIn", "r")
    await log.gestopt("a", "1", "r", status=SagaStatus.MISLUKT, fout="BSN", code="BAD_USER_INPUT")
    await log.neem("a", "2", "dienAanvraagIn", "r")
    await log.gestopt("a", "2", "r", status=SagaStatus.BEZIG, fout="500", code="UPSTREAM")
    await log.neem("a", "3", "dienAanvraagIn", "r")
    await log.voltooid("a", "3", {}, "r")
    await log.mislukt_zonder_sleutel(
        "mdw",
        "zonder-sleutel:x",
        "registreerZaak",
        [(1, "maak_zaak", {"url": "u"})],
        fout="503",
        code="UPSTREAM",
    )
    mislukt = await log.zoek(SagaStatus.MISLUKT, PageRequest(with_total=True))
    assert sorted(s.sleutel for s in mislukt.items) == ["1", "zonder-sleutel:x"]
    assert mislukt.total == 2
    [zonder] = [s for s in mislukt.items if s.subject == "mdw"]
    assert [(s.soort, s.resultaat) for s in zonder.stappen] == [("maak_zaak", {"url": "u"})]
    met_fout = await log.zoek(None, PageRequest(), met_fout=True)
    assert sorted(s.sleutel for s in met_fout.items) == ["1", "2", "zonder-sleutel:x"]
    page = await log.zoek(None, PageRequest(limit=2))
    assert len(page.items) == 2 and page.has_next
    # retention: finished sagas go, the others stay
    assert await log.verwijder_voltooid(datetime.now(UTC) + timedelta(seconds=1)) == 1
    assert len((await log.zoek(None, PageRequest())).items) == 3


async def test_the_gateways_own_sequence_is_unique_under_concurrency(log: SagaLog) -> None:
    nummers = await asyncio.gather(*(log.nummer("zaak-2026") for _ in range(20)))
    assert sorted(nummers) == list(range(1, 21))
