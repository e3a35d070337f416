"""Input validation of the mutations: a clear BAD_USER_INPUT that names the field at fault, and
nothing left behind (every table and the event log as before)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from gateway.authz.principal import Principal
from gateway.runtime import Runtime
from registries.sql.seed.writer import uid
from tests.conftest import schrijf_runtime
from tests.support.databases import SeededTemplate
from tests.support.fake_zgw import FakeZgw
from tests.support.graphql import codes, execute
from tests.support.mutaties import (
    BEHANDELAAR,
    BURGER,
    KCC,
    bestand,
    iot,
    object_url,
    toestand_van,
    zaak_url,
    zaaktype,
)

AANVRAAG = "mutation($a: AanvraagInput!) { dienAanvraagIn(aanvraag: $a) { url } }"
REGISTREER = "mutation($z: RegistreerZaakInput!) { registreerZaak(zaak: $z) { zaak { url } } }"
STATUS = """mutation($u: String!, $st: String!) {
  zetStatus(zaak: $u, statustype: $st) { zaak { url } } }"""
RESULTAAT = """mutation($u: String!, $rt: String!) {
  zetResultaat(zaak: $u, resultaattype: $rt) { zaak { url } } }"""
WIJZIG_ZAAK = """mutation($u: String!, $w: ZaakWijzigingInput!) {
  wijzigZaak(zaak: $u, wijziging: $w) { zaak { url } } }"""
VOEG_TOE = """mutation($z: String!, $d: DocumentInput!) {
  voegDocumentToe(zaak: $z, document: $d) { document { url } } }"""
WIJZIG_DOC = """mutation($d: String!) {
  wijzigDocument(document: $d, wijziging: {titel: "Nieuw"}) { document { url } } }"""
KLANTCONTACT = """mutation($k: KlantcontactInput!) {
  registreerKlantcontact(klantcontact: $k) { klantcontact { url } } }"""
KOPPEL = """mutation($z: String!, $d: String!) {
  koppelDocument(zaak: $z, document: $d) { zaak { url } } }"""
START = """mutation($d: String!, $i: BetrokkeneInput) {
  startZaakVanuitDocument(document: $d, zaaktype: "MELDING-OPENBARE-RUIMTE", omschrijving: "x",
                          initiator: $i) { zaak { url } } }"""

#: a large enough limit for the documents of the demo, small enough to exceed in a test
LIMIET = 10_000


@dataclass
class Fout:
    query: str
    principal: Principal
    variables: Callable[[Runtime], Awaitable[dict[str, Any]]]
    veld: str


def aanvraag(**velden: Any) -> dict[str, Any]:
    return {
        "a": {
            "zaaktype": "PARKEERVERGUNNING",
            "gegevens": {"kenteken": "AB-123-C"},
            "idempotentieSleutel": "validatie",
            **velden,
        }
    }


def vast(variables: dict[str, Any]) -> Callable[[Runtime], Awaitable[dict[str, Any]]]:
    async def make(rt: Runtime) -> dict[str, Any]:
        return variables

    return make


async def _zaak1_met(
    rt: Runtime, soort: str, zaaktype_id: str, *, eind: bool = False
) -> dict[str, Any]:
    """zaak 1 (a parkeervergunning) with a statustype/resultaattype of `zaaktype_id`."""
    zt = await zaaktype(rt, zaaktype_id)
    url = await zaak_url(rt, "ZAAK-2026-0000001")
    if soort == "statustype":
        return {"u": url, "st": zt["statustypen"][-1 if eind else 0]["url"]}
    return {"u": url, "rt": zt["resultaattypen"][0]["url"]}


async def _document(
    rt: Runtime, zaak: str = "ZAAK-2026-0000001", **bestand_args: Any
) -> dict[str, Any]:
    zt_id = "PARKEERVERGUNNING" if zaak == "ZAAK-2026-0000001" else "MELDING-OPENBARE-RUIMTE"
    type_ = iot(
        await zaaktype(rt, zt_id),
        "Bijlage bij aanvraag" if zt_id == "PARKEERVERGUNNING" else "Foto",
    )
    return {
        "z": await zaak_url(rt, zaak),
        "d": {
            "informatieobjecttype": type_,
            "titel": "Bijlage",
            "bestand": bestand(**bestand_args),
        },
    }


async def _oude_parkeervergunning(rt: Runtime) -> dict[str, Any]:
    return aanvraag(zaaktype=object_url(rt, "zaaktype", uid("zaaktype", "parkeervergunning_2023")))


async def _definitief(rt: Runtime) -> dict[str, Any]:
    from tests.support.graphql import data

    found = await data(
        rt,
        '{ zaak(identificatie: "ZAAK-2026-0000001") { documenten { url status } } }',
        principal=BEHANDELAAR,
    )
    return {"d": next(d["url"] for d in found["zaak"]["documenten"] if d["status"] == "DEFINITIEF")}


async def _sleutel_al_gebruikt(rt: Runtime) -> dict[str, Any]:
    """A key used before for another aanvraag (other form data): refused, not the old zaak."""
    from tests.support.graphql import data

    eerste = aanvraag(idempotentieSleutel="al-gebruikt", gegevens={"kenteken": "AA-111-A"})
    await data(rt, AANVRAAG, eerste, principal=BURGER)
    return aanvraag(idempotentieSleutel="al-gebruikt", gegevens={"kenteken": "ZZ-999-Z"})


async def _post_bij_parkeervergunning(rt: Runtime) -> dict[str, Any]:
    """The scanned letter (inkomend_poststuk) to a zaaktype that holds no such documents."""
    post = await _post(rt, {})
    return {"z": await zaak_url(rt, "ZAAK-2026-0000001"), "d": post["d"]}


async def _bijlage_van_parkeervergunning(rt: Runtime) -> dict[str, Any]:
    """A loose document of a parkeervergunning's type, to start a melding with."""
    from tests.support.graphql import data

    type_ = iot(await zaaktype(rt, "PARKEERVERGUNNING"), "Bijlage bij aanvraag")
    found = await data(
        rt,
        "mutation($d: DocumentInput!) { registreerDocument(document: $d) { document { url } } }",
        {"d": {"informatieobjecttype": type_, "titel": "Los", "bestand": bestand()}},
        principal=BEHANDELAAR,
    )
    return {"d": found["registreerDocument"]["document"]["url"], "i": None}


TE_GROOT = b"x" * (LIMIET + 1)

FOUTEN: dict[str, Fout] = {
    "idempotentieSleutel used before for another aanvraag": Fout(
        AANVRAAG, BURGER, _sleutel_al_gebruikt, "aanvraag.idempotentieSleutel"
    ),
    "koppelDocument: informatieobjecttype not of the zaaktype": Fout(
        KOPPEL, BEHANDELAAR, _post_bij_parkeervergunning, "document"
    ),
    "startZaakVanuitDocument: informatieobjecttype not of the zaaktype": Fout(
        START, BEHANDELAAR, _bijlage_van_parkeervergunning, "document"
    ),
    "unknown zaaktype": Fout(
        AANVRAAG, BURGER, vast(aanvraag(zaaktype="BESTAAT-NIET")), "aanvraag.zaaktype"
    ),
    "zaaktype not valid today": Fout(
        AANVRAAG, BURGER, _oude_parkeervergunning, "aanvraag.zaaktype"
    ),
    "zaaktype not valid today (registreerZaak)": Fout(
        REGISTREER,
        BEHANDELAAR,
        lambda rt: _registreer(rt),
        "zaak.zaaktype",
    ),
    "intern zaaktype for a burger": Fout(
        AANVRAAG, BURGER, vast(aanvraag(zaaktype="WELSTANDSADVIES")), "aanvraag.zaaktype"
    ),
    "statustype of another zaaktype": Fout(
        STATUS, BEHANDELAAR, lambda rt: _zaak1_met(rt, "statustype", "BEZWAAR"), "statustype"
    ),
    "resultaattype of another zaaktype": Fout(
        RESULTAAT,
        BEHANDELAAR,
        lambda rt: _zaak1_met(rt, "resultaattype", "BEZWAAR"),
        "resultaattype",
    ),
    "eindstatus without resultaat": Fout(
        STATUS,
        BEHANDELAAR,
        lambda rt: _zaak1_met(rt, "statustype", "PARKEERVERGUNNING", eind=True),
        "statustype",
    ),
    "file too large (declared size)": Fout(
        VOEG_TOE, BURGER, lambda rt: _document(rt, data=TE_GROOT), "document.bestand"
    ),
    "file too large (streamed, no size given)": Fout(
        VOEG_TOE,
        BEHANDELAAR,
        lambda rt: _document(rt, data=TE_GROOT, met_omvang=False),
        "document.bestand",
    ),
    "attachment too large": Fout(
        AANVRAAG,
        BURGER,
        vast(aanvraag(bijlagen=[bestand(), bestand(TE_GROOT, met_omvang=False)])),
        "aanvraag.bijlagen[1]",
    ),
    "content type not allowed": Fout(
        VOEG_TOE,
        BURGER,
        lambda rt: _document(rt, naam="x.exe", content_type="application/x-msdownload"),
        "document.bestand",
    ),
    "attachment of a type not allowed": Fout(
        AANVRAAG,
        BURGER,
        vast(aanvraag(bijlagen=[bestand(b"<html>", "x.html", "text/html")])),
        "aanvraag.bijlagen[0]",
    ),
    "closed zaak (wijzigZaak)": Fout(
        WIJZIG_ZAAK,
        BEHANDELAAR,
        lambda rt: _gesloten(rt, {"w": {"toelichting": "x"}}),
        "zaak",
    ),
    "closed zaak (burger voegDocumentToe)": Fout(
        VOEG_TOE, BURGER, lambda rt: _document(rt, "ZAAK-2026-0000002"), "zaak"
    ),
    "wijzigDocument on a definitief document": Fout(
        WIJZIG_DOC, BEHANDELAAR, _definitief, "document"
    ),
    "not a BSN (registreerZaak initiator)": Fout(
        REGISTREER,
        BEHANDELAAR,
        vast(
            {"z": {"zaaktype": "BEZWAAR", "omschrijving": "x", "initiator": {"bsn": "123456789"}}}
        ),
        "zaak.initiator.bsn",
    ),
    "no BSN or KvK (startZaakVanuitDocument initiator)": Fout(
        START, BEHANDELAAR, lambda rt: _post(rt, {"naam": "Iemand"}), "initiator"
    ),
    "empty kanaal (registreerKlantcontact)": Fout(
        KLANTCONTACT, KCC, vast({"k": {"kanaal": " ", "onderwerp": "Vraag"}}), "klantcontact.kanaal"
    ),
    "not a BSN (registreerKlantcontact betrokkene)": Fout(
        KLANTCONTACT,
        KCC,
        vast({"k": {"kanaal": "telefoon", "onderwerp": "Vraag", "betrokkene": {"bsn": "1"}}}),
        "klantcontact.betrokkene.bsn",
    ),
    "empty kanaal (stelVraag)": Fout(
        'mutation($z: String!) { stelVraag(zaak: $z, vraag: "?", kanaal: "") { klantcontact { url } } }',
        BURGER,
        lambda rt: _zaak1(rt),
        "kanaal",
    ),
    "datumStatusGezet without a time zone": Fout(
        """mutation($u: String!, $st: String!) { zetStatus(zaak: $u, statustype: $st,
             datumStatusGezet: "2026-11-28T10:00:00") { zaak { url } } }""",
        BEHANDELAAR,
        lambda rt: _zaak1_met(rt, "statustype", "PARKEERVERGUNNING"),
        "datumStatusGezet",
    ),
    "gegevens not an object": Fout(
        AANVRAAG, BURGER, vast(aanvraag(gegevens=[1, 2])), "aanvraag.gegevens"
    ),
}


async def _registreer(rt: Runtime) -> dict[str, Any]:
    url = object_url(rt, "zaaktype", uid("zaaktype", "parkeervergunning_2023"))
    return {"z": {"zaaktype": url, "omschrijving": "x"}}


async def _zaak1(rt: Runtime) -> dict[str, Any]:
    return {"z": await zaak_url(rt, "ZAAK-2026-0000001")}


async def _gesloten(rt: Runtime, extra: dict[str, Any]) -> dict[str, Any]:
    return {"u": await zaak_url(rt, "ZAAK-2026-0000002"), **extra}


async def _post(rt: Runtime, initiator: dict[str, Any]) -> dict[str, Any]:
    from tests.support.graphql import data

    found = await data(
        rt,
        "{ documenten(filter: {zonderZaak: true}) { nodes { url titel } } }",
        principal=BEHANDELAAR,
    )
    brief = next(
        d for d in found["documenten"]["nodes"] if d["titel"] == "Brief over geluidsoverlast"
    )
    return {"d": brief["url"], "i": initiator}


@pytest_asyncio.fixture(scope="module")
async def runtime(
    template: SeededTemplate, fake_zgw_schrijven: FakeZgw | None
) -> AsyncIterator[Runtime]:
    """One copy of the demo data for all cases: each must leave it as it was (on the zgw
    backend: nothing written upstream either)."""
    async with schrijf_runtime(template, fake_zgw_schrijven, max_document_bytes=LIMIET) as rt:
        yield rt


@pytest.mark.parametrize("naam", list(FOUTEN))
async def test_bad_input_is_named_and_leaves_nothing(runtime: Runtime, naam: str) -> None:
    fout = FOUTEN[naam]
    variables = await fout.variables(runtime)
    voor = await toestand_van(runtime)
    found, errors = await execute(runtime, fout.query, variables, principal=fout.principal)
    assert codes(errors) == ["BAD_USER_INPUT"], errors
    assert errors[0]["extensions"].get("field") == fout.veld, errors
    assert errors[0]["message"] and "Traceback" not in errors[0]["message"]
    assert found is None
    assert await toestand_van(runtime) == voor
