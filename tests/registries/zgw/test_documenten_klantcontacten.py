"""Documenten and Klantinteracties: filters and scopes, compared with the embedded store."""

from __future__ import annotations

import pytest

from registries import models as m
from registries.base import DocumentFilter, KlantcontactFilter, PageRequest, ZaakTypeFilter
from registries.scope import Scope
from registries.sql.store import SqlStore
from tests.registries.zgw.conftest import Zgw
from tests.registries.zgw.helpers import FATIMA, JAN, bedrijf, bsn, burger, naar_sql, zaak_url
from tests.support.fake_zgw import SQL_BASE, FakeZgw

KCC = Scope(
    max_vertrouwelijkheid=m.Vertrouwelijkheid.BEPERKT_OPENBAAR,
    document_max_vertrouwelijkheid=m.Vertrouwelijkheid.BEPERKT_OPENBAAR,
)
SCOPES = {
    "alles": Scope.alles(),
    "kcc": KCC,
    "jan": burger(bsn(JAN.bsn)),
    "bedrijf": burger(*bedrijf()),
    "alleen-gekoppeld": Scope(documenten_zonder_zaak=False, klantcontacten_zonder_zaak=False),
    "geen": Scope.geen(),
}
FILTERS = {
    "geen": DocumentFilter(),
    "titel": DocumentFilter(titel_bevat="aanvraag"),
    "identificatie": DocumentFilter(identificatie="DOCUMENT-2026-0000000001"),
    "status": DocumentFilter(status=m.DocumentStatus.IN_BEWERKING),
    "zonder-zaak": DocumentFilter(zonder_zaak=True),
    "met-zaak": DocumentFilter(zonder_zaak=False, titel_bevat="melding"),
}


@pytest.mark.parametrize("scope", list(SCOPES), ids=list(SCOPES))
@pytest.mark.parametrize("filter", list(FILTERS), ids=list(FILTERS))
async def test_zoek_documenten(
    zgw: Zgw, sql: SqlStore, fake: FakeZgw, scope: str, filter: str
) -> None:
    page = PageRequest(offset=1, limit=8, with_total=True)
    ours = await zgw.documenten.zoek_documenten(FILTERS[filter], SCOPES[scope], page)
    theirs = await sql.documenten.zoek_documenten(FILTERS[filter], SCOPES[scope], page)
    assert naar_sql(fake, ours.items) == theirs.items
    assert (ours.has_next, ours.total) == (theirs.has_next, theirs.total)


async def test_zoek_documenten_by_informatieobjecttype_is_one_call(zgw: Zgw, fake: FakeZgw) -> None:
    [zt] = await zgw.catalogi.zoek_zaaktypen(ZaakTypeFilter(identificatie="BEZWAAR"), Scope.alles())
    fake.state.reset()
    iot = zt.informatieobjecttypen[0]
    page = await zgw.documenten.zoek_documenten(
        DocumentFilter(informatieobjecttype=iot),
        Scope.alles(),
        PageRequest(limit=5, with_total=True),
    )
    assert page.items and all(d.informatieobjecttype == iot for d in page.items)
    assert fake.state.aantal("documenten") == 1 and fake.state.aantal("zaken") == 0


@pytest.mark.parametrize("scope", list(SCOPES), ids=list(SCOPES))
async def test_get_documenten(zgw: Zgw, sql: SqlStore, fake: FakeZgw, scope: str) -> None:
    alle = await sql.documenten.zoek_documenten(
        DocumentFilter(), Scope.alles(), PageRequest(limit=40)
    )
    urls = [d.url.replace(SQL_BASE, fake.base) for d in alle.items]
    ours = await zgw.documenten.get_documenten(urls, SCOPES[scope])
    theirs = await sql.documenten.get_documenten(naar_sql(fake, urls), SCOPES[scope])
    assert naar_sql(fake, ours) == theirs


async def test_inhoud(zgw: Zgw, sql: SqlStore, fake: FakeZgw) -> None:
    page = await zgw.documenten.zoek_documenten(
        DocumentFilter(titel_bevat="Kentekenbewijs"), Scope.alles(), PageRequest()
    )
    [doc] = page.items
    assert doc.inhoud == f"{SQL_BASE}/documenten/{doc.uuid}/inhoud"
    inhoud = await zgw.documenten.inhoud(doc.url)
    assert inhoud is not None and inhoud.formaat == "image/png"
    data = b"".join([stuk async for stuk in inhoud.stukken()])
    assert data.startswith(b"\x89PNG") and len(data) == doc.bestandsomvang == inhoud.omvang
    assert (
        await zgw.documenten.inhoud(
            zgw.documenten.document_url("00000000-0000-4000-8000-000000000000")
        )
        is None
    )
    assert await zgw.documenten.inhoud("https://elders.example/documenten/x") is None


KLANT_FILTERS = {
    "geen": lambda fake: KlantcontactFilter(),
    "zaak": lambda fake: KlantcontactFilter(zaak=zaak_url(fake, 1)),
    "bsn": lambda fake: KlantcontactFilter(bsn=FATIMA.bsn),
    "kanaal": lambda fake: KlantcontactFilter(kanaal="telefoon"),
    "onderwerp": lambda fake: KlantcontactFilter(onderwerp_bevat="VRAAG OVER"),
}


@pytest.mark.parametrize("scope", list(SCOPES), ids=list(SCOPES))
@pytest.mark.parametrize("filter", list(KLANT_FILTERS), ids=list(KLANT_FILTERS))
async def test_zoek_klantcontacten(
    zgw: Zgw, sql: SqlStore, fake: FakeZgw, scope: str, filter: str
) -> None:
    f = KLANT_FILTERS[filter](fake)
    page = PageRequest(offset=2, limit=5, with_total=True)
    ours = await zgw.klantcontacten.zoek_klantcontacten(f, SCOPES[scope], page)
    theirs = await sql.klantcontacten.zoek_klantcontacten(naar_sql(fake, f), SCOPES[scope], page)
    assert naar_sql(fake, ours.items) == theirs.items
    assert (ours.has_next, ours.total) == (theirs.has_next, theirs.total)


async def test_klantcontacten_van_one_call_per_url(zgw: Zgw, fake: FakeZgw) -> None:
    urls = [zaak_url(fake, n) for n in (1, 6, 9, 10)]
    found = await zgw.klantcontacten.klantcontacten_van(urls, Scope.alles())
    assert sorted(len(v) for v in found.values()) == [1, 1, 1]
    verzoeken = fake.state.lijst("klantinteracties")
    assert len(verzoeken) == 4
    assert sorted(
        dict(v.query)["onderwerpobject__onderwerpobjectidentificatorObjectId"] for v in verzoeken
    ) == sorted(u.rsplit("/", 1)[1] for u in urls)
    betrokkene = found[urls[0]][0].betrokkenen[0]
    assert [(p.code_soort_object_id, p.object_id) for p in betrokkene.partij_identificatoren] == [
        ("bsn", JAN.bsn)
    ]


async def test_klantcontacten_without_expand_are_completed(
    zgw: Zgw, sql: SqlStore, fake: FakeZgw
) -> None:
    """An Open Klant that ignores `expand`: betrokkenen, partijen and onderwerpobjecten are
    read one by one, and the result is the same."""
    fake.state.klant_expand = False
    urls = [zaak_url(fake, n) for n in (1, 6, 10)]
    ours = await zgw.klantcontacten.klantcontacten_van(urls, Scope.alles())
    theirs = await sql.klantcontacten.klantcontacten_van(naar_sql(fake, urls), Scope.alles())
    assert naar_sql(fake, ours) == dict(theirs)
    assert fake.state.aantal("klantinteracties", "/partijen/") == 3
    assert fake.state.aantal("klantinteracties", "/betrokkenen/") == 3
