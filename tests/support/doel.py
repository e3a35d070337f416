"""A zaakafhandelcomponent stand-in for forwarding tests: an ASGI app (serve it on a real socket
with `tests.support.server.serve`) that records every request and answers with the status codes
it is told to (then with `standaard`)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ontvangen:
    path: str
    headers: dict[str, str]
    body: Any
    status: int


class Doel:
    def __init__(
        self, antwoorden: list[int] | None = None, standaard: int = 204, vertraging: float = 0.0
    ) -> None:
        self.antwoorden = list(antwoorden or [])
        self.standaard = standaard
        self.vertraging = vertraging
        self._lock = threading.Lock()
        self.ontvangen: list[Ontvangen] = []

    @property
    def geaccepteerd(self) -> list[Ontvangen]:
        with self._lock:
            return [o for o in self.ontvangen if 200 <= o.status < 300]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if self.vertraging:
            await asyncio.sleep(self.vertraging)
        with self._lock:
            status = self.antwoorden.pop(0) if self.antwoorden else self.standaard
            self.ontvangen.append(
                Ontvangen(
                    path=scope["path"],
                    headers={k.decode().lower(): v.decode() for k, v in scope["headers"]},
                    body=json.loads(body) if body else None,
                    status=status,
                )
            )
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def tot(
    voorwaarde: Callable[[], Awaitable[bool]], *, binnen: float = 15.0, stap: float = 0.02
) -> None:
    """Wait until `voorwaarde` holds (fails the test after `binnen` seconds)."""
    deadline = time.monotonic() + binnen
    while not await voorwaarde():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {binnen} s")
        await asyncio.sleep(stap)
