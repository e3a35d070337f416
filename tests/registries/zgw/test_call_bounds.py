"""Upstream call counts for the screens the gateway exists for, with the registry calls made in
the order the gateway's loaders make them (one operation, warm catalogus cache)."""

from __future__ import annotations

from registries import models as m
from registries.base import PageRequest, ZaakFilter, ZaakTypeFilter
from registries.operatie import Actor, operatie
from registries.scope import Scope
from tests.registries.zgw.conftest import Zgw
from tests.registries.zgw.helpers import BENCH_BSN_20, JAN, bsn, burger, identificatie
from tests.support.fake_zgw import FakeZgw

OPEN_ZAAK = ("zaken", "documenten", "catalogi")
BURGER = Actor(user_id="999993653", user_representation="Jan de Vries")


async def warm(zgw: Zgw) -> None:
    """Read the whole catalogus once (as the first operations after start-up do)."""
    for zt in await zgw.catalogi.zoek_zaaktypen(ZaakTypeFilter(), Scope.alles()):
        await zgw.catalogi.get_zaaktypen([zt.url])
        await zgw.catalogi.get_statustypen(zt.statustypen)
        await zgw.catalogi.get_roltypen(zt.roltypen)
        await zgw.catalogi.get_resultaattypen(zt.resultaattypen)
        await zgw.catalogi.get_informatieobjecttypen(zt.informatieobjecttypen)
        await zgw.catalogi.get_eigenschappen(zt.eigenschappen)


def open_zaak(fake: FakeZgw) -> int:
    return sum(fake.state.aantal(api) for api in OPEN_ZAAK)


async def mijn_zaken(zgw: Zgw, *, huidige_status_per_url: bool) -> list[m.Zaak]:
    scope = burger(bsn(BENCH_BSN_20))
    page = await zgw.zaken.zoek_zaken(ZaakFilter(), scope, PageRequest(limit=20, with_total=True))
    zaken = page.items
    urls = [z.url for z in zaken]
    await zgw.zaken.rollen_van(urls, scope)  # the row guard re-checks the burger's rol
    await zgw.catalogi.get_zaaktypen(list({z.zaaktype for z in zaken}))
    if huidige_status_per_url:
        statussen = list(
            (await zgw.zaken.get_statussen([z.status for z in zaken if z.status], scope)).values()
        )
    else:
        statussen = [
            s for items in (await zgw.zaken.statussen_van(urls, scope)).values() for s in items
        ]
    await zgw.catalogi.get_statustypen(list({s.statustype for s in statussen}))
    links = await zgw.zaken.zaakinformatieobjecten_van(urls, scope)
    documenten = await zgw.documenten.get_documenten(
        list({link.informatieobject for items in links.values() for link in items}), scope
    )
    assert documenten and all(d.status is m.DocumentStatus.DEFINITIEF for d in documenten.values())
    return zaken


async def test_mijn_zaken_page_of_20(zgw: Zgw, fake: FakeZgw) -> None:
    await warm(zgw)
    fake.state.reset()
    with operatie(BURGER):
        zaken = await mijn_zaken(zgw, huidige_status_per_url=True)
    assert len(zaken) == 20
    # 1 zaken search (with expand) + 1 documents _zoek; catalogus from the cache
    assert fake.state.per_pad() == {
        "zaken POST /zaken/_zoek": 1,
        "documenten POST /enkelvoudiginformatieobjecten/_zoek": 1,
    }


async def test_mijn_zaken_with_the_status_history_costs_one_call_per_url(
    zgw: Zgw, fake: FakeZgw
) -> None:
    """With today's interface (`Zaak.status` loads all statussen): the Zaken API cannot expand a
    status history, so 20 zaken cost 20 more calls."""
    await warm(zgw)
    fake.state.reset()
    with operatie(BURGER):
        await mijn_zaken(zgw, huidige_status_per_url=False)
    assert fake.state.aantal("zaken", "/statussen") == 20
    assert open_zaak(fake) == 22


async def test_mijn_zaken_cold_catalogus(zgw: Zgw, fake: FakeZgw) -> None:
    with operatie(BURGER):
        await mijn_zaken(zgw, huidige_status_per_url=True)
    # + all zaaktypen (1) + statustypen of each zaaktype on the page (<= 3)
    assert fake.state.aantal("catalogi") <= 4
    assert open_zaak(fake) <= 6


async def test_zaak_detail(zgw: Zgw, fake: FakeZgw) -> None:
    await warm(zgw)
    fake.state.reset()
    scope = burger(bsn(JAN.bsn))
    with operatie(BURGER):
        page = await zgw.zaken.zoek_zaken(
            ZaakFilter(identificatie=identificatie(1)), scope, PageRequest(limit=1)
        )
        [zaak] = page.items
        urls = [zaak.url]
        rollen = await zgw.zaken.rollen_van(urls, scope)
        await zgw.catalogi.get_zaaktypen([zaak.zaaktype])
        statussen = await zgw.zaken.statussen_van(urls, scope)
        await zgw.catalogi.get_statustypen([s.statustype for s in statussen[zaak.url]])
        await zgw.catalogi.get_roltypen([r.roltype for r in rollen[zaak.url]])
        resultaten = await zgw.zaken.resultaten_van(urls, scope)
        links = await zgw.zaken.zaakinformatieobjecten_van(urls, scope)
        documenten = await zgw.documenten.get_documenten(
            [link.informatieobject for link in links[zaak.url]], scope
        )
        await zgw.catalogi.get_informatieobjecttypen(
            [d.informatieobjecttype for d in documenten.values()]
        )
        contacten = await zgw.klantcontacten.klantcontacten_van(urls, scope)
    assert len(statussen[zaak.url]) == 3 and len(rollen[zaak.url]) == 2 and not resultaten
    assert len(documenten) == 2  # the third is beperkt_openbaar: outside the burger's scope
    assert [k.onderwerp for k in contacten[zaak.url]] == [
        "Vraag over de status van mijn parkeervergunning"
    ]
    assert open_zaak(fake) <= 3
    assert fake.state.aantal("klantinteracties") == 1
    assert fake.state.per_pad() == {
        "zaken POST /zaken/_zoek": 1,
        "zaken GET /statussen": 1,
        "documenten POST /enkelvoudiginformatieobjecten/_zoek": 1,
        "klantinteracties GET /klantcontacten": 1,
    }


async def test_zaak_detail_by_url(zgw: Zgw, fake: FakeZgw) -> None:
    await warm(zgw)
    fake.state.reset()
    scope = Scope.alles()
    with operatie():
        url = (
            f"{fake.url('zaken')}/zaken/"
            + (
                await zgw.zaken.zoek_zaken(
                    ZaakFilter(identificatie=identificatie(2)), scope, PageRequest(limit=1)
                )
            )
            .items[0]
            .uuid
        )
    fake.state.reset()
    with operatie():
        [zaak] = (await zgw.zaken.get_zaken([url], scope)).values()
        for methode in (
            "rollen_van",
            "resultaten_van",
            "zaakinformatieobjecten_van",
            "statussen_van",
        ):
            await getattr(zgw.zaken, methode)([url], scope)
        links = await zgw.zaken.zaakinformatieobjecten_van([url], scope)
        await zgw.documenten.get_documenten([z.informatieobject for z in links[url]], scope)
        await zgw.klantcontacten.klantcontacten_van([url], scope)
    assert zaak.resultaat is not None
    assert open_zaak(fake) == 3 and fake.state.aantal("klantinteracties") == 1
