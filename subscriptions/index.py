"""The subscriber index: which abonnees could be interested in an event, found by its keys.

Each abonnee is filed under the narrowest keys its filter and scope allow:

- a subscription on one zaak: under that zaak's URL;
- a burger (scope "a rol names me") or `mijnZaken`: under each of their identities (BSN, KvK);
- a subscription or scope limited to some zaaktypen: under each zaaktype URL;
- everything else (a behandelaar of all zaaktypen, a KCC dashboard): in the small "broad" set.

An event's candidates are the abonnees under its zaak URLs, the identities named by its zaken's
rollen, its zaaktypen, and the broad set; only those are checked and offered the event. (An
event tied to no zaaktype -- a document linked to no zaak, a catalogus change -- is also checked
against everyone filed under a zaaktype: such events are rare.) So the
cost of an event grows with the subscribers that could match, not with all subscribers. (An
abonnee filed under several keys may be found twice; `Abonnee.aanbieden` drops the repeat.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from subscriptions.abonnee import Abonnee
from subscriptions.doelgroep import Doelgroep

ZAAK = "zaak"
BETROKKENE = "betrokkene"
ZAAKTYPE = "zaaktype"
BREED = "breed"
#: a scope with more zaaktypen than this is filed as broad (the per-event check still applies)
MAX_ZAAKTYPE_SLEUTELS = 256


def sleutels(abonnee: Abonnee) -> tuple[tuple[str, Any], ...]:
    f, scope = abonnee.filter, abonnee.scope
    if scope.niets:
        return ()
    if f.zaak is not None:
        return ((ZAAK, f.zaak),)
    if f.betrokkenen is not None:
        return tuple((BETROKKENE, b) for b in f.betrokkenen)
    if scope.betrokkenen is not None:
        return tuple((BETROKKENE, b) for b in scope.betrokkenen)
    zaaktypen = f.zaaktypen
    if scope.zaaktypen is not None:
        zaaktypen = scope.zaaktypen if zaaktypen is None else zaaktypen & scope.zaaktypen
    if zaaktypen is not None and len(zaaktypen) <= MAX_ZAAKTYPE_SLEUTELS:
        return tuple((ZAAKTYPE, z) for z in zaaktypen)
    return ((BREED, None),)


class Index:
    def __init__(self) -> None:
        self._per: dict[str, dict[Any, set[Abonnee]]] = {ZAAK: {}, BETROKKENE: {}, ZAAKTYPE: {}}
        self._breed: set[Abonnee] = set()
        #: everyone filed under a zaaktype (for events that name none)
        self._per_zaaktype: set[Abonnee] = set()
        self._alle: set[Abonnee] = set()

    def voeg_toe(self, abonnee: Abonnee) -> None:
        abonnee.sleutels = sleutels(abonnee)
        for soort, key in abonnee.sleutels:
            if soort == BREED:
                self._breed.add(abonnee)
            else:
                self._per[soort].setdefault(key, set()).add(abonnee)
                if soort == ZAAKTYPE:
                    self._per_zaaktype.add(abonnee)
        self._alle.add(abonnee)

    def verwijder(self, abonnee: Abonnee) -> None:
        for soort, key in abonnee.sleutels:
            if soort == BREED:
                self._breed.discard(abonnee)
                continue
            bucket = self._per[soort].get(key)
            if bucket is not None:
                bucket.discard(abonnee)
                if not bucket:
                    del self._per[soort][key]
        abonnee.sleutels = ()
        self._per_zaaktype.discard(abonnee)
        self._alle.discard(abonnee)

    def kandidaten(self, doelgroep: Doelgroep) -> Iterator[Abonnee]:
        per = self._per
        for url in doelgroep.zaak_urls:
            yield from per[ZAAK].get(url, ())
        for betrokkene in doelgroep.betrokkenen:
            yield from per[BETROKKENE].get(betrokkene, ())
        if doelgroep.zaaktype_urls:
            for zaaktype in doelgroep.zaaktype_urls:
                yield from per[ZAAKTYPE].get(zaaktype, ())
        else:
            yield from self._per_zaaktype
        yield from self._breed

    def alle(self) -> list[Abonnee]:
        return list(self._alle)

    def __len__(self) -> int:
        return len(self._alle)

    def omvang(self) -> dict[str, int]:
        """How many keys of each kind, and the size of the broad set (for /metrics and tests)."""
        return {**{soort: len(keys) for soort, keys in self._per.items()}, BREED: len(self._breed)}
