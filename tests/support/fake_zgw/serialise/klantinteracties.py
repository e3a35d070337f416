"""Klantinteracties API (Open Klant 2) objects: klantcontacten, betrokkenen, partijen,
onderwerpobjecten."""

from __future__ import annotations

import uuid as uuidlib

from registries import models as m
from tests.support.fake_zgw.serialise.velden import Json, fk, tijd

# --- Klantinteracties -------------------------------------------------------------------------


def partij_uuid(ids: list[m.PartijIdentificator]) -> str:
    sleutel = "|".join(sorted(f"{p.code_soort_object_id}:{p.object_id}" for p in ids))
    return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, "partij:" + sleutel))


def partij(url: str, ids: list[m.PartijIdentificator], betrokkenen: list[str], naam: str) -> Json:
    persoon = any(p.code_objecttype == "natuurlijk_persoon" for p in ids)
    return {
        "uuid": fk(url)["uuid"],
        "url": url,
        "nummer": None,
        "interneNotitie": "",
        "betrokkenen": [fk(b) for b in betrokkenen],
        "categorieRelaties": [],
        "digitaleAdressen": [],
        "voorkeursDigitaalAdres": None,
        "vertegenwoordigden": [],
        "rekeningnummers": [],
        "voorkeursRekeningnummer": None,
        "partijIdentificatoren": [
            {
                "uuid": str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, f"{url}#{p.object_id}")),
                "url": f"{url.split('/partijen/')[0]}/partij-identificatoren/"
                + str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, f"{url}#{p.object_id}")),
                "identificeerdePartij": fk(url),
                "anderePartijIdentificator": "",
                "partijIdentificator": {
                    "codeObjecttype": p.code_objecttype,
                    "codeSoortObjectId": p.code_soort_object_id,
                    "objectId": p.object_id,
                    "codeRegister": p.code_register,
                },
                "subIdentificatorVan": None,
            }
            for p in ids
        ],
        "soortPartij": "persoon" if persoon else "organisatie",
        "indicatieGeheimhouding": False,
        "voorkeurstaal": "nld",
        "indicatieActief": True,
        "bezoekadres": None,
        "correspondentieadres": None,
        "partijIdentificatie": (
            {
                "contactnaam": {
                    "voorletters": "",
                    "voornaam": "",
                    "voorvoegselAchternaam": "",
                    "achternaam": naam,
                },
                "volledigeNaam": naam,
            }
            if persoon
            else {"naam": naam}
        ),
    }


def betrokkene(b: m.KlantcontactBetrokkene, partij_url: str | None) -> Json:
    return {
        "uuid": b.uuid,
        "url": b.url,
        "wasPartij": fk(partij_url) if partij_url else None,
        "hadKlantcontact": fk(b.klantcontact),
        "digitaleAdressen": [],
        "bezoekadres": None,
        "correspondentieadres": None,
        "contactnaam": None,
        "volledigeNaam": b.volledige_naam,
        "rol": b.rol,
        "organisatienaam": b.organisatienaam,
        "initiator": b.initiator,
    }


def onderwerpobject(o: m.Onderwerpobject) -> Json:
    return {
        "uuid": o.uuid,
        "url": o.url,
        "klantcontact": fk(o.klantcontact),
        "wasKlantcontact": None,
        "onderwerpobjectidentificator": {
            "objectId": o.object_id,
            "codeObjecttype": o.code_objecttype,
            "codeRegister": o.code_register,
            "codeSoortObjectId": o.code_soort_object_id,
        },
    }


def klantcontact(k: m.Klantcontact) -> Json:
    return {
        "uuid": k.uuid,
        "url": k.url,
        "gingOverOnderwerpobjecten": [fk(o.url) for o in k.onderwerpobjecten],
        "hadBetrokkenActoren": [],
        "omvatteBijlagen": [],
        "hadBetrokkenen": [fk(b.url) for b in k.betrokkenen],
        "leiddeTotInterneTaken": [],
        "nummer": k.nummer,
        "referentienummer": k.nummer,
        "kanaal": k.kanaal,
        "onderwerp": k.onderwerp,
        "inhoud": k.inhoud,
        "reactie": "",
        "indicatieContactGelukt": k.indicatie_contact_gelukt,
        "taal": k.taal,
        "vertrouwelijk": k.vertrouwelijk,
        "plaatsgevondenOp": tijd(k.plaatsgevonden_op),
    }
