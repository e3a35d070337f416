"""`sagas`: writes through the ZGW APIs that are unfinished or failed -- for operators.

A mutation over Open Zaak / Open Klant is a saga of steps (`registries.zgw.saga`). One that
stopped on a passing fault stays BEZIG with its error (a retry with the same idempotency key
continues it); one that a registry refused (input, credentials) is MISLUKT: someone has to look.
Each saga lists what its steps made upstream (the URLs), so an operator can find, finish or
clean up what exists. Which roles may ask is the policies' business (by default behandelaars).
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry

from gateway.schema.connection import PageInfo, connection, pagina
from gateway.schema.queries.common import context, selects_total, veld
from gateway.schema.relations import note
from gateway.schema.types.zaak import Zaak
from registries.sql.saga_log import Saga, SagaStap, SagaStatus

strawberry.enum(
    SagaStatus,
    name="SagaStatus",
    description="BEZIG (running, or stopped by a passing fault: a retry with the same "
    "idempotency key continues), VOLTOOID (done), MISLUKT (a registry refused a step: needs "
    "attention; a retry with the same key continues from that step).",
)


def _url(resultaat: object) -> str | None:
    if isinstance(resultaat, dict) and isinstance(resultaat.get("url"), str):
        return str(resultaat["url"])
    return None


@strawberry.type(name="SagaStap", description="One write of a saga.")
class SagaStapType:
    volgnummer: int
    soort: str = strawberry.field(description="The write: maak_zaak, maak_rol, ...")
    klaar: bool = strawberry.field(
        description="false: begun, outcome never recorded (it is looked up upstream on retry)."
    )
    url: str | None = strawberry.field(description="What the step made upstream (its URL).")


@strawberry.type(name="Saga", description="A mutation's writes through the ZGW APIs.")
class SagaType:
    soort: str = strawberry.field(description="The mutation (dienAanvraagIn, ...).")
    sleutel: str = strawberry.field(
        description="Its idempotency key (zonder-sleutel:<id> for a mutation without one)."
    )
    subject: str = strawberry.field(description="Who asked (medewerker id, BSN, KvK).")
    status: SagaStatus
    laatste_fout: str = strawberry.field(description="Why it stopped last, if it did.")
    fout_code: str = strawberry.field(description="The GraphQL error code of that error.")
    aangemaakt: datetime
    bijgewerkt: datetime
    stappen: list[SagaStapType]
    zaak_url: strawberry.Private[str | None]

    @strawberry.field(description="The zaak it made (null when outside your view).")
    async def zaak(self, info: strawberry.Info) -> Zaak | None:
        if not self.zaak_url:
            return None
        ctx = context(info)
        found = (await ctx.loaders.zaak.fetch([self.zaak_url])).get(self.zaak_url)
        note(ctx, "zaak", found)
        return cast("Zaak | None", found)


def _stap(s: SagaStap) -> SagaStapType:
    return SagaStapType(
        volgnummer=s.volgnummer, soort=s.soort, klaar=s.klaar, url=_url(s.resultaat)
    )


def _type(s: Saga) -> SagaType:
    zaak = (s.resultaat or {}).get("zaak")
    if not isinstance(zaak, str):
        zaak = next((_url(st.resultaat) for st in s.stappen if st.soort == "maak_zaak"), None)
    return SagaType(
        soort=s.soort,
        sleutel=s.sleutel,
        subject=s.subject,
        status=s.status,
        laatste_fout=s.laatste_fout,
        fout_code=s.fout_code,
        aangemaakt=s.aangemaakt,
        bijgewerkt=s.bijgewerkt,
        stappen=[_stap(st) for st in s.stappen],
        zaak_url=zaak,
    )


@strawberry.type
class SagaEdge:
    node: SagaType
    cursor: str


@strawberry.type
class SagaConnection:
    edges: list[SagaEdge]
    nodes: list[SagaType]
    page_info: PageInfo
    total_count: int


@strawberry.type
class SagasQuery:
    @strawberry.field(
        description="Mutations through the ZGW APIs (sagas), most recently changed first: "
        "`status` MISLUKT for those that need attention; `metFout` for those that stopped on "
        "an error (including BEZIG ones that wait for a retry)."
    )
    async def sagas(
        self,
        info: strawberry.Info,
        status: SagaStatus | None = None,
        met_fout: bool | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> SagaConnection:
        ctx = context(info)
        page = pagina(
            ctx.settings, first, after, with_total=selects_total(veld(info), "SagaConnection")
        )
        found = await ctx.services.saga_log.zoek(status, page, met_fout=met_fout)
        items = [_type(s) for s in found.items]
        value = connection(items, page, found.has_next, found.total, returned=len(items))
        return cast("SagaConnection", value)
