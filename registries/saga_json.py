"""Domain objects <-> JSON, for what a saga step produced (`registries.sql.saga_log`).

Self-describing, so that a step's result reads back as the very object the writer returned:
dataclasses of `registries.models` and `registries.writes` carry their class name, dates and
enums a tag. Plain JSON (dicts without ``__`` keys, lists, scalars) passes through unchanged.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime
from typing import Any

from registries import models, writes

_MODULES = (models, writes)


def _klasse(naam: str) -> Any:
    for module in _MODULES:
        found = getattr(module, naam, None)
        if isinstance(found, type):
            return found
    raise ValueError(f"unknown class {naam!r} in a saga step")


def naar_json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return {"__enum__": type(value).__name__, "waarde": value.value}
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        velden = {f.name: naar_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__type__": type(value).__name__, **velden}
    if isinstance(value, list | tuple):
        return [naar_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): naar_json(v) for k, v in value.items()}
    raise TypeError(f"cannot record a {type(value).__name__} in a saga step")


def uit_json(value: Any) -> Any:
    if isinstance(value, list):
        return [uit_json(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__enum__" in value:
        return _klasse(value["__enum__"])(value["waarde"])
    if "__datetime__" in value:
        return datetime.fromisoformat(value["__datetime__"])
    if "__date__" in value:
        return date.fromisoformat(value["__date__"])
    if "__type__" in value:
        cls = _klasse(value["__type__"])
        velden = {f.name: f for f in dataclasses.fields(cls)}
        kwargs = {}
        for k, v in value.items():
            if k in velden:
                decoded = uit_json(v)
                # tuples are stored as lists; frozen write objects keep tuples
                if isinstance(decoded, list) and "tuple" in str(velden[k].type):
                    decoded = tuple(decoded)
                kwargs[k] = decoded
        return cls(**kwargs)
    return {k: uit_json(v) for k, v in value.items()}
