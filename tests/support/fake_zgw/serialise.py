"""Domain objects -> spec-shaped ZGW JSON, as Open Zaak (Zaken 1.5.1, Documenten 1.4, Catalogi
1.3.1) and Open Klant 2 (Klantinteracties 0.9) answer. The inverse of `registries.zgw.parse`.

Objects carry every field the specs mark required (the spec test validates them), with the
values the embedded store has and the usual Open Zaak defaults for the rest.
"""

from __future__ import annotations

import uuid as uuidlib
from datetime import date, datetime
from typing import Any

from registries import models as m
from registries.betrokkene_json import identificatie_naar_json

Json = dict[str, Any]


def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _t(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


def _v(value: Any) -> Any:
    return value.value if value is not None else None


def fk(url: str) -> Json:
    """An Open Klant foreign key object."""
    return {"uuid": url.rstrip("/").rsplit("/", 1)[-1], "url": url}


# --- Zaken ------------------------------------------------------------------------------------


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
        "registratiedatum": _d(z.registratiedatum),
        "verantwoordelijkeOrganisatie": z.verantwoordelijke_organisatie,
        "startdatum": _d(z.startdatum),
        "einddatum": _d(z.einddatum),
        "einddatumGepland": _d(z.einddatum_gepland),
        "uiterlijkeEinddatumAfdoening": _d(z.uiterlijke_einddatum_afdoening),
        "publicatiedatum": _d(z.publicatiedatum),
        "laatstGemuteerd": f"{z.registratiedatum.isoformat()}T00:00:00Z",
        "laatstGeopend": None,
        "communicatiekanaal": z.communicatiekanaal,
        "communicatiekanaalNaam": "",
        "productenOfDiensten": [],
        "vertrouwelijkheidaanduiding": z.vertrouwelijkheidaanduiding.value,
        "betalingsindicatie": _v(z.betalingsindicatie) or "",
        "betalingsindicatieWeergave": "",
        "laatsteBetaaldatum": _t(z.laatste_betaaldatum),
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
        "archiefnominatie": _v(z.archiefnominatie),
        "archiefstatus": z.archiefstatus.value,
        "archiefactiedatum": _d(z.archiefactiedatum),
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
        "datumStatusGezet": _t(s.datum_status_gezet),
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
        "registratiedatum": _t(r.registratiedatum),
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
        "registratiedatum": _t(z.registratiedatum),
        "vernietigingsdatum": None,
        "status": None,
    }


# --- Documenten -------------------------------------------------------------------------------


def document(d: m.EnkelvoudigInformatieObject) -> Json:
    return {
        "url": d.url,
        "identificatie": d.identificatie,
        "bronorganisatie": d.bronorganisatie,
        "creatiedatum": _d(d.creatiedatum),
        "titel": d.titel,
        "vertrouwelijkheidaanduiding": d.vertrouwelijkheidaanduiding.value,
        "auteur": d.auteur,
        "status": _v(d.status) or "",
        "formaat": d.formaat,
        "taal": d.taal,
        "versie": d.versie,
        "beginRegistratie": _t(d.begin_registratie),
        "bestandsnaam": d.bestandsnaam,
        "inhoud": f"{d.url}/download?versie={d.versie}" if d.inhoud else None,
        "bestandsomvang": d.bestandsomvang,
        "link": d.link,
        "beschrijving": d.beschrijving,
        "ontvangstdatum": _d(d.ontvangstdatum),
        "verzenddatum": _d(d.verzenddatum),
        "indicatieGebruiksrecht": d.indicatie_gebruiksrecht,
        "verschijningsvorm": "",
        "ondertekening": None,
        "integriteit": None,
        "informatieobjecttype": d.informatieobjecttype,
        "locked": d.locked,
        "bestandsdelen": [],
        "trefwoorden": d.trefwoorden,
        "inhoudIsVervallen": False,
    }


# --- Catalogi ---------------------------------------------------------------------------------

_GELDIGHEID = {"beginObject": None, "eindeObject": None}


def zaaktype(z: m.ZaakType) -> Json:
    return {
        "url": z.url,
        "identificatie": z.identificatie,
        "omschrijving": z.omschrijving,
        "omschrijvingGeneriek": z.omschrijving_generiek,
        "vertrouwelijkheidaanduiding": z.vertrouwelijkheidaanduiding.value,
        "doel": z.doel,
        "aanleiding": z.aanleiding,
        "toelichting": z.toelichting,
        "indicatieInternOfExtern": z.indicatie_intern_of_extern.value,
        "handelingInitiator": z.handeling_initiator,
        "onderwerp": z.onderwerp,
        "handelingBehandelaar": z.handeling_behandelaar,
        "doorlooptijd": z.doorlooptijd,
        "servicenorm": z.servicenorm,
        "opschortingEnAanhoudingMogelijk": z.opschorting_en_aanhouding_mogelijk,
        "verlengingMogelijk": z.verlenging_mogelijk,
        "verlengingstermijn": z.verlengingstermijn,
        "trefwoorden": z.trefwoorden,
        "publicatieIndicatie": z.publicatie_indicatie,
        "publicatietekst": z.publicatietekst,
        "verantwoordingsrelatie": [],
        "productenOfDiensten": [],
        "selectielijstProcestype": "",
        "referentieproces": {"naam": "", "link": ""},
        "concept": z.concept,
        "verantwoordelijke": z.verantwoordelijke,
        "broncatalogus": {"url": "", "domein": "", "rsin": ""},
        "bronzaaktype": {"url": "", "identificatie": "", "omschrijving": ""},
        "beginGeldigheid": _d(z.begin_geldigheid),
        "eindeGeldigheid": _d(z.einde_geldigheid),
        "versiedatum": _d(z.versiedatum),
        **_GELDIGHEID,
        "catalogus": z.catalogus,
        "statustypen": z.statustypen,
        "resultaattypen": z.resultaattypen,
        "resultaattypeOmschrijving": [],
        "eigenschappen": z.eigenschappen,
        "informatieobjecttypen": z.informatieobjecttypen,
        "informatieobjecttypeOmschrijving": [],
        "roltypen": z.roltypen,
        "besluittypen": [],
        "besluittypeOmschrijving": [],
        "deelzaaktypen": [],
        "deelzaaktypeIdentificaties": [],
        "gerelateerdeZaaktypen": [],
        "zaakobjecttypen": [],
    }


def statustype(s: m.StatusType, zt: m.ZaakType) -> Json:
    return {
        "url": s.url,
        "omschrijving": s.omschrijving,
        "omschrijvingGeneriek": s.omschrijving_generiek,
        "statustekst": s.statustekst,
        "zaaktype": s.zaaktype,
        "zaaktypeIdentificatie": zt.identificatie,
        "volgnummer": s.volgnummer,
        "isEindstatus": s.is_eindstatus,
        "informeren": s.informeren,
        "doorlooptijd": s.doorlooptijd,
        "toelichting": s.toelichting,
        "checklistitemStatustype": [],
        "catalogus": zt.catalogus,
        "eigenschappen": [],
        "zaakobjecttypen": [],
        "beginGeldigheid": None,
        "eindeGeldigheid": None,
        **_GELDIGHEID,
    }


def roltype(r: m.RolType, zt: m.ZaakType) -> Json:
    return {
        "url": r.url,
        "zaaktype": r.zaaktype,
        "zaaktypeIdentificatie": zt.identificatie,
        "omschrijving": r.omschrijving,
        "omschrijvingGeneriek": r.omschrijving_generiek.value,
        "catalogus": zt.catalogus,
        "beginGeldigheid": None,
        "eindeGeldigheid": None,
        **_GELDIGHEID,
    }


def resultaattype(r: m.ResultaatType, zt: m.ZaakType) -> Json:
    return {
        "url": r.url,
        "zaaktype": r.zaaktype,
        "zaaktypeIdentificatie": zt.identificatie,
        "omschrijving": r.omschrijving,
        "resultaattypeomschrijving": r.resultaattypeomschrijving,
        "omschrijvingGeneriek": r.omschrijving_generiek,
        "selectielijstklasse": r.selectielijstklasse,
        "toelichting": r.toelichting,
        "archiefnominatie": _v(r.archiefnominatie) or "",
        "archiefactietermijn": r.archiefactietermijn,
        "brondatumArchiefprocedure": None,
        "procesobjectaard": "",
        "catalogus": zt.catalogus,
        "besluittypen": [],
        "besluittypeOmschrijving": [],
        "informatieobjecttypen": [],
        "informatieobjecttypeOmschrijving": [],
        "indicatieSpecifiek": None,
        "procestermijn": None,
        "beginGeldigheid": None,
        "eindeGeldigheid": None,
        **_GELDIGHEID,
    }


def informatieobjecttype(i: m.InformatieObjectType, zaaktypen: list[m.ZaakType]) -> Json:
    return {
        "url": i.url,
        "catalogus": i.catalogus,
        "omschrijving": i.omschrijving,
        "vertrouwelijkheidaanduiding": i.vertrouwelijkheidaanduiding.value,
        "beginGeldigheid": _d(i.begin_geldigheid),
        "eindeGeldigheid": _d(i.einde_geldigheid),
        **_GELDIGHEID,
        "concept": i.concept,
        "zaaktypen": [z.url for z in zaaktypen],
        "zaaktypeIdentificaties": sorted({z.identificatie for z in zaaktypen}),
        "besluittypen": [],
        "besluittypeOmschrijving": [],
        "informatieobjectcategorie": i.informatieobjectcategorie,
        "trefwoord": [],
    }


def eigenschap(e: m.Eigenschap, zt: m.ZaakType) -> Json:
    return {
        "url": e.url,
        "naam": e.naam,
        "definitie": e.definitie,
        "specificatie": {
            "groep": e.specificatie.groep,
            "formaat": e.specificatie.formaat,
            "lengte": e.specificatie.lengte,
            "kardinaliteit": e.specificatie.kardinaliteit,
            "waardenverzameling": e.specificatie.waardenverzameling,
        },
        "toelichting": e.toelichting,
        "zaaktype": e.zaaktype,
        "zaaktypeIdentificatie": zt.identificatie,
        "statustype": None,
        "catalogus": zt.catalogus,
        "beginGeldigheid": None,
        "eindeGeldigheid": None,
        **_GELDIGHEID,
    }


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
        "plaatsgevondenOp": _t(k.plaatsgevonden_op),
    }
