"""Rows of the embedded store -> domain objects (and identification JSON <-> domain objects)."""

from __future__ import annotations

from enum import Enum
from typing import Any, Generic, TypeVar

import orjson
from sqlalchemy.engine import Row

from registries import models as m
from registries.betrokkene_json import identificatie_uit_json, identiteiten_uit_json
from registries.json_vorm import JsonDocument, JsonZaak
from registries.sql.urls import UrlScheme
from registries.sql.zaken_json import SCHEIDING

E = TypeVar("E", bound=Enum)


class _Leden(Generic[E]):
    """`enum_cls(value)` by a dict lookup: a list page converts hundreds of enum columns, and
    Enum's own call is several times slower. An unknown value raises as the enum would."""

    __slots__ = ("_cls", "_table")

    def __init__(self, enum_cls: type[E]) -> None:
        self._cls = enum_cls
        self._table = {member.value: member for member in enum_cls}

    def __call__(self, value: Any) -> E:
        try:
            return self._table[value]
        except KeyError:
            return self._cls(value)

    def of_none(self, value: str | None) -> E | None:
        return None if value is None or value == "" else self(value)


_VERTROUWELIJKHEID = _Leden(m.Vertrouwelijkheid)
_BETALINGSINDICATIE = _Leden(m.Betalingsindicatie)
_ARCHIEFNOMINATIE = _Leden(m.Archiefnominatie)
_ARCHIEFSTATUS = _Leden(m.Archiefstatus)
_BETROKKENE_TYPE = _Leden(m.BetrokkeneType)
_OMSCHRIJVING_GENERIEK = _Leden(m.OmschrijvingGeneriek)
_DOCUMENT_STATUS = _Leden(m.DocumentStatus)


def zaak(row: Row[Any], urls: UrlScheme) -> m.Zaak:
    return m.Zaak(
        url=urls.url("zaak", row.uuid),
        uuid=row.uuid,
        identificatie=row.identificatie,
        bronorganisatie=row.bronorganisatie,
        omschrijving=row.omschrijving,
        toelichting=row.toelichting,
        zaaktype=urls.url("zaaktype", row.zaaktype_uuid),
        registratiedatum=row.registratiedatum,
        verantwoordelijke_organisatie=row.verantwoordelijke_organisatie,
        startdatum=row.startdatum,
        einddatum=row.einddatum,
        einddatum_gepland=row.einddatum_gepland,
        uiterlijke_einddatum_afdoening=row.uiterlijke_einddatum_afdoening,
        publicatiedatum=row.publicatiedatum,
        communicatiekanaal=row.communicatiekanaal,
        vertrouwelijkheidaanduiding=_VERTROUWELIJKHEID(row.vertrouwelijkheidaanduiding),
        betalingsindicatie=_BETALINGSINDICATIE.of_none(row.betalingsindicatie),
        laatste_betaaldatum=row.laatste_betaaldatum,
        archiefnominatie=_ARCHIEFNOMINATIE.of_none(row.archiefnominatie),
        archiefstatus=_ARCHIEFSTATUS(row.archiefstatus),
        archiefactiedatum=row.archiefactiedatum,
        opschorting=m.Opschorting(indicatie=row.opschorting_indicatie, reden=row.opschorting_reden),
        verlenging=(
            m.Verlenging(reden=row.verlenging_reden, duur=row.verlenging_duur)
            if row.verlenging_duur
            else None
        ),
        kenmerken=[m.Kenmerk(kenmerk=k["kenmerk"], bron=k["bron"]) for k in row.kenmerken or ()],
        hoofdzaak=urls.maybe("zaak", row.hoofdzaak_uuid),
        status=urls.maybe("status", row.status_uuid),
        resultaat=urls.maybe("resultaat", row.resultaat_uuid),
    )


def status(row: Row[Any], urls: UrlScheme, huidige_status_uuid: str | None) -> m.Status:
    return m.Status(
        url=urls.url("status", row.uuid),
        uuid=row.uuid,
        zaak=urls.url("zaak", row.zaak_uuid),
        statustype=urls.url("statustype", row.statustype_uuid),
        datum_status_gezet=row.datum_status_gezet,
        statustoelichting=row.statustoelichting,
        indicatie_laatst_gezette_status=row.uuid == huidige_status_uuid,
        gezetdoor=urls.maybe("rol", row.gezetdoor_uuid),
    )


def resultaat(row: Row[Any], urls: UrlScheme) -> m.Resultaat:
    return m.Resultaat(
        url=urls.url("resultaat", row.uuid),
        uuid=row.uuid,
        zaak=urls.url("zaak", row.zaak_uuid),
        resultaattype=urls.url("resultaattype", row.resultaattype_uuid),
        toelichting=row.toelichting,
    )


# --- rol identification: the JSON mapping is registries.betrokkene_json (the ZGW adapters use it
# too) ------------------------------------------------------------------------------------------


def rol_identity_columns(ident: m.BetrokkeneIdentificatie | None) -> dict[str, str | None]:
    """The denormalised identity columns of a rol row."""
    cols: dict[str, str | None] = {
        "inp_bsn": None,
        "kvk_nummer": None,
        "inn_nnp_id": None,
        "vestigings_nummer": None,
        "medewerker_identificatie": None,
    }
    if isinstance(ident, m.NatuurlijkPersoon):
        cols["inp_bsn"] = ident.inp_bsn or None
    elif isinstance(ident, m.NietNatuurlijkPersoon):
        cols["kvk_nummer"] = ident.kvk_nummer or None
        cols["inn_nnp_id"] = ident.inn_nnp_id or None
        cols["vestigings_nummer"] = ident.vestigings_nummer or None
    elif isinstance(ident, m.Vestiging):
        cols["kvk_nummer"] = ident.kvk_nummer or None
        cols["vestigings_nummer"] = ident.vestigings_nummer or None
    elif isinstance(ident, m.Medewerker):
        cols["medewerker_identificatie"] = ident.identificatie or None
    return cols


def rol(row: Row[Any], urls: UrlScheme) -> m.Rol:
    betrokkene_type = _BETROKKENE_TYPE(row.betrokkene_type)
    contact = row.contactpersoon_rol
    return m.Rol(
        url=urls.url("rol", row.uuid),
        uuid=row.uuid,
        zaak=urls.url("zaak", row.zaak_uuid),
        betrokkene=row.betrokkene,
        betrokkene_type=betrokkene_type,
        roltype=urls.url("roltype", row.roltype_uuid),
        omschrijving=row.omschrijving,
        omschrijving_generiek=_OMSCHRIJVING_GENERIEK(row.omschrijving_generiek),
        roltoelichting=row.roltoelichting,
        registratiedatum=row.registratiedatum,
        indicatie_machtiging=row.indicatie_machtiging,
        afwijkende_naam_betrokkene=row.afwijkende_naam_betrokkene,
        betrokkene_identificatie=identificatie_uit_json(
            betrokkene_type, row.betrokkene_identificatie
        ),
        contactpersoon_rol=m.ContactpersoonRol(**contact) if contact else None,
    )


def rol_betrokkene(row: Any, zaak_url: str) -> m.RolBetrokkene:
    """Who a rol names (`omschrijving_generiek`, `betrokkene_type`, `betrokkene_identificatie`
    of its row)."""
    return m.RolBetrokkene(
        zaak_url,
        _OMSCHRIJVING_GENERIEK(row.omschrijving_generiek),
        identiteiten_uit_json(_BETROKKENE_TYPE(row.betrokkene_type), row.betrokkene_identificatie),
    )


def zaakeigenschap(row: Row[Any], urls: UrlScheme) -> m.ZaakEigenschap:
    return m.ZaakEigenschap(
        url=urls.url("zaakeigenschap", row.uuid),
        uuid=row.uuid,
        zaak=urls.url("zaak", row.zaak_uuid),
        eigenschap=urls.url("eigenschap", row.eigenschap_uuid),
        naam=row.naam,
        waarde=row.waarde,
    )


def zaakinformatieobject(row: Row[Any], urls: UrlScheme) -> m.ZaakInformatieObject:
    return m.ZaakInformatieObject(
        url=urls.url("zaakinformatieobject", row.uuid),
        uuid=row.uuid,
        informatieobject=urls.url("enkelvoudiginformatieobject", row.informatieobject_uuid),
        zaak=urls.url("zaak", row.zaak_uuid),
        aard_relatie_weergave=row.aard_relatie_weergave,
        titel=row.titel,
        beschrijving=row.beschrijving,
        registratiedatum=row.registratiedatum,
    )


def document(row: Row[Any], urls: UrlScheme) -> m.EnkelvoudigInformatieObject:
    return m.EnkelvoudigInformatieObject(
        url=urls.url("enkelvoudiginformatieobject", row.uuid),
        uuid=row.uuid,
        identificatie=row.identificatie,
        bronorganisatie=row.bronorganisatie,
        creatiedatum=row.creatiedatum,
        titel=row.titel,
        vertrouwelijkheidaanduiding=_VERTROUWELIJKHEID(row.vertrouwelijkheidaanduiding),
        auteur=row.auteur,
        status=_DOCUMENT_STATUS.of_none(row.status),
        formaat=row.formaat,
        taal=row.taal,
        versie=row.versie,
        begin_registratie=row.begin_registratie,
        bestandsnaam=row.bestandsnaam,
        bestandsomvang=row.bestandsomvang,
        inhoud=urls.document_inhoud(row.uuid) if row.bestandsomvang is not None else None,
        link=row.link,
        beschrijving=row.beschrijving,
        ontvangstdatum=row.ontvangstdatum,
        verzenddatum=row.verzenddatum,
        indicatie_gebruiksrecht=row.indicatie_gebruiksrecht,
        informatieobjecttype=urls.url("informatieobjecttype", row.informatieobjecttype_uuid),
        locked=bool(row.lock),
        trefwoorden=list(row.trefwoorden or ()),
    )


def klantcontact(
    row: Row[Any],
    urls: UrlScheme,
    betrokkenen: list[m.KlantcontactBetrokkene],
    onderwerpobjecten: list[m.Onderwerpobject],
) -> m.Klantcontact:
    return m.Klantcontact(
        url=urls.url("klantcontact", row.uuid),
        uuid=row.uuid,
        nummer=row.nummer,
        kanaal=row.kanaal,
        onderwerp=row.onderwerp,
        inhoud=row.inhoud,
        indicatie_contact_gelukt=row.indicatie_contact_gelukt,
        taal=row.taal,
        vertrouwelijk=row.vertrouwelijk,
        plaatsgevonden_op=row.plaatsgevonden_op,
        betrokkenen=betrokkenen,
        onderwerpobjecten=onderwerpobjecten,
    )


def klantcontact_betrokkene(row: Row[Any], urls: UrlScheme) -> m.KlantcontactBetrokkene:
    return m.KlantcontactBetrokkene(
        url=urls.url("betrokkene", row.uuid),
        uuid=row.uuid,
        klantcontact=urls.url("klantcontact", row.klantcontact_uuid),
        rol=row.rol,
        volledige_naam=row.volledige_naam,
        organisatienaam=row.organisatienaam,
        initiator=row.initiator,
        partij_identificatoren=[
            m.PartijIdentificator(
                code_objecttype=p.get("codeObjecttype", ""),
                code_soort_object_id=p["codeSoortObjectId"],
                object_id=p["objectId"],
                code_register=p.get("codeRegister", ""),
            )
            for p in row.partij_identificatoren or ()
        ],
    )


def onderwerpobject(row: Row[Any], urls: UrlScheme) -> m.Onderwerpobject:
    return m.Onderwerpobject(
        url=urls.url("onderwerpobject", row.uuid),
        uuid=row.uuid,
        klantcontact=urls.url("klantcontact", row.klantcontact_uuid),
        code_objecttype=row.code_objecttype,
        code_register=row.code_register,
        code_soort_object_id=row.code_soort_object_id,
        object_id=row.object_id,
    )


class JsonZakenLezer:
    """Rows of `zaken._zoek_json` as `JsonZaak`: the zaak's JSON and what the row guard and
    the audit log read, as JSON text (`documenten`: [uuid, status, vertrouwelijkheidaanduiding]
    each; `betrokkenen`: [omschrijving_generiek, betrokkene_type, betrokkene_identificatie] of
    each rol). A page of 100 zaken has a few hundred of these: the URL prefixes are made once,
    and whom a zaak's rollen name once per distinct text (a burger's zaken mostly have the same
    rollen: the burger and a department)."""

    def __init__(self, urls: UrlScheme) -> None:
        self._zaak = urls.url("zaak", "")
        self._zaaktype = urls.url("zaaktype", "")
        self._status = urls.url("status", "")
        self._document = urls.url("enkelvoudiginformatieobject", "")
        self._rollen: dict[
            str, tuple[tuple[m.OmschrijvingGeneriek, tuple[m.BetrokkeneId, ...]], ...]
        ]
        self._rollen = {}

    def lees(self, found: list[Any]) -> list[JsonZaak]:
        return [self._zaak_van(r) for r in found]

    def _zaak_van(self, row: Any) -> JsonZaak:
        url = self._zaak + row.uuid
        json = row.json
        documenten: tuple[JsonDocument, ...] = ()
        kern = getattr(row, "documenten", None)
        if kern is not None and SCHEIDING in kern:
            # the documents came apart from the zaak's JSON (zaken_json.Bouw.documenten_apart)
            lijst, kern = kern.split(SCHEIDING, 1)
            json = json.replace(SCHEIDING, lijst, 1)
        if kern is not None and kern != "[]":
            document = self._document
            documenten = tuple(
                [
                    JsonDocument(
                        document + uuid, _DOCUMENT_STATUS.of_none(status), _VERTROUWELIJKHEID(v)
                    )
                    for uuid, status, v in orjson.loads(kern)
                ]
            )
        rollen = self._rollen.get(row.betrokkenen)
        if rollen is None:
            rollen = self._rollen_van(row.betrokkenen)
        status = row.status_uuid
        return JsonZaak(
            url,
            self._zaaktype + row.zaaktype_uuid,
            _VERTROUWELIJKHEID(row.vertrouwelijkheidaanduiding),
            None if status is None else self._status + status,
            json,
            documenten,
            tuple([m.RolBetrokkene(url, generiek, ids) for generiek, ids in rollen]),
        )

    def _rollen_van(
        self, tekst: str
    ) -> tuple[tuple[m.OmschrijvingGeneriek, tuple[m.BetrokkeneId, ...]], ...]:
        found = tuple(
            (
                _OMSCHRIJVING_GENERIEK(generiek),
                identiteiten_uit_json(_BETROKKENE_TYPE(soort), identificatie),
            )
            for generiek, soort, identificatie in orjson.loads(tekst)
        )
        if len(self._rollen) >= 10_000:
            self._rollen.clear()
        self._rollen[tekst] = found
        return found
