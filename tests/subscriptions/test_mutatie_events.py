"""A mutation's notifications reach the subscribers exactly once, on every backend.

Embedded store: the mutation appends them to the event log in its own transaction (the
transactional outbox). zgw backend, as in production: the gateway's writes go to Open Zaak /
Open Klant (the fake), which publish one notification per write; Open Notificaties (the fake's)
posts each to the gateway's webhook, and only that puts it in the event log -- the gateway
appends none of its own for data a ZGW registry owns, else every subscriber would get each
change twice (once from the outbox, once from the webhook, with different aanmaakdatum and
kenmerken, so no key could tell them apart reliably).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select

from gateway.authz.principal import Role
from gateway.runtime import Runtime
from registries.models import Vertrouwelijkheid
from registries.sql.gateway_tables import NotificatieRow
from registries.sql.seed.demo import FATIMA, JAN
from subscriptions.intake import BRON
from tests.conftest import MaakRuntime
from tests.subscriptions.conftest import Live
from tests.support.fake_zgw import FakeZgw
from tests.support.fake_zgw.notificeren import POGINGEN
from tests.support.gevallen import GEVALLEN, ZET_STATUS
from tests.support.graphql import execute
from tests.support.live import WEBHOOK_AUTH, WsClient, abonnees, mutatie, token, wijzig_zaak
from tests.support.mutaties import zaak_url, zaaktype
from tests.support.specs import ontbreekt_notificatie_spec

MIJN_ZAKEN = """subscription { mijnZaken {
  id kanaal hoofdObject resource resourceUrl actie
  zaak { identificatie status { datumStatusGezet statustype { isEindstatus } } }
} }"""
ALLES = """subscription { notificaties(kanalen: ["zaken"]) { id hoofdObject resource actie } }"""
ZAAK = "ZAAK-2026-0000001"
KENMERKEN = {
    "zaken": {"bronorganisatie", "zaaktype", "zaaktype.catalogus", "vertrouwelijkheidaanduiding"},
    "documenten": {
        "bronorganisatie",
        "informatieobjecttype",
        "informatieobjecttype.catalogus",
        "vertrouwelijkheidaanduiding",
    },
}


async def _bronnen(runtime: Runtime, na: int) -> list[str]:
    """Where each event after id `na` came from: the gateway's outbox or a Notificaties API."""
    stmt = select(NotificatieRow.bron).where(NotificatieRow.id > na).order_by(NotificatieRow.id)
    async with runtime.store.engine.connect() as conn:
        return [str(b) for b in (await conn.execute(stmt)).scalars()]


def _kanalen(runtime: Runtime) -> set[str]:
    return {k.strip() for k in runtime.settings.notificaties_kanalen.split(",")}


async def _bezorgd(fake: FakeZgw, kanalen: set[str], timeout: float = 10.0) -> None:
    """Wait until the fake Open Notificaties has posted every notification published so far on
    the abonnement's kanalen."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        verwacht = [p for p in fake.state.publicaties() if p["kanaal"] in kanalen]
        if len(fake.state.bezorgingen()) >= len(verwacht):
            return
        if loop.time() > deadline:
            raise AssertionError(f"{len(fake.state.bezorgingen())} of {len(verwacht)} posted")
        await asyncio.sleep(0.02)


async def _zichtbaar(runtime: Runtime, bsn: str) -> bool:
    result = await runtime.execute(
        f'{{ zaak(identificatie: "{ZAAK}") {{ url }} }}',
        token=token(runtime, Role.BURGER, bsn=bsn),
    )
    return bool(result.data and result.data["zaak"])


async def test_a_status_change_reaches_the_burger_of_the_zaak_once_and_no_other(
    live: Live,
) -> None:
    """A behandelaar's zetStatus (over HTTP) -> one event for Jan, whose zaak it is, and for a
    behandelaar watching all zaken; none for Fatima. On zgw through the fake Open Zaak and the
    webhook, and nothing from the gateway's own outbox."""
    rt = live.runtime
    url = await zaak_url(rt, ZAAK)
    ladder = (await zaaktype(rt, "PARKEERVERGUNNING"))["statustypen"]
    assert await _zichtbaar(rt, JAN.bsn) and not await _zichtbaar(rt, FATIMA.bsn)
    behandelaar = token(rt, Role.BEHANDELAAR, max_vertrouwelijkheid=Vertrouwelijkheid.ZEER_GEHEIM)
    async with (
        WsClient.connect(live.base, token(rt, Role.BURGER, bsn=JAN.bsn)) as jan,
        WsClient.connect(live.base, token(rt, Role.BURGER, bsn=FATIMA.bsn)) as fatima,
        WsClient.connect(live.base, behandelaar) as kijker,
    ):
        jan_op, fatima_op = await jan.subscribe(MIJN_ZAKEN), await fatima.subscribe(MIJN_ZAKEN)
        kijker_op = await kijker.subscribe(ALLES)
        await abonnees(rt, 3)
        voor = await rt.live.verspreider.log.laatste_id()
        gepubliceerd = len(live.fake.state.publicaties()) if live.fake else 0

        await mutatie(live.base, behandelaar, ZET_STATUS, {"u": url, "st": ladder[1]["url"]})

        [event] = await jan_op.events(1)
        [gezien] = await kijker_op.events(1)
        # a second copy (from an outbox and from the webhook) would come within this window
        await asyncio.gather(jan_op.quiet(1.5), kijker_op.quiet(0.1), fatima_op.quiet(0.1))

    assert (event["kanaal"], event["resource"], event["actie"]) == ("zaken", "status", "create")
    assert event["hoofdObject"] == url and event["resourceUrl"] != url
    assert event["zaak"]["identificatie"] == ZAAK
    assert event["zaak"]["status"]["statustype"]["isEindstatus"] is False
    assert gezien["id"] == event["id"]
    if live.fake is None:
        assert await _bronnen(rt, voor) == ["gateway"]
        return
    # zgw: Open Zaak published one notification for the one write; it came in by the webhook
    [bericht] = live.fake.state.publicaties()[gepubliceerd:]
    assert (bericht["resource"], bericht["hoofdObject"]) == ("status", url)
    assert bericht["resourceUrl"] == event["resourceUrl"]
    assert await _bronnen(rt, voor) == [BRON]
    assert [b.status for b in live.fake.state.bezorgingen() if b.bericht is bericht] == [204]


@pytest.mark.parametrize("backend", ["zgw"], indirect=True)  # embedded: test_notificaties.py
@pytest.mark.parametrize("naam", list(GEVALLEN))
async def test_each_mutations_notifications_come_in_once_through_the_webhook(
    live: Live, naam: str
) -> None:
    """zgw: every notification the fake Open Zaak / Open Klant publishes for a mutation's writes
    follows the Notificaties spec (`Message`, and the consumer webhook's `Notificatie`) with the
    kenmerken of its kanaal; those on the kanalen of the gateway's abonnement are in the event
    log exactly once each, as received, and nothing else is."""
    fake = live.fake
    assert fake is not None
    rt = live.runtime
    kanalen = _kanalen(rt)
    geval = await GEVALLEN[naam](rt)  # may write itself (e.g. a resultaat before the eindstatus)
    await _bezorgd(fake, kanalen)
    voor = await rt.live.verspreider.log.laatste_id()
    eerder = len(fake.state.publicaties())

    _, errors = await execute(rt, geval.query, geval.variables(), principal=geval.principal)
    assert not errors, errors
    await _bezorgd(fake, kanalen)

    gepubliceerd = fake.state.publicaties()[eerder:]
    assert gepubliceerd, "a mutation that publishes nothing"
    for bericht in gepubliceerd:
        verwacht = KENMERKEN.get(bericht["kanaal"])
        if verwacht is not None:
            assert set(bericht["kenmerken"]) == verwacht, bericht
            assert bericht["kenmerken"]["vertrouwelijkheidaanduiding"] in {
                v.value for v in Vertrouwelijkheid
            }
    assert fake.state.notificatie_fouten == []
    ontvangen = await rt.live.verspreider.log.lees_na(voor)
    geabonneerd = [b for b in gepubliceerd if b["kanaal"] in kanalen]
    assert [_zonder_datum(n.bericht()) for n in ontvangen] == [
        _zonder_datum(b) for b in geabonneerd
    ]
    assert await _bronnen(rt, voor) == [BRON] * len(geabonneerd)
    statussen = [b.status for b in fake.state.bezorgingen() if b.bericht in geabonneerd]
    assert statussen == [204] * len(geabonneerd)
    if fake.state.notificatie_controle is None:
        pytest.skip(f"all checked but the notification schemas: {ontbreekt_notificatie_spec()}")


def _zonder_datum(bericht: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in bericht.items() if k != "aanmaakdatum"}


@pytest.mark.parametrize("backend", ["zgw"], indirect=True)
async def test_zgw_without_webhook_auth_warns_that_no_events_will_come(
    maak_runtime: MaakRuntime, caplog: pytest.LogCaptureFixture
) -> None:
    async with maak_runtime() as runtime:
        await runtime.live.start(registreer=False)
        await runtime.live.stop()
    [record] = [r for r in caplog.records if r.name == "zgw_gateway.live"]
    assert record.levelname == "WARNING"
    assert "NOTIFICATIES_AUTH" in record.getMessage()
    async with maak_runtime(notificaties_auth=WEBHOOK_AUTH) as runtime:
        assert runtime.live.zonder_webhook() is None


@pytest.mark.parametrize("backend", ["zgw"], indirect=True)
async def test_an_abonnement_with_the_wrong_auth_gets_nothing_in(live: Live) -> None:
    """The fake Open Notificaties posts with the abonnement's Authorization header; the webhook
    refuses a wrong one (and the retries), so nothing reaches the log."""
    fake, rt = live.fake, live.runtime
    assert fake is not None
    fake.state.abonneer(live.base + "/notificaties", "Bearer niet-het-geheim", _kanalen(rt))
    voor = await rt.live.verspreider.log.laatste_id()
    behandelaar = token(rt, Role.BEHANDELAAR)
    await wijzig_zaak(live.base, behandelaar, await zaak_url(rt, ZAAK), "Zonder geldige auth")
    await _bezorgd(fake, _kanalen(rt))
    [bezorging] = fake.state.bezorgingen()
    assert (bezorging.status, bezorging.pogingen) == (403, POGINGEN)
    assert await rt.live.verspreider.log.lees_na(voor) == []
