"""The demo municipality "Demodam": burgers, a company, zaken in every state, documents with
real content, and klantcontacten. Everything is deterministic (fixed uuids and dates)."""

from __future__ import annotations

import struct
import zlib
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from registries.pdf import tekst_pdf
from registries.sql.seed.builders import (
    ZAAKTYPE_BY_KEY,
    add_document,
    add_klantcontact,
    add_resultaat,
    add_rol,
    add_statussen,
    add_zaak,
    add_zaakeigenschap,
    link_document,
    moment,
)
from registries.sql.seed.catalogus import eigenschap_uuid, write_catalogus
from registries.sql.seed.demo_zaken import (
    BURGERS,
    DEMO_ZAKEN,
    FATIMA,
    JAN,
    JANSEN,
    PIETER,
    SANNE,
    VISSER,
    ZOMERFEEST,
    DemoDocument,
    DemoZaak,
    identificatie,
    zaak_uuid,
)
from registries.sql.seed.writer import BulkWriter, uid
from registries.sql.tables import CatalogusRow

__all__ = [
    "BURGERS",
    "DEMO_ZAKEN",
    "FATIMA",
    "JAN",
    "JANSEN",
    "PIETER",
    "SANNE",
    "VISSER",
    "ZOMERFEEST",
    "DemoDocument",
    "DemoZaak",
    "demo_present",
    "identificatie",
    "seed_demo",
    "zaak_uuid",
]


def _png(width: int = 64, height: int = 48, rgb: tuple[int, int, int] = (70, 130, 180)) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _content(doc: DemoDocument, zaak: DemoZaak) -> tuple[bytes, str, str]:
    stem = doc.titel.lower().replace(" ", "-").replace("(", "").replace(")", "")
    if doc.soort == "png":
        return _png(), f"{stem}.png", "image/png"
    regels = [
        f"Zaak: {identificatie(zaak.nummer)} - {zaak.omschrijving}",
        f"Datum: {zaak.startdatum.isoformat()}",
        "",
        f"Dit is het document '{doc.titel}' bij de zaak.",
        "Gemeente Demodam - demonstratiegegevens, geen echte persoonsgegevens.",
    ]
    if doc.soort == "txt":
        return ("\n".join(regels) + "\n").encode(), f"{stem}.txt", "text/plain"
    return tekst_pdf(doc.titel, regels), f"{stem}.pdf", "application/pdf"


def _write_zaak(w: BulkWriter, z: DemoZaak, document_counter: list[int]) -> None:
    zt = ZAAKTYPE_BY_KEY[z.zaaktype]
    uuid = zaak_uuid(z.nummer)
    einddatum = z.startdatum + timedelta(days=3 * z.status_tot) if z.resultaat is not None else None
    row = add_zaak(
        w,
        uuid=uuid,
        identificatie=identificatie(z.nummer),
        zaaktype=zt,
        omschrijving=z.omschrijving,
        toelichting=z.toelichting,
        startdatum=z.startdatum,
        vertrouwelijkheid=z.vertrouwelijkheid,
        einddatum=einddatum,
        hoofdzaak_uuid=zaak_uuid(z.hoofdzaak) if z.hoofdzaak else None,
        kenmerken=[{"kenmerk": f"DEMO-{z.nummer}", "bron": "demodata"}],
        **dict(z.extra),
    )
    op = moment(z.startdatum, 9)
    add_rol(
        w,
        uuid=uid("rol", uuid, "initiator"),
        zaak_uuid=uuid,
        zaaktype=zt,
        rol="initiator",
        betrokkene=z.initiator,
        op=op,
        email="demo@example.org",
    )
    if z.behandelaar is not None:
        add_rol(
            w,
            uuid=uid("rol", uuid, "behandelaar"),
            zaak_uuid=uuid,
            zaaktype=zt,
            rol="behandelaar",
            betrokkene=z.behandelaar,
            op=op,
        )
    if z.extra_rol is not None:
        add_rol(
            w,
            uuid=uid("rol", uuid, "extra"),
            zaak_uuid=uuid,
            zaaktype=zt,
            rol="belanghebbende",
            betrokkene=z.extra_rol,
            op=op,
        )
    if z.belanghebbende is not None:
        add_rol(
            w,
            uuid=uid("rol", uuid, "belanghebbende"),
            zaak_uuid=uuid,
            zaaktype=zt,
            rol="belanghebbende",
            betrokkene=z.belanghebbende,
            op=op,
        )
    if z.status_tot:
        add_statussen(w, row, zt, z.status_tot, z.startdatum)
    if z.resultaat is not None:
        add_resultaat(w, row, zt, z.resultaat, uid("resultaat", uuid), "Afgehandeld volgens norm.")
    if z.eigenschap is not None:
        naam, waarde = z.eigenschap
        add_zaakeigenschap(
            w,
            uuid=uid("zaakeigenschap", uuid, naam),
            zaak_uuid=uuid,
            eigenschap_uuid=eigenschap_uuid(zt.key, naam),
            naam=naam,
            waarde=waarde,
        )
    for index, doc in enumerate(z.documenten):
        document_counter[0] += 1
        doc_uuid = uid("demo-document", z.nummer, index)
        data, bestandsnaam, formaat = _content(doc, z)
        op_doc = moment(z.startdatum + timedelta(days=index), 11, index)
        add_document(
            w,
            uuid=doc_uuid,
            identificatie=f"DOCUMENT-2026-{document_counter[0]:010d}",
            iot=doc.iot,
            titel=doc.titel,
            vertrouwelijkheid=doc.vertrouwelijkheid,
            status=doc.status,
            op=op_doc,
            inhoud=data,
            bestandsnaam=bestandsnaam,
            formaat=formaat,
            **_verzending(doc, op_doc.date()),
        )
        link_document(
            w, uuid=uid("zio", uuid, doc_uuid), zaak_uuid=uuid, document_uuid=doc_uuid, op=op_doc
        )


def _verzending(doc: DemoDocument, dag: date) -> dict[str, Any]:
    if not doc.verzonden:
        return {}
    return {
        "verzenddatum": dag,
        "ontvangstdatum": dag + timedelta(days=1),
        "link": "https://mijn.demodam.example/berichten/besluit",
        "beschrijving": "Besluit, verzonden per post en in de berichtenbox.",
        "trefwoorden": ["besluit", "omgevingsvergunning"],
    }


async def demo_present(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        count = await conn.execute(select(func.count()).select_from(CatalogusRow))
        return bool(count.scalar_one())


async def seed_demo(engine: AsyncEngine) -> int:
    """Load the demo data once; returns the number of rows written (0 when already present)."""
    if await demo_present(engine):
        return 0
    w = BulkWriter()
    write_catalogus(w)
    counter = [0]
    for z in DEMO_ZAKEN:
        _write_zaak(w, z, counter)
    # the post room's inbox: a scanned letter that belongs to no zaak yet
    brief = uid("demo-document", "post", 1)
    add_document(
        w,
        uuid=brief,
        identificatie="DOCUMENT-2026-0000000900",
        iot="inkomend_poststuk",
        titel="Brief over geluidsoverlast",
        vertrouwelijkheid="beperkt_openbaar",
        status="definitief",
        op=moment(date(2026, 11, 26), 8, 30),
        inhoud=tekst_pdf(
            "Brief over geluidsoverlast",
            [
                "Geachte heer, mevrouw,",
                "",
                "Ik wil melding maken van geluidsoverlast.",
                "",
                "P. van Dijk",
            ],
        ),
        bestandsnaam="brief-geluidsoverlast.pdf",
        formaat="application/pdf",
        auteur="P. van Dijk",
    )
    contacten = (
        (
            1,
            "telefoon",
            "Vraag over de status van mijn parkeervergunning",
            "Burger vraagt wanneer de vergunning ingaat. Uitgelegd: binnen twee weken.",
            JAN,
            1,
        ),
        (
            2,
            "e-mail",
            "Foto nagestuurd bij melding",
            "Burger stuurt een extra foto van de lantaarnpaal.",
            FATIMA,
            6,
        ),
        (3, "balie", "Vraag over de afvalpas", "Nieuwe afvalpas aangevraagd.", JAN, None),
        (
            4,
            "telefoon",
            "Vraag over veiligheidsplan",
            "Organisator vraagt welke eisen de brandweer stelt.",
            ZOMERFEEST,
            10,
        ),
        (
            5,
            "telefoon",
            "Bezwaar buurvrouw",
            "Aanvrager vraagt naar de zienswijze van de buren.",
            PIETER,
            8,
        ),
    )
    for nummer, kanaal, onderwerp, inhoud, klant, zaak in contacten:
        add_klantcontact(
            w,
            uuid=uid("demo-klantcontact", nummer),
            nummer=f"{nummer:010d}",
            kanaal=kanaal,
            onderwerp=onderwerp,
            inhoud=inhoud,
            op=moment(date(2026, 11, 10) + timedelta(days=nummer), 14),
            klant=klant,
            zaak_uuid=zaak_uuid(zaak) if zaak else None,
        )
    async with engine.begin() as conn:
        return await w.flush(conn)
