"""Each write primitive of the ZGW writer against the fake Open Zaak / Open Klant: the requests
follow the specs (the fake answers a request that does not with 400), the answers too, the fake
stores what was written (the read adapters see it), and nothing is written to the gateway's own
event log (Open Zaak and Open Klant notify themselves)."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest

from registries import models as m
from registries.base import KlantcontactFilter, PageRequest, ZaakTypeFilter
from registries.errors import BadUserInput, Conflict, NotFound, UpstreamUnavailable
from registries.operatie import Actor, operatie
from registries.scope import Scope
from registries.sql.notificaties import laatste_id
from registries.sql.saga_log import SagaStatus
from registries.sql.seed.catalogus import RSIN_GEMEENTE
from registries.writes import (
    DocumentWijziging,
    NieuwDocument,
    NieuweInterneTaak,
    NieuweKlantcontactBetrokkene,
    NieuweRol,
    NieuweStatus,
    NieuweZaak,
    NieuwKlantcontact,
    NieuwResultaat,
    ZaakWijziging,
)
from tests.registries.zgw.conftest import Schrijven
from tests.registries.zgw.helpers import JAN, zaak_url
from tests.registries.zgw.test_spec import ANTWOORD_SPECS, BEKENDE_AFWIJKINGEN
from tests.support.fake_zgw import SchrijfStoring
from tests.support.zgw_specs import laad, specs_dir

ALLES = Scope.alles()
VANDAAG = date(2026, 3, 2)


async def _zaaktype(s: Schrijven, identificatie: str = "PARKEERVERGUNNING") -> m.ZaakType:
    found = await s.zgw.catalogi.zoek_zaaktypen(
        ZaakTypeFilter(identificatie=identificatie, geldig_op=VANDAAG), ALLES
    )
    return found[0]


def nieuwe_zaak(zt: m.ZaakType, identificatie: str = "", **kwargs: object) -> NieuweZaak:
    values: dict[str, object] = {
        "zaaktype": zt.url,
        "identificatie": identificatie,
        "bronorganisatie": RSIN_GEMEENTE,
        "verantwoordelijke_organisatie": RSIN_GEMEENTE,
        "omschrijving": "Parkeervergunning Dorpsstraat 3",
        "startdatum": VANDAAG,
        "registratiedatum": VANDAAG,
        "vertrouwelijkheidaanduiding": m.Vertrouwelijkheid.OPENBAAR,
        "communicatiekanaal": "webformulier",
        "kenmerken": (m.Kenmerk(kenmerk="of-123", bron="webformulier"),),
    }
    values.update(kwargs)
    return NieuweZaak(**values)  # type: ignore[arg-type]


def document(iot: str, identificatie: str = "", **kwargs: object) -> NieuwDocument:
    values: dict[str, object] = {
        "informatieobjecttype": iot,
        "identificatie": identificatie,
        "bronorganisatie": RSIN_GEMEENTE,
        "creatiedatum": VANDAAG,
        "titel": "Kentekenbewijs",
        "vertrouwelijkheidaanduiding": m.Vertrouwelijkheid.OPENBAAR,
        "auteur": "Aanvrager",
        "status": m.DocumentStatus.DEFINITIEF,
        "formaat": "application/pdf",
        "bestandsnaam": "kenteken.pdf",
    }
    values.update(kwargs)
    return NieuwDocument(**values)  # type: ignore[arg-type]


def inhoud(data: bytes, stuk: int = 7000):  # type: ignore[no-untyped-def]
    async def stukken() -> AsyncIterator[bytes]:
        for i in range(0, len(data), stuk):
            yield data[i : i + stuk]
        if not data:
            yield b""

    return stukken


def jan_rol(rt: m.RolType) -> NieuweRol:
    return NieuweRol(
        roltype=rt.url,
        omschrijving=rt.omschrijving,
        omschrijving_generiek=m.OmschrijvingGeneriek.INITIATOR,
        betrokkene_type=m.BetrokkeneType.NATUURLIJK_PERSOON,
        betrokkene_identificatie=m.NatuurlijkPersoon(inp_bsn=JAN.bsn, geslachtsnaam="Vries"),
        roltoelichting="Indiener via webformulier",
    )


def spec_fouten(s: Schrijven) -> list[str]:
    """Spec errors of the write answers the fake gave (the requests are checked inline)."""
    if specs_dir() is None:
        return []
    fouten: list[str] = []
    for v in s.fake.state.geschreven():
        if 200 <= v.status < 300 and v.antwoord is not None and not v.pad.startswith("/bestand"):
            per_spec = [laad(naam).antwoord_fouten(v) for naam in ANTWOORD_SPECS[v.api]]
            # an Open Zaak extension (e.g. /zaaknummer_reserveren) is not in the VNG spec
            bekend = any(not any(" no operation " in f for f in fs) for fs in per_spec)
            for fs in per_spec:
                fouten += [f for f in fs if not (bekend and " no operation " in f)]
    return sorted({f for f in fouten if not any(a.match(f) for a in BEKENDE_AFWIJKINGEN)})


async def test_a_zaak_with_rol_status_eigenschap_resultaat_and_changes(s: Schrijven) -> None:
    zt = await _zaaktype(s)
    roltypen = await s.zgw.catalogi.get_roltypen(zt.roltypen)
    initiator = next(
        rt
        for rt in roltypen.values()
        if rt.omschrijving_generiek is m.OmschrijvingGeneriek.INITIATOR
    )
    statustypen = sorted(
        (await s.zgw.catalogi.get_statustypen(zt.statustypen)).values(), key=lambda t: t.volgnummer
    )
    eigenschap = next(iter((await s.zgw.catalogi.get_eigenschappen(zt.eigenschappen)).values()))
    moment = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    eindmoment = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    with operatie(Actor("mdw-0042", "A. Jansen")):
        async with s.schrijf() as w:
            nummer = await w.reserveer_zaaknummer(
                2026, "ZAAK-{jaar}-{nummer:07d}", bronorganisatie=RSIN_GEMEENTE
            )
            zaak = await w.maak_zaak(nieuwe_zaak(zt, nummer))
            rol = await w.maak_rol(zaak.url, jan_rol(initiator))
            status = await w.maak_status(
                zaak.url, NieuweStatus(statustype=statustypen[0].url, datum_status_gezet=moment)
            )
            ze = await w.maak_zaakeigenschap(zaak.url, eigenschap.url, eigenschap.naam, "AB-123-C")
            gewijzigd = await w.wijzig_zaak(
                zaak.url, ZaakWijziging(toelichting="Bewoner", einddatum_gepland=date(2026, 4, 1))
            )
            res = await w.zet_resultaat(
                zaak.url, NieuwResultaat(resultaattype=zt.resultaattypen[0])
            )
            res2 = await w.zet_resultaat(
                zaak.url, NieuwResultaat(resultaattype=zt.resultaattypen[0], toelichting="Verleend")
            )
            await w.maak_status(
                zaak.url,
                NieuweStatus(statustype=statustypen[-1].url, datum_status_gezet=eindmoment),
            )
            gesloten = await w.wijzig_zaak(zaak.url, ZaakWijziging(einddatum=eindmoment.date()))

    assert nummer.startswith("ZAAK-2026-")  # Open Zaak's reservation, in its own format
    assert zaak.identificatie == nummer and zaak.communicatiekanaal == "webformulier"
    assert zaak.kenmerken == [m.Kenmerk(kenmerk="of-123", bron="webformulier")]
    assert rol.zaak == zaak.url and rol.omschrijving_generiek is m.OmschrijvingGeneriek.INITIATOR
    assert status.statustype == statustypen[0].url and status.datum_status_gezet == moment
    assert (ze.naam, ze.waarde) == (eigenschap.naam, "AB-123-C")
    assert gewijzigd.toelichting == "Bewoner" and gewijzigd.einddatum_gepland == date(2026, 4, 1)
    assert res2.url == res.url and res2.toelichting == "Verleend"  # one resultaat, changed
    assert gesloten.einddatum == eindmoment.date()  # Open Zaak closed it (eindstatus)

    # the read adapters see it all
    found = (await s.zgw.zaken.get_zaken([zaak.url], ALLES))[zaak.url]
    assert found.status is not None and found.resultaat == res.url
    assert [r.url for r in (await s.zgw.zaken.rollen_van([zaak.url], ALLES))[zaak.url]] == [rol.url]
    assert len((await s.zgw.zaken.statussen_van([zaak.url], ALLES))[zaak.url]) == 2

    # as whom: the JWT of every write names the end user
    writes = s.fake.state.geschreven("zaken")
    assert writes and all(v.claims and v.claims["user_id"] == "mdw-0042" for v in writes)
    assert all(v.headers.get("content-crs") == "EPSG:4326" for v in writes)
    assert [(v.method, v.pad.split("/")[1]) for v in writes] == [
        ("POST", "zaaknummer_reserveren"),
        ("POST", "zaken"),
        ("POST", "rollen"),
        ("POST", "statussen"),
        ("POST", "zaken"),  # /zaken/{uuid}/zaakeigenschappen
        ("PATCH", "zaken"),
        ("POST", "resultaten"),
        ("PUT", "resultaten"),
        ("POST", "statussen"),
    ]  # the einddatum is Open Zaak's business: no PATCH for it
    assert not spec_fouten(s), spec_fouten(s)
    assert await laatste_id(s.log.engine) == 0  # Open Zaak notifies, not the gateway


async def test_the_gateways_own_zaaknummers_without_a_reservation_endpoint(s: Schrijven) -> None:
    s.fake.state.reservering = False
    zt = await _zaaktype(s)
    async with s.schrijf() as w:
        eerste = await w.reserveer_zaaknummer(
            2026, "GW-{jaar}-{nummer:05d}", bronorganisatie=RSIN_GEMEENTE
        )
        await w.maak_zaak(nieuwe_zaak(zt, eerste))
        tweede = await w.reserveer_zaaknummer(
            2026, "GW-{jaar}-{nummer:05d}", bronorganisatie=RSIN_GEMEENTE
        )
    assert (eerste, tweede) == ("GW-2026-00001", "GW-2026-00002")
    # the endpoint was tried once per path, then remembered as absent
    async with s.schrijf() as w:
        assert (
            await w.reserveer_zaaknummer(
                2026, "GW-{jaar}-{nummer:05d}", bronorganisatie=RSIN_GEMEENTE
            )
            == "GW-2026-00003"
        )
    assert s.fake.state.aantal("zaken", "/zaaknummer_reserveren") == 1
    assert s.fake.state.aantal("zaken", "/reserveer_zaaknummer") == 1


async def test_documents_inline_and_in_bestandsdelen_linked_and_unlinked(s: Schrijven) -> None:
    zt = await _zaaktype(s)
    klein = b"%PDF-1.4 " + b"k" * 5000
    groot = bytes(range(256)) * 1000  # 256,000 bytes > the 100,000 inline limit
    async with s.schrijf() as w:
        zaak = await w.maak_zaak(nieuwe_zaak(zt, "ZAAK-TEST-1"))
        d1 = await w.maak_document(
            document(zt.informatieobjecttypen[0], "DOC-1"), inhoud(klein), max_omvang=10**6
        )
        d2 = await w.maak_document(
            document(zt.informatieobjecttypen[0], titel="Groot", bestandsnaam="groot.bin"),
            inhoud(groot, 10_000),
            max_omvang=10**6,
        )
        link = await w.koppel_document(zaak.url, d1.url, titel="Aanvraag")
        await w.koppel_document(zaak.url, d2.url)
        await w.ontkoppel_document(zaak.url, d2.url)
        with pytest.raises(NotFound):
            await w.ontkoppel_document(zaak.url, d2.url)
    assert d1.bestandsomvang == len(klein) and not d1.locked
    assert d2.bestandsomvang == len(groot) and not d2.locked
    assert d2.identificatie.startswith("DOCUMENT-")  # numbered by the registry
    assert s.fake.state.data.inhoud[d1.url] == klein
    assert s.fake.state.data.inhoud[d2.url] == groot  # joined from its bestandsdelen
    delen = [v for v in s.fake.state.geschreven("documenten") if v.pad.startswith("/bestandsdelen")]
    assert len(delen) == 4  # 256,000 bytes in parts of 64 KiB
    first = next(v for v in s.fake.state.geschreven("documenten") if v.method == "POST")
    assert base64.b64decode(first.body["inhoud"]) == klein
    assert (await s.zgw.documenten.inhoud(d2.url)) is not None
    links = (await s.zgw.zaken.zaakinformatieobjecten_van([zaak.url], ALLES))[zaak.url]
    assert [(i.url, i.informatieobject, i.titel) for i in links] == [(link.url, d1.url, "Aanvraag")]
    assert not spec_fouten(s), spec_fouten(s)


async def test_a_document_too_large_is_refused_before_anything_is_written(s: Schrijven) -> None:
    zt = await _zaaktype(s)
    with pytest.raises(BadUserInput) as raised:
        async with s.schrijf() as w:
            await w.maak_document(
                document(zt.informatieobjecttypen[0]), inhoud(b"x" * 2000), max_omvang=1000
            )
    assert raised.value.field == "inhoud"
    assert s.fake.state.geschreven() == []


async def test_wijzig_document_locks_patches_and_unlocks(s: Schrijven) -> None:
    zt = await _zaaktype(s)
    async with s.schrijf() as w:
        made = await w.maak_document(
            document(zt.informatieobjecttypen[0], status=m.DocumentStatus.IN_BEWERKING),
            inhoud(b"concept"),
            max_omvang=1000,
        )
        changed = await w.wijzig_document(
            made.url,
            DocumentWijziging(titel="Nieuwe titel", status=m.DocumentStatus.DEFINITIEF),
        )
    assert changed.titel == "Nieuwe titel" and changed.status is m.DocumentStatus.DEFINITIEF
    assert changed.versie == 2 and not changed.locked
    paden = [(v.method, v.pad.rsplit("/", 1)[-1]) for v in s.fake.state.geschreven("documenten")]
    assert [p[0] for p in paden] == ["POST", "POST", "PATCH", "POST"]
    assert paden[1][1] == "lock" and paden[3][1] == "unlock"
    assert not s.fake.state.data.documenten[made.url].locked
    assert not spec_fouten(s), spec_fouten(s)


async def test_a_klantcontact_with_partij_betrokkene_onderwerpobject_and_taak(s: Schrijven) -> None:
    zaak = zaak_url(s.fake, 1)
    bsn = m.PartijIdentificator(
        code_objecttype="natuurlijk_persoon",
        code_soort_object_id="bsn",
        object_id="999990755",
        code_register="brp",
    )
    moment = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    async with s.schrijf() as w:
        contact = await w.maak_klantcontact(
            NieuwKlantcontact(
                kanaal="telefoon",
                onderwerp="Vraag over parkeren",
                inhoud="Wanneer krijg ik bericht?",
                plaatsgevonden_op=moment,
                betrokkenen=(
                    NieuweKlantcontactBetrokkene(
                        volledige_naam="Nieuwe Burger", partij_identificatoren=(bsn,)
                    ),
                ),
                zaken=(zaak,),
            )
        )
        taak = await w.maak_interne_taak(
            NieuweInterneTaak(klantcontact=contact.url, gevraagde_handeling="Terugbellen")
        )
        # a second contact of the same person finds the partij made above
        await w.maak_klantcontact(
            NieuwKlantcontact(
                kanaal="e-mail",
                onderwerp="Nogmaals",
                plaatsgevonden_op=moment,
                betrokkenen=(
                    NieuweKlantcontactBetrokkene(
                        volledige_naam="Nieuwe Burger", partij_identificatoren=(bsn,)
                    ),
                ),
            )
        )
    assert contact.kanaal == "telefoon" and contact.plaatsgevonden_op == moment
    assert [b.partij_identificatoren for b in contact.betrokkenen] == [[bsn]]
    [o] = contact.onderwerpobjecten
    assert (o.code_objecttype, o.code_register, o.code_soort_object_id, o.object_id) == (
        "zgw-Zaak",
        "openzaak",
        "uuid",
        zaak.rsplit("/", 1)[-1],
    )
    assert taak.klantcontact == contact.url and taak.status == "te_verwerken" and taak.nummer
    assert s.fake.state.aantal("klantinteracties", "/partijen") == 3  # find, make, find
    met_bsn = [
        p
        for p in s.fake.state.partijen.values()
        if any(
            i["partijIdentificator"]["objectId"] == "999990755" for i in p["partijIdentificatoren"]
        )
    ]
    assert len(met_bsn) == 1 and len(met_bsn[0]["betrokkenen"]) == 2
    # the read adapter finds it by zaak and by BSN
    van_zaak = (await s.zgw.klantcontacten.klantcontacten_van([zaak], ALLES))[zaak]
    assert contact.url in [k.url for k in van_zaak]
    by_bsn = await s.zgw.klantcontacten.zoek_klantcontacten(
        KlantcontactFilter(bsn="999990755"), ALLES, PageRequest()
    )
    assert len(by_bsn.items) == 2
    auth = {v.headers["authorization"] for v in s.fake.state.geschreven("klantinteracties")}
    assert auth == {"Token open-klant-token-voor-de-tests"}
    assert not spec_fouten(s), spec_fouten(s)


@pytest.fixture
def s(schrijven: Schrijven) -> Schrijven:
    return schrijven


async def test_a_large_document_resumes_at_the_first_part_not_sent(s: Schrijven) -> None:
    zt = await _zaaktype(s)
    groot = bytes(range(256)) * 1000  # 4 parts of at most 64 KiB
    s.fake.state.schrijf_storing(SchrijfStoring("PUT", "/bestandsdelen/{uuid}", "503", nummer=3))

    async def eenheid() -> m.EnkelvoudigInformatieObject:
        async with s.schrijf() as w:
            assert await w.claim("mdw-1", "groot-1", "registreerDocument") is None
            made = await w.maak_document(
                document(zt.informatieobjecttypen[0], "GROOT-1"),
                inhoud(groot, 9000),
                max_omvang=10**6,
            )
            await w.vastleggen("mdw-1", "groot-1", {"document": made.url})
            return made

    with pytest.raises(UpstreamUnavailable):
        await eenheid()
    voor = len(s.fake.state.geschreven())
    made = await eenheid()
    opnieuw = [(v.method, v.pad.split("/")[1]) for v in s.fake.state.geschreven()[voor:]]
    assert opnieuw == [("PUT", "bestandsdelen")] * 2 + [("POST", "enkelvoudiginformatieobjecten")]
    assert s.fake.state.data.inhoud[made.url] == groot and not made.locked
    assert (
        len([d for d in s.fake.state.data.documenten.values() if d.identificatie == "GROOT-1"]) == 1
    )


async def test_a_retry_that_makes_other_steps_is_refused(s: Schrijven) -> None:
    """Second line of defence behind the request's fingerprint: step n of a retry must be the
    same kind of write as the recorded step n."""
    zt = await _zaaktype(s)
    s.fake.state.schrijf_storing(SchrijfStoring("POST", "/rollen", "500"))
    with pytest.raises(UpstreamUnavailable):
        async with s.schrijf() as w:
            await w.claim("mdw-1", "k-1", "test", "v1")
            zaak = await w.maak_zaak(nieuwe_zaak(zt, "ZAAK-STAP-1"))
            await w.maak_rol(
                zaak.url, jan_rol((await s.zgw.catalogi.get_roltypen(zt.roltypen)).popitem()[1])
            )
    with pytest.raises(Conflict) as raised:
        async with s.schrijf() as w:
            await w.claim("mdw-1", "k-1", "test", "v1")
            await w.reserveer_zaaknummer(2026, "Z-{jaar}-{nummer}")  # step 1 was maak_zaak
    assert "different request" in raised.value.message
    saga = await s.log.lees("mdw-1", "k-1")
    assert saga is not None and saga.status is SagaStatus.BEZIG  # untouched by the refusal
    with pytest.raises(BadUserInput):  # another fingerprint under the key
        async with s.schrijf() as w:
            await w.claim("mdw-1", "k-1", "test", "v2")
