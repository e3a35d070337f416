"""The demo municipality "Demodam": burgers, a company, zaken in every state, documents with
real content, and klantcontacten. Everything is deterministic (fixed uuids and dates)."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from registries import models as m
from registries.pdf import tekst_pdf
from registries.sql.seed.builders import (
    ZAAKTYPE_BY_KEY,
    Bedrijf,
    Medewerker,
    Persoon,
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
from registries.sql.seed.writer import BulkWriter, uid
from registries.sql.tables import CatalogusRow

JAN = Persoon("999993653", "Jan", "de", "Vries")
FATIMA = Persoon("999990019", "Fatima", "", "El Amrani")
PIETER = Persoon("999990032", "Pieter", "van", "Dijk")
SANNE = Persoon("999990044", "Sanne", "", "Bakker")
BURGERS = (JAN, FATIMA, PIETER, SANNE)
ZOMERFEEST = Bedrijf(
    kvk="69599084",
    rsin="123456782",
    vestigingsnummer="000038509504",
    naam="Evenementenbureau Zomerfeest B.V.",
)
JANSEN = Medewerker("mdw-0042", "A.", "Jansen")
TEAM_WELSTAND = m.OrganisatorischeEenheid(
    identificatie="OE-WELSTAND", naam="Team Welstand", is_gehuisvest_in="Stadskantoor"
)
VISSER = Medewerker("mdw-0099", "K.", "Visser")


@dataclass(frozen=True)
class DemoDocument:
    iot: str
    titel: str
    vertrouwelijkheid: str
    status: str
    soort: str = "pdf"  # pdf | png | txt
    #: a letter that went out: verzenddatum, ontvangstdatum and a link are filled in
    verzonden: bool = False


@dataclass(frozen=True)
class DemoZaak:
    nummer: int
    zaaktype: str
    omschrijving: str
    toelichting: str
    initiator: Persoon | Bedrijf | Medewerker | m.OrganisatorischeEenheid
    behandelaar: Medewerker | None
    startdatum: date
    status_tot: int  # 0 = no status yet
    resultaat: int | None = None  # index in the zaaktype's resultaattypen; closes the zaak
    documenten: tuple[DemoDocument, ...] = ()
    belanghebbende: Persoon | None = None
    vertrouwelijkheid: str | None = None
    hoofdzaak: int | None = None
    eigenschap: tuple[str, str] | None = None
    #: further zaak columns (publicatiedatum, verlenging, archiving, ...)
    extra: tuple[tuple[str, Any], ...] = ()
    extra_rol: m.Vestiging | m.OrganisatorischeEenheid | None = None


def identificatie(nummer: int) -> str:
    return f"ZAAK-2026-{nummer:07d}"


def zaak_uuid(nummer: int) -> str:
    return uid("demo-zaak", nummer)


AANVRAAG = DemoDocument("aanvraag", "Aanvraagformulier", "openbaar", "definitief")

DEMO_ZAKEN: tuple[DemoZaak, ...] = (
    DemoZaak(
        1,
        "parkeervergunning",
        "Parkeervergunning Dorpsstraat",
        "Tweede auto; controleer of er nog plek is in zone B.",
        JAN,
        JANSEN,
        date(2026, 10, 12),
        3,
        documenten=(
            AANVRAAG,
            DemoDocument("bijlage", "Kentekenbewijs", "openbaar", "definitief", "png"),
            DemoDocument(
                "correspondentie", "Ontvangstbevestiging", "beperkt_openbaar", "definitief", "txt"
            ),
        ),
        eigenschap=("kenteken", "AB-123-C"),
    ),
    DemoZaak(
        2,
        "melding_openbare_ruimte",
        "Losliggende stoeptegels",
        "Melder belde twee keer; gevaarlijk voor rolstoelen.",
        JAN,
        VISSER,
        date(2026, 9, 2),
        3,
        resultaat=0,
        documenten=(
            DemoDocument("melding", "Melding stoeptegels", "openbaar", "definitief"),
            DemoDocument("foto", "Foto van de stoep", "openbaar", "definitief", "png"),
        ),
        eigenschap=("locatie", "Dorpsstraat 12"),
    ),
    DemoZaak(
        3,
        "bijzondere_bijstand",
        "Bijzondere bijstand witgoed",
        "Schuldhulpverlening loopt; afstemmen met wijkteam.",
        JAN,
        JANSEN,
        date(2026, 11, 3),
        2,
        documenten=(
            AANVRAAG,
            DemoDocument("rapport", "Rapportage wijkteam", "vertrouwelijk", "definitief"),
        ),
    ),
    DemoZaak(
        4,
        "omgevingsvergunning",
        "Dakkapel aan de achterzijde",
        "Welstand om advies gevraagd.",
        JAN,
        VISSER,
        date(2026, 10, 1),
        2,
        documenten=(
            AANVRAAG,
            DemoDocument("bijlage", "Bouwtekening (concept)", "openbaar", "in_bewerking"),
            DemoDocument("advies", "Intern advies constructeur", "intern", "definitief"),
        ),
        eigenschap=("bouwkosten", "45000"),
    ),
    DemoZaak(
        5,
        "welstandsadvies",
        "Welstandsadvies dakkapel",
        "",
        TEAM_WELSTAND,
        JANSEN,
        date(2026, 10, 8),
        1,
        hoofdzaak=4,
        documenten=(DemoDocument("advies", "Concept welstandsadvies", "intern", "in_bewerking"),),
    ),
    DemoZaak(
        6,
        "melding_openbare_ruimte",
        "Kapotte lantaarnpaal",
        "",
        FATIMA,
        VISSER,
        date(2026, 11, 20),
        1,
        documenten=(DemoDocument("melding", "Melding lantaarnpaal", "openbaar", "definitief"),),
    ),
    DemoZaak(
        7,
        "bezwaar",
        "Bezwaar tegen parkeerboete",
        "Hoorzitting in december.",
        FATIMA,
        JANSEN,
        date(2026, 9, 15),
        2,
        documenten=(DemoDocument("aanvraag", "Bezwaarschrift", "beperkt_openbaar", "definitief"),),
    ),
    DemoZaak(
        8,
        "omgevingsvergunning",
        "Uitbouw achtertuin",
        "Buurvrouw (belanghebbende) heeft zorgen over bezonning.",
        PIETER,
        VISSER,
        date(2026, 8, 20),
        4,
        resultaat=0,
        belanghebbende=FATIMA,
        documenten=(
            AANVRAAG,
            DemoDocument(
                "besluit", "Besluit omgevingsvergunning", "openbaar", "definitief", verzonden=True
            ),
        ),
        extra=(
            ("publicatiedatum", date(2026, 9, 30)),
            ("laatste_betaaldatum", moment(date(2026, 8, 21), 16)),
            ("betalingsindicatie", "geheel"),
            ("archiefnominatie", "blijvend_bewaren"),
            ("archiefactiedatum", date(2046, 9, 30)),
            ("communicatiekanaal", "https://referentielijsten.example/communicatiekanalen/balie"),
            ("verlenging_reden", "Wachten op welstandsadvies"),
            ("verlenging_duur", "P28D"),
        ),
    ),
    DemoZaak(
        9,
        "parkeervergunning",
        "Parkeervergunning Kerkplein",
        "",
        SANNE,
        None,
        date(2026, 11, 27),
        0,
    ),
    DemoZaak(
        10,
        "evenementenvergunning",
        "Zomerfeest Demodam 2027",
        "Veiligheidsplan nog beoordelen met de brandweer.",
        ZOMERFEEST,
        JANSEN,
        date(2026, 11, 1),
        2,
        documenten=(AANVRAAG, DemoDocument("bijlage", "Veiligheidsplan", "openbaar", "definitief")),
        eigenschap=("bezoekers", "2500"),
        extra_rol=m.Vestiging(
            vestigings_nummer=ZOMERFEEST.vestigingsnummer,
            handelsnaam=["Zomerfeest Demodam"],
            kvk_nummer=ZOMERFEEST.kvk,
        ),
    ),
    DemoZaak(
        11,
        "evenementenvergunning",
        "Zomerfeest Demodam 2026",
        "",
        ZOMERFEEST,
        JANSEN,
        date(2026, 1, 10),
        3,
        resultaat=0,
        documenten=(
            DemoDocument("besluit", "Vergunning Zomerfeest 2026", "openbaar", "gearchiveerd"),
        ),
    ),
    DemoZaak(
        12,
        "integriteitsmelding",
        "Melding nevenwerkzaamheden",
        "Anoniem gemeld.",
        VISSER,
        JANSEN,
        date(2026, 10, 20),
        2,
        documenten=(DemoDocument("rapport", "Vooronderzoek", "geheim", "in_bewerking"),),
    ),
    DemoZaak(
        13,
        "bijzondere_bijstand",
        "Bijzondere bijstand verhuiskosten",
        "",
        PIETER,
        JANSEN,
        date(2026, 6, 1),
        3,
        resultaat=1,
    ),
)


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
