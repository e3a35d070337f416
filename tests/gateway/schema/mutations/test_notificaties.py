"""Notifications out (acceptance 5 of issue 4): every mutation appends the ZGW notifications
Open Zaak / Open Klant would send to the event log, in the same transaction as its change.

That is the embedded store's transactional outbox. On the zgw backend Open Zaak and Open Klant
send the notifications of the gateway's writes themselves (the gateway gets them on its
webhook): there the test is that each mutation makes exactly the upstream writes those
notifications stand for, in the same order (`test_upstream_writes_of_each_mutation`).

For each mutation: the same call failing just before its commit leaves no notification (and no
other row); the call that commits leaves exactly the expected notifications, in the order of
its writes (ids increasing), each valid against the Notificaties API's `Message` schema (from
ZGW_SPECS_DIR), with the right hoofdObject, resourceUrl and kenmerken."""

from __future__ import annotations

import asyncio
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
from tests.support.fake_zgw import FakeZgw
from tests.support.fake_zgw.notificeren import UPSTREAM_NOTIFICATIES
from tests.support.gevallen import BEHEER, GEVALLEN, dien_aanvraag_in
from tests.support.graphql import codes, data, execute
from tests.support.mutaties import (
    BEHANDELAAR,
    BURGER,
    notificaties_na,
    schrijfacties,
    toestand,
)
from tests.support.runtimes import fake_van
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
    assert {name.split(" ")[0] for name in {**GEVALLEN, **BEHEER}} == set(mutation_type.fields)


@pytest.mark.parametrize("naam", list(GEVALLEN))
async def test_notifications_of_each_mutation(
    store_runtime: Runtime, monkeypatch: pytest.MonkeyPatch, naam: str
) -> None:
    valideer = maybe_validator(SPEC, "Message")
    rt = store_runtime
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
    store_runtime: Runtime,
) -> None:
    """The zaak before its rol before its documents before its status (so that a consumer
    acting on the status finds the initiator and the documents), with increasing ids and
    non-decreasing aanmaakdatum."""
    geval = await dien_aanvraag_in(store_runtime)
    voor = await laatste_id(store_runtime.store.engine)
    await data(store_runtime, geval.query, geval.variables(), principal=BURGER)
    nieuw = await notificaties_na(store_runtime.store.engine, voor)
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


#: writes without a notification of their own: the zaaknummer reservation, locks, and the
#: parts of a klantcontact (partij, betrokkene, onderwerpobject)
ZONDER_NOTIFICATIE = {
    ("zaken", "POST", "/zaaknummer_reserveren"),
    ("documenten", "POST", "/enkelvoudiginformatieobjecten/{uuid}/lock"),
    ("documenten", "POST", "/enkelvoudiginformatieobjecten/{uuid}/unlock"),
    ("klantinteracties", "POST", "/partijen"),
    ("klantinteracties", "POST", "/betrokkenen"),
    ("klantinteracties", "POST", "/onderwerpobjecten"),
}


def _open_zaak(verwacht: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The embedded store's notifications as Open Zaak sends them: the einddatum that the
    embedded store writes after an eindstatus (a zaak partial_update) is Open Zaak's own doing,
    part of creating the status."""
    found: list[tuple[str, str, str]] = []
    for n in verwacht:
        if n == ("zaken", "zaak", "partial_update") and found[-1:] == [
            ("zaken", "status", "create")
        ]:
            continue
        found.append(n)
    return found


async def _gepubliceerd(fake: FakeZgw, aantal: int) -> list[tuple[str, str, str]]:
    """The (kanaal, resource, actie) of what the fake published, once it published `aantal`."""
    for _ in range(500):
        found = fake.state.publicaties()
        if len(found) >= aantal:
            return [(b["kanaal"], b["resource"], b["actie"]) for b in found]
        await asyncio.sleep(0.01)
    raise AssertionError(f"{len(fake.state.publicaties())} of {aantal} notifications published")


@pytest.mark.parametrize("naam", list(GEVALLEN))
async def test_upstream_writes_of_each_mutation(zgw_runtime_schrijf: Runtime, naam: str) -> None:
    rt = zgw_runtime_schrijf
    geval = await GEVALLEN[naam](rt)
    voor = len(schrijfacties(rt))
    _, errors = await execute(rt, geval.query, geval.variables(), principal=geval.principal)
    assert not errors, errors
    writes = schrijfacties(rt, voor)
    notificaties = {(api, method, pad): n for api, method, pad, n in UPSTREAM_NOTIFICATIES}
    assert all(w in notificaties or w in ZONDER_NOTIFICATIE for w in writes), writes
    assert [notificaties[w] for w in writes if w in notificaties] == _open_zaak(geval.verwacht)
    # every write as the person who asked (the JWT's user; Open Klant takes a token)
    fake = fake_van(rt)
    assert fake is not None
    users = {v.claims["user_id"] for v in fake.state.geschreven()[voor:] if v.claims}
    assert users == (
        {geval.principal.subject} if any(w[0] != "klantinteracties" for w in writes) else set()
    )
    # the fake Open Zaak / Open Klant published exactly those, in that order (each once the
    # write has answered)...
    alle = [w for w in schrijfacties(rt) if w in notificaties]
    gepubliceerd = await _gepubliceerd(fake, len(alle))
    nieuw = [w for w in writes if w in notificaties]
    assert gepubliceerd[len(alle) - len(nieuw) :] == _open_zaak(geval.verwacht)
    assert fake.state.notificatie_fouten == []  # each follows the Notificaties spec
    # ...and nothing is in the gateway's own event log: Open Zaak notifies (the webhook takes
    # it in: tests/subscriptions/test_mutatie_events.py)
    assert await notificaties_na(rt.store.engine, 0) == []
