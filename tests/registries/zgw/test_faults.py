"""Upstream faults become clear gateway errors naming the registry, quickly, never a hang and
never a raw exception."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

import pytest

from registries.base import KlantcontactFilter, PageRequest, ZaakFilter
from registries.errors import BadUserInput, GatewayError, UpstreamUnavailable
from registries.scope import Scope
from registries.zgw.config import JwtAuth, TokenAuth
from tests.registries.zgw.conftest import Zgw, maak_zgw, zgw_config
from tests.registries.zgw.helpers import zaak_url
from tests.support.fake_zgw import FakeZgw, Storing

ALLES = Scope.alles()


@pytest.fixture
async def kort(fake: FakeZgw) -> AsyncIterator[Zgw]:
    """Registries with a short timeout and one retry."""
    registries = maak_zgw(zgw_config(fake, timeout=0.3, retries=1))
    yield registries
    await registries.aclose()


def zaken_lezen(zgw: Zgw, fake: FakeZgw) -> Any:
    return zgw.zaken.get_zaken([zaak_url(fake, 1)], ALLES)


async def fout(aanroep: Any) -> GatewayError:
    start = time.monotonic()
    with pytest.raises(GatewayError) as info:
        await aanroep
    assert time.monotonic() - start < 3.0
    return info.value


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_down(fake: FakeZgw) -> None:
    config = zgw_config(fake, retries=1)
    assert config.zaken is not None
    dood = f"http://127.0.0.1:{vrije_poort()}/zaken/api/v1"
    zaken = replace(config.zaken, api=replace(config.zaken.api, base_url=dood))
    zgw = maak_zgw(replace(config, zaken=zaken))
    try:
        error = await fout(zgw.zaken.zoek_zaken(ZaakFilter(), ALLES, PageRequest()))
    finally:
        await zgw.aclose()
    assert isinstance(error, UpstreamUnavailable)
    assert error.message.startswith("The Zaken API cannot be reached")
    assert error.extensions["registry"] == "zaken"


async def test_slower_than_the_timeout(kort: Zgw, fake: FakeZgw) -> None:
    fake.state.storing("zaken", Storing("slow", vertraging=1.0))
    error = await fout(zaken_lezen(kort, fake))
    assert isinstance(error, UpstreamUnavailable)
    assert error.message == "The Zaken API did not answer within 0.3 s."
    assert fake.state.aantal("zaken") == 2  # one retry


@pytest.mark.parametrize(
    ("storing", "api", "bericht", "pogingen"),
    [
        ("500", "zaken", "The Zaken API answered with a server error (HTTP 500).", 1),
        ("503", "documenten", "The Documenten API answered with a server error (HTTP 503).", 2),
        ("malformed", "catalogi", "The Catalogi API answered with malformed JSON.", 1),
        (
            "403",
            "klantinteracties",
            "The Klantinteracties API refused the gateway's credentials",
            1,
        ),
        ("401", "zaken", "The Zaken API refused the gateway's credentials", 1),
    ],
)
async def test_fault_kinds(
    kort: Zgw, fake: FakeZgw, storing: str, api: str, bericht: str, pogingen: int
) -> None:
    fake.state.storing(api, Storing(storing))
    aanroepen: dict[str, Callable[[], Any]] = {
        "zaken": lambda: zaken_lezen(kort, fake),
        "documenten": lambda: kort.documenten.get_documenten(
            [kort.documenten.document_url("00000000-0000-4000-8000-000000000000")], ALLES
        ),
        "catalogi": lambda: kort.catalogi.get_zaaktypen([f"{fake.url('catalogi')}/zaaktypen/x"]),
        "klantinteracties": lambda: kort.klantcontacten.zoek_klantcontacten(
            KlantcontactFilter(), ALLES, PageRequest()
        ),
    }
    error = await fout(aanroepen[api]())
    assert isinstance(error, UpstreamUnavailable)
    assert error.message.startswith(bericht)
    assert fake.state.aantal(api) == pogingen


async def test_a_passing_503_is_retried(kort: Zgw, fake: FakeZgw) -> None:
    fake.state.storing("zaken", Storing("503", keer=1))
    found = await zaken_lezen(kort, fake)
    assert len(found) == 1 and fake.state.aantal("zaken") == 2


async def test_refused_credentials(fake: FakeZgw) -> None:
    config = zgw_config(fake)
    assert config.zaken is not None and config.klantinteracties is not None
    ander = JwtAuth("zgw-gateway-test", "een-ander-geheim-van-voldoende-lengte")
    zaken = replace(config.zaken, api=replace(config.zaken.api, auth=ander))
    klant = replace(
        config.klantinteracties, api=replace(config.klantinteracties.api, auth=TokenAuth("fout"))
    )
    zgw = maak_zgw(replace(config, zaken=zaken, klantinteracties=klant))
    try:
        error = await fout(zaken_lezen(zgw, fake))
        assert "refused the gateway's credentials" in error.message
        assert "HTTP 403" in error.message
        error = await fout(zgw.klantcontacten.klantcontacten_van([zaak_url(fake, 1)], ALLES))
        assert error.message.startswith(
            "The Klantinteracties API refused the gateway's credentials"
        )
        assert "(HTTP 401)" in error.message and error.extensions["registry"] == "klantinteracties"
    finally:
        await zgw.aclose()


async def test_invalid_params_name_the_field(zgw: Zgw, fake: FakeZgw) -> None:
    with pytest.raises(BadUserInput) as info:
        await zgw.zaken.zoek_zaken(ZaakFilter(bsn="1234567890"), ALLES, PageRequest())
    assert info.value.field == "bsn"
    assert info.value.extensions["field"] == "bsn"
    assert "rejected `bsn`" in info.value.message


async def test_accept_crs_is_always_sent(zgw: Zgw, fake: FakeZgw) -> None:
    await zgw.zaken.zoek_zaken(ZaakFilter(), ALLES, PageRequest())
    await zgw.zaken.get_zaken([zaak_url(fake, n) for n in (1, 2)], ALLES)
    await zgw.zaken.statussen_van([zaak_url(fake, 1)], ALLES)
    verzoeken = fake.state.lijst("zaken")
    assert len(verzoeken) == 3
    assert all(v.headers["accept-crs"] == "EPSG:4326" for v in verzoeken)
    assert [v.headers.get("content-crs") for v in verzoeken if v.method == "POST"] == ["EPSG:4326"]


async def test_one_failing_call_of_many_fails_the_batch_cleanly(kort: Zgw, fake: FakeZgw) -> None:
    """Concurrent calls (one per zaak): the first failure is raised as itself and the other
    calls are cancelled, not left running."""
    fake.state.storing("zaken", Storing("500", keer=1))
    urls = [zaak_url(fake, n) for n in range(1, 14)]
    error = await fout(kort.zaken.statussen_van(urls, ALLES))
    assert isinstance(error, UpstreamUnavailable) and "HTTP 500" in error.message
    assert fake.state.aantal("zaken") <= len(urls)
    assert len(await kort.zaken.statussen_van(urls, ALLES)) == 12  # the registry still works
