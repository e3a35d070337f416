"""From a principal and its role's policy to the `Scope` that every registry read takes."""

from __future__ import annotations

from collections.abc import Iterable

from gateway.authz.policy import ALL, TOKEN, RolePolicy
from gateway.authz.principal import Principal
from registries.models import OmschrijvingGeneriek, Rol, ZaakType
from registries.scope import Scope


def _zaaktype_urls(wanted: Iterable[str], catalogus: Iterable[ZaakType]) -> frozenset[str]:
    """URLs for a mix of zaaktype URLs and identificaties (an identificatie: all its versions)."""
    wanted = set(wanted)
    urls = {w for w in wanted if w.startswith(("http://", "https://"))}
    identificaties = wanted - urls
    urls |= {zt.url for zt in catalogus if zt.identificatie in identificaties}
    return frozenset(urls)


def scope_voor(principal: Principal, policy: RolePolicy, catalogus: Iterable[ZaakType]) -> Scope:
    """The row filter of `principal` under `policy`. Anything the policy or token leaves out is
    denied: a token without zaaktypen sees no zaken; a burger without BSN/KvK sees none."""
    zaken = policy.zaken
    catalogus = list(catalogus)
    if zaken.zaaktypen == ALL:
        zaaktypen: frozenset[str] | None = None
    elif zaken.zaaktypen == TOKEN:
        zaaktypen = (
            None if principal.alle_zaaktypen else _zaaktype_urls(principal.zaaktypen, catalogus)
        )
    else:
        zaaktypen = _zaaktype_urls(zaken.zaaktypen, catalogus)

    max_zaak = zaken.max_vertrouwelijkheid
    if max_zaak is None:  # from the token, else the policy's default
        max_zaak = principal.max_vertrouwelijkheid or zaken.max_vertrouwelijkheid_standaard
    max_document = policy.documenten.max_vertrouwelijkheid or max_zaak

    identiteiten = principal.identiteiten
    betrokkenen = None
    if zaken.betrokkene == "eigen":
        betrokkenen = identiteiten
    elif zaken.betrokkene == "niemand":
        betrokkenen = frozenset()

    return Scope(
        zaaktypen=zaaktypen,
        max_vertrouwelijkheid=max_zaak,
        betrokkenen=betrokkenen,
        betrokkene_rollen=zaken.betrokkene_rollen,
        alleen_extern=zaken.alleen_extern,
        met_status=zaken.met_status,
        document_statussen=policy.documenten.statussen,
        document_max_vertrouwelijkheid=max_document,
        documenten_zonder_zaak=policy.documenten.zonder_zaak,
        klantcontact_betrokkenen=identiteiten if policy.klantcontacten.alleen_eigen else None,
        klantcontacten_zonder_zaak=policy.klantcontacten.zonder_zaak,
        labels=(policy.role.value, principal.subject),
    )


def zichtbare_rollen(
    rollen: Iterable[Rol], policy: RolePolicy, scope: Scope, principal: Principal
) -> list[Rol]:
    """The rollen of an admitted zaak that the role may see (e.g. a burger: only their own)."""
    allowed: frozenset[OmschrijvingGeneriek] | None = policy.rollen.omschrijving_generiek
    eigen = principal.identiteiten
    visible = []
    for rol in rollen:
        if allowed is not None and rol.omschrijving_generiek not in allowed:
            continue
        if policy.rollen.alleen_eigen and not any(i in eigen for i in rol.identificeert()):
            continue
        visible.append(rol)
    return visible
