"""Notifications out (acceptance 5 of issue 4): every mutation appends the ZGW notifications
Open Zaak / Open Klant would send to the event log, in the same transaction as its change.

For each mutation: the same call failing just before its commit leaves no notification (and no
other row); the call that commits leaves exactly the expected notifications, in the order of
its writes (ids increasing), each valid against the Notificaties API's `Message` schema (from
ZGW_SPECS_DIR), with the right hoofdObject, resourceUrl and kenmerken."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import registries.sql.store
from gateway.runtime import Runtime
from registries import models as m
from registries.sql.engine import schrijf_transactie
from registries.sql.notificaties import laatste_id
from registries.sql.seed.catalogus import CATALOGUS
from registries.sql.urls import RESOURCES
from tests.conftest import BASE_URL
from tests.support.gevallen import GEVALLEN, dien_aanvraag_in
from tests.support.graphql import codes, data, execute
from tests.support.mutaties import (
    BEHANDELAAR,
    BURGER,
    notificaties_na,
    toestand,
)
from tests.support.specs import maybe_validator, ontbreekt

SPEC = "notificaties-1.0.0.yaml"


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
