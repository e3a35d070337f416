"""Parity: over the fake Open Zaak / Open Klant (which serves the embedded store's data), the
ZGW backend returns the same domain objects as the SQL backend, modulo the URL base."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from registries import models as m
from registries.base import (
    DocumentFilter,
    KlantcontactFilter,
    PageRequest,
    ZaakFilter,
    ZaakTypeFilter,
)
from registries.scope import Scope
from registries.sql.store import SqlStore
from tests.registries.zgw.conftest import Zgw
from tests.registries.zgw.helpers import FATIMA, JAN, bedrijf, bsn, burger, naar_sql, zaak_url
from tests.support.fake_zgw import SQL_BASE, FakeZgw

ALLES = Scope.alles()
NUMMERS = (1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13)


def _sleutels(d: dict[str, Any]) -> list[str]:
    return sorted(d)


async def test_zaken_and_their_relations(zgw: Zgw, sql: SqlStore, fake: FakeZgw) -> None:
    zgw_urls = [zaak_url(fake, n) for n in NUMMERS]
    sql_urls = naar_sql(fake, zgw_urls)
    for methode in (
        "get_zaken",
        "statussen_van",
        "rollen_van",
        "resultaten_van",
        "eigenschappen_van",
        "zaakinformatieobjecten_van",
        "deelzaken_van",
    ):
        ours = await getattr(zgw.zaken, methode)(zgw_urls, ALLES)
        theirs = await getattr(sql.zaken, methode)(sql_urls, ALLES)
        assert naar_sql(fake, dict(ours)) == dict(theirs), methode
    docs = [
        link.informatieobject
        for links in (await sql.zaken.zaakinformatieobjecten_van(sql_urls, ALLES)).values()
        for link in links
    ]
    ours_bij = await zgw.zaken.zaakinformatieobjecten_bij(
        [d.replace(SQL_BASE, fake.base) for d in docs], ALLES
    )
    assert naar_sql(fake, ours_bij) == dict(await sql.zaken.zaakinformatieobjecten_bij(docs, ALLES))


@pytest.mark.parametrize(
    "scope",
    [
        burger(bsn(JAN.bsn)),
        burger(*bedrijf()),
        Scope(max_vertrouwelijkheid=m.Vertrouwelijkheid.INTERN),
    ],
    ids=["jan", "bedrijf", "intern"],
)
async def test_scoped_reads_of_zaken(zgw: Zgw, sql: SqlStore, fake: FakeZgw, scope: Scope) -> None:
    zgw_urls = [zaak_url(fake, n) for n in range(1, 14)]
    sql_urls = naar_sql(fake, zgw_urls)
    for methode in ("get_zaken", "deelzaken_van"):
        ours = await getattr(zgw.zaken, methode)(zgw_urls, scope)
        theirs = await getattr(sql.zaken, methode)(sql_urls, scope)
        assert naar_sql(fake, dict(ours)) == dict(theirs), methode
    links = await sql.zaken.zaakinformatieobjecten_van(sql_urls, Scope.alles())
    docs = [link.informatieobject for items in links.values() for link in items]
    ours_bij = await zgw.zaken.zaakinformatieobjecten_bij(
        [d.replace(SQL_BASE, fake.base) for d in docs], scope
    )
    assert naar_sql(fake, ours_bij) == dict(await sql.zaken.zaakinformatieobjecten_bij(docs, scope))


@pytest.mark.parametrize(
    "scope",
    [
        Scope.alles(),
        burger(bsn(JAN.bsn)),
        burger(bsn(JAN.bsn), initiator=True),
        burger(bsn(FATIMA.bsn)),
        burger(*bedrijf()),
        Scope(betrokkenen=frozenset({bsn(FATIMA.bsn)}), met_status=True),
        Scope.geen(),
    ],
    ids=["alles", "jan", "jan-initiator", "fatima", "bedrijf", "fatima-any", "geen"],
)
async def test_zoek_zaken_in_scope(zgw: Zgw, sql: SqlStore, fake: FakeZgw, scope: Scope) -> None:
    ours = await zgw.zaken.zoek_zaken(ZaakFilter(), scope, PageRequest(limit=300, with_total=True))
    theirs = await sql.zaken.zoek_zaken(
        ZaakFilter(), scope, PageRequest(limit=300, with_total=True)
    )
    assert naar_sql(fake, ours.items) == theirs.items
    assert (ours.total, ours.has_next) == (theirs.total, theirs.has_next)


async def test_documenten(zgw: Zgw, sql: SqlStore, fake: FakeZgw) -> None:
    theirs = await sql.documenten.zoek_documenten(DocumentFilter(), ALLES, PageRequest(limit=50))
    ours = await zgw.documenten.zoek_documenten(DocumentFilter(), ALLES, PageRequest(limit=50))
    assert naar_sql(fake, ours.items) == theirs.items
    urls = [d.url for d in ours.items]
    assert naar_sql(fake, await zgw.documenten.get_documenten(urls, ALLES)) == (
        await sql.documenten.get_documenten(naar_sql(fake, urls), ALLES)
    )
    inhoud = await zgw.documenten.inhoud(urls[0])
    verwacht = await sql.documenten.inhoud(naar_sql(fake, urls[0]))
    assert inhoud is not None and verwacht is not None
    assert (inhoud.bestandsnaam, inhoud.formaat, inhoud.omvang) == (
        verwacht.bestandsnaam,
        verwacht.formaat,
        verwacht.omvang,
    )
    assert [s async for s in inhoud.stukken()] == [s async for s in verwacht.stukken()]


async def test_catalogus(zgw: Zgw, sql: SqlStore, fake: FakeZgw) -> None:
    ours = await zgw.catalogi.zoek_zaaktypen(ZaakTypeFilter(), ALLES)
    theirs = await sql.catalogi.zoek_zaaktypen(ZaakTypeFilter(), ALLES)
    # the ZGW backend does not read zaaktype-informatieobjecttypen yet, so it knows no
    # richtingen (ZaakType.richting then treats every informatieobjecttype as incoming)
    theirs = [replace(zt, richtingen={}) for zt in theirs]
    assert naar_sql(fake, ours) == theirs
    for methode, lijst in (
        ("get_statustypen", "statustypen"),
        ("get_roltypen", "roltypen"),
        ("get_resultaattypen", "resultaattypen"),
        ("get_informatieobjecttypen", "informatieobjecttypen"),
        ("get_eigenschappen", "eigenschappen"),
    ):
        urls = [u for zt in ours for u in getattr(zt, lijst)]
        found = await getattr(zgw.catalogi, methode)(urls)
        assert naar_sql(fake, found) == await getattr(sql.catalogi, methode)(naar_sql(fake, urls))
    urls = [zt.url for zt in ours]
    assert naar_sql(fake, await zgw.catalogi.get_zaaktypen(urls)) == {
        url: replace(zt, richtingen={})
        for url, zt in (await sql.catalogi.get_zaaktypen(naar_sql(fake, urls))).items()
    }


@pytest.mark.parametrize(
    "scope",
    [Scope.alles(), burger(bsn(JAN.bsn)), burger(*bedrijf()), Scope(zaaktypen=frozenset())],
    ids=["alles", "jan", "bedrijf", "geen-zaaktypen"],
)
async def test_klantcontacten(zgw: Zgw, sql: SqlStore, fake: FakeZgw, scope: Scope) -> None:
    theirs = await sql.klantcontacten.zoek_klantcontacten(
        KlantcontactFilter(), scope, PageRequest(limit=100, with_total=True)
    )
    ours = await zgw.klantcontacten.zoek_klantcontacten(
        KlantcontactFilter(), scope, PageRequest(limit=100, with_total=True)
    )
    assert naar_sql(fake, ours.items) == theirs.items
    assert ours.total == theirs.total
    zaken = [zaak_url(fake, n) for n in NUMMERS]
    assert naar_sql(fake, await zgw.klantcontacten.klantcontacten_van(zaken, scope)) == dict(
        await sql.klantcontacten.klantcontacten_van(naar_sql(fake, zaken), scope)
    )
    urls = [k.url for k in ours.items][:10]
    assert naar_sql(fake, await zgw.klantcontacten.get_klantcontacten(urls, scope)) == (
        await sql.klantcontacten.get_klantcontacten(naar_sql(fake, urls), scope)
    )
