"""Writing documents through the Documenten API (Open Zaak).

Creating (`maak_document`), by size:

* up to `Upstream.inline_bytes` (4 MiB by default): ONE step, ``POST
  /enkelvoudiginformatieobjecten`` with the content base64 in ``inhoud`` (read into memory once,
  within that limit);
* larger: the bestandsdelen flow of Documenten 1.1+: (1) ``POST`` the EIO with ``bestandsomvang``
  and ``inhoud: null`` -- the answer is locked (``lock``) and lists ``bestandsdelen``
  [{url, volgnummer, omvang}]; (2) ``PUT /bestandsdelen/{uuid}`` per part, multipart/form-data with
  ``inhoud`` (exactly ``omvang`` bytes) and ``lock``; (3) ``POST .../{uuid}/unlock`` with the lock:
  Open Zaak then checks and joins the parts. Each is a step of the saga: a retry re-reads the
  content from the start and sends only the parts not recorded yet. The content is streamed from
  the upload twice (once to count and check the size, once to send), never held whole.

Changing (`wijzig_document`): ``POST .../lock`` -> ``PATCH`` with the lock -> ``POST .../unlock``,
three steps. Caveat: when the lock call's answer is lost, the document stays locked with a lock
the gateway never saw; the retry then fails ("already locked") and the saga is `mislukt`: an
operator unlocks it (``documenten.geforceerd-unlock``) and retries.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from registries import models as m
from registries.errors import BadUserInput, UpstreamUnavailable
from registries.writes import DocumentWijziging, Inhoud, NieuwDocument
from registries.zgw import schrijf_json as j
from registries.zgw.client import ZgwClient
from registries.zgw.parse import Json
from registries.zgw.parse.documenten import document as parse_document
from registries.zgw.saga import Vorige
from registries.zgw.schrijver_basis import ZgwSchrijverBasis


def _te_groot(document: NieuwDocument, max_omvang: int) -> BadUserInput:
    return BadUserInput(
        f"{document.bestandsnaam or 'The file'} is larger than the limit of {max_omvang} bytes.",
        field="inhoud",
    )


async def _delen(inhoud: Inhoud, groottes: list[int]) -> AsyncIterator[bytes]:
    """The content cut into parts of exactly these sizes."""
    buffer = bytearray()
    stukken = inhoud()
    for grootte in groottes:
        async for stuk in stukken:
            buffer += stuk
            if len(buffer) >= grootte:
                break
        yield bytes(buffer[:grootte])
        del buffer[:grootte]


class DocumentenSchrijven(ZgwSchrijverBasis):
    def _document_json(self, client: ZgwClient, data: Json) -> m.EnkelvoudigInformatieObject:
        assert self.up.documenten_config is not None
        with self._gelezen(client):
            return parse_document(data, self.up.documenten_config.inhoud_base_url)

    async def maak_document(
        self, document: NieuwDocument, inhoud: Inhoud, *, max_omvang: int
    ) -> m.EnkelvoudigInformatieObject:
        if self.up.documenten is None:
            return await self._sql(
                "maak_document", lambda s: s.maak_document(document, inhoud, max_omvang=max_omvang)
            )
        client = self._documenten()
        # read up to the inline limit; past it, only count (and check the maximum)
        buffer = bytearray()
        omvang = 0
        async for stuk in inhoud():
            omvang += len(stuk)
            if omvang > max_omvang:
                raise _te_groot(document, max_omvang)
            if omvang <= self.up.inline_bytes:
                buffer += stuk
        if omvang <= self.up.inline_bytes:
            body = j.document(document, bytes(buffer), omvang)

            async def doe() -> m.EnkelvoudigInformatieObject:
                return self._document_json(
                    client, await self._maak(client, "enkelvoudiginformatieobjecten", body)
                )

            async def zoek(_: Vorige) -> m.EnkelvoudigInformatieObject | None:
                if not document.identificatie:
                    return None  # no natural key: the registry numbers it
                params = {
                    "identificatie": document.identificatie,
                    "bronorganisatie": document.bronorganisatie,
                }
                found = await self._items(client, "enkelvoudiginformatieobjecten", params)
                return self._document_json(client, found[0]) if found else None

            return await self.saga.stap("maak_document", doe, zoek=zoek)
        del buffer
        return await self._in_delen(client, document, inhoud, omvang)

    async def _in_delen(
        self, client: ZgwClient, document: NieuwDocument, inhoud: Inhoud, omvang: int
    ) -> m.EnkelvoudigInformatieObject:
        body = j.document(document, None, omvang)

        async def maak() -> Json:
            return await self._maak(client, "enkelvoudiginformatieobjecten", body)

        # the answer as it came (with the lock and the bestandsdelen): recorded as plain JSON
        aangemaakt = await self.saga.stap("maak_document", maak)
        lock = str(aangemaakt.get("lock") or "")
        delen = sorted(
            (d for d in aangemaakt.get("bestandsdelen") or () if isinstance(d, dict)),
            key=lambda d: int(d.get("volgnummer") or 0),
        )
        if not lock or not delen or sum(int(d.get("omvang") or 0) for d in delen) != omvang:
            raise UpstreamUnavailable(
                f"The {client.naam} did not answer with the bestandsdelen of a {omvang}-byte "
                "document.",
                registry=client.registry,
            )
        stukken = _delen(inhoud, [int(d["omvang"]) for d in delen])
        for deel in delen:
            data = await anext(stukken)

            async def zend(deel: Json = deel, data: bytes = data) -> Json:
                await self._schrijf(
                    client,
                    "PUT",
                    str(deel["url"]),
                    bestanden={
                        "inhoud": (document.bestandsnaam or "inhoud", data, document.formaat)
                    },
                    formulier={"lock": lock},
                )
                return {"volgnummer": deel.get("volgnummer")}

            # a PUT of the same part is idempotent: after an unknown outcome it is sent again
            await self.saga.stap("maak_document.bestandsdeel", zend)
        url = str(aangemaakt["url"])

        async def ontgrendel() -> m.EnkelvoudigInformatieObject:
            await self._schrijf(client, "POST", f"{url}/unlock", {"lock": lock})
            gelezen = await client.lees(url)
            return self._document_json(client, gelezen.data if gelezen else aangemaakt)

        return await self.saga.stap("maak_document.unlock", ontgrendel)

    async def wijzig_document(
        self, url: str, wijziging: DocumentWijziging
    ) -> m.EnkelvoudigInformatieObject:
        if self.up.documenten is None:
            return await self._sql("wijzig_document", lambda s: s.wijzig_document(url, wijziging))
        client = self._documenten()

        async def vergrendel() -> Json:
            data = (await self._schrijf(client, "POST", f"{url}/lock")).data
            if not isinstance(data, dict) or not data.get("lock"):
                raise UpstreamUnavailable(
                    f"The {client.naam} answered a lock without the lock.",
                    registry=client.registry,
                )
            return {"lock": str(data["lock"])}

        lock = str((await self.saga.stap("wijzig_document.lock", vergrendel))["lock"])

        async def wijzig() -> m.EnkelvoudigInformatieObject:
            body = j.document_wijziging(wijziging, lock)
            antwoord = await self._schrijf(client, "PATCH", url, body)
            return self._document_json(client, antwoord.data)

        gewijzigd = await self.saga.stap("wijzig_document", wijzig)

        async def ontgrendel() -> Json:
            await self._schrijf(client, "POST", f"{url}/unlock", {"lock": lock})
            return {}

        await self.saga.stap("wijzig_document.unlock", ontgrendel)
        gewijzigd.locked = False
        return gewijzigd
