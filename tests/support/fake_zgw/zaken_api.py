"""The fake Zaken API: zaken (list with Open Zaak's filters, _zoek, detail, expand),
statussen, rollen, resultaten, zaakinformatieobjecten and zaakeigenschappen."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from starlette.requests import Request

from registries import models as m
from tests.support.fake_zgw import serialise as s
from tests.support.fake_zgw.http import Antwoord, pagineer, probleem
from tests.support.fake_zgw.state import APIS, FakeState

EXPANDEERBAAR = {
    "zaaktype",
    "status",
    "status.statustype",
    "rollen",
    "rollen.roltype",
    "resultaat",
    "resultaat.resultaattype",
    "zaakinformatieobjecten",
    "eigenschappen",
    "eigenschappen.eigenschap",
}
_R = "rol__betrokkeneIdentificatie__"
_IDENTITEIT_FILTERS: dict[str, tuple[type[Any], str]] = {
    _R + "natuurlijkPersoon__inpBsn": (m.NatuurlijkPersoon, "inp_bsn"),
    _R + "nietNatuurlijkPersoon__innNnpId": (m.NietNatuurlijkPersoon, "inn_nnp_id"),
    _R + "nietNatuurlijkPersoon__kvkNummer": (m.NietNatuurlijkPersoon, "kvk_nummer"),
    _R + "nietNatuurlijkPersoon__vestigingsNummer": (m.NietNatuurlijkPersoon, "vestigings_nummer"),
    _R + "vestiging__vestigingsNummer": (m.Vestiging, "vestigings_nummer"),
    _R + "vestiging__kvkNummer": (m.Vestiging, "kvk_nummer"),
}
_MAX_LENGTE = {_R + "natuurlijkPersoon__inpBsn": 9, _R + "nietNatuurlijkPersoon__innNnpId": 9}


def expand_set(waarde: Any) -> set[str]:
    """Open Zaak's quirk: a nested path counts only when every parent is named too."""
    if isinstance(waarde, list):
        paden = {str(p) for p in waarde}
    else:
        paden = {p.strip() for p in str(waarde or "").split(",") if p.strip()}
    onbekend = paden - EXPANDEERBAAR
    if onbekend:
        raise probleem(400, "Ongeldige expand.", [("expand", f"onbekend: {sorted(onbekend)}")])
    return {
        p
        for p in paden
        if all(".".join(p.split(".")[:i]) in paden for i in range(1, p.count(".") + 1))
    }


def zaak_met_expand(state: FakeState, url: str, expand: set[str]) -> dict[str, Any]:
    data = state.data
    d = dict(state.zaak_json[url])
    z = data.zaken[url]
    exp: dict[str, Any] = {}
    if "zaaktype" in expand:
        exp["zaaktype"] = s.zaaktype(data.zaaktypen[z.zaaktype])
    if "status" in expand and z.status is not None:
        st = s.status(state.status_per_url[z.status])
        if "status.statustype" in expand:
            statustype = data.statustypen[st["statustype"]]
            st["_expand"] = {
                "statustype": s.statustype(statustype, data.zaaktypen[statustype.zaaktype])
            }
        exp["status"] = st
    if "rollen" in expand:
        rollen = []
        for r in data.rollen.get(url, ()):
            rj = s.rol(r)
            if "rollen.roltype" in expand:
                rt = data.roltypen[r.roltype]
                rj["_expand"] = {"roltype": s.roltype(rt, data.zaaktypen[rt.zaaktype])}
            rollen.append(rj)
        exp["rollen"] = rollen
    if "resultaat" in expand and url in data.resultaten:
        resultaat = s.resultaat(data.resultaten[url])
        if "resultaat.resultaattype" in expand:
            soort = data.resultaattypen[resultaat["resultaattype"]]
            resultaat["_expand"] = {
                "resultaattype": s.resultaattype(soort, data.zaaktypen[soort.zaaktype])
            }
        exp["resultaat"] = resultaat
    if "zaakinformatieobjecten" in expand:
        exp["zaakinformatieobjecten"] = [
            s.zaakinformatieobject(i) for i in data.zaakinformatieobjecten.get(url, ())
        ]
    if "eigenschappen" in expand:
        exp["eigenschappen"] = [s.zaakeigenschap(e) for e in data.eigenschappen.get(url, ())]
    if expand:
        d["_expand"] = exp
    return d


def _datum(naam: str, waarde: Any) -> date:
    try:
        return date.fromisoformat(str(waarde))
    except ValueError:
        raise probleem(400, "Ongeldige datum.", [(naam, "Voer een geldige datum in.")]) from None


def _bool(waarde: Any) -> bool:
    return waarde is True or str(waarde).lower() in ("true", "1")


def filter_zaken(state: FakeState, f: Mapping[str, Any]) -> list[str]:
    """Zaak URLs matching the filters (each ``rol__`` filter joins separately, as in Open Zaak)."""
    data = state.data
    for naam, maximum in _MAX_LENGTE.items():
        if naam in f and len(str(f[naam])) > maximum:
            raise probleem(
                400,
                "Ongeldige filter.",
                [(naam, f"Zorg ervoor dat dit veld niet meer dan {maximum} tekens bevat.")],
            )
    maximaal: m.Vertrouwelijkheid | None = None
    if "maximaleVertrouwelijkheidaanduiding" in f:
        try:
            maximaal = m.Vertrouwelijkheid(f["maximaleVertrouwelijkheidaanduiding"])
        except ValueError:
            raise probleem(
                400,
                "Ongeldige keuze.",
                [("maximaleVertrouwelijkheidaanduiding", "Ongeldige keuze.")],
            ) from None
    gte = _datum("startdatum__gte", f["startdatum__gte"]) if "startdatum__gte" in f else None
    lte = _datum("startdatum__lte", f["startdatum__lte"]) if "startdatum__lte" in f else None
    uuid_in = set(f["uuid__in"]) if "uuid__in" in f else None
    zaaktype_in = set(f["zaaktype__in"]) if "zaaktype__in" in f else None

    def past(url: str) -> bool:
        z = data.zaken[url]
        rollen = data.rollen.get(url, ())
        if uuid_in is not None and z.uuid not in uuid_in:
            return False
        if "zaaktype" in f and z.zaaktype != f["zaaktype"]:
            return False
        if zaaktype_in is not None and z.zaaktype not in zaaktype_in:
            return False
        if "identificatie" in f and z.identificatie != f["identificatie"]:
            return False
        if "bronorganisatie" in f and z.bronorganisatie != f["bronorganisatie"]:
            return False
        if (
            "omschrijving" in f
            and str(f["omschrijving"]).casefold() not in z.omschrijving.casefold()
        ):
            return False
        if maximaal is not None and z.vertrouwelijkheidaanduiding.rank > maximaal.rank:
            return False
        if gte is not None and z.startdatum < gte:
            return False
        if lte is not None and z.startdatum > lte:
            return False
        if "einddatum__isnull" in f and (z.einddatum is None) != _bool(f["einddatum__isnull"]):
            return False
        if "status__statustype" in f:
            huidig = state.status_per_url.get(z.status or "")
            if huidig is None or huidig.statustype != f["status__statustype"]:
                return False
        if "rol__omschrijvingGeneriek" in f and not any(
            r.omschrijving_generiek.value == f["rol__omschrijvingGeneriek"] for r in rollen
        ):
            return False
        for naam, (cls, attr) in _IDENTITEIT_FILTERS.items():
            if naam in f and not any(
                isinstance(r.betrokkene_identificatie, cls)
                and getattr(r.betrokkene_identificatie, attr) == f[naam]
                for r in rollen
            ):
                return False
        return True

    urls = [u for u in data.volgorde if past(u)]
    ordering = f.get("ordering", "-startdatum")
    if isinstance(ordering, list):
        ordering = ordering[0] if ordering else "-startdatum"
    zaak = data.zaken
    if ordering == "startdatum":
        urls.sort(key=lambda u: (zaak[u].startdatum, zaak[u].identificatie))
    elif ordering == "-registratiedatum":
        urls.sort(key=lambda u: (zaak[u].registratiedatum, zaak[u].identificatie), reverse=True)
    elif ordering == "identificatie":
        urls.sort(key=lambda u: zaak[u].identificatie)
    return urls


async def zaken_lijst(request: Request, state: FakeState) -> Any:
    query = dict(request.query_params)
    expand = expand_set(query.pop("expand", ""))
    urls = filter_zaken(state, query)
    page = pagineer(request, urls)
    page["results"] = [zaak_met_expand(state, u, expand) for u in page["results"]]
    return page


async def zaken_zoek(request: Request, state: FakeState) -> Any:
    body = await request.json()
    if not isinstance(body, dict):
        raise probleem(400, "Ongeldige body.", [("nonFieldErrors", "Verwacht een object.")])
    expand = expand_set(request.query_params.get("expand") or body.pop("expand", ""))
    urls = filter_zaken(state, body)
    page = pagineer(request, urls)
    page["results"] = [zaak_met_expand(state, u, expand) for u in page["results"]]
    return page


def _zaak_url(state: FakeState, uuid: str) -> str:
    url = f"{state.base}{APIS['zaken']}/zaken/{uuid}"
    if url not in state.data.zaken:
        raise Antwoord(404, {"detail": "Niet gevonden."})
    return url


async def zaak_detail(request: Request, state: FakeState) -> Any:
    url = _zaak_url(state, request.path_params["uuid"])
    return zaak_met_expand(state, url, expand_set(request.query_params.get("expand", "")))


async def zaakeigenschappen(request: Request, state: FakeState) -> Any:
    url = _zaak_url(state, request.path_params["uuid"])
    return [s.zaakeigenschap(e) for e in state.data.eigenschappen.get(url, ())]


def _per_url(request: Request, state: FakeState, bron: Mapping[str, Any]) -> Any:
    zaak = request.query_params.get("zaak")
    if zaak is None:
        return [
            i for items in bron.values() for i in (items if isinstance(items, list) else [items])
        ]
    found = bron.get(zaak, [])
    return found if isinstance(found, list) else [found]


async def statussen(request: Request, state: FakeState) -> Any:
    items = _per_url(request, state, state.data.statussen)
    statustype = request.query_params.get("statustype")
    if statustype is not None:
        items = [x for x in items if x.statustype == statustype]
    return pagineer(request, [s.status(x) for x in items])


async def status_detail(request: Request, state: FakeState) -> Any:
    url = f"{state.base}{APIS['zaken']}/statussen/{request.path_params['uuid']}"
    if url not in state.status_per_url:
        raise Antwoord(404, {"detail": "Niet gevonden."})
    return s.status(state.status_per_url[url])


async def rollen(request: Request, state: FakeState) -> Any:
    items = _per_url(request, state, state.data.rollen)
    roltype = request.query_params.get("roltype")
    if roltype is not None:
        items = [x for x in items if x.roltype == roltype]
    return pagineer(request, [s.rol(x) for x in items])


async def resultaten(request: Request, state: FakeState) -> Any:
    items = _per_url(request, state, state.data.resultaten)
    return pagineer(request, [s.resultaat(x) for x in items])


async def zaakinformatieobjecten(request: Request, state: FakeState) -> Any:
    items = _per_url(request, state, state.data.zaakinformatieobjecten)
    document = request.query_params.get("informatieobject")
    if document is not None:
        items = [i for i in items if i.informatieobject == document]
    return [s.zaakinformatieobject(i) for i in items]  # not paginated in Zaken 1.5
