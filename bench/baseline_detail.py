"""The baseline of the behandelaar zaak detail: everything about one zaak, by hand-written SQL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from bench.baseline_db import iso_date, iso_datetime

if TYPE_CHECKING:
    from bench.baseline import Baseline

ZAKEN = "/zaken/api/v1/zaken/"
DOCUMENTEN = "/documenten/api/v1/enkelvoudiginformatieobjecten/"
_IDENT = {
    "natuurlijk_persoon": ("NatuurlijkPersoon", ("inpBsn", "geslachtsnaam")),
    "niet_natuurlijk_persoon": ("NietNatuurlijkPersoon", ("kvkNummer", "statutaireNaam")),
    "medewerker": ("Medewerker", ("identificatie", "achternaam")),
    "vestiging": ("Vestiging", ()),
    "organisatorische_eenheid": ("OrganisatorischeEenheid", ()),
}


def _identificatie(betrokkene_type: str, raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    data = orjson.loads(raw) if isinstance(raw, str) else raw
    typename, keys = _IDENT[betrokkene_type]
    out: dict[str, Any] = {"__typename": typename}
    for key in keys:
        out[key] = data.get(key) or ""
    return out


async def zaak_detail(b: Baseline, identificatie: str) -> bytes:
    from bench.baseline import UP_TO_ZAAKVERTROUWELIJK, ZAAK_OBJECTTYPES

    db = b.db
    found = await db.fetch(
        "SELECT z.*, zt.identificatie AS zt_identificatie, zt.omschrijving AS zt_omschrijving, "
        "zt.indicatie_intern_of_extern, zt.doorlooptijd, r.toelichting AS r_toelichting, "
        "rt.omschrijving AS rt_omschrijving FROM zaak z "
        "JOIN zaaktype zt ON zt.uuid = z.zaaktype_uuid "
        "LEFT JOIN resultaat r ON r.uuid = z.resultaat_uuid "
        "LEFT JOIN resultaattype rt ON rt.uuid = r.resultaattype_uuid "
        "WHERE z.identificatie = ? AND z.vertrouwelijkheidaanduiding IN ?*",
        identificatie,
        UP_TO_ZAAKVERTROUWELIJK,
    )
    if not found:
        return orjson.dumps({"data": {"zaak": None}})
    z = found[0]
    uuid = z["uuid"]
    statustypen = await db.fetch(
        "SELECT omschrijving, volgnummer FROM statustype WHERE zaaktype_uuid = ? "
        "ORDER BY volgnummer",
        z["zaaktype_uuid"],
    )
    laatste = statustypen[-1]["volgnummer"] if statustypen else None
    statussen = await db.fetch(
        "SELECT s.uuid, s.datum_status_gezet, s.statustoelichting, st.omschrijving, st.volgnummer "
        "FROM status s JOIN statustype st ON st.uuid = s.statustype_uuid WHERE s.zaak_uuid = ? "
        "ORDER BY s.datum_status_gezet, s.uuid",
        uuid,
    )
    rollen = await db.fetch(
        "SELECT r.omschrijving, r.omschrijving_generiek, r.betrokkene_type, "
        "r.betrokkene_identificatie, r.afwijkende_naam_betrokkene, rt.omschrijving AS "
        "rt_omschrijving FROM rol r JOIN roltype rt ON rt.uuid = r.roltype_uuid "
        "WHERE r.zaak_uuid = ? ORDER BY r.registratiedatum, r.uuid",
        uuid,
    )
    eigenschappen = await db.fetch(
        "SELECT naam, waarde FROM zaakeigenschap WHERE zaak_uuid = ? ORDER BY naam", uuid
    )
    documenten = await db.fetch(
        "SELECT d.uuid, d.titel, d.status, d.vertrouwelijkheidaanduiding, d.formaat, "
        "d.bestandsomvang, d.creatiedatum, iot.omschrijving AS iot_omschrijving "
        "FROM zaakinformatieobject zio JOIN enkelvoudiginformatieobject d "
        "ON d.uuid = zio.informatieobject_uuid JOIN informatieobjecttype iot "
        "ON iot.uuid = d.informatieobjecttype_uuid WHERE zio.zaak_uuid = ? "
        "AND d.vertrouwelijkheidaanduiding IN ?* ORDER BY zio.registratiedatum, zio.uuid",
        uuid,
        UP_TO_ZAAKVERTROUWELIJK,
    )
    contacten = await db.fetch(
        "SELECT k.nummer, k.kanaal, k.onderwerp, k.inhoud, k.plaatsgevonden_op FROM klantcontact k "
        "JOIN onderwerpobject o ON o.klantcontact_uuid = k.uuid WHERE o.code_objecttype IN ?* "
        "AND o.object_id = ? ORDER BY k.plaatsgevonden_op, k.uuid",
        ZAAK_OBJECTTYPES,
        uuid,
    )
    huidige = next((s for s in statussen if s["uuid"] == z["status_uuid"]), None)
    zaak = {
        "url": b.base + ZAKEN + uuid,
        "identificatie": z["identificatie"],
        "bronorganisatie": z["bronorganisatie"],
        "omschrijving": z["omschrijving"],
        "toelichting": z["toelichting"],
        "registratiedatum": iso_date(z["registratiedatum"]),
        "startdatum": iso_date(z["startdatum"]),
        "einddatum": iso_date(z["einddatum"]),
        "einddatumGepland": iso_date(z["einddatum_gepland"]),
        "vertrouwelijkheidaanduiding": z["vertrouwelijkheidaanduiding"].upper(),
        "archiefstatus": z["archiefstatus"].upper(),
        "zaaktype": {
            "identificatie": z["zt_identificatie"],
            "omschrijving": z["zt_omschrijving"],
            "indicatieInternOfExtern": z["indicatie_intern_of_extern"].upper(),
            "doorlooptijd": z["doorlooptijd"],
            "statustypen": [
                {
                    "omschrijving": st["omschrijving"],
                    "volgnummer": st["volgnummer"],
                    "isEindstatus": st["volgnummer"] == laatste,
                }
                for st in statustypen
            ],
        },
        "status": {
            "datumStatusGezet": iso_datetime(huidige["datum_status_gezet"]),
            "statustoelichting": huidige["statustoelichting"],
            "statustype": {"omschrijving": huidige["omschrijving"]},
        }
        if huidige is not None
        else None,
        "statussen": [
            {
                "datumStatusGezet": iso_datetime(s["datum_status_gezet"]),
                "statustype": {"omschrijving": s["omschrijving"], "volgnummer": s["volgnummer"]},
            }
            for s in statussen
        ],
        "resultaat": {
            "toelichting": z["r_toelichting"],
            "resultaattype": {"omschrijving": z["rt_omschrijving"]},
        }
        if z["resultaat_uuid"] is not None
        else None,
        "rollen": [
            {
                "omschrijving": r["omschrijving"],
                "omschrijvingGeneriek": r["omschrijving_generiek"].upper(),
                "betrokkeneType": r["betrokkene_type"].upper(),
                "naam": b._naam(r["betrokkene_identificatie"], r["afwijkende_naam_betrokkene"]),
                "roltype": {"omschrijving": r["rt_omschrijving"]},
                "betrokkeneIdentificatie": _identificatie(
                    r["betrokkene_type"], r["betrokkene_identificatie"]
                ),
            }
            for r in rollen
        ],
        "eigenschappen": [{"naam": e["naam"], "waarde": e["waarde"]} for e in eigenschappen],
        "documenten": [
            {
                "url": b.base + DOCUMENTEN + d["uuid"],
                "titel": d["titel"],
                "status": d["status"].upper() if d["status"] else None,
                "vertrouwelijkheidaanduiding": d["vertrouwelijkheidaanduiding"].upper(),
                "formaat": d["formaat"],
                "bestandsomvang": d["bestandsomvang"],
                "creatiedatum": iso_date(d["creatiedatum"]),
                "informatieobjecttype": {"omschrijving": d["iot_omschrijving"]},
            }
            for d in documenten
        ],
        "klantcontacten": [
            {
                "nummer": k["nummer"],
                "kanaal": k["kanaal"],
                "onderwerp": k["onderwerp"],
                "inhoud": k["inhoud"],
                "plaatsgevondenOp": iso_datetime(k["plaatsgevonden_op"]),
            }
            for k in contacten
        ],
    }
    return orjson.dumps({"data": {"zaak": zaak}})
