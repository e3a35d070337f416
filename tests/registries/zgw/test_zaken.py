"""The Zaken registry over the fake Open Zaak: every protocol method."""

from __future__ import annotations

from datetime import date

from registries import models as m
from registries.base import PageRequest, ZaakFilter, ZaakOrdering, ZaakTypeFilter
from registries.operatie import operatie
from registries.scope import Scope
from tests.registries.zgw.conftest import Zgw
from tests.registries.zgw.helpers import JAN, ZOMERFEEST, identificatie, zaak_url
from tests.support.fake_zgw import FakeZgw

ALLES = Scope.alles()


async def test_get_zaken_one_and_many(zgw: Zgw, fake: FakeZgw) -> None:
    one = await zgw.zaken.get_zaken([zaak_url(fake, 1)], ALLES)
    assert [z.identificatie for z in one.values()] == [identificatie(1)]
    assert fake.state.aantal("zaken", "/zaken/") == 1  # GET /zaken/{uuid}

    fake.state.reset()
    urls = [zaak_url(fake, n) for n in (1, 2, 3, 5)]
    many = await zgw.zaken.get_zaken(urls, ALLES)
    assert sorted(z.identificatie for z in many.values()) == [
        identificatie(n) for n in (1, 2, 3, 5)
    ]
    assert [v.pad for v in fake.state.lijst("zaken")] == ["/zaken/_zoek"]


async def test_get_zaken_ignores_foreign_and_unknown_urls(zgw: Zgw, fake: FakeZgw) -> None:
    found = await zgw.zaken.get_zaken(
        [
            "https://elders.example/zaken/api/v1/zaken/00000000-0000-4000-8000-000000000000",
            f"{fake.url('zaken')}/zaken/00000000-0000-4000-8000-000000000000",
        ],
        ALLES,
    )
    assert found == {}
    assert all(v.pad.startswith("/zaken/") for v in fake.state.lijst("zaken"))


async def test_get_zaken_applies_the_scope(zgw: Zgw, fake: FakeZgw) -> None:
    urls = [zaak_url(fake, n) for n in range(1, 14)]
    jan = Scope(betrokkenen=frozenset({m.BetrokkeneId(m.IdentificatieSoort.BSN, JAN.bsn)}))
    found = await zgw.zaken.get_zaken(urls, jan)
    assert sorted(z.identificatie for z in found.values()) == [
        identificatie(n) for n in (1, 2, 3, 4)
    ]
    assert await zgw.zaken.get_zaken(urls, Scope.geen()) == {}


async def test_zoek_zaken_filters(zgw: Zgw, fake: FakeZgw) -> None:
    async def ids(f: ZaakFilter) -> list[str]:
        page = await zgw.zaken.zoek_zaken(f, ALLES, PageRequest(limit=100))
        return [z.identificatie for z in page.items if z.identificatie.startswith("ZAAK-")]

    assert await ids(ZaakFilter(identificatie=identificatie(7))) == [identificatie(7)]
    assert await ids(ZaakFilter(bsn=JAN.bsn)) == [identificatie(n) for n in (3, 1, 4, 2)]
    assert await ids(ZaakFilter(kvk=ZOMERFEEST.kvk)) == [identificatie(n) for n in (10, 11)]
    assert await ids(ZaakFilter(rsin=ZOMERFEEST.rsin)) == [identificatie(n) for n in (10, 11)]
    assert await ids(ZaakFilter(bsn=JAN.bsn, open=False)) == [identificatie(2)]
    assert await ids(ZaakFilter(omschrijving_bevat="zomerfeest")) == [
        identificatie(10),
        identificatie(11),
    ]
    assert await ids(
        ZaakFilter(
            bsn=JAN.bsn,
            startdatum_vanaf=date(2026, 10, 1),
            startdatum_tot_en_met=date(2026, 10, 31),
        )
    ) == [identificatie(1), identificatie(4)]
    assert await ids(ZaakFilter(bsn=JAN.bsn, ordering=ZaakOrdering.STARTDATUM_ASC)) == [
        identificatie(n) for n in (2, 4, 1, 3)
    ]


async def test_zoek_zaken_by_zaaktypen_and_statustype(zgw: Zgw, fake: FakeZgw) -> None:
    [parkeren] = [
        zt
        for zt in await zgw.catalogi.zoek_zaaktypen(
            ZaakTypeFilter(identificatie="PARKEERVERGUNNING"), ALLES
        )
        if zt.einde_geldigheid is None
    ]
    page = await zgw.zaken.zoek_zaken(
        ZaakFilter(zaaktypen=frozenset({parkeren.url}), bsn=JAN.bsn), ALLES, PageRequest()
    )
    assert [z.identificatie for z in page.items] == [identificatie(1)]
    laatste = parkeren.statustypen[-1]
    page = await zgw.zaken.zoek_zaken(
        ZaakFilter(statustype=laatste, bsn=JAN.bsn), ALLES, PageRequest()
    )
    assert [z.identificatie for z in page.items] == []
    derde = parkeren.statustypen[2]
    page = await zgw.zaken.zoek_zaken(
        ZaakFilter(statustype=derde, bsn=JAN.bsn), ALLES, PageRequest()
    )
    assert [z.identificatie for z in page.items] == [identificatie(1)]


async def test_zoek_zaken_pages_at_any_offset(zgw: Zgw, fake: FakeZgw) -> None:
    everything = await zgw.zaken.zoek_zaken(
        ZaakFilter(), ALLES, PageRequest(limit=500, with_total=True)
    )
    alle = [z.url for z in everything.items]
    assert everything.total == len(alle) > 200 and not everything.has_next
    for offset, limit in (
        (0, 20),
        (7, 13),
        (19, 1),
        (95, 10),
        (240, 20),
        (len(alle) - 3, 5),
        (len(alle) + 5, 5),
    ):
        fake.state.reset()
        page = await zgw.zaken.zoek_zaken(
            ZaakFilter(), ALLES, PageRequest(offset=offset, limit=limit, with_total=True)
        )
        assert [z.url for z in page.items] == alle[offset : offset + limit], (offset, limit)
        assert page.has_next == (offset + limit < len(alle))
        assert page.total == len(alle)
        # a window that fits one upstream page costs one call (two when past the end: count)
        assert fake.state.aantal("zaken") <= (2 if offset >= len(alle) else 1)


async def test_relations(zgw: Zgw, fake: FakeZgw) -> None:
    urls = [zaak_url(fake, n) for n in (1, 2, 9)]
    statussen = await zgw.zaken.statussen_van(urls, ALLES)
    assert [len(statussen.get(u, [])) for u in urls] == [3, 3, 0]
    assert [s.indicatie_laatst_gezette_status for s in statussen[urls[0]]] == [False, False, True]
    rollen = await zgw.zaken.rollen_van(urls, ALLES)
    assert {r.omschrijving_generiek for r in rollen[urls[0]]} == {
        m.OmschrijvingGeneriek.INITIATOR,
        m.OmschrijvingGeneriek.BEHANDELAAR,
    }
    resultaten = await zgw.zaken.resultaten_van(urls, ALLES)
    assert list(resultaten) == [urls[1]]
    eigenschappen = await zgw.zaken.eigenschappen_van(urls, ALLES)
    assert [e.waarde for e in eigenschappen[urls[0]]] == ["AB-123-C"]
    links = await zgw.zaken.zaakinformatieobjecten_van(urls, ALLES)
    assert [len(links.get(u, [])) for u in urls] == [3, 2, 0]
    bij = await zgw.zaken.zaakinformatieobjecten_bij([links[urls[0]][0].informatieobject], ALLES)
    assert [z.zaak for z in next(iter(bij.values()))] == [urls[0]]
    deel = await zgw.zaken.deelzaken_van([zaak_url(fake, 4)], ALLES)
    assert [z.identificatie for z in deel[zaak_url(fake, 4)]] == [identificatie(5)]


async def test_relations_come_from_the_expand_within_one_operation(zgw: Zgw, fake: FakeZgw) -> None:
    with operatie():
        zaken = await zgw.zaken.get_zaken([zaak_url(fake, n) for n in (1, 2, 9)], ALLES)
        urls = list(zaken)
        fake.state.reset()
        rollen = await zgw.zaken.rollen_van(urls, ALLES)
        resultaten = await zgw.zaken.resultaten_van(urls, ALLES)
        links = await zgw.zaken.zaakinformatieobjecten_van(urls, ALLES)
        huidig = await zgw.zaken.get_statussen(
            [z.status for z in zaken.values() if z.status], ALLES
        )
        assert fake.state.aantal() == 0
        assert sum(len(v) for v in rollen.values()) == 5
        assert len(resultaten) == 1 and sum(len(v) for v in links.values()) == 5
        assert all(s.indicatie_laatst_gezette_status for s in huidig.values()) and len(huidig) == 2
    # outside the operation nothing is remembered
    fake.state.reset()
    await zgw.zaken.rollen_van(urls, ALLES)
    assert fake.state.aantal("zaken", "/rollen") == 3
