"""GEMMA patterns 7, 8 and 9 -- documents:
7. the post room registers a letter without a zaak and starts a zaak from it;
8. a behandelaar adds a draft, changes its metadata, makes it definitief, links and unlinks it,
   and everyone downloads it through the gateway with their own authorisation;
9. a burger (and a company) adds a document to their own open zaak.
Each result is read back as each of the three roles."""

from __future__ import annotations

from typing import Any

import httpx

from gateway.runtime import Runtime
from registries.sql.seed.catalogus import iot_uuid
from tests.support.graphql import codes, data, execute
from tests.support.http import http_client, tokens
from tests.support.mutaties import (
    BEDRIJF,
    BEHANDELAAR,
    BURGER,
    FATIMA_BURGER,
    KCC,
    LEZERS,
    bestand,
    iot,
    object_url,
    zaak_url,
    zaaktype,
)

REGISTREER = """mutation($d: DocumentInput!) {
  registreerDocument(document: $d) { document { url titel status zaken { url } } } }"""
START = """mutation($d: String!, $o: String!, $i: BetrokkeneInput) {
  startZaakVanuitDocument(document: $d, zaaktype: "MELDING-OPENBARE-RUIMTE", omschrijving: $o,
                          initiator: $i) {
    zaak { identificatie communicatiekanaal documenten { url } rollen { naam } } } }"""
VOEG_TOE = """mutation($z: String!, $d: DocumentInput!) {
  voegDocumentToe(zaak: $z, document: $d) { document { url titel bestandsnaam } } }"""
WIJZIG = """mutation($d: String!, $w: DocumentWijzigingInput!) {
  wijzigDocument(document: $d, wijziging: $w) { document { titel status } } }"""
KOPPEL = """mutation($z: String!, $d: String!) {
  koppelDocument(zaak: $z, document: $d) { zaak { documenten { url } } } }"""
ONTKOPPEL = """mutation($z: String!, $d: String!) {
  ontkoppelDocument(zaak: $z, document: $d) { zaak { documenten { url } } } }"""
DOC = "query($u: String!) { document(url: $u) { titel } }"
ZAAK_DOCS = "query($id: String!) { zaak(identificatie: $id) { documenten { url titel } } }"


async def documenten_per_rol(runtime: Runtime, identificatie: str) -> dict[str, set[str]]:
    views = {}
    for role, principal in LEZERS.items():
        found = await data(runtime, ZAAK_DOCS, {"id": identificatie}, principal=principal)
        views[role] = {d["url"] for d in found["zaak"]["documenten"]}
    return views


async def ziet(runtime: Runtime, url: str) -> dict[str, bool]:
    seen = {}
    for role, principal in LEZERS.items():
        found, errors = await execute(runtime, DOC, {"u": url}, principal=principal)
        assert codes(errors) in ([], ["NOT_FOUND"]), errors
        seen[role] = bool(found and found["document"])
    return seen


async def test_patroon_7_zaak_starten_na_brief(fresh_runtime: Runtime) -> None:
    rt = fresh_runtime
    poststuk = object_url(rt, "informatieobjecttype", iot_uuid("inkomend_poststuk"))
    brief: dict[str, Any] = {
        "informatieobjecttype": poststuk,
        "titel": "Brief over losliggende stoeptegels",
        "bestand": bestand(b"%PDF-1.4 scan", "scan-0042.pdf"),
        "status": "DEFINITIEF",
        "ontvangstdatum": "2026-11-27",
    }
    made = await data(rt, REGISTREER, {"d": brief}, principal=BEHANDELAAR)
    doc = made["registreerDocument"]["document"]
    assert doc["zaken"] == [] and doc["status"] == "DEFINITIEF"
    # in the post room's inbox: the behandelaar sees it, nobody else (no zaak yet)
    assert await ziet(rt, doc["url"]) == {"behandelaar": True, "kcc": False, "burger": False}

    started = await data(
        rt,
        START,
        {"d": doc["url"], "o": "Stoeptegels Kerkstraat", "i": {"bsn": "999993653", "naam": "Jan"}},
        principal=BEHANDELAAR,
    )
    zaak = started["startZaakVanuitDocument"]["zaak"]
    assert zaak["documenten"] == [{"url": doc["url"]}]
    assert zaak["communicatiekanaal"] == "post"
    # the zaak is the burger's now; the letter (beperkt openbaar) is for the KCC, not the burger
    assert await documenten_per_rol(rt, zaak["identificatie"]) == {
        "behandelaar": {doc["url"]},
        "kcc": {doc["url"]},
        "burger": set(),
    }
    assert await ziet(rt, doc["url"]) == {"behandelaar": True, "kcc": True, "burger": False}


async def test_patroon_8_beheren_documenten(fresh_runtime: Runtime) -> None:
    rt = fresh_runtime
    zaak4 = await zaak_url(rt, "ZAAK-2026-0000004")  # omgevingsvergunning of Jan, open
    zaak5 = await zaak_url(rt, "ZAAK-2026-0000005")  # its (intern) welstandsadvies deelzaak
    bijlage = iot(await zaaktype(rt, "OMGEVINGSVERGUNNING"), "Bijlage bij aanvraag")
    inhoud = b"%PDF-1.4 bouwtekening v2"
    made = await data(
        rt,
        VOEG_TOE,
        {
            "z": zaak4,
            "d": {
                "informatieobjecttype": bijlage,
                "titel": "Bouwtekening v2",
                "bestand": bestand(inhoud, "bouwtekening-v2.pdf"),
                "status": "IN_BEWERKING",
                "vertrouwelijkheidaanduiding": "OPENBAAR",
            },
        },
        principal=BEHANDELAAR,
    )
    url = made["voegDocumentToe"]["document"]["url"]
    # a draft: not for the burger yet
    assert await ziet(rt, url) == {"behandelaar": True, "kcc": True, "burger": False}

    gewijzigd = await data(
        rt,
        WIJZIG,
        {"d": url, "w": {"titel": "Bouwtekening (definitief)", "status": "DEFINITIEF"}},
        principal=BEHANDELAAR,
    )
    assert gewijzigd["wijzigDocument"]["document"] == {
        "titel": "Bouwtekening (definitief)",
        "status": "DEFINITIEF",
    }
    assert await ziet(rt, url) == {"behandelaar": True, "kcc": True, "burger": True}
    _, errors = await execute(rt, WIJZIG, {"d": url, "w": {"titel": "x"}}, principal=BEHANDELAAR)
    assert codes(errors) == ["BAD_USER_INPUT"]  # definitief: final

    # downloads through the gateway, with each caller's own authorisation
    found = await data(
        rt, "query($u: String!) { document(url: $u) { inhoud } }", {"u": url}, principal=BEHANDELAAR
    )
    path = httpx.URL(found["document"]["inhoud"]).path
    t = tokens(rt)
    async with http_client(rt) as client:
        for role, status in (
            ("behandelaar", 200),
            ("kcc", 200),
            ("burger", 200),
            ("andere_burger", 404),
        ):
            response = await client.get(path, headers={"Authorization": f"Bearer {t[role]}"})
            assert response.status_code == status, role
            if status == 200:
                assert response.content == inhoud

    # link it to the deelzaak too, and unlink it again
    koppel = await data(rt, KOPPEL, {"z": zaak5, "d": url}, principal=BEHANDELAAR)
    assert {"url": url} in koppel["koppelDocument"]["zaak"]["documenten"]
    zaken = "query($u: String!) { document(url: $u) { zaken { identificatie } } }"
    beide = await data(rt, zaken, {"u": url}, principal=BEHANDELAAR)
    assert {z["identificatie"] for z in beide["document"]["zaken"]} == {
        "ZAAK-2026-0000004",
        "ZAAK-2026-0000005",
    }
    # the burger sees only the zaak that is theirs to see (the deelzaak is intern)
    burger = await data(rt, zaken, {"u": url}, principal=BURGER)
    assert burger["document"]["zaken"] == [{"identificatie": "ZAAK-2026-0000004"}]
    los = await data(rt, ONTKOPPEL, {"z": zaak5, "d": url}, principal=BEHANDELAAR)
    assert {"url": url} not in los["ontkoppelDocument"]["zaak"]["documenten"]
    na = await data(rt, zaken, {"u": url}, principal=BEHANDELAAR)
    assert na["document"]["zaken"] == [{"identificatie": "ZAAK-2026-0000004"}]


async def test_patroon_9_aanvullende_informatie(fresh_runtime: Runtime) -> None:
    rt = fresh_runtime
    zaak1 = await zaak_url(rt, "ZAAK-2026-0000001")  # Jan's parkeervergunning, open
    bijlage = iot(await zaaktype(rt, "PARKEERVERGUNNING"), "Bijlage bij aanvraag")
    made = await data(
        rt,
        VOEG_TOE,
        {
            "z": zaak1,
            "d": {
                "informatieobjecttype": bijlage,
                "titel": "Nieuw kentekenbewijs",
                "bestand": bestand(b"\x89PNG kenteken", "kenteken.png", "image/png"),
                # a burger's document is definitief, with the type's vertrouwelijkheid
                "status": "IN_BEWERKING",
                "vertrouwelijkheidaanduiding": "GEHEIM",
            },
        },
        principal=BURGER,
    )
    url = made["voegDocumentToe"]["document"]["url"]
    views = await documenten_per_rol(rt, "ZAAK-2026-0000001")
    assert all(url in urls for urls in views.values()), views
    found = await data(
        rt,
        "query($u: String!) { document(url: $u) { status vertrouwelijkheidaanduiding auteur } }",
        {"u": url},
        principal=BEHANDELAAR,
    )
    assert found["document"] == {
        "status": "DEFINITIEF",
        "vertrouwelijkheidaanduiding": "OPENBAAR",
        "auteur": "Jan de Vries",
    }
    # a company (eHerkenning) adds to its own open zaak the same way
    zaak10 = await zaak_url(rt, "ZAAK-2026-0000010")
    bijlage10 = iot(await zaaktype(rt, "EVENEMENTENVERGUNNING"), "Bijlage bij aanvraag")
    made = await data(
        rt,
        VOEG_TOE,
        {
            "z": zaak10,
            "d": {
                "informatieobjecttype": bijlage10,
                "titel": "Aangepast veiligheidsplan",
                "bestand": bestand(naam="veiligheidsplan-v2.pdf"),
            },
        },
        principal=BEDRIJF,
    )
    added = made["voegDocumentToe"]["document"]["url"]
    for principal in (BEHANDELAAR, KCC, BEDRIJF):
        found = await data(rt, ZAAK_DOCS, {"id": "ZAAK-2026-0000010"}, principal=principal)
        assert added in {d["url"] for d in found["zaak"]["documenten"]}, principal.role
    # not for a burger who is no betrokkene of the zaak
    assert await ziet(rt, added) == {"behandelaar": True, "kcc": True, "burger": False}
    found, errors = await execute(rt, DOC, {"u": url}, principal=FATIMA_BURGER)
    assert codes(errors) == ["NOT_FOUND"]
