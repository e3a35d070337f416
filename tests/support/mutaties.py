"""What the mutation tests share: the demo's principals, uploads, the state of the database
(row counts of every table, the event log) and GraphQL documents."""

from __future__ import annotations

import io
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.datastructures import Headers, UploadFile

from gateway.authz.principal import Principal, Role
from gateway.runtime import Runtime
from registries import models as m
from registries.sql.gateway_tables import DoorstuurOpdrachtRow
from registries.sql.notificaties import laatste_id, lees_na
from registries.sql.seed.demo import FATIMA, JAN, ZOMERFEEST
from registries.sql.tables import Base
from registries.sql.urls import UrlScheme
from tests.conftest import behandelaar
from tests.support.graphql import data
from tests.support.runtimes import fake_van

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

BEHANDELAAR = behandelaar()
KCC = Principal(role=Role.KCC, subject="kcc-007", naam="K. Klant", medewerker_id="kcc-007")
BURGER = Principal(role=Role.BURGER, subject=JAN.bsn, bsn=JAN.bsn, naam="Jan de Vries")
FATIMA_BURGER = Principal(role=Role.BURGER, subject=FATIMA.bsn, bsn=FATIMA.bsn)
BEDRIJF = Principal(role=Role.BURGER, subject=ZOMERFEEST.kvk, kvk=ZOMERFEEST.kvk)
ANONIEM = Principal.anoniem()
#: the three roles that read results back
LEZERS = {"behandelaar": BEHANDELAAR, "kcc": KCC, "burger": BURGER}

#: tables that change without a mutation (reads are audited in the background)
NIET_GETELD = {"audit_log", "alembic_version"}


async def tellingen(engine: AsyncEngine) -> dict[str, int]:
    """The number of rows in every table of the store (the whole state a mutation may touch)."""
    counts = {}
    async with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name not in NIET_GETELD:
                stmt = select(func.count()).select_from(table)
                counts[table.name] = int((await conn.execute(stmt)).scalar_one())
    return counts


async def toestand(engine: AsyncEngine) -> tuple[dict[str, int], int]:
    """Row counts and the last event id: compare before and after a mutation that must fail."""
    return await tellingen(engine), await laatste_id(engine)


async def notificaties_na(engine: AsyncEngine, na: int) -> list[m.Notificatie]:
    return await lees_na(engine, na)


def bestand(
    data: bytes = b"%PDF-1.4 bijlage",
    naam: str = "bijlage.pdf",
    content_type: str = "application/pdf",
    *,
    met_omvang: bool = True,
) -> UploadFile:
    """An upload as starlette hands it to the schema (a multipart file part)."""
    return UploadFile(
        io.BytesIO(data),
        size=len(data) if met_omvang else None,
        filename=naam,
        headers=Headers({"content-type": content_type}),
    )


def object_url(runtime: Runtime, resource: str, uuid: str) -> str:
    """The URL of a demo object on the runtime's backend: the embedded store's, or (zgw) the
    fake ZGW server's, which serves the same demo data below its own base URL."""
    zaken_api = dict(runtime.settings.zgw).get("ZAKEN_API_URL")
    if zaken_api is None:
        return runtime.store.urls.url(resource, uuid)
    return UrlScheme(zaken_api.removesuffix("/zaken/api/v1")).url(resource, uuid)


def schrijfacties(runtime: Runtime, na: int = 0) -> list[tuple[str, str, str]]:
    """The writes the fake ZGW server received after the first `na`: (api, method, path with
    the uuids as {uuid}); empty on the embedded store."""
    fake = fake_van(runtime)
    if fake is None:
        return []
    return [(v.api, v.method, _UUID.sub("{uuid}", v.pad)) for v in fake.state.geschreven()[na:]]


async def toestand_van(runtime: Runtime) -> tuple[dict[str, int], int, int]:
    """`toestand` of the runtime's store, and (zgw) the number of writes upstream: compare
    before and after a mutation that must fail -- on either backend nothing may change."""
    counts, last = await toestand(runtime.store.engine)
    return counts, last, len(schrijfacties(runtime))


async def zaak_url(runtime: Runtime, identificatie: str) -> str:
    found = await data(
        runtime, f'{{ zaak(identificatie: "{identificatie}") {{ url }} }}', principal=BEHANDELAAR
    )
    return str(found["zaak"]["url"])


async def zaaktype(runtime: Runtime, identificatie: str) -> dict[str, Any]:
    """The zaaktype version valid today, with its statustypen, resultaattypen and
    informatieobjecttypen (URLs), read as a behandelaar."""
    found = await data(
        runtime,
        """query($id: String!) { zaaktype(identificatie: $id) {
             url statustypen { url volgnummer isEindstatus }
             resultaattypen { url omschrijving }
             informatieobjecttypen { url omschrijving } } }""",
        {"id": identificatie},
        principal=BEHANDELAAR,
    )
    return dict(found["zaaktype"])


async def mislukte_opdracht(
    engine: AsyncEngine, zaak: str | None, doel: str = "http://127.0.0.1:9/zac"
) -> int:
    """A forwarding opdracht that was given up (status mislukt) for `zaak`; its id. Written
    directly, so that no dispatcher is woken."""
    nu = datetime.now(UTC)
    stmt = (
        insert(DoorstuurOpdrachtRow)
        .values(
            doel=doel,
            bericht={"zaak": zaak, "gegevens": {"kenteken": "AB-123-C"}},
            sleutel=f"mislukt-{uuid.uuid4()}",
            status="mislukt",
            pogingen=8,
            volgende_poging=nu,
            laatste_fout="HTTP 500 Internal Server Error",
            aangemaakt=nu,
        )
        .returning(DoorstuurOpdrachtRow.id)
    )
    async with engine.begin() as conn:
        return int((await conn.execute(stmt)).scalar_one())


def iot(zt: dict[str, Any], omschrijving: str) -> str:
    return next(
        str(i["url"]) for i in zt["informatieobjecttypen"] if i["omschrijving"] == omschrijving
    )


AANVRAAG = """
mutation($a: AanvraagInput!) {
  dienAanvraagIn(aanvraag: $a) { identificatie url hergebruikt zaak { identificatie } }
}"""

LEES_ZAAK = """
query($id: String!) {
  zaak(identificatie: $id) {
    identificatie omschrijving
    status { statustype { omschrijving } }
    rollen { omschrijvingGeneriek naam }
    documenten { titel bestandsnaam }
  }
}"""

LEES_ZAAK_BEHANDELAAR = """
query($id: String!) {
  zaak(identificatie: $id) {
    identificatie omschrijving toelichting einddatum vertrouwelijkheidaanduiding
    status { statustoelichting statustype { omschrijving isEindstatus } }
    statussen { statustype { volgnummer } }
    resultaat { toelichting resultaattype { omschrijving } }
    rollen { omschrijvingGeneriek naam betrokkeneType }
    eigenschappen { naam waarde }
    documenten { titel bestandsnaam bestandsomvang status vertrouwelijkheidaanduiding }
    klantcontacten { onderwerp inhoud }
  }
}"""
