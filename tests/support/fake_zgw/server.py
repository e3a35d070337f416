"""A real HTTP server that plays Open Zaak (Zaken, Documenten, Catalogi) and Open Klant
(Klantinteracties) -- and, for their notifications, Open Notificaties (`notificeren`) -- on a
free 127.0.0.1 port, in a background thread with its own event loop.

    server = FakeZgw(bouw_gegevens, secrets={"gateway": "..."}, token="...")
    server.start()            # binds the port, loads the data, serves
    server.base               # http://127.0.0.1:<port>
    server.state.aantal("zaken")   # requests received
    server.state.storing("zaken", Storing("500"))
    server.state.abonneer(callback_url, auth)   # each write's notification, posted there
    server.stop()

`bouw_gegevens(base)` builds the data (awaited inside the server's loop, so async database
access is fine there) with every URL already below `base`.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Awaitable, Callable

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

from tests.support.fake_zgw import overige_apis as o
from tests.support.fake_zgw import schrijven_overig as so
from tests.support.fake_zgw import schrijven_zaken as sz
from tests.support.fake_zgw import zaken_api as z
from tests.support.fake_zgw.data import Gegevens
from tests.support.fake_zgw.http import Handler, beveiligd
from tests.support.fake_zgw.notificeren import OpenNotificaties
from tests.support.fake_zgw.state import APIS, FakeState


def maak_app(state: FakeState) -> Starlette:
    def r(api: str, pad: str, handler: Handler, methods: tuple[str, ...] = ("GET",)) -> Route:
        return Route(APIS[api] + pad, beveiligd(handler, state), methods=list(methods))

    routes = [
        r("zaken", "/zaken", z.zaken_lijst),
        r("zaken", "/zaken/_zoek", z.zaken_zoek, ("POST",)),
        r("zaken", "/zaken/{uuid}", z.zaak_detail),
        r("zaken", "/zaken/{uuid}/zaakeigenschappen", z.zaakeigenschappen),
        r("zaken", "/statussen", z.statussen),
        r("zaken", "/statussen/{uuid}", z.status_detail),
        r("zaken", "/rollen", z.rollen),
        r("zaken", "/resultaten", z.resultaten),
        r("zaken", "/zaakinformatieobjecten", z.zaakinformatieobjecten),
        r("documenten", "/enkelvoudiginformatieobjecten", o.documenten_lijst),
        r("documenten", "/enkelvoudiginformatieobjecten/_zoek", o.documenten_zoek, ("POST",)),
        r("documenten", "/enkelvoudiginformatieobjecten/{uuid}", o.document_detail),
        r("documenten", "/enkelvoudiginformatieobjecten/{uuid}/download", o.document_download),
        r("klantinteracties", "/klantcontacten", o.klantcontacten_lijst),
        r("klantinteracties", "/klantcontacten/{uuid}", o.klantcontact_detail),
        r("klantinteracties", "/betrokkenen/{uuid}", o.betrokkene_detail),
        r("klantinteracties", "/partijen/{uuid}", o.partij_detail),
        r("klantinteracties", "/onderwerpobjecten/{uuid}", o.onderwerpobject_detail),
        # writes
        r("zaken", "/zaken", sz.zaak_maken, ("POST",)),
        r("zaken", "/zaken/{uuid}", sz.zaak_wijzigen, ("PATCH",)),
        r("zaken", "/zaken/{uuid}/zaakeigenschappen", sz.zaakeigenschap_maken, ("POST",)),
        r("zaken", "/rollen", sz.rol_maken, ("POST",)),
        r("zaken", "/statussen", sz.status_maken, ("POST",)),
        r("zaken", "/resultaten", sz.resultaat_maken, ("POST",)),
        r("zaken", "/resultaten/{uuid}", sz.resultaat_vervangen, ("PUT",)),
        r("zaken", "/zaakinformatieobjecten", sz.zaakinformatieobject_maken, ("POST",)),
        r(
            "zaken",
            "/zaakinformatieobjecten/{uuid}",
            sz.zaakinformatieobject_verwijderen,
            ("DELETE",),
        ),
        r("zaken", "/zaaknummer_reserveren", sz.reserveer_zaaknummer, ("POST",)),
        r("zaken", "/reserveer_zaaknummer", sz.reserveer_zaaknummer, ("POST",)),
        r("documenten", "/enkelvoudiginformatieobjecten", so.document_maken, ("POST",)),
        r("documenten", "/enkelvoudiginformatieobjecten/{uuid}", so.document_wijzigen, ("PATCH",)),
        r("documenten", "/enkelvoudiginformatieobjecten/{uuid}/lock", so.document_lock, ("POST",)),
        r(
            "documenten",
            "/enkelvoudiginformatieobjecten/{uuid}/unlock",
            so.document_unlock,
            ("POST",),
        ),
        r("documenten", "/bestandsdelen/{uuid}", so.bestandsdeel_zenden, ("PUT",)),
        r("klantinteracties", "/partijen", so.partijen_lijst),
        r("klantinteracties", "/partijen", so.partij_maken, ("POST",)),
        r("klantinteracties", "/klantcontacten", so.klantcontact_maken, ("POST",)),
        r("klantinteracties", "/betrokkenen", so.betrokkene_maken, ("POST",)),
        r("klantinteracties", "/onderwerpobjecten", so.onderwerpobject_maken, ("POST",)),
        r("klantinteracties", "/internetaken", so.interne_taak_maken, ("POST",)),
    ]
    for soort in o.SOORTEN:
        routes.append(r("catalogi", f"/{soort}", o.catalogus_lijst(soort)))
        routes.append(r("catalogi", f"/{soort}/{{uuid}}", o.catalogus_detail(soort)))
    return Starlette(routes=routes)


class FakeZgw:
    def __init__(
        self,
        bouw_gegevens: Callable[[str], Awaitable[Gegevens]],
        *,
        secrets: dict[str, str],
        token: str,
    ) -> None:
        self._bouw = bouw_gegevens
        self.state = FakeState(secrets=dict(secrets), token=token)
        self._sock: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._fout: BaseException | None = None
        self._klaar = threading.Event()

    @property
    def base(self) -> str:
        return self.state.base

    def url(self, api: str) -> str:
        return self.state.base + APIS[api]

    def start(self, timeout: float = 60.0) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        self._sock = sock
        self.state.base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self._thread = threading.Thread(target=self._run, name="fake-zgw", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._klaar.wait(0.05):
            if self._fout is not None or time.monotonic() > deadline or not self._thread.is_alive():
                self.stop()
                raise RuntimeError(f"the fake ZGW server did not start: {self._fout!r}")

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported by start()
            self._fout = exc

    async def _main(self) -> None:
        self.state.laad(await self._bouw(self.state.base))
        notificaties = OpenNotificaties(self.state)
        self.state.publiceer = notificaties.publiceer
        bezorger = asyncio.ensure_future(notificaties.draai())
        config = uvicorn.Config(
            maak_app(self.state),
            log_level="warning",
            lifespan="off",
            http="h11",
            ws="none",
            loop="asyncio",
            access_log=False,
        )
        self._server = uvicorn.Server(config)
        assert self._sock is not None
        serve = asyncio.ensure_future(self._server.serve(sockets=[self._sock]))
        while not self._server.started and not serve.done():
            await asyncio.sleep(0.01)
        self._klaar.set()
        try:
            await serve
        finally:
            bezorger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await bezorger

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._sock is not None:
            self._sock.close()
