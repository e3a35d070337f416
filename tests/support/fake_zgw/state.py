"""The fake server's state: its data (as spec-shaped JSON), what it was asked, and the faults
a test told it to inject. Shared between the server thread and the test (guarded by a lock).

Writes change `data` (and the JSON derived from it), so reads see them; `herstel()` brings the
data back to what was loaded."""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator
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
class SchrijfStoring:
    """A fault for writes: the `nummer`-th `method` request to `pad` (a path below the API root;
    ``{uuid}`` matches any segment), and the `keer - 1` after it, fail with `soort`: an HTTP status ("500", "503", "401", "403", "400":
    problem+json with `invalid` as invalidParams) or "timeout" (answer after `vertraging`
    seconds). `na_verwerking`: the write is made first and only its answer fails (a lost
    answer: the client cannot tell whether it happened)."""

    method: str
    pad: str
    soort: str
    nummer: int = 1
    keer: int = 1
    na_verwerking: bool = False
    vertraging: float = 2.0
    invalid: list[tuple[str, str]] = field(default_factory=list)
    #: matching requests seen so far
    gezien: int = 0
    #: requests it failed
    geraakt: int = 0

    def raakt(self, method: str, pad: str) -> bool:
        """Count a request; True when this one is to fail."""
        patroon = re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(self.pad))
        if method != self.method or not re.fullmatch(patroon + "/?", pad):
            return False
        self.gezien += 1
        if self.nummer <= self.gezien < self.nummer + self.keer:
            self.geraakt += 1
            return True
        return False


@dataclass
class Abonnement:
    """The (one) abonnement of the fake Open Notificaties: where it posts, with which
    Authorization header, for which kanalen (None: every kanaal)."""

    callback_url: str
    auth: str
    kanalen: frozenset[str] | None = None

    def wil(self, bericht: dict[str, Any]) -> bool:
        return self.kanalen is None or bericht.get("kanaal") in self.kanalen


@dataclass
class Bezorging:
    """One notification posted to the abonnement's callback: the answer's status (0: none) after
    `pogingen` attempts."""

    bericht: dict[str, Any]
    status: int
    pogingen: int


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
    # --- writes ---
    schrijf_storingen: list[SchrijfStoring] = field(default_factory=list)
    #: checks a write request (e.g. against the OpenAPI specs): its errors make a 400
    verzoek_controle: Callable[[Verzoek], list[str]] | None = None
    #: False: no zaaknummer reservation endpoint (a plain Zaken API, an older Open Zaak)
    reservering: bool = True
    #: bestandsdelen are this large (Open Zaak: DOCUMENTEN_UPLOAD_CHUNK_SIZE)
    deel_grootte: int = 64 * 1024
    nummers: dict[str, int] = field(default_factory=dict)
    #: document url -> its current lock ("" when unlocked)
    locks: dict[str, str] = field(default_factory=dict)
    #: bestandsdeel url -> (document url, volgnummer, omvang, content or None)
    bestandsdelen: dict[str, tuple[str, int, int, bytes | None]] = field(default_factory=dict)
    internetaken: dict[str, dict[str, Any]] = field(default_factory=dict)
    # --- notifications (Open Zaak / Open Klant -> Open Notificaties -> the abonnement) ---
    abonnement: Abonnement | None = None
    #: every notification published after a write, in the order of the writes
    gepubliceerd: list[dict[str, Any]] = field(default_factory=list)
    #: what the fake Open Notificaties posted to the abonnement's callback
    bezorgd: list[Bezorging] = field(default_factory=list)
    #: checks a published notification (e.g. against the Notificaties spec); errors kept below
    notificatie_controle: Callable[[dict[str, Any]], list[str]] | None = None
    notificatie_fouten: list[str] = field(default_factory=list)
    #: set by the server: hands a notification to the fake Open Notificaties
    publiceer: Callable[[dict[str, Any]], Awaitable[None]] | None = None
    _origineel: Gegevens | None = None

    def laad(self, data: Gegevens) -> None:
        if self._origineel is None:
            self._origineel = copy.deepcopy(data)
        self.zaak_json.clear()
        self.partijen.clear()
        self.partij_van.clear()
        self.status_per_url.clear()
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

    def herbereken(self, zaak_url: str) -> None:
        """Refresh the JSON of a zaak after a write (its children's URLs, its deelzaken)."""
        data = self.data
        z = data.zaken[zaak_url]
        self.zaak_json[zaak_url] = s.zaak(
            z,
            rollen=[r.url for r in data.rollen.get(zaak_url, ())],
            zaakinformatieobjecten=[i.url for i in data.zaakinformatieobjecten.get(zaak_url, ())],
            eigenschappen=[e.url for e in data.eigenschappen.get(zaak_url, ())],
            deelzaken=data.deelzaken().get(zaak_url, []),
        )

    def volgend(self, teller: str) -> int:
        self.nummers[teller] = self.nummers.get(teller, 0) + 1
        return self.nummers[teller]

    # --- for tests ----------------------------------------------------------------------------

    def reset(self) -> None:
        with self.lock:
            self.verzoeken.clear()
            self.storingen.clear()
            self.schrijf_storingen.clear()
            self.klant_expand = True
            self.reservering = True
            self.abonnement = None
            self.gepubliceerd.clear()
            self.bezorgd.clear()
            self.notificatie_fouten.clear()

    def abonneer(self, callback_url: str, auth: str, kanalen: Iterable[str] | None = None) -> None:
        """Have every notification published from now on posted to `callback_url` (with
        `Authorization: auth`), as Open Notificaties does for an abonnement."""
        with self.lock:
            self.abonnement = Abonnement(
                callback_url, auth, frozenset(kanalen) if kanalen is not None else None
            )

    def publicaties(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.gepubliceerd)

    def bezorgingen(self) -> list[Bezorging]:
        with self.lock:
            return list(self.bezorgd)

    def herstel(self) -> None:
        """Back to the data as loaded (undo every write), and `reset`."""
        with self.lock:
            if self._origineel is not None:
                self.laad(copy.deepcopy(self._origineel))
            self.nummers.clear()
            self.locks.clear()
            self.bestandsdelen.clear()
            self.internetaken.clear()
        self.reset()

    def schrijf_storing(self, storing: SchrijfStoring) -> SchrijfStoring:
        with self.lock:
            self.schrijf_storingen.append(storing)
        return storing

    def geschreven(self, api: str | None = None) -> list[Verzoek]:
        """The write requests received (all methods but GET), in order."""
        return [v for v in self.lijst(api) if v.method != "GET"]

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
