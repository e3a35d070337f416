"""The read schema against the demo data, on every backend (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.runtime import Runtime
from tests.conftest import behandelaar
from tests.support.graphql import codes, data, execute

JAN = "999993653"
FATIMA = "999990019"
ZOMERFEEST_KVK = "69599084"


async def ids(runtime: Runtime, filter: dict[str, Any], **args: Any) -> list[str]:
    query = """
    query($filter: ZaakFilter, $ordering: ZaakOrdering, $first: Int) {
      zaken(filter: $filter, ordering: $ordering, first: $first) { nodes { identificatie } }
    }"""
    variables = {"filter": filter, "first": 50, **args}
    found = await data(runtime, query, variables, principal=behandelaar())
    return [z["identificatie"] for z in found["zaken"]["nodes"]]


def z(*numbers: int) -> list[str]:
    return [f"ZAAK-2026-{n:07d}" for n in numbers]


async def test_zaak_by_identificatie_with_its_relations(demo_runtime: Runtime) -> None:
    found = await data(
        demo_runtime,
        """{
          zaak(identificatie: "ZAAK-2026-0000001") {
            identificatie omschrijving toelichting startdatum vertrouwelijkheidaanduiding
            zaaktype { identificatie omschrijving indicatieInternOfExtern }
            status { statustype { omschrijving volgnummer } }
            statussen { indicatieLaatstGezetteStatus statustype { volgnummer } }
            resultaat { toelichting }
            rollen { omschrijvingGeneriek naam roltype { omschrijving } }
            documenten { titel status registratiedatum informatieobjecttype { omschrijving } }
            klantcontacten { kanaal onderwerp }
            eigenschappen { naam waarde eigenschap { definitie } }
          }
        }""",
        principal=behandelaar(),
    )
    zaak = found["zaak"]
    assert zaak["identificatie"] == "ZAAK-2026-0000001"
    assert zaak["omschrijving"] == "Parkeervergunning Dorpsstraat"
    assert zaak["startdatum"] == "2026-10-12"
    assert zaak["vertrouwelijkheidaanduiding"] == "OPENBAAR"
    assert zaak["zaaktype"] == {
        "identificatie": "PARKEERVERGUNNING",
        "omschrijving": "Aanvraag parkeervergunning bewoners",
        "indicatieInternOfExtern": "EXTERN",
    }
    assert zaak["status"]["statustype"] == {"omschrijving": "In behandeling", "volgnummer": 3}
    assert [s["statustype"]["volgnummer"] for s in zaak["statussen"]] == [1, 2, 3]
    assert [s["indicatieLaatstGezetteStatus"] for s in zaak["statussen"]] == [False, False, True]
    assert zaak["resultaat"] is None
    rollen = {r["omschrijvingGeneriek"]: r for r in zaak["rollen"]}
    assert rollen["INITIATOR"]["naam"] == "Jan de Vries"
    assert rollen["INITIATOR"]["roltype"]["omschrijving"] == "Aanvrager"
    assert rollen["BEHANDELAAR"]["naam"] == "A. Jansen"
    assert [d["titel"] for d in zaak["documenten"]] == [
        "Aanvraagformulier",
        "Kentekenbewijs",
        "Ontvangstbevestiging",
    ]
    assert all(d["registratiedatum"] for d in zaak["documenten"])
    assert zaak["klantcontacten"] == [
        {"kanaal": "telefoon", "onderwerp": "Vraag over de status van mijn parkeervergunning"}
    ]
    assert zaak["eigenschappen"] == [
        {
            "naam": "kenteken",
            "waarde": "AB-123-C",
            "eigenschap": {"definitie": "Kenteken van het voertuig"},
        }
    ]


async def test_zaak_by_url_is_the_same_zaak(demo_runtime: Runtime) -> None:
    by_id = await data(
        demo_runtime,
        '{ zaak(identificatie: "ZAAK-2026-0000004") { url identificatie } }',
        principal=behandelaar(),
    )
    url = by_id["zaak"]["url"]
    assert url.startswith(demo_runtime.registries.zaken.zaak_url(""))
    by_url = await data(
        demo_runtime,
        "query($url: String!) { zaak(url: $url) { url identificatie } }",
        {"url": url},
        principal=behandelaar(),
    )
    assert by_url == by_id


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ({"bsn": JAN}, z(1, 2, 3, 4)),
        ({"bsn": FATIMA}, z(6, 7, 8)),  # initiator of 6 and 7, belanghebbende of 8
        ({"kvk": ZOMERFEEST_KVK}, z(10, 11)),
        ({"rsin": "123456782"}, z(10, 11)),
        ({"zaaktypeIdentificatie": "PARKEERVERGUNNING"}, z(1, 9)),
        ({"open": False}, z(2, 8, 11, 13)),
        ({"omschrijvingBevat": "ZOMERFEEST"}, z(10, 11)),
        ({"omschrijvingBevat": "100%_"}, []),
        ({"identificatie": "ZAAK-2026-0000007"}, z(7)),
        ({"startdatumVanaf": "2026-10-01", "startdatumTotEnMet": "2026-10-31"}, z(1, 4, 5, 12)),
        ({"bsn": JAN, "open": True}, z(1, 3, 4)),
    ],
)
async def test_zaken_filters(
    demo_runtime: Runtime, filter: dict[str, Any], expected: list[str]
) -> None:
    assert sorted(await ids(demo_runtime, filter)) == sorted(expected)


async def test_zaken_filter_on_zaaktype_url_and_current_statustype(demo_runtime: Runtime) -> None:
    found = await data(
        demo_runtime,
        """{ zaak(identificatie: "ZAAK-2026-0000001") {
               zaaktype { url } status { statustype { url } } } }""",
        principal=behandelaar(),
    )
    zaaktype = found["zaak"]["zaaktype"]["url"]
    statustype = found["zaak"]["status"]["statustype"]["url"]
    assert sorted(await ids(demo_runtime, {"zaaktype": [zaaktype]})) == z(1, 9)
    assert await ids(demo_runtime, {"statustype": statustype}) == z(1)


async def test_zaken_ordering(demo_runtime: Runtime) -> None:
    asc = await ids(demo_runtime, {}, ordering="IDENTIFICATIE_ASC")
    assert asc == z(*range(1, 14))
    by_start = await ids(demo_runtime, {}, ordering="STARTDATUM_ASC")
    assert by_start[0] == "ZAAK-2026-0000011" and by_start[-1] == "ZAAK-2026-0000009"
    newest_first = await ids(demo_runtime, {})
    assert newest_first == list(reversed(by_start))


async def test_zaken_pages_with_cursors_and_total(demo_runtime: Runtime) -> None:
    query = """
    query($after: String) {
      zaken(first: 5, after: $after, ordering: IDENTIFICATIE_ASC) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { identificatie } }
      }
    }"""
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        found = (await data(demo_runtime, query, {"after": after}, principal=behandelaar()))[
            "zaken"
        ]
        pages += 1
        assert found["totalCount"] == 13
        assert found["pageInfo"]["hasPreviousPage"] == (after is not None)
        assert found["pageInfo"]["startCursor"] == found["edges"][0]["cursor"]
        assert found["pageInfo"]["endCursor"] == found["edges"][-1]["cursor"]
        seen += [e["node"]["identificatie"] for e in found["edges"]]
        if not found["pageInfo"]["hasNextPage"]:
            break
        after = found["pageInfo"]["endCursor"]
    assert pages == 3
    assert seen == z(*range(1, 14))


async def test_hoofdzaak_and_deelzaken(demo_runtime: Runtime) -> None:
    found = await data(
        demo_runtime,
        """{
          hoofd: zaak(identificatie: "ZAAK-2026-0000004") {
            deelzaken { identificatie hoofdzaak { identificatie } } hoofdzaak { identificatie }
          }
          deel: zaak(identificatie: "ZAAK-2026-0000005") { hoofdzaak { identificatie } }
        }""",
        principal=behandelaar(),
    )
    assert found["hoofd"] == {
        "deelzaken": [
            {
                "identificatie": "ZAAK-2026-0000005",
                "hoofdzaak": {"identificatie": "ZAAK-2026-0000004"},
            }
        ],
        "hoofdzaak": None,
    }
    assert found["deel"]["hoofdzaak"] == {"identificatie": "ZAAK-2026-0000004"}


async def test_documents_and_the_way_back_to_zaken(demo_runtime: Runtime) -> None:
    found = await data(
        demo_runtime,
        """{
          documenten(first: 50) { totalCount nodes { url titel zaken { identificatie } } }
          postkamer: documenten(filter: {zonderZaak: true}) { nodes { titel zaken { identificatie } } }
          concept: documenten(filter: {status: IN_BEWERKING}) { nodes { titel } }
          bouw: documenten(filter: {titelBevat: "bouw"}) { nodes { titel } }
        }""",
        principal=behandelaar(),
    )
    assert found["documenten"]["totalCount"] == 20
    by_title = {d["titel"]: d for d in found["documenten"]["nodes"]}
    assert by_title["Kentekenbewijs"]["zaken"] == [{"identificatie": "ZAAK-2026-0000001"}]
    assert found["postkamer"]["nodes"] == [{"titel": "Brief over geluidsoverlast", "zaken": []}]
    assert sorted(d["titel"] for d in found["concept"]["nodes"]) == [
        "Bouwtekening (concept)",
        "Concept welstandsadvies",
        "Vooronderzoek",
    ]
    assert [d["titel"] for d in found["bouw"]["nodes"]] == ["Bouwtekening (concept)"]
    url = by_title["Kentekenbewijs"]["url"]
    one = await data(
        demo_runtime,
        """query($url: String!) { document(url: $url) {
             titel formaat bestandsnaam bestandsomvang inhoud registratiedatum
             informatieobjecttype { omschrijving url } } }""",
        {"url": url},
        principal=behandelaar(),
    )
    document = one["document"]
    assert document["formaat"] == "image/png"
    assert document["bestandsomvang"] > 0
    assert document["inhoud"].endswith("/inhoud")
    assert document["registratiedatum"] is None  # not reached through a zaak
    iot = document["informatieobjecttype"]["url"]
    by_type = await data(
        demo_runtime,
        "query($t: String!) { documenten(filter: {informatieobjecttype: $t}) { nodes { titel } } }",
        {"t": iot},
        principal=behandelaar(),
    )
    assert "Kentekenbewijs" in [d["titel"] for d in by_type["documenten"]["nodes"]]


async def test_klantcontacten_and_their_zaken(demo_runtime: Runtime) -> None:
    found = await data(
        demo_runtime,
        """{
          alle: klantcontacten(first: 50) { totalCount nodes { url nummer kanaal zaken { identificatie }
                 betrokkenen { volledigeNaam organisatienaam rol initiator
                               partijIdentificatoren { codeSoortObjectId objectId } }
                 onderwerpobjecten { codeObjecttype objectId } } }
          telefoon: klantcontacten(filter: {kanaal: "telefoon"}) { nodes { nummer } }
          jan: klantcontacten(filter: {bsn: "999993653"}) { nodes { nummer } }
          afval: klantcontacten(filter: {onderwerpBevat: "afvalpas"}) { nodes { nummer zaken { url } } }
        }""",
        principal=behandelaar(),
    )
    alle = found["alle"]
    assert alle["totalCount"] == 5
    by_nummer = {k["nummer"]: k for k in alle["nodes"]}
    assert by_nummer["0000000004"]["zaken"] == [{"identificatie": "ZAAK-2026-0000010"}]
    assert by_nummer["0000000004"]["betrokkenen"][0]["organisatienaam"].startswith("Evenementen")
    assert by_nummer["0000000001"]["betrokkenen"][0]["partijIdentificatoren"] == [
        {"codeSoortObjectId": "bsn", "objectId": JAN}
    ]
    assert sorted(k["nummer"] for k in found["telefoon"]["nodes"]) == [
        "0000000001",
        "0000000004",
        "0000000005",
    ]
    assert sorted(k["nummer"] for k in found["jan"]["nodes"]) == ["0000000001", "0000000003"]
    assert found["afval"]["nodes"] == [{"nummer": "0000000003", "zaken": []}]
    zaak_url = (
        await data(
            demo_runtime,
            '{ zaak(identificatie: "ZAAK-2026-0000006") { url } }',
            principal=behandelaar(),
        )
    )["zaak"]["url"]
    of_zaak = await data(
        demo_runtime,
        "query($z: String!) { klantcontacten(filter: {zaak: $z}) { nodes { nummer } } }",
        {"z": zaak_url},
        principal=behandelaar(),
    )
    assert of_zaak["klantcontacten"]["nodes"] == [{"nummer": "0000000002"}]
    one = await data(
        demo_runtime,
        "query($u: String!) { klantcontact(url: $u) { onderwerp zaken { identificatie } } }",
        {"u": by_nummer["0000000002"]["url"]},
        principal=behandelaar(),
    )
    assert one["klantcontact"]["zaken"] == [{"identificatie": "ZAAK-2026-0000006"}]


async def test_zaaktype_versions_and_children(demo_runtime: Runtime) -> None:
    found = await data(
        demo_runtime,
        """{
          nu: zaaktype(identificatie: "PARKEERVERGUNNING") {
            omschrijving beginGeldigheid eindeGeldigheid
            statustypen { volgnummer omschrijving isEindstatus statustekst }
            roltypen { omschrijvingGeneriek }
            resultaattypen { omschrijving archiefnominatie }
            informatieobjecttypen { omschrijving vertrouwelijkheidaanduiding }
            eigenschappen { naam specificatie { formaat } }
          }
          toen: zaaktype(identificatie: "PARKEERVERGUNNING", geldigOp: "2023-06-01") {
            omschrijving eindeGeldigheid
          }
          alle: zaaktypen { identificatie }
          versies: zaaktypen(identificatie: "PARKEERVERGUNNING") { versiedatum }
          geldig: zaaktypen(geldigOp: "2023-06-01") { identificatie }
        }""",
        principal=behandelaar(),
    )
    nu = found["nu"]
    assert nu["omschrijving"] == "Aanvraag parkeervergunning bewoners"
    assert nu["eindeGeldigheid"] is None
    assert [s["volgnummer"] for s in nu["statustypen"]] == [1, 2, 3, 4]
    assert [s["isEindstatus"] for s in nu["statustypen"]] == [False, False, False, True]
    assert {r["omschrijvingGeneriek"] for r in nu["roltypen"]} == {
        "INITIATOR",
        "BELANGHEBBENDE",
        "BEHANDELAAR",
        "KLANTCONTACTER",
    }
    assert [r["omschrijving"] for r in nu["resultaattypen"]] == ["Verleend", "Geweigerd"]
    assert [i["omschrijving"] for i in nu["informatieobjecttypen"]] == [
        "Aanvraag",
        "Bijlage bij aanvraag",
        "Besluit",
    ]
    assert nu["eigenschappen"] == [{"naam": "kenteken", "specificatie": {"formaat": "tekst"}}]
    assert found["toen"] == {
        "omschrijving": "Aanvraag parkeervergunning (tot 2024)",
        "eindeGeldigheid": "2023-12-31",
    }
    assert len(found["alle"]) == 9
    assert len(found["versies"]) == 2
    assert [zt["identificatie"] for zt in found["geldig"]] == ["PARKEERVERGUNNING"]


async def test_unknown_zaaktype_identificatie_is_not_found(demo_runtime: Runtime) -> None:
    result, errors = await execute(
        demo_runtime,
        '{ zaaktype(identificatie: "BESTAAT-NIET") { url } }',
        principal=behandelaar(),
    )
    assert result == {"zaaktype": None}
    assert codes(errors) == ["NOT_FOUND"]
