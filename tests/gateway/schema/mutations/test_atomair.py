"""All or nothing (acceptance 3 of issue 4): a failure injected after each step of
dienAanvraagIn -- in turn, one run per step -- leaves no zaak, rol, status, document, content,
zaakinformatieobject, zaakeigenschap, notificatie, idempotency record, number or outbox row
behind, and nothing is forwarded; the submission then succeeds with the same key."""

from __future__ import annotations

import json
from typing import Any

import pytest

from registries.sql.doorstuur_opdrachten import DoorstuurStatus
from tests.conftest import cloned_runtime
from tests.support.databases import SeededTemplate
from tests.support.doel import Doel, tot
from tests.support.graphql import codes, execute
from tests.support.mutaties import AANVRAAG, BURGER, bestand, toestand
from tests.support.server import serve
from tests.support.storing import Storing

#: dienAanvraagIn's steps, in order, for an aanvraag with two attachments and one eigenschap
STAPPEN = [
    "claim",
    "reserveer_zaaknummer",
    "maak_zaak",
    "maak_rol",
    "maak_document",  # the summary
    "koppel_document",
    "maak_document",  # attachment 1
    "koppel_document",
    "maak_document",  # attachment 2
    "koppel_document",
    "maak_zaakeigenschap",
    "maak_status",
    "doorsturen",
    "vastleggen",
]


def aanvraag() -> dict[str, Any]:
    return {
        "a": {
            "zaaktype": "PARKEERVERGUNNING",
            "gegevens": {"kenteken": "AB-123-C"},
            "idempotentieSleutel": "formulier-storing",
            "bijlagen": [bestand(naam="a.pdf"), bestand(b"\x89PNG", "b.png", "image/png")],
        }
    }


async def test_a_failure_after_any_step_of_dien_aanvraag_in_leaves_nothing(
    store_template: SeededTemplate, monkeypatch: pytest.MonkeyPatch
) -> None:
    zac = Doel()
    with serve(zac) as base:
        routering = json.dumps({"PARKEERVERGUNNING": f"{base}/aanvragen"})
        async with cloned_runtime(store_template, routering=routering) as rt:
            voor = await toestand(rt.store.engine)
            for na in range(1, len(STAPPEN) + 1):
                with monkeypatch.context() as mp:
                    storing = Storing(mp, na=na)
                    found, errors = await execute(rt, AANVRAAG, aanvraag(), principal=BURGER)
                assert storing.gebeurd and storing.stappen == STAPPEN[:na]
                assert found is None
                assert codes(errors) == ["INTERNAL"], errors
                assert "injected" not in json.dumps(errors)  # no internals reach the client
                assert await toestand(rt.store.engine) == voor, f"after {STAPPEN[na - 1]}"
            assert await rt.doorsturen.tellingen() == {"wachtend": 0, "afgeleverd": 0, "mislukt": 0}

            # no failure: the same submission goes through, all steps, once
            with monkeypatch.context() as mp:
                storing = Storing(mp)
                found, errors = await execute(rt, AANVRAAG, aanvraag(), principal=BURGER)
            assert not errors and found is not None
            assert storing.stappen == STAPPEN
            assert found["dienAanvraagIn"]["hergebruikt"] is False
            counts, _ = await toestand(rt.store.engine)
            grown = {t: counts[t] - voor[0][t] for t in counts if counts[t] != voor[0][t]}
            assert {t: n for t, n in grown.items() if t != "teller"} == {
                "zaak": 1,
                "rol": 1,
                "status": 1,
                "enkelvoudiginformatieobject": 3,
                "document_inhoud": 3,
                "zaakinformatieobject": 3,
                "zaakeigenschap": 1,
                "notificatie": 10,
                "idempotentie": 1,
                "doorstuuropdracht": 1,
            }

            async def afgeleverd() -> bool:
                counts = await rt.doorsturen.tellingen()
                return counts[DoorstuurStatus.AFGELEVERD.value] == 1

            await tot(afgeleverd)
    assert len(zac.ontvangen) == 1
