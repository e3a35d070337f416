"""GEMMA patterns 3 and 4, registreren and bijwerken zaak, as a behandelaar: register a zaak with
its initiator, change it, take it up the status ladder, set the resultaat, close it with the
eindstatus and reopen it -- each step read back as each of the three roles."""

from __future__ import annotations

from typing import Any

from gateway.runtime import Runtime
from tests.support.graphql import codes, data, execute
from tests.support.mutaties import BEHANDELAAR, BURGER, FATIMA_BURGER, LEZERS, zaaktype

REGISTREER = """mutation($z: RegistreerZaakInput!) {
  registreerZaak(zaak: $z) { zaak { url identificatie status { statustype { volgnummer } } } } }"""
WIJZIG = """mutation($u: String!, $w: ZaakWijzigingInput!) {
  wijzigZaak(zaak: $u, wijziging: $w) { zaak { toelichting opschorting { indicatie reden } } } }"""
STATUS = """mutation($u: String!, $st: String!, $t: String!, $h: Boolean! = false) {
  zetStatus(zaak: $u, statustype: $st, toelichting: $t, heropenen: $h) {
    zaak { einddatum status { statustype { omschrijving } } } } }"""
RESULTAAT = """mutation($u: String!, $rt: String!) {
  zetResultaat(zaak: $u, resultaattype: $rt, toelichting: "Tegels zijn vastgezet.") {
    zaak { resultaat { resultaattype { omschrijving } } } } }"""

#: what each role asks (its policy allows exactly these fields)
LEES = {
    "behandelaar": """query($id: String!) { zaak(identificatie: $id) {
        identificatie toelichting einddatum vertrouwelijkheidaanduiding
        opschorting { indicatie } status { statustype { omschrijving } }
        statussen { statustoelichting } resultaat { toelichting resultaattype { omschrijving } }
        rollen { omschrijvingGeneriek naam } } }""",
    "kcc": """query($id: String!) { zaak(identificatie: $id) {
        identificatie toelichting einddatum status { statustype { omschrijving } }
        rollen { omschrijvingGeneriek naam } } }""",
    "burger": """query($id: String!) { zaak(identificatie: $id) {
        identificatie einddatum statussen { statustype { statustekst } }
        resultaat { toelichting } rollen { naam } } }""",
}


async def lees(runtime: Runtime, identificatie: str) -> dict[str, Any]:
    views = {}
    for role, principal in LEZERS.items():
        found = await data(runtime, LEES[role], {"id": identificatie}, principal=principal)
        views[role] = found["zaak"]
    return views


async def test_registreren_en_bijwerken_zaak(fresh_runtime: Runtime) -> None:
    rt = fresh_runtime
    zt = await zaaktype(rt, "MELDING-OPENBARE-RUIMTE")
    ladder = {s["volgnummer"]: s["url"] for s in zt["statustypen"]}
    opgelost = next(r["url"] for r in zt["resultaattypen"] if r["omschrijving"] == "Opgelost")

    # pattern 3: registreren
    made = await data(
        rt,
        REGISTREER,
        {
            "z": {
                "zaaktype": "MELDING-OPENBARE-RUIMTE",
                "omschrijving": "Losse tegel Kerkstraat",
                "toelichting": "Telefonisch gemeld; melder is slecht ter been.",
                "initiator": {"bsn": "999993653", "naam": "Jan de Vries"},
            }
        },
        principal=BEHANDELAAR,
    )
    zaak = made["registreerZaak"]["zaak"]
    url, nummer = zaak["url"], zaak["identificatie"]
    assert zaak["status"] == {"statustype": {"volgnummer": 1}}
    views = await lees(rt, nummer)
    assert views["behandelaar"]["toelichting"].startswith("Telefonisch")
    assert views["behandelaar"]["vertrouwelijkheidaanduiding"] == "OPENBAAR"
    assert views["kcc"]["toelichting"].startswith("Telefonisch")
    assert views["kcc"]["rollen"] == [{"omschrijvingGeneriek": "INITIATOR", "naam": "Jan de Vries"}]
    assert views["burger"]["statussen"] == [
        {"statustype": {"statustekst": "Wij hebben uw melding ontvangen."}}
    ]
    # what the others may not see: the toelichting (burger), a zaak that is not theirs
    _, errors = await execute(rt, LEES["kcc"], {"id": nummer}, principal=BURGER)
    assert codes(errors) == ["FORBIDDEN"]
    _, errors = await execute(rt, LEES["burger"], {"id": nummer}, principal=FATIMA_BURGER)
    assert codes(errors) == ["NOT_FOUND"]

    # pattern 4: bijwerken
    gewijzigd = await data(
        rt,
        WIJZIG,
        {
            "u": url,
            "w": {
                "toelichting": "Aannemer ingeschakeld.",
                "opschorting": {"indicatie": True, "reden": "wacht op aannemer"},
            },
        },
        principal=BEHANDELAAR,
    )
    assert gewijzigd["wijzigZaak"]["zaak"] == {
        "toelichting": "Aannemer ingeschakeld.",
        "opschorting": {"indicatie": True, "reden": "wacht op aannemer"},
    }
    await data(rt, STATUS, {"u": url, "st": ladder[2], "t": "Ingepland"}, principal=BEHANDELAAR)
    views = await lees(rt, nummer)
    assert views["kcc"]["status"] == {"statustype": {"omschrijving": "Ingepland"}}
    assert views["kcc"]["toelichting"] == "Aannemer ingeschakeld."
    assert [s["statustype"]["statustekst"] for s in views["burger"]["statussen"]] == [
        "Wij hebben uw melding ontvangen.",
        "Uw melding is ingepland.",
    ]
    assert views["burger"]["resultaat"] is None

    resultaat = await data(rt, RESULTAAT, {"u": url, "rt": opgelost}, principal=BEHANDELAAR)
    assert resultaat["zetResultaat"]["zaak"]["resultaat"] == {
        "resultaattype": {"omschrijving": "Opgelost"}
    }
    eind = await data(rt, STATUS, {"u": url, "st": ladder[3], "t": "Klaar"}, principal=BEHANDELAAR)
    einddatum = eind["zetStatus"]["zaak"]["einddatum"]
    assert einddatum is not None
    views = await lees(rt, nummer)
    assert views["behandelaar"]["einddatum"] == einddatum
    assert views["behandelaar"]["resultaat"]["resultaattype"] == {"omschrijving": "Opgelost"}
    assert [s["statustoelichting"] for s in views["behandelaar"]["statussen"]] == [
        "",
        "Ingepland",
        "Klaar",
    ]
    assert views["kcc"]["einddatum"] == einddatum
    assert views["kcc"]["status"] == {"statustype": {"omschrijving": "Opgelost"}}
    assert views["burger"]["einddatum"] == einddatum
    assert views["burger"]["resultaat"] == {"toelichting": "Tegels zijn vastgezet."}

    # closed: no changes, until explicitly reopened (the behandelaar policy allows it)
    _, errors = await execute(
        rt, WIJZIG, {"u": url, "w": {"toelichting": "nog iets"}}, principal=BEHANDELAAR
    )
    assert codes(errors) == ["BAD_USER_INPUT"]
    heropend = await data(
        rt, STATUS, {"u": url, "st": ladder[2], "t": "Heropend", "h": True}, principal=BEHANDELAAR
    )
    assert heropend["zetStatus"]["zaak"] == {
        "einddatum": None,
        "status": {"statustype": {"omschrijving": "Ingepland"}},
    }
    assert (await lees(rt, nummer))["burger"]["einddatum"] is None


async def test_an_intern_zaak_is_seen_by_the_behandelaar_only(fresh_runtime: Runtime) -> None:
    made = await data(
        fresh_runtime,
        REGISTREER,
        {"z": {"zaaktype": "WELSTANDSADVIES", "omschrijving": "Advies erker"}},
        principal=BEHANDELAAR,
    )
    nummer = made["registreerZaak"]["zaak"]["identificatie"]
    found = await data(fresh_runtime, LEES["behandelaar"], {"id": nummer}, principal=BEHANDELAAR)
    assert found["zaak"]["vertrouwelijkheidaanduiding"] == "INTERN"
    assert found["zaak"]["rollen"] == []
    for role in ("kcc", "burger"):
        _, errors = await execute(fresh_runtime, LEES[role], {"id": nummer}, principal=LEZERS[role])
        assert codes(errors) == ["NOT_FOUND"], role
