"""The ZGW OpenAPI specs (from ZGW_SPECS_DIR, default ../shared/specs next to the project) as
validators for what the gateway produces. Tests that need a spec skip, saying which file is
missing (`ontbreekt`), when it is not there."""

from __future__ import annotations

import copy
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
SPECS_ENV = "ZGW_SPECS_DIR"


def specs_dir() -> Path:
    configured = os.environ.get(SPECS_ENV)
    return Path(configured) if configured else (ROOT / ".." / "shared" / "specs").resolve()


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc) and " " not in value


@functools.cache
def _schema(filename: str, name: str) -> dict[str, Any] | None:
    path = specs_dir() / filename
    if not path.is_file():
        return None
    import yaml

    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


def ontbreekt(filename: str) -> str:
    return (
        f"{specs_dir() / filename} not found: set {SPECS_ENV} to the directory with the ZGW "
        "OpenAPI specs to validate against them"
    )


def maybe_validator(filename: str, name: str) -> Callable[[dict[str, Any]], None] | None:
    """A function that raises (jsonschema.ValidationError) when an instance does not match the
    spec's schema `name`, formats (date-time, uri) included; None when the spec is not there
    (say so with `ontbreekt`)."""
    schema = _schema(filename, name)
    if schema is None:
        return None
    from openapi_schema_validator import OAS30Validator, oas30_format_checker

    formats = copy.deepcopy(oas30_format_checker)
    formats.checks("uri")(_is_uri)
    checker = OAS30Validator(schema, format_checker=formats)

    def validate(instance: dict[str, Any]) -> None:
        checker.validate(instance)

    return validate


#: the notification as Open Zaak publishes it (Notificaties API `Message`) and as a consumer's
#: webhook receives it (the consumer-webhook spec's `Notificatie`)
NOTIFICATIE_SCHEMAS = (
    ("notificaties-1.0.0.yaml", "Message"),
    ("notificaties-consumer-webhook-1.0.0-rc1.yaml", "Notificatie"),
)


def notificatie_controle() -> Callable[[dict[str, Any]], list[str]] | None:
    """A check of a notification body against both schemas (its errors; none: valid); None when
    a spec is not there (say so with `ontbreekt_notificatie_spec`)."""
    validators = [maybe_validator(f, naam) for f, naam in NOTIFICATIE_SCHEMAS]
    if any(v is None for v in validators):
        return None
    from jsonschema.exceptions import ValidationError

    def controleer(bericht: dict[str, Any]) -> list[str]:
        fouten = []
        for (bestand, naam), valideer in zip(NOTIFICATIE_SCHEMAS, validators, strict=True):
            assert valideer is not None
            try:
                valideer(bericht)
            except ValidationError as error:
                fouten.append(f"{bestand} {naam}: {error.message}")
        return fouten

    return controleer


def ontbreekt_notificatie_spec() -> str:
    missing = [f for f, _ in NOTIFICATIE_SCHEMAS if not (specs_dir() / f).is_file()]
    return ontbreekt(missing[0] if missing else NOTIFICATIE_SCHEMAS[0][0])
