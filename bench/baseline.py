"""The practical limit: each read scenario by hand-written SQL, assembled into dicts and
serialised with orjson to the same JSON the gateway returns ({"data": ...}).

Every function applies the same row scope as the gateway's policy for that role (in SQL only:
no second check in Python) and answers in a few statements. The catalogus is joined in SQL.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import orjson

from bench.baseline_db import Db, Row, iso_date, iso_datetime

UP_TO_BEPERKT = ("openbaar", "beperkt_openbaar")
UP_TO_ZAAKVERTROUWELIJK = ("openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk")
EXTERN = "SELECT uuid FROM zaaktype WHERE indicatie_intern_of_extern = 'extern'"
ZAAK_OBJECTTYPES = ("zgw-Zaak", "zaak")
EINDSTATUS = (
    "st.volgnummer = (SELECT max(s2.volgnummer) FROM statustype s2 "
    "WHERE s2.zaaktype_uuid = st.zaaktype_uuid)"
)


class Baseline:
    def __init__(self, db: Db, base_url: str) -> None:
        self.db = db
        self.base = base_url.rstrip("/")

    # --- helpers ---------------------------------------------------------------------------

    async def _grouped(self, sql: str, *args: Any) -> dict[str, list[Row]]:
        out: dict[str, list[Row]] = defaultdict(list)
        for r in await self.db.fetch(sql, *args):
            out[r["zaak_uuid"]].append(r)
        return out

    @staticmethod
    def _naam(ident: Any, afwijkend: str) -> str:
        if afwijkend:
            return afwijkend
        if not ident:
            return ""
        d = orjson.loads(ident) if isinstance(ident, str) else ident
        if "inpBsn" in d:
            naam = (
                d.get("voornamen") or d.get("voorletters"),
                d.get("voorvoegselGeslachtsnaam"),
                d.get("geslachtsnaam"),
            )
            return " ".join(p for p in naam if p)
        if "statutaireNaam" in d:
            return str(d["statutaireNaam"])
        if "achternaam" in d:
            parts = (d.get("voorletters"), d.get("voorvoegselAchternaam"), d.get("achternaam"))
            return " ".join(p for p in parts if p)
        if "handelsnaam" in d:
            return str(d["handelsnaam"][0]) if d["handelsnaam"] else ""
        return str(d.get("naam", ""))

    # --- burger "mijn zaken" -------------------------------------------------------------

    async def mijn_zaken(self, who: dict[str, Any], variables: dict[str, Any]) -> bytes:
        first = variables["first"]
        zaken = await self.db.fetch(
            "SELECT z.uuid, z.identificatie, z.omschrijving, z.startdatum, z.einddatum, "
            "z.uiterlijke_einddatum_afdoening, zt.omschrijving AS zt_omschrijving, "
            "zt.onderwerp AS zt_onderwerp FROM zaak z "
            "JOIN zaaktype zt ON zt.uuid = z.zaaktype_uuid "
            "WHERE zt.indicatie_intern_of_extern = 'extern' AND z.vertrouwelijkheidaanduiding = "
            "'openbaar' AND z.status_uuid IS NOT NULL AND z.uuid IN (SELECT r.zaak_uuid FROM rol r "
            "WHERE r.inp_bsn = ?) "
            "ORDER BY z.startdatum DESC, z.identificatie DESC LIMIT ?",
            who["bsn"],
            first,
        )
        uuids = [z["uuid"] for z in zaken]
        statussen = await self._grouped(
            "SELECT s.zaak_uuid, s.datum_status_gezet, st.statustekst, st.volgnummer, "
            f"{EINDSTATUS} AS eind FROM status s JOIN statustype st ON st.uuid = s.statustype_uuid "
            "WHERE s.zaak_uuid IN ?* ORDER BY s.zaak_uuid, s.datum_status_gezet, s.uuid",
            uuids,
        )
        documenten = await self._grouped(
            "SELECT zio.zaak_uuid, d.uuid, d.titel, d.bestandsnaam, d.bestandsomvang, d.formaat, "
            "zio.registratiedatum FROM zaakinformatieobject zio JOIN enkelvoudiginformatieobject d "
            "ON d.uuid = zio.informatieobject_uuid WHERE zio.zaak_uuid IN ?* AND d.status IN "
            "('definitief', 'gearchiveerd') AND d.vertrouwelijkheidaanduiding = 'openbaar' "
            "ORDER BY zio.registratiedatum, zio.uuid",
            uuids,
        )
        inhoud = self.base + "/documenten/{}/inhoud"
        nodes = [
            {
                "identificatie": z["identificatie"],
                "omschrijving": z["omschrijving"],
                "startdatum": iso_date(z["startdatum"]),
                "einddatum": iso_date(z["einddatum"]),
                "uiterlijkeEinddatumAfdoening": iso_date(z["uiterlijke_einddatum_afdoening"]),
                "zaaktype": {"omschrijving": z["zt_omschrijving"], "onderwerp": z["zt_onderwerp"]},
                "statussen": [
                    {
                        "datumStatusGezet": iso_datetime(s["datum_status_gezet"]),
                        "statustype": {
                            "statustekst": s["statustekst"],
                            "volgnummer": s["volgnummer"],
                            "isEindstatus": bool(s["eind"]),
                        },
                    }
                    for s in statussen.get(z["uuid"], ())
                ],
                "documenten": [
                    {
                        "titel": d["titel"],
                        "bestandsnaam": d["bestandsnaam"],
                        "bestandsomvang": d["bestandsomvang"],
                        "formaat": d["formaat"],
                        "registratiedatum": iso_datetime(d["registratiedatum"]),
                        "inhoud": inhoud.format(d["uuid"])
                        if d["bestandsomvang"] is not None
                        else None,
                    }
                    for d in documenten.get(z["uuid"], ())
                ],
            }
            for z in zaken
        ]
        return orjson.dumps({"data": {"zaken": {"nodes": nodes}}})

    # --- KCC search by BSN -----------------------------------------------------------------

    async def kcc_zoek_bsn(self, who: dict[str, Any], variables: dict[str, Any]) -> bytes:
        where = (
            f"z.zaaktype_uuid IN ({EXTERN}) AND z.vertrouwelijkheidaanduiding IN ?* AND z.uuid IN "
            "(SELECT r.zaak_uuid FROM rol r WHERE r.inp_bsn = ?)"
        )
        bsn = variables["bsn"]
        zaken = await self.db.fetch(
            "SELECT z.uuid, z.identificatie, z.omschrijving, z.startdatum, z.einddatum, "
            "zt.omschrijving AS zt_omschrijving, s.datum_status_gezet, st.statustekst "
            "FROM zaak z JOIN zaaktype zt ON zt.uuid = z.zaaktype_uuid "
            "LEFT JOIN status s ON s.uuid = z.status_uuid "
            "LEFT JOIN statustype st ON st.uuid = s.statustype_uuid "
            f"WHERE {where} ORDER BY z.startdatum DESC, z.identificatie DESC LIMIT 20",
            UP_TO_BEPERKT,
            bsn,
        )
        total = (
            await self.db.fetch(
                f"SELECT count(*) AS n FROM zaak z WHERE {where}", UP_TO_BEPERKT, bsn
            )
        )[0]["n"]
        uuids = [z["uuid"] for z in zaken]
        rollen = await self._grouped(
            "SELECT zaak_uuid, omschrijving_generiek, betrokkene_identificatie, "
            "afwijkende_naam_betrokkene FROM rol WHERE zaak_uuid IN ?* AND omschrijving_generiek "
            "IN ('initiator', 'behandelaar') ORDER BY registratiedatum, uuid",
            uuids,
        )
        contacten = await self._grouped(
            "SELECT o.object_id AS zaak_uuid, k.nummer, k.kanaal, k.onderwerp, k.plaatsgevonden_op "
            "FROM klantcontact k JOIN onderwerpobject o ON o.klantcontact_uuid = k.uuid "
            "WHERE o.code_objecttype IN ?* AND o.object_id IN ?* "
            "ORDER BY k.plaatsgevonden_op, k.uuid",
            ZAAK_OBJECTTYPES,
            uuids,
        )
        nodes = [
            {
                "identificatie": z["identificatie"],
                "omschrijving": z["omschrijving"],
                "startdatum": iso_date(z["startdatum"]),
                "einddatum": iso_date(z["einddatum"]),
                "zaaktype": {"omschrijving": z["zt_omschrijving"]},
                "status": {
                    "datumStatusGezet": iso_datetime(z["datum_status_gezet"]),
                    "statustype": {"statustekst": z["statustekst"]},
                }
                if z["datum_status_gezet"] is not None
                else None,
                "rollen": [
                    {
                        "omschrijvingGeneriek": r["omschrijving_generiek"].upper(),
                        "naam": self._naam(
                            r["betrokkene_identificatie"], r["afwijkende_naam_betrokkene"]
                        ),
                    }
                    for r in rollen.get(z["uuid"], ())
                ],
                "klantcontacten": [
                    {
                        "nummer": k["nummer"],
                        "kanaal": k["kanaal"],
                        "onderwerp": k["onderwerp"],
                        "plaatsgevondenOp": iso_datetime(k["plaatsgevonden_op"]),
                    }
                    for k in contacten.get(z["uuid"], ())
                ],
            }
            for z in zaken
        ]
        return orjson.dumps({"data": {"zaken": {"totalCount": total, "nodes": nodes}}})

    # --- behandelaar list of zaken -------------------------------------------------------

    async def werkvoorraad(self, who: dict[str, Any], variables: dict[str, Any]) -> bytes:
        first = variables["first"]
        zaken = await self.db.fetch(
            "SELECT z.uuid, z.identificatie, z.omschrijving, z.startdatum, z.einddatum_gepland, "
            "z.vertrouwelijkheidaanduiding, zt.identificatie AS zt_identificatie, "
            "zt.omschrijving AS zt_omschrijving, s.datum_status_gezet, st.omschrijving AS "
            "st_omschrijving, st.volgnummer FROM zaak z JOIN zaaktype zt ON zt.uuid = "
            "z.zaaktype_uuid LEFT JOIN status s ON s.uuid = z.status_uuid LEFT JOIN statustype st "
            "ON st.uuid = s.statustype_uuid WHERE z.vertrouwelijkheidaanduiding IN ?* AND "
            "z.einddatum IS NULL ORDER BY z.startdatum DESC, z.identificatie DESC LIMIT ?",
            UP_TO_ZAAKVERTROUWELIJK,
            first + 1,
        )
        has_next = len(zaken) > first
        zaken = zaken[:first]
        rollen = await self._grouped(
            "SELECT zaak_uuid, omschrijving_generiek, betrokkene_type, betrokkene_identificatie, "
            "afwijkende_naam_betrokkene FROM rol WHERE zaak_uuid IN ?* "
            "ORDER BY registratiedatum, uuid",
            [z["uuid"] for z in zaken],
        )
        end = (
            base64.urlsafe_b64encode(f"v1:{len(zaken) - 1}".encode()).decode().rstrip("=")
            if zaken
            else None
        )
        nodes = [
            {
                "identificatie": z["identificatie"],
                "omschrijving": z["omschrijving"],
                "startdatum": iso_date(z["startdatum"]),
                "einddatumGepland": iso_date(z["einddatum_gepland"]),
                "vertrouwelijkheidaanduiding": z["vertrouwelijkheidaanduiding"].upper(),
                "zaaktype": {
                    "identificatie": z["zt_identificatie"],
                    "omschrijving": z["zt_omschrijving"],
                },
                "status": {
                    "datumStatusGezet": iso_datetime(z["datum_status_gezet"]),
                    "statustype": {
                        "omschrijving": z["st_omschrijving"],
                        "volgnummer": z["volgnummer"],
                    },
                }
                if z["datum_status_gezet"] is not None
                else None,
                "rollen": [
                    {
                        "omschrijvingGeneriek": r["omschrijving_generiek"].upper(),
                        "betrokkeneType": r["betrokkene_type"].upper(),
                        "naam": self._naam(
                            r["betrokkene_identificatie"], r["afwijkende_naam_betrokkene"]
                        ),
                    }
                    for r in rollen.get(z["uuid"], ())
                ],
            }
            for z in zaken
        ]
        page_info = {"hasNextPage": has_next, "endCursor": end}
        return orjson.dumps({"data": {"zaken": {"pageInfo": page_info, "nodes": nodes}}})

    # --- behandelaar zaak detail: see bench.baseline_detail -----------------------------

    async def zaak_detail(self, who: dict[str, Any], variables: dict[str, Any]) -> bytes:
        from bench.baseline_detail import zaak_detail

        return await zaak_detail(self, variables["identificatie"])


async def draw_variables(db: Db, kind: str, count: int) -> list[dict[str, Any]]:
    """Variable sets drawn from the data, spread evenly over it (deterministic)."""
    if kind == "identificaties":
        rows: Sequence[Row] = await db.fetch(
            "SELECT identificatie FROM zaak WHERE vertrouwelijkheidaanduiding IN ?* "
            "ORDER BY identificatie",
            UP_TO_ZAAKVERTROUWELIJK,
        )
        step = max(1, len(rows) // count)
        return [{"identificatie": r["identificatie"]} for r in rows[::step][:count]]
    if kind == "bsns":
        rows = await db.fetch(
            "SELECT DISTINCT inp_bsn FROM rol WHERE inp_bsn IS NOT NULL ORDER BY inp_bsn"
        )
        step = max(1, len(rows) // count)
        return [{"bsn": r["inp_bsn"]} for r in rows[::step][:count]]
    raise ValueError(kind)
