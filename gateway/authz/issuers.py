"""The trusted token issuers, from settings: the dev issuer (when a dev secret is set) and the
issuers of an optional TOML file (ZGW_GATEWAY_AUTH_CONFIG), e.g.:

    [[issuer]]
    issuer = "https://login.example.nl/realms/gemeente"
    audiences = ["zgw-gateway"]
    algorithms = ["RS256"]
    jwks_url = "https://login.example.nl/realms/gemeente/protocol/openid-connect/certs"
    [issuer.claims]
    role = "roles"
    role_values = { zaakbehandelaar = "behandelaar", kcc = "kcc" }
    medewerker_id = "preferred_username"

    [[issuer]]
    issuer = "e-formulieren"            # a ZGW-style client with a shared secret
    audiences = ["zgw-gateway"]
    algorithms = ["HS256"]
    secret_env = "EFORMS_SECRET"        # read from this environment variable
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

from gateway.authz.principal import Role
from gateway.authz.tokens import ClaimMapping, Issuer, dev_issuer
from gateway.settings import Settings
from registries.errors import ConfigurationError

_ISSUER_KEYS = {
    "issuer",
    "audiences",
    "algorithms",
    "secret",
    "secret_env",
    "jwks_url",
    "claims",
    "leeway_seconds",
}


def _claims(source: str, raw: dict[str, Any]) -> ClaimMapping:
    known = {f.name for f in fields(ClaimMapping)}
    unknown = set(raw) - known
    if unknown:
        raise ConfigurationError(f"{source}: unknown claim mapping key(s) {sorted(unknown)}")
    values = dict(raw)
    if "role_values" in values:
        try:
            values["role_values"] = {k: Role(v) for k, v in values["role_values"].items()}
        except ValueError as error:
            raise ConfigurationError(f"{source}: role_values: {error}") from None
    return ClaimMapping(**values)


def issuers_from_file(path: Path) -> list[Issuer]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigurationError(f"auth config {path}: cannot be read: {error}") from None
    found = []
    for index, entry in enumerate(raw.get("issuer", [])):
        source = f"auth config {path}, issuer #{index + 1}"
        unknown = set(entry) - _ISSUER_KEYS
        if unknown:
            raise ConfigurationError(f"{source}: unknown key(s) {sorted(unknown)}")
        secret = entry.get("secret")
        if "secret_env" in entry:
            secret = os.environ.get(entry["secret_env"])
            if not secret:
                raise ConfigurationError(
                    f"{source}: environment variable {entry['secret_env']} is empty"
                )
        try:
            found.append(
                Issuer(
                    issuer=entry["issuer"],
                    audiences=tuple(entry["audiences"]),
                    algorithms=tuple(entry["algorithms"]),
                    secret=secret,
                    jwks_url=entry.get("jwks_url"),
                    claims=_claims(source, entry.get("claims", {})),
                    leeway_seconds=int(entry.get("leeway_seconds", 30)),
                )
            )
        except KeyError as error:
            raise ConfigurationError(f"{source}: missing key {error}") from None
    return found


def trusted_issuers(settings: Settings) -> list[Issuer]:
    issuers = []
    if settings.dev_secret:
        issuers.append(
            dev_issuer(settings.dev_secret, settings.token_issuer, settings.token_audience)
        )
    if settings.auth_config:
        issuers.extend(issuers_from_file(Path(settings.auth_config)))
    names = [i.issuer for i in issuers]
    if len(names) != len(set(names)):
        raise ConfigurationError(f"the same issuer is configured twice: {names}")
    return issuers
