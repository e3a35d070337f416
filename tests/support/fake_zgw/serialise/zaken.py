"""Zaken API 1.5.1 and Documenten API 1.4 objects as Open Zaak serves them."""

from __future__ import annotations

from registries import models as m
from registries.betrokkene_json import identificatie_naar_json
from tests.support.fake_zgw.serialise.velden import Json, datum, keuze, tijd

# --- Zaken ------------------------------------------------------------------------------------


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def zaak(
    z: m.Zaak,
    *,
    rollen: list[str],
    zaakinformatieobjecten: list[str],
    eigenschappen: list[str],
    deelzaken: list[str],
) -> Json:
    return {
        "url": z.url,
        "uuid": z.uuid,
        "identificatie": z.identificatie,
        "bronorganisatie": z.bronorganisatie,
        "omschrijving": z.omschrijving,
        "toelichting": z.toelichting,
        "zaaktype": z.zaaktype,
        "registratiedatum": datum(z.registratiedatum),
        "verantwoordelijkeOrganisatie": z.verantwoordelijke_organisatie,
        "startdatum": datum(z.startdatum),
        "einddatum": datum(z.einddatum),
        "einddatumGepland": datum(z.einddatum_gepland),
        "uiterlijkeEinddatumAfdoening": datum(z.uiterlijke_einddatum_afdoening),
        "publicatiedatum": datum(z.publicatiedatum),
        "laatstGemuteerd": f"{z.registratiedatum.isoformat()}T00:00:00Z",
        "laatstGeopend": None,
        # a kanaal that is no URL lives in Open Zaak's communicatiekanaalNaam
        "communicatiekanaal": z.communicatiekanaal if _is_url(z.communicatiekanaal) else "",
        "communicatiekanaalNaam": "" if _is_url(z.communicatiekanaal) else z.communicatiekanaal,
        "productenOfDiensten": [],
        "vertrouwelijkheidaanduiding": z.vertrouwelijkheidaanduiding.value,
        "betalingsindicatie": keuze(z.betalingsindicatie) or "",
        "betalingsindicatieWeergave": "",
        "laatsteBetaaldatum": tijd(z.laatste_betaaldatum),
        "zaakgeometrie": None,
        "verlenging": (
            {"reden": z.verlenging.reden, "duur": z.verlenging.duur} if z.verlenging else None
        ),
        "opschorting": (
            {
                "indicatie": z.opschorting.indicatie,
                "eerdereOpschorting": False,
                "reden": z.opschorting.reden,
            }
            if z.opschorting
            else None
        ),
        "selectielijstklasse": "",
        "hoofdzaak": z.hoofdzaak,
        "deelzaken": deelzaken,
        "relevanteAndereZaken": [],
        "gerelateerdeZaken": [],
        "eigenschappen": eigenschappen,
        "rollen": rollen,
        "status": z.status,
        "zaakinformatieobjecten": zaakinformatieobjecten,
        "zaakobjecten": [],
        "kenmerken": [{"kenmerk": k.kenmerk, "bron": k.bron} for k in z.kenmerken],
        "archiefnominatie": keuze(z.archiefnominatie),
        "archiefstatus": z.archiefstatus.value,
        "archiefactiedatum": datum(z.archiefactiedatum),
        "resultaat": z.resultaat,
        "processobjectaard": "",
        "startdatumBewaartermijn": None,
        "processobject": {
            "datumkenmerk": "",
            "identificatie": "",
            "objecttype": "",
            "registratie": "",
        },
    }


def status(s: m.Status) -> Json:
    return {
        "url": s.url,
        "uuid": s.uuid,
        "zaak": s.zaak,
        "statustype": s.statustype,
        "datumStatusGezet": tijd(s.datum_status_gezet),
        "statustoelichting": s.statustoelichting,
        "indicatieLaatstGezetteStatus": s.indicatie_laatst_gezette_status,
        **({"gezetdoor": s.gezetdoor} if s.gezetdoor else {}),
        "zaakinformatieobjecten": [],
    }


_IDENT_EXTRA: dict[m.BetrokkeneType, Json] = {
    m.BetrokkeneType.NATUURLIJK_PERSOON: {"verblijfsadres": None, "subVerblijfBuitenland": None},
    m.BetrokkeneType.NIET_NATUURLIJK_PERSOON: {"subVerblijfBuitenland": None},
    m.BetrokkeneType.VESTIGING: {"verblijfsadres": None, "subVerblijfBuitenland": None},
    m.BetrokkeneType.MEDEWERKER: {},
    m.BetrokkeneType.ORGANISATORISCHE_EENHEID: {},
}


def rol(r: m.Rol) -> Json:
    ident = identificatie_naar_json(r.betrokkene_type, r.betrokkene_identificatie)
    if ident is not None:
        # Open Zaak sends "" for an empty A-nummer; its spec's pattern does not allow that
        ident = {k: v for k, v in ident.items() if k != "inpA_nummer" or v}
        ident = {**ident, **_IDENT_EXTRA[r.betrokkene_type]}
    contact = r.contactpersoon_rol
    data: Json = {
        "url": r.url,
        "uuid": r.uuid,
        "zaak": r.zaak,
        "betrokkene": r.betrokkene,
        "betrokkeneType": r.betrokkene_type.value,
        "afwijkendeNaamBetrokkene": r.afwijkende_naam_betrokkene,
        "roltype": r.roltype,
        "omschrijving": r.omschrijving,
        "omschrijvingGeneriek": r.omschrijving_generiek.value,
        "roltoelichting": r.roltoelichting,
        "registratiedatum": tijd(r.registratiedatum),
        "indicatieMachtiging": r.indicatie_machtiging,
        "contactpersoonRol": (
            {
                "emailadres": contact.emailadres,
                "functie": contact.functie,
                "telefoonnummer": contact.telefoonnummer,
                "naam": contact.naam,
            }
            if contact
            else None
        ),
        "statussen": [],
        "beginGeldigheid": None,
        "eindeGeldigheid": None,
        "betrokkeneIdentificatie": ident,
    }
    if r.betrokkene_type in (
        m.BetrokkeneType.NATUURLIJK_PERSOON,
        m.BetrokkeneType.NIET_NATUURLIJK_PERSOON,
    ):
        data["authenticatieContext"] = None
    return data


def resultaat(r: m.Resultaat) -> Json:
    return {
        "url": r.url,
        "uuid": r.uuid,
        "zaak": r.zaak,
        "resultaattype": r.resultaattype,
        "toelichting": r.toelichting,
    }


def zaakeigenschap(e: m.ZaakEigenschap) -> Json:
    return {
        "url": e.url,
        "uuid": e.uuid,
        "zaak": e.zaak,
        "eigenschap": e.eigenschap,
        "naam": e.naam,
        "waarde": e.waarde,
    }


def zaakinformatieobject(z: m.ZaakInformatieObject) -> Json:
    return {
        "url": z.url,
        "uuid": z.uuid,
        "informatieobject": z.informatieobject,
        "zaak": z.zaak,
        "aardRelatieWeergave": z.aard_relatie_weergave,
        "titel": z.titel,
        "beschrijving": z.beschrijving,
        "registratiedatum": tijd(z.registratiedatum),
        "vernietigingsdatum": None,
        "status": None,
    }


# --- Documenten -------------------------------------------------------------------------------


def document(d: m.EnkelvoudigInformatieObject) -> Json:
    return {
        "url": d.url,
        "identificatie": d.identificatie,
        "bronorganisatie": d.bronorganisatie,
        "creatiedatum": datum(d.creatiedatum),
        "titel": d.titel,
        "vertrouwelijkheidaanduiding": d.vertrouwelijkheidaanduiding.value,
        "auteur": d.auteur,
        "status": keuze(d.status) or "",
        "formaat": d.formaat,
        "taal": d.taal,
        "versie": d.versie,
        "beginRegistratie": tijd(d.begin_registratie),
        "bestandsnaam": d.bestandsnaam,
        "inhoud": f"{d.url}/download?versie={d.versie}" if d.inhoud else None,
        "bestandsomvang": d.bestandsomvang,
        "link": d.link,
        "beschrijving": d.beschrijving,
        "ontvangstdatum": datum(d.ontvangstdatum),
        "verzenddatum": datum(d.verzenddatum),
        "indicatieGebruiksrecht": d.indicatie_gebruiksrecht,
        "verschijningsvorm": "",
        "ondertekening": None,
        "integriteit": None,
        "informatieobjecttype": d.informatieobjecttype,
        "locked": d.locked,
        "lock": "",
        "bestandsdelen": [],
        "trefwoorden": d.trefwoorden,
        "inhoudIsVervallen": False,
    }
