"""Notifications out (acceptance 5 of issue 4): every mutation appends the ZGW notifications
Open Zaak / Open Klant would send to the event log, in the same transaction as its change.

For each mutation: the same call failing just before its commit leaves no notification (and no
other row); the call that commits leaves exactly the expected notifications, in the order of
its writes (ids increasing), each valid against the Notificaties API's `Message` schema (from
ZGW_SPECS_DIR), with the right hoofdObject, resourceUrl and kenmerken."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import registries.sql.store
from gateway.authz.principal import Principal
from gateway.runtime import Runtime
from registries import models as m
from registries.sql.engine import schrijf_transactie
from registries.sql.notificaties import laatste_id
from registries.sql.seed.catalogus import CATALOGUS
from registries.sql.seed.writer import uid
from registries.sql.urls import RESOURCES
from tests.conftest import BASE_URL
from tests.support.graphql import codes, data, execute
from tests.support.mutaties import (
    BEHANDELAAR,
    BURGER,
    KCC,
    bestand,
    notificaties_na,
    toestand,
    zaaktype,
)
from tests.support.specs import maybe_validator, ontbreekt

SPEC = "notificaties-1.0.0.yaml"
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
             post: documenten(filter: {zonderZaak: true}) { nodes { url } } }""",
        principal=BEHANDELAAR,
    )
    docs = {d["titel"]: d["url"] for z in ("z1", "z4") for d in found[z]["documenten"]}
    return {"zaak1": found["z1"]["url"], "post": found["post"]["nodes"][0]["url"], **docs}


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
    poststuk = rt.store.urls.url("informatieobjecttype", uid("informatieobjecttype", "melding"))
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
        lambda: {"z": urls["zaak1"], "d": urls["post"]},
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


@contextlib.asynccontextmanager
async def faalt_voor_commit(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """The store's write transaction, failing after the mutation wrote everything."""
    async with schrijf_transactie(engine) as conn:
        yield conn
        raise RuntimeError("injected: the commit fails")


def test_every_mutation_is_covered(fresh_runtime: Runtime) -> None:
    mutation_type = fresh_runtime.schema._schema.mutation_type
    assert mutation_type is not None
    assert {name.split(" ")[0] for name in GEVALLEN} == set(mutation_type.fields)


@pytest.mark.parametrize("naam", list(GEVALLEN))
async def test_notifications_of_each_mutation(
    fresh_runtime: Runtime, monkeypatch: pytest.MonkeyPatch, naam: str
) -> None:
    valideer = maybe_validator(SPEC, "Message")
    rt = fresh_runtime
    geval = await GEVALLEN[naam](rt)
    voor = await toestand(rt.store.engine)

    with monkeypatch.context() as mp:
        mp.setattr(registries.sql.store, "schrijf_transactie", faalt_voor_commit)
        _, errors = await execute(rt, geval.query, geval.variables(), principal=geval.principal)
    assert codes(errors) == ["INTERNAL"], errors
    assert await toestand(rt.store.engine) == voor  # not one notification (nor anything else)

    _, errors = await execute(rt, geval.query, geval.variables(), principal=geval.principal)
    assert not errors, errors
    nieuw = await notificaties_na(rt.store.engine, voor[1])
    assert [(n.kanaal, n.resource, n.actie) for n in nieuw] == geval.verwacht
    ids = [n.id for n in nieuw]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert await laatste_id(rt.store.engine) == ids[-1]
    for n in nieuw:
        if valideer is not None:
            valideer(n.bericht())
        await controleer(rt, n)
    if valideer is None:
        pytest.skip(f"all checked but the message schema: {ontbreekt(SPEC)}")


async def controleer(rt: Runtime, n: m.Notificatie) -> None:
    """hoofdObject, resourceUrl and kenmerken, against the objects as the registry has them."""
    assert n.resource_url.startswith(BASE_URL + RESOURCES[n.resource]), n
    if n.kanaal == "zaken":
        assert n.hoofd_object.startswith(BASE_URL + RESOURCES["zaak"])
        if n.resource == "zaak":
            assert n.resource_url == n.hoofd_object
        zaak = await data(
            rt,
            """query($u: String!) { zaak(url: $u) { bronorganisatie vertrouwelijkheidaanduiding
                 zaaktype { url } status { url } rollen { url } resultaat { url } } }""",
            {"u": n.hoofd_object},
            principal=BEHANDELAAR,
        )
        z = zaak["zaak"]
        assert n.kenmerken == {
            "bronorganisatie": z["bronorganisatie"],
            "zaaktype": z["zaaktype"]["url"],
            "zaaktype.catalogus": rt.store.urls.url("catalogus", CATALOGUS),
            "vertrouwelijkheidaanduiding": z["vertrouwelijkheidaanduiding"].lower(),
        }
        if n.resource == "rol":
            assert n.resource_url in {r["url"] for r in z["rollen"]}
        if n.resource == "resultaat":
            assert n.resource_url == z["resultaat"]["url"]
        if n.resource == "status":
            statussen = await data(
                rt,
                "query($u: String!) { zaak(url: $u) { statussen { url } } }",
                {"u": n.hoofd_object},
                principal=BEHANDELAAR,
            )
            assert n.resource_url in {s["url"] for s in statussen["zaak"]["statussen"]}
    elif n.kanaal == "documenten":
        assert n.hoofd_object == n.resource_url
        doc = await data(
            rt,
            """query($u: String!) { document(url: $u) { bronorganisatie vertrouwelijkheidaanduiding
                 informatieobjecttype { url } } }""",
            {"u": n.hoofd_object},
            principal=BEHANDELAAR,
        )
        d = doc["document"]
        assert n.kenmerken == {
            "bronorganisatie": d["bronorganisatie"],
            "informatieobjecttype": d["informatieobjecttype"]["url"],
            "informatieobjecttype.catalogus": rt.store.urls.url("catalogus", CATALOGUS),
            "vertrouwelijkheidaanduiding": d["vertrouwelijkheidaanduiding"].lower(),
        }
    elif n.kanaal == "klantcontacten":
        assert n.hoofd_object == n.resource_url
        kc = await data(
            rt,
            "query($u: String!) { klantcontact(url: $u) { indicatieContactGelukt } }",
            {"u": n.hoofd_object},
            principal=BEHANDELAAR,
        )
        assert (
            n.kenmerken["indicatieContactGelukt"]
            == str(kc["klantcontact"]["indicatieContactGelukt"]).lower()
        )
    else:
        assert n.kanaal == "internetaken"
        assert n.hoofd_object == n.resource_url
        assert n.kenmerken["status"] == "te_verwerken"
        assert n.kenmerken["gevraagdeHandeling"]


async def test_dien_aanvraag_in_notifies_in_the_order_of_its_writes(
    fresh_runtime: Runtime,
) -> None:
    """The zaak before its rol before its documents before its status (so that a consumer
    acting on the status finds the initiator and the documents), with increasing ids and
    non-decreasing aanmaakdatum."""
    geval = await dien_aanvraag_in(fresh_runtime)
    voor = await laatste_id(fresh_runtime.store.engine)
    await data(fresh_runtime, geval.query, geval.variables(), principal=BURGER)
    nieuw = await notificaties_na(fresh_runtime.store.engine, voor)
    resources = [n.resource for n in nieuw]
    assert (
        resources.index("zaak")
        < resources.index("rol")
        < resources.index("enkelvoudiginformatieobject")
        < resources.index("status")
        == len(resources) - 1
    )
    momenten = [n.aanmaakdatum for n in nieuw]
    assert momenten == sorted(momenten)
    assert len({n.hoofd_object for n in nieuw if n.kanaal == "zaken"}) == 1
