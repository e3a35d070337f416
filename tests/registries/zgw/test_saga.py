"""Acceptance 4 of the ZGW issue, the saga test: dienAanvraagIn through the gateway against the
fake Open Zaak, with a failure injected after each of its write steps; a retry with the same
idempotency key completes the zaak exactly once. A failure that needs attention leaves a
`mislukt` saga that an operator sees, and a clear error.

dienAanvraagIn with one attachment and one eigenschap makes, in order: 1 zaaknummer
reservation, 2 zaak, 3 initiator rol, 4 summary document, 5 its link, 6 attachment, 7 its
link, 8 zaakeigenschap, 9 first status.
"""

from __future__ import annotations

import asyncio
import io
import json
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.datastructures import Headers, UploadFile

from gateway.authz.principal import Principal, Role
from gateway.runtime import Runtime
from registries import models as m
from registries.sql.saga_log import SagaStatus
from tests.conftest import behandelaar
from tests.registries.zgw.helpers import JAN
from tests.support.fake_zgw import FakeZgw, SchrijfStoring
from tests.support.graphql import codes, data, execute

BURGER = Principal(role=Role.BURGER, subject=JAN.bsn, bsn=JAN.bsn, naam="Jan de Vries")
BIJLAGE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8

DIEN_IN = """mutation($a: AanvraagInput!) {
  dienAanvraagIn(aanvraag: $a) { identificatie url hergebruikt } }"""

SAGAS = """query($s: SagaStatus, $f: Boolean) { sagas(status: $s, metFout: $f) {
  totalCount pageInfo { hasNextPage } edges { cursor node { sleutel } } nodes {
  soort sleutel subject status laatsteFout foutCode aangemaakt bijgewerkt
  stappen { volgnummer soort klaar url } zaak { identificatie } } } }"""

#: (method, path, which one): the write steps of dienAanvraagIn, in order
STAPPEN = [
    ("POST", "/zaaknummer_reserveren", 1),
    ("POST", "/zaken", 1),
    ("POST", "/rollen", 1),
    ("POST", "/enkelvoudiginformatieobjecten", 1),
    ("POST", "/zaakinformatieobjecten", 1),
    ("POST", "/enkelvoudiginformatieobjecten", 2),
    ("POST", "/zaakinformatieobjecten", 2),
    ("POST", "/zaken/{uuid}/zaakeigenschappen", 1),
    ("POST", "/statussen", 1),
]
SOORTEN = [
    "reserveer_zaaknummer",
    "maak_zaak",
    "maak_rol",
    "maak_document",
    "koppel_document",
    "maak_document",
    "koppel_document",
    "maak_zaakeigenschap",
    "maak_status",
]


def aanvraag(sleutel: str) -> dict[str, Any]:
    return {
        "zaaktype": "PARKEERVERGUNNING",
        "gegevens": {"kenteken": "AB-123-C", "zone": "B"},
        "idempotentieSleutel": sleutel,
        "omschrijving": "Parkeervergunning Dorpsstraat 3",
        "bijlagen": [
            UploadFile(
                io.BytesIO(BIJLAGE),
                size=len(BIJLAGE),
                filename="kenteken.png",
                headers=Headers({"content-type": "image/png"}),
            )
        ],
    }


async def dien_in(runtime: Runtime, sleutel: str) -> tuple[Any, list[dict[str, Any]]]:
    return await execute(runtime, DIEN_IN, {"a": aanvraag(sleutel)}, principal=BURGER)


@dataclass
class Telling:
    zaken: int
    initiators: int
    statussen: int
    documenten: int
    links: int
    eigenschappen: int


def tel(fake: FakeZgw, sleutel: str) -> Telling:
    """What exists upstream for the aanvraag with this key (its kenmerk)."""
    d = fake.state.data
    zaken = [z for z in d.zaken.values() if any(k.kenmerk == sleutel for k in z.kenmerken)]
    urls = {z.url for z in zaken}
    nummers = {z.identificatie for z in zaken}
    return Telling(
        zaken=len(zaken),
        initiators=sum(
            1
            for u in urls
            for r in d.rollen.get(u, ())
            if r.omschrijving_generiek is m.OmschrijvingGeneriek.INITIATOR
        ),
        statussen=sum(len(d.statussen.get(u, ())) for u in urls),
        documenten=sum(
            1
            for doc in d.documenten.values()
            if doc.identificatie.split("-AANVRAAG")[0].split("-BIJLAGE")[0] in nummers
        ),
        links=sum(len(d.zaakinformatieobjecten.get(u, ())) for u in urls),
        eigenschappen=sum(len(d.eigenschappen.get(u, ())) for u in urls),
    )


EEN_KEER = Telling(zaken=1, initiators=1, statussen=1, documenten=2, links=2, eigenschappen=1)


async def test_without_faults_the_aanvraag_is_nine_writes_and_a_retry_none(
    zgw_runtime: Runtime, schrijf_fake: FakeZgw
) -> None:
    found, errors = await dien_in(zgw_runtime, "of-0")
    assert not errors, errors
    assert found["dienAanvraagIn"]["hergebruikt"] is False
    assert len(schrijf_fake.state.geschreven()) == len(STAPPEN)
    assert tel(schrijf_fake, "of-0") == EEN_KEER
    again, errors = await dien_in(zgw_runtime, "of-0")
    assert not errors and again["dienAanvraagIn"] == {
        **found["dienAanvraagIn"],
        "hergebruikt": True,
    }
    assert len(schrijf_fake.state.geschreven()) == len(STAPPEN)  # nothing new upstream
    saga = await zgw_runtime.saga_log.lees(JAN.bsn, "of-0")
    assert saga is not None and saga.status is SagaStatus.VOLTOOID
    assert [s.soort for s in saga.stappen] == SOORTEN
    assert all(s.klaar for s in saga.stappen)
    # every write carried the burger as the JWT's user
    assert {v.claims["user_id"] for v in schrijf_fake.state.geschreven() if v.claims} == {JAN.bsn}


@pytest.mark.parametrize("verloren", [False, True], ids=["500", "answer-lost"])
@pytest.mark.parametrize("stap", range(len(STAPPEN)), ids=lambda i: f"step{i + 1}")
async def test_a_failure_after_each_step_then_a_retry_completes_the_zaak_exactly_once(
    zgw_runtime: Runtime, schrijf_fake: FakeZgw, stap: int, verloren: bool
) -> None:
    method, pad, nummer = STAPPEN[stap]
    storing = schrijf_fake.state.schrijf_storing(
        SchrijfStoring(
            method,
            pad,
            "timeout" if verloren else "500",
            nummer=nummer,
            na_verwerking=verloren,
            vertraging=1.5,
        )
    )
    sleutel = f"of-{stap}-{verloren}"
    found, errors = await dien_in(zgw_runtime, sleutel)
    assert found is None and codes(errors) == ["UPSTREAM_UNAVAILABLE"], errors
    assert "retry with the same idempotency key" in errors[0]["message"]
    assert errors[0]["extensions"]["saga"] == {
        "status": "BEZIG",
        "stap": stap + 1,
        "soort": SOORTEN[stap],
    }
    assert storing.geraakt == 1
    saga = await zgw_runtime.saga_log.lees(JAN.bsn, sleutel)
    assert saga is not None and saga.status is SagaStatus.BEZIG and saga.laatste_fout
    assert sum(s.klaar for s in saga.stappen) == stap  # the steps before it are recorded
    assert not saga.stappen[-1].klaar  # in flight: outcome unknown
    geschreven = len(schrijf_fake.state.geschreven())

    found, errors = await dien_in(zgw_runtime, sleutel)
    assert not errors, errors
    assert found["dienAanvraagIn"]["hergebruikt"] is False
    assert tel(schrijf_fake, sleutel) == EEN_KEER
    # the recorded steps were not made again; a lost answer was looked up, not repeated
    opnieuw = schrijf_fake.state.geschreven()[geschreven:]
    herhaald = 0 if verloren and stap > 0 else 1
    assert len(opnieuw) == len(STAPPEN) - stap - 1 + herhaald, [(v.method, v.pad) for v in opnieuw]
    saga = await zgw_runtime.saga_log.lees(JAN.bsn, sleutel)
    assert saga is not None and saga.status is SagaStatus.VOLTOOID and not saga.laatste_fout

    again, errors = await dien_in(zgw_runtime, sleutel)
    assert not errors and again["dienAanvraagIn"]["hergebruikt"] is True
    assert again["dienAanvraagIn"]["url"] == found["dienAanvraagIn"]["url"]
    assert tel(schrijf_fake, sleutel) == EEN_KEER


async def test_a_refused_step_is_mislukt_for_an_operator_and_a_retry_continues(
    zgw_runtime: Runtime, schrijf_fake: FakeZgw
) -> None:
    schrijf_fake.state.schrijf_storing(
        SchrijfStoring(
            "POST",
            "/rollen",
            "400",
            invalid=[("betrokkeneIdentificatie.inpBsn", "Onjuist BSN nummer.")],
        )
    )
    _, errors = await dien_in(zgw_runtime, "of-fout")
    assert codes(errors) == ["BAD_USER_INPUT"], errors
    assert errors[0]["extensions"]["field"] == "betrokkeneIdentificatie.inpBsn"
    assert errors[0]["extensions"]["saga"] == {"status": "MISLUKT", "stap": 3, "soort": "maak_rol"}
    assert "Onjuist BSN nummer" in errors[0]["message"]

    operator = await data(zgw_runtime, SAGAS, {"s": "MISLUKT"}, principal=behandelaar())
    [saga] = operator["sagas"]["nodes"]
    assert saga["sleutel"] == "of-fout" and saga["soort"] == "dienAanvraagIn"
    assert saga["status"] == "MISLUKT" and saga["foutCode"] == "BAD_USER_INPUT"
    assert "Onjuist BSN nummer" in saga["laatsteFout"]
    assert [(s["soort"], s["klaar"]) for s in saga["stappen"]] == [
        ("reserveer_zaaknummer", True),
        ("maak_zaak", True),
        ("maak_rol", False),
    ]
    assert saga["stappen"][1]["url"].startswith(schrijf_fake.url("zaken"))
    assert saga["zaak"]["identificatie"].startswith("ZAAK-")  # what exists upstream
    # other roles do not see the operator view
    _, denied = await execute(zgw_runtime, SAGAS, {}, principal=BURGER)
    assert codes(denied) == ["FORBIDDEN"] or "sagas" in denied[0]["message"]

    # the cause is fixed (here: the fault goes away); the same key continues from step 3
    _, errors = await dien_in(zgw_runtime, "of-fout")
    assert not errors, errors
    assert tel(schrijf_fake, "of-fout") == EEN_KEER
    assert (await data(zgw_runtime, SAGAS, {"s": "MISLUKT"}, principal=behandelaar()))["sagas"][
        "totalCount"
    ] == 0


async def test_refused_credentials_say_so_and_are_mislukt(
    zgw_runtime: Runtime, schrijf_fake: FakeZgw
) -> None:
    schrijf_fake.state.schrijf_storing(SchrijfStoring("POST", "/statussen", "403"))
    _, errors = await dien_in(zgw_runtime, "of-403")
    assert codes(errors) == ["UPSTREAM_UNAVAILABLE"]
    assert "refused the gateway's credentials" in errors[0]["message"]
    assert errors[0]["extensions"]["saga"]["status"] == "MISLUKT"
    saga = await zgw_runtime.saga_log.lees(JAN.bsn, "of-403")
    assert saga is not None and saga.status is SagaStatus.MISLUKT
    assert saga.fout_code == "UPSTREAM_UNAVAILABLE"


async def test_the_same_key_at_the_same_time_makes_one_zaak(
    zgw_runtime: Runtime, schrijf_fake: FakeZgw
) -> None:
    """Concurrent retries wait for the run that holds the key, and answer with its zaak."""
    results = await asyncio.gather(*(dien_in(zgw_runtime, "of-tegelijk") for _ in range(5)))
    assert all(not e for _, e in results), results
    answers = [f["dienAanvraagIn"] for f, _ in results]
    assert sorted(a["hergebruikt"] for a in answers) == [False] + [True] * 4
    assert len({a["url"] for a in answers}) == 1
    assert tel(schrijf_fake, "of-tegelijk") == EEN_KEER
    assert len(schrijf_fake.state.geschreven()) == len(STAPPEN)


async def test_a_key_held_too_long_by_another_request_is_a_conflict(
    zgw_runtime: Runtime, schrijf_fake: FakeZgw
) -> None:
    assert zgw_runtime.zgw is not None and zgw_runtime.zgw.schrijven is not None
    zgw_runtime.zgw.schrijven.upstream.claim_wacht = 0.3
    # a first attempt stopped at step 3; then another request takes the saga and stalls
    schrijf_fake.state.schrijf_storing(SchrijfStoring("POST", "/rollen", "500"))
    await dien_in(zgw_runtime, "of-bezet")
    saga = await zgw_runtime.saga_log.lees(JAN.bsn, "of-bezet")
    assert saga is not None
    await zgw_runtime.saga_log.neem(
        JAN.bsn, "of-bezet", "dienAanvraagIn", "een-ander", saga.vingerafdruk
    )
    geschreven = len(schrijf_fake.state.geschreven())
    _, errors = await dien_in(zgw_runtime, "of-bezet")
    assert codes(errors) == ["CONFLICT"] and errors[0]["extensions"]["retry"] is True
    assert "being processed" in errors[0]["message"]
    assert len(schrijf_fake.state.geschreven()) == geschreven


async def test_a_key_of_another_mutation_is_refused(
    zgw_runtime: Runtime, schrijf_fake: FakeZgw
) -> None:
    await zgw_runtime.saga_log.neem(JAN.bsn, "of-ander", "iets-anders", "x")
    await zgw_runtime.saga_log.laat_los(JAN.bsn, "of-ander", "x")
    _, errors = await dien_in(zgw_runtime, "of-ander")
    assert codes(errors) == ["CONFLICT"] and "new key" in errors[0]["message"]
    assert schrijf_fake.state.geschreven() == []


REGISTREER = """mutation($z: RegistreerZaakInput!) {
  registreerZaak(zaak: $z) { zaak { identificatie status { statustype { omschrijving } } } } }"""


async def test_a_mutation_without_key_that_fails_is_recorded_for_an_operator(
    zgw_runtime: Runtime, schrijf_fake: FakeZgw
) -> None:
    schrijf_fake.state.schrijf_storing(SchrijfStoring("POST", "/statussen", "503"))
    variables = {
        "z": {
            "zaaktype": "PARKEERVERGUNNING",
            "omschrijving": "Handmatig",
            "initiator": {"bsn": JAN.bsn, "naam": "Jan de Vries"},
        }
    }
    _, errors = await execute(zgw_runtime, REGISTREER, variables, principal=behandelaar())
    assert codes(errors) == ["UPSTREAM_UNAVAILABLE"]
    assert "cannot be resumed" in errors[0]["message"]
    found = await data(zgw_runtime, SAGAS, {"f": True}, principal=behandelaar())
    [saga] = found["sagas"]["nodes"]
    assert saga["sleutel"].startswith("zonder-sleutel:") and saga["subject"] == "mdw-0042"
    assert saga["status"] == "MISLUKT" and saga["soort"] == "registreerZaak"
    assert [s["soort"] for s in saga["stappen"]] == [
        "reserveer_zaaknummer",
        "maak_zaak",
        "maak_rol",
    ]
    # without faults the same mutation leaves no saga behind
    found = await data(zgw_runtime, REGISTREER, variables, principal=behandelaar())
    assert found["registreerZaak"]["zaak"]["status"] is not None
    assert (await data(zgw_runtime, SAGAS, {}, principal=behandelaar()))["sagas"]["totalCount"] == 1


def test_the_steps_are_those_of_the_mutation() -> None:
    """The list above is dienAanvraagIn's order (zgw-consumers.md: rol before the first status,
    so that notification consumers already find the initiator)."""
    assert [p for _, p, _ in STAPPEN].index("/rollen") < [p for _, p, _ in STAPPEN].index(
        "/statussen"
    )
    assert json.dumps(STAPPEN)


async def test_another_request_under_a_used_key_leaves_the_saga_as_it_was(
    zgw_runtime: Runtime, schrijf_fake: FakeZgw
) -> None:
    """The same key with other form data (here: no attachment) is refused as bad input, and the
    first request's saga is not touched."""
    schrijf_fake.state.schrijf_storing(SchrijfStoring("POST", "/statussen", "500"))
    _, errors = await dien_in(zgw_runtime, "of-anders")
    assert codes(errors) == ["UPSTREAM_UNAVAILABLE"]
    variables = {"a": {**aanvraag("of-anders"), "bijlagen": []}}
    schrijf_fake.state.schrijf_storingen.clear()
    _, errors = await execute(zgw_runtime, DIEN_IN, variables, principal=BURGER)
    assert codes(errors) == ["BAD_USER_INPUT"] and "different request" in errors[0]["message"]
    assert errors[0]["extensions"]["field"] == "aanvraag.idempotentieSleutel"
    saga = await zgw_runtime.saga_log.lees(JAN.bsn, "of-anders")
    assert saga is not None and saga.status is SagaStatus.BEZIG
    assert "server error" in saga.laatste_fout
    _, errors = await dien_in(zgw_runtime, "of-anders")  # the original request completes
    assert not errors and tel(schrijf_fake, "of-anders") == EEN_KEER
