"""The fake's notifications: Open Zaak and Open Klant publish one for each write they make, and a
fake Open Notificaties posts it to the abonnement's callback -- after the write has answered,
from a queue of its own (as Open Notificaties delivers later, from a Celery task).

    state.abonneer("http://gateway/notificaties", "Bearer ...", kanalen=["zaken"])
    ...                                  # writes to the fake
    state.publicaties()                  # every notification published, in order
    state.bezorgingen()                  # what was posted to the callback, with the answers

Which write makes which notification (`UPSTREAM_NOTIFICATIES`): the resources and acties the
Zaken, Documenten and Klantinteracties specs list for their kanalen, with the kenmerken Open Zaak
sends (zaken: bronorganisatie, zaaktype, zaaktype.catalogus, vertrouwelijkheidaanduiding;
documenten: bronorganisatie, informatieobjecttype, informatieobjecttype.catalogus,
vertrouwelijkheidaanduiding) and those Open Klant's spec names (klantcontacten:
indicatieContactGelukt; internetaken: nummer, gevraagdeHandeling, toelichting, status; a kenmerk
without a value is left out, as the `Message` schema wants non-empty strings). The zaaknummer
reservation, document locks, bestandsdelen and the parts of a klantcontact (partij, betrokkene,
onderwerpobject) publish nothing here.

Delivery is at least once, like Open Notificaties: a post that fails (no answer, or not 2xx) is
tried again, a few times, with a short backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from tests.support.fake_zgw.state import APIS, Bezorging, FakeState

#: (api, method, path below the API root with {uuid}) -> (kanaal, resource, actie)
UPSTREAM_NOTIFICATIES: list[tuple[str, str, str, tuple[str, str, str]]] = [
    ("zaken", "POST", "/zaken", ("zaken", "zaak", "create")),
    ("zaken", "PATCH", "/zaken/{uuid}", ("zaken", "zaak", "partial_update")),
    ("zaken", "POST", "/rollen", ("zaken", "rol", "create")),
    ("zaken", "POST", "/statussen", ("zaken", "status", "create")),
    ("zaken", "POST", "/resultaten", ("zaken", "resultaat", "create")),
    ("zaken", "PUT", "/resultaten/{uuid}", ("zaken", "resultaat", "update")),
    ("zaken", "POST", "/zaken/{uuid}/zaakeigenschappen", ("zaken", "zaakeigenschap", "create")),
    ("zaken", "POST", "/zaakinformatieobjecten", ("zaken", "zaakinformatieobject", "create")),
    (
        "zaken",
        "DELETE",
        "/zaakinformatieobjecten/{uuid}",
        ("zaken", "zaakinformatieobject", "destroy"),
    ),
    (
        "documenten",
        "POST",
        "/enkelvoudiginformatieobjecten",
        ("documenten", "enkelvoudiginformatieobject", "create"),
    ),
    (
        "documenten",
        "PATCH",
        "/enkelvoudiginformatieobjecten/{uuid}",
        ("documenten", "enkelvoudiginformatieobject", "partial_update"),
    ),
    ("klantinteracties", "POST", "/klantcontacten", ("klantcontacten", "klantcontact", "create")),
    ("klantinteracties", "POST", "/internetaken", ("internetaken", "internetaak", "create")),
]
_UUID = re.compile(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SOORT = {(api, method, pad): soort for api, method, pad, soort in UPSTREAM_NOTIFICATIES}
#: attempts per notification, and the first wait between them (4x longer each time)
POGINGEN = 4
EERSTE_WACHT = 0.05


def sjabloon(pad: str) -> str:
    """A path with its uuids as {uuid} (the keys of `UPSTREAM_NOTIFICATIES`)."""
    return _UUID.sub("/{uuid}", pad.rstrip("/"))


def vooraf(state: FakeState, api: str, method: str, pad: str) -> str | None:
    """What a write destroys must be read before it: the zaak of a zaakinformatieobject."""
    if (api, method, sjabloon(pad)) != ("zaken", "DELETE", "/zaakinformatieobjecten/{uuid}"):
        return None
    url = f"{state.base}{APIS['zaken']}{pad.rstrip('/')}"
    for zaak_url, items in state.data.zaakinformatieobjecten.items():
        if any(i.url == url for i in items):
            return zaak_url
    return None


def _tijd() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _gevuld(kenmerken: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in kenmerken.items() if v not in (None, "")}


def _zaak_kenmerken(state: FakeState, zaak_url: str) -> dict[str, str]:
    z = state.data.zaken[zaak_url]
    zaaktype = state.data.zaaktypen.get(z.zaaktype)
    return _gevuld(
        {
            "bronorganisatie": z.bronorganisatie,
            "zaaktype": z.zaaktype,
            "zaaktype.catalogus": zaaktype.catalogus if zaaktype else "",
            "vertrouwelijkheidaanduiding": z.vertrouwelijkheidaanduiding.value,
        }
    )


def _document_kenmerken(state: FakeState, url: str) -> dict[str, str]:
    d = state.data.documenten[url]
    iot = state.data.informatieobjecttypen.get(d.informatieobjecttype)
    return _gevuld(
        {
            "bronorganisatie": d.bronorganisatie,
            "informatieobjecttype": d.informatieobjecttype,
            "informatieobjecttype.catalogus": iot.catalogus if iot else "",
            "vertrouwelijkheidaanduiding": d.vertrouwelijkheidaanduiding.value,
        }
    )


def _waar(waarde: Any) -> Any:
    return str(waarde).lower() if isinstance(waarde, bool) else waarde


def bericht(
    state: FakeState, api: str, method: str, pad: str, antwoord: Any, zaak_vooraf: str | None
) -> dict[str, Any] | None:
    """The notification Open Zaak / Open Klant publishes for this write (None: none)."""
    soort = _SOORT.get((api, method, sjabloon(pad)))
    if soort is None:
        return None
    kanaal, resource, actie = soort
    body = antwoord if isinstance(antwoord, dict) else {}
    if kanaal == "zaken":
        url = body.get("url") or f"{state.base}{APIS['zaken']}{pad.rstrip('/')}"
        zaak = url if resource == "zaak" else body.get("zaak") or zaak_vooraf
        if zaak not in state.data.zaken:
            return None
        hoofd, kenmerken = str(zaak), _zaak_kenmerken(state, str(zaak))
    elif kanaal == "documenten":
        url = body["url"]
        hoofd, kenmerken = url, _document_kenmerken(state, url)
    elif kanaal == "klantcontacten":
        url = hoofd = body["url"]
        kenmerken = _gevuld({"indicatieContactGelukt": _waar(body.get("indicatieContactGelukt"))})
    else:
        url = hoofd = body["url"]
        kenmerken = _gevuld(
            {k: body.get(k) for k in ("nummer", "gevraagdeHandeling", "toelichting", "status")}
        )
    return {
        "kanaal": kanaal,
        "hoofdObject": hoofd,
        "resource": resource,
        "resourceUrl": url,
        "actie": actie,
        "aanmaakdatum": _tijd(),
        "kenmerken": kenmerken,
    }


class OpenNotificaties:
    """The fake Open Notificaties, in the fake server's event loop: `publiceer` (called after a
    write answered) records the notification and queues it for the abonnement; `draai` posts."""

    def __init__(self, state: FakeState) -> None:
        self.state = state
        self.wachtrij: asyncio.Queue[tuple[dict[str, Any], str, str]] = asyncio.Queue()

    async def publiceer(self, bericht: dict[str, Any]) -> None:
        state = self.state
        fouten = state.notificatie_controle(bericht) if state.notificatie_controle else []
        with state.lock:
            state.gepubliceerd.append(bericht)
            state.notificatie_fouten.extend(fouten)
            abonnement = state.abonnement
        if abonnement is not None and abonnement.wil(bericht):
            self.wachtrij.put_nowait((bericht, abonnement.callback_url, abonnement.auth))

    async def draai(self) -> None:
        async with httpx.AsyncClient(timeout=10.0) as http:
            while True:
                bericht, callback, auth = await self.wachtrij.get()
                status, pogingen = 0, 0
                while pogingen < POGINGEN and not 200 <= status < 300:
                    if pogingen:
                        await asyncio.sleep(EERSTE_WACHT * 4 ** (pogingen - 1))
                    pogingen += 1
                    status = 0
                    with contextlib.suppress(httpx.HTTPError):
                        response = await http.post(
                            callback, json=bericht, headers={"Authorization": auth}
                        )
                        status = response.status_code
                with self.state.lock:
                    self.state.bezorgd.append(Bezorging(bericht, status, pogingen))
