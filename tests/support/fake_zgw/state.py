"""The fake server's state: its data (as spec-shaped JSON), what it was asked, and the faults
a test told it to inject. Shared between the server thread and the test (guarded by a lock)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from registries import models as m
from tests.support.fake_zgw import serialise as s
from tests.support.fake_zgw.data import Gegevens

APIS = {
    "zaken": "/zaken/api/v1",
    "documenten": "/documenten/api/v1",
    "catalogi": "/catalogi/api/v1",
    "klantinteracties": "/klantinteracties/api/v1",
}


@dataclass
class Verzoek:
    api: str
    method: str
    #: path below the API root, e.g. "/zaken/{uuid}" as requested ("/zaken/0f...")
    pad: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: Any = None
    claims: dict[str, Any] | None = None
    status: int = 0
    antwoord: Any = None


@dataclass
class Storing:
    """A fault for one API: "500", "503", "403", "401", "malformed" or "slow" (`vertraging`
    seconds before answering normally). `keer`: for this many requests (None: all)."""

    soort: str
    vertraging: float = 0.0
    keer: int | None = None


@dataclass
class FakeState:
    base: str = ""
    secrets: dict[str, str] = field(default_factory=dict)
    token: str = ""
    data: Gegevens = field(default_factory=Gegevens)
    verzoeken: list[Verzoek] = field(default_factory=list)
    storingen: dict[str, Storing] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # precomputed JSON and indexes
    zaak_json: dict[str, dict[str, Any]] = field(default_factory=dict)
    partijen: dict[str, dict[str, Any]] = field(default_factory=dict)
    partij_van: dict[str, str] = field(default_factory=dict)
    status_per_url: dict[str, m.Status] = field(default_factory=dict)
    #: JSON computed on first use (the catalogus)
    cache: dict[str, Any] = field(default_factory=dict)
    #: False: the Klantinteracties API ignores `expand` (as an older Open Klant would)
    klant_expand: bool = True

    def laad(self, data: Gegevens) -> None:
        self.data = data
        deelzaken = data.deelzaken()
        for url, z in data.zaken.items():
            self.zaak_json[url] = s.zaak(
                z,
                rollen=[r.url for r in data.rollen.get(url, ())],
                zaakinformatieobjecten=[i.url for i in data.zaakinformatieobjecten.get(url, ())],
                eigenschappen=[e.url for e in data.eigenschappen.get(url, ())],
                deelzaken=deelzaken.get(url, []),
            )
            for st in data.statussen.get(url, ()):
                self.status_per_url[st.url] = st
        partij_betrokkenen: dict[str, list[m.KlantcontactBetrokkene]] = {}
        for k in data.klantcontacten.values():
            for b in k.betrokkenen:
                if b.partij_identificatoren:
                    purl = f"{self.base}{APIS['klantinteracties']}/partijen/" + s.partij_uuid(
                        b.partij_identificatoren
                    )
                    self.partij_van[b.url] = purl
                    partij_betrokkenen.setdefault(purl, []).append(b)
        for purl, bs in partij_betrokkenen.items():
            self.partijen[purl] = s.partij(
                purl,
                bs[0].partij_identificatoren,
                [b.url for b in bs],
                bs[0].volledige_naam or bs[0].organisatienaam,
            )

    # --- for tests ----------------------------------------------------------------------------

    def reset(self) -> None:
        with self.lock:
            self.verzoeken.clear()
            self.storingen.clear()
            self.klant_expand = True

    def storing(self, api: str, storing: Storing | None) -> None:
        with self.lock:
            if storing is None:
                self.storingen.pop(api, None)
            else:
                self.storingen[api] = storing

    def lijst(self, api: str | None = None) -> list[Verzoek]:
        with self.lock:
            return [v for v in self.verzoeken if api is None or v.api == api]

    def aantal(self, api: str | None = None, pad: str | None = None) -> int:
        """Requests received (to `api`, with a path starting with `pad`)."""
        return sum(1 for v in self.lijst(api) if pad is None or v.pad.startswith(pad))

    def per_pad(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for v in self.lijst():
            key = f"{v.api} {v.method} {v.pad.split('?')[0]}"
            found[key] = found.get(key, 0) + 1
        return found

    def __iter__(self) -> Iterator[Verzoek]:
        return iter(self.lijst())
