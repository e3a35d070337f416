"""The Catalogi registry: lookups, the cache across requests, TTL with ETag revalidation and
invalidation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from registries import models as m
from registries.base import ZaakTypeFilter
from registries.scope import Scope
from registries.zgw.catalogi import ZgwCatalogi
from registries.zgw.config import CatalogiConfig
from tests.registries.zgw.conftest import Zgw, api
from tests.support.fake_zgw import FakeZgw

ALLES = Scope.alles()


class Klok:
    def __init__(self) -> None:
        self.nu = 1000.0

    def __call__(self) -> float:
        return self.nu


@pytest.fixture
async def klok_catalogi(fake: FakeZgw) -> AsyncIterator[tuple[ZgwCatalogi, Klok]]:
    klok = Klok()
    catalogi = ZgwCatalogi(CatalogiConfig(api(fake, "catalogi"), ttl=60.0), klok=klok)
    yield catalogi, klok
    await catalogi.aclose()


async def test_zoek_zaaktypen(zgw: Zgw, fake: FakeZgw) -> None:
    alle = await zgw.catalogi.zoek_zaaktypen(ZaakTypeFilter(), ALLES)
    assert len(alle) == 9
    parkeren = await zgw.catalogi.zoek_zaaktypen(
        ZaakTypeFilter(identificatie="PARKEERVERGUNNING"), ALLES
    )
    assert [zt.omschrijving for zt in parkeren] == [
        "Aanvraag parkeervergunning (tot 2024)",
        "Aanvraag parkeervergunning bewoners",
    ]
    vandaag = await zgw.catalogi.zoek_zaaktypen(
        ZaakTypeFilter(identificatie="PARKEERVERGUNNING", geldig_op=date(2026, 6, 1)), ALLES
    )
    assert [zt.omschrijving for zt in vandaag] == ["Aanvraag parkeervergunning bewoners"]
    extern = await zgw.catalogi.zoek_zaaktypen(ZaakTypeFilter(), Scope(alleen_extern=True))
    assert {zt.indicatie_intern_of_extern for zt in extern} == {m.IndicatieInternOfExtern.EXTERN}
    assert len(extern) == 7
    assert await zgw.catalogi.zoek_zaaktypen(ZaakTypeFilter(), Scope.geen()) == []
    assert fake.state.per_pad() == {"catalogi GET /zaaktypen": 1}


async def test_types_are_cached_across_requests(zgw: Zgw, fake: FakeZgw) -> None:
    [zt] = await zgw.catalogi.zoek_zaaktypen(ZaakTypeFilter(identificatie="BEZWAAR"), ALLES)
    statustypen = await zgw.catalogi.get_statustypen(zt.statustypen)
    assert [s.volgnummer for s in statustypen.values()] == [1, 2, 3]
    assert [s.is_eindstatus for s in statustypen.values()] == [False, False, True]
    roltypen = await zgw.catalogi.get_roltypen(zt.roltypen)
    assert {r.omschrijving_generiek for r in roltypen.values()} >= {
        m.OmschrijvingGeneriek.INITIATOR
    }
    assert len(await zgw.catalogi.get_resultaattypen(zt.resultaattypen)) == 2
    iots = await zgw.catalogi.get_informatieobjecttypen(zt.informatieobjecttypen)
    assert {i.omschrijving for i in iots.values()} == {
        "Aanvraag",
        "Besluit",
        "Onderzoeksrapport",
        "Inkomend poststuk",
    }
    assert await zgw.catalogi.get_eigenschappen(zt.eigenschappen) == {}
    assert fake.state.per_pad() == {
        "catalogi GET /zaaktypen": 1,
        "catalogi GET /statustypen": 1,  # one list call for the zaaktype's statustypen
        "catalogi GET /roltypen": 1,
        "catalogi GET /resultaattypen": 1,
        "catalogi GET /informatieobjecttypen": 1,
    }
    fake.state.reset()
    await zgw.catalogi.get_statustypen(zt.statustypen)
    await zgw.catalogi.get_zaaktypen([zt.url, "https://elders.example/catalogi/api/v1/zaaktypen/x"])
    assert fake.state.aantal() == 0


async def test_invalidate(zgw: Zgw, fake: FakeZgw) -> None:
    [zt] = await zgw.catalogi.zoek_zaaktypen(ZaakTypeFilter(identificatie="BEZWAAR"), ALLES)
    await zgw.catalogi.get_statustypen(zt.statustypen)
    fake.state.reset()
    zgw.catalogi.invalidate()
    await zgw.catalogi.get_statustypen(zt.statustypen)
    assert fake.state.per_pad() == {"catalogi GET /zaaktypen": 1, "catalogi GET /statustypen": 1}


async def test_ttl_expiry_reloads(klok_catalogi: tuple[ZgwCatalogi, Klok], fake: FakeZgw) -> None:
    catalogi, klok = klok_catalogi
    [zt] = await catalogi.zoek_zaaktypen(ZaakTypeFilter(identificatie="BEZWAAR"), ALLES)
    await catalogi.get_statustypen(zt.statustypen)
    klok.nu += 30
    fake.state.reset()
    await catalogi.get_statustypen(zt.statustypen)
    await catalogi.zoek_zaaktypen(ZaakTypeFilter(), ALLES)
    assert fake.state.aantal() == 0
    klok.nu += 31
    await catalogi.get_statustypen(zt.statustypen)
    assert fake.state.per_pad() == {"catalogi GET /zaaktypen": 1, "catalogi GET /statustypen": 1}


async def test_etag_revalidation(klok_catalogi: tuple[ZgwCatalogi, Klok], fake: FakeZgw) -> None:
    """A type no zaaktype lists is read alone; after the TTL it is revalidated with
    If-None-Match, and a 304 keeps the cached object."""
    catalogi, klok = klok_catalogi
    data = fake.state.data
    bron = next(iter(data.eigenschap_typen.values()))
    wees = m.Eigenschap(
        url=f"{fake.url('catalogi')}/eigenschappen/0f0f0f0f-0000-4000-8000-000000000001",
        uuid="0f0f0f0f-0000-4000-8000-000000000001",
        zaaktype=bron.zaaktype,
        naam="wees",
        specificatie=bron.specificatie,
    )
    data.eigenschap_typen[wees.url] = wees
    fake.state.cache.pop("eigenschappen", None)
    try:
        first = await catalogi.get_eigenschappen([wees.url])
        assert first[wees.url].naam == "wees"
        detail = [v for v in fake.state.lijst("catalogi") if v.pad.startswith("/eigenschappen/")]
        assert len(detail) == 1 and "if-none-match" not in detail[0].headers
        klok.nu += 61
        fake.state.reset()
        again = await catalogi.get_eigenschappen([wees.url])
        assert again[wees.url] is first[wees.url]
        [revalidatie] = [
            v for v in fake.state.lijst("catalogi") if v.pad.startswith("/eigenschappen/")
        ]
        assert revalidatie.headers["if-none-match"] and revalidatie.status == 304
    finally:
        del data.eigenschap_typen[wees.url]
        fake.state.cache.pop("eigenschappen", None)
