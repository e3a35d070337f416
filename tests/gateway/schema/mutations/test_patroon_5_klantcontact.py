"""GEMMA pattern 5, KCC inzien en bijwerken: the KCC finds a caller's zaak and registers the
call as a klantcontact on it (with a task for the back office); the burger asks a question
about the same zaak in the portal. Each role then reads the klantcontacten it may see."""

from __future__ import annotations

from gateway.runtime import Runtime
from registries.sql.seed.demo import JAN
from tests.support.graphql import codes, data, execute
from tests.support.mutaties import BEHANDELAAR, BURGER, FATIMA_BURGER, KCC, tellingen, zaak_url
from tests.support.runtimes import fake_van


async def interne_taken(rt: Runtime) -> int:
    """Interne taken in the registry: the store's table, or Open Klant's (zgw)."""
    fake = fake_van(rt)
    if fake is not None:
        return len(fake.state.internetaken)
    return (await tellingen(rt.store.engine))["internetaak"]


REGISTREER = """mutation($k: KlantcontactInput!) {
  registreerKlantcontact(klantcontact: $k) {
    klantcontact { url nummer kanaal onderwerp zaken { identificatie }
                   betrokkenen { volledigeNaam initiator } }
    interneTaak { nummer gevraagdeHandeling status } } }"""
VRAAG = """mutation($u: String!, $v: String!) {
  stelVraag(zaak: $u, vraag: $v) {
    klantcontact { url kanaal onderwerp inhoud zaken { identificatie } } } }"""
CONTACTEN = {
    "behandelaar": """{ zaak(identificatie: "ZAAK-2026-0000001") {
        klantcontacten { url kanaal onderwerp inhoud
          betrokkenen { volledigeNaam partijIdentificatoren { objectId } } } } }""",
    "kcc": """{ zaak(identificatie: "ZAAK-2026-0000001") {
        klantcontacten { url kanaal onderwerp inhoud betrokkenen { volledigeNaam } } } }""",
    "burger": """{ zaak(identificatie: "ZAAK-2026-0000001") {
        klantcontacten { url kanaal onderwerp inhoud } } }""",
}


async def test_kcc_inzien_en_bijwerken(fresh_runtime: Runtime) -> None:
    rt = fresh_runtime
    url = await zaak_url(rt, "ZAAK-2026-0000001")
    # the KCC looks the caller up by BSN ...
    gevonden = await data(
        rt,
        '{ zaken(filter: {bsn: "999993653"}) { nodes { url identificatie toelichting } } }',
        principal=KCC,
    )
    assert url in {z["url"] for z in gevonden["zaken"]["nodes"]}
    # ... and registers the call on the zaak, with a task for the back office
    made = await data(
        rt,
        REGISTREER,
        {
            "k": {
                "kanaal": "telefoon",
                "onderwerp": "Wanneer gaat mijn vergunning in?",
                "inhoud": "Uitgelegd: binnen twee weken na betaling.",
                "zaak": url,
                "betrokkene": {"bsn": JAN.bsn, "naam": "Jan de Vries"},
                "interneTaak": {"gevraagdeHandeling": "Terugbellen na controle betaling"},
            }
        },
        principal=KCC,
    )
    kc = made["registreerKlantcontact"]
    assert kc["klantcontact"]["zaken"] == [{"identificatie": "ZAAK-2026-0000001"}]
    assert kc["klantcontact"]["betrokkenen"] == [
        {"volledigeNaam": "Jan de Vries", "initiator": True}
    ]
    assert kc["interneTaak"]["status"] == "te_verwerken"
    telefoon = kc["klantcontact"]["url"]

    # the burger asks a question about the same zaak in the portal: a klantcontact, and a
    # task for the back office
    voor = await interne_taken(rt)
    vraag = await data(
        rt, VRAAG, {"u": url, "v": "Kan ik de vergunning ook digitaal krijgen?"}, principal=BURGER
    )
    gesteld = vraag["stelVraag"]
    assert gesteld["klantcontact"]["kanaal"] == "website"
    assert gesteld["klantcontact"]["inhoud"] == "Kan ik de vergunning ook digitaal krijgen?"
    assert gesteld["klantcontact"]["zaken"] == [{"identificatie": "ZAAK-2026-0000001"}]
    assert await interne_taken(rt) == voor + 1
    # the burger may follow their question (nummer, status), not read the back office's task
    gevolgd = await data(
        rt,
        'mutation($u: String!) { stelVraag(zaak: $u, vraag: "?") { interneTaak { status } } }',
        {"u": url},
        principal=BURGER,
    )
    assert gevolgd["stelVraag"]["interneTaak"] == {"status": "te_verwerken"}
    _, errors = await execute(
        rt,
        'mutation($u: String!) { stelVraag(zaak: $u, vraag: "?") '
        "{ interneTaak { gevraagdeHandeling } } }",
        {"u": url},
        principal=BURGER,
    )
    assert codes(errors) == ["FORBIDDEN"]
    portaal = gesteld["klantcontact"]["url"]

    # read back: each role sees both contacts, with the fields its policy allows
    principals = {"behandelaar": BEHANDELAAR, "kcc": KCC, "burger": BURGER}
    for role, principal in principals.items():
        found = await data(rt, CONTACTEN[role], principal=principal)
        by_url = {k["url"]: k for k in found["zaak"]["klantcontacten"]}
        assert {telefoon, portaal} <= set(by_url), role
        assert by_url[telefoon]["inhoud"] == "Uitgelegd: binnen twee weken na betaling."
        assert by_url[portaal]["kanaal"] == "website"
    behandelaar = await data(rt, CONTACTEN["behandelaar"], principal=BEHANDELAAR)
    ids = {
        p["objectId"]
        for k in behandelaar["zaak"]["klantcontacten"]
        if k["url"] in (telefoon, portaal)
        for b in k["betrokkenen"]
        for p in b["partijIdentificatoren"]
    }
    assert ids == {JAN.bsn}
    # the burger may not see who else took part; another burger sees neither contact
    _, errors = await execute(rt, CONTACTEN["kcc"], principal=BURGER)
    assert codes(errors) == ["FORBIDDEN"]
    for contact in (telefoon, portaal):
        _, errors = await execute(
            rt,
            "query($u: String!) { klantcontact(url: $u) { url } }",
            {"u": contact},
            principal=FATIMA_BURGER,
        )
        assert codes(errors) == ["NOT_FOUND"]


async def test_a_klantcontact_without_zaak_for_another_caller(fresh_runtime: Runtime) -> None:
    """A general question (no zaak) of another caller: the KCC and behandelaar see it, the
    burger (not a betrokkene) does not."""
    made = await data(
        fresh_runtime,
        REGISTREER,
        {
            "k": {
                "kanaal": "balie",
                "onderwerp": "Afvalpas kwijt",
                "betrokkene": {"bsn": "999990019", "naam": "Fatima El Amrani"},
            }
        },
        principal=KCC,
    )
    url = made["registreerKlantcontact"]["klantcontact"]["url"]
    assert made["registreerKlantcontact"]["interneTaak"] is None
    query = "query($u: String!) { klantcontact(url: $u) { onderwerp } }"
    for principal in (KCC, BEHANDELAAR, FATIMA_BURGER):
        found = await data(fresh_runtime, query, {"u": url}, principal=principal)
        assert found["klantcontact"] == {"onderwerp": "Afvalpas kwijt"}
    _, errors = await execute(fresh_runtime, query, {"u": url}, principal=BURGER)
    assert codes(errors) == ["NOT_FOUND"]
