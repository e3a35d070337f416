"""Who may learn of an event: its audience (doelgroep), worked out once per event.

For each event the registries are read once -- for a page of events in one batch: the zaken it
concerns (the hoofdObject of a `zaken` event; the zaken a document or klantcontact is linked to),
their rollen and zaaktypen, the document or klantcontact itself. `Doelgroep.toegelaten(scope)`
then decides, synchronously and without I/O, whether a subscriber with that `Scope` may learn of
the event at all, with the same `admits_*` rules the registries and the row guard use.

Fail closed: an event whose zaak is gone (a `destroy`) is judged by its kenmerken (zaaktype,
vertrouwelijkheidaanduiding), and never reaches a scope that needs the zaak's rollen or status
(a burger); an event that cannot be tied to anything the gateway knows reaches only unrestricted
scopes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from registries.base import Registries
from registries.models import (
    ZAAK_OBJECTTYPES,
    BetrokkeneId,
    EnkelvoudigInformatieObject,
    IdentificatieSoort,
    IndicatieInternOfExtern,
    Klantcontact,
    Notificatie,
    Rol,
    Vertrouwelijkheid,
    Zaak,
    ZaakType,
)
from registries.scope import Scope

ZAKEN = "zaken"
DOCUMENTEN = "documenten"
KLANTCONTACTEN = "klantcontacten"
#: the Catalogi kanalen: reference data, and the catalogus cache must be refreshed
CATALOGUS_KANALEN = frozenset({"zaaktypen", "informatieobjecttypen", "besluittypen"})

_ALLES = Scope.alles()  # system reads: the audience is decided here, not by the registry


class Soort(enum.Enum):
    ZAAK = "zaak"
    DOCUMENT = "document"
    KLANTCONTACT = "klantcontact"
    CATALOGUS = "catalogus"
    ONBEKEND = "onbekend"


@dataclass(frozen=True, slots=True)
class ZaakFeit:
    """What decides who may see events about one zaak."""

    url: str
    #: None when the zaak is not (or no longer) in the registry
    zaak: Zaak | None
    zaaktype: ZaakType | None
    rollen: tuple[Rol, ...]
    #: from the event's kenmerken, for a zaak that is gone
    zaaktype_url: str | None = None
    vertrouwelijkheid: Vertrouwelijkheid | None = None

    def toegelaten(self, scope: Scope) -> bool:
        if self.zaak is not None:
            return scope.admits_zaak(self.zaak, self.zaaktype, self.rollen)
        if scope.niets or scope.betrokkenen is not None or scope.met_status:
            return False
        if scope.zaaktypen is not None and self.zaaktype_url not in scope.zaaktypen:
            return False
        if scope.max_vertrouwelijkheid is not None and (
            self.vertrouwelijkheid is None
            or self.vertrouwelijkheid.rank > scope.max_vertrouwelijkheid.rank
        ):
            return False
        return not scope.alleen_extern or (
            self.zaaktype is not None
            and self.zaaktype.indicatie_intern_of_extern is IndicatieInternOfExtern.EXTERN
        )


def onbeperkt(scope: Scope) -> bool:
    """A scope without row restrictions on zaken (a behandelaar of all zaaktypen)."""
    return not (
        scope.niets
        or scope.zaaktypen is not None
        or scope.betrokkenen is not None
        or scope.alleen_extern
        or scope.met_status
    )


@dataclass(frozen=True, slots=True)
class Doelgroep:
    soort: Soort
    zaken: tuple[ZaakFeit, ...] = ()
    document: EnkelvoudigInformatieObject | None = None
    klantcontact: Klantcontact | None = None
    #: catalogus events of kanaal zaaktypen: the zaaktype concerned
    zaaktype: str | None = None
    # --- the index keys ---------------------------------------------------------------------
    zaak_urls: frozenset[str] = frozenset()
    zaaktype_urls: frozenset[str] = frozenset()
    #: the identities named by the zaken's rollen (and a klantcontact's participants)
    betrokkenen: frozenset[BetrokkeneId] = frozenset()

    @property
    def zaak_url(self) -> str | None:
        """The zaak the event is about (the first, for a document linked to several)."""
        return self.zaken[0].url if self.zaken else None

    def toegelaten(self, scope: Scope) -> bool:
        """May a subscriber with `scope` learn of this event (its notification fields included)?"""
        if scope.niets:
            return False
        if self.soort is Soort.ZAAK:
            return any(z.toegelaten(scope) for z in self.zaken)
        if self.soort is Soort.DOCUMENT:
            if self.document is None:
                return onbeperkt(scope)
            if not scope.admits_document_metadata(self.document):
                return False
            if self.zaken:
                return any(z.toegelaten(scope) for z in self.zaken)
            return scope.documenten_zonder_zaak
        if self.soort is Soort.KLANTCONTACT:
            if self.klantcontact is None:
                return onbeperkt(scope)
            if not scope.admits_klantcontact_metadata(self.klantcontact):
                return False
            if self.zaken:
                return any(z.toegelaten(scope) for z in self.zaken)
            return scope.klantcontacten_zonder_zaak
        if self.soort is Soort.CATALOGUS:
            return scope.betrokkenen is None and (
                self.zaaktype is None or scope.zaaktypen is None or self.zaaktype in scope.zaaktypen
            )
        return onbeperkt(scope)


def _vertrouwelijkheid(value: str | None) -> Vertrouwelijkheid | None:
    try:
        return Vertrouwelijkheid(value) if value else None
    except ValueError:
        return None


def _zaak_uuids(klantcontact: Klantcontact) -> list[str]:
    return [
        o.object_id for o in klantcontact.onderwerpobjecten if o.code_objecttype in ZAAK_OBJECTTYPES
    ]


async def doelgroepen(registries: Registries, events: Sequence[Notificatie]) -> list[Doelgroep]:
    """The audience of each event, with one batch of registry reads for all of them."""
    doc_urls = {e.hoofd_object for e in events if e.kanaal == DOCUMENTEN}
    kc_urls = {e.hoofd_object for e in events if e.kanaal == KLANTCONTACTEN}
    documenten: dict[str, EnkelvoudigInformatieObject] = {}
    doc_zaken: dict[str, list[str]] = {}
    if doc_urls:
        documenten = await registries.documenten.get_documenten(list(doc_urls), _ALLES)
        links = await registries.zaken.zaakinformatieobjecten_bij(list(doc_urls), _ALLES)
        doc_zaken = {url: [link.zaak for link in items] for url, items in links.items()}
    klantcontacten: dict[str, Klantcontact] = {}
    if kc_urls:
        klantcontacten = await registries.klantcontacten.get_klantcontacten(list(kc_urls), _ALLES)
    zaak_url = registries.zaken.zaak_url
    kc_zaken = {url: [zaak_url(u) for u in _zaak_uuids(k)] for url, k in klantcontacten.items()}

    wanted: set[str] = {e.hoofd_object for e in events if e.kanaal == ZAKEN}
    for urls in (*doc_zaken.values(), *kc_zaken.values()):
        wanted.update(urls)
    zaken = await registries.zaken.get_zaken(list(wanted), _ALLES) if wanted else {}
    rollen = await registries.zaken.rollen_van(list(zaken), _ALLES) if zaken else {}
    zaaktype_urls = {z.zaaktype for z in zaken.values()}
    zaaktype_urls |= {
        e.kenmerken["zaaktype"] for e in events if isinstance(e.kenmerken.get("zaaktype"), str)
    }
    zaaktypen = (
        await registries.catalogi.get_zaaktypen(list(zaaktype_urls)) if zaaktype_urls else {}
    )

    def feit(url: str, event: Notificatie | None = None) -> ZaakFeit:
        zaak = zaken.get(url)
        if zaak is not None:
            return ZaakFeit(url, zaak, zaaktypen.get(zaak.zaaktype), tuple(rollen.get(url, ())))
        kenmerken = event.kenmerken if event is not None else {}
        zt = kenmerken.get("zaaktype")
        return ZaakFeit(
            url,
            None,
            zaaktypen.get(zt) if zt else None,
            (),
            zaaktype_url=zt,
            vertrouwelijkheid=_vertrouwelijkheid(kenmerken.get("vertrouwelijkheidaanduiding")),
        )

    result = []
    for e in events:
        if e.kanaal == ZAKEN:
            result.append(_groep(Soort.ZAAK, (feit(e.hoofd_object, e),)))
        elif e.kanaal == DOCUMENTEN:
            feiten = tuple(feit(u) for u in doc_zaken.get(e.hoofd_object, ()))
            result.append(_groep(Soort.DOCUMENT, feiten, document=documenten.get(e.hoofd_object)))
        elif e.kanaal == KLANTCONTACTEN:
            feiten = tuple(feit(u) for u in kc_zaken.get(e.hoofd_object, ()))
            result.append(
                _groep(Soort.KLANTCONTACT, feiten, klantcontact=klantcontacten.get(e.hoofd_object))
            )
        elif e.kanaal in CATALOGUS_KANALEN:
            zaaktype = e.hoofd_object if e.kanaal == "zaaktypen" else None
            result.append(
                Doelgroep(
                    Soort.CATALOGUS,
                    zaaktype=zaaktype,
                    zaaktype_urls=frozenset({zaaktype}) if zaaktype else frozenset(),
                )
            )
        else:
            result.append(Doelgroep(Soort.ONBEKEND))
    return result


def _groep(
    soort: Soort,
    feiten: tuple[ZaakFeit, ...],
    *,
    document: EnkelvoudigInformatieObject | None = None,
    klantcontact: Klantcontact | None = None,
) -> Doelgroep:
    betrokkenen = {i for f in feiten for r in f.rollen for i in r.identificeert()}
    if klantcontact is not None:  # its participants (a burger's own klantcontact)
        betrokkenen |= set(_deelnemers(klantcontact))
    return Doelgroep(
        soort,
        feiten,
        document=document,
        klantcontact=klantcontact,
        zaak_urls=frozenset(f.url for f in feiten),
        zaaktype_urls=frozenset(_zaaktypen(feiten)),
        betrokkenen=frozenset(betrokkenen),
    )


def _deelnemers(klantcontact: Klantcontact) -> Iterable[BetrokkeneId]:
    soorten = {s.value: s for s in IdentificatieSoort}
    for betrokkene in klantcontact.betrokkenen:
        for pid in betrokkene.partij_identificatoren:
            soort = soorten.get(pid.code_soort_object_id)
            if soort is not None:
                yield BetrokkeneId(soort, pid.object_id)


def _zaaktypen(feiten: Iterable[ZaakFeit]) -> Iterable[str]:
    for f in feiten:
        url = f.zaak.zaaktype if f.zaak is not None else f.zaaktype_url
        if url:
            yield url
