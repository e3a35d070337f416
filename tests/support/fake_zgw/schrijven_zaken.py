"""The fake Zaken API's writes, validated as Open Zaak does where the gateway could get it wrong:
zaak (POST, PATCH), rol, status (the eindstatus closes the zaak, another status reopens it),
resultaat (one per zaak), zaakeigenschap, zaakinformatieobject (POST, DELETE) and Open Zaak's
zaaknummer reservation. Each write changes the fake's data, so reads see it."""

from __future__ import annotations

import dataclasses
import uuid as uuidlib
from datetime import UTC, date, datetime
from typing import Any

from starlette.requests import Request

from registries import models as m
from registries.betrokkene_json import identificatie_uit_json
from registries.elfproef import is_geldig_bsn
from tests.support.fake_zgw import serialise as s
from tests.support.fake_zgw.http import Antwoord, probleem
from tests.support.fake_zgw.state import APIS, FakeState

BESTAAT_NIET = "Ongeldige hyperlink - Object bestaat niet."


def nu() -> datetime:
    return datetime.now(UTC)


def _url(state: FakeState, soort: str) -> tuple[str, str]:
    uuid = str(uuidlib.uuid4())
    return f"{state.base}{APIS['zaken']}/{soort}/{uuid}", uuid


async def _json(request: Request) -> dict[str, Any]:
    body = await request.json()
    if not isinstance(body, dict):
        raise probleem(400, "Invalid input.", [("nonFieldErrors", "Verwacht een object.")])
    return body


def _verplicht(body: dict[str, Any], *namen: str) -> None:
    missing = [(n, "Dit veld is vereist.") for n in namen if not body.get(n)]
    if missing:
        raise probleem(400, "Invalid input.", missing)


def _zaak(state: FakeState, url: Any, veld: str = "zaak") -> m.Zaak:
    z = state.data.zaken.get(str(url))
    if z is None:
        raise probleem(400, "Invalid input.", [(veld, BESTAAT_NIET)])
    return z


def _datum(body: dict[str, Any], naam: str) -> date | None:
    value = body.get(naam)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise probleem(400, "Invalid input.", [(naam, "Voer een geldige datum in.")]) from None


def _sorteer(state: FakeState) -> None:
    zaken = state.data.zaken
    state.data.volgorde = sorted(
        zaken, key=lambda u: (zaken[u].startdatum, zaken[u].identificatie), reverse=True
    )


# --- zaaknummers ------------------------------------------------------------------------------


async def reserveer_zaaknummer(request: Request, state: FakeState) -> Any:
    if not state.reservering:
        raise Antwoord(404, {"detail": "Niet gevonden."})
    body = await _json(request)
    _verplicht(body, "bronorganisatie")
    jaar = date.today().year
    bestaand = {z.identificatie for z in state.data.zaken.values()}
    while True:
        nummer = f"ZAAK-{jaar}-{state.volgend(f'zaak-{jaar}'):010d}"
        if nummer not in bestaand:
            break
    state.nummers[f"gereserveerd:{nummer}"] = 1
    return Antwoord(201, {"zaaknummer": nummer})


# --- zaken --------------------------------------------------------------------------------------


async def zaak_maken(request: Request, state: FakeState) -> Any:
    body = await _json(request)
    _verplicht(body, "bronorganisatie", "verantwoordelijkeOrganisatie", "zaaktype", "startdatum")
    zaaktype = state.data.zaaktypen.get(str(body["zaaktype"]))
    if zaaktype is None:
        raise probleem(400, "Invalid input.", [("zaaktype", BESTAAT_NIET)])
    identificatie = str(body.get("identificatie") or "")
    if identificatie:
        if any(
            z.identificatie == identificatie and z.bronorganisatie == body["bronorganisatie"]
            for z in state.data.zaken.values()
        ):
            raise probleem(
                400,
                "Invalid input.",
                [("identificatie", "Deze identificatie bestaat al voor deze bronorganisatie")],
            )
    else:
        jaar = date.today().year
        identificatie = f"ZAAK-{jaar}-{state.volgend(f'zaak-{jaar}'):010d}"
    url, uuid = _url(state, "zaken")
    hoofdzaak = body.get("hoofdzaak")
    if hoofdzaak:
        _zaak(state, hoofdzaak, "hoofdzaak")
    vertrouwelijkheid = body.get("vertrouwelijkheidaanduiding")
    z = m.Zaak(
        url=url,
        uuid=uuid,
        identificatie=identificatie,
        bronorganisatie=str(body["bronorganisatie"]),
        omschrijving=str(body.get("omschrijving") or ""),
        toelichting=str(body.get("toelichting") or ""),
        zaaktype=zaaktype.url,
        registratiedatum=_datum(body, "registratiedatum") or date.today(),
        verantwoordelijke_organisatie=str(body["verantwoordelijkeOrganisatie"]),
        startdatum=_datum(body, "startdatum") or date.today(),
        einddatum_gepland=_datum(body, "einddatumGepland"),
        uiterlijke_einddatum_afdoening=_datum(body, "uiterlijkeEinddatumAfdoening"),
        communicatiekanaal=str(
            body.get("communicatiekanaal") or body.get("communicatiekanaalNaam") or ""
        ),
        vertrouwelijkheidaanduiding=(
            m.Vertrouwelijkheid(vertrouwelijkheid)
            if vertrouwelijkheid
            else zaaktype.vertrouwelijkheidaanduiding
        ),
        kenmerken=[
            m.Kenmerk(kenmerk=str(k.get("kenmerk", "")), bron=str(k.get("bron", "")))
            for k in body.get("kenmerken") or ()
        ],
        hoofdzaak=str(hoofdzaak) if hoofdzaak else None,
    )
    state.data.zaken[url] = z
    _sorteer(state)
    state.herbereken(url)
    if z.hoofdzaak:
        state.herbereken(z.hoofdzaak)
    return Antwoord(201, state.zaak_json[url])


_PATCHBAAR = {
    "omschrijving": "omschrijving",
    "toelichting": "toelichting",
    "einddatumGepland": "einddatum_gepland",
    "uiterlijkeEinddatumAfdoening": "uiterlijke_einddatum_afdoening",
    "vertrouwelijkheidaanduiding": "vertrouwelijkheidaanduiding",
    "opschorting": "opschorting",
    "verlenging": "verlenging",
}


async def zaak_wijzigen(request: Request, state: FakeState) -> Any:
    url = f"{state.base}{APIS['zaken']}/zaken/{request.path_params['uuid']}"
    z = state.data.zaken.get(url)
    if z is None:
        raise Antwoord(404, {"detail": "Niet gevonden."})
    body = await _json(request)
    values: dict[str, Any] = {}
    for naam, attr in _PATCHBAAR.items():
        if naam not in body:
            continue
        value = body[naam]
        if naam in ("einddatumGepland", "uiterlijkeEinddatumAfdoening"):
            value = _datum(body, naam)
        elif naam == "vertrouwelijkheidaanduiding":
            value = m.Vertrouwelijkheid(value)
        elif naam == "opschorting":
            value = (
                m.Opschorting(indicatie=bool(value.get("indicatie")), reden=value.get("reden", ""))
                if value
                else None
            )
        elif naam == "verlenging":
            value = m.Verlenging(reden=value["reden"], duur=value["duur"]) if value else None
        values[attr] = value
    state.data.zaken[url] = dataclasses.replace(z, **values)
    state.herbereken(url)
    return state.zaak_json[url]


# --- rol, status, resultaat, eigenschap ------------------------------------------------------


async def rol_maken(request: Request, state: FakeState) -> Any:
    body = await _json(request)
    _verplicht(body, "zaak", "betrokkeneType", "roltype")
    z = _zaak(state, body["zaak"])
    roltype = state.data.roltypen.get(str(body["roltype"]))
    if roltype is None or roltype.zaaktype != z.zaaktype:
        raise probleem(
            400, "Invalid input.", [("roltype", "Het roltype hoort niet bij het zaaktype.")]
        )
    soort = m.BetrokkeneType(body["betrokkeneType"])
    ident = body.get("betrokkeneIdentificatie") or {}
    bsn = ident.get("inpBsn")
    if soort is m.BetrokkeneType.NATUURLIJK_PERSOON and bsn and not is_geldig_bsn(str(bsn)):
        raise probleem(
            400,
            "Invalid input.",
            [("betrokkeneIdentificatie.inpBsn", "Onjuist BSN nummer (11-proef).")],
        )
    url, uuid = _url(state, "rollen")
    contact = body.get("contactpersoonRol")
    rol = m.Rol(
        url=url,
        uuid=uuid,
        zaak=z.url,
        betrokkene=str(body.get("betrokkene") or ""),
        betrokkene_type=soort,
        roltype=roltype.url,
        omschrijving=roltype.omschrijving,
        omschrijving_generiek=roltype.omschrijving_generiek,
        roltoelichting=str(body.get("roltoelichting") or ""),
        registratiedatum=nu(),
        indicatie_machtiging=str(body.get("indicatieMachtiging") or ""),
        afwijkende_naam_betrokkene=str(body.get("afwijkendeNaamBetrokkene") or ""),
        betrokkene_identificatie=identificatie_uit_json(soort, ident),
        contactpersoon_rol=m.ContactpersoonRol(**{k: str(v) for k, v in contact.items()})
        if contact
        else None,
    )
    state.data.rollen.setdefault(z.url, []).append(rol)
    state.herbereken(z.url)
    return Antwoord(201, s.rol(rol))


async def status_maken(request: Request, state: FakeState) -> Any:
    body = await _json(request)
    _verplicht(body, "zaak", "statustype", "datumStatusGezet")
    z = _zaak(state, body["zaak"])
    statustype = state.data.statustypen.get(str(body["statustype"]))
    if statustype is None or statustype.zaaktype != z.zaaktype:
        raise probleem(
            400, "Invalid input.", [("statustype", "Het statustype hoort niet bij het zaaktype.")]
        )
    try:
        moment = datetime.fromisoformat(str(body["datumStatusGezet"]))
    except ValueError:
        raise probleem(
            400, "Invalid input.", [("datumStatusGezet", "Ongeldig tijdstip.")]
        ) from None
    if statustype.is_eindstatus and z.resultaat is None:
        raise probleem(
            400, "Invalid input.", [("nonFieldErrors", "De zaak heeft nog geen resultaat.")]
        )
    url, uuid = _url(state, "statussen")
    status = m.Status(
        url=url,
        uuid=uuid,
        zaak=z.url,
        statustype=statustype.url,
        datum_status_gezet=moment,
        statustoelichting=str(body.get("statustoelichting") or ""),
        indicatie_laatst_gezette_status=True,
    )
    eerder = [
        dataclasses.replace(st, indicatie_laatst_gezette_status=False)
        for st in state.data.statussen.get(z.url, ())
    ]
    state.data.statussen[z.url] = [*eerder, status]
    for st in state.data.statussen[z.url]:
        state.status_per_url[st.url] = st
    # Open Zaak: the eindstatus closes the zaak; any other status on a closed zaak reopens it
    einddatum = moment.date() if statustype.is_eindstatus else None
    state.data.zaken[z.url] = dataclasses.replace(z, status=url, einddatum=einddatum)
    state.herbereken(z.url)
    return Antwoord(201, s.status(status))


def _resultaat(state: FakeState, body: dict[str, Any], z: m.Zaak, url: str, uuid: str) -> Any:
    resultaattype = state.data.resultaattypen.get(str(body["resultaattype"]))
    if resultaattype is None or resultaattype.zaaktype != z.zaaktype:
        raise probleem(
            400,
            "Invalid input.",
            [("resultaattype", "Het resultaattype hoort niet bij het zaaktype.")],
        )
    resultaat = m.Resultaat(
        url=url,
        uuid=uuid,
        zaak=z.url,
        resultaattype=resultaattype.url,
        toelichting=str(body.get("toelichting") or ""),
    )
    state.data.resultaten[z.url] = resultaat
    state.data.zaken[z.url] = dataclasses.replace(z, resultaat=url)
    state.herbereken(z.url)
    return s.resultaat(resultaat)


async def resultaat_maken(request: Request, state: FakeState) -> Any:
    body = await _json(request)
    _verplicht(body, "zaak", "resultaattype")
    z = _zaak(state, body["zaak"])
    if z.url in state.data.resultaten:
        raise probleem(
            400, "Invalid input.", [("zaak", "Deze zaak heeft al een resultaat (uniek).")]
        )
    url, uuid = _url(state, "resultaten")
    return Antwoord(201, _resultaat(state, body, z, url, uuid))


async def resultaat_vervangen(request: Request, state: FakeState) -> Any:
    uuid = request.path_params["uuid"]
    url = f"{state.base}{APIS['zaken']}/resultaten/{uuid}"
    body = await _json(request)
    _verplicht(body, "zaak", "resultaattype")
    z = _zaak(state, body["zaak"])
    if state.data.resultaten.get(z.url) is None or state.data.resultaten[z.url].url != url:
        raise Antwoord(404, {"detail": "Niet gevonden."})
    return _resultaat(state, body, z, url, uuid)


async def zaakeigenschap_maken(request: Request, state: FakeState) -> Any:
    zaak_url = f"{state.base}{APIS['zaken']}/zaken/{request.path_params['uuid']}"
    if zaak_url not in state.data.zaken:
        raise Antwoord(404, {"detail": "Niet gevonden."})
    body = await _json(request)
    _verplicht(body, "zaak", "eigenschap", "waarde")
    if body["zaak"] != zaak_url:
        raise probleem(400, "Invalid input.", [("zaak", "Hoort niet bij deze URL.")])
    eigenschap = state.data.eigenschap_typen.get(str(body["eigenschap"]))
    if eigenschap is None:
        raise probleem(400, "Invalid input.", [("eigenschap", BESTAAT_NIET)])
    url, uuid = _url(state, f"zaken/{request.path_params['uuid']}/zaakeigenschappen")
    e = m.ZaakEigenschap(
        url=url,
        uuid=uuid,
        zaak=zaak_url,
        eigenschap=eigenschap.url,
        naam=eigenschap.naam,
        waarde=str(body["waarde"]),
    )
    state.data.eigenschappen.setdefault(zaak_url, []).append(e)
    state.herbereken(zaak_url)
    return Antwoord(201, s.zaakeigenschap(e))


# --- zaakinformatieobjecten -------------------------------------------------------------------


async def zaakinformatieobject_maken(request: Request, state: FakeState) -> Any:
    body = await _json(request)
    _verplicht(body, "zaak", "informatieobject")
    z = _zaak(state, body["zaak"])
    document = str(body["informatieobject"])
    if document not in state.data.documenten:
        raise probleem(400, "Invalid input.", [("informatieobject", BESTAAT_NIET)])
    if any(
        i.informatieobject == document for i in state.data.zaakinformatieobjecten.get(z.url, ())
    ):
        raise probleem(
            400,
            "Invalid input.",
            [("nonFieldErrors", "De velden zaak, informatieobject moeten een unieke set zijn.")],
        )
    url, uuid = _url(state, "zaakinformatieobjecten")
    zio = m.ZaakInformatieObject(
        url=url,
        uuid=uuid,
        informatieobject=document,
        zaak=z.url,
        aard_relatie_weergave="Hoort bij, omgekeerd: kent",
        titel=str(body.get("titel") or ""),
        beschrijving=str(body.get("beschrijving") or ""),
        registratiedatum=nu(),
    )
    state.data.zaakinformatieobjecten.setdefault(z.url, []).append(zio)
    state.herbereken(z.url)
    return Antwoord(201, s.zaakinformatieobject(zio))


async def zaakinformatieobject_verwijderen(request: Request, state: FakeState) -> Any:
    url = f"{state.base}{APIS['zaken']}/zaakinformatieobjecten/{request.path_params['uuid']}"
    for zaak_url, items in state.data.zaakinformatieobjecten.items():
        if any(i.url == url for i in items):
            state.data.zaakinformatieobjecten[zaak_url] = [i for i in items if i.url != url]
            state.herbereken(zaak_url)
            return Antwoord(204)
    raise Antwoord(404, {"detail": "Niet gevonden."})
