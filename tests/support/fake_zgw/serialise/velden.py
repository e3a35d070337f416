"""Value helpers shared by the serialisers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

Json = dict[str, Any]


def datum(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def tijd(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


def keuze(value: Any) -> Any:
    return value.value if value is not None else None


def fk(url: str) -> Json:
    """An Open Klant foreign key object."""
    return {"uuid": url.rstrip("/").rsplit("/", 1)[-1], "url": url}
