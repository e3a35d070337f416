"""The row scope goes to Open Zaak / Open Klant as filter parameters (checked on the requests the
fake server received), and what cannot be pushed down is still honoured, with honest totals."""

from __future__ import annotations

from dataclasses import replace

from registries import models as m
from registries.base import KlantcontactFilter, PageRequest, ZaakFilter, ZaakTypeFilter
from registries.scope import Scope
from tests.registries.zgw.conftest import Zgw, maak_zgw, zgw_config
from tests.registries.zgw.helpers import (
    BENCH_BSN_20,
    JAN,
    ZOMERFEEST,
    bedrijf,
    bsn,
    burger,
    identificatie,
    params,
    zaken_verzoeken,
)
from tests.support.fake_zgw import FakeZgw

R = "rol__betrokkeneIdentificatie__"


async def test_burger_scope_is_pushed_down(zgw: Zgw, fake: FakeZgw) -> None:
    extern = [
        zt.url
        for zt in await zgw.catalogi.zoek_zaaktypen(ZaakTypeFilter(), Scope.alles())
        if zt.indicatie_intern_of_extern is m.IndicatieInternOfExtern.EXTERN
    ]
    page = await zgw.zaken.zoek_zaken(
        ZaakFilter(), burger(bsn(BENCH_BSN_20)), PageRequest(limit=20, with_total=True)
    )
    assert len(page.items) == 20 and page.total == 20 and not page.has_next
    [verzoek] = zaken_verzoeken(fake)
    assert verzoek.method == "POST" and verzoek.pad == "/zaken/_zoek"  # several zaaktypen
    p = params(verzoek)
    assert p[R + "natuurlijkPersoon__inpBsn"] == BENCH_BSN_20
    assert p["maximaleVertrouwelijkheidaanduiding"] == "openbaar"
    assert sorted(p["zaaktype__in"]) == sorted(extern)
    assert "rol__omschrijvingGeneriek" not in p


async def test_one_zaaktype_uses_a_get(zgw: Zgw, fake: FakeZgw) -> None:
    zaaktype = next(
        iter(
            await zgw.catalogi.zoek_zaaktypen(
                ZaakTypeFilter(identificatie="BEZWAAR"), Scope.alles()
            )
        )
    )
    scope = Scope(
        zaaktypen=frozenset({zaaktype.url}),
        max_vertrouwelijkheid=m.Vertrouwelijkheid.BEPERKT_OPENBAAR,
    )
    page = await zgw.zaken.zoek_zaken(ZaakFilter(), scope, PageRequest(limit=100, with_total=True))
    assert identificatie(7) in [z.identificatie for z in page.items]
    assert page.total == len(page.items) and all(z.zaaktype == zaaktype.url for z in page.items)
    [verzoek] = zaken_verzoeken(fake)
    assert (verzoek.method, verzoek.pad) == ("GET", "/zaken")
    p = params(verzoek)
    assert p["zaaktype"] == zaaktype.url
    assert p["maximaleVertrouwelijkheidaanduiding"] == "beperkt_openbaar"


async def test_exact_pushdown_pages_directly_with_upstream_count(zgw: Zgw, fake: FakeZgw) -> None:
    scope = Scope(max_vertrouwelijkheid=m.Vertrouwelijkheid.OPENBAAR)
    page = await zgw.zaken.zoek_zaken(
        ZaakFilter(), scope, PageRequest(offset=30, limit=10, with_total=True)
    )
    assert len(page.items) == 10 and page.has_next and page.total is not None and page.total > 200
    [verzoek] = zaken_verzoeken(fake)
    p = params(verzoek)
    # the window [30, 40) in ONE page: pageSize 10 would need 1 page as well; any size that
    # holds it is fine, but only one call
    size, nummer = int(p["pageSize"]), int(p["page"])
    assert (nummer - 1) * size <= 30 and nummer * size >= 40


async def test_initiator_only_is_narrowed_upstream_and_checked_per_rol(
    zgw: Zgw, fake: FakeZgw
) -> None:
    fatima = bsn("999990019")
    elke = await zgw.zaken.zoek_zaken(
        ZaakFilter(), Scope(betrokkenen=frozenset({fatima})), PageRequest(with_total=True)
    )
    assert {z.identificatie for z in elke.items} == {identificatie(n) for n in (6, 7, 8)}
    fake.state.reset()
    scope = Scope(
        betrokkenen=frozenset({fatima}),
        betrokkene_rollen=frozenset({m.OmschrijvingGeneriek.INITIATOR}),
    )
    page = await zgw.zaken.zoek_zaken(ZaakFilter(), scope, PageRequest(with_total=True))
    # zaak 8 has a rol 'initiator' (Pieter) and a rol naming Fatima (belanghebbende): the API's
    # separate joins match it, the per-rol check drops it, and the total does not count it
    assert {z.identificatie for z in page.items} == {identificatie(n) for n in (6, 7)}
    assert page.total == 2
    p = params(zaken_verzoeken(fake)[0])
    assert p["rol__omschrijvingGeneriek"] == "initiator"
    assert p[R + "natuurlijkPersoon__inpBsn"] == fatima.waarde


async def test_several_identities_are_several_queries_merged(zgw: Zgw, fake: FakeZgw) -> None:
    scope = Scope(betrokkenen=frozenset(bedrijf()))
    page = await zgw.zaken.zoek_zaken(ZaakFilter(), scope, PageRequest(limit=1, with_total=True))
    assert [z.identificatie for z in page.items] == [identificatie(10)]
    assert page.has_next and page.total == 2
    gevraagd = sorted(
        tuple(sorted((k, v) for k, v in params(v).items() if k.startswith(R)))
        for v in zaken_verzoeken(fake)
    )
    assert gevraagd == [
        ((R + "nietNatuurlijkPersoon__kvkNummer", ZOMERFEEST.kvk),),
        ((R + "nietNatuurlijkPersoon__vestigingsNummer", ZOMERFEEST.vestigingsnummer),),
        ((R + "vestiging__kvkNummer", ZOMERFEEST.kvk),),
        ((R + "vestiging__vestigingsNummer", ZOMERFEEST.vestigingsnummer),),
    ]
    second = await zgw.zaken.zoek_zaken(ZaakFilter(), scope, PageRequest(offset=1, limit=1))
    assert [z.identificatie for z in second.items] == [identificatie(11)] and not second.has_next


async def test_met_status_is_honoured_after_fetching(zgw: Zgw, fake: FakeZgw) -> None:
    sanne = bsn("999990044")  # her only zaak (9) has no status yet
    zonder = await zgw.zaken.zoek_zaken(
        ZaakFilter(), Scope(betrokkenen=frozenset({sanne})), PageRequest(with_total=True)
    )
    assert [z.identificatie for z in zonder.items] == [identificatie(9)] and zonder.total == 1
    met = await zgw.zaken.zoek_zaken(
        ZaakFilter(),
        Scope(betrokkenen=frozenset({sanne}), met_status=True),
        PageRequest(with_total=True),
    )
    assert met.items == [] and met.total == 0 and not met.has_next


async def test_alleen_extern_without_extern_zaaktypen_asks_nothing(zgw: Zgw, fake: FakeZgw) -> None:
    intern = [
        zt.url
        for zt in await zgw.catalogi.zoek_zaaktypen(ZaakTypeFilter(), Scope.alles())
        if zt.indicatie_intern_of_extern is m.IndicatieInternOfExtern.INTERN
    ]
    fake.state.reset()
    scope = Scope(zaaktypen=frozenset(intern), alleen_extern=True)
    page = await zgw.zaken.zoek_zaken(ZaakFilter(), scope, PageRequest(with_total=True))
    assert page.items == [] and page.total == 0
    assert fake.state.aantal("zaken") == 0
    assert await zgw.zaken.zoek_zaken(ZaakFilter(), Scope.geen(), PageRequest()) == page.__class__(
        items=[], has_next=False, total=None
    )
    assert fake.state.aantal("zaken") == 0


async def test_klantcontact_scope_is_pushed_down(zgw: Zgw, fake: FakeZgw) -> None:
    scope = burger(bsn(JAN.bsn))
    page = await zgw.klantcontacten.zoek_klantcontacten(
        KlantcontactFilter(), scope, PageRequest(with_total=True)
    )
    assert {k.onderwerp for k in page.items} == {
        "Vraag over de status van mijn parkeervergunning",
        "Vraag over de afvalpas",
    }
    assert page.total == 2
    [verzoek] = fake.state.lijst("klantinteracties")
    p = params(verzoek)
    assert p["hadBetrokkene__wasPartij__partijIdentificator__objectId"] == JAN.bsn
    assert p["hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId"] == "bsn"
    assert "hadBetrokkenen.wasPartij" in p["expand"]


async def test_a_plain_zaken_api_gets_no_open_zaak_extensions(fake: FakeZgw) -> None:
    """Without Open Zaak's extensions (a plain Zaken API 1.5) the same answers come back: what
    the standard cannot filter is checked after fetching; pages have the server's size."""
    config = zgw_config(fake)
    assert config.zaken is not None
    plain = replace(
        config.zaken,
        openzaak_extensies=False,
        api=replace(config.zaken.api, page_size_param=False, page_size=100),
    )
    standaard = maak_zgw(replace(config, zaken=plain))
    oz = maak_zgw(config)
    try:
        [zt] = [
            z
            for z in await oz.catalogi.zoek_zaaktypen(
                ZaakTypeFilter(identificatie="EVENEMENTENVERGUNNING"), Scope.alles()
            )
        ]
        f = ZaakFilter(omschrijving_bevat="zomerfeest", statustype=zt.statustypen[1])
        rsin = m.BetrokkeneId(m.IdentificatieSoort.RSIN, ZOMERFEEST.rsin)
        scope = Scope(betrokkenen=frozenset({rsin}))
        fake.state.reset()
        ours = await standaard.zaken.zoek_zaken(f, scope, PageRequest(with_total=True))
        verzocht = {k for v in zaken_verzoeken(fake) for k in params(v)}
        reference = await oz.zaken.zoek_zaken(f, scope, PageRequest(with_total=True))
        assert [z.identificatie for z in ours.items] == [identificatie(10)]
        assert ours.items == reference.items and ours.total == reference.total == 1
        assert verzocht.isdisjoint({"omschrijving", "status__statustype", "pageSize"})
        assert R + "nietNatuurlijkPersoon__innNnpId" in verzocht
        # a KvK-nummer is no field of a rol in the standard: nothing can match, nothing is asked
        fake.state.reset()
        kvk = Scope(
            betrokkenen=frozenset({m.BetrokkeneId(m.IdentificatieSoort.KVK, ZOMERFEEST.kvk)})
        )
        assert (await standaard.zaken.zoek_zaken(ZaakFilter(), kvk, PageRequest())).items == []
        assert zaken_verzoeken(fake) == []

        fake.state.reset()
        alles = await oz.zaken.zoek_zaken(ZaakFilter(), Scope.alles(), PageRequest(limit=300))
        page = await standaard.zaken.zoek_zaken(
            ZaakFilter(), Scope.alles(), PageRequest(offset=95, limit=10, with_total=True)
        )
        assert page.items == alles.items[95:105] and page.total == len(alles.items)
        assert [dict(v.query).get("page") for v in zaken_verzoeken(fake)][-2:] == ["1", "2"]
    finally:
        await standaard.aclose()
        await oz.aclose()
