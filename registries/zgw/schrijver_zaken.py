"""Writing zaken through the Zaken API (Open Zaak): zaaknummer, zaak, rol, status, resultaat,
zaakeigenschap and the document links. One step per upstream write; where a write has a
natural key, the step can be looked up upstream when its outcome is unknown (see `saga`).

What Open Zaak does itself and the gateway therefore does not send: ``einddatum`` (read-only:
set from the eindstatus, cleared when a zaak is reopened with a non-final status), the
notifications (Open Zaak publishes them; the gateway receives them on its webhook).
"""

from __future__ import annotations

from datetime import timedelta

from registries import models as m
from registries.errors import NotFound
from registries.writes import NieuweRol, NieuweStatus, NieuweZaak, NieuwResultaat, ZaakWijziging
from registries.zgw import schrijf_json as j
from registries.zgw.parse import Json, uuid_uit_url
from registries.zgw.parse import zaken as parse
from registries.zgw.saga import Vorige
from registries.zgw.schrijver_basis import ZgwSchrijverBasis

_RESERVERING = ("zaaknummer_reserveren", "reserveer_zaaknummer")
#: clock difference tolerated between the gateway and Open Zaak
_SPELING = timedelta(minutes=5)


class ZakenSchrijven(ZgwSchrijverBasis):
    def _zaak_json(self, data: Json) -> m.Zaak:
        with self._gelezen(self._zaken()):
            return parse.zaak(data)

    # --- zaaknummer -----------------------------------------------------------------------------

    async def reserveer_zaaknummer(
        self, jaar: int, formaat: str, *, bronorganisatie: str = ""
    ) -> str:
        if self.up.zaken is None:
            return await self._sql(
                "reserveer_zaaknummer",
                lambda s: s.reserveer_zaaknummer(jaar, formaat, bronorganisatie=bronorganisatie),
            )

        async def doe() -> str:
            nummer = await self._reserveer_upstream(bronorganisatie)
            return nummer if nummer is not None else await self._eigen_nummer(jaar, formaat)

        return await self.saga.stap("reserveer_zaaknummer", doe)

    async def _reserveer_upstream(self, bronorganisatie: str) -> str | None:
        """Open Zaak's reservation (experimental: /zaaknummer_reserveren, before 1.2x
        /reserveer_zaaknummer); None when this Zaken API has none."""
        config = self.up.zaken_config
        if config is None or not config.zaaknummer_reserveren or not bronorganisatie:
            return None
        client = self._zaken()
        for pad in _RESERVERING:
            if pad in self.up.geen_reservering:
                continue
            antwoord = await client.schrijf("POST", pad, {"bronorganisatie": bronorganisatie})
            if antwoord is None:  # 404: not this version
                self.up.geen_reservering.add(pad)
                continue
            data = antwoord.data
            if isinstance(data, list):
                data = data[0] if data else {}
            if isinstance(data, dict) and data.get("zaaknummer"):
                return str(data["zaaknummer"])
        return None

    async def _eigen_nummer(self, jaar: int, formaat: str) -> str:
        """The gateway's own sequence (in its store), skipping numbers the Zaken API has."""
        if self.up.log is None:
            raise NotFound("No zaaknummer sequence: the gateway's own store is not configured.")
        for _ in range(1000):
            nummer = formaat.format(jaar=jaar, nummer=await self.up.log.nummer(f"zaak-{jaar}"))
            if not await self._items(self._zaken(), "zaken", {"identificatie": nummer}):
                return nummer
        raise RuntimeError(f"no free zaaknummer in the sequence of {jaar} after 1000 tries")

    # --- zaak -----------------------------------------------------------------------------------

    async def maak_zaak(self, zaak: NieuweZaak) -> m.Zaak:
        if self.up.zaken is None:
            return await self._sql("maak_zaak", lambda s: s.maak_zaak(zaak))
        client = self._zaken()
        openzaak = self.up.zaken_config is not None and self.up.zaken_config.openzaak_extensies

        async def doe() -> m.Zaak:
            return self._zaak_json(
                await self._maak(client, "zaken", j.zaak(zaak, openzaak=openzaak))
            )

        async def zoek(_: Vorige) -> m.Zaak | None:
            if not zaak.identificatie:
                return None
            params = {"identificatie": zaak.identificatie, "bronorganisatie": zaak.bronorganisatie}
            found = await self._items(client, "zaken", params)
            return self._zaak_json(found[0]) if found else None

        return await self.saga.stap("maak_zaak", doe, zoek=zoek)

    async def _zaak(self, url: str) -> m.Zaak:
        antwoord = await self._zaken().lees(url)
        if antwoord is None or not isinstance(antwoord.data, dict):
            raise NotFound(f"No zaak with url {url}.")
        return self._zaak_json(antwoord.data)

    async def wijzig_zaak(self, url: str, wijziging: ZaakWijziging) -> m.Zaak:
        if self.up.zaken is None:
            return await self._sql("wijzig_zaak", lambda s: s.wijzig_zaak(url, wijziging))
        body = j.zaak_wijziging(wijziging)
        if not body:
            # only einddatum: Open Zaak keeps it itself (from the statussen)
            return await self._zaak(url)
        client = self._zaken()

        async def doe() -> m.Zaak:
            antwoord = await self._schrijf(client, "PATCH", url, body)
            if not isinstance(antwoord.data, dict):
                return await self._zaak(url)
            return self._zaak_json(antwoord.data)

        # a PATCH is idempotent: after an unknown outcome it is simply sent again
        return await self.saga.stap("wijzig_zaak", doe)

    # --- rol, status, resultaat, eigenschap -----------------------------------------------------

    async def maak_rol(self, zaak: str, rol: NieuweRol) -> m.Rol:
        if self.up.zaken is None:
            return await self._sql("maak_rol", lambda s: s.maak_rol(zaak, rol))
        client = self._zaken()
        body = j.rol(zaak, rol)

        def parse_rol(d: Json) -> m.Rol:
            with self._gelezen(client):
                return parse.rol(d)

        async def doe() -> m.Rol:
            return parse_rol(await self._maak(client, "rollen", body))

        async def zoek(_: Vorige) -> m.Rol | None:
            params = {"zaak": zaak, "roltype": rol.roltype}
            for d in await self._items(client, "rollen", params):
                ident = d.get("betrokkeneIdentificatie") or {}
                gelijk = all(ident.get(k) == v for k, v in body["betrokkeneIdentificatie"].items())
                if d.get("betrokkeneType") == rol.betrokkene_type.value and gelijk:
                    return parse_rol(d)
            return None

        return await self.saga.stap("maak_rol", doe, zoek=zoek)

    async def maak_status(self, zaak: str, status: NieuweStatus) -> m.Status:
        if self.up.zaken is None:
            return await self._sql("maak_status", lambda s: s.maak_status(zaak, status))
        client = self._zaken()

        def parse_status(d: Json) -> m.Status:
            with self._gelezen(client):
                return parse.status(d, str(d.get("url")))

        async def doe() -> m.Status:
            return parse_status(await self._maak(client, "statussen", j.status(zaak, status)))

        async def zoek(vorige: Vorige) -> m.Status | None:
            # the lost attempt set its own datumStatusGezet (a retry computes a new one): a
            # status of this statustype set since shortly before the step began is that one
            sinds = (vorige.begonnen or status.datum_status_gezet) - _SPELING
            params = {"zaak": zaak, "statustype": status.statustype}
            for d in await self._items(client, "statussen", params):
                found = parse_status(d)
                if found.datum_status_gezet >= sinds:
                    return found
            return None

        return await self.saga.stap("maak_status", doe, zoek=zoek)

    async def zet_resultaat(self, zaak: str, resultaat: NieuwResultaat) -> m.Resultaat:
        if self.up.zaken is None:
            return await self._sql("zet_resultaat", lambda s: s.zet_resultaat(zaak, resultaat))
        client = self._zaken()
        body = j.resultaat(zaak, resultaat)

        async def doe() -> m.Resultaat:
            # a zaak has at most one resultaat: change it when there is one (so this step is
            # idempotent, and needs no look-up after an unknown outcome)
            bestaand = await self._items(client, "resultaten", {"zaak": zaak})
            if bestaand:
                data = (await self._schrijf(client, "PUT", str(bestaand[0]["url"]), body)).data
            else:
                data = await self._maak(client, "resultaten", body)
            with self._gelezen(client):
                return parse.resultaat(data)

        return await self.saga.stap("zet_resultaat", doe)

    async def maak_zaakeigenschap(
        self, zaak: str, eigenschap: str, naam: str, waarde: str
    ) -> m.ZaakEigenschap:
        if self.up.zaken is None:
            return await self._sql(
                "maak_zaakeigenschap",
                lambda s: s.maak_zaakeigenschap(zaak, eigenschap, naam, waarde),
            )
        client = self._zaken()
        pad = f"zaken/{uuid_uit_url(zaak)}/zaakeigenschappen"

        def parse_eigenschap(d: Json) -> m.ZaakEigenschap:
            with self._gelezen(client):
                return parse.zaakeigenschap(d)

        async def doe() -> m.ZaakEigenschap:
            body = {"zaak": zaak, "eigenschap": eigenschap, "waarde": waarde}
            return parse_eigenschap(await self._maak(client, pad, body))

        async def zoek(_: Vorige) -> m.ZaakEigenschap | None:
            for d in await self._items(client, pad, {}):
                if d.get("eigenschap") == eigenschap and d.get("waarde") == waarde:
                    return parse_eigenschap(d)
            return None

        return await self.saga.stap("maak_zaakeigenschap", doe, zoek=zoek)

    # --- document links -------------------------------------------------------------------------

    async def _links(self, zaak: str, document: str) -> list[Json]:
        params = {"zaak": zaak, "informatieobject": document}
        return await self._items(self._zaken(), "zaakinformatieobjecten", params)

    async def koppel_document(
        self, zaak: str, document: str, titel: str = "", beschrijving: str = ""
    ) -> m.ZaakInformatieObject:
        if self.up.zaken is None:
            return await self._sql(
                "koppel_document", lambda s: s.koppel_document(zaak, document, titel, beschrijving)
            )
        client = self._zaken()

        def parse_link(d: Json) -> m.ZaakInformatieObject:
            with self._gelezen(client):
                return parse.zaakinformatieobject(d)

        async def doe() -> m.ZaakInformatieObject:
            body = j.zaakinformatieobject(zaak, document, titel, beschrijving)
            return parse_link(await self._maak(client, "zaakinformatieobjecten", body))

        async def zoek(_: Vorige) -> m.ZaakInformatieObject | None:
            found = await self._links(zaak, document)
            return parse_link(found[0]) if found else None

        return await self.saga.stap("koppel_document", doe, zoek=zoek)

    async def ontkoppel_document(self, zaak: str, document: str) -> None:
        if self.up.zaken is None:
            await self._sql("ontkoppel_document", lambda s: s.ontkoppel_document(zaak, document))
            return
        client = self._zaken()

        async def doe() -> Json:
            links = await self._links(zaak, document)
            if not links:
                raise NotFound("The document is not linked to this zaak.")
            for link in links:
                # 404: gone already -- the aim of this step
                await client.schrijf("DELETE", str(link["url"]))
            self._vergeet()
            return {"ontkoppeld": [str(link["url"]) for link in links]}

        async def zoek(_: Vorige) -> Json | None:
            # the outcome is unknown: done when no link is left, else delete again
            return None if await self._links(zaak, document) else {"ontkoppeld": []}

        await self.saga.stap("ontkoppel_document", doe, zoek=zoek)
