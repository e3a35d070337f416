"""GEMMA pattern 1, productaanvraag via webformulier, over HTTP with dev tokens: a burger submits
an e-form with an attachment (GraphQL multipart request); the zaak is made with everything it
needs and forwarded to the zaakafhandelcomponent; then each role reads it back as its policy
says -- and a retry with the same idempotency key returns the same zaak."""

from __future__ import annotations

import json
import os

import httpx

from registries.sql.doorstuur_opdrachten import DoorstuurStatus
from tests.conftest import MaakRuntime
from tests.support.doel import Doel, tot
from tests.support.http import gql, gql_multipart, http_client, tokens
from tests.support.server import serve

PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)

DIEN_IN = """
mutation($a: AanvraagInput!) {
  dienAanvraagIn(aanvraag: $a) {
    identificatie url hergebruikt
    zaak { identificatie status { statustype { omschrijving } } documenten { titel } }
  }
}"""

ALS_BEHANDELAAR = """query($id: String!) { zaak(identificatie: $id) {
  omschrijving toelichting communicatiekanaal kenmerken { kenmerk bron }
  status { statustoelichting statustype { volgnummer omschrijving } }
  rollen { omschrijvingGeneriek naam
           betrokkeneIdentificatie { ... on NatuurlijkPersoon { inpBsn } } }
  eigenschappen { naam waarde }
  documenten { titel bestandsnaam formaat bestandsomvang status auteur inhoud } } }"""

ALS_KCC = """query($id: String!) { zaak(identificatie: $id) {
  identificatie toelichting status { statustype { omschrijving } }
  rollen { omschrijvingGeneriek naam } documenten { titel formaat bestandsomvang } } }"""

ALS_BURGER = """query($id: String!) { zaak(identificatie: $id) {
  identificatie omschrijving startdatum einddatumGepland
  statussen { statustype { statustekst } } rollen { naam }
  documenten { titel bestandsnaam inhoud } } }"""


async def test_productaanvraag_via_webformulier(maak_schrijf_runtime: MaakRuntime) -> None:
    zac = Doel()
    with serve(zac) as zac_url:
        async with (
            maak_schrijf_runtime(
                routering=json.dumps({"PARKEERVERGUNNING": f"{zac_url}/aanvragen"}),
                routering_auth="Token zac",
            ) as runtime,
            http_client(runtime) as client,
        ):
            t = tokens(runtime)
            aanvraag = {
                "zaaktype": "PARKEERVERGUNNING",
                "gegevens": {"kenteken": "AB-123-C", "zone": "B", "akkoord": True},
                "idempotentieSleutel": "of-2026-000123",
                "omschrijving": "Parkeervergunning Dorpsstraat 3",
                "bijlagen": [None],
            }
            body = await gql_multipart(
                client,
                DIEN_IN,
                t["burger"],
                {"a": aanvraag},
                {"a.bijlagen.0": ("0", ("kentekenbewijs.png", PNG, "image/png"))},
            )
            assert "errors" not in body, body
            result = body["data"]["dienAanvraagIn"]
            nummer = result["identificatie"]
            assert nummer.startswith("ZAAK-2026-") and result["hergebruikt"] is False
            assert result["zaak"]["status"] == {"statustype": {"omschrijving": "Ontvangen"}}
            assert sorted(d["titel"] for d in result["zaak"]["documenten"]) == [
                "Aanvraag Parkeervergunning",
                "kentekenbewijs.png",
            ]

            # behandelaar: everything
            zaak = (await gql(client, ALS_BEHANDELAAR, t["behandelaar"], id=nummer))["data"]["zaak"]
            assert zaak["omschrijving"] == "Parkeervergunning Dorpsstraat 3"
            assert zaak["communicatiekanaal"] == "webformulier"
            assert zaak["kenmerken"] == [{"kenmerk": "of-2026-000123", "bron": "webformulier"}]
            assert zaak["status"]["statustype"]["volgnummer"] == 1
            assert zaak["rollen"] == [
                {
                    "omschrijvingGeneriek": "INITIATOR",
                    "naam": "Jan de Vries",
                    "betrokkeneIdentificatie": {"inpBsn": "999993653"},
                }
            ]
            assert zaak["eigenschappen"] == [{"naam": "kenteken", "waarde": "AB-123-C"}]
            docs = {d["titel"]: d for d in zaak["documenten"]}
            assert docs["kentekenbewijs.png"]["bestandsomvang"] == len(PNG)
            assert docs["kentekenbewijs.png"]["formaat"] == "image/png"
            assert docs["Aanvraag Parkeervergunning"]["formaat"] == "application/pdf"
            assert {d["status"] for d in docs.values()} == {"DEFINITIEF"}

            # kcc: the zaak, names, document metadata -- not the eigenschappen
            kcc = (await gql(client, ALS_KCC, t["kcc"], id=nummer))["data"]["zaak"]
            assert kcc["rollen"] == [{"omschrijvingGeneriek": "INITIATOR", "naam": "Jan de Vries"}]
            assert len(kcc["documenten"]) == 2
            denied = await gql(
                client,
                "query($id: String!) { zaak(identificatie: $id) { eigenschappen { waarde } } }",
                t["kcc"],
                id=nummer,
            )
            assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"

            # burger: their own zaak, documents with a download; not the toelichting
            mijn = (await gql(client, ALS_BURGER, t["burger"], id=nummer))["data"]["zaak"]
            assert mijn["statussen"] == [
                {"statustype": {"statustekst": "Wij hebben uw aanvraag ontvangen."}}
            ]
            assert mijn["rollen"] == [{"naam": "Jan de Vries"}]
            bijlage = next(d for d in mijn["documenten"] if d["bestandsnaam"].endswith(".png"))
            download = await client.get(
                httpx.URL(bijlage["inhoud"]).path,
                headers={"Authorization": f"Bearer {t['burger']}"},
            )
            assert download.status_code == 200 and download.content == PNG
            toelichting = await gql(
                client,
                "query($id: String!) { zaak(identificatie: $id) { toelichting } }",
                t["burger"],
                id=nummer,
            )
            assert toelichting["errors"][0]["extensions"]["field"] == "Zaak.toelichting"
            # another burger: not theirs
            vreemd = await gql(client, ALS_BURGER, t["andere_burger"], id=nummer)
            assert vreemd["data"] is None or vreemd["data"]["zaak"] is None
            assert vreemd["errors"][0]["extensions"]["code"] == "NOT_FOUND"
            # the other file cannot be downloaded by the other burger either
            other = await client.get(
                httpx.URL(bijlage["inhoud"]).path,
                headers={"Authorization": f"Bearer {t['andere_burger']}"},
            )
            assert other.status_code == 404

            # the e-form retries (a lost answer): the same zaak, nothing new
            again = await gql_multipart(
                client,
                DIEN_IN,
                t["burger"],
                {"a": aanvraag},
                {"a.bijlagen.0": ("0", ("kentekenbewijs.png", PNG, "image/png"))},
            )
            assert again["data"]["dienAanvraagIn"]["identificatie"] == nummer
            assert again["data"]["dienAanvraagIn"]["hergebruikt"] is True
            again_docs = again["data"]["dienAanvraagIn"]["zaak"]["documenten"]
            assert len(again_docs) == 2

            # routed: the zaakafhandelcomponent got it, once
            async def doorgestuurd() -> bool:
                counts = await runtime.doorsturen.tellingen()
                return counts[DoorstuurStatus.AFGELEVERD.value] == 1

            await tot(doorgestuurd)
    [ontvangen] = zac.ontvangen
    assert ontvangen.headers["authorization"] == "Token zac"
    assert ontvangen.body["identificatie"] == nummer
    assert ontvangen.body["gegevens"] == aanvraag["gegevens"]
