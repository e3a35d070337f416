"""The rows of the write baseline (`bench.baseline_write`): what `dienAanvraagIn` inserts after
taking a zaaknummer, as plain SQL statements with `?` placeholders, values as each driver wants
them (`Schrijver`)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

INITIATOR = "initiator"
#: as registries/sql/notificaties.py
CHANNEL = "zgw_notificaties"
ADVISORY_LOCK = 7_302_114_055
Statements = list[tuple[str, Sequence[Any]]]
#: builds the rest of the transaction from the first statement's row (the new zaaknummer)
Rest = Callable[[Any], Statements]


@dataclass(frozen=True)
class Catalogus:
    """What the aanvraag needs of the catalogus, read once."""

    zaaktype: str
    catalogus: str
    rsin: str
    omschrijving: str
    onderwerp: str
    vertrouwelijkheid: str
    doorlooptijd_dagen: int | None
    roltype: str
    roltype_omschrijving: str
    statustype: str
    #: (uuid, vertrouwelijkheidaanduiding) of the incoming informatieobjecttypen, in order
    inkomend: tuple[tuple[str, str], ...]
    #: eigenschap naam -> uuid
    eigenschappen: dict[str, str]


@dataclass(frozen=True)
class Aanvraag:
    """One submission, as the baseline endpoint receives it."""

    bsn: str
    sleutel: str
    gegevens: dict[str, Any]
    omschrijving: str | None
    kanaal: str
    bijlage_naam: str
    bijlage_type: str
    bijlage: bytes


class Schrijver:
    """One backend's SQL execution: `?` placeholders, values as the driver wants them."""

    pg: bool

    def ts(self, value: datetime) -> Any:
        return value if self.pg else value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")

    def day(self, value: date | None) -> Any:
        return value if self.pg or value is None else value.isoformat()

    @staticmethod
    def json(value: Any) -> str:
        return json.dumps(value)


def rijen(
    db: Schrijver,
    cat: Catalogus,
    base: str,
    a: Aanvraag,
    zaak: str,
    identificatie: str,
    nu: datetime,
    pdf: bytes,
) -> Statements:
    """The inserts after the counter, in the gateway's order."""
    vandaag = nu.date()
    ts, day = db.ts(nu), db.day(vandaag)
    eind = (
        vandaag + timedelta(days=cat.doorlooptijd_dagen)
        if cat.doorlooptijd_dagen is not None
        else None
    )
    zaak_url = f"{base}/zaken/api/v1/zaken/{zaak}"
    zaaktype_url = f"{base}/catalogi/api/v1/zaaktypen/{cat.zaaktype}"
    catalogus_url = f"{base}/catalogi/api/v1/catalogussen/{cat.catalogus}"
    zaak_kenmerken = db.json(
        {
            "bronorganisatie": cat.rsin,
            "zaaktype": zaaktype_url,
            "zaaktype.catalogus": catalogus_url,
            "vertrouwelijkheidaanduiding": cat.vertrouwelijkheid,
        }
    )
    notificaties: list[tuple[Any, ...]] = []

    def meld(kanaal: str, hoofd: str, resource: str, url: str, kenmerken: str) -> None:
        notificaties.append((kanaal, hoofd, resource, url, "create", ts, kenmerken, "gateway", ts))

    def zaak_melding(resource: str, pad: str, id_: str) -> None:
        meld("zaken", zaak_url, resource, f"{base}/zaken/api/v1/{pad}/{id_}", zaak_kenmerken)

    rol, status = str(uuid.uuid4()), str(uuid.uuid4())
    out: Statements = [
        (
            "INSERT INTO idempotentie (subject, sleutel, soort, vingerafdruk, resultaat, "
            "aangemaakt) VALUES (?, ?, ?, ?, ?, ?)",
            [
                a.bsn,
                a.sleutel,
                "dienAanvraagIn",
                "",
                db.json({"zaak": zaak_url, "identificatie": identificatie}),
                ts,
            ],
        ),
        (
            "INSERT INTO zaak (uuid, identificatie, bronorganisatie, omschrijving, toelichting, "
            "zaaktype_uuid, registratiedatum, verantwoordelijke_organisatie, startdatum, "
            "einddatum_gepland, communicatiekanaal, vertrouwelijkheidaanduiding, archiefstatus, "
            "opschorting_indicatie, opschorting_reden, verlenging_reden, kenmerken, "
            "laatst_gewijzigd) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, 'nog_te_archiveren', "
            "?, '', '', ?, ?)",
            [
                zaak,
                identificatie,
                cat.rsin,
                (a.omschrijving or cat.omschrijving)[:80],
                cat.zaaktype,
                day,
                cat.rsin,
                day,
                db.day(eind),
                a.kanaal,
                cat.vertrouwelijkheid,
                False,
                db.json([{"kenmerk": a.sleutel[:40], "bron": a.kanaal[:40]}]),
                ts,
            ],
        ),
        (
            "INSERT INTO rol (uuid, zaak_uuid, betrokkene, betrokkene_type, roltype_uuid, "
            "omschrijving, omschrijving_generiek, roltoelichting, registratiedatum, "
            "indicatie_machtiging, afwijkende_naam_betrokkene, betrokkene_identificatie, "
            "contactpersoon_rol, inp_bsn) VALUES (?, ?, '', 'natuurlijk_persoon', ?, ?, ?, ?, ?, "
            "'', '', ?, 'null', ?)",
            [
                rol,
                zaak,
                cat.roltype,
                cat.roltype_omschrijving,
                INITIATOR,
                f"Indiener via {a.kanaal}",
                ts,
                db.json({"inpBsn": a.bsn}),
                a.bsn,
            ],
        ),
    ]
    zaak_melding("zaak", "zaken", zaak)
    zaak_melding("rol", "rollen", rol)
    summary_type = cat.inkomend[0]
    bijlage_type = cat.inkomend[1] if len(cat.inkomend) > 1 else cat.inkomend[0]
    titel = f"Aanvraag {cat.onderwerp or cat.omschrijving}"[:200]
    documenten = (
        (
            summary_type,
            f"{identificatie}-AANVRAAG",
            titel,
            "application/pdf",
            f"aanvraag-{identificatie}.pdf",
            pdf,
        ),
        (
            bijlage_type,
            f"{identificatie}-BIJLAGE-1",
            a.bijlage_naam[:200],
            a.bijlage_type,
            a.bijlage_naam,
            a.bijlage,
        ),
    )
    for (iot, vertrouwelijk), ident, doc_titel, formaat, naam, inhoud in documenten:
        doc, zio = str(uuid.uuid4()), str(uuid.uuid4())
        doc_url = f"{base}/documenten/api/v1/enkelvoudiginformatieobjecten/{doc}"
        out += [
            (
                "INSERT INTO enkelvoudiginformatieobject (uuid, identificatie, bronorganisatie, "
                "creatiedatum, titel, vertrouwelijkheidaanduiding, auteur, status, formaat, taal, "
                "versie, begin_registratie, bestandsnaam, bestandsomvang, link, beschrijving, "
                "indicatie_gebruiksrecht, informatieobjecttype_uuid, lock, trefwoorden) VALUES "
                "(?, ?, ?, ?, ?, ?, 'Aanvrager', 'definitief', ?, 'nld', 1, ?, ?, ?, '', '', ?, ?, "
                "'', '[]')",
                [
                    doc,
                    ident,
                    cat.rsin,
                    day,
                    doc_titel,
                    vertrouwelijk,
                    formaat,
                    ts,
                    naam,
                    len(inhoud),
                    False,
                    iot,
                ],
            ),
            (
                "INSERT INTO document_inhoud (document_uuid, volgnummer, data) VALUES (?, 0, ?)",
                [doc, inhoud],
            ),
            (
                "INSERT INTO zaakinformatieobject (uuid, zaak_uuid, informatieobject_uuid, "
                "aard_relatie_weergave, titel, beschrijving, registratiedatum) VALUES "
                "(?, ?, ?, 'Hoort bij, omgekeerd: kent', '', '', ?)",
                [zio, zaak, doc, ts],
            ),
        ]
        doc_kenmerken = db.json(
            {
                "bronorganisatie": cat.rsin,
                "informatieobjecttype": f"{base}/catalogi/api/v1/informatieobjecttypen/{iot}",
                "informatieobjecttype.catalogus": catalogus_url,
                "vertrouwelijkheidaanduiding": vertrouwelijk,
            }
        )
        meld("documenten", doc_url, "enkelvoudiginformatieobject", doc_url, doc_kenmerken)
        zaak_melding("zaakinformatieobject", "zaakinformatieobjecten", zio)
    for naam, eigenschap in cat.eigenschappen.items():
        if naam in a.gegevens:
            value = a.gegevens[naam]
            ze = str(uuid.uuid4())
            out.append(
                (
                    "INSERT INTO zaakeigenschap (uuid, zaak_uuid, eigenschap_uuid, naam, waarde) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [
                        ze,
                        zaak,
                        eigenschap,
                        naam,
                        value if isinstance(value, str) else db.json(value),
                    ],
                )
            )
            zaak_melding("zaakeigenschap", "zaakeigenschappen", ze)
    out += [
        (
            "INSERT INTO status (uuid, zaak_uuid, statustype_uuid, datum_status_gezet, "
            "statustoelichting) VALUES (?, ?, ?, ?, 'Aanvraag ontvangen')",
            [status, zaak, cat.statustype, ts],
        ),
        ("UPDATE zaak SET status_uuid = ? WHERE uuid = ?", [status, zaak]),
    ]
    zaak_melding("status", "statussen", status)
    if db.pg:  # the event log's order: appends are serialised, as the gateway does
        out.append(("SELECT pg_advisory_xact_lock(?)", [ADVISORY_LOCK]))
    out.append(
        (
            "INSERT INTO notificatie (kanaal, hoofd_object, resource, resource_url, actie, "
            "aanmaakdatum, kenmerken, bron, geregistreerd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            notificaties,
        )
    )
    if db.pg:  # wake the listeners (the payload is the highest new id)
        out.append(("SELECT pg_notify(?, (SELECT max(id) FROM notificatie)::text)", [CHANNEL]))
    return out
