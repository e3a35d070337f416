"""ZGW JSON -> domain objects (`registries.models`), one module per API.

Parsers are strict where the gateway's decisions depend on a value (URLs, vertrouwelijkheid,
identities) and lenient elsewhere (a missing optional text is ""). Anything unreadable raises
`Onleesbaar`, which `gelezen()` turns into `UpstreamUnavailable` naming the registry.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

from registries.errors import UpstreamUnavailable

E = TypeVar("E", bound=enum.Enum)
Json = dict[str, Any]

_UUID = re.compile(
    r"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/?$"
)


class Onleesbaar(ValueError):
    """An upstream object lacks a required field or has a value of the wrong kind."""


@contextmanager
def gelezen(naam: str, registry: str) -> Iterator[None]:
    """Turn parse failures inside the block into `UpstreamUnavailable` naming the API."""
    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UpstreamUnavailable(
            f"The {naam} answered with data the gateway cannot read ({type(exc).__name__}: "
            f"{str(exc)[:120]}).",
            registry=registry,
        ) from exc


def verplicht(d: Json, key: str) -> Any:
    value = d.get(key)
    if value is None or value == "":
        raise Onleesbaar(f"missing {key!r}")
    return value


def tekst(value: Any) -> str:
    return "" if value is None else str(value)


def url_of_none(value: Any) -> str | None:
    return str(value) if value else None


#: an optional text (e.g. an ISO 8601 duration): None when empty
tekst_of_none = url_of_none


def datum(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return date.fromisoformat(str(value)[:10])


def tijdstip(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    return datetime.fromisoformat(str(value))


def datum_verplicht(d: Json, key: str) -> date:
    value = datum(verplicht(d, key))
    assert value is not None
    return value


def tijdstip_verplicht(d: Json, key: str) -> datetime:
    value = tijdstip(verplicht(d, key))
    assert value is not None
    return value


def keuze(cls: type[E], value: Any) -> E | None:
    """An enum member, None for empty; an unknown value is None too (tolerant)."""
    if value is None or value == "":
        return None
    try:
        return cls(value)
    except ValueError:
        return None


def uuid_uit_url(url: str) -> str:
    match = _UUID.search(url)
    if match is None:
        raise Onleesbaar(f"no uuid in {url!r}")
    return match.group(1).lower()


def uuid_van(d: Json) -> str:
    value = d.get("uuid")
    return str(value) if value else uuid_uit_url(str(verplicht(d, "url")))


def lijst(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):  # Catalogi 1.3.1 types some URL lists as a string
        return [value] if value else []
    return list(value)


def uitgebreid(d: Json, veld: str) -> Any:
    """`_expand[veld]` of an object, or None when it was not expanded."""
    expand = d.get("_expand")
    if not isinstance(expand, dict) or veld not in expand:
        return None
    return expand[veld]
