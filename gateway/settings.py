"""One typed settings object, read from environment variables prefixed ``ZGW_GATEWAY_``.

Each field's environment variable is its upper-cased name with the prefix, e.g.
``database_url`` <- ``ZGW_GATEWAY_DATABASE_URL``. Unknown ``ZGW_GATEWAY_*`` variables are an
error (a typo must not silently fall back to a default).
"""

from __future__ import annotations

import dataclasses
import json
import os
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from registries.errors import ConfigurationError

PREFIX = "ZGW_GATEWAY_"


@dataclass(frozen=True, slots=True)
class Settings:
    #: the embedded store (SQLite file by default; postgresql+asyncpg://... for PostgreSQL)
    database_url: str = "sqlite+aiosqlite:///zgw-gateway.db"
    #: where clients reach the gateway; the embedded store's object URLs start with it
    base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    #: largest `first` a connection accepts
    max_page_size: int = 100
    default_page_size: int = 20
    #: seconds the catalogus stays cached
    catalogus_ttl: float = 300.0
    db_pool_size: int = 10
    #: SQLite only: run reads on the event loop's thread (fast for indexed reads; set false to
    #: send them to a worker thread, e.g. for very large unindexed scans)
    sqlite_synchrone_reads: bool = True
    #: embedded store: answer `zaken { nodes { ... } }` with JSON the database builds, where it
    #: can (gateway/schema/json_wortel.py); false: always build domain objects
    json_in_database: bool = True
    #: GraphiQL at GET /graphql in a browser
    graphiql: bool = True
    #: largest query document accepted, in characters
    max_query_length: int = 20_000
    #: deepest selection nesting accepted
    max_depth: int = 12
    log_level: str = "INFO"
    #: how new zaaknummers look: {jaar} and {nummer} are filled in
    zaaknummer_formaat: str = "ZAAK-{jaar}-{nummer:07d}"
    #: RSIN of the municipality (bronorganisatie of new zaken/documents); empty: the catalogus'
    bronorganisatie: str = ""
    #: largest document accepted (bytes)
    max_document_bytes: int = 50 * 1024 * 1024
    #: media types accepted for documents (comma separated)
    document_formaten: str = (
        "application/pdf,image/png,image/jpeg,image/tiff,text/plain,text/csv,"
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
        "application/vnd.oasis.opendocument.text,message/rfc822"
    )
    #: zaaktype identificatie -> the URL of the zaakafhandelcomponent that receives its
    #: aanvragen, as JSON: {"PARKEERVERGUNNING": "https://zac.example.nl/aanvragen"}
    routering: str = ""
    #: Authorization header value sent with forwarded aanvragen
    routering_auth: str = ""
    #: forwarding (store-and-forward): attempts before an opdracht is given up (`mislukt`);
    #: the defaults follow Open Notificaties (a first attempt and 7 retries over about a day)
    doorsturen_max_pogingen: int = 8
    #: seconds before the first retry; each next one waits 4x longer, up to the maximum
    doorsturen_backoff: float = 25.0
    doorsturen_backoff_max: float = 52_000.0
    #: seconds one delivery attempt may take
    doorsturen_timeout: float = 10.0
    #: seconds between looks at the outbox when nothing woke the dispatcher
    doorsturen_interval: float = 30.0
    #: extra directory with policy files (overrides the packaged defaults)
    policies_dir: str = ""
    #: HS256 secret for dev tokens (`zgw-gateway token`); empty = dev tokens refused
    dev_secret: str = ""
    #: token issuer and audience the gateway expects
    token_issuer: str = "zgw-gateway-dev"  # noqa: S105 - not a secret
    token_audience: str = "zgw-gateway"  # noqa: S105 - not a secret
    #: TOML file with the trusted token issuers (OIDC JWKS or shared secrets); see README
    auth_config: str = ""
    #: write audit records before answering (a failed write fails the operation); default: a
    #: background writer batches them (at most ~50 ms behind)
    audit_sync: bool = False
    #: the ZGW APIs to federate (ZGW_GATEWAY_ZAKEN_API_URL, ..._CLIENT_ID, ..._SECRET,
    #: ZGW_GATEWAY_KLANTINTERACTIES_TOKEN, ...; see README): name (without prefix) -> value
    zgw: tuple[tuple[str, str], ...] = ()
    #: purpose of processing written into the audit log (Logboek Dataverwerkingen 'doel')
    audit_doel: str = "Zaakgericht werken"
    # --- live notifications (subscriptions, webhook) ---------------------------------------
    #: the Authorization header value Open Notificaties sends with each notification (the
    #: abonnement's `auth`, e.g. "Bearer <random>"); empty = POST /notificaties refuses all
    notificaties_auth: str = ""
    #: days the event log keeps events (for `after` replay); 0 = forever
    event_retention_days: float = 30.0
    #: events waiting per subscriber before it is closed as too slow (it resumes with `after`)
    subscriber_queue_size: int = 1000
    #: seconds between the event pump's own looks at the log (a safety net for lost wake-ups)
    event_poll_seconds: float = 5.0
    #: what wakes the pump: auto (PostgreSQL LISTEN/NOTIFY on PostgreSQL, else in-process),
    #: postgres, or process
    event_broker: str = "auto"
    #: WebSocket permessage-deflate (off: about half the memory per idle subscriber)
    ws_per_message_deflate: bool = False
    #: register the gateway's abonnement at this Notificaties API on start-up (empty: don't)
    notificaties_api_url: str = ""
    #: ZGW client credentials for that Notificaties API
    notificaties_api_client_id: str = ""
    notificaties_api_secret: str = ""
    #: the callback URL to register (default: BASE_URL + /notificaties)
    notificaties_callback_url: str = ""
    #: kanalen to subscribe to, comma separated
    notificaties_kanalen: str = "zaken,documenten,zaaktypen,informatieobjecttypen"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        env = os.environ if environ is None else environ
        hints = typing.get_type_hints(cls)
        from registries.zgw.config import OMGEVING

        known = {f.name for f in dataclasses.fields(cls)} - {"zgw"}
        values: dict[str, Any] = {}
        zgw: list[tuple[str, str]] = []
        for key, raw in env.items():
            if not key.startswith(PREFIX):
                continue
            if key[len(PREFIX) :] in OMGEVING:
                zgw.append((key[len(PREFIX) :], raw))
                continue
            name = key[len(PREFIX) :].lower()
            if name not in known:
                raise ConfigurationError(
                    f"Unknown setting {key}. Known settings: "
                    + ", ".join(PREFIX + k.upper() for k in sorted(known))
                    + " and the ZGW API settings "
                    + ", ".join(PREFIX + k for k in sorted(OMGEVING))
                )
            values[name] = _parse(key, raw, hints[name])
        if zgw:
            values["zgw"] = tuple(sorted(zgw))
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if not 1 <= self.default_page_size <= self.max_page_size:
            raise ConfigurationError(
                f"{PREFIX}DEFAULT_PAGE_SIZE must lie between 1 and {PREFIX}MAX_PAGE_SIZE"
            )
        if not self.base_url.startswith(("http://", "https://")):
            raise ConfigurationError(f"{PREFIX}BASE_URL must start with http:// or https://")
        self.routes()
        if self.doorsturen_max_pogingen < 1:
            raise ConfigurationError(f"{PREFIX}DOORSTUREN_MAX_POGINGEN must be 1 or more")
        if min(self.doorsturen_backoff, self.doorsturen_timeout, self.doorsturen_interval) <= 0:
            raise ConfigurationError(
                f"{PREFIX}DOORSTUREN_BACKOFF, _TIMEOUT and _INTERVAL must be positive"
            )
        self.validate_live()

    def routes(self) -> dict[str, str]:
        """`routering` as a table: zaaktype identificatie -> URL of its zaakafhandelcomponent."""
        if not self.routering.strip():
            return {}
        try:
            routes = json.loads(self.routering)
        except ValueError:
            routes = None
        if not isinstance(routes, dict) or not all(
            isinstance(v, str) and v.startswith(("http://", "https://")) for v in routes.values()
        ):
            raise ConfigurationError(
                f"{PREFIX}ROUTERING must be a JSON object of zaaktype identificatie -> http(s) "
                'URL, e.g. {"PARKEERVERGUNNING": "https://zac.example.nl/aanvragen"}'
            )
        return {str(k): v for k, v in routes.items()}

    def validate_live(self) -> None:
        from subscriptions.intake import geldige_auth_vorm

        if self.notificaties_auth and not geldige_auth_vorm(self.notificaties_auth):
            raise ConfigurationError(
                f"{PREFIX}NOTIFICATIES_AUTH must look like '<scheme> <value>', e.g. "
                "'Bearer 6f1c...' (the abonnement's auth, sent as the Authorization header)"
            )
        if self.event_broker not in ("auto", "postgres", "process"):
            raise ConfigurationError(f"{PREFIX}EVENT_BROKER must be auto, postgres or process")
        if self.subscriber_queue_size < 1:
            raise ConfigurationError(f"{PREFIX}SUBSCRIBER_QUEUE_SIZE must be at least 1")
        if self.event_retention_days < 0 or self.event_poll_seconds <= 0:
            raise ConfigurationError(
                f"{PREFIX}EVENT_RETENTION_DAYS must be >= 0 and {PREFIX}EVENT_POLL_SECONDS > 0"
            )
        if self.notificaties_api_url and not self.notificaties_auth:
            raise ConfigurationError(
                f"{PREFIX}NOTIFICATIES_API_URL needs {PREFIX}NOTIFICATIES_AUTH (the auth the "
                "abonnement is registered with)"
            )


def _parse(key: str, raw: str, hint: Any) -> Any:
    target = hint
    try:
        if target is bool:
            lowered = raw.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if target is int:
            return int(raw)
        if target is float:
            return float(raw)
        return raw
    except ValueError:
        raise ConfigurationError(
            f"{key}={raw!r} is not a valid {getattr(target, '__name__', target)}"
        ) from None
