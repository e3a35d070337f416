"""Bearer tokens -> `Principal`.

Tokens are JWTs verified with joserfc against the issuer they claim to come from (its `iss`):
OIDC issuers with keys from a JWKS URL (RS256/ES256; fetched with httpx, cached with a TTL,
refetched once when a token names an unknown `kid`), and HS256 shared secrets (dev tokens and
ZGW-style clients). Every issuer has an explicit algorithm allow-list; `iss`, `aud` and `exp`
are essential, with a small leeway. Which claim holds the role, BSN, KvK, ... is configuration
(`ClaimMapping`). Verified principals are cached per token until the token expires.

Every failure is an `Unauthenticated` error with a reason a developer can act on; nothing of the
token is echoed back.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet, OctKey

from gateway.authz.principal import ALLE_ZAAKTYPEN, Principal, Role
from registries.errors import ConfigurationError, Unauthenticated
from registries.models import Vertrouwelijkheid

log = logging.getLogger("zgw_gateway.authz.tokens")

HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
ASYMMETRIC_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "ES256", "ES384", "PS256"})


@dataclass(frozen=True, slots=True)
class ClaimMapping:
    """Which claim holds what. `role_values` maps claim values to gateway roles."""

    role: str = "role"
    role_values: Mapping[str, Role] = field(
        default_factory=lambda: {r.value: r for r in Role if r is not Role.ANONIEM}
    )
    subject: str = "sub"
    naam: str = "name"
    bsn: str = "bsn"
    kvk: str = "kvk"
    rsin: str = "rsin"
    vestigingsnummer: str = "vestigingsnummer"
    medewerker_id: str = "medewerker_id"
    zaaktypen: str = "zaaktypen"
    max_vertrouwelijkheid: str = "max_vertrouwelijkheid"
    auditor: str = "auditor"
    client_id: str = "client_id"


@dataclass(frozen=True, slots=True)
class Issuer:
    issuer: str
    audiences: tuple[str, ...]
    algorithms: tuple[str, ...]
    secret: str | None = None
    jwks_url: str | None = None
    claims: ClaimMapping = field(default_factory=ClaimMapping)
    leeway_seconds: int = 30

    def __post_init__(self) -> None:
        algorithms = set(self.algorithms)
        if not algorithms:
            raise ConfigurationError(f"issuer {self.issuer}: give at least one algorithm")
        if self.secret is not None:
            if not algorithms <= HMAC_ALGORITHMS:
                raise ConfigurationError(
                    f"issuer {self.issuer}: a shared secret allows only {sorted(HMAC_ALGORITHMS)}"
                )
            if len(self.secret.encode()) < 16:
                raise ConfigurationError(
                    f"issuer {self.issuer}: the shared secret must be at least 16 bytes"
                )
        elif self.jwks_url is not None:
            if not algorithms <= ASYMMETRIC_ALGORITHMS:
                raise ConfigurationError(
                    f"issuer {self.issuer}: a JWKS allows only {sorted(ASYMMETRIC_ALGORITHMS)}"
                )
        else:
            raise ConfigurationError(f"issuer {self.issuer}: give a secret or a jwks_url")
        if not self.audiences:
            raise ConfigurationError(f"issuer {self.issuer}: give at least one audience")


def _b64json(segment: str) -> dict[str, Any]:
    padded = segment + "=" * (-len(segment) % 4)
    value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


class _Jwks:
    """The keys of one JWKS URL, cached with a TTL; refetched (at most every few seconds) when a
    token names a key id that is not in the cached set."""

    def __init__(self, url: str, http: httpx.AsyncClient, ttl: float, min_refetch: float) -> None:
        self.url, self.http, self.ttl, self.min_refetch = url, http, ttl, min_refetch
        self.keys: KeySet | None = None
        self.fetched_at = 0.0
        self.lock = asyncio.Lock()

    async def _fetch(self) -> None:
        try:
            response = await self.http.get(self.url, timeout=5.0)
            response.raise_for_status()
            self.keys = KeySet.import_key_set(response.json())
        except (httpx.HTTPError, ValueError, JoseError) as error:
            log.warning("JWKS %s could not be fetched: %s", self.url, error)
            if self.keys is None:
                raise Unauthenticated(
                    "The token's issuer keys could not be fetched; try again later."
                ) from None
        finally:
            self.fetched_at = time.monotonic()

    async def key_set(self, kid: str | None) -> KeySet:
        async with self.lock:
            age = time.monotonic() - self.fetched_at
            if self.keys is None or age > self.ttl:
                await self._fetch()
            elif kid is not None and not self._has(kid) and age > self.min_refetch:
                await self._fetch()  # keys may have rotated: one refetch
        assert self.keys is not None
        if kid is not None and not self._has(kid):
            raise Unauthenticated("The token is signed with a key the issuer does not publish.")
        return self.keys

    def _has(self, kid: str) -> bool:
        return self.keys is not None and any(k.kid == kid for k in self.keys.keys)


class Authenticator:
    def __init__(
        self,
        issuers: Sequence[Issuer],
        *,
        http: httpx.AsyncClient | None = None,
        jwks_ttl: float = 300.0,
        jwks_min_refetch: float = 10.0,
        cache_size: int = 4096,
    ) -> None:
        self.issuers = {i.issuer: i for i in issuers}
        self._http = http
        self._jwks: dict[str, _Jwks] = {}
        self._jwks_ttl = jwks_ttl
        self._jwks_min_refetch = jwks_min_refetch
        self._cache: OrderedDict[str, Principal] = OrderedDict()
        self._cache_size = cache_size

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()

    async def principal(self, authorization: str | None) -> Principal:
        """The principal for an Authorization header value; None or empty: anonymous."""
        if authorization is None or not authorization.strip():
            return Principal.anoniem()
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated("Send the token as 'Authorization: Bearer <token>'.")
        cached = self._cache.get(token)
        if cached is not None:
            if cached.expires_at is not None and cached.expires_at > datetime.now(UTC):
                self._cache.move_to_end(token)
                return cached
            del self._cache[token]
        principal = await self._verify(token)
        self._cache[token] = principal
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return principal

    async def _verify(self, token: str) -> Principal:
        parts = token.split(".")
        if len(parts) != 3:
            raise Unauthenticated("The token is not a JWT (header.payload.signature).")
        try:
            header = _b64json(parts[0])
            unverified = _b64json(parts[1])
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise Unauthenticated("The token is not a well-formed JWT.") from None
        issuer = self.issuers.get(str(unverified.get("iss", "")))
        if issuer is None:
            raise Unauthenticated("The token's issuer (iss) is not trusted by this gateway.")
        alg = header.get("alg")
        if alg not in issuer.algorithms:
            raise Unauthenticated(
                f"The token's algorithm {alg!r} is not allowed for its issuer "
                f"(allowed: {', '.join(issuer.algorithms)})."
            )
        key: Any
        if issuer.secret is not None:
            key = OctKey.import_key(issuer.secret)
        else:
            key = await self._keys(issuer).key_set(header.get("kid"))
        try:
            verified = jwt.decode(token, key, algorithms=list(issuer.algorithms))
        except BadSignatureError:
            raise Unauthenticated("The token's signature is not valid.") from None
        except JoseError as error:
            raise Unauthenticated(f"The token was refused: {error.error}.") from None
        claims = verified.claims
        registry = jwt.JWTClaimsRegistry(
            leeway=issuer.leeway_seconds,
            iss={"essential": True, "value": issuer.issuer},
            aud={"essential": True, "values": list(issuer.audiences)},
            exp={"essential": True},
        )
        try:
            registry.validate(claims)
        except ExpiredTokenError:
            raise Unauthenticated("The token has expired; get a new one.") from None
        except MissingClaimError as error:
            raise Unauthenticated(f"The token lacks the claim(s): {error.description}.") from None
        except InvalidClaimError as error:
            raise Unauthenticated(f"The token's claim is not valid: {error.description}.") from None
        return principal_from_claims(claims, issuer)

    def _keys(self, issuer: Issuer) -> _Jwks:
        assert issuer.jwks_url is not None
        found = self._jwks.get(issuer.jwks_url)
        if found is None:
            if self._http is None:
                self._http = httpx.AsyncClient()
            found = _Jwks(issuer.jwks_url, self._http, self._jwks_ttl, self._jwks_min_refetch)
            self._jwks[issuer.jwks_url] = found
        return found


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.replace(",", " ").split() if v]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def principal_from_claims(claims: Mapping[str, Any], issuer: Issuer) -> Principal:
    m = issuer.claims
    roles = [m.role_values[v] for v in _strings(claims.get(m.role)) if v in m.role_values]
    if not roles:
        raise Unauthenticated(
            f"The token carries no gateway role: claim {m.role!r} must hold one of "
            f"{', '.join(sorted(m.role_values))}."
        )
    # a token with several roles acts in the most limited one (fail closed)
    order = (Role.BURGER, Role.KCC, Role.BEHANDELAAR)
    role = next(r for r in order if r in roles)
    level_raw = claims.get(m.max_vertrouwelijkheid)
    level = None
    if level_raw is not None:
        try:
            level = Vertrouwelijkheid(str(level_raw))
        except ValueError:
            raise Unauthenticated(
                f"Claim {m.max_vertrouwelijkheid!r} is not a vertrouwelijkheidaanduiding."
            ) from None
    bsn = _first(claims.get(m.bsn))
    kvk = _first(claims.get(m.kvk))
    rsin = _first(claims.get(m.rsin))
    vestiging = _first(claims.get(m.vestigingsnummer))
    if role is Role.BURGER and not (bsn or kvk or rsin or vestiging):
        raise Unauthenticated(
            f"A burger token must carry a BSN ({m.bsn!r}) or a KvK-nummer ({m.kvk!r})."
        )
    subject = _first(claims.get(m.subject)) or bsn or kvk or rsin or ""
    medewerker = _first(claims.get(m.medewerker_id)) if role is not Role.BURGER else None
    exp = claims.get("exp")
    return Principal(
        role=role,
        subject=subject,
        naam=str(claims.get(m.naam, "")),
        bsn=bsn if role is Role.BURGER else None,
        kvk=kvk if role is Role.BURGER else None,
        rsin=rsin if role is Role.BURGER else None,
        vestigingsnummer=vestiging if role is Role.BURGER else None,
        medewerker_id=medewerker or (subject if role is not Role.BURGER else None),
        zaaktypen=frozenset(_strings(claims.get(m.zaaktypen))),
        max_vertrouwelijkheid=level,
        auditor=claims.get(m.auditor) is True,
        issuer=issuer.issuer,
        client_id=str(claims.get(m.client_id, "")),
        expires_at=datetime.fromtimestamp(float(exp), UTC) if exp is not None else None,
        token_id=str(claims.get("jti", "")),
    )


def _first(value: Any) -> str | None:
    values = _strings(value)
    return values[0] if values else None


# --- dev tokens ------------------------------------------------------------------------------


def dev_issuer(secret: str, issuer: str, audience: str) -> Issuer:
    return Issuer(issuer=issuer, audiences=(audience,), algorithms=("HS256",), secret=secret)


def dev_token(
    issuer: Issuer,
    *,
    role: Role,
    subject: str | None = None,
    naam: str = "",
    bsn: str | None = None,
    kvk: str | None = None,
    zaaktypen: Sequence[str] | None = None,
    max_vertrouwelijkheid: Vertrouwelijkheid | None = None,
    auditor: bool = False,
    ttl_seconds: int = 8 * 3600,
) -> str:
    """A token signed with the dev secret. A behandelaar token without zaaktypen carries the
    explicit all-zaaktypen grant ('*')."""
    assert issuer.secret is not None, "dev tokens need the dev secret"
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer.issuer,
        "aud": issuer.audiences[0],
        "iat": now,
        "nbf": now,
        "exp": now + ttl_seconds,
        "role": role.value,
        "sub": subject or bsn or kvk or f"dev-{role.value}",
    }
    if naam:
        claims["name"] = naam
    if bsn:
        claims["bsn"] = bsn
    if kvk:
        claims["kvk"] = kvk
    if role is Role.BEHANDELAAR:
        claims["zaaktypen"] = list(zaaktypen) if zaaktypen else [ALLE_ZAAKTYPEN]
    elif zaaktypen:
        claims["zaaktypen"] = list(zaaktypen)
    if max_vertrouwelijkheid is not None:
        claims["max_vertrouwelijkheid"] = max_vertrouwelijkheid.value
    if auditor:
        claims["auditor"] = True
    return jwt.encode({"alg": "HS256", "typ": "JWT"}, claims, OctKey.import_key(issuer.secret))
