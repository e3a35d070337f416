"""A rol's `betrokkeneIdentificatie` as Zaken API JSON (camelCase) <-> domain objects.

One mapping for the embedded store (`registries.sql.rows`) and, free of SQLAlchemy, for
the ZGW adapters and the test support that serves ZGW JSON.
"""

from __future__ import annotations

from typing import Any

from registries import models as m

#: per betrokkeneType: the domain class and JSON name -> attribute name
IDENTIFICATIE_VELDEN: dict[m.BetrokkeneType, tuple[type[Any], dict[str, str]]] = {
    m.BetrokkeneType.NATUURLIJK_PERSOON: (
        m.NatuurlijkPersoon,
        {
            "inpBsn": "inp_bsn",
            "anpIdentificatie": "anp_identificatie",
            "inpA_nummer": "inp_a_nummer",
            "geslachtsnaam": "geslachtsnaam",
            "voorvoegselGeslachtsnaam": "voorvoegsel_geslachtsnaam",
            "voorletters": "voorletters",
            "voornamen": "voornamen",
            "geslachtsaanduiding": "geslachtsaanduiding",
            "geboortedatum": "geboortedatum",
        },
    ),
    m.BetrokkeneType.NIET_NATUURLIJK_PERSOON: (
        m.NietNatuurlijkPersoon,
        {
            "innNnpId": "inn_nnp_id",
            "annIdentificatie": "ann_identificatie",
            "statutaireNaam": "statutaire_naam",
            "innRechtsvorm": "inn_rechtsvorm",
            "kvkNummer": "kvk_nummer",
            "vestigingsNummer": "vestigings_nummer",
        },
    ),
    m.BetrokkeneType.VESTIGING: (
        m.Vestiging,
        {
            "vestigingsNummer": "vestigings_nummer",
            "handelsnaam": "handelsnaam",
            "kvkNummer": "kvk_nummer",
        },
    ),
    m.BetrokkeneType.MEDEWERKER: (
        m.Medewerker,
        {
            "identificatie": "identificatie",
            "achternaam": "achternaam",
            "voorletters": "voorletters",
            "voorvoegselAchternaam": "voorvoegsel_achternaam",
        },
    ),
    m.BetrokkeneType.ORGANISATORISCHE_EENHEID: (
        m.OrganisatorischeEenheid,
        {"identificatie": "identificatie", "naam": "naam", "isGehuisvestIn": "is_gehuisvest_in"},
    ),
}


def identificatie_uit_json(
    betrokkene_type: m.BetrokkeneType, data: dict[str, Any] | None
) -> m.BetrokkeneIdentificatie | None:
    if data is None:
        return None
    cls, velden = IDENTIFICATIE_VELDEN[betrokkene_type]
    obj: m.BetrokkeneIdentificatie = cls(
        **{py: data[js] for js, py in velden.items() if data.get(js) is not None}
    )
    return obj


def identificatie_naar_json(
    betrokkene_type: m.BetrokkeneType, ident: m.BetrokkeneIdentificatie | None
) -> dict[str, Any] | None:
    if ident is None:
        return None
    _cls, velden = IDENTIFICATIE_VELDEN[betrokkene_type]
    return {js: getattr(ident, py) for js, py in velden.items()}


_S = m.IdentificatieSoort
#: per betrokkene type: (key in the identificatie's JSON, the kind of identity), in the order
#: `models.betrokkene_ids` gives them
IDENTITEIT_SLEUTELS: dict[m.BetrokkeneType, tuple[tuple[str, m.IdentificatieSoort], ...]] = {
    m.BetrokkeneType.NATUURLIJK_PERSOON: (("inpBsn", _S.BSN),),
    m.BetrokkeneType.NIET_NATUURLIJK_PERSOON: (
        ("kvkNummer", _S.KVK),
        ("innNnpId", _S.RSIN),
        ("vestigingsNummer", _S.VESTIGINGSNUMMER),
    ),
    m.BetrokkeneType.VESTIGING: (("vestigingsNummer", _S.VESTIGINGSNUMMER), ("kvkNummer", _S.KVK)),
}


def identiteiten_uit_json(
    betrokkene_type: m.BetrokkeneType, data: dict[str, Any] | None
) -> tuple[m.BetrokkeneId, ...]:
    """`models.betrokkene_ids(identificatie_uit_json(betrokkene_type, data))`, without making
    the identificatie: the row guard and the audit log read this for every rol of every zaak."""
    if not data:
        return ()
    return tuple(
        m.BetrokkeneId(soort, waarde)
        for key, soort in IDENTITEIT_SLEUTELS.get(betrokkene_type, ())
        if (waarde := data.get(key))
    )
