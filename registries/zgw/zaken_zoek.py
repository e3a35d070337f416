"""A zaken search (`ZaakFilter` + `Scope`) as Zaken API queries, and the exact rule to re-check.

What is pushed down as filter parameters (``GET /zaken``, or ``POST /zaken/_zoek`` when a list of
zaaktypen is needed):

===============================  =======================================================
scope / filter                   Zaken API parameter (``rol__betrokkeneIdentificatie__`` = R)
===============================  =======================================================
zaaktypen (incl. alleen_extern)  ``zaaktype`` (one) / ``zaaktype__in`` (several, via _zoek)
max_vertrouwelijkheid            ``maximaleVertrouwelijkheidaanduiding``
betrokkenen BSN                  R ``natuurlijkPersoon__inpBsn``
betrokkenen RSIN                 R ``nietNatuurlijkPersoon__innNnpId``
betrokkenen KvK (Open Zaak)      R ``nietNatuurlijkPersoon__kvkNummer`` | R ``vestiging__kvkNummer``
betrokkenen vestigingsnummer     R ``vestiging__vestigingsNummer``
                                 | (OZ) R ``nietNatuurlijkPersoon__vestigingsNummer``
betrokkene_rollen (one kind)     ``rol__omschrijvingGeneriek`` (narrows only: see below)
identificatie                    ``identificatie``
startdatum van/tot               ``startdatum__gte`` / ``startdatum__lte``
open                             ``einddatum__isnull``
omschrijving_bevat (Open Zaak)   ``omschrijving`` (icontains)
statustype (Open Zaak)           ``status__statustype``
ordering                         ``ordering``
===============================  =======================================================

Not expressible, so checked after fetching: ``met_status``; that the rol naming the identity is
of the required kind (the API joins each ``rol__`` filter separately, so ``inpBsn=X`` and
``omschrijvingGeneriek=initiator`` may match two different rollen); and an identity that maps to
several parameters (OR): each alternative becomes its own query, and the queries are merged in
order without duplicates. The plan says whether its queries are `exact` (then one query's
``count`` is the honest total); otherwise the registry scans and counts what passes the rule.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from registries import models as m
from registries.base import ZaakFilter, ZaakOrdering
from registries.scope import Scope
from registries.zgw.paging import Json, Omgekeerd

ROL = "rol__betrokkeneIdentificatie__"
#: identity -> the parameters that can name it, with "needs Open Zaak's extensions"
_ALTERNATIEVEN: dict[m.IdentificatieSoort, tuple[tuple[str, bool], ...]] = {
    m.IdentificatieSoort.BSN: ((ROL + "natuurlijkPersoon__inpBsn", False),),
    m.IdentificatieSoort.RSIN: ((ROL + "nietNatuurlijkPersoon__innNnpId", False),),
    m.IdentificatieSoort.KVK: (
        (ROL + "nietNatuurlijkPersoon__kvkNummer", True),
        (ROL + "vestiging__kvkNummer", True),
    ),
    m.IdentificatieSoort.VESTIGINGSNUMMER: (
        (ROL + "vestiging__vestigingsNummer", False),
        (ROL + "nietNatuurlijkPersoon__vestigingsNummer", True),
    ),
}
#: at most this many queries for one search (the union of identity alternatives)
MAX_UNIE = 16

_ORDERING_OZ = {
    ZaakOrdering.STARTDATUM_DESC: "-startdatum",
    ZaakOrdering.STARTDATUM_ASC: "startdatum",
    ZaakOrdering.REGISTRATIEDATUM_DESC: "-registratiedatum",
    ZaakOrdering.IDENTIFICATIE_ASC: "identificatie",
}
#: orderings the standard (not only Open Zaak) knows
_ORDERING_STANDAARD = {ZaakOrdering.STARTDATUM_DESC, ZaakOrdering.STARTDATUM_ASC}


@dataclass(slots=True)
class ZakenPlan:
    #: one dict of filter parameters per query; the union of their results is wanted
    queries: list[dict[str, Any]]
    #: every query expresses its part of the filter and scope exactly
    exact: bool
    ordering: str | None
    #: parameter -> the ZaakFilter field it came from (to name the field in errors)
    velden: dict[str, str] = field(default_factory=dict)

    @property
    def direct(self) -> bool:
        """One exact query: its pages and count can be used as they are."""
        return self.exact and len(self.queries) == 1


def _alternatieven(ident: m.BetrokkeneId, oz: bool) -> list[tuple[str, str]]:
    return [(p, ident.waarde) for p, oz_only in _ALTERNATIEVEN[ident.soort] if oz or not oz_only]


def plan(
    f: ZaakFilter, scope: Scope, catalogus: Iterable[m.ZaakType], *, oz: bool
) -> ZakenPlan | None:
    """The queries for `f` within `scope`, or None when nothing can match."""
    if scope.niets:
        return None
    basis: dict[str, Any] = {}
    velden: dict[str, str] = {}
    exact = True

    zaaktypen = scope.effectieve_zaaktypen(catalogus)
    if f.zaaktypen is not None:
        zaaktypen = f.zaaktypen if zaaktypen is None else zaaktypen & f.zaaktypen
    if zaaktypen is not None:
        if not zaaktypen:
            return None
        if len(zaaktypen) == 1:
            basis["zaaktype"] = next(iter(zaaktypen))
        else:
            basis["zaaktype__in"] = sorted(zaaktypen)
        velden["zaaktype"] = velden["zaaktype__in"] = "zaaktypen"
    if scope.max_vertrouwelijkheid is not None:
        basis["maximaleVertrouwelijkheidaanduiding"] = scope.max_vertrouwelijkheid.value
    if scope.met_status:
        exact = False
    if f.identificatie is not None:
        basis["identificatie"] = f.identificatie
        velden["identificatie"] = "identificatie"
    if f.omschrijving_bevat:
        if oz:
            basis["omschrijving"] = f.omschrijving_bevat
            velden["omschrijving"] = "omschrijvingBevat"
        else:
            exact = False
    if f.startdatum_vanaf is not None:
        basis["startdatum__gte"] = f.startdatum_vanaf.isoformat()
        velden["startdatum__gte"] = "startdatumVanaf"
    if f.startdatum_tot_en_met is not None:
        basis["startdatum__lte"] = f.startdatum_tot_en_met.isoformat()
        velden["startdatum__lte"] = "startdatumTotEnMet"
    if f.open is not None:
        basis["einddatum__isnull"] = f.open
    if f.statustype is not None:
        if oz:
            basis["status__statustype"] = f.statustype
            velden["status__statustype"] = "statustype"
        else:
            exact = False

    groepen: list[list[tuple[str, str]]] = []
    if scope.betrokkenen is not None:
        alts = [a for i in sorted(scope.betrokkenen, key=_sort) for a in _alternatieven(i, oz)]
        if not alts:
            return None
        groepen.append(alts)
        if scope.betrokkene_rollen is not None:
            if not scope.betrokkene_rollen:
                return None
            exact = False
            if len(scope.betrokkene_rollen) == 1:
                basis["rol__omschrijvingGeneriek"] = next(iter(scope.betrokkene_rollen)).value
    for soort, waarde, veld in (
        (m.IdentificatieSoort.BSN, f.bsn, "bsn"),
        (m.IdentificatieSoort.KVK, f.kvk, "kvk"),
        (m.IdentificatieSoort.RSIN, f.rsin, "rsin"),
    ):
        if waarde is not None:
            alts = _alternatieven(m.BetrokkeneId(soort, waarde), oz)
            if not alts:
                return None
            groepen.append(alts)
            velden.update({p: veld for p, _ in alts})

    # AND over the groups, OR within a group: one query per combination (within MAX_UNIE);
    # a group that does not fit is left to the re-check
    gekozen: list[list[tuple[str, str]]] = []
    for groep in sorted(groepen, key=len):
        if _aantal([*gekozen, groep]) <= MAX_UNIE:
            gekozen.append(groep)
        else:
            exact = False
    queries: list[dict[str, Any]] = []
    for combinatie in itertools.product(*gekozen):
        query = dict(basis)
        for param, waarde in combinatie:
            if param in query and query[param] != waarde:
                exact = False  # the same parameter twice: keep one, re-check the other
                continue
            query[param] = waarde
        if query not in queries:
            queries.append(query)
    ordering = _ORDERING_OZ[f.ordering] if oz or f.ordering in _ORDERING_STANDAARD else None
    return ZakenPlan(queries=queries, exact=exact, ordering=ordering, velden=velden)


def _aantal(groepen: list[list[tuple[str, str]]]) -> int:
    n = 1
    for g in groepen:
        n *= len(g)
    return n


def _sort(ident: m.BetrokkeneId) -> tuple[str, str]:
    return ident.soort.value, ident.waarde


def sleutel(ordering: ZaakOrdering) -> Any:
    """The sort key of raw zaak JSON under `ordering` (to merge several queries in order)."""

    def key(d: Json) -> Any:
        start, reg, ident = (
            str(d.get("startdatum")),
            str(d.get("registratiedatum")),
            str(d.get("identificatie")),
        )
        if ordering is ZaakOrdering.STARTDATUM_DESC:
            return (Omgekeerd(start), Omgekeerd(ident))
        if ordering is ZaakOrdering.STARTDATUM_ASC:
            return (start, ident)
        if ordering is ZaakOrdering.REGISTRATIEDATUM_DESC:
            return (Omgekeerd(reg), Omgekeerd(ident))
        return (ident,)

    return key


def filter_laat_toe(
    f: ZaakFilter, zaak: m.Zaak, huidige_statustype: str | None, rollen: Any
) -> bool:
    """The filter's own rules, exactly as the embedded store applies them (the scope is checked
    apart, with `Scope.admits_zaak`). `rollen` is needed only for bsn/kvk/rsin."""
    if f.zaaktypen is not None and zaak.zaaktype not in f.zaaktypen:
        return False
    if f.statustype is not None and huidige_statustype != f.statustype:
        return False
    if f.identificatie is not None and zaak.identificatie != f.identificatie:
        return False
    if f.omschrijving_bevat and f.omschrijving_bevat.casefold() not in zaak.omschrijving.casefold():
        return False
    if f.startdatum_vanaf is not None and zaak.startdatum < f.startdatum_vanaf:
        return False
    if f.startdatum_tot_en_met is not None and zaak.startdatum > f.startdatum_tot_en_met:
        return False
    if f.open is True and zaak.einddatum is not None:
        return False
    if f.open is False and zaak.einddatum is None:
        return False
    for soort, waarde in (
        (m.IdentificatieSoort.BSN, f.bsn),
        (m.IdentificatieSoort.KVK, f.kvk),
        (m.IdentificatieSoort.RSIN, f.rsin),
    ):
        if waarde is not None:
            gezocht = m.BetrokkeneId(soort, waarde)
            if not any(gezocht in r.identificeert() for r in rollen or ()):
                return False
    return True


def filter_vraagt_rollen(f: ZaakFilter) -> bool:
    return f.bsn is not None or f.kvk is not None or f.rsin is not None
