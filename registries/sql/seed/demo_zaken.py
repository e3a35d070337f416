"""The demo municipality's people and zaken, as data: burgers, a company, medewerkers and the
zaken in every state with their documents (written by `registries.sql.seed.demo`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from registries import models as m
from registries.sql.seed.builders import Bedrijf, Medewerker, Persoon, moment
from registries.sql.seed.writer import uid

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
