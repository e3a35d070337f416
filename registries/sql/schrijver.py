"""The embedded store's `Schrijver`: all writes of one mutation in one database transaction,
each with the ZGW notification Open Zaak / Open Klant would send, appended to the event log in
that same transaction (a transactional outbox)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from registries import models as m
from registries.betrokkene_json import identificatie_naar_json
from registries.errors import BadUserInput, NotFound
from registries.sql import rows
from registries.sql.gateway_tables import DoorstuurOpdrachtRow, IdempotentieRow
from registries.sql.rows import rol_identity_columns
from registries.sql.schrijver_basis import nieuw_uuid, nu
from registries.sql.schrijver_documenten import DocumentenSchrijven
from registries.sql.schrijver_klantcontacten import KlantcontactenSchrijven
from registries.sql.tables import ResultaatRow, RolRow, StatusRow, ZaakEigenschapRow, ZaakRow
from registries.writes import (
    Doorsturen,
    NieuweRol,
    NieuweStatus,
    NieuweZaak,
    NieuwResultaat,
    ZaakWijziging,
)


class SqlSchrijver(DocumentenSchrijven, KlantcontactenSchrijven):
    """The `Schrijver` of the embedded store (see `registries.writes`)."""

    # --- idempotency --------------------------------------------------------------------------

    async def claim(
        self, subject: str, sleutel: str, soort: str, vingerafdruk: str = ""
    ) -> dict[str, Any] | None:
        stmt = (
            self._upsert_nothing(IdempotentieRow)
            .values(
                subject=subject,
                sleutel=sleutel,
                soort=soort,
                vingerafdruk=vingerafdruk,
                resultaat=None,
                aangemaakt=nu(),
            )
            .on_conflict_do_nothing()
            .returning(IdempotentieRow.sleutel)
        )
        # on PostgreSQL this waits for a concurrent transaction holding the same key to finish
        if (await self.conn.execute(stmt)).first() is not None:
            return None
        existing = select(IdempotentieRow.resultaat, IdempotentieRow.vingerafdruk).where(
            IdempotentieRow.subject == subject, IdempotentieRow.sleutel == sleutel
        )
        found = (await self.conn.execute(existing)).one()
        if found.vingerafdruk != vingerafdruk:
            raise BadUserInput(
                "This idempotentieSleutel was used before for a different request; use a new "
                "key for a new request (a retry must send the same request again).",
                field="idempotentieSleutel",
            )
        return dict(found.resultaat or {})

    async def vastleggen(self, subject: str, sleutel: str, resultaat: dict[str, Any]) -> None:
        await self.conn.execute(
            update(IdempotentieRow)
            .where(IdempotentieRow.subject == subject, IdempotentieRow.sleutel == sleutel)
            .values(resultaat=resultaat)
        )

    # --- zaken --------------------------------------------------------------------------------

    async def reserveer_zaaknummer(
        self, jaar: int, formaat: str, *, bronorganisatie: str = ""
    ) -> str:
        return await self.vrij_nummer(f"zaak-{jaar}", formaat, ZaakRow.identificatie, jaar=jaar)

    async def maak_zaak(self, zaak: NieuweZaak) -> m.Zaak:
        zaaktype_uuid = self.urls.uuid("zaaktype", zaak.zaaktype)
        if zaaktype_uuid is None:
            raise NotFound(f"No zaaktype with url {zaak.zaaktype}.")
        hoofdzaak = self.urls.uuid("zaak", zaak.hoofdzaak) if zaak.hoofdzaak else None
        new_uuid = nieuw_uuid()
        values = {
            "uuid": new_uuid,
            "identificatie": zaak.identificatie,
            "bronorganisatie": zaak.bronorganisatie,
            "omschrijving": zaak.omschrijving,
            "toelichting": zaak.toelichting,
            "zaaktype_uuid": zaaktype_uuid,
            "registratiedatum": zaak.registratiedatum,
            "verantwoordelijke_organisatie": zaak.verantwoordelijke_organisatie,
            "startdatum": zaak.startdatum,
            "einddatum": None,
            "einddatum_gepland": zaak.einddatum_gepland,
            "uiterlijke_einddatum_afdoening": zaak.uiterlijke_einddatum_afdoening,
            "publicatiedatum": None,
            "communicatiekanaal": zaak.communicatiekanaal,
            "vertrouwelijkheidaanduiding": zaak.vertrouwelijkheidaanduiding.value,
            "betalingsindicatie": None,
            "laatste_betaaldatum": None,
            "archiefnominatie": None,
            "archiefstatus": "nog_te_archiveren",
            "archiefactiedatum": None,
            "opschorting_indicatie": False,
            "opschorting_reden": "",
            "verlenging_reden": "",
            "verlenging_duur": None,
            "kenmerken": [{"kenmerk": k.kenmerk, "bron": k.bron} for k in zaak.kenmerken],
            "hoofdzaak_uuid": hoofdzaak,
            "status_uuid": None,
            "resultaat_uuid": None,
            "laatst_gewijzigd": nu(),
        }
        await self.conn.execute(insert(ZaakRow), values)
        row = await self._zaak_row(self.urls.url("zaak", new_uuid))
        url = self.urls.url("zaak", row.uuid)
        await self._zaak_notificatie(row, "zaak", "create", url)
        return rows.zaak(row, self.urls)

    async def wijzig_zaak(self, url: str, wijziging: ZaakWijziging) -> m.Zaak:
        row = await self._zaak_row(url)
        values: dict[str, Any] = {"laatst_gewijzigd": nu()}
        for name, value in wijziging.velden().items():
            if name == "vertrouwelijkheidaanduiding":
                values[name] = value.value
            elif name == "opschorting":
                values["opschorting_indicatie"] = bool(value and value.indicatie)
                values["opschorting_reden"] = value.reden if value else ""
            elif name == "verlenging":
                values["verlenging_reden"] = value.reden if value else ""
                values["verlenging_duur"] = value.duur if value else None
            else:
                values[name] = value
        await self.conn.execute(update(ZaakRow).where(ZaakRow.uuid == row.uuid).values(**values))
        self._zaak_gewijzigd(row.uuid)
        row = await self._zaak_row(url)
        await self._zaak_notificatie(row, "zaak", "partial_update", url)
        return rows.zaak(row, self.urls)

    async def maak_rol(self, zaak: str, rol: NieuweRol) -> m.Rol:
        zaak_row = await self._zaak_row(zaak)
        values = {
            "uuid": nieuw_uuid(),
            "zaak_uuid": zaak_row.uuid,
            "betrokkene": "",
            "betrokkene_type": rol.betrokkene_type.value,
            "roltype_uuid": self.urls.uuid("roltype", rol.roltype),
            "omschrijving": rol.omschrijving,
            "omschrijving_generiek": rol.omschrijving_generiek.value,
            "roltoelichting": rol.roltoelichting,
            "registratiedatum": nu(),
            "indicatie_machtiging": "",
            "afwijkende_naam_betrokkene": "",
            "betrokkene_identificatie": identificatie_naar_json(
                rol.betrokkene_type, rol.betrokkene_identificatie
            ),
            "contactpersoon_rol": (
                {
                    "emailadres": rol.contactpersoon_rol.emailadres,
                    "functie": rol.contactpersoon_rol.functie,
                    "telefoonnummer": rol.contactpersoon_rol.telefoonnummer,
                    "naam": rol.contactpersoon_rol.naam,
                }
                if rol.contactpersoon_rol
                else None
            ),
            **rol_identity_columns(rol.betrokkene_identificatie),
        }
        await self.conn.execute(insert(RolRow), values)
        created = (
            await self.conn.execute(select(RolRow.__table__).where(RolRow.uuid == values["uuid"]))
        ).one()
        url = self.urls.url("rol", values["uuid"])
        await self._zaak_notificatie(zaak_row, "rol", "create", url)
        return rows.rol(created, self.urls)

    async def maak_status(self, zaak: str, status: NieuweStatus) -> m.Status:
        zaak_row = await self._zaak_row(zaak)
        new_uuid = nieuw_uuid()
        await self.conn.execute(
            insert(StatusRow),
            {
                "uuid": new_uuid,
                "zaak_uuid": zaak_row.uuid,
                "statustype_uuid": self.urls.uuid("statustype", status.statustype),
                "datum_status_gezet": status.datum_status_gezet,
                "statustoelichting": status.statustoelichting,
                "gezetdoor_uuid": None,
            },
        )
        await self.conn.execute(
            update(ZaakRow)
            .where(ZaakRow.uuid == zaak_row.uuid)
            .values(status_uuid=new_uuid, laatst_gewijzigd=nu())
        )
        self._zaak_gewijzigd(zaak_row.uuid)
        created = (
            await self.conn.execute(select(StatusRow.__table__).where(StatusRow.uuid == new_uuid))
        ).one()
        url = self.urls.url("status", new_uuid)
        await self._zaak_notificatie(zaak_row, "status", "create", url)
        return rows.status(created, self.urls, new_uuid)

    async def zet_resultaat(self, zaak: str, resultaat: NieuwResultaat) -> m.Resultaat:
        zaak_row = await self._zaak_row(zaak)
        resultaattype = self.urls.uuid("resultaattype", resultaat.resultaattype)
        if zaak_row.resultaat_uuid:
            target, actie = zaak_row.resultaat_uuid, "update"
            await self.conn.execute(
                update(ResultaatRow)
                .where(ResultaatRow.uuid == target)
                .values(resultaattype_uuid=resultaattype, toelichting=resultaat.toelichting)
            )
        else:
            target, actie = nieuw_uuid(), "create"
            await self.conn.execute(
                insert(ResultaatRow),
                {
                    "uuid": target,
                    "zaak_uuid": zaak_row.uuid,
                    "resultaattype_uuid": resultaattype,
                    "toelichting": resultaat.toelichting,
                },
            )
            await self.conn.execute(
                update(ZaakRow)
                .where(ZaakRow.uuid == zaak_row.uuid)
                .values(resultaat_uuid=target, laatst_gewijzigd=nu())
            )
            self._zaak_gewijzigd(zaak_row.uuid)
        created = (
            await self.conn.execute(
                select(ResultaatRow.__table__).where(ResultaatRow.uuid == target)
            )
        ).one()
        url = self.urls.url("resultaat", target)
        await self._zaak_notificatie(zaak_row, "resultaat", actie, url)
        return rows.resultaat(created, self.urls)

    async def maak_zaakeigenschap(
        self, zaak: str, eigenschap: str, naam: str, waarde: str
    ) -> m.ZaakEigenschap:
        zaak_row = await self._zaak_row(zaak)
        new_uuid = nieuw_uuid()
        values = {
            "uuid": new_uuid,
            "zaak_uuid": zaak_row.uuid,
            "eigenschap_uuid": self.urls.uuid("eigenschap", eigenschap),
            "naam": naam,
            "waarde": waarde,
        }
        await self.conn.execute(insert(ZaakEigenschapRow), values)
        url = self.urls.url("zaakeigenschap", new_uuid)
        await self._zaak_notificatie(zaak_row, "zaakeigenschap", "create", url)
        created = (
            await self.conn.execute(
                select(ZaakEigenschapRow.__table__).where(ZaakEigenschapRow.uuid == new_uuid)
            )
        ).one()
        return rows.zaakeigenschap(created, self.urls)

    # --- outbox ---------------------------------------------------------------------------------

    async def doorsturen(self, opdracht: Doorsturen) -> None:
        await self.conn.execute(
            insert(DoorstuurOpdrachtRow),
            {
                "doel": opdracht.doel,
                "bericht": opdracht.bericht,
                "sleutel": opdracht.sleutel,
                "status": "wachtend",
                "pogingen": 0,
                "volgende_poging": nu(),
                "laatste_fout": "",
                "aangemaakt": nu(),
                "afgeleverd": None,
            },
        )
        self.doorstuur_opdrachten += 1
