"""The write side's request bodies: `registries.writes` objects -> ZGW JSON (Zaken 1.5.1 and
Documenten 1.4 as Open Zaak takes them, Klantinteracties 0.9 as Open Klant 2 takes them).

Empty optional values are left out rather than sent as "" (Open Zaak validates patterns such as
``inpA_nummer`` on whatever is sent)."""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

from registries import models as m
from registries.betrokkene_json import identificatie_naar_json
from registries.writes import (
    DocumentWijziging,
    NieuwDocument,
    NieuweInterneTaak,
    NieuweKlantcontactBetrokkene,
    NieuweRol,
    NieuweStatus,
    NieuweZaak,
    NieuwKlantcontact,
    NieuwResultaat,
    ZaakWijziging,
)

Json = dict[str, Any]


def _datum(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _tijd(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _zonder_leeg(d: Json) -> Json:
    return {k: v for k, v in d.items() if v not in ("", None, [])}


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


# --- Zaken ----------------------------------------------------------------------------------------


def zaak(z: NieuweZaak, *, openzaak: bool) -> Json:
    body: Json = {
        "identificatie": z.identificatie,
        "bronorganisatie": z.bronorganisatie,
        "omschrijving": z.omschrijving,
        "toelichting": z.toelichting,
        "zaaktype": z.zaaktype,
        "registratiedatum": _datum(z.registratiedatum),
        "verantwoordelijkeOrganisatie": z.verantwoordelijke_organisatie,
        "startdatum": _datum(z.startdatum),
        "einddatumGepland": _datum(z.einddatum_gepland),
        "uiterlijkeEinddatumAfdoening": _datum(z.uiterlijke_einddatum_afdoening),
        "vertrouwelijkheidaanduiding": z.vertrouwelijkheidaanduiding.value,
        "hoofdzaak": z.hoofdzaak,
        "kenmerken": [{"kenmerk": k.kenmerk, "bron": k.bron} for k in z.kenmerken],
    }
    # the Zaken API's communicatiekanaal is a URL (VNG-Referentielijst); a name such as
    # "webformulier" goes into Open Zaak's communicatiekanaalNaam
    if is_url(z.communicatiekanaal):
        body["communicatiekanaal"] = z.communicatiekanaal
    elif z.communicatiekanaal and openzaak:
        body["communicatiekanaalNaam"] = z.communicatiekanaal
    return _zonder_leeg(body) | {"toelichting": z.toelichting}


#: ZaakWijziging fields that the Zaken API lets a client PATCH (einddatum is read-only: Open
#: Zaak sets it from the eindstatus, and clears it when a zaak is reopened)
def zaak_wijziging(w: ZaakWijziging) -> Json:
    body: Json = {}
    for name, value in w.velden().items():
        if name == "omschrijving":
            body["omschrijving"] = value
        elif name == "toelichting":
            body["toelichting"] = value
        elif name == "einddatum_gepland":
            body["einddatumGepland"] = _datum(value)
        elif name == "uiterlijke_einddatum_afdoening":
            body["uiterlijkeEinddatumAfdoening"] = _datum(value)
        elif name == "vertrouwelijkheidaanduiding":
            body["vertrouwelijkheidaanduiding"] = value.value
        elif name == "opschorting":
            body["opschorting"] = (
                {"indicatie": value.indicatie, "reden": value.reden}
                if value is not None
                else {"indicatie": False, "reden": ""}
            )
        elif name == "verlenging":
            body["verlenging"] = (
                {"reden": value.reden, "duur": value.duur} if value is not None else None
            )
    return body


def betrokkene_identificatie(soort: m.BetrokkeneType, ident: m.BetrokkeneIdentificatie) -> Json:
    return _zonder_leeg(identificatie_naar_json(soort, ident) or {})


def rol(zaak_url: str, r: NieuweRol) -> Json:
    body: Json = {
        "zaak": zaak_url,
        "betrokkeneType": r.betrokkene_type.value,
        "roltype": r.roltype,
        "roltoelichting": r.roltoelichting,
        "betrokkeneIdentificatie": betrokkene_identificatie(
            r.betrokkene_type, r.betrokkene_identificatie
        ),
    }
    if r.contactpersoon_rol is not None:
        c = r.contactpersoon_rol
        body["contactpersoonRol"] = _zonder_leeg(
            {
                "emailadres": c.emailadres,
                "functie": c.functie,
                "telefoonnummer": c.telefoonnummer,
                "naam": c.naam,
            }
        )
    return body


def status(zaak_url: str, s: NieuweStatus) -> Json:
    return {
        "zaak": zaak_url,
        "statustype": s.statustype,
        "datumStatusGezet": _tijd(s.datum_status_gezet),
        "statustoelichting": s.statustoelichting,
    }


def resultaat(zaak_url: str, r: NieuwResultaat) -> Json:
    return {"zaak": zaak_url, "resultaattype": r.resultaattype, "toelichting": r.toelichting}


def zaakinformatieobject(zaak_url: str, document: str, titel: str, beschrijving: str) -> Json:
    return _zonder_leeg(
        {
            "zaak": zaak_url,
            "informatieobject": document,
            "titel": titel,
            "beschrijving": beschrijving,
        }
    )


# --- Documenten -----------------------------------------------------------------------------------


def document(d: NieuwDocument, inhoud: bytes | None, omvang: int) -> Json:
    """The EnkelvoudigInformatieObject to create: with the content base64 inline, or (`inhoud`
    None) announcing `omvang` bytes that follow in bestandsdelen."""
    body: Json = {
        "identificatie": d.identificatie,
        "bronorganisatie": d.bronorganisatie,
        "creatiedatum": _datum(d.creatiedatum),
        "titel": d.titel,
        "vertrouwelijkheidaanduiding": d.vertrouwelijkheidaanduiding.value,
        "auteur": d.auteur,
        "status": d.status.value if d.status is not None else None,
        "formaat": d.formaat,
        "taal": d.taal,
        "bestandsnaam": d.bestandsnaam,
        "beschrijving": d.beschrijving,
        "ontvangstdatum": _datum(d.ontvangstdatum),
        "verzenddatum": _datum(d.verzenddatum),
        "informatieobjecttype": d.informatieobjecttype,
        "trefwoorden": list(d.trefwoorden),
    }
    body = _zonder_leeg(body)
    body["bestandsomvang"] = omvang
    body["inhoud"] = base64.b64encode(inhoud).decode("ascii") if inhoud is not None else None
    return body


def document_wijziging(w: DocumentWijziging, lock: str) -> Json:
    body: Json = {"lock": lock}
    for name, value in w.velden().items():
        if name in ("vertrouwelijkheidaanduiding", "status"):
            body[name] = value.value if value is not None else ""
        elif name in ("ontvangstdatum", "verzenddatum"):
            body[name] = _datum(value)
        elif name == "trefwoorden":
            body[name] = list(value)
        else:
            body[name] = value
    return body


# --- Klantinteracties -----------------------------------------------------------------------------


def fk(url: str) -> Json:
    """An Open Klant foreign key: ``{"uuid": ...}`` (Open Klant looks objects up by uuid)."""
    return {"uuid": url.rstrip("/").rsplit("/", 1)[-1]}


def klantcontact(k: NieuwKlantcontact) -> Json:
    return {
        "kanaal": k.kanaal,
        "onderwerp": k.onderwerp,
        "inhoud": k.inhoud,
        "indicatieContactGelukt": k.indicatie_contact_gelukt,
        "taal": k.taal,
        "vertrouwelijk": k.vertrouwelijk,
        "plaatsgevondenOp": _tijd(k.plaatsgevonden_op),
    }


def partij(b: NieuweKlantcontactBetrokkene) -> Json:
    """A partij for a betrokkene that Open Klant does not know yet, with its identificatoren."""
    persoon = any(p.code_objecttype == "natuurlijk_persoon" for p in b.partij_identificatoren)
    naam = b.volledige_naam or b.organisatienaam
    return {
        "soortPartij": "persoon" if persoon else "organisatie",
        "indicatieActief": True,
        "digitaleAdressen": [],
        "rekeningnummers": [],
        "partijIdentificatie": (
            {"contactnaam": {"achternaam": naam[:200]}} if persoon else {"naam": naam[:200]}
        ),
        "partijIdentificatoren": [
            {
                "partijIdentificator": {
                    "codeObjecttype": p.code_objecttype,
                    "codeSoortObjectId": p.code_soort_object_id,
                    "objectId": p.object_id,
                    "codeRegister": p.code_register,
                }
            }
            for p in b.partij_identificatoren
        ],
    }


def betrokkene(klantcontact_url: str, b: NieuweKlantcontactBetrokkene, partij: str | None) -> Json:
    return {
        "hadKlantcontact": fk(klantcontact_url),
        "wasPartij": fk(partij) if partij else None,
        "rol": b.rol,
        # volledigeNaam is read-only: Open Klant composes it from the contactnaam
        "contactnaam": {"achternaam": b.volledige_naam[:200]} if b.volledige_naam else None,
        "organisatienaam": b.organisatienaam,
        "initiator": b.initiator,
    }


def onderwerpobject(klantcontact_url: str, zaak_uuid: str) -> Json:
    return {
        "klantcontact": fk(klantcontact_url),
        "wasKlantcontact": None,
        "onderwerpobjectidentificator": {
            "objectId": zaak_uuid,
            "codeObjecttype": "zgw-Zaak",
            "codeRegister": "openzaak",
            "codeSoortObjectId": "uuid",
        },
    }


def interne_taak(t: NieuweInterneTaak) -> Json:
    return {
        "gevraagdeHandeling": t.gevraagde_handeling[:200],
        "aanleidinggevendKlantcontact": fk(t.klantcontact),
        "toelichting": t.toelichting,
        "status": "te_verwerken",
    }
