"""Catalogi API 1.3 objects as Open Zaak serves them (valid for OZ 1.3.1 and VNG 1.3.3)."""

from __future__ import annotations

from registries import models as m
from tests.support.fake_zgw.serialise.velden import Json, datum, keuze

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
        "beginGeldigheid": datum(z.begin_geldigheid),
        "eindeGeldigheid": datum(z.einde_geldigheid),
        "versiedatum": datum(z.versiedatum),
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
        "archiefnominatie": keuze(r.archiefnominatie) or "",
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
        "beginGeldigheid": datum(i.begin_geldigheid),
        "eindeGeldigheid": datum(i.einde_geldigheid),
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
