"""The fake Documenten, Catalogi and Klantinteracties APIs."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from starlette.requests import Request

from registries import models as m
from tests.support.fake_zgw import serialise as s
from tests.support.fake_zgw.http import Antwoord, pagineer, probleem
from tests.support.fake_zgw.state import APIS, FakeState

# --- Documenten -------------------------------------------------------------------------------


def _document_url(state: FakeState, uuid: str) -> str:
    url = f"{state.base}{APIS['documenten']}/enkelvoudiginformatieobjecten/{uuid}"
    if url not in state.data.documenten:
        raise Antwoord(404, {"detail": "Niet gevonden."})
    return url


async def documenten_lijst(request: Request, state: FakeState) -> Any:
    q = request.query_params
    found = []
    for d in state.data.documenten.values():
        if "identificatie" in q and d.identificatie != q["identificatie"]:
            continue
        if "bronorganisatie" in q and d.bronorganisatie != q["bronorganisatie"]:
            continue
        if "informatieobjecttype" in q and d.informatieobjecttype != q["informatieobjecttype"]:
            continue
        if "titel" in q and q["titel"].casefold() not in d.titel.casefold():
            continue
        if "vertrouwelijkheidaanduiding" in q and (
            d.vertrouwelijkheidaanduiding.value != q["vertrouwelijkheidaanduiding"]
        ):
            continue
        found.append(s.document(d))
    return pagineer(request, found)


async def documenten_zoek(request: Request, state: FakeState) -> Any:
    body = await request.json()
    if not isinstance(body, dict) or not isinstance(body.get("uuid__in"), list):
        raise probleem(400, "Ongeldige body.", [("uuid__in", "Dit veld is vereist.")])
    wanted = set(body["uuid__in"])
    found = [s.document(d) for d in state.data.documenten.values() if d.uuid in wanted]
    return pagineer(request, found)


async def document_detail(request: Request, state: FakeState) -> Any:
    return s.document(state.data.documenten[_document_url(state, request.path_params["uuid"])])


async def document_download(request: Request, state: FakeState) -> Any:
    url = _document_url(state, request.path_params["uuid"])
    return Antwoord(200, raw=state.data.inhoud.get(url, b""))


# --- Catalogi ---------------------------------------------------------------------------------

SOORTEN = (
    "zaaktypen",
    "statustypen",
    "roltypen",
    "resultaattypen",
    "informatieobjecttypen",
    "eigenschappen",
)


def catalogus_json(state: FakeState, soort: str) -> dict[str, dict[str, Any]]:
    if soort not in state.cache:
        state.cache[soort] = _catalogus_json(state, soort)
    found: dict[str, dict[str, Any]] = state.cache[soort]
    return found


def _catalogus_json(state: FakeState, soort: str) -> dict[str, dict[str, Any]]:
    d = state.data
    zt = d.zaaktypen
    if soort == "zaaktypen":
        return {u: s.zaaktype(z) for u, z in zt.items()}
    if soort == "statustypen":
        return {u: s.statustype(x, zt[x.zaaktype]) for u, x in d.statustypen.items()}
    if soort == "roltypen":
        return {u: s.roltype(x, zt[x.zaaktype]) for u, x in d.roltypen.items()}
    if soort == "resultaattypen":
        return {u: s.resultaattype(x, zt[x.zaaktype]) for u, x in d.resultaattypen.items()}
    if soort == "eigenschappen":
        return {u: s.eigenschap(x, zt[x.zaaktype]) for u, x in d.eigenschap_typen.items()}
    return {
        u: s.informatieobjecttype(x, [z for z in zt.values() if u in z.informatieobjecttypen])
        for u, x in d.informatieobjecttypen.items()
    }


def _concept(item: dict[str, Any]) -> bool:
    return bool(item.get("concept"))


def catalogus_lijst(soort: str) -> Any:
    async def handler(request: Request, state: FakeState) -> Any:
        q = request.query_params
        status = q.get("status", "definitief")
        if status not in ("alles", "concept", "definitief"):
            raise probleem(400, "Ongeldige keuze.", [("status", "Ongeldige keuze.")])
        items = list(catalogus_json(state, soort).values())
        if soort != "zaaktypen" and "zaaktype" in q:
            if soort == "informatieobjecttypen":
                items = [i for i in items if q["zaaktype"] in i["zaaktypen"]]
            else:
                items = [i for i in items if i["zaaktype"] == q["zaaktype"]]
        if soort == "zaaktypen" and "identificatie" in q:
            items = [i for i in items if i["identificatie"] == q["identificatie"]]
        if status != "alles" and soort in ("zaaktypen", "informatieobjecttypen"):
            items = [i for i in items if _concept(i) == (status == "concept")]
        return pagineer(request, items)

    return handler


def catalogus_detail(soort: str) -> Any:
    async def handler(request: Request, state: FakeState) -> Any:
        url = f"{state.base}{APIS['catalogi']}/{soort}/{request.path_params['uuid']}"
        item = catalogus_json(state, soort).get(url)
        if item is None:
            raise Antwoord(404, {"detail": "Niet gevonden."})
        etag = '"' + hashlib.sha256(orjson.dumps(item)).hexdigest()[:32] + '"'
        if request.headers.get("if-none-match") == etag:
            return Antwoord(304, None, headers={"ETag": etag})
        return Antwoord(200, item, headers={"ETag": etag})

    return handler


# --- Klantinteracties -------------------------------------------------------------------------

KLANT_EXPAND = {"hadBetrokkenen", "hadBetrokkenen.wasPartij", "gingOverOnderwerpobjecten"}
_P = "hadBetrokkene__wasPartij__partijIdentificator__"


def klantcontact_json(state: FakeState, k: m.Klantcontact, expand: set[str]) -> dict[str, Any]:
    d = s.klantcontact(k)
    exp: dict[str, Any] = {}
    if "hadBetrokkenen" in expand:
        betrokkenen = []
        for b in k.betrokkenen:
            partij = state.partij_van.get(b.url)
            bj = s.betrokkene(b, partij)
            if "hadBetrokkenen.wasPartij" in expand and partij is not None:
                bj["_expand"] = {"wasPartij": state.partijen[partij]}
            betrokkenen.append(bj)
        exp["hadBetrokkenen"] = betrokkenen
    if "gingOverOnderwerpobjecten" in expand:
        exp["gingOverOnderwerpobjecten"] = [s.onderwerpobject(o) for o in k.onderwerpobjecten]
    if expand:
        d["_expand"] = exp
    return d


def _klant_expand(request: Request, state: FakeState) -> set[str]:
    paden = {p for p in request.query_params.get("expand", "").split(",") if p}
    if not state.klant_expand:
        return set()
    if (
        paden
        - KLANT_EXPAND
        - {"leiddeTotInterneTaken", "omvatteBijlagen", "hadBetrokkenen.digitaleAdressen"}
    ):
        raise probleem(400, "Ongeldige expand.", [("expand", "Onbekend pad.")])
    return paden


async def klantcontacten_lijst(request: Request, state: FakeState) -> Any:
    q = request.query_params
    expand = _klant_expand(request, state)

    def past(k: m.Klantcontact) -> bool:
        if "onderwerpobject__onderwerpobjectidentificatorObjectId" in q and not any(
            o.object_id == q["onderwerpobject__onderwerpobjectidentificatorObjectId"]
            for o in k.onderwerpobjecten
        ):
            return False
        pids = [p for b in k.betrokkenen for p in b.partij_identificatoren]
        if _P + "objectId" in q and not any(p.object_id == q[_P + "objectId"] for p in pids):
            return False
        if _P + "codeSoortObjectId" in q and not any(
            p.code_soort_object_id == q[_P + "codeSoortObjectId"] for p in pids
        ):
            return False
        if "kanaal" in q and k.kanaal != q["kanaal"]:
            return False
        return not ("onderwerp" in q and q["onderwerp"].casefold() not in k.onderwerp.casefold())

    found = [
        klantcontact_json(state, k, expand) for k in state.data.klantcontacten.values() if past(k)
    ]
    return pagineer(request, found)


async def klantcontact_detail(request: Request, state: FakeState) -> Any:
    url = f"{state.base}{APIS['klantinteracties']}/klantcontacten/{request.path_params['uuid']}"
    k = state.data.klantcontacten.get(url)
    if k is None:
        raise Antwoord(404, {"detail": "Niet gevonden."})
    return klantcontact_json(state, k, _klant_expand(request, state))


def _klant_url(state: FakeState, soort: str, request: Request) -> str:
    return f"{state.base}{APIS['klantinteracties']}/{soort}/{request.path_params['uuid']}"


async def betrokkene_detail(request: Request, state: FakeState) -> Any:
    url = _klant_url(state, "betrokkenen", request)
    for k in state.data.klantcontacten.values():
        for b in k.betrokkenen:
            if b.url == url:
                return s.betrokkene(b, state.partij_van.get(b.url))
    raise Antwoord(404, {"detail": "Niet gevonden."})


async def partij_detail(request: Request, state: FakeState) -> Any:
    partij = state.partijen.get(_klant_url(state, "partijen", request))
    if partij is None:
        raise Antwoord(404, {"detail": "Niet gevonden."})
    return partij


async def onderwerpobject_detail(request: Request, state: FakeState) -> Any:
    url = _klant_url(state, "onderwerpobjecten", request)
    for k in state.data.klantcontacten.values():
        for o in k.onderwerpobjecten:
            if o.url == url:
                return s.onderwerpobject(o)
    raise Antwoord(404, {"detail": "Niet gevonden."})
