"""What one operation has learnt about zaken from Open Zaak, so it is not asked twice.

A zaak read with ``expand=status,rollen,resultaat,zaakinformatieobjecten`` brings its current
status, all its rollen, its resultaat and all its document links. `ZaakKennis` keeps them, in the
operation's scratch space (`registries.operatie`), keyed by the Zaken API's base URL: a following
``rollen_van``/``resultaten_van``/``zaakinformatieobjecten_van`` (and `ZgwZaken.get_statussen`)
for those zaken is answered without a call.

Safety: the space belongs to one operation (one caller, one scope) and is dropped with it; it
holds upstream data, never a scope decision. Relation reads (``*_van``) do not depend on the
scope (the gateway asks them only for zaken it admitted), and reads of zaken themselves apply
the scope again on every read. Outside an operation nothing is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from registries import models as m
from registries.operatie import huidige_operatie
from registries.zgw.parse import Json, lijst
from registries.zgw.parse import zaken as parse


@dataclass(slots=True)
class ZaakKennis:
    zaak: m.Zaak
    #: None = not known (not expanded, not fetched yet)
    rollen: list[m.Rol] | None = None
    statussen: list[m.Status] | None = None
    zaakinformatieobjecten: list[m.ZaakInformatieObject] | None = None
    eigenschappen: list[m.ZaakEigenschap] | None = None
    huidige_status: m.Status | None = None
    huidige_status_bekend: bool = False
    resultaat: m.Resultaat | None = None
    resultaat_bekend: bool = False
    deelzaken: list[str] = field(default_factory=list)


def rol_volgorde(rol: m.Rol) -> tuple[object, str]:
    return rol.registratiedatum, rol.uuid


def status_volgorde(status: m.Status) -> tuple[object, str]:
    return status.datum_status_gezet, status.uuid


def zio_volgorde(zio: m.ZaakInformatieObject) -> tuple[object, str]:
    return zio.registratiedatum, zio.uuid


def kennis_uit(d: Json) -> ZaakKennis:
    """A zaak and whatever its `_expand` (or its empty URL lists) tells about its children."""
    zaak = parse.zaak(d)
    k = ZaakKennis(zaak=zaak, deelzaken=[str(u) for u in lijst(d.get("deelzaken"))])
    expand = d.get("_expand")
    expand = expand if isinstance(expand, dict) else {}

    if isinstance(expand.get("rollen"), list):
        k.rollen = sorted((parse.rol(r) for r in expand["rollen"]), key=rol_volgorde)
    elif d.get("rollen") == []:
        k.rollen = []
    if isinstance(expand.get("zaakinformatieobjecten"), list):
        k.zaakinformatieobjecten = sorted(
            (parse.zaakinformatieobject(z) for z in expand["zaakinformatieobjecten"]),
            key=zio_volgorde,
        )
    elif d.get("zaakinformatieobjecten") == []:
        k.zaakinformatieobjecten = []
    if isinstance(expand.get("eigenschappen"), list):
        k.eigenschappen = sorted(
            (parse.zaakeigenschap(e) for e in expand["eigenschappen"]), key=lambda e: e.naam
        )
    elif d.get("eigenschappen") == []:
        k.eigenschappen = []

    if zaak.status is None:
        k.huidige_status_bekend = True
        k.statussen = []
    elif isinstance(expand.get("status"), dict):
        k.huidige_status = parse.status(expand["status"], zaak.status)
        k.huidige_status_bekend = True
    if zaak.resultaat is None:
        k.resultaat_bekend = True
    elif isinstance(expand.get("resultaat"), dict):
        k.resultaat = parse.resultaat(expand["resultaat"])
        k.resultaat_bekend = True
    return k


def zaken_geheugen(sleutel: str) -> dict[str, ZaakKennis] | None:
    """The running operation's knowledge of zaken of the Zaken API at `sleutel` (its base
    URL); None outside an operation."""
    operatie = huidige_operatie()
    if operatie is None:
        return None
    found: dict[str, ZaakKennis] = operatie.geheugen.setdefault(("zgw.zaken", sleutel), {})
    return found
