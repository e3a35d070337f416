"""Typed configuration of the ZGW backends, one block per registry.

Every API has its own base URL (the API root, e.g. ``https://zaken.example.nl/zaken/api/v1``),
credentials, timeout, concurrency and retry budget. Open Zaak's APIs authenticate with a ZGW JWT
(client id + secret, HS256); Open Klant with ``Authorization: Token <key>``.

`config_uit_omgeving` reads the blocks from environment variables (names in `OMGEVING`), for the
gateway's settings to use; nothing here reads the environment by itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from registries.errors import ConfigurationError

#: what the Zaken API is asked to inline, per zaak (Open Zaak needs every parent named; the
#: parents are added automatically). Catalogus types are not expanded: they come from the
#: catalogus cache.
STANDAARD_EXPAND: tuple[str, ...] = ("status", "rollen", "resultaat", "zaakinformatieobjecten")


@dataclass(frozen=True, slots=True)
class JwtAuth:
    """ZGW JWT: HS256 with a secret shared with the API (Open Zaak's Autorisaties)."""

    client_id: str
    secret: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class TokenAuth:
    """Open Klant 2: ``Authorization: Token <token>``."""

    token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class ApiConfig:
    #: the API root, e.g. https://openzaak.example.nl/zaken/api/v1 (no trailing slash needed)
    base_url: str
    auth: JwtAuth | TokenAuth
    #: how errors name this upstream, e.g. "Zaken API (Open Zaak)"
    naam: str
    #: seconds for one attempt (connect + response + body); a slower answer is a failure
    timeout: float = 10.0
    #: requests in flight to this API at most (the connection pool is as large)
    max_concurrency: int = 8
    #: extra attempts for idempotent reads after a transport error, a timeout, 502/503/504/429
    retries: int = 2
    #: first back-off in seconds (doubles per attempt, with jitter), and its ceiling
    backoff: float = 0.2
    backoff_max: float = 2.0
    #: the API takes `pageSize` (Open Zaak, Open Klant); else pages have `page_size` items
    page_size_param: bool = True
    page_size: int = 100
    max_page_size: int = 500
    #: most upstream rows one search may read when results must be filtered after fetching
    max_scan: int = 5000
    #: the JWT is reused this long per actor (Open Zaak accepts it for an hour)
    jwt_geldigheid: float = 60.0

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            raise ConfigurationError(f"{self.naam}: base URL must start with http:// or https://")
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        if self.timeout <= 0 or self.max_concurrency < 1 or self.retries < 0:
            raise ConfigurationError(
                f"{self.naam}: timeout must be > 0, max_concurrency >= 1 and retries >= 0"
            )
        if not 1 <= self.page_size <= self.max_page_size:
            raise ConfigurationError(f"{self.naam}: page_size must lie in 1..max_page_size")
        if isinstance(self.auth, JwtAuth) and not (self.auth.client_id and self.auth.secret):
            raise ConfigurationError(f"{self.naam}: client_id and secret are required")
        if isinstance(self.auth, TokenAuth) and not self.auth.token:
            raise ConfigurationError(f"{self.naam}: a token is required")


@dataclass(frozen=True, slots=True)
class ZakenConfig:
    api: ApiConfig
    expand: tuple[str, ...] = STANDAARD_EXPAND
    #: use Open Zaak's extra filters (kvkNummer, status__statustype, omschrijving, ordering on
    #: registratiedatum/identificatie); off for a plain Zaken API 1.5 (they are then applied
    #: after fetching)
    openzaak_extensies: bool = True
    #: zaaknummers from Open Zaak's reservation endpoint (/zaaknummer_reserveren, experimental;
    #: only with `openzaak_extensies`); when off or absent, the gateway's own sequence
    #: (`zaaknummer_formaat`) is used, skipping numbers the Zaken API has
    zaaknummer_reserveren: bool = True


@dataclass(frozen=True, slots=True)
class DocumentenConfig:
    api: ApiConfig
    #: where clients download content: the gateway's base URL; a document's `inhoud` becomes
    #: {inhoud_base_url}/documenten/{uuid}/inhoud (as in the embedded store)
    inhoud_base_url: str
    openzaak_extensies: bool = True
    #: refuse to download more than this many bytes of one document
    max_inhoud_bytes: int = 100 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class CatalogiConfig:
    api: ApiConfig
    #: seconds catalogus data stays cached (ETag revalidation after that where possible)
    ttl: float = 300.0


@dataclass(frozen=True, slots=True)
class KlantinteractiesConfig:
    api: ApiConfig


@dataclass(frozen=True, slots=True)
class ZgwConfig:
    """The registries served by ZGW APIs; a block left None is served by another backend."""

    zaken: ZakenConfig | None = None
    documenten: DocumentenConfig | None = None
    catalogi: CatalogiConfig | None = None
    klantinteracties: KlantinteractiesConfig | None = None


# --- environment ------------------------------------------------------------------------------

_APIS = ("ZAKEN", "DOCUMENTEN", "CATALOGI", "KLANTINTERACTIES")
#: variable names (without prefix) that `config_uit_omgeving` reads
OMGEVING: frozenset[str] = frozenset(
    {f"{api}_API_URL" for api in _APIS}
    | {f"{api}_CLIENT_ID" for api in _APIS[:3]}
    | {f"{api}_SECRET" for api in _APIS[:3]}
    | {
        "ZGW_CLIENT_ID",
        "ZGW_SECRET",
        "KLANTINTERACTIES_TOKEN",
        "ZGW_TIMEOUT",
        "ZGW_MAX_CONCURRENCY",
        "ZGW_RETRIES",
        "ZGW_OPENZAAK_EXTENSIES",
        "ZGW_ZAAKNUMMER_RESERVEREN",
        "ZGW_ZAKEN_EXPAND",
    }
)


def config_uit_omgeving(
    env: Mapping[str, str], *, inhoud_base_url: str, catalogus_ttl: float = 300.0, prefix: str = ""
) -> ZgwConfig:
    """The ZGW blocks for the APIs whose ``<API>_API_URL`` is set (others stay None).

    Credentials: ``<API>_CLIENT_ID``/``<API>_SECRET`` (falling back to ``ZGW_CLIENT_ID``/
    ``ZGW_SECRET``) for Zaken, Documenten and Catalogi; ``KLANTINTERACTIES_TOKEN`` for Open Klant.
    """

    def get(name: str) -> str:
        return env.get(prefix + name, "").strip()

    def number(name: str, default: float) -> float:
        raw = get(name)
        try:
            return float(raw) if raw else default
        except ValueError:
            raise ConfigurationError(f"{prefix}{name}={raw!r} is not a number") from None

    timeout = number("ZGW_TIMEOUT", 10.0)
    concurrency = int(number("ZGW_MAX_CONCURRENCY", 8))
    retries = int(number("ZGW_RETRIES", 2))
    extensies = get("ZGW_OPENZAAK_EXTENSIES").lower() not in ("0", "false", "no", "off")
    reserveren = get("ZGW_ZAAKNUMMER_RESERVEREN").lower() not in ("0", "false", "no", "off")

    def api(name: str, naam: str, auth: JwtAuth | TokenAuth) -> ApiConfig:
        return ApiConfig(
            base_url=get(f"{name}_API_URL"),
            auth=auth,
            naam=naam,
            timeout=timeout,
            max_concurrency=concurrency,
            retries=retries,
        )

    def jwt(name: str) -> JwtAuth:
        client_id = get(f"{name}_CLIENT_ID") or get("ZGW_CLIENT_ID")
        secret = get(f"{name}_SECRET") or get("ZGW_SECRET")
        if not client_id or not secret:
            raise ConfigurationError(
                f"{prefix}{name}_API_URL is set: set {prefix}{name}_CLIENT_ID and "
                f"{prefix}{name}_SECRET (or {prefix}ZGW_CLIENT_ID and {prefix}ZGW_SECRET)"
            )
        return JwtAuth(client_id, secret)

    config = ZgwConfig()
    if get("ZAKEN_API_URL"):
        expand = tuple(p for p in get("ZGW_ZAKEN_EXPAND").split(",") if p) or STANDAARD_EXPAND
        config = replace(
            config,
            zaken=ZakenConfig(
                api("ZAKEN", "Zaken API", jwt("ZAKEN")),
                expand=expand,
                openzaak_extensies=extensies,
                zaaknummer_reserveren=extensies and reserveren,
            ),
        )
    if get("DOCUMENTEN_API_URL"):
        config = replace(
            config,
            documenten=DocumentenConfig(
                api("DOCUMENTEN", "Documenten API", jwt("DOCUMENTEN")),
                inhoud_base_url=inhoud_base_url,
                openzaak_extensies=extensies,
            ),
        )
    if get("CATALOGI_API_URL"):
        config = replace(
            config,
            catalogi=CatalogiConfig(
                api("CATALOGI", "Catalogi API", jwt("CATALOGI")), ttl=catalogus_ttl
            ),
        )
    if get("KLANTINTERACTIES_API_URL"):
        token = get("KLANTINTERACTIES_TOKEN")
        if not token:
            raise ConfigurationError(
                f"{prefix}KLANTINTERACTIES_API_URL is set: set {prefix}KLANTINTERACTIES_TOKEN"
            )
        config = replace(
            config,
            klantinteracties=KlantinteractiesConfig(
                api("KLANTINTERACTIES", "Klantinteracties API", TokenAuth(token))
            ),
        )
    return config
