"""Writing documents in the embedded store: metadata, content in chunks, links to zaken."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update

from registries import models as m
from registries.errors import BadUserInput, Conflict, NotFound
from registries.sql import rows
from registries.sql.schrijver_basis import SchrijverBasis, nieuw_uuid, nu
from registries.sql.tables import DocumentInhoudRow, DocumentRow, ZaakInformatieObjectRow
from registries.writes import DocumentWijziging, Inhoud, NieuwDocument

#: content is stored in chunks of at most this size
CHUNK = 1024 * 1024


class DocumentenSchrijven(SchrijverBasis):
    async def _document_row(self, url: str) -> Any:
        doc_uuid = self.urls.uuid("enkelvoudiginformatieobject", url)
        row = None
        if doc_uuid is not None:
            stmt = select(DocumentRow.__table__).where(DocumentRow.uuid == doc_uuid)
            row = (await self.conn.execute(stmt)).first()
        if row is None:
            raise NotFound(f"No document with url {url}.")
        return row

    def _document_kenmerken(self, row: Any) -> dict[str, str]:
        iot = self.urls.url("informatieobjecttype", row.informatieobjecttype_uuid)
        found = self.catalogus.informatieobjecttypen.get(iot)
        return {
            "bronorganisatie": row.bronorganisatie,
            "informatieobjecttype": iot,
            "informatieobjecttype.catalogus": found.catalogus if found else "",
            "vertrouwelijkheidaanduiding": row.vertrouwelijkheidaanduiding,
        }

    async def _document_notificatie(self, row: Any, actie: str) -> None:
        url = self.urls.url("enkelvoudiginformatieobject", row.uuid)
        await self.notificeer(
            "documenten",
            "enkelvoudiginformatieobject",
            actie,
            url,
            url,
            self._document_kenmerken(row),
        )

    async def maak_document(
        self, document: NieuwDocument, inhoud: Inhoud, *, max_omvang: int
    ) -> m.EnkelvoudigInformatieObject:
        iot = self.urls.uuid("informatieobjecttype", document.informatieobjecttype)
        if iot is None:
            raise BadUserInput("Unknown informatieobjecttype.", field="informatieobjecttype")
        new_uuid = nieuw_uuid()
        identificatie = document.identificatie or await self.vrij_nummer(
            f"document-{document.creatiedatum.year}",
            "DOCUMENT-{jaar}-{nummer:010d}",
            DocumentRow.identificatie,
            jaar=document.creatiedatum.year,
        )
        await self.conn.execute(
            insert(DocumentRow),
            {
                "uuid": new_uuid,
                "identificatie": identificatie,
                "bronorganisatie": document.bronorganisatie,
                "creatiedatum": document.creatiedatum,
                "titel": document.titel,
                "vertrouwelijkheidaanduiding": document.vertrouwelijkheidaanduiding.value,
                "auteur": document.auteur,
                "status": document.status.value if document.status else None,
                "formaat": document.formaat,
                "taal": document.taal,
                "versie": 1,
                "begin_registratie": nu(),
                "bestandsnaam": document.bestandsnaam,
                "bestandsomvang": 0,
                "link": "",
                "beschrijving": document.beschrijving,
                "ontvangstdatum": document.ontvangstdatum,
                "verzenddatum": document.verzenddatum,
                "indicatie_gebruiksrecht": False,
                "informatieobjecttype_uuid": iot,
                "lock": "",
                "trefwoorden": list(document.trefwoorden),
            },
        )
        omvang = 0
        volgnummer = 0
        buffer = bytearray()
        async for stuk in inhoud():
            omvang += len(stuk)
            if omvang > max_omvang:
                raise BadUserInput(
                    f"{document.bestandsnaam or 'The file'} is larger than the limit of "
                    f"{max_omvang} bytes.",
                    field="inhoud",
                )
            buffer += stuk
            while len(buffer) >= CHUNK:
                await self._chunk(new_uuid, volgnummer, bytes(buffer[:CHUNK]))
                del buffer[:CHUNK]
                volgnummer += 1
        if buffer or volgnummer == 0:
            await self._chunk(new_uuid, volgnummer, bytes(buffer))
        await self.conn.execute(
            update(DocumentRow).where(DocumentRow.uuid == new_uuid).values(bestandsomvang=omvang)
        )
        row = await self._document_row(self.urls.url("enkelvoudiginformatieobject", new_uuid))
        await self._document_notificatie(row, "create")
        return rows.document(row, self.urls)

    async def _chunk(self, document_uuid: str, volgnummer: int, data: bytes) -> None:
        await self.conn.execute(
            insert(DocumentInhoudRow),
            {"document_uuid": document_uuid, "volgnummer": volgnummer, "data": data},
        )

    async def wijzig_document(
        self, url: str, wijziging: DocumentWijziging
    ) -> m.EnkelvoudigInformatieObject:
        row = await self._document_row(url)
        if row.lock:
            raise Conflict("The document is locked; it can be changed once it is unlocked.")
        values: dict[str, Any] = {"versie": row.versie + 1}
        for name, value in wijziging.velden().items():
            if name in ("vertrouwelijkheidaanduiding", "status"):
                values[name] = value.value if value is not None else None
            elif name == "trefwoorden":
                values[name] = list(value)
            else:
                values[name] = value
        await self.conn.execute(
            update(DocumentRow).where(DocumentRow.uuid == row.uuid).values(**values)
        )
        row = await self._document_row(url)
        await self._document_notificatie(row, "partial_update")
        return rows.document(row, self.urls)

    async def koppel_document(
        self, zaak: str, document: str, titel: str = "", beschrijving: str = ""
    ) -> m.ZaakInformatieObject:
        zaak_row = await self._zaak_row(zaak)
        doc_row = await self._document_row(document)
        exists = select(ZaakInformatieObjectRow.uuid).where(
            ZaakInformatieObjectRow.zaak_uuid == zaak_row.uuid,
            ZaakInformatieObjectRow.informatieobject_uuid == doc_row.uuid,
        )
        if (await self.conn.execute(exists)).first() is not None:
            raise Conflict("The document is already linked to this zaak.")
        new_uuid = nieuw_uuid()
        await self.conn.execute(
            insert(ZaakInformatieObjectRow),
            {
                "uuid": new_uuid,
                "zaak_uuid": zaak_row.uuid,
                "informatieobject_uuid": doc_row.uuid,
                "aard_relatie_weergave": "Hoort bij, omgekeerd: kent",
                "titel": titel,
                "beschrijving": beschrijving,
                "registratiedatum": nu(),
            },
        )
        created = (
            await self.conn.execute(
                select(ZaakInformatieObjectRow.__table__).where(
                    ZaakInformatieObjectRow.uuid == new_uuid
                )
            )
        ).one()
        url = self.urls.url("zaakinformatieobject", new_uuid)
        await self._zaak_notificatie(zaak_row, "zaakinformatieobject", "create", url)
        return rows.zaakinformatieobject(created, self.urls)

    async def ontkoppel_document(self, zaak: str, document: str) -> None:
        zaak_row = await self._zaak_row(zaak)
        doc_row = await self._document_row(document)
        stmt = (
            delete(ZaakInformatieObjectRow)
            .where(
                ZaakInformatieObjectRow.zaak_uuid == zaak_row.uuid,
                ZaakInformatieObjectRow.informatieobject_uuid == doc_row.uuid,
            )
            .returning(ZaakInformatieObjectRow.uuid)
        )
        removed = (await self.conn.execute(stmt)).first()
        if removed is None:
            raise NotFound("The document is not linked to this zaak.")
        url = self.urls.url("zaakinformatieobject", removed.uuid)
        await self._zaak_notificatie(zaak_row, "zaakinformatieobject", "destroy", url)
