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
