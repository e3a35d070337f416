"""Reads of personal data are written to the audit log, in batches; auditors can query it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.authz.audit import AuditEntry, AuditFilter
from gateway.authz.principal import Principal, Role
from gateway.runtime import Runtime
from registries.base import PageRequest
from tests.conftest import MaakRuntime, behandelaar
from tests.gateway.authz.test_row_scope import JAN
from tests.support.graphql import codes, data, execute
from tests.support.statements import count_statements

AUDIT = """query($f: AuditLogFilter) {
  auditLog(filter: $f, first: 100) { totalCount nodes { subject role soort objectUrl betrokkenen operation doel } }
}"""


async def test_reads_are_recorded_with_who_what_and_whom(maak_runtime: MaakRuntime) -> None:
    async with maak_runtime() as runtime:
        await data(
            runtime,
            """query MijnZaken { zaken { nodes { url documenten { titel } } } }""",
            principal=JAN,
        )
        await runtime.audit.flush()
        auditor = behandelaar(auditor=True, subject="auditor-1")
        found = (await data(runtime, AUDIT, {"f": {"subject": JAN.subject}}, principal=auditor))[
            "auditLog"
        ]
        records = found["nodes"]
        zaken = [r for r in records if r["soort"] == "zaak"]
        documenten = [r for r in records if r["soort"] == "document"]
        assert len(zaken) == 3 and len(documenten) >= 3
        assert found["totalCount"] == len(records)
        for record in records:
            assert record["role"] == "burger"
            assert record["operation"] == "MijnZaken"
            assert record["doel"] == "Zaakgericht werken"
            assert "999993653" in record["betrokkenen"].split()
        by_bsn = await data(runtime, AUDIT, {"f": {"betrokkene": "999993653"}}, principal=auditor)
        assert by_bsn["auditLog"]["totalCount"] >= len(records)
        # only an auditor may read the log
        _, errors = await execute(runtime, AUDIT, principal=behandelaar())
        assert codes(errors) == ["FORBIDDEN"]
        _, errors = await execute(runtime, AUDIT, principal=JAN)
        assert codes(errors) == ["FORBIDDEN"]


async def test_audit_records_cost_no_statement_per_object(
    fresh_runtime: Runtime, backend: str
) -> None:
    if backend == "zgw":
        pytest.skip("counts the embedded store's SQL statements; on zgw the reads go upstream")
    query = "{ zaken(first: 13) { nodes { identificatie documenten { titel } klantcontacten { onderwerp } } } }"
    await data(fresh_runtime, query, principal=behandelaar())  # warm caches
    await fresh_runtime.audit.flush()
    with count_statements(fresh_runtime.store) as counter:
        for _ in range(5):
            await data(fresh_runtime, query, principal=behandelaar())
        await fresh_runtime.audit.flush()
    per_operation = counter.count / 5
    # the read itself, plus one batch of rollen for the audit's BSNs; the audit INSERTs are
    # batched across operations by the background writer (not counted here)
    assert 0 < per_operation <= 10, counter.statements


async def test_anonymous_catalogus_reads_are_not_personal(fresh_runtime: Runtime) -> None:
    await data(fresh_runtime, "{ zaaktypen { url } }", principal=Principal.anoniem())
    await fresh_runtime.audit.flush()
    auditor = behandelaar(auditor=True)
    found = await data(fresh_runtime, AUDIT, {"f": {"subject": "anoniem"}}, principal=auditor)
    assert found["auditLog"]["nodes"] == []
    assert Role.ANONIEM.value == "anoniem"


async def test_synchronous_audit_writes_before_answering(maak_runtime: MaakRuntime) -> None:
    async with maak_runtime(audit_sync=True) as runtime:
        await data(runtime, '{ zaak(identificatie: "ZAAK-2026-0000001") { url } }', principal=JAN)
        found = await runtime.audit.zoek(AuditFilter(subject=JAN.subject), PageRequest(limit=10))
        assert [r.soort for r in found.items] == ["zaak"]


async def test_a_large_batch_is_written_whole(fresh_runtime: Runtime) -> None:
    """More records than one INSERT holds (SQLite writes 200 rows per statement): all of them,
    each with its own values."""
    entries = [
        AuditEntry(
            tijdstip=datetime(2026, 11, 29, 10, 0, i % 60, tzinfo=UTC),
            subject="batch-test",
            role="behandelaar",
            client_id="",
            soort="zaak",
            object_url=f"https://voorbeeld.test/zaken/{i}",
            betrokkenen=str(i),
            operation="Batch",
            doel="test",
        )
        for i in range(451)
    ]
    await fresh_runtime.audit.record(entries)
    await fresh_runtime.audit.flush()
    found = await fresh_runtime.audit.zoek(
        AuditFilter(subject="batch-test"), PageRequest(limit=1000, with_total=True)
    )
    assert found.total == 451
    assert sorted((r.object_url, r.betrokkenen, r.tijdstip) for r in found.items) == sorted(
        (e.object_url, e.betrokkenen, e.tijdstip) for e in entries
    )
