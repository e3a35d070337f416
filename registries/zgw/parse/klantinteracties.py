"""Klantinteracties API (Open Klant 2) JSON -> Klantcontact with its betrokkenen and
onderwerpobjecten.

A klantcontact is read with ``expand=hadBetrokkenen,hadBetrokkenen.wasPartij,
gingOverOnderwerpobjecten``: the betrokkenen arrive in ``_expand.hadBetrokkenen``, each with its
partij (and so its partij-identificatoren: BSN, KvK-nummer, ...) in its own
``_expand.wasPartij``; relations are ``{uuid, url}`` objects, not bare URLs.
"""

from __future__ import annotations

from typing import Any

from registries import models as m
from registries.zgw.parse import (
    Json,
    lijst,
    tekst,
    tijdstip_verplicht,
    uitgebreid,
    uuid_van,
    verplicht,
)

__all__ = ["EXPAND", "klantcontact", "onvolledig", "uitgebreid"]

EXPAND = ("hadBetrokkenen", "hadBetrokkenen.wasPartij", "gingOverOnderwerpobjecten")


def _fk_url(value: Any) -> str:
    if isinstance(value, dict):
        return tekst(value.get("url"))
    return tekst(value)


def partij_identificatoren(partij: Json | None) -> list[m.PartijIdentificator]:
    if not isinstance(partij, dict):
        return []
    found = []
    for item in lijst(partij.get("partijIdentificatoren")):
        groep = item.get("partijIdentificator") if isinstance(item, dict) else None
        if not isinstance(groep, dict) or not groep.get("objectId"):
            continue
        found.append(
            m.PartijIdentificator(
                code_objecttype=tekst(groep.get("codeObjecttype")),
                code_soort_object_id=tekst(groep.get("codeSoortObjectId")),
                object_id=str(groep["objectId"]),
                code_register=tekst(groep.get("codeRegister")),
            )
        )
    return found


def betrokkene(d: Json, klantcontact_url: str) -> m.KlantcontactBetrokkene:
    return m.KlantcontactBetrokkene(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        klantcontact=_fk_url(d.get("hadKlantcontact")) or klantcontact_url,
        rol=tekst(d.get("rol")),
        volledige_naam=tekst(d.get("volledigeNaam")),
        organisatienaam=tekst(d.get("organisatienaam")),
        initiator=bool(d.get("initiator")),
        partij_identificatoren=partij_identificatoren(uitgebreid(d, "wasPartij")),
    )


def onderwerpobject(d: Json, klantcontact_url: str) -> m.Onderwerpobject:
    ident = d.get("onderwerpobjectidentificator") or {}
    return m.Onderwerpobject(
        url=str(verplicht(d, "url")),
        uuid=uuid_van(d),
        klantcontact=_fk_url(d.get("klantcontact")) or klantcontact_url,
        code_objecttype=tekst(ident.get("codeObjecttype")),
        code_register=tekst(ident.get("codeRegister")),
        code_soort_object_id=tekst(ident.get("codeSoortObjectId")),
        object_id=tekst(ident.get("objectId")),
    )


def onvolledig(d: Json) -> bool:
    """True when the expansion the parser relies on is missing (an older Open Klant)."""
    if lijst(d.get("hadBetrokkenen")) and uitgebreid(d, "hadBetrokkenen") is None:
        return True
    if (
        lijst(d.get("gingOverOnderwerpobjecten"))
        and uitgebreid(d, "gingOverOnderwerpobjecten") is None
    ):
        return True
    return any(
        isinstance(b, dict) and b.get("wasPartij") and uitgebreid(b, "wasPartij") is None
        for b in lijst(uitgebreid(d, "hadBetrokkenen"))
    )


def klantcontact(d: Json) -> m.Klantcontact:
    url = str(verplicht(d, "url"))
    gelukt = d.get("indicatieContactGelukt")
    return m.Klantcontact(
        url=url,
        uuid=uuid_van(d),
        nummer=tekst(d.get("referentienummer") or d.get("nummer")),
        kanaal=tekst(d.get("kanaal")),
        onderwerp=tekst(d.get("onderwerp")),
        inhoud=tekst(d.get("inhoud")),
        indicatie_contact_gelukt=bool(gelukt) if gelukt is not None else None,
        taal=tekst(d.get("taal")) or "nld",
        vertrouwelijk=bool(d.get("vertrouwelijk")),
        plaatsgevonden_op=tijdstip_verplicht(d, "plaatsgevondenOp"),
        # ordered by uuid, as the embedded store does (the API's order is unspecified)
        betrokkenen=sorted(
            (
                betrokkene(b, url)
                for b in lijst(uitgebreid(d, "hadBetrokkenen"))
                if isinstance(b, dict)
            ),
            key=lambda b: b.uuid,
        ),
        onderwerpobjecten=sorted(
            (
                onderwerpobject(o, url)
                for o in lijst(uitgebreid(d, "gingOverOnderwerpobjecten"))
                if isinstance(o, dict)
            ),
            key=lambda o: o.uuid,
        ),
    )
