"""Token verification: good tokens of every kind of issuer, and every bad token refused with
UNAUTHENTICATED (and no data) -- through the authenticator and through the gateway."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import pytest_asyncio
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet, OctKey, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gateway.authz.principal import Role
from gateway.authz.tokens import Authenticator, ClaimMapping, Issuer, dev_issuer, dev_token
from gateway.runtime import Runtime
from registries.errors import Unauthenticated
from registries.models import Vertrouwelijkheid
from tests.support.graphql import codes
from tests.support.server import serve

OIDC = "https://login.demodam.example/realms/gemeente"
AUDIENCE = "zgw-gateway"
DEV_SECRET = "test-dev-secret-0123456789"

RSA = RSAKey.generate_key(2048, parameters={"kid": "rsa-1"})
EC = ECKey.generate_key("P-256", parameters={"kid": "ec-1"})
ROTATED = RSAKey.generate_key(2048, parameters={"kid": "rsa-2"})


class Jwks:
    def __init__(self) -> None:
        self.keys = [RSA, EC]
        self.fetches = 0

    def app(self) -> Starlette:
        async def certs(request: Request) -> JSONResponse:
            self.fetches += 1
            return JSONResponse(KeySet(self.keys).as_dict(private=False))

        return Starlette(routes=[Route("/certs", certs)])


@pytest.fixture(scope="module")
def jwks() -> Iterator[tuple[Jwks, str]]:
    server = Jwks()
    with serve(server.app()) as base:
        yield server, f"{base}/certs"


@pytest_asyncio.fixture
async def authenticator(jwks: tuple[Jwks, str]) -> AsyncIterator[Authenticator]:
    _, url = jwks
    oidc = Issuer(
        issuer=OIDC,
        audiences=(AUDIENCE,),
        algorithms=("RS256", "ES256"),
        jwks_url=url,
        claims=ClaimMapping(
            role="roles",
            role_values={"zaakbehandelaar": Role.BEHANDELAAR, "kcc-medewerker": Role.KCC},
            medewerker_id="preferred_username",
        ),
    )
    auth = Authenticator(
        [dev_issuer(DEV_SECRET, "zgw-gateway-dev", AUDIENCE), oidc], jwks_min_refetch=0.0
    )
    yield auth
    await auth.aclose()


def oidc_claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": OIDC,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 300,
        "sub": "f3c2",
        "preferred_username": "mdw-0042",
        "name": "A. Jansen",
        "roles": ["zaakbehandelaar", "offline_access"],
        "zaaktypen": ["PARKEERVERGUNNING"],
        "max_vertrouwelijkheid": "intern",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def sign(claims: dict[str, Any], key: Any = RSA, alg: str = "RS256", kid: str | None = None) -> str:
    header: dict[str, Any] = {"alg": alg}
    header["kid"] = kid if kid is not None else getattr(key, "kid", None)
    if header["kid"] is None:
        del header["kid"]
    return jwt.encode(header, claims, key)


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


async def test_oidc_rs256_token_gives_the_mapped_principal(authenticator: Authenticator) -> None:
    principal = await authenticator.principal("Bearer " + sign(oidc_claims()))
    assert principal.role is Role.BEHANDELAAR
    assert principal.medewerker_id == "mdw-0042"
    assert principal.naam == "A. Jansen"
    assert principal.zaaktypen == frozenset({"PARKEERVERGUNNING"})
    assert principal.max_vertrouwelijkheid is Vertrouwelijkheid.INTERN
    assert principal.issuer == OIDC


async def test_oidc_es256_token_is_accepted(authenticator: Authenticator) -> None:
    token = sign(oidc_claims(roles="kcc-medewerker"), key=EC, alg="ES256")
    assert (await authenticator.principal(f"Bearer {token}")).role is Role.KCC


async def test_dev_token_round_trip(authenticator: Authenticator) -> None:
    issuer = dev_issuer(DEV_SECRET, "zgw-gateway-dev", AUDIENCE)
    burger = await authenticator.principal(
        "Bearer " + dev_token(issuer, role=Role.BURGER, bsn="999993653")
    )
    assert (burger.role, burger.bsn, burger.subject) == (Role.BURGER, "999993653", "999993653")
    behandelaar = await authenticator.principal(
        "Bearer " + dev_token(issuer, role=Role.BEHANDELAAR)
    )
    assert behandelaar.alle_zaaktypen  # no --zaaktypen: the explicit '*' grant


async def test_absent_zaaktypen_claim_means_no_zaaktypen(authenticator: Authenticator) -> None:
    principal = await authenticator.principal("Bearer " + sign(oidc_claims(zaaktypen=None)))
    assert principal.zaaktypen == frozenset()
    assert not principal.alle_zaaktypen


async def test_verified_tokens_are_cached(
    authenticator: Authenticator, jwks: tuple[Jwks, str]
) -> None:
    server, _ = jwks
    token = sign(oidc_claims())
    await authenticator.principal(f"Bearer {token}")
    before = server.fetches
    for _ in range(5):
        await authenticator.principal(f"Bearer {token}")
    assert server.fetches == before


def _hmac_signed(header: dict[str, Any], claims: dict[str, Any], secret: bytes) -> str:
    """HS256 by hand (joserfc rightly refuses to use a public key as an HMAC secret)."""
    signing_input = f"{b64(header)}.{b64(claims)}"
    digest = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _forged_tokens() -> dict[str, str]:
    """Each a token that must be refused, with why."""
    good = oidc_claims()
    pem = RSA.as_pem(private=False)
    assert isinstance(pem, bytes)
    parts = sign(good).split(".")
    tampered_payload = b64({**good, "roles": ["zaakbehandelaar"], "zaaktypen": ["*"]})
    return {
        "alg none": b64({"alg": "none"}) + "." + b64(good) + ".",
        "HS256 signed with the RS public key": _hmac_signed(
            {"alg": "HS256", "kid": "rsa-1"}, good, pem
        ),
        "expired": sign(oidc_claims(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200)),
        "not yet valid": sign(oidc_claims(nbf=int(time.time()) + 3600)),
        "wrong iss": sign(oidc_claims(iss="https://evil.example/realm")),
        "wrong aud": sign(oidc_claims(aud="another-api")),
        "missing aud": sign(oidc_claims(aud=None)),
        "missing exp": sign(oidc_claims(exp=None)),
        "unknown kid": sign(oidc_claims(), key=RSAKey.generate_key(2048, parameters={"kid": "x"})),
        "tampered payload": f"{parts[0]}.{tampered_payload}.{parts[2]}",
        "malformed": "not-a-jwt",
        "malformed segments": "abc.def.ghi",
        "role claim absent": sign(oidc_claims(roles=None)),
        "only unknown roles": sign(oidc_claims(roles=["offline_access"])),
        "burger without BSN": jwt.encode(
            {"alg": "HS256"},
            {
                "iss": "zgw-gateway-dev",
                "aud": AUDIENCE,
                "exp": int(time.time()) + 60,
                "role": "burger",
            },
            OctKey.import_key(DEV_SECRET),
        ),
        "dev token signed with another secret": jwt.encode(
            {"alg": "HS256"},
            {
                "iss": "zgw-gateway-dev",
                "aud": AUDIENCE,
                "exp": int(time.time()) + 60,
                "role": "behandelaar",
                "zaaktypen": ["*"],
            },
            OctKey.import_key("another-secret-0123456789"),
        ),
    }


FORGED = _forged_tokens()


@pytest.mark.parametrize("case", sorted(FORGED))
async def test_bad_tokens_are_refused(authenticator: Authenticator, case: str) -> None:
    with pytest.raises(Unauthenticated) as caught:
        await authenticator.principal(f"Bearer {FORGED[case]}")
    assert caught.value.code == "UNAUTHENTICATED"
    assert FORGED[case] not in caught.value.message


@pytest.mark.parametrize("header", ["Basic dXNlcjpwdw==", "Bearer", "Token abc"])
async def test_other_schemes_are_refused(authenticator: Authenticator, header: str) -> None:
    with pytest.raises(Unauthenticated):
        await authenticator.principal(header)


async def test_unknown_kid_refetches_the_jwks_once(
    authenticator: Authenticator, jwks: tuple[Jwks, str]
) -> None:
    server, _ = jwks
    await authenticator.principal("Bearer " + sign(oidc_claims()))  # keys cached
    before = server.fetches
    with pytest.raises(Unauthenticated, match="key the issuer does not publish"):
        await authenticator.principal("Bearer " + sign(oidc_claims(), key=ROTATED))
    assert server.fetches == before + 1
    server.keys = [RSA, EC, ROTATED]  # the issuer rotates its keys
    try:
        principal = await authenticator.principal(
            "Bearer " + sign(oidc_claims(sub="rotated"), key=ROTATED)
        )
        assert principal.role is Role.BEHANDELAAR
        assert server.fetches == before + 2
    finally:
        server.keys = [RSA, EC]


async def test_bad_tokens_get_no_data_from_the_gateway(demo_runtime: Runtime) -> None:
    query = '{ zaak(identificatie: "ZAAK-2026-0000001") { identificatie } zaaktypen { url } }'
    issuer = dev_issuer(DEV_SECRET, "zgw-gateway-dev", AUDIENCE)
    expired = dev_token(issuer, role=Role.BEHANDELAAR, ttl_seconds=-120)
    for token in (expired, "not-a-jwt", FORGED["alg none"], FORGED["tampered payload"]):
        result = await demo_runtime.execute(query, token=token)
        assert result.data is None
        errors = [e.formatted for e in result.errors or ()]
        assert codes(errors) == ["UNAUTHENTICATED"]
