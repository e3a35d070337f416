"""The fake server's responses AND the adapters' requests conform to the official OpenAPI specs
(Zaken 1.5.1, Documenten 1.4/1.5, Catalogi 1.3.x, Klantinteracties of Open Klant 2).

Requests are checked against what Open Zaak / Open Klant implement (their own specs: the
adapters use Open Zaak's extra filters such as ``pageSize`` and ``kvkNummer``); responses against
those and the VNG reference specs. For Catalogi the VNG 1.3.3 spec is used, not 1.3.1, whose
``ZaakType.informatieobjecttypen`` is wrongly typed as a string."""

from __future__ import annotations

import re

import pytest

from registries import models as m
from registries.base import (
    DocumentFilter,
    KlantcontactFilter,
    PageRequest,
    ZaakFilter,
    ZaakTypeFilter,
)
from registries.operatie import operatie
from registries.scope import Scope
from tests.registries.zgw.conftest import Zgw
from tests.registries.zgw.helpers import JAN, bedrijf, bsn, burger, zaak_url
from tests.support.fake_zgw import FakeZgw, Verzoek
from tests.support.zgw_specs import VERZOEK_SPECS, laad, specs_dir

pytestmark = pytest.mark.skipif(
    specs_dir() is None,
    reason="ZGW OpenAPI specs not found: set ZGW_SPECS_DIR to the directory with the saved specs "
    "(default ../shared/specs)",
)

ANTWOORD_SPECS = {
    "zaken": ("openzaak-1.30.0-zaken-1.5.1.yaml", "zaken-1.5.1.yaml"),
    "documenten": (
        "openzaak-1.30.0-documenten-1.4.2.yaml",
        "documenten-1.4.3.yaml",
        "documenten-1.5.0.yaml",
    ),
    "catalogi": ("openzaak-1.30.0-catalogi-1.3.1.yaml", "catalogi-1.3.3.yaml"),
    "klantinteracties": ("klantinteracties-0.9.0-openklant-2.18.0.yaml",),
}


#: where real Open Zaak answers differ from its own spec, the fake answers as Open Zaak does
#: (recorded Open Zaak 1.x responses: zgw-domain.md section 9): these errors are expected
BEKENDE_AFWIJKINGEN = (
    re.compile(
        r"^openzaak-1\.30\.0-catalogi-1\.3\.1\.yaml .* at /(results/\d+/)?"
        r"(beginObject|eindeObject): None (for not nullable|is not of type 'string')$"
    ),
    re.compile(
        r"^openzaak-1\.30\.0-catalogi-1\.3\.1\.yaml .* at /(results/\d+/)?broncatalogus/rsin: "
        r"'' is too short$"
    ),
)


async def rondgang(zgw: Zgw, fake: FakeZgw) -> None:
    """Every kind of request the adapters make."""
    alles = Scope.alles()
    urls = [zaak_url(fake, n) for n in (1, 2, 4, 9)]
    await zgw.zaken.zoek_zaken(ZaakFilter(), alles, PageRequest(offset=3, limit=7, with_total=True))
    await zgw.zaken.zoek_zaken(ZaakFilter(), burger(bsn(JAN.bsn), initiator=True), PageRequest())
    await zgw.zaken.zoek_zaken(ZaakFilter(), Scope(betrokkenen=frozenset(bedrijf())), PageRequest())
    [zt] = [
        z
        for z in await zgw.catalogi.zoek_zaaktypen(
            ZaakTypeFilter(identificatie="PARKEERVERGUNNING"), alles
        )
        if z.einde_geldigheid is None
    ]
    await zgw.zaken.zoek_zaken(
        ZaakFilter(
            zaaktypen=frozenset({zt.url}),
            statustype=zt.statustypen[0],
            omschrijving_bevat="park",
            open=True,
            identificatie="ZAAK-2026-0000009",
        ),
        Scope(max_vertrouwelijkheid=m.Vertrouwelijkheid.INTERN),
        PageRequest(),
    )
    with operatie():
        zaken = await zgw.zaken.get_zaken(urls, alles)
        await zgw.zaken.get_statussen([z.status for z in zaken.values() if z.status], alles)
    await zgw.zaken.get_zaken(urls[:1], alles)
    await zgw.zaken.get_statussen([z.status for z in zaken.values() if z.status], alles)
    for methode in (
        "statussen_van",
        "rollen_van",
        "resultaten_van",
        "eigenschappen_van",
        "zaakinformatieobjecten_van",
        "deelzaken_van",
    ):
        await getattr(zgw.zaken, methode)(urls, alles)
    links = await zgw.zaken.zaakinformatieobjecten_van(urls, alles)
    docs = [link.informatieobject for items in links.values() for link in items]
    await zgw.zaken.zaakinformatieobjecten_bij(docs[:2], burger(bsn(JAN.bsn)))
    await zgw.documenten.get_documenten(docs, alles)
    await zgw.documenten.get_documenten(docs[:1], alles)
    await zgw.documenten.zoek_documenten(
        DocumentFilter(titel_bevat="aanvraag", informatieobjecttype=zt.informatieobjecttypen[0]),
        Scope(document_max_vertrouwelijkheid=m.Vertrouwelijkheid.OPENBAAR),
        PageRequest(limit=5),
    )
    await zgw.documenten.inhoud(docs[0])
    for soort in (
        "statustypen",
        "roltypen",
        "resultaattypen",
        "informatieobjecttypen",
        "eigenschappen",
    ):
        await getattr(zgw.catalogi, f"get_{soort}")(getattr(zt, soort))
    await zgw.catalogi.get_zaaktypen([zt.url])
    await zgw.catalogi.client.lees(zt.url)  # a detail read (types no zaaktype lists)
    await zgw.catalogi.client.lees(zt.statustypen[0])
    contacten = await zgw.klantcontacten.zoek_klantcontacten(
        KlantcontactFilter(kanaal="telefoon", onderwerp_bevat="vraag", bsn=JAN.bsn),
        alles,
        PageRequest(),
    )
    await zgw.klantcontacten.zoek_klantcontacten(
        KlantcontactFilter(zaak=urls[0]), burger(*bedrijf()), PageRequest()
    )
    await zgw.klantcontacten.klantcontacten_van(urls, burger(bsn(JAN.bsn)))
    await zgw.klantcontacten.get_klantcontacten([k.url for k in contacten.items], alles)
    fake.state.klant_expand = False  # the one-by-one fallback of an Open Klant without expand
    await zgw.klantcontacten.klantcontacten_van(urls[:1], alles)
    fake.state.klant_expand = True


def _json(v: Verzoek) -> bool:
    return not v.pad.endswith("/download") and 200 <= v.status < 300


async def test_requests_and_responses_follow_the_specs(zgw: Zgw, fake: FakeZgw) -> None:
    await rondgang(zgw, fake)
    verzoeken = fake.state.lijst()
    gezien = {(v.api, v.method, v.pad.split("/")[1]) for v in verzoeken}
    assert len(gezien) >= 14, sorted(gezien)
    assert all(v.status < 400 for v in verzoeken), [
        (v.pad, v.status) for v in verzoeken if v.status >= 400
    ]
    fouten: list[str] = []
    for v in verzoeken:
        for naam in VERZOEK_SPECS[v.api]:
            fouten += laad(naam).verzoek_fouten(v)
        if _json(v):
            for naam in ANTWOORD_SPECS[v.api]:
                fouten += laad(naam).antwoord_fouten(v)
    uniek = sorted({f for f in fouten if not any(a.match(f) for a in BEKENDE_AFWIJKINGEN)})
    assert not uniek, "\n".join(uniek[:40])


def test_the_expand_quirk_and_crs_are_those_of_open_zaak() -> None:
    """What the fake server copies from Open Zaak is what the specs say."""
    oz = laad("openzaak-1.30.0-zaken-1.5.1.yaml").doc
    zoek = oz["paths"]["/zaken/_zoek"]["post"]
    assert any(p.get("name") == "Content-Crs" and p.get("required") for p in zoek["parameters"])
    vng = laad("zaken-1.5.1.yaml").doc
    lijst = vng["paths"]["/zaken"]["get"]["parameters"]
    namen = {
        laad("zaken-1.5.1.yaml")._los(p)["name"]: laad("zaken-1.5.1.yaml")._los(p) for p in lijst
    }
    assert namen["Accept-Crs"]["required"] is True
