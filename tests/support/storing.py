"""Failure injection into the embedded store's writer: wrap every `SqlSchrijver` step so that
step N raises once it has done its work (its rows and notifications are written, uncommitted)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from registries.sql.schrijver import SqlSchrijver

#: the Schrijver protocol's steps (registries.writes.Schrijver)
STAPPEN = (
    "claim",
    "vastleggen",
    "reserveer_zaaknummer",
    "maak_zaak",
    "wijzig_zaak",
    "maak_rol",
    "maak_status",
    "zet_resultaat",
    "maak_zaakeigenschap",
    "maak_document",
    "wijzig_document",
    "koppel_document",
    "ontkoppel_document",
    "maak_klantcontact",
    "maak_interne_taak",
    "doorsturen",
)


class Ingegrepen(RuntimeError):
    """The injected failure."""


class Storing:
    """Records the steps a mutation takes; with `na`, raises right after step number `na`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, na: int | None = None) -> None:
        self.na = na
        self.stappen: list[str] = []
        for name in STAPPEN:
            monkeypatch.setattr(SqlSchrijver, name, self._wrap(name, getattr(SqlSchrijver, name)))

    @property
    def gebeurd(self) -> bool:
        return self.na is not None and len(self.stappen) >= self.na

    def _wrap(
        self, name: str, original: Callable[..., Awaitable[Any]]
    ) -> Callable[..., Awaitable[Any]]:
        async def step(schrijver: SqlSchrijver, *args: Any, **kwargs: Any) -> Any:
            result = await original(schrijver, *args, **kwargs)
            self.stappen.append(name)
            if self.na is not None and len(self.stappen) == self.na:
                raise Ingegrepen(f"injected failure after step {self.na} ({name})")
            return result

        return step
