"""The write scenario's request: `dienAanvraagIn` with one attachment, as an e-form sends it.

Over HTTP it is a GraphQL multipart request (`operations`, `map`, one file part); in-process the
same variables with a starlette `UploadFile` where the multipart map puts it. Every request
carries its own idempotency key (`aanvraag.idempotentieSleutel`): with a repeated key the gateway
answers from the idempotency record and the bench would measure the replay path.

For wrk the body is built once as a template with `SLEUTEL_PLAATS` where the key goes; bench/wrk.lua
splits it there and puts `<run prefix>-<thread>-<counter>` in per request (see `bench.http.wrk`).
"""

from __future__ import annotations

import io
import uuid
from typing import Any

import orjson
from starlette.datastructures import Headers, UploadFile

from bench.scenarios import DIEN_AANVRAAG_IN

#: an extern zaaktype of the synthetic catalogus (registries/sql/seed/catalogus.py) with
#: statustypen, an initiator roltype and incoming informatieobjecttypen (aanvraag, bijlage)
ZAAKTYPE = "PARKEERVERGUNNING"
#: the form data; `kenteken` is one of the zaaktype's eigenschappen (so it is stored as one)
GEGEVENS: dict[str, Any] = {"kenteken": "AB-123-C", "zone": "B", "akkoord": True}
BIJLAGE_NAAM = "kentekenbewijs.png"
BIJLAGE_TYPE = "image/png"
#: a 16 KB "photo": deterministic bytes, so every run stores the same
BIJLAGE = b"\x89PNG\r\n\x1a\n" + bytes((i * 7919) % 251 for i in range(16 * 1024 - 8))
SLEUTEL_PLAATS = "@@SLEUTEL@@"
BIJLAGE_PAD = "variables.aanvraag.bijlagen.0"


def variables(sleutel: str, bijlage: Any = None) -> dict[str, Any]:
    """The operation's variables; `bijlage` is None in the multipart `operations` part (the map
    puts the file there) and the upload in-process."""
    return {
        "aanvraag": {
            "zaaktype": ZAAKTYPE,
            "gegevens": GEGEVENS,
            "idempotentieSleutel": sleutel,
            "omschrijving": "Parkeervergunning, zone B",
            "bijlagen": [bijlage],
        }
    }


def upload() -> UploadFile:
    """The attachment as starlette hands it to the schema after parsing a multipart request."""
    return UploadFile(
        io.BytesIO(BIJLAGE),
        size=len(BIJLAGE),
        filename=BIJLAGE_NAAM,
        headers=Headers({"content-type": BIJLAGE_TYPE}),
    )


def boundary() -> str:
    return "zgwbench" + uuid.uuid4().hex


def content_type(grens: str) -> str:
    return f"multipart/form-data; boundary={grens}"


def multipart_body(sleutel: str, grens: str) -> bytes:
    """The HTTP body (GraphQL multipart request spec): operations, map, the file part."""
    operations = orjson.dumps({"query": DIEN_AANVRAAG_IN, "variables": variables(sleutel)})
    mapping = orjson.dumps({"0": [BIJLAGE_PAD]})
    b = grens.encode()
    return b"".join(
        [
            b"--" + b + b'\r\nContent-Disposition: form-data; name="operations"\r\n\r\n',
            operations,
            b"\r\n--" + b + b'\r\nContent-Disposition: form-data; name="map"\r\n\r\n',
            mapping,
            b"\r\n--" + b + b'\r\nContent-Disposition: form-data; name="0"; filename="',
            BIJLAGE_NAAM.encode(),
            b'"\r\nContent-Type: ' + BIJLAGE_TYPE.encode() + b"\r\n\r\n",
            BIJLAGE,
            b"\r\n--" + b + b"--\r\n",
        ]
    )


def template(grens: str) -> bytes:
    """The body with `SLEUTEL_PLAATS` for the key (exactly once), for wrk.lua."""
    body = multipart_body(SLEUTEL_PLAATS, grens)
    assert body.count(SLEUTEL_PLAATS.encode()) == 1
    return body


def sleutel_van(template_body: bytes, sleutel: str) -> bytes:
    """What wrk.lua does per request: the template with the key filled in."""
    return template_body.replace(SLEUTEL_PLAATS.encode(), sleutel.encode(), 1)


def nieuwe_sleutel() -> str:
    return "bench-" + uuid.uuid4().hex


def check(body: dict[str, Any]) -> str:
    """The zaaknummer of a successful, new (not replayed) aanvraag; raises otherwise."""
    if body.get("errors"):
        raise RuntimeError(f"dienAanvraagIn: {body['errors']}")
    result = body["data"]["dienAanvraagIn"]
    if result["hergebruikt"]:
        raise RuntimeError("dienAanvraagIn answered a replay: the idempotency key was reused")
    identificatie: str = result["identificatie"]
    return identificatie
