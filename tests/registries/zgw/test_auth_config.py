"""The end user travels in the ZGW JWT; tokens are reused per user for a short window; Open
Klant gets its token; configuration from the environment."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from registries.base import PageRequest, ZaakFilter
from registries.errors import ConfigurationError
from registries.operatie import SYSTEEM, Actor, actor_var, huidige_operatie, operatie
from registries.scope import Scope
from registries.zgw.auth import JwtOndertekenaar
from registries.zgw.config import (
    STANDAARD_EXPAND,
    ApiConfig,
    JwtAuth,
    TokenAuth,
    config_uit_omgeving,
)
from registries.zgw.factory import bouw
from registries.zgw.zaken import expand_paden
from tests.registries.zgw.conftest import CLIENT_ID, SECRET, TOKEN, Zgw, zgw_config
from tests.registries.zgw.helpers import zaak_url
from tests.support.fake_zgw import FakeZgw

JAN = Actor(user_id="999993653", user_representation="Jan de Vries")


async def test_the_end_user_is_in_the_jwt(zgw: Zgw, fake: FakeZgw) -> None:
    await zgw.zaken.get_zaken([zaak_url(fake, 1)], Scope.alles())
    with operatie(JAN):

        async def in_a_task() -> None:
            await zgw.zaken.get_zaken([zaak_url(fake, 2)], Scope.alles())

        await asyncio.gather(in_a_task(), zgw.catalogi.get_zaaktypen([]))
    claims = [v.claims for v in fake.state.lijst() if v.claims]
    assert claims[0] is not None and claims[0]["user_id"] == SYSTEEM.user_id
    assert claims[-1] is not None and claims[-1]["user_id"] == "999993653"
    assert claims[-1]["user_representation"] == "Jan de Vries"
    assert {c["client_id"] for c in claims if c} == {CLIENT_ID} == {c["iss"] for c in claims if c}
    assert actor_var.get() is SYSTEEM and huidige_operatie() is None


async def test_open_klant_gets_its_token(zgw: Zgw, fake: FakeZgw) -> None:
    await zgw.klantcontacten.klantcontacten_van([zaak_url(fake, 1)], Scope.alles())
    [verzoek] = fake.state.lijst("klantinteracties")
    assert verzoek.headers["authorization"] == f"Token {TOKEN}"


def test_tokens_are_reused_per_actor_for_a_short_window() -> None:
    nu = [1_000_000.0]
    signer = JwtOndertekenaar(JwtAuth(CLIENT_ID, SECRET), geldigheid=60, klok=lambda: nu[0])
    first = signer.token(JAN)
    assert signer.token(JAN) == first
    assert signer.token(SYSTEEM) != first
    nu[0] += 61
    renewed = signer.token(JAN)
    assert renewed != first
    claims = jwt.decode(renewed, OctKey.import_key(SECRET), algorithms=["HS256"]).claims
    assert claims == {
        "iss": CLIENT_ID,
        "iat": 1_000_061,
        "client_id": CLIENT_ID,
        "user_id": JAN.user_id,
        "user_representation": JAN.user_representation,
    }


def test_short_secrets_are_accepted_with_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    JwtOndertekenaar(JwtAuth("oz", "kort")).token(SYSTEEM)
    assert "shorter than 112 bits" in caplog.text


def test_config_from_the_environment() -> None:
    env = {
        "ZGW_GATEWAY_ZAKEN_API_URL": "https://oz.example/zaken/api/v1/",
        "ZGW_GATEWAY_CATALOGI_API_URL": "https://oz.example/catalogi/api/v1",
        "ZGW_GATEWAY_ZGW_CLIENT_ID": "gateway",
        "ZGW_GATEWAY_ZGW_SECRET": "geheim-geheim-geheim",
        "ZGW_GATEWAY_CATALOGI_SECRET": "catalogi-geheim-geheim",
        "ZGW_GATEWAY_KLANTINTERACTIES_API_URL": "https://ok.example/klantinteracties/api/v1",
        "ZGW_GATEWAY_KLANTINTERACTIES_TOKEN": "tok",
        "ZGW_GATEWAY_ZGW_TIMEOUT": "2.5",
        "ZGW_GATEWAY_ZGW_ZAKEN_EXPAND": "status.statustype,rollen",
    }
    config = config_uit_omgeving(env, inhoud_base_url="https://gw.example", prefix="ZGW_GATEWAY_")
    assert config.zaken is not None and config.catalogi is not None
    assert config.documenten is None
    assert config.zaken.api.base_url == "https://oz.example/zaken/api/v1"
    assert config.zaken.api.timeout == 2.5
    assert config.zaken.api.auth == JwtAuth("gateway", "geheim-geheim-geheim")
    assert config.catalogi.api.auth == JwtAuth("gateway", "catalogi-geheim-geheim")
    assert config.klantinteracties is not None
    assert config.klantinteracties.api.auth == TokenAuth("tok")
    assert "geheim" not in repr(config)
    assert expand_paden(config.zaken.expand) == ["status", "status.statustype", "rollen"]
    assert expand_paden(STANDAARD_EXPAND) == list(STANDAARD_EXPAND)
    with pytest.raises(ConfigurationError, match="CLIENT_ID"):
        config_uit_omgeving(
            {"ZAKEN_API_URL": "https://oz.example/zaken/api/v1"}, inhoud_base_url=""
        )
    with pytest.raises(ConfigurationError, match="TOKEN"):
        config_uit_omgeving(
            {"KLANTINTERACTIES_API_URL": "https://ok.example/k"}, inhoud_base_url=""
        )


def test_config_validation() -> None:
    with pytest.raises(ConfigurationError, match="http"):
        ApiConfig(base_url="oz.example", auth=TokenAuth("t"), naam="X")
    with pytest.raises(ConfigurationError, match="timeout"):
        ApiConfig(base_url="https://oz.example", auth=TokenAuth("t"), naam="X", timeout=0)
    with pytest.raises(ConfigurationError, match="token"):
        ApiConfig(base_url="https://oz.example", auth=TokenAuth(""), naam="X")


async def test_mixing_with_another_backend(zgw: Zgw, fake: FakeZgw) -> None:
    """Zaken from Open Zaak, klantcontacten from elsewhere: each registry stands alone."""
    ander = zgw.gebouwd.registries
    with pytest.raises(ConfigurationError, match="No backend for documenten"):
        bouw(replace(zgw_config(fake), documenten=None))
    gemengd = bouw(replace(zgw_config(fake), klantinteracties=None), anders=ander)
    try:
        assert gemengd.registries.klantcontacten is ander.klantcontacten
        assert len(gemengd.eigen) == 3
        page = await gemengd.registries.zaken.zoek_zaken(
            ZaakFilter(), Scope.alles(), PageRequest(limit=1)
        )
        assert len(page.items) == 1
    finally:
        await gemengd.aclose()
