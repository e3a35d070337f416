"""What the checker asserts about each kind of object it meets in a response (by `__typename`):
it lies in the caller's visible set, its values are those of the generated data, and the lists
below it hold exactly what the oracle says the caller may see there."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.support.property_records import WBetrokkene, WRol

if TYPE_CHECKING:
    from tests.support.property_check import Checker, Fields

ROL_FIELDS = ("url", "omschrijving", "omschrijvingGeneriek", "naam", "betrokkeneType")
BETROKKENE_FIELDS = ("rol", "volledigeNaam", "organisatienaam", "initiator")
ONDERWERPOBJECT_FIELDS = ("codeObjecttype", "objectId")


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def _identify(
    c: Checker, value: dict[str, Any], visible: frozenset[str], what: str, path: str
) -> str | None:
    url: str | None = value.get("url")
    if url is not None and url not in visible:
        raise c.fail(f"LEAK {path}: {what} {url} is outside the caller's scope")
    return url


def _same_objects(
    c: Checker,
    items: list[dict[str, Any]],
    sub: Fields,
    names: tuple[str, ...],
    expected: list[dict[str, Any]],
    where: str,
) -> None:
    """The projections of `items` on `names` equal those of `expected` (as multisets)."""
    got = Counter(c.projection(i, sub, names) for i in items)
    want = Counter(c.projection(e, sub, names, by_name=True) for e in expected)
    if got != want:
        label = "LEAK" if got - want else "MISSING"
        raise c.fail(
            f"{label} {where}: {sorted(got.elements())}, expected {sorted(want.elements())}"
        )


def check_zaak(c: Checker, value: dict[str, Any], fields: Fields, path: str) -> None:
    url = _identify(c, value, c.oracle.zaken, "zaak", path)
    if url is None:
        return
    z = c.world.zaken[url]
    c.scalars(
        value,
        fields,
        path,
        {
            "identificatie": z.identificatie,
            "omschrijving": z.omschrijving,
            "vertrouwelijkheidaanduiding": z.vertrouwelijkheid.upper(),
            "startdatum": z.startdatum.isoformat(),
            "einddatum": _iso(z.einddatum),
        },
    )
    oracle = c.oracle
    for items in c.values(value, fields, "documenten"):
        c.same_set(items, oracle.documenten_van_zaak(url), path, "documenten")
    for items in c.values(value, fields, "klantcontacten"):
        c.same_set(items, oracle.klantcontacten_van_zaak(url), path, "klantcontacten")
    for items in c.values(value, fields, "deelzaken"):
        c.same_set(items, oracle.deelzaken(url), path, "deelzaken")
    for item in c.values(value, fields, "hoofdzaak"):
        expected = oracle.hoofdzaak(url)
        got = item.get("url", expected) if item is not None else None
        if got != expected:
            raise c.fail(f"{path}.hoofdzaak: {item}, expected {expected}")
    for item in c.values(value, fields, "status"):
        if (item is None) != (z.statustype is None):
            raise c.fail(f"{path}.status: {item}, the zaak's status is {z.statustype}")
    for item in c.values(value, fields, "zaaktype"):
        if item is None or item.get("url", z.zaaktype) != z.zaaktype:
            raise c.fail(f"{path}.zaaktype: {item}, expected {z.zaaktype}")
    visible = [_rol(r) for r in oracle.rollen(url)]
    for key, nodes in fields.items():
        if nodes[0].name.value == "rollen":
            sub = c.below("Rol", nodes)
            where = f"{path}.{key} (Zaak.rollen of {url})"
            _same_objects(c, value[key], sub, ROL_FIELDS, visible, where)


def check_document(c: Checker, value: dict[str, Any], fields: Fields, path: str) -> None:
    url = _identify(c, value, c.oracle.documenten, "document", path)
    if url is None:
        return
    d = c.world.documenten[url]
    c.scalars(
        value,
        fields,
        path,
        {
            "identificatie": d.identificatie,
            "titel": d.titel,
            "vertrouwelijkheidaanduiding": d.vertrouwelijkheid.upper(),
            "status": d.status.upper(),
        },
    )
    for items in c.values(value, fields, "zaken"):
        c.same_set(items, c.oracle.zaken_van_document(url), path, "zaken")


def check_klantcontact(c: Checker, value: dict[str, Any], fields: Fields, path: str) -> None:
    url = _identify(c, value, c.oracle.klantcontacten, "klantcontact", path)
    if url is None:
        return
    k = c.world.klantcontacten[url]
    want = {"nummer": k.nummer, "kanaal": k.kanaal, "onderwerp": k.onderwerp}
    c.scalars(value, fields, path, want)
    for items in c.values(value, fields, "zaken"):
        c.same_set(items, c.oracle.zaken_van_klantcontact(url), path, "zaken")
    for key, nodes in fields.items():
        name = nodes[0].name.value
        where = f"{path}.{key} (Klantcontact.{name} of {url})"
        if name == "betrokkenen":
            sub = c.below("KlantcontactBetrokkene", nodes)
            expected = [_betrokkene(b) for b in k.betrokkenen]
            _same_objects(c, value[key], sub, BETROKKENE_FIELDS, expected, where)
        elif name == "onderwerpobjecten":
            # what a klantcontact is about: other objects, and only the zaken the caller sees
            sub = c.below("Onderwerpobject", nodes)
            expected = [
                {"codeObjecttype": t, "objectId": oid} for t, oid in c.oracle.onderwerpobjecten(url)
            ]
            _same_objects(c, value[key], sub, ONDERWERPOBJECT_FIELDS, expected, where)


def check_zaaktype(c: Checker, value: dict[str, Any], fields: Fields, path: str) -> None:
    _identify(c, value, c.oracle.zaaktypen, "zaaktype", path)


def _rol(r: WRol) -> dict[str, Any]:
    return {
        "url": r.url,
        "omschrijving": r.omschrijving,
        "omschrijvingGeneriek": r.omschrijving_generiek.upper(),
        "naam": r.naam,
        "betrokkeneType": r.betrokkene_type,
    }


def _betrokkene(b: WBetrokkene) -> dict[str, Any]:
    return {
        "rol": "klant",
        "volledigeNaam": b.volledige_naam,
        "organisatienaam": b.organisatienaam,
        "initiator": b.initiator,
    }


OBJECT_CHECKS: dict[str, Callable[[Checker, dict[str, Any], Fields, str], None]] = {
    "Zaak": check_zaak,
    "Document": check_document,
    "Klantcontact": check_klantcontact,
    "ZaakType": check_zaaktype,
}
