"""`auditLog`: the audit records, for behandelaars whose token carries the auditor claim."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

import strawberry

from gateway.authz.audit import AuditFilter
from gateway.schema.connection import PageInfo, connection, pagina
from gateway.schema.queries.common import context, selects_total, veld
from registries.errors import Forbidden


@strawberry.type(description="One read of personal data.")
class AuditRecord:
    tijdstip: datetime
    subject: str = strawberry.field(description="Who read it (medewerker id, BSN, KvK).")
    role: str
    client_id: str
    soort: str = strawberry.field(description="zaak, document or klantcontact")
    object_url: str
    betrokkenen: str = strawberry.field(
        description="The BSN / KvK-nummer / RSIN of the people the object concerns."
    )
    operation: str
    doel: str


@strawberry.input
class AuditLogFilter:
    subject: str | None = None
    object_url: str | None = None
    betrokkene: str | None = strawberry.field(default=None, description="A BSN or KvK-nummer.")
    vanaf: date | None = None
    tot_en_met: date | None = None


@strawberry.type
class AuditRecordEdge:
    node: AuditRecord
    cursor: str


@strawberry.type
class AuditRecordConnection:
    edges: list[AuditRecordEdge]
    nodes: list[AuditRecord]
    page_info: PageInfo
    total_count: int


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Who read which personal data (auditors only), newest first.")
    async def audit_log(
        self,
        info: strawberry.Info,
        filter: AuditLogFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AuditRecordConnection:
        ctx = context(info)
        if not (ctx.policy.audit_log and ctx.principal.auditor):
            raise Forbidden(
                "The audit log is for auditors (a behandelaar token with the auditor claim)."
            )
        page = pagina(
            ctx.settings,
            first,
            after,
            with_total=selects_total(veld(info), "AuditRecordConnection"),
        )
        f = filter or AuditLogFilter()
        audit = ctx.services.audit
        await audit.flush()
        found = await audit.zoek(
            AuditFilter(
                subject=f.subject,
                object_url=f.object_url,
                betrokkene=f.betrokkene,
                vanaf=f.vanaf,
                tot_en_met=f.tot_en_met,
            ),
            page,
        )
        value = connection(
            found.items, page, found.has_next, found.total, returned=len(found.items)
        )
        return cast("AuditRecordConnection", value)
