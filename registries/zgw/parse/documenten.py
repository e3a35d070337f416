"""Documenten API JSON -> EnkelvoudigInformatieObject.

`inhoud` is not the Documenten API's download URL (clients hold no Open Zaak credentials) but the
gateway's own download endpoint, as in the embedded store: ``{base}/documenten/{uuid}/inhoud``.
"""

from __future__ import annotations

from registries import models as m
from registries.zgw.parse import (
    Json,
    Onleesbaar,
    datum,
    datum_verplicht,
    keuze,
    lijst,
    tekst,
    tijdstip_verplicht,
    uuid_uit_url,
    verplicht,
)


def document(d: Json, inhoud_base_url: str) -> m.EnkelvoudigInformatieObject:
    url = str(verplicht(d, "url"))
    uuid = uuid_uit_url(url)  # an EnkelvoudigInformatieObject has no uuid field
    vertrouwelijkheid = keuze(m.Vertrouwelijkheid, d.get("vertrouwelijkheidaanduiding"))
    if vertrouwelijkheid is None:
        raise Onleesbaar("unknown vertrouwelijkheidaanduiding")
    omvang = d.get("bestandsomvang")
    gebruiksrecht = d.get("indicatieGebruiksrecht")
    return m.EnkelvoudigInformatieObject(
        url=url,
        uuid=uuid,
        identificatie=tekst(d.get("identificatie")),
        bronorganisatie=tekst(d.get("bronorganisatie")),
        creatiedatum=datum_verplicht(d, "creatiedatum"),
        titel=tekst(d.get("titel")),
        vertrouwelijkheidaanduiding=vertrouwelijkheid,
        auteur=tekst(d.get("auteur")),
        # a status the domain does not know (e.g. 'concept') is None: no status rule admits it
        status=keuze(m.DocumentStatus, d.get("status")),
        formaat=tekst(d.get("formaat")),
        taal=tekst(d.get("taal")) or "nld",
        versie=int(d.get("versie") or 1),
        begin_registratie=tijdstip_verplicht(d, "beginRegistratie"),
        bestandsnaam=tekst(d.get("bestandsnaam")),
        bestandsomvang=int(omvang) if omvang is not None else None,
        inhoud=(
            f"{inhoud_base_url.rstrip('/')}/documenten/{uuid}/inhoud" if d.get("inhoud") else None
        ),
        link=tekst(d.get("link")),
        beschrijving=tekst(d.get("beschrijving")),
        ontvangstdatum=datum(d.get("ontvangstdatum")),
        verzenddatum=datum(d.get("verzenddatum")),
        indicatie_gebruiksrecht=bool(gebruiksrecht) if gebruiksrecht is not None else None,
        informatieobjecttype=str(verplicht(d, "informatieobjecttype")),
        locked=bool(d.get("locked")),
        trefwoorden=[str(t) for t in lijst(d.get("trefwoorden"))],
    )
