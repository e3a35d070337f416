"""Writing klantcontacten (with betrokkenen and onderwerpobjecten) and interne taken."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from registries import models as m
from registries.errors import NotFound
from registries.sql import rows
from registries.sql.schrijver_basis import SchrijverBasis, nieuw_uuid, nu
from registries.sql.tables import (
    InterneTaakRow,
    KlantcontactBetrokkeneRow,
    KlantcontactRow,
    OnderwerpobjectRow,
)
from registries.writes import InterneTaak, NieuweInterneTaak, NieuwKlantcontact


def _identity(ids: tuple[m.PartijIdentificator, ...], soort: str) -> str | None:
    return next((p.object_id for p in ids if p.code_soort_object_id == soort), None)


class KlantcontactenSchrijven(SchrijverBasis):
    async def maak_klantcontact(self, klantcontact: NieuwKlantcontact) -> m.Klantcontact:
        new_uuid = nieuw_uuid()
        nummer = await self.vrij_nummer("klantcontact", "{nummer:010d}", KlantcontactRow.nummer)
        await self.conn.execute(
            insert(KlantcontactRow),
            {
                "uuid": new_uuid,
                "nummer": nummer,
                "kanaal": klantcontact.kanaal,
                "onderwerp": klantcontact.onderwerp,
                "inhoud": klantcontact.inhoud,
                "indicatie_contact_gelukt": klantcontact.indicatie_contact_gelukt,
                "taal": klantcontact.taal,
                "vertrouwelijk": klantcontact.vertrouwelijk,
                "plaatsgevonden_op": klantcontact.plaatsgevonden_op,
            },
        )
        betrokkenen = []
        for b in klantcontact.betrokkenen:
            values = {
                "uuid": nieuw_uuid(),
                "klantcontact_uuid": new_uuid,
                "rol": b.rol,
                "volledige_naam": b.volledige_naam,
                "organisatienaam": b.organisatienaam,
                "initiator": b.initiator,
                "partij_identificatoren": [
                    {
                        "codeObjecttype": p.code_objecttype,
                        "codeSoortObjectId": p.code_soort_object_id,
                        "objectId": p.object_id,
                        "codeRegister": p.code_register,
                    }
                    for p in b.partij_identificatoren
                ],
                "bsn": _identity(b.partij_identificatoren, "bsn"),
                "kvk_nummer": _identity(b.partij_identificatoren, "kvk_nummer"),
            }
            betrokkenen.append(values)
        if betrokkenen:
            await self.conn.execute(insert(KlantcontactBetrokkeneRow), betrokkenen)
        onderwerpen = []
        for zaak in klantcontact.zaken:
            zaak_row = await self._zaak_row(zaak)
            onderwerpen.append(
                {
                    "uuid": nieuw_uuid(),
                    "klantcontact_uuid": new_uuid,
                    "code_objecttype": "zgw-Zaak",
                    "code_register": "openzaak",
                    "code_soort_object_id": "uuid",
                    "object_id": zaak_row.uuid,
                }
            )
        if onderwerpen:
            await self.conn.execute(insert(OnderwerpobjectRow), onderwerpen)
        created = await self._klantcontact(new_uuid)
        await self.notificeer(
            "klantcontacten",
            "klantcontact",
            "create",
            created.url,
            created.url,
            {
                "kanaal": created.kanaal,
                "indicatieContactGelukt": str(created.indicatie_contact_gelukt).lower(),
            },
        )
        return created

    async def _klantcontact(self, klantcontact_uuid: str) -> m.Klantcontact:
        row = (
            await self.conn.execute(
                select(KlantcontactRow.__table__).where(KlantcontactRow.uuid == klantcontact_uuid)
            )
        ).first()
        if row is None:
            raise NotFound("No such klantcontact.")
        b_rows = await self.conn.execute(
            select(KlantcontactBetrokkeneRow.__table__).where(
                KlantcontactBetrokkeneRow.klantcontact_uuid == klantcontact_uuid
            )
        )
        o_rows = await self.conn.execute(
            select(OnderwerpobjectRow.__table__).where(
                OnderwerpobjectRow.klantcontact_uuid == klantcontact_uuid
            )
        )
        return rows.klantcontact(
            row,
            self.urls,
            [rows.klantcontact_betrokkene(r, self.urls) for r in b_rows],
            [rows.onderwerpobject(r, self.urls) for r in o_rows],
        )

    async def maak_interne_taak(self, taak: NieuweInterneTaak) -> InterneTaak:
        klantcontact_uuid = self.urls.uuid("klantcontact", taak.klantcontact)
        if klantcontact_uuid is None:
            raise NotFound(f"No klantcontact with url {taak.klantcontact}.")
        new_uuid = nieuw_uuid()
        values: dict[str, Any] = {
            "uuid": new_uuid,
            "nummer": await self.vrij_nummer("internetaak", "{nummer:010d}", InterneTaakRow.nummer),
            "klantcontact_uuid": klantcontact_uuid,
            "gevraagde_handeling": taak.gevraagde_handeling,
            "toelichting": taak.toelichting,
            "status": "te_verwerken",
            "toegewezen_aan": taak.toegewezen_aan,
            "toegewezen_op": nu(),
        }
        await self.conn.execute(insert(InterneTaakRow), values)
        url = self.urls.url("internetaak", new_uuid)
        await self.notificeer(
            "internetaken",
            "internetaak",
            "create",
            url,
            url,
            {
                "nummer": values["nummer"],
                "gevraagdeHandeling": taak.gevraagde_handeling[:200],
                "status": "te_verwerken",
            },
        )
        return InterneTaak(
            url=url,
            uuid=new_uuid,
            nummer=values["nummer"],
            klantcontact=taak.klantcontact,
            gevraagde_handeling=taak.gevraagde_handeling,
            toelichting=taak.toelichting,
            status="te_verwerken",
            toegewezen_aan=taak.toegewezen_aan,
            toegewezen_op=values["toegewezen_op"],
        )
