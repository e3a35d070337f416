"""Defence in depth: every zaak, document and klantcontact is re-checked against the caller's
scope before it leaves the gateway, whatever the registry already filtered.

These functions are synchronous and pure; the loaders gather what they need (rollen, zaaktypen,
links) in batches. When a check drops an object that the registry returned, the registry did not
apply the scope: that is logged as a security event (and the object never reaches the client).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from registries.models import (
    ZAAK_OBJECTTYPES,
    EnkelvoudigInformatieObject,
    Klantcontact,
    Rol,
    RolBetrokkene,
    ZaakType,
)
from registries.scope import DocumentKern, Scope, ZaakKern

log = logging.getLogger("zgw_gateway.authz.guard")


def needs_rollen(scope: Scope) -> bool:
    return scope.betrokkenen is not None and not scope.niets


def needs_zaaktypen(scope: Scope) -> bool:
    return scope.alleen_extern and not scope.niets


def _report(kind: str, dropped: int, total: int) -> None:
    if dropped:
        log.warning(
            "row guard dropped %d of %d %s returned by a registry: the registry did not apply "
            "the scope",
            dropped,
            total,
            kind,
        )


Z = TypeVar("Z", bound=ZaakKern)
D = TypeVar("D", bound=DocumentKern)


def admit_zaken(
    scope: Scope,
    zaken: Sequence[Z],
    zaaktypen: Mapping[str, ZaakType],
    rollen: Mapping[str, Sequence[Rol | RolBetrokkene]] | None,
) -> list[Z]:
    admitted = [
        z
        for z in zaken
        if scope.admits_zaak(
            z, zaaktypen.get(z.zaaktype), rollen.get(z.url, ()) if rollen is not None else None
        )
    ]
    _report("zaken", len(zaken) - len(admitted), len(zaken))
    return admitted


def admit_documenten_van_zaak(scope: Scope, documenten: Sequence[D]) -> list[D]:
    """Documents reached through a zaak that is itself admitted: the document rules only."""
    admitted = [d for d in documenten if scope.admits_document_metadata(d)]
    _report("documenten", len(documenten) - len(admitted), len(documenten))
    return admitted


def admit_documenten(
    scope: Scope,
    documenten: Sequence[EnkelvoudigInformatieObject],
    zaken_in_scope: Mapping[str, Sequence[str]],
    heeft_zaak: Mapping[str, bool],
) -> list[EnkelvoudigInformatieObject]:
    """Documents reached directly: the document rules, and linked to a zaak in scope (or to no
    zaak at all, when the scope allows the post room's unlinked documents)."""
    admitted = []
    for d in documenten:
        if not scope.admits_document_metadata(d):
            continue
        if zaken_in_scope.get(d.url) or (
            scope.documenten_zonder_zaak and not heeft_zaak.get(d.url, True)
        ):
            admitted.append(d)
    _report("documenten", len(documenten) - len(admitted), len(documenten))
    return admitted


def zaak_uuids_van(klantcontact: Klantcontact) -> list[str]:
    return [
        o.object_id for o in klantcontact.onderwerpobjecten if o.code_objecttype in ZAAK_OBJECTTYPES
    ]


def admit_klantcontacten_van_zaak(
    scope: Scope, klantcontacten: Sequence[Klantcontact]
) -> list[Klantcontact]:
    admitted = [k for k in klantcontacten if scope.admits_klantcontact_metadata(k)]
    _report("klantcontacten", len(klantcontacten) - len(admitted), len(klantcontacten))
    return admitted


def admit_klantcontacten(
    scope: Scope,
    klantcontacten: Sequence[Klantcontact],
    zaken_in_scope: Iterable[str],
) -> list[Klantcontact]:
    """Klantcontacten reached directly: the klantcontact rule, and about a zaak in scope (or about
    no zaak, when allowed). `zaken_in_scope` holds the uuids of the admitted zaken."""
    in_scope = set(zaken_in_scope)
    admitted = []
    for k in klantcontacten:
        if not scope.admits_klantcontact_metadata(k):
            continue
        zaak_uuids = zaak_uuids_van(k)
        if any(u in in_scope for u in zaak_uuids) or (
            not zaak_uuids and scope.klantcontacten_zonder_zaak
        ):
            admitted.append(k)
    _report("klantcontacten", len(klantcontacten) - len(admitted), len(klantcontacten))
    return admitted
