"""Writing klantcontacten through the Klantinteracties API (Open Klant 2), as KISS does:

1. per betrokkene with an identity (BSN, KvK-nummer): its partij, found by
   ``GET /partijen?partijIdentificator__codeSoortObjectId=..&partijIdentificator__objectId=..`` or
   made (``POST /partijen`` with its partij-identificatoren) -- one step each;
2. ``POST /klantcontacten``;
3. per betrokkene ``POST /betrokkenen`` (``hadKlantcontact``, ``wasPartij``);
4. per zaak ``POST /onderwerpobjecten`` with ``{codeObjecttype: "zgw-Zaak", codeRegister:
   "openzaak", codeSoortObjectId: "uuid", objectId: <zaak uuid>}``;

and an interne taak: ``POST /internetaken`` with ``aanleidinggevendKlantcontact``. Open Klant
relates objects by ``{"uuid": ...}``. These resources have no natural key the gateway could look
up, so after an unknown outcome (a timeout) a retry makes the step again (a duplicate is
possible there, and only there).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from registries import models as m
from registries.writes import (
    InterneTaak,
    NieuweInterneTaak,
    NieuweKlantcontactBetrokkene,
    NieuwKlantcontact,
)
from registries.zgw import schrijf_json as j
from registries.zgw.parse import Json, tekst, tijdstip, uuid_uit_url
from registries.zgw.parse import klantinteracties as parse
from registries.zgw.schrijver_basis import ZgwSchrijverBasis


class KlantcontactenSchrijven(ZgwSchrijverBasis):
    async def _partij(self, b: NieuweKlantcontactBetrokkene) -> Json:
        client = self._klant()
        for p in b.partij_identificatoren:
            params = {
                "partijIdentificator__codeSoortObjectId": p.code_soort_object_id,
                "partijIdentificator__objectId": p.object_id,
            }
            found = await self._items(client, "partijen", params)
            if found:
                return found[0]
        return await self._maak(client, "partijen", j.partij(b))

    async def maak_klantcontact(self, klantcontact: NieuwKlantcontact) -> m.Klantcontact:
        if self.up.klant is None:
            return await self._sql("maak_klantcontact", lambda s: s.maak_klantcontact(klantcontact))
        client = self._klant()
        partijen: list[Json | None] = []
        for b in klantcontact.betrokkenen:
            if b.partij_identificatoren:
                partijen.append(
                    await self.saga.stap("maak_klantcontact.partij", partial(self._partij, b))
                )
            else:
                partijen.append(None)
        contact = await self.saga.stap(
            "maak_klantcontact",
            lambda: self._maak(client, "klantcontacten", j.klantcontact(klantcontact)),
        )
        url = str(contact["url"])
        betrokkenen = []
        for b, partij in zip(klantcontact.betrokkenen, partijen, strict=True):
            partij_url = str(partij["url"]) if partij else None
            body = j.betrokkene(url, b, partij_url)
            made = await self.saga.stap(
                "maak_klantcontact.betrokkene",
                partial(self._maak, client, "betrokkenen", body),
            )
            if partij is not None:
                made = {**made, "_expand": {"wasPartij": partij}}
            betrokkenen.append(made)
        onderwerpen = []
        for zaak in klantcontact.zaken:
            body = j.onderwerpobject(url, uuid_uit_url(zaak))
            onderwerpen.append(
                await self.saga.stap(
                    "maak_klantcontact.onderwerpobject",
                    partial(self._maak, client, "onderwerpobjecten", body),
                )
            )
        volledig = {
            **contact,
            "_expand": {"hadBetrokkenen": betrokkenen, "gingOverOnderwerpobjecten": onderwerpen},
        }
        with self._gelezen(client):
            return parse.klantcontact(volledig)

    async def maak_interne_taak(self, taak: NieuweInterneTaak) -> InterneTaak:
        if self.up.klant is None:
            return await self._sql("maak_interne_taak", lambda s: s.maak_interne_taak(taak))
        client = self._klant()
        data = await self.saga.stap(
            "maak_interne_taak",
            lambda: self._maak(client, "internetaken", j.interne_taak(taak)),
        )
        with self._gelezen(client):
            url = str(data["url"])
            return InterneTaak(
                url=url,
                uuid=tekst(data.get("uuid")) or uuid_uit_url(url),
                nummer=tekst(data.get("referentienummer") or data.get("nummer")),
                klantcontact=taak.klantcontact,
                gevraagde_handeling=tekst(data.get("gevraagdeHandeling")),
                toelichting=tekst(data.get("toelichting")),
                status=tekst(data.get("status")) or "te_verwerken",
                toegewezen_aan=taak.toegewezen_aan,
                toegewezen_op=tijdstip(data.get("toegewezenOp")) or datetime.now(UTC),
            )
