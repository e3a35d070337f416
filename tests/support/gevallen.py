"""One valid call of every mutation, on the demo data, as a role its policy allows: a case
per mutation (some mutations twice: zetStatus with the eindstatus, zetResultaat changing one),
with the notifications it must write. Shared by the notification and role tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from gateway.authz.principal import Principal
from gateway.runtime import Runtime
from registries.sql.seed.writer import uid
from tests.support.graphql import data
from tests.support.mutaties import (
    BEHANDELAAR,
    BURGER,
    KCC,
    bestand,
    mislukte_opdracht,
    object_url,
    zaaktype,
)

Verwacht = list[tuple[str, str, str]]  # (kanaal, resource, actie)
ZAAK = ("zaken", "zaak", "create")
ROL = ("zaken", "rol", "create")
STATUS = ("zaken", "status", "create")
ZIO = ("zaken", "zaakinformatieobject", "create")
EIO = ("documenten", "enkelvoudiginformatieobject", "create")
KLANTCONTACT = [
    ("klantcontacten", "klantcontact", "create"),
    ("internetaken", "internetaak", "create"),
]


@dataclass
class Geval:
    query: str
    variables: Callable[[], dict[str, Any]]
    principal: Principal
    verwacht: Verwacht


Opzet = Callable[[Runtime], Awaitable[Geval]]


async def _urls(rt: Runtime) -> dict[str, str]:
    found = await data(
        rt,
        """{ z1: zaak(identificatie: "ZAAK-2026-0000001") { url documenten { url titel } }
             z4: zaak(identificatie: "ZAAK-2026-0000004") { documenten { url titel } }
             z6: zaak(identificatie: "ZAAK-2026-0000006") { url }
             post: documenten(filter: {zonderZaak: true}) { nodes { url } } }""",
        principal=BEHANDELAAR,
    )
    docs = {d["titel"]: d["url"] for z in ("z1", "z4") for d in found[z]["documenten"]}
    return {
        "zaak1": found["z1"]["url"],
        "melding": found["z6"]["url"],
        "post": found["post"]["nodes"][0]["url"],
        **docs,
    }


async def dien_aanvraag_in(rt: Runtime) -> Geval:
    return Geval(
        "mutation($a: AanvraagInput!) { dienAanvraagIn(aanvraag: $a) { url } }",
        lambda: {
            "a": {
                "zaaktype": "PARKEERVERGUNNING",
                "gegevens": {"kenteken": "AB-123-C"},
                "idempotentieSleutel": "n-1",
                "bijlagen": [bestand()],
            }
        },
        BURGER,
        [ZAAK, ROL, EIO, ZIO, EIO, ZIO, ("zaken", "zaakeigenschap", "create"), STATUS],
    )


async def registreer_zaak(rt: Runtime) -> Geval:
    return Geval(
        "mutation($z: RegistreerZaakInput!) { registreerZaak(zaak: $z) { zaak { url } } }",
        lambda: {
            "z": {
                "zaaktype": "MELDING-OPENBARE-RUIMTE",
                "omschrijving": "Boom omgewaaid",
                "initiator": {"bsn": "999990019"},
            }
        },
        BEHANDELAAR,
        [ZAAK, ROL, STATUS],
    )


async def wijzig_zaak(rt: Runtime) -> Geval:
    url = (await _urls(rt))["zaak1"]
    return Geval(
        'mutation($u: String!) { wijzigZaak(zaak: $u, wijziging: {toelichting: "x", '
        "vertrouwelijkheidaanduiding: BEPERKT_OPENBAAR}) { zaak { url } } }",
        lambda: {"u": url},
        BEHANDELAAR,
        [("zaken", "zaak", "partial_update")],
    )


ZET_STATUS = """mutation($u: String!, $st: String!) {
  zetStatus(zaak: $u, statustype: $st) { zaak { url } } }"""
ZET_RESULTAAT = """mutation($u: String!, $rt: String!) {
  zetResultaat(zaak: $u, resultaattype: $rt) { zaak { url } } }"""


async def zet_status(rt: Runtime) -> Geval:
    url = (await _urls(rt))["zaak1"]
    ladder = (await zaaktype(rt, "PARKEERVERGUNNING"))["statustypen"]
    return Geval(ZET_STATUS, lambda: {"u": url, "st": ladder[1]["url"]}, BEHANDELAAR, [STATUS])


async def zet_eindstatus(rt: Runtime) -> Geval:
    url = (await _urls(rt))["zaak1"]
    zt = await zaaktype(rt, "PARKEERVERGUNNING")
    await data(
        rt, ZET_RESULTAAT, {"u": url, "rt": zt["resultaattypen"][0]["url"]}, principal=BEHANDELAAR
    )
    return Geval(
        ZET_STATUS,
        lambda: {"u": url, "st": zt["statustypen"][-1]["url"]},
        BEHANDELAAR,
        [STATUS, ("zaken", "zaak", "partial_update")],
    )


async def zet_resultaat(rt: Runtime) -> Geval:
    url = (await _urls(rt))["zaak1"]
    zt = await zaaktype(rt, "PARKEERVERGUNNING")
    return Geval(
        ZET_RESULTAAT,
        lambda: {"u": url, "rt": zt["resultaattypen"][0]["url"]},
        BEHANDELAAR,
        [("zaken", "resultaat", "create")],
    )


async def wijzig_resultaat(rt: Runtime) -> Geval:
    geval = await zet_resultaat(rt)
    await data(rt, geval.query, geval.variables(), principal=BEHANDELAAR)
    geval.verwacht = [("zaken", "resultaat", "update")]
    return geval


DOCUMENT = "{ document { url } }"


async def registreer_document(rt: Runtime) -> Geval:
    poststuk = object_url(rt, "informatieobjecttype", uid("informatieobjecttype", "melding"))
    return Geval(
        "mutation($d: DocumentInput!) { registreerDocument(document: $d) " + DOCUMENT + " }",
        lambda: {"d": {"informatieobjecttype": poststuk, "titel": "Scan", "bestand": bestand()}},
        BEHANDELAAR,
        [EIO],
    )


async def start_zaak_vanuit_document(rt: Runtime) -> Geval:
    post = (await _urls(rt))["post"]
    return Geval(
        """mutation($d: String!) { startZaakVanuitDocument(document: $d,
             zaaktype: "MELDING-OPENBARE-RUIMTE", omschrijving: "Geluidsoverlast",
             initiator: {bsn: "999990032"}) { zaak { url } } }""",
        lambda: {"d": post},
        BEHANDELAAR,
        [ZAAK, ROL, ZIO, STATUS],
    )


async def voeg_document_toe(rt: Runtime) -> Geval:
    url = (await _urls(rt))["zaak1"]
    zt = await zaaktype(rt, "PARKEERVERGUNNING")
    besluit = next(i["url"] for i in zt["informatieobjecttypen"] if i["omschrijving"] == "Besluit")
    return Geval(
        "mutation($z: String!, $d: DocumentInput!) { voegDocumentToe(zaak: $z, document: $d) "
        + DOCUMENT
        + " }",
        lambda: {
            "z": url,
            "d": {"informatieobjecttype": besluit, "titel": "Besluit", "bestand": bestand()},
        },
        BEHANDELAAR,
        [EIO, ZIO],
    )


async def wijzig_document(rt: Runtime) -> Geval:
    concept = (await _urls(rt))["Bouwtekening (concept)"]
    return Geval(
        'mutation($d: String!) { wijzigDocument(document: $d, wijziging: {titel: "v2"}) '
        + DOCUMENT
        + " }",
        lambda: {"d": concept},
        BEHANDELAAR,
        [("documenten", "enkelvoudiginformatieobject", "partial_update")],
    )


async def koppel_document(rt: Runtime) -> Geval:
    urls = await _urls(rt)
    return Geval(
        "mutation($z: String!, $d: String!) { koppelDocument(zaak: $z, document: $d) "
        "{ zaak { url } } }",
        lambda: {"z": urls["melding"], "d": urls["post"]},  # a scanned letter about a melding
        BEHANDELAAR,
        [ZIO],
    )


async def ontkoppel_document(rt: Runtime) -> Geval:
    urls = await _urls(rt)
    return Geval(
        "mutation($z: String!, $d: String!) { ontkoppelDocument(zaak: $z, document: $d) "
        "{ zaak { url } } }",
        lambda: {"z": urls["zaak1"], "d": urls["Kentekenbewijs"]},
        BEHANDELAAR,
        [("zaken", "zaakinformatieobject", "destroy")],
    )


async def registreer_klantcontact(rt: Runtime) -> Geval:
    url = (await _urls(rt))["zaak1"]
    return Geval(
        """mutation($z: String!) { registreerKlantcontact(klantcontact: {kanaal: "telefoon",
             onderwerp: "Vraag", zaak: $z, betrokkene: {bsn: "999993653"},
             interneTaak: {gevraagdeHandeling: "Terugbellen"}}) { klantcontact { url } } }""",
        lambda: {"z": url},
        KCC,
        KLANTCONTACT,
    )


async def stel_vraag(rt: Runtime) -> Geval:
    url = (await _urls(rt))["zaak1"]
    return Geval(
        'mutation($z: String!) { stelVraag(zaak: $z, vraag: "Hoe lang nog?") '
        "{ klantcontact { url } } }",
        lambda: {"z": url},
        BURGER,
        KLANTCONTACT,
    )


async def opnieuw_doorsturen(rt: Runtime) -> Geval:
    nummer = await mislukte_opdracht(rt.store.engine, (await _urls(rt))["zaak1"])
    return Geval(
        "mutation($id: ID!) { opnieuwDoorsturen(id: $id) { id status } }",
        lambda: {"id": str(nummer)},
        BEHANDELAAR,
        [],
    )


#: mutations of the ZGW registries (each writes notifications in the registries' transaction)
GEVALLEN: dict[str, Opzet] = {
    "dienAanvraagIn": dien_aanvraag_in,
    "registreerZaak": registreer_zaak,
    "wijzigZaak": wijzig_zaak,
    "zetStatus": zet_status,
    "zetStatus (eindstatus)": zet_eindstatus,
    "zetResultaat": zet_resultaat,
    "zetResultaat (wijzigen)": wijzig_resultaat,
    "registreerDocument": registreer_document,
    "startZaakVanuitDocument": start_zaak_vanuit_document,
    "voegDocumentToe": voeg_document_toe,
    "wijzigDocument": wijzig_document,
    "koppelDocument": koppel_document,
    "ontkoppelDocument": ontkoppel_document,
    "registreerKlantcontact": registreer_klantcontact,
    "stelVraag": stel_vraag,
}

#: the gateway's own operations (no ZGW data changes, no notifications)
BEHEER: dict[str, Opzet] = {
    "opnieuwDoorsturen": opnieuw_doorsturen,
}
