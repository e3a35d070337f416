"""The callers of the property-based authorisation test: several principals per role."""

from __future__ import annotations

import random

from gateway.authz.principal import ALLE_ZAAKTYPEN, Principal, Role
from registries.models import Vertrouwelijkheid as V
from tests.support.property_records import World

ROLES = ("behandelaar", "kcc", "burger", "anoniem")


def _behandelaar(n: int, zaaktypen: set[str], maximum: V | None) -> Principal:
    return Principal(
        role=Role.BEHANDELAAR,
        subject=f"mdw-prop-{n}",
        medewerker_id=f"mdw-prop-{n}",
        zaaktypen=frozenset(zaaktypen),
        max_vertrouwelijkheid=maximum,
    )


def principals(world: World) -> dict[str, list[Principal]]:
    """role -> its principals. Behandelaars get a random mix of zaaktype URLs and identificaties
    (seeded by the world), with and without a maximum vertrouwelijkheid in the token."""
    rng = random.Random(world.seed + 1)
    urls = sorted(world.zaaktypen)
    identificaties = sorted({zt.identificatie for zt in world.zaaktypen.values()})
    behandelaars = [
        _behandelaar(0, {ALLE_ZAAKTYPEN}, None),  # the policy's default maximum
        _behandelaar(1, {ALLE_ZAAKTYPEN}, V.ZEER_GEHEIM),
        _behandelaar(2, {ALLE_ZAAKTYPEN}, V.OPENBAAR),
        _behandelaar(3, set(rng.sample(urls, 3)), V.VERTROUWELIJK),
        _behandelaar(4, set(rng.sample(identificaties, 2)), None),
        _behandelaar(5, {*rng.sample(urls, 2), *rng.sample(identificaties, 2)}, V.INTERN),
        _behandelaar(6, {"PARKEERVERGUNNING"}, V.GEHEIM),  # both versions of the zaaktype
        _behandelaar(7, set(), V.ZEER_GEHEIM),  # no zaaktypen in the token: nothing
    ]
    kcc = [
        Principal(role=Role.KCC, subject="kcc-0001", medewerker_id="kcc-0001"),
        # a maximum in the token does not widen the KCC's fixed maximum
        Principal(
            role=Role.KCC,
            subject="kcc-0002",
            medewerker_id="kcc-0002",
            max_vertrouwelijkheid=V.ZEER_GEHEIM,
            zaaktypen=frozenset({ALLE_ZAAKTYPEN}),
        ),
    ]
    burgers = [
        Principal(role=Role.BURGER, subject=p.bsn, naam=p.naam, bsn=p.bsn)
        for p in [*world.burgers, world.vreemde]
    ]
    first, second = world.bedrijven
    burgers += [
        Principal(role=Role.BURGER, subject=first.kvk, naam=first.naam, kvk=first.kvk),
        Principal(
            role=Role.BURGER,
            subject=second.kvk,
            naam=second.naam,
            kvk=second.kvk,
            rsin=second.rsin,
            vestigingsnummer=second.vestigingsnummer,
        ),
        # a burger token that claims a maximum and zaaktypen: neither widens the burger's scope
        Principal(
            role=Role.BURGER,
            subject=world.burgers[0].bsn,
            bsn=world.burgers[0].bsn,
            max_vertrouwelijkheid=V.ZEER_GEHEIM,
            zaaktypen=frozenset({ALLE_ZAAKTYPEN}),
        ),
    ]
    return {
        "behandelaar": behandelaars,
        "kcc": kcc,
        "burger": burgers,
        "anoniem": [Principal.anoniem()],
    }
