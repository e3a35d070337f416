"""The benchmark scenarios: real operations a user sends, each with its role.

Each read scenario has a hand-written SQL twin in `bench.baseline` that returns the same JSON.
A scenario cycles through a list of variable sets (e.g. different zaken for the detail view),
so that neither side answers the same rows from a hot cache every time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from registries.sql.seed.synthetic import BENCH_BSN_20, BENCH_BSN_100

MIJN_ZAKEN = """
query MijnZaken($first: Int!) {
  zaken(first: $first) {
    nodes {
      identificatie
      omschrijving
      startdatum
      einddatum
      uiterlijkeEinddatumAfdoening
      zaaktype { omschrijving onderwerp }
      statussen { datumStatusGezet statustype { statustekst volgnummer isEindstatus } }
      documenten { titel bestandsnaam bestandsomvang formaat registratiedatum inhoud }
    }
  }
}
"""

KCC_ZOEK_BSN = """
query KlantZoeken($bsn: String!) {
  zaken(filter: {bsn: $bsn}, first: 20) {
    totalCount
    nodes {
      identificatie
      omschrijving
      startdatum
      einddatum
      zaaktype { omschrijving }
      status { datumStatusGezet statustype { statustekst } }
      rollen { omschrijvingGeneriek naam }
      klantcontacten { nummer kanaal onderwerp plaatsgevondenOp }
    }
  }
}
"""

ZAAK_DETAIL = """
query ZaakDetail($identificatie: String!) {
  zaak(identificatie: $identificatie) {
    url
    identificatie
    bronorganisatie
    omschrijving
    toelichting
    registratiedatum
    startdatum
    einddatum
    einddatumGepland
    vertrouwelijkheidaanduiding
    archiefstatus
    zaaktype {
      identificatie
      omschrijving
      indicatieInternOfExtern
      doorlooptijd
      statustypen { omschrijving volgnummer isEindstatus }
    }
    status { datumStatusGezet statustoelichting statustype { omschrijving } }
    statussen { datumStatusGezet statustype { omschrijving volgnummer } }
    resultaat { toelichting resultaattype { omschrijving } }
    rollen {
      omschrijving
      omschrijvingGeneriek
      betrokkeneType
      naam
      roltype { omschrijving }
      betrokkeneIdentificatie {
        __typename
        ... on NatuurlijkPersoon { inpBsn geslachtsnaam }
        ... on NietNatuurlijkPersoon { kvkNummer statutaireNaam }
        ... on Medewerker { identificatie achternaam }
      }
    }
    eigenschappen { naam waarde }
    documenten {
      url
      titel
      status
      vertrouwelijkheidaanduiding
      formaat
      bestandsomvang
      creatiedatum
      informatieobjecttype { omschrijving }
    }
    klantcontacten { nummer kanaal onderwerp inhoud plaatsgevondenOp }
  }
}
"""

WERKVOORRAAD = """
query Werkvoorraad($first: Int!) {
  zaken(first: $first, filter: {open: true}) {
    pageInfo { hasNextPage endCursor }
    nodes {
      identificatie
      omschrijving
      startdatum
      einddatumGepland
      vertrouwelijkheidaanduiding
      zaaktype { identificatie omschrijving }
      status { datumStatusGezet statustype { omschrijving volgnummer } }
      rollen { omschrijvingGeneriek betrokkeneType naam }
    }
  }
}
"""

#: what an e-form sends: the aanvraag (attachments as `Upload`s in `aanvraag.bijlagen`, by the
#: GraphQL multipart request spec); it reads back the zaaknummer and whether it was a replay
DIEN_AANVRAAG_IN = """
mutation DienAanvraagIn($aanvraag: AanvraagInput!) {
  dienAanvraagIn(aanvraag: $aanvraag) { identificatie url hergebruikt }
}
"""


@dataclass(frozen=True)
class Role:
    """Who sends a scenario: the claims of their dev token."""

    role: str
    bsn: str | None = None
    subject: str | None = None


BURGER_100 = Role("burger", bsn=BENCH_BSN_100)
BURGER_20 = Role("burger", bsn=BENCH_BSN_20)
KCC = Role("kcc", subject="kcc-bench")
BEHANDELAAR = Role("behandelaar", subject="mdw-bench")


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    who: Role
    query: str
    #: name of the baseline function in `bench.baseline` (None: no baseline, e.g. a mutation)
    baseline: str | None
    #: kind of variable sets: fixed ones, or drawn from the data (see `bench.baseline.variables`)
    variables: tuple[dict[str, Any], ...] = ()
    draw: str | None = None
    #: the mutation field the schema must have for this scenario to run
    needs_field: str | None = None
    #: list size, for the "statements do not grow with the list" check
    size: int | None = None
    tags: tuple[str, ...] = field(default=())


READS: tuple[Scenario, ...] = (
    Scenario(
        "burger_mijn_zaken_20",
        'burger "mijn zaken", 20 zaken',
        BURGER_20,
        MIJN_ZAKEN,
        "mijn_zaken",
        variables=({"first": 100},),
        size=20,
        tags=("target_ratio", "authz"),
    ),
    Scenario(
        "burger_mijn_zaken_100",
        'burger "mijn zaken", 100 zaken',
        BURGER_100,
        MIJN_ZAKEN,
        "mijn_zaken",
        variables=({"first": 100},),
        size=100,
        tags=("target_ratio", "authz"),
    ),
    Scenario(
        "kcc_zoek_bsn",
        "KCC search by BSN",
        KCC,
        KCC_ZOEK_BSN,
        "kcc_zoek_bsn",
        draw="bsns",
    ),
    Scenario(
        "behandelaar_zaak_detail",
        "behandelaar zaak detail",
        BEHANDELAAR,
        ZAAK_DETAIL,
        "zaak_detail",
        draw="identificaties",
        tags=("target_rps", "authz"),
    ),
    Scenario(
        "behandelaar_werkvoorraad_100",
        "behandelaar list of 100 zaken",
        BEHANDELAAR,
        WERKVOORRAAD,
        "werkvoorraad",
        variables=({"first": 100},),
        size=100,
        tags=("authz",),
    ),
)

#: the same list at 10 zaken: only to show that statements per operation do not grow with size
WERKVOORRAAD_10 = Scenario(
    "behandelaar_werkvoorraad_10",
    "behandelaar list of 10 zaken",
    BEHANDELAAR,
    WERKVOORRAAD,
    "werkvoorraad",
    variables=({"first": 10},),
    size=10,
)

WRITES: tuple[Scenario, ...] = (
    Scenario(
        "burger_dien_aanvraag_in",
        "burger dienAanvraagIn with one attachment",
        BURGER_20,
        DIEN_AANVRAAG_IN,
        "dien_aanvraag_in",
        needs_field="dienAanvraagIn",
    ),
)
