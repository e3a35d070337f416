"""Who may change what (acceptance 6 of issue 4), with valid input so that only the role is at
fault, and the database unchanged after every refusal:
- each mutation is refused for every role whose policy does not allow it (FORBIDDEN;
  UNAUTHENTICATED without a token) -- the matrix test checks the policy part with dummy input;
- a burger on a zaak that is not theirs (voegDocumentToe, stelVraag), on a zaak that does not
  exist (the same answer: nothing leaks), or acting for someone else;
- the KCC and a behandelaar on zaken outside their scope."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from gateway.authz.principal import Principal, Role
from gateway.runtime import Runtime
from registries.models import (
    BetrokkeneType,
    NatuurlijkPersoon,
    OmschrijvingGeneriek,
    Vertrouwelijkheid,
)
from registries.writes import NieuweRol
from tests.support.gevallen import BEHEER, GEVALLEN
from tests.support.graphql import codes, data, execute
from tests.support.mutaties import (
    ANONIEM,
    BEHANDELAAR,
    BURGER,
    FATIMA_BURGER,
    KCC,
    bestand,
    iot,
    toestand_van,
    zaak_url,
    zaaktype,
)

PRINCIPALS = {
    Role.BEHANDELAAR: BEHANDELAAR,
    Role.KCC: KCC,
    Role.BURGER: BURGER,
    Role.ANONIEM: ANONIEM,
}
ONBEKEND = "http://gateway.test/zaken/api/v1/zaken/00000000-0000-4000-8000-000000000000"


async def geweigerd(
    rt: Runtime, query: str, variables: dict[str, Any], principal: Principal, code: str
) -> list[dict[str, Any]]:
    """Run a mutation that must be refused with `code`; the database must not change (nor,
    on the zgw backend, anything upstream)."""
    voor = await toestand_van(rt)
    found, errors = await execute(rt, query, variables, principal=principal)
    assert codes(errors) == [code], errors
    assert found is None
    assert await toestand_van(rt) == voor
    return errors


@pytest.mark.parametrize("naam", [*GEVALLEN, *BEHEER])
async def test_refused_for_the_roles_whose_policy_does_not_allow_it(
    fresh_runtime: Runtime, naam: str
) -> None:
    geval = await {**GEVALLEN, **BEHEER}[naam](fresh_runtime)
    mutatie = naam.split(" ")[0]
    refused = 0
    for role, principal in PRINCIPALS.items():
        if fresh_runtime.policies[role].allows("Mutation", mutatie):
            continue
        code = "UNAUTHENTICATED" if role is Role.ANONIEM else "FORBIDDEN"
        errors = await geweigerd(fresh_runtime, geval.query, geval.variables(), principal, code)
        assert errors[0]["extensions"]["field"] == f"Mutation.{mutatie}"
        refused += 1
    assert refused >= 1  # anoniem at least
    # and the role the case is written for may (the input is valid)
    _, errors = await execute(
        fresh_runtime, geval.query, geval.variables(), principal=geval.principal
    )
    assert not errors, errors


VOEG_TOE = """mutation($z: String!, $d: DocumentInput!) {
  voegDocumentToe(zaak: $z, document: $d) { document { url } } }"""
VRAAG = """mutation($z: String!) { stelVraag(zaak: $z, vraag: "Hoe staat het ervoor?") {
  klantcontact { url } } }"""


async def test_a_burger_only_on_their_own_zaak(fresh_runtime: Runtime) -> None:
    rt = fresh_runtime
    bijlage = iot(await zaaktype(rt, "MELDING-OPENBARE-RUIMTE"), "Foto")
    fatimas = await zaak_url(rt, "ZAAK-2026-0000006")  # Fatima's open melding
    for zaak in (fatimas, ONBEKEND):
        document = {"informatieobjecttype": bijlage, "titel": "Foto", "bestand": bestand()}
        errors = await geweigerd(rt, VOEG_TOE, {"z": zaak, "d": document}, BURGER, "FORBIDDEN")
        assert errors[0]["extensions"]["field"] == "zaak"
        errors = await geweigerd(rt, VRAAG, {"z": zaak}, BURGER, "FORBIDDEN")
        assert errors[0]["extensions"]["field"] == "zaak"
    # the same message for a zaak that exists and one that does not: nothing leaks
    a = await execute(rt, VRAAG, {"z": fatimas}, principal=BURGER)
    b = await execute(rt, VRAAG, {"z": ONBEKEND}, principal=BURGER)
    assert a[1][0]["message"] == b[1][0]["message"]


async def test_a_burger_changes_only_zaken_they_started(fresh_runtime: Runtime) -> None:
    """A belanghebbende (the neighbour of an omgevingsvergunning) sees the zaak but may not add
    documents or questions to it: that is for the (mede-)initiator."""
    rt = fresh_runtime
    zt = await zaaktype(rt, "MELDING-OPENBARE-RUIMTE")
    fatimas = await zaak_url(rt, "ZAAK-2026-0000006")  # Fatima's open melding
    roltype = (
        await data(
            rt,
            """query($u: String!) { zaak(url: $u) { zaaktype { roltypen {
                 url omschrijving omschrijvingGeneriek } } } }""",
            {"u": fatimas},
            principal=BEHANDELAAR,
        )
    )["zaak"]["zaaktype"]["roltypen"]
    belang = next(r for r in roltype if r["omschrijvingGeneriek"] == "BELANGHEBBENDE")
    async with rt.registries.schrijf() as s:  # the embedded store, or Open Zaak (zgw)
        await s.maak_rol(
            fatimas,
            NieuweRol(
                roltype=belang["url"],
                omschrijving=belang["omschrijving"],
                omschrijving_generiek=OmschrijvingGeneriek.BELANGHEBBENDE,
                betrokkene_type=BetrokkeneType.NATUURLIJK_PERSOON,
                betrokkene_identificatie=NatuurlijkPersoon(inp_bsn=BURGER.bsn or ""),
            ),
        )
    seen = await data(
        rt, "query($u: String!) { zaak(url: $u) { url } }", {"u": fatimas}, principal=BURGER
    )
    assert seen["zaak"] == {"url": fatimas}  # Jan sees it, as a belanghebbende
    document = {"informatieobjecttype": iot(zt, "Foto"), "titel": "Foto", "bestand": bestand()}
    await geweigerd(rt, VOEG_TOE, {"z": fatimas, "d": document}, BURGER, "FORBIDDEN")
    await geweigerd(rt, VRAAG, {"z": fatimas}, BURGER, "FORBIDDEN")
    # and Fatima, the initiator, may
    found = await data(rt, VRAAG, {"z": fatimas}, principal=FATIMA_BURGER)
    assert found["stelVraag"]["klantcontact"]["url"]


async def test_a_burger_may_not_apply_for_someone_else(fresh_runtime: Runtime) -> None:
    errors = await geweigerd(
        fresh_runtime,
        "mutation($a: AanvraagInput!) { dienAanvraagIn(aanvraag: $a) { url } }",
        {
            "a": {
                "zaaktype": "PARKEERVERGUNNING",
                "gegevens": {},
                "idempotentieSleutel": "namens-1",
                "namens": {"bsn": "999990019"},
            }
        },
        BURGER,
        "FORBIDDEN",
    )
    assert errors[0]["extensions"]["field"] == "aanvraag.namens"


async def test_the_kcc_and_behandelaars_only_within_their_scope(fresh_runtime: Runtime) -> None:
    rt = fresh_runtime
    bijstand = await zaak_url(rt, "ZAAK-2026-0000003")  # zaakvertrouwelijk: beyond the KCC
    await geweigerd(
        rt,
        """mutation($z: String!) { registreerKlantcontact(klantcontact: {kanaal: "telefoon",
             onderwerp: "Vraag", zaak: $z}) { klantcontact { url } } }""",
        {"z": bijstand},
        KCC,
        "FORBIDDEN",
    )
    parkeren = await zaak_url(rt, "ZAAK-2026-0000001")
    alleen_bezwaar = dataclasses.replace(BEHANDELAAR, zaaktypen=frozenset({"BEZWAAR"}))
    wijzig = """mutation($z: String!) { wijzigZaak(zaak: $z, wijziging: {toelichting: "x"}) {
                  zaak { url } } }"""
    await geweigerd(rt, wijzig, {"z": parkeren}, alleen_bezwaar, "FORBIDDEN")
    errors = await geweigerd(
        rt,
        """mutation { registreerZaak(zaak: {zaaktype: "PARKEERVERGUNNING", omschrijving: "x"}) {
             zaak { url } } }""",
        {},
        alleen_bezwaar,
        "FORBIDDEN",
    )
    assert errors[0]["extensions"]["field"] == "zaak.zaaktype"
    openbaar = dataclasses.replace(BEHANDELAAR, max_vertrouwelijkheid=Vertrouwelijkheid.OPENBAAR)
    await geweigerd(rt, wijzig, {"z": bijstand}, openbaar, "FORBIDDEN")


async def test_unlinking_a_document_one_may_not_see(fresh_runtime: Runtime) -> None:
    """A behandelaar up to openbaar sees zaak 1 but not its beperkt openbaar letter: they may
    not unlink it either."""
    rt = fresh_runtime
    found = await data(
        rt,
        '{ zaak(identificatie: "ZAAK-2026-0000001") { url documenten { url titel } } }',
        principal=BEHANDELAAR,
    )
    brief = next(
        d["url"] for d in found["zaak"]["documenten"] if d["titel"] == "Ontvangstbevestiging"
    )
    openbaar = dataclasses.replace(BEHANDELAAR, max_vertrouwelijkheid=Vertrouwelijkheid.OPENBAAR)
    errors = await geweigerd(
        rt,
        """mutation($z: String!, $d: String!) { ontkoppelDocument(zaak: $z, document: $d) {
             zaak { url } } }""",
        {"z": found["zaak"]["url"], "d": brief},
        openbaar,
        "FORBIDDEN",
    )
    assert errors[0]["extensions"]["field"] == "document"
