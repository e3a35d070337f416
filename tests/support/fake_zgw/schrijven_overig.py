"""The fake Documenten and Klantinteracties APIs' writes.

Documenten: create (base64 ``inhoud``, or ``bestandsomvang`` with ``inhoud: null`` for the
bestandsdelen flow: the answer is locked and lists the parts), ``PUT /bestandsdelen/{uuid}``
(multipart), lock, unlock (joins the parts), PATCH (only with the document's lock).
Klantinteracties: partijen (with their identificatoren), klantcontacten, betrokkenen,
onderwerpobjecten, interne taken; relations by ``{"uuid": ...}`` as Open Klant takes them."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import uuid as uuidlib
from datetime import UTC, date, datetime
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from registries import models as m
from tests.support.fake_zgw import serialise as s
from tests.support.fake_zgw.http import Antwoord, pagineer, probleem
from tests.support.fake_zgw.schrijven_zaken import BESTAAT_NIET, _datum, _json, _verplicht
from tests.support.fake_zgw.state import APIS, FakeState

# --- Documenten -------------------------------------------------------------------------------


def _doc_url(state: FakeState, uuid: str) -> str:
    return f"{state.base}{APIS['documenten']}/enkelvoudiginformatieobjecten/{uuid}"


def _document(state: FakeState, request: Request) -> m.EnkelvoudigInformatieObject:
    d = state.data.documenten.get(_doc_url(state, request.path_params["uuid"]))
    if d is None:
        raise Antwoord(404, {"detail": "Niet gevonden."})
    return d


async def document_maken(request: Request, state: FakeState) -> Any:
    body = await _json(request)
    _verplicht(body, "bronorganisatie", "creatiedatum", "titel", "auteur", "taal")
    _verplicht(body, "informatieobjecttype")
    iot = state.data.informatieobjecttypen.get(str(body["informatieobjecttype"]))
    if iot is None:
        raise probleem(400, "Invalid input.", [("informatieobjecttype", BESTAAT_NIET)])
    identificatie = str(body.get("identificatie") or "")
    if identificatie and any(
        d.identificatie == identificatie and d.bronorganisatie == body["bronorganisatie"]
        for d in state.data.documenten.values()
    ):
        raise probleem(400, "Invalid input.", [("identificatie", "Deze identificatie bestaat al.")])
    if not identificatie:
        jaar = date.today().year
        identificatie = f"DOCUMENT-{jaar}-{state.volgend(f'document-{jaar}'):010d}"
    inhoud: bytes | None = None
    if body.get("inhoud"):
        try:
            inhoud = base64.b64decode(str(body["inhoud"]), validate=True)
        except (binascii.Error, ValueError):
            raise probleem(400, "Invalid input.", [("inhoud", "Ongeldige base64.")]) from None
    omvang = int(body.get("bestandsomvang") or 0) if inhoud is None else len(inhoud)
    uuid = str(uuidlib.uuid4())
    url = _doc_url(state, uuid)
    status = body.get("status") or None
    vertrouwelijkheid = body.get("vertrouwelijkheidaanduiding")
    d = m.EnkelvoudigInformatieObject(
        url=url,
        uuid=uuid,
        identificatie=identificatie,
        bronorganisatie=str(body["bronorganisatie"]),
        creatiedatum=_datum(body, "creatiedatum") or date.today(),
        titel=str(body["titel"]),
        vertrouwelijkheidaanduiding=m.Vertrouwelijkheid(vertrouwelijkheid)
        if vertrouwelijkheid
        else iot.vertrouwelijkheidaanduiding,
        auteur=str(body["auteur"]),
        status=m.DocumentStatus(status) if status else None,
        formaat=str(body.get("formaat") or ""),
        taal=str(body["taal"]),
        begin_registratie=datetime.now(UTC),
        bestandsnaam=str(body.get("bestandsnaam") or ""),
        bestandsomvang=omvang,
        inhoud=f"{url}/download?versie=1",
        beschrijving=str(body.get("beschrijving") or ""),
        ontvangstdatum=_datum(body, "ontvangstdatum"),
        verzenddatum=_datum(body, "verzenddatum"),
        indicatie_gebruiksrecht=False,
        informatieobjecttype=iot.url,
        trefwoorden=[str(t) for t in body.get("trefwoorden") or ()],
    )
    antwoord = s.document(d)
    if inhoud is None and omvang > 0:
        # the bestandsdelen flow: locked until all parts are uploaded and it is unlocked
        lock = uuidlib.uuid4().hex
        d = dataclasses.replace(d, locked=True)
        state.locks[url] = lock
        delen = []
        for volgnummer, start in enumerate(range(0, omvang, state.deel_grootte), start=1):
            deel_url = f"{state.base}{APIS['documenten']}/bestandsdelen/{uuidlib.uuid4()}"
            grootte = min(state.deel_grootte, omvang - start)
            state.bestandsdelen[deel_url] = (url, volgnummer, grootte, None)
            delen.append(
                {
                    "url": deel_url,
                    "volgnummer": volgnummer,
                    "omvang": grootte,
                    "voltooid": False,
                    "lock": lock,
                }
            )
        antwoord = {**s.document(d), "lock": lock, "bestandsdelen": delen}
    else:
        state.data.inhoud[url] = inhoud or b""
    state.data.documenten[url] = d
    return Antwoord(201, antwoord)


async def bestandsdeel_zenden(request: Request, state: FakeState) -> Any:
    url = f"{state.base}{APIS['documenten']}/bestandsdelen/{request.path_params['uuid']}"
    deel = state.bestandsdelen.get(url)
    if deel is None:
        raise Antwoord(404, {"detail": "Niet gevonden."})
    document, volgnummer, omvang, _ = deel
    async with request.form() as form:
        lock, inhoud = form.get("lock"), form.get("inhoud")
        if lock != state.locks.get(document):
            raise probleem(400, "Invalid input.", [("lock", "Incorrect lock ID.")])
        if not isinstance(inhoud, UploadFile):
            raise probleem(400, "Invalid input.", [("inhoud", "Geen bestand.")])
        data = await inhoud.read()
    if len(data) != omvang:
        raise probleem(
            400, "Invalid input.", [("inhoud", f"Het bestand moet {omvang} bytes groot zijn.")]
        )
    state.bestandsdelen[url] = (document, volgnummer, omvang, data)
    return {"url": url, "volgnummer": volgnummer, "omvang": omvang, "voltooid": True, "lock": lock}


async def document_lock(request: Request, state: FakeState) -> Any:
    d = _document(state, request)
    if state.locks.get(d.url):
        raise probleem(400, "Invalid input.", [("nonFieldErrors", "Het document is al gelockt.")])
    lock = uuidlib.uuid4().hex
    state.locks[d.url] = lock
    state.data.documenten[d.url] = dataclasses.replace(d, locked=True)
    return {"lock": lock}


async def document_unlock(request: Request, state: FakeState) -> Any:
    d = _document(state, request)
    body = await _json(request)
    if not state.locks.get(d.url) or body.get("lock") != state.locks[d.url]:
        raise probleem(400, "Invalid input.", [("lock", "Incorrect lock ID.")])
    delen = sorted((v for v in state.bestandsdelen.values() if v[0] == d.url), key=lambda v: v[1])
    if delen:
        if any(v[3] is None for v in delen):
            raise probleem(
                400, "Invalid input.", [("nonFieldErrors", "Upload van bestandsdelen onvolledig.")]
            )
        state.data.inhoud[d.url] = b"".join(v[3] or b"" for v in delen)
        for deel_url in [k for k, v in state.bestandsdelen.items() if v[0] == d.url]:
            del state.bestandsdelen[deel_url]
    state.locks[d.url] = ""
    state.data.documenten[d.url] = dataclasses.replace(d, locked=False)
    return Antwoord(204)


_DOC_VELDEN = ("titel", "beschrijving", "auteur", "taal")


async def document_wijzigen(request: Request, state: FakeState) -> Any:
    d = _document(state, request)
    body = await _json(request)
    if not state.locks.get(d.url) or body.get("lock") != state.locks[d.url]:
        raise probleem(400, "Invalid input.", [("nonFieldErrors", "Het document is niet gelockt.")])
    values: dict[str, Any] = {k: str(body[k]) for k in _DOC_VELDEN if k in body}
    if "vertrouwelijkheidaanduiding" in body:
        values["vertrouwelijkheidaanduiding"] = m.Vertrouwelijkheid(
            body["vertrouwelijkheidaanduiding"]
        )
    if "status" in body:
        values["status"] = m.DocumentStatus(body["status"]) if body["status"] else None
    for naam in ("ontvangstdatum", "verzenddatum"):
        if naam in body:
            values[naam] = _datum(body, naam)
    if "trefwoorden" in body:
        values["trefwoorden"] = [str(t) for t in body["trefwoorden"]]
    d = dataclasses.replace(d, versie=d.versie + 1, **values)
    state.data.documenten[d.url] = d
    return s.document(d)


# --- Klantinteracties -------------------------------------------------------------------------


def _klant_url(state: FakeState, soort: str) -> tuple[str, str]:
    uuid = str(uuidlib.uuid4())
    return f"{state.base}{APIS['klantinteracties']}/{soort}/{uuid}", uuid


def _fk_uuid(body: dict[str, Any], naam: str) -> str | None:
    value = body.get(naam)
    if isinstance(value, dict) and value.get("uuid"):
        return str(value["uuid"])
    return None


def _klantcontact(state: FakeState, uuid: str | None, veld: str) -> m.Klantcontact:
    url = f"{state.base}{APIS['klantinteracties']}/klantcontacten/{uuid}"
    k = state.data.klantcontacten.get(url)
    if uuid is None or k is None:
        raise probleem(400, "Invalid input.", [(veld, "Bestaat niet.")])
    return k


def _ids(partij: dict[str, Any]) -> list[m.PartijIdentificator]:
    return [
        m.PartijIdentificator(
            code_objecttype=p["partijIdentificator"]["codeObjecttype"],
            code_soort_object_id=p["partijIdentificator"]["codeSoortObjectId"],
            object_id=p["partijIdentificator"]["objectId"],
            code_register=p["partijIdentificator"].get("codeRegister", ""),
        )
        for p in partij.get("partijIdentificatoren") or ()
    ]


async def partijen_lijst(request: Request, state: FakeState) -> Any:
    q = request.query_params
    soort = q.get("partijIdentificator__codeSoortObjectId")
    object_id = q.get("partijIdentificator__objectId")
    found = [
        p
        for p in state.partijen.values()
        if any(
            (soort is None or i.code_soort_object_id == soort)
            and (object_id is None or i.object_id == object_id)
            for i in _ids(p)
        )
    ]
    return pagineer(request, found)


async def partij_maken(request: Request, state: FakeState) -> Any:
    body = await _json(request)
    url, _ = _klant_url(state, "partijen")
    ident = body.get("partijIdentificatie") or {}
    naam = (ident.get("contactnaam") or {}).get("achternaam") or ident.get("naam") or ""
    ids = [
        m.PartijIdentificator(
            code_objecttype=p["partijIdentificator"]["codeObjecttype"],
            code_soort_object_id=p["partijIdentificator"]["codeSoortObjectId"],
            object_id=p["partijIdentificator"]["objectId"],
            code_register=p["partijIdentificator"].get("codeRegister", ""),
        )
        for p in body.get("partijIdentificatoren") or ()
    ]
    state.partijen[url] = s.partij(url, ids, [], str(naam))
    return Antwoord(201, state.partijen[url])


async def klantcontact_maken(request: Request, state: FakeState) -> Any:
    body = await _json(request)
    _verplicht(body, "kanaal", "onderwerp", "taal")
    url, uuid = _klant_url(state, "klantcontacten")
    nummer = f"{state.volgend('klantcontact') + 9000000000:010d}"
    k = m.Klantcontact(
        url=url,
        uuid=uuid,
        nummer=nummer,
        kanaal=str(body["kanaal"]),
        onderwerp=str(body["onderwerp"]),
        inhoud=str(body.get("inhoud") or ""),
        indicatie_contact_gelukt=body.get("indicatieContactGelukt"),
        taal=str(body["taal"]),
        vertrouwelijk=bool(body.get("vertrouwelijk")),
        plaatsgevonden_op=datetime.fromisoformat(str(body["plaatsgevondenOp"]))
        if body.get("plaatsgevondenOp")
        else datetime.now(UTC),
    )
    state.data.klantcontacten[url] = k
    return Antwoord(201, s.klantcontact(k))


async def betrokkene_maken(request: Request, state: FakeState) -> Any:
    body = await _json(request)
    k = _klantcontact(state, _fk_uuid(body, "hadKlantcontact"), "hadKlantcontact")
    partij_uuid = _fk_uuid(body, "wasPartij")
    partij_url = (
        f"{state.base}{APIS['klantinteracties']}/partijen/{partij_uuid}" if partij_uuid else None
    )
    if partij_url is not None and partij_url not in state.partijen:
        raise probleem(400, "Invalid input.", [("wasPartij", "Bestaat niet.")])
    url, uuid = _klant_url(state, "betrokkenen")
    b = m.KlantcontactBetrokkene(
        url=url,
        uuid=uuid,
        klantcontact=k.url,
        rol=str(body.get("rol") or "klant"),
        volledige_naam=" ".join(
            str(deel)
            for deel in (
                (body.get("contactnaam") or {}).get(k)
                for k in ("voornaam", "voorvoegselAchternaam", "achternaam")
            )
            if deel
        ),
        organisatienaam=str(body.get("organisatienaam") or ""),
        initiator=bool(body.get("initiator")),
        partij_identificatoren=_ids(state.partijen[partij_url]) if partij_url else [],
    )
    state.data.klantcontacten[k.url] = dataclasses.replace(k, betrokkenen=[*k.betrokkenen, b])
    if partij_url is not None:
        state.partij_van[url] = partij_url
        partij = state.partijen[partij_url]
        state.partijen[partij_url] = {**partij, "betrokkenen": [*partij["betrokkenen"], s.fk(url)]}
    return Antwoord(201, s.betrokkene(b, partij_url))


async def onderwerpobject_maken(request: Request, state: FakeState) -> Any:
    body = await _json(request)
    k = _klantcontact(state, _fk_uuid(body, "klantcontact"), "klantcontact")
    ident = body.get("onderwerpobjectidentificator") or {}
    url, uuid = _klant_url(state, "onderwerpobjecten")
    o = m.Onderwerpobject(
        url=url,
        uuid=uuid,
        klantcontact=k.url,
        code_objecttype=str(ident.get("codeObjecttype") or ""),
        code_register=str(ident.get("codeRegister") or ""),
        code_soort_object_id=str(ident.get("codeSoortObjectId") or ""),
        object_id=str(ident.get("objectId") or ""),
    )
    state.data.klantcontacten[k.url] = dataclasses.replace(
        k, onderwerpobjecten=[*k.onderwerpobjecten, o]
    )
    return Antwoord(201, s.onderwerpobject(o))


async def interne_taak_maken(request: Request, state: FakeState) -> Any:
    body = await _json(request)
    _verplicht(body, "gevraagdeHandeling", "status")
    k = _klantcontact(
        state, _fk_uuid(body, "aanleidinggevendKlantcontact"), "aanleidinggevendKlantcontact"
    )
    url, uuid = _klant_url(state, "internetaken")
    nummer = f"{state.volgend('internetaak') + 9000000000:010d}"
    taak = {
        "uuid": uuid,
        "url": url,
        "nummer": nummer,
        "referentienummer": nummer,
        "gevraagdeHandeling": str(body["gevraagdeHandeling"]),
        "aanleidinggevendKlantcontact": s.fk(k.url),
        "toegewezenAanActoren": [],
        "toelichting": str(body.get("toelichting") or ""),
        "status": str(body["status"]),
        "toegewezenOp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "afgehandeldOp": None,
    }
    state.internetaken[url] = taak
    return Antwoord(201, taak)
